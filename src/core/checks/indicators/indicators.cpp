#include "core/checks/indicators/indicators.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdlib>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/checks/rules.h"
#include "core/checks/shoreline/shoreline.h"
#include "core/geometry/measure.h"
#include "core/geometry/overlay.h"
#include "core/geometry/townships.h"
#include "core/geometry/units.h"

namespace sanxian {
namespace {

// Sums per accounting unit: the townships in the boundary layer's order, or
// the one county when there is no boundary; what lies outside every township
// apart.
struct UnitSums {
  std::vector<double> n, d;
  double nOutside = 0, dOutside = 0;
  std::string reason;  // not computable: why
  size_t missingValues = 0;
  bool fractionValues = false;
};

// The county's figure: the townships' sum.
double total(const std::vector<double>& byUnit) {
  double s = 0;
  for (double x : byUnit) s += x;
  return s;
}

// The accounting units and how a geometry is split among them.
class Units {
public:
  Units(const Layer* boundary, const CrsInfo& crs) : crs_(crs) {
    if (!boundary) return;
    townships_.emplace(*boundary);
    for (size_t i = 0; i < boundary->features.size(); ++i) indexOfFid_[boundary->features[i].fid] = i;
    count_ = boundary->features.size();
  }
  size_t count() const { return count_; }

  // The unit of a township FID (Townships' placements, the shoreline's
  // segments): SIZE_MAX outside every township, 0 without townships.
  size_t unitOf(int64_t townshipFid) const {
    if (!townships_) return 0;
    const auto it = indexOfFid_.find(townshipFid);
    return it == indexOfFid_.end() ? SIZE_MAX : it->second;
  }

