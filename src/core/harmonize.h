// Harmonize: brings the layers of one run into one analysis CRS (a
// CGCS2000 3-degree Gauss-Kruger zone, metres) and repairs invalid
// geometry there, reporting every repair with its FID and the area before
// and after. After this step nothing looks at CRS definitions again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "layer.h"

namespace sanxian {

// The analysis CRS for these layers: the user's choice if given, otherwise
// the CGCS2000 3-degree zone (EPSG:4534..4554, no zone prefix) whose
// central meridian is nearest the centre of all the layers' extents. Always
// projected in metres: a geographic or non-metre choice (feet) is a usage
// error.
CrsInfo chooseAnalysisCrs(const std::vector<const Layer*>& layers, const std::optional<std::string>& userChoice);

// Whether coordinates in `a` need no transformation to be in `b` (the
// same CRS with the same seven parameters, if any).
bool sameCrs(const CrsInfo& a, const CrsInfo& b);

// "linework" / "structure", as the user writes it (--repair, `repair:`);
// anything else is a usage error.
geos::RepairMode parseRepairMode(const std::string& text);
const char* repairModeName(geos::RepairMode mode);

// Reprojects the layer into `target` (a no-op when it is already there)
// and repairs invalid geometry there with MakeValid in the layer's
// repairMode, reporting each repair with the area before and after in m²
// on the ellipsoid (planar beside). Refuses, with a message
// naming the layer, to move Xian 1980 or Beijing 1954 data to CGCS2000
// without the user's seven parameters: PROJ has none, and a silent
// ballpark shift would be off by up to a hundred metres.
void harmonize(Layer& layer, const CrsInfo& target);

}  // namespace sanxian
