// src/render: styles, the map view, drawing, identify, cancellation, the
// legend, map elements (scale, north arrow, grid), the swipe and the print layout.
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
#include "render/legend.h"
#include "render/map_elements.h"
#include "render/print_layout.h"
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

namespace {

Layer typedLayer(Layer layer, const std::string& geometryType) {
  layer.geometryTypeCounts.clear();
  layer.geometryTypeCounts[geometryType] = static_cast<int>(layer.features.size());
  return layer;
}

Table changesTable() {
  Table t;
  t.name = "audit_changes";
  t.zh = "红线变化图斑";
  t.en = "Red-line changes";
  t.columns = {{"change_type", "变化类型", "Change type"}, {"old_code", "原图斑编号", "Old code"}, {"new_code", "新图斑编号", "New code"}};
  t.rows = {{std::string("增加"), std::string(), std::string("HX2")},
            {std::string("减少"), std::string("HX1"), std::string()},
            {std::string("性质改变"), std::string("HX3"), std::string("HX3")}};
  for (int i = 0; i < 3; ++i) t.geometries.push_back(geos::fromWkt(format("POLYGON((%d 0,%d 0,%d 10,%d 10,%d 0))", i * 20, i * 20 + 10, i * 20 + 10, i * 20, i * 20)));
  return t;
}

std::vector<std::string> labels(const std::vector<LegendItem>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.label.toStdString());
  return out;
}

}  // namespace

