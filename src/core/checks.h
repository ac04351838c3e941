// The checks a project file can name, and how `run` finds them. Each check
// lives in its own module (audit, overlap, shoreline, site) with a plain
// `run…(options) → result` function for the CLI and the viewer; the
// runner here adapts a project's check entry to that function.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/run/project.h"
#include "core/run/run.h"

namespace sanxian {

// What a check of a run is given besides its parameters and the layers:
// the run's progress callback (and whatever run-wide setting a check comes
// to need).
struct CheckEnvironment {
  ProgressFn progress;
  // Lists in the check's JSON summary longer than this need only be
  // counted: {"omitted_entries": N} (the run's summary keeps short lists).
  size_t longestList = SIZE_MAX;
};

// Runs one check of a project on the loaded layers. It computes and hands
// back its tables; the run writes them (see CheckOutput).
using CheckRunner = std::function<CheckOutput(const CheckSpec& check, const LoadedProject& loaded, const CheckEnvironment& env)>;

// The runner for each check type that this build provides.
const std::map<std::string, CheckRunner>& checkRunners();

}  // namespace sanxian
