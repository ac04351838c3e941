// The area of a whole layer (what `sanxian area` prints): per-feature and
// total figures, role fields, geographic layers measured in their zone,
// repairs reported, and the JSON keys the CLI writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/geometry/area.h"
#include "core/io/crs.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

using test::freshFolder;
using test::writeLayer;

const RoleCatalog& roles() {
  static const RoleCatalog catalog = RoleCatalog::loadDefault();
  return catalog;
}

std::string square(double x, double y, double size) {
  return format("POLYGON((%.9f %.9f,%.9f %.9f,%.9f %.9f,%.9f %.9f,%.9f %.9f))", x, y, x + size, y, x + size, y + size, x, y + size, x, y);
}

LayerAreas measurePath(const std::string& path) {
  AreaOptions options;
  options.load.source = path;
  return measureLayer(options, roles());
}

TEST(Area, ReportsEachFeatureAndTheTotalWithRoleFields) {
  test::LayerSpec spec;
  spec.path = freshFolder("area_redline") + "/redline.shp";
  spec.fields = {"HXBH", "HXMC"};
  spec.rows = {{square(400000, 4300000, 1000), {"150624-001", "乌兰镇防风固沙红线"}},
               {square(402000, 4300000, 2000), {"150624-002", "棋盘井镇水土保持红线"}},
               {"", {"150624-003", "无几何"}}};
  const LayerAreas areas = measurePath(writeLayer(spec));

  ASSERT_EQ(areas.features.size(), 3u);
  EXPECT_EQ(areas.role, "redline");
  EXPECT_EQ(areas.features[1].code, "150624-002");
  EXPECT_EQ(areas.features[1].name, "棋盘井镇水土保持红线");
  EXPECT_FALSE(areas.features[2].hasGeometry);
  EXPECT_NEAR(areas.features[0].measures.planarArea, 1e6, 1e-6);
  EXPECT_NEAR(areas.total.planarArea, 5e6, 1e-6);

  Measurer m(crsFromUser("EPSG:4545"));
  const auto first = geos::fromWkt(square(400000, 4300000, 1000));
  EXPECT_DOUBLE_EQ(areas.features[0].measures.area, m.area(first.get()));
  EXPECT_DOUBLE_EQ(areas.total.area, areas.features[0].measures.area + areas.features[1].measures.area);
  // 100 km west of the central meridian the plane exaggerates by about E²/R².
  EXPECT_NEAR(areas.total.planarArea / areas.total.area - 1, 1e10 / (6371000.0 * 6371000.0), 2e-5);
  EXPECT_TRUE(areas.planarIsLayerCrs);
}

TEST(Area, MeasuresGeographicLayerOnTheEllipsoidAndInItsGaussKrugerZone) {
  test::LayerSpec spec;
  spec.path = freshFolder("area_degrees") + "/cells.shp";
  spec.epsg = 4490;
  spec.fields = {"NAME"};
  spec.rows = {{"POLYGON((107 39,108 39,108 40,107 40,107 39))", {"cell"}}};
  const LayerAreas areas = measurePath(writeLayer(spec));
  // printf "39 107\n39 108\n40 108\n40 107\n" | Planimeter -e 6378137 1/298.257222101 -p 12
  EXPECT_NEAR(areas.total.area, 9549468853.86017, 1e-9 * 9549468853.86017);
  EXPECT_FALSE(areas.planarIsLayerCrs);
  EXPECT_EQ(areas.planarCrs.epsg, 4545);
  EXPECT_GT(areas.total.planarArea, areas.total.area);
  EXPECT_FALSE(areas.areasIntegratedInPlane);  // degrees keep geodesic edges
}

