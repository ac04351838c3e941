// Red-line audit (面积不减少、功能不降低、性质不改变): what changed between
// two versions of a polygon layer — the area removed (old minus new), the
// area added (new minus old), the net change, and the area whose function
// type (or another nature field) changed where old and new overlap — as
// pieces measured on the ellipsoid with planar figures beside, split by
// township, matched to approved adjustments, and summed per township, per
// function type and per patch code, with the two verdicts.
//
// Definitions. Removed is computed per old patch: the patch minus the union
// of the new patches that meet it (what QGIS / PostGIS Difference give);
// added likewise per new patch. Each polygon of a difference is one piece.
// Pieces below the minimum planar area are digitizing noise: left out of
// the removed / added / changed figures and the change layer, but counted
// and summed in their own figures so that the identity
//   old − (removed + removed noise) + (added + added noise) = new
// still closes; it is checked in the code to 1e-9 relative. It can only fail
// when patches of one version overlap each other (then both the totals and
// the differences count that ground twice), or after a grid retry; the
// result then says so and lists the overlapping patches.
//
// Engine: an STRtree over each version; identical patches (the common case
// between two versions) are recognised by exact equality without overlay;
// prepared geometries filter candidates; OverlayNG with the 1 mm grid retry
// (reported) does the rest. Patches are processed in parallel and merged in
// input order, so the output is identical for any thread count. Works on
// harmonized layers (one CRS, metres); runAudit also loads and writes.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/checks/check.h"
#include "core/checks/table.h"
#include "core/geometry/measure.h"
#include "core/io/layer.h"
#include "core/io/roles.h"
namespace sanxian {

// Pieces below this planar area (m²) are digitizing noise. 1 m² is 0.0001
// ha, the last digit of the hectare figures reports print, and the strip a
// 1 cm shift leaves along 100 m of edge: anything smaller changes no
// reported figure and is not a change anyone decided.
constexpr double kDefaultAuditNoiseAreaM2 = 1.0;
// The identity old − removed + added = new is checked to this, relative to
// the larger of the two totals.
constexpr double kAuditIdentityTolerance = 1e-9;

enum class ChangeType { Removed, Added, NatureChanged };
// 减少 / 增加 / 性质改变 (always Chinese: it is a value in the data, like a code).
const char* changeTypeValue(ChangeType type);
// "removed" / "added" / "nature_changed" for JSON.
const char* changeTypeKey(ChangeType type);

// An area on the ellipsoid and in the plane of the analysis CRS, m².
struct AreaPair {
  double area = 0;
  double planar = 0;
};

// One piece of change (one township's part of one polygon of a difference
// or an intersection, or of its part inside one approved adjustment).
struct ChangePiece {
  ChangeType type = ChangeType::Removed;
  static constexpr size_t npos = static_cast<size_t>(-1);
  size_t oldIndex = npos, newIndex = npos;  // feature indexes in the layers
  int64_t oldFid = -1, newFid = -1;
  std::string oldCode, newCode;  // by the match field
  std::string oldName, newName;  // the role's name field (红线名称), "" without one
  std::string oldType, newType;  // the nature field, mapped through the role's value map
  std::string township, townshipCode;  // "" outside every township or without a boundary
  size_t townshipIndex = npos;         // feature index in the boundary layer
  bool justified = false;              // inside (or by code of) an approved adjustment
  int64_t adjustmentFid = -1;
  std::string reason, document;  // the adjustment's
  geos::GeomPtr geometry;        // polygonal
  Measures measures;             // area and planarArea used
  double centroidX = 0, centroidY = 0;  // analysis CRS
  double longitude = 0, latitude = 0;   // CGCS2000 degrees (NaN if the CRS cannot be inverted)
  bool retriedOnGrid = false;
};

// A piece below the minimum area: counted, summed, listed, not a change.
struct NoisePiece {
  ChangeType type = ChangeType::Removed;
  int64_t oldFid = -1, newFid = -1;
  std::string oldCode, newCode;
  AreaPair area;
  double centroidX = 0, centroidY = 0;
};

struct AuditRetry {
  std::string version;  // "old" / "new"
  int64_t fid = -1;
  std::string error;
};

// Two patches of one version overlapping each other (listed only when the
// identity fails, as its explanation).
struct SelfOverlap {
  std::string version;
  int64_t fidA = -1, fidB = -1;
  std::string codeA, codeB;
  double planarArea = 0;
};

// One approved adjustment (调整依据): a polygon, or a patch code, or both
// (then the polygon applies to that patch only), with its reason and
// approval document number.
struct Adjustment {
  int64_t fid = -1;
  std::string code, reason, document, name;
  const GEOSGeometry* geometry = nullptr;  // owned by the adjustments layer
};

// Per-group figures of the summary tables.
struct AuditGroup {
  std::string key, name;
  std::string status;  // per patch code: matched / only_old / only_new
  std::string oldType, newType;  // per patch code
  int64_t oldPatches = 0, newPatches = 0;
  AreaPair oldArea, newArea, removed, justifiedRemoved, added, natureChanged, natureChangedIn, unjustifiedNatureChanged;
  int64_t removedPieces = 0, addedPieces = 0, natureChangedPieces = 0, unjustifiedRemovedPieces = 0;
  AreaPair net() const { return {newArea.area - oldArea.area, newArea.planar - oldArea.planar}; }
  AreaPair unjustifiedRemoved() const { return {removed.area - justifiedRemoved.area, removed.planar - justifiedRemoved.planar}; }
};

struct AuditSettings {
  std::string oldId = "old", newId = "new";  // names in reports
  // Field matching patches between versions: a role field ("code") or a
  // field name as stored; must exist in both versions. Empty: none (every
  // patch by geometry alone; no per-code figures, adjustments by polygon only).
  std::string matchField = "code";
  // Field whose change is a change of nature: a role field or a field name;
  // when missing in either version nature changes are not compared (warned).
  std::string natureField = "function_type";
  const RoleCatalog* roles = nullptr;   // required: value maps of the nature field
  const Layer* boundary = nullptr;      // optional: townships
  const Layer* adjustments = nullptr;   // optional: role "adjustment"
  double minPieceAreaM2 = kDefaultAuditNoiseAreaM2;
};

struct AuditResult {
  std::vector<ChangePiece> changes;  // removed (old order), added (new order), nature changed (old, then new order)
  std::vector<NoisePiece> noise;     // same order
  std::vector<AuditRetry> retries;
  std::vector<SelfOverlap> selfOverlaps;
  std::vector<std::string> warnings;  // in the user's language

