#include "core/geometry/grid_overlay.h"

#include <clipper.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace sanxian::overlay {
namespace {

namespace cl = ClipperLib;

// Grid steps from the pair's centre to its farthest corner. Clipper takes
// integers up to 4.6e18, but computes crossing points in doubles: at 1e15
// a double still resolves a fraction of a grid step.
constexpr double kStepsToFarthestCorner = 1e15;

// A pair's grid: local = (coordinate - origin) * scale, in grid steps,
// rounded to an integer for Clipper.
struct Grid {
  double originX = 0, originY = 0, scale = 0;

  double localX(double v) const { return (v - originX) * scale; }
  double localY(double v) const { return (v - originY) * scale; }
  double toX(cl::cInt v) const { return static_cast<double>(v) / scale + originX; }
  double toY(cl::cInt v) const { return static_cast<double>(v) / scale + originY; }
};

// Centred where the envelopes meet, the scale a power of two (exact to
// divide by) putting the farthest corner of either envelope about 1e15
// steps away. Fails (scale 0) on non-finite or empty envelopes.
Grid gridFor(const geos::Envelope& a, const geos::Envelope& b) {
  Grid grid;
  if (a.empty || b.empty) return grid;
  for (double v : {a.minX, a.minY, a.maxX, a.maxY, b.minX, b.minY, b.maxX, b.maxY})
    if (!std::isfinite(v)) return grid;
  grid.originX = std::round((std::max(a.minX, b.minX) + std::min(a.maxX, b.maxX)) / 2);
  grid.originY = std::round((std::max(a.minY, b.minY) + std::min(a.maxY, b.maxY)) / 2);
  double farthest = 1;
  for (double x : {a.minX, a.maxX, b.minX, b.maxX}) farthest = std::max(farthest, std::abs(x - grid.originX));
  for (double y : {a.minY, a.maxY, b.minY, b.maxY}) farthest = std::max(farthest, std::abs(y - grid.originY));
  grid.scale = std::exp2(std::floor(std::log2(kStepsToFarthestCorner / farthest)));
  return grid;
}

struct Point {
  double x, y;
};
using Ring = std::vector<Point>;  // in grid steps, without the closing point

// The part of space where the pair's intersection can lie, for one side:
// the other side's envelope grown by a margin (in grid steps).
struct Rect {
  double minX, minY, maxX, maxY;
};

// A ring clipped to the rectangle one side at a time (Sutherland–Hodgman).
// The result may run along the rectangle's edge where the ring left and
// re-entered it, a strip of no area; inside the rectangle it covers what the
// ring covers, so even-odd filling sees the same polygon there. With the
// margin, those runs lie outside the other side and never reach a piece.
Ring clipToRect(Ring ring, const Rect& r) {
  const auto side = [&ring](auto inside, auto crossing) {
    Ring out;
    out.reserve(ring.size() + 4);
    for (size_t k = 0; k < ring.size(); ++k) {
      const Point& p = ring[k];
      const Point& q = ring[(k + 1) % ring.size()];
      const bool pIn = inside(p), qIn = inside(q);
      if (pIn) out.push_back(p);
      if (pIn != qIn) out.push_back(crossing(p, q));
    }
    ring.swap(out);
  };
  const auto atX = [](const Point& p, const Point& q, double x) { return Point{x, p.y + (q.y - p.y) * (x - p.x) / (q.x - p.x)}; };
  const auto atY = [](const Point& p, const Point& q, double y) { return Point{p.x + (q.x - p.x) * (y - p.y) / (q.y - p.y), y}; };
  side([&](const Point& p) { return p.x >= r.minX; }, [&](const Point& p, const Point& q) { return atX(p, q, r.minX); });
  side([&](const Point& p) { return p.x <= r.maxX; }, [&](const Point& p, const Point& q) { return atX(p, q, r.maxX); });
  side([&](const Point& p) { return p.y >= r.minY; }, [&](const Point& p, const Point& q) { return atY(p, q, r.minY); });
  side([&](const Point& p) { return p.y <= r.maxY; }, [&](const Point& p, const Point& q) { return atY(p, q, r.maxY); });
  return ring;
}

// A ring on the grid, clipped to `keep` when it reaches outside: a large
// red-line patch or reserve is cut down to the neighbourhood of the
// licence before Clipper sees it (GEOS OverlayNG does the same with the
// overlay's envelope). A ring wholly outside adds nothing. Clipping works
// in grid steps, where a crossing point is computed to a fraction of a step.
bool addRing(const GEOSGeometry* geosRing, const Grid& grid, const Rect& keep, cl::Paths& paths) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos::ctx(), geosRing);
  unsigned size = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(geos::ctx(), seq, &size)) return false;
  if (size < 4) return size == 0;  // an empty ring adds nothing; a degenerate one is GEOS's to judge
  std::vector<double> xy(2 * size);
  if (!GEOSCoordSeq_copyToBuffer_r(geos::ctx(), seq, xy.data(), 0, 0)) return false;
  Ring ring(size - 1);  // without the closing point
  for (unsigned k = 0; k + 1 < size; ++k) ring[k] = {grid.localX(xy[2 * k]), grid.localY(xy[2 * k + 1])};
  Rect extent{ring[0].x, ring[0].y, ring[0].x, ring[0].y};
  for (const Point& p : ring) {
    extent.minX = std::min(extent.minX, p.x);
    extent.maxX = std::max(extent.maxX, p.x);
    extent.minY = std::min(extent.minY, p.y);
    extent.maxY = std::max(extent.maxY, p.y);
  }
  if (extent.minX > keep.maxX || extent.maxX < keep.minX || extent.minY > keep.maxY || extent.maxY < keep.minY) return true;
  if (extent.minX < keep.minX || extent.maxX > keep.maxX || extent.minY < keep.minY || extent.maxY > keep.maxY) ring = clipToRect(std::move(ring), keep);
  if (ring.size() < 3) return true;
  cl::Path path;
  path.reserve(ring.size());
  for (const Point& p : ring) path.emplace_back(static_cast<cl::cInt>(std::llround(p.x)), static_cast<cl::cInt>(std::llround(p.y)));
  paths.push_back(std::move(path));
  return true;
}

