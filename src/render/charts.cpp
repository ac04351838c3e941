#include "render/charts.h"

#include <QFontMetricsF>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "core/base/text.h"
#include "render/map_view.h"
#include "render/renderer.h"

namespace sanxian::render {
namespace {

QFont chartFont(const QString& family, double points, double unit, bool bold = false) {
  QFont f(family);
  f.setStyleStrategy(QFont::PreferNoShaping);  // digits stay text in a PDF
  f.setPixelSize(std::max(1, int(std::lround(points * unit))));
  f.setBold(bold);
  return f;
}

QString shown(double v, int decimals) { return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("—"); }

// The range of the finite values (a zero-width range is widened so every area gets the middle colour).
std::pair<double, double> rangeOf(const std::vector<double>& values) {
  double lo = INFINITY, hi = -INFINITY;
  for (double v : values)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!std::isfinite(lo)) return {0, 1};
  if (hi - lo <= 0) return {lo - 0.5, hi + 0.5};
  return {lo, hi};
}

}  // namespace

QColor rampColour(double t) {
  t = std::clamp(t, 0.0, 1.0);
  // Through three stops: #ffffcc, #78c679, #006837 (ColorBrewer YlGn).
  const QColor stops[] = {QColor(0xff, 0xff, 0xcc), QColor(0x78, 0xc6, 0x79), QColor(0x00, 0x68, 0x37)};
  const double at = t * 2;
  const int i = std::min(1, int(at));
  const double f = at - i;
  auto mix = [&](int a, int b) { return int(std::lround(a + (b - a) * f)); };
  return QColor(mix(stops[i].red(), stops[i + 1].red()), mix(stops[i].green(), stops[i + 1].green()), mix(stops[i].blue(), stops[i + 1].blue()));
}

void drawChoropleth(QPainter& painter, const QRectF& target, const std::vector<ChoroplethArea>& areas, int decimals, const QString& valueUnit,
                    const QString& fontFamily, double unit) {
  painter.save();
  const double legendH = 12 * unit;
  const QRectF mapRect(target.left(), target.top(), target.width(), target.height() - legendH - 2 * unit);
  geos::Envelope extent;
  std::vector<double> values;
  for (const ChoroplethArea& a : areas) {
    if (a.geometry) extent.expand(geos::envelope(a.geometry));
    values.push_back(a.value);
  }
  const auto [lo, hi] = rangeOf(values);
  const MapView view = MapView::fit(extent, QSize(int(mapRect.width()), int(mapRect.height())), 0.03);
  painter.translate(mapRect.topLeft());
  painter.setRenderHint(QPainter::Antialiasing);
  std::vector<std::pair<QPointF, QString>> labels;
  for (const ChoroplethArea& a : areas) {
    if (!a.geometry) continue;
    QPainterPath path;
    path.setFillRule(Qt::OddEvenFill);
    appendToPath(path, a.geometry, view, 0.5);
    painter.setBrush(std::isfinite(a.value) ? rampColour((a.value - lo) / (hi - lo)) : QColor(0xbd, 0xbd, 0xbd));
    painter.setPen(QPen(QColor(0x42, 0x42, 0x42), 0.4 * unit));
    painter.drawPath(path);
    labels.emplace_back(path.boundingRect().center(), a.label + QStringLiteral("\n") + shown(a.value, decimals));
  }
  // Labels over every fill, white-rimmed so they read on the dark greens.
  painter.setFont(chartFont(fontFamily, 6.5, unit));
  const QFontMetricsF metrics(painter.font());
  for (const auto& [centre, text] : labels) {
    const QRectF box = metrics.boundingRect(QRectF(0, 0, 200 * unit, 40 * unit), Qt::AlignCenter, text);
    const QRectF at(centre.x() - box.width() / 2, centre.y() - box.height() / 2, box.width(), box.height());
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 190));
    painter.drawRoundedRect(at.adjusted(-unit, 0, unit, 0), unit, unit);
    painter.setPen(Qt::black);
    painter.drawText(at, Qt::AlignCenter, text);
  }
  painter.restore();
  painter.save();
  // The legend: the ramp from the smallest to the largest value.
  const QRectF strip(target.left(), target.bottom() - legendH + 1 * unit, target.width() * 0.7, 3 * unit);
  QLinearGradient gradient(strip.topLeft(), strip.topRight());
  for (double t : {0.0, 0.5, 1.0}) gradient.setColorAt(t, rampColour(t));
  painter.setPen(QPen(QColor(0x42, 0x42, 0x42), 0.3 * unit));
  painter.setBrush(gradient);
  painter.drawRect(strip);
  painter.setFont(chartFont(fontFamily, 6, unit));
  painter.setPen(Qt::black);
  const QRectF text(strip.left(), strip.bottom() + 0.5 * unit, strip.width() + 40 * unit, 7 * unit);
  painter.drawText(text, Qt::AlignLeft | Qt::AlignTop, shown(lo, decimals));
  painter.drawText(QRectF(strip.left(), text.top(), strip.width(), text.height()), Qt::AlignRight | Qt::AlignTop, shown(hi, decimals));
  painter.drawText(QRectF(strip.right() + 2 * unit, strip.top() - unit, 40 * unit, 5 * unit), Qt::AlignLeft | Qt::AlignVCenter, valueUnit);
  painter.restore();
}

