#include "document.h"

#include "core/checks/audit/audit.h"

#include <QString>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/geometry/harmonize.h"
#include "core/geometry/overlay.h"
#include "core/io/field_mapping.h"
#include "core/io/load.h"
#include "report/pdf/pdf_report.h"
#include "report/pdf/qgis_style.h"

namespace sanxian::viewer {

Document::Document() {
  styles = std::make_shared<render::StyleSet>(render::StyleSet::loadDefault());
  roles = std::make_shared<RoleCatalog>(RoleCatalog::loadDefault());
}

void Document::openProject(const std::string& path, const ProgressFn& progress) {
  Project p = readProject(path);
  auto projectRoles = std::make_shared<RoleCatalog>(rolesFor(p));
  LoadedProject loaded = loadProject(p, *projectRoles, std::nullopt, progress);
  roles = std::move(projectRoles);
  layers.clear();
  run.reset();
  results.clear();
  activeResult = -1;
  selectedRow.reset();
  comparison.reset();
  project = std::move(p);
  analysisCrs = loaded.analysisCrs;
  savedExtent.reset();
  for (size_t i = 0; i < loaded.layers.size(); ++i) addLayer(loaded.ids[i], std::move(loaded.layers[i]));
  // The styles and the view saved by 保存项目.
  for (const auto& [id, style] : project->styles)
    if (layerIndex(id) >= 0) setLayerStyle(id, style);
  const ProjectView& view = project->view;
  if (view.layers) {
    std::vector<LayerItem> ordered;
    for (const std::string& id : *view.layers)
      if (const int i = layerIndex(id); i >= 0) ordered.push_back(std::move(layers[i]));
    layers = std::move(ordered);
  }
  if (view.layers || !view.hidden.empty()) {
    for (LayerItem& l : layers) l.visible = std::find(view.hidden.begin(), view.hidden.end(), l.id) == view.hidden.end();
  } else {
    // Several versions of a layer (red line 2022 and 2023, land use or
    // shoreline of two years) drawn over each other hide one another: show
    // the last one named (the newest, by convention), as the PDF does; the
    // tree toggles the rest.
    std::vector<std::string> roleOf;
    for (const LayerItem& l : layers) roleOf.push_back(l.layer ? l.layer->role() : std::string());
    const std::vector<bool> shown = render::currentVersions(roleOf);
    for (size_t i = 0; i < layers.size(); ++i) layers[i].visible = shown[i];
  }
  if (view.extent) {
    geos::Envelope e;
    e.minX = (*view.extent)[0], e.minY = (*view.extent)[1], e.maxX = (*view.extent)[2], e.maxY = (*view.extent)[3], e.empty = false;
    savedExtent = e;
  }
}

Layer Document::readLayerFile(const std::string& path) const {
  LoadOptions options;
  options.source = path;
  return load(options, *roles);
}

std::string Document::freeLayerId(const std::string& path) const {
  const std::string stem = std::filesystem::path(path).stem().string();
  auto taken = [&](const std::string& id) { return layerIndex(id) >= 0 || (project && project->layer(id)); };
  std::string id = stem;
  for (int n = 2; taken(id); ++n) id = stem + "_" + std::to_string(n);
  return id;
}

std::string Document::addLayerFile(const std::string& path, const std::optional<std::string>& role, const FieldMapping& mapping,
                                   const std::string& id) {
  LoadOptions options;
  options.source = path;
  options.role = role;
  options.mapping = mapping;
  return addReadLayer(path, load(options, *roles), id);
}

std::string Document::addReadLayer(const std::string& path, Layer layer, const std::string& id) {
  if (analysisCrs.definition.empty()) analysisCrs = chooseAnalysisCrs({&layer}, std::nullopt);
  harmonize(layer, analysisCrs);
  const std::string chosen = !id.empty() && layerIndex(id) < 0 ? id : freeLayerId(path);
  addLayer(chosen, std::move(layer));
  return chosen;
}

void Document::saveLayerToProject(const std::string& projectPath, const std::string& id, const std::string& path, const std::string& role,
                                  const FieldMapping& mapping) {
  ProjectLayerEntry entry;
  entry.id = id;
  entry.path = std::filesystem::absolute(path).lexically_normal().string();
  entry.role = role;
  entry.mapping = mapping;
  addLayerToProjectFile(projectPath, entry);
  if (project && std::filesystem::equivalent(project->path, projectPath)) project = readProject(project->path);
}

render::LayerStyleOverride styleOverride(const LayerStyleSpec& style) {
  render::LayerStyleOverride o;
  const auto colour = [](const std::optional<std::string>& text) -> std::optional<QColor> {
    if (!text) return std::nullopt;
    try {
      return render::parseColor(*text);
    } catch (const std::exception&) {
      return std::nullopt;  // the project file's schema checked it
    }
  };
  o.fill = colour(style.fill);
  o.outline = colour(style.outline);
  o.width = style.width;
  o.opacity = style.opacity;
  o.labelField = style.label;
  o.labels = style.labels.value_or(true);
  o.categoryField = style.categories.value_or("");
  return o;
}

std::shared_ptr<const render::LayerCache> Document::prepare(const Layer& layer, const LayerStyleSpec& style) const {
  const render::LayerStyleOverride o = styleOverride(style);
  return render::prepareLayer(layer, *styles, roles.get(), o.empty() ? nullptr : &o);
}

void Document::addLayer(std::string id, Layer layer) {
  if (analysisCrs.definition.empty()) analysisCrs = layer.crs;
  LayerItem item;
  item.id = std::move(id);
  item.ownResult = layer.role().empty() && isSanxianResult(layer.source, layer.fields);
  auto shared = std::make_shared<Layer>(std::move(layer));
  item.cache = prepare(*shared, item.style);
  item.layer = std::move(shared);
  layers.push_back(std::move(item));
}

void Document::removeLayer(const std::string& id) {
  const int i = layerIndex(id);
  if (i < 0) return;
  if (comparison && (comparison->oldId == id || comparison->newId == id)) comparison.reset();
  layers.erase(layers.begin() + i);
}

void Document::setLayerStyle(const std::string& id, const LayerStyleSpec& style) {
  LayerItem* item = layer(id);
  if (!item) return;
  item->style = style;
  item->cache = prepare(*item->layer, style);
}

void Document::moveLayer(size_t from, size_t to) {
  if (from >= layers.size() || to >= layers.size() || from == to) return;
  LayerItem moved = std::move(layers[from]);
  layers.erase(layers.begin() + static_cast<long>(from));
  layers.insert(layers.begin() + static_cast<long>(to), std::move(moved));
}

std::string ResultItem::label() const {
  const std::string tableTitle = language() == Language::English || table->zh.empty() ? table->en : table->zh;
  return (title.empty() ? check : title) + " — " + tableTitle;
}

void Document::setRun(std::shared_ptr<RunResult> newRun) {
  run = std::move(newRun);
  results.clear();
  activeResult = -1;
  selectedRow.reset();
  if (!run) return;
  for (const CheckOutput& output : run->checkOutputs)
    for (const Table& t : output.tables) {
      // The panel and the map share the run's tables (and keep the run alive).
      results.push_back({output.id + "/" + t.name, output.id, output.title, std::shared_ptr<const Table>(run, &t)});
      showIfFirstWithGeometry();
    }
}

void Document::addResult(std::string id, std::string check, Table table, std::string title) {
  if (title.empty()) title = check;
  results.push_back({std::move(id), std::move(check), std::move(title), std::make_shared<Table>(std::move(table))});
  showIfFirstWithGeometry();
}

void Document::showIfFirstWithGeometry() {
  if (activeResult < 0 || (!results[activeResult].table->hasGeometry() && results.back().table->hasGeometry()))
    activeResult = static_cast<int>(results.size()) - 1;
}

namespace {
std::shared_ptr<const GEOSGeometry> shareGeom(geos::GeomPtr g) {
  return std::shared_ptr<const GEOSGeometry>(g.release(), [](const GEOSGeometry* p) { geos::GeomDeleter()(const_cast<GEOSGeometry*>(p)); });
}
}  // namespace

Comparison Document::compare(const Layer& oldLayer, const Layer& newLayer, const std::string& oldId, const std::string& newId,
                              const RoleCatalog& roles) {
  // The red-line audit's own engine and figures (ellipsoidal, as the
  // report): the map and the status bar never say another number.
  AuditSettings settings;
  settings.oldId = oldId;
  settings.newId = newId;
  settings.roles = &roles;
  const bool codes = oldLayer.roleMatch && oldLayer.roleMatch->columns.count("code") && newLayer.roleMatch &&
                     newLayer.roleMatch->columns.count("code");
  if (!codes) settings.matchField.clear();
  const AuditResult audit = auditLayers(oldLayer, newLayer, settings);
  Comparison c;
  c.oldId = oldId;
  c.newId = newId;
  std::vector<GEOSGeometry*> removed, added, natureChanged;
  for (const ChangePiece& p : audit.changes) {
    if (!p.geometry) continue;
    std::vector<GEOSGeometry*>& into = p.type == ChangeType::Removed ? removed : p.type == ChangeType::Added ? added : natureChanged;
    into.push_back(GEOSGeom_clone_r(geos::ctx(), p.geometry.get()));
  }
  auto collection = [](std::vector<GEOSGeometry*>& parts) {
    return shareGeom(geos::own(GEOSGeom_createCollection_r(geos::ctx(), GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())),
                               "GEOSGeom_createCollection"));
  };
  c.removed = collection(removed);
  c.added = collection(added);
  c.natureChanged = collection(natureChanged);
  c.removedArea = audit.removed.area;
  c.addedArea = audit.added.area;
  c.natureChangedArea = audit.natureChanged.area;
  c.planarRemovedArea = audit.removed.planar;
  c.planarAddedArea = audit.added.planar;
  return c;
}

