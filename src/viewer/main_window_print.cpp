// MainWindow, the map on paper: the view as a PNG at a chosen DPI, and the
// print layout to PDF or PNG.
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QMessageBox>
#include <QSpinBox>
#include <QStatusBar>

#include "main_window.h"
#include "printing.h"
#include "render/map_elements.h"

namespace sanxian::viewer {

bool MainWindow::exportMapImage(const QString& path, double dpi) {
  const QImage image = mapImage(*doc_.scene(), canvas_->view(), canvas_->renderOptions(), dpi);
  if (!image.save(path, "PNG")) {
    QMessageBox::warning(this, tr("导出地图图片"), tr("无法写入 %1").arg(path));
    return false;
  }
  statusBar()->showMessage(tr("已写出 %1（%2×%3 像素，%4 dpi）").arg(path).arg(image.width()).arg(image.height()).arg(dpi), 10000);
  return true;
}

void MainWindow::exportImageDialog() {
  QDialog dialog(this);
  dialog.setWindowTitle(tr("导出地图图片"));
  auto* form = new QFormLayout(&dialog);
  auto* dpi = new QSpinBox;
  dpi->setRange(48, 1200);
  dpi->setValue(300);
  dpi->setSuffix(QStringLiteral(" dpi"));
  auto* size = new QLabel;
  const auto showSize = [this, dpi, size] {
    const double r = dpi->value() / render::kScreenDpi;
    size->setText(tr("%1 × %2 像素").arg(std::lround(canvas_->width() * r)).arg(std::lround(canvas_->height() * r)));
  };
  connect(dpi, QOverload<int>::of(&QSpinBox::valueChanged), this, showSize);
  showSize();
  form->addRow(tr("分辨率："), dpi);
  form->addRow(tr("图片大小："), size);
  auto* ok = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  form->addRow(ok);
  connect(ok, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(ok, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  if (runDialog_(dialog) != QDialog::Accepted) return;
  const QString start = doc_.project ? QFileInfo(QString::fromStdString(doc_.project->path)).absolutePath() : QDir::homePath();
  const QString path = QFileDialog::getSaveFileName(this, tr("导出地图图片"), QDir(start).filePath(tr("地图.png")), tr("PNG 图片 (*.png)"));
  if (!path.isEmpty()) exportMapImage(path, dpi->value());
}

bool MainWindow::printTo(const QString& path, render::PrintLayout layout, double dpi) {
  if (!layout.extent) layout.extent = canvas_->view().extent();
  try {
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const render::PrintedMap printed = writePrint(path.toStdString(), *doc_.scene(), layout, dpi);
    QApplication::restoreOverrideCursor();
    statusBar()->showMessage(tr("已写出 %1（比例尺 %2）").arg(path, render::scaleText(printed.denominator)), 10000);
  } catch (const std::exception& e) {
    QApplication::restoreOverrideCursor();
    showError(tr("打印失败"), e);
    return false;
  }
  return true;
}

void MainWindow::printDialog() {
  const QString start = doc_.project ? QFileInfo(QString::fromStdString(doc_.project->path)).absolutePath() : QDir::homePath();
  PrintDialog dialog(printLayoutFor(doc_), start, this);
  if (runDialog_(dialog) != QDialog::Accepted) return;
  render::PrintLayout layout = dialog.layout();
  if (dialog.wholeExtent()) layout.extent = doc_.fullExtent();
  printTo(dialog.path(), layout, dialog.dpi());
}

}  // namespace sanxian::viewer
