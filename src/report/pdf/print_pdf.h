// The print layout (render/print_layout.h) as a one-page PDF: the page
// drawn by sanxian_render, the map as an image and every text (title,
// legend, scale, grid, footer) as text, with the CJK text-layer fix of the
// report so that copying or pdftotext reads 禁止, not 禁⽌. Written
// atomically; needs a QGuiApplication.
#pragma once

#include <string>

#include "render/print_layout.h"

namespace sanxian::report {

// Writes the page to `path` (replacing it only when complete); throws an
// input error naming the path when it cannot.
render::PrintedMap writePrintPdf(const std::string& path, const render::Scene& scene, const render::PrintLayout& layout);

}  // namespace sanxian::report
