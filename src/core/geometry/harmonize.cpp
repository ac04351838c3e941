#include "core/geometry/harmonize.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_set>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/geometry/measure.h"
#include "core/geometry/reproject.h"
#include "core/io/crs.h"

namespace sanxian {
namespace {

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

// Judges the features `consider` picks and repairs the invalid ones in
// `crs`, adding the issues in feature order. `afterMove`: the geometry was
// valid in its own CRS and the move into `crs` made it invalid.
template <typename Consider>
void repairInvalid(Layer& layer, const CrsInfo& crs, bool afterMove, Consider consider) {
  std::vector<Repair> repairs(layer.features.size());
  tbb::parallel_for(size_t(0), layer.features.size(), [&](size_t i) {
    auto& geometry = layer.features[i].geometry;
    if (!geometry || !consider(layer.features[i])) return;
    Repair& r = repairs[i];
    r.reason = geos::invalidReason(geometry.get());
    if (r.reason.empty()) return;
    r.validAsLoaded = afterMove;
    try {
      repair(geometry, crs, layer.repairMode, r);
    } catch (const geos::GeosError& e) {
      r.error = e.what();
    }
  });
  reportRepairs(layer, crs, repairs);
}

// How far from its central meridian a Gauss-Kruger zone holds data: the
// band of a 6-degree zone. At 3° the plane's scale is off by at most 0.14 %
// in China (0.3 % in area), as in every 6-degree zone.
constexpr double kZoneReachDegrees = 3.0;
// How far from its central meridian a Transverse Mercator serves as the
// analysis plane at all: the Krüger series of PROJ and GeographicLib hold
// to nanometres there, and shapes stay shapes.
constexpr double kWidestPlaneReachDegrees = 30.0;

// The longitudes the layers cover, as the shortest arc holding them all
// (it may pass 180°: a Pacific layer spans 170°E..170°W as 170..190).
struct LongitudeArc {
  bool empty = true;
  double west = 0, width = 0;  // degrees; west + width may exceed 180

  double centre() const {
    double c = west + width / 2;
    return c >= 180 ? c - 360 : c;
  }
  // Whether the arc lies within `reach` degrees of `meridian`.
  bool within(double meridian, double reach) const {
    double offset = std::remainder(west - meridian, 360.0);  // -180..180
    return offset >= -reach - 1e-9 && offset + width <= reach + 1e-9;
  }
};

LongitudeArc longitudeArc(const std::vector<const Layer*>& layers) {
  std::vector<std::pair<double, double>> spans;  // west, east in -180..180, west <= east
  for (const Layer* layer : layers) {
    const geos::Envelope degrees = extentInDegrees(layer->crs, layer->extent);
    if (degrees.empty) continue;
    // A degree layer reaching from -180 to 180 may be a Pacific one whose
    // features were cut at the antimeridian: their parts tell.
    if (layer->crs.geographic && degrees.maxX - degrees.minX > 180) {
      for (const Feature& f : layer->features) {
        if (!f.geometry) continue;
        const int parts = GEOSGetNumGeometries_r(geos::ctx(), f.geometry.get());
        for (int i = 0; i < parts; ++i) {
          const GEOSGeometry* part = GEOSGetGeometryN_r(geos::ctx(), f.geometry.get(), i);
          if (geos::isEmpty(part)) continue;
          const geos::Envelope e = geos::envelope(part);
          spans.push_back({std::max(e.minX, -180.0), std::min(e.maxX, 180.0)});
        }
      }
    } else {
      spans.push_back({std::max(degrees.minX, -180.0), std::min(degrees.maxX, 180.0)});
    }
  }
  LongitudeArc arc;
  if (spans.empty()) return arc;
  std::sort(spans.begin(), spans.end());
  std::vector<std::pair<double, double>> merged;
  for (const auto& s : spans) {
    if (!merged.empty() && s.first <= merged.back().second) merged.back().second = std::max(merged.back().second, s.second);
    else merged.push_back(s);
  }
  // The widest gap between covered stretches, round the circle, is left out.
  size_t after = 0;  // the stretch after the widest gap
  double widestGap = merged.front().first + 360 - merged.back().second;
  for (size_t i = 1; i < merged.size(); ++i) {
    const double gap = merged[i].first - merged[i - 1].second;
    if (gap > widestGap) {
      widestGap = gap;
      after = i;
    }
  }
  arc.empty = false;
  arc.west = merged[after].first;
  arc.width = 360 - std::max(widestGap, 0.0);
  return arc;
}

CrsInfo inferred(CrsInfo crs, std::string reason) {
  crs.origin = CrsOrigin::Inferred;
  crs.note = std::move(reason);
  return crs;
}
std::string shownName(const Layer& l) { return l.layerName.empty() ? l.source : l.layerName; }
std::string zoneName(const GaussKrugerZone& z) { return format(tr("中央经线 %d°E", "CM %dE"), z.centralMeridian); }

// The user's analysis CRS: projected, in metres.
CrsInfo analysisCrsFromUser(const std::string& userChoice) {
  CrsInfo crs = crsFromUser(userChoice);
  if (crs.geographic)
    throwUsage(format(tr("分析坐标系必须是投影坐标系（米），'%s' 是地理坐标系", "the analysis CRS must be projected (metres); '%s' is geographic"),
                      userChoice.c_str()));
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
                      userChoice.c_str(), crs.name.c_str(), crs.linearUnit.empty() ? "?" : crs.linearUnit.c_str()));
  crs.origin = CrsOrigin::UserOverride;
  crs.note = tr("用户指定", "given by the user");
  return crs;
}

