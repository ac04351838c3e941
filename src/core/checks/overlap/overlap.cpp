#include "core/checks/overlap/overlap.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>

#include "core/base/error.h"
#include "core/geometry/harmonize.h"
#include "core/run/info.h"
#include "core/io/placement.h"
#include "report/files/output.h"
#include "core/geometry/overlay.h"
#include "core/geometry/spatial_index.h"
#include "core/base/secrets.h"
#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/geometry/townships.h"
#include "core/geometry/units.h"
#include "report/files/writers.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

using Sum = CompensatedSum;

int dimensionOf(const GEOSGeometry* g) {
  if (geos::isPolygonal(g)) return 2;
  if (geos::isLineal(g)) return 1;
  return GEOSGeom_getDimensions_r(geos::ctx(), g);
}

std::string firstOf(const Layer& layer, const Feature& f, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    const std::string& v = layer.roleValue(f, n);
    if (!v.empty()) return v;
  }
  return {};
}

// The mapped values of the role fields that have value maps (zone, kind,
// type, class …): what the rules look at, shown beside each conflict by
// their titles ("功能分区=核心保护区；矿业权类型=采矿权").
std::string mappedAttributes(const Layer& layer, const Feature& f, const RoleDef* role) {
  if (!role || !layer.roleMatch) return {};
  std::string out;
  for (const FieldDef& def : role->fields) {
    if (def.values.empty() || !layer.roleMatch->columns.count(def.name)) continue;
    const std::string& raw = layer.roleValue(f, def.name);
    if (raw.empty()) continue;
    out += (out.empty() ? "" : tr("；", "; ")) + def.title() + "=" + def.valueTitle(def.mapValue(raw));
  }
  return out;
}

// What the parallel pass finds for one pair, before sides are filled in.
struct Draft {
  size_t j = 0;
  const Rule* rule = nullptr;
  std::string undecided;  // the value the rule looks at that was unknown
  geos::GeomPtr geometry;
  bool lineal = false;
  Measures measures;
  TownshipPlacement township;
  bool retried = false;
};
struct NearDraft {
  size_t j = 0;
  const Rule* rule = nullptr;
  double distance = 0;
};
struct PerFeature {
  std::vector<Draft> pieces;
  std::vector<NearDraft> near;
  std::vector<Sliver> slivers;
  std::vector<GridRetry> retries;
};

// A list too long for the summary it goes into, counted (see toJson).
nlohmann::ordered_json countOnly(size_t entries) { return {{"omitted_entries", entries}}; }

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

nlohmann::ordered_json inputJson(const std::string& id, const Layer& layer) {
  return {{"id", id}, {"source", layer.source}, {"layer", layer.layerName}, {"role", layer.role()}, {"features", layer.features.size()}};
}

}  // namespace

void OverlapResult::append(OverlapResult&& other) {
  for (auto& p : other.pieces) pieces.push_back(std::move(p));
  for (auto& n : other.nearMisses) nearMisses.push_back(std::move(n));
  for (auto& s : other.slivers) slivers.push_back(std::move(s));
  for (auto& r : other.retries) retries.push_back(std::move(r));
  touchingPairs += other.touchingPairs;
  overlapsWithoutRule += other.overlapsWithoutRule;
  candidatePairs += other.candidatePairs;
  for (auto& i : other.inputs) inputs.push_back(std::move(i));
  for (auto& r : other.repairs) repairs.push_back(std::move(r));
}

