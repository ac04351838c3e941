#include "core/run/check_runners.h"

#include <filesystem>
#include <tuple>
#include <utility>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/checks/audit/audit.h"
#include "core/checks/control_lines/control_lines.h"
#include "core/checks/indicators/indicators.h"
#include "core/checks/landuse/landuse.h"
#include "core/checks/overlap/overlap.h"
#include "core/checks/overlap/overlap_postgis.h"
#include "core/checks/shoreline/shoreline.h"
#include "core/checks/site/site.h"
#include "core/geometry/harmonize.h"
#include "core/io/load.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

// A check parameter naming a layer of the project.
const Layer& layerParam(const LoadedProject& loaded, const std::string& id) {
  const Layer* layer = loaded.layer(id);
  if (!layer) throwUsage(format(tr("检查 shoreline：未定义的图层 '%s'", "check shoreline: undefined layer '%s'"), id.c_str()));
  return *layer;
}

std::string stringParam(const CheckSpec& check, const char* name) {
  const auto& v = check.params[name];
  if (!v.is_string()) throwUsage(format(tr("检查 shoreline：参数 %s 须为图层 id", "check shoreline: parameter %s must be a layer id"), name));
  return v.get<std::string>();
}


const Layer& projectLayer(const LoadedProject& loaded, const CheckSpec& check, const char* parameter) {
  if (!check.params.contains(parameter) || !check.params[parameter].is_string())
    throwUsage(format(tr("检查 %s 需要参数 %s（图层 id）", "check %s needs parameter %s (a layer id)"), check.type.c_str(), parameter));
  const std::string id = check.params[parameter].get<std::string>();
  const Layer* layer = loaded.layer(id);
  if (!layer) throwUsage(format(tr("检查 %s：未定义的图层 '%s'", "check %s: undefined layer '%s'"), check.type.c_str(), id.c_str()));
  return *layer;
}

RuleList checkRules(const CheckSpec& check, const LoadedProject& loaded, const RoleCatalog& roles) {
  if (!check.params.contains("rules")) return RuleList::loadDefault(roles);
  fs::path path = check.params["rules"].get<std::string>();
  if (path.is_relative()) path = fs::path(loaded.project.path).parent_path() / path;
  return RuleList::load(path.string(), roles);
}

// An adjustments file (role adjustment: polygons or patch codes with reason
// and document) loaded and brought into the analysis CRS.
Layer loadAdjustments(LoadOptions options, const RoleCatalog& roles, const CrsInfo& crs) {
  if (!options.role) options.role = "adjustment";
  // A table of codes has no geometry and so no CRS: nothing to reproject.
  Layer layer = load(options, roles);
  if (!layer.extent.empty) harmonize(layer, crs);
  return layer;
}

// The township layer a check names and its id in the reports (none: no layer, "boundary").
std::pair<const Layer*, std::string> boundaryOf(const LoadedProject& loaded, const CheckSpec& check) {
  if (!check.params.contains("boundary")) return {nullptr, "boundary"};
  return {&projectLayer(loaded, check, "boundary"), check.params["boundary"].get<std::string>()};
}

// min_piece_area_m2 of a check entry, or `fallback`.
double minPieceArea(const CheckSpec& check, double fallback) {
  if (!check.params.contains("min_piece_area_m2")) return fallback;
  const auto& v = check.params["min_piece_area_m2"];
  if (!v.is_number() || v.get<double>() < 0)
    throwUsage(format(tr("检查 %s：min_piece_area_m2 须为非负数", "check %s: min_piece_area_m2 must be a non-negative number"), check.type.c_str()));
  return v.get<double>();
}

