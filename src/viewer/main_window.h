// The viewer's window: layer tree with legend and layer menu, map canvas
// with legend, north arrow and scale bar, identify panel, attribute tables,
// results panel, search by code or name, measuring, running the checks
// with a cancellable progress dialog, exporting results, the map image
// and the print layout, comparing red-line versions with a swipe, saving
// the project, opening projects and dropped files. One class, its .cpp
// files by feature: main_window.cpp (the window's parts, status bar,
// project file), _actions (menus, tool bar, search box), _layers (layer
// tree and menu, attribute tables, search), _results (results table and
// identify), _run (checks and 导出结果 on a worker), _compare (red-line
// versions and swipe), _print (map image and print layout).
#pragma once

#include <QDialog>
#include <QFuture>
#include <QMainWindow>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "attribute_panel.h"
#include "document.h"
#include "layer_tree.h"
#include "map_canvas.h"
#include "results_panel.h"

class QTreeWidget;
class QTreeWidgetItem;
class QLabel;
class QActionGroup;
class QAction;
class QComboBox;
class QCompleter;
class QDockWidget;
class QLineEdit;
class QStandardItemModel;
class QToolBar;

namespace sanxian::render {
struct PrintLayout;
}

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
  LayerTree* layerTree() const { return layerTree_; }
  AttributePanel* attributes() const { return attributes_; }
  QComboBox* scaleBox() const { return scaleBox_; }
  QLabel* crsLabel() const { return crsLabel_; }

  // Opens a project file; shows an error box (or returns false silently when quiet).
  bool openProject(const QString& path);
  // Adds a layer file; when its fields match no role, the mapping dialog
  // asks for its role and fields and saves them into the project file.
  // One of Sanxian's own result layers is added as a result, without a role.
  bool addLayerFile(const QString& path);
  // How dialogs are run (QDialog::exec by default); tests answer them instead.
  void setDialogRunner(std::function<int(QDialog&)> runner) { runDialog_ = std::move(runner); }
  // Everything changed: layer tree, attribute tables, results panel, map.
  void refreshAll();
  // Only the map's scene changed (visibility, order, selection, comparison).
  void refreshScene();
  // Identify at a world point: fills the identify panel, selects a result
  // row and the top feature under it (in its attribute table too). Returns the hits.
  std::vector<render::Hit> identifyAt(QPointF world, double tolerance);
  // Selects a row of the active result table: highlight and zoom to it.
  void selectResultRow(size_t row);
  // Selects features of a layer on the map and in its attribute table; zooms to them when asked.
  void selectFeatures(const std::string& layerId, const std::vector<size_t>& features, bool zoom = false);
  void showAttributes(const std::string& layerId);

  void setComparison(Comparison comparison);
  void setCompareShow(Comparison::Show show);
  void setSwipe(double fraction);

  // Search by code or name across the layers; goTo selects and zooms to a hit.
  std::vector<SearchHit> search(const QString& text);
  void goTo(const SearchHit& hit);

  // The layer menu, by index into document().layers.
  void zoomToLayer(int layer);
  void setLayerLabels(int layer, bool on);
  void editStyle(int layer);
  void showProperties(int layer);
  void removeLayer(int layer);
  void setLayerStyle(int layer, const LayerStyleSpec& style);

  // Writes the project file with its layers, styles and view; says so in the status bar.
  bool saveProject();
  // The map view as a PNG at `dpi` (legend, north arrow and scale bar as shown).
  bool exportMapImage(const QString& path, double dpi);
  // The print layout to PDF or PNG; the extent is the view's unless the layout names one.
  bool printTo(const QString& path, render::PrintLayout layout, double dpi = 300);
  // The figures of the shape being measured (empty when not measuring).
  QString measureText() const { return measureText_; }

  // Runs the project's checks in this thread and shows the results; writes
  // the run into `dir` as `sanxian run -o DIR` unless it is empty (for
  // --grab-window; the menu runs them in a worker).
  bool runChecksInto(const QString& dir);

  // 指标地图: the township map of an indicator of the run's first
  // indicators check, in a window of its own (the menu's action); null,
  // with a word in the status bar, when the run has no such check.
  class IndicatorMapDialog* showIndicatorMap();

  // What a run of the checks or an export on the worker ended with.
  struct TaskOutcome {
    enum class Status { Done, Cancelled, Failed } status = Status::Done;
    QString error;                   // Failed: the exception's message (it names the file)
    std::shared_ptr<RunResult> run;  // the run computed or written
  };
  // Runs the project's checks on a worker thread with a cancellable
  // progress dialog (loading, checks and, when `dir` is not empty, writing
  // the run there as `sanxian run -o DIR` all stop at cancel); when done the
  // window keeps the run, shows its results and says so in the status bar.
  // `cancelled` is asked besides the dialog's button (tests); it may be
  // called from several threads at once.
  QFuture<TaskOutcome> startChecks(const QString& dir = {}, std::function<bool()> cancelled = {});
  // 导出结果: writes the last run into `dir` exactly as `sanxian run` writes
  // (writeRun with the same report writers) on a worker thread with a
  // cancellable progress dialog. A cancel or an error leaves `dir` as it
  // was; the status bar then says how many files were written where, a
  // message box shows an error.
  QFuture<TaskOutcome> exportTo(const QString& dir, std::function<bool()> cancelled = {});
  // A run or an export is in progress (its result not yet shown).
  bool busy() const { return task_ != nullptr; }

