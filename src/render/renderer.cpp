#include "renderer.h"

#include <QFontMetricsF>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <map>

#include "legend.h"

namespace sanxian::render {

namespace {

std::string cellString(const Cell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) return std::to_string(*d);
  return {};
}

// Appends one coordinate sequence, simplified to the pixel.
size_t appendSequence(QPainterPath& path, const GEOSGeometry* line, const MapView& view, double tol, bool close) {
  GEOSContextHandle_t h = geos::ctx();
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, line);
  unsigned int n = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n) || n == 0) return 0;
  QPolygonF poly;
  poly.reserve(std::min<unsigned>(n, 4096));
  QPointF last;
  for (unsigned int i = 0; i < n; ++i) {
    double x = 0, y = 0;
    GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
    const QPointF p = view.toPixel(x, y);
    if (i == 0 || i + 1 == n || std::abs(p.x() - last.x()) >= tol || std::abs(p.y() - last.y()) >= tol) {
      poly.append(p);
      last = p;
    }
  }
  if (poly.size() < 2) return 0;
  // A ring within one pixel adds nothing visible, but each is a subpath the
  // fill must walk: a polygon with 100 000 tiny holes took 49 s in the PDF.
  if (close) {
    const QRectF box = poly.boundingRect();
    if (box.width() < 1 && box.height() < 1) return 0;
  }
  path.addPolygon(poly);
  if (close) path.closeSubpath();
  return static_cast<size_t>(poly.size());
}

void collectPoints(const GEOSGeometry* g, std::vector<QPointF>& out, const MapView& view) {
  GEOSContextHandle_t h = geos::ctx();
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POINT) {
    if (GEOSisEmpty_r(h, g) == 1) return;
    double x = 0, y = 0;
    GEOSGeomGetX_r(h, g, &x);
    GEOSGeomGetY_r(h, g, &y);
    out.push_back(view.toPixel(x, y));
  } else if (type == GEOS_MULTIPOINT || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) collectPoints(GEOSGetGeometryN_r(h, g, i), out, view);
  }
}

struct LabelCandidate {
  const GEOSGeometry* geometry;
  geos::Envelope envelope;
  QString text;
  const Style* style;
  QRectF clip;  // the swipe side it must stay on (null: anywhere)
};

class Painter {
public:
  Painter(QPainter& p, const Scene& scene, const MapView& view, const std::atomic<bool>* cancel, const RenderOptions& o)
      : p_(p), scene_(scene), view_(view), cancel_(cancel), options_(o) {
    extent_ = view.extent().grown(4 * view.unitsPerPixel());
  }

  bool cancelled() const { return cancel_ && cancel_->load(std::memory_order_relaxed); }

  // Draws one geometry in one style. Returns false if it was not drawn (off view).
  void draw(const GEOSGeometry* g, const geos::Envelope& env, const Style& style) {
    if (!g || !env.intersects(extent_)) return;
    GEOSContextHandle_t h = geos::ctx();
    const double upp = view_.unitsPerPixel();
    const double wPx = (env.maxX - env.minX) / upp, hPx = (env.maxY - env.minY) / upp;
    const int dim = GEOSGeom_getDimensions_r(h, g);
    if (dim > 0 && wPx < 1.5 && hPx < 1.5) {
      // Smaller than a pixel: one dot in the outline colour (or the fill's).
      const QPointF c = view_.toPixel((env.minX + env.maxX) / 2, (env.minY + env.maxY) / 2);
      const QColor colour = style.outline.alpha() ? style.outline : style.fill;
      p_.fillRect(QRectF(std::floor(c.x()), std::floor(c.y()), 1, 1), colour);
      return;
    }
    if (dim == 0) {
      points_.clear();
      collectPoints(g, points_, view_);
      usePen(style);
      p_.setBrush(style.fill.alpha() ? QBrush(style.fill) : QBrush(style.outline));
      const double r = style.pointSize / 2;
      for (const QPointF& pt : points_) p_.drawEllipse(pt, r, r);
      return;
    }
    QPainterPath path;
    path.setFillRule(Qt::OddEvenFill);
    appendToPath(path, g, view_, options_.simplifyPixels);
    if (path.isEmpty()) return;
    if (dim == 2) {
      if (style.fill.alpha()) p_.fillPath(path, style.fill);
      if (style.hatch != Qt::NoBrush) p_.fillPath(path, QBrush(style.hatchColor, style.hatch));
    }
    if (style.halo.alpha() && style.haloWidth > 0) {
      QPen halo(style.halo, style.width + 2 * style.haloWidth);
      halo.setJoinStyle(Qt::RoundJoin);
      p_.setPen(halo);
      p_.setBrush(Qt::NoBrush);
      p_.drawPath(path);
    }
    if (style.outline.alpha() && style.width > 0) {
      usePen(style);
      p_.setBrush(Qt::NoBrush);
      p_.drawPath(path);
    }
  }

