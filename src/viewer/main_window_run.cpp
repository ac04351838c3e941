// MainWindow, the checks on a worker: 运行检查 and 导出结果 behind a
// cancellable progress dialog, and running them in this thread for
// --grab-window.
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStatusBar>
#include <QTreeWidget>
#include <QtConcurrent/QtConcurrentRun>

#include "indicator_map.h"
#include "main_window.h"

namespace sanxian::viewer {

void MainWindow::runChecks() {
  if (!doc_.project) {
    QMessageBox::information(this, tr("运行检查"), tr("请先打开一个项目文件。"));
    return;
  }
  // Computes only: the results are shown as soon as the checks are done,
  // and 导出结果 writes every report of the run into a folder the user picks.
  startChecks();
}

QFuture<MainWindow::TaskOutcome> MainWindow::startTask(
    const QString& label, std::function<bool()> cancelled,
    std::function<std::shared_ptr<RunResult>(const std::function<bool()>&, const ProgressFn&)> work,
    std::function<void(const TaskOutcome&)> done) {
  if (task_) {
    TaskOutcome refused;
    refused.status = TaskOutcome::Status::Failed;
    refused.error = tr("另一项任务正在进行，请等它结束或取消。");
    statusBar()->showMessage(refused.error, 5000);
    return QtFuture::makeReadyFuture(refused);
  }
  auto flag = std::make_shared<std::atomic<bool>>(false);
  task_ = flag;
  runAction_->setEnabled(false);
  exportAction_->setEnabled(false);
  auto* dialog = new QProgressDialog(label, tr("取消"), 0, 0, this);
  dialog->setWindowModality(Qt::WindowModal);
  dialog->setMinimumDuration(0);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QProgressDialog::canceled, this, [flag, dialog] {
    flag->store(true);
    dialog->setLabelText(tr("正在取消…"));
    dialog->show();
  });
  const std::function<bool()> isCancelled = [flag, cancelled = std::move(cancelled)] {
    return flag->load() || (cancelled && cancelled());
  };
  QPointer<QProgressDialog> guard(dialog);
  const ProgressFn progress = [guard, flag](const std::string& message) {
    QMetaObject::invokeMethod(qApp, [guard, flag, text = QString::fromStdString(message)] {
      if (guard && !flag->load()) guard->setLabelText(text);
    });
  };
  auto* watcher = new QFutureWatcher<TaskOutcome>(this);
  connect(watcher, &QFutureWatcher<TaskOutcome>::finished, this, [this, watcher, guard, flag, done = std::move(done)] {
    const TaskOutcome outcome = watcher->result();
    watcher->deleteLater();
    if (guard) guard->close();
    if (task_ == flag) task_.reset();
    runAction_->setEnabled(true);
    exportAction_->setEnabled(true);
    done(outcome);
  });
  QFuture<TaskOutcome> future = QtConcurrent::run([work = std::move(work), isCancelled, progress] {
    TaskOutcome o;
    try {
      o.run = work(isCancelled, progress);
    } catch (const RunCancelled&) {
      o.status = TaskOutcome::Status::Cancelled;
    } catch (const std::exception& e) {
      o.status = TaskOutcome::Status::Failed;
      o.error = QString::fromUtf8(e.what());
    } catch (...) {
      o.status = TaskOutcome::Status::Failed;
      o.error = tr("未知错误");
    }
    return o;
  });
  watcher->setFuture(future);
  dialog->show();
  return future;
}

