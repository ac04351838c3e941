// A Shapefile whose parts disagree is an input error naming the part (and
// the field or feature), never a layer with fewer features or shifted
// attributes: the sample's mining rights (150 records) damaged as real
// deliveries and flipped bytes damage them.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/load.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

const std::string kSampleMining = (fs::path(SANXIAN_SAMPLE_PROJECT).parent_path() / "data" / "mining.shp").string();

class ShapefileCheck : public ::testing::Test {
protected:
  void SetUp() override { setLanguage(Language::English); }

  // The sample's mining rights, copied for this test.
  std::string mining(const std::string& name) { return test::copyShapefile(kSampleMining, test::freshFolder("shpcheck_" + name)); }

  // The input error loading `shp` gives ("" when it loads).
  std::string loadError(const std::string& shp) {
    LoadOptions options;
    options.source = shp;
    options.role = "mining";
    try {
      load(options, RoleCatalog::loadDefault());
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), Error::Kind::Input) << e.what();
      return e.what();
    }
    return "";
  }
};

std::string dbfOf(const std::string& shp) { return fs::path(shp).replace_extension(".dbf").string(); }
std::string shxOf(const std::string& shp) { return fs::path(shp).replace_extension(".shx").string(); }

TEST_F(ShapefileCheck, TheSampleLoadsWhole) {
  EXPECT_EQ(loadError(mining("whole")), "");
}

// GDAL read 100 of the 150 mining rights (55 conflict pieces instead of 80),
// and none at all with a count of 0.
TEST_F(ShapefileCheck, ADbfCountingOtherRecordsThanTheShpIsRefused) {
  for (uint32_t count : {100u, 0u, 151u}) {
    const std::string shp = mining("count_" + std::to_string(count));
    test::overwrite(dbfOf(shp), 4, test::littleEndian32(count));
    const std::string error = loadError(shp);
    EXPECT_NE(error.find("mining.dbf"), std::string::npos) << count << ": " << error;
    EXPECT_NE(error.find(format("counts %u records", count)), std::string::npos) << count << ": " << error;
  }
}

TEST_F(ShapefileCheck, AShxMissingOrPointingPastTheShpIsRefusedNamingTheRecord) {
  std::string shp = mining("shx_offset");
  // Entry of FID 1 (bytes 108..115): offset far beyond the .shp.
  test::overwrite(shxOf(shp), 108, std::string("\x7f\x00\x00\x00", 4));
  std::string error = loadError(shp);
  EXPECT_NE(error.find("mining.shp feature FID 1"), std::string::npos) << error;
  EXPECT_NE(error.find("beyond"), std::string::npos) << error;

  shp = mining("no_shx");
  fs::remove(shxOf(shp));
  error = loadError(shp);
  EXPECT_NE(error.find(".shx index file is missing"), std::string::npos) << error;
}

TEST_F(ShapefileCheck, HeaderLengthsThatAreNotTheFilesAreRefused) {
  std::string shp = mining("shp_length");
  test::overwrite(shp, 24, std::string("\x00\x00\x40\x00", 4));  // file length in 16-bit words
  std::string error = loadError(shp);
  EXPECT_NE(error.find("header gives the file's length"), std::string::npos) << error;

  shp = mining("dbf_header_length");
  test::overwrite(dbfOf(shp), 8, std::string("\xff\xfe", 2));
  error = loadError(shp);
  EXPECT_NE(error.find("mining.dbf"), std::string::npos) << error;
  EXPECT_NE(error.find("cannot hold"), std::string::npos) << error;

  shp = mining("dbf_record_length");
  test::overwrite(dbfOf(shp), 10, std::string("\x10\x01", 2));
  error = loadError(shp);
  EXPECT_NE(error.find("would be read shifted"), std::string::npos) << error;
}

// A field of length 0 shifts every attribute after it: licence numbers
// became NULL and severities changed, and the message suggested --encoding.
TEST_F(ShapefileCheck, ADbfFieldOfLengthZeroIsRefusedNamingTheField) {
  test::LayerSpec spec;
  spec.path = test::freshFolder("shpcheck_zero_field") + "/mining.shp";
  spec.fields = {"XKZH", "KSMC", "KYQLX"};
  spec.rows = {{"POLYGON((400000 4300000,401000 4300000,401000 4301000,400000 4300000))", {"C1", "矿", "采矿权"}}};
  const std::string shp = test::writeLayer(spec);
  // The second field's descriptor starts at 32 + 32; its length is byte 16.
  test::overwrite(dbfOf(shp), 64 + 16, std::string(1, '\0'));
  const std::string error = loadError(shp);
  EXPECT_NE(error.find("the field KSMC has length 0"), std::string::npos) << error;
}

}  // namespace
}  // namespace sanxian
