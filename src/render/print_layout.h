// The print layout: one page (A4 or A3, portrait or landscape) with a
// title, the map at a round scale inside a frame with a coordinate grid,
// its legend, scale bar and scale, a north arrow, the analysis CRS, the
// date, 编制单位 (the organisation that made the map) and a note on the
// sources. Drawn into any QPainter in device units: a PNG at a chosen
// resolution here, a PDF by src/report (writePrintPdf). Needs a
// QGuiApplication (fonts).
#pragma once

#include <QImage>
#include <QPainter>
#include <QSizeF>
#include <QString>

#include <optional>

#include "renderer.h"

namespace sanxian::render {

struct PrintLayout {
  enum class Paper { A4, A3 } paper = Paper::A4;
  bool landscape = true;
  QString title;
  QString organisation;  // 编制单位
  QString date;          // as printed; today when empty
  QString sourceNote;    // 数据来源
  QString crs;           // the analysis CRS as printed, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 108E (EPSG:4545)"
  std::optional<geos::Envelope> extent;  // analysis CRS; default: the scene's full extent
  bool grid = true;
  double mapDpi = 200;   // resolution of the map image on the page
};

// "A4" / "A3" (any case) → paper; false when it is neither.
bool parsePaper(const QString& text, PrintLayout::Paper& paper);
QSizeF paperSizeMm(const PrintLayout& layout);

// What a page shows: the extent of the map (the asked one grown to the
// frame's shape) at its scale 1:denominator, and the frame on the page (mm).
struct PrintedMap {
  geos::Envelope extent;
  double denominator = 0;
  QRectF frameMm;
};

// Draws the page into `painter`, whose device has `unitsPerMm` units per millimetre from its top left corner.
PrintedMap drawPrintLayout(QPainter& painter, double unitsPerMm, const Scene& scene, const PrintLayout& layout);
// The page as an image at `dpi` (its physical size set, so it prints at size).
QImage printImage(const Scene& scene, const PrintLayout& layout, double dpi, PrintedMap* printed = nullptr);

}  // namespace sanxian::render
