// Every artefact of the sample run, read back as a user opens it — the
// workbook with GDAL's XLSX reader, CSV, Shapefile and GeoPackage with GDAL,
// the PDF with pdftotext — and checked against run_summary.json: every
// total, row count, code and verdict. The run is the README's main job
// (`sanxian run samples/otog/otog.yaml -o DIR`), done once for the suite.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/checks/findings.h"
#include "core/checks/rules.h"
#include "core/geometry/units.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string shell(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int rc = pclose(pipe);
  if (status) *status = WEXITSTATUS(rc);
  return out;
}

// A layer of a file as rows of field name → text.
struct Rows {
  std::vector<std::string> fields;
  std::vector<std::map<std::string, std::string>> rows;
  std::vector<bool> hasGeometry;
};

Rows readLayer(const std::string& path, const std::string& layerName = "", bool headers = false) {
  Rows out;
  CPLStringList options;
  if (headers) options.SetNameValue("HEADERS", "FORCE");
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options.List(), nullptr));
  if (!ds) {
    ADD_FAILURE() << "cannot open " << path;
    return out;
  }
  OGRLayer* layer = layerName.empty() ? ds->GetLayer(0) : ds->GetLayerByName(layerName.c_str());
  if (!layer) {
    ADD_FAILURE() << "no layer '" << layerName << "' in " << path;
    return out;
  }
  const OGRFeatureDefn* def = layer->GetLayerDefn();
  for (int i = 0; i < def->GetFieldCount(); ++i) out.fields.push_back(def->GetFieldDefn(i)->GetNameRef());
  for (auto& feature : *layer) {
    std::map<std::string, std::string> row;
    for (int i = 0; i < def->GetFieldCount(); ++i)
      row[out.fields[i]] = feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : "";
    out.rows.push_back(std::move(row));
    out.hasGeometry.push_back(feature->GetGeometryRef() != nullptr && !feature->GetGeometryRef()->IsEmpty());
  }
  return out;
}

double number(const std::string& text) { return text.empty() ? NAN : std::stod(text); }

// What the spreadsheet shows for a figure: rounded to the column's decimals.
double rounded(double value, int decimals) { return roundTo(value, decimals).value(); }

// A build without Qt writes no PDF: the tests reading it have nothing to read.
#ifdef SANXIAN_TEST_PDF
#define SKIP_WITHOUT_PDF()
#else
#define SKIP_WITHOUT_PDF() GTEST_SKIP() << "this build writes no PDF (SANXIAN_BUILD_VIEWER=OFF)"
#endif

class SampleRun : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    // ctest runs each test in its own process, two at a time: one folder per process.
    out = test::freshFolder("sample_artefacts_" + std::to_string(::getpid())) + "/out";
    int status = -1;
    console = shell(std::string("QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 '") + SANXIAN_CLI + "' run '" + SANXIAN_SAMPLE +
                        "' -o '" + out + "' 2>&1",
                    &status);
    exitCode = status;
    std::ifstream in(out + "/run_summary.json");
    if (in) summary = json::parse(in);
    pdfText = shell("pdftotext -enc UTF-8 '" + out + "/sanxian_report.pdf' -");
    GDALAllRegister();
  }

  static const json& check(const std::string& type, size_t nth = 0) {
    size_t seen = 0;
    for (const auto& c : summary["checks"])
      if (c["type"] == type && seen++ == nth) return c;
    static const json none;
    ADD_FAILURE() << "no check " << type << " #" << nth;
    return none;
  }

  static std::string out, console, pdfText;
  static int exitCode;
  static json summary;
};
std::string SampleRun::out, SampleRun::console, SampleRun::pdfText;
int SampleRun::exitCode = -1;
json SampleRun::summary;

TEST_F(SampleRun, RanAndNamedEveryCheckFolderAfterItsName) {
  ASSERT_EQ(exitCode, 0) << console;
  ASSERT_TRUE(summary.is_object());
  for (const auto& c : summary["checks"]) {
    EXPECT_EQ(c["status"], "done");
    EXPECT_EQ(c["id"], c["params"]["name"]);  // the sample names each check
    EXPECT_TRUE(fs::is_directory(out + "/" + c["id"].get<std::string>())) << c["id"];
    EXPECT_EQ(c["id"].get<std::string>().find("_2"), std::string::npos);
  }
  for (const auto& entry : fs::directory_iterator(out)) EXPECT_EQ(entry.path().filename().string().rfind(".sanxian", 0), std::string::npos);
}

