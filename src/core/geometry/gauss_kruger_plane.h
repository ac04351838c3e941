// Areas and lengths as drawn, integrated in the Gauss-Kruger plane
// (internal to core/geometry's measuring; inline because the polynomial
// is evaluated per edge in the hot loop).
//
// A Transverse Mercator map is conformal: a small patch of the plane at
// (x, y) is k(x, y)² times its area on the ellipsoid (k: the point scale).
// So the ellipsoidal area of the region whose image is a plane polygon P —
// P "as drawn", the figure that densifying edges converges to — is
//   ∫∫_P 1/k² dx dy.
// 1/k² is smooth and varies by only ~x²/R² across a zone; over a few
// kilometres a quadratic in x and y through its values at 3 × 3 points is
// exact to ~1e-11 (the error is about 0.064 h³ |∂³(1/k²)| with h the half
// width, |∂³(1/k²)| ≈ 16 E / R⁴, E the distance from the central meridian:
// 1e-11 for h = 5 km, 1e-10 for h = 10 km at E = 150 km). Green's theorem
// turns the integral of that polynomial into a sum over the edges, which a
// 3-point Gauss-Legendre rule integrates exactly. No vertex is inverse-
// projected: a ring costs a few multiplications per edge instead of a
// densified transform (measured in tests/bench/bench_measure).
#pragma once

#include <GeographicLib/TransverseMercator.hpp>
#include <proj.h>

#include <cmath>
#include <optional>

#include "core/io/layer.h"

namespace sanxian::gauss_kruger {

// The Transverse Mercator of a CRS on the CGCS2000 ellipsoid in metres.
struct TransverseMercatorPlane {
  double lon0 = 0, k0 = 1, falseEasting = 0, falseNorthing = 0, northingOfOrigin = 0;
  std::optional<GeographicLib::TransverseMercator> projection;

  // 1/kᵖ at plane point (easting, northing): p = 2 for areas, 1 for lengths.
  double inverseScale(double easting, double northing, int power) const {
    double lat = 0, lon = 0, gamma = 0, k = 1;
    projection->Reverse(lon0, easting - falseEasting, northing - falseNorthing + northingOfOrigin, lat, lon, gamma, k);
    return power == 2 ? 1 / (k * k) : 1 / k;
  }
};

// The Transverse Mercator parameters when `crs` is a projected CRS with
// that method (EPSG method 9807: every Gauss-Kruger zone) on the CGCS2000
// datum with metre axes; nothing otherwise (other projections keep the
// densified path).
std::optional<TransverseMercatorPlane> transverseMercatorOf(PJ_CONTEXT* context, const CrsInfo& crs);

// 3-point Gauss-Legendre on [0, 1]: exact for polynomials of degree ≤ 5.
constexpr double kGaussNode = 0.3872983346207417;  // √(3/5) / 2
constexpr double kNodes[3] = {0.5 - kGaussNode, 0.5, 0.5 + kGaussNode};
constexpr double kWeights[3] = {5.0 / 18, 8.0 / 18, 5.0 / 18};

// 1/kᵖ near (cx, cy) as Σ c[i][j] sᶦ tʲ with s = (x - cx) / h, t = (y - cy) / h,
// through its values at the 3 × 3 points cx + {-h, 0, h}, cy + {-h, 0, h}.
// With p = 2 it integrates areas; with p = 1 lengths: a plane edge's length on
// the ellipsoid is ∫ 1/k ds along it (the same argument, one dimension down).
struct InverseScalePolynomial {
  double cx = 0, cy = 0, h = 1;
  double c[3][3] = {};