// layers: / previous: of an indicators check, {role: layer id}; for the
// current year a role not named takes the project's one layer of that role.
IndicatorLayers indicatorLayers(const LoadedProject& loaded, const CheckSpec& check, const char* parameter, bool bindUnique) {
  IndicatorLayers out;
  if (check.params.contains(parameter)) {
    const auto& v = check.params[parameter];
    if (!v.is_object())
      throwUsage(format(tr("检查 indicators：%s 须为 {角色: 图层 id} 映射，如 {land_use: dltb_2023}",
                           "check indicators: %s must be a mapping {role: layer id} such as {land_use: dltb_2023}"),
                        parameter));
    for (const auto& [role, id] : v.items()) {
      if (!id.is_string()) throwUsage(format(tr("检查 indicators：%s.%s 须为图层 id", "check indicators: %s.%s must be a layer id"), parameter, role.c_str()));
      const Layer* layer = loaded.layer(id.get<std::string>());
      if (!layer)
        throwUsage(format(tr("检查 indicators：%s.%s：未定义的图层 '%s'", "check indicators: %s.%s: undefined layer '%s'"), parameter, role.c_str(),
                          id.get<std::string>().c_str()));
      if (layer->role() != role)
        throwUsage(format(tr("检查 indicators：%s.%s：图层 '%s' 的角色是 %s", "check indicators: %s.%s: layer '%s' has role %s"), parameter, role.c_str(),
                          id.get<std::string>().c_str(), layer->role().c_str()));
      out.byRole[role] = layer;
      out.ids[role] = id.get<std::string>();
    }
  }
  if (!bindUnique) return out;
  std::map<std::string, std::vector<size_t>> byRole;
  for (size_t i = 0; i < loaded.layers.size(); ++i) byRole[loaded.layers[i].role()].push_back(i);
  for (const auto& [role, indexes] : byRole)
    if (!role.empty() && role != "boundary" && indexes.size() == 1 && !out.byRole.count(role)) {
      out.byRole[role] = &loaded.layers[indexes.front()];
      out.ids[role] = loaded.ids[indexes.front()];
    }
  return out;
}

std::optional<double> positiveNumber(const nlohmann::json& v, const std::string& what) {
  if (v.is_null()) return std::nullopt;
  if (!v.is_number() || v.get<double>() <= 0)
    throwUsage(format(tr("检查 indicators：%s 须为正数", "check indicators: %s must be a positive number"), what.c_str()));
  return v.get<double>();
}

// A text parameter as written (a year may be given as a number); "" when absent.
std::string textParam(const CheckSpec& check, const char* key) {
  if (!check.params.contains(key)) return "";
  const auto& v = check.params[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

CheckOutput runIndicatorsCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context) {
  const RoleCatalog& roles = *loaded.roles;
  IndicatorCatalog catalog;
  if (check.params.contains("definitions")) {
    fs::path path = check.params["definitions"].get<std::string>();
    if (path.is_relative()) path = fs::path(loaded.project.path).parent_path() / path;
    catalog = IndicatorCatalog::load(path.string());
  } else {
    catalog = IndicatorCatalog::loadDefault();
  }
  const std::string setId = check.params.contains("set") ? textParam(check, "set") : "2024-county";
  IndicatorSettings settings;
  settings.set = catalog.set(setId);
  if (!settings.set) {
    std::string known;
    for (const auto& id : catalog.setIds()) known += (known.empty() ? "" : ", ") + id;
    throwUsage(format(tr("检查 indicators：未知的指标集 '%s'（可用：%s）", "check indicators: unknown indicator set '%s' (known: %s)"), setId.c_str(),
                      known.c_str()));
  }
  settings.roles = &roles;
  settings.current = indicatorLayers(loaded, check, "layers", true);
  settings.previous = indicatorLayers(loaded, check, "previous", false);
  std::tie(settings.boundary, settings.boundaryId) = boundaryOf(loaded, check);
  if (check.params.contains("gdp")) {
    const auto& gdp = check.params["gdp"];
    if (!gdp.is_object())
      throwUsage(tr("检查 indicators：gdp 须为 {current: 亿元, previous: 亿元}", "check indicators: gdp must be {current: 亿元, previous: 亿元}"));
    settings.gdp = positiveNumber(gdp.value("current", nlohmann::json()), "gdp.current");
    settings.previousGdp = positiveNumber(gdp.value("previous", nlohmann::json()), "gdp.previous");
  }
  if (check.params.contains("targets")) {
    const auto& targets = check.params["targets"];
    if (!targets.is_object()) throwUsage(tr("检查 indicators：targets 须为 {指标 id: 数值}", "check indicators: targets must be {indicator id: number}"));
    for (const auto& [id, value] : targets.items()) {
      if (!catalog.definition(id))
        throwUsage(format(tr("检查 indicators：targets 中的 '%s' 不是指标", "check indicators: '%s' in targets is no indicator"), id.c_str()));
      if (!value.is_number()) throwUsage(format(tr("检查 indicators：targets.%s 须为数值", "check indicators: targets.%s must be a number"), id.c_str()));
      settings.targets[id] = value.get<double>();
    }
  }
  settings.year = textParam(check, "year");
  settings.previousYear = textParam(check, "previous_year");
  if (context.progress) context.progress(format(tr("指标核算：%s", "indicators: %s"), settings.set->name().c_str()));
  CheckOutput out;
  static_cast<CheckResult&>(out) = indicatorReport(computeIndicators(settings));
  out.summary["definitions_file"] = catalog.path();
  out.fileStem = "indicators";
  return out;
}


CheckOutput runControlLinesCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context) {
  const RoleCatalog& roles = *loaded.roles;
  const RuleList rules = checkRules(check, loaded, roles);
  ControlLinesSettings settings;
  settings.redline = &projectLayer(loaded, check, "redline");
  settings.farmland = &projectLayer(loaded, check, "farmland");
  settings.urban = &projectLayer(loaded, check, "urban");
  settings.redlineId = check.params["redline"].get<std::string>();
  settings.farmlandId = check.params["farmland"].get<std::string>();
  settings.urbanId = check.params["urban"].get<std::string>();
  settings.rules = &rules;
  settings.roles = &roles;
  std::tie(settings.boundary, settings.boundaryId) = boundaryOf(loaded, check);
  settings.minPieceAreaM2 = minPieceArea(check, kDefaultMinPieceAreaM2);
  if (context.progress)
    context.progress(format(tr("三条控制线：%s、%s、%s", "control lines: %s, %s, %s"), settings.redlineId.c_str(), settings.farmlandId.c_str(),
                            settings.urbanId.c_str()));
  CheckOutput out;
  static_cast<CheckResult&>(out) = controlLinesReport(controlLines(settings), context.longestList);
  out.fileStem = "control_lines";
  return out;
}

