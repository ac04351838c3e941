#include "core/run/tiles.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <future>
#include <mutex>
#include <set>

#include "core/base/error.h"
#include "core/base/secrets.h"
#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/checks/rules.h"
#include "core/geometry/harmonize.h"
#include "core/io/crs.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

// What a loaded feature takes beside its file bytes: GEOS holds three
// doubles per vertex where the Shapefile holds two, plus envelopes, the
// decoded text and the validity verdicts (measured on the M benchmark's
// red line: about 2.6 × the .shp).
constexpr double kBytesPerShpByte = 3.0;
constexpr double kBytesPerDatabaseFeature = 4096;

// The tile a feature belongs to (its geometry in the analysis plane), or
// nothing without a geometry.
std::optional<size_t> ownerTile(const TileGrid& grid, const Feature& f) {
  if (!f.geometry) return std::nullopt;
  const auto vertex = firstVertex(f.geometry.get());
  if (!vertex) return std::nullopt;
  return grid.tileOf(vertex->first, vertex->second);
}

// A copy of the features of `whole` that `keep` accepts (geometry cloned):
// a layer held whole taking part in a tiled overlap.
template <class Keep>
Layer subset(const Layer& whole, const Keep& keep) {
  Layer out;
  out.source = whole.source;
  out.layerName = whole.layerName;
  out.driver = whole.driver;
  out.roleMatch = whole.roleMatch;
  out.crs = whole.crs;
  out.sourceCrs = whole.sourceCrs;
  out.encoding = whole.encoding;
  out.fields = whole.fields;
  out.fieldTypes = whole.fieldTypes;
  out.validityChecked = whole.validityChecked;
  out.repairMode = whole.repairMode;
  for (const Feature& f : whole.features) {
    if (!f.geometry || !keep(f)) continue;
    Feature copy;
    copy.fid = f.fid;
    copy.values = f.values;
    copy.isNull = f.isNull;
    copy.geometry = geos::clone(f.geometry.get());
    out.extent.expand(geos::envelope(copy.geometry.get()));
    out.features.push_back(std::move(copy));
  }
  return out;
}

// The features of a header-only layer meeting `window` (analysis CRS), read,
// brought into the analysis CRS and repaired. Validity was judged once for
// the whole layer (judgeByTiles): the window takes its verdicts.
Layer readWindow(const TiledLayer& side, const RoleCatalog& roles, const CrsInfo& analysis, const geos::Envelope& window) {
  LoadOptions options = *side.options;
  options.checkValidity = false;
  Layer layer = loadWindow(*side.header, options, roles, windowInLayer(*side.header, analysis, window));
  if (side.invalidFids) {
    for (const Feature& f : layer.features)
      if (side.invalidFids->count(f.fid)) layer.issues.push_back({LoadIssue::Kind::Invalid, f.fid, ""});
    layer.validityChecked = true;
  }
  harmonize(layer, analysis);
  return layer;
}

void keepOnly(Layer& layer, const std::function<bool(const Feature&)>& keep) {
  std::erase_if(layer.features, [&](const Feature& f) { return !keep(f); });
  layer.extent = {};
  for (const Feature& f : layer.features)
    if (f.geometry) layer.extent.expand(geos::envelope(f.geometry.get()));
}

// The repairs harmonize made on a layer, as overlapLayers reports them.
void addRepairs(OverlapResult& result, const std::string& id, const Layer& layer) {
  for (const LoadIssue& issue : layer.issues)
    if (issue.kind == LoadIssue::Kind::Repaired) result.repairs.emplace_back(id, issue);
}

}  // namespace

size_t parseMemorySize(const std::string& text) {
  std::string t;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) t += char(std::tolower(static_cast<unsigned char>(c)));
  if (t == "none" || t == "0") return 0;
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(t, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = t.substr(used);
  if (!unit.empty() && unit.back() == 'b') unit.pop_back();
  if (!unit.empty() && unit.back() == 'i') unit.pop_back();
  const double scale = unit.empty() ? 1 : unit == "k" ? 1024.0 : unit == "m" ? 1024.0 * 1024 : unit == "g" ? 1024.0 * 1024 * 1024
                                                                : unit == "t" ? 1024.0 * 1024 * 1024 * 1024 : -1;
  if (used == 0 || !(value > 0) || scale < 0 || !std::isfinite(value * scale))
    throwUsage(format(tr("无法识别的内存大小 '%s'（如 1G、512M；0 或 none 表示不限）", "unrecognized memory size '%s' (such as 1G or 512M; 0 or none: no limit)"),
                      text.c_str()));
  return size_t(value * scale);
}

size_t defaultMemoryLimit() {
  const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
  const size_t physical = pages > 0 && pageSize > 0 ? size_t(pages) * size_t(pageSize) : size_t(8) << 30;
  return std::max<size_t>(physical / 8, size_t(1) << 30);
}

