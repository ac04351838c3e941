// Red-line audit on small hand-built versions whose answers are computed by
// hand. All coordinates are EPSG:4545 metres near the central meridian
// (108°E, about 38.8°N), where planar figures are exact and ellipsoidal ones
// agree with them to ~1e-6. The scenario, each patch 1000 m × 1000 m unless
// said otherwise, two townships split at x = 0 (west 西镇, east 东镇):
//
//   HX01 水源涵养  [-5000,-4000]×[0,1000]    shrunk by a 100 m strip      removed 100 000 (west)
//   HX02 水土保持  [-3000,-2000]×[0,1000]    grown by 200 m               added 200 000 (west)
//   HX03 防风固沙  [-500,500]×[2000,3000]     removed, across the border   removed 500 000 west + 500 000 east
//   HX04 防风固沙  [2000,3000]×[0,1000]       added (new only)             added 1 000 000 (east)
//   HX05 生物多样性 [4000,5000]×[0,1000]      split in two, 200 m gap      removed 200 000 (east)
//   HX06 水源涵养 → 水土保持, same geometry   [6000,7000]×[0,1000]        function changed 1 000 000 (east)
//   HX07 水土保持  50 m × 50 m at (-3000,2000), shifted 1 cm east          noise 0.5 removed + 0.5 added
//   HX08 防风固沙  [-7000,-6000]×[0,1000] → y ≤ 600, inside an approved adjustment: removed 400 000, justified
//   HX09 水源涵养功能 → 水源涵养功能极重要区 (both map to 水源涵养), unchanged  [8000,9000]×[0,1000]
//
// Old total 7 002 500 m², new 6 502 500 m²: removed 1 700 000 (+0.5 noise),
// added 1 200 000 (+0.5 noise), net −500 000.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/audit/audit.h"
#include "core/geometry/harmonize.h"
#include "core/geometry/units.h"
#include "core/io/crs.h"
#include "core/io/load.h"
#include "core/run/check_runners.h"
#include "core/run/project.h"
#include "fixtures/fixtures.h"
#include "report/files/write_run.h"
#include "report/files/writers.h"

