// Running a project: load every layer it names, bring them into one
// analysis CRS, run its checks, and write the load report. The CLI's
// `sanxian run` and the viewer both call this.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/checks/check.h"
#include "core/checks/findings.h"
#include "core/io/layer.h"
#include "core/run/project.h"
#include "core/io/roles.h"
#include "core/checks/table.h"
#include "report/files/writers.h"

namespace sanxian {

// The layers of a project, loaded and harmonized, in the project's order.
struct LoadedProject {
  Project project;
  // The roles the layers were loaded with (layers/roles.yaml and the
  // project's roles: file): the checks' rules and reports use the same.
  std::shared_ptr<const RoleCatalog> roles;
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
struct CheckOutput : CheckResult {
  std::vector<std::string> written;  // files written into the check's folder (filled by the run)
  std::string fileStem;              // the check's file names: "overlap" as for `sanxian overlap`
  // Set by the run: the check's id (its folder, and the prefix of its tables
  // in the run's GeoPackage), its type and its title in reports.
  std::string id, type, title;
};

struct RunResult;

// A writer added by a front end (the PDF report and the QGIS styles, which
// need Qt and so live outside core): called after the checks and the
// combined tables, before the audit trail, with the run so far; writes
// into `outputDir` (the run's private staging folder, moved into place
// when the whole run is written) and returns the files it wrote.
using ExtraWriter = std::function<std::vector<std::string>(const LoadedProject& loaded, const RunResult& result,
                                                           const std::string& outputDir)>;

struct RunOptions {
  std::string outputDir;
  std::optional<std::string> analysisCrs;  // overrides the project's
  std::string commandLine;                  // recorded in the audit trail
  std::string shapefileEncoding = "UTF-8";  // or "GBK" for older ArcGIS
  bool adjustRounding = false;              // 面积平差 in the spreadsheets
  std::vector<ExtraWriter> extraWriters;    // e.g. the PDF report, in order
  // A ledger of an earlier run (XLSX, CSV, GeoPackage or Shapefile), whose
  // follow-up columns are carried over by finding id; overrides the
  // project's `previous_ledger`.
  std::optional<std::string> previousLedger;
  // Asked between phases and before each file: true stops the run (RunCancelled).
  std::function<bool()> cancelled;
};

struct RunResult {
  nlohmann::ordered_json summary;    // also written to DIR/run_summary.json
  std::vector<std::string> written;  // files written, in order (final paths)
  std::vector<std::string> checkIds;      // the check folders, as CheckOutput::id
  std::vector<CheckOutput> checkOutputs;  // same order as checkIds
  nlohmann::ordered_json inputs;          // SHA-256 of every input file (inputFingerprints), as in the audit trail
  Table ledger;                           // 问题台账: every finding of every check
  std::vector<WrittenShapefile> shapefiles;  // while writing: in the staging folder
  // The layers the run read, for the writers (load report, PDF maps).
  std::shared_ptr<const LoadedProject> loaded;

  // The output of the check with this id, or null.
  const CheckOutput* check(const std::string& id) const;
};

// Thrown through a run when its progress callback asks it to stop; the run
// then removes what it had written and leaves the previous outputs alone.
struct RunCancelled {};

// Runs the checks of a loaded project and gathers their findings into the
// ledger; writes nothing. Throws what the progress callback throws.
RunResult computeRun(std::shared_ptr<const LoadedProject> loaded, const RunOptions& options, const ProgressFn& progress = {});

// Writes every output of a computed run into options.outputDir: the load
// report, each check's folder, every table in one GeoPackage and one
// workbook, the ledger, the extra writers' files and the audit trail. All
// of it goes into a private staging folder first and is moved into place
// only when complete, so a failure or a cancel (an exception from
// `progress`) leaves the folder as it was. Fills result.written.
void writeRun(RunResult& result, const RunOptions& options, const ProgressFn& progress = {});

// Loads and harmonizes, runs the checks, writes reports into the output
// folder (computeRun, then writeRun).
RunResult runProject(const Project& project, const RoleCatalog& roles, const RunOptions& options, const ProgressFn& progress = {});
RunResult runProject(const Project& project, const RoleCatalog& roles, const std::string& outputDir,
                     const std::optional<std::string>& analysisCrsOverride, const ProgressFn& progress = {});

// The folder and id of a check in a run: its `name` in the project file
// (made safe as a file name), else its type and the layers it compares
// ("overlap_mining_redline_2023").
std::string checkId(const CheckSpec& check);
// The check's title in reports: its `name`, else "<type title>：A × B".
std::string checkTitle(const CheckSpec& check);
// 红线变化核查 / 重叠冲突检查 / 岸线保护率核算 / 项目选址分析 (or English).
const char* checkTypeTitle(const std::string& type);

// The load report: one line per layer and per issue, in the user's language.
std::string loadReportText(const LoadedProject& loaded);
// Every per-feature issue as CSV (UTF-8 with BOM, for Excel).
std::string loadIssuesCsv(const LoadedProject& loaded);

}  // namespace sanxian
