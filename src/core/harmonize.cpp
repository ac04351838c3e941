#include "harmonize.h"

#include <ogr_spatialref.h>
#include <proj.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <unordered_set>

#include "crs.h"
#include "error.h"
#include "measure.h"
#include "text.h"

namespace sanxian {
namespace {

// The source CRS as PROJ should read it: with the user's datum shift bound
// to it when there is one.
std::string sourceDefinition(const CrsInfo& crs) {
  if (!crs.towgs84) return crs.definition;
  OGRSpatialReference srs;
  srs.SetFromUserInput(crs.definition.c_str());
  const auto& p = *crs.towgs84;
  srs.SetTOWGS84(p[0], p[1], p[2], p.size() > 3 ? p[3] : 0, p.size() > 4 ? p[4] : 0, p.size() > 5 ? p[5] : 0,
                 p.size() > 6 ? p[6] : 0);
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);  // WKT1 keeps TOWGS84 as a bound CRS
  std::string out = wkt ? wkt : "";
  CPLFree(wkt);
  return out;
}

// One PROJ transformation per thread: PJ objects must not be shared.
class ThreadTransform {
public:
  ThreadTransform(const std::string& from, const std::string& to) {
    context_ = proj_context_create();
    PJ* raw = proj_create_crs_to_crs(context_, from.c_str(), to.c_str(), nullptr);
    if (raw) {
      transform_ = proj_normalize_for_visualization(context_, raw);  // x = easting / longitude
      proj_destroy(raw);
    }
  }
  ~ThreadTransform() {
    if (transform_) proj_destroy(transform_);
    proj_context_destroy(context_);
  }
  ThreadTransform(const ThreadTransform&) = delete;
  ThreadTransform& operator=(const ThreadTransform&) = delete;

  PJ* get() const { return transform_; }

