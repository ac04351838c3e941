#include "core/checks/site/site.h"

#include <algorithm>
#include <filesystem>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/geometry/harmonize.h"
#include "core/geometry/overlay.h"
#include "core/geometry/units.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> idsOf(const std::vector<std::pair<std::string, const Layer*>>& layers) {
  std::vector<std::string> ids;
  for (const auto& [id, layer] : layers) ids.push_back(id);
  return ids;
}

size_t prohibitedCount(const OverlapResult& r) {
  return static_cast<size_t>(std::count_if(r.pieces.begin(), r.pieces.end(), [](const OverlapPiece& p) { return p.severity == Severity::Prohibited; }));
}

// The site's pieces with different control layers lie on the same ground:
// a sum of their areas is no area of the site (site_coverage has the unions).
void noSumsAcrossLayers(std::vector<Table>& tables) {
  for (Table& t : tables) {
    if (t.name == "site_conflicts" || t.name == "site_summary") t.totals = Totals::None;
    if (t.name != "site_summary") continue;
    // Per site feature or township the pieces of all layers add up to more
    // than the site (235 % of itself on the sample): site_coverage has the
    // unions, so only the groupings by rule and severity stay.
    const int group = t.columnIndex("group");
    const std::string byFeature = tr("A 要素", "feature A"), byTownship = tr("乡镇", "township");
    std::vector<std::vector<Cell>> kept;
    for (auto& row : t.rows) {
      const auto* g = std::get_if<std::string>(&row[group]);
      if (g && (*g == byFeature || *g == byTownship)) continue;
      kept.push_back(std::move(row));
    }
    t.rows = std::move(kept);
    t.zh = "重叠冲突汇总（按规则、严重程度）";
    t.en = "Overlap summary (by rule and severity)";
  }
}

// The union of some geometries, measured (nothing when there are none).
Measures unionMeasures(const std::vector<const GEOSGeometry*>& parts, const CrsInfo& crs, bool lineal) {
  if (parts.empty()) return {};
  const overlay::Result together = overlay::unionAll(parts);
  Measurer& measurer = threadMeasurer(crs);
  return lineal ? measurer.measure(together.geometry.get()) : measurer.measureAreas(together.geometry.get());
}

std::vector<std::string> siteHeadlines(const OverlapResult& r, const SiteFigures& figures) {
  std::vector<std::string> lines;
  const size_t prohibited = prohibitedCount(r);
  lines.push_back(prohibited ? format(tr("选址不符合：%zu 处落入禁止区域", "site not compatible: %zu pieces in prohibited areas"), prohibited)
                             : std::string(tr("选址未落入禁止区域", "site lies in no prohibited area")));
  lines.push_back(format(tr("选址面积 %.4f 公顷，其中位于管控图层内 %.4f 公顷（各图层的并集，占 %.2f%%）；椭球面积",
                            "site %.4f ha, of which %.4f ha inside a control layer (union of the layers, %.2f%%); ellipsoidal"),
                         hectares(figures.site.area), hectares(figures.insideAny.area), figures.share(figures.insideAny)));
  for (const SiteCoverage& c : figures.layers) {
    if (c.pieces == 0) continue;
    if (c.lineal)
      lines.push_back(format(tr("  %s（%s）：涉及长度 %.2f 米，%zu 处，最高 %s", "  %s (%s): %.2f m along it, %zu pieces, worst %s"), c.layer.c_str(),
                             c.role.c_str(), c.inside.length, c.pieces, c.worst ? severityText(*c.worst) : "-"));
    else
      lines.push_back(format(tr("  %s（%s）：%.4f 公顷（占选址 %.2f%%），%zu 处，最高 %s", "  %s (%s): %.4f ha (%.2f%% of the site), %zu pieces, worst %s"),
                             c.layer.c_str(), c.role.c_str(), hectares(c.inside.area), figures.share(c.inside), c.pieces,
                             c.worst ? severityText(*c.worst) : "-"));
  }
  const std::vector<std::string> overlap = overlapHeadlines(r);
  // The piece count and severities; the summed area of pieces is not a figure of the site.
  if (overlap.size() > 1) lines.insert(lines.end(), overlap.begin() + 1, overlap.end());
  return lines;
}

}  // namespace