// Every ring of a polygon or multipolygon; false for any other geometry.
bool addRings(const GEOSGeometry* g, const Grid& grid, const Rect& keep, cl::Paths& paths) {
  const int type = GEOSGeomTypeId_r(geos::ctx(), g);
  if (type == GEOS_MULTIPOLYGON) {
    for (int k = 0, n = GEOSGetNumGeometries_r(geos::ctx(), g); k < n; ++k)
      if (!addRings(GEOSGetGeometryN_r(geos::ctx(), g, k), grid, keep, paths)) return false;
    return true;
  }
  if (type != GEOS_POLYGON) return false;
  if (GEOSisEmpty_r(geos::ctx(), g) == 1) return true;
  if (!addRing(GEOSGetExteriorRing_r(geos::ctx(), g), grid, keep, paths)) return false;
  for (int k = 0, n = GEOSGetNumInteriorRings_r(geos::ctx(), g); k < n; ++k)
    if (!addRing(GEOSGetInteriorRingN_r(geos::ctx(), g, k), grid, keep, paths)) return false;
  return true;
}

// How far beyond the other side's envelope a ring is kept: far above any
// rounding, so the strips clipping leaves lie clear of the other side.
constexpr double kClipMarginMetres = 1.0;

Rect grown(const geos::Envelope& e, const Grid& grid) {
  return {grid.localX(e.minX - kClipMarginMetres), grid.localY(e.minY - kClipMarginMetres), grid.localX(e.maxX + kClipMarginMetres),
          grid.localY(e.maxY + kClipMarginMetres)};
}