void drawBarChart(QPainter& painter, const QRectF& target, const std::vector<Bar>& bars, std::optional<double> targetValue, int decimals,
                  const QString& valueUnit, const QString& fontFamily, double unit) {
  if (bars.empty()) return;
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  const QFont font = chartFont(fontFamily, 6.5, unit);
  painter.setFont(font);
  const QFontMetricsF metrics(font);
  double labelW = 0;
  for (const Bar& b : bars) labelW = std::max(labelW, metrics.horizontalAdvance(b.label));
  labelW += 2 * unit;
  double valueW = 0;
  for (const Bar& b : bars) valueW = std::max(valueW, metrics.horizontalAdvance(shown(b.value, decimals)));
  valueW += 3 * unit;
  const double axisH = 6 * unit;
  const QRectF plot(target.left() + labelW, target.top(), target.width() - labelW - valueW, target.height() - axisH);
  // The scale: from 0 (or the smallest negative) to the largest of values, previous values and the target.
  double lo = 0, hi = 0;
  auto widen = [&](double v) {
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  };
  for (const Bar& b : bars) widen(b.value), widen(b.previous);
  if (targetValue) widen(*targetValue);
  if (hi - lo <= 0) hi = lo + 1;
  auto xOf = [&](double v) { return plot.left() + (v - lo) / (hi - lo) * plot.width(); };
  const double rowH = plot.height() / double(bars.size());
  const double barH = std::min(rowH * 0.62, 5 * unit);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double cy = plot.top() + (i + 0.5) * rowH;
    painter.setPen(Qt::black);
    painter.drawText(QRectF(target.left(), cy - rowH / 2, labelW - 2 * unit, rowH), Qt::AlignRight | Qt::AlignVCenter, b.label);
    if (std::isfinite(b.value)) {
      const double x0 = xOf(std::min(0.0, b.value)), x1 = xOf(std::max(0.0, b.value));
      painter.setPen(Qt::NoPen);
      painter.setBrush(!b.meets ? QColor(0x90, 0xa4, 0xae) : *b.meets ? QColor(0x43, 0xa0, 0x47) : QColor(0xe5, 0x73, 0x73));
      painter.drawRect(QRectF(x0, cy - barH / 2, std::max(x1 - x0, 0.3 * unit), barH));
    }
    if (std::isfinite(b.previous)) {  // last year's value: a dark tick across the bar
      painter.setPen(QPen(QColor(0x21, 0x21, 0x21), 0.8 * unit));
      const double x = xOf(b.previous);
      painter.drawLine(QPointF(x, cy - barH * 0.8), QPointF(x, cy + barH * 0.8));
    }
    painter.setPen(Qt::black);
    painter.drawText(QRectF(plot.right() + unit, cy - rowH / 2, valueW, rowH), Qt::AlignLeft | Qt::AlignVCenter, shown(b.value, decimals));
  }
  // Axis, zero line and the target.
  painter.setPen(QPen(QColor(0x75, 0x75, 0x75), 0.3 * unit));
  painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()));
  painter.drawLine(QPointF(xOf(0), plot.top()), QPointF(xOf(0), plot.bottom()));
  painter.setFont(chartFont(fontFamily, 6, unit));
  painter.drawText(QRectF(plot.left() - 20 * unit, plot.bottom() + 0.5 * unit, 40 * unit, axisH), Qt::AlignHCenter | Qt::AlignTop, shown(lo, 0));
  painter.drawText(QRectF(plot.right() - 20 * unit, plot.bottom() + 0.5 * unit, 40 * unit + valueW, axisH), Qt::AlignLeft | Qt::AlignTop,
                   shown(hi, decimals) + QStringLiteral(" ") + valueUnit);
  if (targetValue) {
    QPen dashed(QColor(0xc6, 0x28, 0x28), 0.6 * unit, Qt::DashLine);
    painter.setPen(dashed);
    const double x = xOf(*targetValue);
    painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
  }
  painter.restore();
}

