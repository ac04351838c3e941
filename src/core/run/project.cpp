#include "core/run/project.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/geometry/harmonize.h"
#include "core/io/encoding.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

nlohmann::json toJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(toJson(item));
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& item : node) out[item.first.as<std::string>()] = toJson(item.second);
      return out;
    }
    case YAML::NodeType::Scalar: {
      // Keep numbers and booleans typed; quoted text stays text.
      if (node.Tag() != "!") {
        const std::string text = node.Scalar();
        if (text == "true" || text == "false") return text == "true";
        try {
          size_t used = 0;
          const double value = std::stod(text, &used);
          if (used == text.size() && std::isfinite(value)) {
            // An integer only when it is one that int64 holds.
            if (text.find_first_of(".eE") == std::string::npos && std::fabs(value) < 9e18) return static_cast<int64_t>(value);
            return value;
          }
        } catch (const std::exception&) {
        }
      }
      return node.Scalar();
    }
    default: return nullptr;
  }
}

std::optional<std::string> optionalString(const YAML::Node& node, const char* key) {
  if (const YAML::Node value = node[key]) return value.as<std::string>();
  return std::nullopt;
}

// Parameters of a check that name layers of the project.
const std::vector<std::string>& layerParameters() {
  static const std::vector<std::string> names = {"old", "new", "a", "b", "boundary", "lines", "zones", "previous", "site", "occupiers", "layers",
                                                  "redline", "farmland", "urban", "landuse"};
  return names;
}

}  // namespace

const std::vector<std::string>& knownCheckTypes() {
  static const std::vector<std::string> types = {"audit", "overlap", "site", "shoreline", "control_lines", "landuse"};
  return types;
}

const LayerSpec* Project::layer(const std::string& id) const {
  for (const auto& l : layers)
    if (l.id == id) return &l;
  return nullptr;
}

namespace {

// What a project file may say, checked before anything is read or run:
// the kind of each value, required and unknown keys, duplicate ids. Each
// error names the file, the line and the entry.
class Schema {
public:
  explicit Schema(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& where, const std::string& what) const {
    const YAML::Mark mark = at.Mark();
    const std::string line = mark.is_null() ? std::string() : format(tr("第 %d 行，", "line %d, "), mark.line + 1);
    throwUsage(format("%s: %s%s%s", path_.c_str(), line.c_str(), where.empty() ? "" : (where + tr("：", ": ")).c_str(), what.c_str()));
  }

  // A YAML alias makes one node appear many times: a few hundred bytes can
  // expand to billions of nodes. Count what a full walk would visit.
  void boundedSize(const YAML::Node& node, size_t depth = 0) {
    if (++visited_ > kMostNodes || depth > kDeepest)
      fail(node, "", tr("项目文件过大或嵌套过深（YAML 别名展开超过限制）", "the project file is too large or too deeply nested (YAML aliases expand beyond the limit)"));
    if (node.IsSequence())
      for (const auto& item : node) boundedSize(item, depth + 1);
    else if (node.IsMap())
      for (const auto& item : node) {
        boundedSize(item.first, depth + 1);
        boundedSize(item.second, depth + 1);
      }
  }

  void map(const YAML::Node& node, const std::string& where) const {
    if (!node.IsMap()) fail(node, where, tr("须为映射（键: 值）", "must be a mapping (key: value)"));
  }
  void string(const YAML::Node& node, const std::string& where) const {
    if (!node.IsScalar() || node.Scalar().empty()) fail(node, where, tr("须为非空文本", "must be non-empty text"));
  }
  // Known keys only (any text when `known` is empty), each once.
  void keys(const YAML::Node& node, const std::string& where, const std::set<std::string>& known) const {
    std::set<std::string> seen;
    for (const auto& item : node) {
      if (!item.first.IsScalar() || item.first.Scalar().empty()) fail(item.first, where, tr("键须为文本", "keys must be text"));
      const std::string key = item.first.Scalar();
      if (!seen.insert(key).second) fail(item.first, where, format(tr("键 %s 出现了两次", "the key %s appears twice"), key.c_str()));
      if (!known.empty() && !known.count(key)) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        fail(item.first, where, format(tr("未知的键 %s（可用：%s）", "unknown key %s (known: %s)"), key.c_str(), list.c_str()));
      }
    }
  }

private:
  static constexpr size_t kMostNodes = 200000;
  static constexpr size_t kDeepest = 64;
  std::string path_;
  size_t visited_ = 0;
};