OverlapResult overlapLayers(const Layer& a, const Layer& b, const OverlapSettings& settings) {
  if (!settings.rules || !settings.roles) throw std::invalid_argument("overlapLayers needs rules and roles");
  const bool self = settings.selfOverlap || &a == &b;
  const RoleDef* roleA = settings.roles->find(a.role());
  const RoleDef* roleB = settings.roles->find(b.role());
  const RuleList& rules = *settings.rules;
  const double near = maxNearDistance(rules, a.role(), b.role());
  const CrsInfo crs = a.crs;

  PhaseTimer timer("overlap: candidates, overlay, pieces");
  std::vector<const GEOSGeometry*> geometriesA;
  for (const auto& f : a.features) geometriesA.push_back(f.geometry.get());
  const SpatialIndex indexA(geometriesA);
  std::optional<Townships> townships;
  if (settings.boundary) townships.emplace(*settings.boundary);

  // The loop runs over B — the large, many-vertex side (red-line patches,
  // reserves) as the rules put it — so that each B feature is prepared
  // (indexed) once, used for every A feature near it and dropped: a cache
  // of prepared B features per thread cost gigabytes at provincial scale.
  // Features of A are small (licences, sites) and prepared only when a
  // containment test needs it. Results are kept per B feature, then handed
  // to their A feature in B order, so the output is in A order, then B
  // order, for any thread count.
  struct PerB {  // what one B feature met, each with the A feature's index
    std::vector<std::pair<size_t, Draft>> pieces;
    std::vector<std::pair<size_t, NearDraft>> near;
    std::vector<std::pair<size_t, Sliver>> slivers;
    std::vector<std::pair<size_t, GridRetry>> retries;
    size_t touching = 0, withoutRule = 0, candidates = 0;
  };
  std::vector<PerB> perB(b.features.size());

  tbb::parallel_for(tbb::blocked_range<size_t>(0, b.features.size(), 16), [&](const tbb::blocked_range<size_t>& range) {
    Measurer& measurer = threadMeasurer(crs);
    for (size_t j = range.begin(); j != range.end(); ++j) {
      const Feature& fb = b.features[j];
      const GEOSGeometry* gb = fb.geometry.get();
      if (!gb || geos::isEmpty(gb)) continue;
      const std::vector<size_t> candidates = near > 0 ? indexA.candidatesWithin(gb, near) : indexA.candidates(gb);
      if (candidates.empty()) continue;
      PerB& out = perB[j];
      const RuleSubject subjectB{&b, &fb, roleB};
      const geos::PreparedPtr preparedB = geos::prepare(gb);
      const GEOSPreparedGeometry* pb = preparedB.get();
      for (size_t i : candidates) {
        if (self && i >= j) continue;  // each pair once, never a feature with itself
        const Feature& fa = a.features[i];
        const GEOSGeometry* ga = fa.geometry.get();
        if (!ga || geos::isEmpty(ga)) continue;
        const RuleSubject subjectA{&a, &fa, roleA};
        ++out.candidates;
        const bool intersects = GEOSPreparedIntersects_r(geos::ctx(), pb, ga) == 1;
        bool overlapped = false;
        if (intersects) {
          const int dim = std::min(dimensionOf(ga), dimensionOf(gb));
          geos::GeomPtr piece;
          bool retried = false;
          // Containment is common (a mine well inside a red-line patch) and
          // needs no overlay: the piece is the contained feature itself.
          if (dimensionOf(ga) == dim && GEOSPreparedContainsProperly_r(geos::ctx(), pb, ga) == 1) {
            piece = geos::clone(ga);
          } else {
            const geos::PreparedPtr prepA = geos::prepare(ga);
            if (dimensionOf(gb) == dim && GEOSPreparedContainsProperly_r(geos::ctx(), prepA.get(), gb) == 1) {
              piece = geos::clone(gb);
            } else {
              overlay::Result r = overlay::intersection(ga, gb);
              retried = r.retriedOnGrid;
              if (retried) out.retries.push_back({i, GridRetry{settings.aId, settings.bId, fa.fid, fb.fid, r.firstError}});
              piece = dim == 2 ? overlay::polygonalPart(r.geometry.get()) : geos::extractDimension(r.geometry.get(), std::max(dim, 0));
            }
          }
          const double planarAmount = dim == 2 ? geos::area(piece.get()) : geos::length(piece.get());
          if (dim <= 0 || geos::isEmpty(piece.get()) || !(planarAmount > 0)) {
            ++out.touching;  // only an edge or a point in common
          } else if (dim == 2 && planarAmount < settings.minPieceAreaM2) {
            overlapped = true;
            out.slivers.push_back({i, Sliver{settings.aId, settings.bId, fa.fid, fb.fid, planarAmount}});
          } else {
            overlapped = true;
            std::string undecided;
            if (const Rule* rule = matchOverlapRule(rules, subjectA, subjectB, &undecided)) {
              Draft d;
              d.j = j;
              d.rule = rule;
              d.undecided = std::move(undecided);
              d.lineal = dim == 1;
              d.measures = measurer.measureAreas(piece.get());
              if (townships) d.township = townships->locate(piece.get());
              d.geometry = std::move(piece);
              d.retried = retried;
              out.pieces.emplace_back(i, std::move(d));
            } else {
              ++out.withoutRule;
            }
          }
        }
        if (overlapped || near <= 0) continue;
        double distance = 0;
        if (!intersects && GEOSPreparedDistance_r(geos::ctx(), pb, ga, &distance) != 1) continue;
        if (const Rule* rule = matchNearRule(rules, subjectA, subjectB, distance)) out.near.push_back({i, NearDraft{j, rule, distance}});
      }
    }
  });

  // Everything found, per A feature in B order.
  std::vector<PerFeature> found(a.features.size());
  size_t touchingPairs = 0, overlapsWithoutRule = 0, candidatePairs = 0;
  for (PerB& pb : perB) {
    touchingPairs += pb.touching;
    overlapsWithoutRule += pb.withoutRule;
    candidatePairs += pb.candidates;
    for (auto& [i, d] : pb.pieces) found[i].pieces.push_back(std::move(d));
    for (auto& [i, n] : pb.near) found[i].near.push_back(n);
    for (auto& [i, v] : pb.slivers) found[i].slivers.push_back(std::move(v));
    for (auto& [i, r] : pb.retries) found[i].retries.push_back(std::move(r));
    pb = PerB();  // freed as we go
  }
  std::vector<PerB>().swap(perB);

  // Whole-feature figures for the shares, once per feature involved.
  timer.next("overlap: whole-feature measures");
  std::vector<char> involvedA(a.features.size(), 0), involvedB(b.features.size(), 0);
  for (size_t i = 0; i < found.size(); ++i) {
    for (const Draft& d : found[i].pieces) involvedA[i] = involvedB[d.j] = 1;
    for (const NearDraft& d : found[i].near) involvedA[i] = involvedB[d.j] = 1;
  }
  auto measureInvolved = [&](const Layer& layer, const std::vector<char>& involved) {
    std::vector<Measures> m(layer.features.size());
    tbb::parallel_for(size_t(0), layer.features.size(), [&](size_t k) {
      if (involved[k] && layer.features[k].geometry) m[k] = threadMeasurer(crs).measureAreas(layer.features[k].geometry.get());
    });
    return m;
  };
  const std::vector<Measures> measuresA = measureInvolved(a, involvedA);
  const std::vector<Measures> measuresB = &a == &b ? measuresA : measureInvolved(b, involvedB);
  auto side = [&](const Layer& layer, const std::string& id, const RoleDef* role, const std::vector<Measures>& m, size_t k) {
    const Feature& f = layer.features[k];
    OverlapSide s;
    s.layer = id;
    s.fid = f.fid;
    s.code = firstOf(layer, f, {"code", "licence"});
    s.name = firstOf(layer, f, {"name", "mine_name"});
    s.attributes = mappedAttributes(layer, f, role);
    const bool polygonal = m[k].area > 0 || m[k].length == 0;
    s.featureArea = polygonal ? m[k].area : m[k].length;
    s.planarFeatureArea = polygonal ? m[k].planarArea : m[k].planarLength;
    return s;
  };

  timer.next("overlap: result pieces");
  OverlapResult result;
  result.minPieceAreaM2 = settings.minPieceAreaM2;
  result.crs = crs;
  result.rulesPath = rules.path;
  result.selfOverlap = self;
  result.hasBoundary = settings.boundary != nullptr;
  result.inputs.push_back(inputJson(settings.aId, a));
  if (!self) result.inputs.push_back(inputJson(settings.bId, b));
  for (const LoadIssue& issue : a.issues)
    if (issue.kind == LoadIssue::Kind::Repaired) result.repairs.emplace_back(settings.aId, issue);
  if (!self)
    for (const LoadIssue& issue : b.issues)
      if (issue.kind == LoadIssue::Kind::Repaired) result.repairs.emplace_back(settings.bId, issue);

  result.touchingPairs = touchingPairs;
  result.overlapsWithoutRule = overlapsWithoutRule;
  result.candidatePairs = candidatePairs;
  // Pieces and near misses are filled in parallel, each A feature's at its
  // place in A order (a 300 000-piece result took seconds in one thread).
  std::vector<size_t> pieceStart(found.size() + 1, 0), nearStart(found.size() + 1, 0);
  for (size_t i = 0; i < found.size(); ++i) {
    PerFeature& f = found[i];
    for (auto& s : f.slivers) result.slivers.push_back(std::move(s));
    for (auto& r : f.retries) result.retries.push_back(std::move(r));
    pieceStart[i + 1] = pieceStart[i] + f.pieces.size();
    nearStart[i + 1] = nearStart[i] + f.near.size();
  }
  result.pieces.resize(pieceStart.back());
  result.nearMisses.resize(nearStart.back());
  tbb::parallel_for(size_t(0), found.size(), [&](size_t i) {
    PerFeature& f = found[i];
    for (size_t k = 0; k < f.pieces.size(); ++k) {
      Draft& d = f.pieces[k];
      OverlapPiece& p = result.pieces[pieceStart[i] + k];
      p.aIndex = i;
      p.bIndex = d.j;
      p.a = side(a, settings.aId, roleA, measuresA, i);
      p.b = side(b, settings.bId, roleB, measuresB, d.j);
      p.ruleId = d.rule->id;
      p.ruleName = d.rule->name();
      p.severity = d.rule->severity;
      p.message = d.rule->message();
      if (!d.undecided.empty()) {
        p.undecided = d.undecided;
        p.message += format(tr("（须核实：%s，按此较严格的规则判定）", " (check: %s; judged by this stricter rule)"), d.undecided.c_str());
      }
      p.lineal = d.lineal;
      p.measures = d.measures;
      const double amount = d.lineal ? d.measures.length : d.measures.area;
      // A line piece is a share of the line side only.
      const bool aCounts = !d.lineal || dimensionOf(a.features[i].geometry.get()) == 1;
      const bool bCounts = !d.lineal || dimensionOf(b.features[d.j].geometry.get()) == 1;
      p.shareA = aCounts && p.a.featureArea > 0 ? std::min(1.0, amount / p.a.featureArea) : 0;
      p.shareB = bCounts && p.b.featureArea > 0 ? std::min(1.0, amount / p.b.featureArea) : 0;
      p.township = std::move(d.township.name);
      p.townshipCode = std::move(d.township.code);
      p.retriedOnGrid = d.retried;
      p.geometry = std::move(d.geometry);
    }
    for (size_t k = 0; k < f.near.size(); ++k) {
      const NearDraft& d = f.near[k];
      NearMiss& n = result.nearMisses[nearStart[i] + k];
      n.a = side(a, settings.aId, roleA, measuresA, i);
      n.b = side(b, settings.bId, roleB, measuresB, d.j);
      n.ruleId = d.rule->id;
      n.ruleName = d.rule->name();
      n.severity = d.rule->severity;
      n.message = d.rule->message();
      n.distance = d.distance;
    }
  });
  return result;
}

