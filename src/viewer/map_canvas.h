// The map canvas: shows the last finished render, moved and scaled to the
// current view while a new one renders off the GUI thread (a stale render
// is cancelled when the view changes). Pan by dragging, zoom with the
// wheel, a box or to a scale 1:N, click to identify or pick a result, drag
// the divider of a swipe, click the vertices of a line or polygon to
// measure (the window measures them through core and hands back the text).
#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

#include "render/async_renderer.h"
#include "render/map_view.h"
#include "render/renderer.h"

namespace sanxian::viewer {

class MapCanvas : public QWidget {
  Q_OBJECT
public:
  enum class Tool { Pan, ZoomBox, Identify, MeasureLine, MeasureArea };

  explicit MapCanvas(QWidget* parent = nullptr);

  void setScene(std::shared_ptr<const render::Scene> scene);
  const std::shared_ptr<const render::Scene>& scene() const { return scene_; }
  const render::MapView& view() const { return view_; }
  void setView(const render::MapView& view);
  // Shows `extent` whole (with a margin, a fraction of its size).
  void zoomToExtent(const geos::Envelope& extent, double margin = 0.05);
  void zoomToFullExtent();
  // Shows a selection: a piece fills about half the view, a sliver still
  // gets 50 m on each side; nothing happens for an empty extent.
  void zoomToSelection(const geos::Envelope& selection);
  void zoomBy(double factor);
  void setTool(Tool tool);
  Tool tool() const { return tool_; }
  // The scale 1:N of the view on this screen, and zooming to one (the centre kept).
  double scale() const;
  void zoomToScale(double denominator);

  // What the renders draw besides the map (legend, north arrow, scale bar).
  void setRenderOptions(const render::RenderOptions& options);
  const render::RenderOptions& renderOptions() const { return options_; }
  // The divider of a swipe at a fraction of the width; none: no swipe.
  void setSwipe(std::optional<double> fraction);
  std::optional<double> swipe() const { return swipe_; }

  // Measuring: the vertices clicked (analysis CRS) and whether the shape is finished.
  const std::vector<QPointF>& measurePoints() const { return measure_; }
  bool measureFinished() const { return measureDone_; }
  void addMeasurePoint(QPointF world);
  void finishMeasure();
  void clearMeasure();
  // The figures shown at the top left while measuring (set by the window).
  void setMeasureText(const QString& text);

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
  // The user dragged the swipe's divider.
  void swipeMoved(double fraction);
  // The measured shape changed: its vertices, and the point under the mouse while drawing.
  void measureChanged(const std::vector<QPointF>& points, bool area);

protected:
  void paintEvent(QPaintEvent*) override;
  void resizeEvent(QResizeEvent*) override;
  void wheelEvent(QWheelEvent*) override;
  void mousePressEvent(QMouseEvent*) override;
  void mouseMoveEvent(QMouseEvent*) override;
  void mouseReleaseEvent(QMouseEvent*) override;
  void mouseDoubleClickEvent(QMouseEvent*) override;
  void keyPressEvent(QKeyEvent*) override;

private:
  void scheduleRender(int delayMs = 0);
  void onFinished(quint64 ticket, const QImage& image, const render::MapView& view, double seconds);
  bool measuring() const { return tool_ == Tool::MeasureLine || tool_ == Tool::MeasureArea; }
  void emitMeasure();
  void paintMeasure(QPainter& p);

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
  render::RenderOptions options_;
  std::optional<double> swipe_;
  bool swiping_ = false;
  std::vector<QPointF> measure_;
  std::optional<QPointF> hover_;  // world point under the mouse while a shape is drawn
  bool measureDone_ = false;
  QString measureText_;
};

}  // namespace sanxian::viewer
