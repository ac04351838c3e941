// Overlap conflicts and siting on small hand-built layers whose answers are
// computed by hand (all coordinates in EPSG:4545 metres on the central
// meridian, where planar and ellipsoidal areas agree to ~1e-7): zones and
// rules, touching is not overlap, near-misses by distance, self-overlap
// pairs once, a project site across two layers, a repaired bow-tie, and the
// same output with 1 and 4 threads.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <filesystem>
#include <fstream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/overlap/overlap.h"
#include "core/checks/site/site.h"
#include "core/geometry/harmonize.h"
#include "core/io/crs.h"
#include "core/io/load.h"
#include "core/run/project.h"
#include "fixtures/fixtures.h"
#include "report/files/write_run.h"
#include "report/files/writers.h"
#include "report/files/writers.h"

namespace sanxian {
namespace {

using test::freshFolder;
using test::writeLayer;

constexpr double X0 = 500000, Y0 = 4300000;  // on CM 108°E, about 38.8°N

const RoleCatalog& roles() {
  static const RoleCatalog catalog = RoleCatalog::loadDefault();
  return catalog;
}
const RuleList& defaultRules() {
  static const RuleList list = RuleList::loadDefault(roles());
  return list;
}

// A rectangle given relative to (X0, Y0).
std::string rect(double x1, double y1, double x2, double y2) {
  return format("POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", X0 + x1, Y0 + y1, X0 + x2, Y0 + y1, X0 + x2, Y0 + y2, X0 + x1,
                Y0 + y2, X0 + x1, Y0 + y1);
}

Layer loadAs(const std::string& folder, const std::string& name, const std::string& role, const std::vector<std::string>& fields,
             const std::vector<test::Row>& rows) {
  test::LayerSpec spec;
  spec.path = folder + "/" + name + ".shp";
  spec.fields = fields;
  spec.rows = rows;
  LoadOptions options;
  options.source = writeLayer(spec);
  options.role = role;
  Layer layer = load(options, roles());
  harmonize(layer, crsFromUser("EPSG:4545"));
  return layer;
}

Layer mines(const std::string& folder, const std::vector<std::string>& wkts) {
  std::vector<test::Row> rows;
  for (size_t i = 0; i < wkts.size(); ++i)
    rows.push_back({wkts[i], {format("C15062420230110000%05zu", i), format("测试矿%zu", i), "采矿权"}});
  return loadAs(folder, "mining", "mining", {"XKZH", "KSMC", "KYQLX"}, rows);
}

// Core zone [0,1000]², general zone (old scheme 实验区) [1000,2000]×[0,1000].
Layer reserveZones(const std::string& folder) {
  return loadAs(folder, "reserves", "reserve", {"BHDMC", "GNFQ"},
                {{rect(0, 0, 1000, 1000), {"都斯图河湿地自然保护区", "核心区"}}, {rect(1000, 0, 2000, 1000), {"都斯图河湿地自然保护区", "实验区"}}});
}

OverlapSettings settingsFor(const RuleList& rules, const std::string& a = "mining", const std::string& b = "reserves") {
  OverlapSettings s;
  s.aId = a;
  s.bId = b;
  s.rules = &rules;
  s.roles = &roles();
  return s;
}

TEST(Overlap, MineHalfInCoreHalfInGeneralZoneGivesTwoPiecesBySeverity) {
  const std::string folder = freshFolder("overlap_zones");
  const Layer reserves = reserveZones(folder);
  // 400 m × 200 m = 80 000 m², split at x = 1000 into two 40 000 m² halves.
  const Layer mining = mines(folder, {rect(800, 400, 1200, 600)});
  const OverlapResult r = overlapLayers(mining, reserves, settingsFor(defaultRules()));

  ASSERT_EQ(r.pieces.size(), 2u);
  const OverlapPiece& core = r.pieces[0];
  const OverlapPiece& general = r.pieces[1];
  EXPECT_EQ(core.ruleId, "mining_reserve_core");
  EXPECT_EQ(core.severity, Severity::Prohibited);
  EXPECT_EQ(core.b.fid, 0);
  EXPECT_EQ(core.b.attributes, "功能分区=核心保护区");
  EXPECT_EQ(general.ruleId, "mining_reserve_general");
  EXPECT_EQ(general.severity, Severity::Restricted);
  EXPECT_EQ(general.b.attributes, "功能分区=一般控制区");
  EXPECT_EQ(core.a.code, "C1506242023011000000000");
  EXPECT_EQ(core.a.attributes, "矿业权类型=采矿权");
  for (const OverlapPiece* p : {&core, &general}) {
    EXPECT_NEAR(p->measures.planarArea, 40000.0, 1e-6);
    EXPECT_NEAR(p->measures.area, 40000.0, 40000.0 * 1e-5);  // ellipsoidal, on the central meridian
    EXPECT_NEAR(p->shareA, 0.5, 1e-6);                        // half the licence
    EXPECT_NEAR(p->shareB, 0.04, 1e-6);                       // 40 000 of a 1 km² zone
  }

  const auto j = toJson(r);
  EXPECT_EQ(j["pieces"], 2);
  EXPECT_NEAR(j["planar_overlap_area_m2"].get<double>(), 80000.0, 1e-6);
  EXPECT_NEAR(j["overlap_area_ha"].get<double>(), 8.0, 8.0 * 1e-5);
  EXPECT_EQ(j["severity_counts"]["prohibited"], 1);
  EXPECT_EQ(j["severity_counts"]["restricted"], 1);
  EXPECT_EQ(j["severity_counts"]["notice"], 0);
  // Per licence: both pieces, the worst severity, the whole licence covered.
  ASSERT_EQ(j["by_feature_a"].size(), 1u);
  EXPECT_EQ(j["by_feature_a"][0]["worst_severity"], "prohibited");
  EXPECT_EQ(j["by_feature_a"][0]["pieces"], 2);
  EXPECT_NEAR(j["by_feature_a"][0]["share_pct"].get<double>(), 100.0, 1e-4);
}

TEST(Overlap, MineTouchingAReserveAlongAnEdgeOrAtAPointIsNoConflict) {
  const std::string folder = freshFolder("overlap_touch");
  const Layer reserves = reserveZones(folder);
  // Left of the core zone, sharing its edge x = 0; and below, meeting its corner (0, 0) only.
  const Layer mining = mines(folder, {rect(-500, 0, 0, 1000), rect(-300, -300, 0, 0)});
  const OverlapResult r = overlapLayers(mining, reserves, settingsFor(defaultRules()));
  EXPECT_EQ(r.pieces.size(), 0u);
  EXPECT_EQ(r.touchingPairs, 2u);
  EXPECT_TRUE(r.slivers.empty());
  // The default list's 500 m near-miss rule still notes them, at distance 0.
  ASSERT_EQ(r.nearMisses.size(), 2u);
  EXPECT_EQ(r.nearMisses[0].distance, 0.0);

  // Nothing goes into the polygon outputs.
  const std::string out = folder + "/out";
  writeCheckTables(overlapTables(r), out, "overlap", r.crs);
  EXPECT_TRUE(std::filesystem::exists(out + "/overlap_conflicts.shp"));
  EXPECT_TRUE(std::filesystem::exists(out + "/overlap.gpkg"));
  std::ifstream csv(out + "/overlap_conflicts.csv");
  std::string header, row;
  std::getline(csv, header);
  EXPECT_FALSE(std::getline(csv, row) && !row.empty());
}

TEST(Overlap, MineThreeHundredMetresAwayIsANearMissAt500ButNotAt200) {
  const std::string folder = freshFolder("overlap_near");
  const Layer reserves = reserveZones(folder);
  const Layer mining = mines(folder, {rect(100, 1300, 500, 1500)});  // 300 m above the core zone's top edge
  const OverlapResult at500 = overlapLayers(mining, reserves, settingsFor(defaultRules()));
  EXPECT_EQ(at500.pieces.size(), 0u);
  ASSERT_EQ(at500.nearMisses.size(), 1u);  // the general zone is √(500² + 300²) ≈ 583 m away
  EXPECT_EQ(at500.nearMisses[0].ruleId, "mining_near_reserve");
  EXPECT_NEAR(at500.nearMisses[0].distance, 300.0, 1e-9);
  EXPECT_EQ(at500.nearMisses[0].b.fid, 0);

  const std::string path = folder + "/rules_200.yaml";
  std::ofstream(path) << "rules:\n"
                         "  - {id: near200, a: mining, b: reserve, within_m: 200, severity: 提示, message: {zh: 二百米内, en: within 200 m}}\n";
  const RuleList at200rules = RuleList::load(path, roles());
  const OverlapResult at200 = overlapLayers(mining, reserves, settingsFor(at200rules));
  EXPECT_EQ(at200.nearMisses.size(), 0u);
  EXPECT_EQ(at200.pieces.size(), 0u);
}

TEST(Overlap, ThreeMutuallyOverlappingReservesGiveThreePairsEachOnce) {
  const std::string folder = freshFolder("overlap_self");
  const Layer reserves = loadAs(folder, "reserves", "reserve", {"BHDMC", "BHDLX"},
                                {{rect(0, 0, 1000, 1000), {"甘草自然保护区", "自然保护区"}},
                                 {rect(500, 0, 1500, 1000), {"阿尔巴斯森林公园", "森林公园"}},
                                 {rect(250, 500, 1250, 1500), {"都斯图河湿地公园", "湿地公园"}}});
  const OverlapResult r = overlapLayers(reserves, reserves, settingsFor(defaultRules(), "reserves", "reserves"));
  EXPECT_TRUE(r.selfOverlap);
  ASSERT_EQ(r.pieces.size(), 3u);
  // (0,1): [500,1000]×[0,1000]; (0,2): [250,1000]×[500,1000]; (1,2): [500,1250]×[500,1000].
  const std::vector<std::tuple<int64_t, int64_t, double>> expected = {{0, 1, 500000.0}, {0, 2, 375000.0}, {1, 2, 375000.0}};
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(r.pieces[k].a.fid, std::get<0>(expected[k]));
    EXPECT_EQ(r.pieces[k].b.fid, std::get<1>(expected[k]));
    EXPECT_NEAR(r.pieces[k].measures.planarArea, std::get<2>(expected[k]), 1e-6);
    EXPECT_NEAR(r.pieces[k].shareA, std::get<2>(expected[k]) / 1e6, 1e-6);
    EXPECT_EQ(r.pieces[k].ruleId, "reserve_reserve");
    EXPECT_EQ(r.pieces[k].severity, Severity::Restricted);
  }
  EXPECT_EQ(r.pieces[1].b.attributes, "保护地类型=自然公园");
}

TEST(Overlap, SliversBelowTheMinimumAreaAreCountedNotDropped) {
  const std::string folder = freshFolder("overlap_sliver");
  const Layer reserves = reserveZones(folder);
  // 0.5 m × 1 m = 0.5 m² inside the core zone: a digitizing sliver.
  const Layer mining = mines(folder, {rect(-100, 100, 0.5, 101), rect(200, 200, 300, 300)});
  OverlapSettings s = settingsFor(defaultRules());
  s.minPieceAreaM2 = 1.0;
  const OverlapResult r = overlapLayers(mining, reserves, s);
  ASSERT_EQ(r.pieces.size(), 1u);
  EXPECT_EQ(r.pieces[0].a.fid, 1);
  ASSERT_EQ(r.slivers.size(), 1u);
  EXPECT_EQ(r.slivers[0].aFid, 0);
  EXPECT_NEAR(r.slivers[0].planarArea, 0.5, 1e-6);
  const auto j = toJson(r);
  EXPECT_EQ(j["sliver_count"], 1);
  EXPECT_NEAR(j["planar_sliver_area_m2"].get<double>(), 0.5, 1e-6);

  s.minPieceAreaM2 = 0;
  EXPECT_EQ(overlapLayers(mining, reserves, s).pieces.size(), 2u);
}

TEST(Overlap, BowTieMineIsRepairedAndMeasuredAsTwoTriangles) {
  const std::string folder = freshFolder("overlap_bowtie");
  // A bow-tie over [0,1000]² crossing at (500, 500); each triangle 250 000 m².
  const std::string bowTie = format("POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))", X0, Y0, X0 + 1000, Y0 + 1000, X0 + 1000, Y0, X0, Y0 + 1000, X0, Y0);
  const Layer mining = mines(folder, {bowTie});
  ASSERT_EQ(mining.countIssues(LoadIssue::Kind::Repaired), 1u);
  // Core zone = the lower half [0,1000]×[0,500]: a quarter-square of each triangle (125 000 m² each).
  const Layer reserves = loadAs(folder, "reserves", "reserve", {"BHDMC", "GNFQ"}, {{rect(0, 0, 1000, 500), {"甘草自然保护区", "核心保护区"}}});
  const OverlapResult r = overlapLayers(mining, reserves, settingsFor(defaultRules()));
  ASSERT_EQ(r.pieces.size(), 1u);
  EXPECT_NEAR(r.pieces[0].measures.planarArea, 250000.0, 1e-6);
  EXPECT_NEAR(r.pieces[0].a.planarFeatureArea, 500000.0, 1e-6);
  EXPECT_NEAR(r.pieces[0].shareA, 0.5, 1e-6);
  EXPECT_EQ(r.pieces[0].severity, Severity::Prohibited);
  const auto j = toJson(r);
  ASSERT_EQ(j["repaired_features"].size(), 1u);
  EXPECT_EQ(j["repaired_features"][0]["fid"], 0);
  EXPECT_EQ(j["repaired_features"][0]["layer"], "mining");
}

// An empty or unknown licence kind must not fall to the mild exploration
// rule (限制) silently: the stricter rule applies and the piece says why.
TEST(Overlap, AnUnknownValueARuleLooksAtTakesTheStricterRuleAndSaysSo) {
  const std::string folder = freshFolder("overlap_undecided");
  const Layer redline = loadAs(folder, "redline", "redline", {"HXBH", "HXMC"}, {{rect(0, 0, 1000, 1000), {"HX1", "红线"}}});
  const Layer mining = loadAs(folder, "mining", "mining", {"XKZH", "KSMC", "KYQLX"},
                              {{rect(100, 100, 200, 200), {"C1", "矿1", "采矿权"}},
                               {rect(300, 100, 400, 200), {"T2", "矿2", "探矿权"}},
                               {rect(500, 100, 600, 200), {"C3", "矿3", ""}},
                               {rect(700, 100, 800, 200), {"C4", "矿4", "采挖权"}}});
  const OverlapResult r = overlapLayers(mining, redline, settingsFor(defaultRules(), "mining", "redline"));
  ASSERT_EQ(r.pieces.size(), 4u);
  EXPECT_EQ(r.pieces[0].ruleId, "mining_redline");
  EXPECT_TRUE(r.pieces[0].undecided.empty());
  EXPECT_EQ(r.pieces[1].ruleId, "exploration_redline");  // known to be exploration: the milder rule is right
  EXPECT_EQ(r.pieces[1].severity, Severity::Restricted);
  for (size_t k : {2u, 3u}) {
    EXPECT_EQ(r.pieces[k].ruleId, "mining_redline") << k;
    EXPECT_EQ(r.pieces[k].severity, Severity::Prohibited) << k;
    EXPECT_FALSE(r.pieces[k].undecided.empty()) << k;
    EXPECT_NE(r.pieces[k].message.find("矿业权类型"), std::string::npos) << r.pieces[k].message;
  }
  EXPECT_EQ(toJson(r)["undecided_pieces"], 2);
}

TEST(Site, ProjectSiteAcrossRedLineAndControlUnitListsBothWithRules) {
  const std::string folder = freshFolder("site_cross");
  const Layer redline = loadAs(folder, "redline", "redline", {"HXBH", "HXMC"}, {{rect(0, 0, 1000, 1000), {"HX150624000001", "防风固沙红线"}}});
  const Layer units = loadAs(folder, "units", "control_unit", {"HJZHGKDYBM", "HJZHGKDYMC", "ZHGKDYFL"},
                             {{rect(1000, 0, 3000, 1000), {"ZH15062410001", "鄂托克旗优先保护单元", "1"}}});
  const Layer site = loadAs(folder, "site", "project_site", {"XMMC"}, {{rect(800, 400, 1200, 600), {"棋盘井光伏项目"}}});
  SiteSettings settings;
  settings.siteId = "site";
  settings.rules = &defaultRules();
  settings.roles = &roles();
  const OverlapResult r = siteOverlaps(site, {{"redline", &redline}, {"units", &units}}, settings);
  ASSERT_EQ(r.pieces.size(), 2u);
  EXPECT_EQ(r.pieces[0].b.layer, "redline");
  EXPECT_EQ(r.pieces[0].ruleId, "site_redline");
  EXPECT_EQ(r.pieces[0].severity, Severity::Prohibited);
  EXPECT_EQ(r.pieces[1].b.layer, "units");
  EXPECT_EQ(r.pieces[1].ruleId, "site_unit_priority");
  EXPECT_EQ(r.pieces[1].severity, Severity::Restricted);
  EXPECT_EQ(r.pieces[1].b.attributes, "管控单元分类=优先保护");
  for (const auto& p : r.pieces) {
    EXPECT_NEAR(p.measures.planarArea, 40000.0, 1e-6);
    EXPECT_NEAR(p.shareA, 0.5, 1e-6);
  }
  const SiteFigures figures = siteFigures(site, r, {{"redline", &redline}, {"units", &units}}, roles());
  const auto j = siteJson(r, {"redline", "units"}, figures);
  EXPECT_EQ(j["compatible"], false);
  EXPECT_EQ(j["inputs"].size(), 3u);  // the site once, then each layer
  EXPECT_EQ(j["pieces"], 2);
  EXPECT_NEAR(j["planar_site_area_m2"].get<double>(), 80000.0, 1e-6);
  EXPECT_NEAR(j["planar_inside_any_layer_area_m2"].get<double>(), 80000.0, 1e-6);  // two halves

  // With townships: the township layer is listed once, after the layers.
  const Layer towns = loadAs(folder, "towns", "boundary", {"XZQMC"}, {{rect(-5000, -5000, 5000, 5000), {"乌兰镇"}}});
  settings.boundary = &towns;
  settings.boundaryId = "towns";
  const OverlapResult withTowns = siteOverlaps(site, {{"redline", &redline}, {"units", &units}}, settings);
  const auto k = siteJson(withTowns, {"redline", "units"}, siteFigures(site, withTowns, {{"redline", &redline}, {"units", &units}}, roles()));
  ASSERT_EQ(k["inputs"].size(), 4u);
  EXPECT_EQ(k["inputs"][1]["id"], "redline");
  EXPECT_EQ(k["inputs"][2]["id"], "units");
  EXPECT_EQ(k["inputs"][3]["id"], "towns");
}

TEST(Site, GroundInsideTwoControlLayersCountsOnceInTheHeadline) {
  const std::string folder = freshFolder("site_union");
  // The same square is red line and a reserve's core zone: the site lies
  // in both on its western half only.
  const Layer redline = loadAs(folder, "redline", "redline", {"HXBH", "HXMC"}, {{rect(0, 0, 1000, 1000), {"HX150624000001", "防风固沙红线"}}});
  const Layer reserve = loadAs(folder, "reserve", "reserve", {"BHDMC", "GNFQ"}, {{rect(0, 0, 1000, 1000), {"都斯图河湿地自然保护区", "核心保护区"}}});
  const Layer site = loadAs(folder, "site", "project_site", {"XMMC"}, {{rect(800, 400, 1200, 600), {"棋盘井光伏项目"}}});
  SiteSettings settings;
  settings.rules = &defaultRules();
  settings.roles = &roles();
  const std::vector<std::pair<std::string, const Layer*>> layers = {{"redline", &redline}, {"reserve", &reserve}};
  const OverlapResult r = siteOverlaps(site, layers, settings);
  ASSERT_EQ(r.pieces.size(), 2u);
  const SiteFigures figures = siteFigures(site, r, layers, roles());
  // Hand-computed: the site is 400 m × 200 m, its western half 200 m × 200 m.
  EXPECT_NEAR(figures.site.planarArea, 80000.0, 1e-6);
  EXPECT_NEAR(figures.insideAny.planarArea, 40000.0, 1e-6);  // not 80 000: the two pieces are the same ground
  ASSERT_EQ(figures.layers.size(), 2u);
  EXPECT_NEAR(figures.layers[0].inside.planarArea, 40000.0, 1e-6);
  EXPECT_NEAR(figures.layers[1].inside.planarArea, 40000.0, 1e-6);
  EXPECT_LE(figures.insideAny.area, figures.site.area);
  EXPECT_NEAR(figures.share(figures.insideAny), 50.0, 1e-3);
  const Table coverage = siteCoverageTable(figures);
  ASSERT_EQ(coverage.rows.size(), 4u);  // the site, any layer, each layer
  EXPECT_EQ(coverage.totals, Totals::None);
}

TEST(Overlap, TownshipOfEachPieceAndSummaryByTownship) {
  const std::string folder = freshFolder("overlap_township");
  const Layer reserves = reserveZones(folder);
  const Layer towns = loadAs(folder, "towns", "boundary", {"XZQMC", "XZQDM"},
                             {{rect(-5000, -5000, 900, 5000), {"乌兰镇", "150624100"}}, {rect(900, -5000, 5000, 5000), {"棋盘井镇", "150624101"}}});
  // 75% of the core-zone piece lies west of x = 900.
  const Layer mining = mines(folder, {rect(600, 400, 1000, 600), rect(1500, 0, 1600, 100)});
  OverlapSettings s = settingsFor(defaultRules());
  s.boundary = &towns;
  s.boundaryId = "towns";
  const OverlapResult r = overlapLayers(mining, reserves, s);
  ASSERT_EQ(r.pieces.size(), 2u);
  EXPECT_EQ(r.pieces[0].township, "乌兰镇");
  EXPECT_EQ(r.pieces[0].townshipCode, "150624100");
  EXPECT_EQ(r.pieces[1].township, "棋盘井镇");
  const auto j = toJson(r);
  ASSERT_EQ(j["by_township"].size(), 2u);
  EXPECT_NEAR(j["by_township"][0]["planar_area_m2"].get<double>(), 80000.0, 1e-6);
  EXPECT_NEAR(j["by_township"][1]["planar_area_m2"].get<double>(), 10000.0, 1e-6);
  // The township layer is an input like A and B: named, with its fingerprint.
  ASSERT_EQ(j["inputs"].size(), 3u);
  EXPECT_EQ(j["inputs"][2]["id"], "towns");
}

TEST(Overlap, SameOutputWithOneAndFourThreads) {
  const std::string folder = freshFolder("overlap_threads");
  // 400 mines on a 20 × 20 grid, each 300 m square, against 60 red-line
  // patches 1.7 km wide staggered across them: many partial overlaps.
  std::vector<std::string> mineWkts;
  for (int i = 0; i < 20; ++i)
    for (int k = 0; k < 20; ++k) mineWkts.push_back(rect(i * 500.0 + (k % 3) * 37, k * 500.0, i * 500.0 + 300 + (k % 3) * 37, k * 500.0 + 300));
  const Layer mining = mines(folder, mineWkts);
  std::vector<test::Row> patches;
  for (int p = 0; p < 60; ++p) {
    const double x = (p % 8) * 1310.0 - 200, y = (p / 8) * 1370.0 - 150;
    patches.push_back({rect(x, y, x + 1700, y + 900), {format("HX%03d", p), "红线"}});
  }
  const Layer redline = loadAs(folder, "redline", "redline", {"HXBH", "HXMC"}, patches);
  const Layer towns = loadAs(folder, "towns", "boundary", {"XZQMC"}, {{rect(-1000, -1000, 4900, 11000), {"乌兰镇"}}, {rect(4900, -1000, 11000, 11000), {"蒙西镇"}}});
  OverlapSettings s = settingsFor(defaultRules(), "mining", "redline");
  s.boundary = &towns;

  auto runWith = [&](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    const OverlapResult r = overlapLayers(mining, redline, s);
    std::string all = toJson(r).dump();
    for (const Table& t : overlapTables(r)) all += toCsv(t);
    for (const auto& p : r.pieces) all += geos::toWkt(p.geometry.get());
    return std::make_pair(r.pieces.size(), all);
  };
  const auto one = runWith(1);
  const auto four = runWith(4);
  EXPECT_GT(one.first, 300u);
  EXPECT_EQ(one.second, four.second);
}

TEST(Rules, MalformedRuleNamesTheFileAndTheRule) {
  const std::string folder = freshFolder("rules_bad");
  const std::string path = folder + "/rules.yaml";
  std::ofstream(path) << "rules:\n  - {id: bad_one, a: mining, b: redline, severity: 严重}\n";
  try {
    RuleList::load(path, roles());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Usage);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("bad_one"), std::string::npos);
  }
  std::ofstream(path) << "rules:\n  - {id: bad_field, a: mining, b: reserve, where_b: {colour: red}, severity: 提示}\n";
  EXPECT_THROW(RuleList::load(path, roles()), Error);
}

