#include "core/geometry/gauss_kruger_plane.h"

#include <memory>
#include <string>

#include "core/geometry/measure.h"
#include "core/io/crs.h"

namespace sanxian::gauss_kruger {
namespace {

struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

}  // namespace

// The Transverse Mercator parameters when `crs` is a projected CRS with
// that method (EPSG method 9807: every Gauss-Kruger zone) on the CGCS2000
// datum with metre axes; nothing otherwise (other projections keep the
// densified path).
std::optional<TransverseMercatorPlane> transverseMercatorOf(PJ_CONTEXT* context, const CrsInfo& crs) {
  if (crs.geographic || crs.datum != Datum::CGCS2000 || crs.towgs84) return std::nullopt;
  PjPtr object(proj_create(context, crs.definition.c_str()));
  if (!object || proj_get_type(object.get()) != PJ_TYPE_PROJECTED_CRS) return std::nullopt;
  PjPtr operation(proj_crs_get_coordoperation(context, object.get()));
  const char* methodCode = nullptr;
  if (!operation || !proj_coordoperation_get_method_info(context, operation.get(), nullptr, nullptr, &methodCode) || !methodCode ||
      std::string(methodCode) != "9807")
    return std::nullopt;
  PjPtr system(proj_crs_get_coordinate_system(context, object.get()));
  if (!system || proj_cs_get_axis_count(context, system.get()) != 2) return std::nullopt;
  for (int axis = 0; axis < 2; ++axis) {
    double toMetres = 0;
    if (!proj_cs_get_axis_info(context, system.get(), axis, nullptr, nullptr, nullptr, &toMetres, nullptr, nullptr, nullptr) ||
        toMetres != 1.0)
      return std::nullopt;
  }
  PjPtr ellipsoid(proj_get_ellipsoid(context, object.get()));
  double a = 0, b = 0, inverseFlattening = 0;
  int computed = 0;
  if (!ellipsoid || !proj_ellipsoid_get_parameters(context, ellipsoid.get(), &a, &b, &computed, &inverseFlattening) ||
      std::fabs(a - kCgcs2000A) > 1e-6 || std::fabs(inverseFlattening - 1 / kCgcs2000F) > 1e-9)
    return std::nullopt;

  TransverseMercatorPlane plane;
  double lat0 = 0;
  const int count = proj_coordoperation_get_param_count(context, operation.get());
  int found = 0;
  for (int i = 0; i < count; ++i) {
    const char* code = nullptr;
    double value = 0, toSi = 1;
    if (!proj_coordoperation_get_param(context, operation.get(), i, nullptr, nullptr, &code, &value, nullptr, &toSi, nullptr,
                                       nullptr, nullptr, nullptr) ||
        !code)
      return std::nullopt;
    const std::string c = code;
    constexpr double kDegrees = 180 / M_PI;
    if (c == "8801") lat0 = value * toSi * kDegrees, ++found;
    else if (c == "8802") plane.lon0 = value * toSi * kDegrees, ++found;
    else if (c == "8805") plane.k0 = value * toSi, ++found;
    else if (c == "8806") plane.falseEasting = value * toSi, ++found;
    else if (c == "8807") plane.falseNorthing = value * toSi, ++found;
  }
  if (found != 5) return std::nullopt;
  plane.projection.emplace(kCgcs2000A, kCgcs2000F, plane.k0);
  if (lat0 != 0) {
    double x = 0, gamma = 0, k = 1;
    plane.projection->Forward(plane.lon0, lat0, plane.lon0, x, plane.northingOfOrigin, gamma, k);
  }
  return plane;
}

}  // namespace sanxian::gauss_kruger
