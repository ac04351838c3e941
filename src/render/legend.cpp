#include "legend.h"

#include <QFontMetricsF>

#include <algorithm>
#include <set>

#include "core/base/text.h"

namespace sanxian::render {

namespace {

std::string cellString(const Cell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  return {};
}

int tableDimension(const Table& table) {
  for (const auto& g : table.geometries)
    if (g) {
      const int d = GEOSGeom_getDimensions_r(geos::ctx(), g.get());
      if (d >= 0) return d;
    }
  return 2;
}

QFont legendFont(const QString& family, double points, bool bold = false) {
  QFont f(family);
  f.setPointSizeF(points);
  f.setBold(bold);
  f.setStyleStrategy(QFont::PreferNoShaping);
  return f;
}

}  // namespace

std::vector<LegendItem> layerLegend(const LayerEntry& entry, const StyleSet& styles) {
  std::vector<LegendItem> items;
  if (!entry.cache) return items;
  for (const LayerCategory& c : entry.cache->categories)
    if (c.style) items.push_back({c.label, *c.style, entry.cache->dimension});
  if (items.empty()) {
    const Style& s = entry.cache->styles.empty() ? styles.fallback : *entry.cache->styles.front();
    items.push_back({entry.cache->title.isEmpty() ? QString::fromStdString(entry.id) : entry.cache->title, s, entry.cache->dimension});
  }
  return items;
}

std::vector<LegendItem> resultLegend(const ResultEntry& entry, const StyleSet& styles) {
  std::vector<LegendItem> items;
  if (!entry.table) return items;
  const Table& t = *entry.table;
  const int dimension = tableDimension(t);
  const Categorizer& c = entry.categories;
  if (c.by == Categorizer::By::None || c.column < 0) {
    items.push_back({QString::fromStdString(tr(t.zh.c_str(), t.en.c_str())), styles.forSeverity(""), dimension});
    return items;
  }
  struct Found {
    std::string value, label;
    int rank;
  };
  std::vector<Found> found;
  std::set<std::string> seen;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    if (!shown(entry.filter, r)) continue;
    const std::string v = cellString(t.rows[r][c.column]);
    if (!seen.insert(v).second) continue;
    const std::string label = c.labelColumn >= 0 ? cellString(t.rows[r][c.labelColumn]) : v;
    found.push_back({v, label.empty() ? v : label, categoryRank(styles, c, v)});
  }
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.rank < b.rank; });
  for (const Found& f : found) items.push_back({QString::fromStdString(f.label), categoryStyle(styles, c, f.value), dimension});
  return items;
}

std::vector<LegendGroup> sceneLegend(const Scene& scene) {
  std::vector<LegendGroup> groups;
  if (!scene.styles) return groups;
  const StyleSet& styles = *scene.styles;
  LegendGroup overlays;
  for (const Overlay& o : scene.overlays)
    if (!o.label.empty()) overlays.items.push_back({QString::fromStdString(o.label), o.style, o.dimension});
  if (!overlays.items.empty()) {
    overlays.title = QString::fromUtf8(tr("红线变化", "Red-line changes"));
    groups.push_back(std::move(overlays));
  }
  for (auto r = scene.results.rbegin(); r != scene.results.rend(); ++r) {
    if (!r->visible || !r->table) continue;
    LegendGroup g{QString::fromStdString(r->title.empty() ? r->id : r->title), resultLegend(*r, styles)};
    if (!g.items.empty()) groups.push_back(std::move(g));
  }
  for (auto l = scene.layers.rbegin(); l != scene.layers.rend(); ++l) {
    if (!l->visible || !l->layer) continue;
    LegendGroup g{QString::fromStdString(l->id), layerLegend(*l, styles)};
    if (g.items.size() == 1 && g.items[0].label == g.title) g.title.clear();
    groups.push_back(std::move(g));
  }
  return groups;
}

void drawSwatch(QPainter& p, const QRectF& r, const Style& s, int dimension, double unit) {
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  QPen pen(s.outline, std::max(0.8 * unit, std::min(s.width, 3.0) * unit), s.dash);
  pen.setCapStyle(Qt::FlatCap);
  if (dimension == 1) {
    const double y = r.center().y();
    if (s.halo.alpha() && s.haloWidth > 0) {
      p.setPen(QPen(s.halo, pen.widthF() + 2 * s.haloWidth * unit));
      p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y));
    }
    p.setPen(pen);
    p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y));
  } else if (dimension == 0) {
    const double d = std::min({r.width(), r.height(), s.pointSize * unit});
    p.setPen(s.outline.alpha() ? pen : QPen(Qt::NoPen));
    p.setBrush(s.fill.alpha() ? s.fill : s.outline);
    p.drawEllipse(r.center(), d / 2, d / 2);
  } else {
    const QRectF inner = r.adjusted(pen.widthF() / 2, pen.widthF() / 2, -pen.widthF() / 2, -pen.widthF() / 2);
    p.fillRect(inner, s.fill);
    if (s.hatch != Qt::NoBrush) {
      QBrush hatch(s.hatchColor, s.hatch);
      hatch.setTransform(QTransform::fromScale(unit, unit));
      p.fillRect(inner, hatch);
    }
    if (s.halo.alpha() && s.haloWidth > 0) {
      p.setPen(QPen(s.halo, pen.widthF() + 2 * s.haloWidth * unit));
      p.setBrush(Qt::NoBrush);
      p.drawRect(inner);
    }
    if (s.outline.alpha()) {
      p.setPen(pen);
      p.setBrush(Qt::NoBrush);
      p.drawRect(inner);
    }
  }
  p.restore();
}

