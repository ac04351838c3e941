#include "core/checks/audit/audit.h"

#include <algorithm>
#include <cmath>

#include "core/base/text.h"
#include "core/geometry/units.h"

namespace sanxian {

// --- tables ------------------------------------------------------------------

namespace {

using column::integer;
using column::real;
using column::text;

// m², ha and mu columns of one figure ("removed" → removed_m2, removed_ha, removed_mu).
void addAreaColumns(std::vector<Column>& columns, const std::string& key, const std::string& zh, const std::string& en, bool summable = true) {
  columns.push_back(real(key + "_m2", zh + "（平方米）", en + " (m²)", 2, "", summable));
  columns.push_back(real(key + "_ha", zh + "（公顷）", en + " (ha)", 4, "", summable));
  columns.push_back(real(key + "_mu", zh + "（亩）", en + " (mu)", 2, "", summable));
}
void addAreaCells(std::vector<Cell>& row, double m2) { row.insert(row.end(), {m2, hectares(m2), mu(m2)}); }

std::string yesNo(bool v) { return v ? tr("是", "yes") : tr("否", "no"); }

Cell finiteOrEmpty(double v) { return std::isfinite(v) ? Cell(v) : Cell(); }

std::string natureTitle(const AuditResult& r, bool zh) {
  if (r.natureField == "function_type") return zh ? "功能类型" : "function type";
  return (zh ? "性质（" : "nature (") + r.natureField + (zh ? "）" : ")");
}

// The figures every summary table shows, after its own leading columns.
struct Figure {
  const char* key;
  const char* zh;
  const char* en;
  AreaPair (*get)(const AuditGroup&);
};
const std::vector<Figure>& groupFigures() {
  static const std::vector<Figure> figures = {
      {"old_area", "原面积", "Old area", [](const AuditGroup& g) { return g.oldArea; }},
      {"new_area", "新面积", "New area", [](const AuditGroup& g) { return g.newArea; }},
      {"removed", "减少面积", "Removed", [](const AuditGroup& g) { return g.removed; }},
      {"removed_justified", "有调整依据的减少面积", "Removed, justified", [](const AuditGroup& g) { return g.justifiedRemoved; }},
      {"removed_unjustified", "无调整依据的减少面积", "Removed, unjustified", [](const AuditGroup& g) { return g.unjustifiedRemoved(); }},
      {"added", "增加面积", "Added", [](const AuditGroup& g) { return g.added; }},
      {"net_change", "净变化面积", "Net change", [](const AuditGroup& g) { return g.net(); }},
      {"function_changed", "性质改变面积", "Nature changed", [](const AuditGroup& g) { return g.natureChanged; }},
      {"function_changed_unjustified", "无调整依据的性质改变面积", "Nature changed, unjustified",
       [](const AuditGroup& g) { return g.unjustifiedNatureChanged; }},
  };
  return figures;
}

void addGroupColumns(Table& t) {
  for (const Figure& f : groupFigures()) addAreaColumns(t.columns, f.key, f.zh, f.en);
  for (const Figure& f : groupFigures())
    if (std::string(f.key) == "removed" || std::string(f.key) == "added" || std::string(f.key) == "net_change")
      t.columns.push_back(real(std::string("planar_") + f.key + "_m2", std::string("平面") + f.zh + "（平方米）",
                               std::string("Planar ") + f.en + " (m²)", 2, "", true));
  t.columns.push_back(integer("removed_pieces", "减少图斑数", "Removed pieces", "", true));
  t.columns.push_back(integer("removed_unjustified_pieces", "无调整依据的减少图斑数", "Unjustified removed pieces", "", true));
  t.columns.push_back(integer("added_pieces", "增加图斑数", "Added pieces", "", true));
  t.columns.push_back(integer("function_changed_pieces", "性质改变图斑数", "Nature-changed pieces", "", true));
}

void addGroupCells(std::vector<Cell>& row, const AuditGroup& g) {
  for (const Figure& f : groupFigures()) addAreaCells(row, f.get(g).area);
  for (const Figure& f : groupFigures())
    if (std::string(f.key) == "removed" || std::string(f.key) == "added" || std::string(f.key) == "net_change")
      row.push_back(f.get(g).planar);
  row.insert(row.end(), {Cell(g.removedPieces), Cell(g.unjustifiedRemovedPieces), Cell(g.addedPieces), Cell(g.natureChangedPieces)});
}

// What an auditor files beside a change: the approval document (and the
// reason), or that there is none.
std::string basisText(const ChangePiece& p) {
  if (p.type == ChangeType::Added) return {};
  if (!p.justified) return tr("无调整依据", "no approved adjustment");
  if (!p.document.empty()) return p.document;
  return p.reason.empty() ? std::string(tr("有调整依据（未注明文号）", "approved adjustment (no document number)")) : p.reason;
}

const char* statusText(const std::string& status) {
  if (status == "matched") return tr("新旧均有", "in both");
  if (status == "only_old") return tr("仅原版本", "only in old");
  return tr("仅新版本", "only in new");
}

}  // namespace

namespace {

// audit_changes: every change piece, with geometry; totals per kind of change.
Table changesTable(const AuditResult& r) {
  const std::string natureZh = natureTitle(r, true), natureEn = natureTitle(r, false);
  Table changes;
  changes.name = "audit_changes";
  changes.zh = "红线变化图斑（减少 / 增加 / 性质改变）";
  changes.en = "Red-line change pieces (removed / added / nature changed)";
  changes.columns = {text("change_type", "变化类型", "Change type", "chg_type"),
                     text("old_code", "原图斑编号", "Old patch code", "old_code"),
                     text("old_name", "原图斑名称", "Old patch name", "old_name"),
                     text("old_type", "原" + natureZh, "Old " + natureEn, "old_type"),
                     text("new_code", "新图斑编号", "New patch code", "new_code"),
                     text("new_name", "新图斑名称", "New patch name", "new_name"),
                     text("new_type", "新" + natureZh, "New " + natureEn, "new_type"),
                     text("township", "乡镇", "Township", "township"),
                     text("township_code", "乡镇代码", "Township code", "twp_code"),
                     text("justified", "有调整依据", "Justified", "justified"),
                     text("basis", "调整依据（批准文号）", "Adjustment basis (approval document)", "basis"),
                     text("reason", "调整理由", "Adjustment reason", "reason"),
                     text("document", "批准文号", "Approval document", "document")};
  changes.columns.push_back(real("area_m2", "面积（平方米）", "Area (m²)", 2, "area_m2", true));
  changes.columns.push_back(real("area_ha", "面积（公顷）", "Area (ha)", 4, "area_ha", true));
  changes.columns.push_back(real("area_mu", "面积（亩）", "Area (mu)", 2, "area_mu", true));
  changes.columns.push_back(real("planar_area_m2", "平面面积（平方米）", "Planar area (m²)", 2, "pl_area_m2", true));
  changes.columns.push_back(real("planar_area_ha", "平面面积（公顷）", "Planar area (ha)", 4, "pl_area_ha", true));
  changes.columns.push_back(real("centroid_x", "中心点 X（米）", "Centroid X (m)", 3, "cent_x"));
  changes.columns.push_back(real("centroid_y", "中心点 Y（米）", "Centroid Y (m)", 3, "cent_y"));
  changes.columns.push_back(real("centroid_lon", "中心点经度（度）", "Centroid longitude (°)", 7, "cent_lon"));
  changes.columns.push_back(real("centroid_lat", "中心点纬度（度）", "Centroid latitude (°)", 7, "cent_lat"));
  changes.columns.push_back(integer("old_fid", "原要素号", "Old FID", "old_fid"));
  changes.columns.push_back(integer("new_fid", "新要素号", "New FID", "new_fid"));
  changes.columns.push_back(integer("adjustment_fid", "调整依据要素号", "Adjustment FID", "adj_fid"));
  changes.columns.push_back(text("grid_retry", "格网重算", "Grid retry", "grid_retry"));
  for (const ChangePiece& p : r.changes) {
    auto fid = [](int64_t v) { return v >= 0 ? Cell(v) : Cell(); };
    changes.rows.push_back({std::string(changeTypeValue(p.type)), p.oldCode, p.oldName, p.oldType, p.newCode, p.newName, p.newType, p.township,
                            p.townshipCode, yesNo(p.justified), basisText(p), p.reason, p.document, p.measures.area,
                            hectares(p.measures.area), mu(p.measures.area), p.measures.planarArea, hectares(p.measures.planarArea),
                            finiteOrEmpty(p.centroidX), finiteOrEmpty(p.centroidY), finiteOrEmpty(p.longitude),
                            finiteOrEmpty(p.latitude), fid(p.oldFid), fid(p.newFid), fid(p.adjustmentFid), yesNo(p.retriedOnGrid)});
    changes.geometries.push_back(p.geometry ? geos::clone(p.geometry.get()) : nullptr);
  }
  changes.spatial = true;
  // 减少, 增加 and 性质改变 are different things: a total per kind, none across them.
  changes.totals = Totals::PerGroup;
  changes.groupColumn = "change_type";
  return changes;
}

// audit_totals: the figures of the audit, one row each.
Table totalsTable(const AuditResult& r) {
  Table totals;
  totals.name = "audit_totals";
  totals.zh = "红线面积变化汇总";
  totals.en = "Red-line area change totals";
  totals.columns = {text("item", "项目代码", "Item key"), text("name", "项目", "Item")};
  addAreaColumns(totals.columns, "area", "面积", "Area", false);
  totals.columns.push_back(real("planar_area_m2", "平面面积（平方米）", "Planar area (m²)", 2, "", false));
  totals.columns.push_back(real("planar_area_ha", "平面面积（公顷）", "Planar area (ha)", 4, "", false));
  totals.columns.push_back(integer("pieces", "图斑数", "Pieces"));
  auto total = [&](const char* key, const char* zh, const char* en, const AreaPair& a, Cell pieces) {
    std::vector<Cell> row = {std::string(key), std::string(tr(zh, en))};
    addAreaCells(row, a.area);
    row.insert(row.end(), {a.planar, hectares(a.planar), pieces});
    totals.rows.push_back(std::move(row));
  };
  const size_t noiseOf[3] = {
      size_t(std::count_if(r.noise.begin(), r.noise.end(), [](const NoisePiece& n) { return n.type == ChangeType::Removed; })),
      size_t(std::count_if(r.noise.begin(), r.noise.end(), [](const NoisePiece& n) { return n.type == ChangeType::Added; })),
      size_t(std::count_if(r.noise.begin(), r.noise.end(), [](const NoisePiece& n) { return n.type == ChangeType::NatureChanged; }))};
  total("old_area", "原版本面积", "Old version area", r.oldArea, int64_t(r.oldPatches));
  total("new_area", "新版本面积", "New version area", r.newArea, int64_t(r.newPatches));
  total("removed", "减少面积", "Removed", r.removed, int64_t(r.count(ChangeType::Removed)));
  total("removed_justified", "其中：有调整依据", "of which justified", r.justifiedRemoved,
        int64_t(r.count(ChangeType::Removed) - r.count(ChangeType::Removed, true)));
  total("removed_unjustified", "其中：无调整依据", "of which unjustified", r.unjustifiedRemoved(), int64_t(r.count(ChangeType::Removed, true)));
  total("added", "增加面积", "Added", r.added, int64_t(r.count(ChangeType::Added)));
  total("net_change", "净变化（新 − 原）", "Net change (new − old)", r.net(), Cell());
  total("function_changed", "性质改变面积", "Nature changed", r.natureChanged, int64_t(r.count(ChangeType::NatureChanged)));
  total("function_changed_unjustified", "其中：无调整依据", "of which unjustified", r.unjustifiedNatureChanged,
        int64_t(r.count(ChangeType::NatureChanged, true)));
  total("noise_removed", "减少碎片（小于最小面积，未计入）", "Removed noise (below the minimum, not counted)", r.noiseRemoved, int64_t(noiseOf[0]));
  total("noise_added", "增加碎片（小于最小面积，未计入）", "Added noise (below the minimum, not counted)", r.noiseAdded, int64_t(noiseOf[1]));
  total("noise_function_changed", "性质改变碎片（小于最小面积，未计入）", "Nature-change noise (below the minimum, not counted)",
        r.noiseNatureChanged, int64_t(noiseOf[2]));
  return totals;
}

// audit_verdicts: 面积不减少, 调出有依据, 性质不改变.
Table verdictsTable(const AuditResult& r) {
  Table verdicts;
  verdicts.name = "audit_verdicts";
  verdicts.zh = "核查结论";
  verdicts.en = "Verdicts";
  verdicts.columns = {text("rule_id", "规则代码", "Rule key"), text("name", "规则", "Rule"), text("passed", "是否通过", "Passed"),
                      text("detail", "说明", "Detail")};
  verdicts.rows.push_back({std::string("area_not_decreasing"), std::string(tr("面积不减少", "area not decreasing")),
                           yesNo(r.areaNotDecreasing()),
                           format(tr("净变化 %.4f 公顷；无调整依据的减少 %.4f 公顷（%zu 个图斑）",
                                     "net change %.4f ha; unjustified removals %.4f ha (%zu pieces)"),
                                  hectares(r.net().area), hectares(r.unjustifiedRemoved().area), r.count(ChangeType::Removed, true))});
  verdicts.rows.push_back({std::string("removal_has_basis"), std::string(tr("调出有依据", "removal has a basis")), yesNo(r.removalHasBasis()),
                           format(tr("无调整依据的减少 %.4f 公顷（%zu 个图斑）；允许的误差 %g 平方米",
                                     "removed without an approved adjustment %.4f ha (%zu pieces); noise threshold %g m²"),
                                  hectares(r.unjustifiedRemoved().area), r.count(ChangeType::Removed, true), r.minPieceAreaM2)});
  verdicts.rows.push_back({std::string("nature_not_changing"), std::string(tr("性质不改变", "nature not changing")),
                           r.natureCompared ? Cell(yesNo(r.natureNotChanging())) : Cell(),
                           r.natureCompared ? format(tr("无调整依据的性质改变 %.4f 公顷（%zu 个图斑）", "unjustified nature changes %.4f ha (%zu pieces)"),
                                                     hectares(r.unjustifiedNatureChanged.area), r.count(ChangeType::NatureChanged, true))
                                            : std::string(tr("未比较（缺少字段）", "not compared (field missing)"))});
  return verdicts;
}

// audit_by_township.
Table townshipTable(const AuditResult& r) {
  Table t;
  t.name = "audit_by_township";
  t.zh = "按乡镇汇总";
  t.en = "By township";
  t.columns = {text("township_code", "乡镇代码", "Township code"), text("township", "乡镇", "Township"),
               integer("old_patches", "原图斑数（含部分在内的）", "Old patches (wholly or partly inside)"),
               integer("new_patches", "新图斑数（含部分在内的）", "New patches (wholly or partly inside)")};
  addGroupColumns(t);
  for (const AuditGroup& g : r.byTownship) {
    std::vector<Cell> row = {g.key, g.name, g.oldPatches, g.newPatches};
    addGroupCells(row, g);
    t.rows.push_back(std::move(row));
  }
  return t;
}

// audit_by_type: per function type (or the nature field).
Table typeTable(const AuditResult& r) {
  const std::string natureZh = natureTitle(r, true), natureEn = natureTitle(r, false);
  Table t;
  t.name = "audit_by_type";
  t.zh = "按" + natureZh + "汇总";
  t.en = "By " + natureEn;
  t.columns = {text("type", natureZh, natureEn),
               integer("old_patches", "原图斑数", "Old patches", "", true),
               integer("new_patches", "新图斑数", "New patches", "", true)};
  addGroupColumns(t);
  addAreaColumns(t.columns, "function_changed_in", "由其他性质改为此性质的面积", "Changed into this nature");
  for (const AuditGroup& g : r.byType) {
    std::vector<Cell> row = {g.name, g.oldPatches, g.newPatches};
    addGroupCells(row, g);
    addAreaCells(row, g.natureChangedIn.area);
    t.rows.push_back(std::move(row));
  }
  return t;
}

// audit_by_code: per patch code, with how it matched.
Table codeTable(const AuditResult& r) {
  const std::string natureZh = natureTitle(r, true), natureEn = natureTitle(r, false);
  Table t;
  t.name = "audit_by_code";
  t.zh = "按图斑编号汇总";
  t.en = "By patch code";
  t.columns = {text("code", "图斑编号", "Patch code"), text("status", "匹配情况", "Match"), text("status_key", "匹配代码", "Match key"),
               text("old_type", "原" + natureZh, "Old " + natureEn), text("new_type", "新" + natureZh, "New " + natureEn),
               integer("old_patches", "原图斑数", "Old patches", "", true), integer("new_patches", "新图斑数", "New patches", "", true)};
  addGroupColumns(t);
  for (const AuditGroup& g : r.byCode) {
    std::vector<Cell> row = {g.key, std::string(statusText(g.status)), g.status, g.oldType, g.newType, g.oldPatches, g.newPatches};
    addGroupCells(row, g);
    t.rows.push_back(std::move(row));
  }
  return t;
}

// audit_noise: pieces below the minimum area; totals per kind of change.
Table noiseTable(const AuditResult& r) {
  Table noise;
  noise.name = "audit_noise";
  noise.zh = "碎片（小于最小面积，视为数字化误差，未计入变化）";
  noise.en = "Noise (below the minimum area: digitizing noise, not counted as change)";
  noise.columns = {text("change_type", "变化类型", "Change type"), text("old_code", "原图斑编号", "Old patch code"),
                   text("new_code", "新图斑编号", "New patch code"), integer("old_fid", "原要素号", "Old FID"),
                   integer("new_fid", "新要素号", "New FID"), real("area_m2", "面积（平方米）", "Area (m²)", 4, "", true),
                   real("planar_area_m2", "平面面积（平方米）", "Planar area (m²)", 4, "", true),
                   real("centroid_x", "中心点 X（米）", "Centroid X (m)", 3), real("centroid_y", "中心点 Y（米）", "Centroid Y (m)", 3)};
  for (const NoisePiece& n : r.noise) {
    auto fid = [](int64_t v) { return v >= 0 ? Cell(v) : Cell(); };
    noise.rows.push_back({std::string(changeTypeValue(n.type)), n.oldCode, n.newCode, fid(n.oldFid), fid(n.newFid), n.area.area, n.area.planar,
                          finiteOrEmpty(n.centroidX), finiteOrEmpty(n.centroidY)});
  }
  noise.totals = Totals::PerGroup;
  noise.groupColumn = "change_type";
  return noise;
}

}  // namespace

std::vector<Table> auditTables(const AuditResult& r) {
  std::vector<Table> tables;
  tables.push_back(changesTable(r));
  tables.push_back(totalsTable(r));
  tables.push_back(verdictsTable(r));
  if (r.hasBoundary) tables.push_back(townshipTable(r));
  tables.push_back(typeTable(r));
  tables.push_back(codeTable(r));
  tables.push_back(noiseTable(r));
  return tables;
}

std::vector<Finding> auditFindings(const AuditResult& r, const Table* changes, const std::string& oldId, const std::string& newId) {
  std::vector<Finding> out;
  for (size_t k = 0; k < r.changes.size(); ++k) {
    const ChangePiece& p = r.changes[k];
    if (p.type == ChangeType::Added) continue;
    Finding f;
    const bool removed = p.type == ChangeType::Removed;
    f.kind = removed ? Finding::Kind::Removed : Finding::Kind::NatureChanged;
    f.severity = p.justified ? Severity::Notice : Severity::Prohibited;
    if (removed) {
      f.ruleId = p.justified ? "redline_removed_justified" : "redline_removed";
      f.ruleName = p.justified ? tr("生态保护红线调出（有调整依据）", "red line removed (approved)") : tr("生态保护红线无依据调出", "red line removed without a basis");
    } else {
      f.ruleId = p.justified ? "redline_nature_changed_justified" : "redline_nature_changed";
      f.ruleName = p.justified ? tr("生态保护红线性质改变（有调整依据）", "red line nature changed (approved)")
                               : tr("生态保护红线性质改变（无调整依据）", "red line nature changed without a basis");
    }
    f.aLayer = oldId;
    f.aCode = p.oldCode;
    f.aName = p.oldName;
    f.aFid = p.oldFid;
    f.bLayer = p.newFid >= 0 ? newId : std::string();
    f.bCode = p.newCode;
    f.bName = p.newName;
    f.bFid = p.newFid;
    f.township = p.township;
    f.area = p.measures.area;
    f.planarArea = p.measures.planarArea;
    f.detail = removed ? basisText(p)
                       : format("%s → %s；%s", p.oldType.c_str(), p.newType.c_str(), basisText(p).c_str());
    if (changes && k < changes->geometries.size()) f.geometry = changes->geometries[k];
    f.table = changes ? changes->name : std::string();
    f.row = k;
    out.push_back(std::move(f));
  }
  return out;
}

CheckResult auditReport(const AuditResult& result, const std::string& oldId, const std::string& newId) {
  CheckResult out;
  out.summary = toJson(result);
  out.tables = auditTables(result);
  out.headlines = auditHeadlines(result);
  out.findings = auditFindings(result, &out.tables.front(), oldId, newId);
  out.verdicts = {{"area_not_decreasing", result.areaNotDecreasing()}, {"removal_has_basis", result.removalHasBasis()}};
  if (result.natureCompared) out.verdicts.emplace_back("nature_not_changing", result.natureNotChanging());
  return out;
}

}  // namespace sanxian
