// Spreadsheets for staff: one sheet per result table, headers with units,
// number formats with the column's decimals, totals rows for summable
// columns (one per group for tables of mixed kinds, see tableTotals) and, when asked, 面积平差 (rounded parts that add up to the
// rounded total). Written with libxlsxwriter, atomically.
#pragma once

#include <string>
#include <vector>

#include "core/checks/table.h"

namespace sanxian {

struct SpreadsheetOptions {
  // Apply 面积平差 to summable Real columns: each shown (rounded) value is
  // adjusted by largest remainder so the column adds up to its rounded total.
  bool adjustRounding = false;
};

// What was done, so the report can say it.
struct SpreadsheetReport {
  std::vector<std::string> adjustedColumns;  // "table.column" whose rounded parts were adjusted
};

SpreadsheetReport writeXlsx(const std::vector<NamedTable>& tables, const std::string& path, const SpreadsheetOptions& options = {});
inline SpreadsheetReport writeXlsx(const std::vector<const Table*>& tables, const std::string& path, const SpreadsheetOptions& options = {}) {
  return writeXlsx(namedAsThemselves(tables), path, options);
}

}  // namespace sanxian
