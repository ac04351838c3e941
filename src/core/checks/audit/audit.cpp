#include "core/checks/audit/audit.h"
#include "core/checks/audit/audit_passes.h"

#include <proj.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/groups.h"
#include "core/checks/overlap/overlap.h"
#include "core/geometry/harmonize.h"
#include "core/geometry/overlay.h"
#include "core/geometry/spatial_index.h"
#include "core/geometry/units.h"

namespace sanxian {
namespace {

using namespace audit_passes;
namespace fs = std::filesystem;

// Pairs of patches of one version whose interiors overlap: the reason the
// identity can fail. Only looked for when it does.
std::vector<SelfOverlap> findSelfOverlaps(const Layer& layer, const std::string& version, const std::vector<std::string>& codes) {
  const SpatialIndex index(geometriesOf(layer));
  std::vector<std::vector<SelfOverlap>> found(layer.features.size());
  tbb::parallel_for(size_t(0), layer.features.size(), [&](size_t i) {
    const GEOSGeometry* g = layer.features[i].geometry.get();
    if (!g || geos::isEmpty(g)) return;
    geos::PreparedPtr prepared;
    for (size_t j : index.candidates(g)) {
      if (j <= i) continue;
      const GEOSGeometry* h = layer.features[j].geometry.get();
      if (!prepared) prepared = geos::prepare(g);
      if (GEOSPreparedIntersects_r(geos::ctx(), prepared.get(), h) != 1) continue;
      const overlay::Result r = overlay::intersection(g, h);
      const double a = geos::area(overlay::polygonalPart(r.geometry.get()).get());
      if (a > 0) found[i].push_back({version, layer.features[i].fid, layer.features[j].fid, codes[i], codes[j], a});
    }
  });
  std::vector<SelfOverlap> out;
  for (auto& v : found)
    for (auto& s : v) out.push_back(std::move(s));
  return out;
}

// CGCS2000 degrees of points in the analysis CRS (NaN when PROJ cannot).
void toDegrees(const CrsInfo& crs, std::vector<double>& xy) {
  if (xy.empty()) return;
  auto fail = [&] { std::fill(xy.begin(), xy.end(), std::numeric_limits<double>::quiet_NaN()); };
  if (crs.geographic && crs.datum == Datum::CGCS2000) return;
  PJ_CONTEXT* context = proj_context_create();
  if (!context) return fail();
  PJ* raw = crs.definition.empty() ? nullptr : proj_create_crs_to_crs(context, crs.definition.c_str(), "EPSG:4490", nullptr);
  PJ* pj = raw ? proj_normalize_for_visualization(context, raw) : nullptr;
  if (raw) proj_destroy(raw);
  if (!pj) {
    proj_context_destroy(context);
    return fail();
  }
  const size_t n = xy.size() / 2;
  proj_trans_generic(pj, PJ_FWD, xy.data(), 2 * sizeof(double), n, xy.data() + 1, 2 * sizeof(double), n, nullptr, 0, 0, nullptr, 0, 0);
  for (double& v : xy)
    if (!std::isfinite(v) || v == HUGE_VAL) v = std::numeric_limits<double>::quiet_NaN();
  proj_destroy(pj);
  proj_context_destroy(context);
}

struct GroupSums {
  PairSum oldArea, newArea, removed, justifiedRemoved, added, natureChanged, natureChangedIn, unjustifiedNatureChanged;
  void into(AuditGroup& g) const {
    g.oldArea = oldArea.value();
    g.newArea = newArea.value();
    g.removed = removed.value();
    g.justifiedRemoved = justifiedRemoved.value();
    g.added = added.value();
    g.natureChanged = natureChanged.value();
    g.natureChangedIn = natureChangedIn.value();
    g.unjustifiedNatureChanged = unjustifiedNatureChanged.value();
  }
};

}  // namespace

const char* changeTypeValue(ChangeType type) {
  switch (type) {
    case ChangeType::Removed: return "减少";
    case ChangeType::Added: return "增加";
    case ChangeType::NatureChanged: return "性质改变";
  }
  return "";
}

const char* changeTypeKey(ChangeType type) {
  switch (type) {
    case ChangeType::Removed: return "removed";
    case ChangeType::Added: return "added";
    case ChangeType::NatureChanged: return "function_changed";
  }
  return "";
}

size_t AuditResult::count(ChangeType type, bool unjustifiedOnly) const {
  size_t n = 0;
  for (const ChangePiece& p : changes)
    if (p.type == type && !(unjustifiedOnly && p.justified)) ++n;
  return n;
}

namespace {

// One audit in progress: its inputs, the codes and natures of both
// versions, the approved adjustments, the passes' work and the result,
// filled phase by phase; auditLayers reads as the outline.
struct Audit {
  const Layer& oldLayer;
  const Layer& newLayer;
  const AuditSettings& settings;
  const Layer* boundary = settings.boundary;
  AuditResult result;
  std::vector<std::string> oldCodes, newCodes, oldTypes, newTypes;
  std::vector<Adjustment> adjustments;
  std::map<std::string, size_t> adjustmentByCode;
  std::optional<PolygonSet> adjustmentAreas, townships;
  std::vector<PatchWork> oldWork, newWork;

