#include "print_layout.h"

#include <QDate>
#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

#include "core/base/text.h"
#include "legend.h"
#include "map_elements.h"

namespace sanxian::render {

namespace {

QFont pageFont(const QString& family, double points, bool bold = false) {
  QFont f(family);
  f.setPointSizeF(points);
  f.setBold(bold);
  f.setStyleStrategy(QFont::PreferNoShaping);  // a PDF's text layer then names every glyph
  return f;
}

QString T(const char* zh, const char* en) { return QString::fromUtf8(tr(zh, en)); }

}  // namespace

bool parsePaper(const QString& text, PrintLayout::Paper& paper) {
  const QString t = text.trimmed().toUpper();
  if (t == "A4") paper = PrintLayout::Paper::A4;
  else if (t == "A3") paper = PrintLayout::Paper::A3;
  else return false;
  return true;
}

QSizeF paperSizeMm(const PrintLayout& layout) {
  const QSizeF portrait = layout.paper == PrintLayout::Paper::A3 ? QSizeF(297, 420) : QSizeF(210, 297);
  return layout.landscape ? portrait.transposed() : portrait;
}

namespace {

// The page being drawn: millimetres to device units and what its parts share.
struct Sheet {
  QPainter& painter;
  const PrintLayout& layout;
  QSizeF page;   // mm
  double k;      // device units per mm
  double unit;   // device units per pixel of the map elements (1/96 in)
  double big;    // text and elements grow by this on A3
  QString family;
  QColor ink{0x21, 0x21, 0x21};
  static constexpr double margin = 10, footerH = 11, gridRoom = 9;