// Every totals row of the workbook is the JSON figure, rounded as the column
// shows it: per grouping in the overlap summaries, per kind of change in the audit.
TEST_F(SampleRun, WorkbookTotalsAreTheRunsFigures) {
  const std::string xlsx = out + "/sanxian_results.xlsx";
  for (size_t k = 0; k < 3; ++k) {
    const json& c = check("overlap", k);
    const Rows sheet = readLayer(xlsx, c["title"].get<std::string>() + "·重叠冲突汇总", true);
    size_t totals = 0;
    for (const auto& row : sheet.rows) {
      if (row.at("汇总方式").rfind("合计", 0) != 0) continue;
      ++totals;
      EXPECT_DOUBLE_EQ(number(row.at("重叠面积（公顷）")), rounded(c["summary"]["overlap_area_ha"].get<double>(), 4)) << c["title"] << " " << row.at("汇总方式");
      EXPECT_DOUBLE_EQ(number(row.at("平面重叠面积（公顷）")), rounded(c["summary"]["planar_overlap_area_ha"].get<double>(), 4));
      EXPECT_DOUBLE_EQ(number(row.at("图斑数")), c["summary"]["pieces"].get<double>());
    }
    // One totals row per grouping: rule, severity, feature A, township.
    EXPECT_EQ(totals, 4u) << c["title"];
    const Rows conflicts = readLayer(xlsx, c["title"].get<std::string>() + "·重叠冲突图斑", true);
    size_t data = 0;
    for (const auto& row : conflicts.rows) {
      if (row.at("规则").rfind("合计", 0) == 0) {
        EXPECT_DOUBLE_EQ(number(row.at("重叠面积（公顷）")), rounded(c["summary"]["overlap_area_ha"].get<double>(), 4));
      } else {
        ++data;
      }
    }
    EXPECT_EQ(data, c["summary"]["pieces"].get<size_t>());
  }

  const json& audit = check("audit")["summary"];
  const Rows changes = readLayer(xlsx, "红线变化核查·红线变化图斑", true);
  std::map<std::string, double> totals;
  std::map<std::string, size_t> rows;
  for (const auto& row : changes.rows) {
    if (row.at("变化类型").rfind("合计", 0) == 0) totals[row.at("变化类型")] = number(row.at("面积（公顷）"));
    else ++rows[row.at("变化类型")];
  }
  ASSERT_EQ(totals.size(), 3u);  // never one sum of 减少 + 增加 + 性质改变
  EXPECT_DOUBLE_EQ(totals["合计（减少）"], rounded(audit["removed_area_ha"].get<double>(), 4));
  EXPECT_DOUBLE_EQ(totals["合计（增加）"], rounded(audit["added_area_ha"].get<double>(), 4));
  EXPECT_DOUBLE_EQ(totals["合计（性质改变）"], rounded(audit["function_changed_area_ha"].get<double>(), 4));
  EXPECT_EQ(rows["减少"], audit["removed_pieces"].get<size_t>());
  EXPECT_EQ(rows["增加"], audit["added_pieces"].get<size_t>());
  EXPECT_EQ(rows["性质改变"], audit["function_changed_pieces"].get<size_t>());

  // The site: its pieces with different layers are not summed; the coverage sheet has the unions.
  const json& site = check("site")["summary"];
  const Rows coverage = readLayer(xlsx, "项目选址分析·选址位于各管控图层内的面积", true);
  ASSERT_GE(coverage.rows.size(), 2u);
  // Not parts of a whole: full values (shown with 4 decimals).
  EXPECT_NEAR(number(coverage.rows[0].at("选址位于其内的面积（公顷）")), site["site_area_ha"].get<double>(), 1e-9);
  EXPECT_NEAR(number(coverage.rows[1].at("选址位于其内的面积（公顷）")), site["inside_any_layer_area_ha"].get<double>(), 1e-9);
  for (const auto& row : readLayer(xlsx, "项目选址分析·重叠冲突汇总", true).rows) EXPECT_NE(row.at("汇总方式").rfind("合计", 0), 0u);
}

