// sanxian landuse --zones PATH --landuse PATH: the area of every land class
// of the land-use survey inside the zones (red line, a reserve's zones, a
// drinking-water source's zones) by township and by zone, and the human
// activity the rule list flags there, written to -o DIR.
#include "commands.h"
#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/overlap/overlap.h"
#include "core/geometry/harmonize.h"
#include "mapping_options.h"
#include "run_output.h"

namespace sanxian::cli {
namespace {

struct LandUseCliOptions {
  std::string zones, landuse, zonesLayer, landuseLayer, zonesRole, boundary, boundaryLayer, rules, failOn, repair;
  std::vector<std::string> zonesWhere;
  double minPieceArea = kDefaultMinPieceAreaM2;
  OutputCliOptions output;
};

}  // namespace

Action addLandUse(CLI::App& app) {
  auto options = std::make_shared<LandUseCliOptions>();
  auto mappings = std::make_shared<LayerMappings>();
  CLI::App* command = app.add_subcommand(
      "landuse", tr("管控区（生态保护红线、保护地分区、饮用水水源保护区）内各地类面积与人类活动核查",
                    "area of every land class inside the zones (red line, reserve zones, water-source zones) and the human activity there"));
  command->add_option("--zones", options->zones, tr("管控区图层（如生态保护红线）", "the zones (e.g. the red line)"))->required();
  command->add_option("--landuse", options->landuse, tr("国土调查地类图斑图层（DLTB）", "the land-use survey patches (DLTB)"))->required();
  command->add_option("--zones-layer", options->zonesLayer, tr("管控区数据源中的图层名", "layer name inside the zones source"));
  command->add_option("--landuse-layer", options->landuseLayer, tr("地类图斑数据源中的图层名", "layer name inside the land-use source"));
  command->add_option("--zones-role", options->zonesRole, tr("管控区的图层角色（默认按字段猜测：redline、reserve、water_source …）",
                                                            "role of the zones (guessed from its fields by default: redline, reserve, water_source …)"));
  command->add_option("--zones-where", options->zonesWhere,
                      tr("只计这些管控区：FIELD=VALUE[,VALUE]（管控区角色的字段），如 zone=core 只计保护地核心保护区",
                         "only the zones with FIELD=VALUE[,VALUE] (a field of the zones' role), e.g. zone=core for a reserve's core zone"));
  command->add_option("--boundary", options->boundary, tr("乡镇界图层：按乡镇汇总", "township boundary layer: sums by township"));
  command->add_option("--boundary-layer", options->boundaryLayer, tr("乡镇界数据源中的图层名", "layer name inside the boundary source"));
  command->add_option("--rules", options->rules, tr("规则清单（默认 layers/rules.yaml）", "rule list (default layers/rules.yaml)"));
  command->add_option("--min-piece-area", options->minPieceArea,
                      tr("最小图斑面积（平方米，平面），更小的作为碎片单独列出；默认 1", "minimum piece area (m², planar); smaller pieces are listed as slivers; default 1"))
      ->check(CLI::NonNegativeNumber);
  addOutputOptions(command, options->output);
  command->add_option("--fail-on", options->failOn, tr("存在该严重程度及以上的问题时退出码为 1（禁止 / 限制 / 提示）", "exit 1 when a finding reaches this severity (prohibited / restricted / notice)"))
      ->check(severityValidator());
  addRepairOption(command, options->repair);
  mappings->add(command, "zones", tr("管控区", "the zones"));
  mappings->add(command, "landuse", tr("地类图斑", "the land-use patches"));
  mappings->add(command, "boundary", tr("乡镇界", "the boundary"));
  mappings->addRoles(command);

  return [options, mappings]() {
    LoadOptions zones = commandLineLayer(options->zones, options->zonesLayer, options->zonesRole);
    LoadOptions landuse = commandLineLayer(options->landuse, options->landuseLayer, "land_use");
    mappings->apply("zones", zones);
    mappings->apply("landuse", landuse);
    std::optional<LoadOptions> boundary;
    if (!options->boundary.empty()) {
      boundary = commandLineLayer(options->boundary, options->boundaryLayer, "boundary");
      mappings->apply("boundary", *boundary);
    }
    if (!options->repair.empty()) {
      const geos::RepairMode mode = parseRepairMode(options->repair);
      zones.repair = landuse.repair = mode;
      if (boundary) boundary->repair = mode;
    }
    Project project;
    project.name = checkTypeTitle("landuse");
    std::vector<std::string> ids;
    nlohmann::json params = {{"min_piece_area_m2", options->minPieceArea}};
    params["zones"] = layerIdFor(zones, ids);
    project.layers.push_back({params["zones"], zones});
    params["landuse"] = layerIdFor(landuse, ids);
    project.layers.push_back({params["landuse"], landuse});
    if (boundary) {
      params["boundary"] = layerIdFor(*boundary, ids);
      project.layers.push_back({params["boundary"], *boundary});
    }
    if (!options->rules.empty()) params["rules"] = options->rules;
    for (const std::string& given : options->zonesWhere) {
      const size_t eq = given.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == given.size())
        throwUsage(format(tr("--zones-where %s：须为 FIELD=VALUE[,VALUE]", "--zones-where %s: must be FIELD=VALUE[,VALUE]"), given.c_str()));
      nlohmann::json& values = params["zones_where"][given.substr(0, eq)];
      std::string rest = given.substr(eq + 1);
      for (size_t start = 0; start <= rest.size();) {
        const size_t comma = rest.find(',', start);
        const std::string value = rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!value.empty()) values.push_back(value);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    project.checks.push_back({"landuse", params});
    return runSingleCheck(project, mappings->roles(), options->output, options->failOn, false);
  };
}

}  // namespace sanxian::cli
