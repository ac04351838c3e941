#include "core/checks/audit/audit.h"

#include <cmath>

#include "core/base/text.h"
#include "core/geometry/units.h"

namespace sanxian {

// --- JSON --------------------------------------------------------------------

namespace {

using json = nlohmann::ordered_json;

// What went in, the figures (ellipsoidal, then planar) and the verdicts.
void addFigures(const AuditResult& r, json& j) {
  j["inputs"] = r.inputs;
  j["analysis_crs"] = analysisCrsJson(r.crs);
  j["match_field"] = r.matchField;
  j["nature_field"] = r.natureField;
  j["nature_compared"] = r.natureCompared;
  j["min_piece_area_m2"] = r.minPieceAreaM2;
  j["old_patches"] = r.oldPatches;
  j["new_patches"] = r.newPatches;

  auto areas = [&](const std::string& key, const AreaPair& a) {
    j[key + "_m2"] = a.area;
    j[key + "_ha"] = hectares(a.area);
    j[key + "_mu"] = mu(a.area);
  };
  auto planar = [&](const std::string& key, const AreaPair& a) {
    j["planar_" + key + "_m2"] = a.planar;
    j["planar_" + key + "_ha"] = hectares(a.planar);
  };
  const std::vector<std::pair<std::string, AreaPair>> figures = {{"old_area", r.oldArea},
                                                                  {"new_area", r.newArea},
                                                                  {"removed_area", r.removed},
                                                                  {"justified_removed_area", r.justifiedRemoved},
                                                                  {"unjustified_removed_area", r.unjustifiedRemoved()},
                                                                  {"added_area", r.added},
                                                                  {"net_change", r.net()},
                                                                  {"function_changed_area", r.natureChanged},
                                                                  {"unjustified_function_changed_area", r.unjustifiedNatureChanged}};
  for (const auto& [key, a] : figures) areas(key, a);
  for (const auto& [key, a] : figures) planar(key, a);
  j["removed_pieces"] = r.count(ChangeType::Removed);
  j["unjustified_removed_pieces"] = r.count(ChangeType::Removed, true);
  j["added_pieces"] = r.count(ChangeType::Added);
  j["function_changed_pieces"] = r.count(ChangeType::NatureChanged);
  j["unjustified_function_changed_pieces"] = r.count(ChangeType::NatureChanged, true);

  j["area_not_decreasing"] = r.areaNotDecreasing();
  j["planar_area_not_decreasing"] = r.planarAreaNotDecreasing();
  j["nature_not_changing"] = r.natureCompared ? json(r.natureNotChanging()) : json(nullptr);
  j["removal_has_basis"] = r.removalHasBasis();
  j["passed"] = r.passed();

}

// Noise, the identity, grid retries, self-overlaps, warnings and repairs: what makes the figures trustworthy.
void addChecks(const AuditResult& r, json& j) {
  size_t noiseCount[3] = {0, 0, 0};
  for (const NoisePiece& n : r.noise) ++noiseCount[int(n.type)];
  j["noise_pieces"] = r.noise.size();
  j["noise_removed_pieces"] = noiseCount[0];
  j["noise_added_pieces"] = noiseCount[1];
  j["noise_function_changed_pieces"] = noiseCount[2];
  j["noise_removed_area_m2"] = r.noiseRemoved.area;
  j["noise_added_area_m2"] = r.noiseAdded.area;
  j["noise_function_changed_area_m2"] = r.noiseNatureChanged.area;
  j["planar_noise_removed_area_m2"] = r.noiseRemoved.planar;
  j["planar_noise_added_area_m2"] = r.noiseAdded.planar;
  j["planar_noise_function_changed_area_m2"] = r.noiseNatureChanged.planar;

  auto identity = [&](const AuditResult::Identity& id) {
    return json{{"old_minus_removed_plus_added_m2", id.lhs},
                {"new_area_m2", id.rhs},
                {"residual_m2", id.residual},
                {"relative_residual", id.relative},
                {"tolerance", kAuditIdentityTolerance},
                {"holds", id.holds}};
  };
  j["identity"] = identity(r.identity);
  j["planar_identity"] = identity(r.planarIdentity);

  j["grid_retry_count"] = r.retries.size();
  json retries = json::array();
  for (const AuditRetry& g : r.retries) retries.push_back({{"version", g.version}, {"fid", g.fid}, {"error", g.error}});
  j["grid_retries"] = std::move(retries);
  json self = json::array();
  for (const SelfOverlap& s : r.selfOverlaps)
    self.push_back({{"version", s.version}, {"fid_a", s.fidA}, {"fid_b", s.fidB}, {"code_a", s.codeA}, {"code_b", s.codeB}, {"planar_area_m2", s.planarArea}});
  j["self_overlaps"] = std::move(self);
  j["warnings"] = r.warnings;
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

// Per township, per function type, and per patch code (details for the codes that changed).
void addGroups(const AuditResult& r, json& j) {
  auto group = [&](const AuditGroup& g) {
    json e;
    e["key"] = g.key;
    e["name"] = g.name;
    e["old_patches"] = g.oldPatches;
    e["new_patches"] = g.newPatches;
    e["old_area_m2"] = g.oldArea.area;
    e["new_area_m2"] = g.newArea.area;
    e["removed_area_m2"] = g.removed.area;
    e["justified_removed_area_m2"] = g.justifiedRemoved.area;
    e["unjustified_removed_area_m2"] = g.unjustifiedRemoved().area;
    e["added_area_m2"] = g.added.area;
    e["net_change_m2"] = g.net().area;
    e["function_changed_area_m2"] = g.natureChanged.area;
    e["unjustified_function_changed_area_m2"] = g.unjustifiedNatureChanged.area;
    e["planar_removed_area_m2"] = g.removed.planar;
    e["planar_added_area_m2"] = g.added.planar;
    e["planar_net_change_m2"] = g.net().planar;
    e["removed_pieces"] = g.removedPieces;
    e["unjustified_removed_pieces"] = g.unjustifiedRemovedPieces;
    e["added_pieces"] = g.addedPieces;
    e["function_changed_pieces"] = g.natureChangedPieces;
    return e;
  };
  if (r.hasBoundary) {
    json towns = json::array();
    for (const AuditGroup& g : r.byTownship) towns.push_back(group(g));
    j["by_township"] = std::move(towns);
  }
  json types = json::array();
  for (const AuditGroup& g : r.byType) {
    json e = group(g);
    e["function_changed_in_area_m2"] = g.natureChangedIn.area;
    types.push_back(std::move(e));
  }
  j["by_function_type"] = std::move(types);
  // Per code: counts for all, details for the codes that changed.
  size_t matched = 0, onlyOld = 0, onlyNew = 0;
  json codes = json::array();
  for (const AuditGroup& g : r.byCode) {
    (g.status == "matched" ? matched : g.status == "only_old" ? onlyOld : onlyNew) += 1;
    const bool changed = g.status != "matched" || g.removedPieces || g.addedPieces || g.natureChangedPieces;
    if (!changed) continue;
    json e = group(g);
    e.erase("name");
    e["status"] = g.status;
    e["old_type"] = g.oldType;
    e["new_type"] = g.newType;
    codes.push_back(std::move(e));
  }
  j["codes_matched"] = matched;
  j["codes_only_old"] = onlyOld;
  j["codes_only_new"] = onlyNew;
  j["by_patch_code"] = std::move(codes);

}

// Every change piece, without geometry.
void addChanges(const AuditResult& r, json& j) {
  auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  json changes = json::array();
  for (const ChangePiece& p : r.changes) {
    json c;
    c["change_type"] = changeTypeKey(p.type);
    c["old_fid"] = p.oldFid >= 0 ? json(p.oldFid) : json(nullptr);
    c["new_fid"] = p.newFid >= 0 ? json(p.newFid) : json(nullptr);
    c["old_code"] = p.oldCode;
    c["old_name"] = p.oldName;
    c["new_code"] = p.newCode;
    c["new_name"] = p.newName;
    c["old_type"] = p.oldType;
    c["new_type"] = p.newType;
    if (r.hasBoundary) {
      c["township"] = p.township;
      c["township_code"] = p.townshipCode;
    }
    c["area_m2"] = p.measures.area;
    c["area_ha"] = hectares(p.measures.area);
    c["area_mu"] = mu(p.measures.area);
    c["planar_area_m2"] = p.measures.planarArea;
    c["centroid_x"] = num(p.centroidX);
    c["centroid_y"] = num(p.centroidY);
    c["centroid_lon"] = num(p.longitude);
    c["centroid_lat"] = num(p.latitude);
    c["justified"] = p.justified;
    if (p.justified) {
      c["adjustment_fid"] = p.adjustmentFid;
      c["reason"] = p.reason;
      c["document"] = p.document;
    }
    c["grid_retry"] = p.retriedOnGrid;
    changes.push_back(std::move(c));
  }
  j["changes"] = std::move(changes);
}

}  // namespace

nlohmann::ordered_json toJson(const AuditResult& r) {
  json j;
  addFigures(r, j);
  addChecks(r, j);
  addGroups(r, j);
  addChanges(r, j);
  return j;
}

std::vector<std::string> auditHeadlines(const AuditResult& r) {
  std::vector<std::string> lines;
  lines.push_back(format(tr("原版本 %.4f 公顷（%zu 个图斑），新版本 %.4f 公顷（%zu 个图斑）；椭球面积", "old %.4f ha (%zu patches), new %.4f ha (%zu patches); ellipsoidal"),
                         hectares(r.oldArea.area), r.oldPatches, hectares(r.newArea.area), r.newPatches));
  lines.push_back(format(tr("减少 %.4f 公顷（%zu 块，其中无调整依据 %.4f 公顷 / %zu 块），增加 %.4f 公顷（%zu 块），净变化 %+.4f 公顷（%+.2f 亩）",
                            "removed %.4f ha (%zu pieces; unjustified %.4f ha / %zu), added %.4f ha (%zu pieces), net change %+.4f ha (%+.2f mu)"),
                         hectares(r.removed.area), r.count(ChangeType::Removed), hectares(r.unjustifiedRemoved().area),
                         r.count(ChangeType::Removed, true), hectares(r.added.area), r.count(ChangeType::Added), hectares(r.net().area),
                         mu(r.net().area)));
  if (r.natureCompared)
    lines.push_back(format(tr("性质改变 %.4f 公顷（%zu 块，其中无调整依据 %zu 块）", "nature changed on %.4f ha (%zu pieces, %zu unjustified)"),
                           hectares(r.natureChanged.area), r.count(ChangeType::NatureChanged), r.count(ChangeType::NatureChanged, true)));
  lines.push_back(format(tr("面积不减少：%s；调出有依据：%s；性质不改变：%s", "area not decreasing: %s; removal has a basis: %s; nature not changing: %s"),
                         r.areaNotDecreasing() ? tr("通过", "passed") : tr("不通过", "failed"),
                         r.removalHasBasis() ? tr("通过", "passed") : tr("不通过", "failed"),
                         !r.natureCompared ? tr("未比较", "not compared") : r.natureNotChanging() ? tr("通过", "passed") : tr("不通过", "failed")));
  if (!r.noise.empty()) {
    double area = r.noiseRemoved.planar + r.noiseAdded.planar + r.noiseNatureChanged.planar;
    lines.push_back(format(tr("碎片 %zu 块（小于 %g 平方米，合计 %.4f 平方米）视为数字化误差，未计入变化，见 audit_noise 表",
                              "%zu noise pieces (below %g m², %.4f m² in all) taken as digitizing noise, not counted, see audit_noise"),
                           r.noise.size(), r.minPieceAreaM2, area));
  }
  if (!r.retries.empty())
    lines.push_back(format(tr("%zu 处叠加出现拓扑错误，已在 1 毫米格网上重算", "%zu overlays hit a topology error and were recomputed on the 1 mm grid"),
                           r.retries.size()));
  for (const std::string& w : r.warnings) lines.push_back(tr("注意：", "note: ") + w);
  return lines;
}


}  // namespace sanxian
