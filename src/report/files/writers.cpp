#include "report/files/writers.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <tbb/task_group.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/base/timing.h"
#include "report/files/output.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;


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

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csvText(const std::string& text) {
  // Excel and LibreOffice run a cell starting with = + - @ (or a tab or CR
  // before one) as a formula: a leading apostrophe makes it text.
  if (!text.empty() && std::string("=+-@\t\r").find(text[0]) != std::string::npos) return csvField("'" + text);
  return csvField(text);
}

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
      const std::string cell = cellText(row[c], table.columns[c]);
      out += table.columns[c].type == ColumnType::Text ? csvText(cell) : csvField(cell);
    }
    out += '\n';
  }
  return out;
}

void writeCsv(const Table& table, const std::string& path) { writeFileAtomically(path, toCsv(table)); }

std::vector<GeometryGroup> geometryGroups(const Table& table) {
  // The dimension of each row's geometry (-1: none); collections from an
  // overlay count by their highest part.
  std::vector<int> dimension(table.rows.size(), -1);
  int highest = -1;
  for (size_t r = 0; r < table.rows.size() && r < table.geometries.size(); ++r) {
    const GEOSGeometry* g = table.geometries[r].get();
    if (!g || geos::isEmpty(g)) continue;
    dimension[r] = geos::isPolygonal(g) ? 2 : geos::isLineal(g) ? 1 : GEOSGeom_getDimensions_r(geos::ctx(), g);
    highest = std::max(highest, dimension[r]);
  }
  if (highest < 0) highest = 2;  // no geometry at all: an (empty) polygon layer
  std::vector<GeometryGroup> groups;
  for (int d = highest; d >= 0; --d) {
    GeometryGroup group;
    group.dimension = d;
    group.type = d == 2 ? wkbMultiPolygon : d == 1 ? wkbMultiLineString : wkbMultiPoint;
    group.suffix = d == highest ? "" : d == 1 ? "_lines" : "_points";
    for (size_t r = 0; r < table.rows.size(); ++r)
      if (dimension[r] == d || (d == highest && dimension[r] < 0)) group.rows.push_back(r);
    if (d == highest || !group.rows.empty()) groups.push_back(std::move(group));
  }
  return groups;
}

