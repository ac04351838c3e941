// The overlap check with PostGIS as the engine, against Sanxian's own
// engine reading the same tables: the sample's and the generated S data's
// layers, tables with hostile names, a table pair partitioned by province
// (one province on a second cluster through postgres_fdw), a lost
// connection. The clusters are started by pg_engine_fixture.sh.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/overlap/overlap_postgis.h"
#include "core/geometry/harmonize.h"
#include "core/io/load.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

std::string connection() {
  const char* value = std::getenv("SANXIAN_TEST_PG_ENGINE");
  return value ? value : "";
}

// Runs SQL on the main test database; the first column of each row as text.
std::vector<std::string> sql(const std::string& statement) {
  GDALAllRegister();
  GDALDatasetUniquePtr db(GDALDataset::Open(connection().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  EXPECT_TRUE(db) << CPLGetLastErrorMsg();
  std::vector<std::string> rows;
  if (!db) return rows;
  CPLErrorReset();
  OGRLayer* result = db->ExecuteSQL(statement.c_str(), nullptr, nullptr);
  EXPECT_NE(CPLGetLastErrorType(), CE_Failure) << statement << ": " << CPLGetLastErrorMsg();
  if (!result) return rows;
  for (auto& feature : *result) rows.push_back(feature->GetFieldAsString(0));
  db->ReleaseResultSet(result);
  return rows;
}

const RoleCatalog& roles() {
  static const RoleCatalog catalog = RoleCatalog::loadDefault();
  return catalog;
}
const RuleList& rules() {
  static const RuleList list = RuleList::loadDefault(roles());
  return list;
}

Layer loadTable(const std::string& table, const std::string& role) {
  LoadOptions options;
  options.source = connection();
  options.layerName = table;
  options.role = role;
  return load(options, roles());
}

// Layers A, B (and townships) from the database, harmonized as a run does.
struct Tables {
  Layer a, b, townships;
  bool self = false;
  OverlapSettings settings;

  Tables(const std::string& tableA, const std::string& roleA, const std::string& tableB, const std::string& roleB, const std::string& boundary)
      : a(loadTable(tableA, roleA)), self(tableA == tableB) {
    if (!self) b = loadTable(tableB, roleB);
    std::vector<const Layer*> all = {&a};
    if (!self) all.push_back(&b);
    if (!boundary.empty()) {
      townships = loadTable(boundary, "boundary");
      all.push_back(&townships);
    }
    const CrsInfo crs = chooseAnalysisCrs(all, std::nullopt);
    harmonize(a, crs);
    if (!self) harmonize(b, crs);
    if (!boundary.empty()) harmonize(townships, crs);
    settings.aId = tableA;
    settings.bId = tableB;
    settings.rules = &rules();
    settings.roles = &roles();
    settings.boundary = boundary.empty() ? nullptr : &townships;
    settings.selfOverlap = self;
  }
  const Layer& second() const { return self ? a : b; }
  OverlapResult inProcess() const { return overlapLayers(a, second(), settings); }
  OverlapResult inDatabase() const { return overlapInPostGis(a, second(), settings); }
};

void expectRelative(double expected, double actual, const std::string& what) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(std::abs(expected), 1.0)) << what;
}

