// What every command that runs checks shares: `sanxian run` and the
// single-check commands (audit, overlap, site, shoreline) all run a project
// through runProject, the single-check ones a project made from their
// options, so they write the same files (check folder, workbook,
// GeoPackage, ledger, PDF, audit trail) and print them the same way.
#pragma once

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/io/load.h"
#include "core/run/project.h"
#include "report/files/write_run.h"

namespace sanxian::cli {

// The options of the written results, shared by every command that runs
// checks, and --strict, which every such command takes alike.
struct OutputCliOptions {
  std::string output, analysisCrs, json, encoding = "UTF-8", previousLedger;
  bool adjustRounding = false;
  bool noPdf = false;
  bool strict = false;
  double mapMinAreaHa = 1.0;
};

// Registers -o, --analysis-crs, --json, --encoding, --previous-ledger,
// --adjust-rounding, --strict and (when built with Qt) --no-pdf and
// --map-min-area-ha.
void addOutputOptions(CLI::App* command, OutputCliOptions& options);

// --strict: the project stops on a layer's warning, as with `strict: true`
// (every layer's load options say so; a project's own `strict: true` stays).
void applyStrict(Project& project, const OutputCliOptions& options);

// The run's layer warnings (summary `warnings`: where a layer lies, a .cpg
// its text contradicts), one line each on stderr.
void printWarnings(const RunResult& result);

// The run's options from the command line: output folder, analysis CRS,
// the audit trail's command line, and the QGIS styles and the PDF report
// when built with Qt.
RunOptions runOptions(const OutputCliOptions& options);

// Progress lines ("… message") on stderr when it is a terminal or SANXIAN_PROGRESS=1.
ProgressFn terminalProgress();

// "Reports written to DIR:" with the files at the top of the folder by
// name and each check's folder with its file count.
void printWritten(const RunResult& result, const std::string& outputDir);

// A layer given on the command line: its path, its layer name inside the
// source (may be empty) and the role it has unless the user gave another.
LoadOptions commandLineLayer(const std::string& path, const std::string& layerName, const std::string& role = "");

// The id of a command-line layer in the project made for a single check:
// its layer name, else its file name without extension; made unique among
// `taken` with a numeric suffix (and added to it).
std::string layerIdFor(const LoadOptions& layer, std::vector<std::string>& taken);

// A single-check command's work: `project` holds its layers and its one
// check. Runs it like `sanxian run`, prints the analysis CRS, the check's
// headlines and the files written (or with --json - only the JSON), writes
// the check's summary with the run's layer warnings to --json, and returns the exit code: --fail-on
// against the check's severity counts, --fail-on-verdict against its
// verdicts.
int runSingleCheck(const Project& project, const RoleCatalog& roles, const OutputCliOptions& output, const std::string& failOn,
                   bool failOnVerdict);

}  // namespace sanxian::cli
