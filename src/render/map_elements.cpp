#include "map_elements.h"

#include <QFontMetricsF>
#include <QPainterPath>
#include <QRegularExpression>

#include <cmath>

#include "style.h"

namespace sanxian::render {

namespace {

constexpr double kMetresPerInch = 0.0254;

QFont elementFont(const ElementLook& look, double points, bool bold = false) {
  QFont font(look.fontFamily);
  font.setPointSizeF(points);
  font.setBold(bold);
  // Unshaped, as the report's text: a PDF's text layer then names every digit.
  font.setStyleStrategy(QFont::PreferNoShaping);
  return font;
}

// "540 000": digits in groups of three.
QString grouped(double value) {
  const QString digits = QString::number(std::llround(std::abs(value)));
  QString out;
  for (int i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += QChar(' ');
    out += digits[i];
  }
  return value < 0 ? QStringLiteral("-") + out : out;
}

QString lengthText(double metres) {
  return metres >= 1000 ? QStringLiteral("%1 km").arg(metres / 1000, 0, 'g', 6) : QStringLiteral("%1 m").arg(metres, 0, 'g', 6);
}

}  // namespace

double scaleDenominator(double unitsPerPixel, double dpi) { return dpi > 0 ? unitsPerPixel * dpi / kMetresPerInch : 0; }

double unitsPerPixelForScale(double denominator, double dpi) { return dpi > 0 ? denominator * kMetresPerInch / dpi : 0; }

QString scaleText(double denominator) {
  if (!(denominator > 0) || !std::isfinite(denominator)) return {};
  double n = std::round(denominator);
  if (n >= 10000) {
    const double magnitude = std::pow(10.0, std::floor(std::log10(n)) - 2);
    n = std::round(n / magnitude) * magnitude;
  }
  return QStringLiteral("1:") + grouped(n);
}

double parseScale(const QString& text) {
  QString t = text.trimmed();
  t.replace(QChar(0x2236), QChar(':')).replace(QChar(0xFF1A), QChar(':'));
  t.remove(QChar(' ')).remove(QChar(',')).remove(QChar(0x00A0));
  static const QRegularExpression re(QStringLiteral("^(?:1:)?([0-9]+(?:\\.[0-9]+)?)(万)?$"));
  const QRegularExpressionMatch m = re.match(t);
  if (!m.hasMatch()) return 0;
  const double n = m.captured(1).toDouble() * (m.captured(2).isEmpty() ? 1 : 10000);
  return n >= 1 && n <= 1e9 ? n : 0;
}

double niceScale(double denominator) {
  if (!(denominator > 0)) return 0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(denominator)));
  for (const double step : {1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5, 10.0})
    if (step * magnitude >= denominator * (1 - 1e-9)) return step * magnitude;
  return 10 * magnitude;
}

double scaleBarLength(double unitsPerPixel, double maxPixels) {
  if (unitsPerPixel <= 0 || maxPixels <= 0) return 0;
  const double maxUnits = unitsPerPixel * maxPixels;
  const double magnitude = std::pow(10.0, std::floor(std::log10(maxUnits)));
  for (const double step : {5.0, 2.0, 1.0})
    if (step * magnitude <= maxUnits) return step * magnitude;
  return magnitude;
}

QRectF drawScaleBarAt(QPainter& painter, QPointF origin, double metresPerDeviceUnit, double maxLength, const ElementLook& look,
                      const QString& caption, bool draw) {
  const double metres = scaleBarLength(metresPerDeviceUnit, maxLength);
  if (metres <= 0) return {};
  const double length = metres / metresPerDeviceUnit, u = look.unit;
  const QString text = lengthText(metres);
  const QFont font = elementFont(look, look.fontPoints);
  const QFontMetricsF metrics(font, painter.device());
  const double barH = 4 * u, gap = 2 * u;
  const QRectF bar(origin.x(), origin.y() - barH, length, barH);
  const double textBase = bar.top() - gap - metrics.descent();
  const QRectF endText(bar.right() - metrics.horizontalAdvance(text) / 2, textBase - metrics.ascent(), metrics.horizontalAdvance(text),
                       metrics.height());
  QRectF box = bar.united(QRectF(bar.left() - metrics.horizontalAdvance("0") / 2, endText.top(), 1, 1)).united(endText);
  QRectF captionBox;
  if (!caption.isEmpty()) {
    captionBox = QRectF(bar.left(), bar.bottom() + gap, metrics.horizontalAdvance(caption), metrics.height());
    box = box.united(captionBox);
  }
  const QRectF padded = box.adjusted(-4 * u, -3 * u, 4 * u, 3 * u);
  if (!draw) return padded;
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, false);
  if (look.background.alpha()) painter.fillRect(padded, look.background);
  painter.setPen(QPen(look.color, std::max(1.0, 0.8 * u)));
  painter.setBrush(look.color);
  painter.drawRect(QRectF(bar.left(), bar.top(), length / 2, barH));
  painter.setBrush(Qt::white);
  painter.drawRect(QRectF(bar.left() + length / 2, bar.top(), length / 2, barH));
  painter.setFont(font);
  painter.drawText(QPointF(bar.left() - metrics.horizontalAdvance("0") / 2, textBase), QStringLiteral("0"));
  painter.drawText(QPointF(endText.left(), textBase), text);
  if (!caption.isEmpty()) painter.drawText(QPointF(captionBox.left(), captionBox.top() + metrics.ascent()), caption);
  painter.restore();
  return padded;
}