// Same pieces (fids, rule, township, figures to 1e-9), near misses, slivers and counts.
void expectSame(const OverlapResult& own, const OverlapResult& db) {
  ASSERT_EQ(db.pieces.size(), own.pieces.size());
  for (size_t k = 0; k < own.pieces.size(); ++k) {
    const OverlapPiece& x = own.pieces[k];
    const OverlapPiece& y = db.pieces[k];
    const std::string at = format("piece %zu (A %lld × B %lld)", k, (long long)x.a.fid, (long long)x.b.fid);
    ASSERT_EQ(y.a.fid, x.a.fid) << at;
    ASSERT_EQ(y.b.fid, x.b.fid) << at;
    EXPECT_EQ(y.ruleId, x.ruleId) << at;
    EXPECT_EQ(y.severity, x.severity) << at;
    EXPECT_EQ(y.township, x.township) << at;
    EXPECT_EQ(y.undecided, x.undecided) << at;
    EXPECT_EQ(y.a.code, x.a.code) << at;
    EXPECT_EQ(y.b.attributes, x.b.attributes) << at;
    expectRelative(x.measures.area, y.measures.area, at + " area");
    expectRelative(x.measures.planarArea, y.measures.planarArea, at + " planar area");
    expectRelative(x.shareA, y.shareA, at + " share of A");
    expectRelative(x.a.featureArea, y.a.featureArea, at + " feature area");
  }
  ASSERT_EQ(db.nearMisses.size(), own.nearMisses.size());
  for (size_t k = 0; k < own.nearMisses.size(); ++k) {
    EXPECT_EQ(db.nearMisses[k].a.fid, own.nearMisses[k].a.fid);
    EXPECT_EQ(db.nearMisses[k].b.fid, own.nearMisses[k].b.fid);
    EXPECT_EQ(db.nearMisses[k].ruleId, own.nearMisses[k].ruleId);
    expectRelative(own.nearMisses[k].distance, db.nearMisses[k].distance, "near-miss distance");
  }
  ASSERT_EQ(db.slivers.size(), own.slivers.size());
  for (size_t k = 0; k < own.slivers.size(); ++k) {
    EXPECT_EQ(db.slivers[k].aFid, own.slivers[k].aFid);
    EXPECT_EQ(db.slivers[k].bFid, own.slivers[k].bFid);
  }
  EXPECT_EQ(db.touchingPairs, own.touchingPairs);
  EXPECT_EQ(db.overlapsWithoutRule, own.overlapsWithoutRule);
  EXPECT_EQ(db.candidatePairs, own.candidatePairs);
}

TEST(PostGisEngine, SampleMiningTimesRedLineEqualsInProcess) {
  ASSERT_FALSE(connection().empty()) << "SANXIAN_TEST_PG_ENGINE is not set: run through ctest";
  const Tables t("otog.mining", "mining", "otog.redline_2023", "redline", "otog.townships");
  const OverlapResult own = t.inProcess();
  ASSERT_GT(own.pieces.size(), 10u);  // a real comparison, not of two empty lists
  expectSame(own, t.inDatabase());
}

TEST(PostGisEngine, SampleMiningTimesReservesEqualsInProcessWithNearMisses) {
  ASSERT_FALSE(connection().empty());
  const Tables t("otog.mining", "mining", "otog.reserves", "reserve", "otog.townships");
  const OverlapResult own = t.inProcess();
  ASSERT_GT(own.pieces.size(), 0u);
  ASSERT_GT(own.nearMisses.size(), 0u);  // the 500 m rule: ST_Expand and ST_Distance in play
  expectSame(own, t.inDatabase());
}

TEST(PostGisEngine, GeneratedSMiningTimesRedLineEqualsInProcess) {
  ASSERT_FALSE(connection().empty());
  const Tables t("gen.mining", "mining", "gen.redline", "redline", "gen.townships");
  const OverlapResult own = t.inProcess();
  ASSERT_GT(own.pieces.size(), 100u);
  expectSame(own, t.inDatabase());
}

TEST(PostGisEngine, GeneratedSMiningTimesReservesEqualsInProcess) {
  ASSERT_FALSE(connection().empty());
  const Tables t("gen.mining", "mining", "gen.reserves", "reserve", "");
  const OverlapResult own = t.inProcess();
  ASSERT_GT(own.nearMisses.size(), 0u);
  expectSame(own, t.inDatabase());
}

TEST(PostGisEngine, GeneratedSReservesAgainstThemselvesEqualsInProcess) {
  ASSERT_FALSE(connection().empty());
  const Tables t("gen.reserves", "reserve", "gen.reserves", "reserve", "");
  const OverlapResult own = t.inProcess();
  ASSERT_GT(own.pieces.size(), 0u);
  expectSame(own, t.inDatabase());
}

