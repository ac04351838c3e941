// Loading real-world layers: encodings, CRS inference and contradictions,
// broken files, several formats. Every fixture is written by the test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/geometry/harmonize.h"
#include "core/geometry/measure.h"
#include "core/io/crs.h"
#include "core/io/load.h"
#include "core/run/project.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;
using test::freshFolder;
using test::Row;
using test::writeLayer;

const RoleCatalog& roles() {
  static const RoleCatalog catalog = RoleCatalog::loadDefault();
  return catalog;
}

// A 100 m square patch near Otog Banner in EPSG:4545, shifted by dx.
std::string square(double x, double y, double size = 100) {
  return format("POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))", x, y, x + size, y, x + size, y + size, x, y + size, x, y);
}

test::LayerSpec redline(const std::string& path) {
  test::LayerSpec spec;
  spec.path = path;
  spec.fields = {"HXBH", "HXMC", "GNLX"};
  spec.rows = {{square(400000, 4300000), {"150624-001", "乌兰镇防风固沙红线", "防风固沙"}},
               {square(400200, 4300000), {"150624-002", "棋盘井镇水土保持红线", "水土保持功能"}}};
  return spec;
}

Layer loadPath(const std::string& path, std::optional<std::string> role = std::nullopt) {
  LoadOptions options;
  options.source = path;
  options.role = role;
  return load(options, roles());
}

class LoadTest : public ::testing::Test {
protected:
  void SetUp() override { setLanguage(Language::English); }
};

TEST_F(LoadTest, ReadsUtf8ShapefileWithCpg) {
  const std::string path = writeLayer(redline(freshFolder("utf8") + "/redline.shp"));
  const Layer layer = loadPath(path, "redline");
  ASSERT_EQ(layer.features.size(), 2u);
  EXPECT_EQ(layer.encoding.name, "UTF-8");
  EXPECT_EQ(layer.encoding.source, EncodingInfo::Source::Cpg);
  EXPECT_EQ(layer.roleValue(layer.features[0], "name"), "乌兰镇防风固沙红线");
  EXPECT_EQ(layer.features[1].fid, 1);
}

TEST_F(LoadTest, DecodesGbkWithoutCpg) {
  auto spec = redline(freshFolder("gbk_nocpg") + "/redline.shp");
  spec.encoding = "CP936";
  spec.keepCpg = false;
  const std::string path = writeLayer(spec);
  ASSERT_FALSE(fs::exists(fs::path(path).replace_extension(".cpg")));
  const Layer layer = loadPath(path, "redline");
  EXPECT_EQ(layer.encoding.name, "GB18030");
  EXPECT_NE(layer.encoding.source, EncodingInfo::Source::Cpg);
  EXPECT_EQ(layer.roleValue(layer.features[0], "name"), "乌兰镇防风固沙红线");
  EXPECT_EQ(layer.roleValue(layer.features[1], "function_type"), "水土保持功能");
}

TEST_F(LoadTest, DecodesGbkWithCpg) {
  auto spec = redline(freshFolder("gbk_cpg") + "/redline.shp");
  spec.encoding = "CP936";
  const std::string path = writeLayer(spec);
  const Layer layer = loadPath(path, "redline");
  EXPECT_EQ(layer.encoding.name, "GB18030");
  EXPECT_EQ(layer.roleValue(layer.features[0], "name"), "乌兰镇防风固沙红线");
}

TEST_F(LoadTest, UnderstandsCpgValuesGdalDoesNot) {
  auto spec = redline(freshFolder("cpg_936") + "/redline.shp");
  spec.encoding = "CP936";
  const std::string path = writeLayer(spec);
  std::ofstream(fs::path(path).replace_extension(".cpg")) << "936";
  EXPECT_EQ(loadPath(path, "redline").roleValue(loadPath(path, "redline").features[0], "name"), "乌兰镇防风固沙红线");
}

TEST_F(LoadTest, ToleratesUtf8FieldNamesCutMidCharacter) {
  // 红线名称备注 is 18 bytes in UTF-8; the DBF keeps 10, cutting 名 in half.
  auto spec = redline(freshFolder("cut_name") + "/redline.shp");
  spec.fields = {"HXBH", "红线名称备注", "GNLX"};
  spec.keepCpg = false;
  const Layer layer = loadPath(writeLayer(spec));
  EXPECT_EQ(layer.encoding.name, "UTF-8");
  EXPECT_EQ(layer.fields[1], "红线名");
  EXPECT_EQ(layer.features[0].values[1], "乌兰镇防风固沙红线");
}

