// src/render: styles, the map view, drawing, identify, cancellation.
#include <gtest/gtest.h>

#include <QFontInfo>
#include <QGuiApplication>
#include <QPainterPath>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/roles.h"
#include "qt_app.h"
#include "render/async_renderer.h"
#include "render/renderer.h"

using namespace sanxian;
using namespace sanxian::render;

namespace {

Layer makeLayer(const std::string& role, const std::vector<std::string>& wkts, std::vector<std::string> fields = {},
                std::vector<std::vector<std::string>> values = {}) {
  Layer layer;
  layer.roleMatch = RoleMatch{};
  layer.roleMatch->role = role;
  layer.fields = fields;
  for (size_t i = 0; i < fields.size(); ++i) layer.roleMatch->columns[fields[i]] = static_cast<int>(i);
  for (size_t i = 0; i < wkts.size(); ++i) {
    Feature f;
    f.fid = static_cast<int64_t>(i);
    f.geometry = geos::fromWkt(wkts[i]);
    f.values = i < values.size() ? values[i] : std::vector<std::string>(fields.size());
    f.isNull.assign(f.values.size(), false);
    layer.extent.expand(geos::envelope(f.geometry.get()));
    layer.features.push_back(std::move(f));
  }
  layer.geometryTypeCounts["Polygon"] = static_cast<int>(wkts.size());
  return layer;
}

std::shared_ptr<StyleSet> plainStyles() {
  auto s = std::make_shared<StyleSet>(StyleSet::builtin());
  s->background = QColor(255, 255, 255);
  RoleStyle rs;
  rs.base.fill = QColor(32, 96, 160);
  rs.base.outline = QColor(0, 0, 0);
  rs.base.width = 1;
  s->roles["test"] = rs;
  return s;
}

geos::Envelope box(double minX, double minY, double maxX, double maxY) {
  geos::Envelope e;
  e.minX = minX, e.minY = minY, e.maxX = maxX, e.maxY = maxY, e.empty = false;
  return e;
}

}  // namespace

TEST(RenderStyles, DefaultStylesFileGivesRoleZoneSeverityAndHatch) {
  const StyleSet s = StyleSet::loadDefault();
  EXPECT_EQ(s.forRole("reserve", "core").fill, parseColor("#2e7d3290"));
  EXPECT_EQ(s.forRole("reserve", "general").fill, parseColor("#a5d6a770"));
  EXPECT_EQ(s.forRole("reserve", "no such zone").fill, s.forRole("reserve").fill);
  EXPECT_EQ(s.forRole("redline").hatch, Qt::BDiagPattern);
  EXPECT_EQ(s.forRole("redline").labelField, "code");
  EXPECT_EQ(s.canonicalSeverity("严重"), "critical");
  EXPECT_EQ(s.forSeverity("严重").fill, s.forSeverity("critical").fill);
  EXPECT_EQ(s.forSeverity("unheard of").fill, s.severity.at("default").fill);
  EXPECT_EQ(s.forRole("unknown role").fill, s.fallback.fill);
}

TEST(RenderStyles, MalformedStylesFileNamesFileAndEntry) {
  const std::string path = std::string(SANXIAN_TEST_TMP) + "/bad_styles.yaml";
  std::filesystem::create_directories(SANXIAN_TEST_TMP);
  std::ofstream(path) << "roles:\n  redline: {fill: \"#12\"}\n";
  try {
    StyleSet::load(path);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad_styles.yaml"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("roles.redline"), std::string::npos) << e.what();
  }
}

TEST(RenderStyles, ZoneValueIsMappedThroughTheRoleCatalog) {
  ensureQtApp<QGuiApplication>();
  const StyleSet s = StyleSet::loadDefault();
  const RoleCatalog roles = RoleCatalog::loadDefault();
  // 缓冲区 (old three-zone scheme) counts as core, 实验区 as general.
  const Layer layer = makeLayer("reserve", {"POLYGON((0 0,1 0,1 1,0 1,0 0))", "POLYGON((2 0,3 0,3 1,2 1,2 0))"}, {"zone", "name"},
                                {{"缓冲区", "甘草自然保护区"}, {"实验区", "甘草自然保护区"}});
  const auto cache = prepareLayer(layer, s, &roles);
  EXPECT_EQ(cache->styles[0], &s.forRole("reserve", "core"));
  EXPECT_EQ(cache->styles[1], &s.forRole("reserve", "general"));
  EXPECT_EQ(cache->labels[0], QString::fromUtf8("甘草自然保护区"));
}

