#include "core/checks/control_lines/control_lines.h"

#include <map>
#include <optional>
#include <set>

#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/checks/groups.h"
#include "core/geometry/units.h"

namespace sanxian {
namespace {

using json = nlohmann::ordered_json;
using Sum = CompensatedSum;

// The three pairs, each oriented as its rule names it (the smaller, more
// numerous features as A: farmland patches, urban boundary parts).
struct PairSpec {
  const Layer* a;
  const Layer* b;
  std::string aId, bId;
};

std::vector<PairSpec> pairsOf(const ControlLinesSettings& s) {
  return {{s.farmland, s.redline, s.farmlandId, s.redlineId},
          {s.urban, s.redline, s.urbanId, s.redlineId},
          {s.urban, s.farmland, s.urbanId, s.farmlandId}};
}

}  // namespace

bool ControlLinesResult::consistent() const {
  for (const ControlLinePair& p : pairs)
    if (p.pieces > 0) return false;
  return true;
}

ControlLinesResult controlLines(const ControlLinesSettings& settings) {
  if (!settings.redline || !settings.farmland || !settings.urban || !settings.rules || !settings.roles)
    throw std::invalid_argument("controlLines needs the three layers, rules and roles");
  ControlLinesResult result;
  result.roles = settings.roles;
  bool first = true;
  for (const PairSpec& spec : pairsOf(settings)) {
    OverlapSettings o;
    o.aId = spec.aId;
    o.bId = spec.bId;
    o.rules = settings.rules;
    o.roles = settings.roles;
    o.boundary = settings.boundary;
    o.boundaryId = settings.boundaryId;
    o.minPieceAreaM2 = settings.minPieceAreaM2;
    OverlapResult r = overlapLayers(*spec.a, *spec.b, o);
    ControlLinePair pair;
    pair.a = spec.aId;
    pair.b = spec.bId;
    pair.aRole = spec.a->role();
    pair.bRole = spec.b->role();
    pair.pieces = r.pieces.size();
    pair.firstPiece = result.overlaps.pieces.size();
    Sum area, planarArea, sliverArea;
    for (const OverlapPiece& p : r.pieces) {
      area.add(p.measures.area);
      planarArea.add(p.measures.planarArea);
    }
    for (const Sliver& s : r.slivers) sliverArea.add(s.planarArea);
    pair.area = area.value();
    pair.planarArea = planarArea.value();
    pair.slivers = r.slivers.size();
    pair.planarSliverArea = sliverArea.value();
    pair.touchingPairs = r.touchingPairs;
    result.pairs.push_back(pair);
    if (first) {
      // The first pair's result carries what every pair shares (CRS, rule
      // file, boundary); its inputs list both its layers.
      result.overlaps = std::move(r);
      first = false;
    } else {
      // Each layer once in the inputs: only those not yet listed.
      json inputs = std::move(r.inputs);
      r.inputs = json::array();
      std::vector<std::pair<std::string, LoadIssue>> repairs = std::move(r.repairs);
      r.repairs.clear();
      result.overlaps.append(std::move(r));
      for (auto& input : inputs) {
        bool listed = false;
        for (const auto& have : result.overlaps.inputs) listed = listed || have["id"] == input["id"];
        if (!listed) result.overlaps.inputs.push_back(std::move(input));
      }
      std::set<std::string> listed;
      for (const auto& have : result.overlaps.repairs) listed.insert(have.first);
      for (auto& repair : repairs)
        if (!listed.count(repair.first)) result.overlaps.repairs.push_back(std::move(repair));
    }
  }
  Sum total, planarTotal;
  for (const ControlLinePair& p : result.pairs) {
    total.add(p.area);
    planarTotal.add(p.planarArea);
  }
  result.totalArea = total.value();
  result.planarTotalArea = planarTotal.value();
  return result;
}

namespace {

using column::integer;
using column::real;
using column::text;

std::vector<Column> areaColumns() {
  return {real("area_m2", "重叠面积（平方米）", "Overlap area (m²)", 2, "area_m2", true),
          real("area_ha", "重叠面积（公顷）", "Overlap area (ha)", 4, "area_ha", true),
          real("area_mu", "重叠面积（亩）", "Overlap area (mu)", 2, "area_mu", true),
          real("planar_area_m2", "平面重叠面积（平方米）", "Planar overlap area (m²)", 2, "pl_area_m2", true),
          real("planar_area_ha", "平面重叠面积（公顷）", "Planar overlap area (ha)", 4, "pl_area_ha", true)};
}
void addAreas(std::vector<Cell>& row, double area, double planarArea) {
  row.insert(row.end(), {area, hectares(area), mu(area), planarArea, hectares(planarArea)});
}

// "永久基本农田 × 生态保护红线" from the pair's roles (or its layer ids).
std::string pairTitle(const ControlLinePair& p, const RoleCatalog* roles) {
  auto title = [&](const std::string& role, const std::string& id) {
    const RoleDef* def = roles ? roles->find(role) : nullptr;
    return def ? def->title() : id;
  };
  return title(p.aRole, p.a) + " × " + title(p.bRole, p.b);
}

Table pairsTable(const ControlLinesResult& r, const RoleCatalog& roles) {
  Table t;
  t.name = "control_lines_pairs";
  t.zh = "三条控制线两两重叠汇总";
  t.en = "The three control lines: overlaps per pair";
  t.columns = {text("pair", "控制线组合", "Pair"), text("a_layer", "A 图层", "Layer A"), text("b_layer", "B 图层", "Layer B"),
               integer("pieces", "重叠图斑数", "Overlap pieces", "pieces", true)};
  for (Column& c : areaColumns()) t.columns.push_back(c);
  t.columns.push_back(integer("slivers", "碎片数（小于最小面积）", "Slivers (below the minimum area)", "slivers", true));
  t.columns.push_back(real("planar_sliver_area_m2", "碎片平面面积（平方米）", "Planar sliver area (m²)", 4, "pl_slv_m2", true));
  t.columns.push_back(integer("touching_pairs", "仅边界相接的要素对", "Feature pairs touching only", "touching", true));
  t.columns.push_back(text("consistent", "不交叉不重叠", "No overlap", "consistent"));
  for (const ControlLinePair& p : r.pairs) {
    std::vector<Cell> row = {pairTitle(p, &roles), p.a, p.b, int64_t(p.pieces)};
    addAreas(row, p.area, p.planarArea);
    row.insert(row.end(), {int64_t(p.slivers), p.planarSliverArea, int64_t(p.touchingPairs),
                           std::string(p.pieces == 0 ? tr("是", "yes") : tr("否", "no"))});
    t.rows.push_back(std::move(row));
  }
  return t;
}

// Per pair and township: totals per pair (a sum across pairs would count
// ground where all three lines meet more than once).
Table byTownshipTable(const ControlLinesResult& r, const RoleCatalog& roles) {
  struct Group {
    std::string key, pair, township, code;
    int64_t pieces = 0;
    Sum area, planarArea;
  };
  GroupsInOrder<Group> groups;
  for (size_t k = 0; k < r.pairs.size(); ++k) {
    const ControlLinePair& p = r.pairs[k];
    const std::string title = pairTitle(p, &roles);
    for (size_t i = p.firstPiece; i < p.firstPiece + p.pieces; ++i) {
      const OverlapPiece& piece = r.overlaps.pieces[i];
      Group& g = groups.at(std::to_string(k) + "\x1f" + piece.township, [&](Group& g) {
        g.pair = title;
        g.township = piece.township.empty() ? tr("（不在任何乡镇内）", "(in no township)") : piece.township;
        g.code = piece.townshipCode;
      });
      ++g.pieces;
      g.area.add(piece.measures.area);
      g.planarArea.add(piece.measures.planarArea);
    }
  }
  Table t;
  t.name = "control_lines_by_township";
  t.zh = "各乡镇三条控制线重叠";
  t.en = "Control-line overlaps by township and pair";
  t.columns = {text("pair", "控制线组合", "Pair"), text("township", "乡镇", "Township", "township"),
               text("township_code", "乡镇代码", "Township code", "town_code"), integer("pieces", "重叠图斑数", "Overlap pieces", "pieces", true)};
  for (Column& c : areaColumns()) t.columns.push_back(c);
  for (auto& g : groups.all()) {
    std::vector<Cell> row = {g.pair, g.township, g.code, g.pieces};
    addAreas(row, g.area.value(), g.planarArea.value());
    t.rows.push_back(std::move(row));
  }
  t.totals = Totals::PerGroup;
  t.groupColumn = "pair";
  return t;
}

json pairsJson(const ControlLinesResult& r) {
  json out = json::array();
  for (const ControlLinePair& p : r.pairs) {
    json e;
    e["a"] = p.a;
    e["b"] = p.b;
    e["a_role"] = p.aRole;
    e["b_role"] = p.bRole;
    e["pieces"] = p.pieces;
    e["overlap_area_m2"] = p.area;
    e["overlap_area_ha"] = hectares(p.area);
    e["overlap_area_mu"] = mu(p.area);
    e["planar_overlap_area_m2"] = p.planarArea;
    e["planar_overlap_area_ha"] = hectares(p.planarArea);
    e["sliver_count"] = p.slivers;
    e["planar_sliver_area_m2"] = p.planarSliverArea;
    e["touching_pairs"] = p.touchingPairs;
    e["consistent"] = p.pieces == 0;
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<std::string> headlines(const ControlLinesResult& r, const RoleCatalog& roles) {
  std::vector<std::string> lines;
  const bool ok = r.consistent();
  lines.push_back(format(tr("三线不交叉不重叠：%s", "control lines do not overlap: %s"), ok ? tr("通过", "passed") : tr("不通过", "failed")));
  for (const ControlLinePair& p : r.pairs)
    lines.push_back(format(tr("%s：重叠图斑 %zu 个，椭球面积 %.4f 公顷（%.2f 亩），平面面积 %.4f 公顷",
                              "%s: %zu overlap pieces, ellipsoidal %.4f ha (%.2f mu), planar %.4f ha"),
                           pairTitle(p, &roles).c_str(), p.pieces, hectares(p.area), mu(p.area), hectares(p.planarArea)));
  lines.push_back(format(tr("重叠合计 %.4f 公顷（椭球），%.4f 公顷（平面）", "overlaps in all: %.4f ha (ellipsoidal), %.4f ha (planar)"),
                         hectares(r.totalArea), hectares(r.planarTotalArea)));
  if (!r.overlaps.slivers.empty())
    lines.push_back(format(tr("碎片 %zu 个（小于 %g 平方米）未计入重叠，见 slivers 表", "%zu slivers (below %g m²) not counted as overlaps, see the slivers table"),
                           r.overlaps.slivers.size(), r.overlaps.minPieceAreaM2));
  if (!r.overlaps.retries.empty())
    lines.push_back(format(tr("%zu 对要素叠加时出现拓扑错误，已在 1 毫米格网上重算", "%zu pairs hit a topology error and were recomputed on the 1 mm grid"),
                           r.overlaps.retries.size()));
  return lines;
}

}  // namespace

CheckResult controlLinesReport(ControlLinesResult&& result, size_t longestList) {
  const RoleCatalog& roles = *result.roles;
  CheckResult out;
  PhaseTimer timer("control_lines: json");
  json j;
  j["check"] = "control_lines";
  j["pairs"] = pairsJson(result);
  j["total_overlap_area_m2"] = result.totalArea;
  j["total_overlap_area_ha"] = hectares(result.totalArea);
  j["total_overlap_area_mu"] = mu(result.totalArea);
  j["planar_total_overlap_area_m2"] = result.planarTotalArea;
  j["planar_total_overlap_area_ha"] = hectares(result.planarTotalArea);
  j["control_lines_consistent"] = result.consistent();
  json overlap = toJson(result.overlaps, longestList);
  // What the overlap engine says of every piece; its near misses and
  // self-overlap flag mean nothing here (no near rule names these roles).
  for (const char* key : {"self_overlap", "near_miss_count", "near_misses", "overlaps_without_rule", "by_feature_a"}) overlap.erase(key);
  for (auto& [key, value] : overlap.items()) j[key] = value;
  out.summary = std::move(j);
  out.headlines = headlines(result, roles);
  out.verdicts = {{"control_lines_consistent", result.consistent()}};
  timer.next("control_lines: tables");
  Table pairs = pairsTable(result, roles);
  std::optional<Table> byTownship;
  if (result.overlaps.hasBoundary) byTownship = byTownshipTable(result, roles);
  std::vector<Table> overlapTablesOut = overlapTables(std::move(result.overlaps), "control_lines");
  out.tables.push_back(std::move(overlapTablesOut[0]));  // control_lines_conflicts
  out.tables.push_back(std::move(pairs));
  if (byTownship) out.tables.push_back(std::move(*byTownship));
  out.tables.push_back(std::move(overlapTablesOut[3]));  // control_lines_slivers
  out.tables[0].zh = "三条控制线重叠图斑";
  out.tables[0].en = "Control-line overlap pieces";
  out.findings = overlapFindings(result.overlaps, &out.tables.front());
  return out;
}

}  // namespace sanxian