  // The parts of `g` by unit index; SIZE_MAX for the part outside every township.
  std::vector<std::pair<size_t, geos::GeomPtr>> split(const GEOSGeometry* g) const {
    std::vector<std::pair<size_t, geos::GeomPtr>> parts;
    if (!townships_) {
      parts.emplace_back(0, geos::clone(g));
      return parts;
    }
    for (Townships::Part& p : townships_->split(g)) parts.emplace_back(unitOf(p.township.fid), std::move(p.geometry));
    return parts;
  }
  const CrsInfo& crs() const { return crs_; }

private:
  CrsInfo crs_;
  std::optional<Townships> townships_;
  std::map<int64_t, size_t> indexOfFid_;
  size_t count_ = 1;
};

// A term's layer, or why there is none.
const Layer* termLayer(const IndicatorTerm& term, const IndicatorLayers& layers, std::string& reason) {
  const Layer* layer = layers.find(term.role);
  if (!layer)
    reason = format(tr("没有角色为 %s 的图层（在检查的 layers: 中指定）", "no layer of role %s (bind one in the check's layers:)"), term.role.c_str());
  return layer;
}

// The features of a layer that a term accepts.
std::vector<const Feature*> accepted(const Layer& layer, const IndicatorTerm& term, const RoleCatalog& roles) {
  const RoleDef* role = roles.find(layer.role());
  std::vector<const Feature*> out;
  for (const Feature& f : layer.features)
    if (f.geometry && (term.where.empty() || accepts(term.where, RuleSubject{&layer, &f, role}))) out.push_back(&f);
  return out;
}

// The ellipsoidal area of the union of every feature the terms accept, per unit.
UnitSums unionAreas(const std::vector<IndicatorTerm>& terms, const IndicatorLayers& layers, const Units& units, const RoleCatalog& roles) {
  UnitSums sums;
  sums.n.assign(units.count(), 0.0);
  std::vector<const Feature*> features;
  for (const IndicatorTerm& term : terms) {
    const Layer* layer = termLayer(term, layers, sums.reason);
    if (!layer) {
      // forest_land adds 国家特别规定灌木林地 where a county has that map: a
      // further term's missing layer narrows, it does not void, the figure.
      if (&term != &terms.front()) {
        sums.reason.clear();
        continue;
      }
      return sums;
    }
    for (const Feature* f : accepted(*layer, term, roles)) features.push_back(f);
  }
  std::vector<std::vector<std::pair<size_t, geos::GeomPtr>>> parts(features.size());
  tbb::parallel_for(size_t(0), features.size(), [&](size_t i) { parts[i] = units.split(features[i]->geometry.get()); });
  std::vector<std::vector<const GEOSGeometry*>> byUnit(units.count() + 1);
  for (const auto& list : parts)
    for (const auto& [unit, g] : list)
      if (g) byUnit[unit == SIZE_MAX ? units.count() : unit].push_back(g.get());
  std::vector<double> area(byUnit.size(), 0.0);
  tbb::parallel_for(size_t(0), byUnit.size(), [&](size_t u) {
    if (byUnit[u].empty()) return;
    const overlay::Result merged = overlay::unionAll(byUnit[u]);
    area[u] = threadMeasurer(units.crs()).measureAreas(merged.geometry.get()).area;
  });
  for (size_t u = 0; u < units.count(); ++u) sums.n[u] = area[u];
  sums.nOutside = area.back();
  return sums;
}

// Σ value × area and Σ area over the accepted features carrying a value.
UnitSums weightedSums(const IndicatorDef& def, const IndicatorLayers& layers, const Units& units, const RoleCatalog& roles) {
  UnitSums sums;
  sums.n.assign(units.count(), 0.0);
  sums.d.assign(units.count(), 0.0);
  const IndicatorTerm& term = def.numerator.front();
  const Layer* layer = termLayer(term, layers, sums.reason);
  if (!layer) return sums;
  if (!layer->roleMatch || !layer->roleMatch->columns.count(def.weightField)) {
    sums.reason = format(tr("图层 %s 没有 %s 字段（如植被盖度 ZBGD）", "layer %s has no %s field (such as ZBGD)"), layers.ids.at(term.role).c_str(),
                         def.weightField.c_str());
    return sums;
  }
  std::vector<std::pair<const Feature*, double>> valued;
  double largest = 0;
  for (const Feature* f : accepted(*layer, term, roles)) {
    const double v = attributeNumber(layer->roleValue(*f, def.weightField));
    if (!std::isfinite(v)) {
      ++sums.missingValues;
      continue;
    }
    valued.emplace_back(f, v);
    largest = std::max(largest, std::abs(v));
  }
  // Cover as a 0–1 fraction everywhere is printed as a percentage.
  sums.fractionValues = !valued.empty() && largest <= 1.0;
  const double factor = sums.fractionValues ? 100.0 : 1.0;
  std::vector<std::vector<std::pair<size_t, double>>> areas(valued.size());
  tbb::parallel_for(size_t(0), valued.size(), [&](size_t i) {
    for (const auto& [unit, g] : units.split(valued[i].first->geometry.get()))
      areas[i].emplace_back(unit, threadMeasurer(units.crs()).measureAreas(g.get()).area);
  });
  for (size_t i = 0; i < valued.size(); ++i)
    for (const auto& [unit, a] : areas[i]) {
      const double weighted = valued[i].second * factor * a;
      if (unit == SIZE_MAX) sums.nOutside += weighted, sums.dOutside += a;
      else sums.n[unit] += weighted, sums.d[unit] += a;
    }
  return sums;
}

// Protected and total shoreline length per unit, by the shoreline check's engine.
UnitSums shorelineSums(const IndicatorDef& def, const IndicatorLayers& layers, const Units& units, const IndicatorSettings& settings) {
  UnitSums sums;
  sums.n.assign(units.count(), 0.0);
  sums.d.assign(units.count(), 0.0);
  const Layer* lines = termLayer(def.numerator.front(), layers, sums.reason);
  if (!lines) return sums;
  ShorelineSettings shoreline;
  shoreline.roles = settings.roles;
  shoreline.zones = layers.find("shoreline_zone");
  shoreline.boundary = settings.boundary;
  if (!settings.protectedZones.empty()) shoreline.protectedZones = settings.protectedZones;
  const ShorelineResult result = shorelineLines(*lines, shoreline);
  for (const ShorelineSegment& s : result.segments) {
    const double protectedLength = s.protectedZone ? s.measures.length : 0;
    const size_t unit = units.unitOf(s.townshipFid);
    if (unit == SIZE_MAX) {
      sums.nOutside += protectedLength, sums.dOutside += s.measures.length;
      continue;
    }
    sums.n[unit] += protectedLength;
    sums.d[unit] += s.measures.length;
  }
  return sums;
}

// One year's layers: the sums an indicator is made of, with areas cached by terms.
class YearAccounts {
public:
  YearAccounts(const IndicatorLayers& layers, const Units& units, const IndicatorSettings& settings, std::optional<double> gdp)
      : layers_(layers), units_(units), settings_(settings), gdp_(gdp) {}