// The legend says what every style on the map stands for: a role's own
// style, each zone of a zoned role, line and point swatches for line and
// point layers, severities worst first, the audit's change kinds, the
// labelled overlays, and nothing for a hidden layer.
TEST(RenderLegend, EntriesForEachLayerKind) {
  ensureQtApp<QGuiApplication>();
  setLanguage(Language::Chinese);
  const auto styles = std::make_shared<StyleSet>(StyleSet::loadDefault());
  const RoleCatalog roles = RoleCatalog::loadDefault();
  // Polygons with zones: one entry per zone present, titled as people say it.
  const Layer reserves = makeLayer("reserve", {"POLYGON((0 0,1 0,1 1,0 1,0 0))", "POLYGON((2 0,3 0,3 1,2 1,2 0))"}, {"zone", "name"},
                                   {{"核心区", "甘草自然保护区"}, {"实验区", "甘草自然保护区"}});
  const LayerEntry reserveEntry{"reserves", &reserves, true, prepareLayer(reserves, *styles, &roles)};
  const auto reserveItems = layerLegend(reserveEntry, *styles);
  ASSERT_EQ(reserveItems.size(), 2u);
  EXPECT_EQ(reserveItems[0].style.fill, styles->forRole("reserve", "core").fill);
  EXPECT_EQ(reserveItems[1].style.fill, styles->forRole("reserve", "general").fill);
  EXPECT_EQ(reserveItems[0].label.toStdString(), roles.get("reserve").field("zone")->valueTitle("core"));
  EXPECT_EQ(reserveItems[0].dimension, 2);
  // Lines with zones: line swatches in the zones' colours.
  const Layer shore = typedLayer(makeLayer("shoreline", {"LINESTRING(0 0,1 1)", "LINESTRING(2 0,3 1)"}, {"zone"}, {{"保护区"}, {"开发利用区"}}),
                                 "LineString");
  const auto shoreItems = layerLegend({"shoreline", &shore, true, prepareLayer(shore, *styles, &roles)}, *styles);
  ASSERT_EQ(shoreItems.size(), 2u);
  EXPECT_EQ(shoreItems[0].dimension, 1);
  EXPECT_EQ(shoreItems[0].style.outline, styles->forRole("shoreline", "protection").outline);
  EXPECT_EQ(shoreItems[1].style.outline, styles->forRole("shoreline", "development").outline);
  // One style: one entry named by the role.
  const Layer mining = makeLayer("mining", {"POLYGON((0 0,1 0,1 1,0 1,0 0))"});
  const auto miningItems = layerLegend({"mining", &mining, true, prepareLayer(mining, *styles, &roles)}, *styles);
  ASSERT_EQ(miningItems.size(), 1u);
  EXPECT_EQ(miningItems[0].label.toStdString(), roles.get("mining").title());
  EXPECT_EQ(miningItems[0].style.fill, styles->forRole("mining").fill);
  // Points: a point swatch.
  const Layer sites = typedLayer(makeLayer("project_site", {"POINT(0 0)"}), "Point");
  EXPECT_EQ(layerLegend({"sites", &sites, true, prepareLayer(sites, *styles, &roles)}, *styles).at(0).dimension, 0);
  // A colour per value of a field the user chose.
  LayerStyleOverride byKind;
  byKind.categoryField = "kind";
  const Layer kinds = makeLayer("mining", {"POLYGON((0 0,1 0,1 1,0 1,0 0))", "POLYGON((2 0,3 0,3 1,2 1,2 0))", "POLYGON((4 0,5 0,5 1,4 1,4 0))"},
                                {"kind"}, {{"采矿权"}, {"探矿权"}, {"采矿权"}});
  const auto kindItems = layerLegend({"kinds", &kinds, true, prepareLayer(kinds, *styles, &roles, &byKind)}, *styles);
  EXPECT_EQ(labels(kindItems), (std::vector<std::string>{"采矿权", "探矿权"}));
  EXPECT_NE(kindItems[0].style.fill, kindItems[1].style.fill);

  // Results: severities worst first; the audit's change kinds in their own colours.
  Table conflicts;
  conflicts.name = "overlap_conflicts";
  conflicts.columns = {{"severity", "严重程度", "Severity"}};
  conflicts.rows = {{std::string("提示")}, {std::string("禁止")}, {std::string("限制")}};
  for (int i = 0; i < 3; ++i) conflicts.geometries.push_back(geos::fromWkt("POLYGON((0 0,1 0,1 1,0 1,0 0))"));
  EXPECT_EQ(labels(resultLegend(prepareResult("c/overlap_conflicts", conflicts), *styles)), (std::vector<std::string>{"禁止", "限制", "提示"}));
  const Table changes = changesTable();
  const auto changeItems = resultLegend(prepareResult("a/audit_changes", changes), *styles);
  EXPECT_EQ(labels(changeItems), (std::vector<std::string>{"减少", "性质改变", "增加"}));
  EXPECT_EQ(changeItems[0].style.fill, styles->forCompare("removed").fill);
  EXPECT_EQ(changeItems[1].style.fill, styles->forCompare("nature_changed").fill);
  EXPECT_EQ(changeItems[2].style.fill, styles->forCompare("added").fill);

  // The scene's legend: labelled overlays, results, then the visible layers top down.
  Scene scene;
  scene.styles = styles;
  scene.layers.push_back(reserveEntry);
  scene.layers.push_back({"mining", &mining, true, prepareLayer(mining, *styles, &roles)});
  scene.layers.push_back({"hidden", &mining, false, prepareLayer(mining, *styles, &roles)});
  scene.results.push_back(prepareResult("a/audit_changes", changes));
  scene.results.back().title = "红线变化核查 — 红线变化图斑";
  scene.overlays.push_back({{changes.geometries[0].get()}, styles->forCompare("removed"), "减少 1.0000 公顷"});
  scene.overlays.push_back({{changes.geometries[0].get()}, styles->highlight});  // no label: not in the legend
  const auto groups = sceneLegend(scene);
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0].items.size(), 1u);
  EXPECT_EQ(groups[0].items[0].label.toStdString(), "减少 1.0000 公顷");
  EXPECT_EQ(groups[1].title.toStdString(), "红线变化核查 — 红线变化图斑");
  EXPECT_EQ(groups[2].items.at(0).label.toStdString(), roles.get("mining").title());
  EXPECT_EQ(groups[3].title.toStdString(), "reserves");
  EXPECT_EQ(groups[3].items.size(), 2u);

  // Drawn, it takes room and its swatches show the styles' colours.
  QImage image(400, 400, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  QPainter p(&image);
  const QSizeF used = drawLegend(p, QRectF(10, 10, 380, 380), groups, styles->fontFamily);
  p.end();
  EXPECT_GT(used.width(), 60);
  EXPECT_GT(used.height(), 8 * 11);
}

