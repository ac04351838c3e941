// The sanxian sub-commands. Each registers its options on the app and
// returns the action to run when chosen; the action returns the exit code.
// Commands parse and print only: all work is done by sanxian_core.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace sanxian::cli {

using Action = std::function<int()>;

// Exit codes shared by every command (see DESIGN.md).
constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;  // --fail-on matched
constexpr int kExitUsage = 2;
constexpr int kExitInput = 3;

// --fail-on's value: 禁止 / 限制 / 提示 or prohibited / restricted / notice,
// checked when the command line is parsed (before any work or output).
CLI::Validator severityValidator();

// The command line as typed, for the audit trail.
void setInvocation(int argc, char** argv);
const std::string& invocation();

// --repair linework|structure: how invalid geometry is repaired (the text
// lands in `mode`, "" when not given; core's parseRepairMode reads it).
void addRepairOption(CLI::App* command, std::string& mode);

// --strict: a warning about a layer (outside China, outside its CRS's area
// of use, far from the other layers, a .cpg the text contradicts) is an
// error (exit 3) instead.
void addStrictOption(CLI::App* command, bool& strict);

Action addInfo(CLI::App& app);
Action addRun(CLI::App& app);
Action addArea(CLI::App& app);
Action addAudit(CLI::App& app);
Action addOverlap(CLI::App& app);
Action addSite(CLI::App& app);
Action addShoreline(CLI::App& app);
Action addControlLines(CLI::App& app);
Action addLandUse(CLI::App& app);
Action addIndicators(CLI::App& app);

// Hidden: the bash completion script and the man page, written from the
// app's own definition (cmd_completion.cpp); and --data-dir on the app.
Action addCompletion(CLI::App& app);
Action addManPage(CLI::App& app);
void addDataDirOption(CLI::App& app);

}  // namespace sanxian::cli
