#include "core/io/roles.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <regex>

#include "core/base/data_dir.h"
#include "core/base/error.h"
#include "core/base/text.h"

namespace sanxian {
namespace {

std::string trimmed(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  const auto end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

// Where in a roles file a node is, for messages: "roles.yaml: line 12: ".
class RolesFile {
public:
  explicit RolesFile(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& where, const std::string& what) const {
    const YAML::Mark mark = at.Mark();
    const std::string line = mark.is_null() ? std::string() : format(tr("第 %d 行，", "line %d, "), mark.line + 1);
    throwUsage(format(tr("角色定义 %s：%s%s：%s", "role definitions %s: %s%s: %s"), path_.c_str(), line.c_str(), where.c_str(), what.c_str()));
  }
  void map(const YAML::Node& node, const std::string& where) const {
    if (!node.IsMap()) fail(node, where, tr("须为映射（键: 值）", "must be a mapping (key: value)"));
  }
  void keys(const YAML::Node& node, const std::string& where, const std::vector<std::string>& known) const {
    map(node, where);
    for (const auto& item : node) {
      const std::string key = item.first.Scalar();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      fail(item.first, where, format(tr("未知的键 %s（可用：%s）", "unknown key %s (known: %s)"), key.c_str(), list.c_str()));
    }
  }
  std::string text(const YAML::Node& node, const std::string& where) const {
    if (!node.IsScalar()) fail(node, where, tr("须为文本", "must be text"));
    return node.Scalar();
  }
  // A list of text, or one text as a list of one.
  std::vector<std::string> texts(const YAML::Node& node, const std::string& where) const {
    std::vector<std::string> out;
    if (node.IsScalar()) return {node.Scalar()};
    if (!node.IsSequence()) fail(node, where, tr("须为文本的列表", "must be a list of text"));
    for (const auto& item : node) out.push_back(text(item, where));
    return out;
  }
  bool flag(const YAML::Node& node, const std::string& where) const {
    try {
      return node.as<bool>();
    } catch (const YAML::Exception&) {
      fail(node, where, tr("须为 true 或 false", "must be true or false"));
    }
  }

private:
  std::string path_;
};

GeometryKind parseGeometry(const std::string& text, const std::function<void(const std::string&)>& fail) {
  if (text == "polygon") return GeometryKind::Polygon;
  if (text == "line") return GeometryKind::Line;
  if (text == "point") return GeometryKind::Point;
  if (text == "any") return GeometryKind::Any;
  fail(format(tr("未知的几何类型 '%s'（polygon / line / point / any）", "unknown geometry '%s' (polygon / line / point / any)"), text.c_str()));
  return GeometryKind::Any;
}

void readTitle(const YAML::Node& node, std::string& zh, std::string& en) {
  if (!node) return;
  if (node.IsScalar()) {
    zh = en = node.as<std::string>();
    return;
  }
  zh = node["zh"].as<std::string>("");
  en = node["en"].as<std::string>(zh);
}

// `first` followed by the entries of `then` not already in it (compared folded).
std::vector<std::string> joined(const std::vector<std::string>& first, const std::vector<std::string>& then) {
  std::vector<std::string> out = first;
  for (const auto& s : then)
    if (std::none_of(out.begin(), out.end(), [&](const std::string& o) { return caseFolded(o) == caseFolded(s); })) out.push_back(s);
  return out;
}

ValueShape readShape(const YAML::Node& node, const RolesFile& file, const std::string& where) {
  file.keys(node, where, {"type", "pattern", "words", "max_chars", "unique", "latest"});
  ValueShape shape;
  if (const YAML::Node type = node["type"]) {
    const std::string t = file.text(type, where + ".type");
    if (t == "code") shape.type = ValueShape::Type::Code;
    else if (t == "text") shape.type = ValueShape::Type::Text;
    else if (t == "number") shape.type = ValueShape::Type::Number;
    else if (t == "date") shape.type = ValueShape::Type::Date;
    else if (t != "any") file.fail(type, where + ".type", format(tr("未知的类型 '%s'（code / text / number / date）", "unknown type '%s' (code / text / number / date)"), t.c_str()));
  }
  if (const YAML::Node pattern = node["pattern"]) {
    shape.pattern = file.text(pattern, where + ".pattern");
    try {
      std::regex check(shape.pattern);
    } catch (const std::regex_error& e) {
      file.fail(pattern, where + ".pattern", format(tr("正则表达式无效：%s", "invalid regular expression: %s"), e.what()));
    }
  }
  if (const YAML::Node words = node["words"]) shape.words = file.texts(words, where + ".words");
  if (const YAML::Node most = node["max_chars"]) {
    try {
      shape.maxChars = most.as<size_t>();
    } catch (const YAML::Exception&) {
      file.fail(most, where + ".max_chars", tr("须为正整数", "must be a positive whole number"));
    }
  }
  if (const YAML::Node unique = node["unique"]) shape.unique = file.flag(unique, where + ".unique");
  if (const YAML::Node latest = node["latest"]) shape.latest = file.flag(latest, where + ".latest");
  return shape;
}

// Reads a field's entry into `field`; when merging, over what is there.
void readField(const YAML::Node& f, FieldDef& field, bool merging, const RolesFile& file, const std::string& where) {
  file.keys(f, where, {"title", "required", "spellings", "values", "looks_like"});
  readTitle(f["title"], field.titleZh, field.titleEn);
  if (field.titleZh.empty()) field.titleZh = field.titleEn = field.name;
  if (const YAML::Node required = f["required"]) field.required = file.flag(required, where + ".required");
  if (const YAML::Node spellings = f["spellings"]) field.spellings = joined(file.texts(spellings, where + ".spellings"), field.spellings);
  if (const YAML::Node values = f["values"]) {
    file.map(values, where + ".values");
    for (const auto& v : values) {
      const std::string canonical = file.text(v.first, where + ".values");
      const std::vector<std::string> raw = file.texts(v.second, where + ".values." + canonical);
      field.values[canonical] = joined(raw, field.values[canonical]);
      if (merging) field.addedValues[canonical] = joined(raw, field.addedValues[canonical]);
    }
  }
  if (const YAML::Node shape = f["looks_like"]) field.looksLike = readShape(shape, file, where + ".looks_like");
}

}  // namespace

std::string caseFolded(const std::string& s) {
  std::string out = trimmed(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ValueShape::empty() const {
  return type == Type::Any && pattern.empty() && words.empty() && maxChars == 0 && !unique && !latest;
}

const char* geometryKindName(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::Polygon: return "polygon";
    case GeometryKind::Line: return "line";
    case GeometryKind::Point: return "point";
    case GeometryKind::Any: return "any";
  }
  return "";
}

std::string FieldDef::mapValue(const std::string& raw) const {
  const std::string key = caseFolded(raw);
  // The user's spellings first: they may give a raw value ("1") another meaning than the built-in ones.
  for (const auto* map : {&addedValues, &values})
    for (const auto& [canonical, spellings] : *map)
      for (const auto& spelling : spellings)
        if (caseFolded(spelling) == key) return canonical;
  return trimmed(raw);
}

std::string FieldDef::valueTitle(const std::string& canonical) const {
  if (language() == Language::English) return canonical;
  const auto it = values.find(canonical);
  if (it == values.end() || it->second.empty()) return canonical;
  // The first spelling in Chinese (codes such as "1" for 优先保护 come first in some lists).
  for (const std::string& spelling : it->second)
    if (std::any_of(spelling.begin(), spelling.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) return spelling;
  return it->second.front();
}

std::string FieldDef::title() const { return tr(titleZh.c_str(), titleEn.c_str()); }

std::string RoleDef::title() const { return tr(titleZh.c_str(), titleEn.c_str()); }

const FieldDef* RoleDef::field(const std::string& canonical) const {
  for (const auto& f : fields)
    if (f.name == canonical) return &f;
  return nullptr;
}

std::string RoleDef::fieldNames() const {
  std::string out;
  for (const auto& f : fields) out += (out.empty() ? "" : ", ") + f.name;
  return out;
}

void RoleCatalog::read(const std::string& path, bool merging) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throwUsage(format(tr("无法读取角色定义 %s：文件不存在或无法打开", "cannot read role definitions %s: no such file or it cannot be opened"), path.c_str()));
  } catch (const YAML::Exception& e) {
    throwUsage(format(tr("无法读取角色定义 %s：%s", "cannot read role definitions %s: %s"), path.c_str(), e.what()));
  }
  const RolesFile file(path);
  if (!root.IsMap() || !root["roles"]) file.fail(root, "roles", tr("缺少 roles 段", "no 'roles' section"));
  file.keys(root, "", {"roles"});
  file.map(root["roles"], "roles");
  try {
    for (const auto& entry : root["roles"]) {
      const std::string name = file.text(entry.first, "roles");
      const std::string where = "roles." + name;
      const YAML::Node& body = entry.second;
      file.keys(body, where, {"title", "geometry", "geometry_optional", "fields"});
      RoleDef* role = nullptr;
      for (auto& r : roles_)
        if (r.name == name) role = &r;
      if (!role) {
        roles_.push_back(RoleDef{});
        role = &roles_.back();
        role->name = name;
      } else if (!merging) {
        file.fail(entry.first, "roles", format(tr("角色 %s 出现了两次", "the role %s appears twice"), name.c_str()));
      }
      readTitle(body["title"], role->titleZh, role->titleEn);
      if (role->titleZh.empty()) role->titleZh = role->titleEn = name;
      if (const YAML::Node geometry = body["geometry"])
        role->geometry = parseGeometry(file.text(geometry, where + ".geometry"), [&](const std::string& what) { file.fail(geometry, where, what); });
      if (const YAML::Node optional = body["geometry_optional"]) role->geometryOptional = file.flag(optional, where + ".geometry_optional");
      if (const YAML::Node fields = body["fields"]) {
        file.map(fields, where + ".fields");
        for (const auto& fieldEntry : fields) {
          const std::string fieldName = file.text(fieldEntry.first, where + ".fields");
          FieldDef* field = nullptr;
          for (auto& f : role->fields)
            if (f.name == fieldName) field = &f;
          if (!field) {
            role->fields.push_back(FieldDef{});
            field = &role->fields.back();
            field->name = fieldName;
          }
          readField(fieldEntry.second, *field, merging, file, where + ".fields." + fieldName);
        }
      }
    }
  } catch (const YAML::Exception& e) {
    throwUsage(format(tr("角色定义 %s 格式错误：%s", "role definitions %s are malformed: %s"), path.c_str(), e.what()));
  }
  if (roles_.empty()) throwUsage(format(tr("角色定义 %s 中没有角色", "no roles in %s"), path.c_str()));
}

RoleCatalog RoleCatalog::load(const std::string& path) {
  RoleCatalog catalog;
  catalog.read(path, false);
  return catalog;
}

RoleCatalog RoleCatalog::mergedWith(const std::string& path) const {
  RoleCatalog catalog = *this;
  catalog.read(path, true);
  return catalog;
}

std::string RoleCatalog::defaultDirectory() {
  if (const char* env = std::getenv("SANXIAN_LAYERS_DIR"); env && *env) return env;
  return dataDirectory() + "/layers";
}

RoleCatalog RoleCatalog::loadDefault() { return load(defaultDirectory() + "/roles.yaml"); }

const RoleDef* RoleCatalog::find(const std::string& role) const {
  for (const auto& r : roles_)
    if (r.name == role) return &r;
  return nullptr;
}

const RoleDef& RoleCatalog::get(const std::string& role) const {
  if (const RoleDef* r = find(role)) return *r;
  std::string known;
  for (const auto& r : roles_) known += (known.empty() ? "" : ", ") + r.name;
  throwUsage(format(tr("未知的图层角色 '%s'（可用：%s）", "unknown layer role '%s' (known: %s)"), role.c_str(), known.c_str()));
}

RoleMatch RoleCatalog::match(const RoleDef& role, const std::vector<std::string>& fieldNames, const FieldMapping& mapping) {
  RoleMatch m;
  m.role = role.name;
  std::vector<std::string> folded;
  for (const auto& name : fieldNames) folded.push_back(caseFolded(name));
  auto columnOf = [&](const std::string& name) {
    const auto exact = std::find(fieldNames.begin(), fieldNames.end(), name);
    if (exact != fieldNames.end()) return static_cast<int>(exact - fieldNames.begin());
    const auto it = std::find(folded.begin(), folded.end(), caseFolded(name));
    return it == folded.end() ? -1 : static_cast<int>(it - folded.begin());
  };
  size_t found = 0;
  for (const auto& field : role.fields) {
    int column = -1;
    if (const auto named = mapping.fields.find(field.name); named != mapping.fields.end()) column = columnOf(named->second);
    for (size_t i = 0; column < 0 && i < field.spellings.size(); ++i) column = columnOf(field.spellings[i]);
    if (const auto fallback = mapping.fallbackFields.find(field.name); column < 0 && fallback != mapping.fallbackFields.end())
      column = columnOf(fallback->second);
    if (column >= 0) {
      m.columns[field.name] = column;
      m.sourceNames[field.name] = fieldNames[column];
      ++found;
    } else {
      (field.required ? m.missingRequired : m.missingOptional).push_back(field.name);
    }
  }
  m.score = role.fields.empty() ? 0 : static_cast<double>(found) / role.fields.size();
  return m;
}

std::optional<RoleMatch> RoleCatalog::guess(const std::vector<std::string>& fieldNames, GeometryKind geometry, const FieldMapping& mapping) const {
  std::optional<RoleMatch> best;
  for (const auto& role : roles_) {
    if (role.geometry != GeometryKind::Any && geometry != GeometryKind::Any && role.geometry != geometry) continue;
    auto lacks = [&](const auto& named) {
      return std::any_of(named.begin(), named.end(), [&](const auto& entry) { return !role.field(entry.first); });
    };
    if (lacks(mapping.fields) || lacks(mapping.values)) continue;
    RoleMatch m = match(role, fieldNames, mapping);
    if (m.columns.empty() || !m.missingRequired.empty()) continue;
    if (!best || m.score > best->score) best = std::move(m);
  }
  return best;
}

RoleDef withMapping(const RoleDef& role, const FieldMapping& mapping) {
  RoleDef out = role;
  for (FieldDef& field : out.fields) {
    const auto it = mapping.values.find(field.name);
    if (it == mapping.values.end()) continue;
    for (const auto& [canonical, raw] : it->second) {
      field.values[canonical] = joined(raw, field.values[canonical]);
      field.addedValues[canonical] = joined(raw, field.addedValues[canonical]);
    }
  }
  return out;
}

}  // namespace sanxian