  UnitSums sums(const IndicatorDef& def) {
    switch (def.formula) {
      case IndicatorFormula::Share: {
        UnitSums s = areas(def.numerator);
        const UnitSums& land = areas(def.denominator);
        if (s.reason.empty()) s.reason = land.reason;
        s.d = land.n;
        s.dOutside = land.nOutside;
        return s;
      }
      case IndicatorFormula::Area: {
        UnitSums s = areas(def.numerator);
        s.d.assign(units_.count(), 1.0);
        return s;
      }
      case IndicatorFormula::PerGdp: {
        UnitSums s = areas(def.numerator);
        s.d.assign(units_.count(), NAN);  // no township has a GDP of its own
        if (s.reason.empty() && !gdp_) s.reason = tr("项目文件未给出 GDP（gdp: {current, previous}，亿元）", "the project file gives no GDP (gdp: {current, previous}, 亿元)");
        return s;
      }
      case IndicatorFormula::WeightedMean: return weightedSums(def, layers_, units_, *settings_.roles);
      case IndicatorFormula::ShorelineRate: return shorelineSums(def, layers_, units_, settings_);
      case IndicatorFormula::DecreaseRate: break;
    }
    return {};
  }
  std::optional<double> gdp() const { return gdp_; }

  const UnitSums& areas(const std::vector<IndicatorTerm>& terms) {
    std::string key;
    for (const IndicatorTerm& t : terms) {
      key += t.role + "{";
      for (const auto& [field, values] : t.where) {
        key += field + "=";
        for (const auto& v : values) key += v + ",";
        key += ";";
      }
      key += "}";
    }
    auto it = cache_.find(key);
    if (it == cache_.end()) it = cache_.emplace(key, unionAreas(terms, layers_, units_, *settings_.roles)).first;
    return it->second;
  }

private:
  const IndicatorLayers& layers_;
  const Units& units_;
  const IndicatorSettings& settings_;
  std::optional<double> gdp_;
  std::map<std::string, UnitSums> cache_;
};

// value = scale × N / D; the scale turns m² into ha and ratios into %.
double scaleOf(IndicatorFormula formula) {
  switch (formula) {
    case IndicatorFormula::Share:
    case IndicatorFormula::ShorelineRate: return 100.0;
    case IndicatorFormula::Area:
    case IndicatorFormula::PerGdp: return 1.0 / kSquareMetresPerHectare;
    default: return 1.0;
  }
}

double ratio(double scale, double n, double d) { return std::isfinite(d) && d != 0 ? scale * n / d : NAN; }

// The county's and the townships' values from one year's sums.
void fill(IndicatorValue& v, const UnitSums& s, std::optional<double> gdp, bool previous) {
  const double scale = scaleOf(v.def->formula);
  const double n = total(s.n);
  const double d = v.def->formula == IndicatorFormula::PerGdp ? gdp.value_or(NAN) : v.def->formula == IndicatorFormula::Area ? 1.0 : total(s.d);
  (previous ? v.previousNumerator : v.numerator) = n;
  (previous ? v.previousDenominator : v.denominator) = d;
  (previous ? v.previousValue : v.value) = ratio(scale, n, d);
  for (size_t u = 0; u < v.byTownship.size() && u < s.n.size(); ++u) {
    TownshipIndicator& t = v.byTownship[u];
    (previous ? t.previousNumerator : t.numerator) = s.n[u];
    (previous ? t.previousDenominator : t.denominator) = s.d[u];
    (previous ? t.previousValue : t.value) = v.def->formula == IndicatorFormula::Area ? scale * s.n[u] : ratio(scale, s.n[u], s.d[u]);
  }
  if (!previous) {
    v.outsideNumerator = s.nOutside;
    v.outsideDenominator = s.dOutside;
    v.missingValues = s.missingValues;
    v.fractionValues = s.fractionValues;
  }
}

// Each township's part of the county's change: scale × (Nₜ / D − Nₜ′ / D′).
void addContributions(IndicatorValue& v) {
  if (!std::isfinite(v.previousValue)) return;
  const double scale = scaleOf(v.def->formula);
  for (TownshipIndicator& t : v.byTownship)
    t.contribution = scale * (t.numerator / v.denominator - t.previousNumerator / v.previousDenominator);
}

// The decrease rate of another indicator: 100 × (previous − current) / previous.
void fillDecreaseRate(IndicatorValue& v, const IndicatorValue& base) {
  if (!base.computed) {
    v.reason = base.reason;
    return;
  }
  if (!std::isfinite(base.previousValue)) {
    v.reason = format(tr("没有 %s 的上一年度数值（需上一年度图层与 GDP）", "no previous value of %s (needs the previous year's layers and GDP)"),
                      base.def->name().c_str());
    return;
  }
  v.computed = true;
  v.numerator = base.previousValue - base.value;
  v.denominator = base.previousValue;
  v.value = ratio(100.0, v.numerator, v.denominator);
  for (const TownshipIndicator& b : base.byTownship) {
    TownshipIndicator t;
    t.code = b.code;
    t.name = b.name;
    t.value = ratio(100.0, b.previousValue - b.value, b.previousValue);
    v.byTownship.push_back(std::move(t));
  }
}

// The target and the verdict.
void judge(IndicatorValue& v, const std::map<std::string, double>& targets) {
  if (!v.computed || !std::isfinite(v.value)) return;
  const auto given = targets.find(v.def->id);
  if (given != targets.end()) v.target = given->second;
  switch (v.def->direction) {
    case IndicatorDirection::AtLeast:
      if (v.target) v.passed = v.value >= *v.target;
      break;
    case IndicatorDirection::AtMost:
      if (v.target) v.passed = v.value <= *v.target;
      break;
    case IndicatorDirection::NotDecreasing:
      if (!v.target && std::isfinite(v.previousValue)) v.target = v.previousValue;
      // The same ground measured twice gives the same figure to the last bit; 1e-12 allows for summation order.
      if (v.target) v.passed = v.value >= *v.target - 1e-12 * std::abs(*v.target);
      break;
    case IndicatorDirection::Improving:
      if (!v.target && std::isfinite(v.previousValue)) v.target = v.previousValue;
      if (v.target) v.passed = v.value > *v.target || v.value >= 100.0 - 1e-9;
      break;
    case IndicatorDirection::None: break;
  }
}

// Whether the previous year's layers include what this indicator counts:
// a protected-area share with only last year's land use is no comparison.
bool rebinds(const IndicatorDef& def, const IndicatorSettings& settings) {
  for (const IndicatorTerm& term : def.numerator)
    if (settings.previous.find(term.role)) return true;
  return false;
}

}  // namespace

const Layer* IndicatorLayers::find(const std::string& role) const {
  const auto it = byRole.find(role);
  return it == byRole.end() ? nullptr : it->second;
}

std::vector<const TownshipIndicator*> IndicatorValue::topContributors(size_t count) const {
  std::vector<const TownshipIndicator*> out;
  for (const TownshipIndicator& t : byTownship)
    if (std::isfinite(t.contribution) && t.contribution != 0) out.push_back(&t);
  std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return std::abs(a->contribution) > std::abs(b->contribution); });
  if (out.size() > count) out.resize(count);
  return out;
}