TEST(Rules, DefaultListParsesAndFiltersOnMappedValues) {
  const RuleList& list = defaultRules();
  EXPECT_GE(list.rules.size(), 10u);
  EXPECT_TRUE(list.covers("reserve", "mining"));
  EXPECT_TRUE(list.covers("project_site", "control_unit"));
  EXPECT_EQ(maxNearDistance(list, "mining", "reserve"), 500.0);
  EXPECT_EQ(parseSeverity("禁止"), Severity::Prohibited);
  EXPECT_EQ(parseSeverity("Restricted"), Severity::Restricted);
  EXPECT_FALSE(parseSeverity("严重"));
}

TEST(OverlapCheck, ProjectFileRunsOverlapAndSiteChecks) {
  const std::string folder = freshFolder("overlap_project");
  reserveZones(folder);
  mines(folder, {rect(800, 400, 1200, 600)});
  loadAs(folder, "site", "project_site", {"XMMC"}, {{rect(500, 500, 700, 700), {"项目"}}});
  const std::string path = folder + "/project.yaml";
  std::ofstream(path) << "name: test\n"
                         "layers:\n"
                         "  mining: {path: mining.shp, role: mining}\n"
                         "  reserves: {path: reserves.shp, role: reserve}\n"
                         "  site: {path: site.shp, role: project_site}\n"
                         "checks:\n"
                         "  - {type: overlap, a: mining, b: reserves, min_piece_area_m2: 0.5}\n"
                         "  - {name: 保护地交叉重叠, type: overlap, a: reserves, b: reserves}\n"
                         "  - {type: site, site: site}\n";
  const RunResult run = runProject(readProject(path), roles(), folder + "/out", std::nullopt);
  const auto& checks = run.summary["checks"];
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_EQ(checks[0]["status"], "done");
  EXPECT_EQ(checks[0]["summary"]["pieces"], 2);
  EXPECT_EQ(checks[0]["summary"]["min_piece_area_m2"], 0.5);
  EXPECT_EQ(checks[1]["summary"]["pieces"], 0);  // the two zones only share an edge
  EXPECT_EQ(checks[1]["summary"]["touching_pairs"], 1);
  EXPECT_EQ(checks[2]["summary"]["pieces"], 1);  // site in the core zone
  EXPECT_EQ(checks[2]["summary"]["compatible"], false);
  EXPECT_EQ(checks[2]["summary"]["layers_checked"], nlohmann::json::array({"reserves"}));
  // Each check's folder is named after it: its name, else its type and layers (never overlap_2).
  EXPECT_EQ(checks[0]["id"], "overlap_mining_reserves");
  EXPECT_EQ(checks[1]["id"], "保护地交叉重叠");
  EXPECT_EQ(checks[1]["title"], "保护地交叉重叠");
  EXPECT_EQ(checks[2]["id"], "site_site");
  EXPECT_TRUE(std::filesystem::exists(folder + "/out/overlap_mining_reserves/overlap_conflicts.shp"));
  EXPECT_TRUE(std::filesystem::exists(folder + "/out/保护地交叉重叠/overlap_conflicts.shp"));
  EXPECT_TRUE(std::filesystem::exists(folder + "/out/site_site/site_summary.csv"));
  EXPECT_TRUE(std::filesystem::exists(folder + "/out/site_site/site_coverage.csv"));
}

}  // namespace
}  // namespace sanxian

