#include "roles.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

#include "error.h"
#include "text.h"

#ifndef SANXIAN_SOURCE_DIR
#define SANXIAN_SOURCE_DIR ""
#endif

namespace sanxian {
namespace {

std::string trimmed(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  const auto end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

std::string foldAscii(const std::string& s) {
  std::string out = trimmed(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

GeometryKind parseGeometry(const std::string& text, const std::string& where) {
  if (text == "polygon") return GeometryKind::Polygon;
  if (text == "line") return GeometryKind::Line;
  if (text == "point") return GeometryKind::Point;
  if (text == "any") return GeometryKind::Any;
  throwUsage(format(tr("%s：未知的几何类型 '%s'（polygon / line / point / any）", "%s: unknown geometry '%s' (polygon / line / point / any)"),
                    where.c_str(), text.c_str()));
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

}  // namespace

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
  const std::string key = foldAscii(raw);
  for (const auto& [canonical, spellings] : values) {
    for (const auto& spelling : spellings)
      if (foldAscii(spelling) == key) return canonical;
  }
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

RoleCatalog RoleCatalog::load(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throwUsage(format(tr("无法读取角色定义 %s：%s", "cannot read role definitions %s: %s"), path.c_str(), e.what()));
  }
  RoleCatalog catalog;
  try {
    for (const auto& entry : root["roles"]) {
      RoleDef role;
      role.name = entry.first.as<std::string>();
      const YAML::Node& body = entry.second;
      readTitle(body["title"], role.titleZh, role.titleEn);
      role.geometry = parseGeometry(body["geometry"].as<std::string>("any"), path + " " + role.name);
      for (const auto& fieldEntry : body["fields"]) {
        FieldDef field;
        field.name = fieldEntry.first.as<std::string>();
        const YAML::Node& f = fieldEntry.second;
        readTitle(f["title"], field.titleZh, field.titleEn);
        field.required = f["required"].as<bool>(false);
        for (const auto& s : f["spellings"]) field.spellings.push_back(s.as<std::string>());
        for (const auto& v : f["values"]) {
          auto& list = field.values[v.first.as<std::string>()];
          for (const auto& s : v.second) list.push_back(s.as<std::string>());
        }
        role.fields.push_back(std::move(field));
      }
      catalog.roles_.push_back(std::move(role));
    }
  } catch (const YAML::Exception& e) {
    throwUsage(format(tr("角色定义 %s 格式错误：%s", "role definitions %s are malformed: %s"), path.c_str(), e.what()));
  }
  if (catalog.roles_.empty()) throwUsage(format(tr("角色定义 %s 中没有角色", "no roles in %s"), path.c_str()));
  return catalog;
}

std::string RoleCatalog::defaultDirectory() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("SANXIAN_LAYERS_DIR"); env && *env) return env;
  const fs::path source = fs::path(SANXIAN_SOURCE_DIR) / "layers";
  if (!std::string(SANXIAN_SOURCE_DIR).empty() && fs::exists(source / "roles.yaml")) return source.string();
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  for (const fs::path& candidate : {exe.parent_path() / "layers", exe.parent_path() / "../share/sanxian/layers"})
    if (fs::exists(candidate / "roles.yaml")) return candidate.string();
  return "layers";
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

RoleMatch RoleCatalog::match(const RoleDef& role, const std::vector<std::string>& fieldNames) const {
  RoleMatch m;
  m.role = role.name;
  std::vector<std::string> folded;
  for (const auto& name : fieldNames) folded.push_back(foldAscii(name));
  size_t found = 0;
  for (const auto& field : role.fields) {
    int column = -1;
    for (const auto& spelling : field.spellings) {
      const auto it = std::find(folded.begin(), folded.end(), foldAscii(spelling));
      if (it != folded.end()) {
        column = static_cast<int>(it - folded.begin());
        break;
      }
    }
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

std::optional<RoleMatch> RoleCatalog::guess(const std::vector<std::string>& fieldNames, GeometryKind geometry) const {
  std::optional<RoleMatch> best;
  for (const auto& role : roles_) {
    if (role.geometry != GeometryKind::Any && geometry != GeometryKind::Any && role.geometry != geometry) continue;
    RoleMatch m = match(role, fieldNames);
    if (m.columns.empty() || !m.missingRequired.empty()) continue;
    if (!best || m.score > best->score) best = std::move(m);
  }
  return best;
}

}  // namespace sanxian
