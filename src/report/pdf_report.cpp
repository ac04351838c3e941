#include "pdf_report.h"

#include <QBuffer>
#include <QDate>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRawFont>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>

#include "core/error.h"
#include "core/output.h"
#include "core/provenance.h"
#include "core/text.h"
#include "render/map_view.h"
#include "render/renderer.h"

namespace sanxian::report {
namespace {

namespace fs = std::filesystem;

QString q(const std::string& s) { return QString::fromStdString(s); }
QString q(const char* s) { return QString::fromUtf8(s); }
QString T(const char* zh, const char* en) { return QString::fromUtf8(tr(zh, en)); }

constexpr int kDpi = 300;          // PDF device units per inch
constexpr double kScreenDpi = 96;  // the map's logical pixels, as the viewer's styles are in pixels
constexpr double kMapPixelRatio = 2.5;  // maps rasterized at 240 dpi

const char* checkTitle(const std::string& type) {
  if (type == "audit") return tr("红线变化核查", "Red-line change audit");
  if (type == "overlap") return tr("重叠冲突检查", "Overlap conflicts");
  if (type == "shoreline") return tr("岸线占用检查", "Shoreline occupation");
  if (type == "site") return tr("项目选址检查", "Project siting");
  return "";
}

std::string cellString(const Cell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) return format("%g", *d);
  return {};
}

std::optional<double> cellNumber(const Cell& cell) {
  if (const auto* d = std::get_if<double>(&cell)) return *d;
  if (const auto* i = std::get_if<int64_t>(&cell)) return static_cast<double>(*i);
  return std::nullopt;
}

// Page flow on A4: a cursor going down the body, new pages with a footer.
class Pages {
public:
  Pages(QPdfWriter& writer, QString footer) : writer_(writer), painter_(&writer), footer_(std::move(footer)) {
    const QRect paint = writer.pageLayout().paintRectPixels(kDpi);
    body_ = QRectF(0, 0, paint.width(), paint.height() - mm(8));
    y_ = body_.top();
    family_ = QStringLiteral("Noto Sans CJK SC");
    mono_ = QStringLiteral("Noto Sans Mono CJK SC");
  }
  ~Pages() { finish(); }

  double mm(double v) const { return v * kDpi / 25.4; }
  QPainter& painter() { return painter_; }
  const QRectF& body() const { return body_; }
  double y() const { return y_; }
  double remaining() const { return body_.bottom() - y_; }
  int page() const { return page_; }

  QFont font(double points, bool bold = false, bool mono = false) const {
    QFont f(mono ? mono_ : family_);
    // Without shaping: shaped digits after Latin letters come out as glyphs
    // the PDF's text layer cannot name, and pdftotext / copying lose them.
    f.setStyleStrategy(QFont::PreferNoShaping);
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
  }

  void newPage() {
    drawFooter();
    writer_.newPage();
    ++page_;
    y_ = body_.top();
  }
  void ensure(double height) {
    if (y_ > body_.top() && y_ + height > body_.bottom()) newPage();
  }
  void skip(double height) { y_ += height; }
  void moveTo(double y) { y_ = y; }

  // Wrapped text across the body (or from `indent`); returns its height.
  double text(const QString& s, const QFont& f, QColor color = Qt::black, double indent = 0, bool keep = true) {
    painter_.setFont(f);
    const QRectF area(body_.left() + indent, 0, body_.width() - indent, 1e6);
    const QRectF need = painter_.boundingRect(area, Qt::TextWordWrap | Qt::AlignLeft, s);
    if (keep) ensure(need.height());
    painter_.setPen(color);
    painter_.drawText(QRectF(area.left(), y_, area.width(), need.height() + 2), Qt::TextWordWrap | Qt::AlignLeft, s);
    y_ += need.height();
    return need.height();
  }
  void heading(const QString& s, int level = 1) {
    const double size = level == 1 ? 15 : level == 2 ? 11.5 : 9.5;
    ensure(mm(level == 1 ? 30 : 18));  // never a heading alone at the foot of a page
    skip(mm(level == 1 ? 2 : 3));
    text(s, font(size, true), level == 1 ? QColor(0x8e, 0x1b, 0x1b) : QColor(0x21, 0x21, 0x21));
    if (level == 1) {
      painter_.setPen(QPen(QColor(0xc6, 0x28, 0x28), mm(0.4)));
      painter_.drawLine(QPointF(body_.left(), y_ + mm(1)), QPointF(body_.right(), y_ + mm(1)));
      skip(mm(3));
    } else {
      skip(mm(1));
    }
  }
  void para(const QString& s, double points = 9, QColor color = Qt::black, double indent = 0) {
    text(s, font(points), color, indent);
    skip(mm(1));
  }
  void note(const QString& s) { para(s, 8, QColor(0x61, 0x61, 0x61)); }

  void finish() {
    if (finished_) return;
    finished_ = true;
    drawFooter();
    painter_.end();
  }

private:
  void drawFooter() {
    painter_.setFont(font(7));
    painter_.setPen(QColor(0x75, 0x75, 0x75));
    const QRectF foot(body_.left(), body_.bottom() + mm(3), body_.width(), mm(5));
    painter_.drawText(foot, Qt::AlignLeft | Qt::AlignVCenter, footer_);
    painter_.drawText(foot, Qt::AlignRight | Qt::AlignVCenter, format(tr("第 %d 页", "page %d"), page_).c_str());
  }

