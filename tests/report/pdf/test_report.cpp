// The printable report and the QGIS styles on a small project whose answer
// is known by hand: one mining licence 400 m × 200 m, half in a reserve's
// core zone (禁止) and half in its general zone (限制), two 4 ha pieces.
// The PDF is read back with poppler (pdfinfo, pdftotext); the .qml with
// QXmlStreamReader.
#include <gtest/gtest.h>

#include <QFile>
#include <QGuiApplication>
#include <QXmlStreamReader>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/base/text.h"
#include "core/run/project.h"
#include "core/run/provenance.h"
#include "fixtures/fixtures.h"
#include "report/files/write_run.h"
#include "report/pdf/pdf_report.h"
#include "report/pdf/qgis_style.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;
constexpr double X0 = 500000, Y0 = 4300000;

std::string rect(double x1, double y1, double x2, double y2) {
  return format("POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", X0 + x1, Y0 + y1, X0 + x2, Y0 + y1, X0 + x2, Y0 + y2, X0 + x1,
                Y0 + y2, X0 + x1, Y0 + y1);
}

std::string shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

int pdfPages(const std::string& pdf) {
  const std::string info = shell("pdfinfo '" + pdf + "'");
  const size_t at = info.find("Pages:");
  return at == std::string::npos ? -1 : std::stoi(info.substr(at + 6));
}

// Layers and a project with one overlap check; returns the project file.
std::string project(const std::string& folder) {
  test::LayerSpec reserves;
  reserves.path = folder + "/reserves.shp";
  reserves.fields = {"BHDMC", "GNFQ"};
  reserves.rows = {{rect(0, 0, 1000, 1000), {"都斯图河湿地自然保护区", "核心区"}}, {rect(1000, 0, 2000, 1000), {"都斯图河湿地自然保护区", "实验区"}}};
  test::writeLayer(reserves);
  test::LayerSpec mining;
  mining.path = folder + "/mining.shp";
  mining.fields = {"XKZH", "KSMC", "KYQLX"};
  mining.rows = {{rect(800, 400, 1200, 600), {"C1506242023011000000000", "测试矿", "采矿权"}}};
  test::writeLayer(mining);
  const std::string path = folder + "/project.yaml";
  std::ofstream(path) << "name: 报告测试项目\n"
                         "layers:\n"
                         "  mining: {path: mining.shp, role: mining}\n"
                         "  reserves: {path: reserves.shp, role: reserve}\n"
                         "checks:\n"
                         "  - {type: overlap, a: mining, b: reserves}\n";
  return path;
}

struct Ran {
  RunResult run;
  report::PdfReport pdf;
};

Ran runWithReport(const std::string& folder, double mapMinAreaHa) {
  report::ensureGuiApplication();
  Ran out;
  RunOptions options;
  options.outputDir = folder + "/out";
  options.extraWriters.push_back(report::qgisStyleWriter());
  report::PdfOptions pdf;
  pdf.mapMinAreaHa = mapMinAreaHa;
  pdf.date = "2024-05-01";
  options.extraWriters.push_back([&out, pdf](const LoadedProject& loaded, const RunResult& result, const std::vector<WrittenShapefile>&,
                                             const std::string& dir) {
    out.pdf = report::writePdfReport(loaded, result, dir, pdf);
    return std::vector<std::string>{out.pdf.path};
  });
  out.run = runProject(readProject(project(folder)), RoleCatalog::loadDefault(), options);
  return out;
}

TEST(PdfReport, HasCoverInputsOverviewCheckAndOneMapPerFindingWithChineseVerdicts) {
  const std::string folder = test::freshFolder("report_pdf");
  const Ran r = runWithReport(folder, 1.0);
  const std::string pdf = folder + "/out/sanxian_report.pdf";
  ASSERT_TRUE(fs::exists(pdf));
  // Listed among the outputs (and so in the audit trail), before the trail itself.
  EXPECT_NE(std::find(r.run.written.begin(), r.run.written.end(), pdf), r.run.written.end());
  std::ifstream trail(folder + "/out/audit_trail.json");
  const std::string trailText((std::istreambuf_iterator<char>(trail)), std::istreambuf_iterator<char>());
  EXPECT_NE(trailText.find("sanxian_report.pdf"), std::string::npos);

  // Cover; parameters, inputs and notes; overview map; the overlap check; the two 4 ha pieces' maps.
  EXPECT_EQ(r.pdf.findings, 2u);
  EXPECT_EQ(r.pdf.findingMaps, 2u);
  EXPECT_EQ(r.pdf.pages, 5);
  EXPECT_EQ(pdfPages(pdf), 5);

  const std::string text = shell("pdftotext -enc UTF-8 '" + pdf + "' -");
  EXPECT_NE(text.find("报告测试项目"), std::string::npos);
  EXPECT_NE(text.find("2024-05-01"), std::string::npos);
  EXPECT_NE(text.find("检查结论"), std::string::npos);
  EXPECT_NE(text.find("重叠图斑 2 个"), std::string::npos);  // the check's headline
  EXPECT_NE(text.find("禁止 1，限制 1"), std::string::npos);
  EXPECT_NE(text.find("都斯图河湿地自然保护区"), std::string::npos);  // a table row
  EXPECT_NE(text.find(sha256File(folder + "/mining.shp")), std::string::npos);
  EXPECT_NE(text.find("图 2"), std::string::npos);  // the second finding map's caption
  EXPECT_NE(text.find("CGCS2000"), std::string::npos);  // digits after Latin letters survive in the text layer
  EXPECT_NE(text.find("EPSG:4545"), std::string::npos);
  EXPECT_EQ(text.find("\u2F4C"), std::string::npos);  // no Kangxi radical ⽌ in place of 止
  EXPECT_EQ(text.find("\u2EC5"), std::string::npos);  // nor the supplement's ⻅ in place of 见
  EXPECT_NE(text.find("完整结果见同一目录"), std::string::npos);
}

