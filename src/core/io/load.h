// Loading: opens any OGR vector source read-only (Shapefile, GeoPackage,
// GeoJSON, File Geodatabase, PostGIS connection string), picks a layer,
// decodes attribute text to UTF-8, settles the layer's CRS, turns each
// geometry into GEOS (curves linearized, Z/M dropped) and records every
// null, empty or invalid geometry. Never writes to the source and never
// reprojects or repairs (harmonize does).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/io/layer.h"
#include "core/io/roles.h"

namespace sanxian {

struct LoadOptions {
  std::string source;                     // path or "PG:..." connection string
  // Read this copy instead of `source`, named as `source` in every message
  // (tiled runs: a Shapefile copy with a spatial index built).
  std::string readFrom;
  std::optional<std::string> layerName;   // required when the source holds several layers
  std::optional<std::string> role;        // maps fields; missing required fields are an error
  std::optional<std::string> encoding;    // override for DBF text ("GBK", "UTF-8")
  std::optional<std::string> crs;         // override for the CRS ("EPSG:4545")
  std::optional<std::vector<double>> towgs84;  // datum shift for Xian 1980 / Beijing 1954
  bool checkValidity = true;              // skip to save time when only counting
  // How harmonize will repair invalid geometry: linework (the default, as
  // PostGIS and QGIS) or structure. Carried on the layer, as towgs84 is.
  geos::RepairMode repair = geos::RepairMode::Linework;
  FieldMapping mapping;                   // the layer's own field names and value spellings for its role
  // --strict / `strict: true`: a warning about the layer (where it lies,
  // a .cpg the text contradicts) stops with an error instead.
  bool strict = false;
  // Where the mapping would be given, for messages that say what to write:
  // the command-line option ("--old-field"), or the project file and the
  // layer's id in it.
  std::string fieldOption;
  std::string projectFile, layerId;
};

// The layers a source holds, with their feature counts (for `info` and for
// telling the user which to pick).
struct LayerListing {
  std::string name;
  int64_t featureCount = -1;
};
std::vector<LayerListing> listLayers(const std::string& source);

// A PostgreSQL connection string (PG:… or postgresql://…) with the
// default timeouts added where it sets none: connect_timeout=10 (seconds,
// the whole handshake: a server that accepts and never answers) and
// options='-c statement_timeout=300000' (milliseconds). Its own
// connect_timeout or options keep precedence.
std::string connectionWithTimeouts(const std::string& source);

// Loads one layer. Throws sanxian::Error (kind Input) naming the source,
// layer and feature when the input cannot be used.
Layer load(const LoadOptions& options, const RoleCatalog& roles);

// A layer too large to hold (tiled runs, core/run/tiles.h). loadHeader reads
// it once as a stream for what load learns from the whole layer — CRS,
// encoding, extent, feature count, features without usable geometry,
// warnings, how its fields meet its role — keeping no feature
// (Layer::headerOnly). loadWindow then reads the features whose geometry
// meets `window` (in the layer's own CRS, through the source's spatial index
// where it has one) and converts them as load does, with the header's
// encoding and CRS. Value mappings of a window are not reported (the
// header cannot count them without holding the text).
Layer loadHeader(const LoadOptions& options, const RoleCatalog& roles);
Layer loadWindow(const Layer& header, const LoadOptions& options, const RoleCatalog& roles, const geos::Envelope& window);

}  // namespace sanxian
