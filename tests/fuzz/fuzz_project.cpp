// Fuzz target: a project file read and checked (readProject), as
// `sanxian run` does first. Any text must either read or give a usage
// error naming the line — never crash, hang, or blow up (YAML aliases).
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/base/error.h"
#include "core/run/project.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = [] {
    const std::string folder = std::filesystem::temp_directory_path().string() + "/sanxian-fuzz-project-" + std::to_string(::getpid());
    std::filesystem::create_directories(folder);
    return folder + "/project.yaml";
  }();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)sanxian::readProject(path);
  } catch (const sanxian::Error&) {
  }
  return 0;
}
