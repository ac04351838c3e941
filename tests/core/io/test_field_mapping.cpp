// A layer's own field names and value spellings applied at load: fields
// with unknown names run once mapped, a value map makes 1 / 2 mean core /
// general (and so changes the rule that applies), a roles file of the
// user's merges over the built-in one, and a missing field is reported
// with the fields found, their values and the line that would map it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/overlap/overlap.h"
#include "core/geometry/harmonize.h"
#include "core/io/field_mapping.h"
#include "core/io/load.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

const RoleCatalog& roles() {
  static const RoleCatalog catalog = RoleCatalog::loadDefault();
  return catalog;
}

std::string square(double x, double y, double size = 100) {
  return format("POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))", x, y, x + size, y, x + size, y + size, x, y + size, x, y);
}

// A red line whose patch code is in `id` and whose name is in `XMMC`: no spelling of the role finds them.
std::string unknownRedline(const std::string& name) {
  test::LayerSpec spec;
  spec.path = test::freshFolder(name) + "/redline.shp";
  spec.fields = {"id", "XMMC", "childNum"};
  spec.rows = {{square(400000, 4300000), {"HX-001", "乌兰镇防风固沙红线", "3"}}, {square(400200, 4300000), {"HX-002", "棋盘井镇红线", "3"}}};
  return test::writeLayer(spec);
}

// A protected area whose zone field FQ holds 1 / 2, overlapping a mining licence.
std::string codedReserve(const std::string& folder, const std::string& zone) {
  test::LayerSpec spec;
  spec.path = folder + "/reserve.shp";
  spec.fields = {"BM", "MC", "FQ"};
  spec.rows = {{square(400050, 4300050), {"ZR001", "都斯图河湿地自然保护区", zone}}};
  return test::writeLayer(spec);
}

std::string mining(const std::string& folder) {
  test::LayerSpec spec;
  spec.path = folder + "/mining.shp";
  spec.fields = {"XKZH", "KYQLX"};
  spec.rows = {{square(400000, 4300000), {"C1506242023101000000001", "采矿权"}}};
  return test::writeLayer(spec);
}

LoadOptions options(const std::string& path, const std::string& role) {
  LoadOptions o;
  o.source = path;
  o.role = role;
  return o;
}

// The message of the error loading gives, and its kind.
std::pair<std::string, Error::Kind> failure(const LoadOptions& o, const RoleCatalog& catalog = roles()) {
  try {
    load(o, catalog);
  } catch (const Error& e) {
    return {e.what(), e.kind()};
  }
  return {"", Error::Kind::Internal};
}

class Mapping : public ::testing::Test {
protected:
  void SetUp() override { setLanguage(Language::English); }
  void TearDown() override { setLanguage(Language::English); }
};

TEST_F(Mapping, UnknownFieldNamesLoadAfterAFieldsMapping) {
  LoadOptions o = options(unknownRedline("map_fields"), "redline");
  EXPECT_EQ(failure(o).second, Error::Kind::Input);
  o.mapping.fields = {{"code", "id"}, {"name", "xmmc"}};  // any ASCII case
  const Layer layer = load(o, roles());
  EXPECT_EQ(layer.roleMatch->sourceNames.at("code"), "id");
  EXPECT_EQ(layer.roleValue(layer.features[1], "code"), "HX-002");
  EXPECT_EQ(layer.roleValue(layer.features[0], "name"), "乌兰镇防风固沙红线");
}

TEST_F(Mapping, AMappingOverridesTheRolesSpellingForThatLayerOnly) {
  test::LayerSpec spec;
  spec.path = test::freshFolder("map_override") + "/redline.shp";
  spec.fields = {"HXBH", "BSM"};
  spec.rows = {{square(400000, 4300000), {"old-1", "new-1"}}};
  LoadOptions o = options(test::writeLayer(spec), "redline");
  EXPECT_EQ(load(o, roles()).roleMatch->sourceNames.at("code"), "HXBH");
  o.mapping.fields["code"] = "BSM";
  EXPECT_EQ(load(o, roles()).roleMatch->sourceNames.at("code"), "BSM");
}