TEST(RenderMapView, PixelsAndWorldRoundTripAndZoomKeepsPointUnderCursor) {
  const MapView v = MapView::fit(box(0, 0, 100, 50), QSize(200, 100), 0);
  EXPECT_DOUBLE_EQ(v.unitsPerPixel(), 0.5);
  EXPECT_EQ(v.toPixel(0, 50), QPointF(0, 0));  // top-left
  EXPECT_EQ(v.toPixel(100, 0), QPointF(200, 100));
  const MapView z = v.zoomedAt(QPointF(50, 25), 4);
  EXPECT_NEAR(z.toWorld(QPointF(50, 25)).x(), 25, 1e-9);
  EXPECT_NEAR(z.toWorld(QPointF(50, 25)).y(), 37.5, 1e-9);
  // An image drawn for v lands where its world now is in z.
  const QPointF p = z.transformFrom(v).map(QPointF(100, 50));
  EXPECT_NEAR(p.x(), z.toPixel(50, 25).x(), 1e-9);
  EXPECT_NEAR(p.y(), z.toPixel(50, 25).y(), 1e-9);
  EXPECT_THROW(MapView::parseExtent("1,2,3"), Error);
  EXPECT_EQ(MapView::parseExtent("1, 2,3,4").maxY, 4);
}

TEST(RenderDraw, KnownPolygonHasItsFillInsideAndBackgroundOutside) {
  ensureQtApp<QGuiApplication>();
  const Layer layer = makeLayer("test", {"POLYGON((100 100,200 100,200 200,100 200,100 100))"});
  Scene scene;
  scene.styles = plainStyles();
  scene.layers.push_back({"square", &layer, true, prepareLayer(layer, *scene.styles, nullptr)});
  // 1 m per pixel over (0..300, 0..300): the square covers pixels 100..200.
  const MapView view = MapView::fit(box(0, 0, 300, 300), QSize(300, 300), 0);
  const QImage image = renderImage(scene, view, nullptr, RenderOptions{.labels = false, .scaleBar = false});
  EXPECT_EQ(image.pixelColor(150, 150), QColor(32, 96, 160));  // inside
  EXPECT_EQ(image.pixelColor(120, 180), QColor(32, 96, 160));
  EXPECT_EQ(image.pixelColor(50, 50), QColor(255, 255, 255));  // outside
  EXPECT_EQ(image.pixelColor(250, 150), QColor(255, 255, 255));
  // The outline is drawn on the edge (x = 100 m → pixel 100).
  EXPECT_LT(image.pixelColor(100, 150).lightness(), 100);
  // A hidden layer draws nothing.
  scene.layers[0].visible = false;
  const QImage hidden = renderImage(scene, view, nullptr, RenderOptions{.labels = false, .scaleBar = false});
  EXPECT_EQ(hidden.pixelColor(150, 150), QColor(255, 255, 255));
}

// 100 000 holes of 1 cm inside a 10 km square, drawn at 1 px = 33 m: the
// holes are invisible and must not cost a subpath each (49 s in the PDF).
TEST(RenderDraw, SubPixelHolesAreLeftOutAndTheFillStaysWhole) {
  ensureQtApp<QGuiApplication>();
  std::string wkt = "POLYGON((0 0,10000 0,10000 10000,0 10000,0 0)";
  for (int i = 0; i < 100000; ++i) {
    const double x = 10 + (i % 316) * 31.0, y = 10 + (i / 316) * 31.0;
    wkt += format(",(%g %g,%g %g,%g %g,%g %g)", x, y, x, y + 0.01, x + 0.01, y + 0.01, x, y);
  }
  wkt += ")";
  const Layer layer = makeLayer("test", {wkt});
  Scene scene;
  scene.styles = plainStyles();
  scene.layers.push_back({"holes", &layer, true, prepareLayer(layer, *scene.styles, nullptr)});
  const MapView view = MapView::fit(box(0, 0, 10000, 10000), QSize(300, 300), 0);
  const QImage image = renderImage(scene, view, nullptr, RenderOptions{.labels = false, .scaleBar = false});
  EXPECT_EQ(image.pixelColor(150, 150), QColor(32, 96, 160));  // filled, holes and all
  EXPECT_EQ(image.pixelColor(60, 200), QColor(32, 96, 160));
}

