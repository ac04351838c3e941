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

PrintedMap drawPrintLayout(QPainter& painter, double unitsPerMm, const Scene& scene, const PrintLayout& layout) {
  const QSizeF page = paperSizeMm(layout);
  const bool a3 = layout.paper == PrintLayout::Paper::A3;
  const double k = unitsPerMm, unit = unitsPerMm * 25.4 / kScreenDpi, big = a3 ? 1.3 : 1.0;
  const auto mm = [&](const QRectF& r) { return QRectF(r.x() * k, r.y() * k, r.width() * k, r.height() * k); };
  const QString family = scene.styles ? scene.styles->fontFamily : QStringLiteral("Noto Sans CJK SC");
  const QColor ink(0x21, 0x21, 0x21);

  painter.save();
  painter.fillRect(mm(QRectF(QPointF(0, 0), page)), Qt::white);

  // Title.
  const double margin = 10, titleH = 12 * big, footerH = 11;
  painter.setPen(ink);
  painter.setFont(pageFont(family, 18 * big, true));
  painter.drawText(mm(QRectF(margin, margin, page.width() - 2 * margin, titleH)), Qt::AlignCenter, layout.title);

  // The map frame and the panel beside it (landscape) or under it (portrait).
  const double top = margin + titleH + 8, bottom = page.height() - margin - footerH, gridRoom = 9;
  QRectF frame, panel;
  if (layout.landscape) {
    const double panelW = a3 ? 92 : 70;
    frame = QRectF(margin + gridRoom, top, page.width() - 2 * margin - gridRoom - panelW - 5, bottom - top);
    panel = QRectF(frame.right() + 5, top, panelW, bottom - top);
  } else {
    const double panelH = a3 ? 95 : 70;
    frame = QRectF(margin + gridRoom, top, page.width() - 2 * margin - gridRoom, bottom - top - panelH - 4);
    panel = QRectF(margin, frame.bottom() + 4, page.width() - 2 * margin, panelH);
  }

  // The map's extent at a round scale.
  const geos::Envelope asked = layout.extent ? *layout.extent : scene.fullExtent();
  PrintedMap printed;
  printed.frameMm = frame;
  double cx = 0, cy = 0, metresPerMm = 1;
  if (!asked.empty) {
    cx = (asked.minX + asked.maxX) / 2, cy = (asked.minY + asked.maxY) / 2;
    const double grow = layout.extent ? 1.0 : 1.04;  // the full extent with a little room
    metresPerMm = std::max({(asked.maxX - asked.minX) * grow / frame.width(), (asked.maxY - asked.minY) * grow / frame.height(), 1e-3});
  }
  printed.denominator = niceScale(metresPerMm * 1000);
  metresPerMm = printed.denominator / 1000;
  printed.extent.minX = cx - frame.width() / 2 * metresPerMm, printed.extent.maxX = cx + frame.width() / 2 * metresPerMm;
  printed.extent.minY = cy - frame.height() / 2 * metresPerMm, printed.extent.maxY = cy + frame.height() / 2 * metresPerMm;
  printed.extent.empty = false;

  // The map, drawn by the renderer at mapDpi with the styles' pixel sizes
  // as 1/96 in, like every other map of Sanxian.
  const QSize logical(std::max(1, int(std::lround(frame.width() / 25.4 * kScreenDpi))), std::max(1, int(std::lround(frame.height() / 25.4 * kScreenDpi))));
  const double ratio = std::max(1.0, layout.mapDpi / kScreenDpi);
  QImage image(QSize(int(std::lround(logical.width() * ratio)), int(std::lround(logical.height() * ratio))), QImage::Format_RGB32);
  image.setDevicePixelRatio(ratio);
  {
    const MapView view(QPointF(cx, cy), metresPerMm * 25.4 / kScreenDpi, logical);
    QPainter p(&image);
    RenderOptions options;
    options.scaleBar = options.northArrow = options.legend = false;
    renderScene(p, scene, view, nullptr, options);
  }
  painter.drawImage(mm(frame), image);
  painter.setPen(QPen(ink, 0.35 * k));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(mm(frame));
  ElementLook look;
  look.fontFamily = family;
  look.color = ink;
  look.unit = unit;
  look.fontPoints = 7 * big;
  if (layout.grid) drawGrid(painter, mm(frame), printed.extent, look);

  // The panel: north arrow, scale, CRS, legend.
  const double pad = 3;
  painter.setPen(QPen(QColor(0x9e, 0x9e, 0x9e), 0.25 * k));
  painter.drawRect(mm(panel));
  const QRectF inner = panel.adjusted(pad, pad, -pad, -pad);
  const QSizeF arrowSize(12 * big, 19 * big);
  QRectF side = layout.landscape ? inner : QRectF(inner.right() - inner.width() * 0.34, inner.top(), inner.width() * 0.34, inner.height());
  const QRectF arrow(side.right() - arrowSize.width(), side.top(), arrowSize.width(), arrowSize.height());
  ElementLook arrowLook = look;
  arrowLook.fontPoints = 9 * big;
  drawNorthArrow(painter, mm(arrow), arrowLook);
  double y = side.top();
  const double textW = side.width() - arrowSize.width() - 2;
  const QFont label = pageFont(family, 8.5 * big, true), small = pageFont(family, 7 * big);
  painter.setPen(ink);
  painter.setFont(label);
  const QString scaleLine = T("比例尺 ", "Scale ") + scaleText(printed.denominator);
  painter.drawText(mm(QRectF(side.left(), y, textW, 6 * big)), Qt::AlignLeft | Qt::AlignVCenter, scaleLine);
  y += 6 * big + 6;
  ElementLook barLook = look;
  barLook.fontPoints = 7 * big;
  const QRectF bar = drawScaleBarAt(painter, QPointF(side.left() * k + 2 * unit, (y + 5) * k), metresPerMm / k, textW * 0.95 * k, barLook);
  y = bar.bottom() / k + 2;
  if (!layout.crs.isEmpty()) {
    painter.setFont(small);
    const QString crs = T("坐标系：", "CRS: ") + layout.crs;
    const QRectF box = mm(QRectF(side.left(), y, side.width(), 40));
    const QRectF need = painter.boundingRect(box, Qt::TextWordWrap | Qt::AlignLeft, crs);
    painter.drawText(box, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, crs);
    y += need.height() / k + 3;
  }
  y = std::max(y, arrow.bottom() + 3);
  const QRectF legendArea = layout.landscape ? QRectF(inner.left(), y, inner.width(), inner.bottom() - y)
                                             : QRectF(inner.left(), inner.top(), side.left() - inner.left() - 4, inner.height());
  painter.setFont(label);
  painter.setPen(ink);
  painter.drawText(mm(QRectF(legendArea.left(), legendArea.top(), legendArea.width(), 6 * big)), Qt::AlignLeft | Qt::AlignVCenter,
                   T("图例", "Legend"));
  const QRectF legendBody = legendArea.adjusted(0, 7 * big, 0, 0);
  fitLegend(painter, mm(legendBody), sceneLegend(scene), family, unit * 0.9, 7 * big);

  // Footer: who made the map, when, from what.
  const QString date = layout.date.isEmpty() ? QDate::currentDate().toString(Qt::ISODate) : layout.date;
  QString line = T("编制单位：", "Made by: ") + (layout.organisation.isEmpty() ? QStringLiteral("—") : layout.organisation) +
                 QStringLiteral("      ") + T("制图日期：", "Date: ") + date;
  painter.setFont(pageFont(family, 8 * big));
  painter.setPen(ink);
  const QRectF foot(margin, bottom + 2, page.width() - 2 * margin, footerH - 2);
  painter.drawText(mm(foot), Qt::AlignLeft | Qt::AlignTop, line);
  if (!layout.sourceNote.isEmpty()) {
    painter.setFont(pageFont(family, 7 * big));
    painter.setPen(QColor(0x61, 0x61, 0x61));
    const QFontMetricsF m(painter.font(), painter.device());
    const QString note = T("数据来源：", "Sources: ") + layout.sourceNote;
    painter.drawText(mm(foot.adjusted(0, 4.5, 0, 0)), Qt::AlignLeft | Qt::AlignTop, m.elidedText(note, Qt::ElideRight, foot.width() * k));
  }
  painter.restore();
  return printed;
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