TEST_F(SampleRun, SiteHeadlineIsAtMostTheSitesOwnArea) {
  SKIP_WITHOUT_PDF();
  const json& site = check("site")["summary"];
  const double inside = site["inside_any_layer_area_m2"].get<double>(), own = site["site_area_m2"].get<double>();
  EXPECT_GT(inside, 0);
  EXPECT_LE(inside, own * (1 + 1e-12));
  // The pieces' own sum is larger (the site lies in several layers at once): not the headline.
  EXPECT_GT(site["overlap_area_m2"].get<double>(), inside);
  const std::string headline = check("site")["headlines"][1];
  char expected[64];
  std::snprintf(expected, sizeof expected, "%.4f 公顷", hectares(inside));
  EXPECT_NE(headline.find(expected), std::string::npos) << headline;
  EXPECT_NE(pdfText.find(expected), std::string::npos);
  // The 4 shoreline (line) pieces are in their own Shapefile; every piece is written.
  const std::string folder = out + "/" + check("site")["id"].get<std::string>();
  const Rows polygons = readLayer(folder + "/site_conflicts.shp");
  const Rows lines = readLayer(folder + "/site_conflicts_lines.shp");
  EXPECT_EQ(polygons.rows.size() + lines.rows.size(), site["pieces"].get<size_t>());
  EXPECT_GT(lines.rows.size(), 0u);
  for (bool g : lines.hasGeometry) EXPECT_TRUE(g);
  for (bool g : polygons.hasGeometry) EXPECT_TRUE(g);
}

// The ledger: one row per finding in the workbook, the CSV, the GeoPackage
// and the Shapefiles, with the same ids, as many as the JSON says.
TEST_F(SampleRun, LedgerHasTheSameIdsInEveryFile) {
  const size_t findings = summary["ledger"]["findings"].get<size_t>();
  size_t perCheck = 0;
  for (const auto& c : summary["checks"]) perCheck += c["findings"].get<size_t>();
  EXPECT_EQ(findings, perCheck);
  ASSERT_GT(findings, 0u);

  auto ids = [](const Rows& rows, const std::string& field) {
    std::vector<std::string> out;
    for (const auto& row : rows.rows) out.push_back(row.at(field));
    return out;
  };
  const std::vector<std::string> csv = ids(readLayer(out + "/ledger.csv"), "问题编号");
  ASSERT_EQ(csv.size(), findings);
  EXPECT_EQ(std::set<std::string>(csv.begin(), csv.end()).size(), findings);  // unique
  EXPECT_EQ(ids(readLayer(out + "/sanxian_results.xlsx", "问题台账", true), "问题编号"), csv);

  std::vector<std::string> gpkg = ids(readLayer(out + "/sanxian_results.gpkg", "ledger"), "问题编号");
  const std::vector<std::string> gpkgLines = ids(readLayer(out + "/sanxian_results.gpkg", "ledger_lines"), "问题编号");
  gpkg.insert(gpkg.end(), gpkgLines.begin(), gpkgLines.end());
  std::vector<std::string> shp = ids(readLayer(out + "/ledger.shp"), "finding_id");
  const std::vector<std::string> shpLines = ids(readLayer(out + "/ledger_lines.shp"), "finding_id");
  shp.insert(shp.end(), shpLines.begin(), shpLines.end());
  EXPECT_EQ(std::set<std::string>(gpkg.begin(), gpkg.end()), std::set<std::string>(csv.begin(), csv.end()));
  EXPECT_EQ(std::set<std::string>(shp.begin(), shp.end()), std::set<std::string>(csv.begin(), csv.end()));
  EXPECT_EQ(gpkg.size(), findings);
  EXPECT_EQ(shp.size(), findings);

  // The follow-up columns are there, empty, for staff to fill in.
  const Rows ledger = readLayer(out + "/ledger.csv");
  for (const char* column : {"核查意见", "整改措施", "整改时限", "责任单位"})
    EXPECT_NE(std::find(ledger.fields.begin(), ledger.fields.end(), column), ledger.fields.end()) << column;
  // The Chinese text survives the .dbf.
  const Rows dbf = readLayer(out + "/ledger.shp");
  bool chinese = false;
  for (const auto& row : dbf.rows) chinese = chinese || row.at("severity") == "禁止";
  EXPECT_TRUE(chinese);
}