OverlapResult siteOverlaps(const Layer& site, const std::vector<std::pair<std::string, const Layer*>>& layers, const SiteSettings& settings) {
  OverlapResult all;
  all.minPieceAreaM2 = settings.minPieceAreaM2;
  all.crs = site.crs;
  all.rulesPath = settings.rules ? settings.rules->path : "";
  all.hasBoundary = settings.boundary != nullptr;
  bool first = true;
  for (const auto& [id, layer] : layers) {
    OverlapSettings s;
    s.aId = settings.siteId;
    s.bId = id;
    s.rules = settings.rules;
    s.roles = settings.roles;
    s.boundary = settings.boundary;
    s.minPieceAreaM2 = settings.minPieceAreaM2;
    OverlapResult one = overlapLayers(site, *layer, s);
    // The site is input A of every pass: list it and its repairs once.
    if (!first) {
      one.inputs.erase(one.inputs.begin());
      one.repairs.erase(std::remove_if(one.repairs.begin(), one.repairs.end(), [&](const auto& r) { return r.first == settings.siteId; }),
                        one.repairs.end());
    }
    first = false;
    all.append(std::move(one));
  }
  return all;
}

std::vector<std::pair<std::string, const Layer*>> siteLayers(const std::vector<std::string>& layerIds, const std::vector<Layer>& layers,
                                                             const Layer* site, const RuleList& rules,
                                                             const std::optional<std::vector<std::string>>& ids) {
  std::vector<std::pair<std::string, const Layer*>> out;
  if (ids) {
    for (const auto& id : *ids) {
      const auto at = std::find(layerIds.begin(), layerIds.end(), id);
      if (at == layerIds.end()) throwUsage(format(tr("项目中没有图层 '%s'", "the project has no layer '%s'"), id.c_str()));
      out.emplace_back(id, &layers[size_t(at - layerIds.begin())]);
    }
    return out;
  }
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer& layer = layers[i];
    if (&layer == site || layer.role() == "boundary" || layer.role() == "project_site") continue;
    if (rules.covers("project_site", layer.role())) out.emplace_back(layerIds[i], &layer);
  }
  return out;
}

CheckResult siteReport(const OverlapResult& result, const std::vector<std::pair<std::string, const Layer*>>& layers, const SiteFigures& figures) {
  CheckResult out;
  out.summary = siteJson(result, idsOf(layers), figures);
  out.tables = overlapTables(result, "site");
  noSumsAcrossLayers(out.tables);
  out.tables.insert(out.tables.begin() + 1, siteCoverageTable(figures));
  out.headlines = siteHeadlines(result, figures);
  out.findings = overlapFindings(result, &out.tables.front());
  out.verdicts = {{"compatible", prohibitedCount(result) == 0}};
  return out;
}

SiteFigures siteFigures(const Layer& site, const OverlapResult& result, const std::vector<std::pair<std::string, const Layer*>>& layers,
                        const RoleCatalog& roles) {
  SiteFigures figures;
  std::vector<const GEOSGeometry*> siteParts;
  for (const Feature& f : site.features)
    if (f.geometry && !geos::isEmpty(f.geometry.get())) siteParts.push_back(f.geometry.get());
  figures.site = unionMeasures(siteParts, result.crs, false);
  std::vector<const GEOSGeometry*> any;
  for (const auto& [id, layer] : layers) {
    SiteCoverage c;
    c.layer = id;
    c.role = layer->role();
    if (const RoleDef* role = roles.find(layer->role())) c.role = role->title();
    std::vector<const GEOSGeometry*> parts;
    for (const OverlapPiece& p : result.pieces) {
      if (p.b.layer != id) continue;
      ++c.pieces;
      if (!c.worst || p.severity > *c.worst) c.worst = p.severity;
      c.lineal = p.lineal;
      if (p.geometry) parts.push_back(p.geometry.get());
      if (p.geometry && !p.lineal) any.push_back(p.geometry.get());
    }
    c.inside = unionMeasures(parts, result.crs, c.lineal);
    figures.layers.push_back(std::move(c));
  }
  figures.insideAny = unionMeasures(any, result.crs, false);
  return figures;
}

