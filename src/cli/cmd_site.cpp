// sanxian site PATH: a proposed project site against the red line, the
// protected areas by zone, shoreline zones and control units of a project
// (三线一单符合性分析), written to -o DIR.
#include <algorithm>
#include <filesystem>

#include "commands.h"
#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/site/site.h"
#include "core/geometry/harmonize.h"
#include "core/run/project.h"
#include "mapping_options.h"
#include "run_output.h"

namespace sanxian::cli {
namespace {

namespace fs = std::filesystem;

struct SiteCliOptions {
  std::string site, layer, project, boundary, rules, failOn, repair;
  std::vector<std::string> against, layers;
  double minPieceArea = kDefaultMinPieceAreaM2;
  OutputCliOptions output;
};

// The boundary layer of a project: a layer whose role is boundary, else the
// one its own checks use as their boundary.
std::optional<std::string> projectBoundary(const Project& project) {
  for (const LayerSpec& layer : project.layers)
    if (layer.options.role == std::optional<std::string>("boundary")) return layer.id;
  for (const CheckSpec& check : project.checks)
    if (check.params.contains("boundary") && check.params["boundary"].is_string()) return check.params["boundary"].get<std::string>();
  return std::nullopt;
}

}  // namespace

// Long because it is the option table of the command, read top to bottom, and its action.
Action addSite(CLI::App& app) {
  auto options = std::make_shared<SiteCliOptions>();
  auto mappings = std::make_shared<LayerMappings>();
  CLI::App* command = app.add_subcommand("site", tr("项目选址“三线一单”符合性分析：项目用地与红线、保护地分区、岸线分区、环境管控单元叠加",
                                                    "siting compliance: a project site against the red line, reserve zones, shoreline zones and control units"));
  command->add_option("path", options->site, tr("项目用地图层", "project site layer"))->required();
  command->add_option("--layer", options->layer, tr("项目用地数据源中的图层名", "layer name inside the site source"));
  command->add_option("--project", options->project, tr("项目文件：与其中各管控图层叠加", "project file: check against its control layers"));
  command->add_option("--layers", options->layers, tr("只检查项目中的这些图层 id", "only these layer ids of the project"))->delimiter(',');
  command->add_option("--against", options->against, tr("不用项目文件时，逐个给出管控图层（可重复）", "without a project, the control layers one by one (repeatable)"));
  command->add_option("--boundary", options->boundary, tr("不用项目文件时的乡镇界图层", "township boundary layer, without a project"));
  command->add_option("--rules", options->rules, tr("规则清单（默认 layers/rules.yaml）", "rule list (default layers/rules.yaml)"));
  command->add_option("--min-piece-area", options->minPieceArea, tr("最小图斑面积（平方米，平面）；默认 1", "minimum piece area (m², planar); default 1"))
      ->check(CLI::NonNegativeNumber);
  addOutputOptions(command, options->output);
  command->add_option("--fail-on", options->failOn, tr("存在该严重程度及以上的冲突时退出码为 1", "exit 1 when a conflict reaches this severity"))
      ->check(severityValidator());
  addRepairOption(command, options->repair);  // the site and --against layers; a --project's layers follow its repair: key
  mappings->add(command, "", tr("项目用地", "the site"));
  mappings->add(command, "against", tr("每个 --against 图层", "each --against layer"));
  mappings->add(command, "boundary", tr("乡镇界", "the boundary"));
  mappings->addRoles(command);

  return [options, mappings]() {
    if (options->project.empty() && options->against.empty())
      throwUsage(tr("需要 --project 项目文件或至少一个 --against 图层", "needs a --project file or at least one --against layer"));
    LoadOptions site = commandLineLayer(options->site, options->layer, "project_site");
    mappings->apply("", site);
    const std::optional<geos::RepairMode> repair =
        options->repair.empty() ? std::nullopt : std::optional<geos::RepairMode>(parseRepairMode(options->repair));
    if (repair) site.repair = *repair;
    // A project of the control layers and the site, with one site check,
    // run as `sanxian run` runs one: a --project's layers (read with its
    // own roles file over --roles, its analysis CRS and its repair: keys),
    // or the --against layers, every one of which is checked.
    RoleCatalog roles = mappings->roles();
    Project project;
    project.name = checkTypeTitle("site");
    std::vector<std::string> ids;
    nlohmann::json params;
    // The site first: it names the zone the analysis CRS is chosen from, as
    // the first layer of a project does.
    std::optional<Project> given;
    if (!options->project.empty()) given = readProject(options->project);
    const LayerSpec* sameAsSite = nullptr;  // the project's own entry for the site file, if it has one
    if (given)
      for (const LayerSpec& layer : given->layers)
        if (layer.options.source == fs::absolute(site.source).lexically_normal().string() && layer.options.layerName == site.layerName)
          sameAsSite = &layer;
    if (given)
      for (const LayerSpec& layer : given->layers) ids.push_back(layer.id);
    params["site"] = sameAsSite ? sameAsSite->id : layerIdFor(site, ids);
    project.layers.push_back({params["site"], site});
    if (given) {
      if (given->rolesFile) roles = roles.mergedWith(*given->rolesFile);
      project.analysisCrs = given->analysisCrs;
      for (const LayerSpec& layer : given->layers)
        if (&layer != sameAsSite) project.layers.push_back(layer);
      if (!options->layers.empty()) params["layers"] = options->layers;
      if (const auto boundary = projectBoundary(*given)) params["boundary"] = *boundary;
    } else {
      params["layers"] = nlohmann::json::array();
      for (const auto& path : options->against) {
        LoadOptions layer = commandLineLayer(path, "");
        mappings->apply("against", layer);
        if (repair) layer.repair = *repair;
        const std::string id = layerIdFor(layer, ids);
        project.layers.push_back({id, layer});
        params["layers"].push_back(id);
      }
      if (!options->boundary.empty()) {
        LoadOptions boundary = commandLineLayer(options->boundary, "", "boundary");
        mappings->apply("boundary", boundary);
        if (repair) boundary.repair = *repair;
        params["boundary"] = layerIdFor(boundary, ids);
        project.layers.push_back({params["boundary"], boundary});
      }
    }
    params["min_piece_area_m2"] = options->minPieceArea;
    if (!options->rules.empty()) params["rules"] = options->rules;
    project.checks.push_back({"site", params});
    return runSingleCheck(project, roles, options->output, options->failOn, false);
  };
}

}  // namespace sanxian::cli
