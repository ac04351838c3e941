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
#include "writers.h"

namespace sanxian {

// Where and how a check of a run writes: its folder, the run's progress
// callback, and the run's output settings that every writer must honour.
struct CheckEnvironment {
  std::string folder;
  ProgressFn progress;
  TableWriteOptions writing;  // the run's Shapefile encoding; no per-check GeoPackage
};

// Runs one check of a project on the loaded layers, writing into env.folder.
using CheckRunner = std::function<CheckOutput(const CheckSpec& check, const LoadedProject& loaded, const CheckEnvironment& env)>;

// The runner for each check type that this build provides.
const std::map<std::string, CheckRunner>& checkRunners();

}  // namespace sanxian
