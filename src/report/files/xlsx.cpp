#include "report/files/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <map>
#include <set>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/geometry/units.h"
#include "report/files/output.h"

namespace sanxian {
namespace {

// Excel sheet names: at most 31 characters (counted as UTF-16 units, so
// 31 Chinese characters), none of []:*?/\ and unique in the workbook.
std::string sheetName(const std::string& title, const std::string& tableName, std::set<std::string>& used) {
  auto cut = [](const std::string& text, size_t most) {
    std::string name;
    size_t characters = 0;
    for (size_t i = 0; i < text.size() && characters < most;) {
      const unsigned char c = text[i];
      const size_t length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      if (std::string("[]:*?/\\").find(static_cast<char>(c)) == std::string::npos) name += text.substr(i, length);
      i += length;
      ++characters;
    }
    return name;
  };
  std::string name = cut(title, 31);
  if (name.empty()) name = cut(tableName, 31);
  std::string candidate = name;
  for (int n = 2; used.count(candidate); ++n) candidate = cut(name, 27) + "（" + std::to_string(n) + "）";
  used.insert(candidate);
  return candidate;
}

std::string numberFormat(int decimals) { return decimals > 0 ? "0." + std::string(decimals, '0') : "0"; }

}  // namespace

namespace {

// One workbook being written: its formats, made once, and one sheet per table.
class Workbook {
public:
  Workbook(const std::string& path, const SpreadsheetOptions& options)
      : path_(path), temporary_(temporaryPath(path)), options_(options) {
    // Constant-memory mode streams each row to disk as it is written (inline
    // strings, no shared-string table): a 30 000-row sheet is written several
    // times faster and in a few MB instead of holding every cell. Rows must
    // then be written in order, which they are.
    lxw_workbook_options workbookOptions = {};
    workbookOptions.constant_memory = LXW_TRUE;
    scratch_ = std::filesystem::path(path).parent_path().string();
    workbookOptions.tmpdir = scratch_.empty() ? nullptr : const_cast<char*>(scratch_.c_str());
    workbook_ = workbook_new_opt(temporary_.c_str(), &workbookOptions);
    if (!workbook_) throwInput(tr("无法创建 XLSX 文件", "cannot create the XLSX file"), {path});
    header_ = workbook_add_format(workbook_);
    format_set_bold(header_);
    format_set_text_wrap(header_);
    format_set_bg_color(header_, 0xE8EEF4);
    format_set_border(header_, LXW_BORDER_THIN);
    totalLabel_ = workbook_add_format(workbook_);
    format_set_bold(totalLabel_);
    format_set_top(totalLabel_, LXW_BORDER_THIN);
  }
  // A failure part-way closes the workbook and removes what it wrote: no
  // half-written workbook, and no libxlsxwriter scratch file left behind.
  ~Workbook() {
    if (!workbook_) return;
    workbook_close(workbook_);
    std::error_code ec;
    std::filesystem::remove(temporary_, ec);
  }