TEST_F(SampleRun, LedgerIdsAreStableAcrossRuns) {
  const std::string again = test::freshFolder("sample_artefacts_again") + "/out";
  int status = -1;
  shell(std::string("LANG=C.UTF-8 '") + SANXIAN_CLI + "' run '" + SANXIAN_SAMPLE + "' -o '" + again + "' --no-pdf 2>&1", &status);
  ASSERT_EQ(status, 0);
  auto ids = [](const std::string& path) {
    std::vector<std::string> out;
    for (const auto& row : readLayer(path).rows) out.push_back(row.at("问题编号"));
    return out;
  };
  EXPECT_EQ(ids(out + "/ledger.csv"), ids(again + "/ledger.csv"));
}

TEST_F(SampleRun, PreviousLedgerFollowUpCarriesOverById) {
  const std::vector<std::string> ids = [&] {
    std::vector<std::string> v;
    for (const auto& row : readLayer(out + "/ledger.csv").rows) v.push_back(row.at("问题编号"));
    return v;
  }();
  ASSERT_GE(ids.size(), 2u);
  // A ledger as staff hand it back: filled columns, a row that no longer exists.
  const std::string folder = test::freshFolder("sample_artefacts_ledger");
  std::ofstream(folder + "/previous.csv") << "\xEF\xBB\xBF问题编号,核查意见,整改措施,整改时限,责任单位\n"
                                          << ids[0] << ",已核实，属实,限期退出,2025-12-31,鄂托克旗自然资源局\n"
                                          << ids[1] << ",,,,\n"
                                          << "CT-0000000000,已整改,,,\n";
  int status = -1;
  const std::string rerun = folder + "/out";
  const std::string console = shell(std::string("LANG=C.UTF-8 '") + SANXIAN_CLI + "' run '" + SANXIAN_SAMPLE + "' -o '" + rerun +
                                        "' --no-pdf --previous-ledger '" + folder + "/previous.csv' 2>&1",
                                    &status);
  ASSERT_EQ(status, 0) << console;
  const Rows ledger = readLayer(rerun + "/ledger.csv");
  ASSERT_EQ(ledger.rows.size(), ids.size());
  for (const auto& row : ledger.rows) {
    if (row.at("问题编号") == ids[0]) {
      EXPECT_EQ(row.at("核查意见"), "已核实，属实");
      EXPECT_EQ(row.at("整改措施"), "限期退出");
      EXPECT_EQ(row.at("整改时限"), "2025-12-31");
      EXPECT_EQ(row.at("责任单位"), "鄂托克旗自然资源局");
    } else {
      EXPECT_EQ(row.at("核查意见"), "");
    }
  }
  std::ifstream in(rerun + "/run_summary.json");
  const json s = json::parse(in);
  const json& p = s["ledger"]["previous_ledger"];
  EXPECT_EQ(p["previous_findings"], 3);
  EXPECT_EQ(p["found_again"], 2);
  EXPECT_EQ(p["follow_up_carried_over"], 1);
  EXPECT_EQ(p["not_found_again"], json::array({"CT-0000000000"}));
  // The workbook a run wrote is a previous ledger too.
  const std::string fromWorkbook = folder + "/out2";
  shell(std::string("LANG=C.UTF-8 '") + SANXIAN_CLI + "' run '" + SANXIAN_SAMPLE + "' -o '" + fromWorkbook +
            "' --no-pdf --previous-ledger '" + rerun + "/sanxian_results.xlsx' 2>&1",
        &status);
  ASSERT_EQ(status, 0);
  for (const auto& row : readLayer(fromWorkbook + "/ledger.csv").rows)
    if (row.at("问题编号") == ids[0]) EXPECT_EQ(row.at("核查意见"), "已核实，属实");
}