int Document::layerIndex(const std::string& id) const {
  for (size_t i = 0; i < layers.size(); ++i)
    if (layers[i].id == id) return static_cast<int>(i);
  return -1;
}

const LayerItem* Document::layer(const std::string& id) const {
  const int i = layerIndex(id);
  return i < 0 ? nullptr : &layers[i];
}

LayerItem* Document::layer(const std::string& id) {
  const int i = layerIndex(id);
  return i < 0 ? nullptr : &layers[i];
}

std::vector<SearchHit> Document::search(const std::string& text, size_t limit) const {
  const QString needle = QString::fromStdString(text).trimmed();
  std::vector<SearchHit> first, rest;
  if (needle.isEmpty()) return first;
  // What people look features up by: codes, names, licence numbers, holders, documents; townships by name.
  static const char* const keys[] = {"code", "name", "licence", "mine_name", "holder", "document", "river"};
  for (auto l = layers.rbegin(); l != layers.rend(); ++l) {
    const Layer& layer = *l->layer;
    std::vector<int> roleColumns;
    if (layer.roleMatch)
      for (const char* key : keys)
        if (const auto it = layer.roleMatch->columns.find(key); it != layer.roleMatch->columns.end()) roleColumns.push_back(it->second);
    const int labelColumn = !roleColumns.empty() ? roleColumns.front() : -1;
    for (size_t f = 0; f < layer.features.size() && first.size() < limit; ++f) {
      const Feature& feature = layer.features[f];
      const auto matches = [&](int c) {
        return c >= 0 && c < static_cast<int>(feature.values.size()) && QString::fromStdString(feature.values[c]).contains(needle, Qt::CaseInsensitive);
      };
      int found = -1;
      bool byRole = false;
      for (const int c : roleColumns)
        if (matches(c)) {
          found = c, byRole = true;
          break;
        }
      if (found < 0)
        for (int c = 0; c < static_cast<int>(feature.values.size()); ++c)
          if (std::find(roleColumns.begin(), roleColumns.end(), c) == roleColumns.end() && matches(c)) {
            found = c;
            break;
          }
      if (found < 0) continue;
      SearchHit hit{l->id, f, layer.fields[found], feature.values[found], {}};
      std::string label = l->id + " · " + hit.value;
      if (labelColumn >= 0 && labelColumn != found && labelColumn < static_cast<int>(feature.values.size()) && !feature.values[labelColumn].empty())
        label += "  (" + feature.values[labelColumn] + ")";
      hit.label = label;
      (byRole ? first : rest).push_back(std::move(hit));
    }
  }
  for (SearchHit& h : rest) {
    if (first.size() >= limit) break;
    first.push_back(std::move(h));
  }
  return first;
}

