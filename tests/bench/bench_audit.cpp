// Times the phases of a red-line audit on generated data (sanxian-gen):
// load, harmonize, the engine (candidates, differences, nature changes,
// measuring, townships), the tables and the writers. Run by hand:
//   sanxian-gen --scale M --seed 1 -o /tmp/bench/M
//   bench_audit /tmp/bench/M/redline_2022.shp /tmp/bench/M/redline_2023.shp [threads] [townships.shp]
// Prints the planar removed and added areas, noise included, to compare
// with PostGIS (sum(ST_Area(ST_Difference(o.geom, ST_Union(n.geom)))) over
// the new patches meeting each old one, and the reverse) and QGIS
// native:difference run both ways.
#include <tbb/global_control.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "core/checks/audit/audit.h"
#include "core/geometry/harmonize.h"
#include "core/io/load.h"
#include "report/files/writers.h"

using namespace sanxian;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_audit OLD.shp NEW.shp [threads] [townships.shp]\n");
    return 2;
  }
  const int threads = argc > 3 ? std::stoi(argv[3]) : 0;
  std::optional<tbb::global_control> limit;
  if (threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, threads);
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  auto t = start;
  auto lap = [&](const char* what) {
    const auto now = clock::now();
    std::printf("%-12s %8.3f s\n", what, std::chrono::duration<double>(now - t).count());
    t = now;
  };
  const RoleCatalog roles = RoleCatalog::loadDefault();
  LoadOptions oo, on;
  oo.source = argv[1];
  on.source = argv[2];
  oo.role = on.role = "redline";
  Layer oldLayer = load(oo, roles), newLayer = load(on, roles);
  std::optional<Layer> towns;
  if (argc > 4) {
    LoadOptions ot;
    ot.source = argv[4];
    ot.role = "boundary";
    towns = load(ot, roles);
  }
  lap("load");
  const CrsInfo crs = chooseAnalysisCrs({&oldLayer, &newLayer}, std::nullopt);
  harmonize(oldLayer, crs);
  harmonize(newLayer, crs);
  if (towns) harmonize(*towns, crs);
  lap("harmonize");
  AuditSettings s;
  s.roles = &roles;
  s.boundary = towns ? &*towns : nullptr;
  const AuditResult r = auditLayers(oldLayer, newLayer, s);
  lap("audit");
  const auto tables = auditTables(r);
  const auto summary = toJson(r);
  lap("tables");
  const std::string out = (std::filesystem::temp_directory_path() / "bench_audit_out").string();
  writeCheckTables(tables, out, "audit", r.crs);
  lap("write");
  std::printf("%-12s %8.3f s\n", "total", std::chrono::duration<double>(clock::now() - start).count());
  std::printf("patches old %zu new %zu; pieces removed %zu added %zu function changed %zu; noise %zu; grid retries %zu\n", r.oldPatches,
              r.newPatches, r.count(ChangeType::Removed), r.count(ChangeType::Added), r.count(ChangeType::NatureChanged), r.noise.size(),
              r.retries.size());
  std::printf("planar removed %.6f m² (noise %.6f) → with noise %.6f\n", r.removed.planar, r.noiseRemoved.planar,
              r.removed.planar + r.noiseRemoved.planar);
  std::printf("planar added   %.6f m² (noise %.6f) → with noise %.6f\n", r.added.planar, r.noiseAdded.planar, r.added.planar + r.noiseAdded.planar);
  std::printf("identity relative residual %.3g (planar %.3g)\n", r.identity.relative, r.planarIdentity.relative);
  return 0;
}
