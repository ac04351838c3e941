// sanxian run PROJECT -o DIR: everything a project file asks for.
#include <cstdlib>
#include <iostream>

#include "commands.h"
#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/rules.h"
#include "core/geometry/harmonize.h"
#include "core/run/project.h"
#include "report/files/output.h"
#include "run_output.h"

namespace sanxian::cli {
namespace {

struct RunCommandOptions {
  std::string project, failOn, repair, engine;
  bool failOnVerdict = false;
  OutputCliOptions output;
};

}  // namespace

// Long because it is the option table of the command, read top to bottom, and its action.
Action addRun(CLI::App& app) {
  auto options = std::make_shared<RunCommandOptions>();
  CLI::App* command = app.add_subcommand("run", tr("按项目文件运行全部图层读取与检查", "run everything a project file asks for"));
  command->add_option("project", options->project, tr("项目文件（YAML）", "project file (YAML)"))->required();
  addOutputOptions(command, options->output);
  command->add_option("--fail-on", options->failOn,
                      tr("存在该严重程度及以上的问题时退出码为 1（禁止 / 限制 / 提示）", "exit 1 when a finding reaches this severity (prohibited / restricted / notice)"))
      ->check(severityValidator());
  command->add_flag("--fail-on-verdict", options->failOnVerdict,
                    tr("任一检查结论不通过时退出码为 1（如面积不减少、调出有依据、性质不改变）",
                       "exit 1 when a verdict of a check fails (area not decreasing, removal has a basis, nature not changing …)"));
  addRepairOption(command, options->repair);  // overrides the project's repair: key
  command->add_option("--engine", options->engine,
                      tr("重叠检查的叠加引擎：sanxian（本机）或 postgis（在数据库中）；优先于项目文件的 engine:",
                         "where the overlap checks run: sanxian (in this process) or postgis (in the database); overrides the project's engine:"))
      ->check(CLI::IsMember({"sanxian", "postgis"}));

  return [options]() -> int {
    std::optional<Severity> failOn;
    if (!options->failOn.empty()) {
      failOn = parseSeverity(options->failOn);
      if (!failOn) throwUsage(tr("--fail-on 须为 禁止 / 限制 / 提示", "--fail-on must be prohibited / restricted / notice (禁止 / 限制 / 提示)"));
    }
    Project project = readProject(options->project);
    if (!options->repair.empty())
      for (LayerSpec& layer : project.layers) layer.options.repair = parseRepairMode(options->repair);
    if (!options->engine.empty()) {  // the command line wins over the project's and the checks' engine:
      project.engine = options->engine;
      for (CheckSpec& check : project.checks) check.params.erase("engine");
    }
    applyStrict(project, options->output);  // as the project's strict: true
    {
      std::vector<std::string> sources = {project.path};
      for (const auto& spec : project.layers) sources.push_back(spec.options.source);
      refuseInputAsOutput(sources, options->output.json);
    }
    const RoleCatalog roles = rolesFor(project);  // layers/roles.yaml with the project's `roles:` over it
    const ChosenFormats formats = chosenFormats(options->output, project);  // --formats over the project's formats:
    const RunResult result = runProject(project, roles, runOptions(options->output, formats), terminalProgress());

    const auto& s = result.summary;
    printWarnings(result);
    std::cout << tr("项目：", "Project: ") << s["project"].get<std::string>() << "\n";
    std::cout << tr("分析坐标系：", "Analysis CRS: ") << s["analysis_crs"]["name"].get<std::string>() << " (EPSG:" << s["analysis_crs"]["epsg"]
              << ")\n";
    std::cout << tr("图层：\n", "Layers:\n");
    for (const auto& layer : s["layers"]) {
      std::cout << format("  %-16s %-13s %7lld %s  %s %s  %s %s\n", layer["id"].get<std::string>().c_str(),
                          layer["role"].is_null() ? "-" : layer["role"]["name"].get<std::string>().c_str(),
                          layer["feature_count"].get<long long>(), tr("个要素", "features"), tr("编码", "encoding"),
                          layer["encoding"]["name"].get<std::string>().c_str(), tr("修复", "repaired"),
                          std::to_string(layer["repaired_count"].get<size_t>()).c_str());
    }
    bool verdictFailed = false;
    for (const auto& check : s["checks"]) {
      const std::string type = check["type"];
      if (check["status"] == "not_available") {
        std::cout << format(tr("检查 %s：本版本尚未提供，未执行\n", "check %s: not available in this version, not run\n"), type.c_str());
        continue;
      }
      std::cout << format(tr("%s  [%s/]\n", "%s  [%s/]\n"), check["title"].get<std::string>().c_str(), check["id"].get<std::string>().c_str());
      for (const auto& line : check["headlines"]) std::cout << "  " << line.get<std::string>() << "\n";
      for (const auto& [key, passed] : check["verdicts"].items()) verdictFailed = verdictFailed || !passed.get<bool>();
    }
    const auto& ledger = s["ledger"];
    std::cout << format(tr("问题台账：%zu 条（禁止 %zu，限制 %zu，提示 %zu）", "Findings ledger: %zu findings (prohibited %zu, restricted %zu, notice %zu)"),
                        ledger["findings"].get<size_t>(), ledger["prohibited_count"].get<size_t>(), ledger["restricted_count"].get<size_t>(),
                        ledger["notice_count"].get<size_t>());
    if (formats.formats.has(OutputFormat::Csv) && formats.formats.has(OutputFormat::Workbook))
      std::cout << tr("，见 ledger.csv / sanxian_results.xlsx 的“问题台账”", ", in ledger.csv and the workbook");
    std::cout << "\n";
    if (ledger.contains("previous_ledger")) {
      const auto& p = ledger["previous_ledger"];
      std::cout << format(tr("  上一期台账 %zu 条：本期仍存在 %zu 条（沿用核查意见等 %zu 条），不再出现 %zu 条\n",
                             "  previous ledger %zu findings: %zu found again (follow-up carried over for %zu), %zu no longer found\n"),
                          p["previous_findings"].get<size_t>(), p["found_again"].get<size_t>(), p["follow_up_carried_over"].get<size_t>(),
                          p["not_found_again"].size());
    }
    printWritten(result, options->output.output, formats);
    if (options->output.json == "-") std::cout << jsonText(s) << "\n";
    else if (!options->output.json.empty()) writeFileAtomically(options->output.json, jsonText(s));
    // Every output is written and closed. Freeing a big run's result
    // tables and geometries one by one takes a good fraction of a second
    // at county scale and seconds at provincial scale; the system frees
    // them at once.
    int exit = kExitOk;
    if (options->failOnVerdict && verdictFailed) exit = kExitFindings;
    if (failOn) {
      for (const CheckOutput& output : result.checkOutputs)
        for (const Finding& f : output.findings)
          if (f.severity >= *failOn) exit = kExitFindings;
    }
    std::cout.flush();
    std::cerr.flush();
    removeScratchFolders();  // the indexed copies of a tiled run
    std::_Exit(exit);
  };
}

}  // namespace sanxian::cli
