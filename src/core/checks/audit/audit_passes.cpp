#include "core/checks/audit/audit_passes.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <limits>

#include "core/base/error.h"
#include "core/base/text.h"

namespace sanxian::audit_passes {
namespace {

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return s;
}

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

// The patch's own area, whole and cut by township.
void measurePatch(const Context& c, const GEOSGeometry* g, Measurer& measurer, Retries& retries, PatchWork& work) {
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

// The patch less the other version's patches that meet it.
geos::GeomPtr differenceFromOthers(const Context& c, const GEOSGeometry* g, const std::vector<size_t>& meeting, Retries& retries) {
  if (meeting.empty()) return geos::clone(g);
  if (meeting.size() == 1) return retries.take(overlay::difference(g, c.other->features[meeting[0]].geometry.get()));
  std::vector<const GEOSGeometry*> parts;
  for (size_t j : meeting) parts.push_back(c.other->features[j].geometry.get());
  overlay::Result together = overlay::unionAll(parts);
  if (together.retriedOnGrid) {
    retries.any = true;
    retries.errors.push_back(together.firstError);
  }
  return retries.take(overlay::difference(g, together.geometry.get()));
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
  if (!measured) measurePatch(c, g, measurer, retries, work);

  const std::string& code = (*c.selfCodes)[i];
  auto codes = [&](size_t j) -> std::pair<std::string, std::string> {
    const std::string otherCode = j == npos ? std::string() : (*c.otherCodes)[j];
    return c.differenceType == ChangeType::Removed ? std::make_pair(code, otherCode) : std::make_pair(otherCode, code);
  };

  if (!identical) {
    const geos::GeomPtr difference = differenceFromOthers(c, g, meeting, retries);
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


}  // namespace

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

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


}  // namespace sanxian::audit_passes
