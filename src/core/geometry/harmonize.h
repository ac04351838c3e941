// Harmonize: brings the layers of one run into one analysis CRS (a
// CGCS2000 Gauss-Kruger zone, metres, chosen with a stated reason),
// keeping each polygon's shape on the way, and repairs invalid geometry,
// reporting every repair with its FID and the area before and after.
// After this step nothing looks at CRS definitions again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/io/layer.h"

namespace sanxian {

// The analysis CRS for these layers, with the reason in its `note`:
// - the user's choice if given (projected, in metres: a geographic or foot
//   CRS is a usage error);
// - else the CGCS2000 Gauss-Kruger zone a layer is declared in (its plain
//   variant), the first such layer's, when every layer lies within 3° of
//   its central meridian: data declared in a zone stays in it;
// - else the CGCS2000 3-degree zone nearest the centre of the data (the
//   shortest arc of longitude holding every layer), also when the data is
//   wider than a zone, as long as it lies within 30° of that meridian;
// - else, outside the CGCS2000 zones (75°E..135°E), a Transverse Mercator
//   on CGCS2000 centred on the data; data wider than 60° of longitude has
//   no plane and is a usage error;
// - layers without coordinates take the zone or projected CRS they declare.
// Ellipsoidal figures do not depend on the choice (harmonize keeps shapes).
CrsInfo chooseAnalysisCrs(const std::vector<const Layer*>& layers, const std::optional<std::string>& userChoice);

// The CGCS2000 3-degree zone (without prefix) whose central meridian lies
// within 3° of every layer, if there is one: where planar figures of data
// in degrees mean something.
std::optional<CrsInfo> cgcs2000ZoneHolding(const std::vector<const Layer*>& layers);

// Whether coordinates in `a` need no transformation to be in `b` (the
// same CRS with the same seven parameters, if any).
bool sameCrs(const CrsInfo& a, const CrsInfo& b);

// "linework" / "structure", as the user writes it (--repair, `repair:`);
// anything else is a usage error.
geos::RepairMode parseRepairMode(const std::string& text);
const char* repairModeName(geos::RepairMode mode);

// Repairs invalid geometry in the layer's own CRS (as `sanxian area` does)
// with MakeValid in the layer's repairMode, then moves the layer into
// `target` (a no-op when it is already there) with its edges densified so
// that they keep their shape (see reproject.h). A geometry the move makes
// invalid is reported as such (InvalidAfterTransform, naming the feature)
// and repaired in `target`. Every repair is reported with the area before
// and after in m² on the ellipsoid (planar beside). Refuses, with a message
// naming the layer, to move Xian 1980 or Beijing 1954 data to CGCS2000
// without the user's seven parameters: PROJ has none, and a silent
// ballpark shift would be off by up to a hundred metres.
void harmonize(Layer& layer, const CrsInfo& target);

}  // namespace sanxian