TEST_F(Mapping, AMissingFieldListsTheFieldsWithValuesAndTheLineThatMapsTheClosest) {
  LoadOptions o = options(unknownRedline("map_missing"), "redline");
  o.fieldOption = "--old-field";
  std::string e = failure(o).first;
  EXPECT_NE(e.find("redline.shp"), std::string::npos) << e;
  EXPECT_NE(e.find("lacks required fields: Patch code"), std::string::npos) << e;
  EXPECT_NE(e.find("id (HX-001, HX-002); XMMC (乌兰镇防风固沙红线, 棋盘井镇红线); childNum (3)"), std::string::npos) << e;
  EXPECT_NE(e.find("The closest to the Patch code is id (values look like codes; name close to ID_CODE)"), std::string::npos) << e;
  EXPECT_NE(e.find("add the option --old-field code=id"), std::string::npos) << e;

  o.fieldOption.clear();
  o.projectFile = "otog.yaml";
  o.layerId = "redline_2023";
  e = failure(o).first;
  EXPECT_NE(e.find("add the line fields: {code: id} under the layer redline_2023 in the project file otog.yaml"), std::string::npos) << e;

  setLanguage(Language::Chinese);
  e = failure(o).first;
  EXPECT_NE(e.find("作为“生态保护红线”缺少必需字段：红线编号"), std::string::npos) << e;
  EXPECT_NE(e.find("图层中的字段及样例值：id（HX-001、HX-002）"), std::string::npos) << e;
  EXPECT_NE(e.find("最像红线编号的是 id"), std::string::npos) << e;
  EXPECT_NE(e.find("在项目文件 otog.yaml 的图层 redline_2023 下加一行 fields: {code: id}"), std::string::npos) << e;
}

TEST_F(Mapping, AMappingThatNamesWhatIsNotThereIsAUsageErrorNamingTheLayer) {
  LoadOptions o = options(unknownRedline("map_wrong"), "redline");
  o.projectFile = "p.yaml";
  o.layerId = "rl";
  o.mapping.fields = {{"code", "idd"}};
  auto [e, kind] = failure(o);
  EXPECT_EQ(kind, Error::Kind::Usage);
  EXPECT_NE(e.find("project file p.yaml, layer rl, fields: the layer has no field 'idd'"), std::string::npos) << e;
  EXPECT_NE(e.find("id (HX-001, HX-002)"), std::string::npos) << e;

  o.mapping.fields = {{"cod", "id"}};
  e = failure(o).first;
  EXPECT_NE(e.find("'cod' is not a field of the role redline (its fields: code, name, function_type, admin_code, area)"), std::string::npos) << e;

  LoadOptions reserve = options(codedReserve(test::freshFolder("map_wrong_value"), "1"), "reserve");
  reserve.fieldOption = "--b-field";
  reserve.mapping.fields = {{"zone", "FQ"}};
  reserve.mapping.values["zone"]["centre"] = {"1"};
  std::tie(e, kind) = failure(reserve);
  EXPECT_EQ(kind, Error::Kind::Usage);
  EXPECT_NE(e.find("--b-value: 'centre' is not a canonical value of Functional zone (known: core, general)"), std::string::npos) << e;
}

TEST_F(Mapping, AValueMapWritesTheCanonicalValueAndSaysSo) {
  const std::string folder = test::freshFolder("map_values");
  LoadOptions o = options(codedReserve(folder, "2"), "reserve");
  o.mapping.fields = {{"zone", "FQ"}};
  o.mapping.values["zone"] = {{"core", {"1", "核心保护区"}}, {"general", {"2"}}};
  const Layer layer = load(o, roles());
  EXPECT_EQ(layer.roleValue(layer.features[0], "zone"), "general");
  ASSERT_EQ(layer.countIssues(LoadIssue::Kind::ValuesMapped), 1u);
  EXPECT_EQ(layer.issues.back().message,
            "values of field FQ (Functional zone) written as their canonical value by the mapping: 2 → general, 1 features");
}

