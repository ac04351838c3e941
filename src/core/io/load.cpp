#include "core/io/load.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <tbb/parallel_for.h>

#include <filesystem>
#include <algorithm>
#include <iterator>
#include <optional>
#include <map>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/io/crs.h"
#include "core/io/encoding.h"
#include "core/io/field_mapping.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

bool isConnectionString(const std::string& source) {
  return source.rfind("PG:", 0) == 0 || source.rfind("postgresql://", 0) == 0;
}

// Masks the password of a PostgreSQL connection string for messages.
std::string displayName(const std::string& source) {
  if (!isConnectionString(source)) return source;
  std::string out = source;
  const auto at = out.find("password=");
  if (at != std::string::npos) {
    const auto end = out.find(' ', at);
    out.replace(at + 9, (end == std::string::npos ? out.size() : end) - at - 9, "***");
  }
  return out;
}

std::string lastGdalError() {
  const char* message = CPLGetLastErrorMsg();
  return message && *message ? message : tr("未知错误", "unknown error");
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
  GDALDatasetUniquePtr dataset(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                                 shapefile ? shapefileOptions : nullptr, nullptr));
  if (!dataset)
    throwInput(format(tr("无法作为矢量数据打开：%s", "cannot be opened as vector data: %s"), lastGdalError().c_str()),
               {displayName(source)});
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
      throwInput(format(tr("读取要素失败（上一个 FID %lld）：%s", "reading a feature failed (last FID %lld): %s"),
                        static_cast<long long>(lastFid), lastGdalError().c_str()),
                 at);
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

}  // namespace

std::vector<LayerListing> listLayers(const std::string& source) {
  GDALDatasetUniquePtr dataset = openReadOnly(source);
  std::vector<LayerListing> out;
  for (auto* layer : dataset->GetLayers()) out.push_back({layer->GetName(), layer->GetFeatureCount(false)});
  return out;
}

