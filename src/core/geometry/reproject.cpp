#include "core/geometry/reproject.h"

#include <geodesic.h>
#include <ogr_spatialref.h>
#include <proj.h>

#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/crs.h"

namespace sanxian {
namespace {

// Halvings of one edge at most: 2²⁰ parts, far more than any edge needs;
// a guard against a projection that never settles (far outside its area).
constexpr int kMaxDepth = 20;

// The radius in the curvature bound: a little below the smallest radius of
// curvature of the ellipsoid (b²/a ≈ 6 335 km), so the bound stays above
// the true curvature.
constexpr double kBoundRadius = 6.3e6;
// Beyond this distance from a central meridian (m) the bound's series no
// longer holds to the margin taken; such edges are always tested.
constexpr double kBoundReach = 3.0e6;

// The Transverse Mercator parameters of a projected CRS (metres, degrees).
struct TransverseMercator {
  double centralMeridian = 0, latitudeOfOrigin = 0, scale = 1, falseEasting = 0, falseNorthing = 0;
  double semiMajor = 0, inverseFlattening = 0, metresPerUnit = 1;

  bool sameProjectionAs(const TransverseMercator& o) const {
    return centralMeridian == o.centralMeridian && latitudeOfOrigin == o.latitudeOfOrigin && scale == o.scale &&
           semiMajor == o.semiMajor && inverseFlattening == o.inverseFlattening;
  }
};

std::optional<TransverseMercator> transverseMercatorOf(const OGRSpatialReference& srs) {
  if (!srs.IsProjected()) return std::nullopt;
  const char* method = srs.GetAttrValue("PROJECTION");
  if (!method || std::string(method) != SRS_PT_TRANSVERSE_MERCATOR) return std::nullopt;
  TransverseMercator tm;
  tm.centralMeridian = srs.GetNormProjParm(SRS_PP_CENTRAL_MERIDIAN, 0);
  tm.latitudeOfOrigin = srs.GetNormProjParm(SRS_PP_LATITUDE_OF_ORIGIN, 0);
  tm.scale = srs.GetNormProjParm(SRS_PP_SCALE_FACTOR, 1);
  tm.falseEasting = srs.GetNormProjParm(SRS_PP_FALSE_EASTING, 0);
  tm.falseNorthing = srs.GetNormProjParm(SRS_PP_FALSE_NORTHING, 0);
  tm.semiMajor = srs.GetSemiMajor();
  tm.inverseFlattening = srs.GetInvFlattening();
  tm.metresPerUnit = srs.GetLinearUnits();
  return tm;
}

struct ContextDeleter {
  void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};

}  // namespace

struct Reprojector::Impl {
  CrsInfo from, to;
  std::unique_ptr<PJ_CONTEXT, ContextDeleter> context;
  std::unique_ptr<PJ, PjDeleter> forward;
  std::unique_ptr<PJ, PjDeleter> second;  // WGS 84 → target, for Route::ThroughWgs84
  enum class Route { SameDatum, UserParameters, Known, TakenAsCgcs2000, ThroughWgs84 } route = Route::SameDatum;
  bool geographicSource = false;
  geod_geodesic sourceEllipsoid{};  // for the midpoints of degree edges
  std::optional<TransverseMercator> sourceTm, targetTm;
  // Both Transverse Mercator with the same projection, only the false
  // origin differing (EPSG:4524 → 4545): a translation, edges stay straight.
  bool translation = false;
  double sourceMetres = 1, targetMetres = 1;
  size_t added = 0;
  std::vector<double> moved, out;  // scratch

  Impl(const CrsInfo& f, const CrsInfo& t) : from(f), to(t) { build(); }

  void build() {
    OGRSpatialReference source, target;
    if (source.SetFromUserInput(from.definition.c_str()) != OGRERR_NONE || target.SetFromUserInput(to.definition.c_str()) != OGRERR_NONE)
      throwInput(format(tr("无法从 %s 转换到 %s", "cannot transform from %s to %s"), from.name.c_str(), to.name.c_str()));
    geographicSource = source.IsGeographic();
    if (geographicSource) {
      OGRErr error = OGRERR_NONE;
      const double a = source.GetSemiMajor(&error), invf = source.GetInvFlattening(&error);
      geod_init(&sourceEllipsoid, a, invf > 0 ? 1 / invf : 0);
    } else {
      sourceMetres = source.GetLinearUnits();
      sourceTm = transverseMercatorOf(source);
    }
    targetMetres = target.IsProjected() ? target.GetLinearUnits() : 1;
    targetTm = transverseMercatorOf(target);
    translation = sourceTm && targetTm && sourceTm->sameProjectionAs(*targetTm) && !from.towgs84 && from.datum == to.datum &&
                  from.datum != Datum::Unknown && from.datum != Datum::Other;

    context.reset(proj_context_create());
    chooseRoute(source, target);
  }

