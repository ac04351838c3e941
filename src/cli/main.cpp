// sanxian: the command line. Parses arguments, hands the work to
// sanxian_core, prints, and turns errors into messages and exit codes.
#include <clocale>
#include <cstdio>
#include <iostream>
#include <map>

#include <cpl_conv.h>
#include <gdal.h>

#include "commands.h"
#include "core/base/error.h"
#include "core/base/text.h"

namespace sanxian::cli {
namespace {
std::string typed;
}
void setInvocation(int argc, char** argv) {
  typed.clear();
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool quote = arg.find_first_of(" \t'\"") != std::string::npos;
    typed += (i ? " " : "") + (quote ? "'" + arg + "'" : arg);
  }
}
const std::string& invocation() { return typed; }

void addRepairOption(CLI::App* command, std::string& mode) {
  command->add_option("--repair", mode,
                      tr("无效几何的修复方式：linework（默认，同 PostGIS ST_MakeValid 与 QGIS“修复几何”）或 structure",
                         "how invalid geometry is repaired: linework (default, as PostGIS ST_MakeValid and QGIS Fix geometries) or structure"))
      ->check(CLI::IsMember({"linework", "structure"}, CLI::ignore_case));
}
}  // namespace sanxian::cli

int main(int argc, char** argv) {
  using namespace sanxian;
  std::setlocale(LC_ALL, "");
  cli::setInvocation(argc, argv);
  GDALAllRegister();
  // GDAL's own warnings would interleave with our messages; we report
  // what matters (with file and FID) ourselves.
  CPLSetErrorHandler(CPLQuietErrorHandler);

  CLI::App app{tr("三线 (Sanxian)：生态保护红线、自然保护地、矿业权、河湖岸线与“三线一单”空间核查",
                  "Sanxian: spatial checks of the ecological red line, protected areas, mining rights, shorelines and control units")};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("sanxian ") + SANXIAN_VERSION);

  std::map<CLI::App*, cli::Action> actions;
  auto add = [&](cli::Action (*adder)(CLI::App&)) {
    const size_t before = app.get_subcommands({}).size();
    cli::Action action = adder(app);
    actions[app.get_subcommands({})[before]] = std::move(action);
  };
  add(&cli::addInfo);
  add(&cli::addRun);
  add(&cli::addArea);
  add(&cli::addAudit);
  add(&cli::addOverlap);
  add(&cli::addSite);
  add(&cli::addShoreline);
  add(&cli::addControlLines);
  add(&cli::addLandUse);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? cli::kExitOk : cli::kExitUsage;
  }

  try {
    for (auto& [command, action] : actions)
      if (command->parsed()) return action();
  } catch (const Error& e) {
    std::cerr << tr("错误：", "error: ") << e.what() << "\n";
    return e.kind() == Error::Kind::Usage ? cli::kExitUsage : cli::kExitInput;
  } catch (const std::exception& e) {
    std::cerr << tr("内部错误：", "internal error: ") << e.what() << "\n";
    return cli::kExitInput;
  }
  return cli::kExitUsage;
}