QImage swatchImage(const Style& style, int dimension, QSize size, qreal devicePixelRatio) {
  QImage image(size * devicePixelRatio, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(devicePixelRatio);
  image.fill(Qt::transparent);
  QPainter p(&image);
  drawSwatch(p, QRectF(1, 2, size.width() - 2, size.height() - 4), style, dimension);
  return image;
}

QString fitText(const QFontMetricsF& metrics, const QString& text, double width) {
  // A hundredth of a device unit: far above the rounding of x + w - tx,
  // far below a glyph.
  if (metrics.horizontalAdvance(text) <= width + 0.01) return text;
  return metrics.elidedText(text, Qt::ElideRight, width);
}

QSizeF drawLegend(QPainter& p, const QRectF& area, const std::vector<LegendGroup>& groups, const QString& fontFamily, double unit, bool draw,
                  double fontPoints, double columnWidth) {
  const QFont itemFont = legendFont(fontFamily, fontPoints), titleFont = legendFont(fontFamily, fontPoints, true);
  const QFontMetricsF item(itemFont, p.device()), title(titleFont, p.device());
  const double swatchW = 20 * unit, swatchH = 11 * unit, gap = 5 * unit;
  const double rowH = std::max(item.height(), swatchH) + 3 * unit, titleH = title.height() + 2 * unit, indent = 6 * unit;
  // Rows to lay out: (is title, group, item).
  struct Row {
    bool isTitle;
    const LegendGroup* group;
    const LegendItem* item;
    QString text;
    double height, width;
  };
  std::vector<Row> rows;
  for (const LegendGroup& g : groups) {
    if (g.items.empty()) continue;
    if (g.items.size() == 1) {
      const QString text = g.title.isEmpty() ? g.items[0].label : g.title + QStringLiteral(" · ") + g.items[0].label;
      rows.push_back({false, &g, &g.items[0], text, rowH, swatchW + gap + item.horizontalAdvance(text)});
      continue;
    }
    rows.push_back({true, &g, nullptr, g.title, titleH, title.horizontalAdvance(g.title)});
    for (const LegendItem& i : g.items) rows.push_back({false, &g, &i, i.label, rowH, indent + swatchW + gap + item.horizontalAdvance(i.label)});
  }
  if (rows.empty()) return {};
  const double maxRowW = columnWidth > 0 ? columnWidth : area.width() > 0 ? area.width() : 1e9;
  double x = area.left(), y = area.top(), colW = 0, usedW = 0, usedH = 0;
  for (const Row& r : rows) {
    // A group's title never ends a column: it goes with its first entry.
    const double need = r.isTitle ? r.height + rowH : r.height;
    if (y + need > area.bottom() + 0.01 && y > area.top()) {
      // Next column.
      x += colW + 3 * gap;
      y = area.top();
      colW = 0;
    }
    const double w = std::min(r.width, maxRowW);
    colW = std::max(colW, w);
    if (draw) {
      if (r.isTitle) {
        p.setFont(titleFont);
        p.setPen(QColor(0x21, 0x21, 0x21));
        p.drawText(QRectF(x, y, w, r.height), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextDontClip, fitText(title, r.text, w));
      } else {
        const double sx = x + (r.group->items.size() > 1 ? indent : 0);
        drawSwatch(p, QRectF(sx, y + (r.height - swatchH) / 2, swatchW, swatchH), r.item->style, r.item->dimension, unit);
        p.setFont(itemFont);
        p.setPen(QColor(0x21, 0x21, 0x21));
        const double tx = sx + swatchW + gap;
        const double room = std::max(0.0, x + w - tx);
        p.drawText(QRectF(tx, y, room, r.height), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextDontClip, fitText(item, r.text, room));
      }
    }
    y += r.height;
    usedW = std::max(usedW, x + colW - area.left());
    usedH = std::max(usedH, y - area.top());
  }
  return {usedW, usedH};
}

QSizeF fitLegend(QPainter& p, const QRectF& area, const std::vector<LegendGroup>& groups, const QString& fontFamily, double unit,
                 double fontPoints) {
  const auto fits = [&](const QSizeF& used) { return used.width() <= area.width() + 0.5 && used.height() <= area.height() + 0.5; };
  for (double points = fontPoints; points >= 4.5; points -= 0.5) {
    const double u = unit * points / fontPoints;
    if (fits(drawLegend(p, area, groups, fontFamily, u, false, points))) return drawLegend(p, area, groups, fontFamily, u, true, points);
  }
  const double points = 4.5, u = unit * points / fontPoints, column = (area.width() - 15 * u) / 2;
  return drawLegend(p, area, groups, fontFamily, u, true, points, column);
}

QRectF legendBox(QPainter& p, const Scene& scene, const MapView& view, bool draw) {
  if (!scene.styles) return {};
  const std::vector<LegendGroup> groups = sceneLegend(scene);
  if (groups.empty()) return {};
  const QRectF arrow = northArrowBox(view);
  const double pad = 6, right = view.size().width() - 10;
  const QRectF area(right - 320, arrow.bottom() + 8 + pad, 320 - 2 * pad, view.size().height() - arrow.bottom() - 60);
  const QSizeF used = drawLegend(p, area, groups, scene.styles->fontFamily, 1, false);
  if (used.isEmpty()) return {};
  const QRectF box(right - used.width() - 2 * pad, area.top() - pad, used.width() + 2 * pad, used.height() + 2 * pad);
  if (draw) {
    p.save();
    p.fillRect(box, QColor(255, 255, 255, 215));
    p.setPen(QPen(QColor(0x9e, 0x9e, 0x9e), 1));
    p.drawRect(box);
    drawLegend(p, box.adjusted(pad, pad, -pad, -pad), groups, scene.styles->fontFamily, 1, true);
    p.restore();
  }
  return box;
}

}  // namespace sanxian::render