  // What went in: settings, inputs, the repairs of both versions.
  void start() {
    result.crs = oldLayer.crs;
    result.matchField = settings.matchField;
    result.natureField = settings.natureField;
    result.minPieceAreaM2 = settings.minPieceAreaM2;
    result.hasBoundary = settings.boundary != nullptr;
    result.hasAdjustments = settings.adjustments != nullptr;
    result.inputs.push_back(layerInputJson(settings.oldId, oldLayer));
    result.inputs.push_back(layerInputJson(settings.newId, newLayer));
    if (settings.boundary) result.inputs.push_back(layerInputJson("boundary", *settings.boundary));
    if (settings.adjustments) result.inputs.push_back(layerInputJson("adjustments", *settings.adjustments));
    for (const Layer* layer : {&oldLayer, &newLayer})
      for (const LoadIssue& issue : layer->issues)
        if (issue.kind == LoadIssue::Kind::Repaired) result.repairs.emplace_back(layer == &oldLayer ? settings.oldId : settings.newId, issue);
  }

  // Codes (by the match field) and natures of every patch; a missing match field stops the audit.
  void readFields() {
    // Codes and natures of every patch.
    auto readAll = [&](const Layer& layer, const std::string& field, bool mapped) {
      const FieldReader r = fieldReader(layer, field, settings.roles);
      std::vector<std::string> values;
      values.reserve(layer.features.size());
      for (const Feature& f : layer.features) values.push_back(mapped ? r.mapped(f) : r.raw(f));
      return values;
    };
    for (const Layer* layer : {&oldLayer, &newLayer}) {
      // No match field: patches are compared by geometry alone (the viewer's comparison of any two layers).
      if (settings.matchField.empty() || fieldReader(*layer, settings.matchField, settings.roles).found()) continue;
      std::string fields;
      for (const auto& f : layer->fields) fields += (fields.empty() ? "" : ", ") + f;
      throwInput(format(tr("找不到用于匹配图斑的字段 '%s'；图层中的字段：%s", "the field '%s' that matches patches is not in the layer; its fields: %s"),
                        settings.matchField.c_str(), fields.c_str()),
                 {layer->source, layer->layerName});
    }
    oldCodes = readAll(oldLayer, settings.matchField, false);
    newCodes = readAll(newLayer, settings.matchField, false);
    result.natureCompared = fieldReader(oldLayer, settings.natureField, settings.roles).found() &&
                            fieldReader(newLayer, settings.natureField, settings.roles).found();
    if (!result.natureCompared)
      result.warnings.push_back(format(tr("新旧版本中至少一个没有字段 '%s'，未比较性质（功能类型）变化",
                                          "the field '%s' is missing from at least one version: changes of nature (function type) were not compared"),
                                       settings.natureField.c_str()));
    oldTypes = readAll(oldLayer, settings.natureField, true);
    newTypes = readAll(newLayer, settings.natureField, true);
  }

