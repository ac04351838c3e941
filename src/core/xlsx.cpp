#include "xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <map>
#include <set>

#include "error.h"
#include "output.h"
#include "text.h"
#include "timing.h"
#include "units.h"

namespace sanxian {
namespace {

// Excel sheet names: at most 31 characters (counted as UTF-16 units, so
// 31 Chinese characters), none of []:*?/\ and unique in the workbook.
std::string sheetName(const Table& table, const std::string& tableName, std::set<std::string>& used) {
  std::string name;
  size_t characters = 0;
  const std::string title = tr(table.zh.c_str(), table.en.c_str());
  for (size_t i = 0; i < title.size() && characters < 28;) {
    const unsigned char c = title[i];
    const size_t length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (std::string("[]:*?/\\").find(static_cast<char>(c)) == std::string::npos) name += title.substr(i, length);
    i += length;
    ++characters;
  }
  if (name.empty()) name = tableName.substr(0, 28);
  std::string candidate = name;
  for (int n = 2; used.count(candidate); ++n) candidate = name + "_" + std::to_string(n);
  used.insert(candidate);
  return candidate;
}

std::string numberFormat(int decimals) { return decimals > 0 ? "0." + std::string(decimals, '0') : "0"; }

}  // namespace

RoundedColumn roundColumn(const Table& table, int column, bool adjust) {
  RoundedColumn out;
  const int decimals = table.columns[column].decimals;
  std::vector<double> raw;
  for (const auto& row : table.rows) {
    const Cell& cell = row[column];
    raw.push_back(std::holds_alternative<double>(cell) ? std::get<double>(cell)
                  : std::holds_alternative<int64_t>(cell) ? static_cast<double>(std::get<int64_t>(cell))
                                                          : 0.0);
  }
  const AdjustedParts parts = adjustParts(raw, decimals);
  out.total = parts.total.value();
  for (size_t i = 0; i < raw.size(); ++i) out.values.push_back(adjust ? parts.parts[i].value() : roundTo(raw[i], decimals).value());
  out.adjusted = adjust && parts.adjusted;
  return out;
}

SpreadsheetReport writeXlsx(const std::vector<NamedTable>& tables, const std::string& path, const SpreadsheetOptions& options) {
  SpreadsheetReport report;
  const std::string temporary = path + temporarySuffix() + ".xlsx";
  // Constant-memory mode streams each row to disk as it is written (inline
  // strings, no shared-string table): a 30 000-row sheet is written several
  // times faster and in a few MB instead of holding every cell. Rows must
  // then be written in order, which they are.
  lxw_workbook_options workbookOptions = {};
  workbookOptions.constant_memory = LXW_TRUE;
  const std::string scratch = std::filesystem::path(path).parent_path().string();
  workbookOptions.tmpdir = scratch.empty() ? nullptr : const_cast<char*>(scratch.c_str());
  lxw_workbook* workbook = workbook_new_opt(temporary.c_str(), &workbookOptions);
  if (!workbook) throwInput(tr("无法创建 XLSX 文件", "cannot create the XLSX file"), {path});

  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);
  format_set_text_wrap(header);
  format_set_bg_color(header, 0xE8EEF4);
  format_set_border(header, LXW_BORDER_THIN);
  lxw_format* totalLabel = workbook_add_format(workbook);
  format_set_bold(totalLabel);
  format_set_top(totalLabel, LXW_BORDER_THIN);
  std::map<int, lxw_format*> numberFormats, totalFormats;
  auto numberAt = [&](int decimals, bool total) {
    auto& cache = total ? totalFormats : numberFormats;
    if (!cache.count(decimals)) {
      lxw_format* f = workbook_add_format(workbook);
      format_set_num_format(f, numberFormat(decimals).c_str());
      if (total) {
        format_set_bold(f);
        format_set_top(f, LXW_BORDER_THIN);
      }
      cache[decimals] = f;
    }
    return cache[decimals];
  };

  std::set<std::string> usedNames;
  for (const auto& [table, tableName] : tables) {
    PhaseTimer timer("workbook sheet " + tableName);
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, sheetName(*table, tableName, usedNames).c_str());
    const auto& columns = table->columns;
    for (size_t c = 0; c < columns.size(); ++c) {
      worksheet_write_string(sheet, 0, c, tr(columns[c].zh.c_str(), columns[c].en.c_str()), header);
      worksheet_set_column(sheet, c, c, columns[c].type == ColumnType::Text ? 22 : 16, nullptr);
    }
    worksheet_freeze_panes(sheet, 1, 0);

    // Summable Real columns are written as their rounded (maybe adjusted)
    // values, so what staff see adds up to what the totals row says.
    std::map<int, RoundedColumn> rounded;
    bool anySummable = false;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (!columns[c].summable) continue;
      anySummable = true;
      if (columns[c].type != ColumnType::Real) continue;
      rounded[c] = roundColumn(*table, static_cast<int>(c), options.adjustRounding);
      if (rounded[c].adjusted) report.adjustedColumns.push_back(tableName + "." + columns[c].key);
    }
    // Looked up once per column, not per cell (millions of cells at provincial scale).
    std::vector<const RoundedColumn*> roundedAt(columns.size(), nullptr);
    for (auto& [c, column] : rounded) roundedAt[c] = &column;
    std::vector<lxw_format*> decimalsFormat(columns.size());
    for (size_t c = 0; c < columns.size(); ++c) decimalsFormat[c] = numberAt(columns[c].decimals, false);
    lxw_format* integerFormat = numberAt(0, false);

    for (size_t r = 0; r < table->rows.size(); ++r) {
      const auto& row = table->rows[r];
      for (size_t c = 0; c < columns.size(); ++c) {
        const Cell& cell = row[c];
        const lxw_row_t y = static_cast<lxw_row_t>(r + 1);
        if (roundedAt[c]) worksheet_write_number(sheet, y, c, roundedAt[c]->values[r], decimalsFormat[c]);
        else if (const auto* s = std::get_if<std::string>(&cell)) worksheet_write_string(sheet, y, c, s->c_str(), nullptr);
        else if (const auto* i = std::get_if<int64_t>(&cell)) worksheet_write_number(sheet, y, c, static_cast<double>(*i), integerFormat);
        else if (const auto* d = std::get_if<double>(&cell)) worksheet_write_number(sheet, y, c, *d, decimalsFormat[c]);
      }
    }
    if (anySummable && !table->rows.empty()) {
      const lxw_row_t y = static_cast<lxw_row_t>(table->rows.size() + 1);
      worksheet_write_string(sheet, y, 0, tr("合计", "Total"), totalLabel);
      for (size_t c = 1; c < columns.size(); ++c) {
        if (!columns[c].summable) continue;
        double total = 0;
        if (roundedAt[c]) {
          total = roundedAt[c]->total;
        } else {
          for (const auto& row : table->rows)
            if (const auto* i = std::get_if<int64_t>(&row[c])) total += static_cast<double>(*i);
        }
        worksheet_write_number(sheet, y, c, total, numberAt(columns[c].type == ColumnType::Real ? columns[c].decimals : 0, true));
      }
    }
  }
  PhaseTimer timer("workbook close");
  const lxw_error error = workbook_close(workbook);
  if (error != LXW_NO_ERROR) {
    std::filesystem::remove(temporary);
    throwInput(format(tr("写入 XLSX 失败：%s", "writing the XLSX failed: %s"), lxw_strerror(error)), {path});
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) throwInput(format(tr("无法重命名为目标文件：%s", "cannot rename into place: %s"), ec.message().c_str()), {path});
  return report;
}

}  // namespace sanxian
