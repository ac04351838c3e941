#include "core/geometry/measure.h"

#include <geodesic.h>
#include <ogr_spatialref.h>
#include <proj.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/geometry/gauss_kruger_plane.h"
#include "core/io/crs.h"

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

namespace {

RingMeasure ringOn(const geod_geodesic& g, const double* lonLat, size_t count) {
  if (count > 1 && lonLat[0] == lonLat[2 * count - 2] && lonLat[1] == lonLat[2 * count - 1]) --count;
  RingMeasure out;
  if (count < 2) return out;
  geod_polygon polygon;
  geod_polygon_init(&polygon, 0);
  for (size_t i = 0; i < count; ++i) geod_polygon_addpoint(&g, &polygon, lonLat[2 * i + 1], lonLat[2 * i]);
  // sign = 1: counter-clockwise positive, clockwise negative (not the
  // complement on the ellipsoid), so holes and shells both come out small.
  geod_polygon_compute(&g, &polygon, 0, 1, &out.signedArea, &out.perimeter);
  return out;
}

}  // namespace

RingMeasure geodesicRing(const double* lonLat, size_t count) { return ringOn(cgcs2000Ellipsoid(), lonLat, count); }

namespace {

double geodesicLine(const geod_geodesic& g, const double* lonLat, size_t count) {
  if (count < 2) return 0;
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

using gauss_kruger::InverseScalePolynomial;
using gauss_kruger::TransverseMercatorPlane;
using gauss_kruger::transverseMercatorOf;

// Rings whose bounding box fits in a cell of this size (metres) share the
// cell's polynomial; larger ones up to kMaxPlaneIntegralWidth get their own;
// larger still go the densified way (the quadratic would no longer hold to
// 1e-10).
constexpr double kScaleCellWidth = 5000;
constexpr double kMaxPlaneIntegralWidth = 20000;

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
  // Set for CGCS2000 Transverse Mercator input with densifying on: ring
  // areas are then integrated in the plane (see TransverseMercatorPlane),
  // with one polynomial per kScaleCellWidth cell.
  std::optional<TransverseMercatorPlane> gaussKruger;
  std::unordered_map<int64_t, InverseScalePolynomial> areaCells, lengthCells;
  // Metres per unit of the input CRS and of the planar CRS (a foot or US
  // survey foot CRS has coordinates in feet): planar figures and the
  // densify step are converted with them, so that all figures are metres.
  double inputMetres = 1, planarMetres = 1, planarSquareMetres = 1;
  double densifyStepInUnits = 0;
  // Scratch buffers reused between calls: measuring millions of small
  // pieces must not allocate for each.
  std::vector<double> coords, dense, plane, lonLatCopy;
  bool planarFailed = false;  // this geometry could not be put in the planar CRS
  // The ellipsoid measured on: CGCS2000's, or the layer's own datum's when
  // that is another ellipsoid and no user parameters bring it to CGCS2000
  // (NAD27 on Clarke 1866); see ownEllipsoid().
  geod_geodesic ellipsoid = cgcs2000Ellipsoid();
  double ellipsoidA = kCgcs2000A, ellipsoidF = kCgcs2000F;
  std::string ellipsoidName = "CGCS2000";

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
    if (densify) {
      inputMetres = linearUnitMetres(crs);
      if (!(inputMetres > 0))
        throwInput(format(tr("无法确定坐标系 %s 的长度单位，不能计算面积", "the linear unit of %s is unknown; areas cannot be measured"), crs.name.c_str()));
      densifyStepInUnits = options.densifyStep / inputMetres;
    }
    context.reset(proj_context_create());
    if (!context) throw Error(Error::Kind::Internal, "proj_context_create failed");
    const std::string from = projDefinition(crs);
    if (densify) gaussKruger = transverseMercatorOf(context.get(), crs);
    if (const auto own = ownEllipsoid()) {
      // Measured where it was surveyed: its own geographic CRS, no datum shift.
      ellipsoidA = own->a;
      ellipsoidF = own->f;
      ellipsoidName = own->name;
      geod_init(&ellipsoid, ellipsoidA, ellipsoidF);
      if (!crs.geographic) toDegrees = transformation(from, own->geographicDefinition, own->name);
    } else {
      const bool alreadyDegrees = crs.geographic && crs.datum == Datum::CGCS2000 && !crs.towgs84;
      if (!alreadyDegrees) toDegrees = transformation(from, "EPSG:4490", "CGCS2000 (EPSG:4490)");
    }

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
    if (!planar.definition.empty()) {
      planarMetres = linearUnitMetres(planar);
      if (!(planarMetres > 0))
        throwInput(format(tr("无法确定平面坐标系 %s 的长度单位，不能计算平面面积", "the linear unit of the planar CRS %s is unknown; planar figures cannot be measured"),
                          planar.name.c_str()));
      planar.metresPerUnit = planarMetres;
      planarSquareMetres = planarMetres * planarMetres;
    }
  }

