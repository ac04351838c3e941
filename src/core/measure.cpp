#include "measure.h"

#include <geodesic.h>
#include <ogr_spatialref.h>
#include <proj.h>

#include <cmath>
#include <unordered_map>
#include <vector>

#include "crs.h"
#include "error.h"
#include "text.h"

namespace sanxian {
namespace {

struct ContextDeleter {
  void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};
using ContextPtr = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

const geod_geodesic& cgcs2000Ellipsoid() {
  static const geod_geodesic ellipsoid = [] {
    geod_geodesic g;
    geod_init(&g, kCgcs2000A, kCgcs2000F);
    return g;
  }();
  return ellipsoid;
}

bool isLegacyChineseDatum(Datum d) { return d == Datum::Xian1980 || d == Datum::Beijing1954; }

// The CRS as PROJ should read it, with the user's datum shift bound to it
// when there is one (a WKT1 TOWGS84 clause makes PROJ use it).
std::string sourceDefinition(const CrsInfo& crs) {
  if (!crs.towgs84) return crs.definition;
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(crs.definition.c_str()) != OGRERR_NONE) return crs.definition;
  const auto& p = *crs.towgs84;
  auto at = [&](size_t i) { return p.size() > i ? p[i] : 0.0; };
  srs.SetTOWGS84(at(0), at(1), at(2), at(3), at(4), at(5), at(6));
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  std::string out = wkt ? wkt : "";
  CPLFree(wkt);
  return out;
}

// Transforms interleaved x y pairs in place; false when a point failed.
bool transformInPlace(PJ* pj, std::vector<double>& xy) {
  const size_t n = xy.size() / 2;
  if (n == 0) return true;
  proj_trans_generic(pj, PJ_FWD, xy.data(), 2 * sizeof(double), n, xy.data() + 1, 2 * sizeof(double), n, nullptr, 0, 0,
                     nullptr, 0, 0);
  for (double v : xy)
    if (!std::isfinite(v) || v == HUGE_VAL) return false;
  return true;
}

// Shoelace area (signed) and length of a closed ring or open line,
// relative to the first vertex so that large Gauss-Kruger coordinates
// (36 500 000) lose no digits.
void planarRing(const std::vector<double>& xy, bool ring, double& signedArea, double& length) {
  const size_t n = xy.size() / 2;
  signedArea = 0;
  length = 0;
  if (n < 2) return;
  const double x0 = xy[0], y0 = xy[1];
  double sum = 0;
  for (size_t i = 0; i + 1 < n; ++i) {
    const double ax = xy[2 * i] - x0, ay = xy[2 * i + 1] - y0;
    const double bx = xy[2 * i + 2] - x0, by = xy[2 * i + 3] - y0;
    sum += ax * by - bx * ay;
    length += std::sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay));  // hypot's overflow care costs 3× here
  }
  if (ring) signedArea = sum / 2;
}

}  // namespace

RingMeasure geodesicRing(const double* lonLat, size_t count) {
  if (count > 1 && lonLat[0] == lonLat[2 * count - 2] && lonLat[1] == lonLat[2 * count - 1]) --count;
  RingMeasure out;
  if (count < 2) return out;
  const geod_geodesic& g = cgcs2000Ellipsoid();
  geod_polygon polygon;
  geod_polygon_init(&polygon, 0);
  for (size_t i = 0; i < count; ++i) geod_polygon_addpoint(&g, &polygon, lonLat[2 * i + 1], lonLat[2 * i]);
  // sign = 1: counter-clockwise positive, clockwise negative (not the
  // complement on the ellipsoid), so holes and shells both come out small.
  geod_polygon_compute(&g, &polygon, 0, 1, &out.signedArea, &out.perimeter);
  return out;
}

