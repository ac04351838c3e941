#include "site.h"

#include <algorithm>
#include <filesystem>

#include "error.h"
#include "harmonize.h"
#include "text.h"

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

std::vector<std::string> siteHeadlines(const OverlapResult& r) {
  std::vector<std::string> lines;
  const size_t prohibited = prohibitedCount(r);
  lines.push_back(prohibited ? format(tr("选址不符合：%zu 处落入禁止区域", "site not compatible: %zu pieces in prohibited areas"), prohibited)
                             : std::string(tr("选址未落入禁止区域", "site lies in no prohibited area")));
  for (auto& line : overlapHeadlines(r)) lines.push_back(std::move(line));
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

std::vector<std::pair<std::string, const Layer*>> siteLayers(const LoadedProject& loaded, const Layer* site, const RuleList& rules,
                                                             const std::optional<std::vector<std::string>>& ids) {
  std::vector<std::pair<std::string, const Layer*>> out;
  if (ids) {
    for (const auto& id : *ids) {
      const Layer* layer = loaded.layer(id);
      if (!layer) throwUsage(format(tr("项目中没有图层 '%s'", "the project has no layer '%s'"), id.c_str()));
      out.emplace_back(id, layer);
    }
    return out;
  }
  for (size_t i = 0; i < loaded.layers.size(); ++i) {
    const Layer& layer = loaded.layers[i];
    if (&layer == site || layer.role() == "boundary" || layer.role() == "project_site") continue;
    if (rules.covers("project_site", layer.role())) out.emplace_back(loaded.ids[i], &layer);
  }
  return out;
}

nlohmann::ordered_json siteJson(const OverlapResult& result, const std::vector<std::string>& layersChecked) {
  nlohmann::ordered_json j;
  j["layers_checked"] = layersChecked;
  const size_t prohibited = prohibitedCount(result);
  j["compatible"] = prohibited == 0;
  const nlohmann::ordered_json overlap = toJson(result);
  for (const auto& [key, value] : overlap.items()) j[key] = value;
  return j;
}

SiteRun runSite(const SiteOptions& options, const RoleCatalog& roles, const ProgressFn& progress) {
  if (options.outputDir.empty()) throwUsage(tr("需要输出目录（-o DIR）", "an output folder is needed (-o DIR)"));
  if (!options.projectPath && options.against.empty())
    throwUsage(tr("需要 --project 项目文件或至少一个 --against 图层", "needs a --project file or at least one --against layer"));
  LoadOptions siteOptions = options.site;
  if (!siteOptions.role) siteOptions.role = "project_site";
  if (progress) progress(format(tr("读取 %s", "loading %s"), siteOptions.source.c_str()));
  Layer site = load(siteOptions, roles);
  const std::string siteId = siteOptions.layerName ? *siteOptions.layerName : fs::path(siteOptions.source).stem().string();

  // Either a project's layers, or the layers given, as one loaded set.
  LoadedProject loaded;
  std::optional<RuleList> rules;
  const Layer* boundary = nullptr;
  if (options.projectPath) {
    const Project project = readProject(*options.projectPath);
    loaded = loadProject(project, roles, options.analysisCrs, progress);
  } else {
    for (size_t k = 0; k < options.against.size(); ++k) {
      const LoadOptions& o = options.against[k];
      if (progress) progress(format(tr("读取 %s", "loading %s"), o.source.c_str()));
      std::string id = o.layerName ? *o.layerName : fs::path(o.source).stem().string();
      if (std::find(loaded.ids.begin(), loaded.ids.end(), id) != loaded.ids.end()) id += "_" + std::to_string(k + 1);
      loaded.ids.push_back(id);
      loaded.layers.push_back(load(o, roles));
    }
    if (options.boundary) {
      loaded.ids.push_back("boundary");
      loaded.layers.push_back(load(*options.boundary, roles));
    }
    std::vector<const Layer*> all = {&site};
    for (const auto& l : loaded.layers) all.push_back(&l);
    loaded.analysisCrs = chooseAnalysisCrs(all, options.analysisCrs);
    for (auto& l : loaded.layers) harmonize(l, loaded.analysisCrs);
  }
  harmonize(site, loaded.analysisCrs);
  for (const auto& l : loaded.layers)
    if (l.role() == "boundary") {
      boundary = &l;
      break;
    }
  rules = options.rulesPath ? RuleList::load(*options.rulesPath, roles) : RuleList::loadDefault(roles);

  // Without a project every layer given is checked, whatever its role.
  std::optional<std::vector<std::string>> ids = options.layerIds;
  if (!options.projectPath) {
    ids.emplace();
    for (size_t i = 0; i < loaded.ids.size(); ++i)
      if (&loaded.layers[i] != boundary) ids->push_back(loaded.ids[i]);
  }
  const auto layers = siteLayers(loaded, &site, *rules, ids);

  SiteSettings settings;
  settings.siteId = siteId;
  settings.rules = &*rules;
  settings.roles = &roles;
  settings.boundary = boundary;
  settings.minPieceAreaM2 = options.minPieceAreaM2;
  if (progress) progress(tr("叠加分析", "overlaying"));
  SiteRun run;
  run.result = siteOverlaps(site, layers, settings);
  run.summary = siteJson(run.result, idsOf(layers));
  const std::vector<Table> tables = overlapTables(run.result, "site");
  run.written = writeOverlap(run.result, tables, options.outputDir, "site");
  run.headlines = siteHeadlines(run.result);
  return run;
}

CheckOutput runSiteCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckEnvironment& env) {
  const ProgressFn& progress = env.progress;
  const RoleCatalog roles = RoleCatalog::loadDefault();
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
  if (check.params.contains("boundary")) settings.boundary = &projectLayer(loaded, check, "boundary");
  if (check.params.contains("min_piece_area_m2")) {
    const auto& v = check.params["min_piece_area_m2"];
    if (!v.is_number() || v.get<double>() < 0)
      throwUsage(tr("检查 site：min_piece_area_m2 须为非负数", "check site: min_piece_area_m2 must be a non-negative number"));
    settings.minPieceAreaM2 = v.get<double>();
  }
  const auto layers = siteLayers(loaded, &site, rules, ids);
  if (progress) progress(format(tr("选址分析：%s 对 %zu 个图层", "siting: %s against %zu layers"), settings.siteId.c_str(), layers.size()));
  const OverlapResult result = siteOverlaps(site, layers, settings);
  CheckOutput out;
  out.summary = siteJson(result, idsOf(layers));
  out.tables = overlapTables(result, "site");
  out.fileStem = "site";
  out.polygonShapefiles = true;  // as writeOverlap: line pieces stay in the CSV and GeoPackage
  out.headlines = siteHeadlines(result);
  return out;
}

}  // namespace sanxian
