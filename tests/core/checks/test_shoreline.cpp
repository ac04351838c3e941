// Shoreline protection rate and occupation on small hand-built layers whose
// answers are computed by hand. Coordinates are EPSG:4545 metres starting
// on the central meridian (108°E, about 38.8°N), where the Gauss-Kruger
// scale is 1 + E²/2R²: a 10 km line running east from the meridian is
// longer on the ellipsoid than in the plane by about (10 km)²/6R² ≈ 4e-7
// relative, so planar lengths are checked to 1e-9 m and ellipsoidal ones
// to 1e-5 relative.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/shoreline/shoreline.h"
#include "core/geometry/harmonize.h"
#include "core/io/crs.h"
#include "core/io/load.h"
#include "core/run/project.h"
#include "fixtures/fixtures.h"
#include "report/files/write_run.h"
#include "report/files/writers.h"

namespace sanxian {
namespace {

using test::freshFolder;
using test::writeLayer;

constexpr double X0 = 500000, Y0 = 4300000;  // on CM 108°E

const RoleCatalog& roles() {
  static const RoleCatalog catalog = RoleCatalog::loadDefault();
  return catalog;
}

std::string rect(double x1, double y1, double x2, double y2) {
  return format("POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", X0 + x1, Y0 + y1, X0 + x2, Y0 + y1, X0 + x2, Y0 + y2, X0 + x1,
                Y0 + y2, X0 + x1, Y0 + y1);
}
std::string line(double x1, double y1, double x2, double y2) {
  return format("LINESTRING(%.3f %.3f,%.3f %.3f)", X0 + x1, Y0 + y1, X0 + x2, Y0 + y2);
}

std::string writeAs(const std::string& folder, const std::string& name, const std::string& geometry, const std::vector<std::string>& fields,
                    const std::vector<test::Row>& rows) {
  test::LayerSpec spec;
  spec.path = folder + "/" + name + ".shp";
  spec.geometry = geometry;
  spec.fields = fields;
  spec.rows = rows;
  return writeLayer(spec);
}

Layer loadAs(const std::string& folder, const std::string& name, const std::string& role, const std::string& geometry,
             const std::vector<std::string>& fields, const std::vector<test::Row>& rows) {
  LoadOptions options;
  options.source = writeAs(folder, name, geometry, fields, rows);
  options.role = role;
  Layer layer = load(options, roles());
  harmonize(layer, crsFromUser("EPSG:4545"));
  return layer;
}

Layer shorelines(const std::string& folder, const std::string& name, const std::vector<test::Row>& rows) {
  return loadAs(folder, name, "shoreline", "LineString", {"AXBH", "HHMC", "AB", "AXGNFQ"}, rows);
}

ShorelineSettings settings() {
  ShorelineSettings s;
  s.roles = &roles();
  return s;
}

const ShorelineFigures& figure(const std::vector<ShorelineFigures>& all, const std::string& group, const std::string& key) {
  for (const auto& f : all)
    if (f.group == group && f.key == key) return f;
  static ShorelineFigures none;
  ADD_FAILURE() << "no figures for " << group << " '" << key << "'";
  return none;
}

void expectLength(double ellipsoidal, double planar, double expected) {
  EXPECT_NEAR(planar, expected, 1e-6);
  EXPECT_NEAR(ellipsoidal, expected, expected * 1e-5);
}

TEST(Shoreline, StraightTenKilometreShorelineSplitByTwoZonePolygons) {
  const std::string folder = freshFolder("shoreline_split");
  // No zone attribute on the line: x 0–3000 in a protection polygon,
  // 6000–10000 in a development polygon, 3000–6000 in neither (unzoned).
  const Layer lines = loadAs(folder, "lines", "shoreline", "LineString", {"HHMC"}, {{line(0, 0, 10000, 0), {"都斯图河"}}});
  const Layer zones = loadAs(folder, "zones", "shoreline_zone", "Polygon", {"AXGNFQ"},
                             {{rect(6000, -100, 10000, 100), {"岸线开发利用区"}}, {rect(0, -100, 3000, 100), {"岸线保护区"}}});
  ShorelineSettings s = settings();
  s.zones = &zones;
  ShorelineResult r = shorelineLines(lines, s);

  // Stricter zone first within the line, then the rest.
  ASSERT_EQ(r.segments.size(), 3u);
  EXPECT_EQ(r.segments[0].zone, "protection");
  EXPECT_EQ(r.segments[0].zoneSource, "zones:1");
  EXPECT_TRUE(r.segments[0].protectedZone);
  expectLength(r.segments[0].measures.length, r.segments[0].measures.planarLength, 3000);
  EXPECT_EQ(r.segments[1].zone, "development");
  expectLength(r.segments[1].measures.length, r.segments[1].measures.planarLength, 4000);
  EXPECT_EQ(r.segments[2].zone, "");
  EXPECT_EQ(r.segments[2].zoneSource, "");
  expectLength(r.segments[2].measures.length, r.segments[2].measures.planarLength, 3000);

  ShorelineComparison c;
  c.current = std::move(r);
  const auto j = toJson(c);
  EXPECT_NEAR(j["planar_total_length_m"].get<double>(), 10000, 1e-6);
  EXPECT_NEAR(j["total_length_m"].get<double>(), 10000, 10000 * 1e-5);
  EXPECT_NEAR(j["planar_protected_length_m"].get<double>(), 3000, 1e-6);
  EXPECT_NEAR(j["protected_length_m"].get<double>(), 3000, 3000 * 1e-5);
  EXPECT_NEAR(j["planar_protection_rate_pct"].get<double>(), 30, 1e-9);
  EXPECT_NEAR(j["protection_rate_pct"].get<double>(), 30, 1e-3);
  EXPECT_NEAR(j["planar_unzoned_length_m"].get<double>(), 3000, 1e-6);
  EXPECT_EQ(j["zones_from"], "polygons");
  // by_zone: protected zones always listed (reserved with 0), stricter first, unzoned last.
  ASSERT_EQ(j["by_zone"].size(), 4u);
  EXPECT_EQ(j["by_zone"][0]["zone"], "protection");
  EXPECT_EQ(j["by_zone"][1]["zone"], "reserved");
  EXPECT_EQ(j["by_zone"][1]["length_m"], 0.0);
  EXPECT_EQ(j["by_zone"][2]["zone"], "development");
  EXPECT_EQ(j["by_zone"][3]["zone"], "");
}

TEST(Shoreline, ZonesFromTheLinesAttributeWithSpellingVariantsAndBanks) {
  const std::string folder = freshFolder("shoreline_attributes");
  // Left bank: 2000 m 岸线保护区 + 3000 m 开发利用区; right bank: 1000 m 保留区
  // + 4000 m 控制利用区 (short spellings mapped through layers/roles.yaml).
  const Layer lines = shorelines(folder, "lines",
                                 {{line(0, 50, 2000, 50), {"AX1L1", "摩林河", "左岸", "岸线保护区"}},
                                  {line(2000, 50, 5000, 50), {"AX1L2", "摩林河", "左岸", "开发利用区"}},
                                  {line(0, -50, 1000, -50), {"AX1R1", "摩林河", "右岸", "保留区"}},
                                  {line(1000, -50, 5000, -50), {"AX1R2", "摩林河", "右岸", "控制利用区"}}});
  const ShorelineResult r = shorelineLines(lines, settings());
  ASSERT_EQ(r.segments.size(), 4u);
  EXPECT_EQ(r.segments[0].zoneSource, "attribute");
  EXPECT_EQ(r.segments[0].code, "AX1L1");
  EXPECT_EQ(r.segments[1].zone, "development");
  EXPECT_EQ(r.segments[2].zone, "reserved");
  EXPECT_EQ(r.segments[3].zone, "controlled_use");
  EXPECT_EQ(r.segments[3].bank, "right");

  const auto all = r.figures();
  const ShorelineFigures& total = all.front();
  EXPECT_NEAR(total.planarLength, 10000, 1e-6);
  EXPECT_NEAR(total.planarProtectedLength, 3000, 1e-6);
  EXPECT_NEAR(total.planarRate(), 30, 1e-9);
  EXPECT_NEAR(figure(all, "bank", "left").planarRate(), 40, 1e-9);   // 2000 / 5000
  EXPECT_NEAR(figure(all, "bank", "right").planarRate(), 20, 1e-9);  // 1000 / 5000
  EXPECT_NEAR(figure(all, "river", "摩林河").planarLength, 10000, 1e-6);
  EXPECT_NEAR(figure(all, "zone", "controlled_use").planarLength, 4000, 1e-6);

  // Only 保护区 counts: 2000 / 10000.
  ShorelineSettings strict = settings();
  strict.protectedZones = parseProtectedZones("保护区", roles());
  EXPECT_NEAR(shorelineLines(lines, strict).total().planarRate(), 20, 1e-9);
  EXPECT_EQ(parseProtectedZones("protection, 岸线保留区", roles()), (std::vector<std::string>{"protection", "reserved"}));
  EXPECT_THROW(parseProtectedZones("核心区", roles()), Error);
}

TEST(Shoreline, LineAlongTheCommonEdgeOfTwoZonesGoesToTheStricterZoneOnce) {
  const std::string folder = freshFolder("shoreline_boundary");
  // Development zone below y = 0 (listed first), protection zone above; the
  // line runs along y = 0 for 1000 m and then 500 m inside the development zone.
  const Layer lines = loadAs(folder, "lines", "shoreline", "LineString", {"HHMC"},
                             {{format("LINESTRING(%.3f %.3f,%.3f %.3f,%.3f %.3f)", X0, Y0, X0 + 1000, Y0, X0 + 1500, Y0 - 0.0), {"北大池"}}});
  const Layer lines2 = loadAs(folder, "lines2", "shoreline", "LineString", {"HHMC"},
                              {{format("LINESTRING(%.3f %.3f,%.3f %.3f,%.3f %.3f)", X0, Y0, X0 + 1000, Y0, X0 + 1000, Y0 - 500), {"北大池"}}});
  const Layer zones = loadAs(folder, "zones", "shoreline_zone", "Polygon", {"AXGNFQ"},
                             {{rect(0, -1000, 2000, 0), {"岸线开发利用区"}}, {rect(0, 0, 2000, 1000), {"岸线保护区"}}});
  ShorelineSettings s = settings();
  s.zones = &zones;
  {
    // Entirely on the edge (1500 m along y = 0): all protection, counted once.
    const ShorelineResult r = shorelineLines(lines, s);
    ASSERT_EQ(r.segments.size(), 1u);
    EXPECT_EQ(r.segments[0].zone, "protection");
    EXPECT_NEAR(r.total().planarLength, 1500, 1e-6);
    EXPECT_NEAR(r.total().planarRate(), 100, 1e-9);
  }
  {
    // 1000 m on the edge (protection), then 500 m down into development.
    const ShorelineResult r = shorelineLines(lines2, s);
    ASSERT_EQ(r.segments.size(), 2u);
    EXPECT_EQ(r.segments[0].zone, "protection");
    EXPECT_NEAR(r.segments[0].measures.planarLength, 1000, 1e-6);
    EXPECT_EQ(r.segments[1].zone, "development");
    EXPECT_NEAR(r.segments[1].measures.planarLength, 500, 1e-6);
    EXPECT_NEAR(r.total().planarLength, 1500, 1e-6);
  }
}

TEST(Shoreline, RiverCrossingTwoTownshipsIsSplitAtTheBoundary) {
  const std::string folder = freshFolder("shoreline_townships");
  // Both banks run 10 km east; the township boundary is at x = 4000.
  const Layer lines = shorelines(folder, "lines",
                                 {{line(0, 50, 10000, 50), {"AX1L", "都斯图河", "左岸", "岸线保护区"}},
                                  {line(0, -50, 10000, -50), {"AX1R", "都斯图河", "右岸", "岸线开发利用区"}}});
  const Layer towns = loadAs(folder, "towns", "boundary", "Polygon", {"XZQMC", "XZQDM"},
                             {{rect(-5000, -5000, 4000, 5000), {"乌兰镇", "150624100"}}, {rect(4000, -5000, 15000, 5000), {"蒙西镇", "150624101"}}});
  ShorelineSettings s = settings();
  s.boundary = &towns;
  const ShorelineResult r = shorelineLines(lines, s);
  ASSERT_EQ(r.segments.size(), 4u);
  EXPECT_EQ(r.segments[0].township, "乌兰镇");
  EXPECT_EQ(r.segments[0].townshipCode, "150624100");
  EXPECT_NEAR(r.segments[0].measures.planarLength, 4000, 1e-6);
  EXPECT_EQ(r.segments[1].township, "蒙西镇");
  EXPECT_NEAR(r.segments[1].measures.planarLength, 6000, 1e-6);
  const auto all = r.figures();
  const ShorelineFigures& wulan = figure(all, "township", "乌兰镇");
  const ShorelineFigures& mengxi = figure(all, "township", "蒙西镇");
  EXPECT_NEAR(wulan.planarLength, 8000, 1e-6);
  EXPECT_NEAR(wulan.planarProtectedLength, 4000, 1e-6);
  EXPECT_NEAR(mengxi.planarLength, 12000, 1e-6);
  EXPECT_NEAR(mengxi.planarProtectedLength, 6000, 1e-6);
  EXPECT_NEAR(wulan.planarRate(), 50, 1e-9);
  EXPECT_NEAR(wulan.length, 8000, 8000 * 1e-5);
  // The townships add up to the total exactly.
  EXPECT_NEAR(wulan.planarLength + mengxi.planarLength, all.front().planarLength, 1e-6);
  const auto j = toJson({shorelineLines(lines, s), std::nullopt});
  ASSERT_EQ(j["by_township"].size(), 2u);
  EXPECT_EQ(j["by_township"][0]["township"], "乌兰镇");
  EXPECT_NEAR(j["by_township"][1]["planar_protection_rate_pct"].get<double>(), 50, 1e-9);
}

TEST(Shoreline, MineThirtyMetresAwayOccupiesAt50ButNotAt20) {
  const std::string folder = freshFolder("shoreline_mine");
  const Layer lines = shorelines(folder, "lines", {{line(0, 0, 1000, 0), {"AX1", "黄河", "右岸", "岸线保护区"}}});
  // A 200 m × 200 m mine whose near edge is 30 m from the shoreline.
  const Layer mining = loadAs(folder, "mining", "mining", "Polygon", {"XKZH", "KSMC"},
                              {{rect(400, 30, 600, 230), {"C1506242023011000000001", "棋盘井煤矿"}}});
  ShorelineSettings s = settings();
  s.occupiers = {{"mining", &mining}};
  {
    // Within 50 m: x from 400 − 40 to 600 + 40 (40 = √(50² − 30²)): 280 m.
    const ShorelineResult r = shorelineLines(lines, s);
    ASSERT_EQ(r.occupations.size(), 1u);
    const ShorelineOccupation& o = r.occupations[0];
    EXPECT_EQ(o.layer, "mining");
    EXPECT_EQ(o.fid, 0);
    EXPECT_EQ(o.code, "C1506242023011000000001");
    EXPECT_EQ(o.name, "棋盘井煤矿");
    EXPECT_NEAR(o.distance, 30, 1e-9);
    EXPECT_TRUE(o.protectedZone);
    // The buffer's chords lie inside the circle: short by < 2 cm per end.
    EXPECT_NEAR(o.planarLength, 280, 0.05);
    EXPECT_LE(o.planarLength, 280);
    EXPECT_NEAR(r.segments[0].planarOccupiedLength, o.planarLength, 1e-9);
    EXPECT_NE(r.segments[0].occupiers.find("mining:0"), std::string::npos);
    const auto j = toJson({shorelineLines(lines, s), std::nullopt});
    EXPECT_EQ(j["occupations"], 1);
    EXPECT_EQ(j["protected_occupations"], 1);
    EXPECT_EQ(j["severity_counts"]["prohibited"], 1);
    EXPECT_EQ(j["occupation_list"][0]["severity"], "prohibited");
    EXPECT_NEAR(j["planar_protected_occupied_length_m"].get<double>(), 280, 0.05);
  }
  {
    s.distance = 20;
    const ShorelineResult r = shorelineLines(lines, s);
    EXPECT_TRUE(r.occupations.empty());
    EXPECT_EQ(r.segments[0].occupiedLength, 0);
  }
  {
    // Exactly 30 m touches at no length; a development zone is not flagged.
    const Layer dev = shorelines(folder, "dev", {{line(0, 0, 1000, 0), {"AX2", "黄河", "右岸", "开发利用区"}}});
    s.distance = 50;
    const ShorelineResult r = shorelineLines(dev, s);
    ASSERT_EQ(r.occupations.size(), 1u);
    EXPECT_FALSE(r.occupations[0].protectedZone);
  }
}

TEST(Shoreline, TwoYearsGiveTheChangeOfTheRateAndOfEachZone) {
  const std::string folder = freshFolder("shoreline_years");
  // 2022: protection 3000, controlled use 2000, development 5000 → 30 %.
  const Layer before = shorelines(folder, "y2022",
                                  {{line(0, 0, 3000, 0), {"A1", "黄河", "右岸", "岸线保护区"}},
                                   {line(3000, 0, 5000, 0), {"A2", "黄河", "右岸", "岸线控制利用区"}},
                                   {line(5000, 0, 10000, 0), {"A3", "黄河", "右岸", "岸线开发利用区"}}});
  // 2023: protection 4000, reserved 1000, development 5000 → 50 %.
  const Layer after = shorelines(folder, "y2023",
                                 {{line(0, 0, 4000, 0), {"A1", "黄河", "右岸", "岸线保护区"}},
                                  {line(4000, 0, 5000, 0), {"A2", "黄河", "右岸", "岸线保留区"}},
                                  {line(5000, 0, 10000, 0), {"A3", "黄河", "右岸", "岸线开发利用区"}}});
  ShorelineComparison c;
  c.current = shorelineLines(after, settings());
  c.previous = shorelineLines(before, settings());
  const auto j = toJson(c);
  EXPECT_NEAR(j["planar_protection_rate_pct"].get<double>(), 50, 1e-9);
  EXPECT_NEAR(j["previous"]["planar_protection_rate_pct"].get<double>(), 30, 1e-9);
  EXPECT_NEAR(j["change"]["planar_protection_rate_pct_points"].get<double>(), 20, 1e-9);
  EXPECT_NEAR(j["change"]["protection_rate_pct_points"].get<double>(), 20, 1e-3);
  EXPECT_NEAR(j["change"]["planar_protected_length_m"].get<double>(), 2000, 1e-6);
  EXPECT_EQ(j["change"]["improved"], true);
  std::map<std::string, double> change;
  for (const auto& z : j["by_zone"]) change[z["zone"].get<std::string>()] = z["planar_change_length_m"].get<double>();
  ASSERT_EQ(change.size(), 4u);  // controlled use is gone but still listed
  EXPECT_NEAR(change["protection"], 1000, 1e-6);
  EXPECT_NEAR(change["reserved"], 1000, 1e-6);
  EXPECT_NEAR(change["controlled_use"], -2000, 1e-6);
  EXPECT_NEAR(change["development"], 0, 1e-6);

  const std::vector<Table> tables = shorelineTables(c);
  const Table& summary = tables.back();
  EXPECT_EQ(summary.name, "shoreline_summary");
  EXPECT_GE(summary.columnIndex("change_rate_pct_points"), 0);
  const std::vector<std::string> headlines = shorelineHeadlines(c);
  ASSERT_GE(headlines.size(), 2u);
}

TEST(Shoreline, ProjectCheckWritesLineShapefileGeoPackageCsvAndJson) {
  const std::string folder = freshFolder("shoreline_run");
  LoadOptions lines;
  lines.source = writeAs(folder, "shoreline", "LineString", {"AXBH", "HHMC", "AB", "AXGNFQ"},
                         {{line(0, 0, 1000, 0), {"AX1", "黄河", "右岸", "岸线保护区"}}, {line(1000, 0, 3000, 0), {"AX2", "黄河", "右岸", "开发利用区"}}});
  lines.role = "shoreline";
  LoadOptions mines;
  mines.source = writeAs(folder, "mining", "Polygon", {"XKZH", "KSMC"}, {{rect(400, 30, 600, 230), {"C1506242023011000000001", "煤矿"}}});
  mines.role = "mining";
  LoadOptions towns;
  towns.source = writeAs(folder, "towns", "Polygon", {"XZQMC"}, {{rect(-100, -100, 1500, 100), {"乌兰镇"}}, {rect(1500, -100, 4000, 100), {"蒙西镇"}}});
  towns.role = "boundary";
  // As `sanxian shoreline --lines … --occupiers … --boundary …` runs it.
  Project project;
  project.name = "shoreline";
  project.layers = {{"shoreline", lines}, {"mining", mines}, {"towns", towns}};
  project.checks.push_back({"shoreline", {{"lines", "shoreline"}, {"occupiers", {"mining"}}, {"boundary", "towns"}}});
  const std::string out = folder + "/out";
  RunOptions options;
  options.outputDir = out;
  const RunResult run = runProject(project, roles(), options);
  ASSERT_EQ(run.checkOutputs.size(), 1u);
  const CheckOutput& check = run.checkOutputs[0];
  EXPECT_NEAR(check.summary["planar_total_length_m"].get<double>(), 3000, 1e-6);
  EXPECT_NEAR(check.summary["planar_protection_rate_pct"].get<double>(), 100.0 / 3, 1e-9);
  EXPECT_EQ(check.summary["segments"], 3);  // AX2 split at x = 1500
  const std::string checkFolder = out + "/" + check.id;
  for (const char* f : {"shoreline_segments.shp", "shoreline_segments.dbf", "shoreline_segments.cpg", "shoreline_segments.prj",
                        "shoreline_occupation.shp", "shoreline_summary.csv", "shoreline_segments.csv"})
    EXPECT_TRUE(std::filesystem::exists(checkFolder + "/" + f)) << f;
  EXPECT_TRUE(std::filesystem::exists(out + "/sanxian_results.gpkg"));
  // The segments come back as lines with their zone and township.
  LoadOptions back;
  back.source = checkFolder + "/shoreline_segments.shp";
  const Layer segments = load(back, roles());
  ASSERT_EQ(segments.features.size(), 3u);
  for (const Feature& f : segments.features) EXPECT_TRUE(f.geometry && geos::isLineal(f.geometry.get()));
  const int town = segments.fieldIndex("township");
  ASSERT_GE(town, 0);
  EXPECT_EQ(segments.features[2].values[size_t(town)], "蒙西镇");
  std::ifstream csv(checkFolder + "/shoreline_summary.csv");
  std::string head(3, '\0');
  csv.read(head.data(), 3);
  EXPECT_EQ(head, "\xEF\xBB\xBF");
}

TEST(Shoreline, ZoneLayerWithoutAZoneFieldNamesTheFile) {
  const std::string folder = freshFolder("shoreline_bad_zones");
  const Layer lines = shorelines(folder, "lines", {{line(0, 0, 1000, 0), {"AX1", "黄河", "右岸", ""}}});
  LoadOptions o;
  o.source = writeAs(folder, "zones", "Polygon", {"NAME"}, {{rect(0, -10, 100, 10), {"x"}}});
  Layer zones = load(o, roles());  // no role: loaded, but it has no zone field
  harmonize(zones, crsFromUser("EPSG:4545"));
  ShorelineSettings s = settings();
  s.zones = &zones;
  try {
    shorelineLines(lines, s);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Input);
    EXPECT_NE(std::string(e.what()).find("zones"), std::string::npos);
  }
}

TEST(Shoreline, SameOutputWithOneAndFourThreads) {
  const std::string folder = freshFolder("shoreline_threads");
  // 200 shoreline pieces (two banks of 100 wavy 1 km reaches), zone polygons
  // every 700 m, three townships and 60 mines scattered beside the river.
  std::vector<test::Row> rows;
  const char* zoneNames[] = {"岸线保护区", "岸线保留区", "岸线控制利用区", "岸线开发利用区"};
  for (int bank = 0; bank < 2; ++bank)
    for (int k = 0; k < 100; ++k) {
      std::ostringstream wkt;
      wkt << "LINESTRING(";
      for (int v = 0; v <= 10; ++v) {
        const double x = k * 1000.0 + v * 100, y = (bank ? -60 : 60) + 25 * std::sin(x / 370.0);
        wkt << (v ? "," : "") << format("%.3f %.3f", X0 + x, Y0 + y);
      }
      wkt << ")";
      rows.push_back({wkt.str(), {format("AX%03d%c", k, bank ? 'R' : 'L'), k < 50 ? "黄河" : "都斯图河", bank ? "右岸" : "左岸", zoneNames[(k * 7 + bank) % 4]}});
    }
  const Layer lines = shorelines(folder, "lines", rows);
  std::vector<test::Row> zoneRows;
  for (int z = 0; z < 143; ++z) zoneRows.push_back({rect(z * 700.0, -200, z * 700.0 + 700 + (z % 3) * 50, 200), {zoneNames[z % 4]}});
  const Layer zones = loadAs(folder, "zones", "shoreline_zone", "Polygon", {"AXGNFQ"}, zoneRows);
  const Layer towns = loadAs(folder, "towns", "boundary", "Polygon", {"XZQMC"},
                             {{rect(-100, -1000, 33333, 1000), {"乌兰镇"}}, {rect(33333, -1000, 66666, 1000), {"蒙西镇"}},
                              {rect(66666, -1000, 100100, 1000), {"棋盘井镇"}}});
  std::vector<test::Row> mineRows;
  for (int m = 0; m < 60; ++m) {
    // 95–135 m from the river's centre, beside the left bank (odd) or the right bank (even).
    const double x = m * 1650.0 + 100, gap = 95 + (m % 5) * 10;
    const std::string wkt = m % 2 ? rect(x, gap, x + 300, gap + 200) : rect(x, -gap - 200, x + 300, -gap);
    mineRows.push_back({wkt, {format("C%022d", m), format("矿%d", m)}});
  }
  const Layer mining = loadAs(folder, "mining", "mining", "Polygon", {"XKZH", "KSMC"}, mineRows);
  ShorelineSettings s = settings();
  s.zones = &zones;
  s.boundary = &towns;
  s.occupiers = {{"mining", &mining}};
  auto runWith = [&](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    ShorelineComparison c;
    c.current = shorelineLines(lines, s);
    c.previous = shorelineLines(lines, s);
    std::string all = toJson(c).dump();
    for (const Table& t : shorelineTables(c)) all += toCsv(t);
    for (const auto& seg : c.current.segments) all += geos::toWkt(seg.geometry.get());
    return std::make_tuple(c.current.segments.size(), c.current.occupations.size(), all);
  };
  const auto one = runWith(1);
  const auto four = runWith(4);
  EXPECT_GT(std::get<0>(one), 300u);
  EXPECT_GT(std::get<1>(one), 20u);
  EXPECT_EQ(std::get<2>(one), std::get<2>(four));
}

TEST(ShorelineCheck, ProjectFileRunsTheShorelineCheck) {
  const std::string folder = freshFolder("shoreline_project");
  writeAs(folder, "shoreline", "LineString", {"AXBH", "HHMC", "AB", "AXGNFQ"},
          {{line(0, 0, 1000, 0), {"AX1", "黄河", "右岸", "岸线保护区"}}, {line(1000, 0, 4000, 0), {"AX2", "黄河", "右岸", "岸线开发利用区"}}});
  writeAs(folder, "old", "LineString", {"AXBH", "HHMC", "AB", "AXGNFQ"}, {{line(0, 0, 4000, 0), {"AX1", "黄河", "右岸", "岸线开发利用区"}}});
  writeAs(folder, "mining", "Polygon", {"XKZH", "KSMC"}, {{rect(400, 30, 600, 230), {"C1506242023011000000001", "煤矿"}}});
  const std::string path = folder + "/project.yaml";
  std::ofstream(path) << "name: test\n"
                         "layers:\n"
                         "  shoreline: {path: shoreline.shp, role: shoreline}\n"
                         "  old: {path: old.shp, role: shoreline}\n"
                         "  mining: {path: mining.shp, role: mining}\n"
                         "checks:\n"
                         "  - {type: shoreline, lines: shoreline, previous: old, occupiers: [mining], distance_m: 20,\n"
                         "     protected_zones: [保护区]}\n";
  const RunResult run = runProject(readProject(path), roles(), folder + "/out", std::nullopt);
  const auto& checks = run.summary["checks"];
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0]["status"], "done");
  const auto& j = checks[0]["summary"];
  EXPECT_NEAR(j["planar_protection_rate_pct"].get<double>(), 25, 1e-9);
  EXPECT_NEAR(j["change"]["planar_protection_rate_pct_points"].get<double>(), 25, 1e-9);
  EXPECT_EQ(j["occupations"], 0);  // 30 m away, 20 m asked
  EXPECT_EQ(j["protected_zones"], nlohmann::json::array({"protection"}));
  EXPECT_TRUE(std::filesystem::exists(folder + "/out/shoreline_shoreline/shoreline_segments.shp"));
}

}  // namespace
}  // namespace sanxian
