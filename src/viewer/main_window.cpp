#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QCompleter>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QStyle>
#include <QStyleOption>
#include <QTableView>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <proj.h>

#include <set>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/field_mapping.h"
#include "layer_dialogs.h"
#include "mapping_dialog.h"
#include "measuring.h"
#include "printing.h"
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

// The layer rows' layer ids and layers, bottom first as drawn.
std::vector<std::pair<std::string, std::shared_ptr<const Layer>>> layerList(const Document& doc) {
  std::vector<std::pair<std::string, std::shared_ptr<const Layer>>> out;
  for (auto it = doc.layers.rbegin(); it != doc.layers.rend(); ++it) out.push_back({it->id, it->layer});
  return out;
}

geos::Envelope padded(geos::Envelope e, double fraction, double least) {
  const double pad = std::max({(e.maxX - e.minX) * fraction, (e.maxY - e.minY) * fraction, least});
  e.minX -= pad, e.minY -= pad, e.maxX += pad, e.maxY += pad;
  return e;
}

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

  identify_ = new QTreeWidget;
  identify_->setColumnCount(2);
  identify_->setHeaderLabels({tr("字段"), tr("值")});
  auto* identifyDock = new QDockWidget(tr("识别"), this);
  identifyDock->setObjectName("identify");
  identifyDock->setWidget(identify_);
  addDockWidget(Qt::LeftDockWidgetArea, identifyDock);

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
  connect(canvas_, &MapCanvas::swipeMoved, this, [this](double f) {
    if (!doc_.comparison) return;
    doc_.comparison->swipe = f;
    refreshScene();
  });
  connect(canvas_, &MapCanvas::measureChanged, this, &MainWindow::updateMeasure);
}

