// Fuzz target: a Shapefile (.shp, .shx, .dbf, optional .cpg) loaded,
// harmonized into the analysis CRS and measured, as `sanxian area` does.
// Whatever the bytes, the loader must either load or throw sanxian::Error —
// never crash, hang, or allocate without bound.
//
// The input packs the files: four little-endian u32 lengths (shp, shx,
// dbf, cpg) followed by the files' bytes in that order; missing bytes make
// shorter files. `tests/fuzz/pack.py` packs a real Shapefile into a seed.
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/base/error.h"
#include "core/geometry/harmonize.h"
#include "core/geometry/measure.h"
#include "core/io/crs.h"
#include "core/io/load.h"
#include "core/io/roles.h"

namespace {

uint32_t readLength(const uint8_t*& data, size_t& size) {
  uint32_t n = 0;
  const size_t take = size < 4 ? size : 4;
  std::memcpy(&n, data, take);
  data += take;
  size -= take;
  return n;
}

void writePart(const std::string& path, const uint8_t*& data, size_t& size, uint32_t length) {
  const size_t take = length < size ? length : size;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(take));
  data += take;
  size -= take;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string folder = [] {
    const std::string f = std::filesystem::temp_directory_path().string() + "/sanxian-fuzz-shp-" + std::to_string(::getpid());
    std::filesystem::create_directories(f);
    return f;
  }();
  static const sanxian::RoleCatalog roles = sanxian::RoleCatalog::loadDefault();
  const uint32_t shp = readLength(data, size), shx = readLength(data, size), dbf = readLength(data, size), cpg = readLength(data, size);
  const std::string base = folder + "/layer";
  writePart(base + ".shp", data, size, shp);
  writePart(base + ".shx", data, size, shx);
  writePart(base + ".dbf", data, size, dbf);
  std::filesystem::remove(base + ".cpg");
  if (cpg > 0) writePart(base + ".cpg", data, size, cpg);
  try {
    sanxian::LoadOptions options;
    options.source = base + ".shp";
    options.crs = "EPSG:4545";  // no .prj: the fuzzer varies the data, not the CRS
    sanxian::Layer layer = sanxian::load(options, roles);
    const sanxian::CrsInfo crs = sanxian::chooseAnalysisCrs({&layer}, std::nullopt);
    sanxian::harmonize(layer, crs);
    sanxian::Measurer& measurer = sanxian::threadMeasurer(layer.crs);
    for (const auto& f : layer.features)
      if (f.geometry) (void)measurer.measure(f.geometry.get());
  } catch (const sanxian::Error&) {
    // A clear refusal is a right answer.
  }
  return 0;
}
