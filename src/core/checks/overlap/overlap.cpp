#include "core/checks/overlap/overlap.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <tuple>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/geometry/harmonize.h"
#include "core/geometry/overlay.h"
#include "core/geometry/spatial_index.h"
#include "core/geometry/townships.h"
#include "core/geometry/units.h"

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

}  // namespace

void OverlapResult::append(OverlapResult&& other) {
  for (auto& p : other.pieces) pieces.push_back(std::move(p));
  for (auto& n : other.nearMisses) nearMisses.push_back(std::move(n));
  for (auto& s : other.slivers) slivers.push_back(std::move(s));
  for (auto& r : other.retries) retries.push_back(std::move(r));
  touchingPairs += other.touchingPairs;
  overlapsWithoutRule += other.overlapsWithoutRule;
  candidatePairs += other.candidatePairs;
  gridKernelPairs += other.gridKernelPairs;
  kernelFallbacks += other.kernelFallbacks;
  for (auto& i : other.inputs) inputs.push_back(std::move(i));
  for (auto& r : other.repairs) repairs.push_back(std::move(r));
}

namespace {

// What one B feature met, each with the A feature's index.
struct PerB {
  std::vector<std::pair<size_t, Draft>> pieces;
  std::vector<std::pair<size_t, NearDraft>> near;
  std::vector<std::pair<size_t, Sliver>> slivers;
  std::vector<std::pair<size_t, GridRetry>> retries;
  size_t touching = 0, withoutRule = 0, candidates = 0, gridKernel = 0, fallbacks = 0;
};

// One overlay of A with B in progress, phase by phase; overlapLayers reads
// as the outline.
//
// The loop runs over B — the large, many-vertex side (red-line patches,
// reserves) as the rules put it — so that each B feature is prepared
// (indexed) once, used for every A feature near it and dropped: a cache
// of prepared B features per thread cost gigabytes at provincial scale.
// Features of A are small (licences, sites) and prepared only when a
// containment test needs it. Results are kept per B feature, then handed
// to their A feature in B order, so the output is in A order, then B
// order, for any thread count.
struct Overlay {
  const Layer& a;
  const Layer& b;
  const OverlapSettings& settings;
  const bool self = settings.selfOverlap || &a == &b;
  const RoleDef* roleA = settings.roles->find(a.role());
  const RoleDef* roleB = settings.roles->find(b.role());
  const RuleList& rules = *settings.rules;
  const double near = maxNearDistance(rules, a.role(), b.role());
  const CrsInfo crs = a.crs;
  std::optional<SpatialIndex> indexA;
  std::optional<Townships> townships;
  std::vector<PerB> perB;
  std::vector<PerFeature> found;  // per A feature, in B order
  size_t touchingPairs = 0, overlapsWithoutRule = 0, candidatePairs = 0, gridKernelPairs = 0, kernelFallbacks = 0;
  std::vector<Measures> measuresA, measuresB;

  // Every candidate pair (envelopes within the largest near-miss distance), B in parallel.
  void findPairs() {
    std::vector<const GEOSGeometry*> geometriesA;
    for (const auto& f : a.features) geometriesA.push_back(f.geometry.get());
    indexA.emplace(geometriesA);
    if (settings.boundary) townships.emplace(*settings.boundary);
    perB.resize(b.features.size());
    tbb::parallel_for(tbb::blocked_range<size_t>(0, b.features.size(), 16), [&](const tbb::blocked_range<size_t>& range) {
      Measurer& measurer = threadMeasurer(crs);
      for (size_t j = range.begin(); j != range.end(); ++j) {
        const Feature& fb = b.features[j];
        const GEOSGeometry* gb = fb.geometry.get();
        if (!gb || geos::isEmpty(gb)) continue;
        const std::vector<size_t> candidates = near > 0 ? indexA->candidatesWithin(gb, near) : indexA->candidates(gb);
        if (candidates.empty()) continue;
        const geos::PreparedPtr preparedB = geos::prepare(gb);
        for (size_t i : candidates) {
          // Each pair once, never a feature with itself: by FID, so that a
          // tiled run (A and B two windows of one layer) pairs the same.
          if (self && a.features[i].fid >= fb.fid) continue;
          const GEOSGeometry* ga = a.features[i].geometry.get();
          if (!ga || geos::isEmpty(ga)) continue;
          pair(i, j, preparedB.get(), measurer, perB[j]);
        }
      }
    });
  }

