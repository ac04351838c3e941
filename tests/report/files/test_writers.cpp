// Result tables written as CSV, Shapefile and GeoPackage and read back
// with GDAL: values, Chinese text in UTF-8 and GBK, polygons only.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "core/base/text.h"
#include "core/checks/findings.h"
#include "core/io/crs.h"
#include "fixtures/fixtures.h"
#include "report/files/writers.h"
#include "report/files/xlsx.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

Table changes() {
  Table t;
  t.name = "audit_changes";
  t.zh = "红线变化图斑";
  t.en = "Red line changes";
  t.columns = {{"change_type", "变化类型", "Change type"},
               {"township_name", "所在乡镇", "Township", ColumnType::Text, 0, "township"},
               {"area_ha", "面积（公顷）", "Area (ha)", ColumnType::Real, 4},
               {"piece_count", "图斑数", "Pieces", ColumnType::Integer}};
  t.rows.push_back({std::string("减少"), std::string("乌兰镇"), 1.23456789, int64_t(3)});
  t.rows.push_back({std::string("增加"), std::string("阿尔巴斯苏木"), 0.5, int64_t(1)});
  t.geometries.push_back(geos::fromWkt("POLYGON((400000 4300000,400100 4300000,400100 4300100,400000 4300000))"));
  // An overlay result: a polygon plus a line where the inputs only touched.
  t.geometries.push_back(geos::fromWkt(
      "GEOMETRYCOLLECTION(POLYGON((400200 4300000,400300 4300000,400300 4300100,400200 4300000)),LINESTRING(400300 4300100,400400 4300100))"));
  return t;
}

OGRLayer* openFirst(GDALDatasetUniquePtr& ds, const std::string& path, const char* const* options = nullptr) {
  GDALAllRegister();
  ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR, nullptr, options, nullptr));
  EXPECT_TRUE(ds) << path;
  return ds ? ds->GetLayer(0) : nullptr;
}

TEST(Writers, CsvHasBomAndChineseHeaders) {
  const std::string csv = toCsv(changes());
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("乌兰镇"), std::string::npos);
  EXPECT_NE(csv.find("1.2346"), std::string::npos);  // 4 decimals as the column says
}

TEST(Writers, ShapefileKeepsOnlyPolygonsAndChineseText) {
  const std::string folder = test::freshFolder("writer_shp");
  const Table table = changes();
  const ShapefileReport report = writeShapefile(table, folder, crsFromUser("EPSG:4545"));
  EXPECT_EQ(report.written, 2u);
  EXPECT_EQ(report.shapefiles.size(), 1u);
  std::ifstream cpg(folder + "/audit_changes.cpg");
  std::string encoding;
  std::getline(cpg, encoding);
  EXPECT_EQ(encoding, "UTF-8");
  ASSERT_TRUE(fs::exists(folder + "/audit_changes_fields.csv"));

  GDALDatasetUniquePtr ds;
  OGRLayer* layer = openFirst(ds, folder + "/audit_changes.shp");
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(layer->GetGeomType(), wkbPolygon);  // Shapefile reports polygons, multi or not
  OGRFeatureUniquePtr second;
  OGRFeatureUniquePtr first(layer->GetNextFeature());  // skip the first row
  second.reset(layer->GetNextFeature());
  EXPECT_STREQ(second->GetFieldAsString("township"), "阿尔巴斯苏木");
  const OGRGeometry* g = second->GetGeometryRef();
  EXPECT_TRUE(wkbFlatten(g->getGeometryType()) == wkbPolygon || wkbFlatten(g->getGeometryType()) == wkbMultiPolygon);
  EXPECT_NEAR(OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(g))), 5000.0, 1e-6);  // the line is gone
  EXPECT_NE(ds->GetLayer(0)->GetSpatialRef(), nullptr);
}

TEST(Writers, ShapefileInGbkForOlderArcGis) {
  const std::string folder = test::freshFolder("writer_gbk");
  writeShapefile(changes(), folder, crsFromUser("EPSG:4545"), {.encoding = "GBK"});
  std::ifstream dbf(folder + "/audit_changes.dbf", std::ios::binary);
  std::stringstream bytes;
  bytes << dbf.rdbuf();
  EXPECT_NE(bytes.str().find("\xce\xda\xc0\xbc\xd5\xf2"), std::string::npos);  // 乌兰镇 in GBK
  GDALDatasetUniquePtr ds;
  OGRLayer* layer = openFirst(ds, folder + "/audit_changes.shp");
  OGRFeatureUniquePtr first(layer->GetNextFeature());
  EXPECT_STREQ(first->GetFieldAsString("township"), "乌兰镇");  // GDAL decodes via the .cpg
}

