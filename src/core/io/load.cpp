#include "core/io/load.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <tbb/parallel_for.h>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <iterator>
#include <optional>
#include <map>
#include <set>

#include "core/base/error.h"
#include "core/base/secrets.h"
#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/io/crs.h"
#include "core/io/encoding.h"
#include "core/io/field_mapping.h"
#include "core/io/placement.h"
#include "core/io/shapefile_check.h"
#include "core/io/validity_cache.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

// A source as messages and reports show it: a connection string without its password.
std::string displayName(const std::string& source) { return isConnectionString(source) ? withoutPasswords(source) : source; }

// GDAL's last message on one line (libpq's run over several), without
// the source's password; "" when GDAL said nothing.
std::string lastGdalError(const std::string& source = {}) {
  const char* message = CPLGetLastErrorMsg();
  std::string out;
  for (const char* c = message ? message : ""; *c; ++c) {
    if (*c == '\n' || *c == '\r') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      if (!out.empty()) out += out.back() == '.' || out.back() == ':' || out.back() == ';' ? " " : "; ";
    } else {
      out += *c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
  return withoutPasswordOf(out, source);
}

// GDAL's words after a plain sentence, when it said any.
std::string gdalSaid(const std::string& source = {}) {
  const std::string said = lastGdalError(source);
  return said.empty() ? std::string() : format(tr("（GDAL：%s）", " (GDAL: %s)"), said.c_str());
}

std::string lowerExtension(const std::string& path) {
  std::string extension = fs::path(path).extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

// What can be judged before GDAL reads a file: that it exists, that it is
// a file or a folder (a FIFO blocks forever), and a Shapefile's parts
// against each other (shapefile_check.h). Once per source: the parallel
// stretches open it again without.
void checkBeforeOpening(const std::string& source) {
  if (isConnectionString(source)) return;
  std::error_code ec;
  if (!fs::exists(source, ec))
    throwInput(ec ? format(tr("无法访问：%s", "cannot be reached: %s"), ec.message().c_str()) : std::string(tr("文件或目录不存在", "no such file or directory")),
               {source});
  refuseSpecialFile(source);
  if (fs::is_directory(source, ec)) {
    for (const auto& entry : fs::directory_iterator(source, ec)) refuseSpecialFile(entry.path().string());
  } else if (lowerExtension(source) == ".shp") {
    checkShapefileParts((fs::path(source).parent_path() / fs::path(source).stem()).string(), source);
  }
}

GDALDatasetUniquePtr openReadOnly(const std::string& source) {
  static const bool driversRegistered = (GDALAllRegister(), true);
  (void)driversRegistered;
  if (!isConnectionString(source)) {
    std::error_code ec;
    if (!fs::exists(source, ec))
      throwInput(tr("文件或目录不存在", "no such file or directory"), {displayName(source)});
  }
  // Shapefile text is read undecoded (ENCODING=""), so that Sanxian, not
  // GDAL, decides between UTF-8 and GBK: GDAL 3.6 misreads several real
  // .cpg values and passes GBK without a .cpg through as raw bytes.
  CPLErrorReset();
  GDALDriverH identified = GDALIdentifyDriverEx(source.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  const bool shapefile = identified && std::string(GDALGetDriverShortName(identified)) == "ESRI Shapefile";
  const char* shapefileOptions[] = {"ENCODING=", nullptr};
  CPLErrorReset();
  const std::string name = isConnectionString(source) ? connectionWithTimeouts(source) : source;
  GDALDatasetUniquePtr dataset(GDALDataset::Open(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                                 shapefile ? shapefileOptions : nullptr, nullptr));
  if (!dataset) {
    const char* said = CPLGetLastErrorMsg();
    std::string text = isConnectionString(source)
                           ? tr("无法连接数据库或打开其中的图层：请核对主机、端口、数据库名、用户名与密码，以及服务器是否在运行",
                                "the database cannot be reached or read: check the host, port, database name, user and password, and that the server runs")
                           : tr("无法作为矢量数据打开：不是可识别的格式（Shapefile、GeoPackage、GeoJSON、File Geodatabase 等），或文件已损坏、不完整。"
                                "请确认给出的是数据文件本身，并能在 QGIS 中打开",
                                "cannot be opened as vector data: not a format GDAL recognises (Shapefile, GeoPackage, GeoJSON, File Geodatabase …), "
                                "or the file is damaged or incomplete. Check that this is the data file itself and that QGIS opens it");
    if (said && *said) text += gdalSaid(source);
    throwInput(text, {displayName(source)});
  }
  return dataset;
}

std::string layerNames(GDALDataset& dataset) {
  std::string names;
  for (auto* layer : dataset.GetLayers()) names += (names.empty() ? "" : ", ") + std::string(layer->GetName());
  return names;
}

OGRLayer* pickLayer(GDALDataset& dataset, const LoadOptions& options) {
  const std::string source = displayName(options.source);
  if (options.layerName) {
    OGRLayer* layer = dataset.GetLayerByName(options.layerName->c_str());
    if (!layer)
      throwInput(format(tr("没有名为 '%s' 的图层（现有：%s）", "no layer named '%s' (found: %s)"), options.layerName->c_str(),
                        layerNames(dataset).c_str()),
                 {source});
    return layer;
  }
  const int count = dataset.GetLayerCount();
  if (count == 1) return dataset.GetLayer(0);
  if (count == 0) throwInput(tr("数据源中没有图层", "the source holds no layer"), {source});
  throwInput(format(tr("数据源中有 %d 个图层，请用 --layer 指定（现有：%s）", "the source holds %d layers; name one with --layer (found: %s)"),
                    count, layerNames(dataset).c_str()),
             {source});
}

// Where the DBF of a Shapefile layer is, without extension.
std::string dbfBase(const std::string& source, const std::string& layerName) {
  const fs::path path(source);
  if (fs::is_directory(path)) return (path / layerName).string();
  return (path.parent_path() / path.stem()).string();
}

GeometryKind kindOf(OGRwkbGeometryType type) {
  switch (wkbFlatten(OGR_GT_GetLinear(type))) {
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbPolyhedralSurface:
    case wkbTIN: return GeometryKind::Polygon;
    case wkbLineString:
    case wkbMultiLineString: return GeometryKind::Line;
    case wkbPoint:
    case wkbMultiPoint: return GeometryKind::Point;
    default: return GeometryKind::Any;
  }
}

struct RawFeature {
  int64_t fid;
  std::vector<std::string> values;
  std::vector<bool> isNull;
  std::vector<unsigned char> wkb;  // empty when null or empty
  bool nullGeometry = false, emptyGeometry = false, wrongType = false;
  geos::Envelope envelope;  // of the geometry as read (empty when null or empty)
};

// What reading a run of features gives: raw features in file order and
// what was noticed on the way.
struct RawRead {
  std::vector<RawFeature> features;
  std::vector<int64_t> linearized, droppedZM;
  std::map<std::string, int> typeCounts;
  std::optional<GeometryKind> firstKind;  // of the first geometry read
};

// Reads `count` features (all when negative) from where the layer's
// reading stands, raw: decoding and GEOS conversion follow.
RawRead readFeatures(OGRLayer* ogrLayer, int fieldCount, const RoleDef* role, const Error::Where& where, int64_t count) {
  RawRead out;
  int64_t lastFid = -1;
  while (count < 0 || int64_t(out.features.size()) < count) {
    CPLErrorReset();
    OGRFeatureUniquePtr feature(ogrLayer->GetNextFeature());
    if (CPLGetLastErrorType() == CE_Failure) {
      Error::Where at = where;
      if (feature) at.fid = feature->GetFID();
      const std::string after = lastFid < 0 ? std::string(tr("第一个要素", "the first feature"))
                                            : format(tr("FID %lld 之后的要素", "the feature after FID %lld"), static_cast<long long>(lastFid));
      const std::string why =
          CPLGetLastErrorNo() == CPLE_OutOfMemory
              ? tr("内存不足（如文件完好，则数据超出本机内存；否则文件已损坏，记录大小不实）。请检查文件，或换用内存更大的机器",
                   "out of memory (if the file is sound, the data exceeds this machine's memory; else it is damaged and a record's size is "
                   "false). Check the file, or use a machine with more memory")
          : isConnectionString(where.file)
              ? tr("数据库未能给出数据（连接中断，或语句超时：默认 5 分钟，可在连接串中用 options='-c statement_timeout=毫秒' 调整）。请检查数据库与网络后重试",
                   "the database did not deliver it (the connection broke, or a statement timed out: 5 minutes unless the connection string sets "
                   "options='-c statement_timeout=MS'). Check the database and the network and try again")
              : tr("文件已损坏或不完整。请从原始数据重新导出该图层，或向数据提供方索取完整的文件",
                   "the file is damaged or incomplete. Export the layer again from the original data, or ask the supplier for complete files");
      throwInput(format(tr("%s无法读取：%s%s", "%s cannot be read: %s%s"), after.c_str(), why.c_str(), gdalSaid(where.file).c_str()), at);
    }
    if (!feature) break;
    RawFeature f;
    f.fid = feature->GetFID();
    lastFid = f.fid;
    f.values.resize(fieldCount);
    f.isNull.resize(fieldCount);
    for (int i = 0; i < fieldCount; ++i) {
      f.isNull[i] = !feature->IsFieldSetAndNotNull(i);
      if (!f.isNull[i]) f.values[i] = feature->GetFieldAsString(i);
    }
    OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry) {
      f.nullGeometry = true;
    } else if (geometry->IsEmpty()) {
      f.emptyGeometry = true;
    } else {
      std::unique_ptr<OGRGeometry> linear;
      if (geometry->hasCurveGeometry(TRUE)) {
        linear.reset(geometry->getLinearGeometry());
        geometry = linear.get();
        out.linearized.push_back(f.fid);
      }
      if (geometry->Is3D() || geometry->IsMeasured()) {
        geometry->flattenTo2D();
        geometry->setMeasured(FALSE);
        out.droppedZM.push_back(f.fid);
      }
      ++out.typeCounts[OGRGeometryTypeToName(wkbFlatten(geometry->getGeometryType()))];
      OGREnvelope e;
      geometry->getEnvelope(&e);
      f.envelope = {e.MinX, e.MinY, e.MaxX, e.MaxY, false};
      if (!out.firstKind) out.firstKind = kindOf(geometry->getGeometryType());
      if (role && role->geometry != GeometryKind::Any && kindOf(geometry->getGeometryType()) != role->geometry) {
        f.wrongType = true;
      } else {
        f.wkb.resize(geometry->WkbSize());
        geometry->exportToWkb(wkbNDR, f.wkb.data(), wkbVariantIso);
      }
    }
    out.features.push_back(std::move(f));
  }
  return out;
}

// Shapefiles at least this long are read in parallel stretches, each
// through its own handle: GDAL reads one feature at a time, and at
// provincial scale that reading was the longest part of loading.
constexpr int64_t kParallelReadMinFeatures = 8000;

// Summarizes a per-feature condition in one issue line: how many, and the first FIDs.
void addSummaryIssue(Layer& layer, LoadIssue::Kind kind, const std::vector<int64_t>& fids, const char* zh, const char* en) {
  if (fids.empty()) return;
  std::string first;
  for (size_t i = 0; i < std::min<size_t>(fids.size(), 10); ++i) first += (i ? ", " : "") + std::to_string(fids[i]);
  if (fids.size() > 10) first += ", …";
  layer.issues.push_back({kind, std::nullopt, format(tr(zh, en), fids.size(), first.c_str())});
}

// Whether a geometry GEOS refused holds a NaN or infinite coordinate (a
// ring whose first vertex is NaN is "not closed" to GEOS). Only asked when
// a conversion failed.
bool hasNonFiniteCoordinate(const std::vector<unsigned char>& wkb) {
  OGRGeometry* geometry = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size()) != OGRERR_NONE || !geometry) return false;
  std::unique_ptr<OGRGeometry> owned(geometry);
  std::string wkt = owned->exportToWkt();
  for (char& c : wkt) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return wkt.find("nan") != std::string::npos || wkt.find("inf") != std::string::npos;
}