geos::GeomPtr linearRing(const cl::Path& path, const Grid& grid) {
  std::vector<double> xy;
  xy.reserve(2 * (path.size() + 1));
  for (const cl::IntPoint& p : path) {
    xy.push_back(grid.toX(p.X));
    xy.push_back(grid.toY(p.Y));
  }
  xy.push_back(xy[0]);  // GEOS rings are closed
  xy.push_back(xy[1]);
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(geos::ctx(), xy.data(), path.size() + 1, 0, 0);
  if (!seq) throw geos::GeosError("ring from the grid kernel");
  return geos::own(GEOSGeom_createLinearRing_r(geos::ctx(), seq), "ring from the grid kernel");
}

// A shell node of the tree and its holes as one polygon; the islands in
// its holes become polygons of their own.
void addPolygons(const cl::PolyNode& shell, const Grid& grid, std::vector<GEOSGeometry*>& polygons) {
  geos::GeomPtr outer = linearRing(shell.Contour, grid);
  std::vector<geos::GeomPtr> holes;
  for (const cl::PolyNode* hole : shell.Childs) holes.push_back(linearRing(hole->Contour, grid));
  std::vector<GEOSGeometry*> holePointers;
  for (auto& h : holes) holePointers.push_back(h.release());  // the polygon takes them
  polygons.push_back(GEOSGeom_createPolygon_r(geos::ctx(), outer.release(), holePointers.data(), static_cast<unsigned>(holePointers.size())));
  if (!polygons.back()) throw geos::GeosError("polygon from the grid kernel");
  for (const cl::PolyNode* hole : shell.Childs)
    for (const cl::PolyNode* island : hole->Childs) addPolygons(*island, grid, polygons);
}

geos::GeomPtr fromTree(const cl::PolyTree& tree, const Grid& grid) {
  std::vector<GEOSGeometry*> polygons;
  try {
    for (const cl::PolyNode* shell : tree.Childs) addPolygons(*shell, grid, polygons);
  } catch (...) {
    for (GEOSGeometry* p : polygons) GEOSGeom_destroy_r(geos::ctx(), p);
    throw;
  }
  if (polygons.empty()) return geos::own(GEOSGeom_createEmptyPolygon_r(geos::ctx()), "empty polygon");
  if (polygons.size() == 1) return geos::GeomPtr(polygons[0]);
  return geos::own(GEOSGeom_createCollection_r(geos::ctx(), GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size())),
                   "multipolygon from the grid kernel");
}

}  // namespace

geos::GeomPtr gridIntersection(const GEOSGeometry* a, const GEOSGeometry* b) {
  const geos::Envelope envelopeA = geos::envelope(a), envelopeB = geos::envelope(b);
  const Grid grid = gridFor(envelopeA, envelopeB);
  if (grid.scale == 0) return nullptr;
  cl::Paths subject, clip;
  if (!addRings(a, grid, grown(envelopeB, grid), subject) || !addRings(b, grid, grown(envelopeA, grid), clip)) return nullptr;
  if (subject.empty() || clip.empty()) return geos::own(GEOSGeom_createEmptyPolygon_r(geos::ctx()), "empty polygon");
  cl::PolyTree tree;
  try {
    cl::Clipper clipper;
    // Strictly simple: no ring touches itself, so each is a valid ring.
    clipper.StrictlySimple(true);
    // Shells and holes of valid polygons nest: even-odd sees them as GEOS does.
    clipper.AddPaths(subject, cl::ptSubject, true);
    clipper.AddPaths(clip, cl::ptClip, true);
    if (!clipper.Execute(cl::ctIntersection, tree, cl::pftEvenOdd, cl::pftEvenOdd)) return nullptr;
  } catch (const cl::clipperException&) {
    return nullptr;  // a coordinate out of Clipper's range
  }
  return fromTree(tree, grid);
}

}  // namespace sanxian::overlay
