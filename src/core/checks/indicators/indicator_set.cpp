#include "core/checks/indicators/indicator_set.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/roles.h"

namespace sanxian {
namespace {

const std::map<std::string, IndicatorFormula>& formulas() {
  static const std::map<std::string, IndicatorFormula> all = {
      {"share", IndicatorFormula::Share},           {"weighted_mean", IndicatorFormula::WeightedMean},
      {"area", IndicatorFormula::Area},             {"shoreline_rate", IndicatorFormula::ShorelineRate},
      {"per_gdp", IndicatorFormula::PerGdp},        {"decrease_rate", IndicatorFormula::DecreaseRate}};
  return all;
}

const std::map<std::string, IndicatorDirection>& directions() {
  static const std::map<std::string, IndicatorDirection> all = {{"at_least", IndicatorDirection::AtLeast},
                                                                {"at_most", IndicatorDirection::AtMost},
                                                                {"not_decreasing", IndicatorDirection::NotDecreasing},
                                                                {"improving", IndicatorDirection::Improving},
                                                                {"none", IndicatorDirection::None}};
  return all;
}

template <typename T>
const char* keyOf(const std::map<std::string, T>& all, T value) {
  for (const auto& [key, v] : all)
    if (v == value) return key.c_str();
  return "";
}

template <typename T>
std::string keysOf(const std::map<std::string, T>& all) {
  std::string list;
  for (const auto& entry : all) list += (list.empty() ? "" : ", ") + entry.first;
  return list;
}

// Reads the file, naming where it went wrong.
class Reader {
public:
  explicit Reader(std::string path) : path_(std::move(path)) {}
  [[noreturn]] void fail(const std::string& at, const std::string& why) const {
    throwUsage(format(tr("指标文件 %s（%s）：%s", "indicator file %s (%s): %s"), path_.c_str(), at.c_str(), why.c_str()));
  }

  std::vector<IndicatorTerm> terms(const YAML::Node& node, const std::string& at) const {
    std::vector<IndicatorTerm> out;
    if (!node) return out;
    if (!node.IsSequence()) fail(at, tr("须为列表，如 [{role: land_use}]", "must be a list such as [{role: land_use}]"));
    for (const auto& t : node) {
      IndicatorTerm term;
      term.role = t["role"].as<std::string>("");
      if (term.role.empty()) fail(at, tr("每一项须有 role", "every term needs a role"));
      if (const YAML::Node where = t["where"]) {
        if (!where.IsMap()) fail(at, tr("where 须为映射，如 {group: [forest]}", "where must be a mapping such as {group: [forest]}"));
        for (const auto& field : where) {
          auto& values = term.where[field.first.as<std::string>()];
          if (field.second.IsSequence())
            for (const auto& v : field.second) values.push_back(v.as<std::string>());
          else
            values.push_back(field.second.as<std::string>());
        }
      }
      out.push_back(std::move(term));
    }
    return out;
  }

