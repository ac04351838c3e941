// Overlap conflicts: every piece where a feature of layer A overlaps a
// feature of layer B (mining rights × red line, mining × reserve zones,
// reserve × reserve 交叉重叠, project site × the control lines), judged by a
// rule list (rules.h), measured on the ellipsoid with planar figures beside,
// placed in a township, and every near-miss within a rule's distance.
//
// Engine: an STRtree over B and prepared geometries find the candidate
// pairs; exact OverlayNG runs only on pairs that really intersect and are
// not simply contained; features of A are processed in parallel and results
// merged in A's order, so the output is identical for any thread count.
// Only polygonal overlap is a conflict between polygon layers (touching
// along an edge or at a point is not); pieces below a minimum planar area
// are counted and listed as slivers, not silently dropped; topology errors
// are retried on the 1 mm grid and reported. Works on harmonized layers
// (one CRS, metres); runOverlap also loads and writes.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/checks/check.h"
#include "core/checks/rules.h"
#include "core/checks/table.h"
#include "core/geometry/measure.h"
#include "core/io/layer.h"
#include "core/io/roles.h"
namespace sanxian {

// Pieces smaller than this (planar m²) are slivers from digitizing.
constexpr double kDefaultMinPieceAreaM2 = 1.0;

// One side of a conflict as the reports show it.
struct OverlapSide {
  std::string layer;  // the layer's id (project id or file stem)
  int64_t fid = -1;
  std::string code, name;
  std::string attributes;  // mapped role values, "zone=core; type=nature_reserve"
  double featureArea = 0;        // ellipsoidal m² of the whole feature (length in m for lines)
  double planarFeatureArea = 0;  // planar
};

// One overlap piece: the part of one A feature inside one B feature.
struct OverlapPiece {
  size_t aIndex = 0, bIndex = 0;  // feature indexes in the layers
  OverlapSide a, b;
  std::string ruleId, ruleName;
  Severity severity = Severity::Notice;
  std::string message;
  geos::GeomPtr geometry;  // polygonal (or lineal when one layer holds lines)
  bool lineal = false;
  Measures measures;            // area / length of the piece, ellipsoidal and planar
  double shareA = 0, shareB = 0;  // of each feature's ellipsoidal area (or length), 0..1
  std::string township, townshipCode;
  bool retriedOnGrid = false;
  // A value the rule looks at was empty or unknown (the stricter rule was taken): what it was.
  std::string undecided;
};

struct NearMiss {
  OverlapSide a, b;
  std::string ruleId, ruleName;
  Severity severity = Severity::Notice;
  std::string message;
  double distance = 0;  // planar metres in the analysis CRS
};

struct Sliver {
  std::string aLayer, bLayer;
  int64_t aFid = -1, bFid = -1;
  double planarArea = 0;
};

struct GridRetry {
  std::string aLayer, bLayer;
  int64_t aFid = -1, bFid = -1;
  std::string error;
};

struct OverlapSettings {
  std::string aId, bId;  // names of the layers in reports
  const RuleList* rules = nullptr;  // required
  const RoleCatalog* roles = nullptr;  // required: field definitions for the rule filters
  const Layer* boundary = nullptr;  // optional: township of each piece
  std::string boundaryId = "boundary";  // its name in reports
  double minPieceAreaM2 = kDefaultMinPieceAreaM2;
  // Same layer on both sides (reserve × reserve): pairs (i, j) with i < j
  // only. Set automatically when a and b are the same object.
  bool selfOverlap = false;
};

struct OverlapResult {
  std::vector<OverlapPiece> pieces;  // in A order, then B order
  std::vector<NearMiss> nearMisses;
  std::vector<Sliver> slivers;
  std::vector<GridRetry> retries;
  size_t touchingPairs = 0;        // intersect without any polygonal overlap (edge or point)
  size_t overlapsWithoutRule = 0;  // overlapping pairs no rule of these roles accepts
  size_t candidatePairs = 0;       // pairs whose envelopes met
  size_t gridKernelPairs = 0;      // polygon pairs overlaid by the grid kernel (overlay::polygonIntersection)
  size_t kernelFallbacks = 0;      // polygon pairs the grid kernel could not take: GEOS did
  double minPieceAreaM2 = kDefaultMinPieceAreaM2;
  CrsInfo crs;
  std::string rulesPath;
  bool selfOverlap = false;
  bool hasBoundary = false;
  // What went in, for the JSON: id, source, role and feature count per layer.
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
  std::vector<std::pair<std::string, LoadIssue>> repairs;  // layer id, repair

  // Appends another result's records (the site check: one B layer after another).
  void append(OverlapResult&& other);
};

// The engine on harmonized layers in one CRS.
OverlapResult overlapLayers(const Layer& a, const Layer& b, const OverlapSettings& settings);

// A candidate pair another engine found (the database, overlap_postgis.h):
// feature indexes in the layers (A the lower FID when a layer meets
// itself), whether they intersect, their intersection as that engine
// computed it (WKB, the whole of it: the lower dimension's part is taken
// here), and their distance (planar metres) when they do not intersect and
// a near-miss rule may apply.
struct FoundPair {
  size_t i = 0, j = 0;
  bool intersects = false;
  std::string intersectionWkb;
  double distance = 0;
};

// The overlap from pairs found elsewhere: judged by the rules, measured,
// placed and assembled by the same code as overlapLayers' own pairs, so
// the result is the same for the same pairs and intersections. The pairs
// must be candidates as overlapLayers finds them (envelopes within the
// largest near-miss distance, both geometries present).
OverlapResult overlapFoundPairs(const Layer& a, const Layer& b, const OverlapSettings& settings, std::vector<FoundPair> pairs);

// Result tables: "<prefix>_conflicts" (with geometry), "<prefix>_summary"
// (per rule, severity, A feature and township), "<prefix>_near_misses",
// "<prefix>_slivers".
std::vector<Table> overlapTables(const OverlapResult& result, const std::string& prefix = "overlap");
// The same, taking each piece's geometry instead of copying it (the result
// keeps its figures but no geometry).
std::vector<Table> overlapTables(OverlapResult&& result, const std::string& prefix = "overlap");

// The machine-readable summary: pieces, overlap_area_m2,
// planar_overlap_area_m2, severity_counts, near misses, slivers, retries,
// per-rule / per-township summaries and every conflict without geometry.
// Lists (conflicts, per-feature summaries, near misses, slivers) longer
// than `longestList` are given as {"omitted_entries": N} without being
// built: a run keeps only short lists in its summary, and building 300 000
// conflict objects to drop them cost seconds at provincial scale.
nlohmann::ordered_json toJson(const OverlapResult& result, size_t longestList = SIZE_MAX);



// Every piece and near miss as a finding, each piece with the geometry of
// its row in `conflicts` (the <prefix>_conflicts table, same order).
std::vector<Finding> overlapFindings(const OverlapResult& result, const Table* conflicts);

// Everything the overlap hands back: JSON (lists longer than longestList
// only counted), headlines, tables (the pieces' geometry moves into the
// conflicts table), findings.
CheckResult overlapReport(OverlapResult&& result, size_t longestList = SIZE_MAX);

// Headlines for the terminal: pieces, area, counts by severity.
std::vector<std::string> overlapHeadlines(const OverlapResult& result);

}  // namespace sanxian