TEST(Area, JsonCarriesTotalsAndFeaturesWithUnitsInTheirKeys) {
  test::LayerSpec spec;
  spec.path = freshFolder("area_json") + "/parcels.shp";
  spec.fields = {"ID"};
  spec.rows = {{square(500000, 4300000, 100), {"a"}}, {square(500200, 4300000, 100), {"b"}}};
  const auto j = toJson(measurePath(writeLayer(spec)));
  ASSERT_TRUE(j.contains("area_m2"));
  ASSERT_TRUE(j.contains("planar_area_m2"));
  ASSERT_EQ(j["features"].size(), 2u);
  EXPECT_NEAR(j["planar_area_m2"].get<double>(), 20000, 1e-6);
  EXPECT_NEAR(j["planar_area_ha"].get<double>(), 2, 1e-10);
  EXPECT_NEAR(j["planar_area_mu"].get<double>(), 30, 1e-9);
  EXPECT_EQ(j["features"][1]["fid"], 1);
  EXPECT_TRUE(j["features"][0].contains("area_mu"));
  EXPECT_EQ(j["densify_step_m"], 100.0);
  EXPECT_EQ(j["areas_integrated_in_plane"], true);  // CGCS2000 Gauss-Kruger: exact as drawn
  EXPECT_EQ(j["rounded"]["planar_area_ha"]["total"], "2.0000");
}

TEST(Area, RepairsInvalidGeometryInTheLayerCrsAndSaysSo) {
  test::LayerSpec spec;
  spec.path = freshFolder("area_bowtie") + "/bowtie.shp";
  spec.fields = {"ID"};
  // A bow-tie: two triangles of 2 500 m² each once repaired.
  spec.rows = {{"POLYGON((500000 4300000,500100 4300100,500100 4300000,500000 4300100,500000 4300000))", {"x"}}};
  const LayerAreas areas = measurePath(writeLayer(spec));
  EXPECT_NEAR(areas.total.planarArea, 5000, 1e-6);
  bool repaired = false;
  for (const auto& issue : areas.issues) repaired = repaired || issue.kind == LoadIssue::Kind::Repaired;
  EXPECT_TRUE(repaired);
}

// 1 US survey foot = 1200/3937 m, exactly.
constexpr double kUsSurveyFoot = 1200.0 / 3937.0;

TEST(Area, PlanarFiguresOfAFootLayerAreInSquareMetres) {
  test::LayerSpec spec;
  spec.path = freshFolder("area_ftus") + "/lot.shp";
  spec.epsg = 2263;  // NAD83 / New York Long Island (ftUS)
  spec.fields = {"ID"};
  spec.rows = {{square(1000000, 200000, 1000), {"a"}}};  // 1000 ftUS × 1000 ftUS on Long Island
  const LayerAreas areas = measurePath(writeLayer(spec));

  EXPECT_EQ(areas.planarCrs.epsg, 2263);
  EXPECT_EQ(areas.planarCrs.linearUnit, "US survey foot");
  EXPECT_NEAR(areas.planarCrs.metresPerUnit, kUsSurveyFoot, 1e-16);
  // (1000 · 1200/3937)² = 92 903.411613… m², 4000 ftUS = 1 219.2024… m.
  const double square = 1000 * kUsSurveyFoot * 1000 * kUsSurveyFoot;
  EXPECT_NEAR(areas.total.planarArea, square, 1e-9 * square);
  EXPECT_NEAR(areas.total.planarLength, 4000 * kUsSurveyFoot, 1e-9 * 4000 * kUsSurveyFoot);
  // The square as drawn (1 ftUS steps) through cs2cs EPSG:2263 EPSG:4269, then
  //   Planimeter -e 6378137000 1/298.257222101 -p 12
  //   4000 1219205.3807247914 92903860072.42178   (ellipsoid × 1000: area / 1e6, perimeter / 1e3)
  EXPECT_NEAR(areas.total.area, 92903.86007242178, 1e-9 * 92903.86007242178);
  EXPECT_NEAR(areas.total.length, 1219.2053807247914, 1e-9 * 1219.2053807247914);
  // A conformal state plane zone near its standard parallels: planar within 1e-5 of ellipsoidal.
  EXPECT_LT(std::fabs(areas.planarDifference), 1e-5);
  EXPECT_TRUE(areas.warnings.empty());

  const auto j = toJson(areas);
  EXPECT_NEAR(j["planar_area_m2"].get<double>(), square, 1e-9 * square);
  EXPECT_NEAR(j["planar_area_ha"].get<double>(), square / 10000, 1e-9 * square / 10000);
  EXPECT_EQ(j["planar_crs"]["linear_unit"], "US survey foot");
  EXPECT_TRUE(j["warnings"].empty());
}

