// sanxian shoreline --lines PATH: the river and lake shoreline protection
// rate (河湖岸线保护率) by zone, river, bank and township, its change since
// the previous year, and shoreline occupied by mining or other polygons,
// written to -o DIR.
#include "commands.h"
#include "core/base/text.h"
#include "core/checks/shoreline/shoreline.h"
#include "core/geometry/harmonize.h"
#include "mapping_options.h"
#include "run_output.h"

namespace sanxian::cli {
namespace {

struct ShorelineCliOptions {
  std::string lines, linesLayer, zones, zonesLayer, previous, previousLayer, previousZones, boundary, boundaryLayer, protectedZones,
      failOn, repair;
  std::vector<std::string> occupiers;
  double distance = kDefaultOccupationDistanceM;
  OutputCliOptions output;
};

}  // namespace

Action addShoreline(CLI::App& app) {
  auto options = std::make_shared<ShorelineCliOptions>();
  auto mappings = std::make_shared<LayerMappings>();
  CLI::App* command = app.add_subcommand(
      "shoreline", tr("河湖岸线保护率（按功能分区、河湖、岸别、乡镇）与岸线占用分析", "shoreline protection rate (by zone, river, bank, township) and shoreline occupation"));
  command->add_option("--lines", options->lines, tr("岸线图层（线）", "shoreline layer (lines)"))->required();
  command->add_option("--lines-layer", options->linesLayer, tr("岸线数据源中的图层名", "layer name inside the shoreline source"));
  command->add_option("--zones", options->zones, tr("岸线功能分区图层（面）：按其切分岸线；不给出则用岸线的分区字段", "shoreline zone polygons the lines are split by; without it the lines' zone field is used"));
  command->add_option("--zones-layer", options->zonesLayer, tr("分区数据源中的图层名", "layer name inside the zone source"));
  command->add_option("--previous", options->previous, tr("上一年度岸线图层：比较保护率与各分区长度的变化", "the previous year's shoreline: change of the rate and of each zone's length"));
  command->add_option("--previous-layer", options->previousLayer, tr("上一年度数据源中的图层名", "layer name inside the previous year's source"));
  command->add_option("--previous-zones", options->previousZones, tr("上一年度岸线功能分区图层（默认与 --zones 相同）", "the previous year's zone polygons (default: those of --zones)"));
  command->add_option("--boundary", options->boundary, tr("乡镇界图层：按乡镇切分并汇总", "township boundary layer: split and summarize by township"));
  command->add_option("--boundary-layer", options->boundaryLayer, tr("乡镇界数据源中的图层名", "layer name inside the boundary source"));
  command->add_option("--occupiers", options->occupiers, tr("占用图层（面，如矿业权），可给出多个", "occupying polygon layers (e.g. mining rights), one or more"));
  command->add_option("--distance", options->distance,
                      tr("占用距离（米，平面）：距占用图斑此距离内的岸线为被占用；默认 50", "occupation distance (m, planar): shoreline this close to an occupier is occupied; default 50"))
      ->check(CLI::NonNegativeNumber);
  command->add_option("--protected-zones", options->protectedZones,
                      tr("计入保护岸线的分区，逗号分隔；默认 保护区,保留区", "zones that count as protected, comma-separated; default protection,reserved (保护区,保留区)"));
  addOutputOptions(command, options->output);
  command->add_option("--fail-on", options->failOn, tr("存在该严重程度及以上的占用时退出码为 1（保护岸线被占用为 禁止）", "exit 1 when an occupation reaches this severity (protected shoreline occupied is prohibited)"))
      ->check(severityValidator());
  addRepairOption(command, options->repair);

  mappings->add(command, "lines", tr("岸线", "the shoreline"));
  mappings->add(command, "zones", tr("岸线功能分区", "the zone polygons"));
  mappings->add(command, "previous", tr("上一年度岸线", "the previous shoreline"));
  mappings->add(command, "previous-zones", tr("上一年度岸线功能分区", "the previous zone polygons"));
  mappings->add(command, "boundary", tr("乡镇界", "the boundary"));
  mappings->add(command, "occupiers", tr("每个占用图层", "each occupier"));
  mappings->addRoles(command);

  return [options, mappings]() {
    const std::optional<geos::RepairMode> repair =
        options->repair.empty() ? std::nullopt : std::optional<geos::RepairMode>(parseRepairMode(options->repair));
    // A project of these layers and one shoreline check, run as `sanxian
    // run` runs one; each layer has the role it plays unless --roles or a
    // mapping says otherwise.
    Project project;
    project.name = checkTypeTitle("shoreline");
    std::vector<std::string> ids;
    nlohmann::json params;
    auto add = [&](const char* param, const char* option, const std::string& path, const std::string& layerName, const char* role) {
      LoadOptions layer = commandLineLayer(path, layerName, role);
      mappings->apply(option, layer);
      if (repair) layer.repair = *repair;
      const std::string id = layerIdFor(layer, ids);
      project.layers.push_back({id, layer});
      if (param) params[param] = id;
      return id;
    };
    add("lines", "lines", options->lines, options->linesLayer, "shoreline");
    if (!options->zones.empty()) add("zones", "zones", options->zones, options->zonesLayer, "shoreline_zone");
    if (!options->previous.empty()) add("previous", "previous", options->previous, options->previousLayer, "shoreline");
    if (!options->previousZones.empty()) add("previous_zones", "previous-zones", options->previousZones, "", "shoreline_zone");
    if (!options->boundary.empty()) add("boundary", "boundary", options->boundary, options->boundaryLayer, "boundary");
    if (!options->occupiers.empty()) {
      params["occupiers"] = nlohmann::json::array();
      for (const auto& path : options->occupiers) params["occupiers"].push_back(add(nullptr, "occupiers", path, "", ""));
    }
    params["distance_m"] = options->distance;
    if (!options->protectedZones.empty()) params["protected_zones"] = options->protectedZones;
    project.checks.push_back({"shoreline", params});
    return runSingleCheck(project, mappings->roles(), options->output, options->failOn, false);
  };
}

}  // namespace sanxian::cli
