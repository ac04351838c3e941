// Writing a computed run into its output folder: the load report, each
// check's folder (every table as CSV, tables with geometry as Shapefile),
// every table in one GeoPackage and one workbook, the ledger, the writers a
// front end adds (the PDF, the QGIS styles) and the audit trail; of the
// files, only the formats asked for (the JSON ones always). Everything
// goes into a private staging folder first and is moved into place only
// when complete. runProject loads, computes and writes in one call: the
// CLI's commands and the viewer's export all come through here.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/run/output_formats.h"
#include "core/run/run.h"
#include "report/files/writers.h"

namespace sanxian {

// A writer added by a front end (the PDF report and the QGIS styles, which
// need Qt and so live in report/pdf): called after the checks and the
// combined tables, before the audit trail, with the run so far and the
// Shapefiles written; writes into `outputDir` (the run's private staging
// folder, moved into place when the whole run is written) and returns the
// files it wrote.
using ExtraWriter = std::function<std::vector<std::string>(const LoadedProject& loaded, const RunResult& result,
                                                           const std::vector<WrittenShapefile>& shapefiles,
                                                           const std::string& outputDir)>;

struct RunOptions : ComputeOptions {
  std::string outputDir;
  std::optional<std::string> analysisCrs;  // overrides the project's
  TilingOptions tiling;                     // overrides the project's memory_limit: and tile_size_m:
  std::string commandLine;                  // recorded in the audit trail
  std::string shapefileEncoding = "UTF-8";  // or "GBK" for older ArcGIS
  bool adjustRounding = false;              // 面积平差 in the spreadsheets
  // The formats written besides the JSON summary and audit trail (always
  // written). The front end decides: the CLI from --formats or the
  // project's `formats:`. An extra writer is the front end's to leave out.
  OutputFormats formats;
  std::vector<ExtraWriter> extraWriters;    // e.g. the PDF report, in order
  // Asked between phases and before each file: true stops the run (RunCancelled).
  std::function<bool()> cancelled;
};

// Writes every output of a computed run into options.outputDir. A failure
// or a cancel (RunCancelled, or an exception from `progress`) leaves the
// folder as it was. Fills result.written and each check's `written`.
void writeRun(RunResult& result, const RunOptions& options, const ProgressFn& progress = {});

// Loads and harmonizes, runs the checks, writes reports into the output
// folder (loadProject, computeRun, then writeRun).
RunResult runProject(const Project& project, const RoleCatalog& roles, const RunOptions& options, const ProgressFn& progress = {});
RunResult runProject(const Project& project, const RoleCatalog& roles, const std::string& outputDir,
                     const std::optional<std::string>& analysisCrsOverride, const ProgressFn& progress = {});

// The load report: one line per layer and per issue, in the user's language.
std::string loadReportText(const LoadedProject& loaded);
// Every per-feature issue as CSV (UTF-8 with BOM, for Excel).
std::string loadIssuesCsv(const LoadedProject& loaded);

}  // namespace sanxian