  QPdfWriter& writer_;
  QPainter painter_;
  QString footer_, family_, mono_;
  QRectF body_;
  double y_ = 0;
  int page_ = 1;
  bool finished_ = false;
};

// A table drawn across the body; columns that do not fit are left out and
// named in a note. Header repeated on each page.
struct PrintColumn {
  QString header;
  bool number = false;
  bool mono = false;
  double weight = 1;  // share of the spare width
};

// A column's natural width: its widest cell (capped unless fixed-width),
// the header wrapped to at most three lines, and the padding.
double naturalWidth(Pages& pages, const PrintColumn& column, const std::vector<QString>& cells, double points) {
  const QPaintDevice* device = pages.painter().device();
  const QFontMetricsF fm(column.mono ? pages.font(points - 0.5, false, true) : pages.font(points), device);
  const QFontMetricsF fb(pages.font(points, true), device);
  const double cap = pages.mm(48);
  double w = std::min(cap, fb.horizontalAdvance(column.header) / 3 + fb.horizontalAdvance(QStringLiteral("中")));
  for (const QString& cell : cells) w = std::max(w, column.mono ? fm.horizontalAdvance(cell) : std::min(cap, fm.horizontalAdvance(cell)));
  return w + 2 * pages.mm(0.8);
}

void drawTable(Pages& pages, const std::vector<PrintColumn>& columns, const std::vector<std::vector<QString>>& rows, double points = 7) {
  if (columns.empty()) return;
  QPainter& p = pages.painter();
  const QFont font = pages.font(points), bold = pages.font(points, true), mono = pages.font(points - 0.5, false, true);
  const double pad = pages.mm(0.8);
  std::vector<double> widths(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    std::vector<QString> cells;
    for (const auto& row : rows) cells.push_back(row[c]);
    widths[c] = naturalWidth(pages, columns[c], cells, points);
  }
  double total = 0;
  for (double w : widths) total += w;
  const double width = pages.body().width();
  if (total < width) {
    for (double& w : widths) w += (width - total) * w / total;
  } else {
    // Too wide: shrink the text columns, keep the fixed-width ones (hashes) whole.
    double fixed = 0;
    for (size_t c = 0; c < columns.size(); ++c)
      if (columns[c].mono) fixed += widths[c];
    const double scale = fixed < width ? (width - fixed) / (total - fixed) : width / total;
    for (size_t c = 0; c < columns.size(); ++c)
      if (!columns[c].mono || fixed >= width) widths[c] *= scale;
  }
  auto header = [&]() {
    double h = 0;
    p.setFont(bold);
    for (size_t c = 0; c < columns.size(); ++c)
      h = std::max(h, p.boundingRect(QRectF(0, 0, widths[c] - 2 * pad, 1e6), Qt::TextWordWrap, columns[c].header).height());
    h += 2 * pad;
    pages.ensure(h + pages.mm(5));
    double x = pages.body().left();
    p.fillRect(QRectF(x, pages.y(), width, h), QColor(0xec, 0xe7, 0xdc));
    p.setPen(QColor(0x21, 0x21, 0x21));
    for (size_t c = 0; c < columns.size(); ++c) {
      p.drawText(QRectF(x + pad, pages.y() + pad, widths[c] - 2 * pad, h - 2 * pad),
                 Qt::TextWordWrap | (columns[c].number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter, columns[c].header);
      x += widths[c];
    }
    pages.skip(h);
  };
  header();
  const double rowHeight = QFontMetricsF(font, p.device()).height() + 2 * pad;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (pages.remaining() < rowHeight) {
      pages.newPage();
      header();
    }
    double x = pages.body().left();
    if (r % 2 == 1) p.fillRect(QRectF(x, pages.y(), width, rowHeight), QColor(0xf6, 0xf4, 0xef));
    p.setPen(Qt::black);
    for (size_t c = 0; c < columns.size(); ++c) {
      const QFont& f = columns[c].mono ? mono : font;
      p.setFont(f);
      const QString shown = QFontMetricsF(f, p.device()).elidedText(rows[r][c], Qt::ElideMiddle, widths[c] - 2 * pad);
      p.drawText(QRectF(x + pad, pages.y(), widths[c] - 2 * pad, rowHeight),
                 (columns[c].number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter, shown);
      x += widths[c];
    }
    pages.skip(rowHeight);
  }
  p.setPen(QPen(QColor(0xbd, 0xbd, 0xbd), pages.mm(0.2)));
  p.drawLine(QPointF(pages.body().left(), pages.y()), QPointF(pages.body().right(), pages.y()));
  pages.skip(pages.mm(2));
}

// Columns worth printing first; the rest (planar twins, FIDs, raw attributes) go when space runs out.
bool lowPriority(const Column& c) {
  const std::string& k = c.key;
  auto ends = [&](const char* s) { return k.size() >= strlen(s) && k.compare(k.size() - strlen(s), std::string::npos, s) == 0; };
  return k.rfind("planar_", 0) == 0 || ends("_attributes") || ends("_fid") || ends("_layer") || k == "grid_retry" ||
         k == "severity_level" || k == "rule" || ends("_m2") || ends("_code") || k == "length_m" || k == "message";
}

// A result table as printed: chosen columns, rows cut at maxRows, with notes.
void printResultTable(Pages& pages, const Table& table, size_t maxRows) {
  pages.heading(q(tr(table.zh.c_str(), table.en.c_str())) + QStringLiteral("  (") + q(table.name) + QStringLiteral(")"), 3);
  if (table.rows.empty()) {
    pages.note(T("（无记录）", "(no rows)"));
    return;
  }
  const size_t shownRows = std::min(maxRows, table.rows.size());
  // Keep columns in order while they fit at a readable width; low-priority ones only if room is left.
  std::vector<size_t> chosen;
  std::vector<std::string> left;
  double used = 0;
  const double budget = pages.body().width();
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (lowPriority(table.columns[c]) != (pass == 1)) continue;
      std::vector<QString> cells;
      for (size_t r = 0; r < shownRows; ++r) cells.push_back(q(cellText(table.rows[r][c], table.columns[c])));
      const double w = naturalWidth(pages, {q(tr(table.columns[c].zh.c_str(), table.columns[c].en.c_str()))}, cells, 7);
      if (used + w <= budget) {
        chosen.push_back(c);
        used += w;
      } else {
        left.push_back(tr(table.columns[c].zh.c_str(), table.columns[c].en.c_str()));
      }
    }
  }
  std::sort(chosen.begin(), chosen.end());
  std::vector<PrintColumn> columns;
  for (size_t c : chosen)
    columns.push_back({q(tr(table.columns[c].zh.c_str(), table.columns[c].en.c_str())), table.columns[c].type != ColumnType::Text});
  std::vector<std::vector<QString>> rows;
  for (size_t r = 0; r < shownRows; ++r) {
    std::vector<QString> row;
    for (size_t c : chosen) row.push_back(q(cellText(table.rows[r][c], table.columns[c])));
    rows.push_back(std::move(row));
  }
  drawTable(pages, columns, rows);
  if (shownRows < table.rows.size())
    pages.note(q(format(tr("仅列出前 %zu 行，共 %zu 行；完整表见 sanxian_results.xlsx 与 %s.csv。", "First %zu of %zu rows; the full table is in sanxian_results.xlsx and %s.csv."),
                        shownRows, table.rows.size(), table.name.c_str())));
  if (!left.empty()) {
    std::string names;
    for (size_t i = 0; i < left.size(); ++i) names += (i ? tr("、", ", ") : "") + left[i];
    pages.note(q(format(tr("未列出的列（见表格文件）：%s", "Columns not shown (see the table files): %s"), names.c_str())));
  }
}

