#include "core/checks/audit/audit.h"

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
#include "core/geometry/harmonize.h"
#include "core/run/info.h"
#include "core/io/placement.h"
#include "report/files/output.h"
#include "core/checks/overlap/overlap.h"
#include "core/geometry/overlay.h"
#include "core/geometry/spatial_index.h"
#include "core/base/secrets.h"
#include "core/base/text.h"
#include "core/geometry/units.h"
#include "report/files/writers.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;
constexpr size_t npos = ChangePiece::npos;

// Parts of a split smaller than this (planar m², a square millimetre) are
// floating-point residue of noding along a shared border, not ground.
constexpr double kSplitResidueM2 = 1e-6;

using Sum = CompensatedSum;

struct PairSum {
  Sum area, planar;
  void add(const AreaPair& a) {
    area.add(a.area);
    planar.add(a.planar);
  }
  void add(const Measures& m) { add(AreaPair{m.area, m.planarArea}); }
  AreaPair value() const { return {area.value(), planar.value()}; }
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return s;
}

// Reads one field of a layer by a role field name ("code") or a field name
// as stored ("HXBH", any ASCII case), mapping values through the role's
// value map when the field is a role field.
struct FieldReader {
  int column = -1;
  const FieldDef* def = nullptr;

  bool found() const { return column >= 0; }
  std::string raw(const Feature& f) const {
    if (column < 0 || size_t(column) >= f.values.size()) return {};
    return trim(f.values[size_t(column)]);
  }
  std::string mapped(const Feature& f) const {
    std::string r = raw(f);
    return def && !r.empty() ? def->mapValue(r) : r;
  }
};

FieldReader fieldReader(const Layer& layer, const std::string& name, const RoleCatalog* roles) {
  FieldReader r;
  const RoleDef* role = roles && layer.roleMatch ? roles->find(layer.role()) : nullptr;
  if (layer.roleMatch) {
    auto it = layer.roleMatch->columns.find(name);
    if (it != layer.roleMatch->columns.end()) {
      r.column = it->second;
      if (role) r.def = role->field(name);
      return r;
    }
  }
  r.column = layer.fieldIndex(name);
  if (r.column < 0)
    for (size_t i = 0; i < layer.fields.size(); ++i)
      if (lower(layer.fields[i]) == lower(name)) r.column = int(i);
  // A role field named by its stored name still gets the value map.
  if (r.column >= 0 && layer.roleMatch && role)
    for (const auto& [canonical, column] : layer.roleMatch->columns)
      if (column == r.column) r.def = role->field(canonical);
  return r;
}

std::vector<const GEOSGeometry*> geometriesOf(const Layer& layer) {
  std::vector<const GEOSGeometry*> out;
  for (const auto& f : layer.features) out.push_back(f.geometry && !geos::isEmpty(f.geometry.get()) ? f.geometry.get() : nullptr);
  return out;
}

// The polygons of a polygonal geometry, each as its own geometry.
std::vector<geos::GeomPtr> components(const GEOSGeometry* g) {
  std::vector<geos::GeomPtr> out;
  if (!g || geos::isEmpty(g)) return out;
  if (geos::typeId(g) == GEOS_POLYGON) {
    out.push_back(geos::clone(g));
    return out;
  }
  const int n = GEOSGetNumGeometries_r(geos::ctx(), g);
  for (int k = 0; k < n; ++k) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(geos::ctx(), g, k);
    if (geos::typeId(part) == GEOS_POLYGON && !geos::isEmpty(part)) out.push_back(geos::clone(part));
  }
  return out;
}

void centroidOf(const GEOSGeometry* g, double& x, double& y) {
  x = y = std::numeric_limits<double>::quiet_NaN();
  geos::GeomPtr c(GEOSGetCentroid_r(geos::ctx(), g));
  if (!c || geos::isEmpty(c.get())) return;
  GEOSGeomGetX_r(geos::ctx(), c.get(), &x);
  GEOSGeomGetY_r(geos::ctx(), c.get(), &y);
}