  // Approved adjustments: polygons (cut pieces) and codes (justify whole pieces).
  void readAdjustments() {
    // Approved adjustments.
    if (settings.adjustments) {
      const Layer& a = *settings.adjustments;
      bool anyPolygon = false;
      for (const Feature& f : a.features) {
        Adjustment adj;
        adj.fid = f.fid;
        adj.code = a.roleValue(f, "code");
        adj.reason = a.roleValue(f, "reason");
        adj.document = a.roleValue(f, "document");
        if (f.geometry && !geos::isEmpty(f.geometry.get())) adj.geometry = f.geometry.get();
        anyPolygon = anyPolygon || adj.geometry;
        if (!adj.geometry && !adj.code.empty()) adjustmentByCode.emplace(adj.code, adjustments.size());
        if (!adj.geometry && adj.code.empty())
          result.warnings.push_back(format(tr("调整依据 FID %lld 既无范围也无红线编号，已忽略", "approved adjustment FID %lld has neither a polygon nor a patch code: ignored"),
                                           static_cast<long long>(f.fid)));
        adjustments.push_back(std::move(adj));
      }
      if (anyPolygon) {
        if (!sameCrs(a.crs, oldLayer.crs))
          throwInput(tr("调整依据图层与红线不在同一分析坐标系（未经 harmonize）", "the adjustments are not in the analysis CRS of the red line (not harmonized)"),
                     {a.source, a.layerName});
        adjustmentAreas.emplace(a);
      }
    }
  }

  // The per-patch passes: old minus new (and natures) for every old patch, new minus old for every new one.
  void runPasses() {
    if (settings.boundary) townships.emplace(*settings.boundary);

    const SpatialIndex oldIndex(geometriesOf(oldLayer));
    const SpatialIndex newIndex(geometriesOf(newLayer));
    Context base;
    base.townships = townships ? &*townships : nullptr;
    base.adjustmentAreas = adjustmentAreas ? &*adjustmentAreas : nullptr;
    base.adjustments = &adjustments;
    base.adjustmentByCode = &adjustmentByCode;
    base.minPieceArea = settings.minPieceAreaM2;
    base.crs = oldLayer.crs;

    Context oldPass = base;
    oldPass.self = &oldLayer;
    oldPass.other = &newLayer;
    oldPass.otherIndex = &newIndex;
    oldPass.differenceType = ChangeType::Removed;
    oldPass.natureChanges = result.natureCompared;
    oldPass.selfTypes = &oldTypes;
    oldPass.otherTypes = &newTypes;
    oldPass.selfCodes = &oldCodes;
    oldPass.otherCodes = &newCodes;
    Context newPass = base;
    newPass.self = &newLayer;
    newPass.other = &oldLayer;
    newPass.otherIndex = &oldIndex;
    newPass.differenceType = ChangeType::Added;
    newPass.selfTypes = &newTypes;
    newPass.otherTypes = &oldTypes;
    newPass.selfCodes = &newCodes;
    newPass.otherCodes = &oldCodes;

    oldWork = processVersion(oldPass);
    newPass.otherWork = &oldWork;
    newWork = processVersion(newPass);
  }

