// The options that give a layer's own field names and value spellings on
// the command line, in one form for every command and layer argument:
//   --X-field ROLE_FIELD=LAYER_FIELD            e.g. --old-field code=id
//   --X-value ROLE_FIELD=VALUE:RAW[,RAW…]       e.g. --b-value zone=core:1,核心保护区
// where X is the layer's option (old, new, a, b, boundary, lines …); a
// command's positional layer takes --field / --value. Each is repeatable.
// --roles FILE merges a user's roles file over layers/roles.yaml.
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

#include "core/io/load.h"
#include "core/io/roles.h"

namespace sanxian::cli {

class LayerMappings {
public:
  // Registers --X-field and --X-value for the layer option X ("" for the
  // positional layer); `what` names the layer in the help text.
  void add(CLI::App* command, const std::string& layer, const std::string& what);
  // Registers --roles FILE.
  void addRoles(CLI::App* command);

  // Puts the mapping given for layer X into `options`, and the option's
  // name for messages. Throws a usage error naming the option when a value
  // is not of the form above.
  void apply(const std::string& layer, LoadOptions& options) const;
  // layers/roles.yaml, with --roles merged over it.
  RoleCatalog roles() const;

private:
  struct Given {
    std::vector<std::string> fields, values;
  };
  std::map<std::string, Given> given_;
  std::string rolesFile_;
};

// The option name for layer X: "--old-field", or "--field" for the positional layer.
std::string fieldOption(const std::string& layer);

}  // namespace sanxian::cli
