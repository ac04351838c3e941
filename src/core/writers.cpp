#include "writers.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <tbb/task_group.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "error.h"
#include "output.h"
#include "text.h"
#include "timing.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

OGRFieldType fieldType(ColumnType type) {
  switch (type) {
    case ColumnType::Text: return OFTString;
    case ColumnType::Integer: return OFTInteger64;
    case ColumnType::Real: return OFTReal;
  }
  return OFTString;
}

OGRSpatialReference spatialReference(const CrsInfo& crs) {
  OGRSpatialReference srs;
  srs.SetFromUserInput(crs.definition.c_str());
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

// The geometry type of a table's layer: polygonal when any row is.
OGRwkbGeometryType layerGeometryType(const Table& table) {
  for (const auto& g : table.geometries) {
    if (!g) continue;
    if (geos::isPolygonal(g.get())) return wkbMultiPolygon;
    if (geos::isLineal(g.get())) return wkbMultiLineString;
    const int t = geos::typeId(g.get());
    if (t == GEOS_POINT || t == GEOS_MULTIPOINT) return wkbMultiPoint;
    if (t == GEOS_GEOMETRYCOLLECTION) return wkbMultiPolygon;
  }
  return wkbMultiPolygon;
}

// The coordinates of a GEOS ring or line into an OGR one, in one copy
// (GEOS's x y pairs have OGRRawPoint's layout).
template <typename Curve>
std::unique_ptr<Curve> toOgrCurve(const GEOSGeometry* line) {
  GEOSContextHandle_t h = geos::ctx();
  const GEOSCoordSequence* sequence = GEOSGeom_getCoordSeq_r(h, line);
  unsigned int size = 0;
  if (!sequence || !GEOSCoordSeq_getSize_r(h, sequence, &size)) throw geos::GeosError("GEOSGeom_getCoordSeq: " + geos::lastError());
  thread_local std::vector<OGRRawPoint> points;
  points.resize(size);
  static_assert(sizeof(OGRRawPoint) == 2 * sizeof(double));
  if (size && !GEOSCoordSeq_copyToBuffer_r(h, sequence, reinterpret_cast<double*>(points.data()), 0, 0))
    throw geos::GeosError("GEOSCoordSeq_copyToBuffer: " + geos::lastError());
  auto curve = std::make_unique<Curve>();
  curve->setPoints(static_cast<int>(size), points.data());
  return curve;
}

std::unique_ptr<OGRPolygon> toOgrPolygon(const GEOSGeometry* polygon) {
  GEOSContextHandle_t h = geos::ctx();
  auto out = std::make_unique<OGRPolygon>();
  out->addRingDirectly(toOgrCurve<OGRLinearRing>(GEOSGetExteriorRing_r(h, polygon)).release());
  const int holes = GEOSGetNumInteriorRings_r(h, polygon);
  for (int i = 0; i < holes; ++i) out->addRingDirectly(toOgrCurve<OGRLinearRing>(GEOSGetInteriorRingN_r(h, polygon, i)).release());
  return out;
}

// The parts of a GEOS geometry (itself when it is not a collection), each
// converted by `part`, into an OGR multi-geometry; empty parts are dropped.
template <typename Multi, typename Part>
std::unique_ptr<OGRGeometry> toOgrMulti(const GEOSGeometry* g, Part part) {
  GEOSContextHandle_t h = geos::ctx();
  auto multi = std::make_unique<Multi>();
  const int n = GEOSGetNumGeometries_r(h, g);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* p = GEOSGetGeometryN_r(h, g, i);
    if (!geos::isEmpty(p)) multi->addGeometryDirectly(part(p).release());
  }
  return multi;
}