// The scene of the report: the project's layers as the viewer shows them
// (only the newest red line), and every result table with geometry.
struct ReportScene {
  std::shared_ptr<render::Scene> scene;
  std::vector<std::string> resultIds;  // "check/table"
};

ReportScene buildScene(const LoadedProject& loaded, const RunResult& result, const std::shared_ptr<const render::StyleSet>& styles,
                       const RoleCatalog& roles) {
  ReportScene out;
  out.scene = std::make_shared<render::Scene>();
  out.scene->styles = styles;
  int lastRedline = -1;
  for (size_t i = 0; i < loaded.layers.size(); ++i)
    if (loaded.layers[i].role() == "redline") lastRedline = static_cast<int>(i);
  for (size_t i = 0; i < loaded.layers.size(); ++i) {
    const Layer& layer = loaded.layers[i];
    const bool visible = layer.role() != "redline" || static_cast<int>(i) == lastRedline;
    auto cache = render::prepareLayer(layer, *styles, &roles);
    out.scene->layers.push_back({loaded.ids[i], &layer, visible, cache});
    out.scene->keepAlive.push_back(cache);
  }
  for (size_t c = 0; c < result.checkOutputs.size(); ++c)
    for (const Table& t : result.checkOutputs[c].tables)
      if (t.hasGeometry()) out.scene->results.push_back(render::prepareResult(result.checkIds[c] + "/" + t.name, t));
  return out;
}

// Draws a map of `extent` into `target` (PDF units) through sanxian_render, with a frame.
void drawMap(Pages& pages, const render::Scene& scene, const geos::Envelope& extent, const QRectF& target, double margin) {
  const QSize logical(static_cast<int>(target.width() / kDpi * kScreenDpi), static_cast<int>(target.height() / kDpi * kScreenDpi));
  const render::MapView view = render::MapView::fit(extent, logical, margin);
  QImage image(QSize(static_cast<int>(logical.width() * kMapPixelRatio), static_cast<int>(logical.height() * kMapPixelRatio)),
               QImage::Format_RGB32);
  image.setDevicePixelRatio(kMapPixelRatio);
  {
    QPainter painter(&image);
    render::renderScene(painter, scene, view);
  }
  QPainter& p = pages.painter();
  p.drawImage(target, image);
  p.setPen(QPen(QColor(0x61, 0x61, 0x61), pages.mm(0.2)));
  p.setBrush(Qt::NoBrush);
  p.drawRect(target);
}

