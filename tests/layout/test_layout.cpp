// The source tree's layering, checked on every build: data flows from
// reading (core/io) through geometry and the checks to running a project,
// and on to the writers, the PDF, the command and the viewer; an include
// that points back against that flow fails here, naming the file and line.
// With SANXIAN_LAYOUT_GRAPH=1 in the environment it prints the include graph between folders
// (the figure in the README's "Source layout").
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// The folders of src/ in the order data flows through them. A folder may
// include its own headers and those of folders of a lower rank; two
// folders of one rank (the writers and the map renderer, the command and
// the viewer) do not know each other.
struct Module {
  const char* folder;  // relative to src/
  int rank;
};
const Module kModules[] = {
    {"core/base", 0},   {"core/io", 1},  {"core/geometry", 2}, {"core/checks", 3}, {"core/run", 4},
    {"report/files", 5}, {"render", 5},  {"report/pdf", 6},    {"cli", 7},         {"viewer", 7},
};

std::optional<Module> moduleOf(const std::string& pathFromSrc) {
  for (const Module& m : kModules) {
    const std::string prefix = std::string(m.folder) + "/";
    if (pathFromSrc.compare(0, prefix.size(), prefix) == 0) return m;
  }
  return std::nullopt;
}

struct Include {
  std::string file;  // the including file, relative to src/
  int line;
  std::string target;  // the included file, relative to src/
};

// Every #include "…" of the project's own headers under src/. A name with
// a folder ("core/io/layer.h") is read from src/; a bare name is beside
// the including file.
std::vector<Include> projectIncludes(const fs::path& src) {
  static const std::regex include(R"(^\s*#\s*include\s*"([^"]+)\")");
  std::vector<Include> found;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".h" && ext != ".cpp") continue;
    const std::string file = fs::relative(entry.path(), src).generic_string();
    std::ifstream in(entry.path());
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
      std::smatch m;
      if (!std::regex_search(text, m, include)) continue;
      std::string target = m[1].str();
      if (!fs::exists(src / target)) target = (fs::path(file).parent_path() / target).lexically_normal().generic_string();
      if (fs::exists(src / target)) found.push_back({file, line, target});
    }
  }
  return found;
}

TEST(Layout, EveryFileOfSrcIsInAFolderOfTheFlow) {
  for (const auto& entry : fs::recursive_directory_iterator(SANXIAN_SRC_DIR)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".h" && ext != ".cpp") continue;
    const std::string file = fs::relative(entry.path(), SANXIAN_SRC_DIR).generic_string();
    EXPECT_TRUE(moduleOf(file)) << file << " is in no folder of the layering (tests/layout/test_layout.cpp lists them)";
  }
}

TEST(Layout, IncludesPointOneWay) {
  std::map<std::pair<std::string, std::string>, int> edges;
  for (const Include& inc : projectIncludes(SANXIAN_SRC_DIR)) {
    const auto from = moduleOf(inc.file), to = moduleOf(inc.target);
    if (!from || !to) continue;  // reported by the test above
    if (std::string(from->folder) == to->folder) continue;
    ++edges[{from->folder, to->folder}];
    EXPECT_LT(to->rank, from->rank) << inc.file << ":" << inc.line << " includes " << inc.target << ": " << from->folder
                                    << " may not depend on " << to->folder;
  }
  if (std::getenv("SANXIAN_LAYOUT_GRAPH")) {
    std::cout << "include graph between folders (includes per arrow):\n";
    for (const auto& [edge, count] : edges) std::cout << "  " << edge.first << " → " << edge.second << "  " << count << "\n";
  }
}

}  // namespace