  // A PROJ transformation between two CRS definitions, x = easting / longitude.
  std::unique_ptr<PJ, PjDeleter> crsToCrs(const std::string& a, const std::string& b) {
    std::unique_ptr<PJ, PjDeleter> out;
    if (PJ* raw = proj_create_crs_to_crs(context.get(), a.c_str(), b.c_str(), nullptr)) {
      out.reset(proj_normalize_for_visualization(context.get(), raw));
      proj_destroy(raw);
    }
    if (!out) throwInput(format(tr("无法从 %s 转换到 %s", "cannot transform from %s to %s"), from.name.c_str(), to.name.c_str()));
    return out;
  }

  // How many operations PROJ knows from a to b other than a ballpark
  // guess (which shifts nothing between datums: off by up to 100 m and
  // more), with the grids they need at hand.
  int knownOperations(const std::string& a, const std::string& b) {
    std::unique_ptr<PJ, PjDeleter> source(proj_create(context.get(), a.c_str())), target(proj_create(context.get(), b.c_str()));
    if (!source || !target) return 0;
    PJ_OPERATION_FACTORY_CONTEXT* factory = proj_create_operation_factory_context(context.get(), nullptr);
    proj_operation_factory_context_set_allow_ballpark_transformations(context.get(), factory, 0);
    proj_operation_factory_context_set_spatial_criterion(context.get(), factory, PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
    proj_operation_factory_context_set_grid_availability_use(context.get(), factory, PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
    PJ_OBJ_LIST* operations = proj_create_operations(context.get(), source.get(), target.get(), factory);
    const int count = operations ? proj_list_get_count(operations) : 0;
    proj_list_destroy(operations);
    proj_operation_factory_context_destroy(factory);
    return count;
  }

  // Picks how coordinates reach the target datum: directly when they share
  // it, when the user gave seven parameters, or when PROJ knows a
  // transformation; WGS 84 is taken as CGCS2000 (PROJ registers none
  // between them; they agree to about a metre); another datum goes through
  // WGS 84 when PROJ knows that step; otherwise the user must give the
  // parameters.
  void chooseRoute(const OGRSpatialReference& source, const OGRSpatialReference& target) {
    const std::string fromDefinition = projDefinition(from);
    const bool sameDatum = from.datum == to.datum && from.datum != Datum::Other && from.datum != Datum::Unknown && !from.towgs84;
    const bool grs80 = std::fabs(source.GetSemiMajor() - target.GetSemiMajor()) < 1e-3 &&
                       std::fabs(source.GetInvFlattening() - target.GetInvFlattening()) < 1e-5;
    if (sameDatum || from.towgs84) {
      route = from.towgs84 ? Route::UserParameters : Route::SameDatum;
    } else if (knownOperations(fromDefinition, to.definition) > 0) {
      route = Route::Known;
    } else if (to.datum == Datum::CGCS2000 && (from.datum == Datum::WGS84 || (from.datum == Datum::Unknown && grs80))) {
      route = Route::TakenAsCgcs2000;
    } else if (to.datum == Datum::CGCS2000 && knownOperations(fromDefinition, "EPSG:4326") > 0) {
      route = Route::ThroughWgs84;
      forward = crsToCrs(fromDefinition, "EPSG:4326");
      second = crsToCrs("EPSG:4326", to.definition);
      return;
    } else {
      throwInput(format(tr("PROJ 不知道从%s（%s）到%s（%s）的基准转换，不能把坐标当作同一基准处理。请在项目文件中为该图层给出 towgs84 七参数（dx,dy,dz,rx,ry,rz,ds，到 WGS 84 / CGCS2000），或先用本地参数转换数据。",
                           "PROJ knows no transformation from the datum of %s (%s) to that of %s (%s), and coordinates must not be taken "
                           "as if they shared one. Give the layer's seven parameters to WGS 84 / CGCS2000 as towgs84: "
                           "[dx,dy,dz,rx,ry,rz,ds] in the project file, or convert the data with local parameters first."),
                        from.name.c_str(), datumName(from.datum), to.name.c_str(), datumName(to.datum)));
    }
    forward = crsToCrs(fromDefinition, to.definition);
  }

  // What happened between the datums, for the load report; "" when nothing
  // did. (x, y): a point of the layer, for PROJ to say which of its
  // operations applies there.
  std::string datumNote(double x, double y) {
    auto used = [&](PJ* pj) {
      PJ_COORD c = proj_trans(pj, PJ_FWD, proj_coord(x, y, 0, 0));
      std::string text;
      if (PJ* op = proj_trans_get_last_used_operation(pj)) {
        const char* name = proj_get_name(op);
        text = name ? name : "";
        const double accuracy = proj_coordoperation_get_accuracy(context.get(), op);
        if (accuracy >= 0) text += format(tr("，精度 %g 米", ", accuracy %g m"), accuracy);
        proj_destroy(op);
      }
      x = c.xy.x;
      y = c.xy.y;
      return text;
    };
    switch (route) {
      case Route::SameDatum: return {};
      case Route::UserParameters:
        return format(tr("基准：按给出的七参数（towgs84）从%s转换到 %s", "datum: from %s to %s by the seven parameters given (towgs84)"), datumName(from.datum),
                      to.name.c_str());
      case Route::Known:
        return format(tr("基准：从 %s 到 %s，PROJ 的转换 %s", "datum: from %s to %s by PROJ's transformation %s"), from.name.c_str(), to.name.c_str(),
                      used(forward.get()).c_str());
      case Route::TakenAsCgcs2000:
        return format(tr("基准：%s 按 CGCS2000 处理（PROJ 未登记两者之间的转换；两者相差约 1 米以内）",
                         "datum: %s taken as CGCS2000 (PROJ registers no transformation between them; they agree to about a metre)"),
                      from.name.c_str());
      case Route::ThroughWgs84:
        return format(tr("基准：从 %s 经 PROJ 的转换 %s 到 WGS 84，再按 CGCS2000 处理（两者相差约 1 米以内）",
                         "datum: from %s to WGS 84 by PROJ's transformation %s, then WGS 84 taken as CGCS2000 (they agree to about a metre)"),
                      from.name.c_str(), used(forward.get()).c_str());
    }
    return {};
  }

  void transform(double& x, double& y) const {
    PJ_COORD c = proj_coord(x, y, 0, 0);
    c = proj_trans(forward.get(), PJ_FWD, c);
    if (second && std::isfinite(c.xy.x) && c.xy.x != HUGE_VAL) c = proj_trans(second.get(), PJ_FWD, c);
    if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y) || c.xy.x == HUGE_VAL)
      throw ReprojectError(format(tr("坐标 (%.9g, %.9g) 无法转换到 %s（超出其适用范围？）", "the point (%.9g, %.9g) cannot be transformed to %s (outside its area of use?)"), x, y,
                                  to.name.c_str()));
    x = c.xy.x;
    y = c.xy.y;
  }

