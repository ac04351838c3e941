#include "core/checks/table.h"

#include "core/checks/check.h"

#include <charconv>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/base/text.h"
#include "core/geometry/units.h"

namespace sanxian {

nlohmann::ordered_json layerInputJson(const std::string& id, const Layer& layer) {
  return {{"id", id}, {"source", layer.source}, {"layer", layer.layerName}, {"role", layer.role()}, {"features", layer.featureCount()}};
}

nlohmann::ordered_json analysisCrsJson(const CrsInfo& crs) {
  using json = nlohmann::ordered_json;
  return {{"epsg", crs.epsg ? json(crs.epsg) : json(nullptr)}, {"name", crs.name}, {"reason", crs.note}};
}

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

TableTotals tableTotals(const Table& table, bool adjustRounding) {
  TableTotals out;
  const size_t columns = table.columns.size();
  out.shown.resize(columns);
  bool anySummable = false;
  for (const Column& c : table.columns) anySummable = anySummable || c.summable;
  if (table.totals == Totals::None || !anySummable) return out;

  // The groups, in order of first appearance; one group of all rows otherwise.
  std::vector<std::string> groupNames;
  std::vector<size_t> groupOf(table.rows.size(), 0);
  const int groupColumn = table.totals == Totals::PerGroup ? table.columnIndex(table.groupColumn) : -1;
  if (groupColumn >= 0) {
    std::map<std::string, size_t> index;
    for (size_t r = 0; r < table.rows.size(); ++r) {
      const std::string value = cellText(table.rows[r][groupColumn], table.columns[groupColumn]);
      const auto [it, added] = index.emplace(value, groupNames.size());
      if (added) groupNames.push_back(value);
      groupOf[r] = it->second;
    }
  } else {
    groupNames.push_back("");
  }
  for (const std::string& name : groupNames) {
    TableTotals::Row row;
    row.label = groupColumn >= 0 ? format(tr("合计（%s）", "Total (%s)"), name.c_str()) : std::string(tr("合计", "Total"));
    row.cells.resize(columns);
    out.rows.push_back(std::move(row));
  }

  auto number = [](const Cell& cell) {
    if (const auto* d = std::get_if<double>(&cell)) return *d;
    if (const auto* i = std::get_if<int64_t>(&cell)) return static_cast<double>(*i);
    return 0.0;
  };
  for (size_t c = 0; c < columns; ++c) {
    const Column& column = table.columns[c];
    if (!column.summable) continue;
    if (column.type == ColumnType::Integer) {
      std::vector<int64_t> sums(groupNames.size(), 0);
      for (size_t r = 0; r < table.rows.size(); ++r)
        if (const auto* i = std::get_if<int64_t>(&table.rows[r][c])) sums[groupOf[r]] += *i;
      for (size_t g = 0; g < groupNames.size(); ++g) out.rows[g].cells[c] = sums[g];
      continue;
    }
    if (column.type != ColumnType::Real) continue;
    // Per group: the rounded total of the full values, and each row's shown value.
    out.shown[c].resize(table.rows.size());
    bool adjusted = false;
    for (size_t g = 0; g < groupNames.size(); ++g) {
      std::vector<size_t> rows;
      std::vector<double> values;
      for (size_t r = 0; r < table.rows.size(); ++r)
        if (groupOf[r] == g) {
          rows.push_back(r);
          values.push_back(number(table.rows[r][c]));
        }
      const AdjustedParts parts = adjustParts(values, column.decimals);
      out.rows[g].cells[c] = parts.total.value();
      for (size_t k = 0; k < rows.size(); ++k)
        out.shown[c][rows[k]] = adjustRounding ? parts.parts[k].value() : roundTo(values[k], column.decimals).value();
      adjusted = adjusted || (adjustRounding && parts.adjusted);
    }
    if (adjusted) out.adjustedColumns.push_back(column.key);
  }
  return out;
}

std::vector<std::string> shapefileFieldNames(const Table& table) {
  std::vector<std::string> names;
  std::set<std::string> used;
  for (const auto& column : table.columns) {
    std::string name = column.shortName.empty() ? column.key.substr(0, 10) : column.shortName.substr(0, 10);
    std::string candidate = name;
    for (int n = 1; used.count(candidate); ++n) {
      const std::string suffix = std::to_string(n);
      candidate = name.substr(0, 10 - suffix.size()) + suffix;
    }
    used.insert(candidate);
    names.push_back(candidate);
  }
  return names;
}

}  // namespace sanxian
