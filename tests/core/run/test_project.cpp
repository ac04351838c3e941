// The project file is checked whole before anything runs: kinds of values,
// required and unknown keys, duplicate ids, list or not, YAML aliases; each
// error is a usage error naming the file and the line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/run/project.h"
#include "fixtures/fixtures.h"
#include "report/files/write_run.h"

namespace sanxian {
namespace {

// The usage error a project text gives ("" when it reads).
std::string problem(const std::string& name, const std::string& text) {
  const std::string path = test::freshFolder("project_" + name) + "/project.yaml";
  std::ofstream(path) << text;
  const Language before = language();
  setLanguage(Language::English);
  std::string what;
  try {
    readProject(path);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Usage) << e.what();
    what = e.what();
  }
  setLanguage(before);
  return what;
}

const char* kLayer = "name: t\nlayers:\n  a: {path: a.shp, role: mining}\n  b: {path: b.shp, role: redline}\n";

TEST(Project, AListOfChecksIsAList) {
  const std::string e = problem("scalar_checks", std::string(kLayer) + "checks: overlap\n");
  EXPECT_NE(e.find("line 5"), std::string::npos) << e;
  EXPECT_NE(e.find("must be a list of checks"), std::string::npos) << e;
}

TEST(Project, DuplicateLayerIdsAreRefused) {
  const std::string e = problem("duplicate", std::string(kLayer) + "  a: {path: c.shp, role: mining}\n");
  EXPECT_NE(e.find("the layer id a appears twice"), std::string::npos) << e;
  EXPECT_NE(e.find("line 5"), std::string::npos) << e;
}

TEST(Project, ATypeThatIsNotTextIsAUsageErrorNotAnInternalOne) {
  const std::string e = problem("type", std::string(kLayer) + "checks:\n  - {type: [1], a: a, b: b}\n");
  EXPECT_NE(e.find("needs a type"), std::string::npos) << e;
  EXPECT_EQ(e.find("internal"), std::string::npos) << e;
}

TEST(Project, UnknownKeysAreNamedWithTheKnownOnes) {
  const std::string e = problem("unknown", "name: t\nlayers:\n  a: {path: a.shp, role: mining, encodng: GBK}\n");
  EXPECT_NE(e.find("unknown key encodng"), std::string::npos) << e;
  EXPECT_NE(e.find("encoding"), std::string::npos) << e;
  EXPECT_NE(problem("unknown_check", std::string(kLayer) + "checks:\n  - {type: overlap, a: a, b: b, min_area: 3}\n").find("unknown key min_area"),
            std::string::npos);
}

TEST(Project, MissingParametersAndWrongKindsOfValues) {
  EXPECT_NE(problem("missing", std::string(kLayer) + "checks:\n  - {type: overlap, a: a}\n").find("parameter b is missing"), std::string::npos);
  EXPECT_NE(problem("negative", std::string(kLayer) + "checks:\n  - {type: overlap, a: a, b: b, min_piece_area_m2: -1}\n").find("non-negative"),
            std::string::npos);
  EXPECT_NE(problem("no_role", "name: t\nlayers:\n  a: {path: a.shp}\n").find("no role"), std::string::npos);
  EXPECT_NE(problem("encoding", "name: t\nlayers:\n  a: {path: a.shp, role: mining, encoding: KOI9}\n").find("unknown encoding KOI9"),
            std::string::npos);
  EXPECT_NE(problem("towgs84", "name: t\nlayers:\n  a: {path: a.shp, role: mining, towgs84: [1, 2]}\n").find("3 or 7 numbers"),
            std::string::npos);
  EXPECT_NE(problem("undefined", std::string(kLayer) + "checks:\n  - {type: overlap, a: a, b: c}\n").find("undefined layer 'c'"),
            std::string::npos);
}

TEST(Project, AYamlAliasBombIsStoppedBeforeItExpands) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const char prev = c - 1;
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", " : "") + "*" + prev;
    text += "]\n";
  }
  text += "layers: {}\n";
  EXPECT_NE(problem("bomb", text).find("YAML aliases expand beyond the limit"), std::string::npos);
}

