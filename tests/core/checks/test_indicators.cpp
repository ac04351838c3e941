// Indicator accounting on small hand-built layers whose answers are
// computed by hand (EPSG:4545 metres within 2 km of the central meridian,
// where planar and ellipsoidal areas agree to ~1e-7 — the scale factor grows
// by x²/2R², 5e-8 at 2 km — so shares match the planar figures to ~1e-5
// percentage points; tests/postgis checks the ellipsoidal ones): forest coverage with a forest-land layer's special shrub land
// (overlap counted once), grassland cover as an area-weighted mean, two
// protected areas overlapping (counted once), a township with no land of a
// class, the red line shrinking, construction land per GDP and its decrease
// rate, the shoreline rate, the townships' contributions, and the catalog.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/indicators/indicators.h"
#include "core/geometry/harmonize.h"
#include "core/io/crs.h"
#include "core/io/load.h"
#include "core/run/run.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

constexpr double X0 = 500000, Y0 = 4300000;

const RoleCatalog& roles() {
  static const RoleCatalog catalog = RoleCatalog::loadDefault();
  return catalog;
}
const IndicatorCatalog& catalog() {
  static const IndicatorCatalog c = IndicatorCatalog::loadDefault();
  return c;
}

std::string rect(double x1, double y1, double x2, double y2) {
  return format("POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", X0 + x1, Y0 + y1, X0 + x2, Y0 + y1, X0 + x2, Y0 + y2, X0 + x1,
                Y0 + y2, X0 + x1, Y0 + y1);
}
std::string line(double x1, double y1, double x2, double y2) {
  return format("LINESTRING(%.3f %.3f,%.3f %.3f)", X0 + x1, Y0 + y1, X0 + x2, Y0 + y2);
}

Layer loadAs(const std::string& folder, const std::string& name, const std::string& role, const std::vector<std::string>& fields,
             const std::vector<test::Row>& rows, const std::string& geometry = "Polygon") {
  test::LayerSpec spec;
  spec.path = folder + "/" + name + ".shp";
  spec.fields = fields;
  spec.rows = rows;
  spec.geometry = geometry;
  LoadOptions options;
  options.source = test::writeLayer(spec);
  options.role = role;
  Layer layer = load(options, roles());
  harmonize(layer, crsFromUser("EPSG:4545"));
  return layer;
}

