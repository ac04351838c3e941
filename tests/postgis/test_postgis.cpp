// Reading a layer from a real PostgreSQL + PostGIS server, started on
// 127.0.0.1 by the ctest fixture (pg_fixture.sh) and stopped afterwards.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/control_lines/control_lines.h"
#include "core/checks/indicators/indicators.h"
#include "core/checks/landuse/landuse.h"
#include "core/geometry/area.h"
#include "core/geometry/harmonize.h"
#include "core/io/crs.h"
#include "core/io/load.h"

namespace sanxian {
namespace {

std::string connection() {
  const char* value = std::getenv("SANXIAN_TEST_PG");
  return value ? value : "";
}

TEST(PostGis, LoadsRedLineTableWithChineseText) {
  ASSERT_FALSE(connection().empty()) << "SANXIAN_TEST_PG is not set: run through ctest";
  LoadOptions options;
  options.source = connection();
  options.layerName = "redline";
  options.role = "redline";
  const Layer layer = load(options, RoleCatalog::loadDefault());
  EXPECT_EQ(layer.driver, "PostgreSQL");
  ASSERT_EQ(layer.features.size(), 2u);
  EXPECT_EQ(layer.crs.epsg, 4545);
  EXPECT_EQ(layer.encoding.name, "UTF-8");
  EXPECT_EQ(layer.roleValue(layer.features[1], "name"), "苏米图苏木水源涵养红线");
  EXPECT_EQ(layer.roleValue(layer.features[0], "code"), "150624-001");
  EXPECT_NEAR(geos::area(layer.features[0].geometry.get()), 1e6, 1e-6);
}

TEST(PostGis, NamesTheTablesWhenTheLayerIsMissing) {
  ASSERT_FALSE(connection().empty());
  LoadOptions options;
  options.source = connection();
  options.layerName = "no_such_table";
  setLanguage(Language::English);
  try {
    load(options, RoleCatalog::loadDefault());
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("redline"), std::string::npos) << e.what();
  }
}

// Runs SQL on the test database (statements, or a query whose rows are read
// as id → the named double columns).
std::map<int64_t, std::vector<double>> query(const std::string& sql, const std::vector<std::string>& columns = {}) {
  GDALAllRegister();  // each test may run alone in its process (ctest)
  GDALDatasetUniquePtr db(GDALDataset::Open(connection().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  EXPECT_TRUE(db) << CPLGetLastErrorMsg();
  std::map<int64_t, std::vector<double>> rows;
  if (!db) return rows;
  OGRLayer* result = db->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) return rows;
  for (auto& feature : *result) {
    std::vector<double>& row = rows[feature->GetFieldAsInteger64("id")];
    for (const auto& c : columns) row.push_back(feature->GetFieldAsDouble(c.c_str()));
  }
  db->ReleaseResultSet(result);
  return rows;
}

// A bow-tie and a ring that runs over itself, in CGCS2000 degrees, as
// quantized boundaries give them. Repaired the default way (linework) and
// measured by `sanxian area`, each has PostGIS's area of ST_MakeValid then
// ST_Area(geography) — both Karney geodesics on the CGCS2000 (GRS80)
// ellipsoid — to 1e-9; with --repair structure, that of
// ST_MakeValid(geom, 'method=structure'), which keeps the twice-covered
// part instead of cutting it out.
TEST(PostGis, RepairsAndMeasuresInvalidRingsAsStMakeValidAndGeography) {
  ASSERT_FALSE(connection().empty());
  query("DROP TABLE IF EXISTS invalid_rings");
  query("CREATE TABLE invalid_rings (id integer PRIMARY KEY, name text, geom geometry(Polygon, 4490))");
  query("INSERT INTO invalid_rings VALUES "
        "(1, 'bowtie', ST_GeomFromText('POLYGON((108 39,108.01 39.01,108.01 39,108 39.01,108 39))', 4490)), "
        "(2, 'self-overlap', ST_GeomFromText('POLYGON((108 39,108.02 39,108.02 39.02,108.005 39.02,108.005 39.005,"
        "108.015 39.005,108.015 39.03,108 39.03,108 39))', 4490))");
  const auto reference = query(
      "SELECT id, ST_Area(ST_MakeValid(geom)::geography) AS linework, "
      "ST_Area(ST_MakeValid(geom, 'method=structure')::geography) AS structure FROM invalid_rings ORDER BY id",
      {"linework", "structure"});
  ASSERT_EQ(reference.size(), 2u);
  // The two modes differ on the ring that runs over itself, by its 1e6 m² overlap.
  EXPECT_GT(reference.at(2)[1] - reference.at(2)[0], 1e6);

  for (const geos::RepairMode mode : {geos::RepairMode::Linework, geos::RepairMode::Structure}) {
    AreaOptions options;
    options.load.source = connection();
    options.load.layerName = "invalid_rings";
    options.load.repair = mode;
    const LayerAreas areas = measureLayer(options, RoleCatalog::loadDefault());
    ASSERT_EQ(areas.features.size(), 2u);
    size_t repaired = 0;
    for (const LoadIssue& issue : areas.issues) {
      if (issue.kind != LoadIssue::Kind::Repaired) continue;
      ++repaired;
      // The repair's figures are m² on the ellipsoid, even for degree data.
      const double expected = reference.at(*issue.fid)[mode == geos::RepairMode::Linework ? 0 : 1];
      EXPECT_NEAR(issue.areaAfter, expected, 1e-9 * expected) << issue.message;
      EXPECT_TRUE(std::isnan(issue.planarAreaAfter));
    }
    EXPECT_EQ(repaired, 2u);
    for (const FeatureArea& f : areas.features) {
      const double expected = reference.at(f.fid)[mode == geos::RepairMode::Linework ? 0 : 1];
      EXPECT_NEAR(f.measures.area, expected, 1e-9 * expected) << "FID " << f.fid << ", " << repairModeName(mode);
    }
  }
  query("DROP TABLE invalid_rings");
}

// A statement stuck on the server (a lock, a slow view) held the run
// forever; the connection string's statement_timeout bounds it.
TEST(PostGis, AStatementTimeoutInTheConnectionStringStopsAStuckRead) {
  ASSERT_FALSE(connection().empty());
  setLanguage(Language::English);
  query("CREATE OR REPLACE VIEW slow_redline AS SELECT r.*, pg_sleep(3) IS NULL AS slept FROM redline r");
  LoadOptions options;
  options.source = connection() + " options='-c statement_timeout=300'";
  options.layerName = "slow_redline";
  const auto start = std::chrono::steady_clock::now();
  try {
    load(options, RoleCatalog::loadDefault());
    ADD_FAILURE() << "the slow view was read in full";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Input);
    EXPECT_NE(std::string(e.what()).find("the database did not deliver it"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("statement timeout"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 3.0);
  query("DROP VIEW slow_redline");
}

std::string port() {
  const std::string c = connection();
  const size_t at = c.find("port=");
  return at == std::string::npos ? "5432" : c.substr(at + 5, c.find(' ', at) - at - 5);
}

std::string fileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A postgresql:// URI in a project file was read as a relative path, and
// its password printed in errors, `info`, the JSON `source`.
TEST(PostGis, PasswordsOfAProjectsDatabaseLayersAppearInNoOutput) {
  ASSERT_FALSE(connection().empty());
  namespace fs = std::filesystem;
  const fs::path folder = fs::path(SANXIAN_TEST_TMP) / "postgis_secrets";
  fs::remove_all(folder);
  fs::create_directories(folder);
  const std::string uri = "postgresql://postgres:Pa55-uri-secret@127.0.0.1:" + port() + "/sanxian";
  const std::string keyValue = "PG:host=127.0.0.1 port=" + port() + " dbname=sanxian user=postgres password='my kv secret'";
  std::ofstream(folder / "project.yaml") << "name: secrets\nlayers:\n"
                                         << "  a: {path: \"" << uri << "\", layer: redline, role: redline}\n"
                                         << "  b: {path: \"" << keyValue << "\", layer: redline, role: redline}\n"
                                         << "checks:\n  - {type: overlap, a: a, b: b}\n";
  const fs::path out = folder / "out";
  const std::string console = (folder / "console.txt").string();
  const std::string run = "cd " + folder.string() + " && LANG=en_US.UTF-8 QT_QPA_PLATFORM=offscreen " SANXIAN_CLI " run project.yaml -o out > " +
                          console + " 2>&1";
  ASSERT_EQ(std::system(run.c_str()), 0) << fileText(console);
  std::system(("pdftotext " + (out / "sanxian_report.pdf").string() + " " + (folder / "report.txt").string()).c_str());
  std::system((SANXIAN_CLI " info \"" + uri + "\" --layer redline --json - >> " + console + " 2>&1").c_str());
  std::system((SANXIAN_CLI " info \"" + keyValue + "\" --layer no_such_table >> " + console + " 2>&1").c_str());
  std::vector<fs::path> files = {console, folder / "report.txt"};
  for (const auto& entry : fs::recursive_directory_iterator(out))
    if (entry.is_regular_file()) files.push_back(entry.path());
  size_t read = 0;
  for (const fs::path& file : files) {
    const std::string text = fileText(file);
    read += text.size();
    for (const char* secret : {"Pa55-uri-secret", "my kv secret", "kv secret", "secret'"})
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << file;
  }
  EXPECT_GT(read, 100000u);
  EXPECT_NE(fileText(out / "load_report.txt").find("postgresql://postgres:***@127.0.0.1"), std::string::npos);
  EXPECT_NE(fileText(out / "audit_trail.json").find("password=***"), std::string::npos);
}

// A tiled run (--memory-limit) reads the tables window by window through
// their GiST index, and writes what the in-memory run writes.
TEST(PostGis, TiledRunReadsTablesThroughTheirIndexAsInMemory) {
  ASSERT_FALSE(connection().empty());
  namespace fs = std::filesystem;
  const fs::path folder = fs::path(SANXIAN_TEST_TMP) / "postgis_tiles";
  fs::remove_all(folder);
  fs::create_directories(folder);
  ASSERT_EQ(std::system((SANXIAN_GEN_EXE " --scale S -q -o " + (folder / "data").string() + " > /dev/null").c_str()), 0);
  for (const char* layer : {"mining", "redline_2023"}) {
    const std::string copy = "ogr2ogr -f PostgreSQL \"" + connection() + "\" " + (folder / "data" / (std::string(layer) + ".shp")).string() +
                             " -nln tiles_" + layer + " -overwrite -lco GEOMETRY_NAME=geom -lco FID=fid";
    ASSERT_EQ(std::system(copy.c_str()), 0) << copy;
  }
  std::ofstream(folder / "project.yaml") << "name: tiles in PostGIS\nanalysis_crs: EPSG:4545\nlayers:\n"
                                         << "  mining: {path: \"" << connection() << "\", layer: tiles_mining, role: mining}\n"
                                         << "  redline: {path: \"" << connection() << "\", layer: tiles_redline_2023, role: redline}\n"
                                         << "checks:\n  - {type: overlap, a: mining, b: redline}\n";
  auto run = [&](const std::string& out, const std::string& options) {
    const std::string command = "cd " + folder.string() + " && LANG=en_US.UTF-8 " SANXIAN_CLI " run project.yaml --formats csv -o " + out + " " +
                                options + " > " + out + ".txt 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << fileText(folder / (out + ".txt"));
  };
  run("whole", "--memory-limit none");
  run("tiled", "--memory-limit 1k --tile-size 15000");
  const std::string conflicts = "overlap_mining_redline/overlap_conflicts.csv";
  const std::string whole = fileText(folder / "whole" / conflicts);
  EXPECT_GT(whole.size(), 10000u);
  EXPECT_TRUE(whole == fileText(folder / "tiled" / conflicts)) << "the tiled run's conflicts differ";
  const auto summary = nlohmann::json::parse(fileText(folder / "tiled" / "run_summary.json"));
  EXPECT_EQ(summary["tiling"]["tiled_layers"], nlohmann::json({"mining", "redline"}));
  query("DROP TABLE tiles_mining; DROP TABLE tiles_redline_2023");
}

// A table of the test database, loaded for a role and brought into EPSG:4545.
Layer pgLayer(const std::string& table, const std::string& role) {
  LoadOptions options;
  options.source = connection();
  options.layerName = table;
  options.role = role;
  Layer layer = load(options, RoleCatalog::loadDefault());
  harmonize(layer, crsFromUser("EPSG:4545"));
  return layer;
}

// The three control lines against PostGIS: each pair's overlap is the sum
// of ST_Intersection over its feature pairs, its planar area ST_Area in
// EPSG:4545 and its ellipsoidal area ST_Area(geography) of the piece moved
// to CGCS2000 degrees. PostGIS's geography edges are geodesics where
// Sanxian's are straight in the Gauss-Kruger plane (as the land survey
// measures): for edges of at most 1 km by the central meridian they differ
// by about l²/(12R²) ≈ 2e-9 of the area, hence the 1e-8 tolerance.
TEST(PostGis, ControlLineOverlapsAreStIntersectionAndGeographyArea) {
  ASSERT_FALSE(connection().empty());
  query("DROP TABLE IF EXISTS cl_redline; DROP TABLE IF EXISTS cl_farmland; DROP TABLE IF EXISTS cl_urban");
  auto rect = [](double x1, double y1, double x2, double y2) {
    const double x0 = 500000, y0 = 4300000;
    return format("ST_GeomFromText('POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))', 4545)", x0 + x1, y0 + y1, x0 + x2, y0 + y1, x0 + x2,
                  y0 + y2, x0 + x1, y0 + y2, x0 + x1, y0 + y1);
  };
  query("CREATE TABLE cl_redline (id integer PRIMARY KEY, hxbh text, geom geometry(Polygon, 4545))");
  query("CREATE TABLE cl_farmland (id integer PRIMARY KEY, tbbh text, geom geometry(Polygon, 4545))");
  query("CREATE TABLE cl_urban (id integer PRIMARY KEY, bh text, geom geometry(Polygon, 4545))");
  query("INSERT INTO cl_redline VALUES (1, 'HX001', " + rect(0, 0, 1000, 1000) + "), (2, 'HX002', " + rect(1500, 1500, 2300, 2100) + ")");
  query("INSERT INTO cl_farmland VALUES (1, 'JB001', " + rect(800, 400, 1200, 600) + "), (2, 'JB002', " + rect(2200, 1400, 2700, 1800) +
        "), (3, 'JB003', " + rect(1000, 0, 1100, 100) + ")");
  query("INSERT INTO cl_urban VALUES (1, 'CZ001', " + rect(1100, 0, 2000, 1000) + "), (2, 'CZ002', " + rect(500, 900, 600, 1100) + "), (3, 'CZ003', " +
        rect(2000, 1600, 2500, 2000) + ")");
  auto reference = [&](const std::string& a, const std::string& b) {
    return query("SELECT 1 AS id, sum(ST_Area(ST_Intersection(a.geom, b.geom))) AS planar, "
                 "sum(ST_Area(ST_Transform(ST_Intersection(a.geom, b.geom), 4490)::geography)) AS ellipsoidal "
                 "FROM " + a + " a JOIN " + b + " b ON ST_Intersects(a.geom, b.geom) "
                 "WHERE ST_Dimension(ST_Intersection(a.geom, b.geom)) = 2",
                 {"planar", "ellipsoidal"})
        .at(1);
  };
  const Layer redline = pgLayer("cl_redline", "redline"), farmland = pgLayer("cl_farmland", "farmland"), urban = pgLayer("cl_urban", "urban_boundary");
  const RoleCatalog roles = RoleCatalog::loadDefault();
  const RuleList rules = RuleList::loadDefault(roles);
  ControlLinesSettings settings;
  settings.redline = &redline;
  settings.farmland = &farmland;
  settings.urban = &urban;
  settings.rules = &rules;
  settings.roles = &roles;
  const ControlLinesResult r = controlLines(settings);
  const std::pair<const char*, const char*> tables[] = {{"cl_farmland", "cl_redline"}, {"cl_urban", "cl_redline"}, {"cl_urban", "cl_farmland"}};
  for (size_t k = 0; k < 3; ++k) {
    const std::vector<double> ref = reference(tables[k].first, tables[k].second);
    EXPECT_NEAR(r.pairs[k].planarArea, ref[0], 1e-9 * ref[0]) << tables[k].first << " × " << tables[k].second;
    EXPECT_NEAR(r.pairs[k].area, ref[1], 1e-8 * ref[1]) << tables[k].first << " × " << tables[k].second;
  }
  // By hand: farmland × red line 40 000 + 30 000, urban × red line 10 000 +
  // 120 000, urban × farmland 20 000 + 60 000 m² planar (JB003 only touches).
  EXPECT_NEAR(r.pairs[0].planarArea, 70000, 1e-6);
  EXPECT_NEAR(r.pairs[1].planarArea, 130000, 1e-6);
  EXPECT_NEAR(r.pairs[2].planarArea, 80000, 1e-6);
  EXPECT_NEAR(r.planarTotalArea, 280000, 1e-6);
  query("DROP TABLE cl_redline; DROP TABLE cl_farmland; DROP TABLE cl_urban");
}

// Land use inside the red line against PostGIS, per land class, with a
// patch carrying the survey's deduction (TBMJ, KCMJ, TBDLMJ).
TEST(PostGis, LandUseClassAreasAreStIntersectionAndGeographyArea) {
  ASSERT_FALSE(connection().empty());
  query("DROP TABLE IF EXISTS lu_redline; DROP TABLE IF EXISTS lu_dltb");
  auto rect = [](double x1, double y1, double x2, double y2) {
    const double x0 = 500000, y0 = 4300000;
    return format("ST_GeomFromText('POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))', 4545)", x0 + x1, y0 + y1, x0 + x2, y0 + y1, x0 + x2,
                  y0 + y2, x0 + x1, y0 + y2, x0 + x1, y0 + y1);
  };
  query("CREATE TABLE lu_redline (id integer PRIMARY KEY, hxbh text, geom geometry(Polygon, 4545))");
  query("CREATE TABLE lu_dltb (id integer PRIMARY KEY, bsm text, dlbm text, dlmc text, tbmj double precision, kcmj double precision, "
        "tbdlmj double precision, geom geometry(Polygon, 4545))");
  query("INSERT INTO lu_redline VALUES (1, 'HX001', " + rect(0, 0, 1000, 1000) + ")");
  query("INSERT INTO lu_dltb VALUES (1, 'DL1', '0602', '采矿用地', 40000, 0, 40000, " + rect(100, 100, 300, 300) +
        "), (2, 'DL2', '0103', '旱地', 40000, 4000, 36000, " + rect(900, 0, 1100, 200) + "), (3, 'DL3', '0301', '乔木林地', 400000, 0, 400000, " +
        rect(0, 600, 1000, 1000) + "), (4, 'DL4', '0103', '旱地', 60000, 3000, 57000, " + rect(-100, 300, 200, 500) + ")");
  const Layer redline = pgLayer("lu_redline", "redline"), dltb = pgLayer("lu_dltb", "land_use");
  const RoleCatalog roles = RoleCatalog::loadDefault();
  const RuleList rules = RuleList::loadDefault(roles);
  const LandClassCatalog classes = LandClassCatalog::loadDefault();
  LandUseSettings settings;
  settings.zones = &redline;
  settings.landUse = &dltb;
  settings.rules = &rules;
  settings.roles = &roles;
  settings.classes = &classes;
  const CheckResult out = landUseReport(landUseInZones(settings));
  const auto reference = query(
      "SELECT CAST(d.dlbm AS integer) AS id, sum(ST_Area(ST_Intersection(d.geom, r.geom))) AS planar, "
      "sum(ST_Area(ST_Transform(ST_Intersection(d.geom, r.geom), 4490)::geography)) AS ellipsoidal, "
      "sum(d.tbdlmj * ST_Area(ST_Transform(ST_Intersection(d.geom, r.geom), 4490)::geography) / ST_Area(ST_Transform(d.geom, 4490)::geography)) AS survey "
      "FROM lu_dltb d JOIN lu_redline r ON ST_Intersects(d.geom, r.geom) GROUP BY d.dlbm ORDER BY d.dlbm",
      {"planar", "ellipsoidal", "survey"});
  const auto& classesJson = out.summary["classes"];
  ASSERT_EQ(classesJson.size(), 3u);  // 0103, 0301, 0602
  ASSERT_EQ(reference.size(), 3u);
  const int64_t codes[] = {103, 301, 602};  // the classes in code order, as the check lists them
  for (size_t k = 0; k < 3; ++k) {
    ASSERT_TRUE(reference.count(codes[k]));
    const std::vector<double>& ref = reference.at(codes[k]);
    EXPECT_NEAR(classesJson[k]["planar_area_m2"].get<double>(), ref[0], 1e-9 * ref[0]) << classesJson[k]["code"];
    EXPECT_NEAR(classesJson[k]["area_m2"].get<double>(), ref[1], 1e-8 * ref[1]) << classesJson[k]["code"];
    EXPECT_NEAR(classesJson[k]["survey_class_area_m2"].get<double>(), ref[2], 1e-8 * ref[2]) << classesJson[k]["code"];
  }
  // By hand: dry land 100 × 200 + 200 × 200 = 60 000 m²; its survey area 36 000 / 2 + 57 000 × 2 / 3 = 56 000 m².
  EXPECT_EQ(classesJson[0]["code"], "0103");
  EXPECT_NEAR(classesJson[0]["planar_area_m2"].get<double>(), 60000, 1e-6);
  EXPECT_NEAR(classesJson[0]["survey_class_area_m2"].get<double>(), 56000, 56000 * 1e-6);
  query("DROP TABLE lu_redline; DROP TABLE lu_dltb");
}

// Indicators against PostGIS: per township, the forest share of the land
// and the protected-area share with two reserves overlapping (their union:
// ground under both counted once), each ST_Area(geography) of the unions
// cut at the township boundaries.
TEST(PostGis, IndicatorSharesAreUnionsByTownshipAsPostGisMeasuresThem) {
  ASSERT_FALSE(connection().empty());
  query("DROP TABLE IF EXISTS ind_towns; DROP TABLE IF EXISTS ind_dltb; DROP TABLE IF EXISTS ind_reserves");
  auto poly = [](const std::string& ring) { return "ST_GeomFromText('POLYGON((" + ring + "))', 4545)"; };
  auto rect = [&](double x1, double y1, double x2, double y2) {
    const double x0 = 500000, y0 = 4300000;
    return poly(format("%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f", x0 + x1, y0 + y1, x0 + x2, y0 + y1, x0 + x2, y0 + y2, x0 + x1, y0 + y2,
                       x0 + x1, y0 + y1));
  };
  query("CREATE TABLE ind_towns (id integer PRIMARY KEY, xzqdm text, xzqmc text, geom geometry(Polygon, 4545))");
  query("CREATE TABLE ind_dltb (id integer PRIMARY KEY, bsm text, dlbm text, geom geometry(Polygon, 4545))");
  query("CREATE TABLE ind_reserves (id integer PRIMARY KEY, bhdbm text, bhdmc text, geom geometry(Polygon, 4545))");
  // Two townships split along a slanted line; survey patches cross it.
  query("INSERT INTO ind_towns VALUES (1, '150001', '甲镇', " + poly("500000 4300000,501300 4300000,500900 4302000,500000 4302000,500000 4300000") +
        "), (2, '150002', '乙镇', " + poly("501300 4300000,503000 4300000,503000 4302000,500900 4302000,501300 4300000") + ")");
  query("INSERT INTO ind_dltb VALUES (1, 'D1', '0301', " + rect(0, 0, 1500, 800) + "), (2, 'D2', '0404', " + rect(1500, 0, 3000, 800) +
        "), (3, 'D3', '0302', " + rect(0, 800, 2200, 2000) + "), (4, 'D4', '0602', " + rect(2200, 800, 3000, 2000) + ")");
  query("INSERT INTO ind_reserves VALUES (1, 'R1', '甲保护区', " + rect(200, 200, 1800, 1400) + "), (2, 'R2', '乙保护区', " +
        rect(1000, 600, 2600, 1900) + ")");
  const Layer towns = pgLayer("ind_towns", "boundary"), dltb = pgLayer("ind_dltb", "land_use"), reserves = pgLayer("ind_reserves", "reserve");
  const RoleCatalog roles = RoleCatalog::loadDefault();
  const IndicatorCatalog catalog = IndicatorCatalog::loadDefault();
  IndicatorSettings settings;
  settings.set = catalog.set("2024-county");
  settings.roles = &roles;
  settings.current.byRole = {{"land_use", &dltb}, {"reserve", &reserves}};
  settings.current.ids = {{"land_use", "ind_dltb"}, {"reserve", "ind_reserves"}};
  settings.boundary = &towns;
  const IndicatorResult result = computeIndicators(settings);
  const auto reference = query(
      "WITH land AS (SELECT ST_Union(geom) AS g FROM ind_dltb), forest AS (SELECT ST_Union(geom) AS g FROM ind_dltb WHERE dlbm IN ('0301', '0302')), "
      "pa AS (SELECT ST_Union(geom) AS g FROM ind_reserves) "
      "SELECT t.id, ST_Area(ST_Transform(ST_Intersection(land.g, t.geom), 4490)::geography) AS land, "
      "ST_Area(ST_Transform(ST_Intersection(forest.g, t.geom), 4490)::geography) AS forest, "
      "ST_Area(ST_Transform(ST_Intersection(pa.g, t.geom), 4490)::geography) AS pa FROM ind_towns t, land, forest, pa ORDER BY t.id",
      {"land", "forest", "pa"});
  ASSERT_EQ(reference.size(), 2u);
  double land = 0, forest = 0, pa = 0;
  for (const auto& [id, row] : reference) land += row[0], forest += row[1], pa += row[2];
  for (const IndicatorValue& v : result.values) {
    if (v.def->id != "forest_coverage_pct" && v.def->id != "protected_area_share_pct") continue;
    const bool isForest = v.def->id == "forest_coverage_pct";
    ASSERT_TRUE(v.computed) << v.reason;
    // Relative 1e-8: PostGIS joins the transformed vertices by geodesics,
    // Sanxian measures the edges as drawn in the plane (measure.h): ~L²/12R²
    // apart for the 2 km slanted township line.
    EXPECT_NEAR(v.value, 100 * (isForest ? forest : pa) / land, 1e-8 * v.value) << v.def->id;
    for (size_t t = 0; t < 2; ++t) {
      const std::vector<double>& row = reference.at(int64_t(t + 1));
      EXPECT_NEAR(v.byTownship[t].numerator, isForest ? row[1] : row[2], 1e-8 * row[0]) << v.def->id << " township " << t;
      EXPECT_NEAR(v.byTownship[t].denominator, row[0], 1e-8 * row[0]);
      EXPECT_NEAR(v.byTownship[t].value, 100 * (isForest ? row[1] : row[2]) / row[0], 1e-8 * v.byTownship[t].value);
    }
  }
  // The sum of the two reserves would be 1 920 000 + 2 080 000 m²; the union is less by the overlap.
  EXPECT_LT(pa, 3.9e6);
  query("DROP TABLE ind_towns; DROP TABLE ind_dltb; DROP TABLE ind_reserves");
}

}  // namespace
}  // namespace sanxian
