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

// Labels as the viewer draws them (StyleSet::resultLabels): the first of
// the fields with a value, haloed, over the piece or along the line.
void labeling(std::ostringstream& out, const std::vector<std::string>& fields, const render::StyleSet& styles, Kind kind) {
  std::string expression;
  if (fields.size() == 1) {
    expression = fields[0];
  } else {
    for (const std::string& f : fields) expression += (expression.empty() ? "" : ", ") + std::string("nullif(\"") + f + "\", '')";
    expression = "coalesce(" + expression + ")";
  }
  const render::Style& look = styles.resultLabel;
  out << "  <labeling type=\"simple\">\n    <settings calloutType=\"simple\">\n";
  out << "      <text-style fieldName=\"" << xmlEscape(expression) << "\" isExpression=\"" << (fields.size() == 1 ? 0 : 1)
      << "\" fontFamily=\"" << xmlEscape(styles.fontFamily.toStdString()) << "\" fontSize=\"" << format("%g", look.labelSize)
      << "\" fontSizeUnit=\"Point\" textColor=\"" << rgba(look.labelColor)
      << "\" textOpacity=\"1\" fontWeight=\"50\" fontItalic=\"0\" namedStyle=\"Regular\" multilineHeight=\"1\" allowHtml=\"0\">\n";
  out << "        <text-buffer bufferDraw=\"1\" bufferSize=\"0.7\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,220\" bufferOpacity=\"1\""
         " bufferNoFill=\"1\" bufferJoinStyle=\"128\"/>\n";
  out << "      </text-style>\n";
  out << "      <placement placement=\"" << (kind == Kind::Line ? 2 : kind == Kind::Fill ? 1 : 0)
      << "\" placementFlags=\"10\" centroidInside=\"1\" centroidWhole=\"0\" fitInPolygonOnly=\"0\" priority=\"5\"/>\n";
  out << "      <rendering obstacle=\"1\" scaleVisibility=\"0\" displayAll=\"0\" labelPerPart=\"0\" mergeLines=\"0\"/>\n";
  out << "    </settings>\n  </labeling>\n";
}

}  // namespace

std::string qgisStyle(const Table& table, const std::vector<std::string>& fieldNames, const render::StyleSet& styles) {
  return qgisStyle(table, fieldNames, styles, kindOf(table));
}

std::string qgisStyle(const Table& table, const std::vector<std::string>& fieldNames, const render::StyleSet& styles, QmlGeometry kind) {
  std::vector<std::string> keys;
  for (const Column& c : table.columns) keys.push_back(c.key);
  const render::Categorizer categories = render::categorizer(keys);
  std::vector<std::string> labelFields;
  if (const std::vector<std::string>* columns = styles.resultLabelColumns(table.name))
    for (const std::string& key : *columns)
      if (const int c = table.columnIndex(key); c >= 0 && c < static_cast<int>(fieldNames.size())) labelFields.push_back(fieldNames[c]);
  std::ostringstream out;
  out << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n";
  out << "<!-- " << xmlEscape(table.name) << ": made by sanxian from styles/styles.yaml -->\n";
  out << "<qgis version=\"3.22.16-Białowieża\" styleCategories=\"Symbology|Labeling|Fields\" labelsEnabled=\"" << (labelFields.empty() ? 0 : 1)
      << "\">\n";
  if (categories.column >= 0 && categories.column < static_cast<int>(fieldNames.size())) {
    // The values present, in the legend's order (worst severity first;
    // removed, nature changed, added; protected zones first), each with
    // the style the viewer draws it with and its name for people.
    std::vector<std::pair<std::string, std::string>> values;  // value, label
    std::set<std::string> seen;
    for (const auto& row : table.rows) {
      const std::string v = cellString(row[categories.column]);
      if (v.empty() || !seen.insert(v).second) continue;
      const std::string label = categories.labelColumn >= 0 ? cellString(row[categories.labelColumn]) : v;
      values.push_back({v, label.empty() ? v : label});
    }
    std::stable_sort(values.begin(), values.end(), [&](const auto& a, const auto& b) {
      return render::categoryRank(styles, categories, a.first) < render::categoryRank(styles, categories, b.first);
    });
    out << "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" << xmlEscape(fieldNames[categories.column])
        << "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\">\n";
    out << "    <categories>\n";
    for (size_t i = 0; i < values.size(); ++i)
      out << "      <category render=\"true\" symbol=\"" << i << "\" value=\"" << xmlEscape(values[i].first) << "\" label=\""
          << xmlEscape(values[i].second) << "\" type=\"string\"/>\n";
    out << "      <category render=\"true\" symbol=\"" << values.size() << "\" value=\"\" label=\""
        << xmlEscape(tr("其他", "other")) << "\" type=\"string\"/>\n";
    out << "    </categories>\n    <symbols>\n";
    for (size_t i = 0; i < values.size(); ++i) symbol(out, std::to_string(i), render::categoryStyle(styles, categories, values[i].first), kind);
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
  if (!labelFields.empty()) labeling(out, labelFields, styles, kind);
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
