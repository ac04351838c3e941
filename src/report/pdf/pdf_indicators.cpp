// The indicators check in the printed report: per indicator a bar chart of
// the townships' values (target dashed, last year ticked) beside a map of
// the townships coloured by the value, both drawn by render/charts.
#include "render/charts.h"
#include "report/pdf/pdf_internal.h"

namespace sanxian::report::pdf {

void printIndicatorSection(Pages& pages, const CheckOutput& output) {
  const Table* townships = nullptr;
  for (const Table& t : output.tables)
    if (t.name == "indicators_townships") townships = &t;
  if (!townships || townships->geometries.empty()) return;
  const std::vector<render::IndicatorChart> charts = render::indicatorCharts(output.summary, *townships);
  if (charts.empty()) return;
  pages.heading(T("指标分乡镇图表", "Indicators by township"), 2);
  pages.note(T("左：各乡镇数值（绿色达标或未减少、红色未达标或减少、灰色无评判依据；红色虚线为目标，黑色短线为上期数值）；右：各乡镇按数值着色。",
               "Left: each township's value (green meets the target or did not decrease, red misses it or decreased, grey has nothing to "
               "judge against; the dashed red line is the target, the black tick last year's value). Right: the townships coloured by the value."));
  QPainter& p = pages.painter();
  const double unit = kDpi / 72.0;  // device units per point
  const QString font = QStringLiteral("Noto Sans CJK SC");
  for (const render::IndicatorChart& chart : charts) {
    const double height = std::max(pages.mm(55), pages.mm(7) * double(chart.bars.size()) + pages.mm(8));
    pages.ensure(height + pages.mm(12));
    pages.text(chart.title, pages.font(9, true));
    pages.skip(pages.mm(1.5));
    const double gap = pages.mm(5);
    const double chartW = (pages.body().width() - gap) * 0.55;
    const QRectF bars(pages.body().left(), pages.y(), chartW, height);
    const QRectF map(bars.right() + gap, pages.y(), pages.body().width() - chartW - gap, height);
    render::drawBarChart(p, bars, chart.bars, chart.target, chart.decimals, chart.unit, font, unit);
    render::drawChoropleth(p, map, chart.areas, chart.decimals, chart.unit, font, unit);
    pages.skip(height + pages.mm(4));
  }
}

}  // namespace sanxian::report::pdf