const char* geometryKindTitle(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::Polygon: return tr("面", "polygon");
    case GeometryKind::Line: return tr("线", "line");
    case GeometryKind::Point: return tr("点", "point");
    case GeometryKind::Any: break;
  }
  return "";
}

// A layer given a role with not one geometry the role can use (points as
// mining rights, an empty layer, all null): every check would say "no
// overlap" about it. Refused, naming the file, with what was found.
void refuseWithoutUsableGeometry(const Layer& layer, const RoleDef& role, size_t usable, size_t nulls, size_t empties, size_t wrongType) {
  if (role.geometry == GeometryKind::Any || usable > 0) return;
  std::string found;
  for (const auto& [type, n] : layer.geometryTypeCounts) found += (found.empty() ? "" : ", ") + format("%s %d", type.c_str(), n);
  const std::string counts = layer.features.empty()
                                 ? std::string(tr("图层没有要素", "the layer has no features"))
                                 : format(tr("%zu 个要素：几何为 NULL %zu 个，为空 %zu 个，类型不符 %zu 个（%s）",
                                             "%zu features: %zu with a null geometry, %zu empty, %zu of another type (%s)"),
                                          layer.features.size(), nulls, empties, wrongType, found.empty() ? "-" : found.c_str());
  throwInput(format(tr("没有一个要素具有可用的%s几何（%s）；作为“%s”图层无法检查。请确认文件和角色（role）是否给对，或从原始数据重新导出带几何的图层",
                       "not one feature has a usable %s geometry (%s); as a layer of role '%s' it cannot be checked. Check that the file and "
                       "its role are the right ones, or export the layer again with its geometry"),
                    geometryKindTitle(role.geometry), counts.c_str(), role.title().c_str()),
             {layer.source, layer.layerName});
}

