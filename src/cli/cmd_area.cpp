// sanxian area PATH: per-feature and total areas of one layer, ellipsoidal
// (CGCS2000) and planar, in m², hectares and mu — figures a user can hold
// against ArcGIS or QGIS.
#include <cmath>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "core/base/error.h"
#include "core/base/text.h"
#include "core/geometry/area.h"
#include "core/geometry/harmonize.h"
#include "mapping_options.h"
#include "report/files/output.h"

namespace sanxian::cli {
namespace {

struct AreaCliOptions {
  std::string path, layer, encoding, crs, json, towgs84, repair;
  bool strict = false;
  double densifyStep = kDefaultDensifyStep;
  size_t maxRows = 0;
};

std::vector<double> parseSevenParameters(const std::string& text) {
  std::vector<double> values;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    try {
      size_t used = 0;
      values.push_back(std::stod(item, &used));
      if (used != item.size()) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      throwUsage(format(tr("--towgs84 需要 3 或 7 个以逗号分隔的数：'%s'", "--towgs84 needs 3 or 7 comma-separated numbers: '%s'"), text.c_str()));
    }
  }
  if (values.size() != 3 && values.size() != 7)
    throwUsage(format(tr("--towgs84 需要 3 或 7 个以逗号分隔的数：'%s'", "--towgs84 needs 3 or 7 comma-separated numbers: '%s'"), text.c_str()));
  return values;
}

// Right-aligns text in a terminal column: CJK characters take two cells.
std::string cell(const std::string& text, size_t width) {
  size_t cells = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t bytes = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    cells += bytes >= 3 ? 2 : 1;
    i += bytes;
  }
  return std::string(width > cells ? width - cells : 0, ' ') + text;
}

std::string crsLabel(const CrsInfo& crs) {
  return (crs.epsg ? format("EPSG:%d ", crs.epsg) : std::string()) + crs.name;
}

void printLine(const char* label, double m2, const RoundedColumn& ha, const RoundedColumn& mu) {
  std::cout << label << format("%18.4f ", m2) << tr("平方米", "m²") << "  " << ha.parts.total.text() << " " << unitSymbol(AreaUnit::Hectare)
            << "  " << mu.parts.total.text() << " " << unitSymbol(AreaUnit::Mu) << "  "
            << format("%.6f ", squareKilometres(m2)) << unitSymbol(AreaUnit::SquareKilometre) << "\n";
}

// What was measured and how: the CRS, the ellipsoid and the method, the
// planar CRS, and what loading said.
void printMethod(const LayerAreas& a) {
  std::cout << "== " << a.source;
  if (!a.layerName.empty()) std::cout << " [" << a.layerName << "]";
  std::cout << "\n";
  std::cout << tr("坐标系：", "CRS: ") << crsLabel(a.crs) << "\n";
  if (!a.crs.note.empty()) std::cout << "  " << a.crs.note << "\n";
  if (a.ellipsoid.name == "CGCS2000")
    std::cout << tr("椭球面积：CGCS2000 椭球（a = 6378137 m，f = 1/298.257222101），测地线算法（同 GeographicLib）",
                    "ellipsoidal: CGCS2000 ellipsoid (a = 6378137 m, f = 1/298.257222101), geodesic algorithm (as GeographicLib)");
  else
    std::cout << format(tr("椭球面积：图层自身基准的椭球 %s（a = %.3f m，f = 1/%.9f），未作基准转换，测地线算法（同 GeographicLib）",
                           "ellipsoidal: on the layer's own datum's ellipsoid %s (a = %.3f m, f = 1/%.9f), no datum shift, geodesic algorithm (as GeographicLib)"),
                        a.ellipsoid.name.c_str(), a.ellipsoid.a, 1 / a.ellipsoid.f);
  if (a.crs.geographic)
    std::cout << tr("；经纬度数据的边按测地线计算\n", "; edges of degree data are geodesics\n");
  else if (a.areasIntegratedInPlane && a.densifyStep > 0)
    std::cout << format(tr("；边在投影平面内为直线：面积与长度在高斯-克吕格平面内按比例因子精确积分（宽于 20 千米的环的面积先按 %g 米加密）\n",
                           "; edges are straight in the projected plane: areas and lengths integrated exactly in the Gauss-Kruger plane with its "
                           "scale factor (areas of rings wider than 20 km densified to %g m first)\n"),
                        a.densifyStep);
  else
    std::cout << format(tr("；边在投影平面内为直线，先按 %g 米加密再计算\n", "; edges are straight in the projected plane, densified to %g m first\n"),
                        a.densifyStep);
  if (a.planarCrs.definition.empty())
    std::cout << tr("平面面积：无（没有容纳该图层的平面坐标系，见下方说明）\n", "planar: none (no planar CRS holds the layer; see the note below)\n");
  else if (a.planarIsLayerCrs)
    std::cout << tr("平面面积：在图层坐标系 ", "planar: in the layer's CRS ") << crsLabel(a.planarCrs) << "\n";
  else
    std::cout << tr("平面面积：图层为经纬度，平面面积在其所在的 CGCS2000 3 度带 ", "planar: the layer is in degrees; planar figures are in the CGCS2000 3-degree zone holding the data, ")
              << crsLabel(a.planarCrs) << tr(" 中计算\n", "\n");
  if (std::fabs(a.planarCrs.metresPerUnit - 1) > 1e-12 && a.planarCrs.metresPerUnit > 0)
    std::cout << format(tr("  坐标单位为 %s（1 单位 = %.15g 米），平面面积与长度已换算为平方米与米\n",
                           "  coordinates are in %s (1 unit = %.15g m); planar areas and lengths are converted to m² and m\n"),
                        a.planarCrs.linearUnit.c_str(), a.planarCrs.metresPerUnit);
  for (const auto& issue : a.issues)
    std::cout << "  ! " << (issue.fid ? format("FID %lld: ", static_cast<long long>(*issue.fid)) : std::string()) << issue.message << "\n";
}

