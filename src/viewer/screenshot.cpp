#include "screenshot.h"

#include <QDir>
#include <QImage>
#include <QStringList>

#include <iostream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "document.h"
#include "render/map_view.h"
#include "render/renderer.h"

namespace sanxian::viewer {

QSize parseSize(const std::string& text) {
  const QStringList parts = QString::fromStdString(text).toLower().split('x');
  bool okW = false, okH = false;
  const int w = parts.size() == 2 ? parts[0].toInt(&okW) : 0, h = parts.size() == 2 ? parts[1].toInt(&okH) : 0;
  if (!okW || !okH || w < 16 || h < 16 || w > 20000 || h > 20000)
    throwUsage(format(tr("尺寸应为 宽x高（像素），例如 1600x1000：'%s'", "the size must be WxH in pixels, e.g. 1600x1000: '%s'"), text.c_str()));
  return QSize(w, h);
}

int screenshot(const ScreenshotOptions& options) {
  Document doc;
  const auto progress = [](const std::string& message) { std::cerr << message << "\n"; };
  doc.openProject(options.project, progress);
  if (options.runChecks && doc.project) {
    // Computed only, unless asked to write the run (as `sanxian run -o DIR`).
    doc.setRun(runChecks(*doc.project, *doc.roles, viewerRunOptions(options.checksOutput), progress));
    doc.allResultsOnMap = true;
    size_t rows = 0;
    for (const ResultItem& r : doc.results)
      if (r.table->hasGeometry()) rows += r.table->rows.size();
    std::cerr << format(tr("结果表 %zu 个，带几何的结果 %zu 条", "%zu result tables, %zu results with geometry"), doc.results.size(), rows) << "\n";
  }
  const std::shared_ptr<const render::Scene> scene = doc.scene();
  const render::MapView view = render::MapView::fit(options.extent ? *options.extent : scene->fullExtent(), options.size,
                                                    options.extent ? 0.0 : 0.03);
  const QImage image = render::renderImage(*scene, view);
  if (!image.save(QString::fromStdString(options.output), "PNG"))
    throwInput(format(tr("无法写入截图 %s", "cannot write the screenshot %s"), options.output.c_str()), {options.output});
  std::cerr << format(tr("已写入 %s（%d×%d）", "wrote %s (%d×%d)"), options.output.c_str(), image.width(), image.height()) << "\n";
  return 0;
}

}  // namespace sanxian::viewer
