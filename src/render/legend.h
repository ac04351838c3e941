// The legend: what each style on a map stands for — a layer's role or
// each of its zones or categories, a result table's severities, change
// kinds or shoreline zones, the labelled overlays (the red-line
// comparison) — and how it is drawn, as swatches in the layer tree, as a
// map element on the canvas and on a print, and in the PDF report.
#pragma once

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QString>

#include <vector>

#include "renderer.h"

namespace sanxian::render {

struct LegendItem {
  QString label;
  Style style;
  int dimension = 2;  // 0 point, 1 line, 2 polygon: how the swatch is drawn
};

struct LegendGroup {
  QString title;  // the layer or table; a group of one item is drawn as one line "title · item"
  std::vector<LegendItem> items;
};

// A layer's entries: one per style it draws with (its categories).
std::vector<LegendItem> layerLegend(const LayerEntry& entry, const StyleSet& styles);
// A result table's entries: one per category value present, worst severity first.
std::vector<LegendItem> resultLegend(const ResultEntry& entry, const StyleSet& styles);
// The groups of a scene as drawn: labelled overlays (the comparison), the
// visible result tables, then the visible layers from the top down.
std::vector<LegendGroup> sceneLegend(const Scene& scene);

// A swatch of `style` in `box`; `unit` is device units per logical pixel.
void drawSwatch(QPainter& painter, const QRectF& box, const Style& style, int dimension, double unit = 1);
QImage swatchImage(const Style& style, int dimension, QSize size, qreal devicePixelRatio = 1);

// Draws the groups into `area` in as many columns as needed (top to
// bottom, then the next column; a column at most `columnWidth` wide, the
// area's width when 0, longer names cut with …), unless draw is false;
// returns the size used. `unit` is device units per logical pixel; fonts
// are in points.
QSizeF drawLegend(QPainter& painter, const QRectF& area, const std::vector<LegendGroup>& groups, const QString& fontFamily, double unit = 1,
                  bool draw = true, double fontPoints = 8, double columnWidth = 0);
// `text` whole when its advance fits in `width`, else cut with …. Rows are
// laid out by advance; elidedText alone cut a label whose room came out a
// rounding error short of it (every label of the print's legend).
QString fitText(const QFontMetricsF& metrics, const QString& text, double width);
// The legend drawn into `area` as large as it fits (from `fontPoints`
// down to 4.5 pt, then in two columns). Returns the size used.
QSizeF fitLegend(QPainter& painter, const QRectF& area, const std::vector<LegendGroup>& groups, const QString& fontFamily, double unit,
                 double fontPoints);
// The canvas's legend: top right, under the north arrow, on a translucent box. Returns the box.
QRectF legendBox(QPainter& painter, const Scene& scene, const MapView& view, bool draw);

}  // namespace sanxian::render