Layer load(const LoadOptions& options, const RoleCatalog& roles) {
  GDALDatasetUniquePtr dataset = openReadOnly(options.source);
  OGRLayer* ogrLayer = pickLayer(*dataset, options);
  const std::string source = displayName(options.source);

  Layer layer;
  layer.source = source;
  layer.layerName = ogrLayer->GetName();
  layer.driver = dataset->GetDriver() ? dataset->GetDriver()->GetDescription() : "";
  const bool isShapefile = layer.driver == "ESRI Shapefile";
  const Error::Where where{source, layer.layerName};

  const RoleDef* role = options.role ? &roles.get(*options.role) : nullptr;

  // GDAL opens a .shp whose .dbf is gone and reports no attributes at all;
  // that is a broken delivery, not a layer without fields.
  if (isShapefile) {
    const std::string base = dbfBase(options.source, layer.layerName);
    if (!fs::exists(base + ".dbf") && !fs::exists(base + ".DBF"))
      throwInput(tr("缺少属性表文件 .dbf（Shapefile 不完整）", "the .dbf attribute file is missing (incomplete Shapefile)"), where);
  }

  // Raw field names; decoded below once the encoding is known.
  OGRFeatureDefn* definition = ogrLayer->GetLayerDefn();
  const int fieldCount = definition->GetFieldCount();
  std::vector<std::string> rawFieldNames;
  for (int i = 0; i < fieldCount; ++i) {
    rawFieldNames.push_back(definition->GetFieldDefn(i)->GetNameRef());
    layer.fieldTypes.push_back(OGRFieldDefn::GetFieldTypeName(definition->GetFieldDefn(i)->GetType()));
  }

  // Read every feature once, raw; decoding and GEOS conversion follow.
  PhaseTimer timer("load: read " + layer.layerName);
  std::vector<RawRead> parts;
  const int64_t total = isShapefile ? ogrLayer->GetFeatureCount(FALSE) : -1;
  if (total >= kParallelReadMinFeatures) {
    // Stretches of record numbers, each read through its own handle and
    // put back in file order.
    const int64_t stretches = std::min<int64_t>(16, total / (kParallelReadMinFeatures / 4));
    parts.resize(size_t(stretches));
    tbb::parallel_for(int64_t(0), stretches, [&](int64_t k) {
      const int64_t begin = total * k / stretches, end = total * (k + 1) / stretches;
      GDALDatasetUniquePtr own = openReadOnly(options.source);
      OGRLayer* stretch = pickLayer(*own, options);
      stretch->ResetReading();
      if (begin > 0 && stretch->SetNextByIndex(begin) != OGRERR_NONE)
        throwInput(format(tr("无法定位到第 %lld 个要素：%s", "cannot seek to feature %lld: %s"), static_cast<long long>(begin),
                          lastGdalError().c_str()),
                   where);
      parts[size_t(k)] = readFeatures(stretch, fieldCount, role, where, end - begin);
    });
  } else {
    ogrLayer->ResetReading();
    parts.push_back(readFeatures(ogrLayer, fieldCount, role, where, -1));
  }
  std::vector<RawFeature> raw;
  std::vector<int64_t> linearized, droppedZM;
  GeometryKind firstKind = kindOf(ogrLayer->GetGeomType());
  bool sawGeometry = false;
  size_t rawCount = 0;
  for (const RawRead& part : parts) rawCount += part.features.size();
  raw.reserve(rawCount);
  for (RawRead& part : parts) {
    std::move(part.features.begin(), part.features.end(), std::back_inserter(raw));
    linearized.insert(linearized.end(), part.linearized.begin(), part.linearized.end());
    droppedZM.insert(droppedZM.end(), part.droppedZM.begin(), part.droppedZM.end());
    for (const auto& [type, n] : part.typeCounts) layer.geometryTypeCounts[type] += n;
    if (!sawGeometry && part.firstKind) {
      firstKind = *part.firstKind;
      sawGeometry = true;
    }
    part = RawRead();
  }

  timer.next("load: encoding " + layer.layerName);
  // Encoding: only Shapefiles need deciding; the other formats are UTF-8.
  if (isShapefile) {
    std::vector<std::string_view> samples;
    for (const auto& name : rawFieldNames) samples.push_back(withoutCutUtf8Tail(name));
    for (const auto& f : raw)
      for (const auto& v : f.values)
        if (!v.empty()) samples.push_back(v);
    layer.encoding = decideDbfEncoding(dbfBase(options.source, layer.layerName), samples, options.encoding);
  } else {
    layer.encoding.source = EncodingInfo::Source::Native;
    layer.encoding.note = tr("该格式以 UTF-8 存储文本", "this format stores text as UTF-8");
  }
  const std::string& encoding = layer.encoding.name;
  for (const auto& name : rawFieldNames)
    layer.fields.push_back(toUtf8(encoding == "UTF-8" ? withoutCutUtf8Tail(name) : std::string_view(name), encoding));

  timer.next("load: GEOS and validity " + layer.layerName);
  // GEOS conversion and validity are per feature: do them in parallel,
  // each worker thread in its own GEOS context, results kept in order.
  layer.features.resize(raw.size());
  std::vector<std::string> invalid(raw.size());
  std::vector<std::string> conversionErrors(raw.size());
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
      if (options.checkValidity) invalid[i] = geos::invalidReason(f.geometry.get());
    } catch (const geos::GeosError& e) {
      conversionErrors[i] = e.what();
    }
  });

  std::vector<int64_t> nulls, empties, wrongTypes;
  for (size_t i = 0; i < raw.size(); ++i) {
    const int64_t fid = raw[i].fid;
    if (raw[i].nullGeometry) nulls.push_back(fid);
    if (raw[i].emptyGeometry) empties.push_back(fid);
    if (raw[i].wrongType) wrongTypes.push_back(fid);
    if (!conversionErrors[i].empty())
      throwInput(format(tr("几何无法读取：%s", "geometry cannot be read: %s"), conversionErrors[i].c_str()), {source, layer.layerName, fid});
    if (!invalid[i].empty())
      layer.issues.push_back({LoadIssue::Kind::Invalid, fid, invalid[i]});
    if (const auto& g = layer.features[i].geometry) layer.extent.expand(geos::envelope(g.get()));
  }
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

  timer.next("load: CRS and roles " + layer.layerName);
  layer.validityChecked = options.checkValidity;
  layer.repairMode = options.repair;
  layer.crs = resolveCrs(ogrLayer->GetSpatialRef(), layer.extent, options.crs, where);
  if (options.towgs84) layer.crs.towgs84 = options.towgs84;
  layer.sourceCrs = layer.crs;

  layer.roleMatch = applyRole(layer, options, roles, firstKind);
  return layer;
}

}  // namespace sanxian
