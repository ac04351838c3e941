// The grid kernel (Clipper on a per-pair integer grid) against GEOS
// OverlayNG on hand-made pairs, WKT in: the same polygonal area to 1e-9
// relative, the same number of polygons, valid output, nothing where the
// pair only touches or does not meet; what it cannot take falls back.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/base/geos.h"
#include "core/geometry/grid_overlay.h"
#include "core/geometry/overlay.h"

namespace sanxian {
namespace {

// Coordinates as in the analysis CRS (CGCS2000 3° Gauss-Kruger, metres):
// large numbers, where rounding would show first.
const double kX = 39500000, kY = 4300000;

std::string square(double x, double y, double side) {
  const double x0 = kX + x, y0 = kY + y;
  char text[256];
  std::snprintf(text, sizeof text, "(%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f)", x0, y0, x0 + side, y0, x0 + side, y0 + side, x0,
                y0 + side, x0, y0);
  return text;
}

std::string polygon(const std::string& shell, const std::string& hole = "") {
  return "POLYGON(" + shell + (hole.empty() ? "" : "," + hole) + ")";
}

int polygonCount(const GEOSGeometry* g) { return geos::isEmpty(g) ? 0 : GEOSGetNumGeometries_r(geos::ctx(), g); }

// Both kernels on one pair; the grid kernel's result, checked against GEOS's.
geos::GeomPtr expectSameAsGeos(const std::string& wktA, const std::string& wktB) {
  const geos::GeomPtr a = geos::fromWkt(wktA), b = geos::fromWkt(wktB);
  const overlay::Result reference = overlay::intersection(a.get(), b.get());
  const geos::GeomPtr expected = overlay::polygonalPart(reference.geometry.get());
  geos::GeomPtr grid = overlay::gridIntersection(a.get(), b.get());
  EXPECT_TRUE(grid) << "the grid kernel should take " << wktA << " × " << wktB;
  if (!grid) return grid;
  EXPECT_EQ(geos::invalidReason(grid.get()), "") << geos::toWkt(grid.get());
  EXPECT_TRUE(geos::isPolygonal(grid.get()));
  const double want = geos::area(expected.get()), got = geos::area(grid.get());
  EXPECT_LE(std::abs(got - want), 1e-9 * std::max(want, 1e-3)) << "GEOS " << want << " grid " << got;
  EXPECT_EQ(polygonCount(grid.get()), polygonCount(expected.get())) << geos::toWkt(grid.get());
  // Not only the same area: the same place (what differs is rounding).
  const geos::GeomPtr apart = geos::own(GEOSSymDifference_r(geos::ctx(), grid.get(), expected.get()), "symmetric difference");
  EXPECT_LE(geos::area(apart.get()), 1e-9 * std::max(want, 1e-3));
  return grid;
}

TEST(GridOverlay, OverlappingSquaresGiveTheirCommonSquare) {
  const auto piece = expectSameAsGeos(polygon(square(0, 0, 100)), polygon(square(50, 30, 100)));
  ASSERT_TRUE(piece);
  EXPECT_NEAR(geos::area(piece.get()), 50 * 70, 1e-6);
}

TEST(GridOverlay, AHoleStaysAHole) {
  // A licence across a patch with a hole: the piece keeps the part of the hole it covers out.
  const auto crossing = expectSameAsGeos(polygon(square(0, 0, 100), square(40, 40, 20)), polygon(square(30, 30, 100)));
  ASSERT_TRUE(crossing);
  EXPECT_NEAR(geos::area(crossing.get()), 70 * 70 - 20 * 20, 1e-6);
  EXPECT_EQ(GEOSGetNumInteriorRings_r(geos::ctx(), GEOSGetGeometryN_r(geos::ctx(), crossing.get(), 0)), 1);
  // A licence wholly inside the hole meets nothing.
  const auto inHole = expectSameAsGeos(polygon(square(0, 0, 100), square(40, 40, 20)), polygon(square(45, 45, 5)));
  ASSERT_TRUE(inHole);
  EXPECT_TRUE(geos::isEmpty(inHole.get()));
}

TEST(GridOverlay, AnIslandInAHoleIsAPolygonOfItsOwn) {
  const std::string ringWithIsland =
      "MULTIPOLYGON((" + square(0, 0, 100) + "," + square(20, 20, 60) + "),(" + square(40, 40, 20) + "))";
  const auto piece = expectSameAsGeos(ringWithIsland, polygon(square(10, 10, 80)));
  ASSERT_TRUE(piece);
  EXPECT_EQ(polygonCount(piece.get()), 2);
  EXPECT_NEAR(geos::area(piece.get()), 80 * 80 - 60 * 60 + 20 * 20, 1e-6);
}

TEST(GridOverlay, AMultipolygonAcrossBothPartsGivesTwoPolygons) {
  const std::string two = "MULTIPOLYGON((" + square(0, 0, 50) + "),(" + square(100, 0, 50) + "))";
  const auto piece = expectSameAsGeos(two, polygon(square(25, 10, 100)));
  ASSERT_TRUE(piece);
  EXPECT_EQ(polygonCount(piece.get()), 2);
  EXPECT_NEAR(geos::area(piece.get()), 25 * 40 + 25 * 40, 1e-6);
}

TEST(GridOverlay, TouchingAndDisjointPairsGiveNothing) {
  for (const std::string& other : {square(100, 0, 100), square(100, 100, 50), square(300, 300, 10)}) {
    const auto piece = expectSameAsGeos(polygon(square(0, 0, 100)), polygon(other));
    ASSERT_TRUE(piece);
    EXPECT_TRUE(geos::isEmpty(piece.get())) << geos::toWkt(piece.get());
  }
}

TEST(GridOverlay, AContainedPolygonComesBackWhole) {
  const auto piece = expectSameAsGeos(polygon(square(0, 0, 1000)), polygon(square(100.123456, 200.654321, 3.5)));
  ASSERT_TRUE(piece);
  EXPECT_NEAR(geos::area(piece.get()), 3.5 * 3.5, 1e-9);
}

TEST(GridOverlay, CurvedAndSmallShapesKeepTheirAreaTo1e9) {
  // Circles of many vertices crossing, a 1 m² licence on a 50 km patch's
  // edge, a thin sliver: the crossing points are where rounding could show.
  const geos::GeomPtr centre = geos::fromWkt("POINT(" + std::to_string(kX + 1234.5678) + " " + std::to_string(kY + 8765.4321) + ")");
  const geos::GeomPtr circle = geos::own(GEOSBuffer_r(geos::ctx(), centre.get(), 750.25, 64), "circle");
  const geos::GeomPtr shifted = geos::own(GEOSBuffer_r(geos::ctx(), geos::fromWkt("POINT(" + std::to_string(kX + 1800.1) + " " +
                                                                                    std::to_string(kY + 9000.7) + ")").get(),
                                                       500.5, 32),
                                          "circle");
  expectSameAsGeos(geos::toWkt(circle.get()), geos::toWkt(shifted.get()));
  expectSameAsGeos(polygon(square(-50000, -50000, 50000)), polygon(square(-0.5, -0.25, 1)));
  expectSameAsGeos(polygon(square(0, 0, 100)), "POLYGON((" + std::to_string(kX - 10) + " " + std::to_string(kY + 99.999) + "," +
                                                   std::to_string(kX + 110) + " " + std::to_string(kY + 99.999) + "," +
                                                   std::to_string(kX + 110) + " " + std::to_string(kY + 200) + "," +
                                                   std::to_string(kX - 10) + " " + std::to_string(kY + 99.999) + "))");
}

TEST(GridOverlay, WhatItCannotTakeFallsBackToGeos) {
  const geos::GeomPtr line = geos::fromWkt("LINESTRING(" + std::to_string(kX) + " " + std::to_string(kY) + "," + std::to_string(kX + 50) + " " +
                                           std::to_string(kY + 50) + ")");
  const geos::GeomPtr square100 = geos::fromWkt(polygon(square(0, 0, 100)));
  EXPECT_FALSE(overlay::gridIntersection(line.get(), square100.get()));
  const overlay::Result r = overlay::polygonIntersection(square100.get(), line.get());
  EXPECT_TRUE(r.fellBack);
  EXPECT_FALSE(r.gridKernel);
  EXPECT_TRUE(geos::isEmpty(r.geometry.get()));  // the polygonal part of a line: nothing
  const geos::GeomPtr other = geos::fromWkt(polygon(square(50, 50, 100)));
  const overlay::Result fast = overlay::polygonIntersection(square100.get(), other.get());
  EXPECT_TRUE(fast.gridKernel);
  EXPECT_NEAR(geos::area(fast.geometry.get()), 2500, 1e-6);
}

}  // namespace
}  // namespace sanxian
