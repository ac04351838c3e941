#include "report/files/output.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <algorithm>
#include <cstring>
#include <fstream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/run/provenance.h"

namespace sanxian {

namespace {

namespace fs = std::filesystem;

constexpr const char* kTemporaryPrefix = ".sanxian-tmp-";
constexpr const char* kStagingPrefix = ".sanxian-staging-";
constexpr const char* kStagingMarker = ".sanxian-staging";
constexpr const char* kJournalPrefix = ".sanxian-commit-";
constexpr const char* kLockFile = ".sanxian-lock";

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

std::string jsonText(const nlohmann::ordered_json& json) { return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace); }

void writeFileAtomically(const std::string& path, const std::string& content) {
  // A device or a pipe (--json /dev/stdout, /dev/null, a FIFO) is written
  // to, never replaced: renaming a file over /dev/null replaced the device.
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!ec && fs::exists(status) && !fs::is_regular_file(status)) {
    if (fs::is_directory(status)) throwInput(tr("输出路径是一个目录", "the output path is a folder"), {path});
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) throwInput(tr("写入失败", "write failed"), {path});
    return;
  }
  const std::string temporary = temporaryPath(path);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throwInput(tr("无法写入", "cannot write"), {temporary});
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      throwInput(tr("写入失败（磁盘已满？）", "write failed (disk full?)"), {path});
    }
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::remove(temporary.c_str());
    throwInput(format(tr("无法重命名为目标文件：%s", "cannot rename into place: %s"), ec.message().c_str()), {path});
  }
}


namespace {

// The same file, compared by what the paths resolve to (the output need not exist yet).
fs::path resolved(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::absolute(path).lexically_normal() : p;
}

// An input file's "family": a Shapefile's .shp, .dbf, .qml … share folder and stem.
bool sameFamily(const fs::path& a, const fs::path& b) {
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  return a.parent_path() == b.parent_path() && lower(a.stem().string()) == lower(b.stem().string());
}

bool isShapefilePart(const fs::path& p) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* x : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qml", ".qix", ".sbn", ".sbx", ".xml"})
    if (e == x) return true;
  return false;
}

// Which input `output` would replace, or "".
std::string clash(const std::vector<std::string>& sources, const fs::path& output) {
  for (const std::string& source : sources) {
    for (const std::string& file : sourceFiles(source)) {
      const fs::path input = resolved(file);
      if (input == output) return file;
      if (isShapefilePart(input) && isShapefilePart(output) && sameFamily(input, output)) return file;
    }
  }
  return {};
}

// Finishes the journalled moves of a run killed while committing.
void finishKilledCommits(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const long pid = owner(name, kJournalPrefix);
    if (pid <= 0 || alive(pid)) continue;
    std::ifstream journal(entry.path());
    std::string staging;
    std::getline(journal, staging);
    for (std::string relative; std::getline(journal, relative);) {
      if (relative.empty()) continue;
      const fs::path from = dir / staging / relative, to = dir / relative;
      if (!fs::exists(from, ec)) continue;  // moved before the kill
      fs::create_directories(to.parent_path(), ec);
      fs::rename(from, to, ec);
    }
    journal.close();
    if (staging.rfind(kStagingPrefix, 0) == 0) fs::remove_all(dir / staging, ec);
    fs::remove(entry.path(), ec);
  }
}

}  // namespace

void refuseInputAsOutput(const std::vector<std::string>& sources, const std::string& output) {
  if (output.empty() || output == "-") return;
  const std::string input = clash(sources, resolved(output));
  if (!input.empty())
    throwInput(format(tr("输出文件会覆盖输入 %s；请换一个输出位置", "the output would replace the input %s; choose another output path"), input.c_str()),
               {output});
}