// Two townships, T1 [0,1000]×[0,1000] and T2 [1000,2000]×[0,1000] (1 km² each).
// Land use 2023: T1 0301 arbor forest [0,400] (400 000 m²) and 0404 grass
// [400,1000] cover 40; T2 0401 grass [1000,2000]×[0,500] cover 60 and 0602
// mining [1000,2000]×[500,1000] (500 000 m²). Land use 2022: the same but the
// mining land only [1000,2000]×[750,1000] (250 000 m²), the rest grass.
// Forest land: special shrub [300,600]×[0,500] — 100 000 m² beyond the arbor
// forest. Reserves [0,600] and [400,1400] (whole height): overlap [400,600].
// Red line 2023 [0,500]×[0,500], 2022 [0,500]×[0,600]. Shoreline: 1 000 m of
// protection zone in T1, 500 m of development zone in T2.
struct County {
  Layer townships, landUse, landUse2022, forestLand, reserves, redline, redline2022, shoreline;
};
County county(const std::string& folder) {
  County c;
  c.townships = loadAs(folder, "townships", "boundary", {"XZQDM", "XZQMC"},
                       {{rect(0, 0, 1000, 1000), {"150001", "甲镇"}}, {rect(1000, 0, 2000, 1000), {"150002", "乙镇"}}});
  const std::vector<std::string> fields = {"BSM", "DLBM", "DLMC", "ZBGD"};
  c.landUse = loadAs(folder, "dltb_2023", "land_use", fields,
                     {{rect(0, 0, 400, 1000), {"1", "0301", "乔木林地", ""}},
                      {rect(400, 0, 1000, 1000), {"2", "0404", "其他草地", "40"}},
                      {rect(1000, 0, 2000, 500), {"3", "0401", "天然牧草地", "60"}},
                      {rect(1000, 500, 2000, 1000), {"4", "0602", "采矿用地", ""}}});
  c.landUse2022 = loadAs(folder, "dltb_2022", "land_use", fields,
                         {{rect(0, 0, 400, 1000), {"1", "0301", "乔木林地", ""}},
                          {rect(400, 0, 1000, 1000), {"2", "0404", "其他草地", "40"}},
                          {rect(1000, 0, 2000, 750), {"3", "0401", "天然牧草地", "60"}},
                          {rect(1000, 750, 2000, 1000), {"4", "0602", "采矿用地", ""}}});
  c.forestLand = loadAs(folder, "lindi", "forest_land", {"XBH", "DI_LEI"}, {{rect(300, 0, 600, 500), {"X1", "131"}}});
  c.reserves = loadAs(folder, "reserves", "reserve", {"BHDBM", "BHDMC"},
                      {{rect(0, 0, 600, 1000), {"R1", "甲保护区"}}, {rect(400, 0, 1400, 1000), {"R2", "乙自然公园"}}});
  c.redline = loadAs(folder, "redline_2023", "redline", {"HXBH"}, {{rect(0, 0, 500, 500), {"HX1"}}});
  c.redline2022 = loadAs(folder, "redline_2022", "redline", {"HXBH"}, {{rect(0, 0, 500, 600), {"HX1"}}});
  c.shoreline = loadAs(folder, "shoreline", "shoreline", {"AXBH", "HHMC", "AXGNFQ"},
                       {{line(100, 0, 100, 1000), {"A1", "甲河", "岸线保护区"}}, {line(1200, 100, 1700, 100), {"A2", "乙河", "岸线开发利用区"}}},
                       "LineString");
  return c;
}

IndicatorSettings settingsFor(const County& c, const IndicatorSet& set) {
  IndicatorSettings s;
  s.set = &set;
  s.roles = &roles();
  s.current.byRole = {{"land_use", &c.landUse}, {"forest_land", &c.forestLand}, {"reserve", &c.reserves}, {"redline", &c.redline}, {"shoreline", &c.shoreline}};
  s.current.ids = {{"land_use", "dltb_2023"}, {"forest_land", "lindi"}, {"reserve", "reserves"}, {"redline", "redline_2023"}, {"shoreline", "shoreline"}};
  s.previous.byRole = {{"land_use", &c.landUse2022}, {"redline", &c.redline2022}};
  s.previous.ids = {{"land_use", "dltb_2022"}, {"redline", "redline_2022"}};
  s.boundary = &c.townships;
  s.boundaryId = "townships";
  s.gdp = 10.0;
  s.previousGdp = 8.0;
  s.targets = {{"forest_coverage_pct", 22.4}, {"grassland_vegetation_cover_pct", 45}, {"construction_land_per_gdp_decrease_pct", 4.5}};
  return s;
}

const IndicatorValue& valueOf(const IndicatorResult& r, const std::string& id) {
  for (const IndicatorValue& v : r.values)
    if (v.def->id == id) return v;
  throw std::runtime_error("no indicator " + id);
}

class Indicators : public ::testing::Test {
protected:
  // One folder per process: ctest runs each test in its own, side by side.
  static void SetUpTestSuite() { c_ = new County(county(test::freshFolder(format("indicators_%d", int(getpid()))))); }
  static void TearDownTestSuite() { delete c_; }
  static const County& c() { return *c_; }
  static IndicatorResult compute(const std::string& set = "2024-county") {
    const IndicatorSet* s = catalog().set(set);
    EXPECT_TRUE(s);
    return computeIndicators(settingsFor(c(), *s));
  }
  static County* c_;
};
County* Indicators::c_ = nullptr;

