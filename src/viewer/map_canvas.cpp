#include "map_canvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace sanxian::viewer {

MapCanvas::MapCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setAttribute(Qt::WA_OpaquePaintEvent);
  renderTimer_.setSingleShot(true);
  connect(&renderTimer_, &QTimer::timeout, this, &MapCanvas::renderNow);
  connect(&renderer_, &render::AsyncRenderer::finished, this, &MapCanvas::onFinished);
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
  renderer_.start(scene_, view_);
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
  if (e->button() != Qt::LeftButton && e->button() != Qt::MiddleButton) return;
  pressed_ = true;
  dragging_ = false;
  pressAt_ = lastAt_ = e->position().toPoint();
  pressView_ = view_;
}

void MapCanvas::mouseMoveEvent(QMouseEvent* e) {
  lastAt_ = e->position().toPoint();
  if (view_.valid()) emit mouseWorld(view_.toWorld(e->position()));
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
  if (!pressed_) return;
  pressed_ = false;
  if (!dragging_) {
    emit clicked(view_.toWorld(e->position()), 4 * view_.unitsPerPixel());
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
