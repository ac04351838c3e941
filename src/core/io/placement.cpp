#include "core/io/placement.h"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/crs.h"

namespace sanxian {
namespace {

// Longitudes and latitudes China's data lies in (as crs.cpp infers CGCS2000).
constexpr double kChinaWest = 73, kChinaEast = 136, kChinaSouth = 3, kChinaNorth = 54;
// How far beyond its CRS's area of use a layer may reach before a warning.
constexpr double kAreaOfUseSlackDegrees = 1.5;
// Degrees reach ±180 / ±90 exactly, or a rounding step beyond (as crs.cpp).
constexpr double kDegreeSlack = 1e-6;

// What a CRS says about where it applies, looked up once per definition:
// PROJ's database lookups take milliseconds, and a run's layers share a few CRSs.
struct CrsRange {
  bool hasArea = false;
  geos::Envelope area;   // area of use in degrees (west > east never: those are left out)
  geos::Envelope valid;  // coordinates the CRS holds, in its own units
};

geos::Envelope box(double minX, double minY, double maxX, double maxY) { return {minX, minY, maxX, maxY, false}; }

CrsRange lookUp(const CrsInfo& crs) {
  CrsRange range;
  const double metres = crs.geographic ? 0 : linearUnitMetres(crs);
  const double largest = 1e8 / (metres > 0 ? metres : 1);
  range.valid = crs.geographic ? box(-180 - kDegreeSlack, -90 - kDegreeSlack, 180 + kDegreeSlack, 90 + kDegreeSlack)
                               : box(-largest, -largest, largest, largest);
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(crs.definition.c_str()) != OGRERR_NONE) return range;
  double west, south, east, north;
  if (!srs.GetAreaOfUse(&west, &south, &east, &north, nullptr) || west > east) return range;
  range.hasArea = true;
  range.area = box(west, south, east, north);
  if (crs.geographic) return range;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRSpatialReference> geographic(srs.CloneGeogCS());
  if (!geographic) return range;
  geographic->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> forward(OGRCreateCoordinateTransformation(geographic.get(), &srs));
  double minX, minY, maxX, maxY;
  if (!forward || !forward->TransformBounds(west, south, east, north, &minX, &minY, &maxX, &maxY, 21)) return range;
  const double widen = std::max({maxX - minX, maxY - minY, 1e6 / (metres > 0 ? metres : 1)});
  range.valid = box(minX - widen, minY - widen, maxX + widen, maxY + widen);
  return range;
}

const CrsRange& rangeOf(const CrsInfo& crs) {
  static std::mutex mutex;
  static std::map<std::string, CrsRange> cache;
  const std::string key = (crs.geographic ? "g:" : "p:") + crs.definition;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, lookUp(crs)).first;
  return it->second;
}

bool within(const geos::Envelope& e, const geos::Envelope& outer) {
  return e.minX >= outer.minX && e.maxX <= outer.maxX && e.minY >= outer.minY && e.maxY <= outer.maxY;
}

std::string degrees(const geos::Envelope& e) {
  return format(tr("经度 %.4f°–%.4f°，纬度 %.4f°–%.4f°", "longitude %.4f to %.4f, latitude %.4f to %.4f"), e.minX, e.maxX, e.minY, e.maxY);
}

std::string coordinates(const geos::Envelope& e) { return format("X %.6g..%.6g, Y %.6g..%.6g", e.minX, e.maxX, e.minY, e.maxY); }

// The gap between two extents in degrees, in kilometres (0 when they meet).
double gapKilometres(const geos::Envelope& a, const geos::Envelope& b) {
  const double dx = std::max(0.0, std::max(a.minX, b.minX) - std::min(a.maxX, b.maxX));
  const double dy = std::max(0.0, std::max(a.minY, b.minY) - std::min(a.maxY, b.maxY));
  const double latitude = (a.minY + a.maxY + b.minY + b.maxY) / 4 * M_PI / 180;
  return std::hypot(dx * 111.32 * std::cos(latitude), dy * 110.57);
}

std::string layerName(const Layer& layer) { return layer.layerName.empty() ? layer.source : layer.layerName; }

}  // namespace

void refuseBrokenEnvelope(const geos::Envelope& e, const Error::Where& where) {
  if (e.empty) return;
  const bool finite = std::isfinite(e.minX) && std::isfinite(e.minY) && std::isfinite(e.maxX) && std::isfinite(e.maxY);
  if (finite && std::max({std::fabs(e.minX), std::fabs(e.minY), std::fabs(e.maxX), std::fabs(e.maxY)}) <= kLargestCoordinate) return;
  throwInput(format(tr("坐标无效（%s）：%s；任何坐标系都容纳不下，数据已损坏。请在原始数据中修正或删除该要素，或重新导出图层",
                       "broken coordinates (%s): %s, which no CRS holds; the data is damaged. Fix or delete the feature in the original "
                       "data, or export the layer again"),
                    finite ? tr("数值过大", "far too large") : tr("非有限数值，如 NaN 或无穷大", "not finite: NaN or infinite"),
                    coordinates(e).c_str()),
             where);
}

