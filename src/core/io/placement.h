// Where a layer's coordinates put it, judged once its CRS is settled:
// coordinates no CRS can hold (not finite, or far outside the CRS's valid
// range) are input errors naming the feature; a layer outside China,
// outside the area of use of its CRS, or far from the other layers of a
// run is a warning of the layer (Layer::warn: --strict makes it an error).
// A wrong .prj puts a layer in Algeria without a single invalid geometry;
// these warnings are what tells. Never moves or changes a coordinate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/io/layer.h"

namespace sanxian {

// The largest coordinate any CRS in use holds, in its own units: the
// Earth's circumference is 4e7 m (1.3e8 US feet); beyond 1e9 a coordinate
// is broken whatever the CRS. Judged before the CRS is known.
constexpr double kLargestCoordinate = 1e9;

// Throws an input error naming `where` and the feature when its envelope
// is not finite or beyond kLargestCoordinate.
void refuseBrokenEnvelope(const geos::Envelope& envelope, const Error::Where& where);

// Throws an input error naming the first feature that lies outside the
// valid range of the layer's CRS: degrees within ±180° / ±90°; for a
// projected CRS its area of use, projected, widened on every side by its
// own size (at least 1 000 km) — a Gauss-Kruger zone then reaches some
// 4 000 km beyond its band, which no real delivery does.
void refuseCoordinatesOutsideCrs(const Layer& layer);

// Warns (Layer::warn) when the layer lies outside China, or outside the
// area of use of its CRS by more than 1.5° (a 3-degree zone is then held
// to the band of a 6-degree one).
void warnAboutPlacement(Layer& layer);

// Warns, for each of the first `judged` layers (all by default), when it
// lies more than kFarKilometres from every other layer of the run. A layer
// read in the neighbouring 3-degree zone moves some 250 km; a county is up
// to 200 km wide, so the gap it leaves can be as small as 50 km (Otog's
// mining rights under a CM 111°E .prj: 86 km from the nearest township).
// A shift smaller than the data's own extent leaves no gap to see: the
// area-of-use warning and the overlaps themselves are what remain. `ids`
// name the layers in messages.
constexpr double kFarKilometres = 50;
void warnAboutDistantLayers(const std::vector<Layer*>& layers, const std::vector<std::string>& ids, size_t judged = SIZE_MAX);

}  // namespace sanxian
