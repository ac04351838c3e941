// Tiled runs: layers too large to hold in memory at once (national data)
// are held as headers only (loadHeader) and read window by window through
// the source's spatial index (Shapefile .qix, GeoPackage R-tree, PostGIS
// GiST; a Shapefile without one is scanned per window).
//
// Tiles are squares of the analysis plane. A feature belongs to the tile
// holding the first vertex of its geometry in that plane (the owner rule):
// it is judged, repaired and overlaid there and nowhere else, so every
// figure, list and file equals an in-memory run's. Neighbours it meets are
// read whole, from wherever they reach, in the same window.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/checks/overlap/overlap.h"
#include "core/io/layer.h"
#include "core/io/load.h"

namespace sanxian {

// "1G", "512M", "300k", "2.5G", a number of bytes, or "0" / "none" (no
// limit: every layer in memory). Throws a usage error otherwise.
size_t parseMemorySize(const std::string& text);
// The default budget: an eighth of the machine's memory (3 GiB of 24),
// leaving room for the results, the writers and the other programs.
size_t defaultMemoryLimit();
// Roughly what a layer takes in memory once loaded, judged before loading
// from its files' sizes (a database table: its feature count).
size_t estimatedLayerBytes(const LoadOptions& options);

// The front end's choice (--memory-limit, --tile-size); the project's
// `memory_limit:` and `tile_size_m:` when unset.
struct TilingOptions {
  std::optional<size_t> memoryLimit;  // 0: every layer in memory
  std::optional<double> tileSize;     // metres
};

// A layer held as a header only, and what tiled reading needs to know of it.
struct TiledLayer {
  const Layer* header = nullptr;      // headerOnly, extent in the analysis CRS once judged
  const LoadOptions* options = nullptr;
  // Features found invalid as loaded: windows need not judge them again.
  const std::unordered_set<int64_t>* invalidFids = nullptr;
};

// The square grid of a tiled run.
struct TileGrid {
  double size = 0;  // metres of the analysis plane
  double originX = 0, originY = 0;
  long columns = 1, rows = 1;

  // Covering `extent` with squares of `size`.
  static TileGrid covering(const geos::Envelope& extent, double size);
  size_t count() const { return size_t(columns) * size_t(rows); }
  // The tile holding (x, y); points beyond the grid belong to its edge tiles.
  size_t tileOf(double x, double y) const;
  // A tile's square; the edge tiles reach out to `reach`.
  geos::Envelope bounds(size_t tile, const geos::Envelope& reach) const;
};

// The tile size for layers of these estimated sizes under `limit` bytes:
// a window of each fits an eighth of the budget.
double tileSizeFor(const geos::Envelope& extent, size_t estimatedBytes, size_t limit);

// Where the features of a tile are read: `window` (analysis CRS) in the
// layer's own CRS, with a margin when the two differ.
geos::Envelope windowInLayer(const Layer& header, const CrsInfo& analysis, const geos::Envelope& window);

// A folder of the system's temporary space, removed with this object, or
// by removeScratchFolders before a program ends without destructors
// (the CLI's std::_Exit).
struct ScratchFolder {
  std::string path;
  explicit ScratchFolder(const std::string& prefix);
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
};

void removeScratchFolders();

// A Shapefile without a spatial index (.qix or .sbn) would be scanned
// whole for every window: tiled runs read a copy of it with a .qix built,
// in `folder` (the input stays untouched). The path of the copy's .shp, or
// "" when the source is not such a Shapefile.
std::string indexedShapefileCopy(const LoadOptions& options, const std::string& folder);

// The first vertex of a geometry: what the owner rule looks at.
std::optional<std::pair<double, double>> firstVertex(const GEOSGeometry* g);

// Reads a header-only layer tile by tile, judging and repairing every
// feature once as harmonize does: the header then holds the issues,
// extent (analysis CRS) and CRS an in-memory load would, and `invalidFids`
// the features load found invalid.
void judgeByTiles(Layer& header, const LoadOptions& options, const RoleCatalog& roles, const CrsInfo& analysis, double tileSize,
                  std::unordered_set<int64_t>& invalidFids);

// The overlap of A with B tile by tile (A's features by the owner rule, B's
// read around them), equal to overlapLayers on the whole layers: pieces,
// near misses, slivers and retries in A's FID order, then B's. Either
// layer may be held whole (header null: pass it as `whole`).
OverlapResult overlapTiled(const TiledLayer& a, const TiledLayer& b, const Layer* wholeA, const Layer* wholeB, const OverlapSettings& settings,
                           const RoleCatalog& roles, const CrsInfo& analysis, double tileSize,
                           const std::function<void(size_t done, size_t total)>& progress = {});

}  // namespace sanxian
