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

struct RunResult {
  nlohmann::ordered_json summary;              // also written to DIR/run_summary.json
  std::vector<std::string> written;    // files written, in order
};

// Loads and harmonizes, runs the checks, writes reports into outputDir.
RunResult runProject(const Project& project, const RoleCatalog& roles, const std::string& outputDir,
                     const std::optional<std::string>& analysisCrsOverride, const ProgressFn& progress = {});

// The load report: one line per layer and per issue, in the user's language.
std::string loadReportText(const LoadedProject& loaded);
// Every per-feature issue as CSV (UTF-8 with BOM, for Excel).
std::string loadIssuesCsv(const LoadedProject& loaded);

}  // namespace sanxian
