// The project file is checked whole before anything runs: kinds of values,
// required and unknown keys, duplicate ids, list or not, YAML aliases; each
// error is a usage error naming the file and the line.
#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "core/project.h"
#include "core/text.h"
#include "fixtures.h"

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

TEST(Project, AWellFormedProjectReads) {
  EXPECT_EQ(problem("fine", std::string(kLayer) + "checks:\n  - {name: 矿业权与红线, type: overlap, a: a, b: b, min_piece_area_m2: 0.5}\n"), "");
}

}  // namespace
}  // namespace sanxian