// strict: true makes every layer's warnings errors (see placement.h).
TEST(Project, StrictIsTrueOrFalseAndReachesEveryLayer) {
  const std::string e = problem("strict_word", std::string(kLayer) + "strict: sometimes\n");
  EXPECT_NE(e.find("line 5, strict: must be true or false"), std::string::npos) << e;
  const std::string path = test::freshFolder("project_strict") + "/project.yaml";
  std::ofstream(path) << kLayer << "strict: true\n";
  const Project project = readProject(path);
  EXPECT_TRUE(project.strict);
  for (const LayerSpec& layer : project.layers) EXPECT_TRUE(layer.options.strict) << layer.id;
}

// A postgresql:// URI is a database, not a path relative to the project file.
TEST(Project, APostgresUriIsASourceAsWritten) {
  const std::string path = test::freshFolder("project_uri") + "/project.yaml";
  std::ofstream(path) << "layers:\n  a: {path: \"postgresql://u:pw@db.example/gis\", layer: redline, role: redline}\n";
  EXPECT_EQ(readProject(path).layers[0].options.source, "postgresql://u:pw@db.example/gis");
}

TEST(Project, AWellFormedProjectReads) {
  EXPECT_EQ(problem("fine", std::string(kLayer) + "checks:\n  - {name: 矿业权与红线, type: overlap, a: a, b: b, min_piece_area_m2: 0.5}\n"), "");
}

TEST(Project, FieldsValuesAndRolesAreReadWithTheirKindsChecked) {
  const std::string folder = test::freshFolder("project_mapping");
  std::ofstream(folder + "/my_roles.yaml") << "roles:\n  reserve:\n    fields:\n      zone: {spellings: [FQ]}\n";
  std::ofstream(folder + "/p.yaml") << "name: t\nroles: my_roles.yaml\nlayers:\n"
                                       "  r:\n    path: r.shp\n    role: reserve\n    fields: {name: MC, zone: FQ}\n"
                                       "    values:\n      zone: {core: [\"1\", 核心保护区], general: \"2\"}\n";
  const Project p = readProject(folder + "/p.yaml");
  EXPECT_EQ(*p.rolesFile, folder + "/my_roles.yaml");
  const LoadOptions& o = p.layers[0].options;
  EXPECT_EQ(o.mapping.fields, (std::map<std::string, std::string>{{"name", "MC"}, {"zone", "FQ"}}));
  EXPECT_EQ(o.mapping.values.at("zone").at("core"), (std::vector<std::string>{"1", "核心保护区"}));
  EXPECT_EQ(o.mapping.values.at("zone").at("general"), std::vector<std::string>{"2"});
  EXPECT_EQ(o.projectFile, folder + "/p.yaml");
  EXPECT_EQ(o.layerId, "r");
  EXPECT_EQ(rolesFor(p).find("reserve")->field("zone")->spellings.front(), "FQ");

  const std::string layer = "name: t\nlayers:\n  a:\n    path: a.shp\n    role: reserve\n";
  std::string e = problem("fields_list", layer + "    fields: [id]\n");
  EXPECT_NE(e.find("line 6, layers.a.fields: must be a mapping"), std::string::npos) << e;
  e = problem("fields_empty", layer + "    fields: {code: \"\"}\n");
  EXPECT_NE(e.find("layers.a.fields.code: must be non-empty text"), std::string::npos) << e;
  e = problem("values_flat", layer + "    values: {zone: core}\n");
  EXPECT_NE(e.find("layers.a.values.zone: must be a mapping"), std::string::npos) << e;
  e = problem("values_map", layer + "    values:\n      zone: {core: {a: 1}}\n");
  EXPECT_NE(e.find("line 7, layers.a.values.zone.core: must be a raw value or a list of raw values"), std::string::npos) << e;
  e = problem("values_empty", layer + "    values:\n      zone: {core: []}\n");
  EXPECT_NE(e.find("must list at least one raw value"), std::string::npos) << e;
  e = problem("roles_missing", "name: t\nroles: nowhere.yaml\nlayers:\n  a: {path: a.shp, role: mining}\n");
  EXPECT_NE(e.find("line 2, roles: the roles file"), std::string::npos) << e;
  EXPECT_NE(e.find("does not exist"), std::string::npos) << e;
}