// A label laid out to fit its row is drawn whole: on the print's legend
// (5 pt on a 120 dpi page, far right of the page) elidedText alone cut
// 减少 to … and 性质改变 to 性质….
TEST(RenderLegend, ALabelThatFitsItsRowIsNeverCut) {
  ensureQtApp<QGuiApplication>();
  const StyleSet styles = StyleSet::loadDefault();
  QImage page(100, 100, QImage::Format_ARGB32_Premultiplied);
  page.setDotsPerMeterX(std::lround(120 / 0.0254));
  page.setDotsPerMeterY(std::lround(120 / 0.0254));
  for (const double points : {4.05, 4.5, 5.0, 6.3, 7.0, 8.0}) {
    QFont font(styles.fontFamily);
    font.setPointSizeF(points);
    font.setStyleStrategy(QFont::PreferNoShaping);  // as the legend draws
    const QFontMetricsF metrics(font, &page);
    for (const char* text : {"减少", "性质改变", "核心保护区", "岸线控制利用区", "mining · 矿业权"}) {
      const QString label = QString::fromUtf8(text);
      const double advance = metrics.horizontalAdvance(label);
      // The row's room is its advance less a rounding error (x + w - tx far from the page's origin: 2e-13 px).
      EXPECT_EQ(fitText(metrics, label, advance).toStdString(), text) << points << " pt";
      EXPECT_EQ(fitText(metrics, label, (1000 + advance) - 1000 - 1e-12).toStdString(), text) << points << " pt";
      EXPECT_TRUE(fitText(metrics, label, advance / 2).endsWith(QChar(0x2026))) << text << " at " << points << " pt";
    }
  }
}

// 减少 / 增加 / 性质改变 must never read as a severity: their fills are
// far from every severity's (RGB distance, alpha aside).
TEST(RenderStyles, ChangeKindsHaveColoursNoSeverityUses) {
  const StyleSet s = StyleSet::loadDefault();
  for (const char* kind : {"removed", "added", "nature_changed"}) {
    ASSERT_TRUE(s.compare.count(kind)) << kind;
    const QColor c = s.forCompare(kind).fill;
    for (const auto& [name, severity] : s.severity) {
      const QColor o = severity.fill;
      const double d = std::hypot(c.red() - o.red(), c.green() - o.green(), c.blue() - o.blue());
      EXPECT_GE(d, 110) << kind << " vs " << name;
    }
  }
  EXPECT_EQ(s.canonicalChange("减少"), "removed");
  EXPECT_EQ(s.canonicalChange("增加"), "added");
  EXPECT_EQ(s.canonicalChange("性质改变"), "nature_changed");
  EXPECT_EQ(s.canonicalChange("禁止"), "");
  // The selection keeps the piece's colour readable: no fill, a haloed outline.
  EXPECT_EQ(s.highlight.fill.alpha(), 0);
  EXPECT_GT(s.highlight.haloWidth, 0);
}

TEST(RenderDraw, ResultRowsOfTheAuditAreColouredByChangeKind) {
  ensureQtApp<QGuiApplication>();
  auto styles = plainStyles();
  styles->compare["removed"].fill = QColor(120, 0, 160);
  styles->compare["added"].fill = QColor(0, 130, 120);
  styles->compare["nature_changed"].fill = QColor(50, 70, 170);
  styles->compare["nature_changed"].hatch = Qt::NoBrush;
  const Table t = changesTable();
  Scene scene;
  scene.styles = styles;
  scene.results.push_back(prepareResult("a/audit_changes", t));
  const QImage image = renderImage(scene, MapView::fit(box(0, 0, 50, 10), QSize(50, 10), 0), nullptr,
                                   RenderOptions{.labels = false, .scaleBar = false, .northArrow = false});
  EXPECT_EQ(image.pixelColor(5, 5), QColor(0, 130, 120));   // 增加
  EXPECT_EQ(image.pixelColor(25, 5), QColor(120, 0, 160));  // 减少
  EXPECT_EQ(image.pixelColor(45, 5), QColor(50, 70, 170));  // 性质改变
}

