// The area of a whole layer (what `sanxian area` prints): per-feature and
// total figures, role fields, geographic layers measured in their zone,
// repairs reported, and the JSON keys the CLI writes.
#include <gtest/gtest.h>

#include "core/area.h"
#include "core/crs.h"
#include "core/error.h"
#include "core/text.h"
#include "fixtures.h"

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
