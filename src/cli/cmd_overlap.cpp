// sanxian overlap --a PATH --b PATH: every overlap conflict between two
// layers (mining rights × red line, reserves × reserves …) judged by the
// rule list, with ellipsoidal and planar areas, written to -o DIR.
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "commands.h"
#include "core/base/error.h"
#include "core/geometry/harmonize.h"
#include "report/files/output.h"
#include "core/checks/overlap/overlap.h"
#include "core/base/text.h"
#include "mapping_options.h"

namespace sanxian::cli {
namespace {

struct OverlapCliOptions {
  std::string a, b, aLayer, bLayer, aRole, bRole, boundary, boundaryLayer, rules, analysisCrs, output, json, failOn, repair;
  double minPieceArea = kDefaultMinPieceAreaM2;
};

LoadOptions loadOptions(const std::string& path, const std::string& layer, const std::string& role) {
  LoadOptions o;
  o.source = path;
  if (!layer.empty()) o.layerName = layer;
  if (!role.empty()) o.role = role;
  return o;
}

}  // namespace

CLI::Validator severityValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        return parseSeverity(value) ? std::string()
                                    : std::string(tr("须为 禁止 / 限制 / 提示", "must be prohibited / restricted / notice (禁止 / 限制 / 提示)"));
      },
      "SEVERITY");
}

// Exit code for --fail-on: 1 when a finding reaches the severity.
int failOnExit(const std::string& failOn, const nlohmann::ordered_json& summary) {
  if (failOn.empty()) return kExitOk;
  const auto threshold = parseSeverity(failOn);
  if (!threshold) throwUsage(tr("--fail-on 须为 禁止 / 限制 / 提示", "--fail-on must be prohibited / restricted / notice (禁止 / 限制 / 提示)"));
  for (Severity s : {Severity::Prohibited, Severity::Restricted, Severity::Notice})
    if (s >= *threshold && summary["severity_counts"][severityKey(s)].get<size_t>() > 0) return kExitFindings;
  return kExitOk;
}

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
  command->add_option("--analysis-crs", options->analysisCrs, tr("分析坐标系，如 EPSG:4545", "analysis CRS, e.g. EPSG:4545"));
  command->add_option("--min-piece-area", options->minPieceArea,
                      tr("最小图斑面积（平方米，平面），更小的作为碎片单独列出；默认 1", "minimum piece area (m², planar); smaller pieces are listed as slivers; default 1"))
      ->check(CLI::NonNegativeNumber);
  command->add_option("-o,--output", options->output, tr("输出目录", "output folder"))->required();
  command->add_option("--json", options->json, tr("摘要 JSON 文件（- 为标准输出）", "summary JSON file (- for stdout)"));
  command->add_option("--fail-on", options->failOn, tr("存在该严重程度及以上的冲突时退出码为 1（禁止 / 限制 / 提示）", "exit 1 when a conflict reaches this severity (prohibited / restricted / notice)"))
      ->check(severityValidator());
  addRepairOption(command, options->repair);
  mappings->add(command, "a", tr("图层 A", "layer A"));
  mappings->add(command, "b", tr("图层 B", "layer B"));
  mappings->add(command, "boundary", tr("乡镇界", "the boundary"));
  mappings->addRoles(command);

  return [options, mappings]() {
    const bool terminal = isatty(STDERR_FILENO);
    OverlapOptions o;
    o.a = loadOptions(options->a, options->aLayer, options->aRole);
    o.b = loadOptions(options->b, options->bLayer, options->bRole);
    mappings->apply("a", o.a);
    mappings->apply("b", o.b);
    if (!options->boundary.empty()) {
      o.boundary = loadOptions(options->boundary, options->boundaryLayer, "boundary");
      mappings->apply("boundary", *o.boundary);
    }
    if (!options->repair.empty()) {
      const geos::RepairMode mode = parseRepairMode(options->repair);
      o.a.repair = o.b.repair = mode;
      if (o.boundary) o.boundary->repair = mode;
    }
    if (!options->rules.empty()) o.rulesPath = options->rules;
    if (!options->analysisCrs.empty()) o.analysisCrs = options->analysisCrs;
    o.minPieceAreaM2 = options->minPieceArea;
    o.outputDir = options->output;
    const auto start = std::chrono::steady_clock::now();
    refuseInputAsOutput({o.a.source, o.b.source, o.boundary ? o.boundary->source : std::string()}, options->json);
    const OverlapRun run = runOverlap(o, mappings->roles(), [terminal](const std::string& message) {
      if (terminal) std::cerr << "… " << message << "\n";
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options->json != "-") {
      std::cout << tr("分析坐标系：", "analysis CRS: ") << run.result.crs.name << " — " << run.result.crs.note << "\n";
      for (const auto& line : overlapHeadlines(run.result)) std::cout << line << "\n";
      std::cout << format(tr("用时 %.2f 秒；结果已写入 %s：\n", "%.2f s; results written to %s:\n"), seconds, options->output.c_str());
      for (const auto& path : run.written) std::cout << "  " << path << "\n";
    }
    if (options->json == "-") std::cout << jsonText(run.summary) << "\n";
    else if (!options->json.empty()) writeFileAtomically(options->json, jsonText(run.summary));
    return failOnExit(options->failOn, run.summary);
  };
}

}  // namespace sanxian::cli
