#include "core/base/data_dir.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

// Both set by src/core/CMakeLists.txt: the source tree holding layers/ and
// styles/, and the build tree whose executables may use it.
#ifndef SANXIAN_SOURCE_DIR
#define SANXIAN_SOURCE_DIR ""
#endif
#ifndef SANXIAN_BUILD_DIR
#define SANXIAN_BUILD_DIR ""
#endif

namespace sanxian {
namespace {

namespace fs = std::filesystem;

std::string& overridden() {
  static std::string dir;
  return dir;
}

fs::path executableDirectory() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

// True when `inner` is `outer` or lies below it (both made canonical).
bool isWithin(const fs::path& inner, const fs::path& outer) {
  std::error_code ec;
  const fs::path a = fs::weakly_canonical(inner, ec);
  if (ec) return false;
  const fs::path b = fs::weakly_canonical(outer, ec);
  if (ec || b.empty()) return false;
  auto [end, _] = std::mismatch(b.begin(), b.end(), a.begin(), a.end());
  return end == b.end();
}

struct Found {
  std::string dir;
  std::string source;
};

Found find() {
  if (!overridden().empty()) return {overridden(), "--data-dir"};
  if (const char* env = std::getenv("SANXIAN_DATA_DIR"); env && *env) return {env, "SANXIAN_DATA_DIR"};
  const fs::path exeDir = executableDirectory();
  const fs::path installed = (exeDir / ".." / "share" / "sanxian").lexically_normal();
  if (!exeDir.empty() && fs::exists(installed / "layers" / "roles.yaml")) return {installed.string(), "installed"};
  const std::string source = SANXIAN_SOURCE_DIR, build = SANXIAN_BUILD_DIR;
  if (!source.empty() && !build.empty() && !exeDir.empty() && isWithin(exeDir, build)) return {source, "build tree"};
  return {installed.string(), "not found"};
}

}  // namespace

std::string dataDirectory() { return find().dir; }

std::string dataDirectorySource() { return find().source; }

void setDataDirectory(const std::string& dir) { overridden() = dir; }

}  // namespace sanxian