// A table, key and geometry column whose names hold quotes, spaces and
// SQL, beside a table the SQL would drop if it were spliced in unquoted.
TEST(PostGisEngine, HandlesNamesWithQuotesSpacesAndSql) {
  ASSERT_FALSE(connection().empty());
  sql("DROP SCHEMA IF EXISTS \"we'ird\" CASCADE");
  sql("CREATE SCHEMA \"we'ird\"");
  sql("CREATE TABLE \"we'ird\".x (id integer)");
  sql("CREATE TABLE \"we'ird\".\"red\"\"line; DROP TABLE x; --\" (\"i\"\"d; DROP TABLE x\" integer PRIMARY KEY, hxbh text, hxmc text, gnlx text, "
      "\"ge'o\"\"m; DROP TABLE x\" geometry(MultiPolygon, 4545))");
  sql("CREATE INDEX ON \"we'ird\".\"red\"\"line; DROP TABLE x; --\" USING gist (\"ge'o\"\"m; DROP TABLE x\")");
  sql("INSERT INTO \"we'ird\".\"red\"\"line; DROP TABLE x; --\" SELECT fid, hxbh, hxmc, gnlx, geom FROM otog.redline_2023");
  const std::string table = "we'ird.red\"line; DROP TABLE x; --";
  const Tables t("otog.mining", "mining", table, "redline", "");
  const OverlapResult own = t.inProcess();
  ASSERT_GT(own.pieces.size(), 10u);
  expectSame(own, t.inDatabase());
  EXPECT_EQ(sql("SELECT count(*) FROM \"we'ird\".x"), std::vector<std::string>{"0"});  // still there
}

// Invalid mines (bow-ties across red-line patches): repaired in SQL as
// Sanxian repairs them on loading, so the pieces are the same.
TEST(PostGisEngine, RepairsInvalidFeaturesAsLoadDoes) {
  ASSERT_FALSE(connection().empty());
  sql("DROP TABLE IF EXISTS otog.mining_invalid");
  sql("CREATE TABLE otog.mining_invalid AS SELECT * FROM otog.mining");
  sql("ALTER TABLE otog.mining_invalid ADD PRIMARY KEY (fid)");
  // Each mine that meets the red line becomes the bow-tie of its envelope, twice its size.
  sql("UPDATE otog.mining_invalid m SET geom = ST_Multi(ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY["
      "ST_MakePoint(ST_XMin(e) - w, ST_YMin(e) - h), ST_MakePoint(ST_XMax(e) + w, ST_YMax(e) + h), ST_MakePoint(ST_XMax(e) + w, ST_YMin(e) - h), "
      "ST_MakePoint(ST_XMin(e) - w, ST_YMax(e) + h), ST_MakePoint(ST_XMin(e) - w, ST_YMin(e) - h)])), 4545)) "
      "FROM (SELECT fid, ST_Envelope(geom) AS e, (ST_XMax(geom) - ST_XMin(geom)) / 2 AS w, (ST_YMax(geom) - ST_YMin(geom)) / 2 AS h "
      "FROM otog.mining) s WHERE s.fid = m.fid AND EXISTS (SELECT 1 FROM otog.redline_2023 r WHERE ST_Intersects(r.geom, m.geom))");
  ASSERT_NE(sql("SELECT count(*) FROM otog.mining_invalid WHERE NOT ST_IsValid(geom)"), std::vector<std::string>{"0"});
  const Tables t("otog.mining_invalid", "mining", "otog.redline_2023", "redline", "otog.townships");
  size_t repaired = 0;
  for (const LoadIssue& issue : t.a.issues) repaired += issue.kind == LoadIssue::Kind::Repaired;
  EXPECT_GT(repaired, 5u);
  const OverlapResult own = t.inProcess();
  ASSERT_GT(own.pieces.size(), 10u);
  expectSame(own, t.inDatabase());
}