  // The passes' drafts as pieces and noise, in input order: removed, added, nature changed.
  // (Long: one piece maker, one noise maker and the loops that call them in the order the tables keep.)
  void collectPieces() {
    // Merge in input order: removed, added, nature changed.
    auto makePiece = [&](Draft& d, ChangeType type, size_t oldIndex, size_t newIndex) {
      ChangePiece p;
      p.type = type;
      p.oldIndex = oldIndex;
      p.newIndex = newIndex;
      if (oldIndex != npos) {
        p.oldFid = oldLayer.features[oldIndex].fid;
        p.oldCode = oldCodes[oldIndex];
        p.oldName = oldLayer.roleValue(oldLayer.features[oldIndex], "name");
        p.oldType = oldTypes[oldIndex];
      }
      if (newIndex != npos) {
        p.newFid = newLayer.features[newIndex].fid;
        p.newCode = newCodes[newIndex];
        p.newName = newLayer.roleValue(newLayer.features[newIndex], "name");
        p.newType = newTypes[newIndex];
      }
      p.townshipIndex = d.township;
      if (boundary && d.township != npos) {
        const Feature& t = boundary->features[d.township];
        p.township = boundary->roleValue(t, "name");
        p.townshipCode = boundary->roleValue(t, "code");
      }
      if (d.adjustment != npos) {
        const Adjustment& a = adjustments[d.adjustment];
        p.justified = true;
        p.adjustmentFid = a.fid;
        p.reason = a.reason;
        p.document = a.document;
      }
      p.geometry = std::move(d.geometry);
      p.measures = d.measures;
      p.centroidX = d.cx;
      p.centroidY = d.cy;
      p.retriedOnGrid = d.retried;
      result.changes.push_back(std::move(p));
    };
    auto makeNoise = [&](const NoiseDraft& d, size_t oldIndex, size_t newIndex) {
      NoisePiece n;
      n.type = d.type;
      if (oldIndex != npos) {
        n.oldFid = oldLayer.features[oldIndex].fid;
        n.oldCode = oldCodes[oldIndex];
      }
      if (newIndex != npos) {
        n.newFid = newLayer.features[newIndex].fid;
        n.newCode = newCodes[newIndex];
      }
      n.area = d.area;
      n.centroidX = d.cx;
      n.centroidY = d.cy;
      result.noise.push_back(n);
    };
    for (size_t i = 0; i < oldWork.size(); ++i)
      for (Draft& d : oldWork[i].drafts)
        if (d.type == ChangeType::Removed) makePiece(d, d.type, i, npos);
    for (size_t j = 0; j < newWork.size(); ++j)
      for (Draft& d : newWork[j].drafts) makePiece(d, d.type, npos, j);
    for (size_t i = 0; i < oldWork.size(); ++i)
      for (Draft& d : oldWork[i].drafts)
        if (d.type == ChangeType::NatureChanged) makePiece(d, d.type, i, d.other);
    for (ChangeType type : {ChangeType::Removed, ChangeType::Added, ChangeType::NatureChanged}) {
      for (size_t i = 0; i < oldWork.size(); ++i)
        for (const NoiseDraft& d : oldWork[i].noise)
          if (d.type == type) makeNoise(d, i, type == ChangeType::NatureChanged ? d.other : npos);
      if (type == ChangeType::Added)
        for (size_t j = 0; j < newWork.size(); ++j)
          for (const NoiseDraft& d : newWork[j].noise) makeNoise(d, npos, j);
    }
    for (size_t i = 0; i < oldWork.size(); ++i)
      for (const std::string& e : oldWork[i].retryErrors) result.retries.push_back({"old", oldLayer.features[i].fid, e});
    for (size_t j = 0; j < newWork.size(); ++j)
      for (const std::string& e : newWork[j].retryErrors) result.retries.push_back({"new", newLayer.features[j].fid, e});

    // Centroids in degrees, in one batch.
    std::vector<double> xy;
    xy.reserve(result.changes.size() * 2);
    for (const ChangePiece& p : result.changes) xy.insert(xy.end(), {p.centroidX, p.centroidY});
    toDegrees(result.crs, xy);
    for (size_t k = 0; k < result.changes.size(); ++k) {
      result.changes[k].longitude = xy[2 * k];
      result.changes[k].latitude = xy[2 * k + 1];
    }
  }

  // Totals of both versions and of every kind of change.
  void sumTotals() {
    // Totals.
    PairSum oldArea, newArea, removed, justifiedRemoved, added, natureChanged, unjustifiedNatureChanged, noiseRemoved, noiseAdded, noiseNature;
    for (const PatchWork& w : oldWork)
      if (w.usable) {
        oldArea.add(w.whole);
        ++result.oldPatches;
      }
    for (const PatchWork& w : newWork)
      if (w.usable) {
        newArea.add(w.whole);
        ++result.newPatches;
      }
    for (const ChangePiece& p : result.changes) {
      switch (p.type) {
        case ChangeType::Removed:
          removed.add(p.measures);
          if (p.justified) justifiedRemoved.add(p.measures);
          break;
        case ChangeType::Added: added.add(p.measures); break;
        case ChangeType::NatureChanged:
          natureChanged.add(p.measures);
          if (!p.justified) unjustifiedNatureChanged.add(p.measures);
          break;
      }
    }
    for (const NoisePiece& n : result.noise)
      (n.type == ChangeType::Removed ? noiseRemoved : n.type == ChangeType::Added ? noiseAdded : noiseNature).add(n.area);
    result.oldArea = oldArea.value();
    result.newArea = newArea.value();
    result.removed = removed.value();
    result.justifiedRemoved = justifiedRemoved.value();
    result.added = added.value();
    result.natureChanged = natureChanged.value();
    result.unjustifiedNatureChanged = unjustifiedNatureChanged.value();
    result.noiseRemoved = noiseRemoved.value();
    result.noiseAdded = noiseAdded.value();
    result.noiseNatureChanged = noiseNature.value();
  }