TEST_F(LoadTest, UserEncodingOverridesDetection) {
  auto spec = redline(freshFolder("override") + "/redline.shp");
  const std::string path = writeLayer(spec);  // UTF-8 text
  LoadOptions options;
  options.source = path;
  options.encoding = "GBK";
  const Layer layer = load(options, roles());
  EXPECT_EQ(layer.encoding.source, EncodingInfo::Source::UserOverride);
  EXPECT_NE(layer.features[0].values[1], "乌兰镇防风固沙红线");  // read as GBK on purpose: garbled
}

TEST_F(LoadTest, InfersCgcs2000FromDegreesWithoutPrj) {
  auto spec = redline(freshFolder("noprj_deg") + "/redline.shp");
  spec.epsg = 0;
  spec.rows = {{"POLYGON((107.5 39.5,107.6 39.5,107.6 39.6,107.5 39.5))", {"a", "b", "防风固沙"}}};
  const Layer layer = loadPath(writeLayer(spec));
  EXPECT_EQ(layer.crs.epsg, 4490);
  EXPECT_EQ(layer.crs.origin, CrsOrigin::Inferred);
  EXPECT_FALSE(layer.crs.note.empty());
}

TEST_F(LoadTest, InfersZoneFromPrefixedEastingsWithoutPrj) {
  auto spec = redline(freshFolder("noprj_zone") + "/redline.shp");
  spec.epsg = 0;
  spec.rows = {{square(36400000, 4300000), {"a", "b", "c"}}};
  const Layer layer = loadPath(writeLayer(spec));
  EXPECT_EQ(layer.crs.epsg, 4524);
  EXPECT_EQ(layer.crs.origin, CrsOrigin::Inferred);
}