CheckOutput runLandUseCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context) {
  const RoleCatalog& roles = *loaded.roles;
  const RuleList rules = checkRules(check, loaded, roles);
  const LandClassCatalog classes = LandClassCatalog::loadDefault();
  LandUseSettings settings;
  settings.zones = &projectLayer(loaded, check, "zones");
  settings.landUse = &projectLayer(loaded, check, "landuse");
  settings.zonesId = check.params["zones"].get<std::string>();
  settings.landUseId = check.params["landuse"].get<std::string>();
  settings.rules = &rules;
  settings.roles = &roles;
  settings.classes = &classes;
  std::tie(settings.boundary, settings.boundaryId) = boundaryOf(loaded, check);
  settings.minPieceAreaM2 = minPieceArea(check, kDefaultMinPieceAreaM2);
  if (check.params.contains("zones_where")) {
    // {zone: core} or {level: [first, second]}: fields of the zones' role.
    const auto& v = check.params["zones_where"];
    const RoleDef* role = roles.find(settings.zones->role());
    if (!v.is_object())
      throwUsage(tr("检查 landuse：zones_where 须为映射，如 {zone: core}", "check landuse: zones_where must be a mapping such as {zone: core}"));
    for (const auto& [field, values] : v.items()) {
      if (!role || !role->field(field))
        throwUsage(format(tr("检查 landuse：zones_where 的字段 %s 不是管控区图层角色的字段", "check landuse: zones_where names %s, not a field of the zones' role"),
                          field.c_str()));
      auto& accepted = settings.zonesWhere[field];
      if (values.is_array())
        for (const auto& e : values) accepted.push_back(e.is_string() ? e.get<std::string>() : e.dump());
      else
        accepted.push_back(values.is_string() ? values.get<std::string>() : values.dump());
    }
  }
  if (context.progress)
    context.progress(format(tr("管控区内土地利用：%s × %s", "land use inside zones: %s × %s"), settings.landUseId.c_str(), settings.zonesId.c_str()));
  CheckOutput out;
  static_cast<CheckResult&>(out) = landUseReport(landUseInZones(settings), context.longestList);
  out.fileStem = "landuse";
  return out;
}


namespace {

// Where an overlap check runs: its own `engine:`, else the project's, else Sanxian.
OverlapEngine overlapEngine(const CheckSpec& check, const LoadedProject& loaded) {
  if (check.params.contains("engine") && check.params["engine"].is_string())
    return parseOverlapEngine(check.params["engine"].get<std::string>(), "engine");
  return parseOverlapEngine(loaded.project.engine.value_or("sanxian"), "engine");
}

}  // namespace

