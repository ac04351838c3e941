#include "core/checks/overlap/overlap.h"

#include <map>

#include "core/base/text.h"
#include "core/checks/overlap/overlap_summary.h"
#include "core/geometry/units.h"

namespace sanxian {
namespace {

using namespace overlap_summary;

// The entries of a list as JSON, or only their count when there are more
// than `longestList`.
template <typename T, typename ToJson>
nlohmann::ordered_json listOrCount(const std::vector<T>& items, size_t longestList, ToJson toJson) {
  if (items.size() > longestList) return countOnly(items.size());
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  out.get_ref<nlohmann::ordered_json::array_t&>().reserve(items.size());
  for (const T& item : items) out.push_back(toJson(item));
  return out;
}

}  // namespace

namespace {

using json = nlohmann::ordered_json;

// What went in, the totals, counts by severity, slivers, retries and repairs.
void addFigures(const OverlapResult& r, json& j) {
  j["inputs"] = r.inputs;
  j["analysis_crs"] = analysisCrsJson(r.crs);
  j["rules_file"] = r.rulesPath;
  j["self_overlap"] = r.selfOverlap;
  j["min_piece_area_m2"] = r.minPieceAreaM2;

  Sum area, planarArea, length, planarLength;
  std::map<Severity, size_t> counts;
  for (const OverlapPiece& p : r.pieces) {
    (p.lineal ? length : area).add(p.lineal ? p.measures.length : p.measures.area);
    (p.lineal ? planarLength : planarArea).add(p.lineal ? p.measures.planarLength : p.measures.planarArea);
    ++counts[p.severity];
  }
  j["pieces"] = r.pieces.size();
  j["overlap_area_m2"] = area.value();
  j["overlap_area_ha"] = hectares(area.value());
  j["overlap_area_mu"] = mu(area.value());
  j["planar_overlap_area_m2"] = planarArea.value();
  j["planar_overlap_area_ha"] = hectares(planarArea.value());
  j["planar_overlap_area_mu"] = mu(planarArea.value());
  j["overlap_length_m"] = length.value();
  j["planar_overlap_length_m"] = planarLength.value();
  json severities;
  for (Severity v : {Severity::Prohibited, Severity::Restricted, Severity::Notice}) {
    severities[severityKey(v)] = counts[v];
    j[std::string(severityKey(v)) + "_count"] = counts[v];
  }
  j["severity_counts"] = severities;
  j["near_miss_count"] = r.nearMisses.size();
  Sum sliverArea;
  for (const Sliver& s : r.slivers) sliverArea.add(s.planarArea);
  j["sliver_count"] = r.slivers.size();
  j["planar_sliver_area_m2"] = sliverArea.value();
  j["touching_pairs"] = r.touchingPairs;
  j["overlaps_without_rule"] = r.overlapsWithoutRule;
  j["candidate_pairs"] = r.candidatePairs;
  j["overlay_kernel"] = {{"grid_pairs", r.gridKernelPairs}, {"geos_fallback_pairs", r.kernelFallbacks}};
  j["undecided_pieces"] = std::count_if(r.pieces.begin(), r.pieces.end(), [](const OverlapPiece& p) { return !p.undecided.empty(); });
  j["grid_retry_count"] = r.retries.size();
  json retries = json::array();
  for (const GridRetry& g : r.retries)
    retries.push_back({{"a_layer", g.aLayer}, {"a_fid", g.aFid}, {"b_layer", g.bLayer}, {"b_fid", g.bFid}, {"error", g.error}});
  j["grid_retries"] = std::move(retries);
  json repairs = json::array();
  for (const auto& [id, issue] : r.repairs)
    repairs.push_back({{"layer", id},
                       {"fid", issue.fid ? json(*issue.fid) : json(nullptr)},
                       {"message", issue.message},
                       {"area_before_m2", issue.areaBefore},
                       {"area_after_m2", issue.areaAfter},
                       {"planar_area_before_m2", issue.planarAreaBefore},
                       {"planar_area_after_m2", issue.planarAreaAfter}});
  j["repaired_features"] = std::move(repairs);

}

// Per rule, severity, A feature and township.
void addGroups(const OverlapResult& r, json& j, size_t longestList) {
  Summaries s = summarize(r);
  auto groups = [](Groups& g, const char* key, bool feature) {
    json out = json::array();
    for (Group& x : g.all()) {
      json e;
      e[key] = x.key;
      e["name"] = x.name;
      e["worst_severity"] = x.pieces ? json(severityKey(x.worst)) : json(nullptr);
      e["pieces"] = x.pieces;
      e["area_m2"] = x.area.value();
      e["planar_area_m2"] = x.planarArea.value();
      e["length_m"] = x.length.value();
      if (feature) e["share_pct"] = x.featureArea > 0 ? json(x.area.value() / x.featureArea * 100) : json(nullptr);
      out.push_back(std::move(e));
    }
    return out;
  };
  j["by_rule"] = groups(s.byRule, "rule", false);
  j["by_severity"] = groups(s.bySeverity, "severity", false);
  j["by_feature_a"] = s.byFeature.all().size() > longestList ? countOnly(s.byFeature.all().size()) : groups(s.byFeature, "feature", true);
  if (r.hasBoundary) j["by_township"] = groups(s.byTownship, "township", false);

}

// Every conflict, near miss and sliver, or their counts when too long.
void addLists(const OverlapResult& r, json& j, size_t longestList) {
  j["conflicts"] = listOrCount(r.pieces, longestList, [&](const OverlapPiece& p) {
    json c;
    c["rule"] = p.ruleId;
    c["severity"] = severityKey(p.severity);
    c["a_layer"] = p.a.layer;
    c["a_fid"] = p.a.fid;
    c["a_code"] = p.a.code;
    c["a_name"] = p.a.name;
    c["a_attributes"] = p.a.attributes;
    c["b_layer"] = p.b.layer;
    c["b_fid"] = p.b.fid;
    c["b_code"] = p.b.code;
    c["b_name"] = p.b.name;
    c["b_attributes"] = p.b.attributes;
    if (p.lineal) {
      c["length_m"] = p.measures.length;
      c["planar_length_m"] = p.measures.planarLength;
    } else {
      c["area_m2"] = p.measures.area;
      c["area_ha"] = hectares(p.measures.area);
      c["area_mu"] = mu(p.measures.area);
      c["planar_area_m2"] = p.measures.planarArea;
    }
    c["a_share_pct"] = p.shareA * 100;
    c["b_share_pct"] = p.shareB * 100;
    if (r.hasBoundary) c["township"] = p.township;
    c["grid_retry"] = p.retriedOnGrid;
    return c;
  });
  j["near_misses"] = listOrCount(r.nearMisses, longestList, [](const NearMiss& n) {
    return json{{"rule", n.ruleId}, {"severity", severityKey(n.severity)}, {"a_layer", n.a.layer}, {"a_fid", n.a.fid},
                {"b_layer", n.b.layer}, {"b_fid", n.b.fid}, {"distance_m", n.distance}};
  });
  j["slivers"] = listOrCount(r.slivers, longestList, [](const Sliver& v) {
    return json{{"a_layer", v.aLayer}, {"a_fid", v.aFid}, {"b_layer", v.bLayer}, {"b_fid", v.bFid}, {"planar_area_m2", v.planarArea}};
  });
}

}  // namespace

nlohmann::ordered_json toJson(const OverlapResult& r, size_t longestList) {
  json j;
  addFigures(r, j);
  addGroups(r, j, longestList);
  addLists(r, j, longestList);
  return j;
}

std::vector<std::string> overlapHeadlines(const OverlapResult& r) {
  Sum area, planarArea;
  std::map<Severity, size_t> counts;
  for (const OverlapPiece& p : r.pieces) {
    if (!p.lineal) {
      area.add(p.measures.area);
      planarArea.add(p.measures.planarArea);
    }
    ++counts[p.severity];
  }
  std::vector<std::string> lines;
  lines.push_back(format(tr("重叠图斑 %zu 个，椭球面积 %.4f 公顷（%.2f 亩），平面面积 %.4f 公顷",
                            "%zu overlap pieces, ellipsoidal %.4f ha (%.2f mu), planar %.4f ha"),
                         r.pieces.size(), hectares(area.value()), mu(area.value()), hectares(planarArea.value())));
  lines.push_back(format(tr("禁止 %zu，限制 %zu，提示 %zu；临近 %zu", "prohibited %zu, restricted %zu, notice %zu; near misses %zu"),
                         counts[Severity::Prohibited], counts[Severity::Restricted], counts[Severity::Notice], r.nearMisses.size()));
  if (!r.slivers.empty())
    lines.push_back(format(tr("碎片 %zu 个（小于 %g 平方米）未计入冲突，见 slivers 表", "%zu slivers (below %g m²) not counted as conflicts, see the slivers table"),
                           r.slivers.size(), r.minPieceAreaM2));
  const size_t undecided = std::count_if(r.pieces.begin(), r.pieces.end(), [](const OverlapPiece& p) { return !p.undecided.empty(); });
  if (undecided)
    lines.push_back(format(tr("注意：%zu 处规则所依据的字段值为空或无法识别，已按较严格的规则判定，须核实（见说明列）",
                              "note: for %zu pieces a value the rule looks at is empty or unknown; the stricter rule was applied, check them (see the message column)"),
                           undecided));
  if (!r.retries.empty())
    lines.push_back(format(tr("%zu 对要素叠加时出现拓扑错误，已在 1 毫米格网上重算", "%zu pairs hit a topology error and were recomputed on the 1 mm grid"),
                           r.retries.size()));
  if (!r.repairs.empty())
    lines.push_back(format(tr("%zu 个无效几何已修复后参与计算（见 repaired_features）", "%zu invalid geometries were repaired before the overlay (see repaired_features)"),
                           r.repairs.size()));
  return lines;
}

}  // namespace sanxian
