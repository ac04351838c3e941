#include "run_output.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>

#include "commands.h"
#include "core/base/error.h"
#include "core/base/secrets.h"
#include "core/base/text.h"
#include "core/checks/rules.h"
#include "report/files/output.h"
#ifdef SANXIAN_HAVE_REPORT
#include "report/pdf/pdf_report.h"
#include "report/pdf/qgis_style.h"
#endif

namespace sanxian::cli {

namespace fs = std::filesystem;

CLI::Validator severityValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        return parseSeverity(value) ? std::string()
                                    : std::string(tr("须为 禁止 / 限制 / 提示", "must be prohibited / restricted / notice (禁止 / 限制 / 提示)"));
      },
      "SEVERITY");
}

void addOutputOptions(CLI::App* command, OutputCliOptions& options) {
  command->add_option("-o,--output", options.output, tr("输出目录", "output folder"))->required();
  command->add_option("--analysis-crs", options.analysisCrs, tr("分析坐标系，如 EPSG:4545", "analysis CRS, e.g. EPSG:4545"));
  command->add_option("--json", options.json, tr("摘要 JSON 文件（- 为标准输出）", "summary JSON file (- for stdout)"));
  command->add_option("--encoding", options.encoding, tr("输出 Shapefile 的编码：UTF-8（默认）或 GBK（旧版 ArcGIS）", "encoding of the Shapefiles written: UTF-8 (default) or GBK (older ArcGIS)"))
      ->check(CLI::IsMember({"UTF-8", "GBK"}, CLI::ignore_case));
  command->add_option("--previous-ledger", options.previousLedger,
                      tr("上一期问题台账（XLSX、CSV、GeoPackage 或 Shapefile），按问题编号沿用其核查意见等列",
                         "the previous findings ledger (XLSX, CSV, GeoPackage or Shapefile): its follow-up columns carry over by finding id"));
  command->add_flag("--adjust-rounding", options.adjustRounding,
                    tr("表格中应用面积平差（舍入后的分项之和等于合计）", "apply 面积平差 in the spreadsheets (rounded parts add up to the rounded total)"));
  command->add_option_function<std::string>(
      "--formats", [&options](const std::string& value) { options.formats = value; },
      tr("写出的格式，逗号分隔：shp, gpkg, csv, xlsx, pdf（默认全部；none 或空为只写 JSON 摘要与审计记录）",
         "formats written, comma separated: shp, gpkg, csv, xlsx, pdf (default all; none or empty: only the JSON summary and audit trail)"));
  // Accepted by every build, so that scripts run anywhere; a build without
  // Qt (SANXIAN_BUILD_VIEWER=OFF) writes no PDF whatever they say.
  command->add_flag("--no-pdf", options.noPdf, tr("不生成 PDF 报告", "do not write the PDF report"));
  command->add_option("--map-min-area-ha", options.mapMinAreaHa,
                      tr("PDF 报告中单独成图的冲突或调出图斑的最小面积（公顷，默认 1）",
                         "smallest conflict or removed piece (ha) that gets its own map in the PDF report (default 1)"))
      ->check(CLI::NonNegativeNumber);
  command->add_option_function<std::string>(
      "--memory-limit", [&options](const std::string& value) { options.tiling.memoryLimit = parseMemorySize(value); },
      tr("图层可占用的内存（如 4G、512M；默认本机内存的 1/8；0 或 none 为全部读入内存）；超出时重叠检查的图层按块读取",
         "memory the layers may take (such as 4G or 512M; default an eighth of this machine's; 0 or none: all in memory); beyond it, the "
         "layers of overlap checks are read tile by tile"));
  command->add_option_function<double>(
      "--tile-size", [&options](double value) { options.tiling.tileSize = value; },
      tr("分块读取时块的边长（米，默认按内存限制计算）", "side of the tiles when layers are read in tiles (metres; default from the memory limit)"))
      ->check(CLI::PositiveNumber);
  addStrictOption(command, options.strict);
}

