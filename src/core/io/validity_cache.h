// The validity verdicts of a layer's geometries kept across runs. Judging
// validity is most of the time of loading a large layer (GEOS IsValidOp on
// every polygon: 5.9 of 9.2 CPU-seconds of loading at the L benchmark
// scale), and the same files are checked again and again. The verdict is
// a function of the geometries' bytes and the GEOS version alone, so it is
// kept under the SHA-256 of exactly those (every feature's WKB, in order):
// any change to a geometry, the feature order or GEOS misses the cache and
// the layer is judged afresh. Only layers of at least kCachedFromBytes of
// geometry are kept (a small one is judged in milliseconds). A cache that
// cannot be read or written is no cache: loading never fails because of it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sanxian {

// Smallest layer (bytes of WKB) whose verdicts are kept: about 1 MB, a
// layer GEOS judges in some 10 ms.
constexpr size_t kCachedFromBytes = size_t(1) << 20;

// One feature's geometry as read (empty for a null or empty geometry).
using WkbBytes = std::vector<unsigned char>;

class ValidityCache {
 public:
  explicit ValidityCache(std::string folder) : folder_(std::move(folder)) {}

  // The user's cache: $SANXIAN_CACHE_DIR ("off" turns the cache off), else
  // $XDG_CACHE_HOME/sanxian, else ~/.cache/sanxian; none without either.
  static std::optional<ValidityCache> user();

  // The key of a layer's geometries: SHA-256 of the GEOS version, the
  // feature count and every WKB with its size.
  static std::string key(const std::vector<const WkbBytes*>& geometries);

  // Each feature's reason ("" when valid), when kept for `key` and for
  // `count` features; nothing otherwise (or when the file is unreadable).
  std::optional<std::vector<std::string>> find(const std::string& key, size_t count) const;
  // Keeps the reasons under `key` (written to a temporary name and
  // renamed, so a reader never sees half a file). Never throws.
  void store(const std::string& key, const std::vector<std::string>& reasons) const;

 private:
  std::string path(const std::string& key) const;
  std::string folder_;
};

}  // namespace sanxian
