// Coordinate reference systems as Chinese survey data uses them: reading
// the declared CRS, inferring a missing one when the coordinates leave no
// doubt, catching the zone-prefix contradiction, and naming the CGCS2000 /
// Xian 1980 / Beijing 1954 Gauss-Kruger zones by EPSG code. Never
// transforms coordinates (harmonize does).
#pragma once

#include <optional>
#include <string>

#include "core/base/error.h"
#include "core/base/geos.h"
#include "core/io/layer.h"

class OGRSpatialReference;

namespace sanxian {

// EPSG code of a Gauss-Kruger zone. `zoneWidth` is 3 or 6; `centralMeridian`
// in degrees east; `prefixed` for the variant whose false easting carries
// the zone number (36 500 000). Returns 0 if EPSG has no such zone.
int gaussKrugerEpsg(Datum datum, int zoneWidth, int centralMeridian, bool prefixed);

// The CGCS2000 3-degree zone (without prefix) whose central meridian is
// nearest to `longitude`.
int cgcs2000ZoneEpsgForLongitude(double longitude);

// A CGCS2000 Gauss-Kruger zone named by its EPSG code (4491..4554).
struct GaussKrugerZone {
  int centralMeridian = 0;  // degrees east
  int width = 3;            // 3 or 6 degrees
  bool prefixed = false;    // false easting carries the zone number
  int plainEpsg = 0;        // the same zone without the prefix
};
std::optional<GaussKrugerZone> cgcs2000Zone(const CrsInfo& crs);

// A Transverse Mercator on the CGCS2000 datum in metres, centred on
// `centralMeridian` (scale 1, false easting 500 000 m): the analysis plane
// for data no CGCS2000 zone holds (outside China).
CrsInfo cgcs2000TransverseMercator(double centralMeridian);

const char* datumName(Datum datum);

// A CRS from what a user typed: "EPSG:4545", "4545", a WKT or PROJ string.
// Throws a usage error when PROJ cannot read it.
CrsInfo crsFromUser(const std::string& text);

// Describes a declared CRS (EPSG, name, datum) without judging it.
CrsInfo describeCrs(const OGRSpatialReference& srs);

// Decides which CRS a layer's coordinates are in, from what the source
// declares (may be null), the data extent, and the user's override.
// Throws an input error naming `where` when the CRS cannot be known.
CrsInfo resolveCrs(const OGRSpatialReference* declared, const geos::Envelope& extent,
                   const std::optional<std::string>& userCrs, const Error::Where& where);

// The CRS as PROJ should read it: its definition, with the user's seven
// parameters bound to it (a WKT1 TOWGS84 clause) when there are any.
std::string projDefinition(const CrsInfo& crs);

// Metres per unit of a projected CRS's axes: CrsInfo::metresPerUnit, or
// looked up from the definition when the CrsInfo was built by hand; 0 for
// a geographic or unreadable CRS. Call once per CRS, not per feature.
double linearUnitMetres(const CrsInfo& crs);

// True when the CRS is projected with axes in metres.
bool isMetric(const CrsInfo& crs);

// The extent converted to degrees in the layer's own geographic CRS (no
// datum shift), for display.
geos::Envelope extentInDegrees(const CrsInfo& crs, const geos::Envelope& extent);
// The bounding box of an extent moved from one CRS into another (its edges
// densified); without a datum shift, so callers add a margin. Throws
// std::runtime_error when PROJ cannot.
geos::Envelope transformExtent(const CrsInfo& from, const CrsInfo& to, const geos::Envelope& extent);

}  // namespace sanxian
