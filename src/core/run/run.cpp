#include "core/run/run.h"

#include <tbb/parallel_for.h>
#include <tbb/task_group.h>
#include <unistd.h>

#include <algorithm>

#include <filesystem>
#include <map>
#include <sstream>

#include "core/run/check_runners.h"
#include "core/io/crs.h"
#include "core/geometry/harmonize.h"
#include "core/run/info.h"
#include "core/io/load.h"
#include "report/files/output.h"
#include "core/run/provenance.h"
#include "report/files/writers.h"
#include "report/files/xlsx.h"
#include "core/base/text.h"
#include "core/base/timing.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;


const char* originText(CrsOrigin origin) {
  switch (origin) {
    case CrsOrigin::Declared: return tr("声明", "declared");
    case CrsOrigin::Inferred: return tr("推断", "inferred");
    case CrsOrigin::Corrected: return tr("声明与坐标矛盾，已更正", "contradicted by the coordinates, corrected");
    case CrsOrigin::UserOverride: return tr("用户指定", "given by the user");
  }
  return "";
}

// The run summary and the audit trail hold every figure, not every piece:
// lists longer than this (conflict pieces, change pieces, occupations) are
// in the check's own tables and JSON, and only counted here, so that the
// summary of a provincial run stays a few kilobytes, not gigabytes.
constexpr size_t kLongestListInRunSummary = 200;

nlohmann::ordered_json withoutLongLists(const nlohmann::ordered_json& summary, const std::string& checkId) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, value] : summary.items()) {
    if (value.is_object() && value.size() == 1 && value.contains("omitted_entries")) {
      out[key] = {{"omitted_entries", value["omitted_entries"]}, {"see", checkId + "/"}};  // counted by the check already
    } else if (value.is_array() && value.size() > kLongestListInRunSummary) {
      out[key] = {{"omitted_entries", value.size()}, {"see", checkId + "/"}};
    } else {
      out[key] = value;
    }
  }
  return out;
}

}  // namespace

const Layer* LoadedProject::layer(const std::string& id) const {
  for (size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id) return &layers[i];
  return nullptr;
}

LoadedProject loadProject(const Project& project, const RoleCatalog& roles,
                          const std::optional<std::string>& analysisCrsOverride, const ProgressFn& progress) {
  LoadedProject loaded;
  loaded.project = project;
  loaded.roles = std::make_shared<const RoleCatalog>(roles);
  // Layers are independent files: read side by side (each reader is
  // sequential inside GDAL; its geometry conversion is parallel too).
  for (const auto& spec : project.layers) {
    if (progress) progress(format(tr("读取 %s：%s", "loading %s: %s"), spec.id.c_str(), spec.options.source.c_str()));
    loaded.ids.push_back(spec.id);
  }
  loaded.layers.resize(project.layers.size());
  tbb::parallel_for(size_t(0), project.layers.size(), [&](size_t i) {
    PhaseTimer timer("load " + project.layers[i].id);
    loaded.layers[i] = load(project.layers[i].options, roles);
  });
  std::vector<const Layer*> all;
  for (const auto& l : loaded.layers) all.push_back(&l);
  loaded.analysisCrs = chooseAnalysisCrs(all, analysisCrsOverride ? analysisCrsOverride : project.analysisCrs);
  if (progress) progress(tr("转换到分析坐标系并检查几何", "harmonizing"));
  tbb::parallel_for(size_t(0), loaded.layers.size(), [&](size_t i) {
    PhaseTimer timer("harmonize " + loaded.ids[i]);
    harmonize(loaded.layers[i], loaded.analysisCrs);
  });
  return loaded;
}