namespace {

// A row's geometry as the group's file holds it: a collection from an
// overlay keeps only its parts of the group's dimension. Null when none.
std::unique_ptr<OGRGeometry> groupGeometry(const Table& table, size_t row, const GeometryGroup& group) {
  const GEOSGeometry* g = row < table.geometries.size() ? table.geometries[row].get() : nullptr;
  if (!g || geos::isEmpty(g)) return nullptr;
  geos::GeomPtr kept;
  const bool plain = group.dimension == 2 ? geos::isPolygonal(g) : group.dimension == 1 ? geos::isLineal(g) : false;
  if (!plain) {
    kept = geos::extractDimension(g, group.dimension);
    g = kept.get();
    if (!g || geos::isEmpty(g)) return nullptr;
  }
  return toOgr(g, group.type);
}

// Bytes of text in the encoding written: GBK takes 2 per Chinese character
// where UTF-8 takes 3, so the UTF-8 length is never too small.
constexpr size_t kDbfTextMax = 254;

// The longest prefix of `text` of at most `bytes` bytes that ends on a character boundary.
std::string utf8Prefix(const std::string& text, size_t bytes) {
  if (text.size() <= bytes) return text;
  size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

namespace {

// One table written as Shapefiles: a family (NAME, NAME_lines …) per kind
// of geometry, each cut into parts below the size limit, written into a
// private folder and moved into place when complete.
class ShapefileWriter {
public:
  ShapefileWriter(const Table& table, const std::string& folder, const CrsInfo& crs, const ShapefileOptions& options)
      : table_(table), folder_(folder), options_(options), staging_(stagingFolder((fs::path(folder) / table.name).string())),
        names_(shapefileFieldNames(table)), srs_(spatialReference(crs)), longTextFile_(table.name + "_long_text.csv") {
    // Text fields as wide as their longest value (in UTF-8 bytes, never fewer
    // than GBK needs), not the 254 maximum: the .dbf of 30 000 conflicts is
    // then a sixth of the size, and as quick to write and to open.
    textWidths_.assign(table.columns.size(), 1);
    for (const auto& row : table.rows)
      for (size_t c = 0; c < table.columns.size(); ++c)
        if (const auto* text = std::get_if<std::string>(&row[c]))
          textWidths_[c] = std::max(textWidths_[c], static_cast<int>(std::min<size_t>(text->size(), kDbfTextMax)));
  }
  ~ShapefileWriter() {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }

  ShapefileReport write() {
    report_.parts = 0;
    for (const GeometryGroup& group : geometryGroups(table_)) writeGroup(group);
    writeLongText();
    writeDictionary();
    moveIntoPlace();
    return std::move(report_);
  }

private:
  // Errors name the file the user will look for, not the private one.
  std::string shown(const fs::path& staged) const { return (fs::path(folder_) / staged.filename()).string(); }

  void writeGroup(const GeometryGroup& group) {
    group_ = &group;
    groupParts_ = 0;
    openPart();
    for (size_t r : group.rows) writeRow(r);
    closePart();
    // Parts beyond this run's last one are left over from a bigger earlier run: remove them.
    const std::string groupName = table_.name + group.suffix;
    for (size_t part = groupParts_ + 1;; ++part) {
      const std::string base = groupName + "_" + std::to_string(part);
      if (!fs::exists(fs::path(folder_) / (base + ".shp"))) break;
      for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qml"}) fs::remove(fs::path(folder_) / (base + ext));
    }
  }

  // A new part: a dataset with its layer and fields, and the bytes its .shp and .dbf will hold.
  void openPart() {
    closePart();
    ++groupParts_;
    if (group_->suffix.empty()) ++report_.parts;
    const std::string groupName = table_.name + group_->suffix;
    const std::string base = groupParts_ == 1 ? groupName : groupName + "_" + std::to_string(groupParts_);
    shp_ = fs::path(staging_) / (base + ".shp");
    dataset_.reset(driver("ESRI Shapefile")->Create(shp_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset_) throwInput(tr("无法创建 Shapefile", "cannot create the Shapefile"), {shown(shp_)});
    CPLStringList layerOptions;
    layerOptions.SetNameValue("ENCODING", options_.encoding == "GBK" || options_.encoding == "GB18030" ? "CP936" : "UTF-8");
    layerOptions.SetNameValue("DBF_EOF_CHAR", "NO");  // appended once the part is closed (see closePart)
    layer_ = dataset_->CreateLayer(base.c_str(), &srs_, group_->type, layerOptions.List());
    if (!layer_) throwInput(tr("无法创建图层", "cannot create the layer"), {shown(shp_)});
    for (size_t c = 0; c < table_.columns.size(); ++c) {
      OGRFieldDefn field(names_[c].c_str(), fieldType(table_.columns[c].type));
      if (table_.columns[c].type == ColumnType::Real) {
        field.SetWidth(24);
        field.SetPrecision(std::max(table_.columns[c].decimals, 6));
      } else if (table_.columns[c].type == ColumnType::Text) {
        field.SetWidth(textWidths_[c]);
      }
      if (layer_->CreateField(&field) != OGRERR_NONE)
        throwInput(format(tr("无法创建字段 %s", "cannot create field %s"), names_[c].c_str()), {shown(shp_)});
    }
    const OGRFeatureDefn* definition = layer_->GetLayerDefn();
    dbfRecord_ = 1;  // deletion flag
    for (int c = 0; c < definition->GetFieldCount(); ++c) dbfRecord_ += std::max(1, definition->GetFieldDefn(c)->GetWidth());
    shpBytes_ = 100;                                                        // header
    dbfBytes_ = 32 + 32 * uint64_t(definition->GetFieldCount()) + 1 + 1;  // header, field descriptors, terminator, end-of-file mark
    partRows_ = 0;
    report_.shapefiles.push_back({(fs::path(folder_) / (base + ".shp")).string(), group_->dimension});
  }

  // The dBASE end-of-file mark is written once per part, after GDAL closes
  // it: GDAL writes it after every record and seeks back over it for the
  // next (four system calls a record; a fifth of the writer's time).
  void closePart() {
    if (!dataset_) return;
    CPLErrorReset();
    dataset_.reset();  // closes and flushes; GDAL 3.6 reports failures only through its error state
    if (CPLGetLastErrorType() >= CE_Failure)
      throwInput(format(tr("Shapefile 写入失败（磁盘已满？）：%s", "writing the Shapefile failed (disk full?): %s"), CPLGetLastErrorMsg()), {shown(shp_)});
    const fs::path dbf = fs::path(shp_).replace_extension(".dbf");
    std::ofstream out(dbf, std::ios::binary | std::ios::app);
    out.put('\x1A');
    if (!out.flush()) throwInput(tr("无法写入 DBF 文件结束符（磁盘已满？）", "cannot write the DBF end-of-file mark (disk full?)"), {shown(dbf)});
  }

  void writeRow(size_t r) {
    std::unique_ptr<OGRGeometry> geometry = groupGeometry(table_, r, *group_);
    const uint64_t record = shapeRecordBytes(geometry.get(), group_->type);
    if (partRows_ > 0 && (shpBytes_ + record > options_.maxFileBytes || dbfBytes_ + dbfRecord_ > options_.maxFileBytes)) openPart();
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer_->GetLayerDefn()));
    for (size_t c = 0; c < table_.columns.size(); ++c) {
      const Cell& cell = table_.rows[r][c];
      const auto* text = std::get_if<std::string>(&cell);
      // Text longer than a .dbf field holds: the field keeps the beginning, and
      // the whole text goes to NAME_long_text.csv (row number, field, text).
      if (text && text->size() > kDbfTextMax) {
        const std::string note = format(tr("…（全文见 %s）", "… (full text in %s)"), longTextFile_.c_str());
        feature->SetField(static_cast<int>(c), (utf8Prefix(*text, kDbfTextMax - note.size()) + note).c_str());
        longText_ << r + 1 << "," << csvField(names_[c]) << "," << csvText(*text) << "\n";
        ++report_.longTextCells;
      } else {
        setCell(*feature, static_cast<int>(c), cell);
      }
    }
    if (geometry) feature->SetGeometryDirectly(geometry.release());
    if (layer_->CreateFeature(feature.get()) != OGRERR_NONE)
      throwInput(format(tr("表 %s 第 %zu 行无法写入：%s", "table %s, row %zu cannot be written: %s"), table_.name.c_str(), r + 1, CPLGetLastErrorMsg()),
                 {shown(shp_)});
    shpBytes_ += record;
    dbfBytes_ += dbfRecord_;
    ++partRows_;
    ++report_.written;
  }

  void writeLongText() {
    if (report_.longTextCells == 0) return;
    writeFileAtomically((fs::path(staging_) / longTextFile_).string(),
                        std::string("\xEF\xBB\xBF") + tr("行号,字段,全文\n", "row,field,text\n") + longText_.str());
  }

  // Field dictionary: the short ASCII names with their full names.
  void writeDictionary() {
    std::ostringstream dictionary;
    dictionary << "\xEF\xBB\xBF" << "field,name_zh,name_en,type\n";
    for (size_t c = 0; c < table_.columns.size(); ++c) {
      const char* type = table_.columns[c].type == ColumnType::Text ? "text" : table_.columns[c].type == ColumnType::Integer ? "integer" : "real";
      dictionary << names_[c] << "," << csvField(table_.columns[c].zh) << "," << csvField(table_.columns[c].en) << "," << type << "\n";
    }
    writeFileAtomically((fs::path(staging_) / (table_.name + "_fields.csv")).string(), dictionary.str());
  }

  void moveIntoPlace() {
    for (const auto& entry : fs::directory_iterator(staging_)) {
      if (entry.path().filename().string().rfind(".sanxian", 0) == 0) continue;  // the staging marker
      const fs::path target = fs::path(folder_) / entry.path().filename();
      std::error_code ec;
      fs::rename(entry.path(), target, ec);
      if (ec) throwInput(format(tr("无法移动到目标位置：%s", "cannot move into place: %s"), ec.message().c_str()), {target.string()});
      report_.files.push_back(target.string());
    }
    std::sort(report_.files.begin(), report_.files.end());
  }

  const Table& table_;
  const std::string folder_;
  const ShapefileOptions options_;
  const std::string staging_;
  const std::vector<std::string> names_;
  OGRSpatialReference srs_;
  const std::string longTextFile_;
  std::vector<int> textWidths_;
  ShapefileReport report_;
  std::ostringstream longText_;
  // The group and part being written.
  const GeometryGroup* group_ = nullptr;
  size_t groupParts_ = 0;
  GDALDatasetUniquePtr dataset_;
  OGRLayer* layer_ = nullptr;
  fs::path shp_;
  uint64_t shpBytes_ = 0, dbfBytes_ = 0, dbfRecord_ = 0;
  size_t partRows_ = 0;
};

}  // namespace

ShapefileReport writeShapefile(const Table& table, const std::string& folder, const CrsInfo& crs, const ShapefileOptions& options) {
  makeOutputFolder(folder);
  return ShapefileWriter(table, folder, crs, options).write();
}

void writeGeoPackage(const std::vector<NamedTable>& tables, const std::string& path, const CrsInfo& crs) {
  const std::string temporary = temporaryPath(path);
  fs::remove(temporary);
  struct TemporaryGuard {
    std::string path;
    bool keep = false;
    ~TemporaryGuard() {
      if (keep) return;
      std::error_code ec;
      for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix, ec);
    }
  } guard{temporary};
  {
    // No fsync at each commit: the file is a temporary, renamed into place
    // only once complete, so a failed run never leaves half a GeoPackage.
    CPLConfigOptionSetter noSync("OGR_SQLITE_SYNCHRONOUS", "OFF", true);
    GDALDatasetUniquePtr dataset(driver("GPKG")->Create(temporary.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) throwInput(tr("无法创建 GeoPackage", "cannot create the GeoPackage"), {path});
    OGRSpatialReference srs = spatialReference(crs);
    std::set<std::string> identifiers, layerNames;  // GeoPackage requires them unique
    for (const NamedTable& named : tables) {
      const Table* table = named.table;
      const bool spatial = table->hasGeometry();
      std::vector<GeometryGroup> groups;
      if (spatial) {
        groups = geometryGroups(*table);
      } else {
        GeometryGroup all;
        all.type = wkbNone;
        for (size_t r = 0; r < table->rows.size(); ++r) all.rows.push_back(r);
        groups.push_back(std::move(all));
      }
      for (const GeometryGroup& group : groups) {
        const std::string name = named.name + group.suffix;
        if (!layerNames.insert(name).second)
          throw Error(Error::Kind::Internal, format("two tables named %s in one GeoPackage", name.c_str()));
        std::string identifier = named.title.empty() ? std::string(tr(table->zh.c_str(), table->en.c_str())) : named.title;
        if (group.dimension == 1 && !group.suffix.empty()) identifier += tr("（线）", " (lines)");
        if (group.dimension == 0 && !group.suffix.empty()) identifier += tr("（点）", " (points)");
        if (identifier.empty() || identifiers.count(identifier)) identifier += " (" + name + ")";
        identifiers.insert(identifier);
        CPLStringList options;
        options.SetNameValue("IDENTIFIER", identifier.c_str());
        OGRLayer* layer = dataset->CreateLayer(name.c_str(), spatial ? &srs : nullptr, group.type, options.List());
        if (!layer) throwInput(format(tr("无法创建图层 %s：%s", "cannot create layer %s: %s"), name.c_str(), CPLGetLastErrorMsg()), {path});
        for (const auto& column : table->columns) {
          OGRFieldDefn field(tr(column.zh.c_str(), column.en.c_str()), fieldType(column.type));
          if (layer->CreateField(&field) != OGRERR_NONE)
            throwInput(format(tr("无法创建字段 %s", "cannot create field %s"), column.key.c_str()), {path});
        }
        if (dataset->StartTransaction() != OGRERR_NONE)
          throwInput(format(tr("无法开始写入图层 %s：%s", "cannot start writing layer %s: %s"), name.c_str(), CPLGetLastErrorMsg()), {path});
        for (size_t r : group.rows) {
          OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
          for (size_t c = 0; c < table->columns.size(); ++c) setCell(*feature, static_cast<int>(c), table->rows[r][c]);
          if (spatial)
            if (std::unique_ptr<OGRGeometry> g = groupGeometry(*table, r, group)) feature->SetGeometryDirectly(g.release());
          if (layer->CreateFeature(feature.get()) != OGRERR_NONE)
            throwInput(format(tr("图层 %s 第 %zu 行无法写入：%s", "layer %s, row %zu cannot be written: %s"), name.c_str(), r + 1,
                              CPLGetLastErrorMsg()),
                       {path});
        }
        // A full disk shows here (or at close), not at each feature.
        if (dataset->CommitTransaction() != OGRERR_NONE)
          throwInput(format(tr("图层 %s 写入失败（磁盘已满？）：%s", "writing layer %s failed (disk full?): %s"), name.c_str(), CPLGetLastErrorMsg()),
                     {path});
      }
    }
    // Closing builds the spatial indexes: a full disk can show only here,
    // and GDAL 3.6 reports it through its error state alone.
    CPLErrorReset();
    dataset.reset();
    if (CPLGetLastErrorType() >= CE_Failure)
      throwInput(format(tr("GeoPackage 写入失败（磁盘已满？）：%s", "writing the GeoPackage failed (disk full?): %s"), CPLGetLastErrorMsg()), {path});
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) throwInput(format(tr("无法重命名为目标文件：%s", "cannot rename into place: %s"), ec.message().c_str()), {path});
  guard.keep = true;
}

std::vector<std::string> writeCheckTables(const std::vector<Table>& tables, const std::string& folder, const std::string& name,
                                          const CrsInfo& crs, const TableWriteOptions& options, std::vector<WrittenShapefile>* writtenShapefiles) {
  if (!options.csv && !options.shapefile && !options.geoPackage) return {};
  makeOutputFolder(folder);
  // Each table's files, filled side by side and listed in table order.
  std::vector<std::vector<std::string>> files(tables.size());
  std::vector<std::vector<ShapefileReport::Shapefile>> shapefiles(tables.size());
  std::vector<std::string> csvs(tables.size());
  const std::string gpkg = (fs::path(folder) / (name + ".gpkg")).string();
  tbb::task_group writers;
  for (size_t i = 0; i < tables.size(); ++i) {
    const Table& t = tables[i];
    if (options.csv) {
      csvs[i] = (fs::path(folder) / (t.name + ".csv")).string();
      writers.run([&, i] {
        PhaseTimer timer("write " + tables[i].name + ".csv");
        writeCsv(tables[i], csvs[i]);
      });
    }
    if (options.shapefile && t.hasGeometry()) {
      writers.run([&, i] {
        PhaseTimer timer("write " + tables[i].name + ".shp");
        ShapefileOptions shapefile;
        shapefile.encoding = options.shapefileEncoding;
        ShapefileReport report = writeShapefile(tables[i], folder, crs, shapefile);
        files[i] = std::move(report.files);
        shapefiles[i] = std::move(report.shapefiles);
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
    if (!csvs[i].empty()) written.push_back(csvs[i]);
    written.insert(written.end(), files[i].begin(), files[i].end());
  }
  if (options.geoPackage) written.push_back(gpkg);
  if (writtenShapefiles)
    for (size_t i = 0; i < tables.size(); ++i)
      for (const auto& shp : shapefiles[i]) writtenShapefiles->push_back({shp.path, &tables[i], shp.dimension});
  return written;
}

}  // namespace sanxian
