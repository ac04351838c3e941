// sanxian indicators PROJECT -o DIR: the indicator accounting of a project
// file alone — its `type: indicators` check (or, when it has none, the
// default set on the layers its roles name) — written like `sanxian run`.
#include "commands.h"
#include "core/base/error.h"
#include "core/base/text.h"
#include "core/geometry/harmonize.h"
#include "core/run/project.h"
#include "run_output.h"

namespace sanxian::cli {
namespace {

struct IndicatorsCliOptions {
  std::string project, check, set, repair;
  bool failOnVerdict = false;
  OutputCliOptions output;
};

// The project's indicators check: the one named, the only one, or a
// default one over the project's layers (boundary: its one boundary layer).
CheckSpec indicatorsCheck(const Project& project, const std::string& name) {
  std::vector<const CheckSpec*> found;
  for (const CheckSpec& c : project.checks)
    if (c.type == "indicators" && (name.empty() || c.params.value("name", std::string()) == name)) found.push_back(&c);
  if (found.size() == 1) return *found.front();
  if (found.size() > 1) {
    std::string names;
    for (const CheckSpec* c : found) names += (names.empty() ? "" : ", ") + c->params.value("name", std::string("?"));
    throwUsage(format(tr("%s 有多个指标核算检查（%s），请用 --check 指定", "%s has several indicators checks (%s); choose one with --check"),
                      project.path.c_str(), names.c_str()));
  }
  if (!name.empty())
    throwUsage(format(tr("%s 中没有名为 %s 的指标核算检查", "%s has no indicators check named %s"), project.path.c_str(), name.c_str()));
  CheckSpec check{"indicators", {{"type", "indicators"}}};
  std::vector<std::string> boundaries;
  for (const LayerSpec& layer : project.layers)
    if (layer.options.role && *layer.options.role == "boundary") boundaries.push_back(layer.id);
  if (boundaries.size() == 1) check.params["boundary"] = boundaries.front();
  return check;
}

}  // namespace

Action addIndicators(CLI::App& app) {
  auto options = std::make_shared<IndicatorsCliOptions>();
  CLI::App* command = app.add_subcommand(
      "indicators", tr("生态文明建设示范区指标核算（县域与分乡镇、目标与上年对比）",
                       "eco-civilization demonstration indicators, for the county and by township, against targets and the previous year"));
  command->add_option("project", options->project, tr("项目文件（YAML）", "project file (YAML)"))->required();
  command->add_option("--check", options->check, tr("项目中有多个指标核算检查时，按名称选择其一", "the indicators check to run, by name, when the project has several"));
  command->add_option("--set", options->set, tr("指标集（覆盖项目中的 set：2024-county、2024-city、2021、2019）",
                                                "indicator set (overrides the project's set: 2024-county, 2024-city, 2021, 2019)"));
  command->add_flag("--fail-on-verdict", options->failOnVerdict, tr("任一指标未达标时退出码为 1", "exit 1 when an indicator misses its target"));
  addOutputOptions(command, options->output);
  addRepairOption(command, options->repair);

  return [options]() {
    Project project = readProject(options->project);
    if (!options->repair.empty())
      for (LayerSpec& layer : project.layers) layer.options.repair = parseRepairMode(options->repair);
    applyStrict(project, options->output);
    CheckSpec check = indicatorsCheck(project, options->check);
    if (!options->set.empty()) check.params["set"] = options->set;
    project.checks = {check};
    const RoleCatalog roles = rolesFor(project);
    return runSingleCheck(project, roles, options->output, "", options->failOnVerdict);
  };
}

}  // namespace sanxian::cli
