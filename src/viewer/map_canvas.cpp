#include "map_canvas.h"

#include <QFontMetricsF>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "render/map_elements.h"

namespace sanxian::viewer {

MapCanvas::MapCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setAttribute(Qt::WA_OpaquePaintEvent);
  renderTimer_.setSingleShot(true);
  connect(&renderTimer_, &QTimer::timeout, this, &MapCanvas::renderNow);
  connect(&renderer_, &render::AsyncRenderer::finished, this, &MapCanvas::onFinished);
  options_.swipeLine = false;  // the canvas draws the divider where the mouse has it
}

void MapCanvas::setTool(Tool tool) {
  if (tool != tool_) clearMeasure();
  tool_ = tool;
  setCursor(measuring() ? Qt::CrossCursor : tool == Tool::Identify ? Qt::WhatsThisCursor : Qt::ArrowCursor);
  if (measuring()) emitMeasure();
}

double MapCanvas::scale() const { return render::scaleDenominator(view_.unitsPerPixel(), logicalDpiX()); }

void MapCanvas::zoomToScale(double denominator) {
  if (!(denominator > 0) || !view_.valid()) return;
  setView(render::MapView(view_.centre(), render::unitsPerPixelForScale(denominator, logicalDpiX()), size()));
}

void MapCanvas::setRenderOptions(const render::RenderOptions& options) {
  options_ = options;
  options_.swipeLine = false;
  scheduleRender();
}

void MapCanvas::setSwipe(std::optional<double> fraction) {
  swipe_ = fraction;
  update();
}

void MapCanvas::addMeasurePoint(QPointF world) {
  if (measureDone_) {
    measure_.clear();
    measureDone_ = false;
  }
  measure_.push_back(world);
  emitMeasure();
}

void MapCanvas::finishMeasure() {
  measureDone_ = true;
  hover_.reset();
  emitMeasure();
}

void MapCanvas::clearMeasure() {
  measure_.clear();
  hover_.reset();
  measureDone_ = false;
  measureText_.clear();
  update();
}

void MapCanvas::setMeasureText(const QString& text) {
  measureText_ = text;
  update();
}

void MapCanvas::emitMeasure() {
  std::vector<QPointF> points = measure_;
  if (hover_ && !measureDone_) points.push_back(*hover_);
  emit measureChanged(points, tool_ == Tool::MeasureArea);
  update();
}

void MapCanvas::setScene(std::shared_ptr<const render::Scene> scene) {
  const bool first = !scene_ || !view_.valid();
  scene_ = std::move(scene);
  if (first && scene_) view_ = render::MapView::fit(scene_->fullExtent(), size());
  scheduleRender();
}

void MapCanvas::setView(const render::MapView& view) {
  view_ = view.withSize(size());
  emit viewChanged(view_);
  update();
  scheduleRender();
}

void MapCanvas::zoomToExtent(const geos::Envelope& extent, double margin) {
  if (extent.empty) return;
  setView(render::MapView::fit(extent, size(), margin));
}

void MapCanvas::zoomToFullExtent() {
  if (scene_) zoomToExtent(scene_->fullExtent(), 0.03);
}

void MapCanvas::zoomToSelection(const geos::Envelope& selection) {
  if (selection.empty) return;
  geos::Envelope e = selection;
  const double pad = std::max({(e.maxX - e.minX) * 0.5, (e.maxY - e.minY) * 0.5, 50.0});
  e.minX -= pad, e.minY -= pad, e.maxX += pad, e.maxY += pad;
  zoomToExtent(e, 0);
}

void MapCanvas::zoomBy(double factor) {
  setView(view_.zoomedAt(QPointF(width() / 2.0, height() / 2.0), factor));
}

void MapCanvas::scheduleRender(int delayMs) {
  // The render in progress is stale from now on.
  renderer_.cancel();
  renderTimer_.start(delayMs);
}

void MapCanvas::renderNow() {
  renderTimer_.stop();
  if (!scene_ || !view_.valid()) return;
  renderer_.start(scene_, view_, options_);
}

void MapCanvas::onFinished(quint64 ticket, const QImage& image, const render::MapView& view, double seconds) {
  if (ticket != renderer_.lastTicket()) return;
  image_ = image;
  imageView_ = view;
  update();
  emit rendered(seconds);
}

void MapCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const QColor background = scene_ && scene_->styles ? scene_->styles->background : QColor(Qt::white);
  p.fillRect(rect(), background);
  if (!image_.isNull()) {
    // The last image, moved and scaled to where its world now is.
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    p.setTransform(view_.transformFrom(imageView_));
    p.drawImage(QPointF(0, 0), image_);
    p.resetTransform();
  }
  if (pressed_ && tool_ == Tool::ZoomBox && dragging_) {
    p.setPen(QPen(QColor(0, 120, 215), 1, Qt::DashLine));
    p.setBrush(QColor(0, 120, 215, 40));
    p.drawRect(QRect(pressAt_, lastAt_).normalized());
  }
  if (swipe_ && scene_) {
    // The divider where the mouse has it; the map on each side follows with the next render.
    render::Scene captions;
    captions.styles = scene_->styles;
    captions.swipe = swipe_;
    captions.swipeLeft = scene_->swipeLeft;
    captions.swipeRight = scene_->swipeRight;
    render::drawSwipeDivider(p, captions, view_.withSize(size()));
  }
  if (measuring()) paintMeasure(p);
}

