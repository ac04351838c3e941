// What every command that runs checks shares: `sanxian run` and the
// single-check commands (audit, overlap, site, shoreline) all run a project
// through runProject, the single-check ones a project made from their
// options, so they write the same files (check folder, workbook,
// GeoPackage, ledger, PDF, audit trail) and print them the same way.
#pragma once

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
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
  std::optional<std::string> formats;  // --formats as given (unset: the project's, else every format)
  bool strict = false;
  double mapMinAreaHa = 1.0;
  TilingOptions tiling;  // --memory-limit, --tile-size
};

// Registers -o, --analysis-crs, --json, --encoding, --previous-ledger,
// --adjust-rounding, --formats, --strict, --no-pdf, --map-min-area-ha,
// --memory-limit and --tile-size.
void addOutputOptions(CLI::App* command, OutputCliOptions& options);

// --strict: the project stops on a layer's warning, as with `strict: true`
// (every layer's load options say so; a project's own `strict: true` stays).
void applyStrict(Project& project, const OutputCliOptions& options);

// The run's layer warnings (summary `warnings`: where a layer lies, a .cpg
// its text contradicts), one line each on stderr.
void printWarnings(const RunResult& result);

// The formats a run writes and, for each left out, why ("--formats",
// "formats:" of the project file, "--no-pdf", a build without Qt).
struct ChosenFormats {
  OutputFormats formats;
  std::vector<std::pair<OutputFormat, std::string>> leftOut;
};
// --formats, else the project's `formats:`, else every format; then
// --no-pdf, and no PDF in a build without Qt. Throws a usage error on an
// unknown format.
ChosenFormats chosenFormats(const OutputCliOptions& options, const Project& project);

// The run's options from the command line: output folder, analysis CRS,
// the audit trail's command line, the formats, and the QGIS styles (with
// Shapefiles) and the PDF report when built with Qt and asked for.
RunOptions runOptions(const OutputCliOptions& options, const ChosenFormats& formats);

// Progress lines ("… message") on stderr when it is a terminal or SANXIAN_PROGRESS=1.
ProgressFn terminalProgress();

// "Reports written to DIR:" with the files at the top of the folder by
// name and each check's folder with its file count, then the formats not
// written and why ("not written: pdf, shp (--formats)").
void printWritten(const RunResult& result, const std::string& outputDir, const ChosenFormats& formats);

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
