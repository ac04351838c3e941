#include "core/checks/overlap/overlap.h"

#include <tbb/parallel_for.h>

#include <functional>

#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/checks/overlap/overlap_summary.h"
#include "core/geometry/units.h"

namespace sanxian {
namespace {

using namespace overlap_summary;

using column::integer;
using column::real;
using column::text;

std::vector<Column> areaColumns() {
  return {real("area_m2", "重叠面积（平方米）", "Overlap area (m²)", 2, "area_m2", true),
          real("area_ha", "重叠面积（公顷）", "Overlap area (ha)", 4, "area_ha", true),
          real("area_mu", "重叠面积（亩）", "Overlap area (mu)", 2, "area_mu", true),
          real("planar_area_m2", "平面重叠面积（平方米）", "Planar overlap area (m²)", 2, "pl_area_m2", true),
          real("planar_area_ha", "平面重叠面积（公顷）", "Planar overlap area (ha)", 4, "pl_area_ha", true),
          real("planar_area_mu", "平面重叠面积（亩）", "Planar overlap area (mu)", 2, "pl_area_mu", true),
          real("length_m", "重叠长度（米，线图层）", "Overlap length (m, line layers)", 2, "length_m", true),
          real("planar_length_m", "平面重叠长度（米）", "Planar overlap length (m)", 2, "pl_len_m", true)};
}

void addAreas(std::vector<Cell>& row, double area, double planarArea, double length, double planarLength) {
  row.insert(row.end(), {area, hectares(area), mu(area), planarArea, hectares(planarArea), mu(planarArea), length, planarLength});
}

}  // namespace

namespace {

// How a conflict row gets its piece's text and geometry: copied, the
// geometry only taken (the result's figures and text are read again), or
// both taken and the piece emptied (overlapReport: at provincial scale a
// second copy of every piece's text cost hundreds of megabytes).
enum class Take { Nothing, Geometry, Everything };

// <prefix>_conflicts: every piece with both sides, its rule and figures.
// Only Take::Nothing leaves `r` as it was (the const overloads pass it so).
Table conflictsTable(OverlapResult& r, const std::string& prefix, Take take) {
  Table conflicts;
  conflicts.name = prefix + "_conflicts";
  conflicts.zh = "重叠冲突图斑";
  conflicts.en = "Overlap conflicts";
  conflicts.columns = {text("rule", "规则", "Rule"),
                       text("rule_id", "规则代码", "Rule id", "rule_id"),
                       text("severity", "严重程度", "Severity", "severity"),
                       integer("severity_level", "严重程度等级（3 禁止 / 2 限制 / 1 提示）", "Severity level (3 prohibited / 2 restricted / 1 notice)", "sev_level"),
                       text("message", "说明", "Message"),
                       text("a_layer", "A 图层", "Layer A"),
                       integer("a_fid", "A 要素号", "A FID"),
                       text("a_code", "A 编号", "A code"),
                       text("a_name", "A 名称", "A name"),
                       text("a_attributes", "A 属性（映射值）", "A attributes (mapped)", "a_attrs"),
                       text("b_layer", "B 图层", "Layer B"),
                       integer("b_fid", "B 要素号", "B FID"),
                       text("b_code", "B 编号", "B code"),
                       text("b_name", "B 名称", "B name"),
                       text("b_attributes", "B 属性（映射值）", "B attributes (mapped)", "b_attrs")};
  for (Column& c : areaColumns()) conflicts.columns.push_back(c);
  conflicts.columns.push_back(real("a_share_pct", "占 A 要素面积比例（%）", "Share of feature A (%)", 4, "a_share"));
  conflicts.columns.push_back(real("b_share_pct", "占 B 要素面积比例（%）", "Share of feature B (%)", 4, "b_share"));
  if (r.hasBoundary) {
    conflicts.columns.push_back(text("township", "所在乡镇", "Township", "township"));
    conflicts.columns.push_back(text("township_code", "乡镇代码", "Township code", "town_code"));
  }
  conflicts.columns.push_back(integer("grid_retry", "是否以 1 毫米格网重算", "Recomputed on the 1 mm grid", "grid_retry"));
  // Rows filled in parallel: hundreds of thousands of pieces at provincial scale.
  conflicts.rows.resize(r.pieces.size());
  conflicts.geometries.resize(r.pieces.size());
  tbb::parallel_for(size_t(0), r.pieces.size(), [&](size_t k) {
    OverlapPiece& p = r.pieces[k];
    const bool text = take == Take::Everything;
    auto cell = [text](std::string& s) { return text ? Cell(std::move(s)) : Cell(s); };
    std::vector<Cell> row;
    row.reserve(32);
    row.insert(row.end(), {cell(p.ruleName), cell(p.ruleId), std::string(severityText(p.severity)), int64_t(static_cast<int>(p.severity)),
                           cell(p.message), cell(p.a.layer), p.a.fid, cell(p.a.code), cell(p.a.name), cell(p.a.attributes), cell(p.b.layer),
                           p.b.fid, cell(p.b.code), cell(p.b.name), cell(p.b.attributes)});
    if (p.lineal) addAreas(row, 0, 0, p.measures.length, p.measures.planarLength);
    else addAreas(row, p.measures.area, p.measures.planarArea, 0, 0);
    row.push_back(p.shareA * 100);
    row.push_back(p.shareB * 100);
    if (r.hasBoundary) {
      row.push_back(cell(p.township));
      row.push_back(cell(p.townshipCode));
    }
    row.push_back(int64_t(p.retriedOnGrid ? 1 : 0));
    conflicts.rows[k] = std::move(row);
    if (take == Take::Nothing) conflicts.geometries[k] = p.geometry ? RowGeometry(geos::clone(p.geometry.get())) : nullptr;
    else conflicts.geometries[k] = std::move(p.geometry);
    if (text) p = OverlapPiece();
  });
  conflicts.spatial = true;
  return conflicts;
}

// <prefix>_summary: per rule, severity, A feature and township; totals per grouping.
Table summaryTable(const OverlapResult& r, const std::string& prefix) {
  Summaries s = summarize(r);
  Table summary;
  summary.name = prefix + "_summary";
  summary.zh = "重叠冲突汇总（按规则、严重程度、A 要素、乡镇）";
  summary.en = "Overlap summary (by rule, severity, feature A, township)";
  summary.columns = {text("group", "汇总方式", "Grouped by"), text("name", "分组", "Group"), text("key", "分组代码", "Group key"),
                     text("worst_severity", "最高严重程度", "Worst severity", "worst"), integer("pieces", "图斑数", "Pieces", "pieces", true)};
  for (Column& c : areaColumns()) summary.columns.push_back(c);
  summary.columns.push_back(real("share_pct", "占 A 要素面积比例（%）", "Share of feature A (%)", 4, "share_pct"));
  auto emit = [&](const char* groupZh, const char* groupEn, Groups& groups, bool feature) {
    for (Group& g : groups.all()) {
      std::vector<Cell> row = {std::string(tr(groupZh, groupEn)), g.name, g.key,
                               g.pieces ? Cell(std::string(severityText(g.worst))) : Cell(), g.pieces};
      addAreas(row, g.area.value(), g.planarArea.value(), g.length.value(), g.planarLength.value());
      row.push_back(feature && g.featureArea > 0 ? Cell(g.area.value() / g.featureArea * 100) : Cell());
      summary.rows.push_back(std::move(row));
    }
  };
  emit("规则", "rule", s.byRule, false);
  emit("严重程度", "severity", s.bySeverity, false);
  emit("A 要素", "feature A", s.byFeature, true);
  if (r.hasBoundary) emit("乡镇", "township", s.byTownship, false);
  // Each grouping covers every piece once: totals per grouping, never across them.
  summary.totals = Totals::PerGroup;
  summary.groupColumn = "group";
  return summary;
}

// <prefix>_near_misses.
Table nearTable(const OverlapResult& r, const std::string& prefix) {
  Table near;
  near.name = prefix + "_near_misses";
  near.zh = "临近（未重叠但距离在规则范围内）";
  near.en = "Near misses (no overlap, within a rule's distance)";
  near.columns = {text("rule", "规则", "Rule"), text("rule_id", "规则代码", "Rule id"), text("severity", "严重程度", "Severity"),
                  text("message", "说明", "Message"),
                  text("a_layer", "A 图层", "Layer A"), integer("a_fid", "A 要素号", "A FID"), text("a_code", "A 编号", "A code"),
                  text("a_name", "A 名称", "A name"), text("b_layer", "B 图层", "Layer B"), integer("b_fid", "B 要素号", "B FID"),
                  text("b_code", "B 编号", "B code"), text("b_name", "B 名称", "B name"),
                  real("distance_m", "距离（米，平面）", "Distance (m, planar)", 2, "dist_m")};
  for (const NearMiss& n : r.nearMisses)
    near.rows.push_back({n.ruleName, n.ruleId, std::string(severityText(n.severity)), n.message, n.a.layer, n.a.fid, n.a.code, n.a.name, n.b.layer,
                         n.b.fid, n.b.code, n.b.name, n.distance});
  return near;
}

// <prefix>_slivers.
Table sliversTable(const OverlapResult& r, const std::string& prefix) {
  Table slivers;
  slivers.name = prefix + "_slivers";
  slivers.zh = "碎片（小于最小面积，未计入冲突）";
  slivers.en = "Slivers (below the minimum area, not counted as conflicts)";
  slivers.columns = {text("a_layer", "A 图层", "Layer A"), integer("a_fid", "A 要素号", "A FID"), text("b_layer", "B 图层", "Layer B"),
                     integer("b_fid", "B 要素号", "B FID"), real("planar_area_m2", "平面面积（平方米）", "Planar area (m²)", 4, "pl_area_m2", true)};
  for (const Sliver& v : r.slivers) slivers.rows.push_back({v.aLayer, v.aFid, v.bLayer, v.bFid, v.planarArea});
  return slivers;
}

std::vector<Table> buildOverlapTables(OverlapResult& r, const std::string& prefix, Take take) {
  std::vector<Table> tables;
  tables.push_back(conflictsTable(r, prefix, take));
  tables.push_back(summaryTable(r, prefix));
  tables.push_back(nearTable(r, prefix));
  tables.push_back(sliversTable(r, prefix));
  return tables;
}

}  // namespace

std::vector<Table> overlapTables(const OverlapResult& r, const std::string& prefix) {
  return buildOverlapTables(const_cast<OverlapResult&>(r), prefix, Take::Nothing);  // reads only
}

std::vector<Table> overlapTables(OverlapResult&& r, const std::string& prefix) {
  // The figures and text stay for the findings; the geometry moves.
  return buildOverlapTables(r, prefix, Take::Geometry);
}

std::vector<Finding> overlapFindings(const OverlapResult& r, const Table* conflicts) {
  std::vector<Finding> out;
  out.reserve(r.pieces.size() + r.nearMisses.size());
  auto sides = [](Finding& f, const OverlapSide& a, const OverlapSide& b) {
    f.aLayer = a.layer;
    f.aCode = a.code;
    f.aName = a.name;
    f.aFid = a.fid;
    f.bLayer = b.layer;
    f.bCode = b.code;
    f.bName = b.name;
    f.bFid = b.fid;
  };
  for (size_t k = 0; k < r.pieces.size(); ++k) {
    const OverlapPiece& p = r.pieces[k];
    Finding f;
    f.kind = Finding::Kind::Conflict;
    f.ruleId = p.ruleId;
    f.ruleName = p.ruleName;
    f.severity = p.severity;
    sides(f, p.a, p.b);
    f.township = p.township;
    if (p.lineal) {
      f.length = p.measures.length;
    } else {
      f.area = p.measures.area;
      f.planarArea = p.measures.planarArea;
    }
    f.detail = p.message;
    if (conflicts && k < conflicts->geometries.size()) f.geometry = conflicts->geometries[k];
    f.table = conflicts ? conflicts->name : std::string();
    f.row = k;
    out.push_back(std::move(f));
  }
  for (const NearMiss& n : r.nearMisses) {
    Finding f;
    f.kind = Finding::Kind::NearMiss;
    f.ruleId = n.ruleId;
    f.ruleName = n.ruleName;
    f.severity = n.severity;
    sides(f, n.a, n.b);
    f.distance = n.distance;
    f.detail = n.message;
    out.push_back(std::move(f));
  }
  return out;
}

CheckResult overlapReport(OverlapResult&& result, size_t longestList) {
  CheckResult out;
  PhaseTimer timer("overlap: json");
  out.summary = toJson(result, longestList);
  out.headlines = overlapHeadlines(result);
  timer.next("overlap: tables");
  // What reads the pieces' text first; then the conflicts table takes the
  // text and the geometry, piece by piece, and the findings share the geometry.
  Table summary = summaryTable(result, "overlap"), near = nearTable(result, "overlap"), slivers = sliversTable(result, "overlap");
  out.findings = overlapFindings(result, nullptr);
  Table conflicts = conflictsTable(result, "overlap", Take::Everything);
  std::vector<OverlapPiece>().swap(result.pieces);
  for (Finding& f : out.findings)
    if (f.kind == Finding::Kind::Conflict) {
      f.table = conflicts.name;
      f.geometry = conflicts.geometries[f.row];
    }
  out.tables.push_back(std::move(conflicts));
  out.tables.push_back(std::move(summary));
  out.tables.push_back(std::move(near));
  out.tables.push_back(std::move(slivers));
  return out;
}

}  // namespace sanxian