// Overlay errors met while working on one patch.
struct Retries {
  std::vector<std::string> errors;
  bool any = false;
  geos::GeomPtr take(overlay::Result r) {
    if (r.retriedOnGrid) {
      any = true;
      errors.push_back(r.firstError);
    }
    return overlay::polygonalPart(r.geometry.get());
  }
};

// A set of polygons (townships, adjustments) that pieces are cut by.
class PolygonSet {
public:
  explicit PolygonSet(const Layer& layer) : layer_(layer), index_(geometriesOf(layer)) {}

  // The parts of `g` inside each polygon of the set that `accept`s it, in
  // index order (a polygon takes what earlier ones left), and the rest
  // outside all of them (index npos). Residue below kSplitResidueM2 from
  // noding is not a part.
  template <typename Accept>
  std::vector<std::pair<size_t, geos::GeomPtr>> split(const GEOSGeometry* g, Retries& retries, Accept accept) const {
    std::vector<std::pair<size_t, geos::GeomPtr>> parts;
    geos::GeomPtr rest;
    const GEOSGeometry* remaining = g;
    for (size_t k : index_.candidates(g)) {
      if (!accept(k)) continue;
      const GEOSPreparedGeometry* p = prepared(k);
      if (GEOSPreparedContainsProperly_r(geos::ctx(), p, remaining) == 1) {
        parts.emplace_back(k, geos::clone(remaining));
        return parts;
      }
      if (GEOSPreparedIntersects_r(geos::ctx(), p, remaining) != 1) continue;
      const GEOSGeometry* polygon = layer_.features[k].geometry.get();
      geos::GeomPtr inside = retries.take(overlay::intersection(remaining, polygon));
      if (geos::area(inside.get()) < kSplitResidueM2) continue;
      parts.emplace_back(k, std::move(inside));
      rest = retries.take(overlay::difference(remaining, polygon));
      remaining = rest.get();
      if (geos::isEmpty(remaining)) return parts;
    }
    if (parts.empty()) parts.emplace_back(npos, geos::clone(g));
    else if (geos::area(remaining) >= kSplitResidueM2) parts.emplace_back(npos, rest ? std::move(rest) : geos::clone(remaining));
    return parts;
  }

  const Layer& layer() const { return layer_; }

private:
  const GEOSPreparedGeometry* prepared(size_t k) const {
    // Prepared geometries index themselves lazily: one set per thread.
    auto& cache = prepared_.local();
    auto it = cache.find(k);
    if (it == cache.end()) it = cache.emplace(k, geos::prepare(layer_.features[k].geometry.get())).first;
    return it->second.get();
  }

  const Layer& layer_;
  SpatialIndex index_;
  mutable tbb::enumerable_thread_specific<std::map<size_t, geos::PreparedPtr>> prepared_;
};

// What the parallel pass finds for one patch.
struct Draft {
  ChangeType type = ChangeType::Removed;
  size_t other = npos;  // the other version's patch (nature change)
  geos::GeomPtr geometry;
  Measures measures;
  size_t township = npos;
  size_t adjustment = npos;
  double cx = 0, cy = 0;
  bool retried = false;
};
struct NoiseDraft {
  ChangeType type = ChangeType::Removed;
  size_t other = npos;
  AreaPair area;
  double cx = 0, cy = 0;
};
struct PatchWork {
  bool usable = false;
  Measures whole;
  std::vector<std::pair<size_t, AreaPair>> townships;  // township index (npos: outside) → area of the patch there
  std::vector<Draft> drafts;
  std::vector<NoiseDraft> noise;
  std::vector<std::string> retryErrors;
  std::string failure;  // GEOS failed even on the 1 mm grid
};