// A swipe: layers and overlays with a side are drawn on that side of the
// divider only; moving the divider moves the boundary between them.
TEST(RenderSwipe, LeftSideShowsOneLayerAndRightSideTheOther) {
  ensureQtApp<QGuiApplication>();
  auto styles = plainStyles();
  styles->roles["old"].base.fill = QColor(200, 0, 0);
  styles->roles["new"].base.fill = QColor(0, 0, 200);
  const Layer old = makeLayer("old", {"POLYGON((0 0,100 0,100 100,0 100,0 0))"});
  const Layer neu = makeLayer("new", {"POLYGON((0 0,100 0,100 100,0 100,0 0))"});
  Scene scene;
  scene.styles = styles;
  scene.layers.push_back({"old", &old, true, prepareLayer(old, *styles, nullptr), -1});
  scene.layers.push_back({"new", &neu, true, prepareLayer(neu, *styles, nullptr), +1});
  const geos::GeomPtr piece = geos::fromWkt("POLYGON((10 10,90 10,90 20,10 20,10 10))");
  Style removed;
  removed.fill = QColor(0, 160, 0);
  removed.outline = Qt::transparent;
  scene.overlays.push_back({{piece.get()}, removed, "removed", -1});
  scene.swipe = 0.3;
  const MapView view = MapView::fit(box(0, 0, 100, 100), QSize(200, 200), 0);
  const RenderOptions plain{.labels = false, .scaleBar = false, .northArrow = false, .swipeLine = false};
  QImage image = renderImage(scene, view, nullptr, plain);
  EXPECT_EQ(image.pixelColor(30, 100), QColor(200, 0, 0));   // left of x = 60 px: the old layer
  EXPECT_EQ(image.pixelColor(150, 100), QColor(0, 0, 200));  // right: the new one
  EXPECT_EQ(image.pixelColor(30, 170), QColor(0, 160, 0));   // the removed piece on the left …
  EXPECT_EQ(image.pixelColor(150, 170), QColor(0, 0, 200));  // … and not on the right
  scene.swipe = 0.8;
  image = renderImage(scene, view, nullptr, plain);
  EXPECT_EQ(image.pixelColor(150, 100), QColor(200, 0, 0));  // now left of the divider
  EXPECT_EQ(image.pixelColor(190, 100), QColor(0, 0, 200));
  // The divider itself, with its captions, when asked.
  scene.swipeLeft = QStringLiteral("旧版");
  scene.swipeRight = QStringLiteral("新版");
  image = renderImage(scene, view, nullptr, RenderOptions{.labels = false, .scaleBar = false, .northArrow = false});
  EXPECT_LT(image.pixelColor(160, 100).lightness(), 60);  // the dark line at x = 160
}

TEST(RenderMapElements, ScaleIsWrittenReadAndRounded) {
  EXPECT_EQ(scaleText(50000).toStdString(), "1:50 000");
  EXPECT_EQ(scaleText(1187654).toStdString(), "1:1 190 000");
  EXPECT_EQ(scaleText(2500).toStdString(), "1:2 500");
  EXPECT_DOUBLE_EQ(parseScale(QStringLiteral("1:50000")), 50000);
  EXPECT_DOUBLE_EQ(parseScale(QStringLiteral("1:50 000")), 50000);
  EXPECT_DOUBLE_EQ(parseScale(QStringLiteral("1:25,000")), 25000);
  EXPECT_DOUBLE_EQ(parseScale(QString::fromUtf8("1∶1万")), 10000);
  EXPECT_DOUBLE_EQ(parseScale(QStringLiteral("250000")), 250000);
  EXPECT_EQ(parseScale(QStringLiteral("1:abc")), 0);
  EXPECT_DOUBLE_EQ(niceScale(1190000), 1250000);
  EXPECT_DOUBLE_EQ(niceScale(230000), 250000);
  EXPECT_DOUBLE_EQ(niceScale(50000), 50000);
  // 10 m per pixel at 96 dpi: 10 m / (0.0254 m / 96) = 1:37 795.
  EXPECT_NEAR(scaleDenominator(10, 96), 37795.28, 0.01);
  EXPECT_NEAR(unitsPerPixelForScale(scaleDenominator(7.5, 96), 96), 7.5, 1e-12);
  EXPECT_DOUBLE_EQ(gridInterval(100000, 5), 20000);
}

