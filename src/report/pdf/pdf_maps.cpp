#include "report/pdf/pdf_internal.h"

namespace sanxian::report::pdf {

ReportScene buildScene(const LoadedProject& loaded, const RunResult& result, const std::shared_ptr<const render::StyleSet>& styles,
                       const RoleCatalog& roles) {
  ReportScene out;
  out.scene = std::make_shared<render::Scene>();
  out.scene->styles = styles;
  int lastRedline = -1;
  for (size_t i = 0; i < loaded.layers.size(); ++i)
    if (loaded.layers[i].role() == "redline") lastRedline = static_cast<int>(i);
  for (size_t i = 0; i < loaded.layers.size(); ++i) {
    const Layer& layer = loaded.layers[i];
    const bool visible = layer.role() != "redline" || static_cast<int>(i) == lastRedline;
    auto cache = render::prepareLayer(layer, *styles, &roles);
    out.scene->layers.push_back({loaded.ids[i], &layer, visible, cache});
    out.scene->keepAlive.push_back(cache);
  }
  for (size_t c = 0; c < result.checkOutputs.size(); ++c)
    for (const Table& t : result.checkOutputs[c].tables)
      if (t.hasGeometry()) out.scene->results.push_back(render::prepareResult(result.checkOutputs[c].id + "/" + t.name, t));
  return out;
}

// Draws a map of `extent` into `target` (PDF units) through sanxian_render, with a frame.
void drawMap(Pages& pages, const render::Scene& scene, const geos::Envelope& extent, const QRectF& target, double margin) {
  const QSize logical(static_cast<int>(target.width() / kDpi * kScreenDpi), static_cast<int>(target.height() / kDpi * kScreenDpi));
  const render::MapView view = render::MapView::fit(extent, logical, margin);
  QImage image(QSize(static_cast<int>(logical.width() * kMapPixelRatio), static_cast<int>(logical.height() * kMapPixelRatio)),
               QImage::Format_RGB32);
  image.setDevicePixelRatio(kMapPixelRatio);
  {
    QPainter painter(&image);
    render::renderScene(painter, scene, view);
  }
  QPainter& p = pages.painter();
  p.drawImage(target, image);
  p.setPen(QPen(QColor(0x61, 0x61, 0x61), pages.mm(0.2)));
  p.setBrush(Qt::NoBrush);
  p.drawRect(target);
}

void swatch(QPainter& p, const QRectF& r, const render::Style& s, int dimension) {
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  QPen pen(s.outline, std::max(1.0, s.width * kDpi / kScreenDpi), s.dash);
  if (dimension == 1) {
    p.setPen(pen);
    p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
  } else {
    p.setPen(s.outline.alpha() ? pen : QPen(Qt::NoPen));
    p.setBrush(s.fill);
    p.drawRect(r);
    if (s.hatch != Qt::NoBrush) {
      QBrush hatch(s.hatchColor, s.hatch);
      hatch.setTransform(QTransform::fromScale(kDpi / kScreenDpi, kDpi / kScreenDpi));
      p.setBrush(hatch);
      p.drawRect(r);
    }
  }
  p.restore();
}

void drawLegend(Pages& pages, const render::Scene& scene, const std::vector<std::string>& severities, const RoleCatalog& roles) {
  QPainter& p = pages.painter();
  struct Item { QString label; const render::Style* style; int dimension; };
  std::vector<Item> items;
  for (const auto& l : scene.layers)
    if (l.visible && l.layer) {
      const render::Style& s = scene.styles->forRole(l.layer->role());
      const RoleDef* role = roles.find(l.layer->role());
      items.push_back({q(l.id + " · " + (role ? role->title() : l.layer->role())), &s, l.cache ? l.cache->dimension : 2});
    }
  for (const std::string& sev : severities) items.push_back({q(sev), &scene.styles->forSeverity(sev), 2});
  for (const auto& r : scene.results)
    if (r.severityColumn < 0) {
      items.push_back({T("其他检查结果（如红线变化图斑）", "other results (e.g. red-line changes)"), &scene.styles->forSeverity(""), 2});
      break;
    }
  const double colWidth = pages.body().width() / 3, lineH = pages.mm(5);
  const size_t rowsNeeded = (items.size() + 2) / 3;
  pages.ensure(rowsNeeded * lineH);
  const double top = pages.y();
  p.setFont(pages.font(7.5));
  for (size_t i = 0; i < items.size(); ++i) {
    const double x = pages.body().left() + (i % 3) * colWidth, y = top + (i / 3) * lineH;
    swatch(p, QRectF(x, y + pages.mm(0.8), pages.mm(7), pages.mm(3.4)), *items[i].style, items[i].dimension);
    p.setPen(Qt::black);
    p.drawText(QRectF(x + pages.mm(9), y, colWidth - pages.mm(10), lineH), Qt::AlignLeft | Qt::AlignVCenter, items[i].label);
  }
  pages.moveTo(top + rowsNeeded * lineH + pages.mm(2));
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