// The parameters each check type takes; the ones naming layers are checked against the project's ids.
const std::map<std::string, std::set<std::string>>& checkParameters() {
  static const std::map<std::string, std::set<std::string>> params = {
      {"audit", {"name", "type", "old", "new", "boundary", "match_field", "nature_field", "adjustments", "min_piece_area_m2"}},
      {"overlap", {"name", "type", "a", "b", "boundary", "rules", "min_piece_area_m2"}},
      {"site", {"name", "type", "site", "layers", "boundary", "rules", "min_piece_area_m2"}},
      {"shoreline", {"name", "type", "lines", "zones", "previous", "previous_zones", "boundary", "occupiers", "distance_m", "protected_zones"}},
      {"control_lines", {"name", "type", "redline", "farmland", "urban", "boundary", "rules", "min_piece_area_m2"}},
      {"landuse", {"name", "type", "zones", "zones_where", "landuse", "boundary", "rules", "min_piece_area_m2"}}};
  return params;
}

const std::map<std::string, std::vector<std::string>>& requiredParameters() {
  static const std::map<std::string, std::vector<std::string>> params = {
      {"audit", {"old", "new"}}, {"overlap", {"a", "b"}}, {"site", {"site"}}, {"shoreline", {"lines"}},
      {"control_lines", {"redline", "farmland", "urban"}}, {"landuse", {"zones", "landuse"}}};
  return params;
}