// The layer's declared CRS, null when none or unreadable; GDAL's parse
// error is not left for the next read to find.
const OGRSpatialReference* readDeclaredCrs(OGRLayer* layer) {
  CPLErrorReset();
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  CPLErrorReset();
  return srs;
}

// A .prj beside the .shp that GDAL could not read.
void refuseUnreadablePrj(const std::string& base, const Error::Where& where) {
  for (const char* extension : {".prj", ".PRJ", ".Prj"}) {
    std::error_code ec;
    if (!fs::exists(base + extension, ec)) continue;
    std::ifstream in(base + extension, std::ios::binary);
    std::string start(80, '\0');
    in.read(start.data(), static_cast<std::streamsize>(start.size()));
    start.resize(static_cast<size_t>(in.gcount()));
    for (char& c : start)
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    throwInput(format(tr(".prj 文件存在，但无法识别为坐标系（开头为“%s”）：文件已损坏或格式不对。请修正 .prj，或用 --crs 指定坐标系，例如 --crs EPSG:4545",
                         "the .prj exists but cannot be read as a coordinate reference system (it starts \"%s\"): it is damaged or in another "
                         "format. Fix the .prj, or give the CRS with --crs, e.g. --crs EPSG:4545"),
                      start.c_str()),
               {base + extension});
  }
}

}  // namespace