// The sample's control lines, water source and land use, drawn so that each
// finding appears: a farmland patch crossing the red line and the urban
// boundary overlapping a farmland patch (三线不交叉不重叠 fails), a mine in
// the water source's second-level zone, mining, construction and
// cultivated land inside the red line — each with its rule, severity and
// area, and the same totals in the workbook.
TEST_F(SampleRun, ControlLinesWaterSourceAndLandUseFindingsAsDrawn) {
  const json& lines = check("control_lines")["summary"];
  EXPECT_FALSE(lines["control_lines_consistent"].get<bool>());
  ASSERT_EQ(lines["pairs"].size(), 3u);
  EXPECT_EQ(lines["pairs"][0]["a"], "farmland");
  EXPECT_EQ(lines["pairs"][0]["b"], "redline_2023");
  EXPECT_EQ(lines["pairs"][0]["pieces"], 1);
  EXPECT_EQ(lines["pairs"][1]["pieces"], 0);  // the urban boundary is drawn out of the red line
  EXPECT_EQ(lines["pairs"][2]["pieces"], 1);
  // 80 m of the 500 × 400 m patch reach into the concentrated construction area.
  EXPECT_NEAR(lines["pairs"][2]["planar_overlap_area_m2"].get<double>(), 80 * 400, 1e-3);
  EXPECT_EQ(lines["sliver_count"], 0);

  const json& landuse = check("landuse")["summary"];
  std::map<std::string, std::string> severityOf;
  for (const auto& h : landuse["human_activity"]) severityOf[h["class_code"].get<std::string>()] = h["severity"].get<std::string>();
  EXPECT_EQ(severityOf["0602"], "prohibited");
  EXPECT_EQ(severityOf["0702"], "restricted");
  EXPECT_EQ(severityOf["1003"], "restricted");
  EXPECT_EQ(severityOf["0103"], "notice");
  EXPECT_EQ(severityOf.size(), 4u);  // grassland, shrub and sand are no finding
  double sum = 0;
  for (const auto& c : landuse["classes"]) sum += c["area_m2"].get<double>();
  EXPECT_NEAR(sum, landuse["total_area_m2"].get<double>(), 1e-6);
  // The dry land's survey area is its area less the 8 % field-ridge deduction.
  for (const auto& c : landuse["classes"])
    if (c["code"] == "0103") EXPECT_NEAR(c["survey_class_area_m2"].get<double>(), 0.92 * c["planar_area_m2"].get<double>(), 1.0);

  const json* water = nullptr;
  for (const auto& c : summary["checks"])
    if (c["id"] == "矿业权与饮用水水源保护区") water = &c;
  ASSERT_TRUE(water);
  EXPECT_GE((*water)["summary"]["severity_counts"]["prohibited"].get<int>(), 1);
  bool second = false;
  for (const auto& c : (*water)["summary"]["conflicts"]) second = second || c["rule"] == "mining_water_second";
  EXPECT_TRUE(second);

  // The workbook's class table: its totals row is the JSON total, rounded as shown.
  const Rows classes = readLayer(out + "/sanxian_results.xlsx", "红线内土地利用·管控区内各地类面积", true);
  size_t totals = 0;
  for (const auto& row : classes.rows) {
    if (row.at("地类编码").rfind("合计", 0) != 0) continue;
    ++totals;
    EXPECT_DOUBLE_EQ(number(row.at("图斑面积（公顷，椭球）")), rounded(landuse["total_area_ha"].get<double>(), 4));
  }
  EXPECT_EQ(totals, 1u);
  // The pieces' Shapefile keeps its Chinese text.
  const Rows pieces = readLayer(out + "/红线内土地利用/landuse_pieces.shp");
  EXPECT_EQ(pieces.rows.size(), landuse["pieces"].get<size_t>());
  bool mining = false;
  for (const auto& row : pieces.rows) mining = mining || (row.at("dlmc") == "采矿用地" && row.at("severity") == "禁止");
  EXPECT_TRUE(mining);
}