TEST(PostGisEngine, RefusesLayersThatAreNotTablesOfOneDatabase) {
  ASSERT_FALSE(connection().empty());
  setLanguage(Language::English);
  LoadOptions shapefile;
  shapefile.source = std::string(SANXIAN_SAMPLE_DATA) + "/redline_2023.shp";
  shapefile.role = "redline";
  Layer a = loadTable("otog.mining", "mining");
  Layer b = load(shapefile, roles());
  const CrsInfo crs = chooseAnalysisCrs({&a, &b}, std::nullopt);
  harmonize(a, crs);
  harmonize(b, crs);
  OverlapSettings settings;
  settings.aId = "mining";
  settings.bId = "redline_2023";
  settings.rules = &rules();
  settings.roles = &roles();
  try {
    overlapInPostGis(a, b, settings);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Input);
    EXPECT_NE(e.message().find("redline_2023"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("not a PostGIS table"), std::string::npos) << e.message();
  }
}

TEST(PostGisEngine, RefusesLayersOutsideTheAnalysisCrs) {
  ASSERT_FALSE(connection().empty());
  setLanguage(Language::English);
  Layer a = loadTable("otog.mining", "mining");
  Layer b = loadTable("otog.redline_2023", "redline");
  const CrsInfo crs = chooseAnalysisCrs({&a, &b}, std::string("EPSG:4546"));  // the next zone east
  harmonize(a, crs);
  harmonize(b, crs);
  OverlapSettings settings;
  settings.aId = "mining";
  settings.bId = "redline";
  settings.rules = &rules();
  settings.roles = &roles();
  try {
    overlapInPostGis(a, b, settings);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Input);
    EXPECT_NE(e.message().find("analysis CRS"), std::string::npos) << e.message();
  }
}

// Both layers partitioned by province, province 64 of each on the second
// cluster (foreign partitions): the same pieces as in-process on the same
// tables, and the same as the unpartitioned tables give.
TEST(PostGisEngine, PartitionedTablesWithForeignPartitionsEqualInProcess) {
  ASSERT_FALSE(connection().empty());
  EXPECT_EQ(sql("SELECT count(*) FROM pg_catalog.pg_foreign_table ft JOIN pg_catalog.pg_class c ON c.oid = ft.ftrelid WHERE c.relispartition"),
            std::vector<std::string>{"2"});
  EXPECT_NE(sql("SELECT count(*) FROM part.redline_64"), std::vector<std::string>{"0"});
  // The shard filters on the spatial index itself: && is shipped.
  std::string plan;
  for (const auto& line : sql("EXPLAIN VERBOSE SELECT ogc_fid FROM part.redline_64 WHERE geom && ST_MakeEnvelope(0, 0, 1e7, 1e7, 4545)")) plan += line;
  EXPECT_NE(plan.find("Remote SQL: SELECT ogc_fid FROM public.redline_64 WHERE ((geom OPERATOR(public.&&)"), std::string::npos) << plan;

  const Tables t("part.mining", "mining", "part.redline", "redline", "gen.townships");
  const OverlapResult own = t.inProcess();
  ASSERT_GT(own.pieces.size(), 100u);
  const OverlapResult db = t.inDatabase();
  expectSame(own, db);

  // Partitioning changes nothing but the order of the features.
  const OverlapResult whole = Tables("gen.mining", "mining", "gen.redline", "redline", "gen.townships").inDatabase();
  ASSERT_EQ(whole.pieces.size(), db.pieces.size());
  std::map<std::pair<int64_t, int64_t>, double> areas;
  for (const auto& p : whole.pieces) areas[{p.a.fid, p.b.fid}] = p.measures.area;
  for (const auto& p : db.pieces) expectRelative(areas.at({p.a.fid, p.b.fid}), p.measures.area, "partitioned piece");
}

