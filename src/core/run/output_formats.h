// Which file formats a run writes (`--formats`, the project's `formats:`):
// any of Shapefile, GeoPackage, CSV, the workbook and the PDF report. The
// JSON summary and the audit trail are not among them: they are always
// written, so a run that writes nothing else still says what it found.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace sanxian {

enum class OutputFormat { Shapefile, GeoPackage, Csv, Workbook, Pdf };

// The formats in the order they are listed, with their names as written on
// the command line and in a project file.
inline constexpr std::array<OutputFormat, 5> kOutputFormats = {OutputFormat::Shapefile, OutputFormat::GeoPackage, OutputFormat::Csv,
                                                                OutputFormat::Workbook, OutputFormat::Pdf};
const char* formatName(OutputFormat format);  // shp, gpkg, csv, xlsx, pdf

// A set of formats; the default is every one (what a run always wrote).
class OutputFormats {
 public:
  OutputFormats() = default;
  static OutputFormats all() { return OutputFormats(0x1F); }
  static OutputFormats none() { return OutputFormats(0); }

  bool has(OutputFormat format) const { return (bits_ & bit(format)) != 0; }
  OutputFormats with(OutputFormat format) const { return OutputFormats(bits_ | bit(format)); }
  OutputFormats without(OutputFormat format) const { return OutputFormats(bits_ & ~bit(format)); }
  bool operator==(const OutputFormats& other) const { return bits_ == other.bits_; }
  bool operator!=(const OutputFormats& other) const { return bits_ != other.bits_; }

  std::vector<OutputFormat> included() const;
  std::vector<OutputFormat> excluded() const;

 private:
  explicit OutputFormats(unsigned bits) : bits_(bits) {}
  static unsigned bit(OutputFormat format) { return 1u << static_cast<unsigned>(format); }
  unsigned bits_ = 0x1F;
};

// Reads "gpkg,csv" (commas and spaces separate; case does not matter). An
// empty text or "none" is the empty set (JSON only), "all" every format.
// Throws a usage error naming the unknown word and the known ones; `where`
// (e.g. "--formats") starts the message.
OutputFormats parseOutputFormats(const std::string& text, const std::string& where);

// The names joined with ", " ("shp, pdf"); "none" for the empty list.
std::string formatNames(const std::vector<OutputFormat>& formats);

}  // namespace sanxian
