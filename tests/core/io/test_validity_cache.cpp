// The validity verdicts kept across runs (validity_cache.h): kept and found
// by the geometries' bytes, a changed geometry misses, a damaged file is no
// verdict, and loading a large layer twice judges it once.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/io/load.h"
#include "core/io/validity_cache.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

TEST(ValidityCache, KeepsAndFindsTheReasonsByTheGeometriesBytes) {
  const ValidityCache cache(test::freshFolder("validity_cache_keep"));
  const WkbBytes one = {1, 2, 3}, two = {4, 5};
  const std::string key = ValidityCache::key({&one, &two});
  EXPECT_FALSE(cache.find(key, 2));
  cache.store(key, {"", "Self-intersection[1 2]"});
  const auto found = cache.find(key, 2);
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, (std::vector<std::string>{"", "Self-intersection[1 2]"}));
  EXPECT_FALSE(cache.find(key, 3));  // another feature count: not this layer
  const WkbBytes changed = {4, 6};
  EXPECT_NE(ValidityCache::key({&one, &changed}), key);
  const WkbBytes joined = {1, 2, 3, 4, 5}, none;
  EXPECT_NE(ValidityCache::key({&joined, &none}), key);  // sizes are part of the key
}

TEST(ValidityCache, ADamagedFileIsNoVerdict) {
  const std::string folder = test::freshFolder("validity_cache_damaged");
  const ValidityCache cache(folder);
  const WkbBytes one = {1};
  const std::string key = ValidityCache::key({&one});
  cache.store(key, {"x"});
  std::ofstream(fs::path(folder) / "validity" / (key + ".json"), std::ios::trunc) << "{\"format\": 1, \"features\": 1, \"inva";
  EXPECT_FALSE(cache.find(key, 1));
}

// A bow-tie among enough vertices to be kept (over kCachedFromBytes of WKB).
std::string largeLayerWithABowTie(const std::string& folder) {
  test::LayerSpec spec;
  spec.path = folder + "/redline.shp";
  spec.fields = {"HXBH"};
  spec.rows.push_back({"POLYGON((400000 4300000,400100 4300100,400100 4300000,400000 4300100,400000 4300000))", {"bow"}});
  // A circle of 70 000 vertices: about 1.1 MB of WKB.
  std::ostringstream circle;
  circle.precision(12);
  circle << "POLYGON((";
  const int n = 70000;
  for (int k = 0; k <= n; ++k) {
    const double angle = 6.283185307179586 * (k % n) / n;
    circle << (k ? "," : "") << 401000 + 500 * std::cos(angle) << " " << 4300000 + 500 * std::sin(angle);
  }
  circle << "))";
  spec.rows.push_back({circle.str(), {"circle"}});
  return test::writeLayer(spec);
}

TEST(ValidityCache, ALargeLayerLoadedTwiceIsJudgedOnce) {
  const std::string folder = test::freshFolder("validity_cache_load");
  const std::string cacheDir = folder + "/cache";
  setenv("SANXIAN_CACHE_DIR", cacheDir.c_str(), 1);
  LoadOptions options;
  options.source = largeLayerWithABowTie(folder);
  const RoleCatalog roles = RoleCatalog::loadDefault();
  const Layer first = load(options, roles);
  ASSERT_EQ(first.countIssues(LoadIssue::Kind::Invalid), 1u);
  ASSERT_EQ(std::distance(fs::directory_iterator(cacheDir + "/validity"), fs::directory_iterator()), 1);
  // The kept verdict is what the second load reports: shown by changing it.
  const fs::path kept = fs::directory_iterator(cacheDir + "/validity")->path();
  std::string text;
  std::getline(std::ifstream(kept), text);
  const size_t reason = text.find("Self-intersection");
  ASSERT_NE(reason, std::string::npos) << text;
  std::ofstream(kept, std::ios::trunc) << text.substr(0, reason) << "kept verdict" << text.substr(text.find('"', reason));
  const Layer second = load(options, roles);
  ASSERT_EQ(second.countIssues(LoadIssue::Kind::Invalid), 1u);
  const auto issue = std::find_if(second.issues.begin(), second.issues.end(), [](const LoadIssue& i) { return i.kind == LoadIssue::Kind::Invalid; });
  EXPECT_EQ(issue->message, "kept verdict");
  EXPECT_EQ(*issue->fid, 0);
  // Turned off: judged afresh.
  setenv("SANXIAN_CACHE_DIR", "off", 1);
  const Layer third = load(options, roles);
  unsetenv("SANXIAN_CACHE_DIR");
  ASSERT_EQ(third.countIssues(LoadIssue::Kind::Invalid), 1u);
  EXPECT_NE(std::find_if(third.issues.begin(), third.issues.end(), [](const LoadIssue& i) { return i.kind == LoadIssue::Kind::Invalid; })
                ->message.find("Self-intersection"),
            std::string::npos);
}

}  // namespace
}  // namespace sanxian