// The PDF an auditor files: every removed and nature-changed patch code,
// both codes of every 禁止 / 限制 finding, the three verdicts, and no
// internal English id in the Chinese text.
TEST_F(SampleRun, PdfListsEveryRemovedPatchAndEverySevereConflict) {
  SKIP_WITHOUT_PDF();
  ASSERT_FALSE(pdfText.empty());
  const json& audit = check("audit")["summary"];
  size_t listed = 0;
  for (const auto& change : audit["changes"]) {
    if (change["change_type"] == "added") continue;
    ++listed;
    EXPECT_NE(pdfText.find(change["old_code"].get<std::string>()), std::string::npos) << change["old_code"];
  }
  EXPECT_EQ(listed, audit["removed_pieces"].get<size_t>() + audit["function_changed_pieces"].get<size_t>());
  EXPECT_NE(pdfText.find("HX150624000171"), std::string::npos);  // a removed patch named in the issue

  size_t severe = 0;
  for (const auto& row : readLayer(out + "/ledger.csv").rows) {
    if (row.at("严重程度") == "提示") continue;
    ++severe;
    EXPECT_NE(pdfText.find(row.at("问题编号")), std::string::npos) << row.at("问题编号");
    if (!row.at("A 编号").empty()) EXPECT_NE(pdfText.find(row.at("A 编号")), std::string::npos) << row.at("A 编号");
    if (!row.at("B 编号").empty()) EXPECT_NE(pdfText.find(row.at("B 编号")), std::string::npos) << row.at("B 编号");
  }
  EXPECT_GT(severe, 100u);

  EXPECT_FALSE(audit["removal_has_basis"].get<bool>());  // 5 013 ha removed without a basis
  EXPECT_NE(pdfText.find("调出有依据：不通过"), std::string::npos);
  EXPECT_NE(pdfText.find("面积不减少：通过"), std::string::npos);
  EXPECT_NE(pdfText.find("性质不改变：不通过"), std::string::npos);
  EXPECT_NE(pdfText.find("无调整依据"), std::string::npos);

  // Internal ids standing alone (not part of a user's layer id like redline_2023 or a file name).
  std::vector<std::string> internal = {"prohibited", "restricted", "notice",   "matched", "only_old", "only_new", "redline",
                                       "reserve",    "mining",     "shoreline", "control_unit", "boundary",
                                       "conflict",   "near_miss",  "removed",  "nature_changed", "attribute", "audit", "overlap", "site"};
  for (const char* rule : {"mining_redline", "exploration_redline", "mining_reserve_core", "mining_reserve_general", "mining_reserve",
                           "mining_near_reserve", "reserve_reserve", "site_redline", "site_reserve_core", "site_reserve_general",
                           "site_shoreline_protection", "site_shoreline", "site_unit_priority", "site_unit_key", "site_unit",
                           "area_not_decreasing", "removal_has_basis", "nature_not_changing", "redline_removed", "shoreline_occupied"})
    internal.push_back(rule);
  // The project's own layer ids are the user's names (the sample calls a layer "mining"): they may appear.
  for (const auto& layer : summary["layers"])
    internal.erase(std::remove(internal.begin(), internal.end(), layer["id"].get<std::string>()), internal.end());
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '/' || c == ':'; };
  for (const std::string& id : internal) {
    for (size_t at = pdfText.find(id); at != std::string::npos; at = pdfText.find(id, at + 1)) {
      const bool before = at > 0 && word(pdfText[at - 1]);
      const bool after = at + id.size() < pdfText.size() && word(pdfText[at + id.size()]);
      EXPECT_TRUE(before || after) << "internal id '" << id << "' in the PDF: …" << pdfText.substr(at > 40 ? at - 40 : 0, 100) << "…";
    }
  }
}