std::vector<std::string> Document::saveProject(const geos::Envelope& extent) {
  if (!project) throwUsage(tr("没有打开的项目文件", "no project file is open"));
  std::vector<std::string> unsaved;
  const std::string path = project->path;
  for (const LayerItem& l : layers) {
    if (project->layer(l.id)) continue;
    if (l.layer->role().empty()) {
      unsaved.push_back(l.id);
      continue;
    }
    ProjectLayerEntry entry;
    entry.id = l.id;
    entry.path = std::filesystem::absolute(l.layer->source).lexically_normal().string();
    if (l.layer->driver != "ESRI Shapefile") entry.layer = l.layer->layerName;
    entry.role = l.layer->role();
    addLayerToProjectFile(path, entry);
    project = readProject(path);
  }
  ProjectView view;
  if (!extent.empty) view.extent = std::array<double, 4>{extent.minX, extent.minY, extent.maxX, extent.maxY};
  std::vector<std::string> order;
  std::map<std::string, LayerStyleSpec> saved;
  for (const LayerItem& l : layers) {
    if (!project->layer(l.id)) continue;
    order.push_back(l.id);
    if (!l.visible) view.hidden.push_back(l.id);
    if (!l.style.empty()) saved[l.id] = l.style;
  }
  view.layers = order;
  saveProjectDisplay(path, view, saved);
  project = readProject(path);
  return unsaved;
}

