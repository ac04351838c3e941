// Map elements: the scale bar, the scale as 1:N, the north arrow and the
// coordinate grid. The canvas, screenshots, the print layout and the PDF
// report's maps draw the same ones; sizes are in logical pixels (1/96 in)
// times ElementLook::unit, so one call serves a screen and a 300 dpi page.
#pragma once

#include <QColor>
#include <QFont>
#include <QPainter>
#include <QRectF>
#include <QString>

#include "core/base/geos.h"
#include "map_view.h"

namespace sanxian::render {

class StyleSet;

constexpr double kScreenDpi = 96;  // the logical pixel the styles are written in

// 1:N of a view whose pixels are `dpi` to the inch: N ground metres per
// metre of screen or paper.
double scaleDenominator(double unitsPerPixel, double dpi = kScreenDpi);
double unitsPerPixelForScale(double denominator, double dpi = kScreenDpi);
// "1:50 000" (groups of three digits); at or above 10 000, rounded to three significant digits.
QString scaleText(double denominator);
// Reads 1:50000, 1:50 000, 1:50,000, 1∶50000, 50000 and 1:5万; 0 when the text is no scale.
double parseScale(const QString& text);
// The smallest 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6 or 7.5 × 10ⁿ at or above `denominator` (a print's scale).
double niceScale(double denominator);

// A 1-2-5 scale bar length (metres) no longer than maxPixels at this view.
double scaleBarLength(double unitsPerPixel, double maxPixels);

struct ElementLook {
  QString fontFamily = QStringLiteral("Noto Sans CJK SC");
  QColor color = Qt::black;
  QColor background = Qt::transparent;  // a box behind the element
  double unit = 1;                       // device units per logical pixel
  double fontPoints = 8;
};

// A bar of the longest 1-2-5 length no longer than `maxLength` device
// units, in two alternating halves with "0" and its length above, and
// `caption` (e.g. the scale 1:N) under it; its bottom left at `origin`.
// Returns the box it covers; with draw = false it only measures.
QRectF drawScaleBarAt(QPainter& painter, QPointF origin, double metresPerDeviceUnit, double maxLength, const ElementLook& look,
                      const QString& caption = {}, bool draw = true);
// The canvas's scale bar: bottom left of the view on a translucent box.
QRectF scaleBarBox(QPainter& painter, const MapView& view, const StyleSet& styles);
void drawScaleBar(QPainter& painter, const MapView& view, const StyleSet& styles);

// A north arrow with 北 / N filling `box`. North is the analysis plane's
// grid north (in a 3° Gauss-Kruger zone at most 1.5° from true north).
void drawNorthArrow(QPainter& painter, const QRectF& box, const ElementLook& look);
// Where the canvas draws it: the top right corner.
QRectF northArrowBox(const MapView& view);

// Grid lines every `gridInterval` metres of the analysis plane across
// `frame` (device units) showing `extent`, with their coordinates outside
// the frame (top and left).
void drawGrid(QPainter& painter, const QRectF& frame, const geos::Envelope& extent, const ElementLook& look);
// 1, 2 or 5 × 10ⁿ metres giving about `lines` lines across `span`.
double gridInterval(double span, int lines = 5);

}  // namespace sanxian::render
