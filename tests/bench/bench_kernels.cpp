// The overlay kernels alone on the same pairs, one core: GEOS OverlayNG
// (intersection, polygonal part, area) against the grid kernel (Clipper on
// a per-pair integer grid) for every pair of A × B that meets and where
// neither side contains the other (the pairs an overlap check overlays).
// Prints the time of each, the piece counts, the total areas, the largest
// relative area difference of a piece, invalid results and fallbacks. Run
// by hand:
//   bench_kernels /tmp/bench/M/mining.shp /tmp/bench/M/redline_2023.shp
#include <chrono>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include "core/geometry/grid_overlay.h"
#include "core/geometry/harmonize.h"
#include "core/geometry/overlay.h"
#include "core/geometry/spatial_index.h"
#include "core/io/load.h"

using namespace sanxian;

namespace {

using Pairs = std::vector<std::pair<const GEOSGeometry*, const GEOSGeometry*>>;

// The pairs an overlap check overlays: polygons that meet, neither containing the other properly.
Pairs overlaidPairs(const Layer& a, const Layer& b) {
  std::vector<const GEOSGeometry*> geometriesA;
  for (const auto& f : a.features) geometriesA.push_back(f.geometry.get());
  const SpatialIndex index(geometriesA);
  Pairs pairs;
  for (const auto& fb : b.features) {
    const GEOSGeometry* gb = fb.geometry.get();
    if (!gb || !geos::isPolygonal(gb)) continue;
    const geos::PreparedPtr pb = geos::prepare(gb);
    for (size_t i : index.candidates(gb)) {
      const GEOSGeometry* ga = geometriesA[i];
      if (!geos::isPolygonal(ga) || GEOSPreparedIntersects_r(geos::ctx(), pb.get(), ga) != 1) continue;
      if (GEOSPreparedContainsProperly_r(geos::ctx(), pb.get(), ga) == 1) continue;
      pairs.emplace_back(ga, gb);
    }
  }
  return pairs;
}

template <typename Kernel>
std::pair<std::vector<geos::GeomPtr>, double> timed(const Pairs& pairs, Kernel kernel) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<geos::GeomPtr> pieces;
  pieces.reserve(pairs.size());
  for (const auto& [ga, gb] : pairs) pieces.push_back(kernel(ga, gb));
  return {std::move(pieces), std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_kernels A.shp B.shp\n");
    return 2;
  }
  const RoleCatalog roles = RoleCatalog::loadDefault();
  LoadOptions oa, ob;
  oa.source = argv[1];
  ob.source = argv[2];
  Layer a = load(oa, roles), b = load(ob, roles);
  const CrsInfo crs = chooseAnalysisCrs({&a, &b}, std::nullopt);
  harmonize(a, crs);
  harmonize(b, crs);
  const Pairs pairs = overlaidPairs(a, b);

  auto [geosPieces, geosSeconds] = timed(pairs, [](const GEOSGeometry* ga, const GEOSGeometry* gb) {
    geos::GeomPtr piece = overlay::polygonalPart(overlay::intersection(ga, gb).geometry.get());
    geos::area(piece.get());  // measured as the check measures each piece
    return piece;
  });
  size_t fallbacks = 0;
  auto [gridPieces, gridSeconds] = timed(pairs, [&](const GEOSGeometry* ga, const GEOSGeometry* gb) {
    const overlay::Result r = overlay::polygonIntersection(ga, gb);
    fallbacks += r.fellBack;
    geos::GeomPtr piece = geos::clone(r.geometry.get());
    geos::area(piece.get());
    return piece;
  });

  size_t geosCount = 0, gridCount = 0, invalid = 0;
  double geosArea = 0, gridArea = 0, worst = 0;
  for (size_t k = 0; k < pairs.size(); ++k) {
    const double want = geos::area(geosPieces[k].get()), got = geos::area(gridPieces[k].get());
    geosCount += want > 0;
    gridCount += got > 0;
    geosArea += want;
    gridArea += got;
    if (want > 0) worst = std::max(worst, std::abs(got - want) / want);
    if (!geos::invalidReason(gridPieces[k].get()).empty()) ++invalid;
  }
  std::printf("pairs overlaid %zu\n", pairs.size());
  std::printf("GEOS  %7.3f s  pieces %zu  area %.6f m2\n", geosSeconds, geosCount, geosArea);
  std::printf("grid  %7.3f s  pieces %zu  area %.6f m2  (%.2f x faster)\n", gridSeconds, gridCount, gridArea, geosSeconds / gridSeconds);
  std::printf("largest relative area difference of a piece %.3e; total %.3e; invalid %zu; fallbacks to GEOS %zu\n", worst,
              std::abs(gridArea - geosArea) / geosArea, invalid, fallbacks);
  return 0;
}
