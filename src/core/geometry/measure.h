// Measure: the areas and lengths Sanxian reports. Ellipsoidal figures are
// on the CGCS2000 ellipsoid (a = 6378137 m, f = 1/298.257222101) — or on
// the layer's own datum's ellipsoid for a datum on another one (see
// Measurer's constructor) — computed
// with PROJ's geodesic functions (Karney's algorithm, as GeographicLib's
// Planimeter); planar figures are in a projected CRS, for comparison with
// ArcGIS / QGIS and for the work that reports planar Gauss-Kruger area,
// always in metres and m²: coordinates in feet or any other linear unit
// are converted with the CRS's unit (CrsInfo::metresPerUnit).
// Owns no geometry and never repairs it: invalid input is measured as is.
//
// Edges. Staff draw polygons with straight edges in the Gauss-Kruger plane,
// and the land-survey method (TD/T 1055-2019) measures the polygon as drawn.
// For CGCS2000 Gauss-Kruger input (any Transverse Mercator on CGCS2000 in
// metres) that is computed exactly: the area of a ring up to 20 km wide as
// the integral of 1/k² (the inverse areal scale of the conformal map) over
// the plane polygon, and every length as the integral of 1/k along the
// plane edges (1/kᵖ as a quadratic through 9 of its values per 5 km cell,
// Green's theorem, Gauss-Legendre per edge; see measure.cpp), with no
// inverse projection of the vertices. It agrees with Planimeter on the
// figure densified to 1 m to ~2e-11 (areas) and ~5e-13 (perimeters).
// Otherwise — other CRSs, rings wider than 20 km — projected input is
// densified in the plane (no edge longer than
// `densifyStep`) before it is inverse-projected and measured: lengths with
// geodesic edges, areas as the shoelace area in a Lambert azimuthal
// equal-area plane centred near the ring (the same as geodesic edges to
// ~1e-12 for such short edges). Geographic input, and projected input with
// densification off (densifyStep = 0), keep geodesic edges between their
// vertices, as Planimeter does.
//
// Why 100 m. In a conformal projection the image of a geodesic bends with
// curvature |grad ln k| ≈ E / R² (E: distance from the central meridian),
// so a straight plane edge of length L and the geodesic between its ends
// enclose a lens of about E·Δy·L² / (12 R²). Summed round a closed polygon
// (Green: ∮E dy = area) the relative area difference is about
// L² / (12 R²) wherever the polygon lies: 8e-9 for 2 km edges, 2e-7 for
// the 10 km edges of a large mining right, and 2e-11 for 100 m sub-edges —
// far below the 1e-9 to which we match GeographicLib. Survey data rarely has
// edges longer than 100 m, so densifying costs little where it is not
// needed (tests/bench/bench_measure prints the measured effect).
//
// Threads. A Measurer holds PROJ objects (not thread-safe) and scratch
// buffers: use one per thread. Copying a Measurer builds fresh PROJ state,
// so tbb::enumerable_thread_specific<Measurer> works, and threadMeasurer()
// keeps one per thread and CRS.
#pragma once

#include <memory>
#include <string>

#include "core/base/geos.h"
#include "core/io/layer.h"

