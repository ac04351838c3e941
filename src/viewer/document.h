// What the viewer shows: the layers (from a project or dragged-in files) in
// drawing order with their visibility, style and labels, the features
// selected and filtered in their attribute tables, the last run (kept
// whole, so that 导出结果 writes it as `sanxian run` would) and its result
// tables with the results panel's filter, the selected result piece and
// the red-line comparison (old | new swipe, either version, the changes).
// It builds the render::Scene that the canvas, the screenshot, the print
// layout and tests draw, searches the layers by code and name, and saves
// what is shown into the project file.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/io/layer.h"
#include "core/io/roles.h"
#include "core/run/project.h"
#include "render/renderer.h"
#include "render/style.h"
#include "report/files/write_run.h"

namespace sanxian::viewer {

struct LayerItem {
  std::string id;
  std::shared_ptr<const Layer> layer;
  std::shared_ptr<const render::LayerCache> cache;
  bool visible = true;
  LayerStyleSpec style;       // the user's overrides, as the project file keeps them
  bool ownResult = false;     // one of Sanxian's own result layers (no role is guessed for it)
  std::vector<size_t> selected;  // features selected (attribute table, map, search)
  render::RowFilter filter;      // features the attribute table's filter leaves, when it applies to the map
};

// A feature found by Document::search.
struct SearchHit {
  std::string layerId;
  size_t feature = 0;
  std::string field;  // the field that matched (as stored)
  std::string value;  // its value
  std::string label;  // "redline_2023 · HX150624000067 鄂托克旗…" for the list
};

// One result table from a run, for the results panel and the map.
struct ResultItem {
  std::string id;     // "<check id>/<table name>": the table's key in the scene, never shown
  std::string check;  // the check's id (its folder), e.g. "矿业权与生态保护红线" or "overlap_mining_reserves"
  std::string title;  // the check's title as the reports name it (CheckOutput::title)
  std::shared_ptr<const Table> table;

  // "<check title> — <table title>" in the user's language, as the window names the table.
  std::string label() const;
};

// Removed, added and nature-changed red-line pieces between two versions,
// and how they are shown: swiping between the old version (left, with what
// was removed) and the new one (right, with what was added), either
// version alone, or the changes over both.
struct Comparison {
  std::string oldId, newId;
  std::shared_ptr<const GEOSGeometry> removed, added, natureChanged;  // the audit's pieces; may be empty collections
  double removedArea = 0, addedArea = 0, natureChangedArea = 0;        // ellipsoidal m², as the red-line audit reports them
  double planarRemovedArea = 0, planarAddedArea = 0;                  // m² in the analysis CRS
  enum class Show { Swipe, Old, New, Changes } show = Show::Swipe;
  double swipe = 0.5;  // the divider, a fraction of the map's width
};

class Document {
public:
  Document();

  std::shared_ptr<const render::StyleSet> styles;
  std::shared_ptr<const RoleCatalog> roles;
  std::optional<Project> project;
  CrsInfo analysisCrs;  // of the layers shown (definition empty until something is loaded)
  std::vector<LayerItem> layers;  // drawing order: first is drawn first (bottom)
  // The last run whole: its loaded layers, each check's output and the
  // ledger. `results` show its tables (sharing them, not copies).
  std::shared_ptr<RunResult> run;
  std::vector<ResultItem> results;
  int activeResult = -1;                   // the result table shown on the map and in the panel
  std::optional<size_t> selectedRow;       // highlighted row of the active result
  render::RowFilter resultFilter;          // rows of the active result the results panel's filter leaves (null: all)
  std::optional<Comparison> comparison;
  // Draw every result table with geometry (the screenshot), not only the active one.
  bool allResultsOnMap = false;
  // The extent the project file's view: names (shown when the project opens).
  std::optional<geos::Envelope> savedExtent;