// The command line: engine from --engine, from the project's engine:,
// and its refusal when a layer is a file.
std::string runCli(const std::string& arguments) {
  const std::string command = "LANG=en_US.UTF-8 " + std::string(SANXIAN_CLI) + " " + arguments + " 2>&1";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = pclose(pipe);
  return std::to_string(WEXITSTATUS(status)) + "\n" + out;
}

std::string shellQuoted(const std::string& s) { return "'" + s + "'"; }

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(PostGisEngine, CommandLineRefusesFilesWithExitThree) {
  ASSERT_FALSE(connection().empty());
  const std::string out = runCli("overlap --engine postgis --a " + shellQuoted(connection()) + " --a-layer otog.mining --b " +
                                 shellQuoted(std::string(SANXIAN_SAMPLE_DATA) + "/redline_2023.shp") + " -o " +
                                 (fs::path(SANXIAN_TEST_TMP) / "pg_engine_refused").string());
  EXPECT_EQ(out.substr(0, 2), "3\n") << out;
  EXPECT_NE(out.find("not a PostGIS table"), std::string::npos) << out;
}

TEST(PostGisEngine, RunWithProjectEngineWritesTheSameConflictsAsInProcess) {
  ASSERT_FALSE(connection().empty());
  const fs::path dir = fs::path(SANXIAN_TEST_TMP) / "pg_engine_project";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const std::string engine : {"sanxian", "postgis"}) {
    std::ofstream(dir / (engine + ".yaml")) << "name: engine " << engine << "\nengine: " << engine << "\nformats: [csv]\nlayers:\n"
                                            << "  mining: {path: '" << connection() << "', layer: gen.mining, role: mining}\n"
                                            << "  redline: {path: '" << connection() << "', layer: gen.redline, role: redline}\n"
                                            << "checks:\n  - {name: mines, type: overlap, a: mining, b: redline}\n";
    const std::string out = runCli("run " + (dir / (engine + ".yaml")).string() + " -o " + (dir / engine).string());
    ASSERT_EQ(out.substr(0, 2), "0\n") << out;
  }
  const std::string own = readFile(dir / "sanxian" / "mines" / "overlap_conflicts.csv");
  ASSERT_GT(own.size(), 1000u);
  // Areas are printed to fixed decimals: a difference below 1e-9 relative does not show.
  EXPECT_EQ(readFile(dir / "postgis" / "mines" / "overlap_conflicts.csv"), own);
}

// A check's engine: wins over the project's, --engine over both; a value
// that is no engine is a usage error naming the key.
TEST(PostGisEngine, CheckEngineWinsOverTheProjectsAndTheCommandLineOverBoth) {
  const fs::path dir = fs::path(SANXIAN_TEST_TMP) / "pg_engine_keys";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string data = SANXIAN_SAMPLE_DATA;
  auto project = [&](const std::string& name, const std::string& projectEngine, const std::string& checkEngine) {
    std::ofstream(dir / name) << "name: keys\nengine: " << projectEngine << "\nformats: [csv]\nlayers:\n"
                              << "  mining: {path: '" << data << "/mining.shp', role: mining}\n"
                              << "  redline: {path: '" << data << "/redline_2023.shp', role: redline}\n"
                              << "checks:\n  - {name: mines, type: overlap, a: mining, b: redline, engine: " << checkEngine << "}\n";
    return (dir / name).string();
  };
  const std::string files = project("files.yaml", "sanxian", "postgis");
  std::string out = runCli("run " + files + " -o " + (dir / "a").string());
  EXPECT_EQ(out.substr(0, 2), "3\n") << out;  // the check's postgis, on Shapefiles
  EXPECT_NE(out.find("not a PostGIS table"), std::string::npos) << out;
  out = runCli("run " + files + " --engine sanxian -o " + (dir / "b").string());
  EXPECT_EQ(out.substr(0, 2), "0\n") << out;
  EXPECT_TRUE(fs::exists(dir / "b" / "mines" / "overlap_conflicts.csv"));
  out = runCli("run " + project("odd.yaml", "oracle", "sanxian") + " -o " + (dir / "c").string());
  EXPECT_EQ(out.substr(0, 2), "2\n") << out;
  EXPECT_NE(out.find("engine"), std::string::npos) << out;
}

