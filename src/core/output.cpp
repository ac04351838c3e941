#include "output.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "error.h"
#include "text.h"

namespace sanxian {

void makeOutputFolder(const std::string& folder) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throwInput(format(tr("无法创建输出目录：%s", "cannot create the output folder: %s"), ec.message().c_str()), {folder});
}

void writeFileAtomically(const std::string& path, const std::string& content) {
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
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
