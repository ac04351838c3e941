// The indicators check's tables, JSON summary, headlines and verdicts, all
// made from the same values.
#include <cmath>

#include "core/base/text.h"
#include "core/checks/indicators/indicators.h"
#include "core/geometry/units.h"

namespace sanxian {
namespace {

using json = nlohmann::ordered_json;
using column::real;
using column::text;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
Cell cell(double v) { return std::isfinite(v) ? Cell(v) : Cell(); }

// Decimals a value is printed with: shares and rates to 0.01 %, areas to 0.0001 ha.
int decimalsOf(const IndicatorDef& def) { return def.unit == "%" ? 2 : 4; }

std::string shown(double v, const IndicatorDef& def) {
  if (!std::isfinite(v)) return "—";
  return format("%.*f", decimalsOf(def), v);
}

std::string withUnit(double v, const IndicatorDef& def) {
  const std::string unit = def.unit == "%" ? " %" : " " + def.unit;
  return shown(v, def) + unit;
}

std::string signedShown(double v, const IndicatorDef& def) {
  if (!std::isfinite(v)) return "—";
  return format("%+.*f", decimalsOf(def), v);
}

// What passes, as the tables say it: "≥ 22.40 %", "不减少（上期 …）", "持续改善".
std::string requirement(const IndicatorValue& v) {
  const IndicatorDef& def = *v.def;
  switch (def.direction) {
    case IndicatorDirection::AtLeast: return v.target ? "≥ " + withUnit(*v.target, def) : tr("≥ 目标（项目未给出）", "≥ target (none given)");
    case IndicatorDirection::AtMost: return v.target ? "≤ " + withUnit(*v.target, def) : tr("≤ 目标（项目未给出）", "≤ target (none given)");
    case IndicatorDirection::NotDecreasing: return tr("不减少", "not decreasing");
    case IndicatorDirection::Improving: return tr("持续改善", "improving");
    case IndicatorDirection::None: return tr("—（只核算）", "— (accounted only)");
  }
  return "";
}

std::string verdictText(const IndicatorValue& v) {
  if (!v.computed) return tr("未计算", "not computed");
  if (!v.passed) return tr("无评判依据", "nothing to judge against");
  return *v.passed ? tr("达标", "met") : tr("未达标", "not met");
}

// "乌兰镇 +0.31；苏米图苏木 −0.12" — the townships that moved it most.
std::string contributorsText(const IndicatorValue& v) {
  std::string text;
  for (const TownshipIndicator* t : v.topContributors(3))
    text += (text.empty() ? "" : tr("；", "; ")) + (t->name.empty() ? t->code : t->name) + " " + signedShown(t->contribution, *v.def);
  return text;
}

// What of the layers lies beyond the townships and is left out of the county's figure.
// Slivers of the survey's mm grid along the township lines (a few m² of a
// county) are not worth a word: only what exceeds 1e-6 of the figure is.
std::string outsideText(const IndicatorValue& v) {
  const IndicatorFormula f = v.def->formula;
  auto noticeable = [](double outside, double inside) { return outside > 1e-6 * std::abs(inside) && outside > 0; };
  if (f == IndicatorFormula::ShorelineRate && noticeable(v.outsideDenominator, v.denominator))
    return format(tr("乡镇界线外的岸线 %.3f 千米（其中保护岸线 %.3f 千米）不计入。", "%.3f km of shoreline beyond the townships (%.3f km protected) is not counted."),
                  v.outsideDenominator / 1000, v.outsideNumerator / 1000);
  const double outsideArea = f == IndicatorFormula::Share ? v.outsideDenominator : v.outsideNumerator;
  const double insideArea = f == IndicatorFormula::Share ? v.denominator : v.numerator;
  if ((f == IndicatorFormula::Share || f == IndicatorFormula::Area || f == IndicatorFormula::PerGdp) && noticeable(outsideArea, insideArea))
    return format(tr("乡镇界线外的 %.4f 公顷不计入。", "%.4f ha beyond the townships is not counted."), hectares(outsideArea));
  return "";
}

std::string noteOf(const IndicatorValue& v) {
  if (!v.computed) return v.reason;
  std::string note;
  if (v.missingValues)
    note = format(tr("%zu 个图斑没有数值，未参与加权。", "%zu patches have no value and are left out."), v.missingValues);
  if (v.fractionValues) note += tr("原值为 0–1 的小数，按百分数列出。", "Values were 0–1 fractions, shown as %.");
  note += outsideText(v);
  return note;
}

Table indicatorTable(const IndicatorResult& r) {
  Table t;
  t.name = "indicators";
  t.zh = "指标核算表";
  t.en = "Indicators";
  t.totals = Totals::None;
  t.columns = {text("indicator_id", "指标编号", "Indicator id", "ID"),
               text("indicator", "指标", "Indicator", "NAME"),
               text("unit", "单位", "Unit", "UNIT"),
               real("value", "数值", "Value", 4, "VALUE"),
               text("requirement", "要求", "Requirement", "REQUIRE"),
               real("target", "目标值", "Target", 4, "TARGET"),
               text("verdict", "结论", "Verdict", "VERDICT"),
               real("previous_value", "上期数值", "Previous value", 4, "PREVIOUS"),
               real("change", "变化", "Change", 4, "CHANGE"),
               text("top_townships", "变化最大的乡镇（贡献）", "Townships that moved it most (contribution)", "TOP_TOWN"),
               real("numerator", "分子（平方米、米或加权和）", "Numerator (m², m or weighted sum)", 4, "NUMERATOR"),
               real("denominator", "分母（平方米、米或亿元）", "Denominator (m², m or 亿元)", 4, "DENOMINAT"),
               text("formula", "公式", "Formula", "FORMULA"),
               text("document", "依据", "Source document", "DOCUMENT"),
               text("confirmed", "定义已与原文核对", "Definition checked against the document", "CONFIRMED"),
               text("note", "说明", "Note", "NOTE")};
  for (const IndicatorValue& v : r.values) {
    const IndicatorDef& def = *v.def;
    t.rows.push_back({def.id, def.name(), def.unit, cell(v.value), requirement(v), v.target ? Cell(*v.target) : Cell(), verdictText(v),
                      cell(v.previousValue), cell(v.change()), contributorsText(v), v.computed ? Cell(v.numerator) : Cell(),
                      v.computed ? cell(v.denominator) : Cell(), formulaKey(def.formula), def.document,
                      def.confirmed ? tr("是", "yes") : tr("否", "no"), noteOf(v)});
  }
  return t;
}

RowGeometry shared(const GEOSGeometry* g) {
  if (!g) return nullptr;
  return RowGeometry(geos::clone(g).release(), geos::GeomDeleter());
}

// One row per indicator and township, with the township's polygon.
Table byTownshipTable(const IndicatorResult& r) {
  Table t;
  t.name = "indicators_by_township";
  t.zh = "分乡镇指标";
  t.en = "Indicators by township";
  t.totals = Totals::None;
  t.spatial = r.hasBoundary;
  t.columns = {text("indicator_id", "指标编号", "Indicator id", "ID"),
               text("indicator", "指标", "Indicator", "NAME"),
               text("unit", "单位", "Unit", "UNIT"),
               text("township_code", "乡镇代码", "Township code", "TOWN_CODE"),
               text("township", "乡镇", "Township", "TOWNSHIP"),
               real("value", "数值", "Value", 4, "VALUE"),
               real("previous_value", "上期数值", "Previous value", 4, "PREVIOUS"),
               real("change", "变化", "Change", 4, "CHANGE"),
               real("contribution", "对县域变化的贡献", "Contribution to the county's change", 4, "CONTRIB"),
               real("numerator", "分子", "Numerator", 4, "NUMERATOR"),
               real("denominator", "分母", "Denominator", 4, "DENOMINAT")};
  for (const IndicatorValue& v : r.values) {
    if (!v.computed) continue;
    for (size_t i = 0; i < v.byTownship.size(); ++i) {
      const TownshipIndicator& b = v.byTownship[i];
      t.rows.push_back({v.def->id, v.def->name(), v.def->unit, b.code, b.name, cell(b.value), cell(b.previousValue), cell(b.value - b.previousValue),
                        cell(b.contribution), cell(b.numerator), cell(b.denominator)});
      if (r.hasBoundary) t.geometries.push_back(i < r.townships.size() ? shared(r.townships[i].geometry.get()) : nullptr);
    }
  }
  return t;
}

// One row per township, one column per indicator: the layer to colour by an indicator in QGIS.
Table townshipLayer(const IndicatorResult& r) {
  Table t;
  t.name = "indicators_townships";
  t.zh = "乡镇指标图层";
  t.en = "Indicators per township (map layer)";
  t.totals = Totals::None;
  t.spatial = true;
  t.columns = {text("township_code", "乡镇代码", "Township code", "TOWN_CODE"), text("township", "乡镇", "Township", "TOWNSHIP")};
  std::vector<const IndicatorValue*> shownValues;
  for (const IndicatorValue& v : r.values)
    if (v.computed && !v.byTownship.empty()) {
      shownValues.push_back(&v);
      t.columns.push_back(real(v.def->id, v.def->zh + "（" + v.def->unit + "）", v.def->en + " (" + v.def->unit + ")", 4, v.def->shortName));
    }
  for (size_t i = 0; i < r.townships.size(); ++i) {
    std::vector<Cell> row = {r.townships[i].code, r.townships[i].name};
    for (const IndicatorValue* v : shownValues) row.push_back(i < v->byTownship.size() ? cell(v->byTownship[i].value) : Cell());
    t.rows.push_back(std::move(row));
    t.geometries.push_back(shared(r.townships[i].geometry.get()));
  }
  return t;
}

json toJson(const IndicatorResult& r) {
  json j;
  j["check"] = "indicators";
  j["set"] = r.set->id;
  j["set_name"] = r.set->name();
  j["document"] = r.set->document;
  j["year"] = r.year.empty() ? json(nullptr) : json(r.year);
  j["previous_year"] = r.previousYear.empty() ? json(nullptr) : json(r.previousYear);
  j["gdp"] = {{"current", r.gdp ? json(*r.gdp) : json(nullptr)}, {"previous", r.previousGdp ? json(*r.previousGdp) : json(nullptr)}};
  j["layers"] = r.layerIds;
  j["previous_layers"] = r.previousLayerIds;
  j["land_area_m2"] = number(r.landAreaM2);
  j["land_area_ha"] = number(hectares(r.landAreaM2));
  j["previous_land_area_m2"] = number(r.previousLandAreaM2);
  j["outside_townships_area_m2"] = r.outsideAreaM2;
  j["analysis_crs"] = analysisCrsJson(r.crs);
  j["inputs"] = r.inputs;
  json list = json::array();
  for (const IndicatorValue& v : r.values) {
    const IndicatorDef& def = *v.def;
    json e;
    e["id"] = def.id;
    e["name"] = def.name();
    e["unit"] = def.unit;
    e["formula"] = formulaKey(def.formula);
    e["computed"] = v.computed;
    if (!v.computed) e["reason"] = v.reason;
    e["value"] = number(v.value);
    e["target"] = v.target ? json(*v.target) : json(nullptr);
    e["direction"] = directionKey(def.direction);
    e["passed"] = v.passed ? json(*v.passed) : json(nullptr);
    e["previous_value"] = number(v.previousValue);
    e["change"] = number(v.change());
    e["numerator"] = v.computed ? number(v.numerator) : json(nullptr);
    e["denominator"] = v.computed ? number(v.denominator) : json(nullptr);
    e["previous_numerator"] = number(v.previousNumerator);
    e["previous_denominator"] = number(v.previousDenominator);
    e["outside_townships"] = {{"numerator", v.outsideNumerator}, {"denominator", v.outsideDenominator}};
    if (def.formula == IndicatorFormula::WeightedMean) {
      e["missing_values"] = v.missingValues;
      e["fraction_values"] = v.fractionValues;
    }
    json towns = json::array();
    for (const TownshipIndicator& t : v.byTownship)
      towns.push_back({{"code", t.code}, {"name", t.name}, {"value", number(t.value)}, {"previous_value", number(t.previousValue)},
                       {"change", number(t.value - t.previousValue)}, {"contribution", number(t.contribution)},
                       {"numerator", number(t.numerator)}, {"denominator", number(t.denominator)}});
    e["by_township"] = towns;
    json top = json::array();
    for (const TownshipIndicator* t : v.topContributors(3)) top.push_back({{"code", t->code}, {"name", t->name}, {"contribution", t->contribution}});
    e["top_contributors"] = top;
    e["document"] = def.document;
    e["confirmed"] = def.confirmed;
    list.push_back(std::move(e));
  }
  j["indicators"] = list;
  return j;
}

std::string headline(const IndicatorValue& v) {
  const IndicatorDef& def = *v.def;
  if (!v.computed) return format(tr("%s：未计算（%s）", "%s: not computed (%s)"), def.name().c_str(), v.reason.c_str());
  std::string line = def.name() + tr(" ", " ") + withUnit(v.value, def);
  if (v.passed) line += format(tr("（%s）%s", " (%s) %s"), requirement(v).c_str(), verdictText(v).c_str());
  if (std::isfinite(v.previousValue)) {
    line += format(tr("；上期 %s，变化 %s", "; previous %s, change %s"), withUnit(v.previousValue, def).c_str(), signedShown(v.change(), def).c_str());
    const std::string top = contributorsText(v);
    if (!top.empty()) line += format(tr("，主要来自 %s", ", mostly %s"), top.c_str());
  }
  const std::string outside = outsideText(v);
  if (!outside.empty()) line += tr("（", " (") + outside + tr("）", ")");
  return line;
}

}  // namespace

CheckResult indicatorReport(IndicatorResult&& result) {
  CheckResult out;
  out.summary = toJson(result);
  for (const IndicatorValue& v : result.values) {
    out.headlines.push_back(headline(v));
    if (v.passed) {
      out.verdicts.emplace_back(v.def->id, *v.passed);
      out.verdictTitles[v.def->id] = v.def->name();
    }
  }
  out.tables.push_back(indicatorTable(result));
  out.tables.push_back(byTownshipTable(result));
  if (result.hasBoundary) out.tables.push_back(townshipLayer(result));
  return out;
}

}  // namespace sanxian