std::string loadReportText(const LoadedProject& loaded) {
  std::ostringstream out;
  out << tr("项目：", "Project: ") << loaded.project.name << "\n";
  out << tr("分析坐标系：", "Analysis CRS: ") << loaded.analysisCrs.name;
  if (loaded.analysisCrs.epsg) out << " (EPSG:" << loaded.analysisCrs.epsg << ")";
  if (!loaded.analysisCrs.note.empty()) out << " — " << loaded.analysisCrs.note;
  out << "\n\n";
  for (size_t i = 0; i < loaded.layers.size(); ++i) {
    const Layer& layer = loaded.layers[i];
    out << "[" << loaded.ids[i] << "] " << layer.source;
    if (layer.driver != "ESRI Shapefile") out << " / " << layer.layerName;
    out << "\n";
    out << "  " << tr("角色：", "role: ") << layer.role() << "  " << tr("要素：", "features: ") << layer.features.size() << "\n";
    const CrsInfo& source = layer.sourceCrs;
    out << "  " << tr("坐标系：", "CRS: ");
    if (source.epsg) out << "EPSG:" << source.epsg << " ";
    out << source.name << "（" << originText(source.origin) << "）";
    if (!source.note.empty()) out << " — " << source.note;
    if (!sameCrs(source, layer.crs)) out << tr("；已转换到分析坐标系", "; transformed to the analysis CRS");
    out << "\n";
    out << "  " << tr("编码：", "encoding: ") << layer.encoding.name << " — " << layer.encoding.note << "\n";
    if (layer.roleMatch) {
      out << "  " << tr("字段映射：", "fields: ");
      bool first = true;
      for (const auto& [canonical, source] : layer.roleMatch->sourceNames) {
        out << (first ? "" : ", ") << canonical << "=" << source;
        first = false;
      }
      if (!layer.roleMatch->missingOptional.empty()) {
        out << tr("；未找到：", "; not found: ");
        for (size_t k = 0; k < layer.roleMatch->missingOptional.size(); ++k) out << (k ? ", " : "") << layer.roleMatch->missingOptional[k];
      }
      out << "\n";
    }
    if (layer.issues.empty()) out << "  " << tr("几何：全部有效", "geometry: all valid") << "\n";
    for (const auto& issue : layer.issues) {
      out << "  - ";
      if (issue.fid) out << "FID " << *issue.fid << ": ";
      out << issue.message << "\n";
    }
    out << "\n";
  }
  return out.str();
}

std::string loadIssuesCsv(const LoadedProject& loaded) {
  std::ostringstream out;
  out << "\xEF\xBB\xBF";  // BOM: Excel then reads the Chinese as UTF-8
  out << tr("图层,文件,FID,类型,说明,修复前面积_平方米,修复后面积_平方米\n", "layer,file,fid,kind,message,area_before_m2,area_after_m2\n");
  for (size_t i = 0; i < loaded.layers.size(); ++i) {
    for (const auto& issue : loaded.layers[i].issues) {
      out << csvText(loaded.ids[i]) << "," << csvText(loaded.layers[i].source) << ","
          << (issue.fid ? std::to_string(*issue.fid) : "") << "," << kindName(issue.kind) << "," << csvText(issue.message) << ",";
      if (issue.kind == LoadIssue::Kind::Repaired) out << format("%.4f,%.4f", issue.areaBefore, issue.areaAfter);
      else out << ",";
      out << "\n";
    }
  }
  return out.str();
}

const char* checkTypeTitle(const std::string& type) {
  if (type == "audit") return tr("红线变化核查", "Red-line change audit");
  if (type == "overlap") return tr("重叠冲突检查", "Overlap conflicts");
  if (type == "shoreline") return tr("岸线保护率核算", "Shoreline protection rate");
  if (type == "site") return tr("项目选址分析", "Project siting");
  return "";
}

