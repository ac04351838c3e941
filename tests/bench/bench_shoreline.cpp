// Times the shoreline check on generated data (sanxian-gen): load,
// harmonize, the engine (zone and township splits, measuring, occupation)
// and the tables. Run by hand:
//   sanxian-gen --scale M --seed 1 -o /tmp/bench/M
//   bench_shoreline /tmp/bench/M/shoreline.shp [threads] [townships.shp] [mining.shp]
// Prints the total and protected planar lengths to compare with PostGIS
// (sum(ST_Length(geom)), and the same where the zone is 岸线保护区 or
// 岸线保留区) and the ellipsoidal ones.
#include <tbb/global_control.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "core/checks/shoreline/shoreline.h"
#include "core/geometry/harmonize.h"
#include "core/io/load.h"

using namespace sanxian;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_shoreline shoreline.shp [threads] [townships.shp] [mining.shp]\n");
    return 2;
  }
  const int threads = argc > 2 ? std::stoi(argv[2]) : 0;
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
  auto open = [&](const char* path, const char* role) {
    LoadOptions o;
    o.source = path;
    o.role = role;
    return load(o, roles);
  };
  Layer lines = open(argv[1], "shoreline");
  std::optional<Layer> towns, mines;
  if (argc > 3) towns = open(argv[3], "boundary");
  if (argc > 4) mines = open(argv[4], "mining");
  lap("load");
  const CrsInfo crs = chooseAnalysisCrs({&lines}, std::nullopt);
  harmonize(lines, crs);
  if (towns) harmonize(*towns, crs);
  if (mines) harmonize(*mines, crs);
  lap("harmonize");
  ShorelineSettings s;
  s.roles = &roles;
  if (towns) s.boundary = &*towns;
  if (mines) s.occupiers = {{"mining", &*mines}};
  ShorelineComparison c;
  c.current = shorelineLines(lines, s);
  lap("engine");
  const auto tables = shorelineTables(c);
  const auto summary = toJson(c);
  lap("tables");
  std::printf("lines %zu, segments %zu, occupations %zu\n", lines.features.size(), c.current.segments.size(), c.current.occupations.size());
  std::printf("planar total %.6f m, planar protected %.6f m, planar rate %.6f %%\n", summary["planar_total_length_m"].get<double>(),
              summary["planar_protected_length_m"].get<double>(), summary["planar_protection_rate_pct"].get<double>());
  std::printf("ellipsoidal total %.6f m, protected %.6f m, rate %.6f %%\n", summary["total_length_m"].get<double>(),
              summary["protected_length_m"].get<double>(), summary["protection_rate_pct"].get<double>());
  return 0;
}
