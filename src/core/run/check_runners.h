// The checks a project file can name, and how a run finds them: for each
// check type, an adapter from a project's check entry (its parameters,
// layer ids) to the check's engine, returning what the run writes and
// reports (CheckOutput). The engines know nothing of project files; the
// run knows nothing of the engines' parameters.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "core/run/project.h"
#include "core/run/run.h"

namespace sanxian {

// Runs one check of a project on the loaded layers. It computes and hands
// back its tables; the run writes them (see CheckOutput).
using CheckRunner = std::function<CheckOutput(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context)>;

// The runner for each check type that this build provides.
const std::map<std::string, CheckRunner>& checkRunners();

// The project checks {type: audit, old, new, boundary, match_field,
// nature_field, adjustments (a layer id or a file beside the project),
// min_piece_area_m2}; {type: overlap, a, b, boundary, rules,
// min_piece_area_m2, engine}; {type: site, site, layers, boundary, rules,
// min_piece_area_m2}; {type: shoreline, lines, zones, previous,
// previous_zones, boundary, occupiers, distance_m, protected_zones};
// {type: control_lines, redline, farmland, urban, boundary, rules,
// min_piece_area_m2}; {type: landuse, zones, zones_where, landuse, boundary, rules,
// min_piece_area_m2}.
CheckOutput runAuditCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context);
CheckOutput runOverlapCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context);
CheckOutput runSiteCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context);
CheckOutput runShorelineCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context);
CheckOutput runControlLinesCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context);
CheckOutput runLandUseCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context);
CheckOutput runIndicatorsCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context);

}  // namespace sanxian
