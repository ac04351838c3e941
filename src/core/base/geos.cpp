#include "core/base/geos.h"

#include <cstdarg>
#include <cstdio>

namespace sanxian::geos {
namespace {

struct ThreadContext {
  GEOSContextHandle_t handle = nullptr;
  std::string lastError;

  ThreadContext() {
    handle = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(handle, &ThreadContext::onError, this);
    // Notices (e.g. "Self-intersection at ...") come back through
    // invalidReason; printing them would only clutter the terminal.
    GEOSContext_setNoticeMessageHandler_r(handle, nullptr, nullptr);
  }
  ~ThreadContext() { GEOS_finish_r(handle); }
  ThreadContext(const ThreadContext&) = delete;
  ThreadContext& operator=(const ThreadContext&) = delete;

  static void onError(const char* message, void* self) {
    static_cast<ThreadContext*>(self)->lastError = message ? message : "";
  }
};

ThreadContext& threadContext() {
  thread_local ThreadContext context;
  return context;
}

[[noreturn]] void fail(const char* what) {
  std::string message = what;
  const std::string& geosMessage = threadContext().lastError;
  if (!geosMessage.empty()) message += ": " + geosMessage;
  throw GeosError(message);
}

}  // namespace

GEOSContextHandle_t ctx() { return threadContext().handle; }
std::string lastError() { return threadContext().lastError; }

void GeomDeleter::operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(ctx(), g); }
void PreparedDeleter::operator()(const GEOSPreparedGeometry* g) const { GEOSPreparedGeom_destroy_r(ctx(), g); }

GeomPtr own(GEOSGeometry* g, const char* what) {
  if (!g) fail(what);
  return GeomPtr(g);
}

GeomPtr clone(const GEOSGeometry* g) { return own(GEOSGeom_clone_r(ctx(), g), "GEOSGeom_clone"); }

GeomPtr fromWkb(const unsigned char* wkb, size_t size) {
  return own(GEOSGeomFromWKB_buf_r(ctx(), wkb, size), "WKB");
}

GeomPtr fromWkt(const std::string& wkt) {
  GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx());
  GEOSGeometry* g = GEOSWKTReader_read_r(ctx(), reader, wkt.c_str());
  GEOSWKTReader_destroy_r(ctx(), reader);
  return own(g, "WKT");
}

std::string toWkt(const GEOSGeometry* g, int decimals) {
  GEOSWKTWriter* writer = GEOSWKTWriter_create_r(ctx());
  if (decimals >= 0) {
    GEOSWKTWriter_setTrim_r(ctx(), writer, 1);
    GEOSWKTWriter_setRoundingPrecision_r(ctx(), writer, decimals);
  }
  char* text = GEOSWKTWriter_write_r(ctx(), writer, g);
  GEOSWKTWriter_destroy_r(ctx(), writer);
  if (!text) fail("WKT writer");
  std::string out(text);
  GEOSFree_r(ctx(), text);
  return out;
}

PreparedPtr prepare(const GEOSGeometry* g) {
  const GEOSPreparedGeometry* p = GEOSPrepare_r(ctx(), g);
  if (!p) fail("GEOSPrepare");
  return PreparedPtr(p);
}

double area(const GEOSGeometry* g) {
  double value = 0;
  if (!GEOSArea_r(ctx(), g, &value)) fail("GEOSArea");
  return value;
}

double length(const GEOSGeometry* g) {
  double value = 0;
  if (!GEOSLength_r(ctx(), g, &value)) fail("GEOSLength");
  return value;
}

bool isEmpty(const GEOSGeometry* g) { return GEOSisEmpty_r(ctx(), g) == 1; }
int typeId(const GEOSGeometry* g) { return GEOSGeomTypeId_r(ctx(), g); }

bool isPolygonal(const GEOSGeometry* g) {
  const int t = typeId(g);
  return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
}

bool isLineal(const GEOSGeometry* g) {
  const int t = typeId(g);
  return t == GEOS_LINESTRING || t == GEOS_MULTILINESTRING || t == GEOS_LINEARRING;
}

