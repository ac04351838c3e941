// The pieces of the printable report (internal to src/report): page flow
// and tables on A4 (pdf_layout.cpp), result and findings tables
// (pdf_tables.cpp), maps and legends through sanxian_render
// (pdf_maps.cpp), and the text-layer fix for CJK glyphs (pdf_text.cpp).
// writePdfReport (pdf_report.cpp) puts them together section by section.
#pragma once

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
#include "core/base/text.h"
#include "core/checks/audit/audit.h"
#include "core/checks/table.h"
#include "core/run/provenance.h"
#include "core/run/run.h"
#include "render/map_view.h"
#include "render/renderer.h"
#include "report/files/output.h"

namespace sanxian::report::pdf {

namespace fs = std::filesystem;

inline QString q(const std::string& s) { return QString::fromStdString(s); }
inline QString q(const char* s) { return QString::fromUtf8(s); }
inline QString T(const char* zh, const char* en) { return QString::fromUtf8(tr(zh, en)); }

constexpr int kDpi = 300;          // PDF device units per inch
constexpr double kScreenDpi = 96;  // the map's logical pixels, as the viewer's styles are in pixels
constexpr double kMapPixelRatio = 2.5;  // maps rasterized at 240 dpi

inline std::string cellString(const Cell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) return format("%g", *d);
  return {};
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
double naturalWidth(Pages& pages, const PrintColumn& column, const std::vector<QString>& cells, double points);
void drawTable(Pages& pages, std::vector<PrintColumn> columns, const std::vector<std::vector<QString>>& rows, double points = 7,
               const std::vector<std::vector<QString>>& totals = {});

// A result table as printed: chosen columns, rows cut at maxRows, with the
// totals rows of tableTotals (the workbook's), and notes saying where the rest is.
void printResultTable(Pages& pages, const Table& table, size_t maxRows, const std::string& folder, bool heading = true,
                      const std::vector<size_t>& onlyRows = {});
// The findings of a check, 禁止 and 限制 in full, 提示 up to maxNotice rows.
void printFindingsSection(Pages& pages, const CheckOutput& output, size_t maxNotice);
// The red-line audit: every removed and nature-changed piece in full, added pieces up to maxRows, changed codes.
void printAuditSection(Pages& pages, const CheckOutput& output, size_t maxRows);
// The indicators check: a bar chart and a township map per indicator (pdf_indicators.cpp).
void printIndicatorSection(Pages& pages, const CheckOutput& output);
const char* verdictTitle(const std::string& key);
// A check's parameters as a reader says them: "旧版本 redline_2022；新版本 redline_2023".
std::string parametersText(const nlohmann::ordered_json& params);

// The scene of the report: the project's layers as the viewer shows them
// (only the newest red line), and every result table with geometry.
struct ReportScene {
  std::shared_ptr<render::Scene> scene;
  std::vector<std::string> resultIds;  // "check/table"
};
ReportScene buildScene(const LoadedProject& loaded, const RunResult& result, const std::shared_ptr<const render::StyleSet>& styles,
                       const RoleCatalog& roles);
// Draws a map of `extent` into `target` (PDF units) through sanxian_render,
// with a frame, north arrow and scale bar.
void drawMap(Pages& pages, const render::Scene& scene, const geos::Envelope& extent, const QRectF& target, double margin);
// The legend of the scene (render::sceneLegend) across the body, and the height it takes.
void drawLegend(Pages& pages, const render::Scene& scene);
double legendHeight(Pages& pages, const render::Scene& scene);

// A finding with its own map: every removed or nature-changed red-line
// piece at or above the size, and conflicts (worst and largest first).
struct MapFinding {
  const CheckOutput* check = nullptr;
  const Finding* finding = nullptr;
  double areaHa = 0;
};
std::vector<MapFinding> mapFindings(const RunResult& result, double minAreaHa, size_t maxConflictMaps, size_t& conflictsLeft);
QString findingCaption(const MapFinding& m, size_t number);

QString crsText(const CrsInfo& crs);
const char* originText(CrsOrigin origin);
std::string humanBytes(double bytes);
// Radical code point → the ideograph drawn with the same glyph in `font`.
const std::map<uint, uint>& radicalIdeographs(const QFont& font);
// Rewrites the ToUnicode maps of `pdf` so copied text reads 禁止, not 禁⽌.
void fixToUnicode(QByteArray& pdf, const std::map<uint, uint>& ideographs);

}  // namespace sanxian::report::pdf
