// sanxian-gen: writes a deterministic, synthetic but realistic set of control
// layers (red line in two versions, reserves, mining rights, shorelines,
// townships, environmental control units, project sites) in CGCS2000 /
// 3-degree Gauss-Kruger CM 108E (EPSG:4545), for tests, benchmarks and the
// Otog Banner sample. Same seed and options give byte-identical files.
//
// XL is national data: four provinces of L side by side (2 × 2), about
// 104.7°E–117.8°E and 30.1°N–42.1°N (five 3-degree zones, CM 105E–117E),
// drawn in the same plane but written in geographic CGCS2000 (EPSG:4490),
// one file per layer. That is how the ministry's national layers come, and
// no Gauss-Kruger zone holds them: data in one zone's CRS 900 km beyond its
// central meridian would be a file no one makes. Sanxian moves it into the
// 3-degree zone of its centre (CM 111E, EPSG:4546) with edges densified, as
// any user's national data.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <set>
#include <string>

namespace sanxian::gen {

struct Config {
  std::string scale = "S";  // tiny | sample | S | M | L | XL
  uint64_t seed = 1;
  std::string outDir;
  std::string format = "shp";           // shp | gpkg
  std::string encoding = "UTF-8";       // UTF-8 | GBK, for every layer ...
  std::set<std::string> gbkLayers;      // ... or GBK for these layers only
  bool defects = false;                 // a few bow-ties and duplicate vertices
  bool validate = true;                 // check every polygon with GEOS
  bool writeProject = true;             // project.yaml beside the layers
  bool writeTruth = true;               // redline_changes.csv: what changed
  int oldYear = 2022, newYear = 2023;
  // Counts (XL: per province); negative means "the scale's default".
  long patches = -1, reserves = -1, mines = -1, shorelines = -1, units = -1, sites = -1;
  double regionFactor = -1;  // linear size relative to the county
  bool quiet = false;
};

// Fills in the scale's defaults; throws std::invalid_argument on a bad scale.
void applyScale(Config& cfg);

struct Summary {
  long patchesOld = 0, patchesNew = 0, reserveFeatures = 0, reserves = 0, mines = 0, shorelines = 0,
       townships = 0, units = 0, sites = 0, invalid = 0, defects = 0;
  double seconds = 0;
};

// Writes every layer into cfg.outDir; progress lines go to `log`.
Summary generate(const Config& cfg, std::ostream& log);

}  // namespace sanxian::gen