namespace {

// The layers a check compares, as its default id and title name them.
std::vector<std::string> comparedLayers(const CheckSpec& check) {
  std::vector<std::string> out;
  for (const char* key : {"old", "new", "a", "b", "lines", "site"})
    if (check.params.contains(key) && check.params[key].is_string()) out.push_back(check.params[key].get<std::string>());
  return out;
}

// A name as a folder name on every system staff use: no path separators,
// no characters Windows forbids, no leading dot.
std::string safeFileName(const std::string& name) {
  std::string out;
  for (unsigned char c : name) out += c < 0x20 || std::string("/\\:*?\"<>| ").find(char(c)) != std::string::npos ? '_' : char(c);
  while (!out.empty() && (out.front() == '.' || out.front() == '_')) out.erase(out.begin());
  while (!out.empty() && (out.back() == '.' || out.back() == '_')) out.pop_back();
  return out;
}

}  // namespace

std::string checkId(const CheckSpec& check) {
  if (check.params.contains("name") && check.params["name"].is_string()) {
    const std::string name = safeFileName(check.params["name"].get<std::string>());
    if (!name.empty()) return name;
  }
  std::string id = check.type;
  for (const std::string& layer : comparedLayers(check)) id += "_" + layer;
  return safeFileName(id);
}

std::string checkTitle(const CheckSpec& check) {
  if (check.params.contains("name") && check.params["name"].is_string()) return check.params["name"].get<std::string>();
  const std::vector<std::string> layers = comparedLayers(check);
  std::string title = checkTypeTitle(check.type);
  if (title.empty()) title = check.type;
  if (!layers.empty()) {
    const char* joiner = check.type == "audit" ? " → " : " × ";
    title += tr("（", " (");
    for (size_t i = 0; i < layers.size(); ++i) title += (i ? joiner : "") + layers[i];
    title += tr("）", ")");
  }
  return title;
}

const CheckOutput* RunResult::check(const std::string& id) const {
  for (const CheckOutput& c : checkOutputs)
    if (c.id == id) return &c;
  return nullptr;
}

