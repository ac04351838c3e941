#include "report/pdf/pdf_report.h"

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
#include <set>

#include "core/base/error.h"
#include "report/files/output.h"
#include "core/run/provenance.h"
#include "core/base/text.h"
#include "core/checks/audit/audit.h"
#include "core/checks/table.h"
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

// A table drawn across the body, its header repeated on each page. Text
// that does not fit its column wraps onto more lines (nothing is elided);
// `keep` columns (codes, ids, hashes) are never narrowed, so a code is
// always printed whole.
struct PrintColumn {
  QString header;
  bool number = false;
  bool keep = false;
  double weight = 1;  // share of the spare width
};

// A column's natural width: its widest cell (capped unless kept whole),
// the header wrapped to at most three lines, and the padding.
double naturalWidth(Pages& pages, const PrintColumn& column, const std::vector<QString>& cells, double points) {
  const QPaintDevice* device = pages.painter().device();
  const QFontMetricsF fm(pages.font(points), device);
  const QFontMetricsF fb(pages.font(points, true), device);
  const double cap = pages.mm(48);
  double w = std::min(cap, fb.horizontalAdvance(column.header) / 3 + fb.horizontalAdvance(QStringLiteral("中")));
  for (const QString& cell : cells) w = std::max(w, column.keep ? fm.horizontalAdvance(cell) : std::min(cap, fm.horizontalAdvance(cell)));
  return w + 2 * pages.mm(0.8);
}

void drawTable(Pages& pages, std::vector<PrintColumn> columns, const std::vector<std::vector<QString>>& rows, double points = 7,
               const std::vector<std::vector<QString>>& totals = {}) {
  if (columns.empty()) return;
  for (PrintColumn& c : columns) c.keep = c.keep || c.number;  // a figure is never split over lines
  QPainter& p = pages.painter();
  const QFont font = pages.font(points), bold = pages.font(points, true);
  const double pad = pages.mm(0.8);
  std::vector<double> widths(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    std::vector<QString> cells;
    for (const auto& row : rows) cells.push_back(row[c]);
    for (const auto& row : totals) cells.push_back(row[c]);
    widths[c] = naturalWidth(pages, columns[c], cells, points);
  }
  double total = 0, kept = 0;
  for (size_t c = 0; c < columns.size(); ++c) {
    total += widths[c];
    if (columns[c].keep) kept += widths[c];
  }
  const double width = pages.body().width();
  if (total < width) {
    double weights = 0;
    for (size_t c = 0; c < columns.size(); ++c) weights += widths[c] * columns[c].weight;
    for (size_t c = 0; c < columns.size(); ++c) widths[c] += (width - total) * widths[c] * columns[c].weight / weights;
  } else {
    // Too wide: narrow the columns not kept whole (their text wraps).
    const double scale = kept < width ? (width - kept) / (total - kept) : width / total;
    for (size_t c = 0; c < columns.size(); ++c)
      if (!columns[c].keep || kept >= width) widths[c] *= scale;
  }
  const QFontMetricsF metrics(font, p.device());
  auto rowHeight = [&](const std::vector<QString>& row, const QFont& f) {
    double h = metrics.height();
    p.setFont(f);
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].keep || row[c].isEmpty()) continue;
      if (QFontMetricsF(f, p.device()).horizontalAdvance(row[c]) <= widths[c] - 2 * pad) continue;
      h = std::max(h, p.boundingRect(QRectF(0, 0, widths[c] - 2 * pad, 1e6), Qt::TextWordWrap | Qt::TextWrapAnywhere, row[c]).height());
    }
    return h + 2 * pad;
  };
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
  auto drawRow = [&](const std::vector<QString>& row, const QFont& f, QColor fill) {
    const double h = rowHeight(row, f);
    if (pages.remaining() < h) {
      pages.newPage();
      header();
    }
    double x = pages.body().left();
    if (fill.alpha()) p.fillRect(QRectF(x, pages.y(), width, h), fill);
    p.setPen(Qt::black);
    p.setFont(f);
    for (size_t c = 0; c < columns.size(); ++c) {
      p.drawText(QRectF(x + pad, pages.y() + pad, widths[c] - 2 * pad, h - 2 * pad),
                 (columns[c].number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter |
                     (columns[c].keep ? 0 : Qt::TextWordWrap | Qt::TextWrapAnywhere),
                 row[c]);
      x += widths[c];
    }
    pages.skip(h);
  };
  for (size_t r = 0; r < rows.size(); ++r) drawRow(rows[r], font, r % 2 == 1 ? QColor(0xf6, 0xf4, 0xef) : QColor(0, 0, 0, 0));
  if (!totals.empty()) {
    p.setPen(QPen(QColor(0x61, 0x61, 0x61), pages.mm(0.25)));
    p.drawLine(QPointF(pages.body().left(), pages.y()), QPointF(pages.body().right(), pages.y()));
    for (const auto& row : totals) drawRow(row, bold, QColor(0, 0, 0, 0));
  }
  p.setPen(QPen(QColor(0xbd, 0xbd, 0xbd), pages.mm(0.2)));
  p.drawLine(QPointF(pages.body().left(), pages.y()), QPointF(pages.body().right(), pages.y()));
  pages.skip(pages.mm(2));
}