  void addLabel(const GEOSGeometry* g, const geos::Envelope& env, const QString& text, const Style& style, const QRectF& clip) {
    if (!options_.labels || text.isEmpty() || !g || !env.intersects(extent_)) return;
    const double upp = view_.unitsPerPixel();
    const double sizePx = std::max(env.maxX - env.minX, env.maxY - env.minY) / upp;
    if (sizePx < scene_.styles->labelMinPixels && GEOSGeom_getDimensions_r(geos::ctx(), g) > 0) return;
    labels_.push_back({g, env, text, &style, clip});
  }

  // Places the labels; none overlaps another or a box of `reserved` (the
  // map elements), and a label of a swiped layer stays on its side.
  void drawLabels(const std::vector<QRectF>& reserved) {
    if (labels_.empty()) return;
    GEOSContextHandle_t h = geos::ctx();
    std::vector<QRectF> placed = reserved;
    const QRectF whole(QPointF(0, 0), QSizeF(view_.size()));
    std::map<double, std::pair<QFont, QFontMetricsF>> fonts;  // by point size
    const auto collides = [&](const QRectF& r) {
      return std::any_of(placed.begin(), placed.end(), [&](const QRectF& p) { return p.intersects(r); });
    };
    for (const LabelCandidate& label : labels_) {
      if (cancelled() || placed.size() > 800 + reserved.size()) break;
      const QRectF bounds = label.clip.isNull() ? whole : label.clip;
      auto it = fonts.find(label.style->labelSize);
      if (it == fonts.end()) {
        QFont font(scene_.styles->fontFamily);
        font.setPointSizeF(label.style->labelSize);
        it = fonts.emplace(label.style->labelSize, std::make_pair(font, QFontMetricsF(font, p_.device()))).first;
      }
      const QFontMetricsF& metrics = it->second.second;
      QRectF box = metrics.boundingRect(label.text);
      // Cheap test first: a label centred on the envelope that collides
      // is most likely to collide at the feature's inner point too.
      const geos::Envelope& env = label.envelope;
      box.moveCenter(view_.toPixel((env.minX + env.maxX) / 2, (env.minY + env.maxY) / 2));
      if (bounds.contains(box) && collides(box.adjusted(-2, -1, 2, 1))) continue;
      try {
        geos::GeomPtr anchor = geos::own(GEOSPointOnSurface_r(h, label.geometry), "point on surface");
        double x = 0, y = 0;
        GEOSGeomGetX_r(h, anchor.get(), &x);
        GEOSGeomGetY_r(h, anchor.get(), &y);
        QPointF at = view_.toPixel(x, y);
        if (!bounds.contains(at)) {
          // Large feature partly in view: label the part that is shown.
          const geos::Envelope e = view_.extent();
          geos::GeomPtr clip = geos::own(GEOSClipByRect_r(h, label.geometry, e.minX, e.minY, e.maxX, e.maxY), "clip");
          if (GEOSisEmpty_r(h, clip.get()) == 1) continue;
          anchor = geos::own(GEOSPointOnSurface_r(h, clip.get()), "point on surface");
          GEOSGeomGetX_r(h, anchor.get(), &x);
          GEOSGeomGetY_r(h, anchor.get(), &y);
          at = view_.toPixel(x, y);
        }
        box.moveCenter(at);
        if (!bounds.contains(box)) continue;
        const QRectF padded = box.adjusted(-2, -1, 2, 1);
        if (collides(padded)) continue;
        placed.push_back(padded);
        p_.setFont(it->second.first);
        const QPointF base(box.left(), box.top() + metrics.ascent());
        p_.setPen(QColor(255, 255, 255, 220));  // halo
        for (const QPointF d : {QPointF(-1, 0), QPointF(1, 0), QPointF(0, -1), QPointF(0, 1)}) p_.drawText(base + d, label.text);
        p_.setPen(label.style->labelColor);
        p_.drawText(base, label.text);
      } catch (const geos::GeosError&) {
        continue;  // a label is not worth failing a map for
      }
    }
  }

private:
  void usePen(const Style& style) {
    QPen pen(style.outline, style.width);
    pen.setStyle(style.dash);
    // Round joins cost two trigonometric calls per vertex in Qt's stroker:
    // only thick lines, where they show, get them.
    const bool thick = style.width >= 2;
    pen.setJoinStyle(thick ? Qt::RoundJoin : Qt::BevelJoin);
    pen.setCapStyle(thick ? Qt::RoundCap : Qt::FlatCap);
    p_.setPen(pen);
  }

