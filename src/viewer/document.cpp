#include "document.h"

#include "core/checks/audit/audit.h"

#include <filesystem>

#include "core/base/text.h"
#include "core/geometry/harmonize.h"
#include "core/geometry/overlay.h"
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
  for (size_t i = 0; i < loaded.layers.size(); ++i) addLayer(loaded.ids[i], std::move(loaded.layers[i]));
  // Several red-line versions drawn over each other hide one another: show
  // the last one named (the newest, by convention); the tree toggles the rest.
  const std::vector<std::string> redlines = layersWithRole("redline");
  for (size_t i = 0; i + 1 < redlines.size(); ++i) layers[layerIndex(redlines[i])].visible = false;
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

void Document::addLayer(std::string id, Layer layer) {
  if (analysisCrs.definition.empty()) analysisCrs = layer.crs;
  LayerItem item;
  item.id = std::move(id);
  auto shared = std::make_shared<Layer>(std::move(layer));
  item.cache = render::prepareLayer(*shared, *styles, roles.get());
  item.layer = std::move(shared);
  layers.push_back(std::move(item));
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
  std::vector<GEOSGeometry*> removed, added;
  for (const ChangePiece& p : audit.changes) {
    if (!p.geometry || p.type == ChangeType::NatureChanged) continue;
    (p.type == ChangeType::Removed ? removed : added).push_back(GEOSGeom_clone_r(geos::ctx(), p.geometry.get()));
  }
  auto collection = [](std::vector<GEOSGeometry*>& parts) {
    return shareGeom(geos::own(GEOSGeom_createCollection_r(geos::ctx(), GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())),
                               "GEOSGeom_createCollection"));
  };
  c.removed = collection(removed);
  c.added = collection(added);
  c.removedArea = audit.removed.area;
  c.addedArea = audit.added.area;
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

std::vector<std::string> Document::layersWithRole(const std::string& role) const {
  std::vector<std::string> ids;
  for (const LayerItem& l : layers)
    if (l.layer->role() == role) ids.push_back(l.id);
  return ids;
}

std::shared_ptr<const render::Scene> Document::scene() const {
  auto scene = std::make_shared<render::Scene>();
  scene->styles = styles;
  for (const LayerItem& item : layers) {
    bool visible = item.visible;
    // Toggling between red-line versions hides the other one.
    if (comparison && comparison->show == Comparison::Show::Old && item.id == comparison->newId) visible = false;
    if (comparison && comparison->show == Comparison::Show::New && item.id == comparison->oldId) visible = false;
    scene->layers.push_back({item.id, item.layer.get(), visible, item.cache});
    scene->keepAlive.push_back(item.layer);
    scene->keepAlive.push_back(item.cache);
  }
  if (comparison) {
    if (comparison->show != Comparison::Show::New && comparison->removed)
      scene->overlays.push_back({{comparison->removed.get()}, styles->forCompare("removed")});
    if (comparison->show != Comparison::Show::Old && comparison->added)
      scene->overlays.push_back({{comparison->added.get()}, styles->forCompare("added")});
    scene->keepAlive.push_back(comparison->removed);
    scene->keepAlive.push_back(comparison->added);
  }
  if (allResultsOnMap)
    for (const ResultItem& other : results)
      if (&other != active() && other.table->hasGeometry()) {
        scene->results.push_back(render::prepareResult(other.id, *other.table));
        scene->keepAlive.push_back(other.table);
      }
  if (const ResultItem* r = active(); r && r->table->hasGeometry()) {
    scene->results.push_back(render::prepareResult(r->id, *r->table));
    scene->keepAlive.push_back(r->table);
    if (selectedRow && *selectedRow < r->table->geometries.size() && r->table->geometries[*selectedRow])
      scene->overlays.push_back({{r->table->geometries[*selectedRow].get()}, styles->highlight});
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

RunOptions viewerRunOptions(const std::string& outputDir, std::function<bool()> cancelled) {
  RunOptions options;
  options.outputDir = outputDir;
  options.commandLine = "sanxian-viewer";
  options.cancelled = std::move(cancelled);
  // The same report writers as `sanxian run`: a .qml beside each Shapefile, then the PDF.
  options.extraWriters.push_back(report::qgisStyleWriter());
  report::PdfOptions pdf;
  pdf.commandLine = options.commandLine;
  pdf.shapefileEncoding = options.shapefileEncoding;
  pdf.adjustRounding = options.adjustRounding;
  options.extraWriters.push_back(report::pdfReportWriter(pdf));
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
  auto loaded = std::make_shared<const LoadedProject>(loadProject(project, roles, options.analysisCrs, step));
  auto result = std::make_shared<RunResult>(computeRun(std::move(loaded), options, step));
  if (!options.outputDir.empty()) writeRun(*result, options, step);
  return result;
}

}  // namespace sanxian::viewer