  struct OwnEllipsoid {
    double a, f;
    std::string name, geographicDefinition;
  };
  // The layer's own ellipsoid when its datum is on another one than
  // CGCS2000's (GRS80 and WGS 84 differ from it by less than 1e-10 in
  // area, and are measured on it as ever) and no seven parameters take it
  // to CGCS2000: Xian 1980 and Beijing 1954 are refused before this.
  std::optional<OwnEllipsoid> ownEllipsoid() const {
    if (crs.towgs84 || crs.datum == Datum::CGCS2000 || crs.datum == Datum::WGS84) return std::nullopt;
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(crs.definition.c_str()) != OGRERR_NONE) return std::nullopt;
    OGRErr error = OGRERR_NONE;
    const double a = srs.GetSemiMajor(&error), rf = srs.GetInvFlattening(&error);
    if (error != OGRERR_NONE || !(a > 0) || (std::fabs(a - kCgcs2000A) < 1e-3 && std::fabs(rf - 1 / kCgcs2000F) < 1e-5)) return std::nullopt;
    std::unique_ptr<OGRSpatialReference> geographic(srs.CloneGeogCS());
    if (!geographic) return std::nullopt;
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    geographic->exportToWkt(&wkt, options);
    OwnEllipsoid own{a, rf > 0 ? 1 / rf : 0, "", wkt ? wkt : ""};
    CPLFree(wkt);
    const char* ellipsoidName = srs.GetAttrValue("SPHEROID");
    own.name = ellipsoidName ? ellipsoidName : format("a = %.3f m, 1/f = %.9f", a, rf);
    return own;
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
    const double step = densifyStepInUnits;
    dense.clear();
    if (n == 0) return;
    dense.reserve(coords.size());
    // The same for a whole ring or line: ten million steps (a million
    // kilometres at 100 m) is no outline on the Earth. Many edges each just
    // under a million steps (a repair of broken input can make them) filled
    // 16 GB before one was refused (found by fuzz_shapefile).
    constexpr double kMostSteps = 1e7;
    double steps = 0;
    for (size_t i = 0; i + 1 < n; ++i) {
      const double x0 = coords[2 * i], y0 = coords[2 * i + 1];
      const double dx = coords[2 * i + 2] - x0, dy = coords[2 * i + 3] - y0;
      dense.push_back(x0);
      dense.push_back(y0);
      const double d = std::sqrt(dx * dx + dy * dy);
      // An edge of more than a million steps (100 000 km at 100 m) is no edge
      // on the Earth: broken coordinates, refused before they allocate gigabytes.
      if (!(d / step < 1e6))
        throwInput(format(tr("坐标超出范围：一条边长 %g（%s 的单位），无法计算面积", "coordinates out of range: an edge of %g (units of %s); areas cannot be measured"),
                          d, crs.name.c_str()));
      steps += d / step;
      if (!(steps < kMostSteps))
        throwInput(format(tr("坐标超出范围：一条边界或线长逾 %g（%s 的单位），无法计算面积", "coordinates out of range: an outline or line longer than %g (units of %s); areas cannot be measured"),
                          kMostSteps * step, crs.name.c_str()));
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

  // The area as drawn of the ring in `coords`, signed, integrated in the
  // Gauss-Kruger plane; nothing when the ring is too wide for it.
  std::optional<double> planeIntegralArea() {
    const size_t n = coords.size() / 2;
    double minX = HUGE_VAL, minY = HUGE_VAL, maxX = -HUGE_VAL, maxY = -HUGE_VAL;
    for (size_t i = 0; i < n; ++i) {
      minX = std::min(minX, coords[2 * i]);
      maxX = std::max(maxX, coords[2 * i]);
      minY = std::min(minY, coords[2 * i + 1]);
      maxY = std::max(maxY, coords[2 * i + 1]);
    }
    const double width = std::max(maxX - minX, maxY - minY);
    if (!(width <= kMaxPlaneIntegralWidth)) return std::nullopt;  // also NaN coordinates
    if (!(std::fabs(minX) < 1e9 && std::fabs(maxX) < 1e9 && std::fabs(minY) < 1e9 && std::fabs(maxY) < 1e9)) return std::nullopt;
    const double midX = (minX + maxX) / 2, midY = (minY + maxY) / 2;
    if (width > kScaleCellWidth) return InverseScalePolynomial(*gaussKruger, midX, midY, width / 2, 2).integrate(coords.data(), n);
    // The ring lies within kScaleCellWidth of its cell's centre, inside the
    // cell polynomial's 3 × 3 points.
    return cellPolynomial(areaCells, midX, midY, 2).integrate(coords.data(), n);
  }

  // The kScaleCellWidth cell holding (x, y), as one number.
  static int64_t cellKey(double x, double y) {
    const int64_t cellX = int64_t(std::floor(x / kScaleCellWidth)), cellY = int64_t(std::floor(y / kScaleCellWidth));
    return ((cellX + (1 << 20)) << 32) | (cellY + (1 << 20));
  }

  // The polynomial of 1/kᵖ for the kScaleCellWidth cell holding (x, y).
  const InverseScalePolynomial& cellPolynomial(std::unordered_map<int64_t, InverseScalePolynomial>& cells, double x, double y,
                                               int power) {
    const int64_t key = cellKey(x, y);
    auto it = cells.find(key);
    if (it == cells.end())
      it = cells
               .emplace(key, InverseScalePolynomial(*gaussKruger, (std::floor(x / kScaleCellWidth) + 0.5) * kScaleCellWidth,
                                                    (std::floor(y / kScaleCellWidth) + 0.5) * kScaleCellWidth, kScaleCellWidth, power))
               .first;
    return it->second;
  }

  // The length as drawn of the line or ring in `coords`, integrated along
  // its plane edges. Each edge is cut into parts of at most kScaleCellWidth,
  // so that every part lies within kScaleCellWidth of the centre of the cell
  // holding its midpoint.
  std::optional<double> planeIntegralLength() {
    const size_t n = coords.size() / 2;
    // Coordinates no Gauss-Kruger plane holds (NaN, 1e300), or a line wider
    // than the integration covers, go to the projection path, which reports
    // them: cell keys would overflow, and a long edge would fill millions of cells.
    double minX = HUGE_VAL, minY = HUGE_VAL, maxX = -HUGE_VAL, maxY = -HUGE_VAL;
    for (size_t i = 0; i < n; ++i) {
      const double x = coords[2 * i], y = coords[2 * i + 1];
      if (!(std::fabs(x) < 1e9 && std::fabs(y) < 1e9)) return std::nullopt;
      minX = std::min(minX, x);
      maxX = std::max(maxX, x);
      minY = std::min(minY, y);
      maxY = std::max(maxY, y);
    }
    // 2 000 km: far beyond any Gauss-Kruger zone's use, and at most 400 cells an edge.
    if (n > 0 && !(std::max(maxX - minX, maxY - minY) <= 2e6)) return std::nullopt;
    double length = 0;
    const InverseScalePolynomial* last = nullptr;
    int64_t lastKey = 0;
    for (size_t i = 0; i + 1 < n; ++i) {
      const double x0 = coords[2 * i], y0 = coords[2 * i + 1], x1 = coords[2 * i + 2], y1 = coords[2 * i + 3];
      const double d = std::hypot(x1 - x0, y1 - y0);
      const size_t parts = d > kScaleCellWidth ? static_cast<size_t>(std::ceil(d / kScaleCellWidth)) : 1;
      for (size_t k = 0; k < parts; ++k) {
        const double a = double(k) / double(parts), b = double(k + 1) / double(parts);
        const double ax = x0 + a * (x1 - x0), ay = y0 + a * (y1 - y0);
        const double bx = k + 1 == parts ? x1 : x0 + b * (x1 - x0), by = k + 1 == parts ? y1 : y0 + b * (y1 - y0);
        const double mx = (ax + bx) / 2, my = (ay + by) / 2;
        const int64_t key = cellKey(mx, my);
        if (!last || key != lastKey) {  // consecutive edges mostly share a cell
          last = &cellPolynomial(lengthCells, mx, my, 1);
          lastKey = key;
        }
        length += last->alongSegment(ax, ay, bx, by);
      }
    }
    return length;
  }

  // Measures one ring (ring = true) or line; `coords` holds its vertices.
  void measurePath(bool ring, bool hole, unsigned want, Measures& out) {
    if (gaussKruger) {
      if (ring && (want & kArea)) {
        if (const std::optional<double> a = planeIntegralArea()) {
          out.area += hole ? -std::fabs(*a) : std::fabs(*a);
          want &= ~kArea;
        }
      }
      const unsigned lengthWanted = ring ? kPerimeter : kLineLength;
      if (want & lengthWanted) {
        if (const std::optional<double> length = planeIntegralLength()) {
          out.length += *length;
          want &= ~lengthWanted;
        }
      }
    }
    if (want & kPlanar) {
      requirePlanar();
      const std::vector<double>* xy = &coords;
      if (toPlanar) {
        plane = coords;
        // Outside what the planar CRS covers: no planar figures for this
        // geometry (see run), its ellipsoidal ones still measured.
        if (!transformInPlace(toPlanar.get(), plane)) planarFailed = true;
        xy = &plane;
      }
      double signedArea = 0, length = 0;
      if (!planarFailed) planarRing(*xy, ring, signedArea, length);
      signedArea *= planarSquareMetres;  // CRS units → m (exact for metre CRSs)
      length *= planarMetres;
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
        out.length += geodesicLine(ellipsoid, lonLat->data(), n);
        return;
      }
      if (densify && std::fabs(shoelace(coords.data(), coords.size() / 2)) * inputMetres * inputMetres >= kEqualAreaMinRingArea) {
        // Edges of at most densifyStep: measured in an equal-area plane (see ringArea).
        if (want & kPerimeter) out.length += ringOn(ellipsoid, lonLat->data(), n).perimeter;
        if (want & kArea) {
          const double a = ringArea(*lonLat);
          out.area += hole ? -std::fabs(a) : std::fabs(a);
        }
      } else {
        const RingMeasure m = ringOn(ellipsoid, lonLat->data(), n);  // geographic, undensified or small
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
      const std::string definition = format("+proj=laea +lat_0=%.6f +lon_0=%.6f +x_0=0 +y_0=0 +a=%.17g +rf=%.17g +units=m", lat0, lon0,
                                            ellipsoidA, 1 / ellipsoidF);
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
    planarFailed = false;
    if (g) accumulate(g, want, out);
    if (planarFailed) out.planarArea = out.planarLength = std::nan("");
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
bool Measurer::integratesAreasInPlane() const { return impl_->gaussKruger.has_value(); }
Measurer::Ellipsoid Measurer::ellipsoid() const { return {impl_->ellipsoidName, impl_->ellipsoidA, impl_->ellipsoidF}; }

Measurer& threadMeasurer(const CrsInfo& crs, const MeasureOptions& options) {
  thread_local std::unordered_map<std::string, std::unique_ptr<Measurer>> measurers;
  // Everything build() reads: one definition described twice (a CrsInfo made
  // by hand without its datum) must not get the other's Measurer.
  std::string key = format("%s\n%d\n%d\n%d\n%.17g\n%.17g\n%s", crs.definition.c_str(), crs.epsg, static_cast<int>(crs.datum),
                           crs.geographic ? 1 : 0, crs.metresPerUnit, options.densifyStep, options.planarCrs.c_str());
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