  QPainter& p_;
  const Scene& scene_;
  const MapView& view_;
  const std::atomic<bool>* cancel_;
  const RenderOptions& options_;
  geos::Envelope extent_;
  std::vector<QPointF> points_;
  std::vector<LabelCandidate> labels_;
};

}  // namespace

size_t appendToPath(QPainterPath& path, const GEOSGeometry* g, const MapView& view, double tolerancePx) {
  GEOSContextHandle_t h = geos::ctx();
  switch (GEOSGeomTypeId_r(h, g)) {
    case GEOS_LINESTRING:
      return appendSequence(path, g, view, tolerancePx, false);
    case GEOS_LINEARRING:
      return appendSequence(path, g, view, tolerancePx, true);
    case GEOS_POLYGON: {
      if (GEOSisEmpty_r(h, g) == 1) return 0;
      size_t n = appendSequence(path, GEOSGetExteriorRing_r(h, g), view, tolerancePx, true);
      const int holes = GEOSGetNumInteriorRings_r(h, g);
      for (int i = 0; i < holes; ++i) n += appendSequence(path, GEOSGetInteriorRingN_r(h, g, i), view, tolerancePx, true);
      return n;
    }
    case GEOS_MULTILINESTRING:
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION: {
      size_t n = 0;
      const int parts = GEOSGetNumGeometries_r(h, g);
      for (int i = 0; i < parts; ++i) n += appendToPath(path, GEOSGetGeometryN_r(h, g, i), view, tolerancePx);
      return n;
    }
    default:
      return 0;  // points are drawn as markers
  }
}

int severityColumn(const Table& table) {
  for (const char* key : {"severity", "level", "severity_level"})
    if (const int c = table.columnIndex(key); c >= 0) return c;
  return -1;
}

bool overlaidWithFindings(const Table& table) { return table.hasGeometry() && table.name.rfind("indicators", 0) != 0; }

std::vector<bool> currentVersions(const std::vector<std::string>& roles) {
  std::map<std::string, size_t> last;
  for (size_t i = 0; i < roles.size(); ++i) last[roles[i]] = i;
  std::vector<bool> shown(roles.size());
  for (size_t i = 0; i < roles.size(); ++i) shown[i] = roles[i].empty() || last[roles[i]] == i;
  return shown;
}

