// The viewer window offscreen: selecting a result row moves the map to its
// piece, a click on the map selects the row, identify shows Chinese
// attributes, the canvas cancels stale renders, the screenshot draws the
// project, the red-line comparison finds removed and added pieces, checks
// are named by their titles, and 导出结果 writes what `sanxian run` writes,
// leaving the folder as it was when cancelled.
#include <gtest/gtest.h>

#include <QApplication>
#include <QComboBox>
#include <QImage>
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
#include "core/io/load.h"
#include "fixtures/fixtures.h"
#include "report/pdf/pdf_report.h"
#include "report/pdf/qgis_style.h"
#include "viewer/main_window.h"
#include "viewer/mapping_dialog.h"
#include "viewer/screenshot.h"

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
