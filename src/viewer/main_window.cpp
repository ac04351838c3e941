// MainWindow, the window itself: its docks (layers, identify, results,
// attribute tables), the status bar (scale, CRS, coordinates, render
// time, measuring), opening and saving the project, dropped files.
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QStatusBar>
#include <QStyle>
#include <QStyleOption>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <proj.h>

#include <cmath>

#include "main_window.h"
#include "measuring.h"
#include "render/map_elements.h"

namespace sanxian::viewer {

namespace {

// A status bar whose message is cut with "…" before the fields at its
// right (coordinates, scale, CRS) instead of running up to them; the whole
// message is its tooltip.
class StatusBar : public QStatusBar {
public:
  using QStatusBar::QStatusBar;

protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    QStyleOption opt;
    opt.initFrom(this);
    style()->drawPrimitive(QStyle::PE_PanelStatusBar, &opt, &p, this);
    const QString message = currentMessage();
    if (message.isEmpty()) return;
    int right = width() - 12;
    for (QWidget* w : findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly))
      if (w->isVisible() && w->x() > 0) right = std::min(right, w->x() - 12);
    const QRect area(6, 0, std::max(0, right - 6), height());
    p.setPen(palette().windowText().color());
    p.drawText(area, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, fontMetrics().elidedText(message, Qt::ElideRight, area.width()));
  }
  bool event(QEvent* e) override {
    if (e->type() == QEvent::ToolTip) setToolTip(currentMessage());
    return QStatusBar::event(e);
  }
};

}  // namespace

// PROJ transform from the analysis CRS to CGCS2000 geographic (lon, lat).
struct MainWindow::Proj {
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* pj = nullptr;
  std::string from;
  ~Proj() {
    if (pj) proj_destroy(pj);
    proj_context_destroy(ctx);
  }
  bool toDegrees(const std::string& crs, double x, double y, double& lon, double& lat) {
    if (crs.empty()) return false;
    if (crs != from) {
      if (pj) proj_destroy(pj);
      pj = nullptr;
      from = crs;
      if (PJ* raw = proj_create_crs_to_crs(ctx, crs.c_str(), "EPSG:4490", nullptr)) {
        pj = proj_normalize_for_visualization(ctx, raw);
        proj_destroy(raw);
      }
    }
    if (!pj) return false;
    const PJ_COORD c = proj_trans(pj, PJ_FWD, proj_coord(x, y, 0, 0));
    lon = c.xy.x, lat = c.xy.y;
    return std::isfinite(lon) && std::isfinite(lat);
  }
};

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), proj_(std::make_unique<Proj>()) {
  setWindowTitle(tr("三线核查地图"));
  setAcceptDrops(true);
  buildUi();
  buildActions();
  buildStatusBar();
  refreshAll();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
  canvas_ = new MapCanvas(this);
  setCentralWidget(canvas_);
  render::RenderOptions options;
  options.legend = true;
  canvas_->setRenderOptions(options);
  buildLayerDock();
  buildIdentifyDock();
  buildAttributeDock(buildResultsDock());
  connect(canvas_, &MapCanvas::swipeMoved, this, [this](double f) {
    if (!doc_.comparison) return;
    doc_.comparison->swipe = f;
    refreshScene();
  });
  connect(canvas_, &MapCanvas::measureChanged, this, &MainWindow::updateMeasure);
}