// No layer has coordinates: the zone or plane the layers say they are in.
CrsInfo analysisCrsWithoutCoordinates(const std::vector<const Layer*>& layers) {
  for (const Layer* layer : layers)
    if (const auto zone = cgcs2000Zone(layer->crs))
      return inferred(crsFromUser(format("EPSG:%d", zone->plainEpsg)),
                    format(tr("图层均无坐标；按图层 %s 声明的分带（%s）", "no layer has coordinates; the zone layer %s declares (%s)"),
                           shownName(*layer).c_str(), zoneName(*zone).c_str()));
  for (const Layer* layer : layers)
    if (!layer->crs.geographic && !layer->crs.definition.empty() && isMetric(layer->crs))
      return inferred(layer->crs, format(tr("图层均无坐标；按图层 %s 声明的坐标系", "no layer has coordinates; the CRS layer %s declares"),
                                       shownName(*layer).c_str()));
  for (const Layer* layer : layers)
    if (!layer->crs.definition.empty())
      return inferred(crsFromUser(format("EPSG:%d", cgcs2000ZoneEpsgForLongitude(108))),
                    tr("图层均无坐标，也未声明投影坐标系；任取 CGCS2000 3 度带", "no layer has coordinates or declares a projected CRS; any CGCS2000 3-degree zone will do"));
  throwUsage(tr("无法确定分析坐标系（图层均无坐标，也未声明坐标系），请用 --analysis-crs 指定",
                "cannot choose an analysis CRS (no layer has coordinates or declares a CRS); give --analysis-crs"));
}

}  // namespace

std::optional<CrsInfo> cgcs2000ZoneHolding(const std::vector<const Layer*>& layers) {
  const LongitudeArc arc = longitudeArc(layers);
  if (arc.empty) return std::nullopt;
  const double centre = arc.centre();
  const int centralMeridian = static_cast<int>(std::lround(centre / 3.0)) * 3;
  if (centralMeridian < 75 || centralMeridian > 135 || !arc.within(centralMeridian, kZoneReachDegrees)) return std::nullopt;
  CrsInfo zone = crsFromUser(format("EPSG:%d", gaussKrugerEpsg(Datum::CGCS2000, 3, centralMeridian, false)));
  zone.origin = CrsOrigin::Inferred;
  return zone;
}

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
  if (userChoice) return analysisCrsFromUser(*userChoice);

  const LongitudeArc arc = longitudeArc(layers);

  if (arc.empty) return analysisCrsWithoutCoordinates(layers);

  const double east = arc.west + arc.width > 180 ? arc.west + arc.width - 360 : arc.west + arc.width;  // across 180°: 165 to -170
  const std::string span = format(tr("数据经度范围 %.2f°–%.2f°", "the data spans longitudes %.2f to %.2f"), arc.west, east);
  // A zone declared by a layer, when every layer lies within its reach.
  std::string declaredButTooNarrow;
  for (const Layer* layer : layers) {
    const auto zone = cgcs2000Zone(layer->crs);
    if (!zone) continue;
    if (arc.within(zone->centralMeridian, kZoneReachDegrees))
      return inferred(crsFromUser(format("EPSG:%d", zone->plainEpsg)),
                    format(tr("图层 %s 所在的分带（%s），全部图层都在其中央经线 ±%g° 内（%s）",
                              "the zone of layer %s (%s): every layer lies within %g° of its central meridian (%s)"),
                           shownName(*layer).c_str(), zoneName(*zone).c_str(), kZoneReachDegrees, span.c_str()));
    if (declaredButTooNarrow.empty())
      declaredButTooNarrow = format(tr("；图层 %s 所在的分带（%s）容纳不下全部图层", "; the zone of layer %s (%s) does not hold every layer"),
                                    shownName(*layer).c_str(), zoneName(*zone).c_str());
  }
  const double centre = arc.centre();
  const int nearest = cgcs2000ZoneEpsgForLongitude(centre);
  const CrsInfo zone = crsFromUser(format("EPSG:%d", nearest));
  const int centralMeridian = cgcs2000Zone(zone)->centralMeridian;
  if (arc.within(centralMeridian, kZoneReachDegrees))
    return inferred(zone, format(tr("数据中心所在的 CGCS2000 3 度带（中央经线 %d°E），全部数据都在其 ±%g° 内（%s）%s",
                                  "the CGCS2000 3-degree zone of the data's centre (CM %dE) holds all of it within %g° (%s)%s"),
                               centralMeridian, kZoneReachDegrees, span.c_str(), declaredButTooNarrow.c_str()));
  if (std::fabs(centre - centralMeridian) <= 1.5 && arc.within(centralMeridian, kWidestPlaneReachDegrees))
    return inferred(zone, format(tr("数据宽于一个分带（%s），取其中心所在的 CGCS2000 3 度带（中央经线 %d°E）%s；椭球面积与之无关，平面面积在远离中央经线处变形较大",
                                  "the data is wider than one zone (%s): the CGCS2000 3-degree zone of its centre (CM %dE)%s; ellipsoidal figures do "
                                  "not depend on it, planar figures distort far from its central meridian"),
                               span.c_str(), centralMeridian, declaredButTooNarrow.c_str()));
  // Outside the CGCS2000 zones (75°E–135°E): a Transverse Mercator of the
  // same kind centred on the data.
  const double meridian = std::round(centre);
  if (arc.within(meridian, kWidestPlaneReachDegrees))
    return inferred(cgcs2000TransverseMercator(meridian),
                  format(tr("数据不在 CGCS2000 分带范围内（%s），取以 %g° 为中央经线的横轴墨卡托投影（CGCS2000 椭球）",
                            "the data lies outside the CGCS2000 zones (%s): a Transverse Mercator on CGCS2000 centred on %g°"),
                         span.c_str(), meridian));
  throwUsage(format(tr("%s，跨经度 %.1f°：没有一个投影平面能容纳全部图层进行叠加分析（横轴墨卡托至多中央经线 ±%g°）；请分区处理，或用 --analysis-crs 指定",
                       "%s, %.1f° of longitude: no single plane holds all the layers for overlays (a Transverse Mercator reaches %g° from its "
                       "central meridian at most); split the data, or give --analysis-crs"),
                    span.c_str(), arc.width, kWidestPlaneReachDegrees));
}

