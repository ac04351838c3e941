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
#include "map_view.h"
#include "style.h"

namespace sanxian::render {

// What drawing a layer needs per feature, worked out once: envelope, the
// style (by role and zone value) and the label text.
struct LayerCache {
  std::vector<geos::Envelope> envelopes;
  std::vector<const Style*> styles;  // point into the StyleSet the cache was made with
  std::vector<QString> labels;
  int dimension = 2;  // 0 points, 1 lines, 2 polygons (the layer's most common)
};

// `roles` maps zone values (核心区 → core); may be null (raw values used).
std::shared_ptr<const LayerCache> prepareLayer(const Layer& layer, const StyleSet& styles, const RoleCatalog* roles);

struct LayerEntry {
  std::string id;        // the project's layer id or the file name
  const Layer* layer = nullptr;
  bool visible = true;
  std::shared_ptr<const LayerCache> cache;
};

// A result table with geometry, coloured by its severity column.
struct ResultEntry {
  std::string id;  // e.g. "overlap_2/overlap_pieces"
  const Table* table = nullptr;
  bool visible = true;
  std::vector<geos::Envelope> envelopes;  // one per row
  int severityColumn = -1;
};
ResultEntry prepareResult(std::string id, const Table& table);
// The column holding a result's severity (key "severity" or "level"), or -1.
int severityColumn(const Table& table);

// Geometries drawn above everything in one style (compare pieces, the highlight).
struct Overlay {
  std::vector<const GEOSGeometry*> geometries;
  Style style;
};

struct Scene {
  std::shared_ptr<const StyleSet> styles;
  std::vector<LayerEntry> layers;    // drawing order: first drawn first (bottom)
  std::vector<ResultEntry> results;  // drawn above the layers
  std::vector<Overlay> overlays;     // drawn last
  // Keeps the layers, tables and geometries alive while a worker draws.
  std::vector<std::shared_ptr<const void>> keepAlive;

  // The extent of the visible layers and results (all of them when none is visible).
  geos::Envelope fullExtent() const;
};

struct RenderOptions {
  bool labels = true;
  bool scaleBar = true;
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

// A 1-2-5 scale bar length (metres) no longer than maxPixels at this view.
double scaleBarLength(double unitsPerPixel, double maxPixels);
void drawScaleBar(QPainter& painter, const MapView& view, const StyleSet& styles);

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
