// The viewer window offscreen: selecting a result row moves the map to its
// piece, a click on the map selects the row, identify shows Chinese
// attributes, the canvas cancels stale renders, the screenshot draws the
// project, the red-line comparison finds removed and added pieces, checks
// are named by their titles, and 导出结果 writes what `sanxian run` writes,
// leaving the folder as it was when cancelled. Then (issue 18) the legend
// in the tree, the swipe, attribute tables and search, measuring against
// Planimeter, --print read back with pdftotext, the layer menu and saving
// the project, own result layers, Qt's Chinese.
#include <gtest/gtest.h>

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTreeWidget>

#include <gdal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <latch>
#include <map>
#include <set>

#include "../render/qt_app.h"
#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/crs.h"
#include "core/io/load.h"
#include "fixtures/fixtures.h"
#include "render/legend.h"
#include "report/pdf/pdf_report.h"
#include "report/pdf/qgis_style.h"
#include "viewer/indicator_map.h"
#include "viewer/layer_dialogs.h"
#include "viewer/main_window.h"
#include "viewer/mapping_dialog.h"
#include "viewer/measuring.h"
#include "viewer/screenshot.h"
#include "viewer/translations.h"

using namespace sanxian;
using namespace sanxian::viewer;

namespace {

Layer makeLayer(const std::string& role, const std::vector<std::string>& wkts, std::vector<std::string> fields = {},
                std::vector<std::vector<std::string>> values = {}) {
  Layer layer;
  layer.roleMatch = RoleMatch{};
  layer.roleMatch->role = role;
  layer.fields = fields;
  layer.crs.definition = "EPSG:4545";
  layer.crs.epsg = 4545;
  for (size_t i = 0; i < wkts.size(); ++i) {
    Feature f;
    f.fid = static_cast<int64_t>(i) + 10;
    f.geometry = geos::fromWkt(wkts[i]);
    f.values = i < values.size() ? values[i] : std::vector<std::string>(fields.size());
    f.isNull.assign(f.values.size(), false);
    layer.extent.expand(geos::envelope(f.geometry.get()));
    layer.features.push_back(std::move(f));
  }
  layer.geometryTypeCounts["Polygon"] = static_cast<int>(wkts.size());
  return layer;
}

geos::Envelope rectEnvelope(double minX, double minY, double maxX, double maxY) {
  geos::Envelope e;
  e.minX = minX, e.minY = minY, e.maxX = maxX, e.maxY = maxY, e.empty = false;
  return e;
}

// Two conflict pieces 40 km apart in a 100 km county.
Table conflicts() {
  Table t;
  t.name = "overlap_pieces";
  t.zh = "重叠图斑";
  t.en = "Overlap pieces";
  t.columns = {{"rule", "规则", "Rule"}, {"severity", "严重程度", "Severity"}, {"township", "乡镇", "Township"},
               {"area_m2", "面积（平方米）", "Area (m²)", ColumnType::Real}};
  t.rows = {{std::string("核心区矿业权"), std::string("严重"), std::string("乌兰镇"), 10000.0},
            {std::string("一般控制区矿业权"), std::string("一般"), std::string("苏米图苏木"), 40000.0}};
  t.geometries.push_back(geos::fromWkt("POLYGON((500000 4300000,500100 4300000,500100 4300100,500000 4300100,500000 4300000))"));
  t.geometries.push_back(geos::fromWkt("POLYGON((540000 4340000,540200 4340000,540200 4340200,540000 4340200,540000 4340000))"));
  return t;
}

struct WindowFixture : ::testing::Test {
  void SetUp() override {
    ensureQtApp<QApplication>();
    window = std::make_unique<MainWindow>();
    window->resize(1200, 800);
    Document& doc = window->document();
    doc.addLayer("townships", makeLayer("boundary", {"POLYGON((450000 4250000,550000 4250000,550000 4350000,450000 4350000,450000 4250000))"},
                                        {"XZQMC"}, {{"乌兰镇"}}));
    doc.addResult("overlap_1/overlap_pieces", "overlap_1", conflicts());
    window->refreshAll();
    window->canvas()->resize(800, 600);
    window->canvas()->zoomToFullExtent();
  }
  void TearDown() override {
    window->canvas()->renderer().cancel();
    window->canvas()->renderer().waitForIdle();
    QCoreApplication::processEvents();
  }
  std::unique_ptr<MainWindow> window;
};

}  // namespace

TEST_F(WindowFixture, SelectingAResultRowZoomsToAndHighlightsItsPiece) {
  const geos::Envelope before = window->canvas()->view().extent();
  EXPECT_GT(before.maxX - before.minX, 90000);
  ASSERT_TRUE(window->results()->selectRow(1));
  const geos::Envelope after = window->canvas()->view().extent();
  // The 200 m piece at (540000..540200, 4340000..4340200) is in view and fills a good part of it.
  EXPECT_LE(after.minX, 540000);
  EXPECT_GE(after.maxX, 540200);
  EXPECT_LE(after.minY, 4340000);
  EXPECT_GE(after.maxY, 4340200);
  EXPECT_LT(after.maxX - after.minX, 2000);
  EXPECT_NEAR(window->canvas()->view().centre().x(), 540100, 1);
  EXPECT_NEAR(window->canvas()->view().centre().y(), 4340100, 1);
  ASSERT_TRUE(window->document().selectedRow.has_value());
  EXPECT_EQ(*window->document().selectedRow, 1u);
  // The highlight is drawn as the last overlay.
  const auto scene = window->document().scene();
  ASSERT_FALSE(scene->overlays.empty());
  EXPECT_EQ(scene->overlays.back().geometries[0], window->document().active()->table->geometries[1].get());
}

TEST_F(WindowFixture, ClickingAPieceOnTheMapSelectsItsRowEvenWhenSorted) {
  window->results()->view()->sortByColumn(3, Qt::DescendingOrder);  // area: row 1 (40000) comes first
  const auto hits = window->identifyAt(QPointF(500050, 4300050), 10);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].kind, render::Hit::Kind::Result);
  EXPECT_EQ(hits[0].index, 0u);
  const QModelIndex current = window->results()->view()->currentIndex();
  EXPECT_EQ(window->results()->filter().mapToSource(current).row(), 0);
  EXPECT_EQ(current.row(), 1);  // shown second after sorting
  EXPECT_EQ(*window->document().selectedRow, 0u);
}

TEST_F(WindowFixture, ResultsFilterBySeverityAndText) {
  window->results()->setFilterValue("severity", QString::fromUtf8("严重"));
  EXPECT_EQ(window->results()->filter().rowCount(), 1);
  window->results()->setFilterValue("severity", QString());
  EXPECT_EQ(window->results()->filter().rowCount(), 2);
  window->results()->filter().setText(QString::fromUtf8("苏米图"));
  EXPECT_EQ(window->results()->filter().rowCount(), 1);
  // A filtered-out row cannot be selected from the map.
  EXPECT_FALSE(window->results()->selectRow(0));
}

TEST_F(WindowFixture, IdentifyReturnsTheFeatureWithChineseAttributesIntact) {
  const auto hits = window->identifyAt(QPointF(460000, 4260000), 10);  // in the township, off the pieces
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].kind, render::Hit::Kind::Feature);
  EXPECT_EQ(hits[0].index, 0u);
  QTreeWidget* tree = window->identifyTree();
  ASSERT_EQ(tree->topLevelItemCount(), 1);
  EXPECT_EQ(tree->topLevelItem(0)->text(0), "townships");
  EXPECT_EQ(tree->topLevelItem(0)->text(1), "FID 10");
  ASSERT_EQ(tree->topLevelItem(0)->childCount(), 1);
  EXPECT_EQ(tree->topLevelItem(0)->child(0)->text(0), "XZQMC");
  EXPECT_EQ(tree->topLevelItem(0)->child(0)->text(1), QString::fromUtf8("乌兰镇"));
  EXPECT_TRUE(window->identifyAt(QPointF(600000, 4260000), 10).empty());
}

TEST_F(WindowFixture, CanvasCancelsTheStaleRenderWhenTheViewChanges) {
  MapCanvas* canvas = window->canvas();
  canvas->renderer().waitForIdle();
  QCoreApplication::processEvents();
  const int cancelledBefore = canvas->renderer().cancelledCount();
  canvas->renderNow();
  const render::MapView newer = canvas->view().zoomedAt(QPointF(400, 300), 3);
  canvas->setView(newer);  // cancels the render in progress
  canvas->renderNow();
  canvas->renderer().waitForIdle();
  QCoreApplication::processEvents();
  EXPECT_GE(canvas->renderer().cancelledCount(), cancelledBefore + 1);
  ASSERT_FALSE(canvas->image().isNull());
  EXPECT_EQ(canvas->image().size(), QSize(800, 600));
}