TEST(Writers, GeoPackageHoldsEveryTableWithChineseFieldNames) {
  const std::string path = test::freshFolder("writer_gpkg") + "/run.gpkg";
  const Table spatial = changes();
  Table summary;
  summary.name = "summary";
  summary.zh = "汇总";
  summary.en = "Summary";
  summary.columns = {{"total_ha", "合计（公顷）", "Total (ha)", ColumnType::Real, 4}};
  summary.rows.push_back({1.73456789});
  Table sameTitle = changes();  // a second check's table with the same title
  sameTitle.name = "overlap_2_changes";
  writeGeoPackage({&spatial, &summary, &sameTitle}, path, crsFromUser("EPSG:4545"));
  GDALDatasetUniquePtr ds;
  openFirst(ds, path);
  ASSERT_EQ(ds->GetLayerCount(), 3);
  OGRLayer* layer = ds->GetLayerByName("audit_changes");
  OGRFeatureUniquePtr first(layer->GetNextFeature());
  EXPECT_STREQ(first->GetFieldAsString("所在乡镇"), "乌兰镇");
  OGRFeatureUniquePtr row(ds->GetLayerByName("summary")->GetNextFeature());
  EXPECT_DOUBLE_EQ(row->GetFieldAsDouble("合计（公顷）"), 1.73456789);
  for (const auto& entry : fs::directory_iterator(fs::path(path).parent_path()))
    EXPECT_EQ(entry.path().string().find(".sanxian-tmp-"), std::string::npos) << entry.path();
}

}  // namespace
}  // namespace sanxian

namespace sanxian {
namespace {

TEST(Writers, XlsxHasOneSheetPerTableTotalsAndAdjustedRounding) {
  setLanguage(Language::Chinese);
  Table parts;
  parts.name = "by_township";
  parts.zh = "分乡镇面积";
  parts.en = "By township";
  parts.columns = {{"township", "乡镇", "Township"}, {"area_ha", "面积（公顷）", "Area (ha)", ColumnType::Real, 2, "", true}};
  // Rounded to 2 decimals the parts give 0.33 × 3 = 0.99, the total 1.00:
  // 面积平差 gives the largest remainder the missing 0.01.
  parts.rows = {{std::string("乌兰镇"), 0.3334}, {std::string("蒙西镇"), 0.3333}, {std::string("棋盘井镇"), 0.3333}};
  const std::string path = test::freshFolder("writer_xlsx") + "/results.xlsx";
  SpreadsheetOptions options;
  options.adjustRounding = true;
  const SpreadsheetReport report = writeXlsx({&parts}, path, options);
  ASSERT_EQ(report.adjustedColumns.size(), 1u);

  GDALDatasetUniquePtr ds;
  const char* open[] = {"HEADERS=FORCE", nullptr};
  OGRLayer* layer = openFirst(ds, path, open);
  ASSERT_NE(layer, nullptr);
  EXPECT_STREQ(layer->GetName(), "分乡镇面积");
  std::vector<std::pair<std::string, double>> rows;
  for (auto& feature : *layer) rows.emplace_back(feature->GetFieldAsString(0), feature->GetFieldAsDouble(1));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].first, "乌兰镇");
  EXPECT_DOUBLE_EQ(rows[0].second, 0.34);
  EXPECT_DOUBLE_EQ(rows[1].second, 0.33);
  EXPECT_EQ(rows[3].first, "合计");
  EXPECT_DOUBLE_EQ(rows[3].second, 1.00);
}

}  // namespace
}  // namespace sanxian

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report/files/output.h"

