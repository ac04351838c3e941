#include "core/geometry/townships.h"

#include <tbb/enumerable_thread_specific.h>

#include <map>

#include "core/geometry/overlay.h"
#include "core/geometry/spatial_index.h"

namespace sanxian {
namespace {

std::vector<const GEOSGeometry*> geometriesOf(const Layer& layer) {
  std::vector<const GEOSGeometry*> out;
  for (const auto& f : layer.features) out.push_back(f.geometry.get());
  return out;
}

std::string fieldOr(const Layer& layer, const Feature& f, const char* canonical) { return layer.roleValue(f, canonical); }

}  // namespace

struct Townships::Impl {
  const Layer& layer;
  SpatialIndex index;
  // Prepared geometries build their internal indexes lazily, which is not
  // safe to share between threads: each thread prepares its own.
  mutable tbb::enumerable_thread_specific<std::map<size_t, geos::PreparedPtr>> prepared;

  explicit Impl(const Layer& l) : layer(l), index(geometriesOf(l)) {}

  const GEOSPreparedGeometry* preparedOf(size_t i) const {
    auto& cache = prepared.local();
    auto it = cache.find(i);
    if (it == cache.end()) it = cache.emplace(i, geos::prepare(layer.features[i].geometry.get())).first;
    return it->second.get();
  }
};

Townships::Townships(const Layer& boundary) : impl_(std::make_unique<Impl>(boundary)) {}
Townships::~Townships() = default;

const Layer& Townships::layer() const { return impl_->layer; }

TownshipPlacement Townships::locate(const GEOSGeometry* piece) const {
  TownshipPlacement best;
  if (!piece || geos::isEmpty(piece)) return best;
  const bool polygonal = geos::isPolygonal(piece);
  const double whole = polygonal ? geos::area(piece) : geos::length(piece);
  if (!(whole > 0)) return best;
  double bestAmount = 0;
  for (size_t i : impl_->index.candidates(piece)) {
    const Feature& f = impl_->layer.features[i];
    double amount = 0;
    if (GEOSPreparedContainsProperly_r(geos::ctx(), impl_->preparedOf(i), piece) == 1) {
      amount = whole;
    } else if (GEOSPreparedIntersects_r(geos::ctx(), impl_->preparedOf(i), piece) == 1) {
      const overlay::Result inside = overlay::intersection(piece, f.geometry.get());
      amount = polygonal ? geos::area(inside.geometry.get()) : geos::length(inside.geometry.get());
    }
    if (amount > bestAmount) {
      bestAmount = amount;
      best.fid = f.fid;
      best.name = fieldOr(impl_->layer, f, "name");
      best.code = fieldOr(impl_->layer, f, "code");
      best.share = std::min(1.0, amount / whole);
    }
    if (amount >= whole) break;
  }
  return best;
}

std::vector<Townships::Part> Townships::split(const GEOSGeometry* piece) const {
  std::vector<Part> parts;
  if (!piece || geos::isEmpty(piece)) return parts;
  const int dimension = geos::isPolygonal(piece) ? 2 : geos::isLineal(piece) ? 1 : 0;
  auto amountOf = [&](const GEOSGeometry* g) { return dimension == 2 ? geos::area(g) : geos::length(g); };
  const double whole = amountOf(piece);
  geos::GeomPtr rest = geos::clone(piece);
  for (size_t i : impl_->index.candidates(piece)) {
    if (geos::isEmpty(rest.get()) || !(amountOf(rest.get()) > 0)) break;
    const Feature& f = impl_->layer.features[i];
    const GEOSPreparedGeometry* prepared = impl_->preparedOf(i);
    if (GEOSPreparedIntersects_r(geos::ctx(), prepared, rest.get()) != 1) continue;
    Part part;
    geos::GeomPtr inside;
    if (GEOSPreparedCovers_r(geos::ctx(), prepared, rest.get()) == 1) {
      inside = std::move(rest);
      rest = geos::own(GEOSGeom_createEmptyCollection_r(geos::ctx(), GEOS_GEOMETRYCOLLECTION), "empty collection");
    } else {
      overlay::Result in = overlay::intersection(rest.get(), f.geometry.get());
      overlay::Result out = overlay::difference(rest.get(), f.geometry.get());
      part.retriedOnGrid = in.retriedOnGrid || out.retriedOnGrid;
      inside = geos::extractDimension(in.geometry.get(), dimension);
      rest = geos::extractDimension(out.geometry.get(), dimension);
    }
    if (geos::isEmpty(inside.get()) || !(amountOf(inside.get()) > 0)) continue;
    part.township.fid = f.fid;
    part.township.name = fieldOr(impl_->layer, f, "name");
    part.township.code = fieldOr(impl_->layer, f, "code");
    part.township.share = whole > 0 ? std::min(1.0, amountOf(inside.get()) / whole) : 0;
    part.geometry = std::move(inside);
    parts.push_back(std::move(part));
  }
  if (!geos::isEmpty(rest.get()) && amountOf(rest.get()) > 0) {
    Part outside;
    outside.township.share = whole > 0 ? std::min(1.0, amountOf(rest.get()) / whole) : 0;
    outside.geometry = std::move(rest);
    parts.push_back(std::move(outside));
  }
  return parts;
}

}  // namespace sanxian