  // Loads and harmonizes a project (replaces everything shown).
  void openProject(const std::string& path, const ProgressFn& progress = {});
  // Reads a layer file as it is, its role guessed from its field names
  // (none when they fit no role), without showing it: for the mapping dialog.
  Layer readLayerFile(const std::string& path) const;
  // Adds a layer file with its role and the layer's own field names and
  // value spellings; the first layer settles the analysis CRS, later ones
  // are reprojected to it. Returns the layer's id: `id` if free, else the
  // file's name made unique.
  std::string addLayerFile(const std::string& path, const std::optional<std::string>& role = {}, const FieldMapping& mapping = {},
                           const std::string& id = {});
  // Adds a layer read with readLayerFile (harmonized here); returns its id as addLayerFile does.
  std::string addReadLayer(const std::string& path, Layer layer, const std::string& id = {});
  // A free layer id for a file: its name, made unique among the layers shown and the project's.
  std::string freeLayerId(const std::string& path) const;
  // Writes a layer entry (path, role, mapping) into a project file,
  // creating it when there is none, and reads the project again when it is
  // the one open (its runs then include the layer).
  void saveLayerToProject(const std::string& projectPath, const std::string& id, const std::string& path, const std::string& role,
                          const FieldMapping& mapping);
  // Adds an already harmonized layer (tests, the project loader).
  void addLayer(std::string id, Layer layer);
  // Removes a layer from the view (the project file keeps it; saving the
  // project leaves it out of view.layers). Ends a comparison that used it.
  void removeLayer(const std::string& id);
  // Sets a layer's style overrides and redraws its cache.
  void setLayerStyle(const std::string& id, const LayerStyleSpec& style);
  // Moves the layer at `from` to drawing position `to` (0 = bottom).
  void moveLayer(size_t from, size_t to);
  // Keeps a run and shows its result tables (replacing the previous run's).
  void setRun(std::shared_ptr<RunResult> run);
  // Adds a result table outside a run (tests); `title` defaults to `check`.
  void addResult(std::string id, std::string check, Table table, std::string title = {});

  // Red-line comparison between two layers, through the red-line audit
  // (auditLayers): removed = old − new per patch, added = new − old.
  static Comparison compare(const Layer& oldLayer, const Layer& newLayer, const std::string& oldId, const std::string& newId,
                            const RoleCatalog& roles);

  // Features of every layer whose code, name, licence, holder, document or
  // township (the role's fields, else any text field) contains `text`
  // (case-insensitive); role fields first, at most `limit`.
  std::vector<SearchHit> search(const std::string& text, size_t limit = 200) const;

  // Writes the view (extent, drawing order, hidden layers) and the layers'
  // styles into the open project file, after adding to it the layers shown
  // that it does not name (files added in the window, with their role).
  // Returns the ids of layers that could not be saved (no role: Sanxian's
  // own results). Throws a usage error naming the file.
  std::vector<std::string> saveProject(const geos::Envelope& extent);

  int layerIndex(const std::string& id) const;
  LayerItem* layer(const std::string& id);
  const LayerItem* layer(const std::string& id) const;
  // Layers of a role (e.g. every red line version).
  std::vector<std::string> layersWithRole(const std::string& role) const;

  // The scene as the window draws it.
  std::shared_ptr<const render::Scene> scene() const;
  geos::Envelope fullExtent() const { return scene()->fullExtent(); }
  // The envelope of one row of the active result (empty when it has no geometry).
  geos::Envelope resultRowExtent(size_t row) const;
  // The result table with this id (ResultItem::id, render::ResultEntry::id), or null.
  const ResultItem* result(const std::string& id) const;
  const ResultItem* active() const { return activeResult >= 0 && activeResult < static_cast<int>(results.size()) ? &results[activeResult] : nullptr; }

private:
  // Makes the last result added the active one if it is the first with geometry.
  void showIfFirstWithGeometry();
  // The cache of a layer as its role, zone values and the user's style draw it.
  std::shared_ptr<const render::LayerCache> prepare(const Layer& layer, const LayerStyleSpec& style) const;
};

// A project file's style entry as the renderer takes it (colours parsed).
render::LayerStyleOverride styleOverride(const LayerStyleSpec& style);

// The options `sanxian run -o DIR` writes with, as the viewer runs and
// exports: a QGIS style beside each Shapefile and the PDF report, with the
// command line "sanxian-viewer". `cancelled` is asked at every progress
// step and every checkpoint of the writing; it may be called from several
// threads at once.
RunOptions viewerRunOptions(const std::string& outputDir, std::function<bool()> cancelled = {},
                            OutputFormats formats = OutputFormats::all());

// Runs a project's checks as `sanxian run` does, reading its layers afresh,
// and writes the run into options.outputDir unless that is empty (the
// window computes only; 导出结果 writes). Throws RunCancelled as soon as
// options.cancelled() is true at a progress step (each layer loaded, the
// harmonizing, each check) or at a checkpoint of the writing, leaving the
// output folder as it was.
std::shared_ptr<RunResult> runChecks(const Project& project, const RoleCatalog& roles, const RunOptions& options,
                                     const ProgressFn& progress = {});

}  // namespace sanxian::viewer
