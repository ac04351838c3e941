// Land use inside the zones (管控区内土地利用): the area of every land
// class of the land-use survey (地类图斑 DLTB) inside a zone layer — the red
// line, a protected area's zones, a drinking-water source's zones — by
// township and by zone, on the ellipsoid with the planar area beside; and
// a finding for each piece of a class the rule list calls human activity
// there (采矿用地, 建设用地, 耕地 in the red line …: rules with a: land_use,
// filtered by land-class group or code — rules.h reads both through
// layers/land_classes.yaml — severity from layers/rules.yaml).
//
// Two areas per piece, always named apart: the piece's own area (图斑面积
// of the piece, as measured) and, where the layer carries the survey's
// deduction, the survey's land-class area (地类面积) scaled to the piece:
// TBDLMJ × (piece area / patch area), else (TBMJ − KCMJ) × that share,
// else the piece area × (1 − KCXS). The deducted part (KCMJ: field ridges
// and other linear features) is reported beside it.
//
// Zones that overlap each other (two reserves' zones) count the ground
// under both once per zone, as the overlap check does: the totals are sums of
// pieces, not the area of a union.
//
// Engine: the overlap engine (overlap.h) with an empty rule list finds
// every piece of a land-use patch inside a zone (STRtree, exact overlay,
// grid retry, measuring, township); this module classifies and sums them.
// Works on harmonized layers in one CRS; writes nothing.
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/checks/check.h"
#include "core/checks/land_classes.h"
#include "core/checks/overlap/overlap.h"

namespace sanxian {

struct LandUseSettings {
  const Layer* zones = nullptr;    // required: red line, reserve, water_source …
  const Layer* landUse = nullptr;  // required: role land_use
  std::string zonesId = "zones", landUseId = "landuse";
  const RuleList* rules = nullptr;            // required: the land-use rules (a: land_use)
  const RoleCatalog* roles = nullptr;         // required
  const LandClassCatalog* classes = nullptr;  // required
  const Layer* boundary = nullptr;            // optional: township of each piece
  std::string boundaryId = "boundary";
  double minPieceAreaM2 = kDefaultMinPieceAreaM2;
  // Only the zones these filters accept (as a rule's where_b: the zone
  // role's field → canonical or raw values), e.g. {zone: [core]} for a
  // reserve's core zone; every zone when empty.
  std::map<std::string, std::vector<std::string>> zonesWhere;
};

// Where a piece's survey land-class area comes from.
enum class DeductionSource { ClassArea, AreaLessDeduction, Rate, None };
const char* deductionSourceKey(DeductionSource source);  // "TBDLMJ", "TBMJ-KCMJ", "KCXS", "none"

// One piece: the part of one land-use patch inside one zone.
struct LandUsePiece {
  int64_t patchFid = -1, zoneFid = -1;
  std::string patchCode;                       // BSM / TBBH
  std::string classCode;                       // DLBM as the data has it
  std::string className;                       // from the land-class file, else DLMC
  std::string groupKey, groupName;             // the class's own first-level group ("" when unknown)
  bool classKnown = false;
  std::string zoneCode, zoneName, zoneAttributes;
  std::string township, townshipCode;
  Measures measures;       // the piece: ellipsoidal and planar
  double share = 0;        // of the patch's ellipsoidal area, 0..1
  // The survey's land-class area and deduction scaled to the piece (NaN when the layer carries neither).
  double classArea = NAN, deduction = NAN;
  DeductionSource source = DeductionSource::None;
  std::string ruleId, ruleName, message;  // empty: no rule calls this class human activity here
  Severity severity = Severity::Notice;
  bool retriedOnGrid = false;
  geos::GeomPtr geometry;
};

struct LandUseResult {
  std::vector<LandUsePiece> pieces;  // in land-use patch order, then zone order
  std::vector<Sliver> slivers;
  std::vector<GridRetry> retries;
  std::vector<std::string> unknownClasses;  // codes the land-class file does not list, in order of appearance
  double minPieceAreaM2 = kDefaultMinPieceAreaM2;
  CrsInfo crs;
  std::string rulesPath, classesPath;
  std::string landUseId, zonesId, zonesRole;
  std::map<std::string, std::vector<std::string>> zonesWhere;
  bool hasBoundary = false;
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
  std::vector<std::pair<std::string, LoadIssue>> repairs;
  const LandClassCatalog* classes = nullptr;
};

LandUseResult landUseInZones(const LandUseSettings& settings);

// Tables: landuse_pieces (every piece, with geometry), landuse_classes (per
// class), landuse_by_township (per township and class), landuse_by_zone
// (per zone and class), landuse_slivers. JSON: classes [{code, name, group,
// pieces, area_m2, planar_area_m2, survey_class_area_m2, deduction_m2 …}],
// total_area_m2, planar_total_area_m2, survey_total_class_area_m2,
// area_basis, by_township, by_zone, severity_counts, findings, pieces.
// Findings: every piece a rule names.
CheckResult landUseReport(LandUseResult&& result, size_t longestList = SIZE_MAX);

}  // namespace sanxian
