#include "project.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "encoding.h"
#include "error.h"
#include "harmonize.h"
#include "text.h"

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
  static const std::vector<std::string> names = {"old", "new", "a", "b", "boundary", "lines", "zones", "previous", "site", "occupiers", "layers"};
  return names;
}

}  // namespace

const std::vector<std::string>& knownCheckTypes() {
  static const std::vector<std::string> types = {"audit", "overlap", "site", "shoreline"};
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
  // Known keys only, each once.
  void keys(const YAML::Node& node, const std::string& where, const std::set<std::string>& known) const {
    std::set<std::string> seen;
    for (const auto& item : node) {
      if (!item.first.IsScalar()) fail(item.first, where, tr("键须为文本", "keys must be text"));
      const std::string key = item.first.Scalar();
      if (!seen.insert(key).second) fail(item.first, where, format(tr("键 %s 出现了两次", "the key %s appears twice"), key.c_str()));
      if (!known.count(key)) {
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
      {"shoreline", {"name", "type", "lines", "zones", "previous", "previous_zones", "boundary", "occupiers", "distance_m", "protected_zones"}}};
  return params;
}

const std::map<std::string, std::vector<std::string>>& requiredParameters() {
  static const std::map<std::string, std::vector<std::string>> params = {
      {"audit", {"old", "new"}}, {"overlap", {"a", "b"}}, {"site", {"site"}}, {"shoreline", {"lines"}}};
  return params;
}

void checkSchema(const YAML::Node& root, Schema& schema) {
  schema.boundedSize(root);
  schema.map(root, "");
  schema.keys(root, "", {"name", "analysis_crs", "previous_ledger", "repair", "layers", "checks"});
  for (const char* key : {"name", "analysis_crs", "previous_ledger", "repair"})
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
    schema.keys(entry.second, where, {"path", "layer", "role", "encoding", "crs", "towgs84", "repair"});
    for (const char* key : {"path", "role"})
      if (!entry.second[key]) schema.fail(entry.second, where, format(tr("缺少 %s", "no %s"), key));
    for (const char* key : {"path", "layer", "role", "encoding", "crs", "repair"})
      if (entry.second[key]) schema.string(entry.second[key], where + "." + key);
    if (const YAML::Node encoding = entry.second["encoding"]; encoding && !isKnownEncoding(encoding.Scalar()))
      schema.fail(encoding, where + ".encoding", format(tr("未知的编码 %s（可用 UTF-8、GBK、GB18030 等）", "unknown encoding %s (UTF-8, GBK, GB18030 …)"), encoding.Scalar().c_str()));
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

}  // namespace sanxian
