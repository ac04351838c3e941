// MainWindow, red-line versions: choosing two, comparing them on a worker,
// and showing old, new, the changes or a swipe between them.
#include <QActionGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

#include "main_window.h"

namespace sanxian::viewer {

void MainWindow::setComparison(Comparison comparison) {
  doc_.comparison = std::move(comparison);
  setCompareShow(doc_.comparison->show);
  const Comparison& c = *doc_.comparison;
  statusBar()->showMessage(tr("红线比较 %1 → %2：减少 %3 公顷，增加 %4 公顷，性质改变 %5 公顷（椭球面积，与红线核查相同）")
                               .arg(QString::fromStdString(c.oldId), QString::fromStdString(c.newId))
                               .arg(c.removedArea / 10000, 0, 'f', 4)
                               .arg(c.addedArea / 10000, 0, 'f', 4)
                               .arg(c.natureChangedArea / 10000, 0, 'f', 4),
                           30000);
}

void MainWindow::setCompareShow(Comparison::Show show) {
  if (!doc_.comparison) return;
  doc_.comparison->show = show;
  for (QAction* a : compareShow_->actions())
    if (a->data().toInt() == static_cast<int>(show)) a->setChecked(true);
  canvas_->setSwipe(show == Comparison::Show::Swipe ? std::optional<double>(doc_.comparison->swipe) : std::nullopt);
  refreshScene();
}

void MainWindow::setSwipe(double fraction) {
  if (!doc_.comparison) return;
  doc_.comparison->swipe = std::clamp(fraction, 0.0, 1.0);
  if (doc_.comparison->show == Comparison::Show::Swipe) canvas_->setSwipe(doc_.comparison->swipe);
  refreshScene();
}

void MainWindow::compareRedlines() {
  std::vector<std::string> ids = doc_.layersWithRole("redline");
  if (ids.size() < 2) {
    for (const LayerItem& l : doc_.layers)
      if (std::find(ids.begin(), ids.end(), l.id) == ids.end()) ids.push_back(l.id);
  }
  if (ids.size() < 2) {
    QMessageBox::information(this, tr("比较红线版本"), tr("需要两个红线图层。"));
    return;
  }
  QDialog dialog(this);
  dialog.setWindowTitle(tr("比较红线版本"));
  auto* form = new QFormLayout(&dialog);
  auto* oldBox = new QComboBox;
  auto* newBox = new QComboBox;
  for (const std::string& id : ids) {
    oldBox->addItem(QString::fromStdString(id));
    newBox->addItem(QString::fromStdString(id));
  }
  newBox->setCurrentIndex(1);
  form->addRow(tr("旧版："), oldBox);
  form->addRow(tr("新版："), newBox);
  auto* ok = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  form->addRow(ok);
  connect(ok, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(ok, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  if (runDialog_(dialog) != QDialog::Accepted || oldBox->currentIndex() == newBox->currentIndex()) return;
  const LayerItem* a = doc_.layer(oldBox->currentText().toStdString());
  const LayerItem* b = doc_.layer(newBox->currentText().toStdString());
  auto oldLayer = a->layer, newLayer = b->layer;
  const std::string oldId = a->id, newId = b->id;
  auto* progress = new QProgressDialog(tr("正在比较红线版本…"), QString(), 0, 0, this);
  progress->setWindowModality(Qt::WindowModal);
  progress->setAttribute(Qt::WA_DeleteOnClose);
  progress->show();
  auto* watcher = new QFutureWatcher<std::shared_ptr<Comparison>>(this);
  connect(watcher, &QFutureWatcher<std::shared_ptr<Comparison>>::finished, this, [this, watcher, progress] {
    progress->close();
    const auto c = watcher->result();
    watcher->deleteLater();
    if (c) setComparison(*c);
    else QMessageBox::warning(this, tr("比较红线版本"), tr("比较失败。"));
  });
  watcher->setFuture(QtConcurrent::run([oldLayer, newLayer, oldId, newId, roles = doc_.roles]() -> std::shared_ptr<Comparison> {
    try {
      return std::make_shared<Comparison>(Document::compare(*oldLayer, *newLayer, oldId, newId, *roles));
    } catch (const std::exception&) {
      return nullptr;
    }
  }));
}

}  // namespace sanxian::viewer
