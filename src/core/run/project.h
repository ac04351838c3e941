// The project file: a readable YAML file naming the layers of a run (path,
// layer, role, encoding, CRS, the layer's own field names and value
// spellings), the analysis CRS, a roles file of the user's, and the checks
// to run with their parameters. Reading it resolves paths relative to the
// file and checks that every check names layers that exist; it loads
// nothing. Adding a layer entry keeps the rest of the file as written.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/io/load.h"
#include "core/run/output_formats.h"

namespace sanxian {

struct LayerSpec {
  std::string id;       // the name checks refer to
  LoadOptions options;  // source resolved against the project folder
};

struct CheckSpec {
  std::string type;        // audit, overlap, site, shoreline
  nlohmann::json params;   // the check's own parameters, as written (`name` included)
};

// How the viewer draws a layer (the project file's `styles:`, one entry
// per layer id): overrides of styles/styles.yaml for the layer's role.
struct LayerStyleSpec {
  std::optional<std::string> fill, outline;  // "#RRGGBB", "#RRGGBBAA" or "none"
  std::optional<double> width;               // outline width, pixels
  std::optional<double> opacity;             // 0..1
  std::optional<std::string> label;          // the field labelling the features (a role's field or as stored)
  std::optional<bool> labels;                // false: no labels
  std::optional<std::string> categories;     // a field whose values each get a colour

  bool empty() const { return !fill && !outline && !width && !opacity && !label && !labels && !categories; }
};

// What the viewer showed when the project was saved (the project file's `view:`).
struct ProjectView {
  std::optional<std::array<double, 4>> extent;     // minx, miny, maxx, maxy in the analysis CRS
  std::optional<std::vector<std::string>> layers;  // drawing order, bottom first; a layer not named is not shown
  std::vector<std::string> hidden;                 // named but switched off

  bool empty() const { return !extent && !layers && hidden.empty(); }
};

struct Project {
  std::string path;  // the project file
  std::string name;
  std::optional<std::string> analysisCrs;
  // `engine:` where overlap checks run: sanxian (unset) or postgis; an
  // overlap check's own `engine:` wins.
  std::optional<std::string> engine;
  // The ledger of an earlier run whose follow-up columns carry over (resolved against the file).
  std::optional<std::string> previousLedger;
  // The user's roles file (`roles:`), merged over layers/roles.yaml (resolved against the file).
  std::optional<std::string> rolesFile;
  // `strict: true`: a warning about a layer (where it lies, a .cpg the text
  // contradicts) stops the run as an error (also each layer's options.strict).
  bool strict = false;
  // `formats:` the files a run writes (unset: every format; the command line's --formats wins).
  std::optional<OutputFormats> formats;
  // `memory_limit:` bytes the layers may take before a run reads them tile
  // by tile (0: no limit; unset: defaultMemoryLimit; --memory-limit wins),
  // and `tile_size_m:` the tiles' side (unset: from the limit). See tiles.h.
  std::optional<size_t> memoryLimit;
  std::optional<double> tileSize;
  std::vector<LayerSpec> layers;
  std::vector<CheckSpec> checks;
  // The viewer's: how layers are drawn and what was shown. Checks ignore them.
  std::map<std::string, LayerStyleSpec> styles;
  ProjectView view;

  const LayerSpec* layer(const std::string& id) const;
};

// Reads and validates a project file; throws a usage error naming the file
// and the entry at fault.
Project readProject(const std::string& path);

// The check types a project may name.
const std::vector<std::string>& knownCheckTypes();

// The roles a project's layers are loaded with: layers/roles.yaml with the
// project's `roles:` file merged over it.
RoleCatalog rolesFor(const Project& project);

// One layer entry of a project file, as `sanxian info --suggest-roles`
// prints it and the viewer saves it.
struct ProjectLayerEntry {
  std::string id;
  std::string path;  // as it is to be written (relative to the project file, or absolute)
  std::string layer, role;
  FieldMapping mapping;  // fields and values (fallback fields are not written)
};
// The entry in block style, each line starting with `indent`:
//   id:
//     path: data/x.shp
//     role: redline
//     fields: {code: id}
//     values:
//       zone: {core: ["1"]}
std::string projectLayerYaml(const ProjectLayerEntry& entry, const std::string& indent = "  ");
// Adds the entry to the project file's `layers:` (creating the file when
// there is none), keeping its other lines and comments; an absolute path
// is written relative to the project file. The result is read back before
// it replaces the file; throws a usage error naming the file when the id
// is taken or the file cannot be read or written.
void addLayerToProjectFile(const std::string& projectPath, ProjectLayerEntry entry);

// Writes the `view:` and `styles:` sections into a project file (replacing
// them where they are, appending them otherwise; an empty one is removed),
// keeping every other line and comment as written. Read back before it
// replaces the file; throws a usage error naming the file when it cannot.
void saveProjectDisplay(const std::string& projectPath, const ProjectView& view, const std::map<std::string, LayerStyleSpec>& styles);

}  // namespace sanxian
