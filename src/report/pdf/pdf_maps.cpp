#include "report/pdf/pdf_internal.h"

#include "render/legend.h"
#include "render/map_elements.h"

namespace sanxian::report::pdf {

ReportScene buildScene(const LoadedProject& loaded, const RunResult& result, const std::shared_ptr<const render::StyleSet>& styles,
                       const RoleCatalog& roles) {
  ReportScene out;
  out.scene = std::make_shared<render::Scene>();
  out.scene->styles = styles;
  std::vector<std::string> roleOf;
  for (const Layer& layer : loaded.layers) roleOf.push_back(layer.role());
  const std::vector<bool> shown = render::currentVersions(roleOf);
  for (size_t i = 0; i < loaded.layers.size(); ++i) {
    const Layer& layer = loaded.layers[i];
    const bool visible = shown[i];
    auto cache = render::prepareLayer(layer, *styles, &roles);
    out.scene->layers.push_back({loaded.ids[i], &layer, visible, cache});
    out.scene->keepAlive.push_back(cache);
  }
  for (size_t c = 0; c < result.checkOutputs.size(); ++c)
    for (const Table& t : result.checkOutputs[c].tables)
      if (render::overlaidWithFindings(t)) {
        render::ResultEntry entry = render::prepareResult(result.checkOutputs[c].id + "/" + t.name, t, styles.get());
        entry.title = result.checkOutputs[c].title + " — " + tr(t.zh.c_str(), t.en.c_str());
        out.scene->results.push_back(std::move(entry));
      }
  return out;
}

// Draws a map of `extent` into `target` (PDF units) through sanxian_render,
// with a frame, a north arrow and a scale bar with the map's scale, as the
// viewer and the print layout draw them.
void drawMap(Pages& pages, const render::Scene& scene, const geos::Envelope& extent, const QRectF& target, double margin) {
  const QSize logical(static_cast<int>(target.width() / kDpi * kScreenDpi), static_cast<int>(target.height() / kDpi * kScreenDpi));
  const render::MapView view = render::MapView::fit(extent, logical, margin);
  QImage image(QSize(static_cast<int>(logical.width() * kMapPixelRatio), static_cast<int>(logical.height() * kMapPixelRatio)),
               QImage::Format_RGB32);
  image.setDevicePixelRatio(kMapPixelRatio);
  {
    QPainter painter(&image);
    render::RenderOptions options;
    options.scaleBar = options.northArrow = false;  // drawn on the page below, sharp
    render::renderScene(painter, scene, view, nullptr, options);
  }
  QPainter& p = pages.painter();
  p.drawImage(target, image);
  p.setPen(QPen(QColor(0x61, 0x61, 0x61), pages.mm(0.2)));
  p.setBrush(Qt::NoBrush);
  p.drawRect(target);
  render::ElementLook look;
  look.fontFamily = scene.styles ? scene.styles->fontFamily : QStringLiteral("Noto Sans CJK SC");
  look.color = QColor(0x21, 0x21, 0x21);
  look.background = QColor(255, 255, 255, 200);
  look.unit = kDpi / kScreenDpi;
  look.fontPoints = 6.5;
  // Metres per PDF unit: the view's metres per logical pixel over the units per logical pixel.
  const double metresPerUnit = view.unitsPerPixel() / look.unit;
  const double denominator = render::scaleDenominator(view.unitsPerPixel());
  render::drawScaleBarAt(p, QPointF(target.left() + pages.mm(4), target.bottom() - pages.mm(6)), metresPerUnit, target.width() * 0.3, look,
                         render::scaleText(denominator));
  const double arrowW = std::min(pages.mm(7), target.width() * 0.08);
  render::drawNorthArrow(p, QRectF(target.right() - arrowW - pages.mm(2), target.top() + pages.mm(2), arrowW, arrowW * 1.55), look);
}

namespace {

// Three columns across the body, as short as they go: the groups flow down
// one column, then the next. Returns the height; draws from `top` when asked.
double layLegend(Pages& pages, const render::Scene& scene, bool draw, double top) {
  QPainter& p = pages.painter();
  const std::vector<render::LegendGroup> groups = render::sceneLegend(scene);
  if (groups.empty()) return 0;
  const QString family = scene.styles->fontFamily;
  const double unit = kDpi / kScreenDpi * 0.85, width = pages.body().width(), column = width / 3 - pages.mm(3);
  const auto laid = [&](double height, bool now) {
    return render::drawLegend(p, QRectF(pages.body().left(), top, width, height), groups, family, unit, now, 7, column);
  };
  const double oneColumn = laid(1e9, false).height();
  double height = oneColumn / 3 + pages.mm(4);
  while (height < oneColumn && laid(height, false).width() > width) height += pages.mm(4);
  return draw ? laid(height, true).height() : laid(height, false).height();
}

}  // namespace

double legendHeight(Pages& pages, const render::Scene& scene) { return layLegend(pages, scene, false, 0); }

void drawLegend(Pages& pages, const render::Scene& scene) {
  const double height = legendHeight(pages, scene);
  if (height <= 0) return;
  pages.ensure(height);
  const double top = pages.y();
  pages.moveTo(top + layLegend(pages, scene, true, top) + pages.mm(2));
}

std::vector<MapFinding> mapFindings(const RunResult& result, double minAreaHa, size_t maxConflictMaps, size_t& conflictsLeft) {
  std::vector<MapFinding> audit, conflicts;
  for (const CheckOutput& check : result.checkOutputs)
    for (const Finding& f : check.findings) {
      if (!f.geometry || !std::isfinite(f.area)) continue;
      const double ha = f.area / 10000;
      if (ha < minAreaHa) continue;
      const bool redline = f.kind == Finding::Kind::Removed || f.kind == Finding::Kind::NatureChanged;
      (redline ? audit : conflicts).push_back({&check, &f, ha});
    }
  std::stable_sort(conflicts.begin(), conflicts.end(), [](const MapFinding& a, const MapFinding& b) {
    return a.finding->severity != b.finding->severity ? a.finding->severity > b.finding->severity : a.areaHa > b.areaHa;
  });
  conflictsLeft = conflicts.size() > maxConflictMaps ? conflicts.size() - maxConflictMaps : 0;
  if (conflicts.size() > maxConflictMaps) conflicts.resize(maxConflictMaps);
  audit.insert(audit.end(), conflicts.begin(), conflicts.end());
  return audit;
}

// "CT-1A2B3C4D5E · 禁止 · 采矿权与生态保护红线重叠" and the two sides by their codes and names.
std::string sideText(const std::string& code, const std::string& name) {
  if (code.empty()) return name;
  return name.empty() ? code : code + " " + name;
}

QString findingCaption(const MapFinding& m, size_t number) {
  const Finding& f = *m.finding;
  std::string s = format(tr("图 %zu  %s · %s · %s", "Map %zu  %s · %s · %s"), number, f.id.c_str(), severityText(f.severity), f.ruleName.c_str());
  s += "\n" + sideText(f.aCode, f.aName);
  const std::string b = sideText(f.bCode, f.bName);
  if (!b.empty()) s += (f.kind == Finding::Kind::Removed || f.kind == Finding::Kind::NatureChanged ? " → " : " × ") + b;
  s += "\n" + format(tr("%.4f 公顷", "%.4f ha"), m.areaHa);
  if (!f.township.empty()) s += " · " + f.township;
  s += " · " + m.check->title;
  return q(s);
}

}  // namespace sanxian::report::pdf
