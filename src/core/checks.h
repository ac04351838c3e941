// The checks a project file can name, and how `run` finds them. Each check
// lives in its own module (audit, overlap, shoreline, site) with a plain
// `run…(options) → result` function for the CLI and the viewer; the
// runner here adapts a project's check entry to that function.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "project.h"
#include "run.h"
#include "table.h"

namespace sanxian {

struct CheckOutput {
  nlohmann::ordered_json summary;   // the check's JSON summary (the same as its --json)
  std::vector<std::string> written;  // files written
  // One line per verdict or headline figure, in the user's language, for the terminal.
  std::vector<std::string> headlines;
  // The result tables written (with geometry where they have it), for the
  // viewer's results table and the printable report.
  std::vector<Table> tables;
};

// Runs one check of a project on the loaded layers, writing into `folder`.
using CheckRunner = std::function<CheckOutput(const CheckSpec& check, const LoadedProject& loaded, const std::string& folder,
                                              const ProgressFn& progress)>;

// The runner for each check type that this build provides.
const std::map<std::string, CheckRunner>& checkRunners();

}  // namespace sanxian