TEST(RenderDraw, ResultRowsAreColouredBySeverity) {
  ensureQtApp<QGuiApplication>();
  Table t;
  t.name = "pieces";
  t.columns = {{"severity", "严重程度", "Severity"}};
  t.rows = {{std::string("严重")}};
  t.geometries.push_back(geos::fromWkt("POLYGON((0 0,10 0,10 10,0 10,0 0))"));
  Scene scene;
  auto styles = plainStyles();
  styles->severity["critical"].fill = QColor(200, 0, 0);
  styles->severityAliases["严重"] = "critical";
  scene.styles = styles;
  scene.results.push_back(prepareResult("check/pieces", t));
  const QImage image = renderImage(scene, MapView::fit(box(-10, -10, 20, 20), QSize(30, 30), 0), nullptr,
                                   RenderOptions{.labels = false, .scaleBar = false});
  EXPECT_EQ(image.pixelColor(15, 15), QColor(200, 0, 0));
}

TEST(RenderDraw, ChineseLabelsUseACjkFontAndAreDrawn) {
  ensureQtApp<QGuiApplication>();
  const StyleSet s = StyleSet::loadDefault();
  EXPECT_TRUE(QFontInfo(QFont(s.fontFamily)).family().contains("CJK")) << QFontInfo(QFont(s.fontFamily)).family().toStdString();
  Layer layer = makeLayer("test", {"POLYGON((0 0,300 0,300 300,0 300,0 0))"}, {"name"}, {{"乌兰镇"}});
  auto styles = plainStyles();
  styles->roles["test"].base.fill = Qt::transparent;
  styles->roles["test"].base.labelField = "name";
  styles->roles["test"].base.labelColor = QColor(0, 0, 0);
  styles->roles["test"].base.labelSize = 20;
  Scene scene;
  scene.styles = styles;
  scene.layers.push_back({"t", &layer, true, prepareLayer(layer, *styles, nullptr)});
  const MapView view = MapView::fit(box(0, 0, 300, 300), QSize(300, 300), 0);
  const QImage with = renderImage(scene, view, nullptr, RenderOptions{.labels = true, .scaleBar = false});
  const QImage without = renderImage(scene, view, nullptr, RenderOptions{.labels = false, .scaleBar = false});
  int dark = 0;
  for (int y = 120; y < 180; ++y)
    for (int x = 90; x < 210; ++x) dark += with.pixelColor(x, y).lightness() < 80 && without.pixelColor(x, y).lightness() > 200;
  EXPECT_GT(dark, 100);  // three 20 pt glyphs in the middle
}

TEST(RenderDraw, GeometryIsSimplifiedToThePixel) {
  ensureQtApp<QGuiApplication>();
  // A circle of radius 50 km with 100 000 vertices at 1 km per pixel: about 314 px round.
  std::string wkt = "POLYGON((";
  const int n = 100000;
  for (int i = 0; i <= n; ++i) {
    const double a = 2 * M_PI * (i % n) / n;
    wkt += (i ? "," : "") + std::to_string(50000 * std::cos(a)) + " " + std::to_string(50000 * std::sin(a));
  }
  wkt += "))";
  const geos::GeomPtr circle = geos::fromWkt(wkt);
  QPainterPath path;
  const size_t kept = appendToPath(path, circle.get(), MapView::fit(box(-60000, -60000, 60000, 60000), QSize(120, 120), 0), 0.5);
  EXPECT_LT(kept, 700u);
  EXPECT_GT(kept, 100u);
}