// GEOS geometry → OGR geometry forced to the layer's multi type. Polygons
// and lines, nearly every result, are copied coordinate array by coordinate
// array; anything else goes through WKB.
std::unique_ptr<OGRGeometry> toOgr(const GEOSGeometry* g, OGRwkbGeometryType type) {
  const int geosType = geos::typeId(g);
  if (type == wkbMultiPolygon && (geosType == GEOS_POLYGON || geosType == GEOS_MULTIPOLYGON))
    return toOgrMulti<OGRMultiPolygon>(g, toOgrPolygon);
  if (type == wkbMultiLineString && (geosType == GEOS_LINESTRING || geosType == GEOS_MULTILINESTRING))
    return toOgrMulti<OGRMultiLineString>(g, toOgrCurve<OGRLineString>);
  size_t size = 0;
  struct WriterDeleter {
    void operator()(GEOSWKBWriter* w) const { GEOSWKBWriter_destroy_r(geos::ctx(), w); }
  };
  thread_local std::unique_ptr<GEOSWKBWriter, WriterDeleter> writer(GEOSWKBWriter_create_r(geos::ctx()));
  unsigned char* wkb = GEOSWKBWriter_write_r(geos::ctx(), writer.get(), g, &size);
  OGRGeometry* geometry = nullptr;
  OGRGeometryFactory::createFromWkb(wkb, nullptr, &geometry, size);
  GEOSFree_r(geos::ctx(), wkb);
  if (!geometry) return nullptr;
  return std::unique_ptr<OGRGeometry>(OGRGeometryFactory::forceTo(geometry, type));
}

void setCell(OGRFeature& feature, int index, const Cell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) feature.SetField(index, s->c_str());
  else if (const auto* i = std::get_if<int64_t>(&cell)) feature.SetField(index, static_cast<GIntBig>(*i));
  else if (const auto* d = std::get_if<double>(&cell)) feature.SetField(index, *d);
  else feature.SetFieldNull(index);
}

void countShapeParts(const OGRGeometry* g, size_t& parts, size_t& points) {
  const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
  if (OGR_GT_IsSubClassOf(t, wkbGeometryCollection)) {
    for (const OGRGeometry* sub : *g->toGeometryCollection()) countShapeParts(sub, parts, points);
  } else if (t == wkbPolygon) {
    for (const OGRLinearRing* ring : *g->toPolygon()) {
      ++parts;
      points += ring->getNumPoints();
    }
  } else if (t == wkbLineString) {
    ++parts;
    points += g->toLineString()->getNumPoints();
  } else if (t == wkbPoint) {
    ++points;
  }
}

// Bytes one feature adds to a .shp: the 8-byte record header and the shape
// (ESRI Shapefile Technical Description, 1998).
uint64_t shapeRecordBytes(const OGRGeometry* g, OGRwkbGeometryType type) {
  if (!g || g->IsEmpty()) return 8 + 4;  // null shape
  size_t parts = 0, points = 0;
  countShapeParts(g, parts, points);
  if (type == wkbMultiPoint) return 8 + 40 + 16 * uint64_t(points);
  return 8 + 44 + 4 * uint64_t(parts) + 16 * uint64_t(points);
}

GDALDriver* driver(const char* name) {
  GDALAllRegister();
  GDALDriver* d = GetGDALDriverManager()->GetDriverByName(name);
  if (!d) throw Error(Error::Kind::Internal, format("GDAL driver %s missing", name));
  return d;
}

}  // namespace

std::string toCsv(const Table& table) {
  std::string out = "\xEF\xBB\xBF";
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (c) out += ',';
    out += csvField(tr(table.columns[c].zh.c_str(), table.columns[c].en.c_str()));
  }
  out += '\n';
  for (const auto& row : table.rows) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (c) out += ',';
      out += csvField(cellText(row[c], table.columns[c]));
    }
    out += '\n';
  }
  return out;
}

void writeCsv(const Table& table, const std::string& path) { writeFileAtomically(path, toCsv(table)); }

std::vector<std::string> shapefileFieldNames(const Table& table) {
  std::vector<std::string> names;
  std::set<std::string> used;
  for (const auto& column : table.columns) {
    std::string name = column.shortName.empty() ? column.key.substr(0, 10) : column.shortName.substr(0, 10);
    std::string candidate = name;
    for (int n = 1; used.count(candidate); ++n) {
      const std::string suffix = std::to_string(n);
      candidate = name.substr(0, 10 - suffix.size()) + suffix;
    }
    used.insert(candidate);
    names.push_back(candidate);
  }
  return names;
}

