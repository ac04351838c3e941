#include "core/io/layer.h"

#include <algorithm>

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
  }
  return "unknown";
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

}  // namespace sanxian
