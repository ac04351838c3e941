// The indicators check in the printed report: per indicator a bar chart of
// the townships' values (target dashed, last year ticked) beside a map of
// the townships coloured by the value, both drawn by render/charts.
#include "render/charts.h"
#include "report/pdf/pdf_internal.h"

namespace sanxian::report::pdf {
namespace {

using json = nlohmann::ordered_json;

double numberOf(const json& v) { return v.is_number() ? v.get<double>() : NAN; }

const Table* tableNamed(const CheckOutput& output, const std::string& name) {
  for (const Table& t : output.tables)
    if (t.name == name) return &t;
  return nullptr;
}

QString valueLine(const json& e) {
  const std::string unit = e["unit"].get<std::string>();
  const int decimals = unit == "%" ? 2 : 4;
  QString line = q(e["name"].get<std::string>()) + T("：", ": ") + QString::number(numberOf(e["value"]), 'f', decimals) + QStringLiteral(" ") + q(unit);
  if (e["target"].is_number())
    line += T("（目标 ", " (target ") + QString::number(e["target"].get<double>(), 'f', decimals) + T("，", ", ") +
            (e["passed"].is_boolean() ? (e["passed"].get<bool>() ? T("达标）", "met)") : T("未达标）", "not met)")) : T("未评判）", "not judged)"));
  if (e["previous_value"].is_number())
    line += T("；上期 ", "; previous ") + QString::number(e["previous_value"].get<double>(), 'f', decimals);
  return line;
}

}  // namespace

void printIndicatorSection(Pages& pages, const CheckOutput& output) {
  const json& list = output.summary["indicators"];
  const Table* map = tableNamed(output, "indicators_townships");
  if (!list.is_array() || !map || map->geometries.empty()) return;
  pages.heading(T("指标分乡镇图表", "Indicators by township"), 2);
  pages.note(T("左：各乡镇数值（绿色达标或未减少、红色未达标或减少、灰色无评判依据；红色虚线为目标，黑色短线为上期数值）；右：各乡镇按数值着色。",
               "Left: each township's value (green meets the target or did not decrease, red misses it or decreased, grey has nothing to "
               "judge against; the dashed red line is the target, the black tick last year's value). Right: the townships coloured by the value."));
  QPainter& p = pages.painter();
  const double unit = kDpi / 72.0;  // device units per point
  for (const auto& e : list) {
    const json& towns = e["by_township"];
    bool anyValue = false;
    for (const auto& t : towns) anyValue = anyValue || t["value"].is_number();
    if (!e["computed"].get<bool>() || !anyValue) continue;
    const std::string unitText = e["unit"].get<std::string>();
    const int decimals = 2;
    const std::string direction = e["direction"].get<std::string>();
    // A target such as forest coverage ≥ 22.4 % applies to each township; "not
    // decreasing" and "improving" compare each township with its own last year.
    const bool perTownshipTarget = (direction == "at_least" || direction == "at_most") && e["target"].is_number();
    auto meets = [&](double value, double previous) -> std::optional<bool> {
      if (!std::isfinite(value)) return std::nullopt;
      if (perTownshipTarget) return direction == "at_least" ? value >= e["target"].get<double>() : value <= e["target"].get<double>();
      if ((direction == "not_decreasing" || direction == "improving") && std::isfinite(previous)) return value >= previous;
      return std::nullopt;
    };
    std::vector<render::Bar> bars;
    std::vector<render::ChoroplethArea> areas;
    for (size_t i = 0; i < towns.size(); ++i) {
      const QString name = q(towns[i]["name"].get<std::string>().empty() ? towns[i]["code"].get<std::string>() : towns[i]["name"].get<std::string>());
      const double value = numberOf(towns[i]["value"]), previous = numberOf(towns[i]["previous_value"]);
      bars.push_back({name, value, previous, meets(value, previous)});
      if (i < map->geometries.size()) areas.push_back({map->geometries[i].get(), name, numberOf(towns[i]["value"])});
    }
    const double height = std::max(pages.mm(55), pages.mm(7) * double(bars.size()) + pages.mm(8));
    pages.ensure(height + pages.mm(12));
    pages.text(valueLine(e), pages.font(9, true));
    pages.skip(pages.mm(1.5));
    const double gap = pages.mm(5);
    const double chartW = (pages.body().width() - gap) * 0.55;
    const QRectF chart(pages.body().left(), pages.y(), chartW, height);
    const QRectF choropleth(chart.right() + gap, pages.y(), pages.body().width() - chartW - gap, height);
    std::optional<double> target;
    if (perTownshipTarget) target = e["target"].get<double>();
    render::drawBarChart(p, chart, bars, target, decimals, q(unitText), QStringLiteral("Noto Sans CJK SC"), unit);
    render::drawChoropleth(p, choropleth, areas, decimals, q(unitText), QStringLiteral("Noto Sans CJK SC"), unit);
    pages.skip(height + pages.mm(4));
  }
}

}  // namespace sanxian::report::pdf
