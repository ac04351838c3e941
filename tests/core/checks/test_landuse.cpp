// Land use inside the zones on small hand-built layers whose answers are
// computed by hand (EPSG:4545 metres on the central meridian, where planar
// and ellipsoidal areas agree to ~1e-7): the area of each class inside the
// red line, the survey's deduction (TBDLMJ, TBMJ − KCMJ) scaled to a piece,
// findings and severities from the rule list, the land-class file.
#include <gtest/gtest.h>

#include "core/base/text.h"
#include "core/checks/landuse/landuse.h"
#include "core/geometry/harmonize.h"
#include "core/io/crs.h"
#include "core/io/load.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

constexpr double X0 = 500000, Y0 = 4300000;

const RoleCatalog& roles() {
  static const RoleCatalog catalog = RoleCatalog::loadDefault();
  return catalog;
}
const RuleList& rules() {
  static const RuleList list = RuleList::loadDefault(roles());
  return list;
}
const LandClassCatalog& classes() {
  static const LandClassCatalog catalog = LandClassCatalog::loadDefault();
  return catalog;
}

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
  options.source = test::writeLayer(spec);
  options.role = role;
  Layer layer = load(options, roles());
  harmonize(layer, crsFromUser("EPSG:4545"));
  return layer;
}

TEST(LandClasses, FindsCodesByLongestPrefixAndGroups) {
  const LandClassCatalog& c = classes();
  ASSERT_TRUE(c.find("0602"));
  EXPECT_EQ(c.find("0602")->zh, "采矿用地");
  EXPECT_TRUE(c.inGroup(*c.find("0602"), "mining"));
  EXPECT_TRUE(c.inGroup(*c.find("0602"), "建设用地"));
  EXPECT_FALSE(c.inGroup(*c.find("0103"), "construction"));
  EXPECT_TRUE(c.inGroup(*c.find("0103"), "耕地"));
  ASSERT_TRUE(c.find("0201K"));
  EXPECT_EQ(c.find("0201K")->code, "0201");  // 可调整果园 → 果园
  ASSERT_TRUE(c.find("1104A"));
  EXPECT_EQ(c.find("1104A")->code, "1104");
  EXPECT_EQ(c.find("05h1")->zh, "商业服务业设施用地");
  EXPECT_EQ(c.find("0304")->groups.front(), "wetland");  // the survey's 湿地 class
  EXPECT_EQ(c.find("9999"), nullptr);
}

// Red line [0,1000]²; land-use patches: 0602 [100,300]² (40 000 m² inside),
// 0103 [900,1100]×[0,200] half inside (TBMJ 40 000, KCMJ 4 000, TBDLMJ
// 36 000: the piece is 20 000 m², its survey class area 18 000 m², its
// deduction 2 000 m²), 0301 [0,1000]×[600,1000] (400 000 m², no rule),
// 0702 [400,500]×[400,450] (5 000 m², construction), and 0404 outside.
struct Fixture {
  Layer redline, landUse;
};
Fixture layers(const std::string& folder, bool withClassArea) {
  Fixture f;
  f.redline = loadAs(folder, "redline", "redline", {"HXBH", "HXMC"}, {{rect(0, 0, 1000, 1000), {"HX001", "测试红线"}}});
  std::vector<std::string> fields = {"BSM", "DLBM", "DLMC", "TBMJ", "KCMJ"};
  if (withClassArea) fields.push_back("TBDLMJ");
  auto row = [&](const std::string& wkt, std::vector<std::string> v) {
    if (!withClassArea) v.pop_back();
    return test::Row{wkt, v};
  };
  f.landUse = loadAs(folder, "dltb", "land_use", fields,
                     {row(rect(100, 100, 300, 300), {"DL1", "0602", "采矿用地", "40000", "0", "40000"}),
                      row(rect(900, 0, 1100, 200), {"DL2", "0103", "旱地", "40000", "4000", "36000"}),
                      row(rect(0, 600, 1000, 1000), {"DL3", "0301", "乔木林地", "400000", "0", "400000"}),
                      row(rect(400, 400, 500, 450), {"DL4", "0702", "农村宅基地", "5000", "0", "5000"}),
                      row(rect(3000, 0, 3100, 100), {"DL5", "0404", "其他草地", "10000", "0", "10000"})});
  return f;
}

LandUseSettings settingsFor(const Fixture& f) {
  LandUseSettings s;
  s.zones = &f.redline;
  s.landUse = &f.landUse;
  s.zonesId = "redline";
  s.landUseId = "dltb";
  s.rules = &rules();
  s.roles = &roles();
  s.classes = &classes();
  return s;
}

const LandUsePiece* pieceOf(const LandUseResult& r, const std::string& code) {
  for (const LandUsePiece& p : r.pieces)
    if (p.classCode == code) return &p;
  return nullptr;
}