void harmonize(Layer& layer, const CrsInfo& target) {
  if (layer.crs.definition.empty() && !layer.extent.empty)
    throwInput(tr("图层坐标系未知", "the layer's CRS is unknown"), {layer.source, layer.layerName});

  layer.sourceCrs = layer.crs;
  const bool reproject = !layer.crs.definition.empty() && !sameCrs(layer.crs, target);
  std::optional<Reprojector> prototype;
  if (reproject) {
    refuseUnsupportedDatum(layer, target);
    try {
      prototype.emplace(layer.crs, target);
      if (!layer.extent.empty) {
        const std::string note =
            prototype->datumNote((layer.extent.minX + layer.extent.maxX) / 2, (layer.extent.minY + layer.extent.maxY) / 2);
        if (!note.empty()) layer.issues.push_back({LoadIssue::Kind::DatumTransformation, std::nullopt, note});
      }
    } catch (const Error& e) {
      throw Error(e.kind(), e.message(), {layer.source, layer.layerName});
    }
  }

  // Invalid input is repaired in the layer's own CRS, where it was drawn
  // and where `sanxian area` repairs it: the same polygon then has the same
  // area in every command. What load found invalid is all there is to look
  // at when load judged every geometry (judging 200 000 red-line patches
  // takes seconds).
  std::unordered_set<int64_t> invalidAsLoaded;
  for (const LoadIssue& issue : layer.issues)
    if (issue.kind == LoadIssue::Kind::Invalid && issue.fid) invalidAsLoaded.insert(*issue.fid);
  std::erase_if(layer.issues, [](const LoadIssue& i) { return i.kind == LoadIssue::Kind::Invalid; });
  const bool judgedAlready = layer.validityChecked;
  repairInvalid(layer, layer.crs, false, [&](const Feature& f) { return !judgedAlready || invalidAsLoaded.count(f.fid); });
  if (!reproject) {
    if (!layer.crs.definition.empty()) layer.crs = target;
    return;
  }

  // Moved with edges densified (see reproject.h), so that each polygon keeps
  // its shape and its ellipsoidal area whatever the analysis plane.
  tbb::enumerable_thread_specific<Reprojector> reprojectors(*prototype);
  std::vector<std::string> failures(layer.features.size());
  tbb::parallel_for(size_t(0), layer.features.size(), [&](size_t i) {
    auto& geometry = layer.features[i].geometry;
    if (!geometry) return;
    try {
      geometry = reprojectors.local().move(geometry.get());
    } catch (const std::bad_alloc&) {
      throw;  // the machine's, not the feature's: the CLI says so
    } catch (const std::exception& e) {
      failures[i] = e.what();
    }
  });
  for (size_t i = 0; i < failures.size(); ++i)
    if (!failures[i].empty())
      throwInput(format(tr("无法转换到分析坐标系 %s：%s", "cannot be transformed to the analysis CRS %s: %s"), target.name.c_str(), failures[i].c_str()),
                 {layer.source, layer.layerName, layer.features[i].fid});
  layer.extent = {};
  for (const auto& f : layer.features)
    if (f.geometry) layer.extent.expand(geos::envelope(f.geometry.get()));
  layer.crs = target;

  // Valid where it was drawn but not in the plane (two vertices a hair
  // apart crossing): reported as such, then repaired there, never silently.
  repairInvalid(layer, target, true, [](const Feature&) { return true; });
}

}  // namespace sanxian