TEST(PdfReport, FindingsBelowTheUsersSizeGetNoMapButANote) {
  const std::string folder = test::freshFolder("report_pdf_min");
  const Ran r = runWithReport(folder, 5.0);  // both pieces are 4 ha
  EXPECT_EQ(r.pdf.findings, 0u);
  EXPECT_EQ(r.pdf.pages, 4);
  const std::string pdf = folder + "/out/sanxian_report.pdf";  // written in the run's staging folder, then moved
  EXPECT_EQ(pdfPages(pdf), 4);
  const std::string text = shell("pdftotext -enc UTF-8 '" + pdf + "' -");
  EXPECT_NE(text.find("没有面积不小于 5 公顷"), std::string::npos);
}

TEST(QgisStyle, ConflictShapefileGetsQmlWithSeverityCategoriesColoursAndAliases) {
  const std::string folder = test::freshFolder("report_qml");
  const Ran r = runWithReport(folder, 1.0);
  const std::string qml = folder + "/out/overlap_mining_reserves/overlap_conflicts.qml";
  ASSERT_TRUE(fs::exists(qml));
  EXPECT_NE(std::find(r.run.written.begin(), r.run.written.end(), qml), r.run.written.end());

  QFile file(QString::fromStdString(qml));
  ASSERT_TRUE(file.open(QIODevice::ReadOnly));
  QXmlStreamReader xml(&file);
  std::string root, renderer, attr;
  std::map<std::string, std::string> categorySymbol;       // value → symbol name
  std::map<std::string, std::vector<std::string>> colours;  // symbol name → fill colours
  std::map<std::string, std::string> aliases;               // field → alias
  std::string symbol;
  bool inSource = false;
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isEndElement() && xml.name() == QStringLiteral("source-symbol")) inSource = false;
    if (!xml.isStartElement()) continue;
    const auto a = xml.attributes();
    const std::string name = xml.name().toString().toStdString();
    if (root.empty()) root = name;
    if (name == "renderer-v2") renderer = a.value("type").toString().toStdString(), attr = a.value("attr").toString().toStdString();
    if (name == "source-symbol") inSource = true;
    if (name == "category") categorySymbol[a.value("value").toString().toStdString()] = a.value("symbol").toString().toStdString();
    if (name == "symbol" && !inSource) symbol = a.value("name").toString().toStdString();
    if (name == "Option" && a.value("name") == QStringLiteral("color") && !inSource) colours[symbol].push_back(a.value("value").toString().toStdString());
    if (name == "alias") aliases[a.value("field").toString().toStdString()] = a.value("name").toString().toStdString();
  }
  ASSERT_FALSE(xml.hasError()) << xml.errorString().toStdString();
  EXPECT_EQ(root, "qgis");
  EXPECT_EQ(renderer, "categorizedSymbol");
  EXPECT_EQ(attr, "severity");  // the Shapefile's field name for the severity column
  ASSERT_TRUE(categorySymbol.count("禁止"));
  ASSERT_TRUE(categorySymbol.count("限制"));
  // styles.yaml: 禁止 → critical fill #d50000b0; 限制 → medium #ffd600a0.
  EXPECT_EQ(colours[categorySymbol["禁止"]].at(0), "213,0,0,176");
  EXPECT_EQ(colours[categorySymbol["限制"]].at(0), "255,214,0,160");
  EXPECT_EQ(aliases["area_ha"], "重叠面积（公顷）");
  EXPECT_EQ(aliases["a_share"], "占 A 要素面积比例（%）");
}

