// sanxian overlap --a PATH --b PATH: every overlap conflict between two
// layers (mining rights × red line, reserves × reserves …) judged by the
// rule list, with ellipsoidal and planar areas, written to -o DIR.
#include "commands.h"
#include "core/base/text.h"
#include "core/checks/overlap/overlap.h"
#include "core/geometry/harmonize.h"
#include "mapping_options.h"
#include "run_output.h"

namespace sanxian::cli {
namespace {

struct OverlapCliOptions {
  std::string a, b, aLayer, bLayer, aRole, bRole, boundary, boundaryLayer, rules, failOn, repair, engine;
  double minPieceArea = kDefaultMinPieceAreaM2;
  OutputCliOptions output;
};

}  // namespace

Action addOverlap(CLI::App& app) {
  auto options = std::make_shared<OverlapCliOptions>();
  auto mappings = std::make_shared<LayerMappings>();
  CLI::App* command = app.add_subcommand("overlap", tr("两图层重叠冲突分析：矿业权与红线、保护地分区，保护地交叉重叠等（按规则清单判定）",
                                                       "overlap conflicts between two layers: mining × red line or reserve zones, reserves overlapping each other (judged by the rule list)"));
  command->add_option("--a", options->a, tr("图层 A（如矿业权）", "layer A (e.g. mining rights)"))->required();
  command->add_option("--b", options->b, tr("图层 B（如生态保护红线）；与 A 相同则检查图层内部交叉重叠", "layer B (e.g. red line); the same as A checks the layer against itself"))
      ->required();
  command->add_option("--a-layer", options->aLayer, tr("A 数据源中的图层名", "layer name inside source A"));
  command->add_option("--b-layer", options->bLayer, tr("B 数据源中的图层名", "layer name inside source B"));
  command->add_option("--a-role", options->aRole, tr("A 的图层角色（默认按字段猜测）", "role of A (guessed from its fields by default)"));
  command->add_option("--b-role", options->bRole, tr("B 的图层角色（默认按字段猜测）", "role of B (guessed from its fields by default)"));
  command->add_option("--boundary", options->boundary, tr("乡镇界图层：给出每个图斑所在乡镇", "township boundary layer: the township of each piece"));
  command->add_option("--boundary-layer", options->boundaryLayer, tr("乡镇界数据源中的图层名", "layer name inside the boundary source"));
  command->add_option("--rules", options->rules, tr("规则清单（默认 layers/rules.yaml）", "rule list (default layers/rules.yaml)"));
  command->add_option("--min-piece-area", options->minPieceArea,
                      tr("最小图斑面积（平方米，平面），更小的作为碎片单独列出；默认 1", "minimum piece area (m², planar); smaller pieces are listed as slivers; default 1"))
      ->check(CLI::NonNegativeNumber);
  command->add_option("--engine", options->engine,
                      tr("叠加引擎：sanxian（默认，本机）或 postgis（两图层为同一数据库中的 PostGIS 表时在数据库中叠加）",
                         "overlay engine: sanxian (the default, in this process) or postgis (in the database, when both layers are PostGIS tables of one database)"))
      ->check(CLI::IsMember({"sanxian", "postgis"}));
  addOutputOptions(command, options->output);
  command->add_option("--fail-on", options->failOn, tr("存在该严重程度及以上的冲突时退出码为 1（禁止 / 限制 / 提示）", "exit 1 when a conflict reaches this severity (prohibited / restricted / notice)"))
      ->check(severityValidator());
  addRepairOption(command, options->repair);
  mappings->add(command, "a", tr("图层 A", "layer A"));
  mappings->add(command, "b", tr("图层 B", "layer B"));
  mappings->add(command, "boundary", tr("乡镇界", "the boundary"));
  mappings->addRoles(command);

  return [options, mappings]() {
    LoadOptions a = commandLineLayer(options->a, options->aLayer, options->aRole);
    LoadOptions b = commandLineLayer(options->b, options->bLayer, options->bRole);
    mappings->apply("a", a);
    mappings->apply("b", b);
    std::optional<LoadOptions> boundary;
    if (!options->boundary.empty()) {
      boundary = commandLineLayer(options->boundary, options->boundaryLayer, "boundary");
      mappings->apply("boundary", *boundary);
    }
    if (!options->repair.empty()) {
      const geos::RepairMode mode = parseRepairMode(options->repair);
      a.repair = b.repair = mode;
      if (boundary) boundary->repair = mode;
    }
    // A project of these layers and one overlap check, run as `sanxian run`
    // runs one. The same source and layer on both sides is self-overlap:
    // one layer, checked against itself.
    Project project;
    project.name = checkTypeTitle("overlap");
    std::vector<std::string> ids;
    const std::string aId = layerIdFor(a, ids);
    project.layers.push_back({aId, a});
    std::string bId = aId;
    if (b.source != a.source || b.layerName != a.layerName) {
      bId = layerIdFor(b, ids);
      project.layers.push_back({bId, b});
    }
    nlohmann::json params = {{"a", aId}, {"b", bId}, {"min_piece_area_m2", options->minPieceArea}};
    if (boundary) {
      params["boundary"] = layerIdFor(*boundary, ids);
      project.layers.push_back({params["boundary"], *boundary});
    }
    if (!options->rules.empty()) params["rules"] = options->rules;
    if (!options->engine.empty()) params["engine"] = options->engine;
    project.checks.push_back({"overlap", params});
    return runSingleCheck(project, mappings->roles(), options->output, options->failOn, false);
  };
}

}  // namespace sanxian::cli