TEST_F(WindowFixture, HidingALayerInTheTreeRemovesItFromTheScene) {
  QTreeWidget* tree = window->layerTree();
  ASSERT_EQ(tree->topLevelItemCount(), 1);
  EXPECT_EQ(tree->topLevelItem(0)->text(2), "1");  // feature count
  EXPECT_EQ(tree->topLevelItem(0)->text(3), "EPSG:4545");
  tree->topLevelItem(0)->setCheckState(0, Qt::Unchecked);
  EXPECT_FALSE(window->canvas()->scene()->layers[0].visible);
}

TEST(ViewerCompare, RemovedAndAddedPiecesOfTwoRedLineVersions) {
  ensureQtApp<QApplication>();
  const Layer old = makeLayer("redline", {"POLYGON((0 0,100 0,100 100,0 100,0 0))"});
  const Layer neu = makeLayer("redline", {"POLYGON((50 0,150 0,150 100,50 100,50 0))"});
  const Comparison c = Document::compare(old, neu, "redline_2022", "redline_2023", RoleCatalog::loadDefault());
  EXPECT_NEAR(c.planarRemovedArea, 5000, 1e-6);  // 0..50 × 0..100
  EXPECT_NEAR(c.planarAddedArea, 5000, 1e-6);    // 100..150 × 0..100
  // The audit's ellipsoidal figures, as the report gives them: 500 km west
  // of the central meridian the Gauss-Kruger scale is k ≈ 1 + x²/2R² ≈
  // 1.00308, so the ground area is 5000 / k² ≈ 4969.3 m².
  const double k = 1 + 500000.0 * 500000.0 / (2 * 6378137.0 * 6378137.0 * (1 - 0.00669438 * std::pow(std::sin(0.0), 2)));
  EXPECT_NEAR(c.removedArea, 5000 / (k * k), 1.0);
  EXPECT_NEAR(c.addedArea, 5000 / (k * k), 1.0);
  EXPECT_NEAR(geos::envelope(c.removed.get()).maxX, 50, 1e-9);
  EXPECT_NEAR(geos::envelope(c.added.get()).minX, 100, 1e-9);
}

TEST(ViewerScreenshot, DrawsTheProjectIntoAPngOfTheAskedSize) {
  ensureQtApp<QApplication>();
  const std::string dir = test::freshFolder("viewer_screenshot");
  test::LayerSpec spec;
  spec.path = dir + "/reserves.shp";
  spec.fields = {"BHDMC", "GNFQ"};
  // A 10 km square reserve, all core zone (EPSG:4545, the fixture default).
  spec.rows = {{"POLYGON((500000 4300000,510000 4300000,510000 4310000,500000 4310000,500000 4300000))", {"甘草自然保护区", "核心区"}}};
  test::writeLayer(spec);
  std::ofstream(dir + "/p.yaml") << "name: 截图测试\nlayers:\n  reserves: {path: reserves.shp, role: reserve}\nchecks: []\n";
  ScreenshotOptions o;
  o.project = dir + "/p.yaml";
  o.output = dir + "/shot.png";
  o.size = QSize(400, 300);
  ASSERT_EQ(screenshot(o), 0);
  QImage image(QString::fromStdString(o.output));
  ASSERT_EQ(image.size(), QSize(400, 300));
  const render::StyleSet styles = render::StyleSet::loadDefault();
  // The centre of the reserve: its core-zone fill over the background (no label there: check off-centre).
  const QColor fill = styles.forRole("reserve", "core").fill;
  const QColor bg = styles.background;
  const double a = fill.alphaF();
  const QColor expected(std::lround(fill.red() * a + bg.red() * (1 - a)), std::lround(fill.green() * a + bg.green() * (1 - a)),
                        std::lround(fill.blue() * a + bg.blue() * (1 - a)));
  const QColor inside = image.pixelColor(200, 60);
  EXPECT_NEAR(inside.red(), expected.red(), 2);
  EXPECT_NEAR(inside.green(), expected.green(), 2);
  EXPECT_NEAR(inside.blue(), expected.blue(), 2);
  EXPECT_EQ(image.pixelColor(2, 150).rgb(), bg.rgb());  // left of the square (fit to height 300 px)
  EXPECT_THROW(parseSize("12x"), Error);
}

namespace {

namespace fs = std::filesystem;
using Outcome = MainWindow::TaskOutcome;

// Waits for a run or an export of the window and for the window to show its end.
Outcome finish(MainWindow& window, QFuture<Outcome> future) {
  future.waitForFinished();
  while (window.busy()) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  QCoreApplication::processEvents();
  return future.result();
}

// Every file under a folder: relative path → bytes.
std::map<std::string, std::string> filesIn(const std::string& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    files[fs::relative(entry.path(), folder).string()] = std::string(std::istreambuf_iterator<char>(in), {});
  }
  return files;
}

std::set<std::string> pathsOf(const std::map<std::string, std::string>& files) {
  std::set<std::string> paths;
  for (const auto& [path, bytes] : files) paths.insert(path);
  return paths;
}

// Relative path → modification time, folders included.
std::map<std::string, fs::file_time_type> timesIn(const std::string& folder) {
  std::map<std::string, fs::file_time_type> times;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) times[fs::relative(entry.path(), folder).string()] = entry.last_write_time();
  return times;
}

bool hasStagingFolder(const std::string& folder) {
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().filename().string().rfind(".sanxian-staging-", 0) == 0) return true;
  return false;
}

std::vector<std::string> gpkgLayers(const std::string& path) {
  std::vector<std::string> names;
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (!ds) return names;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds); ++i) names.push_back(OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
  GDALClose(ds);
  return names;
}

// The window with the Otog sample open and its checks run (computed, nothing written).
struct OtogWindow : ::testing::Test {
  void SetUp() override {
    ensureQtApp<QApplication>();
    window = std::make_unique<MainWindow>();
    window->resize(1200, 800);
    window->document().openProject(SANXIAN_SAMPLE_PROJECT);
    window->refreshAll();
    const Outcome ran = finish(*window, window->startChecks());
    ASSERT_EQ(ran.status, Outcome::Status::Done) << ran.error.toStdString();
    ASSERT_TRUE(window->document().run);
    ASSERT_TRUE(window->document().run->written.empty());  // computed only
  }
  void TearDown() override {
    window->canvas()->renderer().cancel();
    window->canvas()->renderer().waitForIdle();
    QCoreApplication::processEvents();
  }
  std::unique_ptr<MainWindow> window;
};

}  // namespace

TEST_F(OtogWindow, ExportWritesTheSameFilesAsSanxianRun) {
  const std::string exported = test::freshFolder("viewer_export");
  const Outcome outcome = finish(*window, window->exportTo(QString::fromStdString(exported)));
  ASSERT_EQ(outcome.status, Outcome::Status::Done) << outcome.error.toStdString();

  // `sanxian run` as the command line sets it up: QGIS styles, then the PDF.
  const std::string ran = test::freshFolder("viewer_export_run");
  RunOptions options;
  options.outputDir = ran;
  options.commandLine = "sanxian run";
  options.extraWriters.push_back(report::qgisStyleWriter());
  report::PdfOptions pdf;
  pdf.commandLine = options.commandLine;
  options.extraWriters.push_back(report::pdfReportWriter(pdf));
  runProject(readProject(SANXIAN_SAMPLE_PROJECT), RoleCatalog::loadDefault(), options);

  const auto viewerFiles = filesIn(exported), runFiles = filesIn(ran);
  EXPECT_EQ(pathsOf(viewerFiles), pathsOf(runFiles));
  for (const char* path : {"ledger.csv", "ledger.qml", "sanxian_results.gpkg", "sanxian_results.xlsx", "sanxian_report.pdf", "run_summary.json",
                           "audit_trail.json", "load_report.txt", "矿业权与生态保护红线/overlap_conflicts.shp",
                           "矿业权与生态保护红线/overlap_conflicts.qml", "矿业权与自然保护地/overlap_conflicts.shp",
                           "自然保护地交叉重叠/overlap_conflicts.shp", "红线变化核查/audit_changes.qml"})
    EXPECT_TRUE(viewerFiles.count(path)) << path;
  // The tables, Shapefiles and styles are byte for byte those of `sanxian run`.
  size_t compared = 0;
  for (const auto& [path, bytes] : viewerFiles) {
    const std::string ext = fs::path(path).extension().string();
    if (ext != ".csv" && ext != ".shp" && ext != ".shx" && ext != ".dbf" && ext != ".prj" && ext != ".cpg" && ext != ".qml") continue;
    ++compared;
    EXPECT_TRUE(runFiles.count(path) && runFiles.at(path) == bytes) << path;
  }
  EXPECT_GT(compared, 60u);
  // Each overlap check's tables in the one GeoPackage, under its own name.
  const std::vector<std::string> layers = gpkgLayers(exported + "/sanxian_results.gpkg");
  EXPECT_EQ(layers, gpkgLayers(ran + "/sanxian_results.gpkg"));
  for (const char* check : {"矿业权与生态保护红线", "矿业权与自然保护地", "自然保护地交叉重叠"})
    EXPECT_NE(std::find(layers.begin(), layers.end(), std::string(check) + "_overlap_conflicts"), layers.end()) << check;

  // The status bar says how many files were written, and where.
  EXPECT_EQ(outcome.run->written.size(), viewerFiles.size());
  const QString status = window->statusBar()->currentMessage();
  EXPECT_TRUE(status.contains(QString::number(viewerFiles.size()))) << status.toStdString();
  EXPECT_TRUE(status.contains(QString::fromStdString(exported))) << status.toStdString();
}

