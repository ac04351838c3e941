// Reading a layer from a real PostgreSQL + PostGIS server, started on
// 127.0.0.1 by the ctest fixture (pg_fixture.sh) and stopped afterwards.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/load.h"
#include "core/text.h"

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

}  // namespace
}  // namespace sanxian
