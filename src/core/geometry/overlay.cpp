#include "core/geometry/overlay.h"

#include <cstdlib>
#include <cstring>

#include "core/geometry/grid_overlay.h"

namespace sanxian::overlay {
namespace {

template <typename Exact, typename OnGrid>
Result robust(Exact exact, OnGrid onGrid) {
  Result result;
  if (GEOSGeometry* g = exact()) {
    result.geometry.reset(g);
    return result;
  }
  result.firstError = geos::lastError();
  result.retriedOnGrid = true;
  result.geometry = geos::own(onGrid(), "overlay on the 1 mm grid");
  return result;
}

}  // namespace

Result intersection(const GEOSGeometry* a, const GEOSGeometry* b) {
  return robust([&] { return GEOSIntersection_r(geos::ctx(), a, b); },
                [&] { return GEOSIntersectionPrec_r(geos::ctx(), a, b, kRetryGridMetres); });
}

Result polygonIntersection(const GEOSGeometry* a, const GEOSGeometry* b) {
  static const bool geosOnly = [] {
    const char* kernel = std::getenv("SANXIAN_OVERLAY_KERNEL");
    return kernel && std::strcmp(kernel, "geos") == 0;
  }();
  if (!geosOnly) {
    if (geos::GeomPtr piece = gridIntersection(a, b)) {
      Result result;
      result.geometry = std::move(piece);
      result.gridKernel = true;
      return result;
    }
  }
  Result result = intersection(a, b);
  result.geometry = polygonalPart(result.geometry.get());
  result.fellBack = !geosOnly;
  return result;
}

Result difference(const GEOSGeometry* a, const GEOSGeometry* b) {
  return robust([&] { return GEOSDifference_r(geos::ctx(), a, b); },
                [&] { return GEOSDifferencePrec_r(geos::ctx(), a, b, kRetryGridMetres); });
}

Result unionAll(const std::vector<const GEOSGeometry*>& parts) {
  std::vector<GEOSGeometry*> clones;
  clones.reserve(parts.size());
  for (const GEOSGeometry* p : parts) clones.push_back(GEOSGeom_clone_r(geos::ctx(), p));
  geos::GeomPtr collection = geos::own(
      GEOSGeom_createCollection_r(geos::ctx(), GEOS_GEOMETRYCOLLECTION, clones.data(), static_cast<unsigned>(clones.size())),
      "collection");
  return robust([&] { return GEOSUnaryUnion_r(geos::ctx(), collection.get()); },
                [&] { return GEOSUnaryUnionPrec_r(geos::ctx(), collection.get(), kRetryGridMetres); });
}

geos::GeomPtr polygonalPart(const GEOSGeometry* g) {
  if (geos::isPolygonal(g)) return geos::clone(g);
  return geos::extractDimension(g, 2);
}

}  // namespace sanxian::overlay
