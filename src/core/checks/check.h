// What a check is given and what it hands back. Given: its layers and
// settings (each check's own types) and a CheckContext. Handed back, once
// its engine has run: its JSON summary, its headlines, its result tables,
// its findings and its verdicts, all made from the same result records. A
// check computes and writes nothing; the report module writes.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/checks/findings.h"
#include "core/checks/table.h"
#include "core/io/layer.h"

namespace sanxian {

// Progress messages from long work: the CLI prints them, the viewer shows
// them. A front end cancels by throwing from it (the run's RunCancelled).
using ProgressFn = std::function<void(const std::string& message)>;

// What a check is given besides its layers and its settings.
struct CheckContext {
  ProgressFn progress;
  // Lists in the check's JSON summary longer than this need only be
  // counted: {"omitted_entries": N} (a run's summary keeps short lists).
  size_t longestList = SIZE_MAX;
};

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
  // Titles of verdicts whose keys the reports do not know (an indicator's name).
  std::map<std::string, std::string> verdictTitles;
};

// What went in, as the checks' JSON lists it: id, source, layer, role, feature count.
nlohmann::ordered_json layerInputJson(const std::string& id, const Layer& layer);

// The CRS a check measured in and why it was chosen: {epsg (null when the
// CRS has no EPSG code), name, reason}.
nlohmann::ordered_json analysisCrsJson(const CrsInfo& crs);

}  // namespace sanxian