namespace sanxian {
namespace {

// A writer killed at any moment leaves either no file or the complete
// previous one under the final name, and its temporary is removed by the
// next run that uses the folder.
TEST(Writers, KilledWriterLeavesNoPartialFile) {
  const std::string folder = test::freshFolder("writer_killed");
  const std::string path = folder + "/results.gpkg";
  Table big;
  big.name = "pieces";
  big.zh = "图斑";
  big.en = "Pieces";
  big.columns = {{"code", "编号", "Code"}, {"area_m2", "面积（平方米）", "Area (m²)", ColumnType::Real, 2}};
  for (int i = 0; i < 20000; ++i) {
    big.rows.push_back({std::string("150624-") + std::to_string(i), 100.0 + i});
    big.geometries.push_back(geos::fromWkt(format("POLYGON((%d 0,%d 0,%d 10,%d 0))", i * 20, i * 20 + 10, i * 20 + 10, i * 20)));
  }
  const CrsInfo crs = crsFromUser("EPSG:4545");
  for (int delayMs : {30, 120, 400}) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      for (;;) writeGeoPackage({&big}, path, crs);  // until killed
    }
    usleep(delayMs * 1000);
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    if (fs::exists(path)) {
      GDALDatasetUniquePtr ds;
      OGRLayer* layer = openFirst(ds, path);
      ASSERT_NE(layer, nullptr) << "a partial file under the final name";
      EXPECT_EQ(layer->GetFeatureCount(), 20000);
    }
  }
  makeOutputFolder(folder);
  for (const auto& entry : fs::directory_iterator(folder))
    EXPECT_EQ(entry.path().filename().string().find(".sanxian-tmp-"), std::string::npos) << entry.path();
}

// Ten 100 m squares (5 points, 1 ring): each .shp record is 8 + 44 + 4 + 16·5
// = 136 bytes after the 100-byte header, so a 1000-byte limit holds 6 per
// part (916 bytes) and the other 4 go to NAME_2.shp.
TEST(Writers, ShapefileSplitsIntoNumberedPartsAtTheSizeLimit) {
  const std::string folder = test::freshFolder("writer_shp_parts");
  Table t;
  t.name = "pieces";
  t.zh = "图斑";
  t.en = "Pieces";
  t.columns = {{"piece_id", "编号", "Id", ColumnType::Integer}};
  for (int i = 0; i < 10; ++i) {
    t.rows.push_back({int64_t(i)});
    const double x = 400000 + 200.0 * i;
    t.geometries.push_back(geos::fromWkt(format("POLYGON((%f 4300000,%f 4300000,%f 4300100,%f 4300100,%f 4300000))", x, x + 100, x + 100, x, x)));
  }
  const ShapefileReport report = writeShapefile(t, folder, crsFromUser("EPSG:4545"), {.maxFileBytes = 1000});
  EXPECT_EQ(report.parts, 2u);
  EXPECT_EQ(report.written, 10u);
  EXPECT_EQ(fs::file_size(folder + "/pieces.shp"), 100u + 6 * 136);
  EXPECT_EQ(fs::file_size(folder + "/pieces_2.shp"), 100u + 4 * 136);
  for (const char* ext : {".shx", ".dbf", ".prj", ".cpg"}) EXPECT_TRUE(fs::exists(folder + "/pieces_2" + ext)) << ext;
  // Each part's .dbf is complete: header (32 + 32 per field + 1), records
  // (1 + 20 bytes for piece_id), and the dBASE end-of-file mark (0x1A) last,
  // which the writer adds after GDAL closes the part.
  for (const auto& [base, rows] : {std::pair{"pieces", 6}, std::pair{"pieces_2", 4}}) {
    const std::string dbf = folder + "/" + base + ".dbf";
    std::ifstream in(dbf, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const uint32_t records = uint8_t(bytes[4]) | uint8_t(bytes[5]) << 8 | uint8_t(bytes[6]) << 16 | uint32_t(uint8_t(bytes[7])) << 24;
    const uint16_t header = uint8_t(bytes[8]) | uint8_t(bytes[9]) << 8, record = uint8_t(bytes[10]) | uint8_t(bytes[11]) << 8;
    EXPECT_EQ(records, uint32_t(rows)) << dbf;
    EXPECT_EQ(bytes.size(), size_t(header) + size_t(record) * rows + 1) << dbf;
    EXPECT_EQ(bytes.back(), '\x1A') << dbf;
  }
  EXPECT_TRUE(fs::exists(folder + "/pieces_fields.csv"));
  GDALDatasetUniquePtr first, second;
  OGRLayer* a = openFirst(first, folder + "/pieces.shp");
  OGRLayer* b = openFirst(second, folder + "/pieces_2.shp");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->GetFeatureCount(), 6);
  EXPECT_EQ(b->GetFeatureCount(), 4);
  OGRFeatureUniquePtr seventh(b->GetNextFeature());
  EXPECT_EQ(seventh->GetFieldAsInteger64("piece_id"), 6);  // rows go on in order
  first.reset();
  second.reset();

  // A later run that fits in one part removes the stale second part.
  const ShapefileReport again = writeShapefile(t, folder, crsFromUser("EPSG:4545"));
  EXPECT_EQ(again.parts, 1u);
  EXPECT_FALSE(fs::exists(folder + "/pieces_2.shp"));
  EXPECT_FALSE(fs::exists(folder + "/pieces_2.dbf"));
}