TEST_F(OtogWindow, CancellingAnExportLeavesThePreviousOutputsAsTheyWere) {
  const std::string folder = test::freshFolder("viewer_export_cancel");
  std::atomic<int> checkpoints{0};
  const Outcome first = finish(*window, window->exportTo(QString::fromStdString(folder), [&] {
    ++checkpoints;
    return false;
  }));
  ASSERT_EQ(first.status, Outcome::Status::Done) << first.error.toStdString();
  ASSERT_GT(checkpoints.load(), 3);
  const auto before = filesIn(folder);
  const auto timesBefore = timesIn(folder);
  ASSERT_TRUE(before.count("sanxian_report.pdf"));

  // Cancel at the first checkpoint, the second, half way and the last one
  // (the PDF is written by then, just before the files are moved into place).
  for (const int at : {1, 2, checkpoints.load() / 2, checkpoints.load()}) {
    std::atomic<int> calls{0};
    const Outcome cancelled = finish(*window, window->exportTo(QString::fromStdString(folder), [&] { return ++calls >= at; }));
    EXPECT_EQ(cancelled.status, Outcome::Status::Cancelled) << "cancelled at checkpoint " << at;
    EXPECT_EQ(filesIn(folder), before) << "cancelled at checkpoint " << at;
    EXPECT_EQ(timesIn(folder), timesBefore) << "cancelled at checkpoint " << at;
    EXPECT_FALSE(hasStagingFolder(folder)) << "cancelled at checkpoint " << at;
  }
  EXPECT_TRUE(window->statusBar()->currentMessage().contains(QString::fromUtf8("导出已取消")));

  // The dialog's 取消 button: the export waits at its first checkpoint until it is clicked.
  std::latch clicked(1);
  std::atomic<bool> first_call{true};
  QFuture<Outcome> future = window->exportTo(QString::fromStdString(folder), [&] {
    if (first_call.exchange(false)) clicked.wait();
    return false;
  });
  QProgressDialog* dialog = window->findChild<QProgressDialog*>();
  ASSERT_NE(dialog, nullptr);
  QPushButton* cancelButton = dialog->findChild<QPushButton*>();
  ASSERT_NE(cancelButton, nullptr);
  cancelButton->click();
  clicked.count_down();
  EXPECT_EQ(finish(*window, future).status, Outcome::Status::Cancelled);
  EXPECT_EQ(filesIn(folder), before);
  EXPECT_FALSE(hasStagingFolder(folder));

  // The kept run is still written whole after all that.
  EXPECT_EQ(finish(*window, window->exportTo(QString::fromStdString(folder))).status, Outcome::Status::Done);
  EXPECT_EQ(pathsOf(filesIn(folder)), pathsOf(before));
  EXPECT_FALSE(hasStagingFolder(folder));

  // An empty folder stays empty.
  const std::string empty = test::freshFolder("viewer_export_cancel_empty");
  EXPECT_EQ(finish(*window, window->exportTo(QString::fromStdString(empty), [] { return true; })).status, Outcome::Status::Cancelled);
  EXPECT_TRUE(fs::is_empty(empty));
}

TEST_F(OtogWindow, AFailedExportShowsTheFileItCouldNotWrite) {
  const std::string folder = test::freshFolder("viewer_export_fail");
  const std::string notAFolder = folder + "/a_file";
  std::ofstream(notAFolder) << "not a folder";
  const Outcome outcome = finish(*window, window->exportTo(QString::fromStdString(notAFolder)));
  EXPECT_EQ(outcome.status, Outcome::Status::Failed);
  EXPECT_TRUE(outcome.error.contains(QString::fromStdString(notAFolder))) << outcome.error.toStdString();
  QMessageBox* box = window->findChild<QMessageBox*>();
  ASSERT_NE(box, nullptr);
  EXPECT_TRUE(box->text().contains(QString::fromStdString(notAFolder)));
  box->close();
}

TEST_F(OtogWindow, CancellingTheChecksKeepsThePreviousRunAndWritesNothing) {
  Document& doc = window->document();
  const std::shared_ptr<RunResult> previous = doc.run;
  const size_t tables = doc.results.size();
  ASSERT_GT(tables, 0u);
  // How often a whole run written into a folder asks whether it is cancelled.
  std::atomic<int> asked{0};
  const Outcome whole = finish(*window, window->startChecks(QString::fromStdString(test::freshFolder("viewer_checks_whole")), [&] {
    ++asked;
    return false;
  }));
  ASSERT_EQ(whole.status, Outcome::Status::Done) << whole.error.toStdString();
  EXPECT_FALSE(whole.run->written.empty());
  EXPECT_NE(doc.run.get(), previous.get());  // shown
  const std::shared_ptr<RunResult> shown = doc.run;
  // Cancelled at the first question (loading), half way and at the last
  // (the run written, about to be moved into place).
  const std::string folder = test::freshFolder("viewer_checks_cancel");
  for (const int at : {1, asked.load() / 2, asked.load()}) {
    std::atomic<int> calls{0};
    const Outcome outcome = finish(*window, window->startChecks(QString::fromStdString(folder), [&] { return ++calls >= at; }));
    EXPECT_EQ(outcome.status, Outcome::Status::Cancelled) << at;
    EXPECT_TRUE(fs::is_empty(folder)) << at;
    EXPECT_EQ(doc.run.get(), shown.get());
    EXPECT_EQ(doc.results.size(), tables);
    EXPECT_TRUE(window->statusBar()->currentMessage().contains(QString::fromUtf8("检查已取消")));
  }
}

TEST(ViewerRunChecks, CancelWhileLoadingOrCheckingLeavesNoCheckFolders) {
  ensureQtApp<QApplication>();
  const Project project = readProject(SANXIAN_SAMPLE_PROJECT);
  const RoleCatalog roles = RoleCatalog::loadDefault();
  // Stopped right after the progress step that names a layer being loaded or a check.
  for (const char* at : {"redline_2023", "矿业权与生态保护红线", "岸线保护率"}) {
    const std::string folder = test::freshFolder("viewer_checks_cancel_phase");
    std::atomic<bool> stop{false};
    std::vector<std::string> steps;
    const ProgressFn progress = [&](const std::string& message) {
      steps.push_back(message);
      if (message.find(at) != std::string::npos) stop = true;
    };
    EXPECT_THROW(runChecks(project, roles, viewerRunOptions(folder, [&] { return stop.load(); }), progress), RunCancelled) << at;
    ASSERT_FALSE(steps.empty());
    EXPECT_NE(steps.back().find(at), std::string::npos) << at << ": went on to " << steps.back();
    EXPECT_TRUE(fs::is_empty(folder)) << at;  // no check folders, no staging folder
  }
  // Not cancelled, the same call writes the whole run.
  const std::string folder = test::freshFolder("viewer_checks_written");
  const std::shared_ptr<RunResult> run = runChecks(project, roles, viewerRunOptions(folder));
  EXPECT_TRUE(fs::exists(folder + "/矿业权与生态保护红线/overlap_conflicts.qml"));
  EXPECT_TRUE(fs::exists(folder + "/sanxian_report.pdf"));
  EXPECT_EQ(run->written.size(), filesIn(folder).size());
}

