// The viewer's window: layer tree, map canvas, identify panel, results
// panel, running the checks with a cancellable progress dialog, exporting
// results, comparing red-line versions, opening projects and dropped files.
#pragma once

#include <QMainWindow>

#include <memory>

#include "document.h"
#include "map_canvas.h"
#include "results_panel.h"

class QTreeWidget;
class QTreeWidgetItem;
class QLabel;
class QActionGroup;

namespace sanxian::viewer {

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  Document& document() { return doc_; }
  MapCanvas* canvas() const { return canvas_; }
  ResultsPanel* results() const { return results_; }
  QTreeWidget* identifyTree() const { return identify_; }
  QTreeWidget* layerTree() const { return layerTree_; }

  // Opens a project file; shows an error box (or returns false silently when quiet).
  bool openProject(const QString& path);
  bool addLayerFile(const QString& path);
  // Everything changed: layer tree, results panel, map.
  void refreshAll();
  // Only the map's scene changed (visibility, order, selection, comparison).
  void refreshScene();
  // Identify at a world point: fills the identify panel, selects a result row under it. Returns the hits.
  std::vector<render::Hit> identifyAt(QPointF world, double tolerance);
  // Selects a row of the active result table: highlight and zoom to it.
  void selectResultRow(size_t row);
  void setComparison(Comparison comparison);
  // Runs the project's checks in this thread into `dir` (a temporary folder
  // when empty) and shows the results (for --grab-window; the menu runs them in a worker).
  bool runChecksInto(const QString& dir);

protected:
  void dragEnterEvent(QDragEnterEvent*) override;
  void dropEvent(QDropEvent*) override;
  void closeEvent(QCloseEvent*) override;

private:
  void buildUi();
  void fillLayerTree();
  void fillResults();
  void moveLayer(int delta);
  int currentLayerIndex() const;
  void runChecks();
  void exportResults();
  void compareRedlines();
  void showError(const QString& what, const std::exception& e);
  void updateCoordinates(QPointF world);

  Document doc_;
  MapCanvas* canvas_ = nullptr;
  QTreeWidget* layerTree_ = nullptr;
  QTreeWidget* identify_ = nullptr;
  ResultsPanel* results_ = nullptr;
  QLabel* coords_ = nullptr;
  QLabel* degrees_ = nullptr;
  QLabel* renderTime_ = nullptr;
  QActionGroup* compareShow_ = nullptr;
  bool fillingTree_ = false;
  struct Proj;
  std::unique_ptr<Proj> proj_;  // analysis CRS → CGCS2000 degrees
};

}  // namespace sanxian::viewer