  static int apply(double* x, double* y, void* self) {
    PJ_COORD c = proj_coord(*x, *y, 0, 0);
    c = proj_trans(static_cast<ThreadTransform*>(self)->transform_, PJ_FWD, c);
    if (c.xy.x == HUGE_VAL || c.xy.y == HUGE_VAL) return 0;
    *x = c.xy.x;
    *y = c.xy.y;
    return 1;
  }

private:
  PJ_CONTEXT* context_ = nullptr;
  PJ* transform_ = nullptr;
};

void refuseUnsupportedDatum(const Layer& layer, const CrsInfo& target) {
  const Datum from = layer.crs.datum;
  if (from == target.datum || layer.crs.towgs84) return;
  if (from == Datum::Xian1980 || from == Datum::Beijing1954) {
    throwInput(format(tr("该图层为%s坐标系（%s），分析坐标系为 %s；PROJ 没有两者间的转换参数，不能当作 CGCS2000 处理。"
                         "请在项目文件中为该图层给出 towgs84 七参数（dx,dy,dz,rx,ry,rz,ds），或先用本地参数转换数据。",
                         "the layer is in %s (%s) and the analysis CRS is %s; PROJ has no transformation between them and the "
                         "data must not be treated as CGCS2000. Give the layer's towgs84 seven parameters (dx,dy,dz,rx,ry,rz,ds) "
                         "in the project file, or convert the data with local parameters first."),
                      datumName(from), layer.crs.name.c_str(), target.name.c_str()),
               {layer.source, layer.layerName});
  }
}


// What repairing one feature did, for the report.
struct Repair {
  std::string reason;       // GEOS's reason it is invalid ("" when valid)
  bool validAsLoaded = false;  // valid in its own CRS: the move made it invalid
  double before = 0, after = 0;              // ellipsoidal m² (NaN when not measurable)
  double planarBefore = 0, planarAfter = 0;  // planar m² (NaN in degrees)
  bool droppedParts = false;
  std::string error;
};

// The ellipsoidal and planar area of `g` in m², as every figure is
// reported: NaN for what cannot be measured (planar in degrees; the
// ellipsoid for a CRS the Measurer refuses, which a later step reports).
void measureRepairArea(const GEOSGeometry* g, const CrsInfo& crs, double& ellipsoidal, double& planar) {
  ellipsoidal = planar = std::nan("");
  try {
    Measurer& measurer = threadMeasurer(crs);
    ellipsoidal = measurer.area(g);
    if (!crs.geographic) planar = measurer.planarArea(g);
  } catch (const Error&) {
  }
}

// Repairs one invalid geometry in `crs` with MakeValid in `mode`, keeping
// only the parts of the input's dimension.
void repair(geos::GeomPtr& geometry, const CrsInfo& crs, geos::RepairMode mode, Repair& r) {
  measureRepairArea(geometry.get(), crs, r.before, r.planarBefore);
  geos::GeomPtr fixed = geos::makeValid(geometry.get(), mode);
  const int dimension = GEOSGeom_getDimensions_r(geos::ctx(), geometry.get());
  geos::GeomPtr kept = geos::extractDimension(fixed.get(), dimension);
  r.droppedParts = GEOSGetNumGeometries_r(geos::ctx(), kept.get()) != GEOSGetNumGeometries_r(geos::ctx(), fixed.get()) &&
                   geos::typeId(fixed.get()) == GEOS_GEOMETRYCOLLECTION;
  measureRepairArea(kept.get(), crs, r.after, r.planarAfter);
  geometry = std::move(kept);
}

std::string repairedMessage(const Repair& r, geos::RepairMode mode) {
  const char* method = repairModeName(mode);
  if (!std::isfinite(r.before) || !std::isfinite(r.after))
    return format(tr("无效几何已修复（%s；MakeValid %s）", "invalid geometry repaired (%s; MakeValid %s)"), r.reason.c_str(), method);
  std::string text = format(tr("无效几何已修复（%s；MakeValid %s）：椭球面积 %.4f → %.4f 平方米", "invalid geometry repaired (%s; MakeValid %s): ellipsoidal area %.4f → %.4f m²"),
                            r.reason.c_str(), method, r.before, r.after);
  if (std::isfinite(r.planarBefore) && std::isfinite(r.planarAfter))
    text += format(tr("（平面 %.4f → %.4f 平方米）", " (planar %.4f → %.4f m²)"), r.planarBefore, r.planarAfter);
  return text;
}

// Turns what the repairs did into the layer's issues, in feature order;
// a repair that failed stops the run naming the feature.
void reportRepairs(Layer& layer, const CrsInfo& target, const std::vector<Repair>& repairs) {
  for (size_t i = 0; i < repairs.size(); ++i) {
    const Repair& r = repairs[i];
    if (r.reason.empty()) continue;
    const int64_t fid = layer.features[i].fid;
    if (!r.error.empty())
      throwInput(format(tr("无效几何无法修复（%s）：%s", "invalid geometry could not be repaired (%s): %s"), r.reason.c_str(), r.error.c_str()),
                 {layer.source, layer.layerName, fid});
    if (r.validAsLoaded)
      layer.issues.push_back({LoadIssue::Kind::InvalidAfterTransform, fid,
                              format(tr("在原坐标系 %s 中有效，转换到分析坐标系 %s 后无效（%s），已在分析坐标系中修复",
                                        "valid in its own CRS %s, invalid once transformed to the analysis CRS %s (%s); repaired there"),
                                     layer.sourceCrs.name.c_str(), target.name.c_str(), r.reason.c_str())});
    LoadIssue issue{LoadIssue::Kind::Repaired, fid, repairedMessage(r, layer.repairMode)};
    issue.areaBefore = r.before;
    issue.areaAfter = r.after;
    issue.planarAreaBefore = r.planarBefore;
    issue.planarAreaAfter = r.planarAfter;
    layer.issues.push_back(std::move(issue));
    if (r.droppedParts)
      layer.issues.push_back({LoadIssue::Kind::RepairDroppedParts, fid,
                              tr("修复后产生的线或点部分已去除（仅保留面）", "line or point parts left by the repair were dropped (polygons kept)")});
    if (layer.features[i].geometry && geos::isEmpty(layer.features[i].geometry.get())) layer.features[i].geometry.reset();
  }
}

}  // namespace

const char* repairModeName(geos::RepairMode mode) { return mode == geos::RepairMode::Linework ? "linework" : "structure"; }

geos::RepairMode parseRepairMode(const std::string& text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "linework") return geos::RepairMode::Linework;
  if (lower == "structure") return geos::RepairMode::Structure;
  throwUsage(format(tr("修复方式须为 linework 或 structure：'%s'", "the repair mode must be linework or structure: '%s'"), text.c_str()));
}

bool sameCrs(const CrsInfo& a, const CrsInfo& b) {
  if (a.towgs84 != b.towgs84) return false;
  if (a.epsg && b.epsg) return a.epsg == b.epsg;
  return a.definition == b.definition;
}