// The scale bar's box is kept free: a label that would fall in it is not drawn.
TEST(RenderMapElements, LabelsAreNotDrawnUnderTheScaleBar) {
  ensureQtApp<QGuiApplication>();
  auto styles = plainStyles();
  styles->roles["test"].base.fill = Qt::transparent;
  styles->roles["test"].base.outline = Qt::transparent;
  styles->roles["test"].base.labelField = "name";
  styles->roles["test"].base.labelSize = 9;
  // A 60 m square in the bottom left corner of a 300 m view (1 m per pixel): its label sits where the scale bar is.
  const Layer layer = makeLayer("test", {"POLYGON((0 0,100 0,100 40,0 40,0 0))"}, {"name"}, {{"乌兰镇"}});
  Scene scene;
  scene.styles = styles;
  scene.layers.push_back({"t", &layer, true, prepareLayer(layer, *styles, nullptr)});
  const MapView view = MapView::fit(box(0, 0, 300, 300), QSize(300, 300), 0);
  const QImage without = renderImage(scene, view, nullptr, RenderOptions{.labels = false, .scaleBar = true, .northArrow = false});
  const QImage with = renderImage(scene, view, nullptr, RenderOptions{.labels = true, .scaleBar = true, .northArrow = false});
  EXPECT_EQ(with, without);
  // Without the scale bar the label is drawn there.
  const QImage bare = renderImage(scene, view, nullptr, RenderOptions{.labels = false, .scaleBar = false, .northArrow = false});
  const QImage labelled = renderImage(scene, view, nullptr, RenderOptions{.labels = true, .scaleBar = false, .northArrow = false});
  EXPECT_NE(labelled, bare);
}

// The print layout: the paper's size at the resolution asked, the map at
// a round scale that holds the extent, white paper around it.
TEST(RenderPrint, PageHasThePaperSizeAndTheMapARoundScale) {
  ensureQtApp<QGuiApplication>();
  const Layer layer = makeLayer("test", {"POLYGON((500000 4300000,530000 4300000,530000 4320000,500000 4320000,500000 4300000))"});
  Scene scene;
  scene.styles = plainStyles();
  scene.layers.push_back({"t", &layer, true, prepareLayer(layer, *scene.styles, nullptr)});
  PrintLayout layout;
  layout.title = QStringLiteral("测试图");
  PrintedMap printed;
  const QImage a4 = printImage(scene, layout, 100, &printed);
  EXPECT_NEAR(a4.width(), 297 / 25.4 * 100, 1);
  EXPECT_NEAR(a4.height(), 210 / 25.4 * 100, 1);
  EXPECT_DOUBLE_EQ(niceScale(printed.denominator), printed.denominator);
  EXPECT_LE(printed.extent.minX, 500000);
  EXPECT_GE(printed.extent.maxX, 530000);
  EXPECT_LE(printed.extent.minY, 4300000);
  EXPECT_GE(printed.extent.maxY, 4320000);
  // The frame's width at that scale is the extent's width.
  EXPECT_NEAR((printed.extent.maxX - printed.extent.minX) / (printed.frameMm.width() / 1000), printed.denominator, 1e-6 * printed.denominator);
  EXPECT_EQ(a4.pixelColor(3, 3), QColor(Qt::white));
  // The map's fill in the middle of the frame.
  const QPointF centre = (printed.frameMm.center() + QPointF(3.3, 2.7)) * (100 / 25.4);  // off any grid line
  EXPECT_EQ(a4.pixelColor(centre.toPoint()), QColor(32, 96, 160));
  layout.paper = PrintLayout::Paper::A3;
  layout.landscape = false;
  const QImage a3 = printImage(scene, layout, 50);
  EXPECT_NEAR(a3.width(), 297 / 25.4 * 50, 1);
  EXPECT_NEAR(a3.height(), 420 / 25.4 * 50, 1);
}
