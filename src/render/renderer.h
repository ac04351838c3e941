// Map drawing: harmonized layers, result tables and overlay pieces drawn
// with their styles into a QPainter (an image, a widget's back buffer or a
// PDF page). Geometry is simplified to the pixel while drawn, features
// outside the view are skipped by their envelope, labels avoid each other,
// and a render stops early when its cancel flag is raised.
#pragma once

#include <QImage>
#include <QPainter>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/geos.h"
#include "core/checks/table.h"
#include "core/io/layer.h"
#include "core/io/roles.h"
#include "layer_cache.h"
#include "map_elements.h"
#include "map_view.h"
#include "style.h"

namespace sanxian::render {

// Rows (features or result rows) drawn: null means all of them.
using RowFilter = std::shared_ptr<const std::vector<char>>;
inline bool shown(const RowFilter& filter, size_t i) { return !filter || (i < filter->size() && (*filter)[i]); }

struct LayerEntry {
  std::string id;        // the project's layer id or the file name
  const Layer* layer = nullptr;
  bool visible = true;
  std::shared_ptr<const LayerCache> cache;
  int side = 0;          // with Scene::swipe: -1 drawn left of the divider only, +1 right only
  RowFilter filter;      // features drawn (the attribute table's filter on the map)
};

// A result table with geometry, coloured by its categories.
struct ResultEntry {
  std::string id;  // e.g. "overlap_2/overlap_pieces"
  const Table* table = nullptr;
  bool visible = true;
  std::vector<geos::Envelope> envelopes;  // one per row
  int severityColumn = -1;
  Categorizer categories;
  std::string title;  // as the legend names the table; the id when empty
  RowFilter filter;   // rows drawn (the results panel's filter on the map)
  std::vector<int> labelColumns;  // the first of these with a value labels a row (StyleSet::resultLabels)
};
// `styles` (may be null) names the columns that label the rows.
ResultEntry prepareResult(std::string id, const Table& table, const StyleSet* styles = nullptr);

// Whether a result table belongs over the map with the others: findings and
// pieces do; indicators by township (whole townships, figures with maps of
// their own) do not.
bool overlaidWithFindings(const Table& table);

// Which of the layers, given by role in project order, are shown at first:
// of several of one role (red line 2022 and 2023, land use of two years)
// only the last named, the current one by convention; layers without a role all.
std::vector<bool> currentVersions(const std::vector<std::string>& roles);
// The column holding a result's severity (key "severity" or "level"), or -1.
int severityColumn(const Table& table);
// The style of a result row.
const Style& resultStyle(const StyleSet& styles, const ResultEntry& entry, size_t row);

// Geometries drawn above everything in one style (compare pieces, the highlight).
struct Overlay {
  std::vector<const GEOSGeometry*> geometries;
  Style style;
  std::string label;  // its legend entry (none when empty: the highlight)
  int side = 0;       // with Scene::swipe: -1 left of the divider only, +1 right only
  int dimension = 2;
};

struct Scene {
  std::shared_ptr<const StyleSet> styles;
  std::vector<LayerEntry> layers;    // drawing order: first drawn first (bottom)
  std::vector<ResultEntry> results;  // drawn above the layers
  std::vector<Overlay> overlays;     // drawn last
  // A swipe between two versions: the divider at this fraction of the
  // width; layers and overlays with a side are drawn on that side only,
  // named by the captions at the top of the divider.
  std::optional<double> swipe;
  QString swipeLeft, swipeRight;
  // Keeps the layers, tables and geometries alive while a worker draws.
  std::vector<std::shared_ptr<const void>> keepAlive;

  // The extent of the visible layers and results (all of them when none is visible).
  geos::Envelope fullExtent() const;
};

struct RenderOptions {
  bool labels = true;
  bool scaleBar = true;
  bool northArrow = true;
  bool legend = false;     // the legend of the visible layers in the top right corner
  bool swipeLine = true;   // the divider of a swipe with its captions (the canvas draws its own)
  bool antialias = true;
  double simplifyPixels = 0.5;  // vertices closer than this to the last drawn one are skipped
};

// Draws the scene for `view` onto `painter` (which must cover view.size()).
// Returns false when `cancel` was raised before the drawing finished.
bool renderScene(QPainter& painter, const Scene& scene, const MapView& view, const std::atomic<bool>* cancel = nullptr,
                 const RenderOptions& options = {});

// Renders into a new ARGB32 image of view.size(); `cancelled` tells whether it stopped early.
QImage renderImage(const Scene& scene, const MapView& view, const std::atomic<bool>* cancel = nullptr,
                   const RenderOptions& options = {}, bool* cancelled = nullptr);

// The divider of the scene's swipe with its captions at the top.
void drawSwipeDivider(QPainter& painter, const Scene& scene, const MapView& view);

// The boxes (pixels) the map elements take for these options: labels are
// placed outside them, so a scale bar or a legend never hides one.
std::vector<QRectF> mapElementBoxes(QPainter& painter, const Scene& scene, const MapView& view, const RenderOptions& options);

// What lies under a world point, within `tolerance` (world units), top-most
// first: result rows (drawn on top), then features of the visible layers
// from the top layer down.
struct Hit {
  enum class Kind { Feature, Result } kind = Kind::Feature;
  int entry = -1;    // index into scene.layers or scene.results
  size_t index = 0;  // feature index in the layer, or row in the table
};
std::vector<Hit> identify(const Scene& scene, double x, double y, double tolerance);

// Appends a GEOS geometry's rings and lines to `path` in pixels, skipping
// vertices closer than `tolerancePx` to the last kept one. Returns the
// number of vertices added.
size_t appendToPath(QPainterPath& path, const GEOSGeometry* g, const MapView& view, double tolerancePx);

}  // namespace sanxian::render
