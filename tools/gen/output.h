// Output side of the generator: plain polygon/line values, their conversion
// to OGR and GEOS, and a streaming layer writer over GDAL (Shapefile, one
// file set per layer, or one GeoPackage) that declares the text encoding.
// Geometry is drawn in the plane of CGCS2000 / 3-degree GK CM 108E
// (EPSG:4545) and written in it, or moved vertex by vertex into the CRS the
// options name.
#pragma once

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace sanxian::gen {

struct Pt {
  double x = 0, y = 0;
};
using Ring = std::vector<Pt>;  // open: the closing vertex is added on output

struct Poly {
  Ring shell;
  std::vector<Ring> holes;
};

// Rounds to the millimetre, as surveyed coordinates are stored.
inline double mm(double v) { return std::round(v * 1000.0) / 1000.0; }
double signedArea(const Ring& r);  // > 0 counter-clockwise
double polyArea(const Poly& p);    // planar, holes subtracted
double lineLength(const Ring& r);

// --- GEOS, re-entrant API, one context for the generator's thread ---------
GEOSContextHandle_t geosCtx();
struct GeosDeleter {
  void operator()(GEOSGeometry* g) const;
};
using GeosPtr = std::unique_ptr<GEOSGeometry, GeosDeleter>;
GeosPtr toGeos(const Poly& p);
GeosPtr toGeosLine(const Ring& r);
// Empty when valid, else GEOS's reason.
std::string invalidReason(const Poly& p);

// --- OGR -------------------------------------------------------------------
std::unique_ptr<OGRGeometry> toOgr(const Poly& p);  // shell clockwise, holes counter-clockwise (Esri)
std::unique_ptr<OGRGeometry> toOgrLine(const Ring& r);
std::unique_ptr<OGRGeometry> toOgr(const GEOSGeometry* g);

struct FieldSpec {
  std::string name;
  OGRFieldType type = OFTString;
  int width = 0;
  int precision = 0;
};

struct OutputOptions {
  std::string dir;
  std::string format = "shp";  // shp | gpkg
  std::string dbfDate = "2023-12-31";
  int epsg = 4545;  // the files' CRS; anything else is reached from 4545 by PROJ
};

class Output;

// One layer being written; features are streamed straight to disk.
class LayerWriter {
public:
  LayerWriter(Output& out, const std::string& name, OGRwkbGeometryType type,
              const std::vector<FieldSpec>& fields, const std::string& encoding);
  ~LayerWriter();
  LayerWriter(const LayerWriter&) = delete;
  LayerWriter& operator=(const LayerWriter&) = delete;

  // Sets the attributes through `fill`, then writes the feature.
  void write(const std::function<void(OGRFeature&)>& fill, std::unique_ptr<OGRGeometry> geom);
  void close();
  long count() const { return count_; }
  const std::string& name() const { return name_; }

private:
  Output& out_;
  std::string name_;
  std::string encoding_;
  std::string path_;
  GDALDatasetUniquePtr ownDs_;  // Shapefile: one dataset per layer
  OGRLayer* layer_ = nullptr;
  long count_ = 0;
};

class Output {
public:
  explicit Output(OutputOptions opts);
  ~Output();
  const OutputOptions& options() const { return opts_; }
  const OGRSpatialReference& srs() const { return srs_; }
  // From the drawing plane (EPSG:4545) to srs(); null when they are one.
  OGRCoordinateTransformation* fromPlane() const { return fromPlane_.get(); }
  // A layer written once is appended to when it is opened again (XL's provinces).
  bool started(const std::string& name) const { return started_.count(name) > 0; }
  void start(const std::string& name) { started_.insert(name); }
  GDALDataset* gpkg() { return gpkg_.get(); }
  std::string layerPath(const std::string& name) const;  // file a layer lands in
  void finish();

private:
  OutputOptions opts_;
  OGRSpatialReference srs_;
  std::unique_ptr<OGRCoordinateTransformation> fromPlane_;
  std::set<std::string> started_;
  GDALDatasetUniquePtr gpkg_;
};

}  // namespace sanxian::gen
