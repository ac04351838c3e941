// Map output from the viewer: the map view as a PNG at a chosen
// resolution, and the print layout (render/print_layout.h) as PDF or PNG,
// from the window's dialogs and headless (`sanxian-viewer PROJECT --print`).
#pragma once

#include <QDialog>
#include <QImage>

#include <string>

#include "document.h"
#include "render/print_layout.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace sanxian::viewer {

// The layout's defaults for what the document shows: the project's name as
// the title, the analysis CRS, the layers' files as the source note.
render::PrintLayout printLayoutFor(const Document& doc);

// Writes the layout as FILE.pdf or FILE.png (at `dpi`); throws a usage
// error for another extension, an input error naming the file when it
// cannot be written.
render::PrintedMap writePrint(const std::string& path, const render::Scene& scene, const render::PrintLayout& layout, double dpi = 300);

// The view (its extent, at the canvas's size in logical pixels) drawn at
// `dpi`: every line and label at its size on a 96 dpi screen times dpi/96.
QImage mapImage(const render::Scene& scene, const render::MapView& view, const render::RenderOptions& options, double dpi);

// The print dialog: title, paper, orientation, 编制单位, source note,
// date, grid, the extent (the view or everything), the file (PDF or PNG)
// and the PNG's resolution.
class PrintDialog : public QDialog {
  Q_OBJECT
public:
  PrintDialog(const render::PrintLayout& defaults, const QString& startFolder, QWidget* parent = nullptr);
  render::PrintLayout layout() const;
  bool wholeExtent() const;
  QString path() const;
  int dpi() const;

private:
  render::PrintLayout defaults_;
  QLineEdit* title_;
  QComboBox* paper_;
  QComboBox* orientation_;
  QLineEdit* organisation_;
  QLineEdit* source_;
  QLineEdit* date_;
  QCheckBox* grid_;
  QComboBox* extent_;
  QLineEdit* path_;
  QSpinBox* dpi_;
};

}  // namespace sanxian::viewer