constexpr double kShare = 1e-5;  // percentage points (see the top)

TEST_F(Indicators, ForestCoverageCountsTheForestLandsSpecialShrubOnceAndATownshipWithoutForestAsZero) {
  const IndicatorResult r = compute();
  const IndicatorValue& forest = valueOf(r, "forest_coverage_pct");
  ASSERT_TRUE(forest.computed) << forest.reason;
  // Arbor forest 400 000 m² ∪ special shrub [300,600]×[0,500] = 500 000 m² of 2 km².
  EXPECT_NEAR(forest.value, 25.0, kShare);
  ASSERT_EQ(forest.byTownship.size(), 2u);
  EXPECT_EQ(forest.byTownship[0].name, "甲镇");
  EXPECT_NEAR(forest.byTownship[0].value, 50.0, kShare);
  EXPECT_EQ(forest.byTownship[1].value, 0.0);  // 乙镇 has no forest: 0 %, not missing
  EXPECT_NEAR(forest.numerator, 500000, 0.5);
  ASSERT_TRUE(forest.target);
  EXPECT_EQ(*forest.target, 22.4);
  ASSERT_TRUE(forest.passed);
  EXPECT_TRUE(*forest.passed);
  // The same forest in 2022 over the same land: no change, no contribution.
  EXPECT_NEAR(forest.previousValue, 25.0, kShare);
  EXPECT_NEAR(forest.byTownship[0].contribution, 0.0, kShare);
}

TEST_F(Indicators, GrasslandCoverIsTheAreaWeightedMeanOfThePatchesWithAValue) {
  const IndicatorResult r = compute();
  const IndicatorValue& cover = valueOf(r, "grassland_vegetation_cover_pct");
  ASSERT_TRUE(cover.computed) << cover.reason;
  // (600 000 × 40 + 500 000 × 60) / 1 100 000.
  EXPECT_NEAR(cover.value, (600000.0 * 40 + 500000.0 * 60) / 1100000.0, 1e-6);
  EXPECT_NEAR(cover.byTownship[0].value, 40.0, 1e-9);
  EXPECT_NEAR(cover.byTownship[1].value, 60.0, 1e-9);
  EXPECT_EQ(cover.missingValues, 0u);
  EXPECT_TRUE(cover.passed && *cover.passed);  // 49.09 ≥ 45
  // 2022: 乙镇's grass was 750 000 m² at 60.
  EXPECT_NEAR(cover.previousValue, (600000.0 * 40 + 750000.0 * 60) / 1350000.0, 1e-6);
}

TEST_F(Indicators, OverlappingProtectedAreasCountOnce) {
  const IndicatorResult r = compute();
  const IndicatorValue& pa = valueOf(r, "protected_area_share_pct");
  ASSERT_TRUE(pa.computed) << pa.reason;
  // [0,600] ∪ [400,1400] = 1 400 000 m² of 2 km² = 70 %, not the 80 % of the sum.
  EXPECT_NEAR(pa.value, 70.0, kShare);
  EXPECT_NEAR(pa.byTownship[0].value, 100.0, kShare);
  EXPECT_NEAR(pa.byTownship[1].value, 40.0, kShare);
  // No previous reserves were given: no comparison, no verdict.
  EXPECT_TRUE(std::isnan(pa.previousValue));
  EXPECT_FALSE(pa.passed);
}