TEST(LandUse, AreaOfEachClassInsideTheRedLineWithTheSurveyDeduction) {
  const Fixture f = layers(test::freshFolder("landuse_classes"), true);
  const LandUseResult r = landUseInZones(settingsFor(f));
  ASSERT_EQ(r.pieces.size(), 4u);  // the grassland outside gives none
  const LandUsePiece* dry = pieceOf(r, "0103");
  ASSERT_TRUE(dry);
  EXPECT_NEAR(dry->measures.planarArea, 20000, 1e-6);
  EXPECT_NEAR(dry->measures.area, 20000, 20000 * 1e-6);
  EXPECT_NEAR(dry->share, 0.5, 1e-6);
  EXPECT_EQ(dry->source, DeductionSource::ClassArea);
  EXPECT_NEAR(dry->classArea, 18000, 18000 * 1e-6);
  EXPECT_NEAR(dry->deduction, 2000, 2000 * 1e-6);
  EXPECT_EQ(dry->groupName, "耕地");

  const CheckResult out = landUseReport(landUseInZones(settingsFor(f)));
  const auto& j = out.summary;
  ASSERT_EQ(j["classes"].size(), 4u);
  // In code order: 0103, 0301, 0602, 0702.
  const char* codes[] = {"0103", "0301", "0602", "0702"};
  const double areas[] = {20000, 400000, 40000, 5000};
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(j["classes"][k]["code"], codes[k]);
    EXPECT_NEAR(j["classes"][k]["planar_area_m2"].get<double>(), areas[k], 1e-6);
    EXPECT_NEAR(j["classes"][k]["area_m2"].get<double>(), areas[k], areas[k] * 1e-6);
    EXPECT_TRUE(j["classes"][k].contains("name"));
  }
  EXPECT_EQ(j["classes"][2]["name"], "采矿用地");
  EXPECT_NEAR(j["total_area_m2"].get<double>(), 465000, 465000 * 1e-6);
  EXPECT_NEAR(j["planar_total_area_m2"].get<double>(), 465000, 1e-6);
  EXPECT_NEAR(j["survey_total_class_area_m2"].get<double>(), 463000, 463000 * 1e-6);
  EXPECT_NE(j["area_basis"].get<std::string>().find("TBDLMJ"), std::string::npos);
}

TEST(LandUse, HumanActivityClassesAreFindingsWithTheRulesSeverity) {
  const Fixture f = layers(test::freshFolder("landuse_findings"), true);
  const CheckResult out = landUseReport(landUseInZones(settingsFor(f)));
  ASSERT_EQ(out.findings.size(), 3u);  // mining, cultivated, construction; forest is no finding
  std::map<std::string, const Finding*> byRule;
  for (const Finding& finding : out.findings) byRule[finding.ruleId] = &finding;
  ASSERT_TRUE(byRule.count("landuse_redline_mining"));
  EXPECT_EQ(byRule["landuse_redline_mining"]->severity, Severity::Prohibited);
  EXPECT_NEAR(byRule["landuse_redline_mining"]->planarArea, 40000, 1e-6);
  EXPECT_EQ(byRule["landuse_redline_mining"]->aCode, "DL1");
  EXPECT_EQ(byRule["landuse_redline_mining"]->bCode, "HX001");
  ASSERT_TRUE(byRule.count("landuse_redline_construction"));  // 农村宅基地: construction, not mining
  EXPECT_EQ(byRule["landuse_redline_construction"]->severity, Severity::Restricted);
  EXPECT_NEAR(byRule["landuse_redline_construction"]->planarArea, 5000, 1e-6);
  ASSERT_TRUE(byRule.count("landuse_redline_cultivated"));
  EXPECT_EQ(byRule["landuse_redline_cultivated"]->severity, Severity::Notice);
  EXPECT_EQ(out.summary["severity_counts"]["prohibited"], 1);
  EXPECT_EQ(out.summary["severity_counts"]["restricted"], 1);
  EXPECT_EQ(out.summary["severity_counts"]["notice"], 1);
  for (const Finding& finding : out.findings) EXPECT_TRUE(finding.geometry);
}

TEST(LandUse, WithoutTbdlmjTheSurveyAreaIsTbmjLessKcmj) {
  const Fixture f = layers(test::freshFolder("landuse_kcmj"), false);
  const LandUseResult r = landUseInZones(settingsFor(f));
  const LandUsePiece* dry = pieceOf(r, "0103");
  ASSERT_TRUE(dry);
  EXPECT_EQ(dry->source, DeductionSource::AreaLessDeduction);
  EXPECT_NEAR(dry->classArea, (40000 - 4000) * 0.5, 18000 * 1e-6);
  EXPECT_NEAR(dry->deduction, 2000, 2000 * 1e-6);
}

