#include "core/checks/shoreline/shoreline.h"

#include "core/checks/shoreline/shoreline_common.h"
#include "core/geometry/units.h"

namespace sanxian {

using namespace shoreline_detail;

namespace {

nlohmann::ordered_json totalsJson(const ShorelineFigures& t) {
  nlohmann::ordered_json j;
  j["total_length_m"] = t.length;
  j["planar_total_length_m"] = t.planarLength;
  j["total_length_km"] = t.length / 1000;
  j["protected_length_m"] = t.protectedLength;
  j["planar_protected_length_m"] = t.planarProtectedLength;
  j["protection_rate_pct"] = t.rate();
  j["planar_protection_rate_pct"] = t.planarRate();
  return j;
}

nlohmann::ordered_json groupJson(const ShorelineFigures& f, const char* keyName, bool withOccupation) {
  nlohmann::ordered_json j;
  j[keyName] = f.key;
  j["name"] = keyTitle(f);
  j["segments"] = f.segments;
  j["length_m"] = f.length;
  j["planar_length_m"] = f.planarLength;
  j["protected_length_m"] = f.protectedLength;
  j["planar_protected_length_m"] = f.planarProtectedLength;
  j["protection_rate_pct"] = f.rate();
  j["planar_protection_rate_pct"] = f.planarRate();
  if (withOccupation) {
    j["occupied_length_m"] = f.occupiedLength;
    j["planar_occupied_length_m"] = f.planarOccupiedLength;
  }
  return j;
}

}  // namespace

namespace {

using json = nlohmann::ordered_json;

// The figures of every segment and year in one place for the parts below.
struct Figures {
  const ShorelineComparison& c;
  const ShorelineResult& r = c.current;
  std::vector<ShorelineFigures> previous;
  const std::vector<ShorelineFigures> all = figuresWithPrevious(c, previous);
  const ShorelineFigures& total = all.front();
};

// The totals, the rate, what was occupied and counts by severity.
void addTotals(const Figures& fig, json& j) {
  const ShorelineResult& r = fig.r;
  const json totals = totalsJson(fig.total);
  for (const auto& [k, v] : totals.items()) j[k] = v;
  const ShorelineFigures* unzoned = findFigures(fig.all, "zone", "");
  j["unzoned_length_m"] = unzoned ? unzoned->length : 0.0;
  j["planar_unzoned_length_m"] = unzoned ? unzoned->planarLength : 0.0;
  j["protected_zones"] = r.protectedZones;
  j["segments"] = r.segments.size();
  j["lines_without_geometry"] = r.linesWithoutGeometry;
  j["zones_from"] = r.hasZones ? (r.zoneAttribute ? "polygons+attribute" : "polygons") : (r.zoneAttribute ? "attribute" : "none");
  if (!r.hasOccupiers) {
    j["severity_counts"] = {{"prohibited", 0}, {"restricted", 0}, {"notice", 0}};
    return;
  }
  Sum occupied, planarOccupied, protectedOccupied, planarProtectedOccupied;
  for (const ShorelineSegment& s : r.segments) {
    occupied.add(s.occupiedLength);
    planarOccupied.add(s.planarOccupiedLength);
    if (s.protectedZone) {
      protectedOccupied.add(s.occupiedLength);
      planarProtectedOccupied.add(s.planarOccupiedLength);
    }
  }
  j["occupation_distance_m"] = r.distance;
  j["occupied_length_m"] = occupied.value();
  j["planar_occupied_length_m"] = planarOccupied.value();
  j["protected_occupied_length_m"] = protectedOccupied.value();
  j["planar_protected_occupied_length_m"] = planarProtectedOccupied.value();
  j["occupations"] = r.occupations.size();
  size_t flagged = 0;
  for (const auto& o : r.occupations) flagged += o.protectedZone ? 1 : 0;
  j["protected_occupations"] = flagged;
  j["severity_counts"] = {{"prohibited", flagged}, {"restricted", 0}, {"notice", r.occupations.size() - flagged}};
}

// By zone, river, bank and township, beside the previous year's.
void addGroups(const Figures& fig, json& j) {
  const ShorelineResult& r = fig.r;
  auto listOf = [&](const char* group, const char* keyName) {
    json list = json::array();
    for (const ShorelineFigures& f : fig.all) {
      if (f.group != group) continue;
      json item = groupJson(f, keyName, r.hasOccupiers);
      if (std::string(group) == "zone") item["protected"] = std::find(r.protectedZones.begin(), r.protectedZones.end(), f.key) != r.protectedZones.end();
      if (fig.c.previous) {
        const ShorelineFigures* p = findFigures(fig.previous, f.group, f.key);
        item["previous_length_m"] = p ? p->length : 0.0;
        item["planar_previous_length_m"] = p ? p->planarLength : 0.0;
        item["change_length_m"] = f.length - (p ? p->length : 0.0);
        item["planar_change_length_m"] = f.planarLength - (p ? p->planarLength : 0.0);
      }
      list.push_back(std::move(item));
    }
    return list;
  };
  j["by_zone"] = listOf("zone", "zone");
  j["by_river"] = listOf("river", "river");
  j["by_bank"] = listOf("bank", "bank");
  if (r.hasBoundary) j["by_township"] = listOf("township", "township");
}

// The change against the previous year.
void addChange(const Figures& fig, json& j) {
  if (!fig.c.previous) return;
  const ShorelineFigures& total = fig.total;
  const ShorelineFigures& before = fig.previous.front();
  j["previous"] = totalsJson(before);
  j["change"] = {{"total_length_m", total.length - before.length},
                 {"planar_total_length_m", total.planarLength - before.planarLength},
                 {"protected_length_m", total.protectedLength - before.protectedLength},
                 {"planar_protected_length_m", total.planarProtectedLength - before.planarProtectedLength},
                 {"protection_rate_pct_points", total.rate() - before.rate()},
                 {"planar_protection_rate_pct_points", total.planarRate() - before.planarRate()},
                 {"improved", total.rate() > before.rate()}};
}

// Every occupation.
void addOccupations(const Figures& fig, json& j) {
  const ShorelineResult& r = fig.r;
  if (!r.hasOccupiers) return;
  json list = json::array();
  for (const ShorelineOccupation& o : r.occupations) {
    const ShorelineSegment& s = r.segments[o.segment];
    json item = {{"segment_no", o.segment + 1}, {"line_fid", s.lineFid}, {"river", s.river}, {"bank", s.bank},
                 {"zone", s.zone},          {"protected", o.protectedZone},
                 {"severity", severityKey(occupationSeverity(o.protectedZone))}};
    if (r.hasBoundary) item["township"] = s.township;
    item["occupier_layer"] = o.layer;
    item["occupier_fid"] = o.fid;
    item["occupier_code"] = o.code;
    item["occupier_name"] = o.name;
    item["distance_m"] = o.distance;
    item["length_m"] = o.length;
    item["planar_length_m"] = o.planarLength;
    list.push_back(std::move(item));
  }
  j["occupation_list"] = std::move(list);
}

// Grid retries, the CRS and what went in (both years).
void addSources(const Figures& fig, json& j) {
  const ShorelineResult& r = fig.r;
  json retries = json::array();
  for (const auto& rr : r.retries) retries.push_back({{"line_fid", rr.lineFid}, {"against", rr.against}});
  j["grid_retries"] = std::move(retries);
  j["crs"] = r.crs.name.empty() ? r.crs.definition : r.crs.name;
  json inputs = r.inputs;
  if (fig.c.previous)
    for (const auto& in : fig.c.previous->inputs) {
      json tagged = in;
      tagged["year"] = "previous";
      inputs.push_back(tagged);
    }
  j["inputs"] = inputs;
}

}  // namespace

nlohmann::ordered_json toJson(const ShorelineComparison& c) {
  const Figures figures{c};
  json j = {{"check", "shoreline"}};
  addTotals(figures, j);
  addGroups(figures, j);
  addChange(figures, j);
  addOccupations(figures, j);
  addSources(figures, j);
  return j;
}

std::vector<std::string> shorelineHeadlines(const ShorelineComparison& c) {
  const ShorelineResult& r = c.current;
  const ShorelineFigures t = r.total();
  std::vector<std::string> lines;
  lines.push_back(format(tr("岸线总长 %.3f 千米（平面 %.3f 千米），保护岸线 %.3f 千米，岸线保护率 %.2f%%（平面 %.2f%%）",
                            "shoreline %.3f km (planar %.3f km), protected %.3f km, protection rate %.2f%% (planar %.2f%%)"),
                         t.length / 1000, t.planarLength / 1000, t.protectedLength / 1000, t.rate(), t.planarRate()));
  if (c.previous) {
    const ShorelineFigures p = c.previous->total();
    const double change = t.rate() - p.rate();
    lines.push_back(format(tr("上一年度保护率 %.2f%%，变化 %+.2f 个百分点（%s）", "previous year's rate %.2f%%, change %+.2f points (%s)"), p.rate(),
                           change, change > 0 ? tr("持续改善", "improving") : change < 0 ? tr("下降", "falling") : tr("持平", "unchanged")));
  }
  if (r.hasOccupiers) {
    size_t flagged = 0;
    Sum occupied;
    for (const auto& o : r.occupations) flagged += o.protectedZone ? 1 : 0;
    for (const auto& s : r.segments) occupied.add(s.occupiedLength);
    lines.push_back(format(tr("距占用图斑 %g 米内的岸线 %.1f 米，占用记录 %zu 条，其中保护岸线被占用 %zu 条",
                              "within %g m of occupiers: %.1f m of shoreline; %zu occupation records, %zu of them in protected zones"),
                           r.distance, occupied.value(), r.occupations.size(), flagged));
  }
  if (!r.zoneAttribute && !r.hasZones)
    lines.push_back(tr("警告：岸线没有功能分区字段，也未给出分区图层，全部岸线计为未划分", "warning: the lines have no zone field and no zone layer was given; all shoreline is unzoned"));
  if (r.linesWithoutGeometry)
    lines.push_back(format(tr("%zu 条岸线无可用几何，未计入", "%zu shoreline features have no usable geometry and are left out"), r.linesWithoutGeometry));
  if (!r.retries.empty())
    lines.push_back(format(tr("%zu 处叠加出现拓扑错误，已在 1 毫米格网上重算", "%zu overlays hit a topology error and were recomputed on the 1 mm grid"),
                           r.retries.size()));
  return lines;
}

}  // namespace sanxian
