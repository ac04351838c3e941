#include "table.h"

#include <charconv>

#include "text.h"

namespace sanxian {

int Table::columnIndex(const std::string& key) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].key == key) return static_cast<int>(i);
  return -1;
}

std::vector<NamedTable> namedAsThemselves(const std::vector<const Table*>& tables) {
  std::vector<NamedTable> out;
  for (const Table* t : tables) out.push_back({t, t->name});
  return out;
}

std::string cellText(const Cell& cell, const Column& column) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) {
    // Correctly rounded like printf's %.*f, several times faster: tables
    // of provincial runs hold millions of numbers.
    char buffer[400];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, *d, std::chars_format::fixed, column.decimals);
    if (result.ec == std::errc()) return std::string(buffer, result.ptr);
    return format("%.*f", column.decimals, *d);
  }
  return {};
}

}  // namespace sanxian