RunResult computeRun(std::shared_ptr<const LoadedProject> loadedPointer, const RunOptions& options, const ProgressFn& progress) {
  const LoadedProject& loaded = *loadedPointer;
  const Project& project = loaded.project;
  RunResult result;
  result.loaded = loadedPointer;
  nlohmann::ordered_json& summary = result.summary;
  summary["project"] = project.name;
  summary["project_file"] = project.path;
  summary["analysis_crs"] = {{"epsg", loaded.analysisCrs.epsg}, {"name", loaded.analysisCrs.name}, {"reason", loaded.analysisCrs.note}};
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  for (size_t i = 0; i < loaded.layers.size(); ++i) {
    nlohmann::ordered_json entry = describeLayer(loaded.layers[i], 0);
    entry["id"] = loaded.ids[i];
    entry.erase("sample_features");
    entry["repaired_count"] = loaded.layers[i].countIssues(LoadIssue::Kind::Repaired);
    layers.push_back(entry);
  }
  summary["layers"] = layers;

  // Each check computes in turn; its id names its folder and its tables in
  // the run's files: its name in the project, else its type and layers.
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  std::map<std::string, int> seen;
  for (const auto& check : project.checks) {
    nlohmann::ordered_json entry = {{"type", check.type}, {"params", check.params}};
    const auto runner = checkRunners().find(check.type);
    if (runner == checkRunners().end()) {
      // Not built yet: say so plainly rather than pretend.
      entry["status"] = "not_available";
      checks.push_back(entry);
      continue;
    }
    std::string id = checkId(check);
    // Only two checks of one type on the same layers and without names can meet here.
    if (const int n = ++seen[id]; n > 1) id += "_" + std::to_string(n);
    if (progress) progress(format(tr("检查：%s", "check: %s"), checkTitle(check).c_str()));
    CheckEnvironment env;
    env.progress = progress;
    env.longestList = kLongestListInRunSummary;
    PhaseTimer timer("check " + id);
    CheckOutput output = runner->second(check, loaded, env);
    output.id = id;
    output.type = check.type;
    output.title = checkTitle(check);
    assignFindingIds(output.findings, id);
    entry["id"] = id;
    entry["title"] = output.title;
    entry["status"] = "done";
    entry["folder"] = id;
    entry["summary"] = withoutLongLists(output.summary, id);
    // Keep the short form only: a provincial check's lists of pieces run to
    // hundreds of MB of JSON, and the run's reports read the short form.
    output.summary = entry["summary"];
    entry["headlines"] = output.headlines;
    nlohmann::ordered_json verdicts = nlohmann::ordered_json::object();
    for (const auto& [key, passed] : output.verdicts) verdicts[key] = passed;
    entry["verdicts"] = verdicts;
    entry["findings"] = output.findings.size();
    checks.push_back(entry);
    result.checkIds.push_back(id);
    result.checkOutputs.push_back(std::move(output));
  }
  summary["checks"] = checks;

  // The ledger: every finding of every check, with the follow-up an earlier
  // ledger recorded for the same finding.
  std::vector<CheckFindings> all;
  for (const CheckOutput& output : result.checkOutputs) all.push_back({output.id, output.title, &output.findings});
  result.ledger = ledgerTable(all);
  nlohmann::ordered_json ledger;
  ledger["findings"] = result.ledger.rows.size();
  {
    std::map<Severity, size_t> counts;
    for (const CheckOutput& output : result.checkOutputs)
      for (const Finding& f : output.findings) ++counts[f.severity];
    for (Severity v : {Severity::Prohibited, Severity::Restricted, Severity::Notice}) ledger[std::string(severityKey(v)) + "_count"] = counts[v];
  }
  const std::optional<std::string> previous = options.previousLedger ? options.previousLedger : project.previousLedger;
  if (previous) {
    if (progress) progress(format(tr("沿用上一期问题台账：%s", "carrying over the previous ledger: %s"), previous->c_str()));
    const LedgerCarryOver carried = carryOverLedger(result.ledger, *previous);
    ledger["previous_ledger"] = {{"path", carried.path},
                                 {"previous_findings", carried.previousRows},
                                 {"found_again", carried.matched},
                                 {"follow_up_carried_over", carried.carried},
                                 {"not_found_again", carried.notFound}};
  }
  summary["ledger"] = ledger;
  return result;
}

namespace {
void writeStaged(RunResult& result, const RunOptions& options, const ProgressFn& progress, StagedOutput& output);
}  // namespace

void writeRun(RunResult& result, const RunOptions& options, const ProgressFn& progress) {
  // The run's private folder inside the output folder: everything is
  // written there and moved into place only when the whole run is written;
  // whatever happens before (an error, a cancel), nothing of this run stays
  // and the previous outputs are untouched.
  StagedOutput output(options.outputDir);
  // Errors about a staged file name the file the user will look for.
  try {
    writeStaged(result, options, progress, output);
  } catch (const Error& e) {
    throw output.named(e);
  }
}