Table siteCoverageTable(const SiteFigures& figures) {
  Table t;
  t.name = "site_coverage";
  t.zh = "选址位于各管控图层内的面积（并集，重叠部分只计一次）";
  t.en = "Site inside each control layer (unions: ground in two layers counts once)";
  auto text = [](const char* key, const char* zh, const char* en) { return Column{key, zh, en, ColumnType::Text, 0, "", false}; };
  auto real = [](const char* key, const char* zh, const char* en, int decimals) { return Column{key, zh, en, ColumnType::Real, decimals, "", false}; };
  t.columns = {text("layer", "管控图层", "Control layer"),
               text("role", "图层类型", "Layer kind"),
               {"pieces", "重叠图斑数", "Pieces", ColumnType::Integer, 0, "", false},
               text("worst_severity", "最高严重程度", "Worst severity"),
               real("area_m2", "选址位于其内的面积（平方米）", "Site area inside (m²)", 2),
               real("area_ha", "选址位于其内的面积（公顷）", "Site area inside (ha)", 4),
               real("area_mu", "选址位于其内的面积（亩）", "Site area inside (mu)", 2),
               real("planar_area_m2", "平面面积（平方米）", "Planar area (m²)", 2),
               real("share_of_site_pct", "占选址面积比例（%）", "Share of the site (%)", 2),
               real("length_m", "涉及岸线长度（米，线图层）", "Length along it (m, line layers)", 2)};
  // The rows are unions that overlap each other: no totals row.
  t.totals = Totals::None;
  auto row = [&](const std::string& layer, const std::string& role, size_t pieces, std::optional<Severity> worst, const Measures& m, bool lineal) {
    std::vector<Cell> cells = {layer, role, int64_t(pieces), worst ? Cell(std::string(severityText(*worst))) : Cell()};
    if (lineal) cells.insert(cells.end(), {Cell(), Cell(), Cell(), Cell(), Cell(), m.length});
    else cells.insert(cells.end(), {m.area, hectares(m.area), mu(m.area), m.planarArea, figures.share(m), Cell()});
    t.rows.push_back(std::move(cells));
  };
  std::optional<Severity> worst;
  size_t pieces = 0;
  for (const SiteCoverage& c : figures.layers) {
    if (c.lineal) continue;
    pieces += c.pieces;
    if (c.worst && (!worst || *c.worst > *worst)) worst = c.worst;
  }
  row(tr("选址用地", "the site"), tr("项目用地", "project site"), 0, std::nullopt, figures.site, false);
  row(tr("任一管控图层（并集）", "any control layer (union)"), "", pieces, worst, figures.insideAny, false);
  for (const SiteCoverage& c : figures.layers) row(c.layer, c.role, c.pieces, c.worst, c.inside, c.lineal);
  return t;
}

nlohmann::ordered_json siteJson(const OverlapResult& result, const std::vector<std::string>& layersChecked, const SiteFigures& figures) {
  nlohmann::ordered_json j;
  j["layers_checked"] = layersChecked;
  const size_t prohibited = prohibitedCount(result);
  j["compatible"] = prohibited == 0;
  j["site_area_m2"] = figures.site.area;
  j["site_area_ha"] = hectares(figures.site.area);
  j["planar_site_area_m2"] = figures.site.planarArea;
  j["inside_any_layer_area_m2"] = figures.insideAny.area;
  j["inside_any_layer_area_ha"] = hectares(figures.insideAny.area);
  j["planar_inside_any_layer_area_m2"] = figures.insideAny.planarArea;
  j["inside_any_layer_share_pct"] = figures.share(figures.insideAny);
  nlohmann::ordered_json byLayer = nlohmann::ordered_json::array();
  for (const SiteCoverage& c : figures.layers) {
    nlohmann::ordered_json e;
    e["layer"] = c.layer;
    e["pieces"] = c.pieces;
    e["worst_severity"] = c.worst ? nlohmann::ordered_json(severityKey(*c.worst)) : nlohmann::ordered_json(nullptr);
    if (c.lineal) {
      e["length_m"] = c.inside.length;
      e["planar_length_m"] = c.inside.planarLength;
    } else {
      e["area_m2"] = c.inside.area;
      e["area_ha"] = hectares(c.inside.area);
      e["planar_area_m2"] = c.inside.planarArea;
      e["share_of_site_pct"] = figures.share(c.inside);
    }
    byLayer.push_back(std::move(e));
  }
  j["by_control_layer"] = std::move(byLayer);
  // The pieces' own figures (overlap_area_m2 sums pieces of different layers: not an area of the site).
  const nlohmann::ordered_json overlap = toJson(result);
  for (const auto& [key, value] : overlap.items()) j[key] = value;
  // Sums of pieces of every layer per site feature or township are no area
  // of the site (see by_control_layer and inside_any_layer_area_m2).
  j.erase("by_feature_a");
  j.erase("by_township");
  return j;
}



}  // namespace sanxian
