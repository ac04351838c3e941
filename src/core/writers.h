// Writers for result tables: CSV (UTF-8 with BOM, so Excel shows Chinese),
// Shapefile (ASCII field names ≤ 10 characters with a field dictionary
// beside it, a .cpg, a .prj, polygons only in polygon files) and
// GeoPackage (every table of a run in one file, Chinese field names).
// Every file is written under a temporary name and renamed when complete.
#pragma once

#include <string>
#include <vector>

#include "layer.h"
#include "table.h"

namespace sanxian {

std::string toCsv(const Table& table);
void writeCsv(const Table& table, const std::string& path);

struct ShapefileReport {
  std::vector<std::string> files;  // written, including the field dictionary
  size_t written = 0;              // features written
  size_t skippedNonPolygonal = 0;  // rows whose geometry held no polygon (lines, points from an overlay)
};

// Writes `table` (with geometry) as DIR/NAME.shp in `crs`; `encoding` is
// "UTF-8" or "GBK". Polygonal tables keep only the polygonal part of each
// geometry and count the rows that had none.
ShapefileReport writeShapefile(const Table& table, const std::string& folder, const CrsInfo& crs,
                               const std::string& encoding = "UTF-8");

// Writes all tables into one GeoPackage; tables with geometry become
// feature layers in `crs`, the others attribute tables.
void writeGeoPackage(const std::vector<const Table*>& tables, const std::string& path, const CrsInfo& crs);

// The Shapefile field names for a table's columns: the short name if set,
// else the key cut to 10 characters, made unique with a numeric suffix.
std::vector<std::string> shapefileFieldNames(const Table& table);

}  // namespace sanxian