TEST(ViewerResults, ChecksAreNamedByTheirTitlesNotTheirIds) {
  ensureQtApp<QApplication>();
  const std::string folder = test::freshFolder("viewer_titles");
  const auto rect = [](double x1, double y1, double x2, double y2) {
    return format("POLYGON((%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f))", x1, y1, x2, y1, x2, y2, x1, y2, x1, y1);
  };
  test::LayerSpec reserves;
  reserves.path = folder + "/reserves.shp";
  reserves.fields = {"BHDMC", "GNFQ"};
  reserves.rows = {{rect(500000, 4300000, 501000, 4301000), {"都斯图河湿地自然保护区", "核心区"}}};
  test::writeLayer(reserves);
  test::LayerSpec mining;
  mining.path = folder + "/mining.shp";
  mining.fields = {"XKZH", "KSMC", "KYQLX"};
  mining.rows = {{rect(500800, 4300400, 501200, 4300600), {"C1506242023011000000000", "测试矿", "采矿权"}}};
  test::writeLayer(mining);
  std::ofstream(folder + "/project.yaml") << "name: 标题测试\n"
                                             "layers:\n"
                                             "  mining: {path: mining.shp, role: mining}\n"
                                             "  reserves: {path: reserves.shp, role: reserve}\n"
                                             "checks:\n"
                                             "  - {type: overlap, a: mining, b: reserves}\n";
  MainWindow window;
  window.resize(1200, 800);
  window.document().openProject(folder + "/project.yaml");
  window.refreshAll();
  ASSERT_TRUE(window.runChecksInto({}));
  ASSERT_FALSE(window.document().results.empty());
  const ResultItem& result = window.document().results[0];
  ASSERT_EQ(result.check, "overlap_mining_reserves");
  ASSERT_NE(result.title, result.check);

  // The results panel's tables and the identify panel name the check by its title.
  QComboBox* tables = window.results()->findChild<QComboBox*>();
  ASSERT_NE(tables, nullptr);
  ASSERT_GT(tables->count(), 0);
  for (int i = 0; i < tables->count(); ++i) {
    EXPECT_TRUE(tables->itemText(i).startsWith(QString::fromStdString(result.title))) << tables->itemText(i).toStdString();
    EXPECT_FALSE(tables->itemText(i).contains("overlap")) << tables->itemText(i).toStdString();
  }
  const auto hits = window.identifyAt(QPointF(500900, 4300500), 1);
  ASSERT_FALSE(hits.empty());
  ASSERT_EQ(hits[0].kind, render::Hit::Kind::Result);
  const QString top = window.identifyTree()->topLevelItem(0)->text(0);
  EXPECT_TRUE(top.startsWith(QString::fromStdString(result.title))) << top.toStdString();
  EXPECT_FALSE(top.contains("overlap")) << top.toStdString();
  window.canvas()->renderer().cancel();
  window.canvas()->renderer().waitForIdle();
}

// A layer whose fields fit no role: adding it opens the mapping dialog
// (the likeliest role, each role field with the layer's fields and their
// values, the values of the coded zone field), and the answer goes into
// the open project file, whose runs then read the layer mapped.
TEST(ViewerMapping, AddingALayerWithUnknownFieldsAsksForItsMappingAndSavesItInTheProject) {
  ensureQtApp<QApplication>();
  setLanguage(Language::Chinese);
  const std::string folder = test::freshFolder("viewer_mapping");
  test::LayerSpec townships;
  townships.path = folder + "/townships.shp";
  townships.fields = {"XZQMC"};
  townships.rows = {{"POLYGON((399000 4299000,402000 4299000,402000 4302000,399000 4302000,399000 4299000))", {"乌兰镇"}}};
  test::writeLayer(townships);
  const std::string project = folder + "/p.yaml";
  std::ofstream(project) << "name: 自带数据\nlayers:\n  townships: {path: townships.shp, role: boundary}   # 乡镇\n";
  test::LayerSpec zones;
  zones.path = folder + "/bhd_fq.shp";
  zones.fields = {"MC_X", "FQ_X"};
  zones.rows = {{"POLYGON((400000 4300000,400500 4300000,400500 4300500,400000 4300500,400000 4300000))", {"都斯图河湿地自然保护区", "1"}},
                {"POLYGON((400500 4300000,401000 4300000,401000 4300500,400500 4300500,400500 4300000))", {"都斯图河湿地自然保护区", "2"}}};
  const std::string path = test::writeLayer(zones);

  MainWindow window;
  window.document().openProject(project);
  bool asked = false;
  window.setDialogRunner([&](QDialog& d) {
    asked = true;
    auto* dialog = dynamic_cast<MappingDialog*>(&d);
    EXPECT_NE(dialog, nullptr);
    if (!dialog) return int(QDialog::Rejected);
    EXPECT_EQ(dialog->role(), "reserve");  // the likeliest, from the names' values
    EXPECT_EQ(dialog->fieldBox("name")->currentData().toString().toStdString(), "MC_X");
    EXPECT_TRUE(dialog->fieldBox("name")->currentText().contains(QStringLiteral("都斯图河湿地自然保护区")));
    EXPECT_EQ(dialog->layerId(), "bhd_fq");
    EXPECT_EQ(dialog->projectPath(), project);
    dialog->setField("zone", "FQ_X");
    dialog->setValue("zone", "1", "core");
    dialog->setValue("zone", "2", "general");
    dialog->adjustSize();
    const QImage image = dialog->grab().toImage();
    EXPECT_TRUE(image.save(QString::fromStdString(folder + "/mapping_dialog.png")));
    EXPECT_GT(image.width(), 600);
    const FieldMapping m = dialog->mapping();
    EXPECT_EQ(m.fields, (std::map<std::string, std::string>{{"name", "MC_X"}, {"zone", "FQ_X"}}));
    EXPECT_EQ(m.values.at("zone").at("general"), std::vector<std::string>{"2"});
    return int(QDialog::Accepted);
  });
  ASSERT_TRUE(window.addLayerFile(QString::fromStdString(path)));
  EXPECT_TRUE(asked);

  const LayerItem* added = window.document().layer("bhd_fq");
  ASSERT_NE(added, nullptr);
  EXPECT_EQ(added->layer->role(), "reserve");
  EXPECT_EQ(added->layer->roleValue(added->layer->features[0], "zone"), "core");
  EXPECT_EQ(added->layer->roleValue(added->layer->features[1], "zone"), "general");

  // Saved into the project file beside what was there, and the open project knows the layer.
  std::ifstream in(project);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("townships: {path: townships.shp, role: boundary}   # 乡镇"), std::string::npos) << text;
  EXPECT_NE(text.find("  bhd_fq:\n    path: bhd_fq.shp\n    role: reserve\n    fields: {name: MC_X, zone: FQ_X}\n"
                      "    values:\n      zone: {core: [\"1\"], general: [\"2\"]}\n"),
            std::string::npos)
      << text;
  ASSERT_TRUE(window.document().project->layer("bhd_fq"));
  const Layer reloaded = load(window.document().project->layer("bhd_fq")->options, *window.document().roles);
  EXPECT_EQ(reloaded.roleValue(reloaded.features[1], "zone"), "general");

  // A layer whose fields match a role is added without asking.
  asked = false;
  EXPECT_TRUE(window.addLayerFile(QString::fromStdString(folder + "/townships.shp")));
  EXPECT_FALSE(asked);
  EXPECT_NE(window.document().layer("townships_2"), nullptr);
  window.canvas()->renderer().cancel();
  window.canvas()->renderer().waitForIdle();
}

// ---------------------------------------------------------------------------
// Issue 18: legend, swipe, attribute tables, search, measuring, printing,
// the layer menu and saving the project.

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

std::string rectWkt(double x1, double y1, double x2, double y2) {
  return format("POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", x1, y1, x2, y1, x2, y2, x1, y2, x1, y1);
}

// A small project: reserves with two zones, mining licences, a red line in two versions.
std::string smallProject(const std::string& folder) {
  test::LayerSpec reserves;
  reserves.path = folder + "/reserves.shp";
  reserves.fields = {"BHDMC", "GNFQ"};
  reserves.rows = {{rectWkt(500000, 4300000, 501000, 4301000), {"都斯图河湿地自然保护区", "核心区"}},
                   {rectWkt(501000, 4300000, 502000, 4301000), {"都斯图河湿地自然保护区", "实验区"}}};
  test::writeLayer(reserves);
  test::LayerSpec mining;
  mining.path = folder + "/mining.shp";
  mining.fields = {"XKZH", "KSMC", "KYQLX"};
  mining.rows = {{rectWkt(500800, 4300400, 501200, 4300600), {"C1506242023011000000000", "乌兰镇石灰岩矿", "采矿权"}},
                 {rectWkt(503000, 4300000, 503300, 4300300), {"T1506242019011000000007", "苏米图煤炭勘探", "探矿权"}}};
  test::writeLayer(mining);
  const std::string path = folder + "/project.yaml";
  std::ofstream(path) << "name: 图例与打印测试\n"
                         "layers:   # 图层\n"
                         "  reserves: {path: reserves.shp, role: reserve}\n"
                         "  mining: {path: mining.shp, role: mining}\n"
                         "checks:\n"
                         "  - {type: overlap, a: mining, b: reserves}\n";
  return path;
}

