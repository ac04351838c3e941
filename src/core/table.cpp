#include "table.h"

#include "text.h"

namespace sanxian {

int Table::columnIndex(const std::string& key) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].key == key) return static_cast<int>(i);
  return -1;
}

std::string cellText(const Cell& cell, const Column& column) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) return format("%.*f", column.decimals, *d);
  return {};
}

}  // namespace sanxian