StagedOutput::StagedOutput(const std::string& outputDir) : outputDir_(outputDir) {
  std::error_code ec;
  fs::create_directories(outputDir, ec);
  if (ec) throwInput(format(tr("无法创建输出目录：%s", "cannot create the output folder: %s"), ec.message().c_str()), {outputDir});
  // The lock file is removed when the run ends (it is not an output); a
  // lock taken on a file another run has just removed is retried, so two
  // runs never both hold it.
  lockPath_ = (fs::path(outputDir) / kLockFile).string();
  for (;;) {
    lock_ = ::open(lockPath_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_ < 0)
      throwInput(format(tr("输出目录不可写：%s", "the output folder is not writable: %s"), std::strerror(errno)), {outputDir});
    if (::flock(lock_, LOCK_EX | LOCK_NB) != 0) {
      ::close(lock_);
      lock_ = -1;
      throwInput(tr("另一个 sanxian 正在向此目录写入结果；请等它结束或换一个输出目录",
                    "another sanxian is writing into this folder; wait for it to finish or choose another output folder"),
                 {outputDir});
    }
    struct stat held {}, named {};
    if (::fstat(lock_, &held) == 0 && ::stat(lockPath_.c_str(), &named) == 0 && held.st_ino == named.st_ino && held.st_dev == named.st_dev)
      break;
    ::close(lock_);  // removed by the run that held it: take the new one
  }
  finishKilledCommits(outputDir);
  makeOutputFolder(outputDir);
  staging_ = stagingFolder((fs::path(outputDir) / "run").string());
}

StagedOutput::~StagedOutput() {
  std::error_code ec;
  if (!committed_ && !staging_.empty()) fs::remove_all(staging_, ec);
  if (lock_ >= 0) {
    ::unlink(lockPath_.c_str());  // while still held: a waiting run then retries on a new file
    ::close(lock_);               // releases the lock
  }
}

Error StagedOutput::named(const Error& e) const {
  Error::Where where = e.where();
  if (where.file.rfind(staging_, 0) == 0) where.file = finalPath(where.file);
  return Error(e.kind(), e.message(), where);
}

std::string StagedOutput::finalPath(const std::string& staged) const {
  return (fs::path(outputDir_) / fs::path(staged).lexically_relative(staging_)).lexically_normal().string();
}

void StagedOutput::refuseOverwritingInputs(const std::vector<std::string>& sources, const std::vector<std::string>& staged) const {
  const fs::path out = resolved(outputDir_);
  for (const std::string& source : sources) {
    std::error_code ec;
    if (source.rfind("PG:", 0) == 0 || !fs::is_directory(source, ec)) continue;
    const fs::path input = resolved(source);
    const auto [end, _] = std::mismatch(input.begin(), input.end(), out.begin(), out.end());
    if (end == input.end())
      throwInput(format(tr("输出目录位于输入 %s 之内；请换一个输出目录", "the output folder lies inside the input %s; choose another output folder"),
                        source.c_str()),
                 {outputDir_});
  }
  for (const std::string& file : staged) {
    const std::string target = finalPath(file);
    const std::string input = clash(sources, resolved(target));
    if (!input.empty())
      throwInput(format(tr("输出文件会覆盖输入 %s；请换一个输出目录", "an output would replace the input %s; choose another output folder"), input.c_str()),
                 {target});
  }
}

std::vector<std::string> StagedOutput::commit(const std::vector<std::string>& staged) {
  // The journal first (written whole, then renamed): from here on a kill is
  // finished by the next sanxian on this folder.
  const fs::path dir(outputDir_);
  const fs::path journal = dir / (kJournalPrefix + std::to_string(::getpid()));
  std::string list = fs::path(staging_).filename().string() + "\n";
  for (const std::string& file : staged) list += fs::path(file).lexically_relative(staging_).string() + "\n";
  writeFileAtomically(journal.string(), list);
  std::vector<std::string> out;
  std::error_code ec;
  // A move that fails leaves the journal and the private folder for the next sanxian to finish.
  committed_ = true;
  for (const std::string& file : staged) {
    const fs::path target = finalPath(file);
    fs::create_directories(target.parent_path(), ec);
    fs::rename(file, target, ec);
    if (ec) throwInput(format(tr("无法移动到输出目录：%s", "cannot move into the output folder: %s"), ec.message().c_str()), {target.string()});
    out.push_back(target.string());
  }
  fs::remove_all(staging_, ec);
  fs::remove(journal, ec);
  return out;
}

}  // namespace sanxian
