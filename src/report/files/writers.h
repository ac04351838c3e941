// Writers for result tables: CSV (UTF-8 with BOM, so Excel shows Chinese),
// Shapefile (ASCII field names ≤ 10 characters with a field dictionary
// beside it, a .cpg, a .prj, polygons only in polygon files) and
// GeoPackage (every table of a run in one file, Chinese field names).
// Every file is written under a temporary name and renamed when complete.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <ogr_core.h>

#include "core/checks/table.h"
#include "core/io/layer.h"

namespace sanxian {

// A CSV field, quoted when it must be.
std::string csvField(const std::string& text);
// A text CSV field that a spreadsheet will not run as a formula: text
// starting with = + - @ gets a leading apostrophe.
std::string csvText(const std::string& text);

std::string toCsv(const Table& table);
void writeCsv(const Table& table, const std::string& path);

struct ShapefileReport {
  std::vector<std::string> files;  // written, including the field dictionary
  size_t parts = 1;                // NAME.shp, NAME_2.shp, … when a file would pass the size limit
  size_t written = 0;              // features written (every row, in one file or another)
  size_t longTextCells = 0;        // text cells longer than a .dbf field, in full in NAME_long_text.csv
  struct Shapefile {
    std::string path;   // the .shp
    int dimension = 2;  // 2 polygons, 1 lines, 0 points
  };
  std::vector<Shapefile> shapefiles;
};

// A Shapefile a check's tables were written to, and the table it holds.
struct WrittenShapefile {
  std::string path;
  const Table* table = nullptr;
  int dimension = 2;
};

// The rows of a table by the file (or GeoPackage layer) they go to: a
// Shapefile holds one kind of geometry, so rows whose geometry is of a
// lower dimension than the table's highest (site × shoreline line pieces
// among polygon pieces) go to NAME_lines (NAME_points); rows without
// geometry stay in the main file. A collection from an overlay goes by its
// highest dimension and keeps only those parts. No row is left out.
struct GeometryGroup {
  std::string suffix;  // "" for the main file, "_lines", "_points"
  OGRwkbGeometryType type = wkbMultiPolygon;
  int dimension = 2;
  std::vector<size_t> rows;
};
std::vector<GeometryGroup> geometryGroups(const Table& table);

// The largest .shp or .dbf written: the format's offsets are 32-bit, and
// most readers stop at 2 GB.
constexpr uint64_t kShapefileMaxBytes = 2147483647;

struct ShapefileOptions {
  std::string encoding = "UTF-8";  // or "GBK" (written with a .cpg of CP936)
  uint64_t maxFileBytes = kShapefileMaxBytes;
};

// Writes `table` (with geometry) as DIR/NAME.shp in `crs`, with its line
// rows in NAME_lines.shp when it mixes kinds (see geometryGroups). A .shp
// or .dbf that would pass `maxFileBytes` is closed and the rows go on in
// NAME_2.shp, NAME_3.shp, … (each part a complete Shapefile; one field
// dictionary for all). Text longer than a .dbf field (254 bytes) keeps its
// beginning in the field and goes whole to NAME_long_text.csv. A row that
// cannot be written is an error naming the table and the row.
ShapefileReport writeShapefile(const Table& table, const std::string& folder, const CrsInfo& crs, const ShapefileOptions& options = {});

// Writes all tables into one GeoPackage; tables with geometry become
// feature layers in `crs`, the others attribute tables.
void writeGeoPackage(const std::vector<NamedTable>& tables, const std::string& path, const CrsInfo& crs);
inline void writeGeoPackage(const std::vector<const Table*>& tables, const std::string& path, const CrsInfo& crs) {
  writeGeoPackage(namedAsThemselves(tables), path, crs);
}

// How a check writes its tables: set by the CLI, or by the run for all its checks.
struct TableWriteOptions {
  std::string shapefileEncoding = "UTF-8";  // or "GBK" for older ArcGIS
  // NAME.gpkg beside the CSVs and Shapefiles. A project run turns it off:
  // the run's sanxian_results.gpkg holds every table of every check.
  bool geoPackage = true;
  bool csv = true;        // every table as NAME.csv
  bool shapefile = true;  // tables with geometry as Shapefile
};

// A check's usual output set in `folder`: every table as CSV, tables with
// geometry also as Shapefile, and all of them in NAME.gpkg (each as
// `options` allows; no folder is made when none is). The files are
// independent and written side by side. Returns the files written, in
// table order.
std::vector<std::string> writeCheckTables(const std::vector<Table>& tables, const std::string& folder, const std::string& name,
                                          const CrsInfo& crs, const TableWriteOptions& options = {},
                                          std::vector<WrittenShapefile>* shapefiles = nullptr);

}  // namespace sanxian