namespace {

// Default PostgreSQL timeouts, unless the connection string sets its own:
// a server that accepts and never answers would otherwise hold the run
// forever (connect_timeout bounds the whole handshake), and so would a
// statement stuck on a lock. See the README for setting them.
constexpr int kConnectTimeoutSeconds = 10;
constexpr int kStatementTimeoutMs = 5 * 60 * 1000;

bool hasKey(const std::string& text, const std::string& key) {
  for (size_t at = 0; (at = text.find(key, at)) != std::string::npos; ++at) {
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_')) continue;
    size_t i = at + key.size();
    while (i < text.size() && text[i] == ' ') ++i;
    if (i < text.size() && text[i] == '=') return true;
  }
  return false;
}

}  // namespace

std::string connectionWithTimeouts(const std::string& source) {
  std::string out = source;
  const bool uri = source.find("://") != std::string::npos;
  if (uri) {
    char separator = source.find('?') == std::string::npos ? '?' : '&';
    if (!hasKey(source, "connect_timeout")) out += format("%cconnect_timeout=%d", separator, kConnectTimeoutSeconds), separator = '&';
    if (!hasKey(source, "options")) out += format("%coptions=-c%%20statement_timeout%%3D%d", separator, kStatementTimeoutMs);
  } else {
    if (!hasKey(source, "connect_timeout")) out += format(" connect_timeout=%d", kConnectTimeoutSeconds);
    if (!hasKey(source, "options")) out += format(" options='-c statement_timeout=%d'", kStatementTimeoutMs);
  }
  return out;
}


std::vector<LayerListing> listLayers(const std::string& source) {
  checkBeforeOpening(source);
  GDALDatasetUniquePtr dataset = openReadOnly(source);
  std::vector<LayerListing> out;
  for (auto* layer : dataset->GetLayers()) out.push_back({layer->GetName(), layer->GetFeatureCount(false)});
  return out;
}

// Every feature of the layer read once, raw, in file order: a large
// Shapefile in stretches of record numbers, each through its own handle.
RawRead readAllFeatures(OGRLayer* ogrLayer, const LoadOptions& options, bool isShapefile, int fieldCount, const RoleDef* role,
                        const Error::Where& where) {
  std::vector<RawRead> parts;
  const int64_t total = isShapefile ? ogrLayer->GetFeatureCount(FALSE) : -1;
  if (total >= kParallelReadMinFeatures) {
    const int64_t stretches = std::min<int64_t>(16, total / (kParallelReadMinFeatures / 4));
    parts.resize(size_t(stretches));
    tbb::parallel_for(int64_t(0), stretches, [&](int64_t k) {
      const int64_t begin = total * k / stretches, end = total * (k + 1) / stretches;
      GDALDatasetUniquePtr own = openReadOnly(options.source);
      OGRLayer* stretch = pickLayer(*own, options);
      readDeclaredCrs(stretch);
      stretch->ResetReading();
      if (begin > 0 && stretch->SetNextByIndex(begin) != OGRERR_NONE)
        throwInput(format(tr("无法定位到第 %lld 个要素：文件已损坏或不完整。请从原始数据重新导出该图层%s",
                             "feature %lld cannot be reached: the file is damaged or incomplete. Export the layer again from the original data%s"),
                          static_cast<long long>(begin), gdalSaid().c_str()),
                   where);
      parts[size_t(k)] = readFeatures(stretch, fieldCount, role, where, end - begin);
    });
  } else {
    ogrLayer->ResetReading();
    parts.push_back(readFeatures(ogrLayer, fieldCount, role, where, -1));
  }
  if (parts.size() == 1) return std::move(parts.front());
  RawRead all;
  size_t count = 0;
  for (const RawRead& part : parts) count += part.features.size();
  all.features.reserve(count);
  for (RawRead& part : parts) {
    std::move(part.features.begin(), part.features.end(), std::back_inserter(all.features));
    all.linearized.insert(all.linearized.end(), part.linearized.begin(), part.linearized.end());
    all.droppedZM.insert(all.droppedZM.end(), part.droppedZM.begin(), part.droppedZM.end());
    for (const auto& [type, n] : part.typeCounts) all.typeCounts[type] += n;
    if (!all.firstKind) all.firstKind = part.firstKind;
    part = RawRead();
  }
  return all;
}

