#include "report/pdf/pdf_internal.h"

namespace sanxian::report::pdf {

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

}  // namespace sanxian::report::pdf
