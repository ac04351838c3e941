// Indicator definitions (layers/indicators.yaml): the spatial indicators of
// an eco-civilization demonstration county — forest coverage, grassland
// cover, red-line and protected-area shares, the shoreline protection rate,
// construction land per unit of GDP — each a formula over layer roles,
// land-class groups and attribute filters, gathered into the versions of the
// national indicator system (sets: 2019, 2021, 2024-county …) that a
// project selects. Reads the file; knows nothing about layers or geometry.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace sanxian {

// How an indicator's value is made from its terms (see layers/indicators.yaml).
enum class IndicatorFormula { Share, WeightedMean, Area, ShorelineRate, PerGdp, DecreaseRate };

// What passes: against the project's target, or against the previous year.
enum class IndicatorDirection { AtLeast, AtMost, NotDecreasing, Improving, None };

const char* formulaKey(IndicatorFormula formula);        // "share", "weighted_mean" …
const char* directionKey(IndicatorDirection direction);  // "at_least", "not_decreasing" …

// The features of one layer role that a term counts: a role the check binds
// to a project layer, filtered as a rule's where_a (role field → values).
struct IndicatorTerm {
  std::string role;
  std::map<std::string, std::vector<std::string>> where;
};

struct IndicatorDef {
  std::string id;
  std::string zh, en, unit;
  std::string shortName;  // its field in the township layer (≤ 10 ASCII characters)
  IndicatorFormula formula = IndicatorFormula::Share;
  std::vector<IndicatorTerm> numerator, denominator;
  std::string weightField;  // WeightedMean: the numerator role's field holding the value
  std::string of;           // DecreaseRate: the indicator it is the decrease rate of
  IndicatorDirection direction = IndicatorDirection::None;
  std::string document;     // where the definition comes from
  bool confirmed = false;   // checked against the document's own text
  std::string note;

  std::string name() const;  // in the user's language
  // Every role its terms name (the previous-year value needs one of them rebound).
  std::vector<std::string> roles() const;
};

struct IndicatorSet {
  std::string id, zh, en, document;
  std::vector<const IndicatorDef*> indicators;  // in the order of the file's list
  std::string name() const;
};

class IndicatorCatalog {
public:
  // Reads an indicator file; a usage error naming the file and the entry
  // when it is malformed (unknown formula, direction, indicator id …).
  static IndicatorCatalog load(const std::string& path);
  // layers/indicators.yaml beside roles.yaml.
  static IndicatorCatalog loadDefault();
  static std::string defaultPath();

  const IndicatorDef* definition(const std::string& id) const;
  const IndicatorSet* set(const std::string& id) const;
  std::vector<std::string> setIds() const;
  const std::string& path() const { return path_; }

  IndicatorCatalog() = default;
  IndicatorCatalog(IndicatorCatalog&&) = default;
  IndicatorCatalog& operator=(IndicatorCatalog&&) = default;
  IndicatorCatalog(const IndicatorCatalog&) = delete;  // sets point into definitions_

private:
  std::string path_;
  std::map<std::string, IndicatorDef> definitions_;
  std::vector<IndicatorSet> sets_;
};

}  // namespace sanxian
