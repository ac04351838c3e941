// Running a project: load every layer it names, bring them into one
// analysis CRS, run its checks, and write the load report. The CLI's
// `sanxian run` and the viewer both call this.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "layer.h"
#include "project.h"
#include "roles.h"
#include "table.h"

namespace sanxian {

// The layers of a project, loaded and harmonized, in the project's order.
struct LoadedProject {
  Project project;
  CrsInfo analysisCrs;
  std::vector<std::string> ids;
  std::vector<Layer> layers;

  const Layer* layer(const std::string& id) const;
};

// Progress messages from long work: the CLI prints them, the viewer shows them.
using ProgressFn = std::function<void(const std::string& message)>;

LoadedProject loadProject(const Project& project, const RoleCatalog& roles,
                          const std::optional<std::string>& analysisCrsOverride, const ProgressFn& progress = {});

// What one check hands back to the run. The run writes the tables into
// the check's folder (every table as CSV, tables with geometry as
// Shapefile) and into its own GeoPackage and workbook, all side by side
// once every check is done: writing is a good part of a run, and the
// files are independent.
struct CheckOutput {
  // The check's JSON summary (the same as its --json); once the run has it,
  // lists longer than 200 entries are only counted, as in run_summary.json.
  nlohmann::ordered_json summary;
  std::vector<std::string> written;  // files written into the check's folder (filled by the run)
  std::string fileStem;              // the check's file names: "overlap" as for `sanxian overlap`
  bool polygonShapefiles = false;    // TableWriteOptions::polygonShapefiles
  // One line per verdict or headline figure, in the user's language, for the terminal.
  std::vector<std::string> headlines;
  // The result tables written (with geometry where they have it), for the
  // viewer's results table and the printable report.
  std::vector<Table> tables;
};

struct RunResult;

// A writer added by a front end (the PDF report and the QGIS styles, which
// need Qt and so live outside core): called after the checks and the
// combined tables, before the audit trail, with the run so far; returns the
// files it wrote (listed among the run's outputs and in the audit trail).
using ExtraWriter = std::function<std::vector<std::string>(const LoadedProject& loaded, const RunResult& result,
                                                           const std::string& outputDir)>;

struct RunOptions {
  std::string outputDir;
  std::optional<std::string> analysisCrs;  // overrides the project's
  std::string commandLine;                  // recorded in the audit trail
  std::string shapefileEncoding = "UTF-8";  // or "GBK" for older ArcGIS
  bool adjustRounding = false;              // 面积平差 in the spreadsheets
  std::vector<ExtraWriter> extraWriters;    // e.g. the PDF report, in order
};

struct RunResult {
  nlohmann::ordered_json summary;    // also written to DIR/run_summary.json
  std::vector<std::string> written;  // files written, in order
  std::vector<std::string> checkIds;      // "audit", "overlap_2", … (the check folders)
  std::vector<CheckOutput> checkOutputs;  // same order as checkIds
  nlohmann::ordered_json inputs;          // SHA-256 of every input file (inputFingerprints), as in the audit trail
};

// Loads and harmonizes, runs the checks, writes reports into the output
// folder: the load report, each check's folder, every result table in one
// GeoPackage and one workbook, and the audit trail.
RunResult runProject(const Project& project, const RoleCatalog& roles, const RunOptions& options, const ProgressFn& progress = {});
RunResult runProject(const Project& project, const RoleCatalog& roles, const std::string& outputDir,
                     const std::optional<std::string>& analysisCrsOverride, const ProgressFn& progress = {});

// The load report: one line per layer and per issue, in the user's language.
std::string loadReportText(const LoadedProject& loaded);
// Every per-feature issue as CSV (UTF-8 with BOM, for Excel).
std::string loadIssuesCsv(const LoadedProject& loaded);

}  // namespace sanxian