void swatch(QPainter& p, const QRectF& r, const render::Style& s, int dimension) {
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  QPen pen(s.outline, std::max(1.0, s.width * kDpi / kScreenDpi), s.dash);
  if (dimension == 1) {
    p.setPen(pen);
    p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
  } else {
    p.setPen(s.outline.alpha() ? pen : QPen(Qt::NoPen));
    p.setBrush(s.fill);
    p.drawRect(r);
    if (s.hatch != Qt::NoBrush) {
      QBrush hatch(s.hatchColor, s.hatch);
      hatch.setTransform(QTransform::fromScale(kDpi / kScreenDpi, kDpi / kScreenDpi));
      p.setBrush(hatch);
      p.drawRect(r);
    }
  }
  p.restore();
}

void drawLegend(Pages& pages, const render::Scene& scene, const std::vector<std::string>& severities) {
  QPainter& p = pages.painter();
  struct Item { QString label; const render::Style* style; int dimension; };
  std::vector<Item> items;
  for (const auto& l : scene.layers)
    if (l.visible && l.layer) {
      const render::Style& s = scene.styles->forRole(l.layer->role());
      items.push_back({q(l.id + " · " + l.layer->role()), &s, l.cache ? l.cache->dimension : 2});
    }
  for (const std::string& sev : severities) items.push_back({q(sev), &scene.styles->forSeverity(sev), 2});
  for (const auto& r : scene.results)
    if (r.severityColumn < 0) {
      items.push_back({T("其他检查结果（如红线变化图斑）", "other results (e.g. red-line changes)"), &scene.styles->forSeverity(""), 2});
      break;
    }
  const double colWidth = pages.body().width() / 3, lineH = pages.mm(5);
  const size_t rowsNeeded = (items.size() + 2) / 3;
  pages.ensure(rowsNeeded * lineH);
  const double top = pages.y();
  p.setFont(pages.font(7.5));
  for (size_t i = 0; i < items.size(); ++i) {
    const double x = pages.body().left() + (i % 3) * colWidth, y = top + (i / 3) * lineH;
    swatch(p, QRectF(x, y + pages.mm(0.8), pages.mm(7), pages.mm(3.4)), *items[i].style, items[i].dimension);
    p.setPen(Qt::black);
    p.drawText(QRectF(x + pages.mm(9), y, colWidth - pages.mm(10), lineH), Qt::AlignLeft | Qt::AlignVCenter, items[i].label);
  }
  pages.moveTo(top + rowsNeeded * lineH + pages.mm(2));
}

struct Finding {
  size_t check = 0;
  const Table* table = nullptr;
  size_t row = 0;
  double areaHa = 0;
  int level = 0;
};

// Pieces big enough for their own map: rows with an area (ha) of tables with
// geometry; of red-line change tables only the removed pieces. Worst, then largest, first.
std::vector<Finding> findings(const RunResult& result, double minAreaHa) {
  std::vector<Finding> all;
  for (size_t c = 0; c < result.checkOutputs.size(); ++c) {
    for (const Table& t : result.checkOutputs[c].tables) {
      if (!t.hasGeometry()) continue;
      const int area = t.columnIndex("area_ha");
      if (area < 0) continue;
      const int level = t.columnIndex("severity_level");
      int change = t.columnIndex("change_type");
      if (change < 0) change = t.columnIndex("change");
      for (size_t r = 0; r < t.rows.size(); ++r) {
        if (r >= t.geometries.size() || !t.geometries[r]) continue;
        const auto a = cellNumber(t.rows[r][area]);
        if (!a || *a < minAreaHa) continue;
        if (change >= 0) {
          const std::string v = cellString(t.rows[r][change]);
          if (v != "removed" && v != "减少" && v != "调出") continue;
        }
        Finding f{c, &t, r, *a, level >= 0 ? static_cast<int>(cellNumber(t.rows[r][level]).value_or(0)) : 0};
        all.push_back(f);
      }
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const Finding& a, const Finding& b) {
    return a.level != b.level ? a.level > b.level : a.areaHa > b.areaHa;
  });
  return all;
}

QString findingCaption(const RunResult& result, const Finding& f, size_t number) {
  const Table& t = *f.table;
  auto value = [&](const char* key) -> std::string {
    const int c = t.columnIndex(key);
    return c >= 0 ? cellText(t.rows[f.row][c], t.columns[c]) : std::string();
  };
  std::string s = format(tr("图 %zu  %s · %s 第 %zu 行", "Map %zu  %s · %s row %zu"), number, result.checkIds[f.check].c_str(),
                         tr(t.zh.c_str(), t.en.c_str()), f.row + 1);
  s += "\n";
  for (const char* key : {"severity", "change_type"})
    if (!value(key).empty()) s += value(key) + " · ";
  s += format(tr("%.4f 公顷", "%.4f ha"), f.areaHa);
  if (!value("township").empty()) s += " · " + value("township");
  const std::string a = value("a_name").empty() ? value("a_code") : value("a_name");
  const std::string b = value("b_name").empty() ? value("b_code") : value("b_name");
  if (!a.empty() || !b.empty()) s += "\n" + a + (b.empty() ? "" : " × " + b);
  return q(s);
}

