// Layer roles from layers/roles.yaml: for each role (redline, reserve,
// shoreline, mining, control_unit, boundary, project_site) the geometry it
// holds, the fields it needs, how those fields are spelled in real data,
// what their values look like, and how their values map to canonical ones
// (核心区 → core). A user's roles file merges over the built-in one, and a
// layer's own field names and value spellings (FieldMapping) over its role.
// Reads definitions and matches field names; knows nothing about files.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sanxian {

enum class GeometryKind { Polygon, Line, Point, Any };

// What the values of a role field typically look like (`looks_like` in
// roles.yaml), so that a field whose name is unknown can be found by its
// values. Every condition given must hold for most values.
struct ValueShape {
  // code: no spaces, letters, digits and - _ . / with at least one digit
  // (HX150624000001, 150624, C1506…); text: letters or Chinese, not a number.
  enum class Type { Any, Code, Text, Number, Date } type = Type::Any;
  std::string pattern;             // ECMAScript regular expression the whole value matches
  std::vector<std::string> words;  // the value contains one of these
  size_t maxChars = 0;             // at most this many characters (0: any)
  bool unique = false;             // a different value in each feature
  bool latest = false;             // of several date fields, the one with the latest dates (valid until)

  bool empty() const;
};

struct FieldDef {
  std::string name;                    // canonical, e.g. "code"
  std::string titleZh, titleEn;
  bool required = false;
  std::vector<std::string> spellings;  // in order of preference
  // canonical value → the raw values that mean it
  std::map<std::string, std::vector<std::string>> values;
  // The part of `values` that came from the user (a roles file merged over
  // the built-in one, or a layer's `values:`): load writes these raw values
  // as their canonical value, so every later step, whatever definitions it
  // reads, sees the canonical value.
  std::map<std::string, std::vector<std::string>> addedValues;
  ValueShape looksLike;

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
  // Features of the role may come without geometry (a table of codes):
  // a layer of the role with no usable geometry is then no error.
  bool geometryOptional = false;
  std::vector<FieldDef> fields;

  const FieldDef* field(const std::string& canonical) const;
  std::string title() const;  // in the user's language
  std::string fieldNames() const;  // "code, name, function_type"
};

// A layer's own field names and value spellings for its role: the project
// file's `fields:` and `values:`, the command line's --X-field / --X-value.
// They override and extend the role's spellings and value maps for that
// layer only.
struct FieldMapping {
  std::map<std::string, std::string> fields;  // canonical field → the field's name in the layer
  // canonical field → canonical value → the layer's raw values that mean it
  std::map<std::string, std::map<std::string, std::vector<std::string>>> values;
  // canonical field → field name, taken only when none of the role's
  // spellings finds the field (an audit's --match-field stands for the code)
  std::map<std::string, std::string> fallbackFields;

  bool empty() const { return fields.empty() && values.empty() && fallbackFields.empty(); }
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
  // Finds roles.yaml: $SANXIAN_LAYERS_DIR, else dataDirectory()/layers (core/base/data_dir.h).
  static RoleCatalog loadDefault();
  static std::string defaultDirectory();

  const RoleDef* find(const std::string& role) const;
  const RoleDef& get(const std::string& role) const;  // throws a usage error if unknown
  const std::vector<RoleDef>& roles() const { return roles_; }

  // This catalog with a user's roles file merged over it: spellings and
  // value spellings put first, titles, geometry and `required` replaced
  // where given, new fields and roles added. Throws a usage error naming
  // the file and line when it is malformed.
  RoleCatalog mergedWith(const std::string& path) const;

  // How the fields meet a role: a field the mapping names is taken as
  // named (any ASCII case); the others by the role's spellings, then by the
  // mapping's fallback fields.
  static RoleMatch match(const RoleDef& role, const std::vector<std::string>& fieldNames, const FieldMapping& mapping = {});
  // The best-matching role for these fields and geometry, if any field
  // matched; with a mapping, only roles that have every field it names.
  std::optional<RoleMatch> guess(const std::vector<std::string>& fieldNames, GeometryKind geometry, const FieldMapping& mapping = {}) const;

private:
  void read(const std::string& path, bool merging);
  std::vector<RoleDef> roles_;
};

// The role with a layer's value spellings added (to `values`, first, and
// to `addedValues`); the field names of the mapping are for match().
RoleDef withMapping(const RoleDef& role, const FieldMapping& mapping);

const char* geometryKindName(GeometryKind kind);
// Trimmed, ASCII letters lower-cased: how field names and values are compared.
std::string caseFolded(const std::string& s);

}  // namespace sanxian