void MainWindow::buildLayerDock() {
  // Layers: top of the list is drawn on top; the legend under each layer.
  layerTree_ = new LayerTree;
  auto* layerBox = new QWidget;
  auto* lv = new QVBoxLayout(layerBox);
  lv->setContentsMargins(0, 0, 0, 0);
  lv->addWidget(layerTree_);
  auto* buttons = new QHBoxLayout;
  auto* up = new QPushButton(tr("上移"));
  auto* down = new QPushButton(tr("下移"));
  auto* zoomLayer = new QPushButton(tr("缩放至图层"));
  buttons->addWidget(up);
  buttons->addWidget(down);
  buttons->addWidget(zoomLayer);
  lv->addLayout(buttons);
  auto* layerDock = new QDockWidget(tr("图层"), this);
  layerDock->setObjectName("layers");
  layerDock->setWidget(layerBox);
  addDockWidget(Qt::LeftDockWidgetArea, layerDock);
  connect(up, &QPushButton::clicked, this, [this] { moveLayer(+1); });
  connect(down, &QPushButton::clicked, this, [this] { moveLayer(-1); });
  connect(zoomLayer, &QPushButton::clicked, this, [this] { zoomToLayer(currentLayerIndex()); });
  connect(layerTree_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) { zoomToLayer(LayerTree::layerOf(item)); });
  connect(layerTree_, &LayerTree::visibilityChanged, this, [this](int i, bool visible) {
    if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
    doc_.layers[i].visible = visible;
    refreshScene();
  });
  connect(layerTree_, &LayerTree::orderChanged, this, [this](const std::vector<int>& bottomFirst) {
    std::vector<LayerItem> ordered;
    for (const int i : bottomFirst)
      if (i >= 0 && i < static_cast<int>(doc_.layers.size())) ordered.push_back(std::move(doc_.layers[i]));
    if (ordered.size() == doc_.layers.size()) doc_.layers = std::move(ordered);
    // The tree is refilled after Qt has finished its drop.
    QMetaObject::invokeMethod(this, [this] {
      fillLayerTree();
      refreshScene();
    }, Qt::QueuedConnection);
  });
  connect(layerTree_, &LayerTree::menuRequested, this, &MainWindow::layerMenu);
}

void MainWindow::buildIdentifyDock() {
  identify_ = new QTreeWidget;
  identify_->setColumnCount(2);
  identify_->setHeaderLabels({tr("字段"), tr("值")});
  auto* identifyDock = new QDockWidget(tr("识别"), this);
  identifyDock->setObjectName("identify");
  identifyDock->setWidget(identify_);
  addDockWidget(Qt::LeftDockWidgetArea, identifyDock);
}

QDockWidget* MainWindow::buildResultsDock() {
  auto* resultsBox = new QWidget;
  auto* rv = new QVBoxLayout(resultsBox);
  rv->setContentsMargins(0, 0, 0, 0);
  headlines_ = new QLabel;
  headlines_->setWordWrap(true);
  headlines_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  headlines_->setContentsMargins(4, 2, 4, 2);
  headlines_->hide();
  results_ = new ResultsPanel;
  rv->addWidget(headlines_);
  rv->addWidget(results_, 1);
  auto* resultsDock = new QDockWidget(tr("检查结果"), this);
  resultsDock->setObjectName("results");
  resultsDock->setWidget(resultsBox);
  addDockWidget(Qt::BottomDockWidgetArea, resultsDock);
  connect(results_, &ResultsPanel::tableChosen, this, [this](int index) {
    doc_.activeResult = index;
    doc_.selectedRow.reset();
    identify_->clear();  // the identify panel follows the table shown
    fillResults();
    refreshScene();
  });
  connect(results_, &ResultsPanel::rowSelected, this, &MainWindow::selectResultRow);
  connect(results_, &ResultsPanel::filterChanged, this, &MainWindow::updateResultFilter);
  return resultsDock;
}

// The attribute tables share the bottom with the results table, as tabs (the results in front).
void MainWindow::buildAttributeDock(QDockWidget* resultsDock) {
  attributes_ = new AttributePanel;
  attributeDock_ = new QDockWidget(tr("属性表"), this);
  attributeDock_->setObjectName("attributes");
  attributeDock_->setWidget(attributes_);
  addDockWidget(Qt::BottomDockWidgetArea, attributeDock_);
  tabifyDockWidget(resultsDock, attributeDock_);
  resultsDock->raise();
  connect(attributes_, &AttributePanel::selectionChanged, this, [this](const QString& id, const std::vector<size_t>& features) {
    if (LayerItem* l = doc_.layer(id.toStdString())) {
      l->selected = features;
      refreshScene();
    }
  });
  connect(attributes_, &AttributePanel::filterChanged, this, &MainWindow::updateLayerFilter);
  connect(attributes_, &AttributePanel::zoomTo, this,
          [this](const QString& id, const std::vector<size_t>& features) { selectFeatures(id.toStdString(), features, true); });
}

