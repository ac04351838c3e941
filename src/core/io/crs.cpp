#include "core/io/crs.h"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "core/base/text.h"

namespace sanxian {
namespace {

// First EPSG code of each family, by datum: 3-degree zones 25..45 (prefixed),
// 3-degree CM 75E..135E, 6-degree zones 13..23 (prefixed), 6-degree CM 75E..135E.
struct ZoneCodes {
  int threePrefixed, threePlain, sixPrefixed, sixPlain;
};

std::optional<ZoneCodes> zoneCodes(Datum datum) {
  switch (datum) {
    case Datum::CGCS2000: return ZoneCodes{4513, 4534, 4491, 4502};
    case Datum::Xian1980: return ZoneCodes{2349, 2370, 2327, 2338};
    case Datum::Beijing1954: return ZoneCodes{2401, 2422, 21413, 21453};
    default: return std::nullopt;
  }
}

int geographicEpsg(Datum datum) {
  switch (datum) {
    case Datum::CGCS2000: return 4490;
    case Datum::Xian1980: return 4610;
    case Datum::Beijing1954: return 4214;
    case Datum::WGS84: return 4326;
    default: return 0;
  }
}

bool contains(const std::string& text, const char* needle) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find(needle) != std::string::npos;
}

Datum datumOf(const OGRSpatialReference& srs) {
  const char* geogCode = srs.GetAuthorityCode(srs.IsProjected() ? "PROJCS|GEOGCS" : "GEOGCS");
  if (geogCode) {
    switch (std::atoi(geogCode)) {
      case 4490: return Datum::CGCS2000;
      case 4610: return Datum::Xian1980;
      case 4214: return Datum::Beijing1954;
      case 4326: return Datum::WGS84;
    }
  }
  const char* datum = srs.GetAttrValue("DATUM");
  const std::string name = datum ? datum : "";
  if (contains(name, "2000") && (contains(name, "china") || contains(name, "cgcs"))) return Datum::CGCS2000;
  if (contains(name, "xian") || contains(name, "xi'an")) return Datum::Xian1980;
  if (contains(name, "beijing")) return Datum::Beijing1954;
  if (contains(name, "wgs") && contains(name, "84")) return Datum::WGS84;
  return name.empty() ? Datum::Unknown : Datum::Other;
}

// What the coordinates themselves say.
enum class Looks { Degrees, PrefixedGaussKruger, PlainProjected, Unknown };

struct Evidence {
  Looks looks = Looks::Unknown;
  int prefixZone = 0;  // the zone number carried by the easting
};

Evidence examine(const geos::Envelope& e) {
  Evidence out;
  if (e.empty) return out;
  // World data reaches ±180 and ±90 exactly, or a rounding step beyond
  // (Natural Earth's 180.00000000000006): still degrees.
  constexpr double slack = 1e-6;
  if (e.minX >= -180 - slack && e.maxX <= 180 + slack && e.minY >= -90 - slack && e.maxY <= 90 + slack) {
    out.looks = Looks::Degrees;
    return out;
  }
  // Coordinates no CRS on Earth gives (1e194 from a broken file): nothing to recognise.
  if (!(std::fabs(e.minX) < 1e9 && std::fabs(e.maxX) < 1e9)) return out;
  const int zoneLow = static_cast<int>(std::floor(e.minX / 1e6));
  const int zoneHigh = static_cast<int>(std::floor(e.maxX / 1e6));
  const bool northingInChina = e.minY > 2e5 && e.maxY < 6.2e6;
  if (zoneLow == zoneHigh && northingInChina && ((zoneLow >= 13 && zoneLow <= 23) || (zoneLow >= 25 && zoneLow <= 45))) {
    out.looks = Looks::PrefixedGaussKruger;
    out.prefixZone = zoneLow;
    return out;
  }
  if (e.minX > -5e5 && e.maxX < 1.5e6) out.looks = Looks::PlainProjected;
  return out;
}

bool insideChina(const geos::Envelope& e) { return e.minX >= 73 && e.maxX <= 136 && e.minY >= 3 && e.maxY <= 54; }

// The prefixed zone's EPSG code for a datum: 3-degree zones are numbered
// 25..45 in China, 6-degree zones 13..23, so the number says which.
int prefixedZoneEpsg(Datum datum, int zone) {
  if (zone >= 25) return gaussKrugerEpsg(datum, 3, zone * 3, true);
  return gaussKrugerEpsg(datum, 6, zone * 6 - 3, true);
}

CrsInfo fromEpsg(int epsg) {
  OGRSpatialReference srs;
  if (srs.importFromEPSG(epsg) != OGRERR_NONE) throw Error(Error::Kind::Internal, format("EPSG:%d unknown to PROJ", epsg));
  CrsInfo info = describeCrs(srs);
  info.definition = format("EPSG:%d", epsg);
  info.epsg = epsg;
  return info;
}

std::string describeExtent(const geos::Envelope& e) {
  return format("X %.3f..%.3f, Y %.3f..%.3f", e.minX, e.maxX, e.minY, e.maxY);
}

}  // namespace