void MapCanvas::paintMeasure(QPainter& p) {
  p.setRenderHint(QPainter::Antialiasing, true);
  std::vector<QPointF> points = measure_;
  if (hover_ && !measureDone_) points.push_back(*hover_);
  QPolygonF pixels;
  for (const QPointF& w : points) pixels << view_.toPixel(w.x(), w.y());
  const QColor ink(230, 81, 0);
  if (tool_ == Tool::MeasureArea && pixels.size() >= 3) {
    QPainterPath path;
    path.addPolygon(pixels);
    path.closeSubpath();
    p.fillPath(path, QColor(255, 167, 38, 70));
    p.setPen(QPen(ink, 2, Qt::DashLine));
    p.drawPath(path);
  } else if (pixels.size() >= 2) {
    p.setPen(QPen(QColor(255, 255, 255, 220), 4));
    p.drawPolyline(pixels);
    p.setPen(QPen(ink, 2));
    p.drawPolyline(pixels);
  }
  p.setPen(QPen(Qt::white, 1.5));
  p.setBrush(ink);
  for (const QPointF& px : pixels) p.drawEllipse(px, 3.5, 3.5);
  if (!measureText_.isEmpty()) {
    QFont font = p.font();
    font.setPointSizeF(9.5);
    p.setFont(font);
    const QFontMetricsF m(font);
    const double w = std::min(m.horizontalAdvance(measureText_) + 16, width() - 24.0);
    const QRectF box(12, 12, w, m.height() + 10);
    p.fillRect(box, QColor(255, 255, 255, 235));
    p.setPen(QPen(ink, 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(box);
    p.setPen(QColor(0x21, 0x21, 0x21));
    p.drawText(box.adjusted(8, 0, -8, 0), Qt::AlignVCenter | Qt::AlignLeft, m.elidedText(measureText_, Qt::ElideRight, w - 16));
  }
}

void MapCanvas::resizeEvent(QResizeEvent*) {
  if (!view_.valid() && scene_) view_ = render::MapView::fit(scene_->fullExtent(), size());
  else view_ = view_.withSize(size());
  scheduleRender(80);
}

void MapCanvas::wheelEvent(QWheelEvent* e) {
  const double steps = e->angleDelta().y() / 120.0;
  if (steps == 0) return;
  setView(view_.zoomedAt(e->position(), std::pow(1.25, steps)));
  scheduleRender(150);  // wait for the wheel to stop
}

void MapCanvas::mousePressEvent(QMouseEvent* e) {
  if (e->button() == Qt::RightButton && measuring()) {
    finishMeasure();
    return;
  }
  if (e->button() == Qt::LeftButton && swipe_ && std::abs(e->position().x() - *swipe_ * width()) <= 6) {
    swiping_ = true;
    return;
  }
  if (e->button() != Qt::LeftButton && e->button() != Qt::MiddleButton) return;
  pressed_ = true;
  dragging_ = false;
  pressAt_ = lastAt_ = e->position().toPoint();
  pressView_ = view_;
}

void MapCanvas::mouseMoveEvent(QMouseEvent* e) {
  lastAt_ = e->position().toPoint();
  if (view_.valid()) emit mouseWorld(view_.toWorld(e->position()));
  if (swiping_) {
    swipe_ = std::clamp(e->position().x() / std::max(1, width()), 0.0, 1.0);
    update();
    emit swipeMoved(*swipe_);
    return;
  }
  if (swipe_ && !pressed_) setCursor(std::abs(e->position().x() - *swipe_ * width()) <= 6 ? Qt::SplitHCursor : measuring() ? Qt::CrossCursor : Qt::ArrowCursor);
  if (measuring() && !measureDone_ && !measure_.empty() && !pressed_ && view_.valid()) {
    hover_ = view_.toWorld(e->position());
    emitMeasure();
  }
  if (!pressed_) return;
  if ((lastAt_ - pressAt_).manhattanLength() > 3) dragging_ = true;
  if (!dragging_) return;
  if (tool_ == Tool::ZoomBox && !(e->buttons() & Qt::MiddleButton)) {
    update();
  } else {
    // The last image moves with the mouse; no render until the drag ends.
    renderer_.cancel();
    view_ = pressView_.panned(QPointF(lastAt_ - pressAt_));
    update();
  }
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* e) {
  if (swiping_) {
    swiping_ = false;
    return;
  }
  if (!pressed_) return;
  pressed_ = false;
  if (!dragging_) {
    if (measuring() && e->button() == Qt::LeftButton) addMeasurePoint(view_.toWorld(e->position()));
    else emit clicked(view_.toWorld(e->position()), 4 * view_.unitsPerPixel());
    return;
  }
  dragging_ = false;
  if (tool_ == Tool::ZoomBox && e->button() == Qt::LeftButton) {
    const QRect box = QRect(pressAt_, e->position().toPoint()).normalized();
    const QPointF a = view_.toWorld(box.bottomLeft()), b = view_.toWorld(box.topRight());
    geos::Envelope env;
    env.minX = a.x(), env.minY = a.y(), env.maxX = b.x(), env.maxY = b.y(), env.empty = false;
    zoomToExtent(env, 0);
  } else {
    setView(view_);
  }
}

}  // namespace sanxian::viewer

namespace sanxian::viewer {

void MapCanvas::mouseDoubleClickEvent(QMouseEvent* e) {
  // The second click of a double click added its point already: it ends the shape.
  if (measuring() && e->button() == Qt::LeftButton) finishMeasure();
}

void MapCanvas::keyPressEvent(QKeyEvent* e) {
  if (e->key() == Qt::Key_Escape && measuring()) {
    clearMeasure();
    emitMeasure();
    return;
  }
  QWidget::keyPressEvent(e);
}

}  // namespace sanxian::viewer