void settle(MainWindow& window) {
  window.canvas()->renderer().cancel();
  window.canvas()->renderer().waitForIdle();
  QCoreApplication::processEvents();
}

}  // namespace

// The layer tree shows each layer's legend: a single style as the layer's
// icon, a zoned layer with one row per zone, each with its swatch.
TEST(ViewerLegend, LayerTreeShowsSwatchesAndZoneRows) {
  ensureQtApp<QApplication>();
  setLanguage(Language::Chinese);
  const std::string folder = test::freshFolder("viewer_legend");
  MainWindow window;
  ASSERT_TRUE(window.openProject(QString::fromStdString(smallProject(folder))));
  QTreeWidget* tree = window.layerTree();
  ASSERT_EQ(tree->topLevelItemCount(), 2);
  QTreeWidgetItem* mining = tree->topLevelItem(0);  // drawn on top: listed first
  QTreeWidgetItem* reserves = tree->topLevelItem(1);
  EXPECT_EQ(mining->text(0), "mining");
  EXPECT_EQ(mining->childCount(), 0);
  EXPECT_FALSE(mining->icon(0).isNull());
  ASSERT_EQ(reserves->childCount(), 2);
  const RoleCatalog roles = RoleCatalog::loadDefault();
  EXPECT_EQ(reserves->child(0)->text(0).toStdString(), roles.get("reserve").field("zone")->valueTitle("core"));
  EXPECT_EQ(reserves->child(1)->text(0).toStdString(), roles.get("reserve").field("zone")->valueTitle("general"));
  EXPECT_FALSE(reserves->child(0)->icon(0).isNull());
  // The swatch is the zone's fill.
  const QImage swatch = reserves->child(0)->icon(0).pixmap(QSize(22, 12)).toImage();
  const QColor fill = render::StyleSet::loadDefault().forRole("reserve", "core").fill;
  const QColor centre = swatch.pixelColor(swatch.width() / 2, swatch.height() / 2);
  EXPECT_NEAR(centre.alphaF(), fill.alphaF(), 0.02);
  // The map's legend has the same entries.
  const auto groups = render::sceneLegend(*window.document().scene());
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[1].items.size(), 2u);
  // The analysis CRS is shown in the status bar.
  EXPECT_TRUE(window.crsLabel()->text().contains("EPSG:4545")) << window.crsLabel()->text().toStdString();
  settle(window);
}

// The swipe: on the left of the divider the old version and what was
// removed, on the right the new one and what was added (pixels of a
// rendered image); moving the divider moves the boundary.
TEST(ViewerSwipe, OldOnTheLeftNewOnTheRightOfTheDivider) {
  ensureQtApp<QApplication>();
  Document doc;
  // Old: a square at x 0..1000; new: a square at x 2000..3000 (both EPSG:4545, far west of the meridian).
  doc.addLayer("redline_2022", makeLayer("redline", {rectWkt(500000, 4300000, 501000, 4301000)}));
  doc.addLayer("redline_2023", makeLayer("redline", {rectWkt(502000, 4300000, 503000, 4301000)}));
  doc.layers[0].visible = false;  // as the sample opens: the older version unchecked
  Comparison c = Document::compare(*doc.layers[0].layer, *doc.layers[1].layer, "redline_2022", "redline_2023", *doc.roles);
  EXPECT_GT(c.removedArea, 0.99e6);
  EXPECT_GT(c.addedArea, 0.99e6);
  c.show = Comparison::Show::Swipe;
  c.swipe = 0.5;
  doc.comparison = c;
  const render::MapView view = render::MapView::fit(rectEnvelope(500000, 4300000, 503000, 4301000), QSize(300, 100), 0);
  const render::RenderOptions plain{.labels = false, .scaleBar = false, .northArrow = false, .swipeLine = false};
  const QColor bg = doc.styles->background;
  const QColor removed = doc.styles->forCompare("removed").fill, added = doc.styles->forCompare("added").fill;
  // Mostly the removed (purple: blue over green) or added (teal: green over red) colour, over the red line.
  const auto purple = [](QColor p) { return p.blue() > p.green() + 40 && p.red() > p.green(); };
  const auto teal = [](QColor p) { return p.green() > p.red() + 40; };
  QImage image = render::renderImage(*doc.scene(), view, nullptr, plain);
  EXPECT_TRUE(purple(image.pixelColor(50, 50))) << image.pixelColor(50, 50).name().toStdString();  // old square, left
  EXPECT_TRUE(teal(image.pixelColor(250, 50))) << image.pixelColor(250, 50).name().toStdString();   // new square, right
  EXPECT_EQ(image.pixelColor(150, 50).rgb(), bg.rgb());                                             // between them
  // Divider far left: the old square is now on the new side, where it is not drawn.
  doc.comparison->swipe = 0.05;
  image = render::renderImage(*doc.scene(), view, nullptr, plain);
  EXPECT_EQ(image.pixelColor(50, 50).rgb(), bg.rgb());
  EXPECT_TRUE(teal(image.pixelColor(250, 50)));
  // Divider far right: the new square is on the old side.
  doc.comparison->swipe = 0.95;
  image = render::renderImage(*doc.scene(), view, nullptr, plain);
  EXPECT_TRUE(purple(image.pixelColor(50, 50)));
  EXPECT_EQ(image.pixelColor(250, 50).rgb(), bg.rgb());
  // Old only shows the old version (though unchecked in the tree) and what was removed; new only the other.
  doc.comparison->show = Comparison::Show::Old;
  image = render::renderImage(*doc.scene(), view, nullptr, plain);
  EXPECT_TRUE(purple(image.pixelColor(50, 50)));
  EXPECT_EQ(image.pixelColor(250, 50).rgb(), bg.rgb());
  doc.comparison->show = Comparison::Show::New;
  image = render::renderImage(*doc.scene(), view, nullptr, plain);
  EXPECT_EQ(image.pixelColor(50, 50).rgb(), bg.rgb());
  EXPECT_TRUE(teal(image.pixelColor(250, 50)));
  // The legend names the changes with the audit's ellipsoidal figures.
  doc.comparison->show = Comparison::Show::Changes;
  const auto groups = render::sceneLegend(*doc.scene());
  ASSERT_FALSE(groups.empty());
  ASSERT_EQ(groups[0].items.size(), 3u);
  EXPECT_EQ(groups[0].items[0].label.toStdString(), format("减少 %.4f 公顷", c.removedArea / 10000));
  EXPECT_EQ(groups[0].items[0].style.fill, removed);
  EXPECT_EQ(groups[0].items[1].style.fill, added);
}

// In the window: the status bar gives the audit's ellipsoidal figures and
// the canvas draws its divider where it is dragged to.
TEST(ViewerSwipe, TheWindowSaysTheAuditsFiguresAndMovesTheDivider) {
  ensureQtApp<QApplication>();
  setLanguage(Language::Chinese);
  MainWindow window;
  window.resize(1200, 800);
  Document& doc = window.document();
  // 40 km east of the central meridian: ellipsoidal and planar figures differ in the fourth decimal of a hectare.
  doc.addLayer("redline_2022", makeLayer("redline", {rectWkt(540000, 4300000, 541000, 4301000)}));
  doc.addLayer("redline_2023", makeLayer("redline", {rectWkt(540500, 4300000, 541500, 4301000)}));
  window.refreshAll();
  const Comparison c = Document::compare(*doc.layers[0].layer, *doc.layers[1].layer, "redline_2022", "redline_2023", *doc.roles);
  window.setComparison(c);
  const QString status = window.statusBar()->currentMessage();
  EXPECT_TRUE(status.contains(QString::number(c.removedArea / 10000, 'f', 4))) << status.toStdString();
  EXPECT_TRUE(status.contains(QString::fromUtf8("椭球"))) << status.toStdString();
  EXPECT_FALSE(status.contains(QString::number(c.planarRemovedArea / 10000, 'f', 4))) << status.toStdString();
  ASSERT_TRUE(window.canvas()->swipe());
  window.setSwipe(0.25);
  EXPECT_DOUBLE_EQ(*window.canvas()->swipe(), 0.25);
  EXPECT_DOUBLE_EQ(*window.canvas()->scene()->swipe, 0.25);
  window.setCompareShow(Comparison::Show::Old);
  EXPECT_FALSE(window.canvas()->swipe());
  settle(window);
}

