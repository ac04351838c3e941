// Layer roles from layers/roles.yaml: for each role (redline, reserve,
// shoreline, mining, control_unit, boundary, project_site) the geometry it
// holds, the fields it needs, how those fields are spelled in real data,
// and how their values map to canonical ones (核心区 → core). Reads
// definitions and matches field names; knows nothing about files.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sanxian {

enum class GeometryKind { Polygon, Line, Point, Any };

struct FieldDef {
  std::string name;                    // canonical, e.g. "code"
  std::string titleZh, titleEn;
  bool required = false;
  std::vector<std::string> spellings;  // in order of preference
  // canonical value → the raw values that mean it
  std::map<std::string, std::vector<std::string>> values;

  // The canonical value for a raw attribute value (trimmed, case-insensitive
  // for ASCII), or the raw value itself when no mapping names it.
  std::string mapValue(const std::string& raw) const;
  // A canonical value as reports show it: in Chinese the first raw value
  // that means it (core → 核心保护区), in English the canonical value.
  std::string valueTitle(const std::string& canonical) const;
  std::string title() const;  // in the user's language
};

struct RoleDef {
  std::string name;
  std::string titleZh, titleEn;
  GeometryKind geometry = GeometryKind::Any;
  std::vector<FieldDef> fields;

  const FieldDef* field(const std::string& canonical) const;
  std::string title() const;  // in the user's language
};

// How a layer's fields meet a role.
struct RoleMatch {
  std::string role;
  std::map<std::string, int> columns;  // canonical field → column index
  std::map<std::string, std::string> sourceNames;  // canonical field → field name found
  std::vector<std::string> missingRequired;
  std::vector<std::string> missingOptional;
  // Share of the role's fields found, 0..1; used to guess a layer's role.
  double score = 0;
};

class RoleCatalog {
public:
  // Reads a roles YAML file; throws a usage error naming the file and the
  // entry when it is malformed.
  static RoleCatalog load(const std::string& path);
  // Finds roles.yaml: $SANXIAN_LAYERS_DIR, the source tree, then beside the executable.
  static RoleCatalog loadDefault();
  static std::string defaultDirectory();

  const RoleDef* find(const std::string& role) const;
  const RoleDef& get(const std::string& role) const;  // throws a usage error if unknown
  const std::vector<RoleDef>& roles() const { return roles_; }

  RoleMatch match(const RoleDef& role, const std::vector<std::string>& fieldNames) const;
  // The best-matching role for these fields and geometry, if any field matched.
  std::optional<RoleMatch> guess(const std::vector<std::string>& fieldNames, GeometryKind geometry) const;

private:
  std::vector<RoleDef> roles_;
};

const char* geometryKindName(GeometryKind kind);

}  // namespace sanxian
