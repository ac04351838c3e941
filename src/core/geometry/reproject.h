// Reprojection that keeps shapes: moves geometry from its own CRS into
// another (the analysis plane) with PROJ, adding vertices along each edge
// until the moved edge follows the edge as drawn to within kEdgeTolerance
// in the target plane. An edge as drawn is a geodesic between degree
// vertices (as `sanxian area`, PostGIS geography and GeographicLib measure
// degree data) and a straight line in the source plane for projected data
// (as the land survey draws and measures it). Moving only the vertices
// would draw every edge straight in the target plane instead: a different
// polygon, whose area differs by about L²/(12 R²) relative for edges of
// length L, and which can cross a neighbour the original only came near.
//
// How edges are split. A degree edge longer than kLongestGeodesicPart is
// first cut into equal parts along its geodesic (see there: that keeps the
// area). Then each edge or part is halved while the image of its midpoint
// as drawn lies further than kEdgeTolerance from the midpoint of the
// image's chord (that keeps the shape). Before any midpoint is computed, a
// bound on the curvature of the moved edge skips the edges that cannot
// bend that much: between Transverse Mercator planes and from degrees into
// one, the image of an edge bends by at most about (|x_source| +
// |x_target|) / R² (x: distance from each central meridian), so an edge of
// length L deviates by at most that times L² / 8. Edges longer than
// kLongestUncheckedEdge are halved without asking, so that a curve bending
// both ways (crossing a central meridian) cannot hide behind a midpoint on
// its chord. An edge is split the same way whichever way it runs, so a
// border two neighbours share gets the same vertices in both.
//
// Threads: a Reprojector holds PROJ objects; use one per thread (copying
// builds fresh PROJ state).
#pragma once

#include <memory>
#include <stdexcept>

#include "core/base/geos.h"
#include "core/io/layer.h"

namespace sanxian {

// Largest distance, in metres of the target plane, between a moved edge
// and the edge as drawn. Shapes would keep with a millimetre; areas need
// less: the chords of a split edge all lie inside its bend, each losing
// (2/3)·l·s of area (l its length, s ≤ the tolerance), so a polygon loses
// up to (2/3)·t·perimeter. With 0.01 mm, a 20 km parcel moved from CM 108°E
// to 105°E keeps its area to 2e-10 (0.1 mm: 3e-9), at about one vertex
// per 100 m of edge in such a move (tests/core/test_harmonize.cpp).
constexpr double kEdgeTolerance = 1e-5;

// Edges longer than this (target metres) are halved without a midpoint test.
constexpr double kLongestUncheckedEdge = 5000;

// Degree edges longer than this (target metres) are cut into equal parts
// along the geodesic first. Not for the shape (the tolerance sees to that)
// but for the area: a polygon drawn with straight edges in any conformal
// plane exceeds the geodesic polygon on the same vertices by about
// l² / (12 R²) of its area (l: its edge length; Green's theorem on the
// bending |∇ln k| of geodesic images), wherever it lies — 4e-9 for the
// 1.4 km edges of a bow-tie on the central meridian, which no sagitta
// test would split. Parts of 100 m leave ~2e-11, as for Measurer's
// densify step.
constexpr double kLongestGeodesicPart = 100;

// A vertex PROJ could not transform (outside what the projection covers).
class ReprojectError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class Reprojector {
public:
  // Throws an input error (no file named: the caller adds it) when PROJ
  // cannot transform between the two CRSs.
  Reprojector(const CrsInfo& from, const CrsInfo& to);
  Reprojector(const Reprojector& other);  // fresh PROJ state
  Reprojector& operator=(const Reprojector&) = delete;
  ~Reprojector();

  // `g` moved into the target CRS with its edges densified as above.
  // Throws ReprojectError when a vertex cannot be transformed.
  geos::GeomPtr move(const GEOSGeometry* g);

  // Vertices added by move() so far on this Reprojector.
  size_t addedVertices() const;

  // What the move does between datums, for the load report ("" when both
  // CRSs share one): the user's seven parameters, PROJ's transformation
  // used at the point (x, y) of the source with its accuracy, or WGS 84
  // taken as CGCS2000. The constructor throws an input error, saying which
  // parameters to give, for a datum PROJ knows no transformation from.
  std::string datumNote(double x, double y);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sanxian
