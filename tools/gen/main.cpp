// sanxian-gen: the command line around generate(); argument parsing only.
#include "generate.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  using namespace sanxian::gen;
  Config cfg;
  CLI::App app{"sanxian-gen: deterministic synthetic control layers (EPSG:4545; XL in EPSG:4490) for tests and benchmarks"};
  app.add_option("-o,--output", cfg.outDir, "output folder (created if missing)")->required();
  app.add_option("--scale", cfg.scale, "tiny | sample | S | M | L | XL (four provinces of L, in EPSG:4490)")
      ->check(CLI::IsMember({"tiny", "sample", "S", "M", "L", "XL"}));
  app.add_option("--seed", cfg.seed, "random seed; the same seed gives the same files");
  app.add_option("--patches", cfg.patches, "red-line patches in the old version (XL: per province)");
  app.add_option("--reserves", cfg.reserves, "protected areas (each 2 or 3 zone features) (XL: per province)");
  app.add_option("--mines", cfg.mines, "mining / exploration licences (XL: per province)");
  app.add_option("--shorelines", cfg.shorelines, "zoned shoreline features (XL: per province)");
  app.add_option("--units", cfg.units, "environmental control unit seeds (XL: per province)");
  app.add_option("--sites", cfg.sites, "project sites (XL: per province)");
  app.add_option("--region-factor", cfg.regionFactor, "linear size of the region (XL: of each province) relative to the county");
  app.add_option("--format", cfg.format, "shp (one file set per layer) or gpkg (one sanxian.gpkg)")
      ->check(CLI::IsMember({"shp", "gpkg"}));
  app.add_option("--encoding", cfg.encoding, "DBF text encoding of every layer: UTF-8 or GBK")
      ->check(CLI::IsMember({"UTF-8", "GBK"}));
  std::vector<std::string> gbk;
  app.add_option("--gbk-layer", gbk, "write this layer (e.g. redline_2022) in GBK with a .cpg of 936");
  app.add_option("--old-year", cfg.oldYear, "year of the first red-line version");
  app.add_option("--new-year", cfg.newYear, "year of the second red-line version");
  app.add_flag("--defects", cfg.defects, "add a few bow-ties and duplicate vertices (red line, mining)");
  bool noValidate = false, noProject = false, noTruth = false;
  app.add_flag("--no-validate", noValidate, "skip the GEOS validity check of every polygon");
  app.add_flag("--no-project", noProject, "do not write project.yaml");
  app.add_flag("--no-truth", noTruth, "do not write redline_changes.csv");
  app.add_flag("-q,--quiet", cfg.quiet, "print only the summary");
  CLI11_PARSE(app, argc, argv);
  cfg.validate = !noValidate;
  cfg.writeProject = !noProject;
  cfg.writeTruth = !noTruth;
  cfg.gbkLayers.insert(gbk.begin(), gbk.end());
  if (cfg.oldYear == cfg.newYear) {
    std::cerr << "sanxian-gen: --old-year and --new-year must differ\n";
    return 2;
  }
  try {
    applyScale(cfg);
    Summary s = generate(cfg, std::cout);
    std::cout << "sanxian-gen: scale " << cfg.scale << " seed " << cfg.seed << " -> " << cfg.outDir << "\n"
              << "  red line " << cfg.oldYear << ": " << s.patchesOld << ", " << cfg.newYear << ": " << s.patchesNew
              << "; reserves " << s.reserves << " (" << s.reserveFeatures << " zone features)"
              << "; mining " << s.mines << "; shoreline " << s.shorelines << "; townships " << s.townships
              << "; control units " << s.units << "; sites " << s.sites << "\n"
              << "  invalid polygons " << (cfg.validate ? std::to_string(s.invalid) : std::string("not checked"))
              << "; deliberate defects " << s.defects << "; " << s.seconds << " s\n";
    return s.invalid > 0 ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "sanxian-gen: " << e.what() << "\n";
    return 3;
  }
}