namespace {
ElementLook canvasLook(const StyleSet& styles) {
  ElementLook look;
  look.fontFamily = styles.fontFamily;
  look.color = styles.scaleBarColor;
  look.background = styles.scaleBarBackground;
  return look;
}
}  // namespace

QRectF scaleBarBox(QPainter& painter, const MapView& view, const StyleSet& styles) {
  return drawScaleBarAt(painter, QPointF(14, view.size().height() - 10), view.unitsPerPixel(), styles.scaleBarMaxPixels, canvasLook(styles), {},
                        false);
}

void drawScaleBar(QPainter& painter, const MapView& view, const StyleSet& styles) {
  drawScaleBarAt(painter, QPointF(14, view.size().height() - 10), view.unitsPerPixel(), styles.scaleBarMaxPixels, canvasLook(styles));
}

void drawNorthArrow(QPainter& painter, const QRectF& box, const ElementLook& look) {
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, true);
  if (look.background.alpha()) painter.fillRect(box, look.background);
  const QFont font = elementFont(look, look.fontPoints + 1, true);
  const QFontMetricsF metrics(font, painter.device());
  const QString north = QStringLiteral("N");
  const double textH = metrics.height();
  const QRectF arrow = box.adjusted(box.width() * 0.22, textH + box.height() * 0.04, -box.width() * 0.22, -box.height() * 0.06);
  const QPointF tip(arrow.center().x(), arrow.top()), left(arrow.left(), arrow.bottom()), right(arrow.right(), arrow.bottom());
  const QPointF notch(arrow.center().x(), arrow.top() + arrow.height() * 0.72);
  QPainterPath dark, light;
  dark.moveTo(tip), dark.lineTo(notch), dark.lineTo(left), dark.closeSubpath();
  light.moveTo(tip), light.lineTo(right), light.lineTo(notch), light.closeSubpath();
  painter.setPen(QPen(look.color, std::max(1.0, 0.8 * look.unit)));
  painter.setBrush(look.color);
  painter.drawPath(dark);
  painter.setBrush(Qt::white);
  painter.drawPath(light);
  painter.setFont(font);
  painter.setPen(look.color);
  painter.drawText(QRectF(box.left(), box.top(), box.width(), textH), Qt::AlignHCenter | Qt::AlignTop, north);
  painter.restore();
}

QRectF northArrowBox(const MapView& view) { return QRectF(view.size().width() - 42, 10, 30, 46); }

double gridInterval(double span, int lines) {
  if (!(span > 0) || lines < 1) return 0;
  const double raw = span / lines;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double step : {1.0, 2.0, 5.0})
    if (step * magnitude >= raw) return step * magnitude;
  return 10 * magnitude;
}

void drawGrid(QPainter& painter, const QRectF& frame, const geos::Envelope& extent, const ElementLook& look) {
  if (extent.empty || frame.isEmpty()) return;
  const double w = extent.maxX - extent.minX, h = extent.maxY - extent.minY;
  const double step = gridInterval(std::max(w, h), 5);
  if (!(step > 0)) return;
  const auto toX = [&](double x) { return frame.left() + (x - extent.minX) / w * frame.width(); };
  const auto toY = [&](double y) { return frame.bottom() - (y - extent.minY) / h * frame.height(); };
  const QFont font = elementFont(look, look.fontPoints);
  const QFontMetricsF metrics(font, painter.device());
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, true);
  QColor line = look.color;
  line.setAlpha(110);
  painter.setPen(QPen(line, std::max(1.0, 0.5 * look.unit), Qt::DashLine));
  painter.setFont(font);
  const double tick = 3 * look.unit;
  for (double x = std::ceil(extent.minX / step) * step; x <= extent.maxX; x += step) {
    const double px = toX(x);
    painter.setPen(QPen(line, std::max(1.0, 0.5 * look.unit), Qt::DashLine));
    painter.drawLine(QPointF(px, frame.top()), QPointF(px, frame.bottom()));
    painter.setPen(QPen(look.color, std::max(1.0, 0.6 * look.unit)));
    painter.drawLine(QPointF(px, frame.top()), QPointF(px, frame.top() - tick));
    const QString text = grouped(x);
    painter.drawText(QPointF(px - metrics.horizontalAdvance(text) / 2, frame.top() - tick - metrics.descent() - look.unit), text);
  }
  for (double y = std::ceil(extent.minY / step) * step; y <= extent.maxY; y += step) {
    const double py = toY(y);
    painter.setPen(QPen(line, std::max(1.0, 0.5 * look.unit), Qt::DashLine));
    painter.drawLine(QPointF(frame.left(), py), QPointF(frame.right(), py));
    painter.setPen(QPen(look.color, std::max(1.0, 0.6 * look.unit)));
    painter.drawLine(QPointF(frame.left() - tick, py), QPointF(frame.left(), py));
    // Read from below, along the left edge, as maps print northings.
    const QString text = grouped(y);
    painter.save();
    painter.translate(frame.left() - tick - metrics.descent() - look.unit, py + metrics.horizontalAdvance(text) / 2);
    painter.rotate(-90);
    painter.drawText(QPointF(0, 0), text);
    painter.restore();
  }
  painter.restore();
}

}  // namespace sanxian::render
