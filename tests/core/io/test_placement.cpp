// Where a layer lies: coordinates no CRS holds are input errors naming the
// feature; a layer outside China, outside its CRS's area of use or far
// from the run's other layers is a warning, and --strict an error.
#include <gtest/gtest.h>

#include <cpl_conv.h>
#include <ogr_spatialref.h>

#include <filesystem>
#include <fstream>
#include <cmath>
#include <cstring>
#include <tuple>
#include <string>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/load.h"
#include "core/io/placement.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

const std::string kSampleMining = (fs::path(SANXIAN_SAMPLE_PROJECT).parent_path() / "data" / "mining.shp").string();

std::string square(double x, double y, double size = 100) {
  return format("POLYGON((%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g))", x, y, x + size, y, x + size, y + size, x, y + size,
                x, y);
}

class Placement : public ::testing::Test {
protected:
  void SetUp() override { setLanguage(Language::English); }

  static Layer loadPath(const std::string& path, bool strict = false, const char* role = "redline") {
    LoadOptions options;
    options.source = path;
    options.role = role;
    options.strict = strict;
    return load(options, RoleCatalog::loadDefault());
  }

  static test::LayerSpec redline(const std::string& name, std::vector<std::string> wkts, int epsg = 4545) {
    test::LayerSpec spec;
    spec.path = test::freshFolder("placement_" + name) + "/redline.shp";
    spec.epsg = epsg;
    spec.fields = {"HXBH", "HXMC", "GNLX"};
    for (size_t i = 0; i < wkts.size(); ++i) spec.rows.push_back({wkts[i], {format("P%zu", i), "红线", "防风固沙"}});
    return spec;
  }

  static std::string errorOf(const std::string& path) {
    try {
      loadPath(path);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), Error::Kind::Input) << e.what();
      return e.what();
    }
    return "";
  }
};

std::vector<LoadIssue> warnings(const Layer& layer) {
  std::vector<LoadIssue> out;
  for (const LoadIssue& i : layer.issues)
    if (isWarning(i.kind)) out.push_back(i);
  return out;
}

TEST_F(Placement, TheSampleLiesWhereItShould) {
  const Layer layer = loadPath(kSampleMining, true, "mining");
  EXPECT_TRUE(warnings(layer).empty());
}

// Gauss-Kruger coordinates under a Web Mercator .prj land in Algeria; the
// checks said "0 overlaps" without a word.
TEST_F(Placement, ALayerOutsideChinaIsAWarningAndUnderStrictAnError) {
  const std::string shp = test::copyShapefile(kSampleMining, test::freshFolder("placement_mercator"));
  fs::copy_file(fs::path(kSampleMining).replace_extension(".prj"), fs::path(shp).replace_extension(".prj"), fs::copy_options::overwrite_existing);
  {
    OGRSpatialReference mercator;
    mercator.importFromEPSG(3857);
    mercator.morphToESRI();
    char* wkt = nullptr;
    mercator.exportToWkt(&wkt);
    std::ofstream(fs::path(shp).replace_extension(".prj")) << wkt;
    CPLFree(wkt);
  }
  const Layer layer = loadPath(shp, false, "mining");
  ASSERT_EQ(layer.countIssues(LoadIssue::Kind::OutsideChina), 1u);
  EXPECT_NE(warnings(layer)[0].message.find("outside China (longitude 3.6"), std::string::npos) << warnings(layer)[0].message;
  try {
    loadPath(shp, true, "mining");
    FAIL() << "--strict let a layer outside China through";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Input);
    EXPECT_NE(std::string(e.what()).find("mining.shp"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--strict"), std::string::npos) << e.what();
  }
}

TEST_F(Placement, ALayerOutsideTheAreaOfUseOfItsCrsIsAWarning) {
  // Eastings of 800 km in CM 108°E: about 111.4°E, beyond the zone's 106.5–109.5°E (and 1.5° more).
  const Layer layer = loadPath(test::writeLayer(redline("area_of_use", {square(800000, 4300000)})));
  EXPECT_EQ(layer.countIssues(LoadIssue::Kind::OutsideCrsArea), 1u);
  EXPECT_EQ(layer.countIssues(LoadIssue::Kind::OutsideChina), 0u);
}

// Data drawn in CM 108°E declared in CM 111°E lands some 260 km east of the rest.
TEST_F(Placement, ALayerFarFromTheOthersIsAWarningForIt) {
  Layer here = loadPath(test::writeLayer(redline("here", {square(400000, 4300000)})));
  Layer there = loadPath(test::writeLayer(redline("there", {square(400000, 4300000)}, 4546)));
  Layer near = loadPath(test::writeLayer(redline("near", {square(420000, 4310000)})));
  warnAboutDistantLayers({&here, &there, &near}, {"here", "there", "near"});
  EXPECT_EQ(here.countIssues(LoadIssue::Kind::FarFromOtherLayers), 0u);
  EXPECT_EQ(near.countIssues(LoadIssue::Kind::FarFromOtherLayers), 0u);
  ASSERT_EQ(there.countIssues(LoadIssue::Kind::FarFromOtherLayers), 1u);
  EXPECT_NE(warnings(there)[0].message.find("km from the nearest other layer of the run (near)"), std::string::npos) << warnings(there)[0].message;
  there.strict = true;
  EXPECT_THROW(warnAboutDistantLayers({&here, &there}, {"here", "there"}), Error);
}

// Every copy of the double `from` in the file becomes `to` (WKT has no NaN).
void replaceDouble(const std::string& path, double from, double to) {
  std::string a(sizeof from, '\0'), b(sizeof to, '\0');
  std::memcpy(a.data(), &from, sizeof from);
  std::memcpy(b.data(), &to, sizeof to);
  const std::string bytes = test::readBytes(path);
  for (size_t at = bytes.find(a); at != std::string::npos; at = bytes.find(a, at + 1)) test::overwrite(path, at, b);
}

// A 1e300 coordinate printed −922337203685477.5808 ha; a NaN "-nan m".
TEST_F(Placement, BrokenCoordinatesAreInputErrorsNamingTheFeature) {
  const std::string good = square(400000, 4300000);
  const double nan = std::nan(""), inf = HUGE_VAL;
  // The marker 400050.125 stands for the broken value until the file is written.
  for (const auto& [name, wkt, value] : std::vector<std::tuple<std::string, std::string, double>>{
           {"nan_inside", "POLYGON((400000 4300000,400100 4300000,400050.125 4300050,400100 4300100,400000 4300000))", nan},
           {"nan_first", "POLYGON((400050.125 4300000,400100 4300000,400100 4300100,400050.125 4300000))", nan},
           {"inf", "POLYGON((400000 4300000,400050.125 4300000,400100 4300100,400000 4300000))", inf},
           {"huge", "POLYGON((400000 4300000,1e300 4300000,400100 4300100,400000 4300000))", 0},
           {"outside_crs", "POLYGON((400000 4300000,400100 4300000,400100 50000000,400000 4300000))", 0}}) {
    const std::string path = test::writeLayer(redline(name, {good, wkt}));
    if (value != 0) replaceDouble(path, 400050.125, value);
    const std::string error = errorOf(path);
    EXPECT_NE(error.find("redline.shp layer redline feature FID 1"), std::string::npos) << name << ": " << error;
    EXPECT_NE(error.find(name == "outside_crs" ? "outside the valid range of the CRS" : "broken coordinates"), std::string::npos)
        << name << ": " << error;
  }
}

}  // namespace
}  // namespace sanxian