  // The midpoint of the edge a–b as drawn, in source coordinates.
  void midpoint(const double* a, const double* b, double* m) const {
    if (!geographicSource) {
      m[0] = (a[0] + b[0]) / 2;
      m[1] = (a[1] + b[1]) / 2;
      return;
    }
    double s12 = 0, azi1 = 0, azi2 = 0;
    geod_inverse(&sourceEllipsoid, a[1], a[0], b[1], b[0], &s12, &azi1, &azi2);
    geod_direct(&sourceEllipsoid, a[1], a[0], azi1, s12 / 2, &m[1], &m[0], nullptr);
  }

  // An upper bound on the curvature (1/m) of the moved edge, or a
  // negative number when none is known (then every edge is tested).
  double curvatureBound(const double* a, const double* b, const double* qa, const double* qb, double chord) const {
    if (!targetTm || !(geographicSource || sourceTm)) return -1;
    const double xt = std::max(std::fabs(qa[0] * targetMetres - targetTm->falseEasting), std::fabs(qb[0] * targetMetres - targetTm->falseEasting)) + chord;
    double xs = 0;
    if (sourceTm) {
      const double dx = (b[0] - a[0]) * sourceMetres, dy = (b[1] - a[1]) * sourceMetres;
      xs = std::max(std::fabs(a[0] * sourceMetres - sourceTm->falseEasting), std::fabs(b[0] * sourceMetres - sourceTm->falseEasting)) +
           std::sqrt(dx * dx + dy * dy);
    }
    if (xs + xt > kBoundReach) return -1;
    return 1.5 * (xs + xt) / (kBoundRadius * kBoundRadius);
  }

