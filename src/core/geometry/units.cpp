#include "core/geometry/units.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/base/error.h"
#include "core/base/text.h"

namespace sanxian {
namespace {

double scale(int decimals) {
  if (decimals < 0 || decimals > 9) throw Error(Error::Kind::Internal, format("decimals out of range: %d", decimals));
  static const double powers[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
  return powers[decimals];
}

}  // namespace

double fromSquareMetres(double m2, AreaUnit unit) {
  switch (unit) {
    case AreaUnit::SquareMetre: return m2;
    case AreaUnit::Hectare: return hectares(m2);
    case AreaUnit::Mu: return mu(m2);
    case AreaUnit::SquareKilometre: return squareKilometres(m2);
  }
  return m2;
}

double toSquareMetres(double value, AreaUnit unit) {
  switch (unit) {
    case AreaUnit::SquareMetre: return value;
    case AreaUnit::Hectare: return value * kSquareMetresPerHectare;
    case AreaUnit::Mu: return value * 10000.0 / 15.0;
    case AreaUnit::SquareKilometre: return value * kSquareMetresPerSquareKilometre;
  }
  return value;
}

const char* unitSymbol(AreaUnit unit) {
  switch (unit) {
    case AreaUnit::SquareMetre: return tr("平方米", "m²");
    case AreaUnit::Hectare: return tr("公顷", "ha");
    case AreaUnit::Mu: return tr("亩", "mu");
    case AreaUnit::SquareKilometre: return tr("平方千米", "km²");
  }
  return "";
}

const char* unitKey(AreaUnit unit) {
  switch (unit) {
    case AreaUnit::SquareMetre: return "m2";
    case AreaUnit::Hectare: return "ha";
    case AreaUnit::Mu: return "mu";
    case AreaUnit::SquareKilometre: return "km2";
  }
  return "";
}

std::optional<AreaUnit> parseAreaUnit(const std::string& text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "m2" || t == "m²" || t == "sqm" || t == "平方米") return AreaUnit::SquareMetre;
  if (t == "ha" || t == "hectare" || t == "hectares" || t == "公顷") return AreaUnit::Hectare;
  if (t == "mu" || t == "亩") return AreaUnit::Mu;
  if (t == "km2" || t == "km²" || t == "平方千米" || t == "平方公里") return AreaUnit::SquareKilometre;
  return std::nullopt;
}

double RoundedValue::value() const { return double(steps) / scale(decimals); }

std::string RoundedValue::text() const {
  const int64_t unit = static_cast<int64_t>(scale(decimals));
  const uint64_t magnitude = steps < 0 ? uint64_t(0) - uint64_t(steps) : uint64_t(steps);
  std::string out = steps < 0 ? "-" : "";
  out += std::to_string(magnitude / uint64_t(unit));
  if (decimals > 0) out += format(".%0*llu", decimals, static_cast<unsigned long long>(magnitude % uint64_t(unit)));
  return out;
}

RoundedValue roundTo(double value, int decimals) {
  const double scaled = value * scale(decimals);
  // No float-to-integer conversion outside int64 (undefined, and printed
  // −922337203685477.5808 ha for a 1e300 coordinate): such a figure comes
  // from broken coordinates and is an input error, not a number.
  if (!std::isfinite(scaled) || std::fabs(scaled) >= 9.2e18)
    throwInput(format(tr("数值 %g 无法表示（坐标异常或超出范围？）", "the figure %g cannot be represented (broken or out-of-range coordinates?)"), value));
  return {static_cast<int64_t>(std::llround(scaled)), decimals};
}

AdjustedParts adjustParts(const std::vector<double>& values, int decimals) {
  const double factor = scale(decimals);
  AdjustedParts out;
  // The total at full precision, compensated so that thousands of parts
  // add up as exactly as one sum of them would.
  double sum = 0, compensation = 0;
  for (double v : values) {
    const double t = sum + v;
    compensation += std::fabs(sum) >= std::fabs(v) ? (sum - t) + v : (v - t) + sum;
    sum = t;
  }
  out.total = roundTo(sum + compensation, decimals);

  std::vector<double> remainder(values.size());
  int64_t floorSum = 0;
  out.parts.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const double scaled = values[i] * factor;
    if (!std::isfinite(scaled) || std::fabs(scaled) >= 9.2e18) roundTo(values[i], decimals);  // throws, naming the figure
    const double down = std::floor(scaled);
    out.parts[i] = {static_cast<int64_t>(down), decimals};
    remainder[i] = scaled - down;
    floorSum += out.parts[i].steps;
  }
  // round(Σv) − Σfloor(v) lies in [0, n]: each part gains at most one step.
  const int64_t missing = std::clamp<int64_t>(out.total.steps - floorSum, 0, int64_t(values.size()));
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t(0));
  // Remainders are compared in millionths of a step: 10.004 and 20.004
  // hectares both leave 0.4 of a step, though not in the last binary
  // digits, and must count as a tie. Ties go to the larger part (the
  // adjustment is relatively smallest there), then to the earlier one.
  std::vector<int64_t> quantized(values.size());
  for (size_t i = 0; i < values.size(); ++i) quantized[i] = std::llround(remainder[i] * 1e6);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (quantized[a] != quantized[b]) return quantized[a] > quantized[b];
    if (values[a] != values[b]) return std::fabs(values[a]) > std::fabs(values[b]);
    return a < b;
  });
  for (int64_t k = 0; k < missing; ++k) ++out.parts[order[size_t(k)]].steps;

  for (size_t i = 0; i < values.size(); ++i)
    if (out.parts[i].steps != roundTo(values[i], decimals).steps) out.changed.push_back(i);
  out.adjusted = !out.changed.empty();
  return out;
}

}  // namespace sanxian