TEST_F(Indicators, ARedLineThatShrankFailsAndItsTownshipCarriesTheChange) {
  const IndicatorResult r = compute();
  const IndicatorValue& area = valueOf(r, "redline_area_not_decreasing");
  ASSERT_TRUE(area.computed) << area.reason;
  EXPECT_NEAR(area.value, 25.0, 1e-4);           // ha
  EXPECT_NEAR(area.previousValue, 30.0, 1e-4);   // ha
  ASSERT_TRUE(area.passed);
  EXPECT_FALSE(*area.passed);
  EXPECT_NEAR(area.byTownship[0].contribution, -5.0, 1e-4);
  EXPECT_EQ(area.byTownship[1].contribution, 0.0);
  const auto top = area.topContributors(3);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0]->name, "甲镇");
  const IndicatorValue& share = valueOf(r, "redline_share_pct");
  EXPECT_NEAR(share.value, 12.5, kShare);
  EXPECT_NEAR(share.previousValue, 15.0, kShare);
}

TEST_F(Indicators, ConstructionLandPerGdpAndItsDecreaseRate) {
  const IndicatorResult r = compute();
  const IndicatorValue& perGdp = valueOf(r, "construction_land_per_gdp");
  ASSERT_TRUE(perGdp.computed) << perGdp.reason;
  EXPECT_NEAR(perGdp.value, 50.0 / 10.0, 1e-6);        // 50 ha / 10 亿元
  EXPECT_NEAR(perGdp.previousValue, 25.0 / 8.0, 1e-6);  // 25 ha / 8 亿元
  EXPECT_TRUE(std::isnan(perGdp.byTownship[0].value));  // a township has no GDP of its own
  // The contributions add up to the county's change: 乙镇's mining land.
  EXPECT_NEAR(perGdp.byTownship[0].contribution + perGdp.byTownship[1].contribution, perGdp.change(), 1e-9);
  EXPECT_NEAR(perGdp.byTownship[1].contribution, 5.0 - 25.0 / 8.0, 1e-6);
  const IndicatorValue& decrease = valueOf(r, "construction_land_per_gdp_decrease_pct");
  ASSERT_TRUE(decrease.computed) << decrease.reason;
  EXPECT_NEAR(decrease.value, 100.0 * (3.125 - 5.0) / 3.125, 1e-6);  // −60 %: it rose
  ASSERT_TRUE(decrease.passed);
  EXPECT_FALSE(*decrease.passed);
}

TEST_F(Indicators, ShorelineRateFromTheShorelineEngineByTownship) {
  const IndicatorResult r = compute();
  const IndicatorValue& shore = valueOf(r, "shoreline_protection_rate_pct");
  ASSERT_TRUE(shore.computed) << shore.reason;
  EXPECT_NEAR(shore.value, 100.0 * 1000 / 1500, 1e-5);
  EXPECT_NEAR(shore.byTownship[0].value, 100.0, 1e-9);
  EXPECT_NEAR(shore.byTownship[1].value, 0.0, 1e-9);
}

TEST_F(Indicators, ContributionsAddUpToTheCountysChange) {
  const IndicatorResult r = compute();
  for (const IndicatorValue& v : r.values) {
    if (!v.computed || !std::isfinite(v.previousValue) || v.byTownship.empty()) continue;
    double sum = 0;
    for (const TownshipIndicator& t : v.byTownship) sum += t.contribution;
    EXPECT_NEAR(sum, v.change(), 1e-9 * std::max(1.0, std::abs(v.value))) << v.def->id;
  }
}

TEST_F(Indicators, WithoutALayerOfARoleTheIndicatorSaysWhyAndTheRestStillCompute) {
  IndicatorSettings s = settingsFor(c(), *catalog().set("2024-county"));
  s.current.byRole.erase("reserve");
  s.current.byRole.erase("forest_land");
  const IndicatorResult r = computeIndicators(s);
  const IndicatorValue& pa = valueOf(r, "protected_area_share_pct");
  EXPECT_FALSE(pa.computed);
  EXPECT_NE(pa.reason.find("reserve"), std::string::npos) << pa.reason;
  // Without the forest-land map, forest is the survey's own: 400 000 m² = 20 %.
  EXPECT_NEAR(valueOf(r, "forest_coverage_pct").value, 20.0, kShare);
}