namespace {

double geodesicLine(const double* lonLat, size_t count) {
  if (count < 2) return 0;
  const geod_geodesic& g = cgcs2000Ellipsoid();
  geod_polygon line;
  geod_polygon_init(&line, 1);
  for (size_t i = 0; i < count; ++i) geod_polygon_addpoint(&g, &line, lonLat[2 * i + 1], lonLat[2 * i]);
  double length = 0;
  geod_polygon_compute(&g, &line, 0, 1, nullptr, &length);
  return length;
}

// What to compute. The ellipsoidal perimeter of a polygon needs a geodesic
// per edge, the dearest figure of all, and most checks never report it.
enum Want : unsigned {
  kArea = 1,        // ellipsoidal area of polygons
  kLineLength = 2,  // ellipsoidal length of lines
  kPerimeter = 4,   // ellipsoidal length of polygon rings
  kPlanar = 8,      // all the planar figures (cheap)
  kEllipsoidal = kArea | kLineLength | kPerimeter,
};

// Equal-area projections are made per 0.25° cell of the first vertex of a
// ring, so the ring lies near the projection's centre wherever it is.
constexpr double kEqualAreaCellDegrees = 0.25;
// Rings smaller than this (planar m²) keep geodesic edges: the equal-area
// plane's coordinates carry ~1e-9 m of rounding (the oblique formula
// subtracts numbers of the size of the Earth's radius), which is 1e-9 of
// the area only above about this size. Small rings cost little either way.
constexpr double kEqualAreaMinRingArea = 1e4;

// Shoelace area (signed) relative to the first vertex.
double shoelace(const double* xy, size_t n) {
  if (n < 3) return 0;
  const double x0 = xy[0], y0 = xy[1];
  double sum = 0;
  for (size_t i = 0; i + 1 < n; ++i)
    sum += (xy[2 * i] - x0) * (xy[2 * i + 3] - y0) - (xy[2 * i + 2] - x0) * (xy[2 * i + 1] - y0);
  // Closing edge back to the first vertex: its term is zero relative to it.
  return sum / 2;
}

}  // namespace

struct Measurer::Impl {
  CrsInfo crs;
  CrsInfo planar;
  MeasureOptions options;
  bool densify = false;
  ContextPtr context;  // declared before the PJs so that it outlives them
  PjPtr toDegrees;     // null: the input already is CGCS2000 degrees
  PjPtr toPlanar;      // null: the input is the planar CRS
  // Lambert azimuthal equal-area on the CGCS2000 ellipsoid, one per 0.25°
  // cell, for the area of densified projected rings (see ringArea).
  std::unordered_map<int64_t, PjPtr> equalArea;
  // Scratch buffers reused between calls: measuring millions of small
  // pieces must not allocate for each.
  std::vector<double> coords, dense, plane, lonLatCopy;

  Impl(const CrsInfo& c, MeasureOptions o) : crs(c), options(std::move(o)) { build(); }

  PjPtr transformation(const std::string& from, const std::string& to, const std::string& toName) {
    PJ* raw = proj_create_crs_to_crs(context.get(), from.c_str(), to.c_str(), nullptr);
    if (!raw)
      throwInput(format(tr("无法从 %s 转换到 %s，不能计算面积", "cannot transform from %s to %s to measure areas"), crs.name.c_str(),
                        toName.c_str()));
    PJ* normalized = proj_normalize_for_visualization(context.get(), raw);  // x = easting / longitude
    proj_destroy(raw);
    if (!normalized) throw Error(Error::Kind::Internal, "proj_normalize_for_visualization failed");
    return PjPtr(normalized);
  }

