// The map canvas: shows the last finished render, moved and scaled to the
// current view while a new one renders off the GUI thread (a stale render
// is cancelled when the view changes). Pan by dragging, zoom with the
// wheel or a box, click to identify or pick a result.
#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QTimer>
#include <QWidget>

#include <memory>

#include "render/async_renderer.h"
#include "render/map_view.h"
#include "render/renderer.h"

namespace sanxian::viewer {

class MapCanvas : public QWidget {
  Q_OBJECT
public:
  enum class Tool { Pan, ZoomBox, Identify };

  explicit MapCanvas(QWidget* parent = nullptr);

  void setScene(std::shared_ptr<const render::Scene> scene);
  const std::shared_ptr<const render::Scene>& scene() const { return scene_; }
  const render::MapView& view() const { return view_; }
  void setView(const render::MapView& view);
  // Shows `extent` whole (with a margin, a fraction of its size).
  void zoomToExtent(const geos::Envelope& extent, double margin = 0.05);
  void zoomToFullExtent();
  void zoomBy(double factor);
  void setTool(Tool tool) { tool_ = tool; }
  Tool tool() const { return tool_; }

  render::AsyncRenderer& renderer() { return renderer_; }
  const QImage& image() const { return image_; }
  // Starts a render of the current view now (normally scheduled).
  void renderNow();
  QSize sizeHint() const override { return {900, 650}; }

signals:
  void viewChanged(const sanxian::render::MapView& view);
  // The mouse is over this world point (analysis CRS).
  void mouseWorld(QPointF world);
  // A click (not a drag) at a world point; tolerance is a few pixels in world units.
  void clicked(QPointF world, double tolerance);
  void rendered(double seconds);

protected:
  void paintEvent(QPaintEvent*) override;
  void resizeEvent(QResizeEvent*) override;
  void wheelEvent(QWheelEvent*) override;
  void mousePressEvent(QMouseEvent*) override;
  void mouseMoveEvent(QMouseEvent*) override;
  void mouseReleaseEvent(QMouseEvent*) override;

private:
  void scheduleRender(int delayMs = 0);
  void onFinished(quint64 ticket, const QImage& image, const render::MapView& view, double seconds);

  std::shared_ptr<const render::Scene> scene_;
  render::MapView view_;
  QImage image_;
  render::MapView imageView_;
  render::AsyncRenderer renderer_;
  QTimer renderTimer_;
  Tool tool_ = Tool::Pan;
  bool pressed_ = false, dragging_ = false;
  QPoint pressAt_, lastAt_;
  render::MapView pressView_;
};

}  // namespace sanxian::viewer
