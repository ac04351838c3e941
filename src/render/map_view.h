// The map view: which part of the world (analysis CRS, metres, y up) is
// shown in an image of which size (pixels, y down). A plain value: the
// canvas keeps the one it shows and the one its last image was drawn for.
#pragma once

#include <QPointF>
#include <QSize>
#include <QTransform>

#include "core/base/geos.h"

namespace sanxian::render {

class MapView {
public:
  MapView() = default;
  MapView(QPointF centre, double unitsPerPixel, QSize size);

  // The view showing `extent` whole in `size`, with a margin on each side
  // (a fraction of the extent). An empty extent gives a 1 km view at (0, 0).
  static MapView fit(const geos::Envelope& extent, QSize size, double margin = 0.03);
  // Parses "minx,miny,maxx,maxy"; throws a usage error when malformed.
  static geos::Envelope parseExtent(const std::string& text);

  QPointF centre() const { return centre_; }
  double unitsPerPixel() const { return upp_; }
  QSize size() const { return size_; }
  bool valid() const { return upp_ > 0 && !size_.isEmpty(); }

  QPointF toPixel(double x, double y) const {
    return {(x - centre_.x()) / upp_ + size_.width() / 2.0, (centre_.y() - y) / upp_ + size_.height() / 2.0};
  }
  QPointF toWorld(QPointF pixel) const {
    return {centre_.x() + (pixel.x() - size_.width() / 2.0) * upp_, centre_.y() - (pixel.y() - size_.height() / 2.0) * upp_};
  }
  geos::Envelope extent() const;

  MapView withSize(QSize size) const { return MapView(centre_, upp_, size); }
  // Zoomed by `factor` (>1 zooms in) keeping the world point under `pixel` in place.
  MapView zoomedAt(QPointF pixel, double factor) const;
  // Moved so that the map follows the mouse by `delta` pixels.
  MapView panned(QPointF delta) const;
  // Maps pixels of an image drawn for `from` onto this view's pixels, so a
  // finished image can be shown while a new one renders (panning, zooming).
  QTransform transformFrom(const MapView& from) const;

  bool operator==(const MapView& o) const { return centre_ == o.centre_ && upp_ == o.upp_ && size_ == o.size_; }
  bool operator!=(const MapView& o) const { return !(*this == o); }

private:
  QPointF centre_;
  double upp_ = 0;
  QSize size_;
};

}  // namespace sanxian::render