// One row per feature (the first maxRows; 0: all).
void printFeatureRows(const LayerAreas& a, size_t maxRows) {
  const bool withRole = !a.role.empty();
  if (a.polygonal) {
    std::cout << "\n"
              << cell("FID", 8) << "  " << cell(tr("椭球面积(公顷)", "ellipsoidal ha"), 16) << "  " << cell(tr("椭球面积(亩)", "ellipsoidal mu"), 14)
              << "  " << cell(tr("平面面积(公顷)", "planar ha"), 16) << "  " << cell(tr("平面面积(亩)", "planar mu"), 14);
  } else {
    std::cout << "\n"
              << cell("FID", 8) << "  " << cell(tr("椭球长度(米)", "ellipsoidal m"), 16) << "  " << cell(tr("平面长度(米)", "planar m"), 16);
  }
  if (withRole) std::cout << "  " << tr("编号  名称", "code  name");
  std::cout << "\n";
  const size_t rows = maxRows ? std::min(maxRows, a.features.size()) : a.features.size();
  for (size_t i = 0; i < rows; ++i) {
    const FeatureArea& f = a.features[i];
    std::cout << format("%8lld  ", static_cast<long long>(f.fid));
    if (!f.hasGeometry) {
      std::cout << tr("（无几何）", "(no geometry)");
    } else if (a.polygonal) {
      const bool planar = !a.planarHectares.parts.parts.empty();
      std::cout << format("%16s  %14s  %16s  %14s", a.hectares.parts.parts[i].text().c_str(), a.mu.parts.parts[i].text().c_str(),
                          planar ? a.planarHectares.parts.parts[i].text().c_str() : "—", planar ? a.planarMu.parts.parts[i].text().c_str() : "—");
    } else {
      std::cout << format("%16.3f  ", f.measures.length)
                << (std::isfinite(f.measures.planarLength) ? format("%16.3f", f.measures.planarLength) : format("%16s", "—"));
    }
    if (withRole) std::cout << "  " << f.code << "  " << f.name;
    std::cout << "\n";
  }
  if (rows < a.features.size())
    std::cout << format(tr("  …… 另有 %zu 个要素未列出（--max-rows 0 列出全部，或用 --json）\n", "  … %zu more features not listed (--max-rows 0 lists all, or use --json)\n"),
                        a.features.size() - rows);
}

