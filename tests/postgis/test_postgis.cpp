// Reading a layer from a real PostgreSQL + PostGIS server, started on
// 127.0.0.1 by the ctest fixture (pg_fixture.sh) and stopped afterwards.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdlib>
#include <map>

#include "core/base/text.h"
#include "core/geometry/area.h"
#include "core/geometry/harmonize.h"
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

}  // namespace
}  // namespace sanxian