  InverseScalePolynomial() = default;
  InverseScalePolynomial(const TransverseMercatorPlane& plane, double centreX, double centreY, double halfWidth, int power)
      : cx(centreX), cy(centreY), h(halfWidth) {
    double f[3][3];  // f[a][b] at s = a - 1, t = b - 1
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) f[a][b] = plane.inverseScale(cx + (a - 1) * h, cy + (b - 1) * h, power);
    // Values at -1, 0, 1 to coefficients of 1, u, u², along s, then along t.
    auto toCoefficients = [](double minus, double zero, double plus, double out[3]) {
      out[0] = zero;
      out[1] = (plus - minus) / 2;
      out[2] = (plus + minus) / 2 - zero;
    };
    double alongS[3][3];  // alongS[i][b]: coefficient of sᶦ at t = b - 1
    for (int b = 0; b < 3; ++b) {
      double out[3];
      toCoefficients(f[0][b], f[1][b], f[2][b], out);
      for (int i = 0; i < 3; ++i) alongS[i][b] = out[i];
    }
    for (int i = 0; i < 3; ++i) toCoefficients(alongS[i][0], alongS[i][1], alongS[i][2], c[i]);
  }

  // ∫∫ of the polynomial over the ring (x y pairs, closed implicitly),
  // signed: counter-clockwise positive. By Green, ∮ P dt with
  // P = Σ c[i][j] sᶦ⁺¹ / (i + 1) tʲ, of degree ≤ 5 along an edge: exact
  // with 3 Gauss-Legendre points.
  double integrate(const double* xy, size_t n) const {
    if (n < 3) return 0;
    const double scale = 1 / h;
    // The constant term is the shoelace area; only the rest goes through
    // the quadrature, so the figure keeps its digits.
    double shoelaceSum = 0, rest = 0;
    double s0 = (xy[0] - cx) * scale, t0 = (xy[1] - cy) * scale;
    for (size_t k = 1; k <= n; ++k) {
      const size_t next = k == n ? 0 : k;
      const double s1 = (xy[2 * next] - cx) * scale, t1 = (xy[2 * next + 1] - cy) * scale;
      shoelaceSum += s0 * t1 - s1 * t0;
      const double dt = t1 - t0;
      if (dt != 0) {
        double along = 0;
        for (int g = 0; g < 3; ++g) {
          const double s = s0 + kNodes[g] * (s1 - s0), t = t0 + kNodes[g] * (t1 - t0);
          const double s2 = s * s;
          // Σ_j tʲ Σ_i c[i][j] sᶦ⁺¹/(i+1), without the constant c[0][0] s.
          const double q0 = s * (c[1][0] * s / 2 + c[2][0] * s2 / 3);
          const double q1 = s * (c[0][1] + c[1][1] * s / 2 + c[2][1] * s2 / 3);
          const double q2 = s * (c[0][2] + c[1][2] * s / 2 + c[2][2] * s2 / 3);
          along += kWeights[g] * (q0 + t * (q1 + t * q2));
        }
        rest += along * dt;
      }
      s0 = s1;
      t0 = t1;
    }
    return h * h * (c[0][0] * shoelaceSum / 2 + rest);
  }

  // ∫ of the polynomial along the straight plane segment (x0, y0)–(x1, y1):
  // of degree ≤ 4 along it, exact with 3 Gauss-Legendre points.
  double alongSegment(double x0, double y0, double x1, double y1) const {
    const double scale = 1 / h;
    const double s0 = (x0 - cx) * scale, t0 = (y0 - cy) * scale, ds = (x1 - x0) * scale, dt = (y1 - y0) * scale;
    double mean = 0;
    for (int g = 0; g < 3; ++g) {
      const double s = s0 + kNodes[g] * ds, t = t0 + kNodes[g] * dt;
      const double r0 = c[0][0] + s * (c[1][0] + s * c[2][0]);
      const double r1 = c[0][1] + s * (c[1][1] + s * c[2][1]);
      const double r2 = c[0][2] + s * (c[1][2] + s * c[2][2]);
      mean += kWeights[g] * (r0 + t * (r1 + t * r2));
    }
    const double dx = x1 - x0, dy = y1 - y0;
    return mean * std::sqrt(dx * dx + dy * dy);
  }
};

}  // namespace sanxian::gauss_kruger