// The totals, their planar counterpart, the warnings and any 面积平差.
void printTotals(const LayerAreas& a) {
  if (a.polygonal) {
    printLine(tr("椭球面积合计：", "ellipsoidal total: "), a.total.area, a.hectares, a.mu);
    if (std::isfinite(a.total.planarArea)) printLine(tr("平面面积合计：", "planar total:      "), a.total.planarArea, a.planarHectares, a.planarMu);
    else std::cout << tr("平面面积合计：—\n", "planar total:      —\n");
    if (std::isfinite(a.total.planarArea) && a.total.area > 0)
      std::cout << format(tr("平面面积比椭球面积%s %.4f%%\n", "planar is %s than ellipsoidal by %.4f%%\n"),
                          a.total.planarArea >= a.total.area ? tr("大", "larger") : tr("小", "smaller"),
                          std::fabs(a.total.planarArea / a.total.area - 1) * 100);
    for (const std::string& warning : a.warnings) std::cout << warning << "\n";
    auto note = [](const RoundedColumn& c, const char* what) {
      if (c.parts.adjusted)
        std::cout << format(tr("已进行面积平差（%s）：%zu 个要素的取整值经调整，使各要素之和等于合计\n",
                               "area adjustment (面积平差) applied to %s: %zu rounded feature values were changed so that they add up to the total\n"),
                            what, c.parts.changed.size());
    };
    note(a.hectares, tr("椭球面积，公顷", "ellipsoidal hectares"));
    note(a.mu, tr("椭球面积，亩", "ellipsoidal mu"));
    note(a.planarHectares, tr("平面面积，公顷", "planar hectares"));
    note(a.planarMu, tr("平面面积，亩", "planar mu"));
  } else {
    std::cout << tr("椭球长度合计：", "ellipsoidal total: ") << format("%.3f ", a.total.length) << tr("米", "m") << "\n";
    if (std::isfinite(a.total.planarLength))
      std::cout << tr("平面长度合计：", "planar total:      ") << format("%.3f ", a.total.planarLength) << tr("米", "m") << "\n";
    else
      std::cout << tr("平面长度合计：—\n", "planar total:      —\n");
    for (const std::string& warning : a.warnings) std::cout << warning << "\n";
  }
}

void print(const LayerAreas& a, size_t maxRows) {
  printMethod(a);
  printFeatureRows(a, maxRows);
  std::cout << "\n";
  printTotals(a);
}

}  // namespace

Action addArea(CLI::App& app) {
  auto options = std::make_shared<AreaCliOptions>();
  auto mappings = std::make_shared<LayerMappings>();
  CLI::App* command = app.add_subcommand("area", tr("计算图层各要素及合计面积：CGCS2000 椭球面积与平面面积（平方米、公顷、亩）",
                                                    "areas of each feature and in total: CGCS2000 ellipsoidal and planar (m², ha, mu)"));
  command->add_option("path", options->path, tr("数据源（文件、目录或 PG: 连接串）", "source (file, folder or PG: connection string)"))->required();
  command->add_option("--layer", options->layer, tr("图层名（数据源有多个图层时）", "layer name (when the source holds several)"));
  command->add_option("--crs", options->crs, tr("覆盖坐标系，如 EPSG:4545", "override the CRS, e.g. EPSG:4545"));
  command->add_option("--encoding", options->encoding, tr("覆盖 DBF 文本编码（UTF-8 / GBK）", "override the DBF text encoding (UTF-8 / GBK)"));
  command->add_option("--towgs84", options->towgs84,
                      tr("西安1980 / 北京1954 数据到 CGCS2000 的七参数 dx,dy,dz,rx,ry,rz,ds", "seven parameters dx,dy,dz,rx,ry,rz,ds from Xian 1980 / Beijing 1954 to CGCS2000"));
  command->add_option("--densify", options->densifyStep,
                      tr("投影坐标边的加密步长（米），0 为不加密；默认 100", "densify step for projected edges in metres, 0 for none; default 100"))
      ->check(CLI::NonNegativeNumber);
  addRepairOption(command, options->repair);
  addStrictOption(command, options->strict);
  command->add_option("--max-rows", options->maxRows, tr("最多列出的要素数（0 为全部）", "list at most this many features (0: all)"));
  command->add_option("--json", options->json, tr("把结果写成 JSON 文件（- 为标准输出）", "write the result as JSON (- for stdout)"));
  mappings->add(command, "", tr("图层", "the layer"));
  mappings->addRoles(command);

  return [options, mappings]() {
    AreaOptions area;
    area.load.source = options->path;
    mappings->apply("", area.load);
    if (!options->layer.empty()) area.load.layerName = options->layer;
    if (!options->encoding.empty()) area.load.encoding = options->encoding;
    if (!options->crs.empty()) area.load.crs = options->crs;
    if (!options->towgs84.empty()) area.load.towgs84 = parseSevenParameters(options->towgs84);
    if (!options->repair.empty()) area.load.repair = parseRepairMode(options->repair);
    area.load.strict = options->strict;
    area.densifyStep = options->densifyStep;

    refuseInputAsOutput({options->path}, options->json);
    const LayerAreas result = measureLayer(area, mappings->roles());
    if (options->json != "-") print(result, options->maxRows);
    if (options->json == "-") {
      std::cout << jsonText(toJson(result)) << "\n";
      for (const std::string& warning : result.warnings) std::cerr << warning << "\n";  // also in the JSON's "warnings"
    }
    else if (!options->json.empty()) writeFileAtomically(options->json, jsonText(toJson(result)));
    return kExitOk;
  };
}

}  // namespace sanxian::cli