// Everything one version's pass needs to know about the run.
struct Context {
  const Layer* self = nullptr;   // the version whose patches are processed
  const Layer* other = nullptr;  // the version subtracted
  const SpatialIndex* otherIndex = nullptr;
  ChangeType differenceType = ChangeType::Removed;
  bool natureChanges = false;  // also intersect with other patches of another nature (old pass)
  const std::vector<std::string>* selfTypes = nullptr;
  const std::vector<std::string>* otherTypes = nullptr;
  const std::vector<std::string>* selfCodes = nullptr;
  const std::vector<std::string>* otherCodes = nullptr;
  const PolygonSet* townships = nullptr;
  const PolygonSet* adjustmentAreas = nullptr;
  const std::vector<Adjustment>* adjustments = nullptr;
  const std::map<std::string, size_t>* adjustmentByCode = nullptr;
  // The other version's finished work (new pass): an identical patch takes
  // its measures from there instead of measuring again.
  const std::vector<PatchWork>* otherWork = nullptr;
  double minPieceArea = kDefaultAuditNoiseAreaM2;
  CrsInfo crs;
};

// Turns one polygon of a difference or an intersection into drafts: noise
// when small, else cut by approved adjustments (removals and nature
// changes) and by township, each part measured.
void addPiece(const Context& c, PatchWork& work, ChangeType type, size_t other, geos::GeomPtr piece, const std::string& oldCode,
              const std::string& newCode, Retries& retries) {
  Measurer& measurer = threadMeasurer(c.crs);
  const double planar = geos::area(piece.get());
  if (!(planar > 0)) return;
  if (planar < c.minPieceArea) {
    NoiseDraft n;
    n.type = type;
    n.other = other;
    n.area = {measurer.area(piece.get()), planar};
    centroidOf(piece.get(), n.cx, n.cy);
    work.noise.push_back(n);
    return;
  }
  // Adjustments: a code-only entry justifies the whole piece; polygons
  // justify what they cover (restricted to their patch when they name one).
  std::vector<std::pair<size_t, geos::GeomPtr>> byAdjustment;
  if (type != ChangeType::Added && c.adjustments && !c.adjustments->empty()) {
    size_t byCode = npos;
    for (const std::string* code : {&oldCode, &newCode}) {
      if (code->empty() || byCode != npos) continue;
      auto it = c.adjustmentByCode->find(*code);
      if (it != c.adjustmentByCode->end()) byCode = it->second;
    }
    if (byCode != npos) {
      byAdjustment.emplace_back(byCode, std::move(piece));
    } else if (c.adjustmentAreas) {
      byAdjustment = c.adjustmentAreas->split(piece.get(), retries, [&](size_t k) {
        const Adjustment& a = (*c.adjustments)[k];
        return a.geometry && (a.code.empty() || a.code == oldCode || a.code == newCode);
      });
    } else {
      byAdjustment.emplace_back(npos, std::move(piece));
    }
  } else {
    byAdjustment.emplace_back(npos, std::move(piece));
  }
  for (auto& [adjustment, part] : byAdjustment) {
    std::vector<std::pair<size_t, geos::GeomPtr>> byTownship;
    if (c.townships) byTownship = c.townships->split(part.get(), retries, [](size_t) { return true; });
    else byTownship.emplace_back(npos, std::move(part));
    for (auto& [township, g] : byTownship) {
      Draft d;
      d.type = type;
      d.other = other;
      d.township = township;
      d.adjustment = adjustment;
      d.measures = measurer.measureAreas(g.get());
      centroidOf(g.get(), d.cx, d.cy);
      d.retried = retries.any;
      d.geometry = std::move(g);
      work.drafts.push_back(std::move(d));
    }
  }
}

