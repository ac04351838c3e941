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

// Loads one layer. Throws sanxian::Error (kind Input) naming the source,
// layer and feature when the input cannot be used.
Layer load(const LoadOptions& options, const RoleCatalog& roles);

}  // namespace sanxian