// Site × shoreline gives line pieces among polygon pieces: a Shapefile holds
// one kind of geometry, so they go to NAME_lines.shp; no row is dropped.
TEST(Writers, LineRowsOfAPolygonTableGoToTheirOwnShapefileAndLayer) {
  const std::string folder = test::freshFolder("writer_lines");
  Table t;
  t.name = "site_conflicts";
  t.zh = "重叠冲突图斑";
  t.en = "Conflicts";
  t.columns = {{"code", "编号", "Code"}};
  t.rows = {{std::string("A")}, {std::string("B")}, {std::string("C")}, {std::string("D")}};
  t.geometries.push_back(geos::fromWkt("POLYGON((400000 4300000,400100 4300000,400100 4300100,400000 4300000))"));
  t.geometries.push_back(geos::fromWkt("LINESTRING(400000 4300000,400500 4300000)"));
  t.geometries.push_back(nullptr);  // no geometry: stays in the main file
  t.geometries.push_back(geos::fromWkt("MULTILINESTRING((400000 4300200,400500 4300200))"));
  const ShapefileReport report = writeShapefile(t, folder, crsFromUser("EPSG:4545"));
  EXPECT_EQ(report.written, 4u);
  ASSERT_EQ(report.shapefiles.size(), 2u);
  EXPECT_EQ(report.shapefiles[1].dimension, 1);
  GDALDatasetUniquePtr polygons, lines;
  OGRLayer* p = openFirst(polygons, folder + "/site_conflicts.shp");
  OGRLayer* l = openFirst(lines, folder + "/site_conflicts_lines.shp");
  ASSERT_TRUE(p && l);
  EXPECT_EQ(p->GetFeatureCount(), 2);
  EXPECT_EQ(l->GetFeatureCount(), 2);
  EXPECT_EQ(wkbFlatten(l->GetGeomType()), wkbLineString);

  const std::string gpkg = folder + "/all.gpkg";
  writeGeoPackage({&t}, gpkg, crsFromUser("EPSG:4545"));
  GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  ASSERT_NE(ds->GetLayerByName("site_conflicts_lines"), nullptr);
  EXPECT_EQ(ds->GetLayerByName("site_conflicts")->GetFeatureCount(), 2);
  OGRLayer* gl = ds->GetLayerByName("site_conflicts_lines");
  EXPECT_EQ(gl->GetFeatureCount(), 2);
  for (auto& f : *gl) EXPECT_NE(f->GetGeometryRef(), nullptr);  // not NULL geometry as before
}