ShapefileReport writeShapefile(const Table& table, const std::string& folder, const CrsInfo& crs, const ShapefileOptions& options) {
  const std::string& encoding = options.encoding;
  const uint64_t maxFileBytes = options.maxFileBytes;
  ShapefileReport report;
  report.parts = 0;
  makeOutputFolder(folder);
  // Write into a private folder, then move each file into place: a failed
  // run leaves the previous outputs as they were.
  const fs::path staging = fs::path(folder) / (table.name + temporarySuffix());
  fs::remove_all(staging);
  fs::create_directories(staging);
  const std::vector<std::string> names = shapefileFieldNames(table);
  // Text fields as wide as their longest value (in UTF-8 bytes, never fewer
  // than GBK needs), not the 254 maximum: the .dbf of 30 000 conflicts is
  // then a sixth of the size, and as quick to write and to open.
  std::vector<int> textWidths(table.columns.size(), 1);
  for (const auto& row : table.rows)
    for (size_t c = 0; c < table.columns.size(); ++c)
      if (const auto* text = std::get_if<std::string>(&row[c]))
        textWidths[c] = std::max(textWidths[c], static_cast<int>(std::min<size_t>(text->size(), 254)));
  const OGRwkbGeometryType type = options.polygonsOnly ? wkbMultiPolygon : layerGeometryType(table);
  const bool polygonal = type == wkbMultiPolygon;
  OGRSpatialReference srs = spatialReference(crs);

  // One part: a dataset with its layer, and the bytes its .shp and .dbf will hold.
  GDALDatasetUniquePtr dataset;
  OGRLayer* layer = nullptr;
  fs::path shp;
  uint64_t shpBytes = 0, dbfBytes = 0, dbfRecord = 0;
  size_t partRows = 0;
  // The dBASE end-of-file mark is written once per part, after GDAL closes
  // it: GDAL writes it after every record and seeks back over it for the
  // next (four system calls a record; a fifth of the writer's time).
  auto closePart = [&]() {
    if (!dataset) return;
    dataset.reset();  // closes and flushes
    const fs::path dbf = fs::path(shp).replace_extension(".dbf");
    std::ofstream out(dbf, std::ios::binary | std::ios::app);
    out.put('\x1A');
    if (!out.flush()) throwInput(tr("无法写入 DBF 文件结束符", "cannot write the DBF end-of-file mark"), {dbf.string()});
  };
  auto openPart = [&]() {
    closePart();
    ++report.parts;
    const std::string base = report.parts == 1 ? table.name : table.name + "_" + std::to_string(report.parts);
    shp = staging / (base + ".shp");
    dataset.reset(driver("ESRI Shapefile")->Create(shp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) throwInput(tr("无法创建 Shapefile", "cannot create the Shapefile"), {shp.string()});
    CPLStringList options;
    options.SetNameValue("ENCODING", encoding == "GBK" || encoding == "GB18030" ? "CP936" : "UTF-8");
    options.SetNameValue("DBF_EOF_CHAR", "NO");  // appended once the part is closed (see closePart)
    layer = dataset->CreateLayer(base.c_str(), &srs, type, options.List());
    if (!layer) throwInput(tr("无法创建图层", "cannot create the layer"), {shp.string()});
    for (size_t c = 0; c < table.columns.size(); ++c) {
      OGRFieldDefn field(names[c].c_str(), fieldType(table.columns[c].type));
      if (table.columns[c].type == ColumnType::Real) {
        field.SetWidth(24);
        field.SetPrecision(std::max(table.columns[c].decimals, 6));
      } else if (table.columns[c].type == ColumnType::Text) {
        field.SetWidth(textWidths[c]);
      }
      if (layer->CreateField(&field) != OGRERR_NONE)
        throwInput(format(tr("无法创建字段 %s", "cannot create field %s"), names[c].c_str()), {shp.string()});
    }
    const OGRFeatureDefn* definition = layer->GetLayerDefn();
    dbfRecord = 1;  // deletion flag
    for (int c = 0; c < definition->GetFieldCount(); ++c) dbfRecord += std::max(1, definition->GetFieldDefn(c)->GetWidth());
    shpBytes = 100;                                              // header
    dbfBytes = 32 + 32 * uint64_t(definition->GetFieldCount()) + 1 + 1;  // header, field descriptors, terminator, end-of-file mark
    partRows = 0;
  };
  openPart();
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const GEOSGeometry* g = table.geometries.empty() ? nullptr : table.geometries[r].get();
    geos::GeomPtr kept;
    if (g && polygonal && !geos::isPolygonal(g)) {  // a collection from an overlay: its polygons only
      kept = geos::extractDimension(g, 2);
      g = geos::isEmpty(kept.get()) ? nullptr : kept.get();
      if (!g) {
        ++report.skippedNonPolygonal;
        continue;
      }
    }
    std::unique_ptr<OGRGeometry> geometry = g ? toOgr(g, type) : nullptr;
    const uint64_t record = shapeRecordBytes(geometry.get(), type);
    if (partRows > 0 && (shpBytes + record > maxFileBytes || dbfBytes + dbfRecord > maxFileBytes)) openPart();
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    for (size_t c = 0; c < table.columns.size(); ++c) setCell(*feature, static_cast<int>(c), table.rows[r][c]);
    if (geometry) feature->SetGeometryDirectly(geometry.release());
    if (layer->CreateFeature(feature.get()) != OGRERR_NONE)
      throwInput(format(tr("写入要素失败：%s", "writing a feature failed: %s"), CPLGetLastErrorMsg()), {shp.string()});
    shpBytes += record;
    dbfBytes += dbfRecord;
    ++partRows;
    ++report.written;
  }
  closePart();
  // Field dictionary: the short ASCII names with their full names.
  std::ostringstream dictionary;
  dictionary << "\xEF\xBB\xBF" << "field,name_zh,name_en,type\n";
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const char* type = table.columns[c].type == ColumnType::Text ? "text" : table.columns[c].type == ColumnType::Integer ? "integer" : "real";
    dictionary << names[c] << "," << csvField(table.columns[c].zh) << "," << csvField(table.columns[c].en) << "," << type << "\n";
  }
  writeFileAtomically((staging / (table.name + "_fields.csv")).string(), dictionary.str());

  for (const auto& entry : fs::directory_iterator(staging)) {
    const fs::path target = fs::path(folder) / entry.path().filename();
    fs::rename(entry.path(), target);
    report.files.push_back(target.string());
  }
  fs::remove_all(staging);
  // Parts beyond this run's last one are left over from a bigger earlier run: remove them.
  for (size_t part = report.parts + 1;; ++part) {
    const std::string base = table.name + "_" + std::to_string(part);
    if (!fs::exists(fs::path(folder) / (base + ".shp"))) break;
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qml"}) fs::remove(fs::path(folder) / (base + ext));
  }
  std::sort(report.files.begin(), report.files.end());
  return report;
}