  AreaPair oldArea, newArea;
  AreaPair removed, justifiedRemoved, added, natureChanged, unjustifiedNatureChanged;
  AreaPair noiseRemoved, noiseAdded, noiseNatureChanged;
  size_t oldPatches = 0, newPatches = 0;  // with a usable geometry

  // The identity, ellipsoidal and planar: old − removed + added (noise
  // included) against new.
  struct Identity {
    double lhs = 0, rhs = 0, residual = 0, relative = 0;
    bool holds = true;
  } identity, planarIdentity;

  std::vector<AuditGroup> byTownship;      // boundary order, then outside
  std::vector<AuditGroup> byType;          // first appearance (old, then new)
  std::vector<AuditGroup> byCode;          // first appearance (old, then new)

  std::string matchField, natureField;
  bool natureCompared = true;
  bool hasBoundary = false, hasAdjustments = false;
  double minPieceAreaM2 = kDefaultAuditNoiseAreaM2;
  CrsInfo crs;
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
  std::vector<std::pair<std::string, LoadIssue>> repairs;

  AreaPair net() const { return {newArea.area - oldArea.area, newArea.planar - oldArea.planar}; }
  AreaPair unjustifiedRemoved() const { return {removed.area - justifiedRemoved.area, removed.planar - justifiedRemoved.planar}; }
  size_t count(ChangeType type, bool unjustifiedOnly = false) const;
  bool areaNotDecreasing() const { return net().area >= 0; }
  bool planarAreaNotDecreasing() const { return net().planar >= 0; }
  // No nature change outside an approved adjustment.
  bool natureNotChanging() const { return count(ChangeType::NatureChanged, true) == 0; }
  // 调出有依据: no more area removed without an approved adjustment than the
  // noise threshold. The net change can be positive while thousands of
  // hectares leave the red line without a basis: this is the finding.
  bool removalHasBasis() const { return unjustifiedRemoved().area <= minPieceAreaM2; }
  bool passed() const { return areaNotDecreasing() && removalHasBasis() && (!natureCompared || natureNotChanging()); }
};

// The engine on harmonized layers in one CRS.
AuditResult auditLayers(const Layer& oldLayer, const Layer& newLayer, const AuditSettings& settings);

// Result tables: audit_changes (with geometry), audit_totals, audit_by_township
// (with a boundary), audit_by_type, audit_by_code, audit_noise.
std::vector<Table> auditTables(const AuditResult& result);

// The machine-readable summary: old_area_m2, new_area_m2, removed_area_m2,
// added_area_m2, net_change_m2, function_changed_area_m2,
// area_not_decreasing, nature_not_changing (and planar_ versions), the
// identity, noise, retries, the groups and every change piece.
nlohmann::ordered_json toJson(const AuditResult& result);

// Headlines for the terminal: the figures and the verdicts.
std::vector<std::string> auditHeadlines(const AuditResult& result);


// Everything the audit hands back: JSON, headlines, tables, findings, verdicts.
CheckResult auditReport(const AuditResult& result, const std::string& oldId, const std::string& newId);


// The removed and nature-changed pieces as findings (unjustified: 禁止,
// justified: 提示, so they are reported, not hidden), each with the geometry
// of its row in `changes` (the audit_changes table, same order).
std::vector<Finding> auditFindings(const AuditResult& result, const Table* changes, const std::string& oldId, const std::string& newId);



}  // namespace sanxian