QString crsText(const CrsInfo& crs) {
  QString s = q(crs.name);
  if (crs.epsg) s += QStringLiteral(" (EPSG:%1)").arg(crs.epsg);
  return s;
}

const char* originText(CrsOrigin origin) {
  switch (origin) {
    case CrsOrigin::Declared: return tr("声明", "declared");
    case CrsOrigin::Inferred: return tr("推断", "inferred");
    case CrsOrigin::Corrected: return tr("已更正", "corrected");
    case CrsOrigin::UserOverride: return tr("用户指定", "given by the user");
  }
  return "";
}

std::string humanBytes(double bytes) {
  if (bytes >= 1 << 30) return format("%.1f GB", bytes / (1 << 30));
  if (bytes >= 1 << 20) return format("%.1f MB", bytes / (1 << 20));
  if (bytes >= 1 << 10) return format("%.1f KB", bytes / (1 << 10));
  return format("%.0f B", bytes);
}

// Qt names each embedded glyph by the first code point mapping to it, and
// Noto Sans CJK shares glyphs between the Kangxi radicals (U+2F00…) and the
// ideographs: copied or extracted text would read 禁⽌ for 禁止. Rewrites
// the targets of the ToUnicode maps to their NFKC form (same byte length,
// so no offset in the file moves).
// Radical code point → the ideograph drawn with the same glyph in `font`
// (⽌ → 止, ⻅ → 见), found from the font's own character map.
const std::map<uint, uint>& radicalIdeographs(const QFont& font) {
  static std::map<uint, uint> map;
  static bool done = false;
  if (done) return map;
  done = true;
  const QRawFont raw = QRawFont::fromFont(font);
  if (!raw.isValid()) return map;
  auto glyph = [&](uint code) {
    const QList<quint32> g = raw.glyphIndexesForString(QString(QChar(char16_t(code))));
    return g.isEmpty() ? 0u : g[0];
  };
  std::map<quint32, uint> radicalByGlyph;
  for (uint code = 0x2E80; code <= 0x2FDF; ++code)
    if (const quint32 g = glyph(code)) radicalByGlyph.emplace(g, code);
  for (uint code = 0x4E00; code <= 0x9FFF && !radicalByGlyph.empty(); ++code)
    if (const auto it = radicalByGlyph.find(glyph(code)); it != radicalByGlyph.end()) map.emplace(it->second, code);
  return map;
}

void fixToUnicode(QByteArray& pdf, const std::map<uint, uint>& ideographs) {
  auto rewrite = [&](qsizetype at) {  // a "<XXXX>" target at `at`
    if (at + 6 > pdf.size() || pdf[at] != '<' || pdf[at + 5] != '>') return;
    bool ok = false;
    const uint code = QByteArray(pdf.constData() + at + 1, 4).toUInt(&ok, 16);
    if (!ok || code < 0x2E80 || code > 0x2FDF) return;
    uint target = 0;
    if (const auto it = ideographs.find(code); it != ideographs.end()) {
      target = it->second;
    } else {
      const QString normal = QString(QChar(char16_t(code))).normalized(QString::NormalizationForm_KC);
      if (normal.size() == 1) target = normal[0].unicode();
    }
    if (target == 0 || target == code || target > 0xFFFF) return;
    const QByteArray hex = QByteArray::number(target, 16).toUpper().rightJustified(4, '0');
    if (hex.size() == 4) pdf.replace(at + 1, 4, hex);
  };
  qsizetype from = 0;
  while (true) {
    const qsizetype begin = pdf.indexOf("begincmap", from);
    if (begin < 0) break;
    const qsizetype end = pdf.indexOf("endcmap", begin);
    if (end < 0) break;
    bool range = false, chars = false;
    qsizetype line = begin;
    while (line < end) {
      qsizetype next = pdf.indexOf('\n', line);
      if (next < 0 || next > end) next = end;
      const QByteArray text = pdf.mid(line, next - line).trimmed();
      if (text.endsWith("beginbfrange")) range = true;
      else if (text.endsWith("beginbfchar")) chars = true;
      else if (text == "endbfrange") range = false;
      else if (text == "endbfchar") chars = false;
      else if (range || chars) {
        // bfrange: <lo> <hi> [<dst> …] (one <dst> for a whole range is left alone); bfchar: <src> <dst>
        const qsizetype bracket = pdf.indexOf('[', line);
        if (range && bracket >= 0 && bracket < next) {
          for (qsizetype k = bracket; k < next; ++k)
            if (pdf[k] == '<') rewrite(k);
        } else if (chars) {
          const qsizetype second = pdf.indexOf('<', pdf.indexOf('>', line));
          if (second >= 0 && second < next) rewrite(second);
        }
      }
      line = next + 1;
    }
    from = end;
  }
}

}  // namespace