// The overview map is sized for its legend: the map, the whole legend
// (the sample's is long: change kinds, every result table, every layer)
// and the note under it are on one page.
// The indicators: the plan's targets on two years of the sample's land use,
// and every figure the workbook, the township layer and the PDF show is the
// run's JSON figure.
TEST_F(SampleRun, IndicatorsReachTheWorkbookTheTownshipLayerAndThePdf) {
  const json& c = check("indicators");
  const json& list = c["summary"]["indicators"];
  std::map<std::string, const json*> byId;
  for (const auto& e : list) byId[e["id"].get<std::string>()] = &e;
  for (const char* id : {"forest_coverage_pct", "grassland_vegetation_cover_pct", "redline_area_not_decreasing", "shoreline_protection_rate_pct",
                         "construction_land_per_gdp_decrease_pct"}) {
    ASSERT_TRUE(byId.count(id)) << id;
    EXPECT_TRUE((*byId[id])["computed"].get<bool>()) << id;
    EXPECT_TRUE((*byId[id])["value"].is_number()) << id;
  }
  const json& forest = *byId["forest_coverage_pct"];
  EXPECT_EQ(forest["target"], 22.4);
  EXPECT_TRUE(forest["previous_value"].is_number());  // 2022 land use
  EXPECT_EQ(forest["by_township"].size(), 6u);
  EXPECT_EQ((*byId["grassland_vegetation_cover_pct"])["target"], 45);
  EXPECT_TRUE((*byId["shoreline_protection_rate_pct"])["passed"].is_boolean());  // against the 2022 shoreline
  EXPECT_TRUE((*byId["redline_area_not_decreasing"])["passed"].is_boolean());
  EXPECT_TRUE((*byId["construction_land_per_gdp_decrease_pct"])["passed"].is_boolean());

  const std::string title = c["title"].get<std::string>();
  const Rows sheet = readLayer(out + "/sanxian_results.xlsx", title + "·指标核算表", true);
  ASSERT_EQ(sheet.rows.size(), list.size());
  for (const auto& row : sheet.rows) {
    const json& e = *byId.at(row.at("指标编号"));
    // Not parts of a whole: the cell holds the full figure, shown to 4 decimals.
    if (e["value"].is_number()) EXPECT_NEAR(number(row.at("数值")), e["value"].get<double>(), 1e-9 * std::abs(e["value"].get<double>())) << row.at("指标编号");
    if (e["previous_value"].is_number())
      EXPECT_NEAR(number(row.at("上期数值")), e["previous_value"].get<double>(), 1e-9 * std::abs(e["previous_value"].get<double>()));
  }

  // The township layer a user colours in QGIS: one field per indicator, the JSON's values.
  const Rows towns = readLayer(out + "/" + c["id"].get<std::string>() + "/indicators_townships.shp");
  ASSERT_EQ(towns.rows.size(), 6u);
  for (size_t i = 0; i < towns.rows.size(); ++i) {
    EXPECT_EQ(towns.rows[i].at("TOWN_CODE"), forest["by_township"][i]["code"].get<std::string>());
    EXPECT_EQ(towns.rows[i].at("TOWNSHIP"), forest["by_township"][i]["name"].get<std::string>());  // Chinese, not garbled
    EXPECT_NEAR(number(towns.rows[i].at("FOREST")), forest["by_township"][i]["value"].get<double>(), 5e-5);
  }

  SKIP_WITHOUT_PDF();
  EXPECT_NE(pdfText.find("指标分乡镇图表"), std::string::npos);
  EXPECT_NE(pdfText.find("森林覆盖率："), std::string::npos);
}

TEST_F(SampleRun, PdfOverviewMapItsLegendAndItsNoteShareAPage) {
  SKIP_WITHOUT_PDF();
  ASSERT_FALSE(pdfText.empty());
  std::vector<std::string> pages;
  for (size_t start = 0, end; start < pdfText.size(); start = end + 1) {
    end = pdfText.find('\f', start);
    if (end == std::string::npos) end = pdfText.size();
    pages.push_back(pdfText.substr(start, end - start));
  }
  const auto overview = std::find_if(pages.begin(), pages.end(), [](const std::string& page) { return page.find("总览图") != std::string::npos; });
  ASSERT_NE(overview, pages.end());
  for (const char* text : {"红线变化图斑", "岸线分段", "control_units", "核心保护区", "生态保护红线", "只显示项目中后列出的一版"})
    EXPECT_NE(overview->find(text), std::string::npos) << text;
}

TEST_F(SampleRun, ChangeShapefileAndCsvHoldEveryChangeWithNames) {
  const json& c = check("audit");
  const std::string folder = out + "/" + c["id"].get<std::string>();
  const Rows shp = readLayer(folder + "/audit_changes.shp");
  const Rows csv = readLayer(folder + "/audit_changes.csv");
  const size_t changes = c["summary"]["removed_pieces"].get<size_t>() + c["summary"]["added_pieces"].get<size_t>() +
                         c["summary"]["function_changed_pieces"].get<size_t>();
  EXPECT_EQ(shp.rows.size(), changes);
  EXPECT_EQ(csv.rows.size(), changes);
  size_t named = 0;
  for (const auto& row : shp.rows) named += row.at("old_name").find("生态保护红线") != std::string::npos;
  EXPECT_GT(named, 0u);
  for (const auto& row : shp.rows)
    if (row.at("chg_type") == "减少") EXPECT_EQ(row.at("basis"), "无调整依据");
}

}  // namespace
}  // namespace sanxian
