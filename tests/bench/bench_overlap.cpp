// Times the phases of an overlap check on generated data (sanxian-gen):
// load, harmonize, the engine (candidates, overlay, measuring, townships),
// the result tables and the writers. Run by hand:
//   sanxian-gen --scale M --seed 1 -o /tmp/bench/M
//   bench_overlap /tmp/bench/M/mining.shp /tmp/bench/M/redline_2023.shp [threads] [boundary.shp]
// Prints the piece count and the total planar area to compare with PostGIS
// (sum(ST_Area(ST_Intersection(a.geom, b.geom))) over ST_Intersects pairs
// with polygonal results) and QGIS native:intersection.
#include <tbb/global_control.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "core/checks/overlap/overlap.h"
#include "core/geometry/harmonize.h"
#include "core/io/load.h"
#include "report/files/writers.h"

using namespace sanxian;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_overlap A.shp B.shp [threads] [boundary.shp]\n");
    return 2;
  }
  const int threads = argc > 3 ? std::stoi(argv[3]) : 0;
  std::optional<tbb::global_control> limit;
  if (threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, threads);
  using clock = std::chrono::steady_clock;
  auto t = clock::now();
  auto lap = [&](const char* what) {
    const auto now = clock::now();
    std::printf("%-12s %8.3f s\n", what, std::chrono::duration<double>(now - t).count());
    t = now;
  };
  const RoleCatalog roles = RoleCatalog::loadDefault();
  const RuleList rules = RuleList::loadDefault(roles);
  LoadOptions oa, ob;
  oa.source = argv[1];
  ob.source = argv[2];
  Layer a = load(oa, roles), b = load(ob, roles);
  std::optional<Layer> towns;
  if (argc > 4) {
    LoadOptions ot;
    ot.source = argv[4];
    ot.role = "boundary";
    towns = load(ot, roles);
  }
  lap("load");
  const CrsInfo crs = chooseAnalysisCrs({&a, &b}, std::nullopt);
  harmonize(a, crs);
  harmonize(b, crs);
  if (towns) harmonize(*towns, crs);
  lap("harmonize");
  OverlapSettings s;
  s.aId = "a";
  s.bId = "b";
  s.rules = &rules;
  s.roles = &roles;
  s.minPieceAreaM2 = 0;
  if (towns) s.boundary = &*towns;
  const OverlapResult r = overlapLayers(a, b, s);
  lap("engine");
  const auto tables = overlapTables(r);
  const auto json = toJson(r);
  lap("tables+json");
  writeCheckTables(tables, "/tmp/bench_overlap_out", "overlap", r.crs);
  lap("write");
  std::printf("pieces %zu  planar_overlap_area_m2 %.6f  overlap_area_m2 %.6f  candidate_pairs %zu  grid_retries %zu\n", r.pieces.size(),
              json["planar_overlap_area_m2"].get<double>(), json["overlap_area_m2"].get<double>(), r.candidatePairs, r.retries.size());
  return 0;
}
