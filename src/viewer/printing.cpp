#include "printing.h"

#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <filesystem>
#include <set>

#include "core/base/error.h"
#include "core/base/text.h"
#include "report/files/output.h"
#include "report/pdf/print_pdf.h"

namespace sanxian::viewer {

render::PrintLayout printLayoutFor(const Document& doc) {
  render::PrintLayout layout;
  layout.title = doc.project ? QString::fromStdString(doc.project->name) : QString::fromUtf8(tr("三线核查图", "Sanxian map"));
  const CrsInfo& crs = doc.analysisCrs;
  layout.crs = QString::fromStdString(crs.name) + (crs.epsg ? QStringLiteral(" (EPSG:%1)").arg(crs.epsg) : QString());
  // The files of the layers drawn, by name.
  QStringList files;
  std::set<std::string> seen;
  for (const LayerItem& l : doc.layers)
    if (l.visible && seen.insert(l.layer->source).second) files << QFileInfo(QString::fromStdString(l.layer->source)).fileName();
  layout.sourceNote = files.join(QStringLiteral("、"));
  return layout;
}

render::PrintedMap writePrint(const std::string& path, const render::Scene& scene, const render::PrintLayout& layout, double dpi) {
  const std::string ext = caseFolded(std::filesystem::path(path).extension().string());
  if (ext == ".pdf") return report::writePrintPdf(path, scene, layout);
  if (ext != ".png")
    throwUsage(format(tr("打印输出须为 .pdf 或 .png：%s", "the print must go to a .pdf or .png file: %s"), path.c_str()));
  render::PrintedMap printed;
  const QImage image = render::printImage(scene, layout, dpi, &printed);
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (!image.save(&buffer, "PNG")) throwInput(format(tr("无法生成图片 %s", "cannot make the image %s"), path.c_str()), {path});
  writeFileAtomically(path, bytes.toStdString());
  return printed;
}

QImage mapImage(const render::Scene& scene, const render::MapView& view, const render::RenderOptions& options, double dpi) {
  const double ratio = std::max(0.25, dpi / render::kScreenDpi);
  QImage image(QSize(int(std::lround(view.size().width() * ratio)), int(std::lround(view.size().height() * ratio))), QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(ratio);
  {
    QPainter painter(&image);
    render::RenderOptions o = options;
    o.swipeLine = true;
    render::renderScene(painter, scene, view, nullptr, o);
  }
  // The PNG says its resolution, so it prints at the size it was seen.
  image.setDevicePixelRatio(1);
  image.setDotsPerMeterX(int(std::lround(dpi / 0.0254)));
  image.setDotsPerMeterY(int(std::lround(dpi / 0.0254)));
  return image;
}

PrintDialog::PrintDialog(const render::PrintLayout& defaults, const QString& startFolder, QWidget* parent)
    : QDialog(parent), defaults_(defaults) {
  setWindowTitle(tr("打印布局"));
  auto* form = new QFormLayout;
  title_ = new QLineEdit(defaults.title);
  paper_ = new QComboBox;
  paper_->addItems({QStringLiteral("A4"), QStringLiteral("A3")});
  paper_->setCurrentIndex(defaults.paper == render::PrintLayout::Paper::A3 ? 1 : 0);
  orientation_ = new QComboBox;
  orientation_->addItem(tr("横向"));
  orientation_->addItem(tr("纵向"));
  orientation_->setCurrentIndex(defaults.landscape ? 0 : 1);
  organisation_ = new QLineEdit(defaults.organisation);
  organisation_->setPlaceholderText(tr("例如：鄂托克旗自然资源局"));
  source_ = new QLineEdit(defaults.sourceNote);
  date_ = new QLineEdit(defaults.date.isEmpty() ? QDate::currentDate().toString(Qt::ISODate) : defaults.date);
  grid_ = new QCheckBox(tr("坐标格网"));
  grid_->setChecked(defaults.grid);
  extent_ = new QComboBox;
  extent_->addItem(tr("当前地图视图"));
  extent_->addItem(tr("全部图层"));
  path_ = new QLineEdit(QDir(startFolder).filePath(tr("地图") + QStringLiteral(".pdf")));
  auto* browse = new QPushButton(tr("浏览…"));
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString chosen = QFileDialog::getSaveFileName(this, tr("保存打印布局"), path_->text(), tr("PDF 文件 (*.pdf);;PNG 图片 (*.png)"));
    if (!chosen.isEmpty()) path_->setText(chosen);
  });
  auto* pathRow = new QHBoxLayout;
  pathRow->addWidget(path_, 1);
  pathRow->addWidget(browse);
  dpi_ = new QSpinBox;
  dpi_->setRange(72, 600);
  dpi_->setValue(300);
  dpi_->setSuffix(QStringLiteral(" dpi"));
  form->addRow(tr("标题："), title_);
  form->addRow(tr("纸张："), paper_);
  form->addRow(tr("方向："), orientation_);
  form->addRow(tr("编制单位："), organisation_);
  form->addRow(tr("数据来源："), source_);
  form->addRow(tr("制图日期："), date_);
  form->addRow(tr("范围："), extent_);
  form->addRow(QString(), grid_);
  form->addRow(tr("输出文件："), pathRow);
  form->addRow(tr("PNG 分辨率："), dpi_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
  resize(560, sizeHint().height());
}

render::PrintLayout PrintDialog::layout() const {
  render::PrintLayout l = defaults_;
  l.title = title_->text();
  l.paper = paper_->currentIndex() == 1 ? render::PrintLayout::Paper::A3 : render::PrintLayout::Paper::A4;
  l.landscape = orientation_->currentIndex() == 0;
  l.organisation = organisation_->text();
  l.sourceNote = source_->text();
  l.date = date_->text();
  l.grid = grid_->isChecked();
  return l;
}

bool PrintDialog::wholeExtent() const { return extent_->currentIndex() == 1; }
QString PrintDialog::path() const { return path_->text(); }
int PrintDialog::dpi() const { return dpi_->value(); }

}  // namespace sanxian::viewer
