// sanxian shoreline --lines PATH: the river and lake shoreline protection
// rate (河湖岸线保护率) by zone, river, bank and township, its change since
// the previous year, and shoreline occupied by mining or other polygons,
// written to -o DIR.
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "commands.h"
#include "core/base/error.h"
#include "core/geometry/harmonize.h"
#include "report/files/output.h"
#include "core/checks/shoreline/shoreline.h"
#include "core/base/text.h"
#include "mapping_options.h"

namespace sanxian::cli {
namespace {

struct ShorelineCliOptions {
  std::string lines, linesLayer, zones, zonesLayer, previous, previousLayer, previousZones, boundary, boundaryLayer, protectedZones,
      analysisCrs, output, json, failOn, repair;
  std::vector<std::string> occupiers;
  double distance = kDefaultOccupationDistanceM;
};

LoadOptions loadOptions(const std::string& path, const std::string& layer = "") {
  LoadOptions o;
  o.source = path;
  if (!layer.empty()) o.layerName = layer;
  return o;
}

}  // namespace

int failOnExit(const std::string& failOn, const nlohmann::ordered_json& summary);  // cmd_overlap.cpp

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
  command->add_option("--analysis-crs", options->analysisCrs, tr("分析坐标系，如 EPSG:4545", "analysis CRS, e.g. EPSG:4545"));
  command->add_option("-o,--output", options->output, tr("输出目录", "output folder"))->required();
  command->add_option("--json", options->json, tr("摘要 JSON 文件（- 为标准输出）", "summary JSON file (- for stdout)"));
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
    const bool terminal = isatty(STDERR_FILENO);
    ShorelineOptions o;
    auto mapped = [&](const char* layer, LoadOptions l) {
      mappings->apply(layer, l);
      return l;
    };
    o.lines = mapped("lines", loadOptions(options->lines, options->linesLayer));
    if (!options->zones.empty()) o.zones = mapped("zones", loadOptions(options->zones, options->zonesLayer));
    if (!options->previous.empty()) o.previous = mapped("previous", loadOptions(options->previous, options->previousLayer));
    if (!options->previousZones.empty()) o.previousZones = mapped("previous-zones", loadOptions(options->previousZones));
    if (!options->boundary.empty()) o.boundary = mapped("boundary", loadOptions(options->boundary, options->boundaryLayer));
    for (const auto& path : options->occupiers) o.occupiers.push_back(mapped("occupiers", loadOptions(path)));
    if (!options->repair.empty()) {
      const geos::RepairMode mode = parseRepairMode(options->repair);
      o.lines.repair = mode;
      for (auto* l : {&o.zones, &o.previous, &o.previousZones, &o.boundary})
        if (*l) (*l)->repair = mode;
      for (LoadOptions& l : o.occupiers) l.repair = mode;
    }
    o.distance = options->distance;
    if (!options->protectedZones.empty()) o.protectedZones = options->protectedZones;
    if (!options->analysisCrs.empty()) o.analysisCrs = options->analysisCrs;
    o.outputDir = options->output;
    const auto start = std::chrono::steady_clock::now();
    {
      std::vector<std::string> sources = {o.lines.source};
      for (const auto* x : {&o.zones, &o.previous, &o.previousZones, &o.boundary})
        if (*x) sources.push_back((*x)->source);
      for (const auto& x : o.occupiers) sources.push_back(x.source);
      refuseInputAsOutput(sources, options->json);
    }
    const ShorelineRun run = runShoreline(o, mappings->roles(), [terminal](const std::string& message) {
      if (terminal) std::cerr << "… " << message << "\n";
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options->json != "-") {
      for (const auto& line : shorelineHeadlines(run.comparison)) std::cout << line << "\n";
      std::cout << format(tr("用时 %.2f 秒；结果已写入 %s：\n", "%.2f s; results written to %s:\n"), seconds, options->output.c_str());
      for (const auto& path : run.written) std::cout << "  " << path << "\n";
    }
    if (options->json == "-") std::cout << jsonText(run.summary) << "\n";
    else if (!options->json.empty()) writeFileAtomically(options->json, jsonText(run.summary));
    return failOnExit(options->failOn, run.summary);
  };
}

}  // namespace sanxian::cli
