#include "core/io/layer.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/base/error.h"
#include "core/base/text.h"

namespace sanxian {

const char* kindName(LoadIssue::Kind kind) {
  switch (kind) {
    case LoadIssue::Kind::NullGeometry: return "null_geometry";
    case LoadIssue::Kind::EmptyGeometry: return "empty_geometry";
    case LoadIssue::Kind::WrongGeometryType: return "wrong_geometry_type";
    case LoadIssue::Kind::Linearized: return "linearized";
    case LoadIssue::Kind::DroppedZM: return "dropped_zm";
    case LoadIssue::Kind::Invalid: return "invalid";
    case LoadIssue::Kind::InvalidAfterTransform: return "invalid_after_transform";
    case LoadIssue::Kind::Repaired: return "repaired";
    case LoadIssue::Kind::RepairDroppedParts: return "repair_dropped_parts";
    case LoadIssue::Kind::DatumTransformation: return "datum_transformation";
    case LoadIssue::Kind::ValuesMapped: return "values_mapped";
    case LoadIssue::Kind::EncodingContradicted: return "encoding_contradicted";
    case LoadIssue::Kind::OutsideChina: return "outside_china";
    case LoadIssue::Kind::OutsideCrsArea: return "outside_crs_area";
    case LoadIssue::Kind::FarFromOtherLayers: return "far_from_other_layers";
  }
  return "unknown";
}

bool isWarning(LoadIssue::Kind kind) {
  return kind == LoadIssue::Kind::EncodingContradicted || kind == LoadIssue::Kind::OutsideChina || kind == LoadIssue::Kind::OutsideCrsArea ||
         kind == LoadIssue::Kind::FarFromOtherLayers;
}

void Layer::warn(LoadIssue::Kind kind, const std::string& message) {
  if (strict)
    throwInput(message + tr("（--strict：警告视为错误；核对数据后再运行，或去掉 --strict / strict: true）",
                            " (--strict: warnings are errors; check the data and run again, or leave out --strict / strict: true)"),
               {source, layerName});
  issues.push_back({kind, std::nullopt, message});
}

const std::string& Layer::roleValue(const Feature& feature, const std::string& canonical) const {
  static const std::string none;
  if (!roleMatch) return none;
  const auto it = roleMatch->columns.find(canonical);
  return it == roleMatch->columns.end() ? none : feature.values[it->second];
}

int Layer::fieldIndex(const std::string& name) const {
  const auto it = std::find(fields.begin(), fields.end(), name);
  return it == fields.end() ? -1 : static_cast<int>(it - fields.begin());
}

size_t Layer::countIssues(LoadIssue::Kind kind) const {
  return std::count_if(issues.begin(), issues.end(), [kind](const LoadIssue& i) { return i.kind == kind; });
}

double attributeNumber(const std::string& text) {
  const char* begin = text.c_str();
  while (*begin == ' ' || *begin == '\t') ++begin;
  if (*begin == '\0') return NAN;
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  while (end && (*end == ' ' || *end == '\t')) ++end;
  return end && end != begin && *end == '\0' && std::isfinite(v) ? v : NAN;
}

}  // namespace sanxian