std::vector<std::string> Document::layersWithRole(const std::string& role) const {
  std::vector<std::string> ids;
  for (const LayerItem& l : layers)
    if (l.layer->role() == role) ids.push_back(l.id);
  return ids;
}

std::shared_ptr<const render::Scene> Document::scene() const {
  auto scene = std::make_shared<render::Scene>();
  scene->styles = styles;
  const Comparison* c = comparison ? &*comparison : nullptr;
  for (const LayerItem& item : layers) {
    render::LayerEntry entry{item.id, item.layer.get(), item.visible, item.cache};
    entry.filter = item.filter;
    if (c && (item.id == c->oldId || item.id == c->newId)) {
      // The compared versions are shown as the comparison says, whatever their boxes in the tree.
      const bool isOld = item.id == c->oldId;
      switch (c->show) {
        case Comparison::Show::Swipe: entry.visible = true, entry.side = isOld ? -1 : 1; break;
        case Comparison::Show::Old: entry.visible = isOld; break;
        case Comparison::Show::New: entry.visible = !isOld; break;
        case Comparison::Show::Changes: entry.visible = true; break;
      }
    }
    scene->layers.push_back(std::move(entry));
    scene->keepAlive.push_back(item.layer);
    scene->keepAlive.push_back(item.cache);
    if (item.filter) scene->keepAlive.push_back(item.filter);
  }
  if (c) {
    using Show = Comparison::Show;
    const auto piece = [&](const std::shared_ptr<const GEOSGeometry>& g, const char* kind, const std::string& label, int side) {
      if (!g) return;
      render::Overlay o{{g.get()}, styles->forCompare(kind), label, side, 2};
      scene->overlays.push_back(std::move(o));
      scene->keepAlive.push_back(g);
    };
    const auto ha = [](double m2) { return format(tr("%.4f 公顷", "%.4f ha"), m2 / 10000); };
    if (c->show != Show::New)
      piece(c->removed, "removed", tr("减少 ", "removed ") + ha(c->removedArea), c->show == Show::Swipe ? -1 : 0);
    if (c->show != Show::Old)
      piece(c->added, "added", tr("增加 ", "added ") + ha(c->addedArea), c->show == Show::Swipe ? 1 : 0);
    piece(c->natureChanged, "nature_changed", tr("性质改变 ", "nature changed ") + ha(c->natureChangedArea), 0);
    if (c->show == Show::Swipe) {
      scene->swipe = c->swipe;
      scene->swipeLeft = QString::fromStdString(format(tr("◀ 旧版 %s", "◀ old %s"), c->oldId.c_str()));
      scene->swipeRight = QString::fromStdString(format(tr("新版 %s ▶", "new %s ▶"), c->newId.c_str()));
    }
  }
  const auto addResult = [&](const ResultItem& r, const render::RowFilter& filter) {
    render::ResultEntry entry = render::prepareResult(r.id, *r.table, styles.get());
    entry.title = r.label();
    entry.filter = filter;
    scene->results.push_back(std::move(entry));
    scene->keepAlive.push_back(r.table);
    if (filter) scene->keepAlive.push_back(filter);
  };
  if (allResultsOnMap)
    for (const ResultItem& other : results)
      if (&other != active() && render::overlaidWithFindings(*other.table)) addResult(other, nullptr);
  if (const ResultItem* r = active(); r && r->table->hasGeometry()) {
    addResult(*r, resultFilter);
    if (selectedRow && *selectedRow < r->table->geometries.size() && r->table->geometries[*selectedRow])
      scene->overlays.push_back({{r->table->geometries[*selectedRow].get()}, styles->highlight});
  }
  // Features selected in the attribute tables or on the map.
  for (const LayerItem& item : layers) {
    if (item.selected.empty()) continue;
    render::Overlay o{{}, styles->highlight};
    for (const size_t f : item.selected)
      if (f < item.layer->features.size() && item.layer->features[f].geometry) o.geometries.push_back(item.layer->features[f].geometry.get());
    if (!o.geometries.empty()) scene->overlays.push_back(std::move(o));
  }
  return scene;
}

