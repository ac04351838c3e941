#include "checks.h"

namespace sanxian {

const std::map<std::string, CheckRunner>& checkRunners() {
  // One line per check module: "type" → its project runner.
  static const std::map<std::string, CheckRunner> runners = {
  };
  return runners;
}

}  // namespace sanxian