// Attribute tables: the filter leaves the rows that match, 全选 selects
// them on the map, the filter can hide the rest from the map, and a click
// on the map selects the feature's row.
TEST(ViewerAttributes, FilterSelectsOnTheMapAndTheMapSelectsInTheTable) {
  ensureQtApp<QApplication>();
  const std::string folder = test::freshFolder("viewer_attributes");
  MainWindow window;
  window.resize(1200, 800);
  ASSERT_TRUE(window.openProject(QString::fromStdString(smallProject(folder))));
  AttributePanel* table = window.attributes();
  window.showAttributes("mining");
  EXPECT_EQ(table->layerId(), "mining");
  EXPECT_EQ(table->filter().rowCount(), 2);
  table->setFilter("KSMC", QString::fromUtf8("石灰岩"));
  EXPECT_EQ(table->filter().rowCount(), 1);
  table->selectAllShown();
  const LayerItem* mining = window.document().layer("mining");
  ASSERT_NE(mining, nullptr);
  EXPECT_EQ(mining->selected, std::vector<size_t>{0});
  // Drawn as the selection, on top.
  const auto scene = window.document().scene();
  ASSERT_FALSE(scene->overlays.empty());
  EXPECT_EQ(scene->overlays.back().geometries, std::vector<const GEOSGeometry*>{mining->layer->features[0].geometry.get()});
  // The filter on the map: only the matching licence is drawn.
  table->setFilterOnMap(true);
  const auto filtered = window.document().scene();
  const auto& entry = *std::find_if(filtered->layers.begin(), filtered->layers.end(), [](const auto& l) { return l.id == "mining"; });
  ASSERT_TRUE(entry.filter);
  EXPECT_TRUE(render::shown(entry.filter, 0));
  EXPECT_FALSE(render::shown(entry.filter, 1));
  table->setFilterOnMap(false);
  table->setFilter("", {});
  // A click on the other licence selects its row in the table.
  window.identifyAt(QPointF(503150, 4300150), 1);
  EXPECT_EQ(table->selectedFeatures(), std::vector<size_t>{1});
  EXPECT_EQ(window.document().layer("mining")->selected, std::vector<size_t>{1});
  // Sorted by name, the selection follows the feature, not the row number.
  table->view()->sortByColumn(2, Qt::DescendingOrder);
  EXPECT_EQ(table->selectedFeatures(), std::vector<size_t>{1});
  settle(window);
}

// Search by licence number, name or township across the layers.
TEST(ViewerSearch, FindsFeaturesByCodeOrNameAcrossLayersAndGoesToThem) {
  ensureQtApp<QApplication>();
  const std::string folder = test::freshFolder("viewer_search");
  MainWindow window;
  window.resize(1200, 800);
  ASSERT_TRUE(window.openProject(QString::fromStdString(smallProject(folder))));
  auto hits = window.search(QStringLiteral("t15062420190110"));  // a licence number, any case
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].layerId, "mining");
  EXPECT_EQ(hits[0].feature, 1u);
  EXPECT_EQ(hits[0].field, "XKZH");
  hits = window.search(QString::fromUtf8("都斯图河"));
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].layerId, "reserves");
  window.goTo(hits[1]);
  EXPECT_EQ(window.document().layer("reserves")->selected, std::vector<size_t>{1});
  const geos::Envelope view = window.canvas()->view().extent();
  EXPECT_LE(view.minX, 501000);
  EXPECT_GE(view.maxX, 502000);
  EXPECT_LT(view.maxX - view.minX, 10000);
  EXPECT_TRUE(window.search(QStringLiteral("no such thing")).empty());
  settle(window);
}

// The results panel's filter is the map's: rows it leaves out are not drawn.
TEST_F(WindowFixture, ResultsFilterAppliesToTheMapAndIdentifyFollowsTheTable) {
  window->results()->setFilterValue("severity", QString::fromUtf8("严重"));
  auto scene = window->document().scene();
  ASSERT_EQ(scene->results.size(), 1u);
  EXPECT_TRUE(render::shown(scene->results[0].filter, 0));
  EXPECT_FALSE(render::shown(scene->results[0].filter, 1));
  // Not drawn, not found by a click (the township under it is).
  for (const render::Hit& hit : window->identifyAt(QPointF(540100, 4340100), 10)) EXPECT_NE(hit.kind, render::Hit::Kind::Result);
  window->results()->setFilterValue("severity", QString());
  EXPECT_FALSE(window->document().scene()->results[0].filter);
  // Selecting a row shows it in the identify panel; another table clears it.
  ASSERT_TRUE(window->results()->selectRow(1));
  ASSERT_EQ(window->identifyTree()->topLevelItemCount(), 1);
  EXPECT_EQ(window->identifyTree()->topLevelItem(0)->text(1), QString::fromUtf8("第 2 行"));
  Table other = conflicts();
  other.name = "other";
  window->document().addResult("overlap_2/other", "overlap_2", other);
  window->refreshAll();
  emit window->results()->tableChosen(1);
  EXPECT_EQ(window->identifyTree()->topLevelItemCount(), 0);
}

// The scale 1:N shown and typed.
TEST_F(WindowFixture, TheScaleIsShownAndCanBeTyped) {
  window->canvas()->zoomToScale(50000);
  EXPECT_NEAR(window->canvas()->scale(), 50000, 1e-6);
  EXPECT_EQ(window->scaleBox()->currentText().toStdString(), "1:50 000");
  window->scaleBox()->setEditText(QString::fromUtf8("1:2.5万"));
  emit window->scaleBox()->lineEdit()->returnPressed();
  EXPECT_NEAR(window->canvas()->scale(), 25000, 1e-6);
}

// Measuring a 1 km square 40 km east of the central meridian of EPSG:4545
// gives GeographicLib's area to 1e-9, and the planar figures beside:
//   python3 (the square's edges every 1 m, northing easting) |
//   cs2cs -f %.15f EPSG:4545 EPSG:4490 | awk '{print $1, $2}' |
//   Planimeter -e 6378137000 1/298.257222101 -p 12
//   → 4000 3999919.2362673418 999959620580.05029  (ellipsoid ×1000: m² × 1e6)
// and the bottom edge alone with -l: 999979.8100637265 (m × 1000).
TEST(ViewerMeasure, AKnownSquareMeasuresAsPlanimeterDoes) {
  ensureQtApp<QApplication>();
  CrsInfo crs = crsFromUser("EPSG:4545");
  const std::vector<QPointF> square = {{540000, 4300000}, {541000, 4300000}, {541000, 4301000}, {540000, 4301000}};
  const Measurement area = measurePoints(square, true, crs);
  EXPECT_NEAR(area.areaM2, 999959.62058005029, 1e-9 * 999959.62058005029);
  EXPECT_NEAR(area.length, 3999.9192362673418, 1e-9 * 3999.9192362673418);
  EXPECT_NEAR(area.planarArea, 1e6, 1e-6);
  EXPECT_NEAR(area.planarLength, 4000, 1e-9);
  const Measurement line = measurePoints({square[0], square[1]}, false, crs);
  EXPECT_NEAR(line.length, 999.9798100637265, 1e-9 * 999.9798100637265);
  EXPECT_NEAR(line.planarLength, 1000, 1e-9);
  EXPECT_EQ(line.areaM2, 0);
  EXPECT_EQ(measurePoints({square[0]}, false, crs).length, 0);

  // The same through the window's tool: the figures with the planar one beside.
  setLanguage(Language::Chinese);
  MainWindow window;
  window.resize(1000, 700);
  window.document().addLayer("t", makeLayer("boundary", {rectWkt(539000, 4299000, 542000, 4302000)}));
  window.refreshAll();
  window.canvas()->setTool(MapCanvas::Tool::MeasureArea);
  for (const QPointF& p : square) window.canvas()->addMeasurePoint(p);
  window.canvas()->finishMeasure();
  const QString text = window.measureText();
  EXPECT_TRUE(text.contains(QStringLiteral("999959.62"))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("1000000.00"))) << text.toStdString();
  EXPECT_TRUE(text.contains(QString::fromUtf8("公顷"))) << text.toStdString();
  window.canvas()->setTool(MapCanvas::Tool::MeasureLine);
  window.canvas()->addMeasurePoint(square[0]);
  window.canvas()->addMeasurePoint(square[1]);
  EXPECT_TRUE(window.measureText().contains(QStringLiteral("999.980"))) << window.measureText().toStdString();
  settle(window);
}

