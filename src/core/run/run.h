// Running a project: load every layer it names, bring them into one
// analysis CRS, run its checks and gather their findings into the ledger.
// Nothing here writes a file: report/files/write_run.h writes a computed
// run (runProject does both), for the CLI's commands and the viewer alike.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/checks/check.h"
#include "core/checks/findings.h"
#include "core/checks/table.h"
#include "core/io/layer.h"
#include "core/io/roles.h"
#include "core/run/project.h"
#include "core/run/tiles.h"

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
  // A tiled run: the layers held as headers only (Layer::headerOnly) are
  // read tile by tile by the checks (tiles.h). What it was decided on:
  size_t memoryLimit = 0;     // bytes; 0: no limit
  size_t estimatedBytes = 0;  // all layers', as estimatedLayerBytes judges them
  double tileSize = 0;        // metres; 0 when no layer is tiled
  std::map<std::string, std::unordered_set<int64_t>> invalidFids;  // per tiled layer id
  std::shared_ptr<ScratchFolder> scratch;  // indexed copies of tiled Shapefiles (project.layers[i].options.readFrom)

  const Layer* layer(const std::string& id) const;
  // How a check reads layer `id`: its header and load options when tiled,
  // else a TiledLayer with no header.
  TiledLayer tiled(const std::string& id) const;
  bool isTiled() const { return tileSize > 0; }
};

// Loads and harmonizes every layer. When the layers would take more than
// the memory limit (tiling, else the project's `memory_limit:`, else
// defaultMemoryLimit), those only overlap checks read are held as headers
// and judged tile by tile (judgeByTiles); the others are loaded whole.
LoadedProject loadProject(const Project& project, const RoleCatalog& roles, const std::optional<std::string>& analysisCrsOverride,
                          const ProgressFn& progress = {}, const TilingOptions& tiling = {});

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

// The run summary and the audit trail hold every figure, not every piece:
// lists longer than this (conflict pieces, change pieces, occupations) are
// in the check's own tables and JSON, and only counted in the summary, so
// that the summary of a provincial run stays a few kilobytes, not gigabytes.
constexpr size_t kLongestListInRunSummary = 200;

// What computing a run needs besides the loaded layers.
struct ComputeOptions {
  // Lists in the checks' summaries longer than this are only counted. The
  // single-check commands keep every entry (SIZE_MAX): their --json always did.
  size_t longestList = kLongestListInRunSummary;
  // A ledger of an earlier run (XLSX, CSV, GeoPackage or Shapefile), whose
  // follow-up columns are carried over by finding id; overrides the
  // project's `previous_ledger`.
  std::optional<std::string> previousLedger;
};

struct RunResult {
  nlohmann::ordered_json summary;    // also written to DIR/run_summary.json
  std::vector<std::string> written;  // files written, in order (final paths; filled by writeRun)
  std::vector<std::string> checkIds;      // the check folders, as CheckOutput::id
  std::vector<CheckOutput> checkOutputs;  // same order as checkIds
  nlohmann::ordered_json inputs;          // SHA-256 of every input file (inputFingerprints), as in the audit trail
  Table ledger;                           // 问题台账: every finding of every check
  // The layers the run read, for the writers (load report, PDF maps).
  std::shared_ptr<const LoadedProject> loaded;

  // The output of the check with this id, or null.
  const CheckOutput* check(const std::string& id) const;
};

// Thrown through a run when its progress callback asks it to stop; the run
// then removes what it had written and leaves the previous outputs alone.
struct RunCancelled {};

// Runs the checks of a loaded project and gathers their findings into the
// ledger; writes nothing (report/files/write_run.h writes). Throws what the
// progress callback throws.
RunResult computeRun(std::shared_ptr<const LoadedProject> loaded, const ComputeOptions& options, const ProgressFn& progress = {});

// The folder and id of a check in a run: its `name` in the project file
// (made safe as a file name), else its type and the layers it compares
// ("overlap_mining_redline_2023").
std::string checkId(const CheckSpec& check);
// The check's title in reports: its `name`, else "<type title>：A × B".
std::string checkTitle(const CheckSpec& check);
// 红线变化核查 / 重叠冲突检查 / 岸线保护率核算 / 项目选址分析 (or English).
const char* checkTypeTitle(const std::string& type);

}  // namespace sanxian