// Columns worth printing first; the rest (planar twins, FIDs, code twins of
// named values, raw attributes) go when space runs out.
bool lowPriority(const Column& c) {
  const std::string& k = c.key;
  auto ends = [&](const char* s) { return k.size() >= strlen(s) && k.compare(k.size() - strlen(s), std::string::npos, s) == 0; };
  return k.rfind("planar_", 0) == 0 || k.rfind("centroid_", 0) == 0 || ends("_attributes") || ends("_fid") || ends("_layer") ||
         k == "grid_retry" || k == "severity_level" || k == "rule_id" || k == "status_key" || k == "key" || k == "township_code" ||
         k == "zone_code" || ends("_m2") || k == "length_m" || k == "message" || k == "reason" || k == "document" || k == "justified";
}

// The ASCII twin of a column that shows the same thing by name (规则代码
// beside 规则): kept in the workbook and CSV for scripts, not printed.
bool codeTwin(const Column& c) {
  static const std::set<std::string> twins = {"rule_id", "status_key", "item", "key", "zone_code", "check", "severity_level"};
  return twins.count(c.key) > 0;
}

// Code columns (patch codes, licence numbers, ids) are printed whole.
bool codeColumn(const Column& c) {
  const std::string& k = c.key;
  auto ends = [&](const char* s) { return k.size() >= strlen(s) && k.compare(k.size() - strlen(s), std::string::npos, s) == 0; };
  return k == "code" || ends("_code") || k == "finding_id";
}

