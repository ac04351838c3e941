#include "core/run/output_formats.h"

#include <algorithm>
#include <cctype>

#include "core/base/error.h"
#include "core/base/text.h"

namespace sanxian {

const char* formatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::Shapefile: return "shp";
    case OutputFormat::GeoPackage: return "gpkg";
    case OutputFormat::Csv: return "csv";
    case OutputFormat::Workbook: return "xlsx";
    case OutputFormat::Pdf: return "pdf";
  }
  return "";
}

std::vector<OutputFormat> OutputFormats::included() const {
  std::vector<OutputFormat> list;
  for (OutputFormat f : kOutputFormats)
    if (has(f)) list.push_back(f);
  return list;
}

std::vector<OutputFormat> OutputFormats::excluded() const {
  std::vector<OutputFormat> list;
  for (OutputFormat f : kOutputFormats)
    if (!has(f)) list.push_back(f);
  return list;
}

std::string formatNames(const std::vector<OutputFormat>& formats) {
  if (formats.empty()) return "none";
  std::string names;
  for (OutputFormat f : formats) names += (names.empty() ? "" : ", ") + std::string(formatName(f));
  return names;
}

namespace {

// The words of "shp, gpkg csv": split at commas and white space, lower case.
std::vector<std::string> formatWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + ",") {
    if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return words;
}

std::string prefixed(const std::string& where, const std::string& what) {
  return where.empty() ? what : where + tr("：", ": ") + what;
}

}  // namespace

OutputFormats parseOutputFormats(const std::string& text, const std::string& where) {
  const std::vector<std::string> words = formatWords(text);
  OutputFormats formats = OutputFormats::none();
  for (const std::string& word : words) {
    if (word == "none") {
      if (words.size() == 1) return formats;
      throwUsage(prefixed(where, tr("none 不能与其他格式同列", "none cannot be listed with other formats")));
    }
    if (word == "all") {
      formats = OutputFormats::all();
      continue;
    }
    // JSON is always written: naming it is allowed and changes nothing.
    if (word == "json") continue;
    const auto known = std::find_if(kOutputFormats.begin(), kOutputFormats.end(), [&](OutputFormat f) { return word == formatName(f); });
    if (known == kOutputFormats.end())
      throwUsage(prefixed(where, format(tr("未知的格式 '%s'（可用：shp, gpkg, csv, xlsx, pdf，或 none 只写 JSON）",
                                           "unknown format '%s' (known: shp, gpkg, csv, xlsx, pdf, or none for JSON only)"),
                                        word.c_str())));
    formats = formats.with(*known);
  }
  return formats;
}

}  // namespace sanxian