// A run that reads its layers tile by tile (a memory limit far below the
// layers) and the PostGIS engine: refused with a sentence, not loaded whole
// behind the user's back nor run in-process.
TEST(PostGisEngine, RefusesATiledRunWithASentence) {
  ASSERT_FALSE(connection().empty());
  const fs::path dir = fs::path(SANXIAN_TEST_TMP) / "pg_engine_tiled";
  fs::remove_all(dir);
  const std::string out = runCli("overlap --engine postgis --memory-limit 1M --tile-size 50000 --a " + shellQuoted(connection()) + " --a-layer gen.mining --b " +
                                 shellQuoted(connection()) + " --b-layer gen.redline --formats csv -o " + dir.string());
  EXPECT_EQ(out.substr(0, 2), "3\n") << out;
  EXPECT_NE(out.find("--memory-limit none"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir / "overlap_conflicts.csv"));
  const std::string whole = runCli("overlap --engine postgis --memory-limit none --a " + shellQuoted(connection()) + " --a-layer gen.mining --b " +
                                   shellQuoted(connection()) + " --b-layer gen.redline --formats csv -o " + dir.string());
  EXPECT_EQ(whole.substr(0, 2), "0\n") << whole;
}

// The overlay's connection killed from another one while it streams: the
// command fails with a message (exit 3) and the outputs of the earlier
// run stay as they were.
TEST(PostGisEngine, LostConnectionFailsAndLeavesEarlierOutputsAlone) {
  ASSERT_FALSE(connection().empty());
  const fs::path out = fs::path(SANXIAN_TEST_TMP) / "pg_engine_lost";
  fs::remove_all(out);
  // A database of its own (a copy of the test database): the other tests' overlays run meanwhile.
  std::string lost = connection();
  ASSERT_NE(lost.find("dbname=sanxian "), std::string::npos);
  lost.replace(lost.find("dbname=sanxian "), 15, "dbname=sanxian_lost ");
  const std::string arguments = "overlap --engine postgis --a " + shellQuoted(lost) + " --a-layer gen.reserves --b " + shellQuoted(lost) +
                                " --b-layer gen.redline --formats csv -o " + out.string();
  ASSERT_EQ(runCli(arguments).substr(0, 2), "0\n");
  std::map<std::string, std::string> before;
  for (const auto& entry : fs::recursive_directory_iterator(out))
    if (entry.is_regular_file()) before[entry.path().string()] = readFile(entry.path());
  ASSERT_FALSE(before.empty());

  std::atomic<bool> done{false};
  std::atomic<int> killed{0};
  std::thread killer([&] {
    GDALAllRegister();
    GDALDatasetUniquePtr db(GDALDataset::Open(connection().c_str(), GDAL_OF_VECTOR));
    while (!done && db) {
      OGRLayer* r = db->ExecuteSQL(
          "SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity WHERE application_name = 'sanxian overlap' AND datname = 'sanxian_lost'",
          nullptr, nullptr);
      if (r) {
        for (auto& f : *r) killed += f->GetFieldAsInteger(0);
        db->ReleaseResultSet(r);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  const std::string result = runCli(arguments);
  done = true;
  killer.join();
  ASSERT_GT(killed.load(), 0) << "the overlay ended before it could be stopped: " << result;
  EXPECT_EQ(result.substr(0, 2), "3\n") << result;
  EXPECT_NE(result.find("gen.reserves"), std::string::npos) << result;
  std::map<std::string, std::string> after;
  for (const auto& entry : fs::recursive_directory_iterator(out))
    if (entry.is_regular_file()) after[entry.path().string()] = readFile(entry.path());
  EXPECT_EQ(after, before);
}

}  // namespace
}  // namespace sanxian