namespace sanxian {
namespace {

using test::freshFolder;
using test::writeLayer;

constexpr double X0 = 500000, Y0 = 4300000;
constexpr double kEllipsoidal = 2e-5;  // relative: ellipsoidal vs planar this close to the central meridian

const RoleCatalog& roles() {
  static const RoleCatalog catalog = RoleCatalog::loadDefault();
  return catalog;
}

std::string rect(double x1, double y1, double x2, double y2) {
  return format("POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", X0 + x1, Y0 + y1, X0 + x2, Y0 + y1, X0 + x2, Y0 + y2, X0 + x1,
                Y0 + y2, X0 + x1, Y0 + y1);
}

std::string writeShp(const std::string& folder, const std::string& name, const std::vector<std::string>& fields,
                     const std::vector<test::Row>& rows) {
  test::LayerSpec spec;
  spec.path = folder + "/" + name + ".shp";
  spec.fields = fields;
  spec.rows = rows;
  return writeLayer(spec);
}

Layer loadAs(const std::string& path, const std::string& role) {
  LoadOptions options;
  options.source = path;
  options.role = role;
  Layer layer = load(options, roles());
  harmonize(layer, crsFromUser("EPSG:4545"));
  return layer;
}

test::Row patch(const std::string& code, const std::string& type, const std::string& wkt) { return {wkt, {code, type}}; }

struct Scenario {
  std::string folder, oldPath, newPath, townshipsPath, adjustmentsPath;
};

Scenario writeScenario(const std::string& name) {
  Scenario s;
  s.folder = freshFolder(name);
  const std::vector<std::string> fields = {"HXBH", "GNLX"};
  s.oldPath = writeShp(s.folder, "redline_2022", fields,
                       {patch("HX01", "水源涵养", rect(-5000, 0, -4000, 1000)), patch("HX02", "水土保持", rect(-3000, 0, -2000, 1000)),
                        patch("HX03", "防风固沙", rect(-500, 2000, 500, 3000)), patch("HX05", "生物多样性维护", rect(4000, 0, 5000, 1000)),
                        patch("HX06", "水源涵养功能", rect(6000, 0, 7000, 1000)), patch("HX07", "水土保持", rect(-3000, 2000, -2950, 2050)),
                        patch("HX08", "防风固沙", rect(-7000, 0, -6000, 1000)), patch("HX09", "水源涵养功能", rect(8000, 0, 9000, 1000))});
  s.newPath = writeShp(s.folder, "redline_2023", fields,
                       {patch("HX01", "水源涵养", rect(-5000, 0, -4100, 1000)), patch("HX02", "水土保持", rect(-3000, 0, -1800, 1000)),
                        patch("HX04", "防风固沙", rect(2000, 0, 3000, 1000)), patch("HX05", "生物多样性维护", rect(4000, 0, 4400, 1000)),
                        patch("HX05", "生物多样性维护", rect(4600, 0, 5000, 1000)), patch("HX06", "水土保持", rect(6000, 0, 7000, 1000)),
                        patch("HX07", "水土保持", rect(-2999.99, 2000, -2949.99, 2050)), patch("HX08", "防风固沙", rect(-7000, 0, -6000, 600)),
                        patch("HX09", "水源涵养功能极重要区", rect(8000, 0, 9000, 1000))});
  s.townshipsPath = writeShp(s.folder, "townships", {"XZQMC", "XZQDM"},
                             {{rect(-10000, -1000, 0, 5000), {"西镇", "150624100"}}, {rect(0, -1000, 10000, 5000), {"东镇", "150624200"}}});
  s.adjustmentsPath = writeShp(s.folder, "adjustments", {"TZYY", "PZWH"},
                               {{rect(-7100, 550, -5900, 1100), {"国家重大项目：高速公路", "自然资函〔2023〕123号"}}});
  return s;
}

struct Loaded {
  Layer oldLayer, newLayer, townships, adjustments;
};

Loaded loadScenario(const Scenario& s) {
  return {loadAs(s.oldPath, "redline"), loadAs(s.newPath, "redline"), loadAs(s.townshipsPath, "boundary"),
          loadAs(s.adjustmentsPath, "adjustment")};
}

AuditSettings settingsFor(const Loaded& l, bool withBoundary = true, bool withAdjustments = true) {
  AuditSettings s;
  s.oldId = "redline_2022";
  s.newId = "redline_2023";
  s.roles = &roles();
  if (withBoundary) s.boundary = &l.townships;
  if (withAdjustments) s.adjustments = &l.adjustments;
  return s;
}

const AuditGroup* groupOf(const std::vector<AuditGroup>& groups, const std::string& key) {
  for (const AuditGroup& g : groups)
    if (g.key == key) return &g;
  return nullptr;
}

std::vector<const ChangePiece*> piecesOf(const AuditResult& r, ChangeType type, const std::string& code) {
  std::vector<const ChangePiece*> out;
  for (const ChangePiece& p : r.changes)
    if (p.type == type && (type == ChangeType::Added ? p.newCode : p.oldCode) == code) out.push_back(&p);
  return out;
}

void expectArea(const AreaPair& a, double planar, const char* what) {
  EXPECT_NEAR(a.planar, planar, 1e-6 + std::fabs(planar) * 1e-12) << what;
  EXPECT_NEAR(a.area, planar, 1e-6 + std::fabs(planar) * kEllipsoidal) << what;
}

TEST(Audit, TotalsRemovedAddedAndNetMatchTheHandComputedScenario) {
  const Scenario s = writeScenario("audit_totals");
  const Loaded l = loadScenario(s);
  const AuditResult r = auditLayers(l.oldLayer, l.newLayer, settingsFor(l));

  EXPECT_EQ(r.oldPatches, 8u);
  EXPECT_EQ(r.newPatches, 9u);
  expectArea(r.oldArea, 7002500, "old");
  expectArea(r.newArea, 6502500, "new");
  expectArea(r.removed, 1700000, "removed");
  expectArea(r.added, 1200000, "added");
  expectArea(r.net(), -500000, "net");
  expectArea(r.natureChanged, 1000000, "function changed");
  expectArea(r.justifiedRemoved, 400000, "justified");
  expectArea(r.unjustifiedRemoved(), 1300000, "unjustified");
  EXPECT_FALSE(r.areaNotDecreasing());
  EXPECT_FALSE(r.natureNotChanging());
  EXPECT_TRUE(r.retries.empty());
  EXPECT_TRUE(r.warnings.empty());

  // The identity closes to far better than 1e-9, noise included.
  EXPECT_TRUE(r.identity.holds);
  EXPECT_TRUE(r.planarIdentity.holds);
  EXPECT_LT(r.identity.relative, 1e-12);
  EXPECT_LT(r.planarIdentity.relative, 1e-12);

  const auto j = toJson(r);
  for (const char* key : {"old_area_m2", "new_area_m2", "removed_area_m2", "added_area_m2", "net_change_m2", "function_changed_area_m2"}) {
    ASSERT_TRUE(j.contains(key)) << key;
    ASSERT_TRUE(j.contains(std::string("planar_") + key)) << key;
  }
  EXPECT_NEAR(j["planar_removed_area_m2"].get<double>(), 1700000, 1e-6);
  EXPECT_NEAR(j["planar_added_area_m2"].get<double>(), 1200000, 1e-6);
  EXPECT_NEAR(j["planar_net_change_m2"].get<double>(), -500000, 1e-6);
  EXPECT_NEAR(j["removed_area_ha"].get<double>(), 170, 170 * kEllipsoidal);
  EXPECT_NEAR(j["removed_area_mu"].get<double>(), 2550, 2550 * kEllipsoidal);
  EXPECT_EQ(j["area_not_decreasing"], false);
  EXPECT_EQ(j["planar_area_not_decreasing"], false);
  EXPECT_EQ(j["nature_not_changing"], false);
  EXPECT_EQ(j["identity"]["holds"], true);
  EXPECT_EQ(j["codes_matched"], 7);
  EXPECT_EQ(j["codes_only_old"], 1);
  EXPECT_EQ(j["codes_only_new"], 1);
}

TEST(Audit, ShrunkPatchLosesItsStripWithCentroidInMetresAndDegrees) {
  const Scenario s = writeScenario("audit_shrunk");
  const Loaded l = loadScenario(s);
  const AuditResult r = auditLayers(l.oldLayer, l.newLayer, settingsFor(l));
  const auto pieces = piecesOf(r, ChangeType::Removed, "HX01");
  ASSERT_EQ(pieces.size(), 1u);
  const ChangePiece& p = *pieces[0];
  EXPECT_NEAR(p.measures.planarArea, 100000, 1e-6);
  EXPECT_NEAR(p.measures.area, 100000, 100000 * kEllipsoidal);
  EXPECT_NEAR(hectares(p.measures.area), 10, 10 * kEllipsoidal);
  EXPECT_NEAR(mu(p.measures.area), 150, 150 * kEllipsoidal);
  EXPECT_EQ(p.township, "西镇");
  EXPECT_EQ(p.townshipCode, "150624100");
  EXPECT_EQ(p.oldType, "水源涵养");
  EXPECT_EQ(p.oldFid, 0);
  EXPECT_EQ(p.newFid, -1);
  EXPECT_FALSE(p.justified);
  EXPECT_NEAR(p.centroidX, X0 - 4050, 1e-6);
  EXPECT_NEAR(p.centroidY, Y0 + 500, 1e-6);
  // 4050 m west of 108°E at 38.8°N: 4050 / (111 320 · cos 38.8°) ≈ 0.0467°.
  EXPECT_NEAR(p.longitude, 108 - 4050 / (111320 * std::cos(p.latitude * M_PI / 180)), 2e-4);
  EXPECT_NEAR(p.latitude, 38.85, 0.1);
}

TEST(Audit, GrownAddedRemovedAndSplitPatchesByCode) {
  const Scenario s = writeScenario("audit_codes");
  const Loaded l = loadScenario(s);
  const AuditResult r = auditLayers(l.oldLayer, l.newLayer, settingsFor(l));

  const AuditGroup* grown = groupOf(r.byCode, "HX02");
  ASSERT_TRUE(grown);
  EXPECT_EQ(grown->status, "matched");
  expectArea(grown->added, 200000, "HX02 added");
  expectArea(grown->removed, 0, "HX02 removed");
  expectArea(grown->net(), 200000, "HX02 net");

  const AuditGroup* removed = groupOf(r.byCode, "HX03");
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, "only_old");
  expectArea(removed->removed, 1000000, "HX03 removed");
  EXPECT_EQ(removed->removedPieces, 2);  // one per township

