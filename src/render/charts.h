// Indicator charts: a township map coloured by a value (choropleth) and a
// bar chart of the values by township with the target and the previous
// year — drawn with QPainter into any rectangle, so the PDF report and the
// viewer show the same pictures.
#pragma once

#include <QPainter>
#include <QRectF>
#include <QString>

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/geos.h"
#include "core/checks/table.h"

namespace sanxian::render {

// One township: its polygon, its name and its value (NaN: no value, drawn grey).
struct ChoroplethArea {
  const GEOSGeometry* geometry = nullptr;
  QString label;
  double value = 0;
};

// The colour of a value at t ∈ [0, 1] of the range: pale yellow to deep green.
QColor rampColour(double t);

// The areas filling `target` (kept square to the map's units), coloured from
// the smallest to the largest value, each labelled with its name and value
// (`decimals`), and a legend strip of the range along the bottom. `unit`
// scales pens and fonts (device units per point).
void drawChoropleth(QPainter& painter, const QRectF& target, const std::vector<ChoroplethArea>& areas, int decimals, const QString& valueUnit,
                    const QString& fontFamily, double unit);

struct Bar {
  QString label;
  double value = 0;
  double previous = 0;        // NaN: no previous year
  std::optional<bool> meets;  // green / red; grey when there is nothing to judge against
};

// Horizontal bars, one per township, with the previous year's value as a
// tick and the target (when it applies to each township) as a dashed line;
// values printed at the bar ends.
void drawBarChart(QPainter& painter, const QRectF& target, const std::vector<Bar>& bars, std::optional<double> targetValue, int decimals,
                  const QString& valueUnit, const QString& fontFamily, double unit);

// One indicator of an indicators check, ready to draw: from the check's JSON
// summary (its `indicators` entry) and its township layer
// (indicators_townships, whose rows are the townships in the same order).
struct IndicatorChart {
  std::string id;
  QString title;  // "森林覆盖率：6.10 %（目标 22.40，未达标）；上期 4.80"
  QString unit;
  int decimals = 2;
  std::vector<Bar> bars;
  std::vector<ChoroplethArea> areas;  // point into the table's geometries
  std::optional<double> target;       // drawn only when it applies to each township
};

// Every computed indicator that has township values.
std::vector<IndicatorChart> indicatorCharts(const nlohmann::ordered_json& summary, const Table& townships);

}  // namespace sanxian::render