TEST(Project, AnAuditsMatchFieldStandsInForThePatchCode) {
  const std::string folder = test::freshFolder("project_match_field");
  std::ofstream(folder + "/p.yaml") << "name: t\nlayers:\n  old: {path: a.shp, role: redline}\n  new: {path: b.shp, role: redline, fields: {code: BH}}\n"
                                       "  other: {path: c.shp, role: redline}\n"
                                       "checks:\n  - {type: audit, old: old, new: new, match_field: id}\n";
  const Project p = readProject(folder + "/p.yaml");
  EXPECT_EQ(p.layer("old")->options.mapping.fallbackFields.at("code"), "id");
  EXPECT_TRUE(p.layer("new")->options.mapping.fallbackFields.empty());  // its own fields: wins
  EXPECT_TRUE(p.layer("other")->options.mapping.fallbackFields.empty());
}

// A project whose layers have none of the role's field names runs once
// `fields:` maps them, and its `values:` decide the rule.
TEST(Project, LayersWithUnknownFieldNamesRunAfterFieldsAndValues) {
  setLanguage(Language::English);
  const std::string folder = test::freshFolder("project_run_mapped");
  const char* mine = "POLYGON((400000 4300000,400100 4300000,400100 4300100,400000 4300100,400000 4300000))";
  const char* area = "POLYGON((400050 4300050,400150 4300050,400150 4300150,400050 4300150,400050 4300050))";
  test::LayerSpec mining;
  mining.path = folder + "/m.shp";
  mining.fields = {"licence_no", "right_kind"};
  mining.rows = {{mine, {"C1506242023101000000001", "采矿权"}}};
  test::writeLayer(mining);
  test::LayerSpec reserve;
  reserve.path = folder + "/r.shp";
  reserve.fields = {"area_name", "zone_code"};
  reserve.rows = {{area, {"都斯图河湿地自然保护区", "2"}}};
  test::writeLayer(reserve);
  test::LayerSpec old;
  old.path = folder + "/old.shp";
  old.fields = {"id", "label"};
  old.rows = {{mine, {"7", "a"}}};
  test::writeLayer(old);
  const std::string layers = "name: t\nlayers:\n"
                             "  mining: {path: m.shp, role: mining, fields: {licence: licence_no, kind: right_kind}}\n"
                             "  redline_old: {path: old.shp, role: redline}\n"
                             "  redline_new: {path: old.shp, role: redline}\n"
                             "  reserves:\n    path: r.shp\n    role: reserve\n    fields: {name: area_name, zone: zone_code}\n";
  auto run = [&](const std::string& values) {
    std::ofstream(folder + "/p.yaml") << layers << values
                                      << "checks:\n  - {name: mr, type: overlap, a: mining, b: reserves}\n"
                                         "  - {name: audit, type: audit, old: redline_old, new: redline_new, match_field: id}\n";
    const Project p = readProject(folder + "/p.yaml");
    auto loaded = std::make_shared<const LoadedProject>(loadProject(p, rolesFor(p), std::nullopt));
    RunOptions options;
    return computeRun(loaded, options);
  };
  RunResult r = run("");
  std::string overlap = r.check("mr")->summary.dump();
  EXPECT_NE(overlap.find("mining_reserve_core"), std::string::npos) << overlap;
  EXPECT_EQ(r.check("mr")->summary["undecided_pieces"], 1);
  EXPECT_EQ(r.check("audit")->summary["match_field"], "id");

  r = run("    values:\n      zone: {core: [\"1\"], general: [\"2\"]}\n");
  overlap = r.check("mr")->summary.dump();
  EXPECT_NE(overlap.find("mining_reserve_general"), std::string::npos) << overlap;
  EXPECT_EQ(overlap.find("mining_reserve_core"), std::string::npos) << overlap;
  EXPECT_EQ(r.check("mr")->summary["undecided_pieces"], 0);
}

