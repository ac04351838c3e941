// sanxian audit --old PATH --new PATH: the red-line audit between two
// versions (area removed, added, net, nature changed; by township, type and
// patch code; the verdicts), written to -o DIR.
#include "commands.h"
#include "core/base/text.h"
#include "core/checks/audit/audit.h"
#include "core/geometry/harmonize.h"
#include "mapping_options.h"
#include "run_output.h"

namespace sanxian::cli {
namespace {

struct AuditCliOptions {
  std::string oldPath, newPath, oldLayer, newLayer, oldRole = "redline", newRole = "redline", boundary, boundaryLayer, adjustments,
      adjustmentsLayer, matchField = "code", natureField = "function_type", repair;
  double minPieceArea = kDefaultAuditNoiseAreaM2;
  bool failOnVerdict = false;
  OutputCliOptions output;
};

}  // namespace

// Long because it is the option table of the command, read top to bottom, and its action.
Action addAudit(CLI::App& app) {
  auto options = std::make_shared<AuditCliOptions>();
  auto mappings = std::make_shared<LayerMappings>();
  CLI::App* command = app.add_subcommand(
      "audit", tr("生态保护红线新旧版本核查：面积减少、增加、净变化与性质（功能类型）改变，按乡镇、功能类型和图斑编号汇总，给出“面积不减少、性质不改变”结论",
                  "red-line audit between two versions: area removed, added, net change and change of nature (function type), by township, "
                  "type and patch code, with the verdicts 'area not decreasing' and 'nature not changing'"));
  command->add_option("--old", options->oldPath, tr("原版本红线", "the previous red line"))->required();
  command->add_option("--new", options->newPath, tr("新版本红线", "the new red line"))->required();
  command->add_option("--old-layer", options->oldLayer, tr("原版本数据源中的图层名", "layer name inside the old source"));
  command->add_option("--new-layer", options->newLayer, tr("新版本数据源中的图层名", "layer name inside the new source"));
  command->add_option("--old-role", options->oldRole, tr("原版本的图层角色（默认 redline）", "role of the old version (default redline)"));
  command->add_option("--new-role", options->newRole, tr("新版本的图层角色（默认 redline）", "role of the new version (default redline)"));
  command->add_option("--boundary", options->boundary, tr("乡镇界图层：按乡镇切分并汇总变化", "township boundary layer: changes split and summed by township"));
  command->add_option("--boundary-layer", options->boundaryLayer, tr("乡镇界数据源中的图层名", "layer name inside the boundary source"));
  command->add_option("--match-field", options->matchField,
                      tr("匹配新旧图斑的字段（角色字段名或原字段名，默认红线编号 code）", "field matching patches between versions (role field or stored name; default the code)"));
  command->add_option("--nature-field", options->natureField,
                      tr("判断性质改变的字段（默认功能类型 function_type）", "field whose change is a change of nature (default function_type)"));
  command->add_option("--adjustments", options->adjustments,
                      tr("已批准的调整清单：范围面或红线编号，含调整理由和批准文号", "approved adjustments: polygons or patch codes, with reason and approval document"));
  command->add_option("--adjustments-layer", options->adjustmentsLayer, tr("调整清单数据源中的图层名", "layer name inside the adjustments source"));
  command->add_option("--min-piece-area", options->minPieceArea,
                      tr("最小图斑面积（平方米，平面），更小的变化视为数字化误差单独统计；默认 1", "minimum piece area (m², planar); smaller changes are counted apart as digitizing noise; default 1"))
      ->check(CLI::NonNegativeNumber);
  addOutputOptions(command, options->output);
  addRepairOption(command, options->repair);
  command->add_flag("--fail-on-verdict", options->failOnVerdict,
                    tr("面积减少或有无依据的性质改变时退出码为 1", "exit 1 when the area decreased or the nature changed without an approved adjustment"));
  mappings->add(command, "old", tr("原版本", "the old version"));
  mappings->add(command, "new", tr("新版本", "the new version"));
  mappings->add(command, "boundary", tr("乡镇界", "the boundary"));
  mappings->add(command, "adjustments", tr("调整清单", "the adjustments"));
  mappings->addRoles(command);

  return [options, mappings]() {
    LoadOptions oldVersion = commandLineLayer(options->oldPath, options->oldLayer, options->oldRole);
    LoadOptions newVersion = commandLineLayer(options->newPath, options->newLayer, options->newRole);
    mappings->apply("old", oldVersion);
    mappings->apply("new", newVersion);
    // --match-field names the field that holds the patch code when none of the role's spellings finds it.
    if (options->matchField != "code")
      for (LoadOptions* version : {&oldVersion, &newVersion})
        if (!version->mapping.fields.count("code")) version->mapping.fallbackFields["code"] = options->matchField;
    std::optional<LoadOptions> boundary;
    if (!options->boundary.empty()) {
      boundary = commandLineLayer(options->boundary, options->boundaryLayer, "boundary");
      mappings->apply("boundary", *boundary);
    }
    std::optional<LoadOptions> adjustments;
    if (!options->adjustments.empty()) {
      adjustments = commandLineLayer(options->adjustments, options->adjustmentsLayer, "adjustment");
      mappings->apply("adjustments", *adjustments);
    }
    if (!options->repair.empty()) {
      const geos::RepairMode mode = parseRepairMode(options->repair);
      for (auto* l : {&oldVersion, &newVersion}) l->repair = mode;
      for (auto* l : {&boundary, &adjustments})
        if (*l) (*l)->repair = mode;
    }
    // A project of these layers and one audit, run as `sanxian run` runs one.
    Project project;
    project.name = checkTypeTitle("audit");
    std::vector<std::string> ids;
    const std::string oldId = layerIdFor(oldVersion, ids), newId = layerIdFor(newVersion, ids);
    project.layers = {{oldId, oldVersion}, {newId, newVersion}};
    nlohmann::json params = {{"old", oldId},
                              {"new", newId},
                              {"match_field", options->matchField},
                              {"nature_field", options->natureField},
                              {"min_piece_area_m2", options->minPieceArea}};
    if (boundary) {
      params["boundary"] = layerIdFor(*boundary, ids);
      project.layers.push_back({params["boundary"], *boundary});
    }
    // Adjustments may be a table of codes without geometry: a project layer
    // like any other (it adds no coordinates to the choice of the analysis CRS).
    if (adjustments) {
      params["adjustments"] = layerIdFor(*adjustments, ids);
      project.layers.push_back({params["adjustments"], *adjustments});
    }
    project.checks.push_back({"audit", params});
    return runSingleCheck(project, mappings->roles(), options->output, "", options->failOnVerdict);
  };
}

}  // namespace sanxian::cli