TEST_F(Indicators, The2019SetReadsForestAndGrassTogether) {
  const IndicatorResult r = compute("2019");
  const IndicatorValue& v = valueOf(r, "forest_grass_coverage_pct");
  // Forest ∪ special shrub ∪ grass: everything but the mining land = 1.5 km² of 2.
  EXPECT_NEAR(v.value, 75.0, kShare);
  for (const IndicatorValue& x : r.values) EXPECT_NE(x.def->id, "forest_coverage_pct");
}

TEST_F(Indicators, TablesAndJsonCarryTheSameFigures) {
  CheckResult out = indicatorReport(compute());
  const auto& list = out.summary["indicators"];
  ASSERT_EQ(list.size(), catalog().set("2024-county")->indicators.size());
  EXPECT_EQ(list[0]["id"], "forest_coverage_pct");
  EXPECT_EQ(list[0]["by_township"][0]["code"], "150001");
  EXPECT_EQ(list[0]["by_township"][0]["name"], "甲镇");
  ASSERT_EQ(out.tables.size(), 3u);
  const Table& t = out.tables[0];
  EXPECT_EQ(t.name, "indicators");
  ASSERT_EQ(t.rows.size(), list.size());
  const int value = t.columnIndex("value");
  for (size_t i = 0; i < list.size(); ++i)
    if (!list[i]["value"].is_null()) EXPECT_EQ(std::get<double>(t.rows[i][value]), list[i]["value"].get<double>());
  const Table& map = out.tables[2];
  EXPECT_EQ(map.name, "indicators_townships");
  EXPECT_EQ(map.rows.size(), 2u);
  EXPECT_EQ(map.geometries.size(), 2u);
  EXPECT_GE(map.columnIndex("forest_coverage_pct"), 0);
  bool forestVerdict = false;
  for (const auto& [key, passed] : out.verdicts) forestVerdict = forestVerdict || (key == "forest_coverage_pct" && passed);
  EXPECT_TRUE(forestVerdict);
  EXPECT_EQ(out.verdictTitles["forest_coverage_pct"], tr("森林覆盖率", "Forest coverage"));
}

TEST(IndicatorCatalog, DefaultSetsAndDefinitionsLoad) {
  const IndicatorCatalog& c = catalog();
  for (const char* id : {"2024-county", "2024-city", "2021", "2019"}) EXPECT_TRUE(c.set(id)) << id;
  for (const char* id : {"forest_coverage_pct", "grassland_share_pct", "grassland_vegetation_cover_pct", "redline_share_pct",
                         "redline_area_not_decreasing", "protected_area_share_pct", "shoreline_protection_rate_pct", "construction_land_per_gdp",
                         "construction_land_per_gdp_decrease_pct"}) {
    const IndicatorDef* def = c.definition(id);
    ASSERT_TRUE(def) << id;
    EXPECT_FALSE(def->document.empty()) << id;
    EXPECT_FALSE(def->shortName.empty()) << id;
    EXPECT_LE(def->shortName.size(), 10u) << id;
  }
}

TEST(IndicatorCatalog, AMalformedFileNamesTheFileAndTheEntry) {
  const std::string folder = test::freshFolder("indicator_catalog");
  const std::string path = folder + "/bad.yaml";
  std::ofstream(path) << "definitions:\n  x:\n    name: {zh: 甲}\n    formula: ratio\n    numerator: [{role: land_use}]\nsets: {}\n";
  try {
    IndicatorCatalog::load(path);
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("bad.yaml"), std::string::npos) << m;
    EXPECT_NE(m.find("definitions.x"), std::string::npos) << m;
    EXPECT_NE(m.find("ratio"), std::string::npos) << m;
  }
  std::ofstream(path) << "definitions: {}\nsets:\n  s: {indicators: [nothing]}\n";
  EXPECT_THROW(IndicatorCatalog::load(path), Error);
}

}  // namespace
}  // namespace sanxian
