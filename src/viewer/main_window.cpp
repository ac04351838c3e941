#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <proj.h>

#include "core/base/error.h"
#include "core/base/text.h"
#include "mapping_dialog.h"

namespace sanxian::viewer {

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
  refreshAll();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
  canvas_ = new MapCanvas(this);
  setCentralWidget(canvas_);

  // Layers: top of the list is drawn on top.
  layerTree_ = new QTreeWidget;
  layerTree_->setColumnCount(4);
  layerTree_->setHeaderLabels({tr("图层"), tr("角色"), tr("要素数"), tr("坐标系")});
  layerTree_->setRootIsDecorated(false);
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
  const auto zoomToCurrent = [this] {
    const int i = currentLayerIndex();
    if (i >= 0) canvas_->zoomToExtent(doc_.layers[i].layer->extent);
  };
  connect(zoomLayer, &QPushButton::clicked, this, zoomToCurrent);
  connect(layerTree_, &QTreeWidget::itemDoubleClicked, this, zoomToCurrent);
  connect(layerTree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
    if (fillingTree_ || column != 0) return;
    const int i = item->data(0, Qt::UserRole).toInt();
    doc_.layers[i].visible = item->checkState(0) == Qt::Checked;
    refreshScene();
  });

  identify_ = new QTreeWidget;
  identify_->setColumnCount(2);
  identify_->setHeaderLabels({tr("字段"), tr("值")});
  auto* identifyDock = new QDockWidget(tr("识别"), this);
  identifyDock->setObjectName("identify");
  identifyDock->setWidget(identify_);
  addDockWidget(Qt::LeftDockWidgetArea, identifyDock);

  results_ = new ResultsPanel;
  auto* resultsDock = new QDockWidget(tr("检查结果"), this);
  resultsDock->setObjectName("results");
  resultsDock->setWidget(results_);
  addDockWidget(Qt::BottomDockWidgetArea, resultsDock);
  connect(results_, &ResultsPanel::tableChosen, this, [this](int index) {
    doc_.activeResult = index;
    doc_.selectedRow.reset();
    fillResults();
    refreshScene();
  });
  connect(results_, &ResultsPanel::rowSelected, this, &MainWindow::selectResultRow);

  // Actions.
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
  QAction* exportAct = action(tr("导出结果…"), QKeySequence(), [this] { exportResults(); });
  exportAction_ = exportAct;
  QAction* quit = action(tr("退出"), QKeySequence::Quit, [this] { close(); });
  file->addActions({open, add, exportAct});
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
  for (QAction* a : {pan, box, ident}) {
    a->setCheckable(true);
    tools->addAction(a);
  }
  pan->setChecked(true);
  viewMenu->addActions({full, zoomIn, zoomOut});
  viewMenu->addSeparator();
  viewMenu->addActions({pan, box, ident});

  QMenu* checks = menuBar()->addMenu(tr("检查"));
  QAction* run = action(tr("运行检查…"), QKeySequence(Qt::Key_F5), [this] { runChecks(); });
  runAction_ = run;
  QAction* compare = action(tr("比较红线版本…"), QKeySequence(), [this] { compareRedlines(); });
  checks->addActions({run, compare});
  QMenu* showMenu = checks->addMenu(tr("显示版本"));
  compareShow_ = new QActionGroup(this);
  const std::pair<QString, Comparison::Show> shows[] = {
      {tr("新旧对比"), Comparison::Show::Both}, {tr("仅旧版"), Comparison::Show::Old}, {tr("仅新版"), Comparison::Show::New}};
  for (const auto& [text, show] : shows) {
    QAction* a = showMenu->addAction(text);
    a->setCheckable(true);
    a->setChecked(show == Comparison::Show::Both);
    compareShow_->addAction(a);
    connect(a, &QAction::triggered, this, [this, show = show] {
      if (!doc_.comparison) return;
      doc_.comparison->show = show;
      refreshScene();
    });
  }
  QAction* toggle = action(tr("切换新旧版本"), QKeySequence(Qt::Key_T), [this] {
    if (!doc_.comparison) return;
    auto& show = doc_.comparison->show;
    show = show == Comparison::Show::Old ? Comparison::Show::New : Comparison::Show::Old;
    compareShow_->actions()[show == Comparison::Show::Old ? 1 : 2]->setChecked(true);
    refreshScene();
  });
  checks->addAction(toggle);

  bar->addActions({open, add});
  bar->addSeparator();
  bar->addActions({full, zoomIn, zoomOut, pan, box, ident});
  bar->addSeparator();
  bar->addActions({run, compare, toggle, exportAct});

  coords_ = new QLabel;
  degrees_ = new QLabel;
  renderTime_ = new QLabel;
  statusBar()->addPermanentWidget(coords_);
  statusBar()->addPermanentWidget(degrees_);
  statusBar()->addPermanentWidget(renderTime_);
  connect(canvas_, &MapCanvas::mouseWorld, this, &MainWindow::updateCoordinates);
  connect(canvas_, &MapCanvas::rendered, this,
          [this](double s) { renderTime_->setText(tr("绘制 %1 毫秒").arg(s * 1000, 0, 'f', 0)); });
  connect(canvas_, &MapCanvas::clicked, this, [this](QPointF world, double tolerance) { identifyAt(world, tolerance); });
}