TEST(RenderDraw, ScaleBarLengthIsOneTwoFiveTimesAPowerOfTen) {
  EXPECT_DOUBLE_EQ(scaleBarLength(10, 160), 1000);   // 1600 m fits → 1 km
  EXPECT_DOUBLE_EQ(scaleBarLength(37, 160), 5000);   // 5920 m → 5 km
  EXPECT_DOUBLE_EQ(scaleBarLength(150, 160), 20000);  // 24 km → 20 km
}

TEST(RenderIdentify, ReturnsTheFeatureUnderThePointTopMostFirst) {
  const Layer bottom = makeLayer("test", {"POLYGON((0 0,100 0,100 100,0 100,0 0))"});
  const Layer top = makeLayer("test", {"POLYGON((200 0,300 0,300 100,200 100,200 0))", "POLYGON((50 50,150 50,150 150,50 150,50 50))"});
  Scene scene;
  scene.layers.push_back({"bottom", &bottom, true, nullptr});
  scene.layers.push_back({"top", &top, true, nullptr});
  auto hits = identify(scene, 75, 75, 1);  // inside both: top layer's second feature first
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].entry, 1);
  EXPECT_EQ(hits[0].index, 1u);
  EXPECT_EQ(hits[1].entry, 0);
  EXPECT_EQ(hits[1].index, 0u);
  hits = identify(scene, 250, 50, 1);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].index, 0u);
  EXPECT_TRUE(identify(scene, 180, 50, 1).empty());
  EXPECT_EQ(identify(scene, 198, 50, 3).size(), 1u);  // within the tolerance of the edge
  scene.layers[1].visible = false;
  EXPECT_EQ(identify(scene, 250, 50, 1).size(), 0u);
}

TEST(RenderCancel, RaisedFlagStopsTheRender) {
  ensureQtApp<QGuiApplication>();
  const Layer layer = makeLayer("test", {"POLYGON((0 0,1 0,1 1,0 1,0 0))"});
  Scene scene;
  scene.layers.push_back({"t", &layer, true, nullptr});
  std::atomic<bool> cancel{true};
  bool cancelled = false;
  renderImage(scene, MapView::fit(layer.extent, QSize(50, 50)), &cancel, {}, &cancelled);
  EXPECT_TRUE(cancelled);
  cancel = false;
  renderImage(scene, MapView::fit(layer.extent, QSize(50, 50)), &cancel, {}, &cancelled);
  EXPECT_FALSE(cancelled);
}

TEST(RenderCancel, StartingARenderCancelsTheOneInProgress) {
  ensureQtApp<QGuiApplication>();
  // Enough polygons that the first render cannot finish before the second starts.
  std::vector<std::string> wkts;
  for (int i = 0; i < 20000; ++i) {
    const double x = (i % 200) * 10, y = (i / 200) * 10;
    wkts.push_back("POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," + std::to_string(x + 8) + " " + std::to_string(y) + "," +
                   std::to_string(x + 8) + " " + std::to_string(y + 8) + "," + std::to_string(x) + " " + std::to_string(y) + "))");
  }
  auto layer = std::make_shared<Layer>(makeLayer("test", wkts));
  auto scene = std::make_shared<Scene>();
  scene->styles = plainStyles();
  scene->layers.push_back({"grid", layer.get(), true, nullptr});
  scene->keepAlive.push_back(layer);
  const MapView full = MapView::fit(layer->extent, QSize(800, 600));

  AsyncRenderer renderer;
  std::vector<quint64> finished, cancelled;
  QObject::connect(&renderer, &AsyncRenderer::finished, [&](quint64 t, const QImage& image, const MapView& view, double) {
    finished.push_back(t);
    EXPECT_EQ(image.size(), QSize(800, 600));
    EXPECT_EQ(view, full.zoomedAt(QPointF(400, 300), 2));
  });
  QObject::connect(&renderer, &AsyncRenderer::cancelled, [&](quint64 t) { cancelled.push_back(t); });
  const quint64 first = renderer.start(scene, full);
  const quint64 second = renderer.start(scene, full.zoomedAt(QPointF(400, 300), 2));
  renderer.waitForIdle();
  QCoreApplication::processEvents();
  EXPECT_EQ(cancelled, std::vector<quint64>{first});
  EXPECT_EQ(finished, std::vector<quint64>{second});
}
