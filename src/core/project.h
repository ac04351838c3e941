// The project file: a readable YAML file naming the layers of a run (path,
// layer, role, encoding, CRS), the analysis CRS, and the checks to run with
// their parameters. Reading it resolves paths relative to the file and
// checks that every check names layers that exist; it loads nothing.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "load.h"

namespace sanxian {

struct LayerSpec {
  std::string id;       // the name checks refer to
  LoadOptions options;  // source resolved against the project folder
};

struct CheckSpec {
  std::string type;        // audit, overlap, site, shoreline
  nlohmann::json params;   // the check's own parameters, as written (`name` included)
};

struct Project {
  std::string path;  // the project file
  std::string name;
  std::optional<std::string> analysisCrs;
  // The ledger of an earlier run whose follow-up columns carry over (resolved against the file).
  std::optional<std::string> previousLedger;
  std::vector<LayerSpec> layers;
  std::vector<CheckSpec> checks;

  const LayerSpec* layer(const std::string& id) const;
};

// Reads and validates a project file; throws a usage error naming the file
// and the entry at fault.
Project readProject(const std::string& path);

// The check types a project may name.
const std::vector<std::string>& knownCheckTypes();

}  // namespace sanxian