void decodeFieldNames(Layer& layer, const std::vector<std::string>& rawFieldNames) {
  const std::string& encoding = layer.encoding.name;
  for (const auto& name : rawFieldNames)
    layer.fields.push_back(toUtf8(encoding == "UTF-8" ? withoutCutUtf8Tail(name) : std::string_view(name), encoding));
}

// What the encoding of a Shapefile's text is judged on: its field names
// and every value. Only text with a byte above 0x7F tells UTF-8 from GBK.
bool hasHighByte(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// The encoding of the layer's text (only a Shapefile's needs deciding; the
// other formats are UTF-8), judged on `samples`, then its field names decoded.
void decideEncoding(Layer& layer, const LoadOptions& options, bool isShapefile, const std::vector<std::string>& rawFieldNames,
                    std::vector<std::string_view> samples) {
  if (isShapefile) {
    for (const auto& name : rawFieldNames) samples.push_back(withoutCutUtf8Tail(name));
    layer.encoding = decideDbfEncoding(dbfBase(options.source, layer.layerName), samples, options.encoding);
    if (!layer.encoding.contradiction.empty()) layer.warn(LoadIssue::Kind::EncodingContradicted, layer.encoding.contradiction);
  } else {
    layer.encoding.source = EncodingInfo::Source::Native;
    layer.encoding.note = tr("该格式以 UTF-8 存储文本", "this format stores text as UTF-8");
  }
  decodeFieldNames(layer, rawFieldNames);
}

std::vector<std::string_view> valueSamples(const std::vector<RawFeature>& raw) {
  std::vector<std::string_view> samples;
  for (const auto& f : raw)
    for (const auto& v : f.values)
      if (!v.empty()) samples.push_back(v);
  return samples;
}

// The validity verdicts of a layer judged before with the same geometries
// (validity_cache.h), and where to keep them when it was not.
struct KeptVerdicts {
  std::optional<ValidityCache> cache;  // none: small layer, validity not asked, or no cache folder
  std::string key;
  bool found = false;
  std::vector<std::string> reasons;  // per feature, "" when valid
};

KeptVerdicts keptVerdicts(const std::vector<RawFeature>& raw, const LoadOptions& options) {
  KeptVerdicts kept;
  kept.reasons.resize(raw.size());
  if (!options.checkValidity) return kept;
  std::vector<const WkbBytes*> geometries;
  size_t bytes = 0;
  for (const RawFeature& r : raw) {
    geometries.push_back(&r.wkb);
    bytes += r.wkb.size();
  }
  if (bytes < kCachedFromBytes || !(kept.cache = ValidityCache::user())) return kept;
  kept.key = ValidityCache::key(geometries);
  if (auto reasons = kept.cache->find(kept.key, raw.size())) {
    kept.reasons = std::move(*reasons);
    kept.found = true;
  }
  return kept;
}

// The features: values decoded, geometries into GEOS with their validity
// (in parallel, each worker thread in its own GEOS context, results kept in
// order), then broken coordinates refused and what was left out summarized.
// `wholeLayer` is false for a window of a layer (loadWindow): what holds
// for the whole layer (a usable geometry, features left out) was said by
// its header.
void convertFeatures(Layer& layer, RawRead& read, const LoadOptions& options, const RoleDef* role, bool wholeLayer = true) {
  std::vector<RawFeature>& raw = read.features;
  const std::string& encoding = layer.encoding.name;
  const std::string& source = layer.source;
  layer.features.resize(raw.size());
  std::vector<std::string> conversionErrors(raw.size());
  std::vector<char> nonFinite(raw.size(), 0);
  KeptVerdicts kept = keptVerdicts(raw, options);
  std::vector<std::string>& invalid = kept.reasons;
  const bool judge = options.checkValidity && !kept.found;
  tbb::parallel_for(size_t(0), raw.size(), [&](size_t i) {
    RawFeature& r = raw[i];
    Feature& f = layer.features[i];
    f.fid = r.fid;
    f.isNull = std::move(r.isNull);
    f.values.reserve(r.values.size());
    for (auto& v : r.values) f.values.push_back(toUtf8(v, encoding));
    if (r.wkb.empty()) return;
    try {
      f.geometry = geos::fromWkb(r.wkb.data(), r.wkb.size());
      if (judge) invalid[i] = geos::invalidReason(f.geometry.get());
    } catch (const geos::GeosError& e) {
      conversionErrors[i] = e.what();
      nonFinite[i] = hasNonFiniteCoordinate(r.wkb);
    }
  });

  if (judge && kept.cache && std::all_of(conversionErrors.begin(), conversionErrors.end(), [](const std::string& e) { return e.empty(); }))
    kept.cache->store(kept.key, invalid);

  std::vector<int64_t> nulls, empties, wrongTypes;
  for (size_t i = 0; i < raw.size(); ++i) {
    const int64_t fid = raw[i].fid;
    if (raw[i].nullGeometry) nulls.push_back(fid);
    if (raw[i].emptyGeometry) empties.push_back(fid);
    if (raw[i].wrongType) wrongTypes.push_back(fid);
    if (nonFinite[i])
      throwInput(tr("坐标无效（非有限数值，如 NaN 或无穷大）；数据已损坏。请在原始数据中修正或删除该要素，或重新导出图层",
                    "broken coordinates (not finite: NaN or infinite); the data is damaged. Fix or delete the feature in the original data, "
                    "or export the layer again"),
                 {source, layer.layerName, fid});
    if (!conversionErrors[i].empty())
      throwInput(format(tr("几何已损坏，无法使用：请在原始数据中修正或删除该要素，或重新导出图层（GEOS：%s）",
                           "the geometry is damaged and cannot be used: fix or delete the feature in the original data, or export the layer "
                           "again (GEOS: %s)"),
                        conversionErrors[i].c_str()),
                 {source, layer.layerName, fid});
    if (const auto& g = layer.features[i].geometry) {
      const geos::Envelope e = geos::envelope(g.get());
      refuseBrokenEnvelope(e, {source, layer.layerName, fid});
      layer.extent.expand(e);
    }
    // GEOS calls a NaN or infinite vertex an invalid coordinate; the
    // envelope misses one that is neither first nor an extreme.
    if (invalid[i].rfind("Invalid Coordinate", 0) == 0)
      throwInput(format(tr("坐标无效（非有限数值，如 NaN 或无穷大）：%s；数据已损坏。请在原始数据中修正或删除该要素，或重新导出图层",
                           "broken coordinates (not finite: NaN or infinite): %s; the data is damaged. Fix or delete the feature in the "
                           "original data, or export the layer again"),
                        invalid[i].c_str()),
                 {source, layer.layerName, fid});
    if (!invalid[i].empty())
      layer.issues.push_back({LoadIssue::Kind::Invalid, fid, invalid[i]});
  }
  if (!wholeLayer) return;
  if (role && !role->geometryOptional) refuseWithoutUsableGeometry(layer, *role, raw.size() - nulls.size() - empties.size() - wrongTypes.size(),
                                                                    nulls.size(), empties.size(), wrongTypes.size());
  addSummaryIssue(layer, LoadIssue::Kind::NullGeometry, nulls, "%zu 个要素几何为空值（NULL），保留属性但不参与检查；FID：%s",
                  "%zu features have a null geometry: kept, but left out of checks; FIDs: %s");
  addSummaryIssue(layer, LoadIssue::Kind::EmptyGeometry, empties, "%zu 个要素几何为空，不参与检查；FID：%s",
                  "%zu features have an empty geometry and are left out of checks; FIDs: %s");
  addSummaryIssue(layer, LoadIssue::Kind::WrongGeometryType, wrongTypes,
                  "%zu 个要素的几何类型与图层角色不符，不参与检查；FID：%s",
                  "%zu features have a geometry type the layer's role does not take, left out of checks; FIDs: %s");
  addSummaryIssue(layer, LoadIssue::Kind::Linearized, read.linearized, "%zu 个要素含曲线，已转为折线；FID：%s",
                  "%zu features had curves, turned into line segments; FIDs: %s");
  addSummaryIssue(layer, LoadIssue::Kind::DroppedZM, read.droppedZM, "%zu 个要素含 Z/M 值，已去除；FID：%s",
                  "%zu features had Z/M values, dropped; FIDs: %s");
}

namespace {

// A layer opened for reading, before any feature is read: the parts load,
// loadHeader and loadWindow share.
struct OpenLayer {
  GDALDatasetUniquePtr dataset;
  OGRLayer* ogr = nullptr;
  Layer layer;  // source, name, driver, field types; fields once the encoding is known
  bool isShapefile = false;
  Error::Where where;
  const RoleDef* role = nullptr;
  const OGRSpatialReference* declared = nullptr;
  std::vector<std::string> rawFieldNames;
  int fieldCount = 0;
};

OpenLayer openLayer(const LoadOptions& options, const RoleCatalog& roles) {
  checkBeforeOpening(options.source);
  OpenLayer open;
  open.dataset = openReadOnly(options.readFrom.empty() ? options.source : options.readFrom);
  open.ogr = pickLayer(*open.dataset, options);
  const std::string source = displayName(options.source);
  Layer& layer = open.layer;
  layer.source = source;
  layer.layerName = open.ogr->GetName();
  layer.driver = open.dataset->GetDriver() ? open.dataset->GetDriver()->GetDescription() : "";
  open.isShapefile = layer.driver == "ESRI Shapefile";
  open.where = {source, layer.layerName};
  layer.strict = options.strict;
  open.role = options.role ? &roles.get(*options.role) : nullptr;

  // GDAL reads the .prj when first asked (its parse error would otherwise
  // land on the first feature read), and reads one it cannot parse as no
  // CRS at all: that is not "no .prj".
  open.declared = readDeclaredCrs(open.ogr);
  if (open.isShapefile && !open.declared && !options.crs) refuseUnreadablePrj(dbfBase(options.source, layer.layerName), open.where);

  // A layer of a folder of Shapefiles: its parts, as checkBeforeOpening
  // checks a .shp given by name (GDAL opens a .shp whose .dbf is gone and
  // reports no attributes at all: a broken delivery, not a layer without
  // fields).
  if (open.isShapefile && fs::is_directory(options.source)) {
    const std::string base = dbfBase(options.source, layer.layerName);
    checkShapefileParts(base, base + ".shp");
  }

  // Raw field names; decoded once the encoding is known.
  OGRFeatureDefn* definition = open.ogr->GetLayerDefn();
  open.fieldCount = definition->GetFieldCount();
  for (int i = 0; i < open.fieldCount; ++i) {
    open.rawFieldNames.push_back(definition->GetFieldDefn(i)->GetNameRef());
    layer.fieldTypes.push_back(OGRFieldDefn::GetFieldTypeName(definition->GetFieldDefn(i)->GetType()));
  }
  return open;
}

// What is settled once the features are read: the CRS, where the layer
// lies, and how its fields meet its role.
void settleLayer(OpenLayer& open, const LoadOptions& options, const RoleCatalog& roles, GeometryKind firstKind) {
  Layer& layer = open.layer;
  layer.validityChecked = options.checkValidity;
  layer.repairMode = options.repair;
  layer.crs = resolveCrs(open.declared, layer.extent, options.crs, open.where);
  if (options.towgs84) layer.crs.towgs84 = options.towgs84;
  layer.sourceCrs = layer.crs;
  refuseCoordinatesOutsideCrs(layer);
  warnAboutPlacement(layer);
  layer.roleMatch = applyRole(layer, options, roles, firstKind);
}

}  // namespace

Layer load(const LoadOptions& options, const RoleCatalog& roles) {
  OpenLayer open = openLayer(options, roles);
  Layer& layer = open.layer;

  // Read every feature once, raw; decoding and GEOS conversion follow.
  PhaseTimer timer("load: read " + layer.layerName);
  RawRead read = readAllFeatures(open.ogr, options, open.isShapefile, open.fieldCount, open.role, open.where);
  for (const auto& [type, n] : read.typeCounts) layer.geometryTypeCounts[type] += n;
  const GeometryKind firstKind = read.firstKind ? *read.firstKind : kindOf(open.ogr->GetGeomType());

  timer.next("load: encoding " + layer.layerName);
  decideEncoding(layer, options, open.isShapefile, open.rawFieldNames, open.isShapefile ? valueSamples(read.features) : std::vector<std::string_view>());

  timer.next("load: GEOS and validity " + layer.layerName);
  convertFeatures(layer, read, options, open.role);

  timer.next("load: CRS and roles " + layer.layerName);
  settleLayer(open, options, roles, firstKind);
  return std::move(layer);
}

Layer loadHeader(const LoadOptions& options, const RoleCatalog& roles) {
  OpenLayer open = openLayer(options, roles);
  Layer& layer = open.layer;
  PhaseTimer timer("load: scan " + layer.layerName);
  // One pass in stretches, keeping of each feature only what the whole
  // layer's figures need: its envelope, and its text when it may tell the
  // encoding (distinct values with a high byte: the judgement is over each
  // value alone, so these decide as every value would).
  std::set<std::string> highByteValues;
  std::vector<int64_t> nulls, empties, wrongTypes, linearized, droppedZM;
  std::optional<GeometryKind> firstKind;
  size_t count = 0;
  open.ogr->ResetReading();
  for (;;) {
    RawRead part = readFeatures(open.ogr, open.fieldCount, open.role, open.where, 4096);
    if (part.features.empty()) break;
    for (const auto& [type, n] : part.typeCounts) layer.geometryTypeCounts[type] += n;
    if (!firstKind) firstKind = part.firstKind;
    linearized.insert(linearized.end(), part.linearized.begin(), part.linearized.end());
    droppedZM.insert(droppedZM.end(), part.droppedZM.begin(), part.droppedZM.end());
    for (RawFeature& f : part.features) {
      ++count;
      for (std::string& v : f.values)
        if (hasHighByte(v)) highByteValues.insert(std::move(v));
      if (f.nullGeometry) nulls.push_back(f.fid);
      if (f.emptyGeometry) empties.push_back(f.fid);
      if (f.wrongType) wrongTypes.push_back(f.fid);
      if (f.wkb.empty()) continue;
      refuseBrokenEnvelope(f.envelope, {layer.source, layer.layerName, f.fid});
      layer.extent.expand(f.envelope);
    }
  }
  layer.totalFeatures = count;
  layer.headerOnly = true;
  std::vector<std::string_view> samples(highByteValues.begin(), highByteValues.end());
  decideEncoding(layer, options, open.isShapefile, open.rawFieldNames, std::move(samples));
  if (open.role && !open.role->geometryOptional)
    refuseWithoutUsableGeometry(layer, *open.role, count - nulls.size() - empties.size() - wrongTypes.size(), nulls.size(), empties.size(),
                                wrongTypes.size());
  addSummaryIssue(layer, LoadIssue::Kind::NullGeometry, nulls, "%zu 个要素几何为空值（NULL），保留属性但不参与检查；FID：%s",
                  "%zu features have a null geometry: kept, but left out of checks; FIDs: %s");
  addSummaryIssue(layer, LoadIssue::Kind::EmptyGeometry, empties, "%zu 个要素几何为空，不参与检查；FID：%s",
                  "%zu features have an empty geometry and are left out of checks; FIDs: %s");
  addSummaryIssue(layer, LoadIssue::Kind::WrongGeometryType, wrongTypes,
                  "%zu 个要素的几何类型与图层角色不符，不参与检查；FID：%s",
                  "%zu features have a geometry type the layer's role does not take, left out of checks; FIDs: %s");
  addSummaryIssue(layer, LoadIssue::Kind::Linearized, linearized, "%zu 个要素含曲线，已转为折线；FID：%s",
                  "%zu features had curves, turned into line segments; FIDs: %s");
  addSummaryIssue(layer, LoadIssue::Kind::DroppedZM, droppedZM, "%zu 个要素含 Z/M 值，已去除；FID：%s",
                  "%zu features had Z/M values, dropped; FIDs: %s");
  settleLayer(open, options, roles, firstKind ? *firstKind : kindOf(open.ogr->GetGeomType()));
  return std::move(layer);
}

Layer loadWindow(const Layer& header, const LoadOptions& options, const RoleCatalog& roles, const geos::Envelope& window) {
  OpenLayer open = openLayer(options, roles);
  Layer& layer = open.layer;
  PhaseTimer timer("load: window " + layer.layerName);
  open.ogr->SetSpatialFilterRect(window.minX, window.minY, window.maxX, window.maxY);
  open.ogr->ResetReading();
  RawRead read = readFeatures(open.ogr, open.fieldCount, open.role, open.where, -1);
  for (const auto& [type, n] : read.typeCounts) layer.geometryTypeCounts[type] += n;
  // What the whole layer settled, not judged again on a part of it.
  layer.encoding = header.encoding;
  decodeFieldNames(layer, open.rawFieldNames);
  convertFeatures(layer, read, options, open.role, false);
  layer.validityChecked = options.checkValidity;
  layer.repairMode = options.repair;
  layer.crs = layer.sourceCrs = header.sourceCrs;
  refuseCoordinatesOutsideCrs(layer);
  layer.roleMatch = applyRole(layer, options, roles, read.firstKind ? *read.firstKind : kindOf(open.ogr->GetGeomType()));
  // The value mappings were reported by the header, for the whole layer.
  std::erase_if(layer.issues, [](const LoadIssue& i) { return i.kind == LoadIssue::Kind::ValuesMapped; });
  return std::move(layer);
}

}  // namespace sanxian
