#include "output.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace sanxian::gen {

double signedArea(const Ring& r) {
  double s = 0;
  size_t n = r.size();
  for (size_t i = 0; i < n; ++i) {
    const Pt& a = r[i];
    const Pt& b = r[(i + 1) % n];
    s += (a.x - r[0].x) * (b.y - r[0].y) - (b.x - r[0].x) * (a.y - r[0].y);
  }
  return s / 2;
}

double polyArea(const Poly& p) {
  double a = std::fabs(signedArea(p.shell));
  for (const Ring& h : p.holes) a -= std::fabs(signedArea(h));
  return a;
}

double lineLength(const Ring& r) {
  double s = 0;
  for (size_t i = 1; i < r.size(); ++i) s += std::hypot(r[i].x - r[i - 1].x, r[i].y - r[i - 1].y);
  return s;
}

// --- GEOS --------------------------------------------------------------------

namespace {
void geosMessage(const char* fmt, ...) {}

struct CtxHolder {
  GEOSContextHandle_t h;
  CtxHolder() {
    h = GEOS_init_r();
    GEOSContext_setErrorHandler_r(h, geosMessage);
    GEOSContext_setNoticeHandler_r(h, geosMessage);
  }
  ~CtxHolder() { GEOS_finish_r(h); }
};

GEOSGeometry* geosRing(const Ring& r, bool closed) {
  std::vector<double> buf;
  buf.reserve(2 * (r.size() + 1));
  for (const Pt& p : r) {
    buf.push_back(p.x);
    buf.push_back(p.y);
  }
  if (closed) {
    buf.push_back(r[0].x);
    buf.push_back(r[0].y);
  }
  auto* ctx = geosCtx();
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx, buf.data(), buf.size() / 2, 0, 0);
  return closed ? GEOSGeom_createLinearRing_r(ctx, seq) : GEOSGeom_createLineString_r(ctx, seq);
}
}  // namespace

GEOSContextHandle_t geosCtx() {
  thread_local CtxHolder holder;
  return holder.h;
}

void GeosDeleter::operator()(GEOSGeometry* g) const {
  if (g) GEOSGeom_destroy_r(geosCtx(), g);
}

GeosPtr toGeos(const Poly& p) {
  GEOSGeometry* shell = geosRing(p.shell, true);
  std::vector<GEOSGeometry*> holes;
  for (const Ring& h : p.holes) holes.push_back(geosRing(h, true));
  return GeosPtr(GEOSGeom_createPolygon_r(geosCtx(), shell, holes.data(), unsigned(holes.size())));
}

GeosPtr toGeosLine(const Ring& r) { return GeosPtr(geosRing(r, false)); }

std::string invalidReason(const Poly& p) {
  GeosPtr g = toGeos(p);
  if (!g) return "could not build geometry";
  char v = GEOSisValid_r(geosCtx(), g.get());
  if (v == 1) return {};
  char* reason = GEOSisValidReason_r(geosCtx(), g.get());
  std::string s = reason ? reason : "invalid";
  GEOSFree_r(geosCtx(), reason);
  return s;
}

// --- OGR ---------------------------------------------------------------------

namespace {
std::unique_ptr<OGRLinearRing> ogrRing(const Ring& r, bool clockwise) {
  auto ring = std::make_unique<OGRLinearRing>();
  ring->setNumPoints(int(r.size() + 1), false);
  bool isCw = signedArea(r) < 0;
  int n = int(r.size());
  for (int i = 0; i < n; ++i) {
    const Pt& p = (isCw == clockwise) ? r[size_t(i)] : r[size_t(n - 1 - i)];
    ring->setPoint(i, p.x, p.y);
  }
  ring->setPoint(n, ring->getX(0), ring->getY(0));
  return ring;
}
}  // namespace

std::unique_ptr<OGRGeometry> toOgr(const Poly& p) {
  auto poly = std::make_unique<OGRPolygon>();
  poly->addRingDirectly(ogrRing(p.shell, true).release());
  for (const Ring& h : p.holes) poly->addRingDirectly(ogrRing(h, false).release());
  return poly;
}

std::unique_ptr<OGRGeometry> toOgrLine(const Ring& r) {
  auto line = std::make_unique<OGRLineString>();
  line->setNumPoints(int(r.size()), false);
  for (size_t i = 0; i < r.size(); ++i) line->setPoint(int(i), r[i].x, r[i].y);
  return line;
}

std::unique_ptr<OGRGeometry> toOgr(const GEOSGeometry* g) {
  auto* ctx = geosCtx();
  GEOSWKBWriter* w = GEOSWKBWriter_create_r(ctx);
  size_t size = 0;
  unsigned char* wkb = GEOSWKBWriter_write_r(ctx, w, g, &size);
  GEOSWKBWriter_destroy_r(ctx, w);
  OGRGeometry* out = nullptr;
  OGRGeometryFactory::createFromWkb(wkb, nullptr, &out, size);
  GEOSFree_r(ctx, wkb);
  return std::unique_ptr<OGRGeometry>(out);
}

// --- writing -----------------------------------------------------------------