TEST_F(LoadTest, AsksForCrsWhenCoordinatesDoNotTell) {
  auto spec = redline(freshFolder("noprj_plain") + "/redline.shp");
  spec.epsg = 0;
  const std::string path = writeLayer(spec);
  try {
    loadPath(path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Input);
    EXPECT_NE(std::string(e.what()).find("--crs"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST_F(LoadTest, CorrectsDeclaredCrsContradictedByZonePrefix) {
  auto spec = redline(freshFolder("contradiction") + "/redline.shp");
  spec.epsg = 4545;  // says no prefix...
  spec.rows = {{square(36400000, 4300000), {"a", "b", "c"}}};  // ...but eastings carry zone 36
  const Layer layer = loadPath(writeLayer(spec));
  EXPECT_EQ(layer.crs.origin, CrsOrigin::Corrected);
  EXPECT_EQ(layer.crs.epsg, 4524);
  EXPECT_NE(layer.crs.note.find("36"), std::string::npos) << layer.crs.note;
}

TEST_F(LoadTest, CorrectsPrefixedCrsOnPlainEastings) {
  auto spec = redline(freshFolder("contradiction2") + "/redline.shp");
  spec.epsg = 4524;
  const Layer layer = loadPath(writeLayer(spec));
  EXPECT_EQ(layer.crs.origin, CrsOrigin::Corrected);
  EXPECT_EQ(layer.crs.epsg, 4545);
}

TEST_F(LoadTest, ReadsEsriPrjAsEpsg4545) {
  auto spec = redline(freshFolder("esri_prj") + "/redline.shp");
  const std::string path = writeLayer(spec);
  // What ArcGIS writes for CGCS2000 / 3-degree GK CM 108E.
  std::ofstream(fs::path(path).replace_extension(".prj"))
      << R"(PROJCS["CGCS2000_3_Degree_GK_CM_108E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]])";
  const Layer layer = loadPath(path);
  EXPECT_EQ(layer.crs.epsg, 4545);
  EXPECT_EQ(layer.crs.datum, Datum::CGCS2000);
  EXPECT_EQ(layer.crs.origin, CrsOrigin::Declared);
}

TEST_F(LoadTest, RefusesToTreatXian1980AsCgcs2000) {
  auto spec = redline(freshFolder("xian80") + "/redline.shp");
  spec.epsg = 2381;  // Xian 1980 / 3-degree GK CM 108E
  Layer layer = loadPath(writeLayer(spec));
  EXPECT_EQ(layer.crs.datum, Datum::Xian1980);
  EXPECT_THROW(harmonize(layer, crsFromUser("EPSG:4545")), Error);
  layer.crs.towgs84 = std::vector<double>{0, 0, 0, 0, 0, 0, 0};
  EXPECT_NO_THROW(harmonize(layer, crsFromUser("EPSG:4545")));
}

TEST_F(LoadTest, RepairsBowTieAndReportsAreas) {
  auto spec = redline(freshFolder("bowtie") + "/redline.shp");
  // A bow-tie: two 50 m × 50 m triangles crossing at (400050, 4300050).
  spec.rows = {{"POLYGON((400000 4300000,400100 4300100,400100 4300000,400000 4300100,400000 4300000))", {"x", "y", "z"}},
               {square(400200, 4300000), {"ok", "ok", "ok"}}};
  Layer layer = loadPath(writeLayer(spec), "redline");
  ASSERT_EQ(layer.countIssues(LoadIssue::Kind::Invalid), 1u);
  harmonize(layer, crsFromUser("EPSG:4545"));
  ASSERT_EQ(layer.countIssues(LoadIssue::Kind::Repaired), 1u);
  const LoadIssue& repair = *std::find_if(layer.issues.begin(), layer.issues.end(),
                                          [](const LoadIssue& i) { return i.kind == LoadIssue::Kind::Repaired; });
  EXPECT_EQ(*repair.fid, 0);
  EXPECT_NEAR(repair.planarAreaAfter, 5000.0, 1e-6);  // two triangles of 2500 m²
  EXPECT_NEAR(repair.planarAreaBefore, 0.0, 1e-6);    // the shoelace sums cancel
  // On the ellipsoid: the same two triangles measured as every figure is.
  Measurer measurer(crsFromUser("EPSG:4545"));
  EXPECT_DOUBLE_EQ(repair.areaAfter, measurer.area(layer.features[0].geometry.get()));
  EXPECT_NEAR(repair.areaBefore, 0.0, 1e-2);  // the lobes cancel but for the scale change across them
  EXPECT_NE(repair.message.find("linework"), std::string::npos) << repair.message;
  EXPECT_TRUE(geos::isPolygonal(layer.features[0].geometry.get()));
  EXPECT_EQ(geos::invalidReason(layer.features[0].geometry.get()), "");
}

// A ring that runs back over itself (a 2 km square and a 1.5 km × 3 km
// strip drawn as one ring): the 1 km × 1.5 km part it covers twice is a
// hole for linework (PostGIS ST_MakeValid, QGIS Fix geometries, the
// default) and kept once for structure.
TEST_F(LoadTest, RepairsSelfOverlappingRingLikePostGisUnlessToldStructure) {
  const std::string ring =
      "POLYGON((400000 4300000,402000 4300000,402000 4302000,400500 4302000,400500 4300500,401500 4300500,401500 4303000,"
      "400000 4303000,400000 4300000))";
  const std::string folder = freshFolder("self_overlap");
  auto spec = redline(folder + "/redline.shp");
  spec.rows = {{ring, {"x", "y", "z"}}};
  const std::string path = writeLayer(spec);
  std::map<geos::RepairMode, double> planar;
  for (const geos::RepairMode mode : {geos::RepairMode::Linework, geos::RepairMode::Structure}) {
    LoadOptions options;
    options.source = path;
    options.repair = mode;
    Layer layer = load(options, roles());
    harmonize(layer, crsFromUser("EPSG:4545"));
    planar[mode] = geos::area(layer.features[0].geometry.get());
    const auto repair = std::find_if(layer.issues.begin(), layer.issues.end(), [](const LoadIssue& i) { return i.kind == LoadIssue::Kind::Repaired; });
    ASSERT_NE(repair, layer.issues.end());
    EXPECT_NE(repair->message.find(repairModeName(mode)), std::string::npos) << repair->message;
    EXPECT_NEAR(repair->planarAreaAfter, planar[mode], 1e-6);
    Measurer measurer(crsFromUser("EPSG:4545"));
    EXPECT_DOUBLE_EQ(repair->areaAfter, measurer.area(layer.features[0].geometry.get()));
  }
  EXPECT_NEAR(planar[geos::RepairMode::Linework], 4.0e6, 1e-6);
  EXPECT_NEAR(planar[geos::RepairMode::Structure], 5.5e6, 1e-6);

  // The project file says it for every layer (`repair:`), or per layer.
  std::ofstream(folder + "/project.yaml") << "name: t\nrepair: structure\nlayers:\n"
                                             "  a: {path: redline.shp, role: redline}\n"
                                             "  b: {path: redline.shp, role: redline, repair: linework}\n";
  const Project project = readProject(folder + "/project.yaml");
  EXPECT_EQ(project.layers[0].options.repair, geos::RepairMode::Structure);
  EXPECT_EQ(project.layers[1].options.repair, geos::RepairMode::Linework);
  std::ofstream(folder + "/bad.yaml") << "name: t\nrepair: union\nlayers:\n  a: {path: redline.shp, role: redline}\n";
  EXPECT_THROW(readProject(folder + "/bad.yaml"), Error);
}

// World data reaches ±180° and ±90°, sometimes by a rounding step more
// (Natural Earth has 180.00000000000006): it is degrees all the same.
TEST_F(LoadTest, TakesWorldDataReachingPlusMinus180And90AsDegrees) {
  test::LayerSpec spec;
  spec.path = freshFolder("world_degrees") + "/world.shp";
  spec.epsg = 4326;
  spec.fields = {"NAME"};
  spec.rows = {{"POLYGON((-180 -90,-170 -80,-180 -80,-180 -90))", {"south-west"}},
               {"POLYGON((180.00000000000006 90,170 80,180.00000000000006 80,180.00000000000006 90))", {"north-east"}}};
  const Layer layer = loadPath(writeLayer(spec));
  EXPECT_TRUE(layer.crs.geographic);
  EXPECT_EQ(layer.crs.epsg, 4326);
  EXPECT_EQ(layer.crs.origin, CrsOrigin::Declared);
  EXPECT_TRUE(layer.crs.note.empty()) << layer.crs.note;
}

TEST_F(LoadTest, KeepsNullGeometryAndReportsIt) {
  auto spec = redline(freshFolder("null") + "/redline.shp");
  spec.rows.push_back({"", {"null", "空几何", "水土保持"}});
  const Layer layer = loadPath(writeLayer(spec), "redline");
  ASSERT_EQ(layer.features.size(), 3u);
  EXPECT_EQ(layer.features[2].geometry, nullptr);
  EXPECT_EQ(layer.countIssues(LoadIssue::Kind::NullGeometry), 1u);
}

TEST_F(LoadTest, LoadsEmptyLayer) {
  auto spec = redline(freshFolder("empty") + "/redline.shp");
  spec.rows.clear();
  const Layer layer = loadPath(writeLayer(spec), "redline");
  EXPECT_TRUE(layer.features.empty());
  EXPECT_EQ(layer.crs.epsg, 4545);
}

TEST_F(LoadTest, ReportsTruncatedShpWithFileName) {
  auto spec = redline(freshFolder("truncated") + "/redline.shp");
  for (int i = 0; i < 50; ++i) spec.rows.push_back({square(401000 + i * 200, 4300000), {"c", "n", "t"}});
  const std::string path = writeLayer(spec);
  fs::resize_file(path, fs::file_size(path) / 2);
  try {
    loadPath(path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("redline.shp"), std::string::npos) << e.what();
  }
}

// Shapefiles of 8 000 features or more are read in parallel stretches
// (load.cpp): the features must come out in file order, with their own
// attributes, and a defect deep in the file must still be found.
test::LayerSpec manyPatches(const std::string& path, int count) {
  auto spec = redline(path);
  spec.rows.clear();
  for (int i = 0; i < count; ++i)
    spec.rows.push_back({square(400000 + (i % 100) * 200, 4300000 + (i / 100) * 200), {format("P-%05d", i), "苏米图苏木红线", "防风固沙"}});
  return spec;
}

TEST_F(LoadTest, ReadsLargeShapefileInParallelStretchesInFileOrder) {
  auto spec = manyPatches(freshFolder("stretches") + "/redline.shp", 9001);
  // A bow-tie near the end: found and repaired like any other.
  spec.rows[8990].wkt = "POLYGON((400000 4400000,400100 4400100,400100 4400000,400000 4400100,400000 4400000))";
  Layer layer = loadPath(writeLayer(spec), "redline");
  ASSERT_EQ(layer.features.size(), 9001u);
  for (size_t i = 0; i < layer.features.size(); ++i) {
    ASSERT_EQ(layer.features[i].fid, int64_t(i));
    ASSERT_EQ(layer.roleValue(layer.features[i], "code"), format("P-%05zu", i));
  }
  EXPECT_EQ(layer.roleValue(layer.features[9000], "name"), "苏米图苏木红线");
  EXPECT_EQ(layer.geometryTypeCounts.at("Polygon"), 9001);
  ASSERT_EQ(layer.countIssues(LoadIssue::Kind::Invalid), 1u);
  harmonize(layer, crsFromUser("EPSG:4545"));
  ASSERT_EQ(layer.countIssues(LoadIssue::Kind::Repaired), 1u);
  for (const LoadIssue& issue : layer.issues) {
    if (issue.kind == LoadIssue::Kind::Repaired) {
      EXPECT_EQ(*issue.fid, 8990);
    }
  }
}

TEST_F(LoadTest, ReportsTruncationInALaterStretch) {
  const std::string path = writeLayer(manyPatches(freshFolder("stretch_truncated") + "/redline.shp", 9000));
  fs::resize_file(path, fs::file_size(path) * 3 / 4);
  try {
    loadPath(path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("redline.shp"), std::string::npos) << e.what();
  }
}

TEST_F(LoadTest, ReportsMissingDbf) {
  const std::string path = writeLayer(redline(freshFolder("nodbf") + "/redline.shp"));
  fs::remove(fs::path(path).replace_extension(".dbf"));
  try {
    loadPath(path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Input);
    EXPECT_NE(std::string(e.what()).find("redline"), std::string::npos) << e.what();
  }
}

TEST_F(LoadTest, ReportsPathThatDoesNotExist) {
  try {
    loadPath("/nonexistent/红线.shp");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Input);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/红线.shp"), std::string::npos);
  }
}