namespace sanxian {
namespace {

// Drinking-water sources in the rule list: a mine across the second-level
// and quasi zones is prohibited in one and restricted in the other; a
// project site in the first-level zone is prohibited and the siting check
// takes the water-source layer as a control layer on its own.
TEST(Overlap, MiningAndSitesAgainstDrinkingWaterSourceZones) {
  const std::string folder = freshFolder("overlap_water");
  const Layer water = loadAs(folder, "water", "water_source", {"SYDMC", "BHQJB", "SYLX"},
                             {{rect(0, 0, 1000, 1000), {"乌兰镇水源地", "一级保护区", "地下水型"}},
                              {rect(1000, 0, 2000, 1000), {"乌兰镇水源地", "二级保护区", "地下水型"}},
                              {rect(2000, 0, 3000, 1000), {"乌兰镇水源地", "准保护区", "地下水型"}}});
  const Layer mining = mines(folder, {rect(1800, 400, 2200, 600)});
  const OverlapResult r = overlapLayers(mining, water, settingsFor(defaultRules(), "mining", "water"));
  ASSERT_EQ(r.pieces.size(), 2u);
  EXPECT_EQ(r.pieces[0].ruleId, "mining_water_second");
  EXPECT_EQ(r.pieces[0].severity, Severity::Prohibited);
  EXPECT_EQ(r.pieces[1].ruleId, "mining_water_quasi");
  EXPECT_EQ(r.pieces[1].severity, Severity::Restricted);
  EXPECT_NEAR(r.pieces[0].measures.planarArea, 40000, 1e-6);

  const Layer site = loadAs(folder, "site", "project_site", {"XMMC"}, {{rect(100, 100, 300, 300), {"示例项目"}}});
  std::vector<Layer> all;
  all.push_back(loadAs(folder, "water2", "water_source", {"SYDMC", "BHQJB"}, {{rect(0, 0, 1000, 1000), {"乌兰镇水源地", "一级保护区"}}}));
  const auto layers = siteLayers({"water2"}, all, &site, defaultRules(), std::nullopt);
  ASSERT_EQ(layers.size(), 1u);
  SiteSettings s;
  s.rules = &defaultRules();
  s.roles = &roles();
  const OverlapResult siteResult = siteOverlaps(site, layers, s);
  ASSERT_EQ(siteResult.pieces.size(), 1u);
  EXPECT_EQ(siteResult.pieces[0].ruleId, "site_water_first");
  EXPECT_EQ(siteResult.pieces[0].severity, Severity::Prohibited);
}

}  // namespace
}  // namespace sanxian

