// The parts of a Shapefile (.shp, .shx, .dbf) checked against each other
// and against their own sizes before GDAL reads them: a header that counts
// other records than the file holds, a .dbf counting other records than
// the .shp, a record reaching past the end of its file, a field of length
// zero that shifts every attribute after it. GDAL reads such files without
// a word (fewer features, attributes of the wrong feature) or allocates
// what a damaged count asks for; here they are input errors naming the
// file, the field or the feature, before anything is allocated. Also
// refuses a part that is not a regular file (a FIFO would block forever).
// Reads headers and the .shx index only; never the records themselves.
#pragma once

#include <string>

namespace sanxian {

// Checks the Shapefile whose parts are `base` + ".shp" / ".shx" / ".dbf"
// (any case of the extension), as far as they exist: a missing .dbf or
// .shx is left to the caller. `shown` is the name messages give the
// layer (the .shp as the user named it). Throws sanxian::Error (Input).
void checkShapefileParts(const std::string& base, const std::string& shown);

// Throws an input error naming `path` when it exists and is neither a
// regular file nor a folder (a FIFO, a device, a socket): reading one
// blocks or never ends.
void refuseSpecialFile(const std::string& path);

}  // namespace sanxian