  const AuditGroup* added = groupOf(r.byCode, "HX04");
  ASSERT_TRUE(added);
  EXPECT_EQ(added->status, "only_new");
  expectArea(added->added, 1000000, "HX04 added");
  ASSERT_EQ(piecesOf(r, ChangeType::Added, "HX04").size(), 1u);
  EXPECT_EQ(piecesOf(r, ChangeType::Added, "HX04")[0]->township, "东镇");

  // Split in two: both halves match the old code; the gap between them is removed.
  const AuditGroup* split = groupOf(r.byCode, "HX05");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->status, "matched");
  EXPECT_EQ(split->oldPatches, 1);
  EXPECT_EQ(split->newPatches, 2);
  expectArea(split->removed, 200000, "HX05 removed");
  expectArea(split->added, 0, "HX05 added");
  expectArea(split->net(), -200000, "HX05 net");
  ASSERT_EQ(piecesOf(r, ChangeType::Removed, "HX05").size(), 1u);

  // Unchanged, and the type spellings map to the same function type.
  const AuditGroup* same = groupOf(r.byCode, "HX09");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->removedPieces + same->addedPieces + same->natureChangedPieces, 0);
  EXPECT_EQ(same->oldType, "水源涵养");
  EXPECT_EQ(same->newType, "水源涵养");
}

