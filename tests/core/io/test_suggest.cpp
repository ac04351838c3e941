// Suggesting roles for layers whose field names are unknown: each sample
// layer of Otog Banner, its fields renamed F1, F2 …, gets the role and the
// field mapping the sample has by its real names; values close to a role's
// known values become a value map, the others are listed for the user.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>

#include "core/base/text.h"
#include "core/io/load.h"
#include "core/io/suggest.h"
#include "core/run/project.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

const RoleCatalog& roles() {
  static const RoleCatalog catalog = RoleCatalog::loadDefault();
  return catalog;
}

OGRFieldType ogrType(const std::string& name) {
  if (name == "Real") return OFTReal;
  if (name == "Integer") return OFTInteger;
  if (name == "Integer64") return OFTInteger64;
  if (name == "Date") return OFTDate;
  return OFTString;
}

// A copy of a layer with its fields called F1, F2 … (types kept, text in
// UTF-8): the decoded values from Sanxian, the geometry from OGR.
std::string renamedCopy(const Layer& layer, const std::string& source, const std::string& path) {
  GDALAllRegister();
  GDALDatasetUniquePtr in(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  OGRLayer* from = in->GetLayer(0);
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
  GDALDatasetUniquePtr out(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  CPLStringList options;
  options.SetNameValue("ENCODING", "UTF-8");
  OGRLayer* to = out->CreateLayer(fs::path(path).stem().string().c_str(), from->GetSpatialRef(), from->GetGeomType(), options.List());
  for (size_t i = 0; i < layer.fields.size(); ++i) {
    OGRFieldDefn field(format("F%zu", i + 1).c_str(), ogrType(layer.fieldTypes[i]));
    if (field.GetType() == OFTString) field.SetWidth(254);
    EXPECT_EQ(to->CreateField(&field), OGRERR_NONE);
  }
  for (const Feature& f : layer.features) {
    OGRFeatureUniquePtr original(from->GetFeature(f.fid));
    OGRFeatureUniquePtr copy(OGRFeature::CreateFeature(to->GetLayerDefn()));
    for (size_t i = 0; i < f.values.size(); ++i)
      if (!f.isNull[i]) copy->SetField(static_cast<int>(i), f.values[i].c_str());
    copy->SetGeometry(original->GetGeometryRef());
    EXPECT_EQ(to->CreateFeature(copy.get()), OGRERR_NONE);
  }
  return path;
}

TEST(Suggest, RenamedSampleLayersGetTheSamplesRoleAndFieldMapping) {
  setLanguage(Language::English);
  const Project sample = readProject(SANXIAN_SAMPLE_PROJECT);
  const std::string folder = test::freshFolder("suggest_renamed");
  for (const LayerSpec& spec : sample.layers) {
    SCOPED_TRACE(spec.id);
    const Layer original = load(spec.options, roles());
    ASSERT_TRUE(original.roleMatch);
    // The sample's mapping, in the renamed fields' names.
    std::map<std::string, std::string> expected;
    for (const auto& [canonical, column] : original.roleMatch->columns) expected[canonical] = format("F%d", column + 1);

    LoadOptions renamed;
    renamed.source = renamedCopy(original, spec.options.source, folder + "/" + spec.id + ".shp");
    const Layer layer = load(renamed, roles());
    EXPECT_FALSE(layer.roleMatch) << "F1, F2 … should match no role by name";
    const std::vector<RoleSuggestion> suggestions = suggestRoles(layer, roles());
    ASSERT_FALSE(suggestions.empty());
    const RoleSuggestion& best = suggestions.front();
    EXPECT_EQ(best.role, *spec.options.role);
    // Land-use patches carry several area fields (TBMJ, TBDLMJ, KCMJ) and two
    // unit codes (ZLDWDM, QSDWDM) whose values have the same shape: only their
    // names tell them apart, so for that role the role alone must be found.
    if (best.role == "land_use") continue;
    std::map<std::string, std::string> got;
    for (const auto& [canonical, candidate] : best.fields) got[canonical] = candidate.field;
    EXPECT_EQ(got, expected);
    EXPECT_TRUE(best.missingRequired.empty());
    EXPECT_TRUE(best.values.empty());
    EXPECT_TRUE(best.unknownValues.empty());

    // What it suggests loads: the role with the mapping written down.
    renamed.role = best.role;
    renamed.mapping = best.mapping();
    const Layer mapped = load(renamed, roles());
    EXPECT_EQ(mapped.roleMatch->columns, original.roleMatch->columns);
  }
}

TEST(Suggest, ValuesCloseToKnownOnesBecomeAValueMapAndTheRestAreListed) {
  setLanguage(Language::English);
  test::LayerSpec spec;
  spec.path = test::freshFolder("suggest_values") + "/zones.shp";
  spec.fields = {"BH", "MC_X", "FQ_X"};
  const char* square = "POLYGON((400000 4300000,400100 4300000,400100 4300100,400000 4300100,400000 4300000))";
  spec.rows = {{square, {"ZR001", "都斯图河湿地自然保护区", "核心保护区域"}},
               {square, {"ZR001", "都斯图河湿地自然保护区", "一般控制区域"}},
               {square, {"ZR002", "甘草自然保护区", "一般控制区域"}},
               {square, {"ZR002", "甘草自然保护区", "3"}}};
  LoadOptions options;
  options.source = test::writeLayer(spec);
  const Layer layer = load(options, roles());
  const RoleSuggestion s = suggestForRole(layer, *roles().find("reserve"));
  EXPECT_EQ(s.fields.at("name").field, "MC_X");
  EXPECT_EQ(s.fields.at("zone").field, "FQ_X") << s.fields.at("zone").reason();
  EXPECT_EQ(s.values.at("zone").at("core"), std::vector<std::string>{"核心保护区域"});
  EXPECT_EQ(s.values.at("zone").at("general"), std::vector<std::string>{"一般控制区域"});
  EXPECT_EQ(s.unknownValues.at("zone"), std::vector<std::string>{"3"});
  // The entry to paste says all of it.
  ProjectLayerEntry entry{"reserves", "data/zones.shp", "", "reserve", s.mapping()};
  const std::string yaml = projectLayerYaml(entry);
  EXPECT_NE(yaml.find("fields: {"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("name: MC_X"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("zone: {core: [核心保护区域], general: [一般控制区域]}"), std::string::npos) << yaml;
}

TEST(Suggest, FieldSamplesShowTheFirstDistinctValues) {
  setLanguage(Language::English);
  test::LayerSpec spec;
  spec.path = test::freshFolder("suggest_samples") + "/x.shp";
  spec.fields = {"id", "name"};
  const char* square = "POLYGON((400000 4300000,400100 4300000,400100 4300100,400000 4300100,400000 4300000))";
  spec.rows = {{square, {"1", "a"}}, {square, {"2", "a"}}, {square, {"3", ""}}, {square, {"4", "b"}}};
  LoadOptions options;
  options.source = test::writeLayer(spec);
  const std::string text = describeFields(sampleFields(load(options, roles())));
  EXPECT_EQ(text, "id (1, 2, 3, …); name (a, b)");
}

}  // namespace
}  // namespace sanxian