  // The identity old - removed + added = new, and why when it fails.
  void checkIdentity() {
    // The identity old − removed + added = new, noise included, from the
    // pieces' own areas against the patches' totals.
    auto identity = [](double oldTotal, double newTotal, double out, double in) {
      AuditResult::Identity id;
      Sum lhs;
      lhs.add(oldTotal);
      lhs.add(-out);
      lhs.add(in);
      id.lhs = lhs.value();
      id.rhs = newTotal;
      id.residual = id.lhs - id.rhs;
      const double scale = std::max(std::fabs(oldTotal), std::fabs(newTotal));
      id.relative = scale > 0 ? std::fabs(id.residual) / scale : 0;
      id.holds = id.relative <= kAuditIdentityTolerance;
      return id;
    };
    result.identity = identity(result.oldArea.area, result.newArea.area, result.removed.area + result.noiseRemoved.area,
                               result.added.area + result.noiseAdded.area);
    result.planarIdentity = identity(result.oldArea.planar, result.newArea.planar, result.removed.planar + result.noiseRemoved.planar,
                                     result.added.planar + result.noiseAdded.planar);
    if (!result.identity.holds || !result.planarIdentity.holds) {
      result.selfOverlaps = findSelfOverlaps(oldLayer, "old", oldCodes);
      for (auto& s : findSelfOverlaps(newLayer, "new", newCodes)) result.selfOverlaps.push_back(std::move(s));
      result.warnings.push_back(format(
          tr("面积恒等式 原面积 − 减少 + 增加 = 新面积 不成立（相对差 %.3g）：同一版本内有 %zu 对图斑相互重叠（重叠部分被重复计算）%s",
             "the identity old − removed + added = new does not hold (relative residual %.3g): %zu pairs of patches of one version overlap each other (counted twice)%s"),
          std::max(result.identity.relative, result.planarIdentity.relative), result.selfOverlaps.size(),
          result.retries.empty() ? "" : tr("，且有叠加在 1 毫米格网上重算", ", and some overlays were recomputed on the 1 mm grid")));
    }
  }

  // Per township: the patches' own areas split by township, and the pieces.
  void groupByTownship() {
    // Per township: the patches' own areas split by township, and the pieces.
    if (boundary) {
      const size_t outside = boundary->features.size();
      std::vector<GroupSums> sums(outside + 1);
      std::vector<AuditGroup> groups(outside + 1);
      std::vector<char> used(outside + 1, 0);
      auto slot = [&](size_t township) { return township == npos ? outside : township; };
      for (const PatchWork& w : oldWork)
        for (const auto& [t, a] : w.townships) sums[slot(t)].oldArea.add(a), used[slot(t)] = 1, ++groups[slot(t)].oldPatches;
      for (const PatchWork& w : newWork)
        for (const auto& [t, a] : w.townships) sums[slot(t)].newArea.add(a), used[slot(t)] = 1, ++groups[slot(t)].newPatches;
      for (const ChangePiece& p : result.changes) {
        const size_t s = slot(p.townshipIndex);
        used[s] = 1;
        AuditGroup& g = groups[s];
        switch (p.type) {
          case ChangeType::Removed:
            sums[s].removed.add(p.measures);
            ++g.removedPieces;
            if (p.justified) sums[s].justifiedRemoved.add(p.measures);
            else ++g.unjustifiedRemovedPieces;
            break;
          case ChangeType::Added:
            sums[s].added.add(p.measures);
            ++g.addedPieces;
            break;
          case ChangeType::NatureChanged:
            sums[s].natureChanged.add(p.measures);
            ++g.natureChangedPieces;
            if (!p.justified) sums[s].unjustifiedNatureChanged.add(p.measures);
            break;
        }
      }
      for (size_t s = 0; s <= outside; ++s) {
        if (s == outside && !used[s]) continue;
        AuditGroup& g = groups[s];
        if (s < outside) {
          const Feature& t = boundary->features[s];
          g.key = boundary->roleValue(t, "code");
          g.name = boundary->roleValue(t, "name");
        } else {
          g.name = tr("（乡镇界以外）", "(outside every township)");
        }
        sums[s].into(g);
        result.byTownship.push_back(std::move(g));
      }
    }
  }