ResultEntry prepareResult(std::string id, const Table& table, const StyleSet* styles) {
  ResultEntry r;
  r.id = std::move(id);
  r.table = &table;
  r.severityColumn = severityColumn(table);
  std::vector<std::string> keys;
  for (const Column& c : table.columns) keys.push_back(c.key);
  r.categories = categorizer(keys);
  r.title = r.id;
  if (styles)
    if (const std::vector<std::string>* columns = styles->resultLabelColumns(table.name))
      for (const std::string& key : *columns)
        if (const int c = table.columnIndex(key); c >= 0) r.labelColumns.push_back(c);
  r.envelopes.resize(table.geometries.size());
  for (size_t i = 0; i < table.geometries.size(); ++i)
    if (table.geometries[i]) r.envelopes[i] = geos::envelope(table.geometries[i].get());
  return r;
}

const Style& resultStyle(const StyleSet& styles, const ResultEntry& entry, size_t row) {
  const Table& t = *entry.table;
  if (entry.categories.column < 0 || row >= t.rows.size()) return styles.forSeverity("");
  return categoryStyle(styles, entry.categories, cellString(t.rows[row][entry.categories.column]));
}

geos::Envelope Scene::fullExtent() const {
  geos::Envelope all, visible;
  for (const LayerEntry& l : layers) {
    if (!l.layer) continue;
    all.expand(l.layer->extent);
    if (l.visible) visible.expand(l.layer->extent);
  }
  for (const ResultEntry& r : results)
    for (const geos::Envelope& e : r.envelopes) {
      all.expand(e);
      if (r.visible) visible.expand(e);
    }
  return visible.empty ? all : visible;
}

namespace {
// A thumbnail has no room for a north arrow.
bool showsNorthArrow(const MapView& view, const RenderOptions& options) {
  return options.northArrow && view.size().width() >= 240 && view.size().height() >= 160;
}
}  // namespace

std::vector<QRectF> mapElementBoxes(QPainter& painter, const Scene& scene, const MapView& view, const RenderOptions& options) {
  std::vector<QRectF> boxes;
  if (!scene.styles) return boxes;
  if (options.scaleBar) boxes.push_back(scaleBarBox(painter, view, *scene.styles));
  if (showsNorthArrow(view, options)) boxes.push_back(northArrowBox(view));
  if (options.legend)
    if (const QRectF legend = legendBox(painter, scene, view, false); !legend.isEmpty()) boxes.push_back(legend);
  return boxes;
}

namespace {

// The pixels a side of the swipe covers (null: the whole view).
QRectF sideRect(const Scene& scene, const MapView& view, int side) {
  if (!scene.swipe || side == 0) return {};
  const double x = std::clamp(*scene.swipe, 0.0, 1.0) * view.size().width();
  return side < 0 ? QRectF(0, 0, x, view.size().height()) : QRectF(x, 0, view.size().width() - x, view.size().height());
}

}  // namespace

void drawSwipeDivider(QPainter& painter, const Scene& scene, const MapView& view) {
  const double x = std::clamp(*scene.swipe, 0.0, 1.0) * view.size().width();
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, false);
  painter.setPen(QPen(QColor(255, 255, 255, 230), 4));
  painter.drawLine(QPointF(x, 0), QPointF(x, view.size().height()));
  painter.setPen(QPen(QColor(0x21, 0x21, 0x21), 2));
  painter.drawLine(QPointF(x, 0), QPointF(x, view.size().height()));
  QFont font(scene.styles ? scene.styles->fontFamily : QStringLiteral("Noto Sans CJK SC"));
  font.setPointSizeF(9);
  font.setBold(true);
  painter.setFont(font);
  const QFontMetricsF m(font, painter.device());
  const auto caption = [&](const QString& text, bool left) {
    if (text.isEmpty()) return;
    const double w = m.horizontalAdvance(text) + 12;
    const QRectF box(left ? x - w - 4 : x + 4, 8, w, m.height() + 6);
    painter.fillRect(box, QColor(0x21, 0x21, 0x21, 200));
    painter.setPen(Qt::white);
    painter.drawText(box, Qt::AlignCenter, text);
  };
  caption(scene.swipeLeft, true);
  caption(scene.swipeRight, false);
  painter.restore();
}