IndicatorResult computeIndicators(const IndicatorSettings& settings) {
  if (!settings.set || !settings.roles) throw std::invalid_argument("computeIndicators needs a set and roles");
  PhaseTimer timer("indicators");
  IndicatorResult result;
  result.set = settings.set;
  result.hasBoundary = settings.boundary != nullptr;
  result.year = settings.year;
  result.previousYear = settings.previousYear;
  result.gdp = settings.gdp;
  result.previousGdp = settings.previousGdp;
  result.layerIds = settings.current.ids;
  result.previousLayerIds = settings.previous.ids;
  result.hasPrevious = !settings.previous.byRole.empty() || settings.previousGdp.has_value();
  const Layer* any = settings.boundary;
  for (const auto& [role, layer] : settings.current.byRole) any = any ? any : layer;
  if (!any) throwUsage(tr("检查 indicators：没有可用的图层", "check indicators: no layer to compute on"));
  result.crs = any->crs;
  const Units units(settings.boundary, result.crs);
  if (settings.boundary)
    for (const Feature& f : settings.boundary->features)
      result.townships.push_back({settings.boundary->roleValue(f, "code"), settings.boundary->roleValue(f, "name"),
                                  f.geometry ? geos::clone(f.geometry.get()) : nullptr});

  // The previous year reads the current layers where no previous one is bound.
  IndicatorLayers previousLayers = settings.current;
  for (const auto& [role, layer] : settings.previous.byRole) previousLayers.byRole[role] = layer;
  for (const auto& [role, id] : settings.previous.ids) previousLayers.ids[role] = id;
  YearAccounts current(settings.current, units, settings, settings.gdp), before(previousLayers, units, settings, settings.previousGdp);

  for (const IndicatorDef* def : settings.set->indicators) {
    IndicatorValue v;
    v.def = def;
    for (const auto& t : result.townships) v.byTownship.push_back({t.code, t.name});
    if (def->formula == IndicatorFormula::DecreaseRate) {
      const auto base = std::find_if(result.values.begin(), result.values.end(), [&](const IndicatorValue& b) { return b.def->id == def->of; });
      if (base == result.values.end()) {
        v.reason = format(tr("指标集中没有 %s", "the set has no %s"), def->of.c_str());
      } else {
        v.byTownship.clear();
        fillDecreaseRate(v, *base);
      }
    } else {
      const UnitSums now = current.sums(*def);
      v.reason = now.reason;
      v.computed = now.reason.empty();
      if (v.computed) {
        fill(v, now, settings.gdp, false);
        if (rebinds(*def, settings)) {
          const UnitSums then = before.sums(*def);
          if (then.reason.empty()) {
            fill(v, then, settings.previousGdp, true);
            addContributions(v);
          }
        }
      }
    }
    judge(v, settings.targets);
    result.values.push_back(std::move(v));
  }

  // The land area the shares are of, and what of the survey lies outside the townships.
  if (settings.current.find("land_use")) {
    const UnitSums& land = current.areas({IndicatorTerm{"land_use", {}}});
    result.landAreaM2 = total(land.n);
    result.outsideAreaM2 = land.nOutside;
    if (settings.previous.find("land_use")) {
      const UnitSums& earlier = before.areas({IndicatorTerm{"land_use", {}}});
      result.previousLandAreaM2 = total(earlier.n);
    }
  }
  auto addInputs = [&](const IndicatorLayers& layers) {
    for (const auto& [role, layer] : layers.byRole) result.inputs.push_back(layerInputJson(layers.ids.at(role), *layer));
  };
  addInputs(settings.current);
  addInputs(settings.previous);
  if (settings.boundary) result.inputs.push_back(layerInputJson(settings.boundaryId, *settings.boundary));
  return result;
}

}  // namespace sanxian