TEST(Audit, FunctionTypeChangeIsReportedWithBothTypes) {
  const Scenario s = writeScenario("audit_function");
  const Loaded l = loadScenario(s);
  const AuditResult r = auditLayers(l.oldLayer, l.newLayer, settingsFor(l));
  ASSERT_EQ(r.count(ChangeType::NatureChanged), 1u);
  const auto pieces = piecesOf(r, ChangeType::NatureChanged, "HX06");
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0]->oldType, "水源涵养");  // mapped from 水源涵养功能
  EXPECT_EQ(pieces[0]->newType, "水土保持");
  EXPECT_EQ(pieces[0]->newCode, "HX06");
  EXPECT_EQ(pieces[0]->township, "东镇");
  EXPECT_NEAR(pieces[0]->measures.planarArea, 1000000, 1e-6);

  const AuditGroup* from = groupOf(r.byType, "水源涵养");
  const AuditGroup* to = groupOf(r.byType, "水土保持");
  ASSERT_TRUE(from && to);
  expectArea(from->oldArea, 3000000, "水源涵养 old");
  expectArea(from->newArea, 1900000, "水源涵养 new");
  expectArea(from->removed, 100000, "水源涵养 removed");
  expectArea(from->natureChanged, 1000000, "水源涵养 changed out");
  expectArea(to->natureChangedIn, 1000000, "水土保持 changed in");
  expectArea(to->added, 200000, "水土保持 added");
  expectArea(to->net(), 1200000, "水土保持 net");
}

TEST(Audit, OneCentimetreShiftIsNoiseCountedButNotAChange) {
  const Scenario s = writeScenario("audit_noise");
  const Loaded l = loadScenario(s);
  const AuditResult r = auditLayers(l.oldLayer, l.newLayer, settingsFor(l));
  EXPECT_TRUE(piecesOf(r, ChangeType::Removed, "HX07").empty());
  EXPECT_TRUE(piecesOf(r, ChangeType::Added, "HX07").empty());
  ASSERT_EQ(r.noise.size(), 2u);
  EXPECT_EQ(r.noise[0].type, ChangeType::Removed);
  EXPECT_EQ(r.noise[0].oldCode, "HX07");
  EXPECT_EQ(r.noise[1].type, ChangeType::Added);
  EXPECT_EQ(r.noise[1].newCode, "HX07");
  // 1 cm × 50 m on each side.
  EXPECT_NEAR(r.noiseRemoved.planar, 0.5, 1e-6);
  EXPECT_NEAR(r.noiseAdded.planar, 0.5, 1e-6);
  const auto j = toJson(r);
  EXPECT_EQ(j["noise_pieces"], 2);
  EXPECT_NEAR(j["planar_noise_removed_area_m2"].get<double>(), 0.5, 1e-6);

  // With no minimum the strips are changes like any other.
  AuditSettings all = settingsFor(l);
  all.minPieceAreaM2 = 0;
  const AuditResult r0 = auditLayers(l.oldLayer, l.newLayer, all);
  EXPECT_TRUE(r0.noise.empty());
  ASSERT_EQ(piecesOf(r0, ChangeType::Removed, "HX07").size(), 1u);
  EXPECT_NEAR(piecesOf(r0, ChangeType::Removed, "HX07")[0]->measures.planarArea, 0.5, 1e-6);
  EXPECT_NEAR(r0.removed.planar, 1700000.5, 1e-6);
  EXPECT_TRUE(r0.planarIdentity.holds);
}