TEST(Project, AddingALayerKeepsTheFileAsWrittenAndReadsBack) {
  const std::string folder = test::freshFolder("project_add_layer");
  const std::string path = folder + "/p.yaml";
  std::ofstream(path) << "# 示例项目\nname: t\nlayers:                 # id: {path, role}\n"
                         "  a: {path: a.shp, role: mining}   # 矿业权\n\n  # the red line\n  b: {path: b.shp, role: redline}\n"
                         "checks:\n  - {type: overlap, a: a, b: b}\n";
  ProjectLayerEntry entry;
  entry.id = "zones";
  entry.path = folder + "/data/zones.shp";
  entry.role = "reserve";
  entry.mapping.fields = {{"zone", "FQ"}};
  entry.mapping.values["zone"] = {{"core", {"1"}}, {"general", {"2", "一般区"}}};
  addLayerToProjectFile(path, entry);
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text,
            "# 示例项目\nname: t\nlayers:                 # id: {path, role}\n"
            "  a: {path: a.shp, role: mining}   # 矿业权\n\n  # the red line\n  b: {path: b.shp, role: redline}\n"
            "  zones:\n    path: data/zones.shp\n    role: reserve\n    fields: {zone: FQ}\n"
            "    values:\n      zone: {core: [\"1\"], general: [\"2\", 一般区]}\n"
            "checks:\n  - {type: overlap, a: a, b: b}\n");
  const Project p = readProject(path);
  ASSERT_TRUE(p.layer("zones"));
  EXPECT_EQ(p.layer("zones")->options.mapping.values.at("zone").at("general"), (std::vector<std::string>{"2", "一般区"}));

  // The id is taken: refused, the file unchanged.
  EXPECT_THROW(addLayerToProjectFile(path, entry), Error);
  std::ifstream again(path);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>()), text);

  // No project file yet: one is made.
  const std::string fresh = folder + "/new.yaml";
  addLayerToProjectFile(fresh, entry);
  EXPECT_EQ(readProject(fresh).layers.size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(folder + "/.p.yaml.sanxian-new"));
}

