// Where Sanxian's own data lives: the layer roles and rule lists
// (layers/), the map styles (styles/) and the sample project (samples/).
//
// An installed binary finds them relative to itself, in
// PREFIX/share/sanxian beside PREFIX/bin, wherever the tree was installed
// or moved. A binary run from the build tree finds the source tree instead;
// a binary anywhere else never looks into the source tree.
#pragma once

#include <string>

namespace sanxian {

// The folder holding layers/ and styles/, the first of:
//   1. the folder given to setDataDirectory (`sanxian --data-dir DIR`);
//   2. $SANXIAN_DATA_DIR;
//   3. EXE/../share/sanxian when it holds layers/roles.yaml (installed);
//   4. the source tree, only when the executable lies in the build tree it
//      was built in (the tests and a developer's build/src/cli/sanxian);
//   5. EXE/../share/sanxian all the same, so that the message about a
//      missing file names where an installed copy should have it.
// $SANXIAN_LAYERS_DIR and $SANXIAN_STYLES_DIR still override the one folder.
std::string dataDirectory();

// `--data-dir DIR`: takes precedence over everything above ("" clears it).
void setDataDirectory(const std::string& dir);

// How dataDirectory() was chosen, for messages: "--data-dir",
// "SANXIAN_DATA_DIR", "installed", "build tree" or "not found".
std::string dataDirectorySource();

}  // namespace sanxian
