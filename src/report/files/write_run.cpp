#include "report/files/write_run.h"

#include <tbb/task_group.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/geometry/harmonize.h"
#include "core/io/crs.h"
#include "core/run/provenance.h"
#include "report/files/output.h"
#include "report/files/writers.h"
#include "report/files/xlsx.h"

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


// A table's title in the run's workbook and GeoPackage: the check, then the
// table's title up to its explanation in brackets.
std::string runTableTitle(const CheckOutput& check, const Table& table) {
  std::string title = tr(table.zh.c_str(), table.en.c_str());
  for (const char* bracket : {"（", " ("})
    if (const size_t at = title.find(bracket); at != std::string::npos && at > 0) title = title.substr(0, at);
  return check.title + "·" + title;
}

// Writes one computed run into a staging folder, step by step, in the order
// the files are listed in the audit trail; commit() moves them into place.
class RunWriter {
 public:
  RunWriter(RunResult& result, const RunOptions& options, const ProgressFn& progress, StagedOutput& output)
      : result_(result), loaded_(*result.loaded), options_(options), progress_(progress), output_(output),
        dir_(options.outputDir), staging_(output.folder()) {}

  void write() {
    // A check's folder holds its CSV and Shapefiles: none when neither is written.
    const bool checkFolders = has(OutputFormat::Csv) || has(OutputFormat::Shapefile);
    for (auto& entry : result_.summary["checks"])
      if (entry.contains("folder"))
        entry["folder"] = checkFolders ? nlohmann::ordered_json((dir_ / entry["id"].get<std::string>()).string()) : nlohmann::ordered_json(nullptr);
    writeTables();
    writeText("load_report.txt", loadReportText(loaded_));
    if (has(OutputFormat::Csv)) writeText("load_issues.csv", loadIssuesCsv(loaded_));
    writeText("run_summary.json", jsonText(result_.summary));
    fingerprintInputs();
    runExtraWriters();
    writeAuditTrailAndCommit();
  }

 private:
  bool has(OutputFormat format) const { return options_.formats.has(format); }

  // Asked between phases and before each file: a cancel stops here.
  void checkpoint(const std::string& message) const {
    if (options_.cancelled && options_.cancelled()) throw RunCancelled{};
    if (progress_) progress_(message);
  }

  void writeText(const char* name, const std::string& content) {
    const std::string path = (staging_ / name).string();
    writeFileAtomically(path, content);
    written_.push_back(path);
  }

  // Every file of every check, the ledger, and every result table of the
  // run in one GeoPackage and one workbook, written side by side: they only
  // read the tables. In the run's files each table is named after its check.
  void writeTables() {
    checkpoint(tr("写出结果", "writing the results"));
    PhaseTimer timer("run: write every result");
    std::vector<NamedTable> all;
    all.push_back({&result_.ledger, "ledger", tr("问题台账", "Findings ledger")});
    for (const CheckOutput& check : result_.checkOutputs)
      for (const Table& table : check.tables) all.push_back({&table, check.id + "_" + table.name, runTableTitle(check, table)});
    const std::string gpkg = (staging_ / "sanxian_results.gpkg").string();
    const std::string xlsx = (staging_ / "sanxian_results.xlsx").string();
    const size_t checks = result_.checkOutputs.size();
    SpreadsheetReport sheets;
    std::vector<std::vector<std::string>> checkFiles(checks);
    std::vector<std::vector<WrittenShapefile>> checkShapefiles(checks + 1);  // the ledger's last
    std::vector<std::string> ledgerFiles;
    tbb::task_group writers;
    // The workbook is the longest single file (zipped XML): started first.
    if (has(OutputFormat::Workbook)) {
      writers.run([&] {
        checkpoint(tr("写出工作簿", "writing the workbook"));
        PhaseTimer timer("run: workbook");
        SpreadsheetOptions spreadsheet;
        spreadsheet.adjustRounding = options_.adjustRounding;
        sheets = writeXlsx(all, xlsx, spreadsheet);
      });
    } else {
      sheets.adjustedColumns = adjustedColumns(all);  // the summary says the same whatever is written
    }
    if (has(OutputFormat::GeoPackage)) {
      writers.run([&] {
        checkpoint(tr("写出 GeoPackage", "writing the GeoPackage"));
        PhaseTimer timer("run: GeoPackage");
        writeGeoPackage(all, gpkg, loaded_.analysisCrs);
      });
    }
    writers.run([&] { ledgerFiles = writeLedger(checkShapefiles.back()); });
    for (size_t i = 0; i < checks; ++i)
      writers.run([&, i] { checkFiles[i] = writeCheckFolder(result_.checkOutputs[i], checkShapefiles[i]); });
    writers.wait();
    for (size_t i = 0; i < checks; ++i) {
      result_.checkOutputs[i].written = checkFiles[i];
      written_.insert(written_.end(), checkFiles[i].begin(), checkFiles[i].end());
    }
    for (const auto& list : checkShapefiles) shapefiles_.insert(shapefiles_.end(), list.begin(), list.end());
    written_.insert(written_.end(), ledgerFiles.begin(), ledgerFiles.end());
    if (has(OutputFormat::GeoPackage)) written_.push_back(gpkg);
    if (has(OutputFormat::Workbook)) written_.push_back(xlsx);
    result_.summary["rounding_adjusted_columns"] = sheets.adjustedColumns;
  }

