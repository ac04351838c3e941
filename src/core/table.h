// Result tables: the one shape in which every check hands its results to
// the writers (CSV, Shapefile, GeoPackage, and later XLSX and PDF) and to
// the viewer. A table has typed columns with Chinese and English names,
// rows of cells, and optionally one geometry per row.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "geos.h"

namespace sanxian {

enum class ColumnType { Text, Integer, Real };

struct Column {
  std::string key;  // snake_case, ASCII; English header and JSON key, carries the unit (area_ha)
  std::string zh;   // full Chinese name with unit, e.g. "减少面积（公顷）"
  std::string en;   // full English name with unit
  ColumnType type = ColumnType::Text;
  int decimals = 2;       // Real: decimals shown in text outputs
  std::string shortName;  // Shapefile field name, ≤ 10 ASCII characters; from key when empty
  // Parts of a whole (areas, lengths, counts): spreadsheets add a totals
  // row for them, and 面积平差 may adjust their rounded values.
  bool summable = false;
};

using Cell = std::variant<std::monostate, std::string, int64_t, double>;

struct Table {
  std::string name;  // base name of the files written, e.g. "audit_changes"
  std::string zh, en;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  // Empty for a plain table; otherwise one geometry per row (may be null).
  std::vector<geos::GeomPtr> geometries;
  // A layer with geometry even when it has no rows (no conflicts is a
  // result too: the empty Shapefile and GeoPackage layer are still written).
  bool spatial = false;

  bool hasGeometry() const { return spatial || !geometries.empty(); }
  int columnIndex(const std::string& key) const;  // -1 when absent
};

// A table under the name one output gives it: the run's GeoPackage and
// workbook prefix each check's tables with the check ("overlap_2_…"),
// while the check's own files keep the table's name.
struct NamedTable {
  const Table* table = nullptr;
  std::string name;
};
std::vector<NamedTable> namedAsThemselves(const std::vector<const Table*>& tables);

// A cell as text: Real with the column's decimals, nothing for empty.
std::string cellText(const Cell& cell, const Column& column);

}  // namespace sanxian