namespace sanxian {
namespace {

// The land-use rules filter by land-class group or code prefix, read through
// layers/land_classes.yaml: the overlap check applies them as the land-use
// check does; a class no rule names is no conflict, and a code the file
// does not know takes the strictest rule with a note.
TEST(Overlap, LandUseRulesFilterByLandClassGroupAndCode) {
  const std::string folder = freshFolder("overlap_landuse");
  const Layer redline = loadAs(folder, "redline", "redline", {"HXBH"}, {{rect(0, 0, 1000, 1000), {"HX001"}}});
  const Layer dltb = loadAs(folder, "dltb", "land_use", {"BSM", "DLBM"},
                            {{rect(0, 0, 100, 100), {"D1", "0602"}},
                             {rect(200, 0, 300, 100), {"D2", "1003"}},
                             {rect(400, 0, 500, 100), {"D3", "0301"}},
                             {rect(600, 0, 700, 100), {"D4", "9999"}}});
  const OverlapResult r = overlapLayers(dltb, redline, settingsFor(defaultRules(), "dltb", "redline"));
  ASSERT_EQ(r.pieces.size(), 3u);
  EXPECT_EQ(r.pieces[0].ruleId, "landuse_redline_mining");
  EXPECT_EQ(r.pieces[1].ruleId, "landuse_redline_construction");  // 公路用地 is construction land
  EXPECT_EQ(r.pieces[2].ruleId, "landuse_redline_mining");        // 9999: not in the file, the strictest rule
  EXPECT_NE(r.pieces[2].undecided.find("9999"), std::string::npos) << r.pieces[2].undecided;
  EXPECT_EQ(r.overlapsWithoutRule, 1u);  // forest
}

}  // namespace
}  // namespace sanxian