void checkSchema(const YAML::Node& root, Schema& schema) {
  schema.boundedSize(root);
  schema.map(root, "");
  schema.keys(root, "", {"name", "analysis_crs", "previous_ledger", "repair", "roles", "layers", "checks"});
  for (const char* key : {"name", "analysis_crs", "previous_ledger", "repair", "roles"})
    if (root[key]) schema.string(root[key], key);
  if (!root["layers"]) schema.fail(root, "", tr("缺少 layers 段", "no 'layers' section"));
  schema.map(root["layers"], "layers");
  std::set<std::string> ids;
  for (const auto& entry : root["layers"]) {
    if (!entry.first.IsScalar() || entry.first.Scalar().empty()) schema.fail(entry.first, "layers", tr("图层 id 须为文本", "layer ids must be text"));
    const std::string id = entry.first.Scalar();
    if (!ids.insert(id).second) schema.fail(entry.first, "layers", format(tr("图层 id %s 出现了两次", "the layer id %s appears twice"), id.c_str()));
    const std::string where = "layers." + id;
    schema.map(entry.second, where);
    schema.keys(entry.second, where, {"path", "layer", "role", "encoding", "crs", "towgs84", "repair", "fields", "values"});
    for (const char* key : {"path", "role"})
      if (!entry.second[key]) schema.fail(entry.second, where, format(tr("缺少 %s", "no %s"), key));
    for (const char* key : {"path", "layer", "role", "encoding", "crs", "repair"})
      if (entry.second[key]) schema.string(entry.second[key], where + "." + key);
    if (const YAML::Node encoding = entry.second["encoding"]; encoding && !isKnownEncoding(encoding.Scalar()))
      schema.fail(encoding, where + ".encoding", format(tr("未知的编码 %s（可用 UTF-8、GBK、GB18030 等）", "unknown encoding %s (UTF-8, GBK, GB18030 …)"), encoding.Scalar().c_str()));
    // fields: {code: id, name: XMMC} — role field → the layer's field.
    if (const YAML::Node fields = entry.second["fields"]) {
      schema.map(fields, where + ".fields");
      schema.keys(fields, where + ".fields", {});
      for (const auto& f : fields) schema.string(f.second, where + ".fields." + f.first.Scalar());
    }
    // values: {zone: {core: ["1", 核心保护区], general: "2"}} — role field → canonical value → raw values.
    if (const YAML::Node values = entry.second["values"]) {
      schema.map(values, where + ".values");
      schema.keys(values, where + ".values", {});
      for (const auto& field : values) {
        const std::string at = where + ".values." + field.first.Scalar();
        schema.map(field.second, at);
        schema.keys(field.second, at, {});
        for (const auto& value : field.second) {
          const std::string here = at + "." + value.first.Scalar();
          if (value.second.IsSequence()) {
            if (value.second.size() == 0) schema.fail(value.second, here, tr("须列出至少一个原值", "must list at least one raw value"));
            for (const auto& raw : value.second) schema.string(raw, here);
          } else if (!value.second.IsScalar() || value.second.Scalar().empty()) {
            schema.fail(value.second, here, tr("须为原值或原值的列表", "must be a raw value or a list of raw values"));
          }
        }
      }
    }
    if (const YAML::Node shift = entry.second["towgs84"]) {
      if (!shift.IsSequence() || (shift.size() != 3 && shift.size() != 7))
        schema.fail(shift, where + ".towgs84", tr("须为 3 个或 7 个数的列表", "must be a list of 3 or 7 numbers"));
      for (const auto& v : shift) {
        try {
          (void)v.as<double>();
        } catch (const YAML::Exception&) {
          schema.fail(v, where + ".towgs84", tr("须为数", "must be numbers"));
        }
      }
    }
  }
  if (!root["checks"]) return;  // a project may only load (sanxian info, the viewer)
  if (!root["checks"].IsSequence())
    schema.fail(root["checks"], "checks", tr("须为检查的列表（每项以 - 开头）", "must be a list of checks (one '- {…}' each)"));
  size_t n = 0;
  for (const auto& check : root["checks"]) {
    const std::string where = format("checks[%zu]", ++n);
    schema.map(check, where);
    if (!check["type"] || !check["type"].IsScalar())
      schema.fail(check, where, tr("需要 type（audit、overlap、site、shoreline）", "needs a type (audit, overlap, site, shoreline)"));
    const std::string type = check["type"].Scalar();
    const auto known = checkParameters().find(type);
    if (known == checkParameters().end())
      schema.fail(check["type"], where, format(tr("未知的检查类型 '%s'", "unknown check type '%s'"), type.c_str()));
    schema.keys(check, where + " (" + type + ")", known->second);
    for (const std::string& key : requiredParameters().at(type))
      if (!check[key]) schema.fail(check, where + " (" + type + ")", format(tr("缺少参数 %s", "parameter %s is missing"), key.c_str()));
    for (const auto& item : check) {
      const std::string key = item.first.Scalar();
      const bool list = key == "layers" || key == "occupiers" || key == "protected_zones";
      const bool number = key == "min_piece_area_m2" || key == "distance_m";
      if (number) {
        double v = 0;
        try {
          v = item.second.as<double>();
        } catch (const YAML::Exception&) {
          schema.fail(item.second, where + "." + key, tr("须为数", "must be a number"));
        }
        if (!(v >= 0) || !std::isfinite(v)) schema.fail(item.second, where + "." + key, tr("须为非负数", "must be a non-negative number"));
      } else if (key == "zones_where") {
        // {zone: core} or {level: [first, second]}: a field → text or a list of text.
        schema.map(item.second, where + "." + key);
        schema.keys(item.second, where + "." + key, {});
        for (const auto& f : item.second) {
          const std::string here = where + "." + key + "." + f.first.Scalar();
          if (f.second.IsSequence())
            for (const auto& v : f.second) schema.string(v, here);
          else
            schema.string(f.second, here);
        }
      } else if (list) {
        if (!item.second.IsSequence() && !item.second.IsScalar())
          schema.fail(item.second, where + "." + key, tr("须为文本或文本的列表", "must be text or a list of text"));
        if (item.second.IsSequence())
          for (const auto& v : item.second) schema.string(v, where + "." + key);
      } else {
        schema.string(item.second, where + "." + key);
      }
    }
  }
}

}  // namespace