  QRectF mm(const QRectF& r) const { return QRectF(r.x() * k, r.y() * k, r.width() * k, r.height() * k); }
  double titleH() const { return 12 * big; }
  double top() const { return margin + titleH() + 8; }
  double bottom() const { return page.height() - margin - footerH; }
  ElementLook look(double fontPoints) const {
    ElementLook look;
    look.fontFamily = family;
    look.color = ink;
    look.unit = unit;
    look.fontPoints = fontPoints * big;
    return look;
  }
};

// Where the map goes: its centre and scale, and what the page shows.
struct MapPlacement {
  PrintedMap printed;
  double cx = 0, cy = 0, metresPerMm = 1;
};

void drawTitle(const Sheet& s) {
  s.painter.setPen(s.ink);
  s.painter.setFont(pageFont(s.family, 18 * s.big, true));
  s.painter.drawText(s.mm(QRectF(s.margin, s.margin, s.page.width() - 2 * s.margin, s.titleH())), Qt::AlignCenter, s.layout.title);
}

// The map frame and the panel beside it (landscape) or under it (portrait).
std::pair<QRectF, QRectF> frameAndPanel(const Sheet& s) {
  const bool a3 = s.layout.paper == PrintLayout::Paper::A3;
  const double top = s.top(), bottom = s.bottom(), margin = s.margin, gridRoom = s.gridRoom;
  if (s.layout.landscape) {
    const double panelW = a3 ? 92 : 70;
    const QRectF frame(margin + gridRoom, top, s.page.width() - 2 * margin - gridRoom - panelW - 5, bottom - top);
    return {frame, QRectF(frame.right() + 5, top, panelW, bottom - top)};
  }
  const double panelH = a3 ? 95 : 70;
  const QRectF frame(margin + gridRoom, top, s.page.width() - 2 * margin - gridRoom, bottom - top - panelH - 4);
  return {frame, QRectF(margin, frame.bottom() + 4, s.page.width() - 2 * margin, panelH)};
}

// The map's extent at a round scale that shows the asked extent (the scene's whole, with a little room, by default).
MapPlacement placeMap(const Scene& scene, const PrintLayout& layout, const QRectF& frame) {
  const geos::Envelope asked = layout.extent ? *layout.extent : scene.fullExtent();
  MapPlacement m;
  m.printed.frameMm = frame;
  if (!asked.empty) {
    m.cx = (asked.minX + asked.maxX) / 2, m.cy = (asked.minY + asked.maxY) / 2;
    const double grow = layout.extent ? 1.0 : 1.04;
    m.metresPerMm = std::max({(asked.maxX - asked.minX) * grow / frame.width(), (asked.maxY - asked.minY) * grow / frame.height(), 1e-3});
  }
  m.printed.denominator = niceScale(m.metresPerMm * 1000);
  m.metresPerMm = m.printed.denominator / 1000;
  geos::Envelope& e = m.printed.extent;
  e.minX = m.cx - frame.width() / 2 * m.metresPerMm, e.maxX = m.cx + frame.width() / 2 * m.metresPerMm;
  e.minY = m.cy - frame.height() / 2 * m.metresPerMm, e.maxY = m.cy + frame.height() / 2 * m.metresPerMm;
  e.empty = false;
  return m;
}

// The map, drawn by the renderer at mapDpi with the styles' pixel sizes
// as 1/96 in, like every other map of Sanxian; its frame and grid.
void drawMap(const Sheet& s, const Scene& scene, const MapPlacement& m) {
  const QRectF frame = m.printed.frameMm;
  const QSize logical(std::max(1, int(std::lround(frame.width() / 25.4 * kScreenDpi))), std::max(1, int(std::lround(frame.height() / 25.4 * kScreenDpi))));
  const double ratio = std::max(1.0, s.layout.mapDpi / kScreenDpi);
  QImage image(QSize(int(std::lround(logical.width() * ratio)), int(std::lround(logical.height() * ratio))), QImage::Format_RGB32);
  image.setDevicePixelRatio(ratio);
  {
    const MapView view(QPointF(m.cx, m.cy), m.metresPerMm * 25.4 / kScreenDpi, logical);
    QPainter p(&image);
    RenderOptions options;
    options.scaleBar = options.northArrow = options.legend = false;
    renderScene(p, scene, view, nullptr, options);
  }
  s.painter.drawImage(s.mm(frame), image);
  s.painter.setPen(QPen(s.ink, 0.35 * s.k));
  s.painter.setBrush(Qt::NoBrush);
  s.painter.drawRect(s.mm(frame));
  if (s.layout.grid) drawGrid(s.painter, s.mm(frame), m.printed.extent, s.look(7));
}

// Beside the north arrow: the scale as 1:N and as a bar, then the CRS. Returns where the text ends (mm).
double drawScaleAndCrs(const Sheet& s, const QRectF& side, double textW, const MapPlacement& m) {
  QPainter& painter = s.painter;
  const double k = s.k, big = s.big;
  double y = side.top();
  painter.setPen(s.ink);
  painter.setFont(pageFont(s.family, 8.5 * big, true));
  const QString scaleLine = T("比例尺 ", "Scale ") + scaleText(m.printed.denominator);
  painter.drawText(s.mm(QRectF(side.left(), y, textW, 6 * big)), Qt::AlignLeft | Qt::AlignVCenter, scaleLine);
  y += 6 * big + 6;
  const QRectF bar = drawScaleBarAt(painter, QPointF(side.left() * k + 2 * s.unit, (y + 5) * k), m.metresPerMm / k, textW * 0.95 * k, s.look(7));
  y = bar.bottom() / k + 2;
  if (!s.layout.crs.isEmpty()) {
    painter.setFont(pageFont(s.family, 7 * big));
    const QString crs = T("坐标系：", "CRS: ") + s.layout.crs;
    const QRectF box = s.mm(QRectF(side.left(), y, side.width(), 40));
    const QRectF need = painter.boundingRect(box, Qt::TextWordWrap | Qt::AlignLeft, crs);
    painter.drawText(box, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, crs);
    y += need.height() / k + 3;
  }
  return y;
}

// The panel: north arrow, scale, CRS, and the legend under them (landscape) or beside them (portrait).
void drawPanel(const Sheet& s, const Scene& scene, const QRectF& panel, const MapPlacement& m) {
  QPainter& painter = s.painter;
  const double pad = 3, big = s.big;
  painter.setPen(QPen(QColor(0x9e, 0x9e, 0x9e), 0.25 * s.k));
  painter.drawRect(s.mm(panel));
  const QRectF inner = panel.adjusted(pad, pad, -pad, -pad);
  const QSizeF arrowSize(12 * big, 19 * big);
  const QRectF side = s.layout.landscape ? inner : QRectF(inner.right() - inner.width() * 0.34, inner.top(), inner.width() * 0.34, inner.height());
  const QRectF arrow(side.right() - arrowSize.width(), side.top(), arrowSize.width(), arrowSize.height());
  drawNorthArrow(painter, s.mm(arrow), s.look(9));
  const double y = std::max(drawScaleAndCrs(s, side, side.width() - arrowSize.width() - 2, m), arrow.bottom() + 3);
  const QRectF legendArea = s.layout.landscape ? QRectF(inner.left(), y, inner.width(), inner.bottom() - y)
                                               : QRectF(inner.left(), inner.top(), side.left() - inner.left() - 4, inner.height());
  painter.setFont(pageFont(s.family, 8.5 * big, true));
  painter.setPen(s.ink);
  painter.drawText(s.mm(QRectF(legendArea.left(), legendArea.top(), legendArea.width(), 6 * big)), Qt::AlignLeft | Qt::AlignVCenter,
                   T("图例", "Legend"));
  const QRectF legendBody = legendArea.adjusted(0, 7 * big, 0, 0);
  fitLegend(painter, s.mm(legendBody), sceneLegend(scene), s.family, s.unit * 0.9, 7 * big);
}

// Footer: who made the map, when, from what.
void drawFooter(const Sheet& s) {
  QPainter& painter = s.painter;
  const PrintLayout& layout = s.layout;
  const QString date = layout.date.isEmpty() ? QDate::currentDate().toString(Qt::ISODate) : layout.date;
  QString line = T("编制单位：", "Made by: ") + (layout.organisation.isEmpty() ? QStringLiteral("—") : layout.organisation) +
                 QStringLiteral("      ") + T("制图日期：", "Date: ") + date;
  painter.setFont(pageFont(s.family, 8 * s.big));
  painter.setPen(s.ink);
  const QRectF foot(s.margin, s.bottom() + 2, s.page.width() - 2 * s.margin, s.footerH - 2);
  painter.drawText(s.mm(foot), Qt::AlignLeft | Qt::AlignTop, line);
  if (!layout.sourceNote.isEmpty()) {
    painter.setFont(pageFont(s.family, 7 * s.big));
    painter.setPen(QColor(0x61, 0x61, 0x61));
    const QFontMetricsF m(painter.font(), painter.device());
    const QString note = T("数据来源：", "Sources: ") + layout.sourceNote;
    painter.drawText(s.mm(foot.adjusted(0, 4.5, 0, 0)), Qt::AlignLeft | Qt::AlignTop, m.elidedText(note, Qt::ElideRight, foot.width() * s.k));
  }
}

}  // namespace

PrintedMap drawPrintLayout(QPainter& painter, double unitsPerMm, const Scene& scene, const PrintLayout& layout) {
  const Sheet s{painter,
                layout,
                paperSizeMm(layout),
                unitsPerMm,
                unitsPerMm * 25.4 / kScreenDpi,
                layout.paper == PrintLayout::Paper::A3 ? 1.3 : 1.0,
                scene.styles ? scene.styles->fontFamily : QStringLiteral("Noto Sans CJK SC")};
  painter.save();
  painter.fillRect(s.mm(QRectF(QPointF(0, 0), s.page)), Qt::white);
  drawTitle(s);
  const auto [frame, panel] = frameAndPanel(s);
  const MapPlacement placed = placeMap(scene, layout, frame);
  drawMap(s, scene, placed);
  drawPanel(s, scene, panel, placed);
  drawFooter(s);
  painter.restore();
  return placed.printed;
}

QImage printImage(const Scene& scene, const PrintLayout& layout, double dpi, PrintedMap* printed) {
  const QSizeF page = paperSizeMm(layout);
  const double unitsPerMm = dpi / 25.4;
  QImage image(QSize(int(std::lround(page.width() * unitsPerMm)), int(std::lround(page.height() * unitsPerMm))), QImage::Format_RGB32);
  // Fonts in points then come out at their size on paper.
  image.setDotsPerMeterX(int(std::lround(dpi / 0.0254)));
  image.setDotsPerMeterY(int(std::lround(dpi / 0.0254)));
  image.fill(Qt::white);
  PrintLayout at = layout;
  at.mapDpi = dpi;
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing, true);
  painter.setRenderHint(QPainter::TextAntialiasing, true);
  const PrintedMap shown = drawPrintLayout(painter, unitsPerMm, scene, at);
  painter.end();
  if (printed) *printed = shown;
  return image;
}

}  // namespace sanxian::render
