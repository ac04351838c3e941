// sanxian controllines --redline PATH --farmland PATH --urban PATH: the
// three control lines (三条控制线不交叉、不重叠) — every piece where two of
// them overlap, per pair and township, and the verdict — written to -o DIR.
#include "commands.h"
#include "core/base/text.h"
#include "core/checks/overlap/overlap.h"
#include "core/geometry/harmonize.h"
#include "mapping_options.h"
#include "run_output.h"

namespace sanxian::cli {
namespace {

struct ControlLinesCliOptions {
  std::string redline, farmland, urban, redlineLayer, farmlandLayer, urbanLayer, boundary, boundaryLayer, rules, failOn, repair;
  double minPieceArea = kDefaultMinPieceAreaM2;
  bool failOnVerdict = false;
  OutputCliOptions output;
};

}  // namespace

Action addControlLines(CLI::App& app) {
  auto options = std::make_shared<ControlLinesCliOptions>();
  auto mappings = std::make_shared<LayerMappings>();
  CLI::App* command = app.add_subcommand(
      "controllines", tr("三条控制线（生态保护红线、永久基本农田、城镇开发边界）不交叉不重叠检查",
                         "the three control lines (red line, permanent farmland, urban development boundary) must not overlap"));
  command->add_option("--redline", options->redline, tr("生态保护红线图层", "the ecological red line"))->required();
  command->add_option("--farmland", options->farmland, tr("永久基本农田图层", "permanent basic farmland"))->required();
  command->add_option("--urban", options->urban, tr("城镇开发边界图层", "the urban development boundary"))->required();
  command->add_option("--redline-layer", options->redlineLayer, tr("红线数据源中的图层名", "layer name inside the red-line source"));
  command->add_option("--farmland-layer", options->farmlandLayer, tr("永久基本农田数据源中的图层名", "layer name inside the farmland source"));
  command->add_option("--urban-layer", options->urbanLayer, tr("城镇开发边界数据源中的图层名", "layer name inside the urban-boundary source"));
  command->add_option("--boundary", options->boundary, tr("乡镇界图层：给出每个图斑所在乡镇", "township boundary layer: the township of each piece"));
  command->add_option("--boundary-layer", options->boundaryLayer, tr("乡镇界数据源中的图层名", "layer name inside the boundary source"));
  command->add_option("--rules", options->rules, tr("规则清单（默认 layers/rules.yaml）", "rule list (default layers/rules.yaml)"));
  command->add_option("--min-piece-area", options->minPieceArea,
                      tr("最小图斑面积（平方米，平面），更小的重叠作为碎片单独列出、不影响结论；默认 1",
                         "minimum piece area (m², planar); smaller overlaps are listed as slivers and do not fail the verdict; default 1"))
      ->check(CLI::NonNegativeNumber);
  addOutputOptions(command, options->output);
  command->add_option("--fail-on", options->failOn, tr("存在该严重程度及以上的重叠时退出码为 1（禁止 / 限制 / 提示）", "exit 1 when an overlap reaches this severity (prohibited / restricted / notice)"))
      ->check(severityValidator());
  command->add_flag("--fail-on-verdict", options->failOnVerdict, tr("三线存在重叠（结论未通过）时退出码为 1", "exit 1 when the control lines overlap (the verdict fails)"));
  addRepairOption(command, options->repair);
  mappings->add(command, "redline", tr("生态保护红线", "the red line"));
  mappings->add(command, "farmland", tr("永久基本农田", "the farmland"));
  mappings->add(command, "urban", tr("城镇开发边界", "the urban boundary"));
  mappings->add(command, "boundary", tr("乡镇界", "the boundary"));
  mappings->addRoles(command);

  return [options, mappings]() {
    LoadOptions redline = commandLineLayer(options->redline, options->redlineLayer, "redline");
    LoadOptions farmland = commandLineLayer(options->farmland, options->farmlandLayer, "farmland");
    LoadOptions urban = commandLineLayer(options->urban, options->urbanLayer, "urban_boundary");
    mappings->apply("redline", redline);
    mappings->apply("farmland", farmland);
    mappings->apply("urban", urban);
    std::optional<LoadOptions> boundary;
    if (!options->boundary.empty()) {
      boundary = commandLineLayer(options->boundary, options->boundaryLayer, "boundary");
      mappings->apply("boundary", *boundary);
    }
    if (!options->repair.empty()) {
      const geos::RepairMode mode = parseRepairMode(options->repair);
      redline.repair = farmland.repair = urban.repair = mode;
      if (boundary) boundary->repair = mode;
    }
    // A project of these layers and one control_lines check, run as `sanxian run` runs one.
    Project project;
    project.name = checkTypeTitle("control_lines");
    std::vector<std::string> ids;
    nlohmann::json params = {{"min_piece_area_m2", options->minPieceArea}};
    for (auto [key, layer] : {std::pair{"redline", &redline}, std::pair{"farmland", &farmland}, std::pair{"urban", &urban}}) {
      const std::string id = layerIdFor(*layer, ids);
      project.layers.push_back({id, *layer});
      params[key] = id;
    }
    if (boundary) {
      params["boundary"] = layerIdFor(*boundary, ids);
      project.layers.push_back({params["boundary"], *boundary});
    }
    if (!options->rules.empty()) params["rules"] = options->rules;
    project.checks.push_back({"control_lines", params});
    return runSingleCheck(project, mappings->roles(), options->output, options->failOn, options->failOnVerdict);
  };
}

}  // namespace sanxian::cli