TEST_F(LoadTest, PicksLayerOfGeoPackageByName) {
  const std::string path = freshFolder("gpkg") + "/otog.gpkg";
  auto first = redline(path);
  first.driver = "GPKG";
  first.layerName = "redline_2022";
  writeLayer(first);
  auto second = first;
  second.layerName = "redline_2023";
  second.rows.pop_back();
  second.append = true;
  writeLayer(second);

  EXPECT_EQ(listLayers(path).size(), 2u);
  EXPECT_THROW(loadPath(path), Error);  // two layers: the user must pick one
  LoadOptions options;
  options.source = path;
  options.layerName = "redline_2023";
  const Layer layer = load(options, roles());
  EXPECT_EQ(layer.features.size(), 1u);
  EXPECT_EQ(layer.encoding.source, EncodingInfo::Source::Native);
  EXPECT_EQ(layer.fields[1], "HXMC");
  EXPECT_EQ(layer.features[0].values[1], "乌兰镇防风固沙红线");
  options.layerName = "nope";
  EXPECT_THROW(load(options, roles()), Error);
}

TEST_F(LoadTest, ReadsFileGeodatabase) {
  // GDAL 3.6's OpenFileGDB driver writes .gdb folders, so the test makes one.
  auto spec = redline(freshFolder("gdb") + "/otog.gdb");
  spec.driver = "OpenFileGDB";
  spec.layerName = "redline";
  writeLayer(spec);
  const Layer layer = loadPath(spec.path, "redline");
  EXPECT_EQ(layer.driver, "OpenFileGDB");
  EXPECT_EQ(layer.features.size(), 2u);
  EXPECT_EQ(layer.roleValue(layer.features[1], "name"), "棋盘井镇水土保持红线");
  EXPECT_EQ(layer.crs.epsg, 4545);
}

