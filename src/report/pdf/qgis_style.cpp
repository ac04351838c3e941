#include "report/pdf/qgis_style.h"

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "core/base/text.h"
#include "render/renderer.h"
#include "report/files/output.h"
#include "report/files/writers.h"

namespace sanxian::report {
namespace {

namespace fs = std::filesystem;

std::string xmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string rgba(const QColor& c) { return format("%d,%d,%d,%d", c.red(), c.green(), c.blue(), c.alpha()); }

const char* penStyle(Qt::PenStyle s) {
  switch (s) {
    case Qt::DashLine: return "dash";
    case Qt::DotLine: return "dot";
    case Qt::NoPen: return "no";
    default: return "solid";
  }
}

const char* brushStyle(Qt::BrushStyle s) {
  switch (s) {
    case Qt::BDiagPattern: return "b_diagonal";
    case Qt::FDiagPattern: return "f_diagonal";
    case Qt::DiagCrossPattern: return "diagonal_x";
    case Qt::CrossPattern: return "cross";
    case Qt::HorPattern: return "horizontal";
    case Qt::VerPattern: return "vertical";
    default: return "solid";
  }
}

// One symbol layer with its properties both as <Option> (QGIS ≥ 3.16) and as
// <prop> (older readers), as QGIS 3.22 itself writes them.
void symbolLayer(std::ostringstream& out, const char* cls, const std::vector<std::pair<std::string, std::string>>& props) {
  out << "        <layer class=\"" << cls << "\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
  out << "          <Option type=\"Map\">\n";
  for (const auto& [k, v] : props) out << "            <Option name=\"" << k << "\" value=\"" << xmlEscape(v) << "\" type=\"QString\"/>\n";
  out << "          </Option>\n";
  for (const auto& [k, v] : props) out << "          <prop k=\"" << k << "\" v=\"" << xmlEscape(v) << "\"/>\n";
  out << "        </layer>\n";
}

using Kind = QmlGeometry;

void symbol(std::ostringstream& out, const std::string& name, const render::Style& style, Kind kind) {
  const char* type = kind == Kind::Fill ? "fill" : kind == Kind::Line ? "line" : "marker";
  out << "      <symbol type=\"" << type << "\" name=\"" << xmlEscape(name) << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n";
  const std::string width = format("%g", style.width);
  const bool outline = style.outline.alpha() > 0;
  if (kind == Kind::Fill) {
    symbolLayer(out, "SimpleFill",
                {{"color", rgba(style.fill)},
                 {"joinstyle", "bevel"},
                 {"outline_color", rgba(style.outline)},
                 {"outline_style", outline ? penStyle(style.dash) : "no"},
                 {"outline_width", width},
                 {"outline_width_unit", "Pixel"},
                 {"style", style.fill.alpha() > 0 ? "solid" : "no"}});
    if (style.hatch != Qt::NoBrush)
      symbolLayer(out, "SimpleFill",
                  {{"color", rgba(style.hatchColor)}, {"outline_style", "no"}, {"style", brushStyle(style.hatch)}});
  } else if (kind == Kind::Line) {
    symbolLayer(out, "SimpleLine",
                {{"line_color", rgba(style.outline)},
                 {"line_style", penStyle(style.dash)},
                 {"line_width", width},
                 {"line_width_unit", "Pixel"},
                 {"capstyle", "round"},
                 {"joinstyle", "round"}});
  } else {
    symbolLayer(out, "SimpleMarker",
                {{"color", rgba(style.fill.alpha() > 0 ? style.fill : style.outline)},
                 {"name", "circle"},
                 {"outline_color", rgba(style.outline)},
                 {"outline_width", width},
                 {"outline_width_unit", "Pixel"},
                 {"size", format("%g", style.pointSize)},
                 {"size_unit", "Pixel"}});
  }
  out << "      </symbol>\n";
}

Kind kindOf(const Table& table) {
  for (const auto& g : table.geometries) {
    if (!g) continue;
    if (geos::isPolygonal(g.get())) return Kind::Fill;
    if (geos::isLineal(g.get())) return Kind::Line;
    const int t = geos::typeId(g.get());
    if (t == GEOS_POINT || t == GEOS_MULTIPOINT) return Kind::Marker;
  }
  return Kind::Fill;
}

std::string cellString(const Cell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  return {};
}

int severityRank(const std::string& canonical) {
  static const std::map<std::string, int> rank = {{"critical", 0}, {"high", 1}, {"medium", 2}, {"low", 3}, {"info", 4}};
  const auto it = rank.find(canonical);
  return it == rank.end() ? 5 : it->second;
}

}  // namespace

std::string qgisStyle(const Table& table, const std::vector<std::string>& fieldNames, const render::StyleSet& styles) {
  return qgisStyle(table, fieldNames, styles, kindOf(table));
}

std::string qgisStyle(const Table& table, const std::vector<std::string>& fieldNames, const render::StyleSet& styles, QmlGeometry kind) {
  const int severity = render::severityColumn(table);
  std::ostringstream out;
  out << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n";
  out << "<!-- " << xmlEscape(table.name) << ": made by sanxian from styles/styles.yaml -->\n";
  out << "<qgis version=\"3.22.16-Białowieża\" styleCategories=\"Symbology|Fields\">\n";
  if (severity >= 0) {
    // The values present, worst first, each with the style of its canonical severity.
    std::vector<std::string> values;
    std::set<std::string> seen;
    for (const auto& row : table.rows) {
      const std::string v = cellString(row[severity]);
      if (!v.empty() && seen.insert(v).second) values.push_back(v);
    }
    std::stable_sort(values.begin(), values.end(), [&](const std::string& a, const std::string& b) {
      return severityRank(styles.canonicalSeverity(a)) < severityRank(styles.canonicalSeverity(b));
    });
    out << "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" << xmlEscape(fieldNames[severity])
        << "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\">\n";
    out << "    <categories>\n";
    for (size_t i = 0; i < values.size(); ++i)
      out << "      <category render=\"true\" symbol=\"" << i << "\" value=\"" << xmlEscape(values[i]) << "\" label=\"" << xmlEscape(values[i])
          << "\" type=\"string\"/>\n";
    out << "      <category render=\"true\" symbol=\"" << values.size() << "\" value=\"\" label=\""
        << xmlEscape(tr("其他", "other")) << "\" type=\"string\"/>\n";
    out << "    </categories>\n    <symbols>\n";
    for (size_t i = 0; i < values.size(); ++i) symbol(out, std::to_string(i), styles.forSeverity(values[i]), kind);
    symbol(out, std::to_string(values.size()), styles.forSeverity(""), kind);
    out << "    </symbols>\n    <source-symbol>\n";
    symbol(out, "0", styles.forSeverity(""), kind);
    out << "    </source-symbol>\n";
    out << "    <rotation/>\n    <sizescale/>\n";
    out << "  </renderer-v2>\n";
  } else {
    out << "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\">\n";
    out << "    <symbols>\n";
    symbol(out, "0", styles.forSeverity(""), kind);
    out << "    </symbols>\n    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n";
  }
  // Field aliases: QGIS shows the full names instead of the 10-character ones.
  out << "  <aliases>\n";
  for (size_t c = 0; c < table.columns.size() && c < fieldNames.size(); ++c)
    out << "    <alias field=\"" << xmlEscape(fieldNames[c]) << "\" index=\"" << c << "\" name=\""
        << xmlEscape(tr(table.columns[c].zh.c_str(), table.columns[c].en.c_str())) << "\"/>\n";
  out << "  </aliases>\n";
  out << "  <layerGeometryType>" << (kind == Kind::Fill ? 2 : kind == Kind::Line ? 1 : 0) << "</layerGeometryType>\n";
  out << "</qgis>\n";
  return out.str();
}

std::vector<std::string> writeQgisStyles(const std::vector<WrittenShapefile>& shapefiles, const render::StyleSet& styles) {
  std::vector<std::string> written;
  for (const WrittenShapefile& shp : shapefiles) {
    if (!shp.table) continue;
    const fs::path path(shp.path);
    const std::string qml = (path.parent_path() / (path.stem().string() + ".qml")).string();
    const Kind kind = shp.dimension == 2 ? Kind::Fill : shp.dimension == 1 ? Kind::Line : Kind::Marker;
    writeFileAtomically(qml, qgisStyle(*shp.table, shapefileFieldNames(*shp.table), styles, kind));
    written.push_back(qml);
  }
  return written;
}

ExtraWriter qgisStyleWriter() {
  return [](const LoadedProject&, const RunResult&, const std::vector<WrittenShapefile>& shapefiles, const std::string&) {
    const render::StyleSet styles = render::StyleSet::loadDefault();
    return writeQgisStyles(shapefiles, styles);
  };
}

}  // namespace sanxian::report