  // The ledger as CSV and Shapefile at the top of the folder (it is also a
  // layer of sanxian_results.gpkg and a sheet of the workbook), each when
  // its format is asked for.
  std::vector<std::string> writeLedger(std::vector<WrittenShapefile>& shapefiles) const {
    checkpoint(tr("写出问题台账", "writing the ledger"));
    PhaseTimer timer("run: ledger");
    std::vector<std::string> files;
    if (has(OutputFormat::Csv)) {
      files.push_back((staging_ / "ledger.csv").string());
      writeCsv(result_.ledger, files.back());
    }
    if (has(OutputFormat::Shapefile)) {
      ShapefileOptions shapefile;
      shapefile.encoding = options_.shapefileEncoding;
      const ShapefileReport report = writeShapefile(result_.ledger, staging_.string(), loaded_.analysisCrs, shapefile);
      files.insert(files.end(), report.files.begin(), report.files.end());
      for (const auto& shp : report.shapefiles) shapefiles.push_back({shp.path, &result_.ledger, shp.dimension});
    }
    return files;
  }

  // The columns the workbook would adjust (面积平差), for the summary of a
  // run that writes no workbook.
  std::vector<std::string> adjustedColumns(const std::vector<NamedTable>& tables) const {
    std::vector<std::string> columns;
    if (!options_.adjustRounding) return columns;
    for (const NamedTable& named : tables)
      for (const std::string& key : tableTotals(*named.table, true).adjustedColumns) columns.push_back(named.name + "." + key);
    return columns;
  }

  // A check's folder: every table as CSV, tables with geometry as Shapefile
  // (sanxian_results.gpkg holds every table, so no GeoPackage per check).
  std::vector<std::string> writeCheckFolder(const CheckOutput& check, std::vector<WrittenShapefile>& shapefiles) const {
    checkpoint(format(tr("写出 %s", "writing %s"), check.title.c_str()));
    TableWriteOptions writing;
    writing.shapefileEncoding = options_.shapefileEncoding;
    writing.geoPackage = false;
    writing.csv = has(OutputFormat::Csv);
    writing.shapefile = has(OutputFormat::Shapefile);
    return writeCheckTables(check.tables, (staging_ / check.id).string(), check.fileStem, loaded_.analysisCrs, writing, &shapefiles);
  }

  // SHA-256 of every input: the layers, the user's roles file and the
  // previous ledger (they decided the figures too).
  void fingerprintInputs() {
    const Project& project = loaded_.project;
    std::vector<std::string> sources;
    for (const auto& spec : project.layers) sources.push_back(spec.options.source);
    if (project.rolesFile) sources.push_back(*project.rolesFile);
    if (options_.previousLedger || project.previousLedger)
      sources.push_back(options_.previousLedger ? *options_.previousLedger : *project.previousLedger);
    checkpoint(tr("计算输入文件校验值", "fingerprinting the inputs"));
    PhaseTimer timer("run: input fingerprints");
    result_.inputs = inputFingerprints(sources);
  }

  void runExtraWriters() {
    result_.written = written_;
    for (const ExtraWriter& writer : options_.extraWriters) {
      checkpoint(tr("写出报告", "writing the report"));
      PhaseTimer timer("run: extra writer");
      const std::vector<std::string> files = writer(loaded_, result_, shapefiles_, staging_.string());
      written_.insert(written_.end(), files.begin(), files.end());
      result_.written = written_;
    }
  }