namespace {

// Clips `painter` to one side of a swipe (side 0 or no swipe: no clip); returns the clip (null: the whole view).
QRectF clipToSide(QPainter& painter, const Scene& scene, const MapView& view, int side) {
  const QRectF clip = sideRect(scene, view, side);
  if (clip.isNull()) painter.setClipping(false);
  else painter.setClipRect(clip);
  return clip;
}

// The steps of a render, each false when the render was cancelled on the way.
bool drawLayers(Painter& p, QPainter& painter, const Scene& s, const MapView& view, const StyleSet& styles) {
  for (const LayerEntry& entry : s.layers) {
    if (!entry.visible || !entry.layer) continue;
    const Layer& layer = *entry.layer;
    std::shared_ptr<const LayerCache> cache = entry.cache ? entry.cache : prepareLayer(layer, styles, nullptr);
    const QRectF clip = clipToSide(painter, s, view, entry.side);
    for (size_t i = 0; i < layer.features.size(); ++i) {
      if ((i & 255) == 0 && p.cancelled()) return false;
      if (!shown(entry.filter, i)) continue;
      const GEOSGeometry* g = layer.features[i].geometry.get();
      p.draw(g, cache->envelopes[i], *cache->styles[i]);
      if (!cache->labels[i].isEmpty()) p.addLabel(g, cache->envelopes[i], cache->labels[i], *cache->styles[i], clip);
    }
  }
  return true;
}

bool drawResults(Painter& p, const Scene& s, const StyleSet& styles) {
  for (const ResultEntry& entry : s.results) {
    if (!entry.visible || !entry.table) continue;
    const Table& t = *entry.table;
    for (size_t i = 0; i < t.geometries.size() && i < entry.envelopes.size(); ++i) {
      if ((i & 255) == 0 && p.cancelled()) return false;
      if (!shown(entry.filter, i)) continue;
      p.draw(t.geometries[i].get(), entry.envelopes[i], resultStyle(styles, entry, i));
      for (const int c : entry.labelColumns) {
        const std::string text = i < t.rows.size() && c >= 0 && c < static_cast<int>(t.rows[i].size()) ? cellString(t.rows[i][c]) : "";
        if (text.empty()) continue;
        p.addLabel(t.geometries[i].get(), entry.envelopes[i], QString::fromStdString(text), styles.resultLabel, {});
        break;
      }
    }
  }
  return true;
}

bool drawOverlays(Painter& p, QPainter& painter, const Scene& s, const MapView& view) {
  for (const Overlay& overlay : s.overlays) {
    clipToSide(painter, s, view, overlay.side);
    for (size_t i = 0; i < overlay.geometries.size(); ++i) {
      if ((i & 255) == 0 && p.cancelled()) return false;
      if (overlay.geometries[i]) p.draw(overlay.geometries[i], geos::envelope(overlay.geometries[i]), overlay.style);
    }
  }
  return true;
}

// Above the map: the swipe's divider, scale bar, north arrow and legend, as the options ask.
void drawMapElements(QPainter& painter, const Scene& s, const MapView& view, const RenderOptions& options, const StyleSet& styles) {
  if (s.swipe && options.swipeLine) drawSwipeDivider(painter, s, view);
  if (options.scaleBar) drawScaleBar(painter, view, styles);
  if (showsNorthArrow(view, options)) {
    ElementLook look;
    look.fontFamily = styles.fontFamily;
    look.color = styles.scaleBarColor;
    look.background = styles.scaleBarBackground;
    drawNorthArrow(painter, northArrowBox(view), look);
  }
  if (options.legend) legendBox(painter, s, view, true);
}

}  // namespace