Project readProject(const std::string& path) {
  if (!fs::exists(path)) throwInput(tr("项目文件不存在", "the project file does not exist"), {path});
  if (!fs::is_regular_file(path)) throwInput(tr("项目文件不是普通文件", "the project file is not a regular file"), {path});
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throwUsage(format(tr("%s：第 %d 行：项目文件格式错误：%s", "%s: line %d: malformed project file: %s"), path.c_str(), e.mark.line + 1,
                      e.msg.c_str()));
  }
  Schema schema(path);
  checkSchema(root, schema);
  const fs::path folder = fs::absolute(path).parent_path();
  Project project;
  project.path = path;
  auto fail = [&](const std::string& what) -> void {
    throwUsage(format("%s: %s", path.c_str(), what.c_str()));
  };
  try {
    project.name = root["name"].as<std::string>(fs::path(path).stem().string());
    project.analysisCrs = optionalString(root, "analysis_crs");
    if (const auto ledger = optionalString(root, "previous_ledger"))
      project.previousLedger = fs::path(*ledger).is_absolute() ? *ledger : (folder / *ledger).lexically_normal().string();
    // How invalid geometry is repaired: for every layer, unless a layer says otherwise.
    const auto repairMode = [&](const YAML::Node& node, geos::RepairMode fallback) {
      const auto text = optionalString(node, "repair");
      if (!text) return fallback;
      try {
        return parseRepairMode(*text);
      } catch (const Error& e) {
        fail(e.message());
        return fallback;
      }
    };
    const geos::RepairMode repair = repairMode(root, geos::RepairMode::Linework);
    if (const auto roles = optionalString(root, "roles")) {
      project.rolesFile = fs::path(*roles).is_absolute() ? *roles : (folder / *roles).lexically_normal().string();
      if (!fs::is_regular_file(*project.rolesFile))
        schema.fail(root["roles"], "roles", format(tr("角色文件 %s 不存在", "the roles file %s does not exist"), project.rolesFile->c_str()));
    }
    for (const auto& entry : root["layers"]) {
      LayerSpec spec;
      spec.id = entry.first.as<std::string>();
      const YAML::Node& body = entry.second;
      const auto source = optionalString(body, "path");
      const bool connection = source->rfind("PG:", 0) == 0 || source->rfind("postgresql://", 0) == 0 || source->rfind("postgres://", 0) == 0;
      spec.options.source = connection || fs::path(*source).is_absolute() ? *source : (folder / *source).lexically_normal().string();
      spec.options.layerName = optionalString(body, "layer");
      spec.options.role = optionalString(body, "role");
      spec.options.encoding = optionalString(body, "encoding");
      spec.options.crs = optionalString(body, "crs");
      if (const YAML::Node shift = body["towgs84"]) spec.options.towgs84 = shift.as<std::vector<double>>();
      spec.options.repair = repairMode(body, repair);
      for (const auto& f : body["fields"]) spec.options.mapping.fields[f.first.Scalar()] = f.second.Scalar();
      for (const auto& field : body["values"])
        for (const auto& value : field.second) {
          auto& raw = spec.options.mapping.values[field.first.Scalar()][value.first.Scalar()];
          if (value.second.IsScalar()) raw.push_back(value.second.Scalar());
          for (const auto& r : value.second) raw.push_back(r.Scalar());
        }
      spec.options.projectFile = path;
      spec.options.layerId = spec.id;
      project.layers.push_back(std::move(spec));
    }
    for (const auto& entry : root["checks"]) {
      CheckSpec check;
      check.params = toJson(entry);
      check.type = check.params["type"].get<std::string>();
      check.params.erase("type");
      project.checks.push_back(std::move(check));
    }
  } catch (const YAML::Exception& e) {
    fail(e.what());
  }
  // An audit's match_field stands for the patch code of both versions when
  // no spelling of the code is found (so a red line keyed by `id` runs
  // with match_field: id alone).
  for (const auto& check : project.checks) {
    if (check.type != "audit" || !check.params.contains("match_field") || !check.params["match_field"].is_string()) continue;
    const std::string field = check.params["match_field"].get<std::string>();
    if (field == "code") continue;
    for (const char* side : {"old", "new"})
      for (auto& spec : project.layers)
        if (check.params.contains(side) && check.params[side] == spec.id && !spec.options.mapping.fields.count("code"))
          spec.options.mapping.fallbackFields["code"] = field;
  }
  for (const auto& check : project.checks) {
    for (const auto& key : layerParameters()) {
      if (!check.params.contains(key)) continue;
      const auto& value = check.params[key];
      std::vector<std::string> ids;
      if (value.is_string()) ids.push_back(value.get<std::string>());
      if (value.is_array())
        for (const auto& v : value) ids.push_back(v.get<std::string>());
      for (const auto& id : ids)
        if (!project.layer(id))
          fail(format(tr("检查 %s 的参数 %s 引用了未定义的图层 '%s'", "check %s: parameter %s names undefined layer '%s'"), check.type.c_str(),
                      key.c_str(), id.c_str()));
    }
  }
  return project;
}