protected:
  void dragEnterEvent(QDragEnterEvent*) override;
  void dropEvent(QDropEvent*) override;
  void closeEvent(QCloseEvent*) override;

private:
  // The actions the tool bar shows, made with the menus (main_window_actions.cpp).
  struct ToolBarActions {
    QAction *open = nullptr, *add = nullptr, *save = nullptr, *exportResults = nullptr, *print = nullptr;
    QAction *full = nullptr, *zoomIn = nullptr, *zoomOut = nullptr;
    std::vector<QAction*> tools;  // pan, zoom box, identify, measure distance, measure area
    QAction *run = nullptr, *compare = nullptr;
  };
  // The window's parts (main_window.cpp); each connects its own signals.
  void buildUi();
  void buildLayerDock();
  void buildIdentifyDock();
  QDockWidget* buildResultsDock();
  void buildAttributeDock(QDockWidget* resultsDock);
  void buildStatusBar();
  // Menus and tool bar (main_window_actions.cpp).
  void buildActions();
  void buildFileMenu(ToolBarActions& bar);
  void buildViewMenu(ToolBarActions& bar);
  void buildChecksMenu(ToolBarActions& bar);
  void buildSearch();
  void fillToolBar(QToolBar* bar, const ToolBarActions& actions);
  void fillLayerTree();
  void fillAttributes();
  void fillResults();
  void moveLayer(int delta);
  int currentLayerIndex() const;
  void layerMenu(int layer, const QPoint& at);
  void runChecks();
  void exportResults();
  void compareRedlines();
  void exportImageDialog();
  void printDialog();
  void showResultRow(size_t row);
  void updateResultFilter();
  void updateLayerFilter(const QString& id);
  void updateScale();
  void updateCrs();
  void updateMeasure(const std::vector<QPointF>& points, bool area);
  void showError(const QString& what, const std::exception& e);
  // Shows an error without blocking (the end of a worker's task).
  void showErrorLater(const QString& what, const QString& message);
  // Runs `work` on a worker thread behind a cancellable progress dialog
  // titled `label`; `done` gets its outcome on this thread.
  QFuture<TaskOutcome> startTask(const QString& label, std::function<bool()> cancelled,
                                 std::function<std::shared_ptr<RunResult>(const std::function<bool()>&, const ProgressFn&)> work,
                                 std::function<void(const TaskOutcome&)> done);
  void updateCoordinates(QPointF world);

  Document doc_;
  MapCanvas* canvas_ = nullptr;
  LayerTree* layerTree_ = nullptr;
  QTreeWidget* identify_ = nullptr;
  ResultsPanel* results_ = nullptr;
  AttributePanel* attributes_ = nullptr;
  QDockWidget* attributeDock_ = nullptr;
  QLabel* headlines_ = nullptr;  // the last run's headline figures, above the results table
  QLabel* coords_ = nullptr;
  QLabel* degrees_ = nullptr;
  QLabel* renderTime_ = nullptr;
  QLabel* crsLabel_ = nullptr;
  QComboBox* scaleBox_ = nullptr;
  QLineEdit* search_ = nullptr;
  QCompleter* completer_ = nullptr;
  QStandardItemModel* searchModel_ = nullptr;
  std::vector<SearchHit> searchHits_;
  QActionGroup* compareShow_ = nullptr;
  QAction* runAction_ = nullptr;
  QAction* exportAction_ = nullptr;
  QAction* toggleAction_ = nullptr;
  QString measureText_;
  // The cancel flag of the task in progress (null when none): the dialog's
  // 取消 and closing the window set it.
  std::shared_ptr<std::atomic<bool>> task_;
  bool updatingScale_ = false;
  std::function<int(QDialog&)> runDialog_ = [](QDialog& dialog) { return dialog.exec(); };
  struct Proj;
  std::unique_ptr<Proj> proj_;  // analysis CRS → CGCS2000 degrees
};

}  // namespace sanxian::viewer