TEST(Audit, RemovalInsideAnApprovedAdjustmentIsJustifiedWithItsReason) {
  const Scenario s = writeScenario("audit_adjustment");
  const Loaded l = loadScenario(s);
  const AuditResult r = auditLayers(l.oldLayer, l.newLayer, settingsFor(l));
  const auto pieces = piecesOf(r, ChangeType::Removed, "HX08");
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_TRUE(pieces[0]->justified);
  EXPECT_EQ(pieces[0]->reason, "国家重大项目：高速公路");
  EXPECT_EQ(pieces[0]->document, "自然资函〔2023〕123号");
  EXPECT_EQ(pieces[0]->adjustmentFid, 0);
  EXPECT_NEAR(pieces[0]->measures.planarArea, 400000, 1e-6);
  EXPECT_EQ(r.count(ChangeType::Removed, true), 4u);  // HX01, HX03 ×2 (townships), HX05

  // Without the adjustment list the same removal is unjustified.
  const AuditResult bare = auditLayers(l.oldLayer, l.newLayer, settingsFor(l, true, false));
  EXPECT_FALSE(piecesOf(bare, ChangeType::Removed, "HX08")[0]->justified);
  expectArea(bare.unjustifiedRemoved(), 1700000, "unjustified without adjustments");
}

TEST(Audit, AdjustmentCoveringPartOfARemovalSplitsIt) {
  const Scenario s = writeScenario("audit_adjustment_part");
  // Covers y 700–1000 of HX08's removed strip (y 600–1000): 300 000 justified, 100 000 not.
  const std::string path = writeShp(s.folder, "partial", {"TZYY", "PZWH"}, {{rect(-7100, 700, -5900, 1100), {"道路", "文号1"}}});
  Loaded l = loadScenario(s);
  l.adjustments = loadAs(path, "adjustment");
  const AuditResult r = auditLayers(l.oldLayer, l.newLayer, settingsFor(l));
  const auto pieces = piecesOf(r, ChangeType::Removed, "HX08");
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_TRUE(pieces[0]->justified);
  EXPECT_NEAR(pieces[0]->measures.planarArea, 300000, 1e-6);
  EXPECT_FALSE(pieces[1]->justified);
  EXPECT_NEAR(pieces[1]->measures.planarArea, 100000, 1e-6);
  expectArea(r.justifiedRemoved, 300000, "justified");
  EXPECT_TRUE(r.planarIdentity.holds);
}

TEST(Audit, AdjustmentByPatchCodeFromACsvTableJustifiesTheWholeRemoval) {
  const Scenario s = writeScenario("audit_adjustment_codes");
  const std::string csv = s.folder + "/approved.csv";
  std::ofstream(csv) << "HXBH,TZYY,PZWH\nHX03,生态移民搬迁,内政字〔2023〕7号\nHX06,功能类型核定,内自然资字〔2023〕9号\n";
  Loaded l = loadScenario(s);
  LoadOptions o;
  o.source = csv;
  o.role = "adjustment";
  l.adjustments = load(o, roles());
  const AuditResult r = auditLayers(l.oldLayer, l.newLayer, settingsFor(l));
  for (const ChangePiece* p : piecesOf(r, ChangeType::Removed, "HX03")) {
    EXPECT_TRUE(p->justified);
    EXPECT_EQ(p->reason, "生态移民搬迁");
    EXPECT_EQ(p->document, "内政字〔2023〕7号");
  }
  expectArea(r.justifiedRemoved, 1000000, "justified by code");
  // The function change of HX06 is approved too: nature is then not changed without grounds.
  EXPECT_TRUE(piecesOf(r, ChangeType::NatureChanged, "HX06")[0]->justified);
  EXPECT_TRUE(r.natureNotChanging());
  EXPECT_FALSE(r.areaNotDecreasing());
}

