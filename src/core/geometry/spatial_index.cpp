#include "core/geometry/spatial_index.h"

#include <algorithm>

namespace sanxian {
namespace {

void collect(void* item, void* userdata) {
  static_cast<std::vector<size_t>*>(userdata)->push_back(*static_cast<const size_t*>(item));
}

}  // namespace

SpatialIndex::SpatialIndex(const std::vector<const GEOSGeometry*>& geometries) {
  tree_ = GEOSSTRtree_create_r(geos::ctx(), 10);
  items_.resize(geometries.size());
  for (size_t i = 0; i < geometries.size(); ++i) {
    items_[i] = i;
    if (!geometries[i] || geos::isEmpty(geometries[i])) continue;
    GEOSSTRtree_insert_r(geos::ctx(), tree_, geometries[i], &items_[i]);
    ++count_;
  }
  // GEOS builds the tree lazily on the first query, which is not safe to
  // race: build it here, before any thread queries.
  geos::GeomPtr probe = geos::own(GEOSGeom_createPointFromXY_r(geos::ctx(), 0, 0), "point");
  std::vector<size_t> ignored;
  GEOSSTRtree_query_r(geos::ctx(), tree_, probe.get(), &collect, &ignored);
}

SpatialIndex::~SpatialIndex() { GEOSSTRtree_destroy_r(geos::ctx(), tree_); }

std::vector<size_t> SpatialIndex::candidates(const GEOSGeometry* g) const {
  std::vector<size_t> found;
  if (!g || geos::isEmpty(g)) return found;
  GEOSSTRtree_query_r(geos::ctx(), tree_, g, &collect, &found);
  std::sort(found.begin(), found.end());
  return found;
}

std::vector<size_t> SpatialIndex::candidatesWithin(const GEOSGeometry* g, double distance) const {
  if (!g || geos::isEmpty(g)) return {};
  const geos::Envelope e = geos::envelope(g);
  geos::GeomPtr box = geos::own(GEOSGeom_createRectangle_r(geos::ctx(), e.minX - distance, e.minY - distance, e.maxX + distance,
                                                           e.maxY + distance),
                                "rectangle");
  return candidates(box.get());
}

}  // namespace sanxian