namespace {

void writeStaged(RunResult& result, const RunOptions& options, const ProgressFn& progress, StagedOutput& output) {
  const LoadedProject& loaded = *result.loaded;
  const Project& project = loaded.project;
  const fs::path dir(options.outputDir);
  const fs::path staging = output.folder();
  auto checkpoint = [&](const std::string& message) {
    if (options.cancelled && options.cancelled()) throw RunCancelled{};
    if (progress) progress(message);
  };

  nlohmann::ordered_json& summary = result.summary;
  for (auto& entry : summary["checks"])
    if (entry.contains("folder")) entry["folder"] = (dir / entry["id"].get<std::string>()).string();
  std::vector<std::string> written;
  result.shapefiles.clear();

  // Every file of every check, the ledger, and every result table of the
  // run in one GeoPackage and one workbook, written side by side: they only
  // read the tables. In the run's files each table is named after its check.
  {
    checkpoint(tr("写出结果", "writing the results"));
    PhaseTimer timer("run: write every result");
    std::vector<NamedTable> all;
    all.push_back({&result.ledger, "ledger", tr("问题台账", "Findings ledger")});
    for (const CheckOutput& output : result.checkOutputs) {
      for (const Table& table : output.tables) {
        // The sheet and layer title: the check, then the table's title up to its explanation in brackets.
        std::string title = tr(table.zh.c_str(), table.en.c_str());
        for (const char* bracket : {"（", " ("})
          if (const size_t at = title.find(bracket); at != std::string::npos && at > 0) title = title.substr(0, at);
        all.push_back({&table, output.id + "_" + table.name, output.title + "·" + title});
      }
    }
    const std::string gpkg = (staging / "sanxian_results.gpkg").string();
    const std::string xlsx = (staging / "sanxian_results.xlsx").string();
    SpreadsheetOptions spreadsheet;
    spreadsheet.adjustRounding = options.adjustRounding;
    SpreadsheetReport sheets;
    std::vector<std::vector<std::string>> checkFiles(result.checkOutputs.size());
    std::vector<std::vector<WrittenShapefile>> checkShapefiles(result.checkOutputs.size() + 1);
    std::vector<std::string> ledgerFiles;
    tbb::task_group writers;
    // The workbook is the longest single file (zipped XML): started first.
    writers.run([&] {
      checkpoint(tr("写出工作簿", "writing the workbook"));
      PhaseTimer timer("run: workbook");
      sheets = writeXlsx(all, xlsx, spreadsheet);
    });
    writers.run([&] {
      checkpoint(tr("写出 GeoPackage", "writing the GeoPackage"));
      PhaseTimer timer("run: GeoPackage");
      writeGeoPackage(all, gpkg, loaded.analysisCrs);
    });
    writers.run([&] {
      checkpoint(tr("写出问题台账", "writing the ledger"));
      PhaseTimer timer("run: ledger");
      // CSV and Shapefile at the top of the folder; a layer of sanxian_results.gpkg, a sheet of the workbook.
      writeCsv(result.ledger, (staging / "ledger.csv").string());
      ShapefileOptions shapefile;
      shapefile.encoding = options.shapefileEncoding;
      const ShapefileReport report = writeShapefile(result.ledger, staging.string(), loaded.analysisCrs, shapefile);
      ledgerFiles.push_back((staging / "ledger.csv").string());
      ledgerFiles.insert(ledgerFiles.end(), report.files.begin(), report.files.end());
      for (const auto& shp : report.shapefiles) checkShapefiles.back().push_back({shp.path, &result.ledger, shp.dimension});
    });
    for (size_t i = 0; i < result.checkOutputs.size(); ++i) {
      writers.run([&, i] {
        const CheckOutput& output = result.checkOutputs[i];
        checkpoint(format(tr("写出 %s", "writing %s"), output.title.c_str()));
        TableWriteOptions writing;
        writing.shapefileEncoding = options.shapefileEncoding;
        writing.geoPackage = false;  // sanxian_results.gpkg holds every table
        checkFiles[i] = writeCheckTables(output.tables, (staging / output.id).string(), output.fileStem, loaded.analysisCrs, writing,
                                         &checkShapefiles[i]);
      });
    }
    writers.wait();
    for (size_t i = 0; i < result.checkOutputs.size(); ++i) {
      result.checkOutputs[i].written = checkFiles[i];
      written.insert(written.end(), checkFiles[i].begin(), checkFiles[i].end());
    }
    for (const auto& list : checkShapefiles) result.shapefiles.insert(result.shapefiles.end(), list.begin(), list.end());
    written.insert(written.end(), ledgerFiles.begin(), ledgerFiles.end());
    written.push_back(gpkg);
    written.push_back(xlsx);
    summary["rounding_adjusted_columns"] = sheets.adjustedColumns;
  }

  auto write = [&](const char* name, const std::string& content) {
    const std::string path = (staging / name).string();
    writeFileAtomically(path, content);
    written.push_back(path);
  };
  write("load_report.txt", loadReportText(loaded));
  write("load_issues.csv", loadIssuesCsv(loaded));
  write("run_summary.json", jsonText(summary));

  std::vector<std::string> inputSources;
  for (const auto& spec : project.layers) inputSources.push_back(spec.options.source);
  {
    checkpoint(tr("计算输入文件校验值", "fingerprinting the inputs"));
    PhaseTimer timer("run: input fingerprints");
    result.inputs = inputFingerprints(inputSources);
  }

  result.written = written;
  for (const ExtraWriter& writer : options.extraWriters) {
    checkpoint(tr("写出报告", "writing the report"));
    PhaseTimer timer("run: extra writer");
    const std::vector<std::string> files = writer(loaded, result, staging.string());
    written.insert(written.end(), files.begin(), files.end());
    result.written = written;
  }

  // Paths as they will be once moved into place.
  std::vector<std::string> sources;
  for (const auto& spec : project.layers) sources.push_back(spec.options.source);
  sources.push_back(project.path);
  std::vector<std::string> finalPaths;
  for (const std::string& path : written) finalPaths.push_back(output.finalPath(path));

  // The audit trail: enough to reproduce the run and check it later.
  nlohmann::ordered_json trail;
  trail["tool"] = "sanxian";
  trail["version"] = toolVersion();
  trail["command"] = options.commandLine;
  trail["project_file"] = {{"path", project.path}, {"sha256", sha256File(project.path)}};
  trail["parameters"] = {{"analysis_crs", loaded.analysisCrs.definition},
                         {"shapefile_encoding", options.shapefileEncoding},
                         {"adjust_rounding", options.adjustRounding},
                         {"previous_ledger", summary["ledger"].contains("previous_ledger") ? summary["ledger"]["previous_ledger"]["path"]
                                                                                           : nlohmann::ordered_json(nullptr)},
                         {"language", language() == Language::English ? "en" : "zh"}};
  trail["inputs"] = result.inputs;
  trail["summary"] = summary;
  finalPaths.push_back((dir / "audit_trail.json").string());
  trail["outputs"] = finalPaths;
  write("audit_trail.json", jsonText(trail));
  checkpoint(tr("移动结果到输出目录", "moving the results into place"));
  output.refuseOverwritingInputs(sources, written);

  // Everything is written: move it into place, the audit trail last so it
  // never describes files that are not there.
  std::vector<std::string> order = written;
  std::stable_partition(order.begin(), order.end(), [](const std::string& p) { return fs::path(p).filename() != "audit_trail.json"; });
  output.commit(order);
  for (auto& check : result.checkOutputs)
    for (auto& path : check.written) path = output.finalPath(path);
  for (auto& shp : result.shapefiles) shp.path = output.finalPath(shp.path);
  result.written = finalPaths;
}

}  // namespace

RunResult runProject(const Project& project, const RoleCatalog& roles, const RunOptions& options, const ProgressFn& progress) {
  // Fail on an unusable output folder before the long work.
  std::error_code ec;
  fs::create_directories(options.outputDir, ec);
  if (ec) throwInput(format(tr("无法创建输出目录：%s", "cannot create the output folder: %s"), ec.message().c_str()), {options.outputDir});
  auto loaded = std::make_shared<const LoadedProject>(loadProject(project, roles, options.analysisCrs, progress));
  RunResult result = computeRun(loaded, options, progress);
  writeRun(result, options, progress);
  return result;
}

RunResult runProject(const Project& project, const RoleCatalog& roles, const std::string& outputDir,
                     const std::optional<std::string>& analysisCrsOverride, const ProgressFn& progress) {
  RunOptions options;
  options.outputDir = outputDir;
  options.analysisCrs = analysisCrsOverride;
  return runProject(project, roles, options, progress);
}

}  // namespace sanxian
