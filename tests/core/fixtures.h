// Test fixtures written by the tests themselves: small layers built from
// WKT and attribute rows, in any OGR format, with the defects real files
// have (GBK text without .cpg, missing .prj, zone-prefix confusion).
#pragma once

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

}  // namespace sanxian::test