  // One pair: its overlap piece (or sliver, or touch) judged by the rules, or a near miss.
  void pair(size_t i, size_t j, const GEOSPreparedGeometry* pb, Measurer& measurer, PerB& out) {
    const GEOSGeometry* ga = a.features[i].geometry.get();
    const GEOSGeometry* gb = b.features[j].geometry.get();
    const bool intersects = GEOSPreparedIntersects_r(geos::ctx(), pb, ga) == 1;
    bool retried = false;
    geos::GeomPtr piece;
    if (intersects) piece = intersection(i, j, pb, std::min(dimensionOf(ga), dimensionOf(gb)), retried, out);
    const auto distance = [&]() -> std::optional<double> {
      double d = 0;
      if (GEOSPreparedDistance_r(geos::ctx(), pb, ga, &d) != 1) return std::nullopt;
      return d;
    };
    judge(i, j, intersects, std::move(piece), retried, distance, measurer, out);
  }

  // A candidate pair's outcome, from whether the features intersect and
  // their common part in the lower dimension (computed here or by the
  // database): piece, sliver, touch, overlap without rule or near miss.
  template <class DistanceFn>
  void judge(size_t i, size_t j, bool intersects, geos::GeomPtr piece, bool retried, const DistanceFn& distanceOf, Measurer& measurer,
             PerB& out) {
    const Feature& fa = a.features[i];
    const Feature& fb = b.features[j];
    const GEOSGeometry* ga = fa.geometry.get();
    const GEOSGeometry* gb = fb.geometry.get();
    const RuleSubject subjectA{&a, &fa, roleA}, subjectB{&b, &fb, roleB};
    ++out.candidates;
    bool overlapped = false;
    if (intersects) {
      const int dim = std::min(dimensionOf(ga), dimensionOf(gb));
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
    if (overlapped || near <= 0) return;
    double distance = 0;
    if (!intersects) {
      const std::optional<double> d = distanceOf();
      if (!d) return;
      distance = *d;
    }
    if (const Rule* rule = matchNearRule(rules, subjectA, subjectB, distance)) out.near.push_back({i, NearDraft{j, rule, distance}});
  }

  // Pairs another engine found (the database): each B feature's pairs
  // judged as findPairs judges its own, B in parallel. A pair's geometry
  // is parsed in the thread that judges it (one GEOS context per thread).
  void judgeFound(std::vector<FoundPair>& pairs) {
    if (settings.boundary) townships.emplace(*settings.boundary);
    perB.resize(b.features.size());
    std::sort(pairs.begin(), pairs.end(), [](const FoundPair& x, const FoundPair& y) { return std::tie(x.j, x.i) < std::tie(y.j, y.i); });
    std::vector<size_t> groups;  // where each B feature's pairs start
    for (size_t k = 0; k < pairs.size(); ++k)
      if (k == 0 || pairs[k].j != pairs[k - 1].j) groups.push_back(k);
    groups.push_back(pairs.size());
    tbb::parallel_for(tbb::blocked_range<size_t>(0, groups.size() - 1, 16), [&](const tbb::blocked_range<size_t>& range) {
      Measurer& measurer = threadMeasurer(crs);
      for (size_t g = range.begin(); g != range.end(); ++g) {
        for (size_t k = groups[g]; k < groups[g + 1]; ++k) {
          FoundPair& p = pairs[k];
          geos::GeomPtr piece;
          if (p.intersects) {
            const int dim = std::min(dimensionOf(a.features[p.i].geometry.get()), dimensionOf(b.features[p.j].geometry.get()));
            const geos::GeomPtr whole = geos::fromWkb(reinterpret_cast<const unsigned char*>(p.intersectionWkb.data()), p.intersectionWkb.size());
            piece = dim == 2 ? overlay::polygonalPart(whole.get()) : geos::extractDimension(whole.get(), std::max(dim, 0));
          }
          std::string().swap(p.intersectionWkb);
          judge(p.i, p.j, p.intersects, std::move(piece), false, [&] { return std::optional<double>(p.distance); }, measurer, perB[p.j]);
        }
      }
    });
  }

  // The common part of two intersecting features in their lower dimension.
  // Containment is common (a mine well inside a red-line patch) and needs no
  // overlay: the piece is the contained feature itself.
  geos::GeomPtr intersection(size_t i, size_t j, const GEOSPreparedGeometry* pb, int dim, bool& retried, PerB& out) {
    const GEOSGeometry* ga = a.features[i].geometry.get();
    const GEOSGeometry* gb = b.features[j].geometry.get();
    if (dimensionOf(ga) == dim && GEOSPreparedContainsProperly_r(geos::ctx(), pb, ga) == 1) return geos::clone(ga);
    const geos::PreparedPtr prepA = geos::prepare(ga);
    if (dimensionOf(gb) == dim && GEOSPreparedContainsProperly_r(geos::ctx(), prepA.get(), gb) == 1) return geos::clone(gb);
    // Two polygons (most pairs): the fast kernel, GEOS where it cannot.
    const bool polygons = dim == 2 && dimensionOf(ga) == 2 && dimensionOf(gb) == 2;
    overlay::Result r = polygons ? overlay::polygonIntersection(ga, gb) : overlay::intersection(ga, gb);
    out.gridKernel += r.gridKernel;
    out.fallbacks += r.fellBack;
    retried = r.retriedOnGrid;
    if (retried) out.retries.push_back({i, GridRetry{settings.aId, settings.bId, a.features[i].fid, b.features[j].fid, r.firstError}});
    return dim == 2 ? overlay::polygonalPart(r.geometry.get()) : geos::extractDimension(r.geometry.get(), std::max(dim, 0));
  }

  // Everything found, per A feature in B order (the per-B lists freed as we go).
  void gatherByA() {
    found.resize(a.features.size());
    for (PerB& pb : perB) {
      touchingPairs += pb.touching;
      overlapsWithoutRule += pb.withoutRule;
      candidatePairs += pb.candidates;
      gridKernelPairs += pb.gridKernel;
      kernelFallbacks += pb.fallbacks;
      for (auto& [i, d] : pb.pieces) found[i].pieces.push_back(std::move(d));
      for (auto& [i, n] : pb.near) found[i].near.push_back(n);
      for (auto& [i, v] : pb.slivers) found[i].slivers.push_back(std::move(v));
      for (auto& [i, r] : pb.retries) found[i].retries.push_back(std::move(r));
      pb = PerB();
    }
    std::vector<PerB>().swap(perB);
  }

  // Whole-feature figures for the shares, once per feature involved.
  void measureWholeFeatures() {
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
    // One layer on both sides (reserve × reserve): a feature met only as
    // B is measured too (its share of a piece was given as 0 before).
    if (&a == &b)
      for (size_t k = 0; k < involvedA.size(); ++k) involvedA[k] |= involvedB[k];
    measuresA = measureInvolved(a, involvedA);
    measuresB = &a == &b ? measuresA : measureInvolved(b, involvedB);
  }

  OverlapSide side(const Layer& layer, const std::string& id, const RoleDef* role, const std::vector<Measures>& m, size_t k) const {
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
  }

  // The result: what went in, the counts, and every piece and near miss in A order.
  OverlapResult assemble() {
    OverlapResult result;
    result.minPieceAreaM2 = settings.minPieceAreaM2;
    result.crs = crs;
    result.rulesPath = rules.path;
    result.selfOverlap = self;
    result.hasBoundary = settings.boundary != nullptr;
    result.inputs.push_back(layerInputJson(settings.aId, a));
    if (!self) result.inputs.push_back(layerInputJson(settings.bId, b));
    if (settings.boundary) result.inputs.push_back(layerInputJson(settings.boundaryId, *settings.boundary));
    for (const LoadIssue& issue : a.issues)
      if (issue.kind == LoadIssue::Kind::Repaired) result.repairs.emplace_back(settings.aId, issue);
    if (!self)
      for (const LoadIssue& issue : b.issues)
        if (issue.kind == LoadIssue::Kind::Repaired) result.repairs.emplace_back(settings.bId, issue);
    result.touchingPairs = touchingPairs;
    result.overlapsWithoutRule = overlapsWithoutRule;
    result.candidatePairs = candidatePairs;
    result.gridKernelPairs = gridKernelPairs;
    result.kernelFallbacks = kernelFallbacks;
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
      for (size_t k = 0; k < f.pieces.size(); ++k) result.pieces[pieceStart[i] + k] = piece(i, f.pieces[k]);
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

  // One piece with both sides, its rule and its shares of each feature.
  OverlapPiece piece(size_t i, Draft& d) const {
    OverlapPiece p;
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
    return p;
  }
};

}  // namespace

OverlapResult overlapLayers(const Layer& a, const Layer& b, const OverlapSettings& settings) {
  if (!settings.rules || !settings.roles) throw std::invalid_argument("overlapLayers needs rules and roles");
  Overlay work{a, b, settings};
  PhaseTimer timer("overlap: candidates, overlay, pieces");
  work.findPairs();
  work.gatherByA();
  timer.next("overlap: whole-feature measures");
  work.measureWholeFeatures();
  timer.next("overlap: result pieces");
  return work.assemble();
}

OverlapResult overlapFoundPairs(const Layer& a, const Layer& b, const OverlapSettings& settings, std::vector<FoundPair> pairs) {
  if (!settings.rules || !settings.roles) throw std::invalid_argument("overlapFoundPairs needs rules and roles");
  Overlay work{a, b, settings};
  PhaseTimer timer("overlap: judging the pairs found");
  work.judgeFound(pairs);
  std::vector<FoundPair>().swap(pairs);
  work.gatherByA();
  timer.next("overlap: whole-feature measures");
  work.measureWholeFeatures();
  timer.next("overlap: result pieces");
  return work.assemble();
}





}  // namespace sanxian
