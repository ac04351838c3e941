// sanxian site PATH: a proposed project site against the red line, the
// protected areas by zone, shoreline zones and control units of a project
// (三线一单符合性分析), written to -o DIR.
#include <unistd.h>

#include <iostream>

#include "commands.h"
#include "core/base/error.h"
#include "core/geometry/harmonize.h"
#include "report/files/output.h"
#include "core/checks/site/site.h"
#include "core/run/project.h"
#include "core/base/text.h"
#include "mapping_options.h"

namespace sanxian::cli {

int failOnExit(const std::string& failOn, const nlohmann::ordered_json& summary);  // cmd_overlap.cpp

namespace {

struct SiteCliOptions {
  std::string site, layer, project, boundary, rules, analysisCrs, output, json, failOn, repair;
  std::vector<std::string> against, layers;
  double minPieceArea = kDefaultMinPieceAreaM2;
};

}  // namespace

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
  command->add_option("--analysis-crs", options->analysisCrs, tr("分析坐标系，如 EPSG:4545", "analysis CRS, e.g. EPSG:4545"));
  command->add_option("--min-piece-area", options->minPieceArea, tr("最小图斑面积（平方米，平面）；默认 1", "minimum piece area (m², planar); default 1"))
      ->check(CLI::NonNegativeNumber);
  command->add_option("-o,--output", options->output, tr("输出目录", "output folder"))->required();
  command->add_option("--json", options->json, tr("摘要 JSON 文件（- 为标准输出）", "summary JSON file (- for stdout)"));
  command->add_option("--fail-on", options->failOn, tr("存在该严重程度及以上的冲突时退出码为 1", "exit 1 when a conflict reaches this severity"))
      ->check(severityValidator());
  addRepairOption(command, options->repair);  // the site and --against layers; a --project's layers follow its repair: key
  mappings->add(command, "", tr("项目用地", "the site"));
  mappings->add(command, "against", tr("每个 --against 图层", "each --against layer"));
  mappings->add(command, "boundary", tr("乡镇界", "the boundary"));
  mappings->addRoles(command);

  return [options, mappings]() {
    const bool terminal = isatty(STDERR_FILENO);
    SiteOptions o;
    o.site.source = options->site;
    if (!options->layer.empty()) o.site.layerName = options->layer;
    mappings->apply("", o.site);
    if (!options->project.empty()) o.projectPath = options->project;
    for (const auto& path : options->against) {
      LoadOptions l;
      l.source = path;
      mappings->apply("against", l);
      o.against.push_back(l);
    }
    if (!options->boundary.empty()) {
      LoadOptions l;
      l.source = options->boundary;
      l.role = "boundary";
      mappings->apply("boundary", l);
      o.boundary = l;
    }
    if (!options->repair.empty()) {
      const geos::RepairMode mode = parseRepairMode(options->repair);
      o.site.repair = mode;
      for (LoadOptions& l : o.against) l.repair = mode;
      if (o.boundary) o.boundary->repair = mode;
    }
    if (!options->layers.empty()) o.layerIds = options->layers;
    if (!options->rules.empty()) o.rulesPath = options->rules;
    if (!options->analysisCrs.empty()) o.analysisCrs = options->analysisCrs;
    o.minPieceAreaM2 = options->minPieceArea;
    o.outputDir = options->output;
    {
      std::vector<std::string> sources = {o.site.source};
      for (const auto& x : o.against) sources.push_back(x.source);
      if (o.boundary) sources.push_back(o.boundary->source);
      if (o.projectPath) sources.push_back(*o.projectPath);
      refuseInputAsOutput(sources, options->json);
    }
    // A project's layers are read with its own roles file (`roles:`) over --roles.
    RoleCatalog roles = mappings->roles();
    if (o.projectPath)
      if (const Project project = readProject(*o.projectPath); project.rolesFile) roles = roles.mergedWith(*project.rolesFile);
    const SiteRun run = runSite(o, roles, [terminal](const std::string& message) {
      if (terminal) std::cerr << "… " << message << "\n";
    });
    if (options->json != "-") {
      for (const auto& line : run.headlines) std::cout << line << "\n";
      std::cout << tr("结果已写入 ", "Results written to ") << options->output << ":\n";
      for (const auto& path : run.written) std::cout << "  " << path << "\n";
    }
    if (options->json == "-") std::cout << jsonText(run.summary) << "\n";
    else if (!options->json.empty()) writeFileAtomically(options->json, jsonText(run.summary));
    return failOnExit(options->failOn, run.summary);
  };
}

}  // namespace sanxian::cli