CrsInfo chooseAnalysisCrs(const std::vector<const Layer*>& layers, const std::optional<std::string>& userChoice) {
  if (userChoice) {
    CrsInfo crs = crsFromUser(*userChoice);
    if (crs.geographic)
      throwUsage(format(tr("分析坐标系必须是投影坐标系（米），'%s' 是地理坐标系", "the analysis CRS must be projected (metres); '%s' is geographic"),
                        userChoice->c_str()));
    // Refused rather than converted: after harmonize every distance and
    // area is taken in analysis CRS units and called metres — rule
    // within_m, the shoreline occupation distance, minimum piece areas,
    // slivers, the 1 mm retry grid, repair areas, the viewer's --extent.
    // One check here keeps them all true; converting at each would miss
    // the next one added. A metre CRS is always at hand (the default
    // CGCS2000 zone, or any metric zone holding the data).
    if (!isMetric(crs))
      throwUsage(format(tr("分析坐标系的单位必须是米，'%s'（%s）的单位是 %s；请去掉 --analysis-crs（或项目文件的 analysis_crs）以使用数据所在的 CGCS2000 3 度带，或指定以米为单位的投影坐标系",
                           "the analysis CRS must be in metres; '%s' (%s) is in %s. Leave out --analysis-crs (or analysis_crs in the project "
                           "file) to use the CGCS2000 3-degree zone holding the data, or give a projected CRS in metres"),
                        userChoice->c_str(), crs.name.c_str(), crs.linearUnit.empty() ? "?" : crs.linearUnit.c_str()));
    return crs;
  }
  geos::Envelope degrees;
  for (const Layer* layer : layers) degrees.expand(extentInDegrees(layer->crs, layer->extent));
  if (degrees.empty)
    throwUsage(tr("无法确定分析坐标系（图层均无坐标），请用 --analysis-crs 指定", "cannot choose an analysis CRS (no layer has coordinates); give --analysis-crs"));
  CrsInfo crs = crsFromUser(format("EPSG:%d", cgcs2000ZoneEpsgForLongitude((degrees.minX + degrees.maxX) / 2)));
  crs.origin = CrsOrigin::Inferred;
  return crs;
}

void harmonize(Layer& layer, const CrsInfo& target) {
  if (layer.crs.definition.empty() && !layer.extent.empty)
    throwInput(tr("图层坐标系未知", "the layer's CRS is unknown"), {layer.source, layer.layerName});

  layer.sourceCrs = layer.crs;
  const bool reproject = !layer.crs.definition.empty() && !sameCrs(layer.crs, target);
  if (reproject) {
    refuseUnsupportedDatum(layer, target);
    const std::string from = sourceDefinition(layer.crs);
    {
      ThreadTransform probe(from, target.definition);
      if (!probe.get())
        throwInput(format(tr("无法从 %s 转换到 %s", "cannot transform from %s to %s"), layer.crs.name.c_str(), target.name.c_str()),
                   {layer.source, layer.layerName});
    }
    tbb::enumerable_thread_specific<std::unique_ptr<ThreadTransform>> transforms;
    std::vector<std::string> failures(layer.features.size());
    tbb::parallel_for(size_t(0), layer.features.size(), [&](size_t i) {
      auto& geometry = layer.features[i].geometry;
      if (!geometry) return;
      auto& transform = transforms.local();
      if (!transform) transform = std::make_unique<ThreadTransform>(from, target.definition);
      GEOSGeometry* moved = GEOSGeom_transformXY_r(geos::ctx(), geometry.get(), &ThreadTransform::apply, transform.get());
      if (!moved) {
        failures[i] = geos::lastError();
        return;
      }
      geometry.reset(moved);
    });
    for (size_t i = 0; i < failures.size(); ++i)
      if (!failures[i].empty())
        throwInput(format(tr("坐标转换失败（坐标超出 %s 的适用范围？）", "coordinate transformation failed (outside the area of use of %s?)"),
                          target.name.c_str()),
                   {layer.source, layer.layerName, layer.features[i].fid});
    layer.extent = {};
    for (const auto& f : layer.features)
      if (f.geometry) layer.extent.expand(geos::envelope(f.geometry.get()));
    layer.crs = target;
  } else if (!layer.crs.definition.empty()) {
    layer.crs = target;
  }

  // Validity is judged in the analysis CRS, where the overlays happen:
  // the issues found at load time are replaced by what holds here. When
  // nothing moved, what load found still holds: only those features are
  // looked at again (judging 200 000 red-line patches takes seconds).
  std::unordered_set<int64_t> invalidAsLoaded;
  const bool judgedAlready = !reproject && layer.validityChecked;
  for (const LoadIssue& issue : layer.issues)
    if (issue.kind == LoadIssue::Kind::Invalid && issue.fid) invalidAsLoaded.insert(*issue.fid);
  std::erase_if(layer.issues, [](const LoadIssue& i) { return i.kind == LoadIssue::Kind::Invalid; });
  std::vector<Repair> repairs(layer.features.size());
  tbb::parallel_for(size_t(0), layer.features.size(), [&](size_t i) {
    auto& geometry = layer.features[i].geometry;
    if (!geometry) return;
    if (judgedAlready && !invalidAsLoaded.count(layer.features[i].fid)) return;
    Repair& r = repairs[i];
    r.reason = geos::invalidReason(geometry.get());
    if (r.reason.empty()) return;
    r.validAsLoaded = reproject && layer.validityChecked && !invalidAsLoaded.count(layer.features[i].fid);
    try {
      repair(geometry, target, layer.repairMode, r);
    } catch (const geos::GeosError& e) {
      r.error = e.what();
    }
  });
  reportRepairs(layer, target, repairs);
}

}  // namespace sanxian