void applyStrict(Project& project, const OutputCliOptions& options) {
  if (!options.strict) return;
  project.strict = true;
  for (LayerSpec& layer : project.layers) layer.options.strict = true;
}

void printWarnings(const RunResult& result) {
  const auto& warnings = result.summary["warnings"];
  if (!warnings.is_array()) return;
  for (const auto& w : warnings)
    std::cerr << tr("警告：", "warning: ") << "[" << w["layer"].get<std::string>() << "] " << w["message"].get<std::string>() << "\n";
}

ChosenFormats chosenFormats(const OutputCliOptions& options, const Project& project) {
  ChosenFormats chosen;
  std::string origin;
  if (options.formats) {
    chosen.formats = parseOutputFormats(*options.formats, "--formats");
    origin = "--formats";
  } else if (project.formats) {
    chosen.formats = *project.formats;
    origin = "formats:";
  }
  for (OutputFormat format : chosen.formats.excluded()) chosen.leftOut.push_back({format, origin});
  const auto dropPdf = [&](const std::string& why) {
    if (!chosen.formats.has(OutputFormat::Pdf)) return;
    chosen.formats = chosen.formats.without(OutputFormat::Pdf);
    chosen.leftOut.push_back({OutputFormat::Pdf, why});
  };
  if (options.noPdf) dropPdf("--no-pdf");
#ifndef SANXIAN_HAVE_REPORT
  dropPdf(tr("本版本未含 Qt", "this build has no Qt"));
#endif
  return chosen;
}

RunOptions runOptions(const OutputCliOptions& options, const ChosenFormats& formats) {
  RunOptions run;
  run.formats = formats.formats;
  run.outputDir = options.output;
  if (!options.analysisCrs.empty()) run.analysisCrs = options.analysisCrs;
  run.commandLine = invocation();
  run.shapefileEncoding = options.encoding;
  run.adjustRounding = options.adjustRounding;
  run.tiling = options.tiling;
  if (!options.previousLedger.empty()) run.previousLedger = options.previousLedger;
#ifdef SANXIAN_HAVE_REPORT
  // A .qml beside each Shapefile, then the PDF (which needs a QGuiApplication: offscreen, made only here).
  if (run.formats.has(OutputFormat::Shapefile)) run.extraWriters.push_back(report::qgisStyleWriter());
  if (run.formats.has(OutputFormat::Pdf)) {
    report::ensureGuiApplication();
    report::PdfOptions pdf;
    pdf.mapMinAreaHa = options.mapMinAreaHa;
    pdf.commandLine = run.commandLine;
    pdf.shapefileEncoding = run.shapefileEncoding;
    pdf.adjustRounding = run.adjustRounding;
    run.extraWriters.push_back(report::pdfReportWriter(pdf));
  }
#endif
  return run;
}

ProgressFn terminalProgress() {
  // Also in a pipe when asked: the QGIS plugin (qgis/) reads these lines.
  const char* asked = std::getenv("SANXIAN_PROGRESS");
  const bool shown = isatty(STDERR_FILENO) || (asked && std::string(asked) == "1");
  return [shown](const std::string& message) {
    if (shown) std::cerr << "… " << message << "\n";
  };
}

namespace {

// "pdf (--no-pdf); shp, csv (--formats)": the formats left out, grouped by why.
std::string leftOutText(const ChosenFormats& formats) {
  std::vector<std::pair<std::string, std::vector<OutputFormat>>> byReason;
  for (const auto& [format, why] : formats.leftOut) {
    auto group = std::find_if(byReason.begin(), byReason.end(), [&](const auto& g) { return g.first == why; });
    if (group == byReason.end()) group = byReason.insert(byReason.end(), {why, {}});
    group->second.push_back(format);
  }
  std::string text;
  for (const auto& [why, list] : byReason) text += (text.empty() ? "" : "; ") + formatNames(list) + " (" + why + ")";
  return text;
}

}  // namespace

