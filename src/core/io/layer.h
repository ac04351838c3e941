// A loaded layer: where it came from, what it is (role, CRS, encoding),
// and its features with source FIDs, UTF-8 attributes and GEOS geometry.
// Produced by load, put into the analysis CRS by harmonize; after that no
// module looks at file formats, encodings or CRS definitions again.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/geos.h"
#include "core/io/roles.h"

namespace sanxian {

enum class Datum { CGCS2000, Xian1980, Beijing1954, WGS84, Other, Unknown };

// How Sanxian came to use a layer's CRS.
enum class CrsOrigin {
  Declared,      // from the source (.prj, GeoPackage, PostGIS srid) and consistent with the data
  Inferred,      // none declared; the coordinates left no doubt
  Corrected,     // declared, but contradicted by the coordinates (zone prefix); the data wins
  UserOverride,  // the user's --crs
};

struct CrsInfo {
  std::string definition;  // what PROJ accepts: "EPSG:4545" or a WKT
  int epsg = 0;            // 0 when no EPSG code matches
  std::string name;        // e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 108E"
  Datum datum = Datum::Unknown;
  bool geographic = false;
  // The linear unit of a projected CRS's axes and its length in metres
  // (metre 1, foot 0.3048, US survey foot 1200/3937): planar figures are
  // multiplied by it to be in metres whatever the CRS. Empty and 0 for a
  // geographic CRS (degrees are not planar) and when not yet known (a
  // CrsInfo not built by describeCrs; see linearUnitMetres).
  std::string linearUnit;
  double metresPerUnit = 0;
  CrsOrigin origin = CrsOrigin::Declared;
  std::string declaredName;  // for Corrected: what the source said
  std::string note;          // why inferred or corrected, in the user's language
  // Seven-parameter datum shift to WGS 84 / CGCS2000 the user supplied for
  // Xian 1980 or Beijing 1954 data (PROJ has none built in).
  std::optional<std::vector<double>> towgs84;
};

struct EncodingInfo {
  enum class Source { Native, Cpg, CodePageByte, Detected, UserOverride };
  std::string name = "UTF-8";  // "UTF-8" or "GB18030" (which also reads GBK / GB2312)
  Source source = Source::Native;
  std::string note;
  // Set when the .cpg names an encoding the text is not in (936 on UTF-8
  // text, UTF-8 on GBK text, a name no converter knows): what was read
  // instead and why. load turns it into a warning of the layer.
  std::string contradiction;
};

// Something about one feature (or the whole layer, fid empty) that the user
// must be told: nothing is changed or dropped without one of these.
struct LoadIssue {
  enum class Kind {
    NullGeometry,    // kept as a feature without geometry, excluded from checks
    EmptyGeometry,
    WrongGeometryType,  // e.g. a line in a polygon layer: excluded from checks
    Linearized,      // curves turned into line segments
    DroppedZM,       // Z or M values removed
    Invalid,         // found invalid (reason); repaired by harmonize
    // Valid in its own CRS, invalid once moved into the analysis CRS (two
    // vertices a hair apart crossed): a change the move made, repaired
    // there and reported apart from invalid input.
    InvalidAfterTransform,
    Repaired,        // MakeValid applied: area before / after
    RepairDroppedParts,  // MakeValid left non-polygonal parts which were dropped
    DatumTransformation,  // the layer changed datum on its way to the analysis CRS: how
    ValuesMapped,    // raw values written as the canonical value the user's mapping gives them
    // Warnings about the whole layer (isWarning): the run summary and the
    // PDF cover repeat them, and --strict makes each an error.
    EncodingContradicted,  // the .cpg names an encoding the text is not in
    OutsideChina,          // the layer lies (partly) outside China
    OutsideCrsArea,        // outside the area of use of its CRS
    FarFromOtherLayers,    // far from every other layer of the run
  };
  Kind kind;
  std::optional<int64_t> fid;
  std::string message;
  // For Repaired: the area before and after, ellipsoidal m² (as every
  // headline figure), and planar m² in the CRS repaired in (NaN in degrees).
  double areaBefore = 0, areaAfter = 0;
  double planarAreaBefore = 0, planarAreaAfter = 0;
};

const char* kindName(LoadIssue::Kind kind);
// Whether the issue is a warning about where the layer lies or how its
// text was read, rather than a note on one feature.
bool isWarning(LoadIssue::Kind kind);

struct Feature {
  int64_t fid = -1;                 // the source's feature id
  std::vector<std::string> values;  // UTF-8, one per Layer::fields; "" for null
  std::vector<bool> isNull;         // same size as values
  geos::GeomPtr geometry;           // null when the source geometry is null or unusable
};

struct Layer {
  std::string source;     // path or connection string as the user gave it
  std::string layerName;  // layer inside the source
  std::string driver;     // GDAL driver short name
  // How the fields meet the layer's role; empty when loaded without one.
  std::optional<RoleMatch> roleMatch;
  CrsInfo crs;        // the CRS of the coordinates held now
  CrsInfo sourceCrs;  // the CRS as loaded (declared / inferred / corrected), kept by harmonize for reports
  EncodingInfo encoding;
  std::vector<std::string> fields;  // UTF-8 field names
  std::vector<std::string> fieldTypes;  // OGR type names, same order
  std::vector<Feature> features;
  std::map<std::string, int> geometryTypeCounts;  // "Polygon" → 12
  std::vector<LoadIssue> issues;
  geos::Envelope extent;  // in crs
  // Every geometry's validity was judged as loaded, the invalid ones listed
  // in `issues`: harmonize need not judge again when it moves nothing.
  bool validityChecked = false;
  // How harmonize repairs invalid geometry (the user's choice, from load).
  geos::RepairMode repairMode = geos::RepairMode::Linework;
  // --strict (or `strict: true`): a warning about the layer is an error.
  bool strict = false;
  // A layer too large to hold (a tiled run, core/run/tiles.h): everything
  // above is of the whole layer, but `features` is empty; a check reads the
  // features window by window (loadWindow). totalFeatures counts them.
  bool headerOnly = false;
  size_t totalFeatures = 0;

  size_t featureCount() const { return headerOnly ? totalFeatures : features.size(); }

  std::string role() const { return roleMatch ? roleMatch->role : std::string(); }

  // The raw value of a role field (e.g. "code") of a feature, "" when the
  // layer has no such field.
  const std::string& roleValue(const Feature& feature, const std::string& canonical) const;

  // Index of a field by its name as stored, or -1.
  int fieldIndex(const std::string& name) const;

  size_t countIssues(LoadIssue::Kind kind) const;

  // Adds a warning (isWarning(kind)); under `strict` throws it as an input
  // error naming the layer instead.
  void warn(LoadIssue::Kind kind, const std::string& message);
};

// A number as an attribute holds it ("1234.56", blanks around it allowed);
// NaN when empty or not wholly a finite number (TBMJ, KCXS, ZBGD …).
double attributeNumber(const std::string& text);

}  // namespace sanxian