TEST(Area, RepairAreasOfAFootLayerAreInSquareMetres) {
  test::LayerSpec spec;
  spec.path = freshFolder("area_ftus_bowtie") + "/bowtie.shp";
  spec.epsg = 2263;
  spec.fields = {"ID"};
  // A bow-tie: two triangles of 2 500 ft² each once repaired.
  spec.rows = {{"POLYGON((1000000 200000,1000100 200100,1000100 200000,1000000 200100,1000000 200000))", {"x"}}};
  const LayerAreas areas = measurePath(writeLayer(spec));
  const auto repair = std::find_if(areas.issues.begin(), areas.issues.end(), [](const LoadIssue& i) { return i.kind == LoadIssue::Kind::Repaired; });
  ASSERT_NE(repair, areas.issues.end());
  const double expected = 5000 * kUsSurveyFoot * kUsSurveyFoot;
  EXPECT_NEAR(repair->planarAreaAfter, expected, 1e-9 * expected);
  EXPECT_NEAR(repair->areaAfter, areas.total.area, 1e-9 * expected);  // ellipsoidal, as the table
  EXPECT_NEAR(areas.total.planarArea, expected, 1e-9 * expected);
}

TEST(Area, WarnsWhenPlanarAndEllipsoidalDifferByMoreThanOnePercent) {
  test::LayerSpec spec;
  spec.path = freshFolder("area_mercator") + "/cell.shp";
  spec.epsg = 3857;  // Web Mercator at 39.5°N: areas × 1/cos²(lat) ≈ 1.68
  spec.fields = {"ID"};
  spec.rows = {{square(12000000, 4800000, 1000), {"a"}}};
  const LayerAreas areas = measurePath(writeLayer(spec));
  EXPECT_GT(areas.planarDifference, 0.5);
  ASSERT_EQ(areas.warnings.size(), 1u);
  const auto j = toJson(areas);
  EXPECT_GT(j["planar_difference_pct"].get<double>(), 50);
  EXPECT_EQ(j["warnings"].size(), 1u);
}

// A world layer in WGS 84 reaching ±180° and ±90°: a group of islands cut
// at the antimeridian (two parts), a ring that crosses it without being
// cut, a square in the United States, triangles with a vertex on each
// pole. Every area equals GeographicLib's Planimeter on the CGCS2000
// ellipsoid, e.g. for the islands
//   Planimeter -e 6378137 1/298.257222101 -p 10   (-18 177, -18 180, -16 180, -16 177)
//   → 70716820998.91016 m², and (-18 -180, -18 -178, -16 -178, -16 -180) → 47140065318.11005 m².
// No CGCS2000 zone holds it: the planar figures are left empty with a
// note, and no feature stops the run (CM 75°E could not take the US square).
test::LayerSpec worldLayer(const std::string& folder) {
  test::LayerSpec spec;
  spec.path = folder + "/world.shp";
  spec.epsg = 4326;
  spec.fields = {"NAME"};
  spec.rows = {{"MULTIPOLYGON(((177 -18,180 -18,180 -16,177 -16,177 -18)),((-180 -18,-178 -18,-178 -16,-180 -16,-180 -18)))", {"islands cut at 180"}},
               {"POLYGON((179 -17,-179 -17,-179 -15,179 -15,179 -17))", {"ring across 180"}},
               {"POLYGON((-100 40,-99 40,-99 41,-100 41,-100 40))", {"United States"}},
               {"POLYGON((-180 -80,-170 -80,-175 -90,-180 -80))", {"south pole"}},
               {"POLYGON((170 80,180 80,180 90,170 80))", {"north pole"}}};
  return spec;
}