namespace {

Column text(const char* key, const char* zh, const char* en, const char* shortName = "") {
  return {key, zh, en, ColumnType::Text, 0, shortName, false};
}
Column integer(const char* key, const char* zh, const char* en, const char* shortName = "", bool summable = false) {
  return {key, zh, en, ColumnType::Integer, 0, shortName, summable};
}
Column real(const char* key, const char* zh, const char* en, int decimals, const char* shortName = "", bool summable = false) {
  return {key, zh, en, ColumnType::Real, decimals, shortName, summable};
}

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

// A group of pieces in a summary: first appearance fixes the order.
struct Group {
  std::string key, name;
  Severity worst = Severity::Notice;
  int64_t pieces = 0;
  Sum area, planarArea, length, planarLength;
  double featureArea = 0;  // for the per-feature group
};

class Groups {
public:
  Group& at(const std::string& key) {
    auto it = index_.find(key);
    if (it != index_.end()) return groups_[it->second];
    index_[key] = groups_.size();
    groups_.push_back({});
    groups_.back().key = key;
    return groups_.back();
  }
  void add(const std::string& key, const OverlapPiece& p) {
    Group& g = at(key);
    if (g.pieces == 0 || p.severity > g.worst) g.worst = p.severity;
    ++g.pieces;
    g.area.add(p.lineal ? 0 : p.measures.area);
    g.planarArea.add(p.lineal ? 0 : p.measures.planarArea);
    g.length.add(p.lineal ? p.measures.length : 0);
    g.planarLength.add(p.lineal ? p.measures.planarLength : 0);
  }
  std::vector<Group>& all() { return groups_; }

private:
  std::map<std::string, size_t> index_;
  std::vector<Group> groups_;
};

struct Summaries {
  Groups byRule, bySeverity, byFeature, byTownship;
};

Summaries summarize(const OverlapResult& r) {
  Summaries s;
  // Severity rows always appear, worst first, so a reader sees the zeros.
  for (Severity v : {Severity::Prohibited, Severity::Restricted, Severity::Notice}) {
    Group& g = s.bySeverity.at(severityKey(v));
    g.name = severityText(v);
    g.worst = v;
  }
  for (const OverlapPiece& p : r.pieces) {
    s.byRule.add(p.ruleId, p);
    s.byRule.at(p.ruleId).name = p.ruleName;
    s.bySeverity.add(severityKey(p.severity), p);
    const std::string featureKey = p.a.layer + ":" + std::to_string(p.a.fid);
    s.byFeature.add(featureKey, p);
    Group& f = s.byFeature.at(featureKey);
    f.name = p.a.code.empty() ? p.a.name : p.a.name.empty() ? p.a.code : p.a.code + " " + p.a.name;
    f.featureArea = p.a.featureArea;
    if (r.hasBoundary) {
      s.byTownship.add(p.township, p);
      s.byTownship.at(p.township).name = p.township.empty() ? tr("（不在任何乡镇内）", "(in no township)") : p.township;
    }
  }
  return s;
}

}  // namespace