  // The formats written, JSON (the summary and this trail) first: it always is.
  nlohmann::ordered_json writtenFormatNames() const {
    nlohmann::ordered_json names = nlohmann::ordered_json::array({"json"});
    for (OutputFormat format : options_.formats.included()) names.push_back(formatName(format));
    return names;
  }

  // The audit trail (enough to reproduce the run and check it later), then
  // everything moved into place, the audit trail last so it never
  // describes files that are not there.
  void writeAuditTrailAndCommit() {
    const Project& project = loaded_.project;
    const nlohmann::ordered_json& summary = result_.summary;
    std::vector<std::string> finalPaths;
    for (const std::string& path : written_) finalPaths.push_back(output_.finalPath(path));
    nlohmann::ordered_json trail;
    trail["tool"] = "sanxian";
    trail["version"] = toolVersion();
    trail["command"] = options_.commandLine;
    // A single-check command (sanxian overlap …) runs a project made from its
    // options: no file, and its command line says everything.
    trail["project_file"] = project.path.empty() ? nlohmann::ordered_json(nullptr)
                                                 : nlohmann::ordered_json{{"path", project.path}, {"sha256", sha256File(project.path)}};
    trail["parameters"] = {{"analysis_crs", loaded_.analysisCrs.definition},
                           {"shapefile_encoding", options_.shapefileEncoding},
                           {"adjust_rounding", options_.adjustRounding},
                           {"formats", writtenFormatNames()},
                           {"previous_ledger", summary["ledger"].contains("previous_ledger") ? summary["ledger"]["previous_ledger"]["path"]
                                                                                             : nlohmann::ordered_json(nullptr)},
                           {"language", language() == Language::English ? "en" : "zh"}};
    trail["inputs"] = result_.inputs;
    trail["summary"] = summary;
    finalPaths.push_back((dir_ / "audit_trail.json").string());
    trail["outputs"] = finalPaths;
    writeText("audit_trail.json", jsonText(trail));
    checkpoint(tr("移动结果到输出目录", "moving the results into place"));
    std::vector<std::string> sources;
    for (const auto& spec : project.layers) sources.push_back(spec.options.source);
    if (!project.path.empty()) sources.push_back(project.path);
    output_.refuseOverwritingInputs(sources, written_);

    std::vector<std::string> order = written_;
    std::stable_partition(order.begin(), order.end(), [](const std::string& p) { return fs::path(p).filename() != "audit_trail.json"; });
    output_.commit(order);
    for (auto& check : result_.checkOutputs)
      for (auto& path : check.written) path = output_.finalPath(path);
    result_.written = finalPaths;
  }

  RunResult& result_;
  const LoadedProject& loaded_;
  const RunOptions& options_;
  const ProgressFn& progress_;
  StagedOutput& output_;
  const fs::path dir_, staging_;
  std::vector<std::string> written_;             // in the staging folder, in order
  std::vector<WrittenShapefile> shapefiles_;     // for the extra writers (QGIS styles)
};

}  // namespace

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
    out << "  " << tr("角色：", "role: ") << layer.role() << "  " << tr("要素：", "features: ") << layer.featureCount() << "\n";
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

void writeRun(RunResult& result, const RunOptions& options, const ProgressFn& progress) {
  // The run's private folder inside the output folder: everything is
  // written there and moved into place only when the whole run is written;
  // whatever happens before (an error, a cancel), nothing of this run stays
  // and the previous outputs are untouched.
  StagedOutput output(options.outputDir);
  // Errors about a staged file name the file the user will look for.
  try {
    RunWriter(result, options, progress, output).write();
  } catch (const Error& e) {
    throw output.named(e);
  }
}

RunResult runProject(const Project& project, const RoleCatalog& roles, const RunOptions& options, const ProgressFn& progress) {
  // Fail on an unusable output folder before the long work.
  std::error_code ec;
  fs::create_directories(options.outputDir, ec);
  if (ec) throwInput(format(tr("无法创建输出目录：%s", "cannot create the output folder: %s"), ec.message().c_str()), {options.outputDir});
  auto loaded = std::make_shared<const LoadedProject>(loadProject(project, roles, options.analysisCrs, progress, options.tiling));
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