CheckOutput runOverlapCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context) {
  const ProgressFn& progress = context.progress;
  const RoleCatalog& roles = *loaded.roles;
  const RuleList rules = checkRules(check, loaded, roles);
  const Layer& a = projectLayer(loaded, check, "a");
  const Layer& b = projectLayer(loaded, check, "b");
  OverlapSettings settings;
  settings.aId = check.params["a"].get<std::string>();
  settings.bId = check.params["b"].get<std::string>();
  settings.rules = &rules;
  settings.roles = &roles;
  std::tie(settings.boundary, settings.boundaryId) = boundaryOf(loaded, check);
  settings.minPieceAreaM2 = minPieceArea(check, settings.minPieceAreaM2);
  settings.selfOverlap = &a == &b;
  if (progress) progress(format(tr("叠加分析：%s × %s", "overlaying %s × %s"), settings.aId.c_str(), settings.bId.c_str()));
  CheckOutput out;
  const TiledLayer tiledA = loaded.tiled(settings.aId), tiledB = loaded.tiled(settings.bId);
  if (overlapEngine(check, loaded) == OverlapEngine::PostGis) {
    // The database overlays; Sanxian still needs the features whole (rules, shares, townships).
    if (tiledA.header || tiledB.header)
      throwInput(format(tr("检查 %s × %s：PostGIS 引擎需要完整载入的图层，而本次运行按内存上限分块读取；请设 --memory-limit none（或 memory_limit: none），或使用 --engine sanxian",
                           "check %s × %s: the PostGIS engine needs its layers loaded whole, and this run reads them tile by tile under the memory "
                           "limit; set --memory-limit none (or memory_limit: none), or use --engine sanxian"),
                        settings.aId.c_str(), settings.bId.c_str()));
    static_cast<CheckResult&>(out) = overlapReport(overlapInPostGis(a, b, settings), context.longestList);
  } else if (tiledA.header || tiledB.header) {
    auto tiles = [&](size_t done, size_t total) {
      if (progress && done < total) progress(format(tr("叠加分析：%s × %s，第 %zu/%zu 块", "overlaying %s × %s, tile %zu of %zu"), settings.aId.c_str(),
                                                    settings.bId.c_str(), done + 1, total));
    };
    static_cast<CheckResult&>(out) = overlapReport(
        overlapTiled(tiledA, tiledB, &a, &b, settings, roles, loaded.analysisCrs, loaded.tileSize, tiles), context.longestList);
  } else {
    static_cast<CheckResult&>(out) = overlapReport(overlapLayers(a, b, settings), context.longestList);
  }
  out.fileStem = "overlap";
  return out;
}

CheckOutput runAuditCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context) {
  const ProgressFn& progress = context.progress;
  const RoleCatalog& roles = *loaded.roles;
  const Layer& oldLayer = projectLayer(loaded, check, "old");
  const Layer& newLayer = projectLayer(loaded, check, "new");
  AuditSettings settings;
  settings.oldId = check.params["old"].get<std::string>();
  settings.newId = check.params["new"].get<std::string>();
  settings.roles = &roles;
  auto stringParam = [&](const char* name, std::string& into) {
    if (!check.params.contains(name)) return;
    if (!check.params[name].is_string()) throwUsage(format(tr("检查 audit：%s 须为字符串", "check audit: %s must be a string"), name));
    into = check.params[name].get<std::string>();
  };
  stringParam("match_field", settings.matchField);
  stringParam("nature_field", settings.natureField);
  if (check.params.contains("boundary")) settings.boundary = &projectLayer(loaded, check, "boundary");
  std::optional<Layer> adjustmentFile;
  if (check.params.contains("adjustments")) {
    std::string value;
    stringParam("adjustments", value);
    if (const Layer* layer = loaded.layer(value)) {
      settings.adjustments = layer;
    } else {
      fs::path path = value;
      if (path.is_relative()) path = fs::path(loaded.project.path).parent_path() / path;
      LoadOptions o;
      o.source = path.string();
      o.strict = loaded.project.strict;  // its warnings stop the run as the layers' do
      adjustmentFile = loadAdjustments(o, roles, loaded.analysisCrs);
      settings.adjustments = &*adjustmentFile;
    }
  }
  settings.minPieceAreaM2 = minPieceArea(check, settings.minPieceAreaM2);
  if (progress) progress(format(tr("红线核查：%s → %s", "red-line audit: %s → %s"), settings.oldId.c_str(), settings.newId.c_str()));
  CheckOutput out;
  static_cast<CheckResult&>(out) = auditReport(auditLayers(oldLayer, newLayer, settings), settings.oldId, settings.newId);
  out.fileStem = "audit";
  return out;
}