TEST(Audit, PerTownshipFiguresOnATwoTownshipBoundary) {
  const Scenario s = writeScenario("audit_townships");
  const Loaded l = loadScenario(s);
  const AuditResult r = auditLayers(l.oldLayer, l.newLayer, settingsFor(l));
  ASSERT_EQ(r.byTownship.size(), 2u);  // nothing outside both
  EXPECT_EQ(r.byTownship[0].oldPatches, 5);  // HX01, HX02, HX03 (part), HX07, HX08
  EXPECT_EQ(r.byTownship[1].newPatches, 5);  // HX04, HX05 ×2, HX06, HX09
  const AuditGroup& west = r.byTownship[0];
  const AuditGroup& east = r.byTownship[1];
  EXPECT_EQ(west.name, "西镇");
  EXPECT_EQ(west.key, "150624100");
  expectArea(west.oldArea, 3502500, "west old");
  expectArea(west.newArea, 2702500, "west new");
  expectArea(west.removed, 1000000, "west removed");
  expectArea(west.justifiedRemoved, 400000, "west justified");
  expectArea(west.added, 200000, "west added");
  expectArea(west.natureChanged, 0, "west changed");
  expectArea(west.net(), -800000, "west net");
  EXPECT_EQ(east.name, "东镇");
  expectArea(east.oldArea, 3500000, "east old");
  expectArea(east.newArea, 3800000, "east new");
  expectArea(east.removed, 700000, "east removed");
  expectArea(east.added, 1000000, "east added");
  expectArea(east.natureChanged, 1000000, "east changed");
  expectArea(east.net(), 300000, "east net");

  // The removed patch across the border is cut at x = 0.
  const auto halves = piecesOf(r, ChangeType::Removed, "HX03");
  ASSERT_EQ(halves.size(), 2u);
  EXPECT_EQ(halves[0]->township, "西镇");
  EXPECT_EQ(halves[1]->township, "东镇");
  EXPECT_NEAR(halves[0]->measures.planarArea, 500000, 1e-6);
  EXPECT_NEAR(halves[1]->measures.planarArea, 500000, 1e-6);
}

TEST(Audit, PartOfAPieceOutsideEveryTownshipIsItsOwnRow) {
  const std::string folder = freshFolder("audit_outside");
  const std::vector<std::string> fields = {"HXBH", "GNLX"};
  // The removed patch reaches 300 m past the only township's edge at x = 1000.
  const Layer oldLayer = loadAs(writeShp(folder, "old", fields, {patch("A", "水土保持", rect(0, 0, 1300, 1000))}), "redline");
  const Layer newLayer = loadAs(writeShp(folder, "new", fields, {patch("B", "水土保持", rect(5000, 0, 5100, 100))}), "redline");
  const Layer towns = loadAs(writeShp(folder, "towns", {"XZQMC"}, {{rect(-1000, -1000, 1000, 2000), {"乌兰镇"}}}), "boundary");
  AuditSettings settings;
  settings.roles = &roles();
  settings.boundary = &towns;
  const AuditResult r = auditLayers(oldLayer, newLayer, settings);
  const auto pieces = piecesOf(r, ChangeType::Removed, "A");
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0]->township, "乌兰镇");
  EXPECT_NEAR(pieces[0]->measures.planarArea, 1000000, 1e-6);
  EXPECT_EQ(pieces[1]->township, "");
  EXPECT_NEAR(pieces[1]->measures.planarArea, 300000, 1e-6);
  ASSERT_EQ(r.byTownship.size(), 2u);
  EXPECT_EQ(r.byTownship[1].key, "");
  expectArea(r.byTownship[1].oldArea, 300000, "outside old");
  expectArea(r.byTownship[1].newArea, 10000, "outside new");
  expectArea(r.byTownship[1].removed, 300000, "outside removed");
  expectArea(r.byTownship[1].added, 10000, "outside added");
  EXPECT_TRUE(r.planarIdentity.holds);
}

