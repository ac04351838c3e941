// Renders scenes off the calling thread into images. Starting a render
// cancels the one in progress (its flag is raised; it stops at its next
// check and reports `cancelled`), so a stale view is never finished.
// Results come back as signals in the thread that owns this object.
#pragma once

#include <QImage>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <mutex>

#include "map_view.h"
#include "renderer.h"

namespace sanxian::render {

class AsyncRenderer : public QObject {
  Q_OBJECT
public:
  explicit AsyncRenderer(QObject* parent = nullptr);
  ~AsyncRenderer() override;  // cancels and waits for the worker

  // Starts rendering `scene` for `view`; the render in progress, if any, is
  // cancelled. Returns the new render's ticket (1, 2, …).
  quint64 start(std::shared_ptr<const Scene> scene, const MapView& view, const RenderOptions& options = {});
  // Cancels the render in progress, if any.
  void cancel();
  // Blocks until no render is running (tests, shutdown).
  void waitForIdle();

  quint64 lastTicket() const { return ticket_; }
  int finishedCount() const { return finishedCount_; }
  int cancelledCount() const { return cancelledCount_; }

signals:
  // A render completed for `view` (only the latest one ever finishes).
  void finished(quint64 ticket, const QImage& image, const sanxian::render::MapView& view, double seconds);
  // A render stopped early because a newer one started or cancel() was called.
  void cancelled(quint64 ticket);

private:
  QThreadPool pool_;
  std::mutex mutex_;
  std::shared_ptr<std::atomic<bool>> current_;  // cancel flag of the latest render
  quint64 ticket_ = 0;
  int finishedCount_ = 0, cancelledCount_ = 0;
};

}  // namespace sanxian::render