// The same overlap judged without and with the value map: zone 2 is
// unknown (the stricter core-zone rule, with a note), then general control.
TEST_F(Mapping, AValueMapTurningTwoIntoGeneralChangesTheRuleThatApplies) {
  const std::string folder = test::freshFolder("map_rule");
  const RuleList rules = RuleList::loadDefault(roles());
  auto judge = [&](const FieldMapping& mapping) {
    Layer a = load(options(mining(folder), "mining"), roles());
    LoadOptions b = options(codedReserve(folder, "2"), "reserve");
    b.mapping = mapping;
    Layer reserve = load(b, roles());
    const CrsInfo crs = chooseAnalysisCrs({&a, &reserve}, std::nullopt);
    harmonize(a, crs);
    harmonize(reserve, crs);
    OverlapSettings settings;
    settings.aId = "mining";
    settings.bId = "reserve";
    settings.rules = &rules;
    settings.roles = &roles();
    OverlapResult r = overlapLayers(a, reserve, settings);
    EXPECT_EQ(r.pieces.size(), 1u);
    return r.pieces.empty() ? std::make_pair(std::string(), std::string()) : std::make_pair(r.pieces[0].ruleId, r.pieces[0].undecided);
  };
  FieldMapping mapping;
  mapping.fields = {{"zone", "FQ"}};
  const auto [unmappedRule, unmappedNote] = judge(mapping);
  EXPECT_EQ(unmappedRule, "mining_reserve_core");
  EXPECT_NE(unmappedNote.find("unknown value '2'"), std::string::npos) << unmappedNote;
  mapping.values["zone"] = {{"core", {"1"}}, {"general", {"2"}}};
  const auto [mappedRule, mappedNote] = judge(mapping);
  EXPECT_EQ(mappedRule, "mining_reserve_general");
  EXPECT_EQ(mappedNote, "");
}

