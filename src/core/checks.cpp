#include "checks.h"

#include "core/checks/audit/audit.h"
#include "core/checks/overlap/overlap.h"
#include "core/checks/shoreline/shoreline.h"
#include "core/checks/site/site.h"

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