TEST_F(LoadTest, ReadsGeoJson) {
  auto spec = redline(freshFolder("geojson") + "/redline.geojson");
  spec.driver = "GeoJSON";
  spec.epsg = 4490;
  spec.rows = {{"POLYGON((107.5 39.5,107.6 39.5,107.6 39.6,107.5 39.5))", {"a", "阿尔巴斯苏木", "防风固沙"}}};
  const Layer layer = loadPath(writeLayer(spec));
  EXPECT_EQ(layer.crs.epsg, 4490);
  EXPECT_EQ(layer.features[0].values[1], "阿尔巴斯苏木");
}

TEST_F(LoadTest, NamesMissingAndFoundFieldsForRole) {
  auto spec = redline(freshFolder("missing_field") + "/mines.shp");
  try {
    loadPath(writeLayer(spec), "mining");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("XKZH"), std::string::npos) << message;  // what it looked for
    EXPECT_NE(message.find("HXMC"), std::string::npos) << message;  // what it found
  }
}

TEST_F(LoadTest, MapsZoneValuesOfBothSchemes) {
  const RoleDef& reserve = roles().get("reserve");
  const FieldDef* zone = reserve.field("zone");
  ASSERT_NE(zone, nullptr);
  EXPECT_EQ(zone->mapValue("核心区"), "core");
  EXPECT_EQ(zone->mapValue("缓冲区"), "core");
  EXPECT_EQ(zone->mapValue(" 核心保护区 "), "core");
  EXPECT_EQ(zone->mapValue("实验区"), "general");
  EXPECT_EQ(zone->mapValue("一般控制区"), "general");
  EXPECT_EQ(zone->mapValue("其他"), "其他");
}