void refuseCoordinatesOutsideCrs(const Layer& layer) {
  if (layer.extent.empty || layer.crs.definition.empty()) return;
  const CrsRange& range = rangeOf(layer.crs);
  if (within(layer.extent, range.valid)) return;
  for (const Feature& f : layer.features) {
    if (!f.geometry) continue;
    const geos::Envelope e = geos::envelope(f.geometry.get());
    if (within(e, range.valid)) continue;
    throwInput(format(tr("坐标 %s 超出坐标系 %s 的有效范围（%s）：坐标已损坏，或坐标系有误。请修正该要素，或用 --crs 指定正确的坐标系",
                         "coordinates %s lie outside the valid range of the CRS %s (%s): they are damaged or the CRS is wrong. Fix the "
                         "feature, or give the right CRS with --crs"),
                      coordinates(e).c_str(), layer.crs.name.c_str(), coordinates(range.valid).c_str()),
               {layer.source, layer.layerName, f.fid});
  }
}

void warnAboutPlacement(Layer& layer) {
  if (layer.extent.empty || layer.crs.definition.empty()) return;
  const geos::Envelope e = extentInDegrees(layer.crs, layer.extent);
  if (e.empty) return;
  const geos::Envelope china = box(kChinaWest, kChinaSouth, kChinaEast, kChinaNorth);
  if (!within(e, china))
    layer.warn(LoadIssue::Kind::OutsideChina,
               format(e.intersects(china) ? tr("图层超出中国范围（%s）；如数据应在国内，坐标系可能有误（.prj 或 --crs），请核对",
                                            "the layer reaches beyond China (%s); if the data lies in China, its CRS (.prj or --crs) is probably wrong: check it")
                                      : tr("图层位于中国范围以外（%s）；坐标系错误（如把高斯-克吕格坐标当作 Web 墨卡托）会把图层放到很远的地方，请核对 .prj 或 --crs",
                                            "the layer lies outside China (%s); a wrong CRS (Gauss-Kruger coordinates read as Web Mercator) puts a layer far "
                                            "away: check the .prj or --crs"),
                      degrees(e).c_str()));
  const CrsRange& range = rangeOf(layer.crs);
  if (!range.hasArea) return;
  const geos::Envelope widened = box(range.area.minX - kAreaOfUseSlackDegrees, range.area.minY - kAreaOfUseSlackDegrees,
                                     range.area.maxX + kAreaOfUseSlackDegrees, range.area.maxY + kAreaOfUseSlackDegrees);
  if (!within(e, widened))
    layer.warn(LoadIssue::Kind::OutsideCrsArea,
               format(tr("图层（%s）超出其坐标系 %s 的适用范围（%s）：坐标系可能有误（如分带或投影不对），请核对 .prj 或用 --crs 指定",
                         "the layer (%s) lies outside the area of use of its CRS %s (%s): the CRS is probably wrong (another zone or "
                         "projection); check the .prj or give --crs"),
                      degrees(e).c_str(), layer.crs.name.c_str(), degrees(range.area).c_str()));
}

void warnAboutDistantLayers(const std::vector<Layer*>& layers, const std::vector<std::string>& ids, size_t judged) {
  std::vector<geos::Envelope> extents;
  size_t placed = 0;
  for (const Layer* layer : layers) {
    extents.push_back(layer->extent.empty || layer->crs.definition.empty() ? geos::Envelope{} : extentInDegrees(layer->crs, layer->extent));
    placed += !extents.back().empty;
  }
  if (placed < 2) return;
  for (size_t i = 0; i < std::min(judged, layers.size()); ++i) {
    if (extents[i].empty) continue;
    double nearest = HUGE_VAL;
    size_t which = i;
    for (size_t j = 0; j < layers.size(); ++j) {
      if (j == i || extents[j].empty) continue;
      const double gap = gapKilometres(extents[i], extents[j]);
      if (gap < nearest) {
        nearest = gap;
        which = j;
      }
    }
    if (nearest > kFarKilometres) {
      const std::string other = which < ids.size() ? ids[which] : layerName(*layers[which]);
      layers[i]->warn(LoadIssue::Kind::FarFromOtherLayers,
                      format(tr("图层（%s）距本次运行中最近的其他图层有 %.0f 千米（%s）：坐标系错误（另一分带、错误的 .prj）会把图层放到很远的地方，请核对",
                                "the layer (%s) lies %.0f km from the nearest other layer of the run (%s): a wrong CRS (another zone, a wrong "
                                ".prj) puts a layer far away; check it"),
                             degrees(extents[i]).c_str(), nearest, other.c_str()));
    }
  }
}

}  // namespace sanxian