void processPatch(const Context& c, size_t i, PatchWork& work) {
  const Feature& f = c.self->features[i];
  const GEOSGeometry* g = f.geometry.get();
  if (!g || geos::isEmpty(g)) return;
  work.usable = true;
  Retries retries;
  Measurer& measurer = threadMeasurer(c.crs);

  // The other version's patches that really meet this one; an identical
  // patch (most of them, between two versions) needs no overlay at all.
  std::vector<size_t> meeting;
  bool identical = false, measured = false;
  std::vector<char> equal;
  geos::PreparedPtr prepared;
  for (size_t j : c.otherIndex->candidates(g)) {
    const GEOSGeometry* h = c.other->features[j].geometry.get();
    const bool same = GEOSEqualsExact_r(geos::ctx(), g, h, 0.0) == 1;
    if (!same) {
      if (!prepared) prepared = geos::prepare(g);
      if (GEOSPreparedIntersects_r(geos::ctx(), prepared.get(), h) != 1) continue;
    }
    meeting.push_back(j);
    equal.push_back(same);
    if (same && !identical && c.otherWork && (*c.otherWork)[j].usable) {
      // Same coordinates, same figures: measured once, in the old pass.
      work.whole = (*c.otherWork)[j].whole;
      work.townships = (*c.otherWork)[j].townships;
      measured = true;
    }
    identical = identical || same;
  }
  if (!measured) {
    work.whole = measurer.measureAreas(g);
    if (c.townships) {
      auto parts = c.townships->split(g, retries, [](size_t) { return true; });
      if (parts.size() == 1) {
        work.townships.emplace_back(parts[0].first, AreaPair{work.whole.area, work.whole.planarArea});
      } else {
        for (auto& [township, part] : parts) {
          const Measures m = measurer.measureAreas(part.get());
          work.townships.emplace_back(township, AreaPair{m.area, m.planarArea});
        }
      }
    }
  }

  const std::string& code = (*c.selfCodes)[i];
  auto codes = [&](size_t j) -> std::pair<std::string, std::string> {
    const std::string otherCode = j == npos ? std::string() : (*c.otherCodes)[j];
    return c.differenceType == ChangeType::Removed ? std::make_pair(code, otherCode) : std::make_pair(otherCode, code);
  };

  if (!identical) {
    geos::GeomPtr difference;
    if (meeting.empty()) {
      difference = geos::clone(g);
    } else if (meeting.size() == 1) {
      difference = retries.take(overlay::difference(g, c.other->features[meeting[0]].geometry.get()));
    } else {
      std::vector<const GEOSGeometry*> parts;
      for (size_t j : meeting) parts.push_back(c.other->features[j].geometry.get());
      overlay::Result together = overlay::unionAll(parts);
      if (together.retriedOnGrid) {
        retries.any = true;
        retries.errors.push_back(together.firstError);
      }
      difference = retries.take(overlay::difference(g, together.geometry.get()));
    }
    const auto [oldCode, newCode] = codes(npos);
    for (auto& piece : components(difference.get())) addPiece(c, work, c.differenceType, npos, std::move(piece), oldCode, newCode, retries);
  }

  if (c.natureChanges) {
    const std::string& type = (*c.selfTypes)[i];
    for (size_t k = 0; k < meeting.size(); ++k) {
      const size_t j = meeting[k];
      if ((*c.otherTypes)[j] == type) continue;
      geos::GeomPtr common = equal[k] ? geos::clone(g) : retries.take(overlay::intersection(g, c.other->features[j].geometry.get()));
      const auto [oldCode, newCode] = codes(j);
      for (auto& piece : components(common.get())) addPiece(c, work, ChangeType::NatureChanged, j, std::move(piece), oldCode, newCode, retries);
    }
  }
  work.retryErrors = std::move(retries.errors);
}

std::vector<PatchWork> processVersion(const Context& c) {
  std::vector<PatchWork> work(c.self->features.size());
  tbb::parallel_for(tbb::blocked_range<size_t>(0, work.size(), 8), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t i = range.begin(); i != range.end(); ++i) {
      try {
        processPatch(c, i, work[i]);
      } catch (const geos::GeosError& e) {
        work[i] = PatchWork();
        work[i].failure = e.what();
      }
    }
  });
  // Reported with the patch that caused it, the first in input order.
  for (size_t i = 0; i < work.size(); ++i)
    if (!work[i].failure.empty())
      throwInput(format(tr("叠加分析失败（已在 1 毫米格网上重试）：%s", "the overlay failed, also on the 1 mm grid: %s"), work[i].failure.c_str()),
                 {c.self->source, c.self->layerName, c.self->features[i].fid});
  return work;
}

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