TEST(Area, WorldLayerAcrossTheAntimeridianIsMeasuredOnTheEllipsoidWithoutPlanarFigures) {
  setLanguage(Language::English);
  const LayerAreas areas = measurePath(writeLayer(worldLayer(freshFolder("area_world"))));
  ASSERT_EQ(areas.features.size(), 5u);
  const double expected[] = {70716820998.91016 + 47140065318.11005, 47378519561.21741, 9412788745.63928, 108033496233.90332,
                             108033496233.90332};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(areas.features[i].measures.area, expected[i], 1e-9 * expected[i]) << "FID " << i;
    EXPECT_TRUE(std::isnan(areas.features[i].measures.planarArea)) << "FID " << i;
  }
  EXPECT_TRUE(std::isnan(areas.total.planarArea));
  EXPECT_TRUE(areas.planarCrs.definition.empty());
  ASSERT_FALSE(areas.warnings.empty());
  EXPECT_NE(areas.warnings.front().find("no CGCS2000 3-degree zone holds it"), std::string::npos) << areas.warnings.front();
  const auto j = toJson(areas);
  EXPECT_TRUE(j["planar_area_m2"].is_null());
  EXPECT_TRUE(j["planar_crs"].is_null());
  EXPECT_TRUE(j["rounded"]["planar_area_ha"].is_null());
}

// Degrees spanning two CGCS2000 zones: no zone holds them within 3°, so no
// planar figures either, rather than figures from the zone of the centre.
TEST(Area, DegreesWiderThanAZoneGetNoPlanarFigures) {
  test::LayerSpec spec;
  spec.path = freshFolder("area_two_zones") + "/wide.shp";
  spec.epsg = 4490;
  spec.fields = {"NAME"};
  spec.rows = {{"POLYGON((100 38,108 38,108 39,100 38))", {"wide"}}};
  const LayerAreas wide = measurePath(writeLayer(spec));
  EXPECT_TRUE(std::isnan(wide.total.planarArea));
  spec.path = freshFolder("area_one_zone") + "/narrow.shp";
  spec.rows = {{"POLYGON((106 38,109 38,109 39,106 38))", {"narrow"}}};
  const LayerAreas narrow = measurePath(writeLayer(spec));
  EXPECT_EQ(narrow.planarCrs.epsg, 4545);
  EXPECT_TRUE(std::isfinite(narrow.total.planarArea));
}

// NAD27 is on Clarke 1866, not GRS80: measured on its own ellipsoid, as
//   Planimeter -e 6378206.4 1/294.9786982 -p 10   (40 -100, 40 -99, 41 -99, 41 -100)
//   → 9412881134.59924 m² (9412788745.63928 on CGCS2000: 1e-5 apart).
TEST(Area, Nad27SquareIsMeasuredOnClarke1866) {
  test::LayerSpec spec;
  spec.path = freshFolder("area_nad27") + "/nad27.shp";
  spec.epsg = 4267;
  spec.fields = {"NAME"};
  spec.rows = {{"POLYGON((-100 40,-99 40,-99 41,-100 41,-100 40))", {"square"}}};
  const LayerAreas areas = measurePath(writeLayer(spec));
  EXPECT_NEAR(areas.total.area, 9412881134.59924, 1e-9 * 9412881134.59924);
  EXPECT_EQ(areas.ellipsoid.name, "Clarke 1866");
  EXPECT_NEAR(areas.ellipsoid.a, 6378206.4, 1e-9);
  const auto j = toJson(areas);
  EXPECT_EQ(j["ellipsoid"]["name"], "Clarke 1866");
  EXPECT_NEAR(j["ellipsoid"]["inverse_flattening"].get<double>(), 294.9786982, 1e-6);
}

TEST(Area, RefusesXian1980WithoutSevenParametersNamingTheFile) {
  test::LayerSpec spec;
  spec.path = freshFolder("area_xian") + "/old.shp";
  spec.epsg = 2381;
  spec.fields = {"ID"};
  spec.rows = {{square(400000, 4300000, 100), {"x"}}};
  const std::string path = writeLayer(spec);
  try {
    measurePath(path);
    FAIL() << "expected an input error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Input);
    EXPECT_EQ(e.where().file, path);
  }
}

}  // namespace
}  // namespace sanxian