namespace {

double numberOf(const nlohmann::ordered_json& v) { return v.is_number() ? v.get<double>() : NAN; }

QString T(const char* zh, const char* en) { return QString::fromUtf8(tr(zh, en)); }

QString titleOf(const nlohmann::ordered_json& e, int decimals) {
  const QString unit = QString::fromStdString(e["unit"].get<std::string>());
  QString line = QString::fromStdString(e["name"].get<std::string>()) + T("：", ": ") + shown(numberOf(e["value"]), decimals) + QStringLiteral(" ") + unit;
  if (e["target"].is_number())
    line += T("（目标 ", " (target ") + shown(e["target"].get<double>(), decimals) + T("，", ", ") +
            (e["passed"].is_boolean() ? (e["passed"].get<bool>() ? T("达标）", "met)") : T("未达标）", "not met)")) : T("未评判）", "not judged)"));
  if (e["previous_value"].is_number()) line += T("；上期 ", "; previous ") + shown(e["previous_value"].get<double>(), decimals);
  return line;
}

}  // namespace

std::vector<IndicatorChart> indicatorCharts(const nlohmann::ordered_json& summary, const Table& townships) {
  std::vector<IndicatorChart> out;
  const auto& list = summary.contains("indicators") ? summary["indicators"] : nlohmann::ordered_json();
  if (!list.is_array()) return out;
  for (const auto& e : list) {
    const auto& towns = e["by_township"];
    bool anyValue = false;
    for (const auto& t : towns) anyValue = anyValue || t["value"].is_number();
    if (!e["computed"].get<bool>() || !anyValue) continue;
    IndicatorChart chart;
    chart.id = e["id"].get<std::string>();
    chart.unit = QString::fromStdString(e["unit"].get<std::string>());
    chart.title = titleOf(e, chart.decimals);
    const std::string direction = e["direction"].get<std::string>();
    // A target such as forest coverage ≥ 22.4 % applies to each township; "not
    // decreasing" and "improving" compare each township with its own last year.
    const bool perTownshipTarget = (direction == "at_least" || direction == "at_most") && e["target"].is_number();
    if (perTownshipTarget) chart.target = e["target"].get<double>();
    for (size_t i = 0; i < towns.size(); ++i) {
      const std::string& name = towns[i]["name"].get<std::string>().empty() ? towns[i]["code"].get<std::string>() : towns[i]["name"].get<std::string>();
      const double value = numberOf(towns[i]["value"]), previous = numberOf(towns[i]["previous_value"]);
      std::optional<bool> meets;
      if (std::isfinite(value) && perTownshipTarget) meets = direction == "at_least" ? value >= *chart.target : value <= *chart.target;
      else if (std::isfinite(value) && std::isfinite(previous) && (direction == "not_decreasing" || direction == "improving")) meets = value >= previous;
      chart.bars.push_back({QString::fromStdString(name), value, previous, meets});
      if (i < townships.geometries.size()) chart.areas.push_back({townships.geometries[i].get(), QString::fromStdString(name), value});
    }
    out.push_back(std::move(chart));
  }
  return out;
}

}  // namespace sanxian::render
