#include "checks.h"

#include "audit.h"
#include "overlap.h"
#include "shoreline.h"
#include "site.h"

namespace sanxian {

const std::map<std::string, CheckRunner>& checkRunners() {
  // One line per check module: "type" → its project runner.
  static const std::map<std::string, CheckRunner> runners = {
      {"audit", &runAuditCheck},
      {"overlap", &runOverlapCheck},
      {"site", &runSiteCheck},
      {"shoreline", &runShorelineCheck},
  };
  return runners;
}

}  // namespace sanxian
