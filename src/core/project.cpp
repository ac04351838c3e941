#include "project.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

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
          if (used == text.size()) {
            if (text.find_first_of(".eE") == std::string::npos) return static_cast<int64_t>(value);
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

Project readProject(const std::string& path) {
  if (!fs::exists(path)) throwInput(tr("项目文件不存在", "the project file does not exist"), {path});
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throwUsage(format(tr("%s：项目文件格式错误：%s", "%s: malformed project file: %s"), path.c_str(), e.what()));
  }
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
    if (!root["layers"] || !root["layers"].IsMap()) fail(tr("缺少 layers 段", "no 'layers' section"));
    for (const auto& entry : root["layers"]) {
      LayerSpec spec;
      spec.id = entry.first.as<std::string>();
      const YAML::Node& body = entry.second;
      const auto source = optionalString(body, "path");
      if (!source) fail(format(tr("图层 %s 缺少 path", "layer %s has no path"), spec.id.c_str()));
      const bool connection = source->rfind("PG:", 0) == 0;
      spec.options.source = connection || fs::path(*source).is_absolute() ? *source : (folder / *source).lexically_normal().string();
      spec.options.layerName = optionalString(body, "layer");
      spec.options.role = optionalString(body, "role");
      spec.options.encoding = optionalString(body, "encoding");
      spec.options.crs = optionalString(body, "crs");
      if (const YAML::Node shift = body["towgs84"]) spec.options.towgs84 = shift.as<std::vector<double>>();
      spec.options.repair = repairMode(body, repair);
      if (!spec.options.role) fail(format(tr("图层 %s 缺少 role", "layer %s has no role"), spec.id.c_str()));
      project.layers.push_back(std::move(spec));
    }
    for (const auto& entry : root["checks"]) {
      CheckSpec check;
      check.params = toJson(entry);
      if (!check.params.is_object() || !check.params.contains("type")) fail(tr("每个检查都需要 type", "every check needs a type"));
      check.type = check.params["type"].get<std::string>();
      check.params.erase("type");
      if (check.params.contains("name") && (!check.params["name"].is_string() || check.params["name"].get<std::string>().empty()))
        fail(format(tr("检查 %s 的 name 须为非空字符串", "check %s: name must be a non-empty string"), check.type.c_str()));
      const auto& types = knownCheckTypes();
      if (std::find(types.begin(), types.end(), check.type) == types.end())
        fail(format(tr("未知的检查类型 '%s'", "unknown check type '%s'"), check.type.c_str()));
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