// A .dbf text field holds 254 bytes: the rest is not cut away silently.
TEST(Writers, TextLongerThanADbfFieldGoesWholeToARelatedTable) {
  const std::string folder = test::freshFolder("writer_long_text");
  std::string occupiers;
  for (int i = 0; i < 40; ++i) occupiers += "C15062420230110000000" + std::to_string(10 + i) + " 某煤矿；";
  ASSERT_GT(occupiers.size(), 254u);
  Table t;
  t.name = "shoreline_segments";
  t.zh = "岸线分段";
  t.en = "Segments";
  t.columns = {{"occupiers", "占用要素", "Occupied by"}};
  t.rows = {{occupiers}, {std::string("短")}};
  t.geometries.push_back(geos::fromWkt("LINESTRING(400000 4300000,400500 4300000)"));
  t.geometries.push_back(geos::fromWkt("LINESTRING(400000 4300100,400500 4300100)"));
  const ShapefileReport report = writeShapefile(t, folder, crsFromUser("EPSG:4545"), {.encoding = "GBK"});
  EXPECT_EQ(report.longTextCells, 1u);
  GDALDatasetUniquePtr ds;
  OGRLayer* layer = openFirst(ds, folder + "/shoreline_segments.shp");
  ASSERT_TRUE(layer);
  OGRFeatureUniquePtr first(layer->GetNextFeature());
  const std::string shown = first->GetFieldAsString(0);
  EXPECT_EQ(shown.rfind("C1506242023011000000010 某煤矿", 0), 0u) << shown;  // not garbled in GBK
  EXPECT_NE(shown.find("shoreline_segments_long_text.csv"), std::string::npos);
  std::ifstream in(folder + "/shoreline_segments_long_text.csv");
  const std::string related((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(related.find(occupiers), std::string::npos);  // whole
}

TEST(Table, TotalsPerGroupNeverSumAcrossGroups) {
  Table t;
  t.columns = {{"change_type", "变化类型", "Change"}, {"area_ha", "面积（公顷）", "Area (ha)", ColumnType::Real, 2, "", true},
               {"pieces", "图斑数", "Pieces", ColumnType::Integer, 0, "", true}};
  t.rows = {{std::string("减少"), 1.005, int64_t(1)}, {std::string("增加"), 2.0, int64_t(2)}, {std::string("减少"), 3.0, int64_t(4)}};
  t.totals = Totals::PerGroup;
  t.groupColumn = "change_type";
  const TableTotals totals = tableTotals(t, false);
  ASSERT_EQ(totals.rows.size(), 2u);
  EXPECT_EQ(totals.rows[0].label, "合计（减少）");
  EXPECT_DOUBLE_EQ(std::get<double>(totals.rows[0].cells[1]), 4.01);  // round(1.005 + 3.0, 2)
  EXPECT_EQ(std::get<int64_t>(totals.rows[0].cells[2]), 5);
  EXPECT_EQ(totals.rows[1].label, "合计（增加）");
  EXPECT_DOUBLE_EQ(std::get<double>(totals.rows[1].cells[1]), 2.0);
  t.totals = Totals::None;
  EXPECT_TRUE(tableTotals(t, false).rows.empty());
  t.totals = Totals::All;
  ASSERT_EQ(tableTotals(t, false).rows.size(), 1u);
  EXPECT_DOUBLE_EQ(std::get<double>(tableTotals(t, false).rows[0].cells[1]), 6.01);
}

TEST(Findings, IdsDependOnWhatWasFoundNotOnOrderOrThreads) {
  auto finding = [](const std::string& a, const std::string& b, const std::string& town) {
    Finding f;
    f.ruleId = "mining_redline";
    f.aLayer = "mining";
    f.aCode = a;
    f.bLayer = "redline";
    f.bCode = b;
    f.township = town;
    return f;
  };
  std::vector<Finding> one = {finding("C1", "HX1", "乌兰镇"), finding("C1", "HX1", "乌兰镇"), finding("C2", "HX1", "乌兰镇")};
  std::vector<Finding> two = one;
  assignFindingIds(one, "矿业权与生态保护红线");
  assignFindingIds(two, "矿业权与生态保护红线");
  EXPECT_EQ(one[0].id, two[0].id);
  EXPECT_NE(one[0].id, one[1].id);  // two pieces of one pair in one township
  EXPECT_EQ(one[0].id.rfind("CT-", 0), 0u);
  EXPECT_EQ(one[0].id.size(), 13u);
  // A finding keeps its id when an unrelated one appears before it (new data, same finding).
  std::vector<Finding> three = {finding("C0", "HX9", "蒙西镇"), finding("C2", "HX1", "乌兰镇")};
  assignFindingIds(three, "矿业权与生态保护红线");
  EXPECT_EQ(three[1].id, one[2].id);
  // The same pair in another check is another finding.
  std::vector<Finding> other = {finding("C2", "HX1", "乌兰镇")};
  assignFindingIds(other, "另一检查");
  EXPECT_NE(other[0].id, one[2].id);
}

}  // namespace
}  // namespace sanxian
