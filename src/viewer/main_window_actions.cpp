// MainWindow, the menus and the tool bar: 文件, 视图 and 检查 with their
// shortcuts, and the search box (codes and names across the layers).
#include <QAbstractItemView>
#include <QAction>
#include <QActionGroup>
#include <QCompleter>
#include <QFileDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QStandardItemModel>
#include <QToolBar>

#include <tuple>

#include "main_window.h"

namespace sanxian::viewer {

namespace {

// An action of the window that calls `slot`, with a shortcut unless `key` is empty.
template <typename Slot>
QAction* makeAction(MainWindow* window, const QString& text, const QKeySequence& key, Slot slot) {
  auto* a = new QAction(text, window);
  if (!key.isEmpty()) a->setShortcut(key);
  QObject::connect(a, &QAction::triggered, window, slot);
  return a;
}

// A checkable action of the window, `on` at first, that calls `apply` when toggled.
template <typename Apply>
QAction* makeToggle(MainWindow* window, const QString& text, bool on, Apply apply) {
  auto* a = new QAction(text, window);
  a->setCheckable(true);
  a->setChecked(on);
  QObject::connect(a, &QAction::toggled, window, apply);
  return a;
}

}  // namespace

void MainWindow::buildActions() {
  QToolBar* toolBar = addToolBar(tr("工具"));
  toolBar->setObjectName("tools");
  ToolBarActions bar;
  buildFileMenu(bar);
  buildViewMenu(bar);
  buildChecksMenu(bar);
  buildSearch();
  fillToolBar(toolBar, bar);
}

void MainWindow::buildFileMenu(ToolBarActions& bar) {
  QMenu* file = menuBar()->addMenu(tr("文件"));
  bar.open = makeAction(this, tr("打开项目…"), QKeySequence::Open, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("打开项目"), {}, tr("项目文件 (*.yaml *.yml)"));
    if (!path.isEmpty()) openProject(path);
  });
  bar.add = makeAction(this, tr("添加图层…"), QKeySequence(), [this] {
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("添加图层"), {},
                                                            tr("矢量数据 (*.shp *.gpkg *.geojson *.json *.kml *.gdb);;全部文件 (*)"));
    for (const QString& p : paths) addLayerFile(p);
  });
  bar.save = makeAction(this, tr("保存项目"), QKeySequence::Save, [this] { saveProject(); });
  bar.exportResults = makeAction(this, tr("导出结果…"), QKeySequence(), [this] { exportResults(); });
  exportAction_ = bar.exportResults;
  QAction* image = makeAction(this, tr("导出地图图片…"), QKeySequence(), [this] { exportImageDialog(); });
  bar.print = makeAction(this, tr("打印布局…"), QKeySequence::Print, [this] { printDialog(); });
  QAction* quit = makeAction(this, tr("退出"), QKeySequence::Quit, [this] { close(); });
  file->addActions({bar.open, bar.add, bar.save});
  file->addSeparator();
  file->addActions({bar.exportResults, image, bar.print});
  file->addSeparator();
  file->addAction(quit);
}

void MainWindow::buildViewMenu(ToolBarActions& bar) {
  QMenu* viewMenu = menuBar()->addMenu(tr("视图"));
  bar.full = makeAction(this, tr("全图"), QKeySequence(Qt::CTRL | Qt::Key_0), [this] { canvas_->zoomToFullExtent(); });
  bar.zoomIn = makeAction(this, tr("放大"), QKeySequence::ZoomIn, [this] { canvas_->zoomBy(2); });
  bar.zoomOut = makeAction(this, tr("缩小"), QKeySequence::ZoomOut, [this] { canvas_->zoomBy(0.5); });
  auto* tools = new QActionGroup(this);
  const std::tuple<QString, QKeySequence, MapCanvas::Tool> toolList[] = {
      {tr("平移"), QKeySequence(Qt::Key_P), MapCanvas::Tool::Pan},
      {tr("拉框放大"), QKeySequence(Qt::Key_Z), MapCanvas::Tool::ZoomBox},
      {tr("识别"), QKeySequence(Qt::Key_I), MapCanvas::Tool::Identify},
      {tr("测距离"), QKeySequence(Qt::Key_M), MapCanvas::Tool::MeasureLine},
      {tr("测面积"), QKeySequence(Qt::SHIFT | Qt::Key_M), MapCanvas::Tool::MeasureArea}};
  for (const auto& [text, key, tool] : toolList) {
    QAction* a = makeAction(this, text, key, [this, tool = tool] { canvas_->setTool(tool); });
    a->setCheckable(true);
    tools->addAction(a);
    bar.tools.push_back(a);
  }
  bar.tools.front()->setChecked(true);  // pan
  QAction* legend = makeToggle(this, tr("地图图例"), true, [this](bool on) {
    render::RenderOptions o = canvas_->renderOptions();
    o.legend = on;
    canvas_->setRenderOptions(o);
  });
  QAction* north = makeToggle(this, tr("指北针与比例尺"), true, [this](bool on) {
    render::RenderOptions o = canvas_->renderOptions();
    o.northArrow = o.scaleBar = on;
    canvas_->setRenderOptions(o);
  });
  QAction* table = makeAction(this, tr("属性表"), QKeySequence(Qt::Key_F6), [this] {
    const int i = currentLayerIndex();
    showAttributes(i >= 0 ? doc_.layers[i].id : attributes_->layerId());
  });
  viewMenu->addActions({bar.full, bar.zoomIn, bar.zoomOut});
  viewMenu->addSeparator();
  for (QAction* a : bar.tools) viewMenu->addAction(a);
  viewMenu->addSeparator();
  viewMenu->addActions({legend, north, table});
}

void MainWindow::buildChecksMenu(ToolBarActions& bar) {
  QMenu* checks = menuBar()->addMenu(tr("检查"));
  bar.run = makeAction(this, tr("运行检查…"), QKeySequence(Qt::Key_F5), [this] { runChecks(); });
  runAction_ = bar.run;
  bar.compare = makeAction(this, tr("比较红线版本…"), QKeySequence(), [this] { compareRedlines(); });
  QAction* indicatorMap = makeAction(this, tr("指标地图…"), QKeySequence(), [this] { showIndicatorMap(); });
  checks->addActions({bar.run, bar.compare, indicatorMap});
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
  toggleAction_ = makeAction(this, tr("切换新旧版本"), QKeySequence(Qt::Key_T), [this] {
    if (!doc_.comparison) return;
    setCompareShow(doc_.comparison->show == Comparison::Show::Old ? Comparison::Show::New : Comparison::Show::Old);
  });
  checks->addAction(toggleAction_);
}

void MainWindow::buildSearch() {
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
}

void MainWindow::fillToolBar(QToolBar* bar, const ToolBarActions& a) {
  bar->addActions({a.open, a.add, a.save});
  bar->addSeparator();
  bar->addActions({a.full, a.zoomIn, a.zoomOut});
  for (QAction* tool : a.tools) bar->addAction(tool);
  bar->addSeparator();
  bar->addActions({a.run, a.compare, toggleAction_, a.exportResults, a.print});
  bar->addSeparator();
  bar->addWidget(search_);
}

}  // namespace sanxian::viewer