  // Appends the vertices that keep the edge a–b (source) / qa–qb (target)
  // within the tolerance, between qa and qb, in order.
  void edge(const double* a, const double* qa, const double* b, const double* qb, int depth) {
    if (depth >= kMaxDepth) return;
    const double dx = (qb[0] - qa[0]) * targetMetres, dy = (qb[1] - qa[1]) * targetMetres;
    const double chord = std::sqrt(dx * dx + dy * dy);
    if (chord == 0) return;
    const double bound = curvatureBound(a, b, qa, qb, chord);
    if (bound >= 0 && bound * chord * chord / 8 <= kEdgeTolerance / 4) return;
    double m[2], qm[2];
    midpoint(a, b, m);
    qm[0] = m[0];
    qm[1] = m[1];
    transform(qm[0], qm[1]);
    if (chord <= kLongestUncheckedEdge) {
      const double ex = (qm[0] - (qa[0] + qb[0]) / 2) * targetMetres, ey = (qm[1] - (qa[1] + qb[1]) / 2) * targetMetres;
      if (ex * ex + ey * ey <= kEdgeTolerance * kEdgeTolerance) return;
    }
    edge(a, qa, m, qm, depth + 1);
    out.push_back(qm[0]);
    out.push_back(qm[1]);
    ++added;
    edge(m, qm, b, qb, depth + 1);
  }

  // A geodesic edge longer than kLongestGeodesicPart in the plane is cut
  // into equal parts along the geodesic, each then bent as needed (edge()).
  void geodesicParts(const double* a, const double* qa, const double* b, const double* qb) {
    const double dx = (qb[0] - qa[0]) * targetMetres, dy = (qb[1] - qa[1]) * targetMetres;
    const double chord = std::sqrt(dx * dx + dy * dy);
    if (!(chord > kLongestGeodesicPart)) {
      edge(a, qa, b, qb, 0);
      return;
    }
    const size_t parts = static_cast<size_t>(std::ceil(chord / kLongestGeodesicPart));
    geod_geodesicline line;
    geod_inverseline(&line, &sourceEllipsoid, a[1], a[0], b[1], b[0], 0);
    double from[2] = {a[0], a[1]}, qFrom[2] = {qa[0], qa[1]};
    for (size_t k = 1; k <= parts; ++k) {
      double to[2], qTo[2];
      if (k == parts) {
        to[0] = b[0], to[1] = b[1], qTo[0] = qb[0], qTo[1] = qb[1];
      } else {
        geod_position(&line, line.s13 * double(k) / double(parts), &to[1], &to[0], nullptr);
        qTo[0] = to[0], qTo[1] = to[1];
        transform(qTo[0], qTo[1]);
      }
      edge(from, qFrom, to, qTo, 0);
      if (k == parts) break;
      out.push_back(qTo[0]);
      out.push_back(qTo[1]);
      ++added;
      from[0] = to[0], from[1] = to[1], qFrom[0] = qTo[0], qFrom[1] = qTo[1];
    }
  }

  // Densifies one edge of the input the same way whichever way it runs:
  // a border two neighbours share gets the same vertices in both, so they
  // still only touch (geodesic midpoints differ in the last bit by
  // direction, and so can the decision to halve).
  void densify(const double* a, const double* qa, const double* b, const double* qb) {
    const bool backwards = a[0] > b[0] || (a[0] == b[0] && a[1] > b[1]);
    const size_t start = out.size();
    if (backwards) std::swap(a, b), std::swap(qa, qb);
    if (geographicSource) geodesicParts(a, qa, b, qb);
    else edge(a, qa, b, qb, 0);
    if (!backwards) return;
    for (size_t i = start, j = out.size() - 2; i < j; i += 2, j -= 2) {
      std::swap(out[i], out[j]);
      std::swap(out[i + 1], out[j + 1]);
    }
  }