TEST_F(Mapping, ARolesFileOfTheUsersMergesOverTheBuiltInOne) {
  const std::string folder = test::freshFolder("map_roles_file");
  const std::string file = folder + "/my_roles.yaml";
  std::ofstream(file) << "roles:\n"
                         "  reserve:\n"
                         "    fields:\n"
                         "      zone:\n"
                         "        spellings: [FQ]\n"
                         "        values: {core: [\"1\"], general: [\"2\"]}\n"
                         "  farmland:\n"
                         "    title: {zh: 永久基本农田, en: Permanent basic farmland}\n"
                         "    geometry: polygon\n"
                         "    fields:\n"
                         "      code: {title: {zh: 图斑编号, en: Patch code}, required: true, spellings: [TBBH]}\n";
  const RoleCatalog merged = roles().mergedWith(file);
  // Built-in spellings and values stay, the user's come first.
  const FieldDef* zone = merged.find("reserve")->field("zone");
  EXPECT_EQ(zone->spellings.front(), "FQ");
  EXPECT_EQ(zone->mapValue("核心区"), "core");
  EXPECT_EQ(zone->mapValue("2"), "general");
  ASSERT_TRUE(merged.find("farmland"));
  EXPECT_EQ(merged.find("farmland")->geometry, GeometryKind::Polygon);
  EXPECT_EQ(roles().find("reserve")->field("zone")->spellings.front(), "GNFQ");

  // Loaded with it, 2 is written as general, so checks reading the built-in definitions see it too.
  const Layer layer = load(options(codedReserve(folder, "2"), "reserve"), merged);
  EXPECT_EQ(layer.roleValue(layer.features[0], "zone"), "general");

  std::ofstream(folder + "/bad.yaml") << "roles:\n  reserve:\n    fields:\n      zone: {spelings: [FQ]}\n";
  try {
    roles().mergedWith(folder + "/bad.yaml");
    ADD_FAILURE() << "a misspelt key should be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Usage);
    EXPECT_NE(std::string(e.what()).find("line 4"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("unknown key spelings"), std::string::npos) << e.what();
  }
}

TEST_F(Mapping, AFallbackFieldStandsInForTheCodeOnlyWhenNoSpellingFindsIt) {
  LoadOptions o = options(unknownRedline("map_fallback"), "redline");
  o.mapping.fallbackFields["code"] = "id";
  EXPECT_EQ(load(o, roles()).roleMatch->sourceNames.at("code"), "id");

  test::LayerSpec spec;
  spec.path = test::freshFolder("map_fallback_spelled") + "/redline.shp";
  spec.fields = {"HXBH", "id"};
  spec.rows = {{square(400000, 4300000), {"HX-1", "7"}}};
  LoadOptions spelled = options(test::writeLayer(spec), "redline");
  spelled.mapping.fallbackFields["code"] = "id";
  EXPECT_EQ(load(spelled, roles()).roleMatch->sourceNames.at("code"), "HXBH");
}

TEST_F(Mapping, WithoutARoleTheMappingPicksARoleThatHasItsFields) {
  LoadOptions o;
  o.source = mining(test::freshFolder("map_guess"));
  o.mapping.fields = {{"licence", "XKZH"}};
  EXPECT_EQ(load(o, roles()).role(), "mining");
  o.mapping.fields = {{"licence", "XKZH"}, {"zone", "KYQLX"}};
  const auto [e, kind] = failure(o);
  EXPECT_EQ(kind, Error::Kind::Usage);
  EXPECT_NE(e.find("no role has all these fields"), std::string::npos) << e;
}

// A change layer Sanxian wrote (audit_changes.shp: its reason and
// document fields are the adjustment role's spellings) opened again is
// recognised as a result and given no role, by the field dictionary beside
// it or by the ellipsoidal and planar figures every result carries; data
// of the user's with the same fields still gets its role.
TEST_F(Mapping, ALayerSanxianWroteIsNeverGivenARoleByGuessing) {
  const std::string folder = test::freshFolder("own_results");
  test::LayerSpec changes;
  changes.path = folder + "/audit_changes.shp";
  changes.fields = {"chg_type", "old_code", "new_code", "reason", "document"};
  changes.rows = {{square(400000, 4300000), {"减少", "HX1", "", "", ""}}};
  test::writeLayer(changes);
  LoadOptions o;
  o.source = changes.path;
  // Without the dictionary the fields alone look like approved adjustments.
  EXPECT_EQ(load(o, roles()).role(), "adjustment");
  std::ofstream(folder + "/audit_changes_fields.csv") << "\xEF\xBB\xBF" << "field,name_zh,name_en,type\nchg_type,变化类型,Change type,text\n";
  EXPECT_FALSE(load(o, roles()).roleMatch);
  EXPECT_TRUE(isSanxianResult(o.source, {"chg_type"}));
  // Its lines file and numbered parts share the dictionary.
  EXPECT_TRUE(isSanxianResult(folder + "/audit_changes.shp", {}));
  std::filesystem::copy_file(folder + "/audit_changes.shp", folder + "/audit_changes_lines.shp");
  EXPECT_TRUE(isSanxianResult(folder + "/audit_changes_lines.shp", {}));
  std::filesystem::copy_file(folder + "/audit_changes.shp", folder + "/audit_changes_2.shp");
  EXPECT_TRUE(isSanxianResult(folder + "/audit_changes_2.shp", {}));
  // The figures every result carries, ellipsoidal and planar, also give it away (the GeoPackage's keys too).
  EXPECT_TRUE(isSanxianResult("elsewhere.shp", {"severity", "area_m2", "pl_area_m2"}));
  EXPECT_TRUE(isSanxianResult("elsewhere.gpkg", {"length_m", "planar_length_m"}));
  EXPECT_TRUE(isSanxianResult("ledger.csv", {"finding_id", "kind"}));
  EXPECT_FALSE(isSanxianResult("elsewhere.shp", {"HXBH", "MJ", "area_m2"}));
  test::LayerSpec copy = changes;
  copy.path = test::freshFolder("own_results_gpkg") + "/changes.shp";
  copy.fields = {"chg_type", "reason", "document", "area_m2", "pl_area_m2"};
  copy.rows = {{square(400000, 4300000), {"减少", "", "", "1", "1"}}};
  test::writeLayer(copy);
  o.source = copy.path;
  EXPECT_FALSE(load(o, roles()).roleMatch);
  // Named, the role still applies: the user decides.
  o.role = "adjustment";
  EXPECT_EQ(load(o, roles()).role(), "adjustment");
}

}  // namespace
}  // namespace sanxian
