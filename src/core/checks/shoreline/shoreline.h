// Shoreline protection rate (河湖岸线保护率) and shoreline occupation: the
// shoreline lines are split into segments by shoreline zone (岸线保护区 /
// 保留区 / 控制利用区 / 开发利用区, from zone polygons or from the lines'
// own zone attribute) and by township, each segment measured on the
// ellipsoid with its planar length beside; the protection rate is the
// length in the protected zones over the total. Segments lying within a
// distance of mining rights (or any other polygon layer) are occupied, and
// occupation of a protected zone is flagged. With the previous year's lines
// the change of the rate and of each zone's length is reported.
//
// Engine: an STRtree over the zone polygons, the townships and each
// occupier layer; prepared geometries decide containment and distance, and
// exact OverlayNG runs only where a line really crosses a boundary (topology
// errors retried on the 1 mm grid and reported). Lines are processed in
// parallel and merged in input order, so output is identical for any thread
// count. Works on harmonized layers; runShoreline also loads and writes.
//
// Which zone a stretch belongs to. Where zone polygons overlap, or a line
// runs along the common edge of two zone polygons (the edge belongs to
// both), the stricter zone takes the stretch (从严: protection, reserved,
// controlled use, development, then other values; equal zones: the earlier
// feature), and it is counted once. Stretches outside every zone polygon
// keep the zone attribute of the line, if it has one, else they are
// unzoned (未划分): counted in the total, never as protected.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/checks/check.h"
#include "core/checks/table.h"
#include "core/geometry/measure.h"
#include "core/io/layer.h"
#include "core/io/roles.h"
namespace sanxian {

// Default occupation distance: 50 m. Shoreline plans draw the shoreline
// as a belt between the water-side line (临水边界线) and the land-side line
// (外缘边界线); for the small and medium rivers and lakes of a county that
// belt is typically a few tens of metres wide, so a mine within 50 m of the
// mapped shoreline is taken to stand in it. It is a judgement, not a
// national figure: large rivers (黄河) may want more, and the value used is
// written into every report (--distance, distance_m).
constexpr double kDefaultOccupationDistanceM = 50.0;

// Quarter-circle segments of the distance buffer around occupiers: the
// buffer's chords lie inside the true distance, so occupied lengths are
// short by at most r·(1 − cos(π/128)) ≈ 1.5 cm at 50 m at each end.
constexpr int kOccupationBufferQuadrantSegments = 32;

// The canonical zone values that count as protected by default.
const std::vector<std::string>& defaultProtectedZones();

// "protection" → 岸线保护区 / protection zone; "" → 未划分 / unzoned.
std::string shorelineZoneTitle(const std::string& canonical);

// Reads a list such as "保护区,保留区" or "protection,reserved" into
// canonical zone values; a usage error for a value that is no shoreline zone.
std::vector<std::string> parseProtectedZones(const std::string& list, const RoleCatalog& roles);

// One stretch of one shoreline line in one zone and one township.
struct ShorelineSegment {
  size_t lineIndex = 0;  // feature index in the lines layer
  int64_t lineFid = -1;
  std::string code, river, bank;  // bank canonical: left / right / "" (raw value when unmapped)
  std::string zone;               // canonical zone value, "" unzoned
  std::string zoneSource;         // "attribute", "zones:<fid>" or "" (unzoned)
  bool protectedZone = false;
  std::string township, townshipCode;
  int64_t townshipFid = -1;
  geos::GeomPtr geometry;  // lineal
  Measures measures;       // length and planarLength
  // Length within the occupation distance of any occupier (counted once
  // where occupiers' distance belts overlap).
  double occupiedLength = 0, planarOccupiedLength = 0;
  std::string occupiers;  // "mining:12 C150…; mining:14 …"
  bool retriedOnGrid = false;
};

// One occupier feature near one segment.
struct ShorelineOccupation {
  size_t segment = 0;  // index into ShorelineResult::segments
  std::string layer;   // occupier layer id
  int64_t fid = -1;
  std::string code, name;
  double distance = 0;  // planar metres from the segment to the feature
  double length = 0, planarLength = 0;  // of the segment within the distance
  geos::GeomPtr geometry;  // that part of the segment
  bool protectedZone = false;
};

// Figures of one group (a zone, a river, a bank, a township, or all).
struct ShorelineFigures {
  std::string group;  // "total", "zone", "river", "bank", "township"
  std::string key;    // canonical value or name ("" unzoned / outside townships)
  double length = 0, planarLength = 0;
  double protectedLength = 0, planarProtectedLength = 0;
  double occupiedLength = 0, planarOccupiedLength = 0;
  int64_t segments = 0;
  double rate() const { return length > 0 ? 100.0 * protectedLength / length : 0; }
  double planarRate() const { return planarLength > 0 ? 100.0 * planarProtectedLength / planarLength : 0; }
};

struct ShorelineGridRetry {
  int64_t lineFid = -1;
  std::string against;  // "zones", "townships", an occupier layer id
};

struct ShorelineResult {
  std::vector<ShorelineSegment> segments;  // in line order, then zone, then township
  std::vector<ShorelineOccupation> occupations;  // in segment order, then occupier layer and feature
  std::vector<ShorelineGridRetry> retries;
  std::vector<std::string> protectedZones;  // canonical values
  double distance = kDefaultOccupationDistanceM;
  bool hasZones = false, hasBoundary = false, hasOccupiers = false;
  bool zoneAttribute = false;  // the lines carry a zone field
  size_t linesWithoutGeometry = 0;
  CrsInfo crs;
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array();

  // "total" first, then by zone (stricter first), river, bank and township
  // in order of first appearance.
  std::vector<ShorelineFigures> figures() const;
  ShorelineFigures total() const;
};

struct ShorelineSettings {
  std::string linesId = "shoreline";
  const RoleCatalog* roles = nullptr;  // required: the zone and bank value maps
  const Layer* zones = nullptr;        // optional zone polygons (role shoreline_zone)
  std::string zonesId = "zones";
  const Layer* boundary = nullptr;     // optional townships
  std::vector<std::pair<std::string, const Layer*>> occupiers;  // id, polygon layer
  double distance = kDefaultOccupationDistanceM;
  std::vector<std::string> protectedZones = defaultProtectedZones();
};

// The engine on harmonized layers in one CRS.
ShorelineResult shorelineLines(const Layer& lines, const ShorelineSettings& settings);

// Two years: the current result and the previous year's (no occupation needed).
struct ShorelineComparison {
  ShorelineResult current;
  std::optional<ShorelineResult> previous;
};

// Tables: "shoreline_segments" (with geometry), "shoreline_occupation"
// (with the occupied parts), "shoreline_summary" (per group, with the
// previous year's length and the change when there is one).
std::vector<Table> shorelineTables(const ShorelineComparison& c);

// Everything the shoreline check hands back: JSON, headlines, tables, findings.
CheckResult shorelineReport(const ShorelineComparison& comparison, const std::string& linesId);

// Each occupation as a finding (protected shoreline occupied: 禁止), with
// the geometry of its row in `occupation` (the shoreline_occupation table).
std::vector<Finding> shorelineFindings(const ShorelineResult& r, const Table* occupation, const std::string& linesId);

// total_length_m, protected_length_m, protection_rate_pct (planar_ beside),
// unzoned / occupied lengths, by_zone / by_river / by_bank / by_township,
// occupations, and with a previous year `previous` and `change`.
nlohmann::ordered_json toJson(const ShorelineComparison& c);

std::vector<std::string> shorelineHeadlines(const ShorelineComparison& c);



}  // namespace sanxian
