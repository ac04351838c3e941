#include "async_renderer.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QPointer>

namespace sanxian::render {

AsyncRenderer::AsyncRenderer(QObject* parent) : QObject(parent) {
  pool_.setMaxThreadCount(2);  // the cancelled render may still be winding down
}

AsyncRenderer::~AsyncRenderer() {
  cancel();
  pool_.waitForDone();
}

quint64 AsyncRenderer::start(std::shared_ptr<const Scene> scene, const MapView& view, const RenderOptions& options) {
  auto flag = std::make_shared<std::atomic<bool>>(false);
  quint64 ticket;
  {
    std::lock_guard lock(mutex_);
    if (current_) current_->store(true);
    current_ = flag;
    ticket = ++ticket_;
  }
  QPointer<AsyncRenderer> self(this);
  pool_.start([self, scene = std::move(scene), view, options, flag, ticket, this]() {
    QElapsedTimer timer;
    timer.start();
    bool stopped = flag->load();
    QImage image;
    if (!stopped) image = renderImage(*scene, view, flag.get(), options, &stopped);
    const double seconds = timer.nsecsElapsed() / 1e9;
    // Deliver in the owner's thread; the destructor waits for this worker,
    // so `this` is alive while the call is queued only if self still is.
    QMetaObject::invokeMethod(
        this,
        [self, image = std::move(image), view, flag, ticket, stopped, seconds]() {
          if (!self) return;
          if (stopped || flag->load()) {
            ++self->cancelledCount_;
            emit self->cancelled(ticket);
          } else {
            ++self->finishedCount_;
            emit self->finished(ticket, image, view, seconds);
          }
        },
        Qt::QueuedConnection);
  });
  return ticket;
}

void AsyncRenderer::cancel() {
  std::lock_guard lock(mutex_);
  if (current_) current_->store(true);
}

void AsyncRenderer::waitForIdle() { pool_.waitForDone(); }

}  // namespace sanxian::render
