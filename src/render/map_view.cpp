#include "map_view.h"

#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>

#include "core/base/error.h"
#include "core/base/text.h"

namespace sanxian::render {

MapView::MapView(QPointF centre, double unitsPerPixel, QSize size) : centre_(centre), upp_(unitsPerPixel), size_(size) {}

MapView MapView::fit(const geos::Envelope& extent, QSize size, double margin) {
  if (size.isEmpty()) size = QSize(1, 1);
  if (extent.empty) return MapView(QPointF(0, 0), 1000.0 / std::max(1, size.width()), size);
  double w = extent.maxX - extent.minX, h = extent.maxY - extent.minY;
  if (w <= 0 && h <= 0) w = h = 100;  // a single point: 100 m around it
  w *= 1 + 2 * margin;
  h *= 1 + 2 * margin;
  const double upp = std::max(w / size.width(), h / size.height());
  return MapView(QPointF((extent.minX + extent.maxX) / 2, (extent.minY + extent.maxY) / 2), upp, size);
}

geos::Envelope MapView::parseExtent(const std::string& text) {
  const QStringList parts = QString::fromStdString(text).split(',');
  geos::Envelope e;
  bool ok = parts.size() == 4;
  double v[4] = {};
  for (int i = 0; ok && i < 4; ++i) v[i] = parts[i].trimmed().toDouble(&ok);
  if (!ok || v[2] <= v[0] || v[3] <= v[1])
    throwUsage(format(tr("范围应为 minx,miny,maxx,maxy（分析坐标系，米）：'%s'",
                         "the extent must be minx,miny,maxx,maxy (analysis CRS, metres): '%s'"),
                      text.c_str()));
  e.minX = v[0], e.minY = v[1], e.maxX = v[2], e.maxY = v[3], e.empty = false;
  return e;
}

geos::Envelope MapView::extent() const {
  geos::Envelope e;
  const QPointF a = toWorld(QPointF(0, size_.height())), b = toWorld(QPointF(size_.width(), 0));
  e.minX = a.x(), e.minY = a.y(), e.maxX = b.x(), e.maxY = b.y(), e.empty = !valid();
  return e;
}

MapView MapView::zoomedAt(QPointF pixel, double factor) const {
  const QPointF world = toWorld(pixel);
  const double upp = upp_ / factor;
  // Keep `world` under `pixel`: centre = world - (pixel - half) * upp (y flipped).
  const QPointF centre(world.x() - (pixel.x() - size_.width() / 2.0) * upp, world.y() + (pixel.y() - size_.height() / 2.0) * upp);
  return MapView(centre, upp, size_);
}

MapView MapView::panned(QPointF delta) const {
  return MapView(QPointF(centre_.x() - delta.x() * upp_, centre_.y() + delta.y() * upp_), upp_, size_);
}

QTransform MapView::transformFrom(const MapView& from) const {
  if (!from.valid() || !valid()) return {};
  // from-pixel → world → this pixel; both are scale + translate.
  const double s = from.upp_ / upp_;
  const QPointF origin = toPixel(from.toWorld(QPointF(0, 0)).x(), from.toWorld(QPointF(0, 0)).y());
  return QTransform(s, 0, 0, s, origin.x(), origin.y());
}

}  // namespace sanxian::render
