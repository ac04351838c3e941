// What `sanxian info` tells about a loaded layer, as JSON: driver, counts,
// geometry types, CRS and how it was found, encoding and why, extents,
// invalid geometries, the role it matches and the first features' values.
// The CLI prints it as text; `--json` writes it as is.
#pragma once

#include <nlohmann/json.hpp>

#include "layer.h"

namespace sanxian {

nlohmann::ordered_json describeLayer(const Layer& layer, size_t sampleFeatures = 3);

const char* crsOriginName(CrsOrigin origin);
const char* encodingSourceName(EncodingInfo::Source source);

}  // namespace sanxian
