// The viewer's window: layer tree, map canvas, identify panel, results
// panel, running the checks with a cancellable progress dialog, exporting
// results, comparing red-line versions, opening projects and dropped files.
#pragma once

#include <QFuture>
#include <QDialog>
#include <QMainWindow>

#include <atomic>
#include <functional>
#include <memory>

#include "document.h"
#include "map_canvas.h"
#include "results_panel.h"

class QTreeWidget;
class QTreeWidgetItem;
class QLabel;
class QActionGroup;
class QAction;

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
  // Adds a layer file; when its fields match no role, the mapping dialog
  // asks for its role and fields and saves them into the project file.
  bool addLayerFile(const QString& path);
  // How dialogs are run (QDialog::exec by default); tests answer them instead.
  void setDialogRunner(std::function<int(QDialog&)> runner) { runDialog_ = std::move(runner); }
  // Everything changed: layer tree, results panel, map.
  void refreshAll();
  // Only the map's scene changed (visibility, order, selection, comparison).
  void refreshScene();
  // Identify at a world point: fills the identify panel, selects a result row under it. Returns the hits.
  std::vector<render::Hit> identifyAt(QPointF world, double tolerance);
  // Selects a row of the active result table: highlight and zoom to it.
  void selectResultRow(size_t row);
  void setComparison(Comparison comparison);
  // Runs the project's checks in this thread and shows the results; writes
  // the run into `dir` as `sanxian run -o DIR` unless it is empty (for
  // --grab-window; the menu runs them in a worker).
  bool runChecksInto(const QString& dir);

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
  void buildUi();
  void fillLayerTree();
  void fillResults();
  void moveLayer(int delta);
  int currentLayerIndex() const;
  void runChecks();
  void exportResults();
  void compareRedlines();
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
  QTreeWidget* layerTree_ = nullptr;
  QTreeWidget* identify_ = nullptr;
  ResultsPanel* results_ = nullptr;
  QLabel* coords_ = nullptr;
  QLabel* degrees_ = nullptr;
  QLabel* renderTime_ = nullptr;
  QActionGroup* compareShow_ = nullptr;
  QAction* runAction_ = nullptr;
  QAction* exportAction_ = nullptr;
  // The cancel flag of the task in progress (null when none): the dialog's
  // 取消 and closing the window set it.
  std::shared_ptr<std::atomic<bool>> task_;
  bool fillingTree_ = false;
  std::function<int(QDialog&)> runDialog_ = [](QDialog& dialog) { return dialog.exec(); };
  struct Proj;
  std::unique_ptr<Proj> proj_;  // analysis CRS → CGCS2000 degrees
};

}  // namespace sanxian::viewer