size_t estimatedLayerBytes(const LoadOptions& options) {
  if (isConnectionString(options.source)) return size_t(std::max<int64_t>(countFeatures(options), 0) * kBytesPerDatabaseFeature);
  std::error_code ec;
  const fs::path path(options.source);
  if (fs::is_directory(path, ec)) {
    size_t bytes = 0;
    for (const auto& entry : fs::directory_iterator(path, ec))
      if (entry.is_regular_file(ec)) bytes += entry.file_size(ec);
    return size_t(double(bytes) * kBytesPerShpByte);
  }
  size_t bytes = fs::file_size(path, ec);
  if (ec) return 0;
  std::string extension = path.extension().string();
  for (char& c : extension) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".shp") {
    const size_t dbf = fs::file_size(fs::path(path).replace_extension(".dbf"), ec);
    if (!ec) bytes += dbf;
  }
  return size_t(double(bytes) * kBytesPerShpByte);
}

TileGrid TileGrid::covering(const geos::Envelope& extent, double size) {
  TileGrid grid;
  grid.size = size;
  if (extent.empty || !(size > 0)) return grid;
  grid.originX = extent.minX;
  grid.originY = extent.minY;
  grid.columns = std::max(1L, long(std::ceil((extent.maxX - extent.minX) / size)));
  grid.rows = std::max(1L, long(std::ceil((extent.maxY - extent.minY) / size)));
  return grid;
}

size_t TileGrid::tileOf(double x, double y) const {
  const long column = std::clamp(long(std::floor((x - originX) / size)), 0L, columns - 1);
  const long row = std::clamp(long(std::floor((y - originY) / size)), 0L, rows - 1);
  return size_t(row) * size_t(columns) + size_t(column);
}

geos::Envelope TileGrid::bounds(size_t tile, const geos::Envelope& reach) const {
  const long column = long(tile % size_t(columns)), row = long(tile / size_t(columns));
  geos::Envelope e{originX + column * size, originY + row * size, originX + (column + 1) * size, originY + (row + 1) * size, false};
  if (!reach.empty) {
    if (column == 0) e.minX = std::min(e.minX, reach.minX);
    if (row == 0) e.minY = std::min(e.minY, reach.minY);
    if (column == columns - 1) e.maxX = std::max(e.maxX, reach.maxX);
    if (row == rows - 1) e.maxY = std::max(e.maxY, reach.maxY);
  }
  return e;
}

double tileSizeFor(const geos::Envelope& extent, size_t estimatedBytes, size_t limit) {
  if (extent.empty || limit == 0) return 0;
  const double tiles = std::max(1.0, std::ceil(double(estimatedBytes) / (double(limit) / 8)));
  const double side = std::max(extent.maxX - extent.minX, extent.maxY - extent.minY);
  return side / std::ceil(std::sqrt(tiles));
}

geos::Envelope windowInLayer(const Layer& header, const CrsInfo& analysis, const geos::Envelope& window) {
  // A window in the layer's own CRS is a hair wider (a millimetre), so that
  // a vertex on its edge is inside whatever the rounding.
  if (sameCrs(header.sourceCrs, analysis)) return window.grown(1e-3);
  const geos::Envelope moved = transformExtent(analysis, header.sourceCrs, window);
  // No datum shift in the bounds: a margin of a hundredth of the window.
  return moved.grown(0.01 * std::max(moved.maxX - moved.minX, moved.maxY - moved.minY));
}

namespace {
std::mutex scratchMutex;
std::set<std::string>& liveScratchFolders() {
  static std::set<std::string> folders;
  return folders;
}
}  // namespace

ScratchFolder::ScratchFolder(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + "XXXXXX")).string();
  if (!mkdtemp(pattern.data()))
    throwInput(format(tr("无法创建临时目录：%s", "cannot create a temporary folder: %s"), std::strerror(errno)), {pattern});
  path = pattern;
  std::lock_guard<std::mutex> lock(scratchMutex);
  liveScratchFolders().insert(path);
}

ScratchFolder::~ScratchFolder() {
  std::error_code ec;
  fs::remove_all(path, ec);
  std::lock_guard<std::mutex> lock(scratchMutex);
  liveScratchFolders().erase(path);
}

