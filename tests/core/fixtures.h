// Test fixtures written by the tests themselves: small layers built from
// WKT and attribute rows, in any OGR format, with the defects real files
// have (GBK text without .cpg, missing .prj, zone-prefix confusion).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sanxian::test {

struct Row {
  std::string wkt;  // "" for a null geometry
  std::vector<std::string> values;
};

struct LayerSpec {
  std::string driver = "ESRI Shapefile";
  std::string path;         // file to create (for GPKG, the .gpkg)
  std::string layerName;    // defaults to the file stem
  int epsg = 4545;          // 0: no CRS (no .prj)
  std::string wktCrs;       // used instead of epsg when set
  std::string geometry = "Polygon";  // Polygon, LineString, Unknown
  std::vector<std::string> fields;   // string fields
  std::vector<Row> rows;
  std::string encoding = "UTF-8";  // Shapefile: written with this .cpg, e.g. "CP936"
  bool keepCpg = true;      // Shapefile: false deletes the .cpg afterwards
  bool append = false;      // add a layer to an existing dataset (GPKG)
};

// Writes the layer; returns its path. Fails the calling test on error.
std::string writeLayer(const LayerSpec& spec);

// A fresh empty folder for one test.
std::string freshFolder(const std::string& name);

// Copies a Shapefile (the .shp and every part beside it with the same
// stem) into `folder`; returns the copy's .shp.
std::string copyShapefile(const std::string& shp, const std::string& folder);

// The whole file, and writing `bytes` over it at `offset` (damaging it as
// a flipped byte or a wrong header does).
std::string readBytes(const std::string& path);
void overwrite(const std::string& path, size_t offset, const std::string& bytes);

// Little-endian bytes of a 32-bit value, as DBF headers hold counts.
std::string littleEndian32(uint32_t value);

}  // namespace sanxian::test