bool renderScene(QPainter& painter, const Scene& scene, const MapView& view, const std::atomic<bool>* cancel,
                 const RenderOptions& options) {
  const StyleSet fallbackStyles = scene.styles ? StyleSet() : StyleSet::builtin();
  const StyleSet& styles = scene.styles ? *scene.styles : fallbackStyles;
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, options.antialias);
  painter.setRenderHint(QPainter::TextAntialiasing, true);
  painter.fillRect(QRectF(QPointF(0, 0), QSizeF(view.size())), styles.background);
  Scene withStyles;  // only when the scene came without styles
  const Scene* s = &scene;
  if (!scene.styles) {
    withStyles = scene;
    withStyles.styles = std::make_shared<StyleSet>(fallbackStyles);
    s = &withStyles;
  }
  Painter p(painter, *s, view, cancel, options);
  bool done = drawLayers(p, painter, *s, view, styles);
  painter.setClipping(false);
  done = done && drawResults(p, *s, styles);
  done = done && drawOverlays(p, painter, *s, view);
  painter.setClipping(false);
  // Labels are placed around the map elements, which are drawn over them.
  const std::vector<QRectF> elements = mapElementBoxes(painter, *s, view, options);
  if (done && options.labels) p.drawLabels(elements);
  if (done && p.cancelled()) done = false;
  if (done) drawMapElements(painter, *s, view, options, styles);
  painter.restore();
  return done;
}

QImage renderImage(const Scene& scene, const MapView& view, const std::atomic<bool>* cancel, const RenderOptions& options,
                   bool* cancelled) {
  QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
  QPainter painter(&image);
  const bool done = renderScene(painter, scene, view, cancel, options);
  painter.end();
  if (cancelled) *cancelled = !done;
  return image;
}

std::vector<Hit> identify(const Scene& scene, double x, double y, double tolerance) {
  GEOSContextHandle_t h = geos::ctx();
  geos::GeomPtr point = geos::own(GEOSGeom_createPointFromXY_r(h, x, y), "point");
  geos::Envelope at;
  at.minX = at.maxX = x, at.minY = at.maxY = y, at.empty = false;
  const geos::Envelope probe = at.grown(tolerance);
  const auto near = [&](const GEOSGeometry* g, const geos::Envelope& env) {
    if (!g || !env.intersects(probe)) return false;
    double d = 0;
    return GEOSDistance_r(h, g, point.get(), &d) == 1 && d <= tolerance;
  };
  std::vector<Hit> hits;
  for (int r = static_cast<int>(scene.results.size()) - 1; r >= 0; --r) {
    const ResultEntry& e = scene.results[r];
    if (!e.visible || !e.table) continue;
    for (size_t i = 0; i < e.table->geometries.size() && i < e.envelopes.size(); ++i)
      if (shown(e.filter, i) && near(e.table->geometries[i].get(), e.envelopes[i])) hits.push_back({Hit::Kind::Result, r, i});
  }
  for (int l = static_cast<int>(scene.layers.size()) - 1; l >= 0; --l) {
    const LayerEntry& e = scene.layers[l];
    if (!e.visible || !e.layer) continue;
    for (size_t i = 0; i < e.layer->features.size(); ++i) {
      if (!shown(e.filter, i)) continue;
      const geos::Envelope env = e.cache && i < e.cache->envelopes.size() ? e.cache->envelopes[i]
                                 : e.layer->features[i].geometry ? geos::envelope(e.layer->features[i].geometry.get())
                                                                 : geos::Envelope{};
      if (near(e.layer->features[i].geometry.get(), env)) hits.push_back({Hit::Kind::Feature, l, i});
    }
  }
  return hits;
}

}  // namespace sanxian::render