TEST_F(LoadTest, ReadsTheLinearUnitOfTheCrs) {
  auto spec = redline(freshFolder("ftus") + "/redline.shp");
  spec.epsg = 2263;  // NAD83 / New York Long Island (ftUS)
  spec.rows = {{square(1000000, 200000), {"a", "b", "c"}}};
  const Layer layer = loadPath(writeLayer(spec));
  EXPECT_EQ(layer.crs.linearUnit, "US survey foot");
  EXPECT_NEAR(layer.crs.metresPerUnit, 1200.0 / 3937.0, 1e-16);
  EXPECT_FALSE(isMetric(layer.crs));
  EXPECT_EQ(crsFromUser("EPSG:4545").metresPerUnit, 1.0);
  EXPECT_TRUE(isMetric(crsFromUser("EPSG:4545")));
  EXPECT_EQ(crsFromUser("EPSG:4490").metresPerUnit, 0.0);  // degrees are not planar
  CrsInfo byHand;
  byHand.definition = "EPSG:2263";
  EXPECT_NEAR(linearUnitMetres(byHand), 1200.0 / 3937.0, 1e-16);
}

TEST_F(LoadTest, RefusesAnAnalysisCrsNotInMetres) {
  auto spec = redline(freshFolder("ftus_analysis") + "/redline.shp");
  spec.epsg = 2263;
  spec.rows = {{square(1000000, 200000), {"a", "b", "c"}}};
  const Layer layer = loadPath(writeLayer(spec));
  try {
    chooseAnalysisCrs({&layer}, "EPSG:2263");
    FAIL() << "a US survey foot analysis CRS was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Usage);
    EXPECT_NE(e.message().find("US survey foot"), std::string::npos) << e.message();
  }
  EXPECT_EQ(chooseAnalysisCrs({&layer}, "EPSG:32618").epsg, 32618);  // UTM 18N, metres
}

TEST_F(LoadTest, GuessesRoleFromFieldNames) {
  const Layer layer = loadPath(writeLayer(redline(freshFolder("guess") + "/x.shp")));
  EXPECT_EQ(layer.role(), "redline");
}

TEST_F(LoadTest, ChoosesZoneHoldingTheDataAsAnalysisCrs) {
  auto spec = redline(freshFolder("analysis") + "/r.shp");
  spec.epsg = 4490;
  spec.rows = {{"POLYGON((107.5 39.5,107.6 39.5,107.6 39.6,107.5 39.5))", {"a", "b", "c"}}};
  Layer layer = loadPath(writeLayer(spec));
  const CrsInfo target = chooseAnalysisCrs({&layer}, std::nullopt);
  EXPECT_EQ(target.epsg, 4545);
  harmonize(layer, target);
  EXPECT_EQ(layer.crs.epsg, 4545);
  // 107.5°E is 0.5° west of the central meridian: easting below 500 000.
  EXPECT_GT(layer.extent.minX, 400000);
  EXPECT_LT(layer.extent.maxX, 500000);
}

}  // namespace
}  // namespace sanxian
