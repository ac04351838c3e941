// Headless use: render a project as the window shows it into a PNG
// (--screenshot), or print it through the print layout into a PDF or PNG
// (--print), optionally with the checks run and a red-line comparison.
#pragma once

#include <QSize>

#include <optional>
#include <string>

#include "core/base/geos.h"
#include "document.h"

namespace sanxian::viewer {

// What the document shows before it is drawn.
struct HeadlessSetup {
  std::string project;
  bool runChecks = false;                // run the project's checks and draw their results
  std::string checksOutput;              // where the run writes, as `sanxian run -o` (empty: nowhere)
  std::string compareOld, compareNew;    // a red-line comparison between these layers (both or neither)
  Comparison::Show compareShow = Comparison::Show::Swipe;
  double swipe = 0.5;
};

struct ScreenshotOptions : HeadlessSetup {
  std::string output;                   // .png
  QSize size{1600, 1000};
  std::optional<geos::Envelope> extent;  // analysis CRS; default the full extent
  bool legend = false;                   // the legend in the top right corner
};

// Renders and writes the image; returns the process exit code (0 ok, 3 input error).
int screenshot(const ScreenshotOptions& options);

struct PrintOptions : HeadlessSetup {
  std::string output;                    // .pdf or .png
  std::optional<geos::Envelope> extent;  // analysis CRS; default the full extent
  std::string title, organisation, sourceNote, date;  // empty: the defaults (project name, files, today)
  std::string paper = "A4";
  bool landscape = true;
  bool grid = true;
  double dpi = 300;                      // PNG
};

// Prints the project's map (the print layout) and writes the file; returns the exit code.
int printProject(const PrintOptions& options);

// Opens the project into `doc` and runs / compares as `setup` asks; progress goes to stderr.
void prepareHeadless(Document& doc, const HeadlessSetup& setup);

// "1920x1080" → size; throws a usage error when malformed.
QSize parseSize(const std::string& text);
// "swipe", "old", "new" or "changes"; throws a usage error otherwise.
Comparison::Show parseCompareShow(const std::string& text);

}  // namespace sanxian::viewer
