// A layer's role applied as it is loaded: the role's spellings together
// with the user's own field names and value spellings (FieldMapping: the
// project file's `fields:` / `values:`, the command line's --X-field /
// --X-value), the raw values the user gave a meaning written as that
// canonical value, and a missing required field turned into a message that
// lists the fields with sample values and says which field to map and how.
// After this nothing looks at field spellings again.
#pragma once

#include <optional>
#include <string>

#include "core/io/layer.h"
#include "core/io/load.h"
#include "core/io/roles.h"

namespace sanxian {

// Matches the loaded layer's fields to options.role (or, without one, to
// the likeliest role by field names) and writes mapped values as their
// canonical value. Throws a usage error when the mapping names a role
// field or layer field that does not exist, an input error when a
// required field is missing.
std::optional<RoleMatch> applyRole(Layer& layer, const LoadOptions& options, const RoleCatalog& roles, GeometryKind geometry);

// True when the layer is one Sanxian itself wrote (a check's result, the
// ledger): a `NAME_fields.csv` dictionary beside its Shapefile, or the
// ellipsoidal and planar figures side by side that every result carries
// (area_m2 with pl_area_m2 / planar_area_m2, length_m with pl_len_m /
// planar_length_m) or a finding_id. Such a layer is never given a role by
// guessing: its codes and names are a result's, not a control line's.
bool isSanxianResult(const std::string& source, const std::vector<std::string>& fields);

// How the user maps `canonical` to `field` for this layer, as they would
// write it: "--old-field code=id", or "fields: {code: id}" under the layer
// in the project file.
std::string mappingAdvice(const LoadOptions& options, const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace sanxian
