// What every check hands back once its engine has run: its JSON summary,
// its headlines, its result tables, its findings and its verdicts, all made
// from the same result records. A check computes this and writes nothing;
// the run (or the report module) writes it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "core/checks/findings.h"
#include "core/io/layer.h"
#include "core/checks/table.h"

namespace sanxian {

struct CheckResult {
  // The check's JSON summary (the same as its --json).
  nlohmann::ordered_json summary;
  // One line per verdict or headline figure, in the user's language, for the terminal.
  std::vector<std::string> headlines;
  // The result tables (with geometry where they have it).
  std::vector<Table> tables;
  // What someone must follow up, from the same result records as the tables.
  std::vector<Finding> findings;
  // Verdicts (audit: area_not_decreasing …), true = passed.
  std::vector<std::pair<std::string, bool>> verdicts;
};

// What went in, as the checks' JSON lists it: id, source, layer, role, feature count.
nlohmann::ordered_json layerInputJson(const std::string& id, const Layer& layer);

}  // namespace sanxian