const ResultItem* Document::result(const std::string& id) const {
  for (const ResultItem& r : results)
    if (r.id == id) return &r;
  return nullptr;
}

geos::Envelope Document::resultRowExtent(size_t row) const {
  const ResultItem* r = active();
  if (!r || row >= r->table->geometries.size() || !r->table->geometries[row]) return {};
  return geos::envelope(r->table->geometries[row].get());
}

RunOptions viewerRunOptions(const std::string& outputDir, std::function<bool()> cancelled, OutputFormats formats) {
  RunOptions options;
  options.outputDir = outputDir;
  options.commandLine = "sanxian-viewer";
  options.cancelled = std::move(cancelled);
  options.formats = formats;
  // The same report writers as `sanxian run`: a .qml beside each Shapefile, then the PDF.
  if (formats.has(OutputFormat::Shapefile)) options.extraWriters.push_back(report::qgisStyleWriter());
  if (formats.has(OutputFormat::Pdf)) {
    report::PdfOptions pdf;
    pdf.commandLine = options.commandLine;
    pdf.shapefileEncoding = options.shapefileEncoding;
    pdf.adjustRounding = options.adjustRounding;
    options.extraWriters.push_back(report::pdfReportWriter(pdf));
  }
  return options;
}

std::shared_ptr<RunResult> runChecks(const Project& project, const RoleCatalog& roles, const RunOptions& options,
                                     const ProgressFn& progress) {
  // Loading and the checks stop at their progress steps; the writing also
  // asks options.cancelled before each file.
  const ProgressFn step = [&](const std::string& message) {
    if (options.cancelled && options.cancelled()) throw RunCancelled{};
    if (progress) progress(message);
  };
  auto loaded = std::make_shared<const LoadedProject>(loadProject(project, roles, options.analysisCrs, step, options.tiling));
  auto result = std::make_shared<RunResult>(computeRun(std::move(loaded), options, step));
  if (!options.outputDir.empty()) writeRun(*result, options, step);
  return result;
}

}  // namespace sanxian::viewer