  // The path of `n` source vertices moved, densified, into `out`.
  void movePath(const double* source, size_t n) {
    moved.assign(source, source + 2 * n);
    for (size_t i = 0; i < n; ++i) transform(moved[2 * i], moved[2 * i + 1]);
    out.clear();
    if (n == 0) return;
    out.reserve(2 * n);
    out.push_back(moved[0]);
    out.push_back(moved[1]);
    for (size_t i = 0; i + 1 < n; ++i) {
      if (!translation) densify(source + 2 * i, moved.data() + 2 * i, source + 2 * i + 2, moved.data() + 2 * i + 2);
      out.push_back(moved[2 * i + 2]);
      out.push_back(moved[2 * i + 3]);
    }
  }

  GEOSCoordSequence* movedSequence(const GEOSGeometry* line) {
    GEOSContextHandle_t h = geos::ctx();
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, line);
    unsigned int size = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &size)) throw geos::GeosError("GEOSGeom_getCoordSeq: " + geos::lastError());
    std::vector<double> source(2 * size_t(size));
    if (size && !GEOSCoordSeq_copyToBuffer_r(h, seq, source.data(), 0, 0)) throw geos::GeosError("GEOSCoordSeq_copyToBuffer: " + geos::lastError());
    movePath(source.data(), size);
    GEOSCoordSequence* result = GEOSCoordSeq_copyFromBuffer_r(h, out.data(), out.size() / 2, 0, 0);
    if (!result) throw geos::GeosError("GEOSCoordSeq_copyFromBuffer: " + geos::lastError());
    return result;
  }

  geos::GeomPtr move(const GEOSGeometry* g) {
    GEOSContextHandle_t h = geos::ctx();
    if (GEOSisEmpty_r(h, g) == 1) return geos::clone(g);
    const int type = GEOSGeomTypeId_r(h, g);
    switch (type) {
      case GEOS_POINT:
      case GEOS_LINESTRING:
        return geos::own(type == GEOS_POINT ? GEOSGeom_createPoint_r(h, movedSequence(g)) : GEOSGeom_createLineString_r(h, movedSequence(g)),
                         "GEOSGeom_create");
      case GEOS_LINEARRING: return geos::own(GEOSGeom_createLinearRing_r(h, movedSequence(g)), "GEOSGeom_createLinearRing");
      case GEOS_POLYGON: {
        geos::GeomPtr shell = geos::own(GEOSGeom_createLinearRing_r(h, movedSequence(GEOSGetExteriorRing_r(h, g))), "GEOSGeom_createLinearRing");
        std::vector<geos::GeomPtr> holes;
        const int n = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < n; ++i)
          holes.push_back(geos::own(GEOSGeom_createLinearRing_r(h, movedSequence(GEOSGetInteriorRingN_r(h, g, i))), "GEOSGeom_createLinearRing"));
        std::vector<GEOSGeometry*> raw;
        for (auto& hole : holes) raw.push_back(hole.release());
        return geos::own(GEOSGeom_createPolygon_r(h, shell.release(), raw.data(), static_cast<unsigned>(raw.size())), "GEOSGeom_createPolygon");
      }
      default: {  // multi-geometries and collections
        std::vector<geos::GeomPtr> parts;
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) parts.push_back(move(GEOSGetGeometryN_r(h, g, i)));
        std::vector<GEOSGeometry*> raw;
        for (auto& part : parts) raw.push_back(part.release());
        return geos::own(GEOSGeom_createCollection_r(h, type, raw.data(), static_cast<unsigned>(raw.size())), "GEOSGeom_createCollection");
      }
    }
  }
};

Reprojector::Reprojector(const CrsInfo& from, const CrsInfo& to) : impl_(std::make_unique<Impl>(from, to)) {}
Reprojector::Reprojector(const Reprojector& other) : impl_(std::make_unique<Impl>(other.impl_->from, other.impl_->to)) {}
Reprojector::~Reprojector() = default;

geos::GeomPtr Reprojector::move(const GEOSGeometry* g) { return impl_->move(g); }
size_t Reprojector::addedVertices() const { return impl_->added; }
std::string Reprojector::datumNote(double x, double y) { return impl_->datumNote(x, y); }

}  // namespace sanxian
