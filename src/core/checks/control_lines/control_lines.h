// The three control lines (三条控制线): the ecological protection red line,
// permanent basic farmland and the urban development boundary must not
// cross or overlap (不交叉、不重叠、不冲突). Every piece where two of them
// overlap, for each of the three pairs, with both sides' codes, the area on
// the ellipsoid with the planar area beside, the township, and the rule
// from the rule list (redline_farmland, redline_urban, farmland_urban);
// totals per pair and per pair and township; the verdict
// control_lines_consistent (三线不交叉不重叠) fails when any pair overlaps
// by a piece at or above the noise threshold (smaller pieces are slivers,
// counted apart).
//
// Engine: the overlap engine (overlap.h) on each pair in turn — the same
// candidate search, exact overlay, grid retry, measuring and township
// placement — its pieces gathered into one result in pair order. Works on
// harmonized layers in one CRS; writes nothing.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/checks/check.h"
#include "core/checks/overlap/overlap.h"

namespace sanxian {

struct ControlLinesSettings {
  const Layer* redline = nullptr;   // required
  const Layer* farmland = nullptr;  // required
  const Layer* urban = nullptr;     // required
  std::string redlineId = "redline", farmlandId = "farmland", urbanId = "urban";
  const RuleList* rules = nullptr;     // required: the control-line rules (layers/rules.yaml)
  const RoleCatalog* roles = nullptr;  // required
  const Layer* boundary = nullptr;     // optional: township of each piece
  std::string boundaryId = "boundary";
  double minPieceAreaM2 = kDefaultMinPieceAreaM2;  // the noise threshold (planar m²)
};

// One pair of control lines and what overlaps between them.
struct ControlLinePair {
  std::string a, b;          // layer ids, in the order checked
  std::string aRole, bRole;  // their roles
  size_t pieces = 0;         // overlap pieces at or above the noise threshold
  double area = 0, planarArea = 0;  // ellipsoidal and planar m² of those pieces
  size_t slivers = 0;        // pieces below the threshold
  double planarSliverArea = 0;
  size_t touchingPairs = 0;  // features meeting along an edge or at a point only
  size_t firstPiece = 0;     // the pair's pieces in ControlLinesResult::overlaps.pieces: [firstPiece, firstPiece + pieces)
};

struct ControlLinesResult {
  // Every piece of every pair, pair by pair (red line × farmland, red line
  // × urban, farmland × urban), each in the overlap engine's order.
  OverlapResult overlaps;
  std::vector<ControlLinePair> pairs;
  double totalArea = 0, planarTotalArea = 0;
  const RoleCatalog* roles = nullptr;  // the roles' titles name the pairs in reports
  bool consistent() const;  // no pair overlaps at or above the noise threshold
};

ControlLinesResult controlLines(const ControlLinesSettings& settings);

// Tables: control_lines_conflicts (every piece, with geometry),
// control_lines_pairs (one row per pair), control_lines_by_township (per
// pair and township, when a boundary was given), control_lines_slivers.
// JSON: pairs [{a, b, pieces, overlap_area_m2, planar_overlap_area_m2 …}],
// total_overlap_area_m2, planar_total_overlap_area_m2,
// control_lines_consistent, then the overlap engine's figures and lists.
// Findings: every piece. Verdict: control_lines_consistent.
CheckResult controlLinesReport(ControlLinesResult&& result, size_t longestList = SIZE_MAX);

}  // namespace sanxian
