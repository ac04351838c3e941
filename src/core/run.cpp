#include "run.h"

#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "checks.h"
#include "crs.h"
#include "harmonize.h"
#include "info.h"
#include "load.h"
#include "output.h"
#include "provenance.h"
#include "writers.h"
#include "xlsx.h"
#include "text.h"
#include "timing.h"

namespace sanxian {
namespace {

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

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
      out << csvField(loaded.ids[i]) << "," << csvField(loaded.layers[i].source) << ","
          << (issue.fid ? std::to_string(*issue.fid) : "") << "," << kindName(issue.kind) << "," << csvField(issue.message) << ",";
      if (issue.kind == LoadIssue::Kind::Repaired) out << format("%.4f,%.4f", issue.areaBefore, issue.areaAfter);
      else out << ",";
      out << "\n";
    }
  }
  return out.str();
}

RunResult runProject(const Project& project, const RoleCatalog& roles, const RunOptions& options, const ProgressFn& progress) {
  const std::string& outputDir = options.outputDir;
  makeOutputFolder(outputDir);
  const LoadedProject loaded = loadProject(project, roles, options.analysisCrs, progress);

  RunResult result;
  nlohmann::ordered_json& summary = result.summary;
  summary["project"] = project.name;
  summary["project_file"] = project.path;
  summary["analysis_crs"] = {{"epsg", loaded.analysisCrs.epsg}, {"name", loaded.analysisCrs.name}};
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  for (size_t i = 0; i < loaded.layers.size(); ++i) {
    nlohmann::ordered_json entry = describeLayer(loaded.layers[i], 0);
    entry["id"] = loaded.ids[i];
    entry.erase("sample_features");
    entry["repaired_count"] = loaded.layers[i].countIssues(LoadIssue::Kind::Repaired);
    layers.push_back(entry);
  }
  summary["layers"] = layers;

  // Each check computes in turn; its files go into its own folder,
  // DIR/<type>, DIR/<type>_2, ..., written below with the run's own.
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  std::map<std::string, int> seen;
  std::vector<std::string> folders;
  for (const auto& check : project.checks) {
    nlohmann::ordered_json entry = {{"type", check.type}, {"params", check.params}};
    const auto runner = checkRunners().find(check.type);
    if (runner == checkRunners().end()) {
      // Not built yet: say so plainly rather than pretend.
      entry["status"] = "not_available";
      checks.push_back(entry);
      continue;
    }
    const int n = ++seen[check.type];
    const std::string id = n == 1 ? check.type : check.type + "_" + std::to_string(n);
    const std::string folder = (std::filesystem::path(outputDir) / id).string();
    makeOutputFolder(folder);
    if (progress) progress(format(tr("检查：%s", "check: %s"), id.c_str()));
    CheckEnvironment env;
    env.progress = progress;
    env.longestList = kLongestListInRunSummary;
    PhaseTimer timer("check " + id);
    CheckOutput output = runner->second(check, loaded, env);
    entry["id"] = id;
    entry["status"] = "done";
    entry["folder"] = folder;
    entry["summary"] = withoutLongLists(output.summary, id);
    // Keep the short form only: a provincial check's lists of pieces run to
    // hundreds of MB of JSON, and the run's reports read the short form.
    output.summary = entry["summary"];
    entry["headlines"] = output.headlines;
    checks.push_back(entry);
    result.checkIds.push_back(id);
    result.checkOutputs.push_back(std::move(output));
    folders.push_back(folder);
  }
  summary["checks"] = checks;

  // Every file of every check, and every result table of the run in one
  // GeoPackage and one workbook, written side by side: they only read the
  // tables. In the run's files each table is named after its check, so two
  // overlap checks do not collide.
  const std::filesystem::path dir(outputDir);
  {
    if (progress) progress(tr("写出结果", "writing the results"));
    PhaseTimer timer("run: write every result");
    std::vector<NamedTable> all;
    for (size_t i = 0; i < result.checkOutputs.size(); ++i) {
      for (const Table& table : result.checkOutputs[i].tables) {
        const bool prefixed = table.name.rfind(result.checkIds[i], 0) == 0;
        all.push_back({&table, prefixed ? table.name : result.checkIds[i] + "_" + table.name});
      }
    }
    const std::string gpkg = (dir / "sanxian_results.gpkg").string();
    const std::string xlsx = (dir / "sanxian_results.xlsx").string();
    SpreadsheetOptions spreadsheet;
    spreadsheet.adjustRounding = options.adjustRounding;
    SpreadsheetReport sheets;
    tbb::task_group writers;
    if (!all.empty()) {
      // The workbook is the longest single file (zipped XML): started first.
      writers.run([&] {
        PhaseTimer timer("run: workbook");
        sheets = writeXlsx(all, xlsx, spreadsheet);
      });
      writers.run([&] {
        PhaseTimer timer("run: GeoPackage");
        writeGeoPackage(all, gpkg, loaded.analysisCrs);
      });
    }
    for (size_t i = 0; i < result.checkOutputs.size(); ++i) {
      writers.run([&, i] {
        CheckOutput& output = result.checkOutputs[i];
        TableWriteOptions writing;
        writing.shapefileEncoding = options.shapefileEncoding;
        writing.geoPackage = false;  // sanxian_results.gpkg holds every table
        writing.polygonShapefiles = output.polygonShapefiles;
        output.written = writeCheckTables(output.tables, folders[i], output.fileStem, loaded.analysisCrs, writing);
      });
    }
    writers.wait();
    for (const CheckOutput& output : result.checkOutputs) result.written.insert(result.written.end(), output.written.begin(), output.written.end());
    if (!all.empty()) {
      result.written.push_back(gpkg);
      summary["rounding_adjusted_columns"] = sheets.adjustedColumns;
      result.written.push_back(xlsx);
    }
  }

  auto write = [&](const char* name, const std::string& content) {
    const std::string path = (dir / name).string();
    writeFileAtomically(path, content);
    result.written.push_back(path);
  };

  write("load_report.txt", loadReportText(loaded));
  write("load_issues.csv", loadIssuesCsv(loaded));
  write("run_summary.json", summary.dump(2));

  std::vector<std::string> sources;
  for (const auto& spec : project.layers) sources.push_back(spec.options.source);
  {
    PhaseTimer timer("run: input fingerprints");
    result.inputs = inputFingerprints(sources);
  }

  for (const ExtraWriter& writer : options.extraWriters) {
    PhaseTimer timer("run: extra writer");
    const std::vector<std::string> files = writer(loaded, result, outputDir);
    result.written.insert(result.written.end(), files.begin(), files.end());
  }

  // The audit trail: enough to reproduce the run and check it later.
  nlohmann::ordered_json trail;
  trail["tool"] = "sanxian";
  trail["version"] = toolVersion();
  trail["command"] = options.commandLine;
  trail["project_file"] = {{"path", project.path}, {"sha256", sha256File(project.path)}};
  trail["parameters"] = {{"analysis_crs", loaded.analysisCrs.definition},
                         {"shapefile_encoding", options.shapefileEncoding},
                         {"adjust_rounding", options.adjustRounding},
                         {"language", language() == Language::English ? "en" : "zh"}};
  trail["inputs"] = result.inputs;
  trail["summary"] = summary;
  trail["outputs"] = result.written;
  write("audit_trail.json", trail.dump(2));
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
