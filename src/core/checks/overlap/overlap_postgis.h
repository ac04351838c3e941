// The overlap check with PostGIS as the engine: when both layers are
// tables of one PostgreSQL/PostGIS database, the database finds the
// candidate pairs on its GiST indexes (`&&`, widened by the largest
// near-miss distance), tests them (ST_Intersects), overlays them
// (ST_Intersection) and measures the gap of near misses (ST_Distance);
// the pairs stream back through GDAL's server-side cursor. Everything
// after is Sanxian's own (overlapFoundPairs): the rules, the ellipsoidal
// and planar measures, townships, slivers and touches, the same result.
//
// The database works on the tables as they are: the layers must be in the
// analysis CRS already (no reprojection in SQL; refused otherwise), and
// features Sanxian repaired on loading are repaired in SQL the same way
// (ST_MakeValid, the layer's method). Never writes to the database.
#pragma once

#include <string>

#include "core/checks/overlap/overlap.h"

namespace sanxian {

// Where an overlap runs: Sanxian's own engine (the default) or the database.
enum class OverlapEngine { Sanxian, PostGis };

// "sanxian" or "postgis"; anything else is a usage error naming `where`
// (the option or project key it came from).
OverlapEngine parseOverlapEngine(const std::string& name, const std::string& where);

// Whether the database can run this pair of layers: "" when both are
// PostGIS tables of one database in their own CRS, else why not (a
// sentence naming the layers).
std::string whyNotInPostGis(const Layer& a, const Layer& b, const OverlapSettings& settings);

// The overlap of two loaded PostGIS layers (load + harmonize, as for
// overlapLayers) computed in their database. Throws an input error (exit
// 3) when the layers are not tables of one database in the analysis CRS,
// when a table has no key column to match its rows with the loaded
// features, and when the database fails or the connection breaks on the
// way (the message says which table and what the server said).
OverlapResult overlapInPostGis(const Layer& a, const Layer& b, const OverlapSettings& settings);

}  // namespace sanxian