// The viewer's sections: styles per layer and the view, their kinds
// checked like every other entry, read back as written.
TEST(Project, ViewAndStylesAreReadWithTheirKindsChecked) {
  const std::string ok = std::string(kLayer) +
                         "view:\n  extent: [400000, 4300000, 410000.5, 4305000]\n  layers: [b, a]\n  hidden: [b]\n"
                         "styles:\n  a: {fill: \"#8d6e6380\", outline: none, width: 1.5, opacity: 0.8, label: KSMC, labels: false, categories: KYQLX}\n";
  EXPECT_EQ(problem("view_ok", ok), "");
  const std::string path = test::freshFolder("project_view_read") + "/project.yaml";
  std::ofstream(path) << ok;
  const Project p = readProject(path);
  ASSERT_TRUE(p.view.extent);
  EXPECT_DOUBLE_EQ((*p.view.extent)[2], 410000.5);
  EXPECT_EQ(*p.view.layers, (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(p.view.hidden, std::vector<std::string>{"b"});
  const LayerStyleSpec& a = p.styles.at("a");
  EXPECT_EQ(*a.fill, "#8d6e6380");
  EXPECT_EQ(*a.outline, "none");
  EXPECT_DOUBLE_EQ(*a.width, 1.5);
  EXPECT_DOUBLE_EQ(*a.opacity, 0.8);
  EXPECT_EQ(*a.label, "KSMC");
  EXPECT_FALSE(*a.labels);
  EXPECT_EQ(*a.categories, "KYQLX");

  const auto refused = [&](const char* name, const std::string& tail, const char* what) {
    const std::string e = problem(name, std::string(kLayer) + tail);
    EXPECT_NE(e.find(what), std::string::npos) << tail << " → " << e;
  };
  refused("style_colour", "styles:\n  a: {fill: red}\n", "must be a colour #RRGGBB");
  refused("style_opacity", "styles:\n  a: {opacity: 2}\n", "must be between 0 and 1");
  refused("style_key", "styles:\n  a: {colour: \"#ffffff\"}\n", "unknown key colour");
  refused("style_layer", "styles:\n  c: {width: 1}\n", "undefined layer 'c'");
  refused("style_bool", "styles:\n  a: {labels: sometimes}\n", "must be true or false");
  refused("view_extent", "view:\n  extent: [1, 2, 3]\n", "must be 4 numbers");
  refused("view_order", "view:\n  extent: [3, 2, 1, 4]\n", "needs minx < maxx");
  refused("view_layers", "view:\n  layers: [a, c]\n", "undefined layer 'c'");
  refused("view_key", "view:\n  zoom: 3\n", "unknown key zoom");
}

// Saving the view and the styles replaces those sections (or adds them)
// and keeps every other line and comment of the file.
TEST(Project, SavingTheViewAndStylesKeepsTheRestOfTheFile) {
  const std::string path = test::freshFolder("project_view_save") + "/project.yaml";
  const std::string original = "# 项目说明\nname: t\nlayers:                 # 图层\n  a: {path: a.shp, role: mining}   # 矿业权\n"
                               "  b: {path: b.shp, role: redline}\n\n# 检查\nchecks:\n  - {type: overlap, a: a, b: b}\n";
  std::ofstream(path) << original;
  ProjectView view;
  view.extent = std::array<double, 4>{400000.25, 4300000, 410000, 4305000};
  view.layers = std::vector<std::string>{"b", "a"};
  view.hidden = {"a"};
  std::map<std::string, LayerStyleSpec> styles;
  styles["a"].fill = "#ff000080";
  styles["a"].labels = false;
  saveProjectDisplay(path, view, styles);
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.rfind(original, 0), 0u) << text;  // everything as it was, the sections after it
  Project p = readProject(path);
  EXPECT_DOUBLE_EQ((*p.view.extent)[0], 400000.25);
  EXPECT_EQ(*p.view.layers, (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(*p.styles.at("a").fill, "#ff000080");
  EXPECT_FALSE(*p.styles.at("a").labels);
  ASSERT_EQ(p.checks.size(), 1u);
  // Saved again: the sections are replaced, not repeated; an empty one goes.
  view.hidden.clear();
  saveProjectDisplay(path, view, {});
  std::ifstream again(path);
  const std::string second((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>());
  EXPECT_EQ(second.find("view:"), second.rfind("view:")) << second;
  EXPECT_EQ(second.find("styles:"), std::string::npos) << second;
  EXPECT_NE(second.find("# 检查\nchecks:"), std::string::npos) << second;
  p = readProject(path);
  EXPECT_TRUE(p.view.hidden.empty());
  EXPECT_TRUE(p.styles.empty());
}

// `formats:` names the files a run writes: a list or a comma-separated text; none is JSON only.
TEST(ProjectFormats, AListATextAndNoneAreRead) {
  const auto formatsOf = [](const std::string& name, const std::string& line) {
    const std::string path = test::freshFolder("project_formats_" + name) + "/project.yaml";
    std::ofstream(path) << kLayer << line;
    return readProject(path).formats;
  };
  EXPECT_FALSE(formatsOf("unset", ""));
  const auto list = formatsOf("list", "formats: [gpkg, csv]\n");
  ASSERT_TRUE(list);
  EXPECT_EQ(formatNames(list->included()), "gpkg, csv");
  EXPECT_EQ(formatNames(formatsOf("text", "formats: PDF, shp\n")->included()), "shp, pdf");
  EXPECT_EQ(*formatsOf("none", "formats: none\n"), OutputFormats::none());
  EXPECT_EQ(*formatsOf("empty_list", "formats: []\n"), OutputFormats::none());
  EXPECT_EQ(*formatsOf("empty_text", "formats: ''\n"), OutputFormats::none());
}

TEST(ProjectFormats, AnUnknownFormatIsNamedWithTheLineAndTheKnownOnes) {
  const std::string e = problem("formats_unknown", std::string(kLayer) + "formats: [gpkg, kml]\n");
  EXPECT_NE(e.find("line 5"), std::string::npos) << e;
  EXPECT_NE(e.find("formats"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown format 'kml'"), std::string::npos) << e;
  EXPECT_NE(e.find("shp, gpkg, csv, xlsx, pdf"), std::string::npos) << e;
  EXPECT_NE(problem("formats_map", std::string(kLayer) + "formats: {gpkg: 1}\n").find("must be a list of formats"), std::string::npos);
}

TEST(OutputFormats, ParsingAcceptsCommasSpacesCaseJsonAndAll) {
  EXPECT_EQ(parseOutputFormats("", "--formats"), OutputFormats::none());
  EXPECT_EQ(parseOutputFormats("none", "--formats"), OutputFormats::none());
  EXPECT_EQ(parseOutputFormats("json", "--formats"), OutputFormats::none());  // always written anyway
  EXPECT_EQ(parseOutputFormats("all", "--formats"), OutputFormats::all());
  EXPECT_EQ(formatNames(parseOutputFormats(" XLSX ,gpkg  csv", "--formats").included()), "gpkg, csv, xlsx");
  const Language before = language();
  setLanguage(Language::English);
  for (const char* bad : {"shp,kml", "none,shp"}) {
    try {
      parseOutputFormats(bad, "--formats");
      ADD_FAILURE() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), Error::Kind::Usage);
      EXPECT_EQ(std::string(e.what()).rfind("--formats: ", 0), 0u) << e.what();
    }
  }
  setLanguage(before);
}

}  // namespace
}  // namespace sanxian
