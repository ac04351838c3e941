// bench_measure: what exact ellipsoidal areas cost. Prints the time per
// million input vertices for the ellipsoidal area (geographic input;
// projected input, integrated in the Gauss-Kruger plane up to 20 km wide,
// inverse-projected and densified beyond) next to the planar area, for one
// large polygon and for many small pieces such as an overlay produces, and
// a 20 km square as drawn against Planimeter. Single thread; run on an idle
// machine:
//
//   build/tests/bench/bench_measure [seconds-per-case, default 1]
#include <proj.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "core/base/geos.h"
#include "core/geometry/measure.h"
#include "core/io/crs.h"

using namespace sanxian;
using Clock = std::chrono::steady_clock;

namespace {

struct XY {
  double x, y;
};

std::vector<XY> county() {
  std::ifstream in(std::string(SANXIAN_TEST_DATA) + "/county_4490.txt");
  std::vector<XY> ring;
  double lat, lon;
  while (in >> lat >> lon) ring.push_back({lon, lat});
  if (ring.empty()) {
    std::fprintf(stderr, "missing %s/county_4490.txt\n", SANXIAN_TEST_DATA);
    std::exit(1);
  }
  return ring;
}

std::vector<XY> transform(const std::vector<XY>& ring, const char* from, const char* to) {
  PJ_CONTEXT* context = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(context, from, to, nullptr);
  PJ* pj = proj_normalize_for_visualization(context, raw);
  std::vector<XY> out;
  for (const XY& p : ring) {
    const PJ_COORD c = proj_trans(pj, PJ_FWD, proj_coord(p.x, p.y, 0, 0));
    out.push_back({c.xy.x, c.xy.y});
  }
  proj_destroy(pj);
  proj_destroy(raw);
  proj_context_destroy(context);
  return out;
}

geos::GeomPtr polygon(const std::vector<XY>& ring) {
  std::string wkt = "POLYGON((";
  char buf[80];
  for (const XY& p : ring) {
    std::snprintf(buf, sizeof buf, "%.17g %.17g,", p.x, p.y);
    wkt += buf;
  }
  std::snprintf(buf, sizeof buf, "%.17g %.17g))", ring[0].x, ring[0].y);
  return geos::fromWkt(wkt + buf);
}

// Small pieces: squares of 10 vertices and ~30 m sides tiled over the
// county's area, in degrees or in the plane.
std::vector<geos::GeomPtr> pieces(bool projected, size_t count) {
  std::vector<geos::GeomPtr> out;
  const double side = projected ? 30.0 : 0.0003;
  const double x0 = projected ? 450000 : 107.4, y0 = projected ? 4330000 : 39.1;
  for (size_t i = 0; i < count; ++i) {
    const double x = x0 + double(i % 1000) * side * 1.5, y = y0 + double(i / 1000) * side * 1.5;
    std::vector<XY> ring;
    for (int k = 0; k < 9; ++k) ring.push_back({x + side * std::cos(k * 0.698), y + side * std::sin(k * 0.698)});
    out.push_back(polygon(ring));
  }
  return out;
}

// Runs `work` (which measures `vertices` vertices) until `seconds` have
// passed; returns seconds per million vertices.
double secondsPerMillion(double seconds, size_t vertices, const std::function<double()>& work) {
  volatile double sink = 0;
  sink = sink + work();  // warm-up: PROJ database, caches
  size_t rounds = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  do {
    sink = sink + work();
    ++rounds;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < seconds);
  return elapsed / (double(rounds) * double(vertices)) * 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  const std::vector<XY> degrees = county();
  const auto geographic = polygon(degrees);
  const auto projected = polygon(transform(degrees, "EPSG:4490", "EPSG:4545"));
  const size_t n = degrees.size() + 1;  // stored vertices, closing one included

  Measurer inDegrees(crsFromUser("EPSG:4490"), {kDefaultDensifyStep, "EPSG:4545"});
  Measurer inPlane(crsFromUser("EPSG:4545"));
  Measurer inPlaneNoDensify(crsFromUser("EPSG:4545"), {0.0, {}});

  std::printf("sanxian bench_measure: seconds per million input vertices (single thread)\n\n");
  std::printf("one county polygon, %zu vertices (edges 55-250 m)\n", n);
  std::printf("  ellipsoidal area, EPSG:4490 input (geodesic only)          %7.3f s\n",
              secondsPerMillion(seconds, n, [&] { return inDegrees.area(geographic.get()); }));
  std::printf("  ellipsoidal area, EPSG:4545 input (inverse TM, no densify) %7.3f s\n",
              secondsPerMillion(seconds, n, [&] { return inPlaneNoDensify.area(projected.get()); }));
  std::printf("  ellipsoidal area, EPSG:4545 input (over 20 km: 100 m step)  %6.3f s\n",
              secondsPerMillion(seconds, n, [&] { return inPlane.area(projected.get()); }));
  std::printf("  planar area, EPSG:4545 (Measurer)                           %6.3f s\n",
              secondsPerMillion(seconds, n, [&] { return inPlane.planarArea(projected.get()); }));
  std::printf("  planar area, EPSG:4545 (GEOSArea)                          %7.3f s\n",
              secondsPerMillion(seconds, n, [&] { return geos::area(projected.get()); }));
  std::printf("  planar area of 4490 input in EPSG:4545 (forward TM)        %7.3f s\n",
              secondsPerMillion(seconds, n, [&] { return inDegrees.planarArea(geographic.get()); }));

  const size_t count = 100000;
  const auto smallPlane = pieces(true, count);
  const auto smallDegrees = pieces(false, count);
  const size_t pieceVertices = count * 10;
  auto sum = [](Measurer& m, const std::vector<geos::GeomPtr>& gs, bool planar) {
    double total = 0;
    for (const auto& g : gs) total += planar ? m.planarArea(g.get()) : m.area(g.get());
    return total;
  };
  std::printf("\n%zu small pieces of 10 vertices (overlay output)\n", count);
  std::printf("  ellipsoidal area, EPSG:4490 input                           %6.3f s\n",
              secondsPerMillion(seconds, pieceVertices, [&] { return sum(inDegrees, smallDegrees, false); }));
  std::printf("  ellipsoidal area, EPSG:4545 input (integrated in the plane) %6.3f s\n",
              secondsPerMillion(seconds, pieceVertices, [&] { return sum(inPlane, smallPlane, false); }));
  std::printf("  planar area, EPSG:4545 (Measurer)                           %6.3f s\n",
              secondsPerMillion(seconds, pieceVertices, [&] { return sum(inPlane, smallPlane, true); }));

  // A 20 km square drawn in EPSG:4545 with a vertex every 2 km, 120 km west
  // of the central meridian: its area as drawn, integrated in the plane, next
  // to Planimeter on the square densified to 1 m and to the geodesic-edge
  // figure (see test Measure.DensifiesProjectedEdgesInThePlane).
  std::vector<XY> square;
  for (int i = 0; i < 10; ++i) square.push_back({380000.0 + i * 2000, 4300000});
  for (int i = 0; i < 10; ++i) square.push_back({400000, 4300000.0 + i * 2000});
  for (int i = 0; i < 10; ++i) square.push_back({400000.0 - i * 2000, 4320000});
  for (int i = 0; i < 10; ++i) square.push_back({380000, 4320000.0 - i * 2000});
  const auto g = polygon(square);
  constexpr double kPlanimeterAsDrawn = 399880550.59370;
  const double asDrawn = inPlane.area(g.get()), geodesicEdges = inPlaneNoDensify.area(g.get());
  std::printf("\n20 km square with 2 km edges in EPSG:4545, E = -120..-100 km\n");
  std::printf("  as drawn, integrated in the plane  %.5f m²  %+.1e relative to Planimeter densified to 1 m\n", asDrawn,
              (asDrawn - kPlanimeterAsDrawn) / kPlanimeterAsDrawn);
  std::printf("  geodesic edges (densify step 0)    %.5f m²  %+.1e\n", geodesicEdges,
              (geodesicEdges - kPlanimeterAsDrawn) / kPlanimeterAsDrawn);
  std::printf("  planar (GK) area                   %.5f m²\n", inPlane.planarArea(g.get()));
  return 0;
}