namespace {

// The tables, each conflict's geometry given by `geometryOf(k)`: a copy,
// or the piece itself when the result is not needed afterwards.
std::vector<Table> buildOverlapTables(const OverlapResult& r, const std::string& prefix,
                                      const std::function<geos::GeomPtr(size_t)>& geometryOf) {
  std::vector<Table> tables;

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
    const OverlapPiece& p = r.pieces[k];
    std::vector<Cell> row = {p.ruleName, p.ruleId, std::string(severityText(p.severity)), int64_t(static_cast<int>(p.severity)), p.message,
                             p.a.layer, p.a.fid, p.a.code, p.a.name, p.a.attributes,
                             p.b.layer, p.b.fid, p.b.code, p.b.name, p.b.attributes};
    if (p.lineal) addAreas(row, 0, 0, p.measures.length, p.measures.planarLength);
    else addAreas(row, p.measures.area, p.measures.planarArea, 0, 0);
    row.push_back(p.shareA * 100);
    row.push_back(p.shareB * 100);
    if (r.hasBoundary) {
      row.push_back(p.township);
      row.push_back(p.townshipCode);
    }
    row.push_back(int64_t(p.retriedOnGrid ? 1 : 0));
    conflicts.rows[k] = std::move(row);
    conflicts.geometries[k] = geometryOf(k);
  });
  conflicts.spatial = true;
  tables.push_back(std::move(conflicts));

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
  tables.push_back(std::move(summary));

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
  tables.push_back(std::move(near));

  Table slivers;
  slivers.name = prefix + "_slivers";
  slivers.zh = "碎片（小于最小面积，未计入冲突）";
  slivers.en = "Slivers (below the minimum area, not counted as conflicts)";
  slivers.columns = {text("a_layer", "A 图层", "Layer A"), integer("a_fid", "A 要素号", "A FID"), text("b_layer", "B 图层", "Layer B"),
                     integer("b_fid", "B 要素号", "B FID"), real("planar_area_m2", "平面面积（平方米）", "Planar area (m²)", 4, "pl_area_m2", true)};
  for (const Sliver& v : r.slivers) slivers.rows.push_back({v.aLayer, v.aFid, v.bLayer, v.bFid, v.planarArea});
  tables.push_back(std::move(slivers));
  return tables;
}

}  // namespace

