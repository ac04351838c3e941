// The per-patch passes of the red-line audit (internal to the audit): for
// each patch of one version, the difference with the other version (cut by
// approved adjustments and by township, each part measured) and, in the old
// pass, the intersections with patches of another nature. Patches are
// processed in parallel; each writes only its own PatchWork.
#pragma once

#include <tbb/enumerable_thread_specific.h>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/checks/audit/audit.h"
#include "core/geometry/overlay.h"
#include "core/geometry/spatial_index.h"
#include "core/geometry/units.h"

namespace sanxian::audit_passes {

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


// Text without surrounding blanks.
std::string trimmed(const std::string& s);

// Reads one field of a layer by a role field name ("code") or a field name
// as stored ("HXBH", any ASCII case), mapping values through the role's
// value map when the field is a role field.
struct FieldReader {
  int column = -1;
  const FieldDef* def = nullptr;

  bool found() const { return column >= 0; }
  std::string raw(const Feature& f) const {
    if (column < 0 || size_t(column) >= f.values.size()) return {};
    return trimmed(f.values[size_t(column)]);
  }
  std::string mapped(const Feature& f) const {
    std::string r = raw(f);
    return def && !r.empty() ? def->mapValue(r) : r;
  }
};


FieldReader fieldReader(const Layer& layer, const std::string& name, const RoleCatalog* roles);

std::vector<const GEOSGeometry*> geometriesOf(const Layer& layer);
// The polygons of a polygonal geometry, each as its own geometry.
std::vector<geos::GeomPtr> components(const GEOSGeometry* g);
void centroidOf(const GEOSGeometry* g, double& x, double& y);

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


// Every patch of c.self through the pass, in parallel; a patch GEOS fails
// on even on the 1 mm grid stops the audit naming it.
std::vector<PatchWork> processVersion(const Context& c);

}  // namespace sanxian::audit_passes
