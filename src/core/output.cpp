#include "output.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "error.h"
#include "text.h"

namespace sanxian {

namespace {

namespace fs = std::filesystem;

constexpr const char* kTemporaryPrefix = ".sanxian-tmp-";
constexpr const char* kStagingPrefix = ".sanxian-staging-";
constexpr const char* kStagingMarker = ".sanxian-staging";

// The PID in a name made by temporaryPath or stagingFolder, or 0.
long owner(const std::string& name, const std::string& prefix) {
  if (name.rfind(prefix, 0) != 0) return 0;
  char* end = nullptr;
  const long pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
  return end != name.c_str() + prefix.size() && (*end == '\0' || *end == '-') ? pid : 0;
}

bool alive(long pid) { return pid == ::getpid() || fs::exists("/proc/" + std::to_string(pid)); }

}  // namespace

std::string temporaryPath(const std::string& path) {
  const fs::path p(path);
  return (p.parent_path() / (kTemporaryPrefix + std::to_string(::getpid()) + "-" + p.filename().string())).string();
}

std::string stagingFolder(const std::string& path) {
  const fs::path p(path);
  const fs::path folder = p.parent_path() / (kStagingPrefix + std::to_string(::getpid()) + "-" + p.filename().string());
  std::error_code ec;
  fs::remove_all(folder, ec);
  fs::create_directories(folder, ec);
  if (ec) throwInput(format(tr("无法创建临时目录：%s", "cannot create a temporary folder: %s"), ec.message().c_str()), {folder.string()});
  writeFileAtomically((folder / kStagingMarker).string(), "sanxian: files being written\n");
  return folder.string();
}

void makeOutputFolder(const std::string& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throwInput(format(tr("无法创建输出目录：%s", "cannot create the output folder: %s"), ec.message().c_str()), {folder});
  // Only what a killed run of ours left, recognised by its name (and, for a
  // folder, the marker it holds): never a file or folder of the user's.
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (const long pid = owner(name, kTemporaryPrefix); pid > 0 && !alive(pid) && entry.is_regular_file(ec)) {
      fs::remove(entry.path(), ec);
    } else if (const long pid = owner(name, kStagingPrefix); pid > 0 && !alive(pid) && fs::is_regular_file(entry.path() / kStagingMarker, ec)) {
      fs::remove_all(entry.path(), ec);
    }
  }
}

void writeFileAtomically(const std::string& path, const std::string& content) {
  const std::string temporary = temporaryPath(path);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throwInput(tr("无法写入", "cannot write"), {temporary});
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      throwInput(tr("写入失败（磁盘已满？）", "write failed (disk full?)"), {temporary});
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::remove(temporary.c_str());
    throwInput(format(tr("无法重命名为目标文件：%s", "cannot rename into place: %s"), ec.message().c_str()), {path});
  }
}

}  // namespace sanxian
