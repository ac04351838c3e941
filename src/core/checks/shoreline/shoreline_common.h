// Helpers shared by the shoreline check's tables, findings and JSON
// (internal to the shoreline check): titles of groups and values, the
// figures of this year beside the previous one.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "core/base/text.h"
#include "core/checks/shoreline/shoreline.h"
#include "core/checks/table.h"
#include "core/geometry/units.h"

namespace sanxian::shoreline_detail {

using Sum = CompensatedSum;

// Stricter zones first (从严); other values after the four national ones, unzoned last.
inline const std::vector<std::string>& zoneOrder() {
  static const std::vector<std::string> order = {"protection", "reserved", "controlled_use", "development"};
  return order;
}
inline int zoneRank(const std::string& zone) {
  if (zone.empty()) return 5;
  const auto& order = zoneOrder();
  const auto it = std::find(order.begin(), order.end(), zone);
  return it == order.end() ? 4 : static_cast<int>(it - order.begin());
}

using column::integer;
using column::real;
using column::text;

inline std::string yesNo(bool v) { return v ? tr("是", "yes") : tr("否", "no"); }

inline std::string bankTitle(const std::string& bank) {
  if (bank == "left") return tr("左岸", "left bank");
  if (bank == "right") return tr("右岸", "right bank");
  return bank;
}

inline std::string groupTitle(const std::string& group) {
  if (group == "total") return tr("合计", "total");
  if (group == "zone") return tr("功能分区", "zone");
  if (group == "river") return tr("河湖", "river / lake");
  if (group == "bank") return tr("岸别", "bank");
  if (group == "township") return tr("乡镇", "township");
  return group;
}

inline std::string keyTitle(const ShorelineFigures& f) {
  if (f.group == "zone") return shorelineZoneTitle(f.key);
  if (f.group == "bank") return bankTitle(f.key);
  if (f.group == "township" && f.key.empty()) return tr("不在任何乡镇内", "outside every township");
  return f.key;
}

// Occupation of a protected zone is what the staff must act on.
inline Severity occupationSeverity(bool protectedZone) { return protectedZone ? Severity::Prohibited : Severity::Notice; }

inline const ShorelineFigures* findFigures(const std::vector<ShorelineFigures>& all, const std::string& group, const std::string& key) {
  for (const auto& f : all)
    if (f.group == group && f.key == key) return &f;
  return nullptr;
}

// Current figures with the previous year's groups that no longer appear
// appended (length 0 now), so that each zone's change is listed.
inline std::vector<ShorelineFigures> figuresWithPrevious(const ShorelineComparison& c, std::vector<ShorelineFigures>& previous) {
  std::vector<ShorelineFigures> now = c.current.figures();
  if (!c.previous) return now;
  previous = c.previous->figures();
  for (const auto& p : previous) {
    if (findFigures(now, p.group, p.key)) continue;
    ShorelineFigures gone;
    gone.group = p.group;
    gone.key = p.key;
    now.push_back(gone);
  }
  // Keep groups together (total, zone, river, bank, township) after appending.
  auto rank = [](const std::string& g) {
    static const std::vector<std::string> order = {"total", "zone", "river", "bank", "township"};
    return std::find(order.begin(), order.end(), g) - order.begin();
  };
  std::stable_sort(now.begin(), now.end(), [&](const ShorelineFigures& a, const ShorelineFigures& b) {
    if (rank(a.group) != rank(b.group)) return rank(a.group) < rank(b.group);
    if (a.group == "zone") return zoneRank(a.key) < zoneRank(b.key);
    return false;
  });
  return now;
}

}  // namespace sanxian::shoreline_detail
