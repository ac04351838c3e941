// RAII over the GEOS re-entrant C API: one context per thread, geometry and
// prepared-geometry handles in unique_ptrs, GEOS errors as exceptions.
//
// Geometries are plain immutable values once built: any thread may read a
// geometry (area, intersects, overlay input) through its own context. A
// geometry is destroyed through the context of the thread that drops it.
#pragma once

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

namespace sanxian::geos {

// This thread's GEOS context, created on first use with handlers that
// record the last error message, destroyed when the thread ends.
GEOSContextHandle_t ctx();

// The last error GEOS reported on this thread ("" if none).
std::string lastError();

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const;
};
struct PreparedDeleter {
  void operator()(const GEOSPreparedGeometry* g) const;
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

// Takes ownership of a geometry a GEOS call returned; throws a GeosError
// with GEOS's message (and `what`) when the call failed (nullptr).
GeomPtr own(GEOSGeometry* g, const char* what);

// A GEOS call failed: invalid topology, bad input, out of memory.
class GeosError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

GeomPtr clone(const GEOSGeometry* g);
GeomPtr fromWkb(const unsigned char* wkb, size_t size);
GeomPtr fromWkt(const std::string& wkt);
std::string toWkt(const GEOSGeometry* g, int decimals = -1);
PreparedPtr prepare(const GEOSGeometry* g);

// Planar measures in the geometry's own units.
double area(const GEOSGeometry* g);
double length(const GEOSGeometry* g);

bool isEmpty(const GEOSGeometry* g);
int typeId(const GEOSGeometry* g);  // GEOS_POLYGON, GEOS_MULTIPOLYGON, ...
bool isPolygonal(const GEOSGeometry* g);
bool isLineal(const GEOSGeometry* g);

struct Envelope {
  double minX = 0, minY = 0, maxX = 0, maxY = 0;
  bool empty = true;
  void expand(const Envelope& other);
  // Whether the two share a point (edges included); never for an empty one.
  bool intersects(const Envelope& other) const;
  // Wider by `by` on every side (an empty envelope stays empty).
  Envelope grown(double by) const;
};
Envelope envelope(const GEOSGeometry* g);

// Validity in GEOS's words: empty string when valid, otherwise the reason
// ("Self-intersection[x y]").
std::string invalidReason(const GEOSGeometry* g);

// How MakeValid rebuilds an invalid polygon. Linework (GEOS's original
// method, the one PostGIS ST_MakeValid and QGIS "Fix geometries" use)
// nodes all the rings and keeps the faces covered an odd number of times:
// a self-overlapping ring loses the part it covers twice. Structure
// rebuilds shells and holes and unions the shells: that part is kept once.
// A bow-tie becomes two triangles either way.
enum class RepairMode { Linework, Structure };

// Repairs with GEOS MakeValid in `mode` (structure drops collapsed parts;
// linework keeps them as lines or points, for the caller to sort out).
GeomPtr makeValid(const GEOSGeometry* g, RepairMode mode);

// Keeps only the parts of dimension `dimension` (2 polygons, 1 lines,
// 0 points) of a geometry, as a multi-geometry or a single one; returns an
// empty geometry when none is left.
GeomPtr extractDimension(const GEOSGeometry* g, int dimension);

}  // namespace sanxian::geos