void writeGeoPackage(const std::vector<NamedTable>& tables, const std::string& path, const CrsInfo& crs) {
  const std::string temporary = path + temporarySuffix() + ".gpkg";
  fs::remove(temporary);
  {
    // No fsync at each commit: the file is a temporary, renamed into place
    // only once complete, so a failed run never leaves half a GeoPackage.
    CPLConfigOptionSetter noSync("OGR_SQLITE_SYNCHRONOUS", "OFF", true);
    GDALDatasetUniquePtr dataset(driver("GPKG")->Create(temporary.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) throwInput(tr("无法创建 GeoPackage", "cannot create the GeoPackage"), {path});
    OGRSpatialReference srs = spatialReference(crs);
    std::set<std::string> identifiers;  // GeoPackage requires them unique, and two checks may share a title
    for (const auto& [table, name] : tables) {
      const bool spatial = table->hasGeometry();
      const OGRwkbGeometryType type = spatial ? layerGeometryType(*table) : wkbNone;
      std::string identifier = tr(table->zh.c_str(), table->en.c_str());
      if (identifier.empty() || identifiers.count(identifier)) identifier += " (" + name + ")";
      identifiers.insert(identifier);
      CPLStringList options;
      options.SetNameValue("IDENTIFIER", identifier.c_str());
      OGRLayer* layer = dataset->CreateLayer(name.c_str(), spatial ? &srs : nullptr, type, options.List());
      if (!layer) throwInput(format(tr("无法创建图层 %s", "cannot create layer %s"), name.c_str()), {path});
      for (const auto& column : table->columns) {
        OGRFieldDefn field(tr(column.zh.c_str(), column.en.c_str()), fieldType(column.type));
        if (layer->CreateField(&field) != OGRERR_NONE)
          throwInput(format(tr("无法创建字段 %s", "cannot create field %s"), column.key.c_str()), {path});
      }
      dataset->StartTransaction();
      for (size_t r = 0; r < table->rows.size(); ++r) {
        OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        for (size_t c = 0; c < table->columns.size(); ++c) setCell(*feature, static_cast<int>(c), table->rows[r][c]);
        if (spatial && table->geometries[r]) {
          const GEOSGeometry* g = table->geometries[r].get();
          geos::GeomPtr kept;
          if (type == wkbMultiPolygon && !geos::isPolygonal(g)) {
            kept = geos::extractDimension(g, 2);
            g = kept.get();
          }
          if (!geos::isEmpty(g)) feature->SetGeometryDirectly(toOgr(g, type).release());
        }
        if (layer->CreateFeature(feature.get()) != OGRERR_NONE)
          throwInput(format(tr("写入要素失败：%s", "writing a feature failed: %s"), CPLGetLastErrorMsg()), {path});
      }
      dataset->CommitTransaction();
    }
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) throwInput(format(tr("无法重命名为目标文件：%s", "cannot rename into place: %s"), ec.message().c_str()), {path});
}

std::vector<std::string> writeCheckTables(const std::vector<Table>& tables, const std::string& folder, const std::string& name,
                                          const CrsInfo& crs, const TableWriteOptions& options) {
  makeOutputFolder(folder);
  // Each table's files, filled side by side and listed in table order.
  std::vector<std::vector<std::string>> files(tables.size());
  std::vector<std::string> csvs(tables.size());
  const std::string gpkg = (fs::path(folder) / (name + ".gpkg")).string();
  tbb::task_group writers;
  for (size_t i = 0; i < tables.size(); ++i) {
    const Table& t = tables[i];
    csvs[i] = (fs::path(folder) / (t.name + ".csv")).string();
    writers.run([&, i] {
      PhaseTimer timer("write " + tables[i].name + ".csv");
      writeCsv(tables[i], csvs[i]);
    });
    if (t.hasGeometry()) {
      writers.run([&, i] {
        PhaseTimer timer("write " + tables[i].name + ".shp");
        ShapefileOptions shapefile;
        shapefile.encoding = options.shapefileEncoding;
        shapefile.polygonsOnly = options.polygonShapefiles;
        files[i] = writeShapefile(tables[i], folder, crs, shapefile).files;
      });
    }
  }
  if (options.geoPackage) {
    writers.run([&] {
      PhaseTimer timer("write " + name + ".gpkg");
      std::vector<const Table*> all;
      for (const Table& t : tables) all.push_back(&t);
      writeGeoPackage(all, gpkg, crs);
    });
  }
  writers.wait();
  std::vector<std::string> written;
  for (size_t i = 0; i < tables.size(); ++i) {
    written.push_back(csvs[i]);
    written.insert(written.end(), files[i].begin(), files[i].end());
  }
  if (options.geoPackage) written.push_back(gpkg);
  return written;
}

}  // namespace sanxian