nlohmann::ordered_json inputJson(const std::string& id, const Layer& layer) {
  return {{"id", id}, {"source", layer.source}, {"layer", layer.layerName}, {"role", layer.role()}, {"features", layer.features.size()}};
}

// Groups keyed by text, in order of first appearance.
class GroupList {
public:
  AuditGroup& at(const std::string& key) {
    auto it = index_.find(key);
    if (it != index_.end()) return groups_[it->second];
    index_[key] = groups_.size();
    groups_.push_back({});
    groups_.back().key = key;
    return groups_.back();
  }
  std::vector<AuditGroup> take() { return std::move(groups_); }

private:
  std::map<std::string, size_t> index_;
  std::vector<AuditGroup> groups_;
};

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

AuditResult auditLayers(const Layer& oldLayer, const Layer& newLayer, const AuditSettings& settings) {
  if (!settings.roles) throw std::invalid_argument("auditLayers needs roles");
  if (!(settings.minPieceAreaM2 >= 0)) throwUsage(tr("最小图斑面积须为非负数", "the minimum piece area must not be negative"));
  AuditResult result;
  result.crs = oldLayer.crs;
  result.matchField = settings.matchField;
  result.natureField = settings.natureField;
  result.minPieceAreaM2 = settings.minPieceAreaM2;
  result.hasBoundary = settings.boundary != nullptr;
  result.hasAdjustments = settings.adjustments != nullptr;
  result.inputs.push_back(inputJson(settings.oldId, oldLayer));
  result.inputs.push_back(inputJson(settings.newId, newLayer));
  if (settings.boundary) result.inputs.push_back(inputJson("boundary", *settings.boundary));
  if (settings.adjustments) result.inputs.push_back(inputJson("adjustments", *settings.adjustments));
  for (const Layer* layer : {&oldLayer, &newLayer})
    for (const LoadIssue& issue : layer->issues)
      if (issue.kind == LoadIssue::Kind::Repaired) result.repairs.emplace_back(layer == &oldLayer ? settings.oldId : settings.newId, issue);

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
  const std::vector<std::string> oldCodes = readAll(oldLayer, settings.matchField, false);
  const std::vector<std::string> newCodes = readAll(newLayer, settings.matchField, false);
  result.natureCompared = fieldReader(oldLayer, settings.natureField, settings.roles).found() &&
                          fieldReader(newLayer, settings.natureField, settings.roles).found();
  if (!result.natureCompared)
    result.warnings.push_back(format(tr("新旧版本中至少一个没有字段 '%s'，未比较性质（功能类型）变化",
                                        "the field '%s' is missing from at least one version: changes of nature (function type) were not compared"),
                                     settings.natureField.c_str()));
  const std::vector<std::string> oldTypes = readAll(oldLayer, settings.natureField, true);
  const std::vector<std::string> newTypes = readAll(newLayer, settings.natureField, true);

  // Approved adjustments.
  std::vector<Adjustment> adjustments;
  std::map<std::string, size_t> adjustmentByCode;
  std::optional<PolygonSet> adjustmentAreas;
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
  std::optional<PolygonSet> townships;
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

  std::vector<PatchWork> oldWork = processVersion(oldPass);
  newPass.otherWork = &oldWork;
  std::vector<PatchWork> newWork = processVersion(newPass);

  // Merge in input order: removed, added, nature changed.
  const Layer* boundary = settings.boundary;
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

  // Per nature (function type) and per patch code.
  {
    GroupList types, codes;
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
  return result;
}

// --- tables ------------------------------------------------------------------

namespace {

Column text(const std::string& key, const std::string& zh, const std::string& en, const std::string& shortName = "") {
  return {key, zh, en, ColumnType::Text, 0, shortName, false};
}
Column integer(const char* key, const char* zh, const char* en, const char* shortName = "", bool summable = false) {
  return {key, zh, en, ColumnType::Integer, 0, shortName, summable};
}
Column real(const std::string& key, const std::string& zh, const std::string& en, int decimals, const std::string& shortName = "",
            bool summable = false) {
  return {key, zh, en, ColumnType::Real, decimals, shortName, summable};
}

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

std::vector<Table> auditTables(const AuditResult& r) {
  std::vector<Table> tables;
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
  tables.push_back(std::move(changes));

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
  tables.push_back(std::move(totals));

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
  tables.push_back(std::move(verdicts));

  if (r.hasBoundary) {
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
    tables.push_back(std::move(t));
  }

  {
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
    tables.push_back(std::move(t));
  }

  {
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
    tables.push_back(std::move(t));
  }

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
  tables.push_back(std::move(noise));
  return tables;
}

// --- JSON --------------------------------------------------------------------

nlohmann::ordered_json toJson(const AuditResult& r) {
  using json = nlohmann::ordered_json;
  auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  json j;
  j["inputs"] = r.inputs;
  j["analysis_crs"] = {{"epsg", r.crs.epsg ? json(r.crs.epsg) : json(nullptr)}, {"name", r.crs.name}, {"reason", r.crs.note}};
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

std::vector<std::string> writeAudit(const AuditResult& result, const std::vector<Table>& tables, const std::string& folder,
                                    const TableWriteOptions& options) {
  return writeCheckTables(tables, folder, "audit", result.crs, options);
}

namespace {

std::string stemOf(const LoadOptions& o) {
  if (o.layerName) return *o.layerName;
  return fs::path(withoutPasswords(o.source)).stem().string();
}

Layer loadAdjustments(LoadOptions options, const RoleCatalog& roles, const CrsInfo& crs) {
  if (!options.role) options.role = "adjustment";
  // A table of codes has no geometry and so no CRS: nothing to reproject.
  Layer layer = load(options, roles);
  if (!layer.extent.empty) harmonize(layer, crs);
  return layer;
}

}  // namespace

AuditRun runAudit(const AuditOptions& options, const RoleCatalog& roles, const ProgressFn& progress) {
  if (options.outputDir.empty()) throwUsage(tr("需要输出目录（-o DIR）", "an output folder is needed (-o DIR)"));
  if (!(options.minPieceAreaM2 >= 0)) throwUsage(tr("最小图斑面积须为非负数", "the minimum piece area must not be negative"));
  auto withRole = [](LoadOptions o, const char* role) {
    if (!o.role) o.role = role;
    return o;
  };
  if (progress) progress(format(tr("读取 %s", "loading %s"), withoutPasswords(options.oldVersion.source).c_str()));
  Layer oldLayer = load(withRole(options.oldVersion, "redline"), roles);
  if (progress) progress(format(tr("读取 %s", "loading %s"), withoutPasswords(options.newVersion.source).c_str()));
  Layer newLayer = load(withRole(options.newVersion, "redline"), roles);
  std::optional<Layer> boundary;
  if (options.boundary) boundary = load(withRole(*options.boundary, "boundary"), roles);
  std::vector<const Layer*> all = {&oldLayer, &newLayer};
  std::vector<Layer*> placed = {&oldLayer, &newLayer};
  std::vector<std::string> ids = {stemOf(options.oldVersion), stemOf(options.newVersion)};
  if (boundary) all.push_back(&*boundary), placed.push_back(&*boundary), ids.push_back(stemOf(*options.boundary));
  warnAboutDistantLayers(placed, ids);
  const CrsInfo crs = chooseAnalysisCrs(all, options.analysisCrs);
  if (progress) progress(tr("转换到分析坐标系并检查几何", "harmonizing"));
  harmonize(oldLayer, crs);
  harmonize(newLayer, crs);
  if (boundary) harmonize(*boundary, crs);
  std::optional<Layer> adjustments;
  if (options.adjustments) adjustments = loadAdjustments(*options.adjustments, roles, crs);

  AuditSettings settings;
  settings.oldId = stemOf(options.oldVersion);
  settings.newId = stemOf(options.newVersion);
  if (settings.oldId == settings.newId) {
    settings.oldId = "old:" + settings.oldId;
    settings.newId = "new:" + settings.newId;
  }
  settings.matchField = options.matchField;
  settings.natureField = options.natureField;
  settings.roles = &roles;
  settings.boundary = boundary ? &*boundary : nullptr;
  settings.adjustments = adjustments ? &*adjustments : nullptr;
  settings.minPieceAreaM2 = options.minPieceAreaM2;
  if (progress) progress(tr("比较新旧版本", "comparing the versions"));
  AuditRun run;
  run.result = auditLayers(oldLayer, newLayer, settings);
  run.summary = toJson(run.result);
  std::vector<std::pair<std::string, const Layer*>> named;
  for (size_t i = 0; i < placed.size(); ++i) named.emplace_back(ids[i], placed[i]);
  if (adjustments) named.emplace_back(stemOf(*options.adjustments), &*adjustments);
  run.summary["warnings"] = layerWarnings(named);
  const std::vector<Table> tables = auditTables(run.result);
  std::vector<std::string> sources = {options.oldVersion.source, options.newVersion.source};
  if (options.boundary) sources.push_back(options.boundary->source);
  if (options.adjustments) sources.push_back(options.adjustments->source);
  StagedOutput output(options.outputDir);
  const std::vector<std::string> staged = output.writing([&] { return writeAudit(run.result, tables, output.folder()); });
  output.refuseOverwritingInputs(sources, staged);
  run.written = output.commit(staged);
  return run;
}

CheckOutput runAuditCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckEnvironment& env) {
  const ProgressFn& progress = env.progress;
  const RoleCatalog& roles = *loaded.roles;
  const Layer& oldLayer = projectLayer(loaded, check, "old");
  const Layer& newLayer = projectLayer(loaded, check, "new");
  AuditSettings settings;
  settings.oldId = check.params["old"].get<std::string>();
  settings.newId = check.params["new"].get<std::string>();
  settings.roles = &roles;
  auto stringParam = [&](const char* name, std::string& into) {
    if (!check.params.contains(name)) return;
    if (!check.params[name].is_string()) throwUsage(format(tr("检查 audit：%s 须为字符串", "check audit: %s must be a string"), name));
    into = check.params[name].get<std::string>();
  };
  stringParam("match_field", settings.matchField);
  stringParam("nature_field", settings.natureField);
  if (check.params.contains("boundary")) settings.boundary = &projectLayer(loaded, check, "boundary");
  std::optional<Layer> adjustmentFile;
  if (check.params.contains("adjustments")) {
    std::string value;
    stringParam("adjustments", value);
    if (const Layer* layer = loaded.layer(value)) {
      settings.adjustments = layer;
    } else {
      fs::path path = value;
      if (path.is_relative()) path = fs::path(loaded.project.path).parent_path() / path;
      LoadOptions o;
      o.source = path.string();
      adjustmentFile = loadAdjustments(o, roles, loaded.analysisCrs);
      settings.adjustments = &*adjustmentFile;
    }
  }
  if (check.params.contains("min_piece_area_m2")) {
    const auto& v = check.params["min_piece_area_m2"];
    if (!v.is_number() || v.get<double>() < 0)
      throwUsage(tr("检查 audit：min_piece_area_m2 须为非负数", "check audit: min_piece_area_m2 must be a non-negative number"));
    settings.minPieceAreaM2 = v.get<double>();
  }
  if (progress) progress(format(tr("红线核查：%s → %s", "red-line audit: %s → %s"), settings.oldId.c_str(), settings.newId.c_str()));
  CheckOutput out;
  const AuditResult result = auditLayers(oldLayer, newLayer, settings);
  out.summary = toJson(result);
  out.tables = auditTables(result);
  out.fileStem = "audit";
  out.headlines = auditHeadlines(result);
  out.findings = auditFindings(result, &out.tables.front(), settings.oldId, settings.newId);
  out.verdicts = {{"area_not_decreasing", result.areaNotDecreasing()}, {"removal_has_basis", result.removalHasBasis()}};
  if (result.natureCompared) out.verdicts.emplace_back("nature_not_changing", result.natureNotChanging());
  return out;
}

}  // namespace sanxian