void MainWindow::updateCoordinates(QPointF world) {
  coords_->setText(QStringLiteral("X %1  Y %2 m").arg(world.x(), 0, 'f', 1).arg(world.y(), 0, 'f', 1));
  double lon = 0, lat = 0;
  if (proj_->toDegrees(doc_.analysisCrs.definition, world.x(), world.y(), lon, lat))
    degrees_->setText(QStringLiteral("%1°E  %2°N").arg(lon, 0, 'f', 6).arg(lat, 0, 'f', 6));
  else
    degrees_->clear();
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
  refreshAll();
  canvas_->zoomToFullExtent();
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
  fillResults();
  refreshScene();
}

void MainWindow::refreshScene() { canvas_->setScene(doc_.scene()); }

void MainWindow::fillLayerTree() {
  fillingTree_ = true;
  const int current = currentLayerIndex();
  layerTree_->clear();
  for (int i = static_cast<int>(doc_.layers.size()) - 1; i >= 0; --i) {
    const LayerItem& l = doc_.layers[i];
    const RoleDef* role = doc_.roles->find(l.layer->role());
    const QString roleText = role ? QString::fromStdString(language() == Language::English ? role->titleEn : role->titleZh)
                                  : QString::fromStdString(l.layer->role());
    const CrsInfo& crs = l.layer->sourceCrs.definition.empty() ? l.layer->crs : l.layer->sourceCrs;
    const QString crsText = crs.epsg ? QStringLiteral("EPSG:%1").arg(crs.epsg) : QString::fromStdString(crs.name);
    auto* item = new QTreeWidgetItem(
        {QString::fromStdString(l.id), roleText, QString::number(l.layer->features.size()), crsText});
    item->setData(0, Qt::UserRole, i);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(0, l.visible ? Qt::Checked : Qt::Unchecked);
    item->setToolTip(0, QString::fromStdString(l.layer->source));
    item->setToolTip(3, QString::fromStdString(crs.name));
    layerTree_->addTopLevelItem(item);
    if (i == current) layerTree_->setCurrentItem(item);
  }
  for (int c = 0; c < 4; ++c) layerTree_->resizeColumnToContents(c);
  fillingTree_ = false;
}

int MainWindow::currentLayerIndex() const {
  const QTreeWidgetItem* item = layerTree_ ? layerTree_->currentItem() : nullptr;
  return item ? item->data(0, Qt::UserRole).toInt() : -1;
}