TEST(LandUse, ClassesByTownshipAddUpPerTownship) {
  const std::string folder = test::freshFolder("landuse_townships");
  Fixture f = layers(folder, true);
  const Layer townships = loadAs(folder, "townships", "boundary", {"XZQMC", "XZQDM"},
                                 {{rect(-5000, -5000, 500, 5000), {"乌兰镇", "150624100"}}, {rect(500, -5000, 5000, 5000), {"棋盘井镇", "150624101"}}});
  LandUseSettings s = settingsFor(f);
  s.boundary = &townships;
  const CheckResult out = landUseReport(landUseInZones(s));
  const Table* byTownship = nullptr;
  for (const Table& t : out.tables)
    if (t.name == "landuse_by_township") byTownship = &t;
  ASSERT_TRUE(byTownship);
  // Forest [0,1000]×[600,1000] lies half in each: placed whole in the earlier (tie); the
  // mine (x 100–300) in 乌兰镇; dry land (x 900–1000) and the homestead (x 400–500) as placed.
  double sum = 0;
  const int area = byTownship->columnIndex("planar_area_m2");
  for (const auto& row : byTownship->rows) sum += std::get<double>(row[area]);
  EXPECT_NEAR(sum, 465000, 1e-6);
  EXPECT_EQ(byTownship->totals, Totals::PerGroup);
}

}  // namespace
}  // namespace sanxian

namespace sanxian {
namespace {

// Zones of other roles: a reserve's core zone and a water source's levels,
// each with its own rules; the general zone and the quasi zone have none.
TEST(LandUse, ReserveCoreAndWaterSourceZonesTakeTheirOwnRules) {
  const std::string folder = test::freshFolder("landuse_other_zones");
  const Layer reserves = loadAs(folder, "reserves", "reserve", {"BHDMC", "GNFQ"},
                                {{rect(0, 0, 1000, 1000), {"甘草自然保护区", "核心保护区"}}, {rect(1000, 0, 2000, 1000), {"甘草自然保护区", "一般控制区"}}});
  const Layer water = loadAs(folder, "water", "water_source", {"SYDMC", "BHQJB"},
                             {{rect(0, 0, 1000, 1000), {"乌兰镇水源地", "一级保护区"}}, {rect(1000, 0, 2000, 1000), {"乌兰镇水源地", "准保护区"}}});
  // Homesteads across both zones: 500 × 200 m in each.
  const Layer dltb = loadAs(folder, "dltb", "land_use", {"BSM", "DLBM"}, {{rect(500, 0, 1500, 200), {"D1", "0702"}}});
  for (const Layer* zones : {&reserves, &water}) {
    LandUseSettings s;
    s.zones = zones;
    s.landUse = &dltb;
    s.rules = &rules();
    s.roles = &roles();
    s.classes = &classes();
    const LandUseResult r = landUseInZones(s);
    ASSERT_EQ(r.pieces.size(), 2u);
    EXPECT_EQ(r.pieces[0].ruleId, zones == &reserves ? "landuse_reserve_core_human" : "landuse_water_first");
    EXPECT_EQ(r.pieces[0].severity, Severity::Prohibited);
    EXPECT_NEAR(r.pieces[0].measures.planarArea, 100000, 1e-6);
    EXPECT_TRUE(r.pieces[1].ruleId.empty()) << r.pieces[1].ruleId;
  }
}

}  // namespace
}  // namespace sanxian

namespace sanxian {
namespace {

// zones_where keeps only the zones it accepts: a reserve's core zone.
TEST(LandUse, ZonesWhereKeepsOnlyTheCoreZone) {
  const std::string folder = test::freshFolder("landuse_zones_where");
  const Layer reserves = loadAs(folder, "reserves", "reserve", {"BHDMC", "GNFQ"},
                                {{rect(0, 0, 1000, 1000), {"甘草自然保护区", "核心区"}}, {rect(1000, 0, 2000, 1000), {"甘草自然保护区", "实验区"}}});
  const Layer dltb = loadAs(folder, "dltb", "land_use", {"BSM", "DLBM"}, {{rect(500, 0, 1500, 200), {"D1", "0404"}}});
  LandUseSettings s;
  s.zones = &reserves;
  s.landUse = &dltb;
  s.rules = &rules();
  s.roles = &roles();
  s.classes = &classes();
  s.zonesWhere = {{"zone", {"core"}}};  // 核心区 maps to core
  const CheckResult out = landUseReport(landUseInZones(s));
  EXPECT_NEAR(out.summary["planar_total_area_m2"].get<double>(), 100000, 1e-6);
  EXPECT_EQ(out.summary["zones_where"]["zone"][0], "core");
  ASSERT_EQ(out.summary["classes"].size(), 1u);
  EXPECT_EQ(out.summary["classes"][0]["name"], "其他草地");
}

}  // namespace
}  // namespace sanxian
