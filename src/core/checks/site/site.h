// Siting compliance (三线一单符合性分析): a proposed project site overlaid
// with every control layer of a project — red line, protected areas by
// zone, shoreline zones, environmental control units — through the overlap
// engine (overlap.h) and its rule list, one B layer after another, in one
// result with the layer of each piece. Lines (shorelines) give lengths.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/checks/check.h"
#include "core/checks/overlap/overlap.h"

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
std::vector<std::pair<std::string, const Layer*>> siteLayers(const std::vector<std::string>& layerIds, const std::vector<Layer>& layers,
                                                             const Layer* site, const RuleList& rules,
                                                             const std::optional<std::vector<std::string>>& ids);


// What the site's headline says: the site's own area, the part of it inside
// any control layer (a union: ground inside two layers counts once, so it
// is never more than the site) and the same for each control layer.
struct SiteCoverage {
  std::string layer;  // layer id
  std::string role;   // the layer's role title
  bool lineal = false;  // a line layer (shoreline): lengths, not areas
  size_t pieces = 0;
  std::optional<Severity> worst;
  Measures inside;  // of the union of the layer's pieces: area, planarArea (polygons) or length, planarLength (lines)
};
struct SiteFigures {
  Measures site;       // the site's own area (union of its features)
  Measures insideAny;  // union of every polygonal piece
  std::vector<SiteCoverage> layers;  // in the order checked
  double share(const Measures& m) const { return site.area > 0 ? m.area / site.area * 100 : 0; }
};
SiteFigures siteFigures(const Layer& site, const OverlapResult& result, const std::vector<std::pair<std::string, const Layer*>>& layers,
                        const RoleCatalog& roles);

// Everything the siting check hands back: JSON, headlines, tables (the
// site's coverage beside the pieces), findings and its verdict.
CheckResult siteReport(const OverlapResult& result, const std::vector<std::pair<std::string, const Layer*>>& layers, const SiteFigures& figures);

// The table of SiteFigures: one row for "any control layer", one per layer.
Table siteCoverageTable(const SiteFigures& figures);

// The summary: the overlap JSON plus the layers checked, the coverage
// figures and the verdict (compatible: no prohibited piece).
nlohmann::ordered_json siteJson(const OverlapResult& result, const std::vector<std::string>& layersChecked, const SiteFigures& figures);



}  // namespace sanxian