TEST(Audit, PatchesOverlappingWithinOneVersionBreakTheIdentityAndAreListed) {
  const std::string folder = freshFolder("audit_self_overlap");
  const std::vector<std::string> fields = {"HXBH", "GNLX"};
  const Layer oldLayer = loadAs(writeShp(folder, "old", fields,
                                         {patch("A", "水土保持", rect(0, 0, 1000, 1000)), patch("B", "水土保持", rect(500, 0, 1500, 1000))}),
                                "redline");
  const Layer newLayer = loadAs(writeShp(folder, "new", fields, {patch("A", "水土保持", rect(0, 0, 1000, 1000))}), "redline");
  AuditSettings settings;
  settings.roles = &roles();
  const AuditResult r = auditLayers(oldLayer, newLayer, settings);
  // B minus A: 500 000; but the old total counts the shared half twice.
  EXPECT_NEAR(r.removed.planar, 500000, 1e-6);
  EXPECT_FALSE(r.planarIdentity.holds);
  EXPECT_NEAR(r.planarIdentity.residual, 500000, 1e-6);
  ASSERT_EQ(r.selfOverlaps.size(), 1u);
  EXPECT_EQ(r.selfOverlaps[0].version, "old");
  EXPECT_EQ(r.selfOverlaps[0].codeA, "A");
  EXPECT_EQ(r.selfOverlaps[0].codeB, "B");
  EXPECT_NEAR(r.selfOverlaps[0].planarArea, 500000, 1e-6);
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(Audit, MissingMatchFieldNamesTheLayer) {
  const Scenario s = writeScenario("audit_match_field");
  const Loaded l = loadScenario(s);
  AuditSettings settings = settingsFor(l);
  settings.matchField = "NO_SUCH";
  try {
    auditLayers(l.oldLayer, l.newLayer, settings);
    FAIL() << "expected an input error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Input);
    EXPECT_NE(e.where().file.find("redline_2022"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("NO_SUCH"), std::string::npos);
  }
  // A stored field name works as well as the role's name.
  settings.matchField = "hxbh";
  EXPECT_NEAR(auditLayers(l.oldLayer, l.newLayer, settings).removed.planar, 1700000, 1e-6);
}

TEST(Audit, SameOutputWithOneAndFourThreads) {
  const Scenario s = writeScenario("audit_threads");
  const Loaded l = loadScenario(s);
  auto runWith = [&](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    const AuditResult r = auditLayers(l.oldLayer, l.newLayer, settingsFor(l));
    std::string out = toJson(r).dump();
    for (const Table& t : auditTables(r)) out += toCsv(t);
    for (const ChangePiece& p : r.changes) out += geos::toWkt(p.geometry.get());
    return out;
  };
  const std::string one = runWith(1);
  EXPECT_EQ(one, runWith(4));
  EXPECT_EQ(one, runWith(4));
}

TEST(Audit, WritesChangeLayerTablesAndGeoPackage) {
  const Scenario s = writeScenario("audit_write");
  const Loaded l = loadScenario(s);
  const AuditResult r = auditLayers(l.oldLayer, l.newLayer, settingsFor(l));
  const std::string out = s.folder + "/out";
  const auto tables = auditTables(r);
  writeCheckTables(tables, out, "audit", r.crs);
  for (const char* f : {"audit_changes.shp", "audit_changes.dbf", "audit_changes.cpg", "audit.gpkg", "audit_changes.csv", "audit_totals.csv",
                        "audit_by_township.csv", "audit_by_type.csv", "audit_by_code.csv", "audit_verdicts.csv", "audit_noise.csv"})
    EXPECT_TRUE(std::filesystem::exists(out + "/" + f)) << f;
  // The change layer reads back with its change types and areas.
  LoadOptions o;
  o.source = out + "/audit_changes.shp";
  const Layer changes = load(o, roles());
  ASSERT_EQ(changes.features.size(), r.changes.size());
  const int type = changes.fieldIndex("chg_type");
  ASSERT_GE(type, 0);
  EXPECT_EQ(changes.features[0].values[size_t(type)], "减少");
  size_t removed = 0, added = 0, changed = 0;
  for (const Feature& f : changes.features) {
    const std::string& t = f.values[size_t(type)];
    removed += t == "减少";
    added += t == "增加";
    changed += t == "性质改变";
  }
  EXPECT_EQ(removed, 5u);  // HX01, HX03 ×2, HX05, HX08
  EXPECT_EQ(added, 2u);    // HX02, HX04
  EXPECT_EQ(changed, 1u);  // HX06
  // CSV starts with a BOM so Excel reads the Chinese.
  std::ifstream csv(out + "/audit_by_township.csv", std::ios::binary);
  std::string head(3, '\0');
  csv.read(head.data(), 3);
  EXPECT_EQ(head, "\xEF\xBB\xBF");
}

TEST(AuditCheck, ProjectFileRunsTheAuditWithAdjustmentsBesideIt) {
  const Scenario s = writeScenario("audit_project");
  ASSERT_TRUE(checkRunners().count("audit"));
  const std::string path = s.folder + "/project.yaml";
  std::ofstream(path) << "name: test\n"
                         "layers:\n"
                         "  redline_2022: {path: redline_2022.shp, role: redline}\n"
                         "  redline_2023: {path: redline_2023.shp, role: redline}\n"
                         "  townships: {path: townships.shp, role: boundary}\n"
                         "checks:\n"
                         "  - {type: audit, old: redline_2022, new: redline_2023, boundary: townships, adjustments: adjustments.shp,\n"
                         "     match_field: code, min_piece_area_m2: 1}\n";
  const RunResult run = runProject(readProject(path), roles(), s.folder + "/out", std::nullopt);
  const auto& checks = run.summary["checks"];
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0]["status"], "done");
  const auto& summary = checks[0]["summary"];
  EXPECT_NEAR(summary["planar_removed_area_m2"].get<double>(), 1700000, 1e-6);
  EXPECT_NEAR(summary["planar_justified_removed_area_m2"].get<double>(), 400000, 1e-6);
  EXPECT_EQ(summary["area_not_decreasing"], false);
  EXPECT_EQ(summary["by_township"].size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(s.folder + "/out/audit_redline_2022_redline_2023/audit_changes.shp"));
}

