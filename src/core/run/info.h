// What `sanxian info` tells about a loaded layer, as JSON: driver, counts,
// geometry types, CRS and how it was found, encoding and why, extents,
// invalid geometries, the role it matches and the first features' values.
// The CLI prints it as text; `--json` writes it as is.
#pragma once

#include <nlohmann/json.hpp>

#include "core/io/layer.h"
#include "core/io/suggest.h"

namespace sanxian {

nlohmann::ordered_json describeLayer(const Layer& layer, size_t sampleFeatures = 3);

// `sanxian info --suggest-roles`: the role the layer most likely plays
// (first) and the others its fields allow, each with its fields, the value
// maps inferred, and a project-file entry (id, path as given) that says so.
nlohmann::ordered_json describeSuggestions(const std::vector<RoleSuggestion>& suggestions, const RoleCatalog& roles,
                                           const std::string& id, const std::string& path, const std::string& layerName);

const char* crsOriginName(CrsOrigin origin);
const char* encodingSourceName(EncodingInfo::Source source);

}  // namespace sanxian