void MainWindow::buildStatusBar() {
  setStatusBar(new StatusBar);
  coords_ = new QLabel;
  degrees_ = new QLabel;
  renderTime_ = new QLabel;
  crsLabel_ = new QLabel;
  // Fixed widths: the fields never move as their numbers change, and the message stops before them.
  const QFontMetrics m(font());
  coords_->setMinimumWidth(m.horizontalAdvance(QStringLiteral("X 0000000.0  Y 0000000.0 m")) + 8);
  degrees_->setMinimumWidth(m.horizontalAdvance(QStringLiteral("000.000000°E  00.000000°N")) + 8);
  renderTime_->setMinimumWidth(m.horizontalAdvance(tr("绘制 %1 毫秒").arg(8888)) + 8);
  scaleBox_ = new QComboBox;
  scaleBox_->setEditable(true);
  scaleBox_->setInsertPolicy(QComboBox::NoInsert);
  scaleBox_->setToolTip(tr("比例尺：输入 1:N（如 1:50000 或 1:5万）并回车"));
  for (const double n : {1000.0, 2000.0, 5000.0, 10000.0, 25000.0, 50000.0, 100000.0, 250000.0, 500000.0, 1000000.0})
    scaleBox_->addItem(render::scaleText(n), n);
  scaleBox_->setMinimumContentsLength(11);
  const auto apply = [this] {
    if (updatingScale_) return;
    const double n = render::parseScale(scaleBox_->currentText());
    if (n > 0) canvas_->zoomToScale(n);
    else updateScale();
  };
  connect(scaleBox_->lineEdit(), &QLineEdit::returnPressed, this, apply);
  connect(scaleBox_, QOverload<int>::of(&QComboBox::activated), this, apply);
  statusBar()->addPermanentWidget(new QLabel(tr("比例尺")));
  statusBar()->addPermanentWidget(scaleBox_);
  statusBar()->addPermanentWidget(crsLabel_);
  statusBar()->addPermanentWidget(coords_);
  statusBar()->addPermanentWidget(degrees_);
  statusBar()->addPermanentWidget(renderTime_);
  connect(canvas_, &MapCanvas::mouseWorld, this, &MainWindow::updateCoordinates);
  connect(canvas_, &MapCanvas::viewChanged, this, [this] { updateScale(); });
  connect(canvas_, &MapCanvas::rendered, this, [this](double s) {
    renderTime_->setText(tr("绘制 %1 毫秒").arg(s * 1000, 0, 'f', 0));
    updateScale();
  });
  connect(canvas_, &MapCanvas::clicked, this, [this](QPointF world, double tolerance) { identifyAt(world, tolerance); });
}

void MainWindow::updateScale() {
  if (!canvas_->view().valid()) return;
  updatingScale_ = true;
  if (!scaleBox_->lineEdit()->hasFocus()) scaleBox_->setEditText(render::scaleText(canvas_->scale()));
  updatingScale_ = false;
}

void MainWindow::updateCrs() {
  const CrsInfo& crs = doc_.analysisCrs;
  if (crs.definition.empty()) {
    crsLabel_->clear();
    return;
  }
  crsLabel_->setText(tr("分析坐标系 %1").arg(crs.epsg ? QStringLiteral("EPSG:%1").arg(crs.epsg) : QString::fromStdString(crs.name)));
  crsLabel_->setToolTip(tr("分析坐标系：%1\n各图层已转换到此坐标系后叠加；面积与长度按 CGCS2000 椭球计算，平面值为此坐标系中的值。")
                            .arg(QString::fromStdString(crs.name)));
}

