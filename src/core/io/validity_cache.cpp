#include "core/io/validity_cache.h"

#include <geos_c.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

namespace sanxian {
namespace {

namespace fs = std::filesystem;

// Bumped when the file's content changes meaning.
constexpr int kFormat = 1;

std::string hex(const unsigned char* bytes, unsigned length) {
  static const char* digits = "0123456789abcdef";
  std::string text;
  for (unsigned k = 0; k < length; ++k) {
    text += digits[bytes[k] >> 4];
    text += digits[bytes[k] & 15];
  }
  return text;
}

}  // namespace

std::optional<ValidityCache> ValidityCache::user() {
  if (const char* dir = std::getenv("SANXIAN_CACHE_DIR"); dir && *dir) {
    if (std::string(dir) == "off") return std::nullopt;
    return ValidityCache(dir);
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return ValidityCache((fs::path(xdg) / "sanxian").string());
  if (const char* home = std::getenv("HOME"); home && *home) return ValidityCache((fs::path(home) / ".cache" / "sanxian").string());
  return std::nullopt;
}

std::string ValidityCache::key(const std::vector<const WkbBytes*>& geometries) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr);
  const std::string header = "sanxian validity " + std::to_string(kFormat) + " GEOS " + GEOSversion() + " features " +
                             std::to_string(geometries.size()) + "\n";
  EVP_DigestUpdate(context.get(), header.data(), header.size());
  for (const WkbBytes* wkb : geometries) {
    // The size first: the bytes of two features never read as those of others.
    const uint64_t size = wkb->size();
    EVP_DigestUpdate(context.get(), &size, sizeof size);
    EVP_DigestUpdate(context.get(), wkb->data(), wkb->size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  return hex(digest, length);
}

std::string ValidityCache::path(const std::string& key) const { return (fs::path(folder_) / "validity" / (key + ".json")).string(); }

std::optional<std::vector<std::string>> ValidityCache::find(const std::string& key, size_t count) const {
  std::ifstream in(path(key));
  if (!in) return std::nullopt;
  try {
    const nlohmann::json kept = nlohmann::json::parse(in);
    if (kept.at("format").get<int>() != kFormat || kept.at("features").get<size_t>() != count) return std::nullopt;
    std::vector<std::string> reasons(count);
    for (const auto& entry : kept.at("invalid")) {
      const size_t index = entry.at(0).get<size_t>();
      if (index >= count) return std::nullopt;
      reasons[index] = entry.at(1).get<std::string>();
    }
    return reasons;
  } catch (const std::exception&) {
    return std::nullopt;  // damaged: judged afresh, and rewritten
  }
}

void ValidityCache::store(const std::string& key, const std::vector<std::string>& reasons) const {
  try {
    nlohmann::json kept = {{"format", kFormat}, {"features", reasons.size()}, {"invalid", nlohmann::json::array()}};
    for (size_t k = 0; k < reasons.size(); ++k)
      if (!reasons[k].empty()) kept["invalid"].push_back({k, reasons[k]});
    const fs::path target = path(key);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return;
    const fs::path temporary = target.string() + ".tmp-" + std::to_string(getpid());
    {
      std::ofstream out(temporary, std::ios::trunc);
      out << kept.dump();
      if (!out) {
        fs::remove(temporary, ec);
        return;
      }
    }
    fs::rename(temporary, target, ec);
    if (ec) fs::remove(temporary, ec);
  } catch (const std::exception&) {
    // A cache that cannot be written is no cache.
  }
}

}  // namespace sanxian