void MainWindow::buildActions() {
  QMenu* file = menuBar()->addMenu(tr("文件"));
  QToolBar* bar = addToolBar(tr("工具"));
  bar->setObjectName("tools");
  const auto action = [&](const QString& text, const QKeySequence& key, auto slot) {
    auto* a = new QAction(text, this);
    if (!key.isEmpty()) a->setShortcut(key);
    connect(a, &QAction::triggered, this, slot);
    return a;
  };
  QAction* open = action(tr("打开项目…"), QKeySequence::Open, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("打开项目"), {}, tr("项目文件 (*.yaml *.yml)"));
    if (!path.isEmpty()) openProject(path);
  });
  QAction* add = action(tr("添加图层…"), QKeySequence(), [this] {
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("添加图层"), {},
                                                            tr("矢量数据 (*.shp *.gpkg *.geojson *.json *.kml *.gdb);;全部文件 (*)"));
    for (const QString& p : paths) addLayerFile(p);
  });
  QAction* save = action(tr("保存项目"), QKeySequence::Save, [this] { saveProject(); });
  QAction* exportAct = action(tr("导出结果…"), QKeySequence(), [this] { exportResults(); });
  exportAction_ = exportAct;
  QAction* image = action(tr("导出地图图片…"), QKeySequence(), [this] { exportImageDialog(); });
  QAction* print = action(tr("打印布局…"), QKeySequence::Print, [this] { printDialog(); });
  QAction* quit = action(tr("退出"), QKeySequence::Quit, [this] { close(); });
  file->addActions({open, add, save});
  file->addSeparator();
  file->addActions({exportAct, image, print});
  file->addSeparator();
  file->addAction(quit);

  QMenu* viewMenu = menuBar()->addMenu(tr("视图"));
  QAction* full = action(tr("全图"), QKeySequence(Qt::CTRL | Qt::Key_0), [this] { canvas_->zoomToFullExtent(); });
  QAction* zoomIn = action(tr("放大"), QKeySequence::ZoomIn, [this] { canvas_->zoomBy(2); });
  QAction* zoomOut = action(tr("缩小"), QKeySequence::ZoomOut, [this] { canvas_->zoomBy(0.5); });
  auto* tools = new QActionGroup(this);
  QAction* pan = action(tr("平移"), QKeySequence(Qt::Key_P), [this] { canvas_->setTool(MapCanvas::Tool::Pan); });
  QAction* box = action(tr("拉框放大"), QKeySequence(Qt::Key_Z), [this] { canvas_->setTool(MapCanvas::Tool::ZoomBox); });
  QAction* ident = action(tr("识别"), QKeySequence(Qt::Key_I), [this] { canvas_->setTool(MapCanvas::Tool::Identify); });
  QAction* distance = action(tr("测距离"), QKeySequence(Qt::Key_M), [this] { canvas_->setTool(MapCanvas::Tool::MeasureLine); });
  QAction* area = action(tr("测面积"), QKeySequence(Qt::SHIFT | Qt::Key_M), [this] { canvas_->setTool(MapCanvas::Tool::MeasureArea); });
  for (QAction* a : {pan, box, ident, distance, area}) {
    a->setCheckable(true);
    tools->addAction(a);
  }
  pan->setChecked(true);
  const auto toggle = [&](const QString& text, bool on, auto apply) {
    auto* a = new QAction(text, this);
    a->setCheckable(true);
    a->setChecked(on);
    connect(a, &QAction::toggled, this, apply);
    return a;
  };
  QAction* legend = toggle(tr("地图图例"), true, [this](bool on) {
    render::RenderOptions o = canvas_->renderOptions();
    o.legend = on;
    canvas_->setRenderOptions(o);
  });
  QAction* north = toggle(tr("指北针与比例尺"), true, [this](bool on) {
    render::RenderOptions o = canvas_->renderOptions();
    o.northArrow = o.scaleBar = on;
    canvas_->setRenderOptions(o);
  });
  QAction* table = action(tr("属性表"), QKeySequence(Qt::Key_F6), [this] {
    const int i = currentLayerIndex();
    showAttributes(i >= 0 ? doc_.layers[i].id : attributes_->layerId());
  });
  viewMenu->addActions({full, zoomIn, zoomOut});
  viewMenu->addSeparator();
  viewMenu->addActions({pan, box, ident, distance, area});
  viewMenu->addSeparator();
  viewMenu->addActions({legend, north, table});

  QMenu* checks = menuBar()->addMenu(tr("检查"));
  QAction* run = action(tr("运行检查…"), QKeySequence(Qt::Key_F5), [this] { runChecks(); });
  runAction_ = run;
  QAction* compare = action(tr("比较红线版本…"), QKeySequence(), [this] { compareRedlines(); });
  checks->addActions({run, compare});
  QMenu* showMenu = checks->addMenu(tr("显示版本"));
  compareShow_ = new QActionGroup(this);
  const std::pair<QString, Comparison::Show> shows[] = {{tr("卷帘对比（左旧右新）"), Comparison::Show::Swipe},
                                                        {tr("仅旧版"), Comparison::Show::Old},
                                                        {tr("仅新版"), Comparison::Show::New},
                                                        {tr("仅看变化"), Comparison::Show::Changes}};
  for (const auto& [text, show] : shows) {
    QAction* a = showMenu->addAction(text);
    a->setCheckable(true);
    a->setChecked(show == Comparison::Show::Swipe);
    a->setData(static_cast<int>(show));
    compareShow_->addAction(a);
    connect(a, &QAction::triggered, this, [this, show = show] { setCompareShow(show); });
  }
  toggleAction_ = action(tr("切换新旧版本"), QKeySequence(Qt::Key_T), [this] {
    if (!doc_.comparison) return;
    setCompareShow(doc_.comparison->show == Comparison::Show::Old ? Comparison::Show::New : Comparison::Show::Old);
  });
  checks->addAction(toggleAction_);

  // Search by code or name across the layers.
  search_ = new QLineEdit;
  search_->setPlaceholderText(tr("搜索编号、名称、许可证号、乡镇…"));
  search_->setClearButtonEnabled(true);
  search_->setMaximumWidth(320);
  searchModel_ = new QStandardItemModel(this);
  completer_ = new QCompleter(searchModel_, this);
  completer_->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
  completer_->setMaxVisibleItems(14);
  completer_->setWidget(search_);
  connect(search_, &QLineEdit::textEdited, this, [this](const QString& text) {
    search(text);
    if (!searchHits_.empty()) completer_->complete();
  });
  connect(search_, &QLineEdit::returnPressed, this, [this] {
    if (completer_->popup()->isVisible()) return;
    search(search_->text());
    if (!searchHits_.empty()) goTo(searchHits_.front());
  });
  connect(completer_, QOverload<const QModelIndex&>::of(&QCompleter::activated), this, [this](const QModelIndex& index) {
    const int i = index.data(Qt::UserRole).toInt();
    if (i >= 0 && i < static_cast<int>(searchHits_.size())) goTo(searchHits_[i]);
  });

  bar->addActions({open, add, save});
  bar->addSeparator();
  bar->addActions({full, zoomIn, zoomOut, pan, box, ident, distance, area});
  bar->addSeparator();
  bar->addActions({run, compare, toggleAction_, exportAct, print});
  bar->addSeparator();
  bar->addWidget(search_);
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