  // Per nature (function type) and per patch code.
  void groupByTypeAndCode() {
    // Per nature (function type) and per patch code.
    {
      GroupsInOrder<AuditGroup> types, codes;
      std::map<std::string, GroupSums> typeSums, codeSums;
      for (size_t i = 0; i < oldWork.size(); ++i) {
        if (!oldWork[i].usable) continue;
        AuditGroup& t = types.at(oldTypes[i]);
        ++t.oldPatches;
        typeSums[oldTypes[i]].oldArea.add(oldWork[i].whole);
        AuditGroup& c = codes.at(oldCodes[i]);
        ++c.oldPatches;
        if (c.oldType.empty()) c.oldType = oldTypes[i];
        codeSums[oldCodes[i]].oldArea.add(oldWork[i].whole);
      }
      for (size_t j = 0; j < newWork.size(); ++j) {
        if (!newWork[j].usable) continue;
        AuditGroup& t = types.at(newTypes[j]);
        ++t.newPatches;
        typeSums[newTypes[j]].newArea.add(newWork[j].whole);
        AuditGroup& c = codes.at(newCodes[j]);
        ++c.newPatches;
        if (c.newType.empty()) c.newType = newTypes[j];
        codeSums[newCodes[j]].newArea.add(newWork[j].whole);
      }
      for (const ChangePiece& p : result.changes) {
        switch (p.type) {
          case ChangeType::Removed: {
            typeSums[p.oldType].removed.add(p.measures);
            ++types.at(p.oldType).removedPieces;
            GroupSums& s = codeSums[p.oldCode];
            AuditGroup& g = codes.at(p.oldCode);
            s.removed.add(p.measures);
            ++g.removedPieces;
            if (p.justified) s.justifiedRemoved.add(p.measures), typeSums[p.oldType].justifiedRemoved.add(p.measures);
            else ++g.unjustifiedRemovedPieces, ++types.at(p.oldType).unjustifiedRemovedPieces;
            break;
          }
          case ChangeType::Added:
            typeSums[p.newType].added.add(p.measures);
            ++types.at(p.newType).addedPieces;
            codeSums[p.newCode].added.add(p.measures);
            ++codes.at(p.newCode).addedPieces;
            break;
          case ChangeType::NatureChanged:
            typeSums[p.oldType].natureChanged.add(p.measures);
            ++types.at(p.oldType).natureChangedPieces;
            typeSums[p.newType].natureChangedIn.add(p.measures);
            if (!p.justified) typeSums[p.oldType].unjustifiedNatureChanged.add(p.measures);
            codeSums[p.oldCode].natureChanged.add(p.measures);
            ++codes.at(p.oldCode).natureChangedPieces;
            if (!p.justified) codeSums[p.oldCode].unjustifiedNatureChanged.add(p.measures);
            break;
        }
      }
      result.byType = types.take();
      for (AuditGroup& g : result.byType) {
        g.name = g.key.empty() ? tr("（无）", "(none)") : g.key;
        typeSums[g.key].into(g);
      }
      result.byCode = codes.take();
      for (AuditGroup& g : result.byCode) {
        codeSums[g.key].into(g);
        g.status = g.oldPatches && g.newPatches ? "matched" : g.oldPatches ? "only_old" : "only_new";
      }
    }
  }

};

}  // namespace

AuditResult auditLayers(const Layer& oldLayer, const Layer& newLayer, const AuditSettings& settings) {
  if (!settings.roles) throw std::invalid_argument("auditLayers needs roles");
  if (!(settings.minPieceAreaM2 >= 0)) throwUsage(tr("最小图斑面积须为非负数", "the minimum piece area must not be negative"));
  Audit audit{oldLayer, newLayer, settings};
  audit.start();
  audit.readFields();
  audit.readAdjustments();
  audit.runPasses();
  audit.collectPieces();
  audit.sumTotals();
  audit.checkIdentity();
  if (settings.boundary) audit.groupByTownship();
  audit.groupByTypeAndCode();
  return std::move(audit.result);
}



}  // namespace sanxian
