#include "core/run/provenance.h"

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

#include "core/base/error.h"
#include "core/base/text.h"

#ifndef SANXIAN_VERSION
#define SANXIAN_VERSION "unknown"
#endif

namespace sanxian {

namespace fs = std::filesystem;

const char* toolVersion() { return SANXIAN_VERSION; }

std::string sha256File(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throwInput(tr("无法读取文件以计算校验值", "cannot read the file to hash it"), {path});
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr);
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    EVP_DigestUpdate(context.get(), buffer.data(), static_cast<size_t>(in.gcount()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::vector<std::string> sourceFiles(const std::string& source) {
  std::vector<std::string> files;
  std::error_code ec;
  if (source.rfind("PG:", 0) == 0 || !fs::exists(source, ec)) return files;
  const fs::path path(source);
  if (fs::is_directory(path)) {
    for (const auto& entry : fs::recursive_directory_iterator(path))
      if (entry.is_regular_file()) files.push_back(entry.path().string());
  } else {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), ::tolower);
    if (extension == ".shp") {
      for (const char* sidecar : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
        for (const std::string& ext : {std::string(sidecar), [&] {
               std::string upper = sidecar;
               std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
               return upper;
             }()}) {
          fs::path candidate = path;
          candidate.replace_extension(ext);
          if (fs::exists(candidate)) {
            files.push_back(candidate.string());
            break;
          }
        }
      }
    } else {
      files.push_back(source);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

nlohmann::ordered_json inputFingerprints(const std::vector<std::string>& sources) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& source : sources) {
    if (source.rfind("PG:", 0) == 0) {
      out.push_back({{"source", "PostgreSQL"}, {"note", "database table: no file to hash"}});
      continue;
    }
    for (const auto& file : sourceFiles(source))
      out.push_back({{"path", file}, {"bytes", fs::file_size(file)}, {"sha256", sha256File(file)}});
  }
  return out;
}

}  // namespace sanxian