bool MainWindow::addLayerFile(const QString& path) {
  const std::string file = path.toStdString();
  std::string id, projectPath, role;
  FieldMapping mapping;
  try {
    const bool first = doc_.layers.empty();
    auto layer = std::make_shared<Layer>(doc_.readLayerFile(file));
    id = doc_.freeLayerId(file);
    if (layer->roleMatch) {
      id = doc_.addReadLayer(file, std::move(*layer), id);
    } else if (isSanxianResult(layer->source, layer->fields)) {
      // One of the tool's own outputs: shown as a result (by severity,
      // change kind or zone), never given a role by its fields.
      id = doc_.addReadLayer(file, std::move(*layer), id);
      statusBar()->showMessage(tr("%1 是三线写出的检查结果，按结果样式显示，不指定图层角色").arg(QString::fromStdString(id)), 8000);
    } else {
      // Fields that fit no role: ask which role and which fields, keep the answer in the project file.
      MappingDialog dialog(layer, doc_.roles, QString::fromStdString(id), doc_.project ? QString::fromStdString(doc_.project->path) : QString(), this);
      if (runDialog_(dialog) == QDialog::Accepted) {
        role = dialog.role();
        mapping = dialog.mapping();
        projectPath = dialog.projectPath();
        id = doc_.addLayerFile(file, role, mapping, dialog.layerId());
      } else {
        id = doc_.addReadLayer(file, std::move(*layer), id);
      }
    }
    refreshAll();
    if (first) canvas_->zoomToFullExtent();
  } catch (const std::exception& e) {
    showError(tr("无法添加图层"), e);
    return false;
  }
  if (role.empty() || projectPath.empty()) return true;
  try {
    doc_.saveLayerToProject(projectPath, id, file, role, mapping);
    statusBar()->showMessage(tr("图层 %1 的字段映射已保存到 %2").arg(QString::fromStdString(id), QString::fromStdString(projectPath)), 8000);
  } catch (const std::exception& e) {
    showError(tr("无法保存到项目文件"), e);
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

void MainWindow::fillLayerTree() { layerTree_->fill(doc_, currentLayerIndex()); }

void MainWindow::fillAttributes() { attributes_->setLayers(layerList(doc_)); }

int MainWindow::currentLayerIndex() const { return layerTree_ ? layerTree_->currentLayer() : -1; }

void MainWindow::moveLayer(int delta) {
  const int i = currentLayerIndex();
  const int j = i + delta;
  if (i < 0 || j < 0 || j >= static_cast<int>(doc_.layers.size())) return;
  std::swap(doc_.layers[i], doc_.layers[j]);
  layerTree_->fill(doc_, j);
  refreshScene();
}

void MainWindow::layerMenu(int i, const QPoint& at) {
  if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
  const LayerItem& l = doc_.layers[i];
  QMenu menu(this);
  menu.addAction(tr("缩放至图层"), this, [this, i] { zoomToLayer(i); });
  menu.addAction(tr("打开属性表"), this, [this, id = l.id] { showAttributes(id); });
  QAction* labels = menu.addAction(tr("显示标注"));
  labels->setCheckable(true);
  labels->setChecked(l.style.labels.value_or(true));
  connect(labels, &QAction::toggled, this, [this, i](bool on) { setLayerLabels(i, on); });
  menu.addAction(tr("样式…"), this, [this, i] { editStyle(i); });
  menu.addAction(tr("属性…"), this, [this, i] { showProperties(i); });
  menu.addSeparator();
  menu.addAction(tr("移除图层"), this, [this, i] { removeLayer(i); });
  menu.exec(at);
}

void MainWindow::zoomToLayer(int i) {
  if (i >= 0 && i < static_cast<int>(doc_.layers.size())) canvas_->zoomToExtent(doc_.layers[i].layer->extent);
}

void MainWindow::setLayerStyle(int i, const LayerStyleSpec& style) {
  if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
  doc_.setLayerStyle(doc_.layers[i].id, style);
  fillLayerTree();
  refreshScene();
}

void MainWindow::setLayerLabels(int i, bool on) {
  if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
  LayerStyleSpec style = doc_.layers[i].style;
  style.labels = on ? std::nullopt : std::optional<bool>(false);
  setLayerStyle(i, style);
}

void MainWindow::editStyle(int i) {
  if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
  StyleDialog dialog(doc_.layers[i], *doc_.styles, this);
  if (runDialog_(dialog) != QDialog::Accepted) return;
  setLayerStyle(i, dialog.style());
  if (doc_.project) statusBar()->showMessage(tr("样式已改；“保存项目”把它写进项目文件"), 6000);
}

void MainWindow::showProperties(int i) {
  if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
  PropertiesDialog dialog(doc_.layers[i], *doc_.roles, doc_.analysisCrs, this);
  runDialog_(dialog);
}

void MainWindow::removeLayer(int i) {
  if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
  const std::string id = doc_.layers[i].id;
  const bool compared = doc_.comparison && (doc_.comparison->oldId == id || doc_.comparison->newId == id);
  doc_.removeLayer(id);
  if (compared) canvas_->setSwipe(std::nullopt);
  refreshAll();
  statusBar()->showMessage(tr("已从地图移除 %1（项目文件中的图层与检查不变）").arg(QString::fromStdString(id)), 6000);
}

void MainWindow::showAttributes(const std::string& layerId) {
  if (!doc_.layer(layerId)) return;
  attributeDock_->show();
  attributeDock_->raise();
  if (attributes_->layerId() != layerId) attributes_->showLayer(layerId);
}

void MainWindow::selectFeatures(const std::string& layerId, const std::vector<size_t>& features, bool zoom) {
  LayerItem* l = doc_.layer(layerId);
  if (!l) return;
  for (LayerItem& other : doc_.layers)
    if (&other != l) other.selected.clear();
  l->selected = features;
  if (attributes_->layerId() != layerId) attributes_->showLayer(layerId);
  attributes_->selectFeatures(features);
  refreshScene();
  if (!zoom) return;
  geos::Envelope e;
  for (const size_t f : features)
    if (f < l->layer->features.size() && l->layer->features[f].geometry) e.expand(geos::envelope(l->layer->features[f].geometry.get()));
  if (!e.empty) canvas_->zoomToExtent(padded(e, 0.5, 50), 0);
}

void MainWindow::updateLayerFilter(const QString& id) {
  // Only the layer shown in the attribute table has a filter on the map, and only when asked.
  for (LayerItem& l : doc_.layers) l.filter = l.id == id.toStdString() && attributes_->filterOnMap() ? attributes_->rowFilter() : nullptr;
  refreshScene();
}

void MainWindow::updateResultFilter() {
  doc_.resultFilter = results_->rowFilter();
  if (doc_.selectedRow && doc_.resultFilter && !render::shown(doc_.resultFilter, *doc_.selectedRow)) doc_.selectedRow.reset();
  refreshScene();
}

std::vector<SearchHit> MainWindow::search(const QString& text) {
  searchHits_ = doc_.search(text.toStdString());
  searchModel_->clear();
  for (size_t i = 0; i < searchHits_.size(); ++i) {
    auto* item = new QStandardItem(QString::fromStdString(searchHits_[i].label));
    item->setData(static_cast<int>(i), Qt::UserRole);
    item->setToolTip(QString::fromStdString(searchHits_[i].field + " = " + searchHits_[i].value));
    searchModel_->appendRow(item);
  }
  return searchHits_;
}

void MainWindow::goTo(const SearchHit& hit) {
  LayerItem* l = doc_.layer(hit.layerId);
  if (!l) return;
  if (!l->visible) {
    l->visible = true;
    fillLayerTree();
  }
  selectFeatures(hit.layerId, {hit.feature}, true);
  statusBar()->showMessage(tr("%1：%2 = %3").arg(QString::fromStdString(hit.layerId), QString::fromStdString(hit.field), QString::fromStdString(hit.value)), 8000);
}

void MainWindow::fillResults() {
  std::vector<std::pair<QString, std::shared_ptr<const Table>>> tables;
  for (const ResultItem& r : doc_.results)
    tables.push_back({QStringLiteral("%1 (%2)").arg(QString::fromStdString(r.label())).arg(r.table->rows.size()), r.table});
  results_->setTables(tables, doc_.activeResult);
  doc_.resultFilter = results_->rowFilter();
}

void MainWindow::selectResultRow(size_t row) {
  const ResultItem* r = doc_.active();
  if (!r || row >= r->table->rows.size()) return;
  doc_.selectedRow = row;
  showResultRow(row);
  refreshScene();
  const geos::Envelope e = doc_.resultRowExtent(row);
  // A piece fills about half the view; a sliver still gets 100 m around it.
  if (!e.empty) canvas_->zoomToExtent(padded(e, 0.5, 50), 0);
}

void MainWindow::showResultRow(size_t row) {
  const ResultItem* r = doc_.active();
  if (!r || row >= r->table->rows.size()) return;
  const Table& t = *r->table;
  identify_->clear();
  auto* top = new QTreeWidgetItem({QString::fromStdString(r->label()), tr("第 %1 行").arg(row + 1)});
  for (size_t c = 0; c < t.columns.size(); ++c)
    new QTreeWidgetItem(top, {QString::fromStdString(language() == Language::English ? t.columns[c].en : t.columns[c].zh),
                              QString::fromStdString(cellText(t.rows[row][c], t.columns[c]))});
  identify_->addTopLevelItem(top);
  top->setExpanded(true);
  identify_->resizeColumnToContents(0);
}

std::vector<render::Hit> MainWindow::identifyAt(QPointF world, double tolerance) {
  const std::shared_ptr<const render::Scene> scene = doc_.scene();
  const std::vector<render::Hit> hits = render::identify(*scene, world.x(), world.y(), tolerance);
  identify_->clear();
  bool rowPicked = false, featurePicked = false;
  for (const render::Hit& hit : hits) {
    if (hit.kind == render::Hit::Kind::Result) {
      const Table& t = *scene->results[hit.entry].table;
      const ResultItem* item = doc_.result(scene->results[hit.entry].id);
      auto* top = new QTreeWidgetItem({QString::fromStdString(item ? item->label() : t.name), tr("第 %1 行").arg(hit.index + 1)});
      for (size_t c = 0; c < t.columns.size(); ++c)
        new QTreeWidgetItem(top, {QString::fromStdString(language() == Language::English ? t.columns[c].en : t.columns[c].zh),
                                  QString::fromStdString(cellText(t.rows[hit.index][c], t.columns[c]))});
      identify_->addTopLevelItem(top);
      if (!rowPicked && item == doc_.active()) {
        rowPicked = true;
        results_->selectRow(hit.index);  // also highlights and zooms through rowSelected
      }
    } else {
      const Layer& layer = *scene->layers[hit.entry].layer;
      const Feature& f = layer.features[hit.index];
      auto* top = new QTreeWidgetItem({QString::fromStdString(scene->layers[hit.entry].id), QStringLiteral("FID %1").arg(f.fid)});
      for (size_t c = 0; c < layer.fields.size() && c < f.values.size(); ++c)
        new QTreeWidgetItem(top, {QString::fromStdString(layer.fields[c]), QString::fromStdString(f.values[c])});
      identify_->addTopLevelItem(top);
      if (!featurePicked && !rowPicked) {
        // The map's selection is the attribute table's.
        featurePicked = true;
        selectFeatures(scene->layers[hit.entry].id, {hit.index});
      }
    }
  }
  if (!featurePicked) {
    bool any = false;
    for (LayerItem& l : doc_.layers) any |= !l.selected.empty(), l.selected.clear();
    if (any) {
      attributes_->selectFeatures({});
      refreshScene();
    }
  }
  if (identify_->topLevelItemCount() > 0) identify_->topLevelItem(0)->setExpanded(true);
  identify_->resizeColumnToContents(0);
  return hits;
}

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
    return viewer::runChecks(project, *roles, viewerRunOptions(out, isCancelled), progress);
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
    doc_.setRun(viewer::runChecks(*doc_.project, *doc_.roles, viewerRunOptions(dir.toStdString())));
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
    writeRun(*run, viewerRunOptions(out, isCancelled), progress);
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
