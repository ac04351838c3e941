// Tiled runs (core/run/tiles.h): with a memory limit the overlap layers
// are read tile by tile, and every output equals the in-memory run's. On
// generated S data with deliberate defects (repaired once each), a tile
// size that makes hundreds of tiles, a layer in another CRS than the
// analysis plane, and one layer on both sides.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/base/error.h"
#include "core/run/tiles.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

struct Command {
  int exitCode = -1;
  std::string output;
};

Command execute(const std::string& command) {
  Command run;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) run.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Generated S data with bow-ties and duplicate vertices, once for the suite.
class TiledRun : public ::testing::Test {
 protected:
  static fs::path data;

  static void SetUpTestSuite() {
    data = test::freshFolder("tiles_data");
    const Command gen = execute(std::string(SANXIAN_GEN_EXE) + " --scale S --defects -q -o " + data.string());
    ASSERT_EQ(gen.exitCode, 0) << gen.output;
  }

  // Runs `project` in memory and tiled; returns both output folders.
  static std::pair<fs::path, fs::path> runBoth(const std::string& name, const std::string& project, const std::string& tileSize) {
    const fs::path file = data / (name + ".yaml");
    std::ofstream(file) << project;
    const fs::path whole = test::freshFolder(name + "_whole"), tiled = test::freshFolder(name + "_tiled");
    const std::string cli = std::string("LANG=en_US.UTF-8 ") + SANXIAN_CLI + " run " + file.string() + " --formats csv,shp";
    const Command a = execute(cli + " --memory-limit none -o " + whole.string());
    EXPECT_EQ(a.exitCode, 0) << a.output;
    const Command b = execute(cli + " --memory-limit 1k --tile-size " + tileSize + " -o " + tiled.string());
    EXPECT_EQ(b.exitCode, 0) << b.output;
    return {whole, tiled};
  }

  // Every file the two runs wrote is byte-identical, but the summaries,
  // which must agree in every figure of every check.
  static void expectSameOutputs(const fs::path& whole, const fs::path& tiled, const std::vector<std::string>& tiledLayers) {
    size_t compared = 0;
    for (const auto& entry : fs::recursive_directory_iterator(whole)) {
      if (!entry.is_regular_file()) continue;
      const fs::path relative = fs::relative(entry.path(), whole);
      if (relative == "run_summary.json" || relative == "audit_trail.json") continue;
      ASSERT_TRUE(fs::exists(tiled / relative)) << relative;
      EXPECT_EQ(read(entry.path()), read(tiled / relative)) << relative;
      ++compared;
    }
    EXPECT_GT(compared, 10u);
    auto summary = [](const fs::path& folder) { return nlohmann::json::parse(read(folder / "run_summary.json")); };
    nlohmann::json a = summary(whole), b = summary(tiled);
    EXPECT_EQ(a["tiling"]["tiled_layers"].size(), 0u);
    EXPECT_EQ(b["tiling"]["tiled_layers"], nlohmann::json(tiledLayers));
    EXPECT_EQ(a["layers"], b["layers"]);
    ASSERT_EQ(a["checks"].size(), b["checks"].size());
    for (size_t i = 0; i < a["checks"].size(); ++i) {
      nlohmann::json x = a["checks"][i]["summary"], y = b["checks"][i]["summary"];
      // Pairs whose envelopes meet: a window holds only features whose
      // geometry meets it, so the tiled count may be lower. Not a result.
      x.erase("candidate_pairs");
      y.erase("candidate_pairs");
      EXPECT_EQ(x, y) << a["checks"][i]["id"];
      EXPECT_GT(x["pieces"].get<int>(), 0) << a["checks"][i]["id"];
    }
  }
};
fs::path TiledRun::data;

TEST_F(TiledRun, OverlapsEqualTheInMemoryRun) {
  // 12 km tiles over S's 157 × 188 km: 14 × 16 tiles, most features of
  // the red line and the reserves reaching into several.
  const auto [whole, tiled] = runBoth("overlaps", R"(name: tiles
analysis_crs: EPSG:4545
layers:
  redline_2023: {path: redline_2023.shp, role: redline}
  reserves: {path: reserves.shp, role: reserve}
  mining: {path: mining.shp, role: mining}
  townships: {path: townships.shp, role: boundary}
checks:
  - {type: overlap, a: mining, b: redline_2023, boundary: townships}
  - {type: overlap, a: mining, b: reserves}
  - {type: overlap, a: reserves, b: reserves, boundary: townships}
)",
                                      "12000");
  expectSameOutputs(whole, tiled, {"redline_2023", "reserves", "mining"});
  // The mining rights' bow-ties were repaired once each, as in memory (the
  // load reports are equal above).
  const std::string report = read(tiled / "load_report.txt");
  EXPECT_NE(report.find("FID 180: invalid geometry repaired"), std::string::npos) << report;
  // Inputs untouched: no spatial index written beside them.
  for (const auto& entry : fs::directory_iterator(data)) EXPECT_NE(entry.path().extension(), ".qix") << entry.path();
}