void removeScratchFolders() {
  std::lock_guard<std::mutex> lock(scratchMutex);
  for (const std::string& path : liveScratchFolders()) {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  liveScratchFolders().clear();
}

std::string indexedShapefileCopy(const LoadOptions& options, const std::string& folder) {
  if (isConnectionString(options.source)) return "";
  std::error_code ec;
  fs::path shp(options.source);
  if (fs::is_directory(shp, ec)) {
    if (!options.layerName) return "";
    shp = shp / (*options.layerName + ".shp");
  }
  std::string extension = shp.extension().string();
  for (char& c : extension) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (extension != ".shp" || !fs::is_regular_file(shp, ec)) return "";
  // Its parts: every file of the same name, whatever the extension's case.
  std::vector<fs::path> parts;
  for (const auto& entry : fs::directory_iterator(shp.parent_path().empty() ? fs::path(".") : shp.parent_path(), ec)) {
    if (entry.path().stem() != shp.stem()) continue;
    std::string e = entry.path().extension().string();
    for (char& c : e) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (e == ".qix" || e == ".sbn") return "";  // indexed already
    parts.push_back(entry.path());
  }
  const fs::path into = fs::path(folder) / shp.stem();
  fs::create_directories(into, ec);
  for (const fs::path& part : parts) {
    fs::copy_file(part, into / part.filename(), fs::copy_options::overwrite_existing, ec);
    if (ec)
      throwInput(format(tr("无法复制到临时目录以建立空间索引：%s", "cannot be copied into the temporary folder to build a spatial index: %s"),
                        ec.message().c_str()),
                 {part.string()});
  }
  const fs::path copy = into / shp.filename();
  PhaseTimer timer("tiles: spatial index " + shp.stem().string());
  GDALDatasetUniquePtr dataset(GDALDataset::Open(copy.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  if (!dataset) return "";  // read as it is, scanned per window
  const std::string sql = "CREATE SPATIAL INDEX ON \"" + std::string(dataset->GetLayer(0)->GetName()) + "\"";
  dataset->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  return copy.string();
}

std::optional<std::pair<double, double>> firstVertex(const GEOSGeometry* g) {
  GEOSContextHandle_t h = geos::ctx();
  while (g && GEOSGeomTypeId_r(h, g) >= GEOS_MULTIPOINT) {
    if (GEOSGetNumGeometries_r(h, g) < 1) return std::nullopt;
    g = GEOSGetGeometryN_r(h, g, 0);
  }
  if (!g || GEOSisEmpty_r(h, g) == 1) return std::nullopt;
  if (GEOSGeomTypeId_r(h, g) == GEOS_POLYGON) g = GEOSGetExteriorRing_r(h, g);
  const GEOSCoordSequence* seq = g ? GEOSGeom_getCoordSeq_r(h, g) : nullptr;
  double x = 0, y = 0;
  if (!seq || !GEOSCoordSeq_getXY_r(h, seq, 0, &x, &y)) return std::nullopt;
  return std::make_pair(x, y);
}

void judgeByTiles(Layer& header, const LoadOptions& options, const RoleCatalog& roles, const CrsInfo& analysis, double tileSize,
                  std::unordered_set<int64_t>& invalidFids) {
  PhaseTimer timer("tiles: judge " + header.layerName);
  // The grid over the layer's extent in the analysis plane, a hundredth wider.
  header.sourceCrs = header.crs;
  const geos::Envelope sourceExtent = header.extent;
  geos::Envelope extent = sameCrs(header.crs, analysis) ? sourceExtent : transformExtent(header.crs, analysis, sourceExtent);
  extent = extent.grown(0.01 * std::max(extent.maxX - extent.minX, extent.maxY - extent.minY));
  const TileGrid grid = TileGrid::covering(extent, tileSize > 0 ? tileSize : std::max(extent.maxX - extent.minX, extent.maxY - extent.minY));

  // What harmonize says of the whole layer (the datum shift it takes), from
  // the layer's own extent as an in-memory run says it.
  Layer whole;
  whole.source = header.source;
  whole.layerName = header.layerName;
  whole.crs = header.crs;
  whole.extent = sourceExtent;
  whole.validityChecked = true;
  harmonize(whole, analysis);

  std::vector<LoadIssue> perFeature;
  geos::Envelope analysisExtent;
  for (size_t tile = 0; tile < grid.count(); ++tile) {
    const geos::Envelope window = grid.bounds(tile, extent);
    Layer part = loadWindow(header, options, roles, windowInLayer(header, analysis, window));
    std::unordered_set<int64_t> invalid;
    for (const LoadIssue& issue : part.issues)
      if (issue.kind == LoadIssue::Kind::Invalid && issue.fid) invalid.insert(*issue.fid);
    harmonize(part, analysis);
    std::unordered_set<int64_t> owned;
    for (const Feature& f : part.features)
      if (ownerTile(grid, f) == tile) {
        owned.insert(f.fid);
        analysisExtent.expand(geos::envelope(f.geometry.get()));
        if (invalid.count(f.fid)) invalidFids.insert(f.fid);
      }
    for (LoadIssue& issue : part.issues)
      if (issue.fid && owned.count(*issue.fid)) perFeature.push_back(std::move(issue));
  }
  std::stable_sort(perFeature.begin(), perFeature.end(), [](const LoadIssue& x, const LoadIssue& y) { return *x.fid < *y.fid; });
  for (LoadIssue& issue : whole.issues)
    if (!issue.fid) header.issues.push_back(std::move(issue));
  for (LoadIssue& issue : perFeature) header.issues.push_back(std::move(issue));
  header.extent = analysisExtent;
  header.crs = analysis;
  header.validityChecked = true;
}

OverlapResult overlapTiled(const TiledLayer& a, const TiledLayer& b, const Layer* wholeA, const Layer* wholeB, const OverlapSettings& settings,
                           const RoleCatalog& roles, const CrsInfo& analysis, double tileSize,
                           const std::function<void(size_t done, size_t total)>& progress) {
  if (!settings.rules || !settings.roles) throw std::invalid_argument("overlapTiled needs rules and roles");
  const Layer& layerA = a.header ? *a.header : *wholeA;
  const Layer& layerB = b.header ? *b.header : *wholeB;
  const bool self = &layerA == &layerB;
  const double near = maxNearDistance(*settings.rules, layerA.role(), layerB.role());
  const geos::Envelope extentA = layerA.extent;
  const TileGrid grid = TileGrid::covering(extentA, tileSize > 0 ? tileSize : std::max(extentA.maxX - extentA.minX, extentA.maxY - extentA.minY));
  OverlapSettings tileSettings = settings;
  tileSettings.selfOverlap = self;

  // A tile's two windows: A's features it owns, and B's around them.
  struct Windows {
    Layer a, b;
  };
  auto readTile = [&](size_t tile) {
    Windows w;
    const auto ownedHere = [&](const Feature& f) { return ownerTile(grid, f) == tile; };
    w.a = a.header ? readWindow(a, roles, analysis, grid.bounds(tile, extentA)) : subset(*wholeA, ownedHere);
    if (a.header) keepOnly(w.a, ownedHere);
    if (w.a.features.empty()) return w;
    const geos::Envelope around = w.a.extent.grown(near + 1.0);
    w.b = b.header ? readWindow(b, roles, analysis, around)
                   : subset(*wholeB, [&](const Feature& f) { return geos::envelope(f.geometry.get()).intersects(around); });
    return w;
  };

  // The next tile is read while this one is overlaid: reading is mostly
  // GDAL's one thread, the overlay uses every core.
  OverlapResult result;
  std::future<Windows> next = std::async(std::launch::async, readTile, size_t(0));
  for (size_t tile = 0; tile < grid.count(); ++tile) {
    if (progress) progress(tile, grid.count());
    Windows w = next.get();
    if (tile + 1 < grid.count()) next = std::async(std::launch::async, readTile, tile + 1);
    if (w.a.features.empty()) continue;
    OverlapResult part = overlapLayers(w.a, w.b, tileSettings);
    part.repairs.clear();  // the headers' repairs are added once, below
    result.append(std::move(part));
  }
  if (progress) progress(grid.count(), grid.count());

  // In A's order, then B's, as the in-memory engine gives them.
  auto byFids = [](int64_t a1, int64_t b1, int64_t a2, int64_t b2) { return a1 != a2 ? a1 < a2 : b1 < b2; };
  std::stable_sort(result.pieces.begin(), result.pieces.end(),
                   [&](const OverlapPiece& x, const OverlapPiece& y) { return byFids(x.a.fid, x.b.fid, y.a.fid, y.b.fid); });
  std::stable_sort(result.nearMisses.begin(), result.nearMisses.end(),
                   [&](const NearMiss& x, const NearMiss& y) { return byFids(x.a.fid, x.b.fid, y.a.fid, y.b.fid); });
  std::stable_sort(result.slivers.begin(), result.slivers.end(),
                   [&](const Sliver& x, const Sliver& y) { return byFids(x.aFid, x.bFid, y.aFid, y.bFid); });
  std::stable_sort(result.retries.begin(), result.retries.end(),
                   [&](const GridRetry& x, const GridRetry& y) { return byFids(x.aFid, x.bFid, y.aFid, y.bFid); });

  result.minPieceAreaM2 = settings.minPieceAreaM2;
  result.crs = analysis;
  result.rulesPath = settings.rules->path;
  result.selfOverlap = self;
  result.hasBoundary = settings.boundary != nullptr;
  result.inputs = nlohmann::ordered_json::array();
  result.inputs.push_back(layerInputJson(settings.aId, layerA));
  if (!self) result.inputs.push_back(layerInputJson(settings.bId, layerB));
  if (settings.boundary) result.inputs.push_back(layerInputJson(settings.boundaryId, *settings.boundary));
  addRepairs(result, settings.aId, layerA);
  if (!self) addRepairs(result, settings.bId, layerB);
  return result;
}

}  // namespace sanxian