int gaussKrugerEpsg(Datum datum, int zoneWidth, int centralMeridian, bool prefixed) {
  const auto codes = zoneCodes(datum);
  if (!codes) return 0;
  if (zoneWidth == 3) {
    if (centralMeridian < 75 || centralMeridian > 135 || centralMeridian % 3) return 0;
    return prefixed ? codes->threePrefixed + centralMeridian / 3 - 25 : codes->threePlain + (centralMeridian - 75) / 3;
  }
  if (zoneWidth == 6) {
    if (centralMeridian < 75 || centralMeridian > 135 || (centralMeridian + 3) % 6) return 0;
    return prefixed ? codes->sixPrefixed + (centralMeridian + 3) / 6 - 13 : codes->sixPlain + (centralMeridian - 75) / 6;
  }
  return 0;
}

int cgcs2000ZoneEpsgForLongitude(double longitude) {
  int cm = static_cast<int>(std::lround(longitude / 3.0)) * 3;
  cm = std::clamp(cm, 75, 135);
  return gaussKrugerEpsg(Datum::CGCS2000, 3, cm, false);
}

std::optional<GaussKrugerZone> cgcs2000Zone(const CrsInfo& crs) {
  if (crs.towgs84 || crs.datum != Datum::CGCS2000) return std::nullopt;
  const ZoneCodes codes = *zoneCodes(Datum::CGCS2000);
  const int e = crs.epsg;
  GaussKrugerZone zone;
  if (e >= codes.threePrefixed && e < codes.threePrefixed + 21) {
    zone = {(e - codes.threePrefixed + 25) * 3, 3, true, 0};
  } else if (e >= codes.threePlain && e < codes.threePlain + 21) {
    zone = {75 + (e - codes.threePlain) * 3, 3, false, 0};
  } else if (e >= codes.sixPrefixed && e < codes.sixPrefixed + 11) {
    zone = {(e - codes.sixPrefixed + 13) * 6 - 3, 6, true, 0};
  } else if (e >= codes.sixPlain && e < codes.sixPlain + 11) {
    zone = {75 + (e - codes.sixPlain) * 6, 6, false, 0};
  } else {
    return std::nullopt;
  }
  zone.plainEpsg = gaussKrugerEpsg(Datum::CGCS2000, zone.width, zone.centralMeridian, false);
  return zone;
}

CrsInfo cgcs2000TransverseMercator(double centralMeridian) {
  OGRSpatialReference srs;
  srs.importFromEPSG(4490);
  const std::string name = format("CGCS2000 / Transverse Mercator CM %g%s", std::fabs(centralMeridian), centralMeridian < 0 ? "W" : "E");
  srs.SetProjCS(name.c_str());
  srs.SetTM(0, centralMeridian, 1.0, 500000, 0);
  srs.SetLinearUnits(SRS_UL_METER, 1.0);
  CrsInfo info = describeCrs(srs);
  info.name = name;
  info.epsg = 0;
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  srs.exportToWkt(&wkt, options);
  info.definition = wkt ? wkt : "";
  CPLFree(wkt);
  return info;
}

const char* datumName(Datum datum) {
  switch (datum) {
    case Datum::CGCS2000: return "CGCS2000";
    case Datum::Xian1980: return tr("西安1980", "Xian 1980");
    case Datum::Beijing1954: return tr("北京1954", "Beijing 1954");
    case Datum::WGS84: return "WGS 84";
    case Datum::Other: return tr("其他", "other");
    case Datum::Unknown: return tr("未知", "unknown");
  }
  return "";
}

CrsInfo describeCrs(const OGRSpatialReference& srs) {
  CrsInfo info;
  const char* name = srs.GetName();
  info.name = name ? name : "";
  info.geographic = srs.IsGeographic();
  info.datum = datumOf(srs);
  if (srs.IsProjected() || srs.IsLocal()) {
    const char* unit = nullptr;
    info.metresPerUnit = srs.GetLinearUnits(&unit);
    info.linearUnit = unit ? unit : "";
  }

  const char* authority = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (authority && code && std::string(authority) == "EPSG") {
    info.epsg = std::atoi(code);
  } else {
    // .prj files in ESRI WKT carry no authority; ask PROJ for an
    // equivalent EPSG entry and accept only a confident match.
    int matchCount = 0;
    int* confidences = nullptr;
    OGRSpatialReferenceH* matches = srs.FindMatches(nullptr, &matchCount, &confidences);
    if (matches && matchCount > 0 && confidences[0] >= 90) {
      const auto* best = OGRSpatialReference::FromHandle(matches[0]);
      const char* bestCode = best->GetAuthorityCode(nullptr);
      if (bestCode) info.epsg = std::atoi(bestCode);
      const char* bestName = best->GetName();
      if (bestName) info.name = bestName;
      info.datum = info.datum == Datum::Unknown || info.datum == Datum::Other ? datumOf(*best) : info.datum;
    }
    OSRFreeSRSArray(matches);
    CPLFree(confidences);
  }
  if (info.epsg) {
    info.definition = format("EPSG:%d", info.epsg);
  } else {
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs.exportToWkt(&wkt, options);
    info.definition = wkt ? wkt : "";
    CPLFree(wkt);
  }
  return info;
}