  void build() {
    if (crs.definition.empty()) throwInput(tr("图层坐标系未知，无法计算面积", "the layer's CRS is unknown; areas cannot be measured"));
    if (isLegacyChineseDatum(crs.datum) && !crs.towgs84)
      throwInput(format(tr("图层为%s坐标系（%s）；PROJ 没有到 CGCS2000 的转换参数，椭球面积不能按 CGCS2000 计算。请给出 towgs84 七参数（dx,dy,dz,rx,ry,rz,ds），或先用本地参数转换数据。",
                           "the layer is in %s (%s); PROJ has no transformation to CGCS2000, so ellipsoidal areas cannot be computed on "
                           "CGCS2000. Give the towgs84 seven parameters (dx,dy,dz,rx,ry,rz,ds), or convert the data with local parameters first."),
                        datumName(crs.datum), crs.name.c_str()));
    densify = !crs.geographic && options.densifyStep > 0;
    context.reset(proj_context_create());
    if (!context) throw Error(Error::Kind::Internal, "proj_context_create failed");
    const std::string from = sourceDefinition(crs);
    const bool alreadyDegrees = crs.geographic && crs.datum == Datum::CGCS2000 && !crs.towgs84;
    if (!alreadyDegrees) toDegrees = transformation(from, "EPSG:4490", "CGCS2000 (EPSG:4490)");

    if (!crs.geographic && options.planarCrs.empty()) {
      planar = crs;
    } else if (!options.planarCrs.empty()) {
      planar = crsFromUser(options.planarCrs);
      if (planar.geographic)
        throwUsage(format(tr("平面面积的坐标系必须是投影坐标系，'%s' 是地理坐标系", "planar figures need a projected CRS; '%s' is geographic"),
                          options.planarCrs.c_str()));
      const bool same = planar.epsg && planar.epsg == crs.epsg && !crs.towgs84;
      if (!same) toPlanar = transformation(from, planar.definition, planar.name);
      else planar = crs;
    }
    // Geographic input without a planar CRS: planar figures are refused
    // when asked for (see requirePlanar).
  }

  void requirePlanar() const {
    if (planar.definition.empty())
      throw Error(Error::Kind::Internal, "planar measures of geographic data need MeasureOptions::planarCrs (see planarCrsFor)");
  }