// `sanxian-viewer PROJECT --print FILE.pdf --title …` writes one page whose
// text has the title, the legend's entries, the scale, the grid and the footer.
TEST(ViewerPrint, PrintWritesAPdfWithTitleLegendAndScale) {
  const std::string folder = test::freshFolder("viewer_print");
  const std::string project = smallProject(folder);
  const std::string pdf = folder + "/layout.pdf";
  const std::string command = format("QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 '%s' '%s' --print '%s' --title '红线核查打印测试' --organisation '鄂托克旗自然资源局' "
                                     "--date 2024-05-01 2>&1; echo \"exit=$?\"",
                                     SANXIAN_VIEWER_EXE, project.c_str(), pdf.c_str());
  const std::string out = run(command);
  ASSERT_NE(out.find("exit=0"), std::string::npos) << out;
  const std::string info = run("pdfinfo '" + pdf + "'");
  EXPECT_NE(info.find("Pages:           1\n"), std::string::npos) << info;
  EXPECT_NE(info.find("842 x 595"), std::string::npos) << info;  // A4 landscape, points
  const std::string text = run("pdftotext -layout '" + pdf + "' -");
  const RoleCatalog roles = RoleCatalog::loadDefault();
  for (const std::string& expected : {std::string("红线核查打印测试"), std::string("图例"), roles.get("mining").title(),
                                      roles.get("reserve").field("zone")->valueTitle("core"), roles.get("reserve").field("zone")->valueTitle("general"),
                                      std::string("比例尺 1:"), std::string("鄂托克旗自然资源局"), std::string("2024-05-01"),
                                      std::string("EPSG:4545"), std::string("mining.shp"), std::string("4 300 000")})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  // With the checks: their results in the legend; A3 portrait; a PNG too.
  const std::string a3 = folder + "/a3.pdf";
  ASSERT_NE(run(format("QT_QPA_PLATFORM=offscreen '%s' '%s' --print '%s' --checks --paper A3 --portrait 2>&1; echo \"exit=$?\"", SANXIAN_VIEWER_EXE,
                       project.c_str(), a3.c_str()))
                .find("exit=0"),
            std::string::npos);
  EXPECT_NE(run("pdfinfo '" + a3 + "'").find("842 x 1191"), std::string::npos);
  EXPECT_NE(run("pdftotext '" + a3 + "' -").find("禁止"), std::string::npos);
  const std::string png = folder + "/layout.png";
  ASSERT_NE(run(format("QT_QPA_PLATFORM=offscreen '%s' '%s' --print '%s' --dpi 100 2>&1; echo \"exit=$?\"", SANXIAN_VIEWER_EXE, project.c_str(),
                       png.c_str()))
                .find("exit=0"),
            std::string::npos);
  const QImage image(QString::fromStdString(png));
  EXPECT_NEAR(image.width(), 1169, 1);
  EXPECT_NEAR(image.height(), 827, 1);
  // A wrong paper is a usage error.
  EXPECT_NE(run(format("QT_QPA_PLATFORM=offscreen '%s' '%s' --print '%s' --paper B5 2>&1; echo \"exit=$?\"", SANXIAN_VIEWER_EXE, project.c_str(),
                       pdf.c_str()))
                .find("exit=2"),
            std::string::npos);
}

// The map view as a PNG at a chosen resolution: the canvas's size times dpi / 96.
TEST_F(WindowFixture, MapImageIsExportedAtTheChosenResolution) {
  const std::string path = test::freshFolder("viewer_image") + "/map.png";
  ASSERT_TRUE(window->exportMapImage(QString::fromStdString(path), 192));
  const QImage image(QString::fromStdString(path));
  EXPECT_EQ(image.size(), window->canvas()->size() * 2);
  EXPECT_NEAR(image.dotsPerMeterX() * 0.0254, 192, 0.5);
}

// The layer menu: style edited and kept in the project file with the
// drawing order, the hidden layers and the view; labels off; properties;
// remove. Reopened, the project shows the same.
TEST(ViewerLayers, StylesOrderAndViewAreSavedIntoTheProjectAndReadBack) {
  ensureQtApp<QApplication>();
  const std::string folder = test::freshFolder("viewer_save");
  const std::string project = smallProject(folder);
  MainWindow window;
  window.resize(1200, 800);
  ASSERT_TRUE(window.openProject(QString::fromStdString(project)));
  Document& doc = window.document();
  ASSERT_EQ(doc.layers[0].id, "reserves");
  // Style: a fill of the user's and a colour per licence kind, through the dialog.
  window.setDialogRunner([](QDialog& d) {
    auto* dialog = dynamic_cast<StyleDialog*>(&d);
    EXPECT_NE(dialog, nullptr);
    if (!dialog) return int(QDialog::Rejected);
    dialog->setFill(QColor(0x12, 0x34, 0x56, 0x80));
    dialog->setCategoryField("KYQLX");
    return int(QDialog::Accepted);
  });
  window.editStyle(doc.layerIndex("mining"));
  const LayerItem* mining = doc.layer("mining");
  EXPECT_EQ(*mining->style.fill, "#12345680");
  EXPECT_EQ(*mining->style.categories, "KYQLX");
  EXPECT_EQ(mining->cache->categories.size(), 2u);  // 采矿权, 探矿权
  window.setLayerLabels(doc.layerIndex("reserves"), false);
  EXPECT_TRUE(std::all_of(doc.layer("reserves")->cache->labels.begin(), doc.layer("reserves")->cache->labels.end(),
                          [](const QString& l) { return l.isEmpty(); }));
  // Order and visibility.
  doc.moveLayer(1, 0);  // mining to the bottom
  doc.layer("reserves")->visible = false;
  window.refreshAll();
  window.canvas()->zoomToExtent(rectEnvelope(500000, 4300000, 502000, 4301000), 0);
  const geos::Envelope extent = window.canvas()->view().extent();
  ASSERT_TRUE(window.saveProject());
  const std::string text = slurp(project);
  EXPECT_NE(text.find("layers:   # 图层"), std::string::npos) << text;  // the file's own lines kept
  EXPECT_NE(text.find("styles:"), std::string::npos) << text;
  EXPECT_NE(text.find("mining: {fill: \"#12345680\", categories: KYQLX}"), std::string::npos) << text;
  EXPECT_NE(text.find("reserves: {labels: false}"), std::string::npos) << text;
  EXPECT_NE(text.find("layers: [mining, reserves]"), std::string::npos) << text;
  EXPECT_NE(text.find("hidden: [reserves]"), std::string::npos) << text;

  // Properties name the source, the CRS and how it was settled, the encoding, the count.
  const QString properties = layerProperties(*doc.layer("mining"), *doc.roles, doc.analysisCrs);
  EXPECT_TRUE(properties.contains(QString::fromStdString(folder + "/mining.shp"))) << properties.toStdString();
  EXPECT_TRUE(properties.contains(QStringLiteral("EPSG:4545"))) << properties.toStdString();
  EXPECT_TRUE(properties.contains(QStringLiteral("UTF-8"))) << properties.toStdString();
  // Removed from the map, not from the project.
  window.removeLayer(doc.layerIndex("reserves"));
  EXPECT_EQ(doc.layers.size(), 1u);
  EXPECT_TRUE(doc.project->layer("reserves"));

  MainWindow reopened;
  reopened.resize(1200, 800);
  ASSERT_TRUE(reopened.openProject(QString::fromStdString(project)));
  const Document& again = reopened.document();
  ASSERT_EQ(again.layers.size(), 2u);
  EXPECT_EQ(again.layers[0].id, "mining");
  EXPECT_FALSE(again.layer("reserves")->visible);
  EXPECT_EQ(*again.layer("mining")->style.fill, "#12345680");
  EXPECT_EQ(again.layer("mining")->cache->categories.size(), 2u);
  EXPECT_NEAR(reopened.canvas()->view().centre().x(), (extent.minX + extent.maxX) / 2, 1);
  EXPECT_NEAR(reopened.canvas()->view().centre().y(), (extent.minY + extent.maxY) / 2, 1);
  settle(window);
  settle(reopened);
}

