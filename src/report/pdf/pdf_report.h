// The printable report (PDF, A4): a cover with the project, the date and
// each check's verdicts; the parameters and the analysis CRS; the input
// files with SHA-256 and feature counts; notes on repairs, CRS and
// rounding; an overview map; each check's tables (long ones cut with a
// note); one small map per major finding above a size the user sets. Maps
// are drawn by sanxian_render with styles/styles.yaml, as in the viewer.
// Needs a QGuiApplication (fonts); ensureGuiApplication() makes one.
#pragma once

#include <memory>
#include <string>

#include "core/io/roles.h"
#include "render/style.h"
#include "report/files/write_run.h"

namespace sanxian::report {

struct PdfOptions {
  std::string fileName = "sanxian_report.pdf";  // in the output folder
  double mapMinAreaHa = 1.0;     // a finding gets its own map from this area (ellipsoidal ha)
  size_t maxFindingMaps = 24;    // the largest / worst first; the rest are counted in a note
  size_t maxTableRows = 30;      // rows printed per table; the full tables are in the workbook
  std::string date;              // "2024-05-01"; today when empty
  // What the run was asked, for the parameters page.
  std::string commandLine, shapefileEncoding = "UTF-8";
  bool adjustRounding = false;
  std::shared_ptr<const render::StyleSet> styles;  // default: StyleSet::loadDefault()
  std::shared_ptr<const RoleCatalog> roles;        // zone values for styling; default: loadDefault()
};

struct PdfReport {
  std::string path;
  int pages = 0;
  size_t findings = 0;     // pieces at or above mapMinAreaHa
  size_t findingMaps = 0;  // maps drawn (≤ maxFindingMaps)
};

// Writes OUTPUTDIR/fileName atomically; throws an input error naming the path when it cannot.
PdfReport writePdfReport(const LoadedProject& loaded, const RunResult& result, const std::string& outputDir,
                         const PdfOptions& options = {});

// The run hook (RunOptions::extraWriters) writing the PDF.
ExtraWriter pdfReportWriter(PdfOptions options);

// Makes a QGuiApplication if there is none, on the offscreen platform unless
// QT_QPA_PLATFORM says otherwise (command-line use without a display).
void ensureGuiApplication();

}  // namespace sanxian::report