  void addSheet(const NamedTable& named) {
    const Table& table = *named.table;
    PhaseTimer timer("workbook sheet " + named.name);
    const std::string title = named.title.empty() ? std::string(tr(table.zh.c_str(), table.en.c_str())) : named.title;
    lxw_worksheet* sheet = workbook_add_worksheet(workbook_, sheetName(title, named.name, usedNames_).c_str());
    if (!sheet) throwInput(format(tr("无法创建工作表 %s", "cannot create the sheet %s"), title.c_str()), {path_});
    const auto& columns = table.columns;
    for (size_t c = 0; c < columns.size(); ++c) {
      worksheet_write_string(sheet, 0, c, tr(columns[c].zh.c_str(), columns[c].en.c_str()), header_);
      worksheet_set_column(sheet, c, c, columns[c].type == ColumnType::Text ? 22 : 16, nullptr);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    // Summable Real columns are written as the values the totals rows add
    // up (rounded, maybe adjusted), so what staff see adds up to what the
    // totals say; a table of mixed kinds gets one totals row per kind.
    const TableTotals totals = tableTotals(table, options_.adjustRounding);
    for (const std::string& key : totals.adjustedColumns) report_.adjustedColumns.push_back(named.name + "." + key);
    writeRows(sheet, named, totals);
    if (!table.rows.empty()) writeTotals(sheet, table, totals);
  }

  SpreadsheetReport close() {
    PhaseTimer timer("workbook close");
    lxw_workbook* workbook = workbook_;
    workbook_ = nullptr;
    const lxw_error error = workbook_close(workbook);
    std::error_code ec;
    if (error != LXW_NO_ERROR) {
      std::filesystem::remove(temporary_, ec);
      throwInput(format(tr("写入 XLSX 失败：%s", "writing the XLSX failed: %s"), lxw_strerror(error)), {path_});
    }
    std::filesystem::rename(temporary_, path_, ec);
    if (ec) {
      std::filesystem::remove(temporary_, ec);
      throwInput(format(tr("无法重命名为目标文件：%s", "cannot rename into place: %s"), ec.message().c_str()), {path_});
    }
    return report_;
  }

private:
  lxw_format* numberAt(int decimals, bool total) {
    auto& cache = total ? totalFormats_ : numberFormats_;
    if (!cache.count(decimals)) {
      lxw_format* f = workbook_add_format(workbook_);
      format_set_num_format(f, numberFormat(decimals).c_str());
      if (total) {
        format_set_bold(f);
        format_set_top(f, LXW_BORDER_THIN);
      }
      cache[decimals] = f;
    }
    return cache[decimals];
  }

  void writeRows(lxw_worksheet* sheet, const NamedTable& named, const TableTotals& totals) {
    const Table& table = *named.table;
    const auto& columns = table.columns;
    // Looked up once per column, not per cell (millions of cells at provincial scale).
    std::vector<const std::vector<double>*> shownAt(columns.size(), nullptr);
    for (size_t c = 0; c < columns.size(); ++c)
      if (!totals.shown[c].empty()) shownAt[c] = &totals.shown[c];
    std::vector<lxw_format*> decimalsFormat(columns.size());
    for (size_t c = 0; c < columns.size(); ++c) decimalsFormat[c] = numberAt(columns[c].decimals, false);
    lxw_format* integerFormat = numberAt(0, false);
    for (size_t r = 0; r < table.rows.size(); ++r) {
      const auto& row = table.rows[r];
      auto check = [&](lxw_error error) {
        if (error != LXW_NO_ERROR)
          throwInput(format(tr("表 %s 第 %zu 行无法写入：%s", "table %s, row %zu cannot be written: %s"), named.name.c_str(), r + 1,
                            lxw_strerror(error)),
                     {path_});
      };
      for (size_t c = 0; c < columns.size(); ++c) {
        const Cell& cell = row[c];
        const lxw_row_t y = static_cast<lxw_row_t>(r + 1);
        if (shownAt[c]) worksheet_write_number(sheet, y, c, (*shownAt[c])[r], decimalsFormat[c]);
        else if (const auto* s = std::get_if<std::string>(&cell)) check(worksheet_write_string(sheet, y, c, s->c_str(), nullptr));
        else if (const auto* i = std::get_if<int64_t>(&cell)) worksheet_write_number(sheet, y, c, static_cast<double>(*i), integerFormat);
        else if (const auto* d = std::get_if<double>(&cell)) worksheet_write_number(sheet, y, c, *d, decimalsFormat[c]);
      }
    }
  }

  void writeTotals(lxw_worksheet* sheet, const Table& table, const TableTotals& totals) {
    const auto& columns = table.columns;
    for (size_t k = 0; k < totals.rows.size(); ++k) {
      const lxw_row_t y = static_cast<lxw_row_t>(table.rows.size() + 1 + k);
      worksheet_write_string(sheet, y, 0, totals.rows[k].label.c_str(), totalLabel_);
      for (size_t c = 1; c < columns.size(); ++c) {
        const Cell& total = totals.rows[k].cells[c];
        if (const auto* d = std::get_if<double>(&total)) worksheet_write_number(sheet, y, c, *d, numberAt(columns[c].decimals, true));
        else if (const auto* i = std::get_if<int64_t>(&total)) worksheet_write_number(sheet, y, c, static_cast<double>(*i), numberAt(0, true));
      }
    }
  }

  const std::string path_, temporary_;
  const SpreadsheetOptions options_;
  std::string scratch_;
  lxw_workbook* workbook_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* totalLabel_ = nullptr;
  std::map<int, lxw_format*> numberFormats_, totalFormats_;
  std::set<std::string> usedNames_;
  SpreadsheetReport report_;
};

}  // namespace

SpreadsheetReport writeXlsx(const std::vector<NamedTable>& tables, const std::string& path, const SpreadsheetOptions& options) {
  Workbook workbook(path, options);
  for (const NamedTable& named : tables) workbook.addSheet(named);
  return workbook.close();
}

}  // namespace sanxian