// One of Sanxian's own result layers added to the map gets no role and no
// mapping dialog, and is drawn as a result (coloured by its change kind).
TEST(ViewerLayers, AnOwnResultLayerIsAddedAsAResultWithoutARole) {
  ensureQtApp<QApplication>();
  const std::string folder = test::freshFolder("viewer_own_result");
  test::LayerSpec changes;
  changes.path = folder + "/audit_changes.shp";
  changes.fields = {"chg_type", "old_code", "new_code", "reason", "document"};
  changes.rows = {{rectWkt(500000, 4300000, 500100, 4300100), {"减少", "HX1", "", "", ""}},
                  {rectWkt(500200, 4300000, 500300, 4300100), {"增加", "", "HX2", "", ""}}};
  test::writeLayer(changes);
  std::ofstream(folder + "/audit_changes_fields.csv") << "field,name_zh,name_en,type\nchg_type,变化类型,Change type,text\n";
  MainWindow window;
  bool asked = false;
  window.setDialogRunner([&](QDialog&) {
    asked = true;
    return int(QDialog::Rejected);
  });
  ASSERT_TRUE(window.addLayerFile(QString::fromStdString(changes.path)));
  EXPECT_FALSE(asked);
  const LayerItem* layer = window.document().layer("audit_changes");
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(layer->layer->role(), "");
  EXPECT_TRUE(layer->ownResult);
  const render::StyleSet& styles = *window.document().styles;
  EXPECT_EQ(layer->cache->styles[0]->fill, styles.forCompare("removed").fill);
  EXPECT_EQ(layer->cache->styles[1]->fill, styles.forCompare("added").fill);
  settle(window);
}

// Qt's own dialogs speak Chinese: the qtbase translations are installed and loaded.
// 指标地图: after a run with an indicators check, the window shows an
// indicator's township map and bars — the township with the larger forest
// share in the ramp's dark green, the other pale — and says why when the
// run has no indicators.
TEST(ViewerIndicators, TheIndicatorMapColoursTheTownshipsByTheChosenIndicator) {
  ensureQtApp<QApplication>();
  const std::string folder = test::freshFolder("viewer_indicators");
  const auto rect = [](double x1, double y1, double x2, double y2) {
    return format("POLYGON((%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f))", x1, y1, x2, y1, x2, y2, x1, y2, x1, y1);
  };
  test::LayerSpec towns;
  towns.path = folder + "/towns.shp";
  towns.fields = {"XZQDM", "XZQMC"};
  towns.rows = {{rect(500000, 4300000, 501000, 4301000), {"150001", "甲镇"}}, {rect(501000, 4300000, 502000, 4301000), {"150002", "乙镇"}}};
  test::writeLayer(towns);
  test::LayerSpec dltb;
  dltb.path = folder + "/dltb.shp";
  dltb.fields = {"BSM", "DLBM", "DLMC"};
  // 甲镇 all forest, 乙镇 a tenth.
  dltb.rows = {{rect(500000, 4300000, 501000, 4301000), {"1", "0301", "乔木林地"}},
               {rect(501000, 4300000, 501100, 4301000), {"2", "0301", "乔木林地"}},
               {rect(501100, 4300000, 502000, 4301000), {"3", "0404", "其他草地"}}};
  test::writeLayer(dltb);
  std::ofstream(folder + "/project.yaml") << "name: 指标地图测试\nformats: [gpkg, csv]\nlayers:\n  towns: {path: towns.shp, role: boundary}\n"
                                             "  dltb: {path: dltb.shp, role: land_use}\nchecks:\n"
                                             "  - {type: indicators, boundary: towns, targets: {forest_coverage_pct: 22.4}}\n";
  MainWindow window;
  window.resize(1000, 700);
  window.document().openProject(folder + "/project.yaml");
  window.refreshAll();
  EXPECT_EQ(window.showIndicatorMap(), nullptr);  // no run yet
  EXPECT_TRUE(window.statusBar()->currentMessage().contains("indicators")) << window.statusBar()->currentMessage().toStdString();
  ASSERT_TRUE(window.runChecksInto({}));
  IndicatorMapDialog* dialog = window.showIndicatorMap();
  ASSERT_NE(dialog, nullptr);
  ASSERT_TRUE(dialog->showIndicator("forest_coverage_pct"));
  ASSERT_NE(dialog->current(), nullptr);
  ASSERT_EQ(dialog->current()->bars.size(), 2u);
  EXPECT_NEAR(dialog->current()->bars[0].value, 100.0, 1e-4);
  EXPECT_NEAR(dialog->current()->bars[1].value, 10.0, 1e-4);
  EXPECT_EQ(dialog->current()->bars[1].meets, std::optional<bool>(false));  // 10 % < 22.4 %
  dialog->resize(900, 560);
  const QImage image = dialog->grab().toImage();
  image.save(QString::fromStdString(folder + "/indicator_map.png"));
  // The darkest green of the ramp (甲镇, the larger value) and its palest (乙镇) are both on the map.
  size_t dark = 0, pale = 0;
  for (int y = 0; y < image.height(); y += 2)
    for (int x = image.width() / 2; x < image.width(); x += 2) {
      const QColor c = image.pixelColor(x, y);
      dark += std::abs(c.red() - 0x00) + std::abs(c.green() - 0x68) + std::abs(c.blue() - 0x37) < 12;
      pale += std::abs(c.red() - 0xff) + std::abs(c.green() - 0xff) + std::abs(c.blue() - 0xcc) < 12;
    }
  EXPECT_GT(dark, 500u);
  EXPECT_GT(pale, 500u);
  dialog->close();

  // 导出结果 writes what the project's `formats:` asks for, as `sanxian run` does: no Shapefile, .qml or PDF here.
  const std::string exported = folder + "/exported";
  ASSERT_EQ(finish(window, window.exportTo(QString::fromStdString(exported))).status, MainWindow::TaskOutcome::Status::Done);
  EXPECT_TRUE(fs::exists(exported + "/sanxian_results.gpkg"));
  EXPECT_TRUE(fs::exists(exported + "/run_summary.json"));
  EXPECT_TRUE(fs::exists(exported + "/indicators/indicators.csv"));
  EXPECT_FALSE(fs::exists(exported + "/sanxian_report.pdf"));
  for (const auto& entry : fs::recursive_directory_iterator(exported))
    EXPECT_TRUE(entry.path().extension() != ".shp" && entry.path().extension() != ".qml") << entry.path();
  window.canvas()->renderer().cancel();
  window.canvas()->renderer().waitForIdle();
}

// Without a display: --help and --print still work (off screen), and the
// window is refused with a sentence instead of Qt's abort.
TEST(ViewerHeadless, HelpAndPrintWorkWithoutADisplayAndTheWindowSaysWhyItCannotOpen) {
  const std::string bare = "env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM LANG=C.UTF-8 ";
  std::string out = run(bare + "'" + SANXIAN_VIEWER_EXE + "' --help 2>&1; echo \"exit=$?\"");
  EXPECT_NE(out.find("exit=0"), std::string::npos) << out;
  EXPECT_NE(out.find("--screenshot"), std::string::npos) << out;
  out = run(bare + "'" + SANXIAN_VIEWER_EXE + "' 2>&1; echo \"exit=$?\"");
  EXPECT_NE(out.find("exit=3"), std::string::npos) << out;
  EXPECT_NE(out.find("DISPLAY"), std::string::npos) << out;
  const std::string folder = test::freshFolder("viewer_headless");
  test::LayerSpec spec;
  spec.path = folder + "/reserves.shp";
  spec.fields = {"BHDMC", "GNFQ"};
  spec.rows = {{"POLYGON((500000 4300000,510000 4300000,510000 4310000,500000 4310000,500000 4300000))", {"甘草自然保护区", "核心区"}}};
  test::writeLayer(spec);
  std::ofstream(folder + "/p.yaml") << "name: 无显示\nlayers:\n  reserves: {path: reserves.shp, role: reserve}\nchecks: []\n";
  out = run(bare + "'" + SANXIAN_VIEWER_EXE + "' '" + folder + "/p.yaml' --print '" + folder + "/p.pdf' 2>&1; echo \"exit=$?\"");
  EXPECT_NE(out.find("exit=0"), std::string::npos) << out;
  EXPECT_TRUE(fs::exists(folder + "/p.pdf"));
}

TEST(ViewerLanguage, QtsOwnButtonsAreChinese) {
  ensureQtApp<QApplication>();
  ASSERT_TRUE(installTranslations(false)) << "qtbase_zh_CN.qm missing: setup.sh installs qt6-translations-l10n";
  QDialogButtonBox box(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  EXPECT_EQ(box.button(QDialogButtonBox::Ok)->text(), QString::fromUtf8("确定"));
  EXPECT_EQ(box.button(QDialogButtonBox::Cancel)->text(), QString::fromUtf8("取消"));
}