void MainWindow::updateCoordinates(QPointF world) {
  coords_->setText(QStringLiteral("X %1  Y %2 m").arg(world.x(), 0, 'f', 1).arg(world.y(), 0, 'f', 1));
  double lon = 0, lat = 0;
  if (proj_->toDegrees(doc_.analysisCrs.definition, world.x(), world.y(), lon, lat))
    degrees_->setText(QStringLiteral("%1°E  %2°N").arg(lon, 0, 'f', 6).arg(lat, 0, 'f', 6));
  else
    degrees_->clear();
}

void MainWindow::updateMeasure(const std::vector<QPointF>& points, bool area) {
  if (canvas_->tool() != MapCanvas::Tool::MeasureLine && canvas_->tool() != MapCanvas::Tool::MeasureArea) {
    measureText_.clear();
    return;
  }
  try {
    measureText_ = measurementText(measurePoints(points, area, doc_.analysisCrs));
  } catch (const std::exception& e) {
    measureText_ = QString::fromUtf8(e.what());
  }
  canvas_->setMeasureText(measureText_);
}

void MainWindow::showError(const QString& what, const std::exception& e) {
  QMessageBox::warning(this, what, QString::fromUtf8(e.what()));
}

void MainWindow::showErrorLater(const QString& what, const QString& message) {
  auto* box = new QMessageBox(QMessageBox::Warning, what, message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

bool MainWindow::openProject(const QString& path) {
  try {
    QApplication::setOverrideCursor(Qt::WaitCursor);
    doc_.openProject(path.toStdString(), [this](const std::string& m) { statusBar()->showMessage(QString::fromStdString(m)); });
    QApplication::restoreOverrideCursor();
  } catch (const std::exception& e) {
    QApplication::restoreOverrideCursor();
    showError(tr("无法打开项目"), e);
    return false;
  }
  setWindowTitle(tr("三线核查地图") + " — " + QString::fromStdString(doc_.project->name));
  statusBar()->showMessage(tr("已打开 %1 个图层，分析坐标系 %2").arg(doc_.layers.size()).arg(QString::fromStdString(doc_.analysisCrs.name)), 8000);
  canvas_->setSwipe(std::nullopt);
  headlines_->hide();
  refreshAll();
  if (doc_.savedExtent) canvas_->zoomToExtent(*doc_.savedExtent, 0);
  else canvas_->zoomToFullExtent();
  return true;
}

bool MainWindow::saveProject() {
  if (!doc_.project) {
    QMessageBox::information(this, tr("保存项目"), tr("请先打开一个项目文件（添加的图层在映射时可保存进新的项目文件）。"));
    return false;
  }
  try {
    const std::vector<std::string> unsaved = doc_.saveProject(canvas_->view().extent());
    QString message = tr("已保存项目 %1（图层、样式与视图）").arg(QString::fromStdString(doc_.project->path));
    if (!unsaved.empty()) {
      QStringList ids;
      for (const auto& id : unsaved) ids << QString::fromStdString(id);
      message += tr("；未写入无角色的图层：%1").arg(ids.join(tr("、")));
    }
    statusBar()->showMessage(message, 10000);
  } catch (const std::exception& e) {
    showError(tr("无法保存项目"), e);
    return false;
  }
  return true;
}

void MainWindow::refreshAll() {
  fillLayerTree();
  fillAttributes();
  fillResults();
  updateCrs();
  refreshScene();
}

void MainWindow::refreshScene() { canvas_->setScene(doc_.scene()); }

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
  for (const QUrl& url : e->mimeData()->urls()) {
    if (!url.isLocalFile()) continue;
    const QString path = url.toLocalFile();
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "yaml" || suffix == "yml") openProject(path);
    else addLayerFile(path);
  }
  e->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent* e) {
  canvas_->renderer().cancel();
  // A run or an export still going stops at its next checkpoint and removes what it had written.
  if (task_) task_->store(true);
  e->accept();
}

}  // namespace sanxian::viewer
