#include "report/pdf/pdf_internal.h"

namespace sanxian::report::pdf {

// A column's natural width: its widest cell (capped unless kept whole),
// the header wrapped to at most three lines, and the padding.
double naturalWidth(Pages& pages, const PrintColumn& column, const std::vector<QString>& cells, double points) {
  const QPaintDevice* device = pages.painter().device();
  const QFontMetricsF fm(pages.font(points), device);
  const QFontMetricsF fb(pages.font(points, true), device);
  const double cap = pages.mm(48);
  double w = std::min(cap, fb.horizontalAdvance(column.header) / 3 + fb.horizontalAdvance(QStringLiteral("中")));
  for (const QString& cell : cells) w = std::max(w, column.keep ? fm.horizontalAdvance(cell) : std::min(cap, fm.horizontalAdvance(cell)));
  return w + 2 * pages.mm(0.8);
}

void drawTable(Pages& pages, std::vector<PrintColumn> columns, const std::vector<std::vector<QString>>& rows, double points,
               const std::vector<std::vector<QString>>& totals) {
  if (columns.empty()) return;
  for (PrintColumn& c : columns) c.keep = c.keep || c.number;  // a figure is never split over lines
  QPainter& p = pages.painter();
  const QFont font = pages.font(points), bold = pages.font(points, true);
  const double pad = pages.mm(0.8);
  std::vector<double> widths(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    std::vector<QString> cells;
    for (const auto& row : rows) cells.push_back(row[c]);
    for (const auto& row : totals) cells.push_back(row[c]);
    widths[c] = naturalWidth(pages, columns[c], cells, points);
  }
  double total = 0, kept = 0;
  for (size_t c = 0; c < columns.size(); ++c) {
    total += widths[c];
    if (columns[c].keep) kept += widths[c];
  }
  const double width = pages.body().width();
  if (total < width) {
    double weights = 0;
    for (size_t c = 0; c < columns.size(); ++c) weights += widths[c] * columns[c].weight;
    for (size_t c = 0; c < columns.size(); ++c) widths[c] += (width - total) * widths[c] * columns[c].weight / weights;
  } else {
    // Too wide: narrow the columns not kept whole (their text wraps).
    const double scale = kept < width ? (width - kept) / (total - kept) : width / total;
    for (size_t c = 0; c < columns.size(); ++c)
      if (!columns[c].keep || kept >= width) widths[c] *= scale;
  }
  const QFontMetricsF metrics(font, p.device());
  auto rowHeight = [&](const std::vector<QString>& row, const QFont& f) {
    double h = metrics.height();
    p.setFont(f);
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].keep || row[c].isEmpty()) continue;
      if (QFontMetricsF(f, p.device()).horizontalAdvance(row[c]) <= widths[c] - 2 * pad) continue;
      h = std::max(h, p.boundingRect(QRectF(0, 0, widths[c] - 2 * pad, 1e6), Qt::TextWordWrap | Qt::TextWrapAnywhere, row[c]).height());
    }
    return h + 2 * pad;
  };
  auto header = [&]() {
    double h = 0;
    p.setFont(bold);
    for (size_t c = 0; c < columns.size(); ++c)
      h = std::max(h, p.boundingRect(QRectF(0, 0, widths[c] - 2 * pad, 1e6), Qt::TextWordWrap, columns[c].header).height());
    h += 2 * pad;
    pages.ensure(h + pages.mm(5));
    double x = pages.body().left();
    p.fillRect(QRectF(x, pages.y(), width, h), QColor(0xec, 0xe7, 0xdc));
    p.setPen(QColor(0x21, 0x21, 0x21));
    for (size_t c = 0; c < columns.size(); ++c) {
      p.drawText(QRectF(x + pad, pages.y() + pad, widths[c] - 2 * pad, h - 2 * pad),
                 Qt::TextWordWrap | (columns[c].number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter, columns[c].header);
      x += widths[c];
    }
    pages.skip(h);
  };
  header();
  auto drawRow = [&](const std::vector<QString>& row, const QFont& f, QColor fill) {
    const double h = rowHeight(row, f);
    if (pages.remaining() < h) {
      pages.newPage();
      header();
    }
    double x = pages.body().left();
    if (fill.alpha()) p.fillRect(QRectF(x, pages.y(), width, h), fill);
    p.setPen(Qt::black);
    p.setFont(f);
    for (size_t c = 0; c < columns.size(); ++c) {
      p.drawText(QRectF(x + pad, pages.y() + pad, widths[c] - 2 * pad, h - 2 * pad),
                 (columns[c].number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter |
                     (columns[c].keep ? 0 : Qt::TextWordWrap | Qt::TextWrapAnywhere),
                 row[c]);
      x += widths[c];
    }
    pages.skip(h);
  };
  for (size_t r = 0; r < rows.size(); ++r) drawRow(rows[r], font, r % 2 == 1 ? QColor(0xf6, 0xf4, 0xef) : QColor(0, 0, 0, 0));
  if (!totals.empty()) {
    p.setPen(QPen(QColor(0x61, 0x61, 0x61), pages.mm(0.25)));
    p.drawLine(QPointF(pages.body().left(), pages.y()), QPointF(pages.body().right(), pages.y()));
    for (const auto& row : totals) drawRow(row, bold, QColor(0, 0, 0, 0));
  }
  p.setPen(QPen(QColor(0xbd, 0xbd, 0xbd), pages.mm(0.2)));
  p.drawLine(QPointF(pages.body().left(), pages.y()), QPointF(pages.body().right(), pages.y()));
  pages.skip(pages.mm(2));
}

}  // namespace sanxian::report::pdf
