// Headless use: render a project as the window shows it into a PNG.
#pragma once

#include <QSize>

#include <optional>
#include <string>

#include "core/base/geos.h"

namespace sanxian::viewer {

struct ScreenshotOptions {
  std::string project;
  std::string output;                   // .png
  QSize size{1600, 1000};
  std::optional<geos::Envelope> extent;  // analysis CRS; default the full extent
  bool runChecks = false;                // run the project's checks and draw their results
  std::string checksOutput;              // where the run writes, as `sanxian run -o` (empty: nowhere)
};

// Renders and writes the image; returns the process exit code (0 ok, 3 input error).
int screenshot(const ScreenshotOptions& options);

// "1920x1080" → size; throws a usage error when malformed.
QSize parseSize(const std::string& text);

}  // namespace sanxian::viewer
