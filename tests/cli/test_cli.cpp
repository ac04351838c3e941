// `sanxian info` on broken fixtures, run as a user would run it: a message
// naming the file (and FID), a non-zero exit only when the input cannot be
// used, and never a crash.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "../core/fixtures.h"
#include "core/text.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exitCode = -1;
  bool crashed = false;
  std::string output;  // stdout and stderr together
};

Outcome run(const std::string& arguments) {
  const std::string command = "LANG=en_US.UTF-8 " SANXIAN_CLI " " + arguments + " 2>&1";
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) outcome.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  outcome.crashed = WIFSIGNALED(status);
  outcome.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

Outcome runInfo(const std::string& arguments) { return run("info " + arguments); }

test::LayerSpec redline(const std::string& folder) {
  test::LayerSpec spec;
  spec.path = folder + "/redline.shp";
  spec.fields = {"HXBH", "HXMC", "GNLX"};
  spec.rows = {{"POLYGON((400000 4300000,400100 4300000,400100 4300100,400000 4300100,400000 4300000))", {"1", "乌兰镇红线", "防风固沙"}}};
  return spec;
}

TEST(CliInfo, ReadsGbkWithoutCpgAndShowsDecodedText) {
  auto spec = redline(test::freshFolder("cli_gbk"));
  spec.encoding = "CP936";
  spec.keepCpg = false;
  const Outcome o = runInfo(test::writeLayer(spec));
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("乌兰镇红线"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("GB18030"), std::string::npos) << o.output;
}

TEST(CliInfo, ReportsBowTieWithFidAndStillExitsZero) {
  auto spec = redline(test::freshFolder("cli_bowtie"));
  spec.rows.push_back({"POLYGON((400000 4300000,400100 4300100,400100 4300000,400000 4300100,400000 4300000))", {"2", "b", "c"}});
  const Outcome o = runInfo(test::writeLayer(spec));
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("invalid geometries: 1"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("FID 1: Self-intersection"), std::string::npos) << o.output;
}

TEST(CliInfo, WarnsAboutInferredAndContradictedCrs) {
  auto inferred = redline(test::freshFolder("cli_noprj"));
  inferred.epsg = 0;
  inferred.rows[0].wkt = "POLYGON((36400000 4300000,36400100 4300000,36400100 4300100,36400000 4300000))";
  Outcome o = runInfo(test::writeLayer(inferred));
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("[inferred]"), std::string::npos) << o.output;

  auto contradicted = inferred;
  contradicted.path = test::freshFolder("cli_contradiction") + "/redline.shp";
  contradicted.epsg = 4545;
  o = runInfo(test::writeLayer(contradicted));
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("[contradicted]"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("EPSG:4524"), std::string::npos) << o.output;
}

TEST(CliInfo, StopsAndAsksForCrsWhenItCannotBeKnown) {
  auto spec = redline(test::freshFolder("cli_nocrs"));
  spec.epsg = 0;
  const std::string path = test::writeLayer(spec);
  const Outcome o = runInfo(path);
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_FALSE(o.crashed);
  EXPECT_NE(o.output.find(path), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("--crs"), std::string::npos) << o.output;
}

TEST(CliInfo, NamesFileAndFidOfTruncatedShp) {
  auto spec = redline(test::freshFolder("cli_truncated"));
  for (int i = 0; i < 40; ++i) spec.rows.push_back(spec.rows[0]);
  const std::string path = test::writeLayer(spec);
  fs::resize_file(path, fs::file_size(path) / 2);
  const Outcome o = runInfo(path);
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_FALSE(o.crashed);
  EXPECT_NE(o.output.find(path), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("FID"), std::string::npos) << o.output;
}

TEST(CliInfo, ReportsMissingDbfAndMissingPath) {
  const std::string path = test::writeLayer(redline(test::freshFolder("cli_nodbf")));
  fs::remove(fs::path(path).replace_extension(".dbf"));
  Outcome o = runInfo(path);
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find(".dbf"), std::string::npos) << o.output;

  o = runInfo("/nonexistent/redline.shp");
  EXPECT_EQ(o.exitCode, 3) << o.output;
  EXPECT_NE(o.output.find("/nonexistent/redline.shp"), std::string::npos) << o.output;
}

TEST(CliInfo, DescribesNullGeometryAndEmptyLayer) {
  auto spec = redline(test::freshFolder("cli_null"));
  spec.rows.push_back({"", {"9", "null", "x"}});
  Outcome o = runInfo(test::writeLayer(spec));
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("null geometry"), std::string::npos) << o.output;

  auto empty = redline(test::freshFolder("cli_empty"));
  empty.rows.clear();
  o = runInfo(test::writeLayer(empty));
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("features: 0"), std::string::npos) << o.output;
}

TEST(CliInfo, ListsEveryLayerOfAGeoPackage) {
  auto spec = redline(test::freshFolder("cli_gpkg"));
  spec.driver = "GPKG";
  spec.path = fs::path(spec.path).replace_extension(".gpkg").string();
  spec.layerName = "redline_2022";
  test::writeLayer(spec);
  spec.layerName = "redline_2023";
  spec.append = true;
  test::writeLayer(spec);
  const Outcome o = runInfo(spec.path + " --json -");
  EXPECT_EQ(o.exitCode, 0) << o.output;
  EXPECT_NE(o.output.find("\"redline_2022\""), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("\"redline_2023\""), std::string::npos) << o.output;
}

// A ring that runs back over itself: linework (the default) cuts out the
// 1.5 km² it covers twice, --repair structure keeps it; anything else is a
// usage error.
TEST(CliArea, RepairModeIsChosenWithRepair) {
  test::LayerSpec spec = redline(test::freshFolder("cli_repair"));
  spec.rows = {{"POLYGON((400000 4300000,402000 4300000,402000 4302000,400500 4302000,400500 4300500,401500 4300500,401500 4303000,"
                "400000 4303000,400000 4300000))",
                {"1", "自相交", "防风固沙"}}};
  const std::string path = test::writeLayer(spec);
  const Outcome linework = run("area " + path + " --json -");
  EXPECT_EQ(linework.exitCode, 0) << linework.output;
  EXPECT_NE(linework.output.find("\"planar_area_m2\": 4000000.0"), std::string::npos) << linework.output;
  EXPECT_NE(linework.output.find("MakeValid linework"), std::string::npos);
  const Outcome structure = run("area " + path + " --repair structure --json -");
  EXPECT_EQ(structure.exitCode, 0) << structure.output;
  EXPECT_NE(structure.output.find("\"planar_area_m2\": 5500000.0"), std::string::npos) << structure.output;
  const Outcome wrong = run("area " + path + " --repair union");
  EXPECT_EQ(wrong.exitCode, 2) << wrong.output;
  EXPECT_FALSE(wrong.crashed);
}

}  // namespace
}  // namespace sanxian