RoleCatalog rolesFor(const Project& project) {
  RoleCatalog roles = RoleCatalog::loadDefault();
  return project.rolesFile ? roles.mergedWith(*project.rolesFile) : roles;
}

namespace {

// Text as a YAML scalar: plain when it reads back as the same text, else double-quoted.
std::string yamlText(const std::string& s) {
  static const std::set<std::string> reserved = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"};
  bool plain = !s.empty() && s.front() != ' ' && s.back() != ' ' && !reserved.count(caseFolded(s)) &&
               std::string("-?:,[]{}#&*!|>'\"%@`.+0123456789").find(s.front()) == std::string::npos;
  for (char c : s)
    if (std::string(",[]{}:#'\"\\").find(c) != std::string::npos || static_cast<unsigned char>(c) < 0x20) plain = false;
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else out += c;
  }
  return out + "\"";
}

}  // namespace

std::string projectLayerYaml(const ProjectLayerEntry& entry, const std::string& indent) {
  std::string out = indent + yamlText(entry.id) + ":\n";
  const std::string in = indent + "  ";
  out += in + "path: " + yamlText(entry.path) + "\n";
  if (!entry.layer.empty()) out += in + "layer: " + yamlText(entry.layer) + "\n";
  if (!entry.role.empty()) out += in + "role: " + yamlText(entry.role) + "\n";
  if (!entry.mapping.fields.empty()) {
    std::string fields;
    for (const auto& [canonical, name] : entry.mapping.fields) fields += (fields.empty() ? "" : ", ") + yamlText(canonical) + ": " + yamlText(name);
    out += in + "fields: {" + fields + "}\n";
  }
  if (!entry.mapping.values.empty()) {
    out += in + "values:\n";
    for (const auto& [field, byValue] : entry.mapping.values) {
      std::string values;
      for (const auto& [canonical, raws] : byValue) {
        std::string list;
        for (const auto& raw : raws) list += (list.empty() ? "" : ", ") + yamlText(raw);
        values += (values.empty() ? "" : ", ") + yamlText(canonical) + ": [" + list + "]";
      }
      out += in + "  " + yamlText(field) + ": {" + values + "}\n";
    }
  }
  return out;
}