  void copyCoordinates(const GEOSGeometry* line) {
    GEOSContextHandle_t h = geos::ctx();
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, line);
    unsigned int size = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &size)) throw geos::GeosError("GEOSGeom_getCoordSeq: " + geos::lastError());
    coords.resize(2 * size_t(size));
    if (size && !GEOSCoordSeq_copyToBuffer_r(h, seq, coords.data(), 0, 0))
      throw geos::GeosError("GEOSCoordSeq_copyToBuffer: " + geos::lastError());
  }

  void densifyInPlane() {
    const size_t n = coords.size() / 2;
    const double step = options.densifyStep;
    dense.clear();
    if (n == 0) return;
    dense.reserve(coords.size());
    for (size_t i = 0; i + 1 < n; ++i) {
      const double x0 = coords[2 * i], y0 = coords[2 * i + 1];
      const double dx = coords[2 * i + 2] - x0, dy = coords[2 * i + 3] - y0;
      dense.push_back(x0);
      dense.push_back(y0);
      const double d = std::sqrt(dx * dx + dy * dy);
      if (d > step) {
        const size_t parts = static_cast<size_t>(std::ceil(d / step));
        for (size_t k = 1; k < parts; ++k) {
          const double t = double(k) / double(parts);
          dense.push_back(x0 + t * dx);
          dense.push_back(y0 + t * dy);
        }
      }
    }
    dense.push_back(coords[2 * n - 2]);
    dense.push_back(coords[2 * n - 1]);
  }

  void failTransform() const {
    throwInput(format(tr("坐标转换失败（坐标超出 %s 的适用范围？），无法计算面积", "coordinate transformation failed (outside the area of use of %s?); areas cannot be measured"),
                      crs.name.c_str()));
  }

  // Measures one ring (ring = true) or line; `coords` holds its vertices.
  void measurePath(bool ring, bool hole, unsigned want, Measures& out) {
    if (want & kPlanar) {
      requirePlanar();
      const std::vector<double>* xy = &coords;
      if (toPlanar) {
        plane = coords;
        if (!transformInPlace(toPlanar.get(), plane)) failTransform();
        xy = &plane;
      }
      double signedArea = 0, length = 0;
      planarRing(*xy, ring, signedArea, length);
      out.planarArea += hole ? -std::fabs(signedArea) : std::fabs(signedArea);
      out.planarLength += length;
    }
    if (want & (ring ? kArea | kPerimeter : kLineLength)) {
      std::vector<double>* lonLat = &coords;
      if (densify) {
        densifyInPlane();
        lonLat = &dense;
      }
      if (toDegrees && !transformInPlace(toDegrees.get(), *lonLat)) failTransform();
      const size_t n = lonLat->size() / 2;
      if (!ring) {
        out.length += geodesicLine(lonLat->data(), n);
        return;
      }
      if (densify && std::fabs(shoelace(coords.data(), coords.size() / 2)) >= kEqualAreaMinRingArea) {
        // Edges of at most densifyStep: measured in an equal-area plane (see ringArea).
        if (want & kPerimeter) out.length += geodesicRing(lonLat->data(), n).perimeter;
        if (want & kArea) {
          const double a = ringArea(*lonLat);
          out.area += hole ? -std::fabs(a) : std::fabs(a);
        }
      } else {
        const RingMeasure m = geodesicRing(lonLat->data(), n);  // geographic, undensified or small
        if (want & kArea) out.area += hole ? -std::fabs(m.signedArea) : std::fabs(m.signedArea);
        if (want & kPerimeter) out.length += m.perimeter;
      }
    }
  }

  // The ellipsoidal area of a ring of short edges (CGCS2000 degrees,
  // x = longitude), as the shoelace area in a Lambert azimuthal equal-area
  // plane centred on the ring's 0.25° cell. An equal-area map keeps every
  // area; only the edges differ: straight in that plane instead of
  // geodesics. Near the centre (ρ ≲ 100 km) the image of a geodesic bends by
  // about ρ / (4 R²) ≈ 6e-10 per metre, so a 100 m edge's lens is ~5e-5 m²
  // and lenses of opposite edges cancel: the result agrees with the
  // geodesic polygon of the same vertices to ~1e-11 (tests/core/
  // test_measure.cpp), at a quarter of the cost of a geodesic per edge. Both
  // stand in for the edges as drawn in the Gauss-Kruger plane (see the
  // header), which neither follows more closely than the other.
  double ringArea(const std::vector<double>& lonLat) {
    const size_t n = lonLat.size() / 2;
    if (n < 3) return 0;
    PJ* pj = equalAreaFor(lonLat[0], lonLat[1]);
    lonLatCopy.resize(lonLat.size());
    constexpr double kRadians = M_PI / 180;
    for (size_t i = 0; i < lonLat.size(); ++i) lonLatCopy[i] = lonLat[i] * kRadians;
    if (!transformInPlace(pj, lonLatCopy)) failTransform();
    return shoelace(lonLatCopy.data(), n);
  }

  PJ* equalAreaFor(double lon, double lat) {
    const double cellLon = std::floor(lon / kEqualAreaCellDegrees), cellLat = std::floor(lat / kEqualAreaCellDegrees);
    const int64_t key = (int64_t(cellLon) + 1000) * 100000 + (int64_t(cellLat) + 1000);
    auto& slot = equalArea[key];
    if (!slot) {
      const double lon0 = (cellLon + 0.5) * kEqualAreaCellDegrees, lat0 = (cellLat + 0.5) * kEqualAreaCellDegrees;
      const std::string definition = format("+proj=laea +lat_0=%.6f +lon_0=%.6f +x_0=0 +y_0=0 +a=%.1f +rf=298.257222101 +units=m", lat0,
                                            lon0, kCgcs2000A);
      slot.reset(proj_create(context.get(), definition.c_str()));
      if (!slot) throw Error(Error::Kind::Internal, "proj_create failed for " + definition);
    }
    return slot.get();
  }

  void accumulate(const GEOSGeometry* g, unsigned want, Measures& out) {
    GEOSContextHandle_t h = geos::ctx();
    switch (GEOSGeomTypeId_r(h, g)) {
      case GEOS_POLYGON: {
        if (GEOSisEmpty_r(h, g) == 1) return;
        Measures polygon;
        copyCoordinates(GEOSGetExteriorRing_r(h, g));
        measurePath(true, false, want, polygon);
        const int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; ++i) {
          copyCoordinates(GEOSGetInteriorRingN_r(h, g, i));
          measurePath(true, true, want, polygon);
        }
        // An invalid polygon whose holes outweigh its shell still has no
        // negative area.
        out.area += std::max(0.0, polygon.area);
        out.planarArea += std::max(0.0, polygon.planarArea);
        out.length += polygon.length;
        out.planarLength += polygon.planarLength;
        return;
      }
      case GEOS_LINESTRING:
      case GEOS_LINEARRING:
        copyCoordinates(g);
        measurePath(false, false, want, out);
        return;
      case GEOS_MULTIPOLYGON:
      case GEOS_MULTILINESTRING:
      case GEOS_GEOMETRYCOLLECTION: {
        const int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; ++i) accumulate(GEOSGetGeometryN_r(h, g, i), want, out);
        return;
      }
      default:  // points have neither area nor length
        return;
    }
  }

  Measures run(const GEOSGeometry* g, unsigned want) {
    Measures out;
    if (g) accumulate(g, want, out);
    return out;
  }
};