CheckOutput runSiteCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context) {
  const ProgressFn& progress = context.progress;
  const RoleCatalog& roles = *loaded.roles;
  const RuleList rules = checkRules(check, loaded, roles);
  const Layer& site = projectLayer(loaded, check, "site");
  std::optional<std::vector<std::string>> ids;
  if (check.params.contains("layers")) {
    ids.emplace();
    const auto& v = check.params["layers"];
    if (v.is_string()) ids->push_back(v.get<std::string>());
    else
      for (const auto& id : v) ids->push_back(id.get<std::string>());
  }
  SiteSettings settings;
  settings.siteId = check.params["site"].get<std::string>();
  settings.rules = &rules;
  settings.roles = &roles;
  std::tie(settings.boundary, settings.boundaryId) = boundaryOf(loaded, check);
  settings.minPieceAreaM2 = minPieceArea(check, settings.minPieceAreaM2);
  const auto layers = siteLayers(loaded.ids, loaded.layers, &site, rules, ids);
  if (progress) progress(format(tr("选址分析：%s 对 %zu 个图层", "siting: %s against %zu layers"), settings.siteId.c_str(), layers.size()));
  const OverlapResult result = siteOverlaps(site, layers, settings);
  const SiteFigures figures = siteFigures(site, result, layers, roles);
  CheckOutput out;
  static_cast<CheckResult&>(out) = siteReport(result, layers, figures);
  out.fileStem = "site";
  return out;
}

CheckOutput runShorelineCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckContext& context) {
  const ProgressFn& progress = context.progress;
  const RoleCatalog& roles = *loaded.roles;
  if (!check.params.contains("lines"))
    throwUsage(tr("检查 shoreline 需要参数 lines（岸线图层 id）", "check shoreline needs parameter lines (the shoreline layer id)"));
  ShorelineSettings settings;
  settings.roles = &roles;
  settings.linesId = stringParam(check, "lines");
  const Layer& lines = layerParam(loaded, settings.linesId);
  if (check.params.contains("zones")) {
    settings.zonesId = stringParam(check, "zones");
    settings.zones = &layerParam(loaded, settings.zonesId);
  }
  if (check.params.contains("boundary")) settings.boundary = &layerParam(loaded, stringParam(check, "boundary"));
  if (check.params.contains("occupiers")) {
    const auto& v = check.params["occupiers"];
    std::vector<std::string> ids;
    if (v.is_string()) ids.push_back(v.get<std::string>());
    else if (v.is_array())
      for (const auto& e : v) {
        if (!e.is_string()) throwUsage(tr("检查 shoreline：occupiers 须为图层 id 列表", "check shoreline: occupiers must be a list of layer ids"));
        ids.push_back(e.get<std::string>());
      }
    else throwUsage(tr("检查 shoreline：occupiers 须为图层 id 列表", "check shoreline: occupiers must be a list of layer ids"));
    for (const auto& id : ids) settings.occupiers.emplace_back(id, &layerParam(loaded, id));
  }
  if (check.params.contains("distance_m")) {
    const auto& v = check.params["distance_m"];
    if (!v.is_number() || v.get<double>() < 0)
      throwUsage(tr("检查 shoreline：distance_m 须为非负数", "check shoreline: distance_m must be a non-negative number"));
    settings.distance = v.get<double>();
  }
  if (check.params.contains("protected_zones")) {
    const auto& v = check.params["protected_zones"];
    std::string list;
    if (v.is_string()) list = v.get<std::string>();
    else if (v.is_array())
      for (const auto& e : v) list += (list.empty() ? "" : ",") + (e.is_string() ? e.get<std::string>() : e.dump());
    settings.protectedZones = parseProtectedZones(list, roles);
  }
  if (progress) progress(format(tr("岸线保护率：%s", "shoreline protection rate: %s"), settings.linesId.c_str()));
  ShorelineComparison comparison;
  comparison.current = shorelineLines(lines, settings);
  if (settings.boundary) comparison.current.inputs.push_back(layerInputJson(stringParam(check, "boundary"), *settings.boundary));
  if (check.params.contains("previous")) {
    ShorelineSettings before = settings;
    before.linesId = stringParam(check, "previous");
    before.occupiers.clear();
    if (check.params.contains("previous_zones")) {
      before.zonesId = stringParam(check, "previous_zones");
      before.zones = &layerParam(loaded, before.zonesId);
    }
    comparison.previous = shorelineLines(layerParam(loaded, before.linesId), before);
  }
  CheckOutput out;
  static_cast<CheckResult&>(out) = shorelineReport(comparison, settings.linesId);
  out.fileStem = "shoreline";
  return out;
}

const std::map<std::string, CheckRunner>& checkRunners() {
  // One line per check module: "type" → its project runner.
  static const std::map<std::string, CheckRunner> runners = {
      {"audit", &runAuditCheck},
      {"overlap", &runOverlapCheck},
      {"site", &runSiteCheck},
      {"shoreline", &runShorelineCheck},
      {"control_lines", &runControlLinesCheck},
      {"landuse", &runLandUseCheck},
      {"indicators", &runIndicatorsCheck},
  };
  return runners;
}

}  // namespace sanxian