// A result table as printed: chosen columns, rows cut at maxRows, with the
// totals rows of tableTotals (the workbook's), and notes saying where the
// rest is.
void printResultTable(Pages& pages, const Table& table, size_t maxRows, const std::string& folder, bool heading = true,
                      const std::vector<size_t>& onlyRows = {}) {
  if (heading) pages.heading(q(tr(table.zh.c_str(), table.en.c_str())), 3);
  const std::vector<size_t> all = [&] {
    if (!onlyRows.empty()) return onlyRows;
    std::vector<size_t> r(table.rows.size());
    for (size_t i = 0; i < r.size(); ++i) r[i] = i;
    return r;
  }();
  if (all.empty()) {
    pages.note(T("（无记录）", "(no rows)"));
    return;
  }
  const size_t shownRows = std::min(maxRows, all.size());
  const TableTotals totals = onlyRows.empty() && shownRows == all.size() ? tableTotals(table, false) : TableTotals{};
  // Keep columns in order while they fit at a readable width; low-priority ones only if room is left.
  std::vector<size_t> chosen;
  std::vector<std::string> left;
  double used = 0;
  const double budget = pages.body().width();
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (lowPriority(table.columns[c]) != (pass == 1) || codeTwin(table.columns[c])) continue;
      std::vector<QString> cells;
      bool any = false;
      for (size_t r = 0; r < shownRows; ++r) {
        cells.push_back(q(cellText(table.rows[all[r]][c], table.columns[c])));
        any = any || !cells.back().isEmpty();
      }
      if (!any && totals.rows.empty()) continue;  // nothing to show in these rows
      PrintColumn probe{q(tr(table.columns[c].zh.c_str(), table.columns[c].en.c_str()))};
      probe.keep = codeColumn(table.columns[c]);
      const double w = std::min(naturalWidth(pages, probe, cells, 7), probe.keep ? 1e9 : pages.mm(30));
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
  for (size_t c : chosen) {
    PrintColumn column{q(tr(table.columns[c].zh.c_str(), table.columns[c].en.c_str())), table.columns[c].type != ColumnType::Text};
    column.keep = codeColumn(table.columns[c]);
    columns.push_back(column);
  }
  std::vector<std::vector<QString>> rows;
  for (size_t r = 0; r < shownRows; ++r) {
    std::vector<QString> row;
    for (size_t c : chosen) row.push_back(q(cellText(table.rows[all[r]][c], table.columns[c])));
    rows.push_back(std::move(row));
  }
  std::vector<std::vector<QString>> totalRows;
  for (const auto& t : totals.rows) {
    std::vector<QString> row;
    for (size_t k = 0; k < chosen.size(); ++k)
      row.push_back(k == 0 ? q(t.label) : q(cellText(t.cells[chosen[k]], table.columns[chosen[k]])));
    totalRows.push_back(std::move(row));
  }
  drawTable(pages, columns, rows, 7, totalRows);
  const std::string file = folder + "/" + table.name + ".csv";
  if (shownRows < all.size())
    pages.note(q(format(tr("另有 %zu 行未列出，见 %s 与 sanxian_results.xlsx。", "%zu more rows in %s and sanxian_results.xlsx."),
                        all.size() - shownRows, file.c_str())));
  if (!left.empty()) {
    std::string names;
    for (size_t i = 0; i < left.size(); ++i) names += (i ? tr("、", ", ") : "") + left[i];
    pages.note(q(format(tr("未列出的列（见 %s）：%s", "Columns not shown (see %s): %s"), file.c_str(), names.c_str())));
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
      if (t.hasGeometry()) out.scene->results.push_back(render::prepareResult(result.checkOutputs[c].id + "/" + t.name, t));
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

void drawLegend(Pages& pages, const render::Scene& scene, const std::vector<std::string>& severities, const RoleCatalog& roles) {
  QPainter& p = pages.painter();
  struct Item { QString label; const render::Style* style; int dimension; };
  std::vector<Item> items;
  for (const auto& l : scene.layers)
    if (l.visible && l.layer) {
      const render::Style& s = scene.styles->forRole(l.layer->role());
      const RoleDef* role = roles.find(l.layer->role());
      items.push_back({q(l.id + " · " + (role ? role->title() : l.layer->role())), &s, l.cache ? l.cache->dimension : 2});
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

// A finding with its own map: every removed or nature-changed red-line
// piece at or above the size, and conflicts (worst and largest first).
struct MapFinding {
  const CheckOutput* check = nullptr;
  const Finding* finding = nullptr;
  double areaHa = 0;
};

std::vector<MapFinding> mapFindings(const RunResult& result, double minAreaHa, size_t maxConflictMaps, size_t& conflictsLeft) {
  std::vector<MapFinding> audit, conflicts;
  for (const CheckOutput& check : result.checkOutputs)
    for (const Finding& f : check.findings) {
      if (!f.geometry || !std::isfinite(f.area)) continue;
      const double ha = f.area / 10000;
      if (ha < minAreaHa) continue;
      const bool redline = f.kind == Finding::Kind::Removed || f.kind == Finding::Kind::NatureChanged;
      (redline ? audit : conflicts).push_back({&check, &f, ha});
    }
  std::stable_sort(conflicts.begin(), conflicts.end(), [](const MapFinding& a, const MapFinding& b) {
    return a.finding->severity != b.finding->severity ? a.finding->severity > b.finding->severity : a.areaHa > b.areaHa;
  });
  conflictsLeft = conflicts.size() > maxConflictMaps ? conflicts.size() - maxConflictMaps : 0;
  if (conflicts.size() > maxConflictMaps) conflicts.resize(maxConflictMaps);
  audit.insert(audit.end(), conflicts.begin(), conflicts.end());
  return audit;
}

// "CT-1A2B3C4D5E · 禁止 · 采矿权与生态保护红线重叠" and the two sides by their codes and names.
std::string sideText(const std::string& code, const std::string& name) {
  if (code.empty()) return name;
  return name.empty() ? code : code + " " + name;
}

QString findingCaption(const MapFinding& m, size_t number) {
  const Finding& f = *m.finding;
  std::string s = format(tr("图 %zu  %s · %s · %s", "Map %zu  %s · %s · %s"), number, f.id.c_str(), severityText(f.severity), f.ruleName.c_str());
  s += "\n" + sideText(f.aCode, f.aName);
  const std::string b = sideText(f.bCode, f.bName);
  if (!b.empty()) s += (f.kind == Finding::Kind::Removed || f.kind == Finding::Kind::NatureChanged ? " → " : " × ") + b;
  s += "\n" + format(tr("%.4f 公顷", "%.4f ha"), m.areaHa);
  if (!f.township.empty()) s += " · " + f.township;
  s += " · " + m.check->title;
  return q(s);
}

const char* verdictTitle(const std::string& key) {
  if (key == "area_not_decreasing") return tr("面积不减少", "area not decreasing");
  if (key == "removal_has_basis") return tr("调出有依据", "removal has a basis");
  if (key == "nature_not_changing") return tr("性质不改变", "nature not changing");
  if (key == "compatible") return tr("选址未落入禁止区域", "site in no prohibited area");
  return "";
}

// A check's parameters as a reader says them: "旧版本 redline_2022；新版本 redline_2023".
std::string parametersText(const nlohmann::ordered_json& params) {
  static const std::vector<std::pair<const char*, std::pair<const char*, const char*>>> names = {
      {"old", {"旧版本", "old version"}},          {"new", {"新版本", "new version"}},
      {"a", {"图层 A", "layer A"}},                {"b", {"图层 B", "layer B"}},
      {"site", {"选址", "site"}},                  {"layers", {"管控图层", "control layers"}},
      {"lines", {"岸线", "shoreline"}},            {"zones", {"岸线功能分区", "shoreline zones"}},
      {"previous", {"上一年度岸线", "previous shoreline"}}, {"occupiers", {"占用图层", "occupiers"}},
      {"boundary", {"乡镇界线", "townships"}},     {"adjustments", {"调整依据", "adjustments"}},
      {"match_field", {"匹配字段", "match field"}}, {"nature_field", {"性质字段", "nature field"}},
      {"min_piece_area_m2", {"最小图斑面积（平方米）", "smallest piece (m²)"}},
      {"distance_m", {"占用距离（米）", "occupation distance (m)"}}, {"protected_zones", {"计入保护的分区", "protected zones"}},
      {"rules", {"规则清单", "rule list"}}};
  std::string out;
  auto value = [](const nlohmann::ordered_json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (!v.is_array()) return v.dump();
    std::string list;
    for (const auto& e : v) list += (list.empty() ? "" : tr("、", ", ")) + (e.is_string() ? e.get<std::string>() : e.dump());
    return list;
  };
  for (const auto& [key, title] : names)
    if (params.contains(key)) out += (out.empty() ? "" : tr("；", "; ")) + std::string(tr(title.first, title.second)) + " " + value(params[key]);
  return out;
}

QString number(double v, int decimals) { return std::isfinite(v) ? QString::number(v, 'f', decimals) : QString(); }

// The findings of a check, 禁止 and 限制 in full, 提示 up to maxNotice rows.
void printFindingsSection(Pages& pages, const CheckOutput& output, size_t maxNotice) {
  pages.heading(T("问题清单", "Findings"), 2);
  if (output.findings.empty()) {
    pages.note(T("未发现问题。", "Nothing found."));
    return;
  }
  if (!output.findings.empty()) {
    const Finding& f = output.findings.front();
    pages.note(q(format(tr("A：%s；B：%s。编号为矿业权许可证号、红线图斑编号、保护地编码等；面积为椭球面积。",
                            "A: %s; B: %s. Codes are licence numbers, patch codes, reserve codes …; areas are ellipsoidal."),
                        f.aLayer.c_str(), f.bLayer.c_str())));
  }
  const bool lines = std::any_of(output.findings.begin(), output.findings.end(), [](const Finding& f) { return std::isfinite(f.length); });
  const bool near = std::any_of(output.findings.begin(), output.findings.end(), [](const Finding& f) { return std::isfinite(f.distance) && !std::isfinite(f.length); });
  std::vector<PrintColumn> columns = {{T("问题编号", "Finding")}, {T("规则", "Rule")}, {T("严重程度", "Severity")},
                                      {T("A 编号", "A code")},  {T("A 名称", "A name")}, {T("B 编号", "B code")},
                                      {T("B 名称", "B name")},  {T("乡镇", "Township")}, {T("面积（公顷）", "Area (ha)"), true}};
  columns[0].keep = columns[2].keep = columns[3].keep = columns[5].keep = true;
  if (lines) columns.push_back({T("长度（米）", "Length (m)"), true});
  if (near) columns.push_back({T("距离（米）", "Distance (m)"), true});
  std::vector<std::vector<QString>> rows;
  size_t notices = 0, noticesShown = 0;
  std::vector<size_t> order(output.findings.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return output.findings[a].severity > output.findings[b].severity; });
  for (size_t i : order) {
    const Finding& f = output.findings[i];
    if (f.severity == Severity::Notice && ++notices > maxNotice) continue;
    if (f.severity == Severity::Notice) ++noticesShown;
    std::vector<QString> row = {q(f.id),     q(f.ruleName), q(severityText(f.severity)), q(f.aCode), q(f.aName), q(f.bCode),
                                q(f.bName), q(f.township), number(f.area / 10000, 4)};
    if (lines) row.push_back(number(f.length, 2));
    if (near) row.push_back(std::isfinite(f.length) ? QString() : number(f.distance, 1));
    rows.push_back(std::move(row));
  }
  drawTable(pages, columns, rows, 6.5);
  if (notices > noticesShown)
    pages.note(q(format(tr("另有 %zu 条提示未列出，见 ledger.csv 与 sanxian_results.xlsx 的“问题台账”。",
                            "%zu more notices in ledger.csv and the workbook's findings ledger."),
                        notices - noticesShown)));
}

// The red-line audit: every removed and nature-changed piece in full with
// codes, names, function types, township, areas and the adjustment basis;
// added pieces up to maxRows; patch codes that changed (the unchanged ones counted).
void printAuditSection(Pages& pages, const CheckOutput& output, size_t maxRows) {
  const Table* changes = nullptr;
  const Table* byCode = nullptr;
  for (const Table& t : output.tables) {
    if (t.name == "audit_changes") changes = &t;
    if (t.name == "audit_by_code") byCode = &t;
  }
  if (!changes) return;
  auto cell = [&](size_t row, const char* key) {
    const int c = changes->columnIndex(key);
    return c < 0 ? QString() : q(cellText(changes->rows[row][c], changes->columns[c]));
  };
  pages.heading(T("调出与性质改变图斑（逐块列出）", "Removed and nature-changed pieces (every one)"), 2);
  std::vector<PrintColumn> columns = {{T("问题编号", "Finding")},       {T("变化类型", "Change")},   {T("原图斑编号", "Old code")},
                                      {T("原图斑名称", "Old name")},    {T("新图斑编号", "New code")}, {T("功能类型（原 → 新）", "Function type (old → new)")},
                                      {T("乡镇", "Township")},          {T("面积（公顷）", "Area (ha)"), true},
                                      {T("平面面积（公顷）", "Planar area (ha)"), true}, {T("调整依据", "Adjustment basis")}};
  columns[0].keep = columns[2].keep = columns[4].keep = true;
  std::vector<std::vector<QString>> rows;
  for (const Finding& f : output.findings) {
    if (f.kind != Finding::Kind::Removed && f.kind != Finding::Kind::NatureChanged) continue;
    const size_t r = f.row;
    if (r >= changes->rows.size()) continue;
    const QString oldType = cell(r, "old_type"), newType = cell(r, "new_type");
    rows.push_back({q(f.id), cell(r, "change_type"), cell(r, "old_code"), cell(r, "old_name"), cell(r, "new_code"),
                    f.kind == Finding::Kind::NatureChanged ? oldType + QStringLiteral(" → ") + newType : oldType, cell(r, "township"),
                    cell(r, "area_ha"), cell(r, "planar_area_ha"), cell(r, "basis")});
  }
  if (rows.empty()) pages.note(T("没有调出或性质改变的图斑。", "No piece was removed or changed its nature."));
  else drawTable(pages, columns, rows, 6.5);

  std::vector<size_t> added;
  const int type = changes->columnIndex("change_type");
  for (size_t r = 0; r < changes->rows.size(); ++r)
    if (cellText(changes->rows[r][type], changes->columns[type]) == changeTypeValue(ChangeType::Added)) added.push_back(r);
  pages.heading(T("增加图斑", "Added pieces"), 2);
  printResultTable(pages, *changes, maxRows, output.id, false, added);

  if (byCode) {
    pages.heading(q(tr(byCode->zh.c_str(), byCode->en.c_str())), 3);
    std::vector<size_t> changed;
    const int status = byCode->columnIndex("status_key");
    std::vector<int> pieces;
    for (const char* key : {"removed_pieces", "added_pieces", "function_changed_pieces"}) pieces.push_back(byCode->columnIndex(key));
    for (size_t r = 0; r < byCode->rows.size(); ++r) {
      bool change = cellText(byCode->rows[r][status], byCode->columns[status]) != "matched";
      for (int c : pieces)
        if (c >= 0)
          if (const auto* n = std::get_if<int64_t>(&byCode->rows[r][c]); n && *n > 0) change = true;
      if (change) changed.push_back(r);
    }
    pages.note(q(format(tr("共 %zu 个图斑编号，其中 %zu 个未变化（仅计数，未列出），以下为有变化的 %zu 个。",
                            "%zu patch codes, %zu unchanged (counted, not listed); the %zu that changed follow."),
                        byCode->rows.size(), byCode->rows.size() - changed.size(), changed.size())));
    if (!changed.empty()) printResultTable(pages, *byCode, SIZE_MAX, output.id, false, changed);
  }
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
  const auto roles = options.roles ? options.roles : loaded.roles ? loaded.roles : std::make_shared<const RoleCatalog>(RoleCatalog::loadDefault());
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
    // The layers' warnings (where a layer lies, a .cpg its text contradicts), before any verdict they may undermine.
    if (const auto& warnings = result.summary["warnings"]; warnings.is_array() && !warnings.empty()) {
      pages.skip(pages.mm(4));
      pages.heading(T("警告", "Warnings"), 1);
      for (const auto& w : warnings)
        pages.para(QStringLiteral("•  [") + q(w["layer"].get<std::string>()) + QStringLiteral("] ") + q(w["message"].get<std::string>()), 9.5,
                   QColor(0xc6, 0x28, 0x28), pages.mm(2));
    }
    pages.skip(pages.mm(6));
    pages.heading(T("检查结论", "Verdicts"), 1);
    for (const auto& check : result.summary["checks"]) {
      const std::string type = check["type"];
      if (check["status"] == "not_available") {
        pages.heading(q(checkTypeTitle(type)), 2);
        pages.para(T("本版本尚未提供此检查，未执行。", "This check is not available in this version and was not run."), 9.5, QColor(0x75, 0x75, 0x75));
        continue;
      }
      const CheckOutput* output = result.check(check["id"].get<std::string>());
      if (!output) continue;
      pages.heading(q(output->title), 2);
      // The verdicts first, each on its own, passed in green and failed in red.
      if (!output->verdicts.empty()) {
        QString line;
        for (const auto& [key, passed] : output->verdicts) {
          line += (line.isEmpty() ? QString() : QStringLiteral("    ")) + q(verdictTitle(key)) + T("：", ": ") +
                  (passed ? T("通过", "passed") : T("不通过", "failed"));
        }
        const bool allPassed = std::all_of(output->verdicts.begin(), output->verdicts.end(), [](const auto& v) { return v.second; });
        pages.text(line, pages.font(10, true), allPassed ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28), pages.mm(2));
        pages.skip(pages.mm(1));
      }
      for (const std::string& line : output->headlines) pages.para(QStringLiteral("•  ") + q(line), 9.5, Qt::black, pages.mm(2));
      size_t counts[4] = {0, 0, 0, 0};
      for (const Finding& f : output->findings) ++counts[static_cast<int>(f.severity)];
      pages.para(q(format(tr("问题 %zu 条：禁止 %zu，限制 %zu，提示 %zu（见问题台账）", "%zu findings: prohibited %zu, restricted %zu, notice %zu (see the ledger)"),
                          output->findings.size(), counts[3], counts[2], counts[1])),
                 9.5, Qt::black, pages.mm(2));
    }
    pages.skip(pages.mm(4));
    pages.note(T("面积为 CGCS2000 椭球面积，平面面积（分析坐标系，平方米）另列供对照；完整结果见同一目录的 sanxian_results.xlsx、sanxian_results.gpkg、"
                 "问题台账 ledger.csv 与各检查目录。",
                 "Areas are ellipsoidal on CGCS2000, planar figures (analysis CRS, m²) beside them for comparison; the full results are in "
                 "sanxian_results.xlsx, sanxian_results.gpkg, the findings ledger ledger.csv and each check's folder."));

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
        rows.push_back({q(check.value("title", std::string(checkTypeTitle(check["type"].get<std::string>())))), q(parametersText(check["params"]))});
      drawTable(pages, {{T("参数", "Parameter")}, {T("值", "Value"), false, false, 3}}, rows, 7.5);
    }

    // ---- Inputs: layers and files with SHA-256.
    pages.heading(T("输入数据", "Inputs"), 1);
    {
      std::vector<std::vector<QString>> rows;
      for (size_t i = 0; i < loaded.layers.size(); ++i) {
        const Layer& l = loaded.layers[i];
        const RoleDef* role = roles->find(l.role());
        rows.push_back({q(loaded.ids[i]), q(role ? role->title() : l.role()), QString::number(l.features.size()),
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
      drawTable(pages, {{T("文件", "File"), false, false, 1}, {T("大小", "Size"), true}, {QStringLiteral("SHA-256"), false, true, 0.2}}, rows, 6);
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
      drawLegend(pages, *scene.scene, severities, *roles);
      pages.note(T("图中只显示最新一版生态保护红线；检查结果按严重程度着色。", "Only the newest red line is shown; results are coloured by severity."));
    }

    // ---- Each check: its findings in full, then its summary tables.
    for (const CheckOutput& output : result.checkOutputs) {
      pages.newPage();
      pages.heading(q(output.title), 1);
      for (const std::string& line : output.headlines) pages.para(QStringLiteral("•  ") + q(line), 9);
      if (output.type == "audit") printAuditSection(pages, output, options.maxTableRows);
      else printFindingsSection(pages, output, options.maxTableRows);
      for (const Table& t : output.tables) {
        if (t.name == "audit_changes" || t.name == "audit_by_code" || t.name.find("_conflicts") != std::string::npos ||
            t.name.find("_near_misses") != std::string::npos || t.name == "shoreline_occupation")
          continue;  // printed above, finding by finding
        if (t.name == "shoreline_segments") {
          pages.heading(q(tr(t.zh.c_str(), t.en.c_str())), 3);
          pages.note(q(format(tr("共 %zu 段，见 %s/shoreline_segments.csv 与 .shp。", "%zu segments, in %s/shoreline_segments.csv and .shp."),
                              t.rows.size(), output.id.c_str())));
          continue;
        }
        printResultTable(pages, t, options.maxTableRows, output.id);
      }
    }

    // ---- One small map per major finding.
    size_t conflictsLeft = 0;
    const std::vector<MapFinding> found = mapFindings(result, options.mapMinAreaHa, options.maxFindingMaps, conflictsLeft);
    report.findings = found.size() + conflictsLeft;
    const size_t maps = found.size();
    report.findingMaps = maps;
    if (maps == 0) {
      pages.heading(T("主要发现图", "Maps of the major findings"), 2);
      pages.note(q(format(tr("没有面积不小于 %g 公顷的冲突或调出图斑，未单独成图。", "No conflict or removed piece of %g ha or more; no finding maps."),
                          options.mapMinAreaHa)));
    } else {
      pages.newPage();
      pages.heading(T("主要发现图", "Maps of the major findings"), 1);
      pages.note(q(format(tr("面积不小于 %g 公顷的红线调出与性质改变图斑每处一图，其后为冲突图斑（按严重程度与面积排序）；高亮为该图斑，图题为其问题编号与两侧编号。",
                              "Every removed or nature-changed red-line piece of %g ha or more has a map, then the conflicts (worst and largest "
                              "first); the piece is highlighted and the caption gives its finding id and both sides' codes."),
                          options.mapMinAreaHa)));
      if (conflictsLeft > 0)
        pages.note(q(format(tr("另有 %zu 处冲突未单独成图，见问题台账。", "%zu more conflicts have no map; see the ledger."), conflictsLeft)));
      const double gap = pages.mm(6);
      const double cellW = (pages.body().width() - gap) / 2, mapH = cellW * 0.75, captionH = pages.mm(16);
      for (size_t i = 0; i < maps; ++i) {
        if (i % 2 == 0) pages.ensure(mapH + captionH + gap);
        const double top = pages.y();
        const double x = pages.body().left() + (i % 2) * (cellW + gap);
        const MapFinding& f = found[i];
        const GEOSGeometry* g = f.finding->geometry.get();
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
        p.drawText(QRectF(x, top + mapH + pages.mm(1), cellW, captionH), Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, findingCaption(f, i + 1));
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
