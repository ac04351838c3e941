// The three control lines on small hand-built layers whose answers are
// computed by hand (EPSG:4545 metres on the central meridian, where planar
// and ellipsoidal areas agree to ~1e-7): one overlap per pair, touching is
// not an overlap, a sliver does not fail the verdict, pieces by township,
// the JSON contract and the project check.
#include <gtest/gtest.h>

#include "core/base/text.h"
#include "core/checks/control_lines/control_lines.h"
#include "core/geometry/harmonize.h"
#include "core/io/crs.h"
#include "core/io/load.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

constexpr double X0 = 500000, Y0 = 4300000;  // on CM 108°E, about 38.8°N

const RoleCatalog& roles() {
  static const RoleCatalog catalog = RoleCatalog::loadDefault();
  return catalog;
}
const RuleList& rules() {
  static const RuleList list = RuleList::loadDefault(roles());
  return list;
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

// Red line [0,1000]²; farmland JB001 [800,1200]×[400,600] (40 000 m² in the
// red line), JB002 far away, JB003 [1000,1100]×[0,100] touching the red
// line at x = 1000 and the urban boundary at x = 1100; urban CZ001
// [1100,2000]×[0,1000] (20 000 m² of JB001: [1100,1200]×[400,600]), CZ002
// [500,600]×[900,1100] (10 000 m² in the red line).
struct Lines {
  Layer redline, farmland, urban, townships;
};
Lines threeLines(const std::string& folder, const std::string& extraFarmland = "") {
  Lines l;
  l.redline = loadAs(folder, "redline", "redline", {"HXBH", "HXMC"}, {{rect(0, 0, 1000, 1000), {"HX001", "测试红线"}}});
  std::vector<test::Row> farmland = {{rect(800, 400, 1200, 600), {"JB001", "0103"}},
                                     {rect(2500, 0, 2600, 100), {"JB002", "0103"}},
                                     {rect(1000, 0, 1100, 100), {"JB003", "0102"}}};
  if (!extraFarmland.empty()) farmland.push_back({extraFarmland, {"JB004", "0103"}});
  l.farmland = loadAs(folder, "farmland", "farmland", {"TBBH", "DLBM"}, farmland);
  l.urban = loadAs(folder, "urban", "urban_boundary", {"BH", "MC", "GNFQ"},
                   {{rect(1100, 0, 2000, 1000), {"CZ001", "乌兰镇城镇开发边界", "集中建设区"}},
                    {rect(500, 900, 600, 1100), {"CZ002", "乌兰镇城镇开发边界", "弹性发展区"}}});
  l.townships = loadAs(folder, "townships", "boundary", {"XZQMC", "XZQDM"},
                       {{rect(-5000, -5000, 1050, 5000), {"乌兰镇", "150624100"}}, {rect(1050, -5000, 5000, 5000), {"棋盘井镇", "150624101"}}});
  return l;
}

ControlLinesSettings settingsFor(const Lines& l) {
  ControlLinesSettings s;
  s.redline = &l.redline;
  s.farmland = &l.farmland;
  s.urban = &l.urban;
  s.rules = &rules();
  s.roles = &roles();
  s.boundary = &l.townships;
  return s;
}

TEST(ControlLines, EachPairOverlapGivesOnePieceWithItsRuleAndArea) {
  const Lines l = threeLines(test::freshFolder("control_lines_pairs"));
  const ControlLinesResult r = controlLines(settingsFor(l));
  ASSERT_EQ(r.pairs.size(), 3u);
  const double expected[] = {40000, 10000, 20000};
  const char* ruleIds[] = {"redline_farmland", "redline_urban", "farmland_urban"};
  const char* aCodes[] = {"JB001", "CZ002", "CZ001"};
  const char* townships[] = {"乌兰镇", "乌兰镇", "棋盘井镇"};
  for (size_t k = 0; k < 3; ++k) {
    const ControlLinePair& p = r.pairs[k];
    EXPECT_EQ(p.pieces, 1u) << k;
    EXPECT_NEAR(p.planarArea, expected[k], 1e-6) << k;
    EXPECT_NEAR(p.area, expected[k], expected[k] * 1e-6) << k;  // ellipsoidal, on the central meridian
    const OverlapPiece& piece = r.overlaps.pieces[p.firstPiece];
    EXPECT_EQ(piece.ruleId, ruleIds[k]);
    EXPECT_EQ(piece.severity, Severity::Prohibited);
    EXPECT_EQ(piece.a.code, aCodes[k]);
    EXPECT_EQ(piece.township, townships[k]);
  }
  EXPECT_EQ(r.pairs[0].a, "farmland");
  EXPECT_EQ(r.pairs[0].b, "redline");
  // JB003 touches the red line and CZ001 along an edge: no overlap.
  EXPECT_EQ(r.pairs[0].touchingPairs, 1u);
  EXPECT_EQ(r.pairs[2].touchingPairs, 1u);
  EXPECT_NEAR(r.planarTotalArea, 70000, 1e-6);
  EXPECT_FALSE(r.consistent());
}

TEST(ControlLines, ReportKeepsTheJsonContractAndFailsTheVerdict) {
  const Lines l = threeLines(test::freshFolder("control_lines_json"));
  const CheckResult out = controlLinesReport(controlLines(settingsFor(l)));
  const auto& j = out.summary;
  ASSERT_TRUE(j["pairs"].is_array());
  ASSERT_EQ(j["pairs"].size(), 3u);
  for (const char* key : {"a", "b", "pieces", "overlap_area_m2", "planar_overlap_area_m2"}) EXPECT_TRUE(j["pairs"][0].contains(key)) << key;
  EXPECT_EQ(j["pairs"][1]["a"], "urban");
  EXPECT_EQ(j["pairs"][1]["b"], "redline");
  EXPECT_NEAR(j["pairs"][2]["planar_overlap_area_m2"].get<double>(), 20000, 1e-6);
  EXPECT_NEAR(j["total_overlap_area_m2"].get<double>(), 70000, 70000 * 1e-6);
  EXPECT_EQ(j["control_lines_consistent"], false);
  EXPECT_EQ(j["severity_counts"]["prohibited"], 3);
  ASSERT_EQ(out.verdicts.size(), 1u);
  EXPECT_EQ(out.verdicts[0].first, "control_lines_consistent");
  EXPECT_FALSE(out.verdicts[0].second);
  EXPECT_EQ(out.findings.size(), 3u);
  ASSERT_GE(out.tables.size(), 3u);
  EXPECT_EQ(out.tables[0].name, "control_lines_conflicts");
  EXPECT_EQ(out.tables[0].rows.size(), 3u);
  EXPECT_EQ(out.tables[1].name, "control_lines_pairs");
  EXPECT_EQ(out.tables[2].name, "control_lines_by_township");
  EXPECT_EQ(out.tables[2].rows.size(), 3u);
  // Each finding carries its piece's geometry from the conflicts table.
  for (const Finding& f : out.findings) EXPECT_TRUE(f.geometry);
}

TEST(ControlLines, LinesApartPassAndASliverIsNoOverlap) {
  const std::string folder = test::freshFolder("control_lines_apart");
  Lines l;
  l.redline = loadAs(folder, "redline", "redline", {"HXBH"}, {{rect(0, 0, 1000, 1000), {"HX001"}}});
  // 0.5 m × 1 m = 0.5 m² into the red line: below the 1 m² threshold.
  l.farmland = loadAs(folder, "farmland", "farmland", {"TBBH"}, {{rect(999.5, 0, 1500, 1), {"JB001"}}});
  l.urban = loadAs(folder, "urban", "urban_boundary", {"BH"}, {{rect(3000, 0, 4000, 1000), {"CZ001"}}});
  ControlLinesSettings s;
  s.redline = &l.redline;
  s.farmland = &l.farmland;
  s.urban = &l.urban;
  s.rules = &rules();
  s.roles = &roles();
  const ControlLinesResult r = controlLines(s);
  EXPECT_TRUE(r.consistent());
  EXPECT_EQ(r.pairs[0].pieces, 0u);
  EXPECT_EQ(r.pairs[0].slivers, 1u);
  EXPECT_NEAR(r.pairs[0].planarSliverArea, 0.5, 1e-9);
  const CheckResult out = controlLinesReport(controlLines(s));
  EXPECT_EQ(out.summary["control_lines_consistent"], true);
  EXPECT_EQ(out.summary["total_overlap_area_m2"], 0.0);
  EXPECT_TRUE(out.findings.empty());
  // No township layer: no by-township table.
  for (const Table& t : out.tables) EXPECT_NE(t.name, "control_lines_by_township");
}

}  // namespace
}  // namespace sanxian