void MainWindow::moveLayer(int delta) {
  const int i = currentLayerIndex();
  const int j = i + delta;
  if (i < 0 || j < 0 || j >= static_cast<int>(doc_.layers.size())) return;
  std::swap(doc_.layers[i], doc_.layers[j]);
  fillLayerTree();
  for (int k = 0; k < layerTree_->topLevelItemCount(); ++k)
    if (layerTree_->topLevelItem(k)->data(0, Qt::UserRole).toInt() == j) layerTree_->setCurrentItem(layerTree_->topLevelItem(k));
  refreshScene();
}

void MainWindow::fillResults() {
  std::vector<std::pair<QString, std::shared_ptr<const Table>>> tables;
  for (const ResultItem& r : doc_.results)
    tables.push_back({QStringLiteral("%1 (%2)").arg(QString::fromStdString(r.label())).arg(r.table->rows.size()), r.table});
  results_->setTables(tables, doc_.activeResult);
}

void MainWindow::selectResultRow(size_t row) {
  const ResultItem* r = doc_.active();
  if (!r || row >= r->table->rows.size()) return;
  doc_.selectedRow = row;
  refreshScene();
  const geos::Envelope e = doc_.resultRowExtent(row);
  if (!e.empty) {
    // A piece fills about half the view; a sliver still gets 100 m around it.
    geos::Envelope grown = e;
    const double pad = std::max({(e.maxX - e.minX) * 0.5, (e.maxY - e.minY) * 0.5, 50.0});
    grown.minX -= pad, grown.minY -= pad, grown.maxX += pad, grown.maxY += pad;
    canvas_->zoomToExtent(grown, 0);
  }
}

std::vector<render::Hit> MainWindow::identifyAt(QPointF world, double tolerance) {
  const std::shared_ptr<const render::Scene> scene = doc_.scene();
  const std::vector<render::Hit> hits = render::identify(*scene, world.x(), world.y(), tolerance);
  identify_->clear();
  bool rowPicked = false;
  for (const render::Hit& hit : hits) {
    if (hit.kind == render::Hit::Kind::Result) {
      const Table& t = *scene->results[hit.entry].table;
      const ResultItem* item = doc_.result(scene->results[hit.entry].id);
      auto* top = new QTreeWidgetItem({QString::fromStdString(item ? item->label() : t.name), tr("第 %1 行").arg(hit.index + 1)});
      for (size_t c = 0; c < t.columns.size(); ++c)
        new QTreeWidgetItem(top, {QString::fromStdString(language() == Language::English ? t.columns[c].en : t.columns[c].zh),
                                  QString::fromStdString(cellText(t.rows[hit.index][c], t.columns[c]))});
      identify_->addTopLevelItem(top);
      if (!rowPicked) {
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
    fillResults();
    refreshScene();
    QStringList lines;
    for (const CheckOutput& c : outcome.run->checkOutputs)
      for (const std::string& h : c.headlines) lines << QString::fromStdString(h);
    const QString where = dir.isEmpty() ? tr("检查完成，结果尚未保存（用“导出结果…”写出全部报告）")
                                        : tr("已写出 %1 个文件到 %2").arg(outcome.run->written.size()).arg(QDir::toNativeSeparators(dir));
    statusBar()->showMessage(lines.isEmpty() ? where : tr("%1：%2").arg(where, lines.join(tr("；"))), 15000);
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
  compareShow_->actions()[0]->setChecked(true);
  refreshScene();
  statusBar()->showMessage(tr("红线比较 %1 → %2：减少 %3 公顷，增加 %4 公顷（椭球面积，与红线核查相同）")
                               .arg(QString::fromStdString(doc_.comparison->oldId), QString::fromStdString(doc_.comparison->newId))
                               .arg(doc_.comparison->removedArea / 10000, 0, 'f', 4)
                               .arg(doc_.comparison->addedArea / 10000, 0, 'f', 4));
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
  if (dialog.exec() != QDialog::Accepted || oldBox->currentIndex() == newBox->currentIndex()) return;
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