CrsInfo crsFromUser(const std::string& text) {
  OGRSpatialReference srs;
  std::string definition = text;
  if (!text.empty() && std::all_of(text.begin(), text.end(), ::isdigit)) definition = "EPSG:" + text;
  if (srs.SetFromUserInput(definition.c_str()) != OGRERR_NONE)
    throwUsage(format(tr("无法识别的坐标系 '%s'（例如 EPSG:4545）", "unrecognized CRS '%s' (e.g. EPSG:4545)"), text.c_str()));
  CrsInfo info = describeCrs(srs);
  info.origin = CrsOrigin::UserOverride;
  return info;
}

CrsInfo resolveCrs(const OGRSpatialReference* declared, const geos::Envelope& extent,
                   const std::optional<std::string>& userCrs, const Error::Where& where) {
  const Evidence evidence = examine(extent);

  if (userCrs) {
    CrsInfo info = crsFromUser(*userCrs);
    // The user's word wins, but a clash with the coordinates is still worth a warning.
    if (info.geographic && evidence.looks != Looks::Degrees && evidence.looks != Looks::Unknown)
      info.note = format(tr("警告：指定了地理坐标系，但坐标不是经纬度（%s）", "warning: a geographic CRS was given but the coordinates are not degrees (%s)"),
                         describeExtent(extent).c_str());
    return info;
  }

  if (!declared || declared->IsEmpty()) {
    if (evidence.looks == Looks::Degrees && insideChina(extent)) {
      CrsInfo info = fromEpsg(4490);
      info.origin = CrsOrigin::Inferred;
      info.note = tr("未声明坐标系（无 .prj）；坐标为中国境内的经纬度，按 CGCS2000 (EPSG:4490) 处理。若为西安1980或北京1954，请用 --crs 指定。",
                     "no CRS declared (no .prj); coordinates are degrees inside China, taken as CGCS2000 (EPSG:4490). If the data is Xian 1980 or Beijing 1954, give --crs.");
      return info;
    }
    if (evidence.looks == Looks::PrefixedGaussKruger) {
      CrsInfo info = fromEpsg(prefixedZoneEpsg(Datum::CGCS2000, evidence.prefixZone));
      info.origin = CrsOrigin::Inferred;
      info.note = format(tr("未声明坐标系（无 .prj）；横坐标带带号 %d，按 %s 处理。若为西安1980或北京1954，请用 --crs 指定。",
                            "no CRS declared (no .prj); eastings carry zone number %d, taken as %s. If the data is Xian 1980 or Beijing 1954, give --crs."),
                         evidence.prefixZone, info.name.c_str());
      return info;
    }
    if (extent.empty) {
      CrsInfo info;
      info.origin = CrsOrigin::Inferred;
      info.note = tr("未声明坐标系，且图层没有坐标可供推断", "no CRS declared and no coordinates to infer one from");
      return info;
    }
    throwInput(format(tr("未声明坐标系（无 .prj），坐标范围 %s 无法确定坐标系；请用 --crs 指定，例如 --crs EPSG:4545",
                         "no CRS declared (no .prj) and the coordinates (%s) do not tell which; give --crs, e.g. --crs EPSG:4545"),
                      describeExtent(extent).c_str()),
               where);
  }

  CrsInfo info = describeCrs(*declared);
  info.origin = CrsOrigin::Declared;
  if (evidence.looks == Looks::Unknown) return info;

  auto correctTo = [&](int epsg, const std::string& why) {
    if (!epsg) throwInput(why + tr("；请用 --crs 指定正确的坐标系", "; give the right CRS with --crs"), where);
    CrsInfo corrected = fromEpsg(epsg);
    corrected.origin = CrsOrigin::Corrected;
    corrected.declaredName = info.name;
    corrected.note = why + format(tr("；改按 %s 处理", "; using %s instead"), corrected.name.c_str());
    return corrected;
  };

  if (declared->IsGeographic()) {
    if (evidence.looks == Looks::Degrees) return info;
    const std::string why = format(tr("声明为地理坐标系 %s，但坐标不是经纬度（%s）", "declared geographic CRS %s but the coordinates are not degrees (%s)"),
                                   info.name.c_str(), describeExtent(extent).c_str());
    if (evidence.looks == Looks::PrefixedGaussKruger) return correctTo(prefixedZoneEpsg(info.datum, evidence.prefixZone), why);
    throwInput(why + tr("；请用 --crs 指定", "; give --crs"), where);
  }

  if (declared->IsProjected()) {
    if (evidence.looks == Looks::Degrees) {
      return correctTo(geographicEpsg(info.datum),
                       format(tr("声明为投影坐标系 %s，但坐标是经纬度", "declared projected CRS %s but the coordinates are degrees"), info.name.c_str()));
    }
    const double falseEasting = declared->GetProjParm(SRS_PP_FALSE_EASTING, 0.0);
    const double centralMeridian = declared->GetProjParm(SRS_PP_CENTRAL_MERIDIAN, 0.0);
    const bool declaredPrefixed = falseEasting >= 1e6;
    const int declaredZone = static_cast<int>(std::floor(falseEasting / 1e6));
    if (evidence.looks == Looks::PrefixedGaussKruger && (!declaredPrefixed || declaredZone != evidence.prefixZone)) {
      return correctTo(prefixedZoneEpsg(info.datum, evidence.prefixZone),
                       format(tr("声明为 %s（假东 %.0f），但横坐标带带号 %d（%s）", "declared %s (false easting %.0f) but the eastings carry zone number %d (%s)"),
                              info.name.c_str(), falseEasting, evidence.prefixZone, describeExtent(extent).c_str()));
    }
    if (evidence.looks == Looks::PlainProjected && declaredPrefixed) {
      const int cm = static_cast<int>(std::lround(centralMeridian));
      const int width = declaredZone >= 25 ? 3 : 6;
      return correctTo(gaussKrugerEpsg(info.datum, width, cm, false),
                       format(tr("声明为带带号的 %s（假东 %.0f），但横坐标不带带号（%s）", "declared %s with a zone prefix (false easting %.0f) but the eastings carry none (%s)"),
                              info.name.c_str(), falseEasting, describeExtent(extent).c_str()));
    }
  }
  return info;
}