void ensureGuiApplication() {
  if (QCoreApplication::instance()) return;
  if (!std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 0);
  static int argc = 1;
  static char name[] = "sanxian";
  static char* argv[] = {name, nullptr};
  new QGuiApplication(argc, argv);  // lives for the rest of the process
}

PdfReport writePdfReport(const LoadedProject& loaded, const RunResult& result, const std::string& outputDir, const PdfOptions& options) {
  if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
    throw Error(Error::Kind::Internal, "writePdfReport needs a QGuiApplication (call ensureGuiApplication)");
  const auto styles = options.styles ? options.styles : std::make_shared<const render::StyleSet>(render::StyleSet::loadDefault());
  const auto roles = options.roles ? options.roles : std::make_shared<const RoleCatalog>(RoleCatalog::loadDefault());
  PdfReport report;
  report.path = (fs::path(outputDir) / options.fileName).string();
  const std::string date = options.date.empty() ? QDate::currentDate().toString(Qt::ISODate).toStdString() : options.date;
  const std::string& projectName = loaded.project.name;

  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  {
    QPdfWriter writer(&buffer);
    writer.setResolution(kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(18, 16, 18, 14), QPageLayout::Millimeter));
    writer.setTitle(q(projectName) + T(" — 核查报告", " — audit report"));
    writer.setCreator(QStringLiteral("sanxian ") + q(toolVersion()));
    Pages pages(writer, q(projectName) + QStringLiteral(" · ") + q(date));
    QPainter& p = pages.painter();

    // ---- Cover: project, date, verdicts.
    pages.skip(pages.mm(18));
    pages.text(T("三线核查报告", "Sanxian audit report"), pages.font(13), QColor(0x8e, 0x1b, 0x1b));
    pages.skip(pages.mm(3));
    pages.text(q(projectName), pages.font(20, true));
    pages.skip(pages.mm(4));
    pages.para(T("日期：", "Date: ") + q(date) + QStringLiteral("    ") + T("工具版本：sanxian ", "Tool: sanxian ") + q(toolVersion()), 9.5);
    pages.para(T("项目文件：", "Project file: ") + q(loaded.project.path), 9.5);
    pages.para(T("分析坐标系：", "Analysis CRS: ") + crsText(loaded.analysisCrs), 9.5);
    pages.skip(pages.mm(6));
    pages.heading(T("检查结论", "Verdicts"), 1);
    size_t k = 0;
    for (const auto& check : result.summary["checks"]) {
      const std::string type = check["type"];
      if (check["status"] == "not_available") {
        pages.heading(q(type) + QStringLiteral("  ") + q(checkTitle(type)), 2);
        pages.para(T("本版本尚未提供此检查，未执行。", "This check is not available in this version and was not run."), 9.5, QColor(0x75, 0x75, 0x75));
        continue;
      }
      const CheckOutput& output = result.checkOutputs.at(k);
      pages.heading(q(result.checkIds.at(k)) + QStringLiteral("  ") + q(checkTitle(type)), 2);
      for (const std::string& line : output.headlines) pages.para(QStringLiteral("•  ") + q(line), 9.5, Qt::black, pages.mm(2));
      ++k;
    }
    pages.skip(pages.mm(4));
    pages.note(T("面积为 CGCS2000 椭球面积（平面面积以 planar_ 标注，供对照）；完整结果见同一目录的 sanxian_results.xlsx、sanxian_results.gpkg 与各检查目录。",
                 "Areas are ellipsoidal on CGCS2000 (planar figures, marked planar_, are for comparison); the full results are in "
                 "sanxian_results.xlsx, sanxian_results.gpkg and each check's folder."));

    // ---- Parameters and analysis CRS.
    pages.newPage();
    pages.heading(T("参数与分析坐标系", "Parameters and analysis CRS"), 1);
    {
      std::vector<std::vector<QString>> rows = {
          {T("分析坐标系", "Analysis CRS"), crsText(loaded.analysisCrs)},
          {T("坐标系定义", "CRS definition"), q(loaded.analysisCrs.definition.size() > 80 ? loaded.analysisCrs.definition.substr(0, 80) + "…" : loaded.analysisCrs.definition)},
          {T("Shapefile 编码", "Shapefile encoding"), q(options.shapefileEncoding)},
          {T("面积平差", "面积平差 (rounding adjustment)"), options.adjustRounding ? T("是", "yes") : T("否", "no")},
          {T("单独成图的最小面积", "Smallest finding with its own map"), q(format(tr("%g 公顷", "%g ha"), options.mapMinAreaHa))},
          {T("命令", "Command"), q(options.commandLine.empty() ? std::string("-") : options.commandLine)}};
      for (const auto& check : result.summary["checks"])
        rows.push_back({T("检查 ", "check ") + q(check.value("id", check["type"].get<std::string>())), q(check["params"].dump())});
      drawTable(pages, {{T("参数", "Parameter")}, {T("值", "Value"), false, false, 3}}, rows, 7.5);
    }

    // ---- Inputs: layers and files with SHA-256.
    pages.heading(T("输入数据", "Inputs"), 1);
    {
      std::vector<std::vector<QString>> rows;
      for (size_t i = 0; i < loaded.layers.size(); ++i) {
        const Layer& l = loaded.layers[i];
        rows.push_back({q(loaded.ids[i]), q(l.role()), QString::number(l.features.size()),
                        (l.sourceCrs.epsg ? QStringLiteral("EPSG:%1 ").arg(l.sourceCrs.epsg) : QString()) + q(originText(l.sourceCrs.origin)),
                        q(l.encoding.name), QString::number(l.countIssues(LoadIssue::Kind::Repaired))});
      }
      drawTable(pages,
                {{T("图层", "Layer")}, {T("角色", "Role")}, {T("要素数", "Features"), true}, {T("原坐标系", "Source CRS")}, {T("编码", "Encoding")},
                 {T("修复几何数", "Repaired"), true}},
                rows);
      rows.clear();
      const fs::path base = fs::path(loaded.project.path).parent_path();
      for (const auto& file : result.inputs) {
        const std::string path = file.value("path", "");
        std::error_code ec;
        const fs::path rel = fs::relative(path, base, ec);
        rows.push_back({q(ec || rel.empty() ? path : rel.string()), q(humanBytes(file.value("bytes", 0.0))), q(file.value("sha256", ""))});
      }
      drawTable(pages, {{T("文件", "File"), false, false, 1}, {T("大小", "Size"), true}, {QStringLiteral("SHA-256"), false, true, 0.2}}, rows, 6.5);
    }

    // ---- Notes: repairs, CRS, rounding.
    pages.heading(T("说明：几何修复、坐标系与舍入", "Notes: repairs, CRS and rounding"), 1);
    pages.heading(T("几何修复与读取问题", "Geometry repairs and load issues"), 2);
    {
      size_t total = 0;
      std::vector<std::vector<QString>> rows;
      for (size_t i = 0; i < loaded.layers.size(); ++i)
        for (const LoadIssue& issue : loaded.layers[i].issues) {
          ++total;
          if (rows.size() < 20)
            rows.push_back({q(loaded.ids[i]), issue.fid ? QString::number(*issue.fid) : QString(), q(kindName(issue.kind)), q(issue.message)});
        }
      if (total == 0) {
        pages.para(T("所有输入几何均有效，未做修复。", "All input geometries were valid; nothing was repaired."));
      } else {
        pages.para(q(format(tr("读取时发现 %zu 个问题；无效几何已按 GEOS MakeValid（structure）修复后参与计算。",
                                "%zu issues were found while loading; invalid geometries were repaired with GEOS MakeValid (structure) before the checks."),
                             total)));
        drawTable(pages, {{T("图层", "Layer")}, {QStringLiteral("FID"), true}, {T("类型", "Kind")}, {T("说明", "Message"), false, false, 4}}, rows);
        if (total > rows.size())
          pages.note(q(format(tr("仅列出前 %zu 个，全部见 load_issues.csv。", "First %zu shown; all are in load_issues.csv."), rows.size())));
      }
    }
    pages.heading(T("坐标系", "Coordinate reference systems"), 2);
    {
      bool any = false;
      for (size_t i = 0; i < loaded.layers.size(); ++i) {
        const CrsInfo& s = loaded.layers[i].sourceCrs;
        if (s.origin == CrsOrigin::Inferred || s.origin == CrsOrigin::Corrected || s.origin == CrsOrigin::UserOverride) {
          any = true;
          pages.para(q(format("%s：%s（%s）%s%s", loaded.ids[i].c_str(), s.name.c_str(), originText(s.origin), s.note.empty() ? "" : " — ",
                              s.note.c_str())));
        }
      }
      if (!any) pages.para(T("所有图层的坐标系均由文件声明，未推断或更正。", "Every layer declared its CRS; none was inferred or corrected."));
      pages.para(T("所有图层已转换到分析坐标系 ", "All layers were transformed to the analysis CRS ") + crsText(loaded.analysisCrs) +
                 T("后叠加；面积按椭球计算。", " before the overlays; areas are computed on the ellipsoid."));
    }
    pages.heading(T("舍入与面积平差", "Rounding (面积平差)"), 2);
    {
      const auto& adjusted = result.summary.contains("rounding_adjusted_columns") ? result.summary["rounding_adjusted_columns"] : nlohmann::ordered_json();
      if (options.adjustRounding && adjusted.is_array() && !adjusted.empty()) {
        std::string cols;
        for (const auto& c : adjusted) cols += (cols.empty() ? "" : ", ") + (c.is_string() ? c.get<std::string>() : c.dump());
        pages.para(q(format(tr("表格文件中以下列已做面积平差（舍入后的分项之和等于舍入后的合计）：%s。本报告中的数值未平差，为各项的四舍五入值。",
                                "In the spreadsheet these columns were adjusted so that rounded parts add up to the rounded total: %s. "
                                "Figures in this report are plainly rounded."),
                             cols.c_str())));
      } else {
        pages.para(T("未做面积平差：各项分别四舍五入，分项之和与合计可能相差末位。需要时以 --adjust-rounding 运行。",
                     "No 面积平差: each figure is rounded on its own, so rounded parts may differ from the total in the last digit. "
                     "Run with --adjust-rounding when needed."));
      }
    }

    // ---- Overview map.
    const ReportScene scene = buildScene(loaded, result, styles, *roles);
    pages.newPage();
    pages.heading(T("总览图", "Overview map"), 1);
    {
      const double height = std::min(pages.remaining() - pages.mm(40), pages.body().width() * 1.1);
      const QRectF target(pages.body().left(), pages.y(), pages.body().width(), height);
      drawMap(pages, *scene.scene, scene.scene->fullExtent(), target, 0.03);
      pages.skip(height + pages.mm(3));
      std::vector<std::string> severities;
      for (const auto& r : scene.scene->results)
        if (r.severityColumn >= 0)
          for (const auto& row : r.table->rows) {
            const std::string v = cellString(row[r.severityColumn]);
            if (!v.empty() && std::find(severities.begin(), severities.end(), v) == severities.end()) severities.push_back(v);
          }
      drawLegend(pages, *scene.scene, severities);
      pages.note(T("图中只显示最新一版生态保护红线；检查结果按严重程度着色。", "Only the newest red line is shown; results are coloured by severity."));
    }

    // ---- Each check's tables.
    const std::vector<Finding> found = findings(result, options.mapMinAreaHa);
    report.findings = found.size();
    for (size_t c = 0; c < result.checkOutputs.size(); ++c) {
      pages.newPage();
      std::string checkType;
      for (const auto& check : result.summary["checks"])
        if (check.value("id", "") == result.checkIds[c]) checkType = check["type"];
      pages.heading(q(result.checkIds[c]) + QStringLiteral("  ") + q(checkTitle(checkType)), 1);
      for (const std::string& line : result.checkOutputs[c].headlines) pages.para(QStringLiteral("•  ") + q(line), 9);
      for (const Table& t : result.checkOutputs[c].tables) printResultTable(pages, t, options.maxTableRows);
    }

    // ---- One small map per major finding.
    const size_t maps = std::min(found.size(), options.maxFindingMaps);
    report.findingMaps = maps;
    if (maps == 0) {
      pages.heading(T("主要发现图", "Maps of the major findings"), 2);
      pages.note(q(format(tr("没有面积不小于 %g 公顷的冲突或调出图斑，未单独成图。", "No conflict or removed piece of %g ha or more; no finding maps."),
                          options.mapMinAreaHa)));
    } else {
      pages.newPage();
      pages.heading(T("主要发现图", "Maps of the major findings"), 1);
      pages.note(q(format(tr("面积不小于 %g 公顷的冲突或调出图斑共 %zu 处，按严重程度与面积排序，每处一图（高亮为该图斑）。",
                              "%2$zu conflict or removed pieces of %1$g ha or more, worst and largest first, one map each (the piece highlighted)."),
                          options.mapMinAreaHa, found.size())));
      if (maps < found.size())
        pages.note(q(format(tr("仅绘制前 %zu 处；其余 %zu 处见结果表。", "Only the first %zu are drawn; the other %zu are in the result tables."), maps,
                            found.size() - maps)));
      const double gap = pages.mm(6);
      const double cellW = (pages.body().width() - gap) / 2, mapH = cellW * 0.75, captionH = pages.mm(14);
      for (size_t i = 0; i < maps; ++i) {
        if (i % 2 == 0) pages.ensure(mapH + captionH + gap);
        const double top = pages.y();
        const double x = pages.body().left() + (i % 2) * (cellW + gap);
        const Finding& f = found[i];
        const GEOSGeometry* g = f.table->geometries[f.row].get();
        geos::Envelope e = geos::envelope(g);
        // At least 600 m across, so a small piece shows its surroundings.
        const double cx = (e.minX + e.maxX) / 2, cy = (e.minY + e.maxY) / 2;
        const double half = std::max({(e.maxX - e.minX) * 0.8, (e.maxY - e.minY) * 0.8, 300.0});
        const geos::Envelope view{cx - half, cy - half, cx + half, cy + half, false};
        render::Scene one = *scene.scene;
        one.overlays.push_back({{g}, styles->highlight});
        drawMap(pages, one, view, QRectF(x, top, cellW, mapH), 0.0);
        p.setFont(pages.font(7));
        p.setPen(Qt::black);
        p.drawText(QRectF(x, top + mapH + pages.mm(1), cellW, captionH), Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop,
                   findingCaption(result, f, i + 1));
        if (i % 2 == 1 || i + 1 == maps) pages.moveTo(top + mapH + captionH + gap);
      }
    }
    pages.finish();
    report.pages = pages.page();
  }
  QByteArray bytes = buffer.data();
  fixToUnicode(bytes, radicalIdeographs(QFont(QStringLiteral("Noto Sans CJK SC"))));
  writeFileAtomically(report.path, bytes.toStdString());
  return report;
}

ExtraWriter pdfReportWriter(PdfOptions options) {
  return [options](const LoadedProject& loaded, const RunResult& result, const std::string& outputDir) {
    return std::vector<std::string>{writePdfReport(loaded, result, outputDir, options).path};
  };
}

}  // namespace sanxian::report