// The red-line changes and the shoreline segments get categories of their
// own in their .qml — 减少 / 增加 / 性质改变 in the comparison's colours,
// shoreline zones in the shoreline role's zone colours — and labels where
// the viewer labels them (the patch code, the river).
TEST(QgisStyle, ChangeKindsAndShorelineZonesAreCategoriesWithLabels) {
  const render::StyleSet styles = render::StyleSet::loadDefault();
  Table changes;
  changes.name = "audit_changes";
  changes.columns = {{"change_type", "变化类型", "Change type", ColumnType::Text, 0, "chg_type"},
                     {"old_code", "原图斑编号", "Old patch code"},
                     {"new_code", "新图斑编号", "New patch code"}};
  changes.rows = {{std::string("增加"), std::string(), std::string("HX2")},
                  {std::string("减少"), std::string("HX1"), std::string()},
                  {std::string("性质改变"), std::string("HX3"), std::string("HX3")}};
  for (int i = 0; i < 3; ++i) changes.geometries.push_back(geos::fromWkt(rect(i * 10, 0, i * 10 + 5, 5)));
  const std::string qml = report::qgisStyle(changes, {"chg_type", "old_code", "new_code"}, styles);
  const auto rgba = [](const QColor& c) { return format("%d,%d,%d,%d", c.red(), c.green(), c.blue(), c.alpha()); };
  EXPECT_NE(qml.find("type=\"categorizedSymbol\" attr=\"chg_type\""), std::string::npos) << qml;
  // Removed first, then nature changed, then added, each in its colour.
  const size_t removed = qml.find("value=\"减少\""), changed = qml.find("value=\"性质改变\""), added = qml.find("value=\"增加\"");
  ASSERT_NE(removed, std::string::npos);
  EXPECT_LT(removed, changed);
  EXPECT_LT(changed, added);
  // The colour of the symbol a category value is drawn with.
  const auto colourOf = [](const std::string& doc, const std::string& value, const char* type) {
    const size_t category = doc.find("value=\"" + value + "\"");
    const size_t symbolAt = doc.find("symbol=\"", doc.rfind("<category", category));
    const std::string symbol = doc.substr(symbolAt + 8, doc.find('"', symbolAt + 8) - symbolAt - 8);
    const size_t start = doc.find(std::string("<symbol type=\"") + type + "\" name=\"" + symbol + "\"");
    const char* key = std::string(type) == "line" ? "name=\"line_color\" value=\"" : "name=\"color\" value=\"";
    const size_t colour = doc.find(key, start) + std::strlen(key);
    return doc.substr(colour, doc.find('"', colour) - colour);
  };
  EXPECT_EQ(colourOf(qml, "减少", "fill"), rgba(styles.forCompare("removed").fill));
  EXPECT_EQ(colourOf(qml, "增加", "fill"), rgba(styles.forCompare("added").fill));
  EXPECT_EQ(colourOf(qml, "性质改变", "fill"), rgba(styles.forCompare("nature_changed").fill));
  EXPECT_NE(qml.find("labelsEnabled=\"1\""), std::string::npos);
  EXPECT_NE(qml.find("<labeling type=\"simple\">"), std::string::npos);
  EXPECT_NE(qml.find("coalesce(nullif(&quot;old_code&quot;, ''), nullif(&quot;new_code&quot;, ''))"), std::string::npos) << qml;

  Table segments;
  segments.name = "shoreline_segments";
  segments.columns = {{"river", "河流", "River"}, {"zone", "岸线功能分区", "Zone"}, {"zone_code", "分区代码", "Zone code"}};
  segments.rows = {{std::string("都斯图河"), std::string("岸线开发利用区"), std::string("development")},
                   {std::string("都斯图河"), std::string("岸线保护区"), std::string("protection")}};
  for (int i = 0; i < 2; ++i) segments.geometries.push_back(geos::fromWkt(format("LINESTRING(%d 0,%d 10)", i * 10, i * 10)));
  const std::string lines = report::qgisStyle(segments, {"river", "zone", "zone_code"}, styles);
  EXPECT_NE(lines.find("attr=\"zone_code\""), std::string::npos) << lines;
  EXPECT_LT(lines.find("label=\"岸线保护区\""), lines.find("label=\"岸线开发利用区\""));
  EXPECT_NE(lines.find("<symbol type=\"line\""), std::string::npos);
  EXPECT_EQ(colourOf(lines, "protection", "line"), rgba(styles.forRole("shoreline", "protection").outline));
  EXPECT_EQ(colourOf(lines, "development", "line"), rgba(styles.forRole("shoreline", "development").outline));
  EXPECT_NE(lines.find("fieldName=\"river\" isExpression=\"0\""), std::string::npos) << lines;
  EXPECT_NE(lines.find("placement=\"2\""), std::string::npos);  // along the line

  // A table the viewer does not label has none in its style.
  Table plain;
  plain.name = "site_coverage";
  plain.columns = {{"layer", "图层", "Layer"}};
  plain.rows = {{std::string("a")}};
  plain.geometries.push_back(geos::fromWkt(rect(0, 0, 1, 1)));
  EXPECT_NE(report::qgisStyle(plain, {"layer"}, styles).find("labelsEnabled=\"0\""), std::string::npos);
}

}  // namespace
}  // namespace sanxian