std::vector<Table> overlapTables(const OverlapResult& r, const std::string& prefix) {
  return buildOverlapTables(r, prefix, [&](size_t k) {
    const auto& g = r.pieces[k].geometry;
    return g ? geos::clone(g.get()) : nullptr;
  });
}

std::vector<Table> overlapTables(OverlapResult&& r, const std::string& prefix) {
  // The figures are read before the geometry is taken, piece by piece.
  return buildOverlapTables(r, prefix, [&](size_t k) { return std::move(r.pieces[k].geometry); });
}

nlohmann::ordered_json toJson(const OverlapResult& r, size_t longestList) {
  using json = nlohmann::ordered_json;
  json j;
  j["inputs"] = r.inputs;
  j["analysis_crs"] = {{"epsg", r.crs.epsg ? json(r.crs.epsg) : json(nullptr)}, {"name", r.crs.name}, {"reason", r.crs.note}};
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
  return j;
}

std::vector<std::string> writeOverlap(const OverlapResult& result, const std::vector<Table>& tables, const std::string& folder,
                                      const std::string& prefix, TableWriteOptions options) {
  // Line pieces (site × shoreline) go to <prefix>_conflicts_lines.shp.
  return writeCheckTables(tables, folder, prefix, result.crs, options);
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

OverlapRun runOverlap(const OverlapOptions& options, const RoleCatalog& roles, const ProgressFn& progress) {
  if (options.outputDir.empty()) throwUsage(tr("需要输出目录（-o DIR）", "an output folder is needed (-o DIR)"));
  if (!(options.minPieceAreaM2 >= 0)) throwUsage(tr("最小图斑面积须为非负数", "the minimum piece area must not be negative"));
  const RuleList rules = options.rulesPath ? RuleList::load(*options.rulesPath, roles) : RuleList::loadDefault(roles);
  auto stem = [](const LoadOptions& o) {
    if (o.layerName) return *o.layerName;
    return fs::path(withoutPasswords(o.source)).stem().string();
  };
  // The same source and layer on both sides is self-overlap: load it once.
  const bool self = options.a.source == options.b.source && options.a.layerName == options.b.layerName;
  if (progress) progress(format(tr("读取 %s", "loading %s"), withoutPasswords(options.a.source).c_str()));
  Layer a = load(options.a, roles);
  Layer b;
  if (!self) {
    if (progress) progress(format(tr("读取 %s", "loading %s"), withoutPasswords(options.b.source).c_str()));
    b = load(options.b, roles);
  }
  std::optional<Layer> boundary;
  if (options.boundary) boundary = load(*options.boundary, roles);
  std::vector<const Layer*> all = {&a};
  std::vector<Layer*> placed = {&a};
  std::vector<std::string> ids = {stem(options.a)};
  if (!self) all.push_back(&b), placed.push_back(&b), ids.push_back(stem(options.b));
  if (boundary) all.push_back(&*boundary), placed.push_back(&*boundary), ids.push_back(stem(*options.boundary));
  warnAboutDistantLayers(placed, ids);
  const CrsInfo crs = chooseAnalysisCrs(all, options.analysisCrs);
  if (progress) progress(tr("转换到分析坐标系并检查几何", "harmonizing"));
  harmonize(a, crs);
  if (!self) harmonize(b, crs);
  if (boundary) harmonize(*boundary, crs);

  OverlapSettings settings;
  settings.aId = stem(options.a);
  settings.bId = self ? settings.aId : stem(options.b);
  if (!self && settings.aId == settings.bId) {
    settings.aId = "a:" + settings.aId;
    settings.bId = "b:" + settings.bId;
  }
  settings.rules = &rules;
  settings.roles = &roles;
  settings.boundary = boundary ? &*boundary : nullptr;
  settings.minPieceAreaM2 = options.minPieceAreaM2;
  settings.selfOverlap = self;
  if (progress) progress(tr("叠加分析", "overlaying"));
  OverlapRun run;
  run.result = overlapLayers(a, self ? a : b, settings);
  if (boundary) run.result.inputs.push_back(inputJson(stem(*options.boundary), *boundary));
  run.summary = toJson(run.result);
  std::vector<std::pair<std::string, const Layer*>> named;
  for (size_t i = 0; i < placed.size(); ++i) named.emplace_back(ids[i], placed[i]);
  run.summary["warnings"] = layerWarnings(named);
  const std::vector<Table> tables = overlapTables(run.result);
  std::vector<std::string> sources = {options.a.source, options.b.source};
  if (options.boundary) sources.push_back(options.boundary->source);
  StagedOutput output(options.outputDir);
  const std::vector<std::string> staged = output.writing([&] { return writeOverlap(run.result, tables, output.folder()); });
  output.refuseOverwritingInputs(sources, staged);
  run.written = output.commit(staged);
  return run;
}

const Layer& projectLayer(const LoadedProject& loaded, const CheckSpec& check, const char* parameter) {
  if (!check.params.contains(parameter) || !check.params[parameter].is_string())
    throwUsage(format(tr("检查 %s 需要参数 %s（图层 id）", "check %s needs parameter %s (a layer id)"), check.type.c_str(), parameter));
  const std::string id = check.params[parameter].get<std::string>();
  const Layer* layer = loaded.layer(id);
  if (!layer) throwUsage(format(tr("检查 %s：未定义的图层 '%s'", "check %s: undefined layer '%s'"), check.type.c_str(), id.c_str()));
  return *layer;
}

RuleList checkRules(const CheckSpec& check, const LoadedProject& loaded, const RoleCatalog& roles) {
  if (!check.params.contains("rules")) return RuleList::loadDefault(roles);
  fs::path path = check.params["rules"].get<std::string>();
  if (path.is_relative()) path = fs::path(loaded.project.path).parent_path() / path;
  return RuleList::load(path.string(), roles);
}

CheckOutput runOverlapCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckEnvironment& env) {
  const ProgressFn& progress = env.progress;
  const RoleCatalog& roles = *loaded.roles;
  const RuleList rules = checkRules(check, loaded, roles);
  const Layer& a = projectLayer(loaded, check, "a");
  const Layer& b = projectLayer(loaded, check, "b");
  OverlapSettings settings;
  settings.aId = check.params["a"].get<std::string>();
  settings.bId = check.params["b"].get<std::string>();
  settings.rules = &rules;
  settings.roles = &roles;
  if (check.params.contains("boundary")) settings.boundary = &projectLayer(loaded, check, "boundary");
  if (check.params.contains("min_piece_area_m2")) {
    const auto& v = check.params["min_piece_area_m2"];
    if (!v.is_number() || v.get<double>() < 0)
      throwUsage(tr("检查 overlap：min_piece_area_m2 须为非负数", "check overlap: min_piece_area_m2 must be a non-negative number"));
    settings.minPieceAreaM2 = v.get<double>();
  }
  settings.selfOverlap = &a == &b;
  if (progress) progress(format(tr("叠加分析：%s × %s", "overlaying %s × %s"), settings.aId.c_str(), settings.bId.c_str()));
  CheckOutput out;
  OverlapResult result = overlapLayers(a, b, settings);
  PhaseTimer timer("overlap: json");
  out.summary = toJson(result, env.longestList);
  out.headlines = overlapHeadlines(result);
  timer.next("overlap: tables");
  out.tables = overlapTables(std::move(result));  // the pieces' geometry moves into the table
  out.findings = overlapFindings(result, &out.tables.front());
  out.fileStem = "overlap";
  return out;
}

}  // namespace sanxian