Output::Output(OutputOptions opts) : opts_(std::move(opts)) {
  GDALAllRegister();
  std::filesystem::create_directories(opts_.dir);
  srs_.importFromEPSG(opts_.epsg);
  srs_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (opts_.epsg != 4545) {
    OGRSpatialReference plane;
    plane.importFromEPSG(4545);
    plane.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    fromPlane_.reset(OGRCreateCoordinateTransformation(&plane, &srs_));
    if (!fromPlane_) throw std::runtime_error("no transformation from EPSG:4545 to EPSG:" + std::to_string(opts_.epsg));
  }
  if (opts_.format == "gpkg") {
    // Fixed timestamps in gpkg_contents so equal seeds give equal files.
    CPLSetConfigOption("OGR_CURRENT_DATE", (opts_.dbfDate + "T00:00:00.000Z").c_str());
    std::string path = opts_.dir + "/sanxian.gpkg";
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    VSIUnlink(path.c_str());
    gpkg_.reset(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!gpkg_) throw std::runtime_error("cannot create " + path + ": " + CPLGetLastErrorMsg());
    gpkg_->StartTransaction();
  } else if (opts_.format != "shp") {
    throw std::runtime_error("unknown format " + opts_.format + " (shp or gpkg)");
  }
}

Output::~Output() { finish(); }

void Output::finish() {
  if (gpkg_) {
    gpkg_->CommitTransaction();
    gpkg_.reset();
  }
}

std::string Output::layerPath(const std::string& name) const {
  return opts_.format == "gpkg" ? opts_.dir + "/sanxian.gpkg" : opts_.dir + "/" + name + ".shp";
}

LayerWriter::LayerWriter(Output& out, const std::string& name, OGRwkbGeometryType type,
                         const std::vector<FieldSpec>& fields, const std::string& encoding)
    : out_(out), name_(name), encoding_(encoding) {
  CPLStringList lco;
  GDALDataset* ds = out.gpkg();
  if (out.started(name)) {
    if (!ds) {
      // Shapefile: opened again with the encoding and DBF date it was made with.
      path_ = out.layerPath(name);
      CPLStringList oo;
      oo.SetNameValue("ENCODING", encoding == "GBK" ? "GBK" : "UTF-8");
      oo.SetNameValue("DBF_DATE_LAST_UPDATE", out.options().dbfDate.c_str());
      ownDs_.reset(GDALDataset::Open(path_.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, oo.List()));
      ds = ownDs_.get();
    }
    layer_ = ds ? ds->GetLayerByName(name.c_str()) : nullptr;
    if (!layer_) throw std::runtime_error("cannot open layer " + name + " again to append: " + CPLGetLastErrorMsg());
    return;
  }
  out.start(name);
  if (!ds) {
    path_ = out.layerPath(name);
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    VSIStatBufL st;
    if (VSIStatL(path_.c_str(), &st) == 0) drv->Delete(path_.c_str());
    ownDs_.reset(drv->Create(path_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ownDs_) throw std::runtime_error("cannot create " + path_ + ": " + CPLGetLastErrorMsg());
    ds = ownDs_.get();
    // GBK is written as GDAL's "GBK" and the .cpg then says 936, as ArcGIS
    // writes it; UTF-8 gets a .cpg of "UTF-8".
    lco.SetNameValue("ENCODING", encoding == "GBK" ? "GBK" : "UTF-8");
    lco.SetNameValue("DBF_DATE_LAST_UPDATE", out.options().dbfDate.c_str());
  }
  OGRSpatialReference* srs = out.srs().Clone();
  layer_ = ds->CreateLayer(name.c_str(), srs, type, lco.List());
  srs->Release();
  if (!layer_) throw std::runtime_error("cannot create layer " + name + ": " + CPLGetLastErrorMsg());
  for (const FieldSpec& f : fields) {
    OGRFieldDefn def(f.name.c_str(), f.type);
    if (f.width) def.SetWidth(f.width);
    if (f.precision) def.SetPrecision(f.precision);
    if (layer_->CreateField(&def) != OGRERR_NONE)
      throw std::runtime_error("cannot create field " + f.name + " in " + name);
  }
}

LayerWriter::~LayerWriter() { close(); }

void LayerWriter::write(const std::function<void(OGRFeature&)>& fill, std::unique_ptr<OGRGeometry> geom) {
  OGRFeature feature(layer_->GetLayerDefn());
  fill(feature);
  if (OGRCoordinateTransformation* ct = out_.fromPlane(); ct && geom->transform(ct) != OGRERR_NONE)
    throw std::runtime_error("cannot transform feature " + std::to_string(count_) + " of " + name_ + " to " +
                             out_.srs().GetName());
  feature.SetGeometryDirectly(geom.release());
  if (layer_->CreateFeature(&feature) != OGRERR_NONE)
    throw std::runtime_error("cannot write feature " + std::to_string(count_) + " to " + name_ + ": " +
                             CPLGetLastErrorMsg());
  ++count_;
}

void LayerWriter::close() {
  if (!ownDs_) return;
  ownDs_.reset();
  if (encoding_ == "GBK") {
    std::string cpg = CPLResetExtension(path_.c_str(), "cpg");
    if (FILE* f = std::fopen(cpg.c_str(), "wb")) {
      std::fputs("936", f);
      std::fclose(f);
    }
  }
}

}  // namespace sanxian::gen