namespace sanxian {

// The CGCS2000 ellipsoid.
constexpr double kCgcs2000A = 6378137.0;
constexpr double kCgcs2000F = 1.0 / 298.257222101;

// Longest edge, in metres of the plane, left undivided before a projected
// polygon or line is measured on the ellipsoid. See the header comment.
constexpr double kDefaultDensifyStep = 100.0;

struct MeasureOptions {
  // Edges of projected input longer than this (plane metres, converted to
  // the CRS's unit) are split into equal parts no longer than it; 0 turns
  // densification off.
  double densifyStep = kDefaultDensifyStep;
  // Where planar figures are computed: empty means the input CRS when it is
  // projected. Required for geographic input (see planarCrsFor).
  std::string planarCrs;
};

// All the figures for one geometry. Polygons give area and perimeter (the
// length of all rings, holes included); lines give length and no area.
struct Measures {
  double area = 0;          // ellipsoidal, m², holes subtracted, never negative
  double length = 0;        // ellipsoidal, m
  double planarArea = 0;    // m² in the plane of Measurer::planarCrs(), whatever its unit
  double planarLength = 0;  // m in the plane of Measurer::planarCrs(), whatever its unit
};

class Measurer {
public:
  // Prepares the inverse projection from `crs` to CGCS2000 degrees — or,
  // for a datum on another ellipsoid than CGCS2000's (GRS80, WGS 84) and
  // without seven parameters, to the layer's own geographic CRS, measuring
  // on its own ellipsoid (NAD27 on Clarke 1866): no datum shift PROJ might
  // guess enters an area. Throws
  // an input error when PROJ cannot transform from `crs`, and when `crs` is
  // Xian 1980 or Beijing 1954 without the user's seven parameters: such
  // data must not be measured as if it were CGCS2000.
  explicit Measurer(const CrsInfo& crs, MeasureOptions options = {});
  Measurer(const Measurer& other);  // fresh PROJ state: safe to hand to another thread
  Measurer(Measurer&& other) noexcept;
  Measurer& operator=(const Measurer&) = delete;
  Measurer& operator=(Measurer&&) = delete;
  ~Measurer();

  // Ellipsoidal area in m² of the polygonal parts of `g` (0 for lines and
  // points, and for null or empty geometry).
  double area(const GEOSGeometry* g);
  // Ellipsoidal length in m of the lineal parts plus the perimeters of
  // the polygonal parts.
  double length(const GEOSGeometry* g);
  // The same in the plane of planarCrs().
  double planarArea(const GEOSGeometry* g);
  double planarLength(const GEOSGeometry* g);
  // All four in one pass over the coordinates. The planar figures are NaN
  // for geographic input without MeasureOptions::planarCrs (the planar*
  // functions throw then), and for a geometry the planar CRS cannot hold
  // (a point PROJ cannot transform there).
  Measures measure(const GEOSGeometry* g);
  // The same without the ellipsoidal perimeter of polygons (`length` then
  // holds the length of lineal parts only). A perimeter needs a geodesic
  // per edge, the dearest figure of all, and the checks never report it.
  Measures measureAreas(const GEOSGeometry* g);

  const CrsInfo& crs() const;
  // The CRS of the planar figures: the input CRS when projected, otherwise
  // the one given in MeasureOptions::planarCrs.
  const CrsInfo& planarCrs() const;
  const MeasureOptions& options() const;
  // True when ring areas and lengths are integrated in the Gauss-Kruger
  // plane (exactly as drawn, whatever the densify step) rather than densified.
  bool integratesAreasInPlane() const;
  // The ellipsoid the figures are on: "CGCS2000", or the layer's own.
  struct Ellipsoid {
    std::string name;
    double a = kCgcs2000A, f = kCgcs2000F;
  };
  Ellipsoid ellipsoid() const;

private:
  Measures measureWith(const GEOSGeometry* g, unsigned want);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// This thread's Measurer for `crs` and `options`, built on first use and
// kept until the thread ends: the cheap way to measure many small pieces
// from parallel code.
Measurer& threadMeasurer(const CrsInfo& crs, const MeasureOptions& options = {});

// The CRS for planar figures of data in `crs`: `crs` itself when it is
// projected, otherwise the CGCS2000 3-degree Gauss-Kruger zone whose
// central meridian is nearest `longitude` (the data's centre).
CrsInfo planarCrsFor(const CrsInfo& crs, double longitude);

// Ellipsoidal area (m², signed: counter-clockwise positive) and perimeter
// of one ring given as CGCS2000 longitude/latitude pairs in degrees
// (x0 y0 x1 y1 ...), closed implicitly; a repeated closing vertex is
// harmless.
struct RingMeasure {
  double signedArea = 0;
  double perimeter = 0;
};
RingMeasure geodesicRing(const double* lonLat, size_t count);

}  // namespace sanxian