Measurer::Measurer(const CrsInfo& crs, MeasureOptions options) : impl_(std::make_unique<Impl>(crs, std::move(options))) {}
Measurer::Measurer(const Measurer& other) : impl_(std::make_unique<Impl>(other.impl_->crs, other.impl_->options)) {}
Measurer::Measurer(Measurer&& other) noexcept = default;
Measurer::~Measurer() = default;

double Measurer::area(const GEOSGeometry* g) { return impl_->run(g, kArea).area; }
double Measurer::length(const GEOSGeometry* g) { return impl_->run(g, kLineLength | kPerimeter).length; }
double Measurer::planarArea(const GEOSGeometry* g) { return impl_->run(g, kPlanar).planarArea; }
double Measurer::planarLength(const GEOSGeometry* g) { return impl_->run(g, kPlanar).planarLength; }
Measures Measurer::measure(const GEOSGeometry* g) { return measureWith(g, kEllipsoidal); }
Measures Measurer::measureAreas(const GEOSGeometry* g) { return measureWith(g, kArea | kLineLength); }

Measures Measurer::measureWith(const GEOSGeometry* g, unsigned want) {
  if (!impl_->planar.definition.empty()) return impl_->run(g, want | kPlanar);
  Measures out = impl_->run(g, want);
  out.planarArea = out.planarLength = std::nan("");
  return out;
}

const CrsInfo& Measurer::crs() const { return impl_->crs; }
const CrsInfo& Measurer::planarCrs() const { return impl_->planar; }
const MeasureOptions& Measurer::options() const { return impl_->options; }

Measurer& threadMeasurer(const CrsInfo& crs, const MeasureOptions& options) {
  thread_local std::unordered_map<std::string, std::unique_ptr<Measurer>> measurers;
  std::string key = crs.definition + '\n' + format("%.17g", options.densifyStep) + '\n' + options.planarCrs;
  if (crs.towgs84)
    for (double v : *crs.towgs84) key += format("\n%.17g", v);
  auto& slot = measurers[key];
  if (!slot) slot = std::make_unique<Measurer>(crs, options);
  return *slot;
}

CrsInfo planarCrsFor(const CrsInfo& crs, double longitude) {
  if (!crs.geographic) return crs;
  CrsInfo zone = crsFromUser(format("EPSG:%d", cgcs2000ZoneEpsgForLongitude(longitude)));
  zone.origin = CrsOrigin::Inferred;
  return zone;
}

}  // namespace sanxian