void printWritten(const RunResult& result, const std::string& outputDir, const ChosenFormats& formats) {
  std::cout << tr("报告已写入 ", "Reports written to ") << outputDir << ":\n";
  std::map<std::string, int> perFolder;
  const fs::path top = fs::path(outputDir).lexically_normal();
  for (const auto& path : result.written) {
    const fs::path p = fs::path(path).lexically_normal();
    if (p.parent_path() == top) std::cout << "  " << p.filename().string() << "\n";
    else ++perFolder[p.parent_path().filename().string()];
  }
  for (const auto& [folder, count] : perFolder) std::cout << "  " << folder << "/" << format(tr("（%d 个文件）", " (%d files)"), count) << "\n";
  if (!formats.leftOut.empty()) std::cout << tr("未写出：", "not written: ") << leftOutText(formats) << "\n";
}

LoadOptions commandLineLayer(const std::string& path, const std::string& layerName, const std::string& role) {
  LoadOptions o;
  o.source = path;
  if (!layerName.empty()) o.layerName = layerName;
  if (!role.empty()) o.role = role;
  return o;
}

std::string layerIdFor(const LoadOptions& layer, std::vector<std::string>& taken) {
  // A database's connection string is no file name: its password stays out of the id.
  const std::string base = layer.layerName ? *layer.layerName : fs::path(withoutPasswords(layer.source)).stem().string();
  std::string id = base;
  for (int n = 2; std::find(taken.begin(), taken.end(), id) != taken.end(); ++n) id = base + "_" + std::to_string(n);
  taken.push_back(id);
  return id;
}

namespace {

// --fail-on: 1 when the check counted a finding of that severity or worse.
int failOnExit(const std::string& failOn, const nlohmann::ordered_json& summary) {
  if (failOn.empty()) return kExitOk;
  const auto threshold = parseSeverity(failOn);
  if (!threshold) throwUsage(tr("--fail-on 须为 禁止 / 限制 / 提示", "--fail-on must be prohibited / restricted / notice (禁止 / 限制 / 提示)"));
  for (Severity s : {Severity::Prohibited, Severity::Restricted, Severity::Notice})
    if (s >= *threshold && summary.contains("severity_counts") && summary["severity_counts"][severityKey(s)].get<size_t>() > 0)
      return kExitFindings;
  return kExitOk;
}

}  // namespace

int runSingleCheck(const Project& given, const RoleCatalog& roles, const OutputCliOptions& output, const std::string& failOn,
                   bool failOnVerdict) {
  Project project = given;
  applyStrict(project, output);
  {
    std::vector<std::string> sources;
    for (const auto& spec : project.layers) sources.push_back(spec.options.source);
    refuseInputAsOutput(sources, output.json);
  }
  const ChosenFormats formats = chosenFormats(output, project);
  RunOptions options = runOptions(output, formats);
  options.longestList = SIZE_MAX;  // the check's --json lists every entry, as it always did
  const auto start = std::chrono::steady_clock::now();
  const RunResult result = runProject(project, roles, options, terminalProgress());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (result.checkOutputs.empty()) throwUsage(tr("没有可执行的检查", "no check to run"));
  const CheckOutput& check = result.checkOutputs.front();
  printWarnings(result);
  if (output.json != "-") {
    const auto& crs = result.summary["analysis_crs"];
    std::cout << tr("分析坐标系：", "analysis CRS: ") << crs["name"].get<std::string>() << " — " << crs["reason"].get<std::string>() << "\n";
    for (const auto& line : check.headlines) std::cout << line << "\n";
    std::cout << format(tr("用时 %.2f 秒。", "%.2f s. "), seconds);
    printWritten(result, output.output, formats);
  }
  nlohmann::ordered_json summary = check.summary;
  summary["warnings"] = result.summary["warnings"];
  if (output.json == "-") std::cout << jsonText(summary) << "\n";
  else if (!output.json.empty()) writeFileAtomically(output.json, jsonText(summary));
  if (failOnVerdict)
    for (const auto& [key, passed] : check.verdicts)
      if (!passed) return kExitFindings;
  return failOnExit(failOn, check.summary);
}

}  // namespace sanxian::cli
