// Indicator accounting (生态文明建设示范区指标核算): the value of each
// indicator of a set (layers/indicators.yaml) for the county and for each
// township, the target and whether it is met, the change since the previous
// year's layers and which townships moved it.
//
// Areas. A list of terms measures the union of every feature its terms
// accept, split at the township boundaries (Townships::split, so the
// townships' figures add up exactly), then unioned per township and measured
// on the ellipsoid: ground under two protected areas, or under a forest patch
// and a forest-land polygon, counts once. Ground outside every township is
// not the county's and is reported apart. Without a boundary layer the
// county is one unit, the union of everything.
//
// Values. Every formula is scale × N / D with N and D sums over townships:
// a share is 100 × area / land area, a weighted mean Σ cover·area / Σ area,
// an area N / 1 (in ha), the shoreline rate 100 × protected / total length,
// construction land per GDP area (ha) / GDP (the county's only: townships
// get no value of their own). So a township's contribution to the county's
// change is scale × (Nₜ / D − Nₜ′ / D′), and the contributions add up to the
// change exactly.
//
// Works on harmonized layers in one CRS; writes nothing.
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/checks/check.h"
#include "core/checks/indicators/indicator_set.h"
#include "core/io/roles.h"

namespace sanxian {

// The project layers one year's indicators are computed on, by role.
struct IndicatorLayers {
  std::map<std::string, const Layer*> byRole;
  std::map<std::string, std::string> ids;  // role → the layer's id in the project
  const Layer* find(const std::string& role) const;
};

struct IndicatorSettings {
  const IndicatorSet* set = nullptr;    // required
  const RoleCatalog* roles = nullptr;   // required
  IndicatorLayers current;
  IndicatorLayers previous;             // the roles rebound for the previous year (may be empty)
  const Layer* boundary = nullptr;      // optional: the townships
  std::string boundaryId = "boundary";
  std::optional<double> gdp, previousGdp;  // 亿元 at constant prices
  std::map<std::string, double> targets;   // indicator id → target
  std::string year, previousYear;          // labels only ("2023")
  std::vector<std::string> protectedZones;  // shoreline: canonical zones that count (empty: the default)
};

struct TownshipIndicator {
  std::string code, name;
  double numerator = 0, denominator = 0;
  double previousNumerator = NAN, previousDenominator = NAN;
  double value = NAN, previousValue = NAN;
  // Its part of the county's change, in the indicator's unit (NaN without a previous year).
  double contribution = NAN;
};

struct IndicatorValue {
  const IndicatorDef* def = nullptr;
  bool computed = false;
  std::string reason;  // why not computed (a role without a layer, no GDP …)
  double numerator = 0, denominator = 0;
  double previousNumerator = NAN, previousDenominator = NAN;
  double value = NAN, previousValue = NAN;
  std::optional<double> target;  // the project's, or the previous value for not_decreasing / improving
  std::optional<bool> passed;    // empty: nothing to judge against
  std::vector<TownshipIndicator> byTownship;  // in the boundary layer's order
  // What lies outside every township (not the county's, not counted): m², m or weighted sums.
  double outsideNumerator = 0, outsideDenominator = 0;
  // Patches a weighted mean left out for want of a value.
  size_t missingValues = 0;
  bool fractionValues = false;  // the values were 0–1 fractions, printed as %
  double change() const { return value - previousValue; }
  // Townships by the size of their contribution to the change, largest first.
  std::vector<const TownshipIndicator*> topContributors(size_t count) const;
};

struct IndicatorResult {
  const IndicatorSet* set = nullptr;
  std::vector<IndicatorValue> values;  // in the set's order
  bool hasBoundary = false, hasPrevious = false;
  std::string year, previousYear;
  std::optional<double> gdp, previousGdp;
  // The townships, in the boundary layer's order (geometry for the maps).
  struct Township {
    std::string code, name;
    geos::GeomPtr geometry;
  };
  std::vector<Township> townships;
  double landAreaM2 = NAN, previousLandAreaM2 = NAN;  // of the land-use survey inside the county
  double outsideAreaM2 = 0;  // survey area outside every township
  CrsInfo crs;
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
  std::map<std::string, std::string> layerIds, previousLayerIds;  // role → project layer id
};

IndicatorResult computeIndicators(const IndicatorSettings& settings);

// Tables: indicators (one row per indicator), indicators_by_township (one
// row per indicator and township, with the township's polygon),
// indicators_townships (one row per township, a column per indicator: the
// layer for thematic maps). JSON: set, indicators [{id, name, unit, value,
// target, direction, passed, previous_value, change, by_township [{code,
// name, value, previous_value, contribution}], top_contributors …}].
// Verdicts: one per indicator that has a target.
CheckResult indicatorReport(IndicatorResult&& result);

}  // namespace sanxian
