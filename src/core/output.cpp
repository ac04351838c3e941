#include "output.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "error.h"
#include "text.h"

namespace sanxian {

namespace {

// The PID in a name like "audit.shp.tmp-1234" or "x.tmp-1234.gpkg", or 0.
long temporaryOwner(const std::string& name) {
  const auto at = name.find(".tmp-");
  if (at == std::string::npos) return 0;
  char* end = nullptr;
  const long pid = std::strtol(name.c_str() + at + 5, &end, 10);
  return end != name.c_str() + at + 5 ? pid : 0;
}

}  // namespace

std::string temporarySuffix() { return ".tmp-" + std::to_string(::getpid()); }

void makeOutputFolder(const std::string& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throwInput(format(tr("无法创建输出目录：%s", "cannot create the output folder: %s"), ec.message().c_str()), {folder});
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const long pid = temporaryOwner(entry.path().filename().string());
    if (pid > 0 && pid != ::getpid() && !fs::exists("/proc/" + std::to_string(pid))) fs::remove_all(entry.path(), ec);
  }
}

void writeFileAtomically(const std::string& path, const std::string& content) {
  const std::string temporary = path + temporarySuffix();
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