#ifdef SANXIAN_CLI
struct Outcome {
  int exitCode = -1;
  std::string output;
};

Outcome runCli(const std::string& arguments) {
  const std::string command = "LANG=en_US.UTF-8 " SANXIAN_CLI " audit " + arguments + " 2>&1";
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) outcome.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  outcome.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

TEST(AuditCli, WritesJsonWithTheContractKeysAndFailsOnTheVerdictWhenAsked) {
  const Scenario s = writeScenario("audit_cli");
  const std::string json = s.folder + "/summary.json";
  const Outcome ok = runCli("--old " + s.oldPath + " --new " + s.newPath + " --boundary " + s.townshipsPath + " --adjustments " +
                            s.adjustmentsPath + " -o " + s.folder + "/out --json " + json);
  ASSERT_EQ(ok.exitCode, 0) << ok.output;
  EXPECT_NE(ok.output.find("area not decreasing: failed"), std::string::npos) << ok.output;
  const auto j = nlohmann::json::parse(std::ifstream(json));
  EXPECT_NEAR(j["planar_old_area_m2"].get<double>(), 7002500, 1e-6);
  EXPECT_NEAR(j["planar_new_area_m2"].get<double>(), 6502500, 1e-6);
  EXPECT_NEAR(j["planar_function_changed_area_m2"].get<double>(), 1000000, 1e-6);
  EXPECT_EQ(j["area_not_decreasing"], false);

  const Outcome failing = runCli("--old " + s.oldPath + " --new " + s.newPath + " -o " + s.folder + "/out2 --fail-on-verdict");
  EXPECT_EQ(failing.exitCode, 1) << failing.output;
  // Same version twice: nothing changed, the verdicts pass.
  const Outcome same = runCli("--old " + s.oldPath + " --new " + s.oldPath + " -o " + s.folder + "/out3 --fail-on-verdict --json -");
  EXPECT_EQ(same.exitCode, 0) << same.output;
  EXPECT_NE(same.output.find("\"net_change_m2\": 0.0"), std::string::npos);
  EXPECT_EQ(runCli("--old " + s.oldPath + " -o " + s.folder + "/out4").exitCode, 2);
  EXPECT_EQ(runCli("--old " + s.folder + "/missing.shp --new " + s.newPath + " -o " + s.folder + "/out5").exitCode, 3);
}
#endif

}  // namespace
}  // namespace sanxian
