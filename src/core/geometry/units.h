// Area units as Chinese reports use them — m², hectares (公顷), mu (亩) and
// km² — and the 面积平差 adjustment that makes rounded parts add up to
// their rounded total. Areas are carried in m² at full precision; rounding
// happens only here, when a report is written.
#pragma once

#include <cmath>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sanxian {

enum class AreaUnit { SquareMetre, Hectare, Mu, SquareKilometre };

constexpr double kSquareMetresPerHectare = 10000.0;
constexpr double kSquareMetresPerMu = 10000.0 / 15.0;  // 1 亩 = 1/15 公顷
constexpr double kSquareMetresPerSquareKilometre = 1e6;

// m² → unit and back. Mu is computed as m² · 15 / 10000 (not · 0.0015,
// which is not exact in binary).
double fromSquareMetres(double m2, AreaUnit unit);
double toSquareMetres(double value, AreaUnit unit);
inline double hectares(double m2) { return m2 / kSquareMetresPerHectare; }
inline double mu(double m2) { return m2 * 15.0 / 10000.0; }
inline double squareKilometres(double m2) { return m2 / kSquareMetresPerSquareKilometre; }

// The unit's symbol in the user's language: 平方米 / m², 公顷 / ha, 亩 / mu,
// 平方千米 / km².
const char* unitSymbol(AreaUnit unit);
// The snake_case key suffix used in JSON and tables: m2, ha, mu, km2.
const char* unitKey(AreaUnit unit);
// Reads "m2", "ha", "mu", "km2" and their Chinese names (平方米, 公顷, 亩,
// 平方千米); nullopt when unknown.
std::optional<AreaUnit> parseAreaUnit(const std::string& text);

// Neumaier's compensated sum: totals over 100 000 features keep the
// precision of each feature's figure whatever the order of magnitude, and
// do not depend on the order of adding as much as a plain sum does.
class CompensatedSum {
public:
  void add(double v) {
    const double t = sum_ + v;
    compensation_ += std::fabs(sum_) >= std::fabs(v) ? (sum_ - t) + v : (v - t) + sum_;
    sum_ = t;
  }
  double value() const { return sum_ + compensation_; }

private:
  double sum_ = 0, compensation_ = 0;
};

// A value rounded to `decimals`, held exactly as an integer count of
// 10^-decimals steps so that sums and printing are exact.
struct RoundedValue {
  int64_t steps = 0;
  int decimals = 0;
  double value() const;
  std::string text() const;  // "12.30" for steps 1230, decimals 2
};

// Rounds half away from zero, as spreadsheets and staff do.
RoundedValue roundTo(double value, int decimals);

// 面积平差: rounded parts that add up exactly to the rounded total.
struct AdjustedParts {
  std::vector<RoundedValue> parts;  // same order as the input
  RoundedValue total;               // the sum of the values, rounded
  // True when at least one part differs from its own plain rounding — the
  // report must then say that 面积平差 was applied.
  bool adjusted = false;
  std::vector<size_t> changed;      // indices of the parts that differ, ascending
};

// The largest-remainder method: each part is first rounded down to
// `decimals`; the steps still missing to the rounded total (never more than
// the number of parts) go one each to the parts with the largest
// remainders. Remainders equal to a millionth of a step tie; a tie goes to
// the larger part, then to the earlier one, so the result is
// deterministic. When plain rounding already adds up, it is what is
// returned. Meant for areas (not negative); `decimals` is 0 to 9.
AdjustedParts adjustParts(const std::vector<double>& values, int decimals);

}  // namespace sanxian