QFuture<MainWindow::TaskOutcome> MainWindow::startChecks(const QString& dir, std::function<bool()> cancelled) {
  if (!doc_.project) {
    TaskOutcome none;
    none.status = TaskOutcome::Status::Failed;
    none.error = tr("请先打开一个项目文件。");
    return QtFuture::makeReadyFuture(none);
  }
  const Project project = *doc_.project;
  const std::shared_ptr<const RoleCatalog> roles = doc_.roles;
  const std::string out = dir.toStdString();
  const auto work = [project, roles, out](const std::function<bool()>& isCancelled, const ProgressFn& progress) {
    return viewer::runChecks(project, *roles, viewerRunOptions(out, isCancelled, project.formats.value_or(OutputFormats::all())), progress);
  };
  return startTask(tr("正在运行检查…"), std::move(cancelled), work, [this, dir](const TaskOutcome& outcome) {
    if (outcome.status == TaskOutcome::Status::Cancelled) {
      statusBar()->showMessage(tr("检查已取消"), 5000);
      return;
    }
    if (outcome.status == TaskOutcome::Status::Failed) {
      showErrorLater(tr("检查失败"), outcome.error);
      return;
    }
    doc_.setRun(outcome.run);
    identify_->clear();
    fillResults();
    refreshScene();
    // The headline figures above the results table; the status bar says only where things are.
    QStringList lines;
    for (const CheckOutput& c : outcome.run->checkOutputs)
      for (const std::string& h : c.headlines) lines << QString::fromStdString(c.title + tr("：").toStdString() + h);
    headlines_->setText(lines.join('\n'));
    headlines_->setVisible(!lines.isEmpty());
    const QString where = dir.isEmpty() ? tr("检查完成，结果尚未保存（用“导出结果…”写出全部报告）")
                                        : tr("已写出 %1 个文件到 %2").arg(outcome.run->written.size()).arg(QDir::toNativeSeparators(dir));
    statusBar()->showMessage(where, 15000);
    if (doc_.results.empty()) {
      auto* box = new QMessageBox(QMessageBox::Information, tr("运行检查"),
                                  tr("检查已完成，没有带几何的结果表（本版本注册的检查：%1）。").arg(outcome.run->checkOutputs.size()),
                                  QMessageBox::Ok, this);
      box->setAttribute(Qt::WA_DeleteOnClose);
      box->open();
    }
  });
}

bool MainWindow::runChecksInto(const QString& dir) {
  if (!doc_.project) return false;
  try {
    doc_.setRun(viewer::runChecks(*doc_.project, *doc_.roles,
                                  viewerRunOptions(dir.toStdString(), {}, doc_.project->formats.value_or(OutputFormats::all()))));
  } catch (const std::exception& e) {
    showError(tr("检查失败"), e);
    return false;
  }
  fillResults();
  refreshScene();
  return true;
}

void MainWindow::exportResults() {
  if (!doc_.run) {
    QMessageBox::information(this, tr("导出结果"), tr("还没有检查结果，请先运行检查。"));
    return;
  }
  const QString start = doc_.project ? QFileInfo(QString::fromStdString(doc_.project->path)).absolutePath() : QString();
  const QString dir = QFileDialog::getExistingDirectory(this, tr("导出到文件夹"), start);
  if (dir.isEmpty()) return;
  exportTo(dir);
}

QFuture<MainWindow::TaskOutcome> MainWindow::exportTo(const QString& dir, std::function<bool()> cancelled) {
  if (!doc_.run) {
    TaskOutcome none;
    none.status = TaskOutcome::Status::Failed;
    none.error = tr("还没有检查结果，请先运行检查。");
    return QtFuture::makeReadyFuture(none);
  }
  // The run is written as it was computed: its loaded layers, tables and
  // ledger, into a staging folder moved into place only when complete.
  const std::shared_ptr<RunResult> run = doc_.run;
  const std::string out = dir.toStdString();
  const auto work = [run, out](const std::function<bool()>& isCancelled, const ProgressFn& progress) {
    // The project's `formats:` decides what is written, as for `sanxian run`.
    writeRun(*run, viewerRunOptions(out, isCancelled, run->loaded->project.formats.value_or(OutputFormats::all())), progress);
    return run;
  };
  return startTask(tr("正在导出结果…"), std::move(cancelled), work, [this, dir](const TaskOutcome& outcome) {
    const QString where = QDir::toNativeSeparators(dir);
    if (outcome.status == TaskOutcome::Status::Cancelled)
      statusBar()->showMessage(tr("导出已取消，%1 未改动").arg(where), 8000);
    else if (outcome.status == TaskOutcome::Status::Failed)
      showErrorLater(tr("导出失败"), outcome.error);
    else
      statusBar()->showMessage(tr("已写出 %1 个文件到 %2").arg(outcome.run->written.size()).arg(where), 15000);
  });
}

IndicatorMapDialog* MainWindow::showIndicatorMap() {
  const CheckOutput* indicators = nullptr;
  if (doc_.run)
    for (const CheckOutput& output : doc_.run->checkOutputs)
      if (output.type == "indicators" && !indicators) indicators = &output;
  if (!indicators) {
    statusBar()->showMessage(tr("没有指标核算结果：项目需有 type: indicators 检查，并先运行检查（F5）。"), 8000);
    return nullptr;
  }
  auto* dialog = new IndicatorMapDialog(doc_.run, *indicators, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->show();
  return dialog;
}

}  // namespace sanxian::viewer
