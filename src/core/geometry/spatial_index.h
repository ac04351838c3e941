// An STRtree over the geometries of one layer (items are feature indexes),
// built once and then queried from any number of threads at once.
#pragma once

#include <cstddef>
#include <vector>

#include "core/base/geos.h"

namespace sanxian {

class SpatialIndex {
public:
  // Indexes geometries[i] as item i; null geometries are left out.
  explicit SpatialIndex(const std::vector<const GEOSGeometry*>& geometries);
  ~SpatialIndex();
  SpatialIndex(const SpatialIndex&) = delete;
  SpatialIndex& operator=(const SpatialIndex&) = delete;

  // Items whose envelope meets the envelope of `g`, in ascending order (so
  // results built from them do not depend on the tree's layout).
  std::vector<size_t> candidates(const GEOSGeometry* g) const;
  // Items whose envelope meets the envelope grown by `distance`.
  std::vector<size_t> candidatesWithin(const GEOSGeometry* g, double distance) const;

  size_t size() const { return count_; }

private:
  GEOSSTRtree* tree_ = nullptr;
  std::vector<size_t> items_;  // stable storage for the tree's item pointers
  size_t count_ = 0;
};

}  // namespace sanxian