bool Envelope::intersects(const Envelope& other) const {
  return !empty && !other.empty && minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY;
}

Envelope Envelope::grown(double by) const {
  if (empty) return *this;
  return {minX - by, minY - by, maxX + by, maxY + by, false};
}

void Envelope::expand(const Envelope& other) {
  if (other.empty) return;
  if (empty) {
    *this = other;
    return;
  }
  minX = std::min(minX, other.minX);
  minY = std::min(minY, other.minY);
  maxX = std::max(maxX, other.maxX);
  maxY = std::max(maxY, other.maxY);
}

Envelope envelope(const GEOSGeometry* g) {
  Envelope e;
  if (isEmpty(g)) return e;
  if (!GEOSGeom_getXMin_r(ctx(), g, &e.minX) || !GEOSGeom_getYMin_r(ctx(), g, &e.minY) ||
      !GEOSGeom_getXMax_r(ctx(), g, &e.maxX) || !GEOSGeom_getYMax_r(ctx(), g, &e.maxY))
    fail("GEOSGeom_getExtent");
  e.empty = false;
  return e;
}

std::string invalidReason(const GEOSGeometry* g) {
  char* reason = nullptr;
  GEOSGeometry* location = nullptr;
  const char valid = GEOSisValidDetail_r(ctx(), g, 0, &reason, &location);
  if (valid == 2) fail("GEOSisValidDetail");
  std::string out;
  if (!valid) {
    out = reason ? reason : "invalid";
    if (location) {
      double x = 0, y = 0;
      GEOSGeomGetX_r(ctx(), location, &x);
      GEOSGeomGetY_r(ctx(), location, &y);
      char where[96];
      std::snprintf(where, sizeof where, " [%.3f %.3f]", x, y);
      out += where;
    }
  }
  if (reason) GEOSFree_r(ctx(), reason);
  if (location) GEOSGeom_destroy_r(ctx(), location);
  return out;
}

GeomPtr makeValid(const GEOSGeometry* g, RepairMode mode) {
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(ctx());
  GEOSMakeValidParams_setMethod_r(ctx(), params, mode == RepairMode::Linework ? GEOS_MAKE_VALID_LINEWORK : GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(ctx(), params, 0);
  GEOSGeometry* out = GEOSMakeValidWithParams_r(ctx(), g, params);
  GEOSMakeValidParams_destroy_r(ctx(), params);
  return own(out, "GEOSMakeValid");
}

namespace {

void collectDimension(const GEOSGeometry* g, int dimension, std::vector<GEOSGeometry*>& parts) {
  const int n = GEOSGetNumGeometries_r(ctx(), g);
  const int t = typeId(g);
  if (t == GEOS_GEOMETRYCOLLECTION || t == GEOS_MULTIPOLYGON || t == GEOS_MULTILINESTRING || t == GEOS_MULTIPOINT) {
    for (int i = 0; i < n; ++i) collectDimension(GEOSGetGeometryN_r(ctx(), g, i), dimension, parts);
    return;
  }
  if (GEOSGeom_getDimensions_r(ctx(), g) == dimension && !isEmpty(g)) parts.push_back(GEOSGeom_clone_r(ctx(), g));
}

}  // namespace

GeomPtr extractDimension(const GEOSGeometry* g, int dimension) {
  std::vector<GEOSGeometry*> parts;
  collectDimension(g, dimension, parts);
  const int multiType = dimension == 2 ? GEOS_MULTIPOLYGON : dimension == 1 ? GEOS_MULTILINESTRING : GEOS_MULTIPOINT;
  if (parts.size() == 1) return GeomPtr(parts.front());
  if (parts.empty()) return own(GEOSGeom_createEmptyCollection_r(ctx(), multiType), "empty collection");
  return own(GEOSGeom_createCollection_r(ctx(), multiType, parts.data(), static_cast<unsigned>(parts.size())),
             "GEOSGeom_createCollection");
}

}  // namespace sanxian::geos