TEST_F(TiledRun, LayerInDegreesEqualsTheInMemoryRun) {
  // The mining rights in CGCS2000 degrees: windows are moved into the
  // layer's CRS, with a margin, and features are owned in the analysis plane.
  const fs::path degrees = data / "mining_4490.shp";
  if (!fs::exists(degrees)) {
    const Command ogr = execute("ogr2ogr -t_srs EPSG:4490 " + degrees.string() + " " + (data / "mining.shp").string());
    ASSERT_EQ(ogr.exitCode, 0) << ogr.output;
  }
  const auto [whole, tiled] = runBoth("degrees", R"(name: tiles in degrees
analysis_crs: EPSG:4545
layers:
  redline_2023: {path: redline_2023.shp, role: redline}
  mining: {path: mining_4490.shp, role: mining}
checks:
  - {type: overlap, a: mining, b: redline_2023}
)",
                                      "9000");
  expectSameOutputs(whole, tiled, {"redline_2023", "mining"});
}

TEST_F(TiledRun, LayersOtherChecksReadAreHeldWhole) {
  // The audit reads both red lines whole; only the reserves are tiled.
  const auto [whole, tiled] = runBoth("mixed", R"(name: mixed
analysis_crs: EPSG:4545
layers:
  redline_2022: {path: redline_2022.shp, role: redline}
  redline_2023: {path: redline_2023.shp, role: redline}
  reserves: {path: reserves.shp, role: reserve}
checks:
  - {type: audit, old: redline_2022, new: redline_2023}
  - {type: overlap, a: reserves, b: redline_2023}
)",
                                      "20000");
  const nlohmann::json summary = nlohmann::json::parse(read(tiled / "run_summary.json"));
  EXPECT_EQ(summary["tiling"]["tiled_layers"], nlohmann::json({"reserves"}));
  EXPECT_EQ(read(whole / "overlap_reserves_redline_2023" / "overlap_conflicts.csv"),
            read(tiled / "overlap_reserves_redline_2023" / "overlap_conflicts.csv"));
}

TEST_F(TiledRun, GeoPackageIsReadThroughItsRtreeAndLeftAsItWas) {
  const fs::path gpkg = data / "gpkg";
  if (!fs::exists(gpkg / "sanxian.gpkg")) {
    const Command gen = execute(std::string(SANXIAN_GEN_EXE) + " --scale S --format gpkg --no-project -q -o " + gpkg.string());
    ASSERT_EQ(gen.exitCode, 0) << gen.output;
  }
  const std::string before = read(gpkg / "sanxian.gpkg");
  const auto [whole, tiled] = runBoth("gpkg", R"(name: tiles in a GeoPackage
analysis_crs: EPSG:4545
layers:
  redline_2023: {path: gpkg/sanxian.gpkg, layer: redline_2023, role: redline}
  reserves: {path: gpkg/sanxian.gpkg, layer: reserves, role: reserve}
  mining: {path: gpkg/sanxian.gpkg, layer: mining, role: mining}
checks:
  - {type: overlap, a: mining, b: redline_2023}
  - {type: overlap, a: reserves, b: reserves}
)",
                                      "15000");
  expectSameOutputs(whole, tiled, {"redline_2023", "reserves", "mining"});
  EXPECT_TRUE(read(gpkg / "sanxian.gpkg") == before) << "the input GeoPackage was changed";
}

TEST(MemorySize, ReadsWhatUsersWrite) {
  EXPECT_EQ(parseMemorySize("1G"), size_t(1) << 30);
  EXPECT_EQ(parseMemorySize("512M"), size_t(512) << 20);
  EXPECT_EQ(parseMemorySize("2.5g"), size_t(2.5 * (1 << 30)));
  EXPECT_EQ(parseMemorySize("4GiB"), size_t(4) << 30);
  EXPECT_EQ(parseMemorySize("300k"), size_t(300) << 10);
  EXPECT_EQ(parseMemorySize("1048576"), size_t(1) << 20);
  EXPECT_EQ(parseMemorySize("none"), 0u);
  EXPECT_EQ(parseMemorySize("0"), 0u);
  EXPECT_THROW(parseMemorySize("lots"), Error);
  EXPECT_THROW(parseMemorySize("-1G"), Error);
  EXPECT_THROW(parseMemorySize("1X"), Error);
  EXPECT_GE(defaultMemoryLimit(), size_t(1) << 30);
}

TEST(TileGrid, EveryPointHasOneTileAndEdgesReachOut) {
  const TileGrid grid = TileGrid::covering({0, 0, 25, 10, false}, 10);
  EXPECT_EQ(grid.columns, 3);
  EXPECT_EQ(grid.rows, 1);
  EXPECT_EQ(grid.tileOf(0, 0), 0u);
  EXPECT_EQ(grid.tileOf(10, 5), 1u);   // a point on a tile edge belongs to the tile above it
  EXPECT_EQ(grid.tileOf(9.999, 5), 0u);
  EXPECT_EQ(grid.tileOf(-5, 50), 0u);  // beyond the grid: the edge tile
  EXPECT_EQ(grid.tileOf(99, -3), 2u);
  const geos::Envelope edge = grid.bounds(2, {-100, -100, 100, 100, false});
  EXPECT_EQ(edge.minX, 20);
  EXPECT_EQ(edge.maxX, 100);
  EXPECT_EQ(edge.minY, -100);
  const geos::Envelope middle = grid.bounds(1, {-100, -100, 100, 100, false});
  EXPECT_EQ(middle.minX, 10);
  EXPECT_EQ(middle.maxX, 20);
}

}  // namespace
}  // namespace sanxian