void addLayerToProjectFile(const std::string& projectPath, ProjectLayerEntry entry) {
  const fs::path folder = fs::absolute(projectPath).parent_path();
  if (fs::path(entry.path).is_absolute()) {
    const fs::path relative = fs::path(entry.path).lexically_relative(folder);
    if (!relative.empty()) entry.path = relative.generic_string();
  }
  std::string text;
  if (fs::exists(projectPath)) {
    std::ifstream in(projectPath, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) throwUsage(format(tr("无法读取项目文件 %s", "cannot read the project file %s"), projectPath.c_str()));
    if (!text.empty() && text.back() != '\n') text += '\n';
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throwUsage(format(tr("%s：第 %d 行：项目文件格式错误：%s", "%s: line %d: malformed project file: %s"), projectPath.c_str(), e.mark.line + 1, e.msg.c_str()));
  }
  if (root.IsNull()) {
    text += "name: " + yamlText(fs::path(projectPath).stem().string()) + "\nlayers:\n" + projectLayerYaml(entry);
  } else {
    const YAML::Node layers = root.IsMap() ? root["layers"] : YAML::Node();
    if (layers && layers.IsMap() && layers[entry.id])
      throwUsage(format(tr("%s：图层 id %s 已存在", "%s: the layer id %s is taken"), projectPath.c_str(), entry.id.c_str()));
    std::vector<std::string> lines;
    for (size_t at = 0; at < text.size();) {
      const size_t end = text.find('\n', at);
      lines.push_back(text.substr(at, end - at));
      at = end + 1;
    }
    auto indented = [](const std::string& line) { return !line.empty() && (line[0] == ' ' || line[0] == '\t'); };
    auto blankOrComment = [](const std::string& line) {
      const auto first = line.find_first_not_of(" \t\r");
      return first == std::string::npos || line[first] == '#';
    };
    if (!layers || layers.IsNull() || (layers.IsMap() && layers.size() == 0)) {
      // No layers section, or an empty one: the entry goes after `layers:`.
      const auto key = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("layers:", 0) == 0; });
      std::string added = projectLayerYaml(entry);
      added.pop_back();
      if (key == lines.end()) {
        lines.push_back("layers:");
        lines.push_back(added);
      } else {
        // `layers: {}` or `layers: ~` becomes a block; `layers:   # comment` stays.
        const std::string rest = key->substr(7, key->find('#') == std::string::npos ? std::string::npos : key->find('#') - 7);
        if (rest.find_first_not_of(" \t\r") != std::string::npos) *key = "layers:";
        lines.insert(key + 1, added);
      }
    } else if (layers.IsMap() && layers.Style() != YAML::EmitterStyle::Flow && layers.size() > 0) {
      // After the last line of the block: the next line at the top level ends it.
      const YAML::Node firstKey = layers.begin()->first;
      const std::string indent(static_cast<size_t>(firstKey.Mark().column), ' ');
      size_t last = static_cast<size_t>(firstKey.Mark().line);
      for (size_t i = last + 1; i < lines.size(); ++i) {
        if (blankOrComment(lines[i])) continue;
        if (!indented(lines[i])) break;
        last = i;
      }
      std::string added = projectLayerYaml(entry, indent);
      added.pop_back();
      lines.insert(lines.begin() + static_cast<long>(last) + 1, added);
    } else {
      throwUsage(format(tr("%s：layers 段为单行写法，无法自动添加图层；请手工加入：\n%s", "%s: the layers section is written on one line and cannot be added to; add by hand:\n%s"),
                        projectPath.c_str(), projectLayerYaml(entry).c_str()));
    }
    text.clear();
    for (const auto& line : lines) text += line + "\n";
  }
  // Read back before it replaces the file: a file the tool wrote must read.
  const fs::path staged = folder / ("." + fs::path(projectPath).filename().string() + ".sanxian-new");
  {
    std::ofstream out(staged, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throwUsage(format(tr("无法写入 %s", "cannot write %s"), staged.string().c_str()));
  }
  try {
    readProject(staged.string());
  } catch (...) {
    std::error_code ec;
    fs::remove(staged, ec);
    throw;
  }
  std::error_code ec;
  fs::rename(staged, projectPath, ec);
  if (ec) {
    fs::remove(staged, ec);
    throwUsage(format(tr("无法写入项目文件 %s", "cannot write the project file %s"), projectPath.c_str()));
  }
}

}  // namespace sanxian
