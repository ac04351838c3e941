// Render benchmark: loads a project (e.g. the one sanxian-gen writes), and
// times drawing all its layers into a 1920×1080 image at full extent and
// zoomed in (1/20 of the width, at the centre). Run by hand:
//   sanxian-gen --scale S -o /tmp/s && QT_QPA_PLATFORM=offscreen bench_render /tmp/s/project.yaml
#include <QGuiApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "render/renderer.h"
#include "report/files/write_run.h"

using namespace sanxian;

namespace {

double medianMs(const std::function<void()>& f, int repeats) {
  std::vector<double> ms;
  for (int i = 0; i < repeats; ++i) {
    QElapsedTimer t;
    t.start();
    f();
    ms.push_back(t.nsecsElapsed() / 1e6);
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  QGuiApplication app(argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_render PROJECT.yaml [WxH] [repeats]\n");
    return 2;
  }
  const std::string projectPath = argv[1];
  int w = 1920, h = 1080;
  if (argc > 2) std::sscanf(argv[2], "%dx%d", &w, &h);
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 5;

  QElapsedTimer t;
  t.start();
  const RoleCatalog roles = RoleCatalog::loadDefault();
  LoadedProject loaded = loadProject(readProject(projectPath), roles, std::nullopt);
  const double loadMs = t.nsecsElapsed() / 1e6;
  size_t features = 0, vertices = 0;
  for (const Layer& l : loaded.layers) {
    features += l.features.size();
    for (const Feature& f : l.features)
      if (f.geometry) vertices += static_cast<size_t>(GEOSGetNumCoordinates_r(geos::ctx(), f.geometry.get()));
  }

  auto styles = std::make_shared<render::StyleSet>(render::StyleSet::loadDefault());
  render::Scene scene;
  scene.styles = styles;
  t.restart();
  for (size_t i = 0; i < loaded.layers.size(); ++i)
    scene.layers.push_back({loaded.ids[i], &loaded.layers[i], true, render::prepareLayer(loaded.layers[i], *styles, &roles)});
  const double prepareMs = t.nsecsElapsed() / 1e6;

  const QSize size(w, h);
  const render::MapView full = render::MapView::fit(scene.fullExtent(), size);
  const render::MapView zoomed = full.zoomedAt(QPointF(w / 2.0, h / 2.0), 20);
  QImage image;
  const auto draw = [&](const render::MapView& v, bool labels) {
    return [&, v, labels] { image = render::renderImage(scene, v, nullptr, render::RenderOptions{.labels = labels}); };
  };
  draw(full, true)();  // warm up (fonts, caches)
  const double fullMs = medianMs(draw(full, true), repeats);
  const double fullNoLabelsMs = medianMs(draw(full, false), repeats);
  const double zoomMs = medianMs(draw(zoomed, true), repeats);
  const double fullNoAaMs = medianMs([&] { image = render::renderImage(scene, full, nullptr, render::RenderOptions{.labels = false, .antialias = false}); }, repeats);
  image.save("/tmp/bench_render_full.png");

  std::printf("project %s: %zu layers, %zu features, %zu vertices\n", projectPath.c_str(), loaded.layers.size(), features, vertices);
  std::printf("load+harmonize %.0f ms, prepare styles/envelopes/labels %.1f ms\n", loadMs, prepareMs);
  std::printf("%dx%d full extent (%.0f m/px): %.1f ms (without labels %.1f ms)\n", w, h, full.unitsPerPixel(), fullMs, fullNoLabelsMs);
  std::printf("%dx%d full extent without labels and antialiasing: %.1f ms\n", w, h, fullNoAaMs);
  std::printf("%dx%d zoomed in x20 (%.1f m/px): %.1f ms\n", w, h, zoomed.unitsPerPixel(), zoomMs);
  std::printf("median of %d runs, 1 thread\n", repeats);
  return 0;
}
