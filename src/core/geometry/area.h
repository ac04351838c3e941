// The area of each feature of one layer and of the whole layer,
// ellipsoidal (CGCS2000) and planar, as `sanxian area` and the viewer show
// it: loads the layer, repairs invalid geometry in the layer's own CRS
// (reporting each repair), measures every feature in parallel and adds the
// figures up in FID order. Writes nothing; the caller prints or saves.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geometry/measure.h"
#include "core/geometry/units.h"
#include "core/io/layer.h"
#include "core/io/load.h"
#include "core/io/roles.h"

namespace sanxian {

// Planar and ellipsoidal totals further apart than this (relative) come
// with a warning: no planar CRS suited to the data distorts that much (a
// Gauss-Kruger zone stays within 0.3 % of the ellipsoid), so the planar CRS
// is far from the data or does not fit it, and its figures mislead.
constexpr double kPlanarDifferenceWarning = 0.01;

struct AreaOptions {
  LoadOptions load;  // source, layer, encoding, CRS override, seven parameters
  double densifyStep = kDefaultDensifyStep;
  // Rounding of the printed table: hectares and mu, with 面积平差.
  int hectareDecimals = 4;
  int muDecimals = 2;
};

struct FeatureArea {
  int64_t fid = -1;
  std::string code, name;  // from the layer's role fields, "" without a role
  bool hasGeometry = false;
  Measures measures;
};

// A column of rounded figures after 面积平差.
struct RoundedColumn {
  AreaUnit unit = AreaUnit::Hectare;
  AdjustedParts parts;
};

struct LayerAreas {
  std::string source, layerName;
  std::string role;  // "" when the fields fit no role
  CrsInfo crs;       // the layer's CRS
  CrsInfo planarCrs;  // where planar figures are computed
  bool planarIsLayerCrs = true;  // false: geographic layer, planar in its Gauss-Kruger zone
  double densifyStep = kDefaultDensifyStep;
  Measurer::Ellipsoid ellipsoid;  // what the ellipsoidal figures are on
  bool areasIntegratedInPlane = false;  // see Measurer::integratesAreasInPlane
  bool polygonal = true;  // false for a line layer: lengths are the figures that matter
  std::vector<FeatureArea> features;  // in load (FID) order
  Measures total;  // sums over the features, compensated
  // planar / ellipsoidal − 1 of the totals (areas of a polygon layer,
  // lengths of a line layer); NaN when there is nothing to compare.
  double planarDifference = 0;
  // For the user, in their language, beside the figures: e.g. planar and
  // ellipsoidal further apart than kPlanarDifferenceWarning.
  std::vector<std::string> warnings;
  RoundedColumn hectares, mu;  // ellipsoidal areas rounded for the table
  RoundedColumn planarHectares, planarMu;
  std::vector<LoadIssue> issues;  // from load and repair
};

// Loads and measures. Throws sanxian::Error naming the source, layer and
// feature when the input cannot be used.
LayerAreas measureLayer(const AreaOptions& options, const RoleCatalog& roles);

// The machine-readable summary: snake_case keys carrying their unit;
// ellipsoidal figures plain (area_m2), planar ones prefixed (planar_area_m2),
// both in metres whatever the CRS's unit (named in crs / planar_crs).
nlohmann::ordered_json toJson(const LayerAreas& areas);

}  // namespace sanxian