  IndicatorDef definition(const std::string& id, const YAML::Node& node) const {
    const std::string at = "definitions." + id;
    IndicatorDef def;
    def.id = id;
    def.zh = node["name"]["zh"].as<std::string>("");
    def.en = node["name"]["en"].as<std::string>(def.zh);
    if (def.zh.empty()) fail(at, tr("缺少 name.zh", "no name.zh"));
    def.unit = node["unit"].as<std::string>("");
    def.shortName = node["short"].as<std::string>("");
    if (def.shortName.size() > 10) fail(at, tr("short 不得超过 10 个字符", "short must be at most 10 characters"));
    const std::string formula = node["formula"].as<std::string>("");
    if (!formulas().count(formula))
      fail(at, format(tr("未知的 formula '%s'（可用：%s）", "unknown formula '%s' (known: %s)"), formula.c_str(), keysOf(formulas()).c_str()));
    def.formula = formulas().at(formula);
    const std::string direction = node["direction"].as<std::string>("none");
    if (!directions().count(direction))
      fail(at, format(tr("未知的 direction '%s'（可用：%s）", "unknown direction '%s' (known: %s)"), direction.c_str(), keysOf(directions()).c_str()));
    def.direction = directions().at(direction);
    def.numerator = terms(node["numerator"], at + ".numerator");
    def.denominator = terms(node["denominator"], at + ".denominator");
    def.weightField = node["weight_field"].as<std::string>("");
    def.of = node["of"].as<std::string>("");
    def.document = node["document"].as<std::string>("");
    def.confirmed = node["confirmed"].as<bool>(false);
    def.note = node["note"].as<std::string>("");
    const bool needsNumerator = def.formula != IndicatorFormula::DecreaseRate;
    if (needsNumerator && def.numerator.empty()) fail(at, tr("缺少 numerator", "no numerator"));
    if (def.formula == IndicatorFormula::Share && def.denominator.empty()) fail(at, tr("share 需要 denominator", "share needs a denominator"));
    if (def.formula == IndicatorFormula::WeightedMean && def.weightField.empty())
      fail(at, tr("weighted_mean 需要 weight_field", "weighted_mean needs weight_field"));
    if (def.formula == IndicatorFormula::DecreaseRate && def.of.empty()) fail(at, tr("decrease_rate 需要 of", "decrease_rate needs of"));
    return def;
  }

private:
  std::string path_;
};

}  // namespace

const char* formulaKey(IndicatorFormula formula) { return keyOf(formulas(), formula); }
const char* directionKey(IndicatorDirection direction) { return keyOf(directions(), direction); }

std::string IndicatorDef::name() const { return tr(zh.c_str(), en.c_str()); }

std::vector<std::string> IndicatorDef::roles() const {
  std::vector<std::string> out;
  for (const auto* list : {&numerator, &denominator})
    for (const IndicatorTerm& t : *list)
      if (std::find(out.begin(), out.end(), t.role) == out.end()) out.push_back(t.role);
  return out;
}

std::string IndicatorSet::name() const { return tr(zh.c_str(), en.c_str()); }

std::string IndicatorCatalog::defaultPath() { return RoleCatalog::defaultDirectory() + "/indicators.yaml"; }

IndicatorCatalog IndicatorCatalog::loadDefault() { return load(defaultPath()); }

IndicatorCatalog IndicatorCatalog::load(const std::string& path) {
  IndicatorCatalog catalog;
  catalog.path_ = path;
  const Reader reader(path);
  try {
    const YAML::Node root = YAML::LoadFile(path);
    if (!root["definitions"] || !root["definitions"].IsMap()) reader.fail("definitions", tr("缺少 definitions 段", "no 'definitions' section"));
    for (const auto& entry : root["definitions"]) {
      const std::string id = entry.first.as<std::string>();
      catalog.definitions_.emplace(id, reader.definition(id, entry.second));
    }
    for (const auto& [id, def] : catalog.definitions_)
      if (def.formula == IndicatorFormula::DecreaseRate && !catalog.definitions_.count(def.of))
        reader.fail("definitions." + id, format(tr("of 引用了未定义的指标 '%s'", "of names undefined indicator '%s'"), def.of.c_str()));
    if (!root["sets"] || !root["sets"].IsMap()) reader.fail("sets", tr("缺少 sets 段", "no 'sets' section"));
    for (const auto& entry : root["sets"]) {
      IndicatorSet set;
      set.id = entry.first.as<std::string>();
      const std::string at = "sets." + set.id;
      set.zh = entry.second["name"]["zh"].as<std::string>(set.id);
      set.en = entry.second["name"]["en"].as<std::string>(set.zh);
      set.document = entry.second["document"].as<std::string>("");
      if (!entry.second["indicators"] || !entry.second["indicators"].IsSequence()) reader.fail(at, tr("缺少 indicators 列表", "no 'indicators' list"));
      for (const auto& i : entry.second["indicators"]) {
        const std::string id = i.as<std::string>();
        const IndicatorDef* def = catalog.definition(id);
        if (!def) reader.fail(at, format(tr("未定义的指标 '%s'", "undefined indicator '%s'"), id.c_str()));
        set.indicators.push_back(def);
      }
      catalog.sets_.push_back(std::move(set));
    }
  } catch (const YAML::Exception& e) {
    reader.fail(tr("格式", "syntax"), e.what());
  }
  return catalog;
}

const IndicatorDef* IndicatorCatalog::definition(const std::string& id) const {
  const auto it = definitions_.find(id);
  return it == definitions_.end() ? nullptr : &it->second;
}

const IndicatorSet* IndicatorCatalog::set(const std::string& id) const {
  for (const IndicatorSet& s : sets_)
    if (s.id == id) return &s;
  return nullptr;
}

std::vector<std::string> IndicatorCatalog::setIds() const {
  std::vector<std::string> ids;
  for (const IndicatorSet& s : sets_) ids.push_back(s.id);
  return ids;
}

}  // namespace sanxian
