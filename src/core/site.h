// Siting compliance (三线一单符合性分析): a proposed project site overlaid
// with every control layer of a project — red line, protected areas by
// zone, shoreline zones, environmental control units — through the overlap
// engine (overlap.h) and its rule list, one B layer after another, in one
// result with the layer of each piece. Lines (shorelines) give lengths.
#pragma once

#include "checks.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "overlap.h"

namespace sanxian {

struct SiteSettings {
  std::string siteId = "site";
  const RuleList* rules = nullptr;     // required
  const RoleCatalog* roles = nullptr;  // required
  const Layer* boundary = nullptr;     // optional: township of each piece
  double minPieceAreaM2 = kDefaultMinPieceAreaM2;
};

// The site against each (id, layer), in the order given.
OverlapResult siteOverlaps(const Layer& site, const std::vector<std::pair<std::string, const Layer*>>& layers, const SiteSettings& settings);

// The layers of a project a site is checked against: those named, or else
// every layer whose role some rule pairs with project_site (the site layer
// itself and boundary layers excepted).
std::vector<std::pair<std::string, const Layer*>> siteLayers(const LoadedProject& loaded, const Layer* site, const RuleList& rules,
                                                             const std::optional<std::vector<std::string>>& ids);

// The summary: the overlap JSON plus the layers checked and the verdict
// (compatible: no prohibited piece).
nlohmann::ordered_json siteJson(const OverlapResult& result, const std::vector<std::string>& layersChecked);

// `sanxian site PATH`: the site against a project's layers (--project) or
// against layers given one by one.
struct SiteOptions {
  LoadOptions site;  // role project_site unless given
  std::optional<std::string> projectPath;
  std::vector<LoadOptions> against;         // used without a project
  std::optional<LoadOptions> boundary;      // used without a project
  std::optional<std::vector<std::string>> layerIds;  // with a project: only these
  std::optional<std::string> rulesPath;
  std::optional<std::string> analysisCrs;
  double minPieceAreaM2 = kDefaultMinPieceAreaM2;
  std::string outputDir;
};

struct SiteRun {
  OverlapResult result;
  nlohmann::ordered_json summary;
  std::vector<std::string> written;
  std::vector<std::string> headlines;
};

SiteRun runSite(const SiteOptions& options, const RoleCatalog& roles, const ProgressFn& progress = {});

// The project check {type: site, site, layers (optional), boundary (optional), rules, min_piece_area_m2}.
CheckOutput runSiteCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckEnvironment& env);

}  // namespace sanxian
