// The record that lets a result be reproduced and checked later: the tool
// version, the command or project file, the parameters, a SHA-256 of every
// input file, and the summary figures. Written as JSON beside the results.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sanxian {

// Hex SHA-256 of a file's bytes; throws an input error naming the file.
std::string sha256File(const std::string& path);

// The files that make up a source: a Shapefile's .shp, .shx, .dbf, .prj,
// .cpg (those present), every file of a .gdb folder, or the file itself.
// Connection strings have no files.
std::vector<std::string> sourceFiles(const std::string& source);

// {"path": ..., "sha256": ..., "bytes": ...} for each file of each source.
nlohmann::ordered_json inputFingerprints(const std::vector<std::string>& sources);

const char* toolVersion();

}  // namespace sanxian
