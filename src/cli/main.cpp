// sanxian: the command line. Parses arguments, hands the work to
// sanxian_core, prints, and turns errors into messages and exit codes.
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <new>

#include <cpl_conv.h>
#include <gdal.h>

#include "commands.h"
#include "core/base/error.h"
#include "core/base/secrets.h"
#include "core/base/text.h"

namespace sanxian::cli {
namespace {
std::string typed;
}
void setInvocation(int argc, char** argv) {
  typed.clear();
  for (int i = 0; i < argc; ++i) {
    // Recorded in the audit trail and the PDF: never a password.
    const std::string arg = withoutPasswords(argv[i]);
    const bool quote = arg.find_first_of(" \t'\"") != std::string::npos;
    typed += (i ? " " : "") + (quote ? "'" + arg + "'" : arg);
  }
}
const std::string& invocation() { return typed; }

namespace {

const char* outOfMemoryMessage() {
  return tr("错误：内存不足，无法完成。输入可能已损坏（记录数或大小远超文件本身），或数据超出本机内存：请检查输入文件，或换用内存更大的机器",
            "error: out of memory. An input may be damaged (a count or size far beyond the file itself), or the data exceeds this "
            "machine's memory: check the input files, or use a machine with more memory");
}

// GDAL's own warnings would interleave with our messages; we report what
// matters (with file and FID) ourselves. A fatal GDAL error (its allocator
// out of memory) aborts the process right after this handler returns: say
// why plainly and exit as for any input the machine cannot hold.
void gdalErrorHandler(CPLErr kind, CPLErrorNum, const char* message) {
  if (kind != CE_Fatal) return;
  const std::string text = message ? message : "";
  if (text.find("ut of memory") != std::string::npos) std::fputs(outOfMemoryMessage(), stderr);
  else std::fprintf(stderr, "%s GDAL: %s", tr("错误：", "error: "), withoutPasswords(text).c_str());
  std::fputs("\n", stderr);
  std::_Exit(kExitInput);
}

}  // namespace

void addRepairOption(CLI::App* command, std::string& mode) {
  command->add_option("--repair", mode,
                      tr("无效几何的修复方式：linework（默认，同 PostGIS ST_MakeValid 与 QGIS“修复几何”）或 structure",
                         "how invalid geometry is repaired: linework (default, as PostGIS ST_MakeValid and QGIS Fix geometries) or structure"))
      ->check(CLI::IsMember({"linework", "structure"}, CLI::ignore_case));
}

void addStrictOption(CLI::App* command, bool& strict) {
  command->add_flag("--strict", strict,
                    tr("把图层警告（位于中国以外、超出坐标系适用范围、远离其他图层、.cpg 与文本不符）当作错误，退出码 3",
                       "treat a layer's warnings (outside China, outside its CRS's area of use, far from the other layers, a .cpg the "
                       "text contradicts) as errors: exit 3"));
}
}  // namespace sanxian::cli

int main(int argc, char** argv) {
  using namespace sanxian;
  std::setlocale(LC_ALL, "");
  cli::setInvocation(argc, argv);
  GDALAllRegister();
  CPLSetErrorHandler(cli::gdalErrorHandler);

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
  add(&cli::addIndicators);
  add(&cli::addCompletion);
  add(&cli::addManPage);
  cli::addDataDirOption(app);

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
  } catch (const std::filesystem::filesystem_error& e) {
    // A folder that cannot be read or written is the user's to fix, not an internal error.
    std::string paths = e.path1().string();
    if (!e.path2().empty()) paths += " → " + e.path2().string();
    std::cerr << tr("错误：", "error: ") << paths
              << format(tr("：无法读写（%s）。请检查路径是否存在、是否有读写权限、磁盘是否已满", ": cannot be read or written (%s). Check that the path exists, that you may read and write it, and that the disk is not full"),
                        e.code().message().c_str())
              << "\n";
    return cli::kExitInput;
  } catch (const std::bad_alloc&) {
    // What a damaged count still asks for, or data beyond this machine.
    std::cerr << cli::outOfMemoryMessage() << "\n";
    return cli::kExitInput;
  } catch (const std::runtime_error& e) {
    // TBB's words when the system gives no more threads (memory or process limits).
    if (std::string(e.what()).rfind("pthread_create", 0) != 0) {
      std::cerr << tr("内部错误：", "internal error: ") << e.what() << "\n";
      return cli::kExitInput;
    }
    std::cerr << tr("错误：系统资源不足（无法再创建线程：内存或进程数已达上限），无法完成。请关闭其他程序或放宽限制后重试",
                    "error: out of system resources (no more threads can be created: memory or process limits reached). Close other "
                    "programs or raise the limits, and try again")
              << "\n";
    return cli::kExitInput;
  } catch (const std::exception& e) {
    std::cerr << tr("内部错误：", "internal error: ") << e.what() << "\n";
    return cli::kExitInput;
  }
  return cli::kExitUsage;
}