std::string projDefinition(const CrsInfo& crs) {
  if (!crs.towgs84) return crs.definition;
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(crs.definition.c_str()) != OGRERR_NONE) return crs.definition;
  const auto& p = *crs.towgs84;
  auto at = [&](size_t i) { return p.size() > i ? p[i] : 0.0; };
  srs.SetTOWGS84(at(0), at(1), at(2), at(3), at(4), at(5), at(6));
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);  // WKT1 keeps TOWGS84 as a bound CRS
  std::string out = wkt ? wkt : "";
  CPLFree(wkt);
  return out;
}

double linearUnitMetres(const CrsInfo& crs) {
  if (crs.metresPerUnit > 0 || crs.geographic || crs.definition.empty()) return crs.metresPerUnit;
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(crs.definition.c_str()) != OGRERR_NONE) return 0;
  return describeCrs(srs).metresPerUnit;
}

bool isMetric(const CrsInfo& crs) { return std::fabs(linearUnitMetres(crs) - 1) < 1e-12; }

geos::Envelope extentInDegrees(const CrsInfo& crs, const geos::Envelope& extent) {
  if (extent.empty || crs.definition.empty()) return {};
  if (crs.geographic) return extent;
  OGRSpatialReference source;
  if (source.SetFromUserInput(crs.definition.c_str()) != OGRERR_NONE) return {};
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRSpatialReference> geographic(source.CloneGeogCS());
  if (!geographic) return {};
  geographic->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> transform(OGRCreateCoordinateTransformation(&source, geographic.get()));
  if (!transform) return {};
  double minX, minY, maxX, maxY;
  if (!transform->TransformBounds(extent.minX, extent.minY, extent.maxX, extent.maxY, &minX, &minY, &maxX, &maxY, 21))
    return {};
  return {minX, minY, maxX, maxY, false};
}

geos::Envelope transformExtent(const CrsInfo& from, const CrsInfo& to, const geos::Envelope& extent) {
  if (extent.empty) return {};
  OGRSpatialReference source, target;
  if (source.SetFromUserInput(from.definition.c_str()) != OGRERR_NONE || target.SetFromUserInput(to.definition.c_str()) != OGRERR_NONE)
    throw std::runtime_error("transformExtent: unreadable CRS");
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> transform(OGRCreateCoordinateTransformation(&source, &target));
  double minX, minY, maxX, maxY;
  if (!transform || !transform->TransformBounds(extent.minX, extent.minY, extent.maxX, extent.maxY, &minX, &minY, &maxX, &maxY, 21))
    throw std::runtime_error("transformExtent: the extent cannot be transformed");
  return {minX, minY, maxX, maxY, false};
}

}  // namespace sanxian
