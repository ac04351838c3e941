// The viewer window offscreen: selecting a result row moves the map to its
// piece, a click on the map selects the row, identify shows Chinese
// attributes, the canvas cancels stale renders, the screenshot draws the
// project, the red-line comparison finds removed and added pieces, and
// checks are named by their titles.
#include <gtest/gtest.h>

#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QTableView>
#include <QTreeWidget>

#include <filesystem>
#include <fstream>

#include "../core/fixtures.h"
#include "core/error.h"
#include "core/text.h"
#include "../render/qt_app.h"
#include "viewer/main_window.h"
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
  const Comparison c = Document::compare(old, neu, "redline_2022", "redline_2023");
  EXPECT_NEAR(c.removedArea, 5000, 1e-6);  // 0..50 × 0..100
  EXPECT_NEAR(c.addedArea, 5000, 1e-6);    // 100..150 × 0..100
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
