#include "screenshot.h"

#include <QDir>
#include <QImage>
#include <QStringList>

#include <iostream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "document.h"
#include "printing.h"
#include "render/map_elements.h"
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

Comparison::Show parseCompareShow(const std::string& text) {
  if (text == "swipe") return Comparison::Show::Swipe;
  if (text == "old") return Comparison::Show::Old;
  if (text == "new") return Comparison::Show::New;
  if (text == "changes") return Comparison::Show::Changes;
  throwUsage(format(tr("比较显示方式应为 swipe、old、new 或 changes：'%s'", "the comparison shows swipe, old, new or changes: '%s'"), text.c_str()));
}

void prepareHeadless(Document& doc, const HeadlessSetup& setup) {
  const auto progress = [](const std::string& message) { std::cerr << message << "\n"; };
  doc.openProject(setup.project, progress);
  if (setup.runChecks && doc.project) {
    // Computed only, unless asked to write the run (as `sanxian run -o DIR`).
    doc.setRun(runChecks(*doc.project, *doc.roles, viewerRunOptions(setup.checksOutput), progress));
    doc.allResultsOnMap = true;
    size_t rows = 0;
    for (const ResultItem& r : doc.results)
      if (r.table->hasGeometry()) rows += r.table->rows.size();
    std::cerr << format(tr("结果表 %zu 个，带几何的结果 %zu 条", "%zu result tables, %zu results with geometry"), doc.results.size(), rows) << "\n";
  }
  if (!setup.compareOld.empty() || !setup.compareNew.empty()) {
    const LayerItem* a = doc.layer(setup.compareOld);
    const LayerItem* b = doc.layer(setup.compareNew);
    if (!a || !b || a == b)
      throwUsage(format(tr("--compare 须为项目中两个不同图层的 id，如 redline_2022,redline_2023：'%s,%s'",
                           "--compare needs the ids of two different layers of the project, e.g. redline_2022,redline_2023: '%s,%s'"),
                        setup.compareOld.c_str(), setup.compareNew.c_str()));
    Comparison c = Document::compare(*a->layer, *b->layer, a->id, b->id, *doc.roles);
    c.show = setup.compareShow;
    c.swipe = setup.swipe;
    std::cerr << format(tr("红线比较 %s → %s：减少 %.4f 公顷，增加 %.4f 公顷，性质改变 %.4f 公顷（椭球面积）",
                           "red-line comparison %s → %s: removed %.4f ha, added %.4f ha, nature changed %.4f ha (ellipsoidal)"),
                        a->id.c_str(), b->id.c_str(), c.removedArea / 10000, c.addedArea / 10000, c.natureChangedArea / 10000)
              << "\n";
    doc.comparison = std::move(c);
  }
}

int screenshot(const ScreenshotOptions& options) {
  Document doc;
  prepareHeadless(doc, options);
  const std::shared_ptr<const render::Scene> scene = doc.scene();
  const geos::Envelope extent = options.extent ? *options.extent : doc.savedExtent ? *doc.savedExtent : scene->fullExtent();
  const render::MapView view = render::MapView::fit(extent, options.size, options.extent ? 0.0 : 0.03);
  render::RenderOptions render;
  render.legend = options.legend;
  // The map is opaque (the styles' background): the file has no alpha channel, a tenth smaller.
  const QImage image = render::renderImage(*scene, view, nullptr, render).convertToFormat(QImage::Format_RGB32);
  if (!image.save(QString::fromStdString(options.output), "PNG"))
    throwInput(format(tr("无法写入截图 %s", "cannot write the screenshot %s"), options.output.c_str()), {options.output});
  std::cerr << format(tr("已写入 %s（%d×%d）", "wrote %s (%d×%d)"), options.output.c_str(), image.width(), image.height()) << "\n";
  return 0;
}

int printProject(const PrintOptions& options) {
  Document doc;
  prepareHeadless(doc, options);
  render::PrintLayout layout = printLayoutFor(doc);
  if (!options.title.empty()) layout.title = QString::fromStdString(options.title);
  if (!options.organisation.empty()) layout.organisation = QString::fromStdString(options.organisation);
  if (!options.sourceNote.empty()) layout.sourceNote = QString::fromStdString(options.sourceNote);
  if (!options.date.empty()) layout.date = QString::fromStdString(options.date);
  if (!render::parsePaper(QString::fromStdString(options.paper), layout.paper))
    throwUsage(format(tr("纸张应为 A4 或 A3：'%s'", "the paper must be A4 or A3: '%s'"), options.paper.c_str()));
  layout.landscape = options.landscape;
  layout.grid = options.grid;
  layout.extent = options.extent ? options.extent : doc.savedExtent;
  const render::PrintedMap printed = writePrint(options.output, *doc.scene(), layout, options.dpi);
  std::cerr << format(tr("已写入 %s（%s，比例尺 %s）", "wrote %s (%s, scale %s)"), options.output.c_str(), options.paper.c_str(),
                      render::scaleText(printed.denominator).toStdString().c_str())
            << "\n";
  return 0;
}

}  // namespace sanxian::viewer
