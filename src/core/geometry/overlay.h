// Robust overlay: GEOS OverlayNG through the C API, retried once on a fixed
// precision grid when floating-point noding fails (a TopologyException),
// as GEOS itself recommends. The caller learns whether the retry happened
// so that it can report it. All coordinates are metres (analysis CRS).
#pragma once

#include <string>
#include <vector>

#include "core/base/geos.h"

namespace sanxian::overlay {

// Grid of the retry: 1 mm, far below any surveyed precision of control
// lines (GB/T 21010 parcels are digitized to 0.01 m at best).
constexpr double kRetryGridMetres = 0.001;

struct Result {
  geos::GeomPtr geometry;
  bool retriedOnGrid = false;
  std::string firstError;  // GEOS's message when the retry was needed
  bool gridKernel = false;  // polygonIntersection: computed by the grid kernel
  bool fellBack = false;    // polygonIntersection: the grid kernel could not, GEOS did
};

Result intersection(const GEOSGeometry* a, const GEOSGeometry* b);
Result difference(const GEOSGeometry* a, const GEOSGeometry* b);
// The polygonal part of the intersection of two polygonal geometries, by
// the grid kernel (grid_overlay.h: Clipper on a per-pair integer grid,
// about 2.5 times as fast) and by GEOS where it cannot (`fellBack`). With
// SANXIAN_OVERLAY_KERNEL=geos in the environment, GEOS alone (to compare).
Result polygonIntersection(const GEOSGeometry* a, const GEOSGeometry* b);

// Union of many geometries (may be empty: gives an empty polygon).
Result unionAll(const std::vector<const GEOSGeometry*>& parts);

// The polygonal part of an overlay result: drops the lines and points that
// GEOS returns where two polygons only touch.
geos::GeomPtr polygonalPart(const GEOSGeometry* g);

}  // namespace sanxian::overlay
