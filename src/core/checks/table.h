// Result tables: the one shape in which every check hands its results to
// the writers (CSV, Shapefile, GeoPackage, and later XLSX and PDF) and to
// the viewer. A table has typed columns with Chinese and English names,
// rows of cells, and optionally one geometry per row.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/base/geos.h"

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

// Columns as the checks declare them: key, Chinese and English names with
// units, Shapefile short name; `summable` for parts of a whole.
namespace column {
inline Column text(const std::string& key, const std::string& zh, const std::string& en, const std::string& shortName = "") {
  return {key, zh, en, ColumnType::Text, 0, shortName, false};
}
inline Column integer(const std::string& key, const std::string& zh, const std::string& en, const std::string& shortName = "",
                      bool summable = false) {
  return {key, zh, en, ColumnType::Integer, 0, shortName, summable};
}
inline Column real(const std::string& key, const std::string& zh, const std::string& en, int decimals, const std::string& shortName = "",
                   bool summable = false) {
  return {key, zh, en, ColumnType::Real, decimals, shortName, summable};
}
}  // namespace column

using Cell = std::variant<std::monostate, std::string, int64_t, double>;

// A row's geometry. Shared, so that the run's findings ledger shows the
// pieces of every check without copying them.
using RowGeometry = std::shared_ptr<GEOSGeometry>;

// How spreadsheets and the printed report total a table's summable columns.
enum class Totals {
  All,       // one totals row over every row
  PerGroup,  // one totals row per value of the group column, never a sum across groups
  None,      // the rows are not parts of one whole
};

struct Table {
  std::string name;  // base name of the files written, e.g. "audit_changes"
  std::string zh, en;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  // Empty for a plain table; otherwise one geometry per row (may be null).
  std::vector<RowGeometry> geometries;
  // A layer with geometry even when it has no rows (no conflicts is a
  // result too: the empty Shapefile and GeoPackage layer are still written).
  bool spatial = false;
  // Rows that mix kinds (by rule, by severity, by township …; removed,
  // added, changed) are totalled per group: a sum across them means nothing.
  Totals totals = Totals::All;
  std::string groupColumn;  // Totals::PerGroup: key of the column whose value groups the rows

  bool hasGeometry() const { return spatial || !geometries.empty(); }
  int columnIndex(const std::string& key) const;  // -1 when absent
};

// A table under the name one output gives it: the run's GeoPackage and
// workbook prefix each check's tables with the check ("overlap_2_…"),
// while the check's own files keep the table's name.
struct NamedTable {
  const Table* table = nullptr;
  std::string name;   // layer name (ASCII-safe key)
  std::string title;  // sheet name and layer title; the table's own title when empty
};
std::vector<NamedTable> namedAsThemselves(const std::vector<const Table*>& tables);

// A cell as text: Real with the column's decimals, nothing for empty.
std::string cellText(const Cell& cell, const Column& column);

// The totals rows of a table as a spreadsheet or the printed report shows
// them, and the values shown for its summable Real columns: rounded to the
// column's decimals (with 面积平差 when asked, within each group), so that
// the parts shown add up to the total shown. The totals are the rounded sums
// of the full-precision values, i.e. the figures of the run's JSON summary.
struct TableTotals {
  struct Row {
    std::string label;       // 合计 / Total, or 合计（减少） per group
    std::vector<Cell> cells;  // one per column: the total, or empty
  };
  std::vector<Row> rows;
  // Per column: the value shown in each row (summable Real columns only; empty otherwise).
  std::vector<std::vector<double>> shown;
  std::vector<std::string> adjustedColumns;  // keys of the columns 面积平差 changed
};
TableTotals tableTotals(const Table& table, bool adjustRounding);

// The Shapefile field names for a table's columns: the short name if set,
// else the key cut to 10 characters, made unique with a numeric suffix.
std::vector<std::string> shapefileFieldNames(const Table& table);

}  // namespace sanxian
