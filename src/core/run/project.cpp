#include "core/run/project.h"

#include "core/run/tiles.h"

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
#include "core/run/project_schema.h"
#include "core/run/tiles.h"

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
  static const std::vector<std::string> types = {"audit", "overlap", "site", "shoreline", "control_lines", "landuse", "indicators"};
  return types;
}

const LayerSpec* Project::layer(const std::string& id) const {
  for (const auto& l : layers)
    if (l.id == id) return &l;
  return nullptr;
}

namespace {

// One entry of layers: where it is (relative to the project's folder), its
// role and how to read it.
LayerSpec readLayerSpec(const YAML::Node& key, const YAML::Node& body, const fs::path& folder, geos::RepairMode repair,
                        const Project& project) {
  LayerSpec spec;
  spec.id = key.as<std::string>();
  const auto source = optionalString(body, "path");
  const bool connection = source->rfind("PG:", 0) == 0 || source->rfind("postgresql://", 0) == 0 || source->rfind("postgres://", 0) == 0;
  spec.options.source = connection || fs::path(*source).is_absolute() ? *source : (folder / *source).lexically_normal().string();
  spec.options.layerName = optionalString(body, "layer");
  spec.options.role = optionalString(body, "role");
  spec.options.encoding = optionalString(body, "encoding");
  spec.options.crs = optionalString(body, "crs");
  if (const YAML::Node shift = body["towgs84"]) spec.options.towgs84 = shift.as<std::vector<double>>();
  spec.options.repair = repair;
  for (const auto& f : body["fields"]) spec.options.mapping.fields[f.first.Scalar()] = f.second.Scalar();
  for (const auto& field : body["values"])
    for (const auto& value : field.second) {
      auto& raw = spec.options.mapping.values[field.first.Scalar()][value.first.Scalar()];
      if (value.second.IsScalar()) raw.push_back(value.second.Scalar());
      for (const auto& r : value.second) raw.push_back(r.Scalar());
    }
  spec.options.strict = project.strict;
  spec.options.projectFile = project.path;
  spec.options.layerId = spec.id;
  return spec;
}

// styles: and view:, the viewer's display of the project.
void readDisplay(const YAML::Node& root, Project& project) {
  for (const auto& entry : root["styles"]) {
    LayerStyleSpec& style = project.styles[entry.first.Scalar()];
    style.fill = optionalString(entry.second, "fill");
    style.outline = optionalString(entry.second, "outline");
    if (entry.second["width"]) style.width = entry.second["width"].as<double>();
    if (entry.second["opacity"]) style.opacity = entry.second["opacity"].as<double>();
    style.label = optionalString(entry.second, "label");
    if (entry.second["labels"]) style.labels = entry.second["labels"].as<bool>();
    style.categories = optionalString(entry.second, "categories");
  }
  if (const YAML::Node view = root["view"]) {
    if (view["extent"]) {
      std::array<double, 4> e{};
      for (size_t i = 0; i < 4; ++i) e[i] = view["extent"][i].as<double>();
      project.view.extent = e;
    }
    if (view["layers"]) project.view.layers = view["layers"].as<std::vector<std::string>>();
    if (view["hidden"]) project.view.hidden = view["hidden"].as<std::vector<std::string>>();
  }
}

// An audit's match_field stands for the patch code of both versions when
// no spelling of the code is found (so a red line keyed by `id` runs
// with match_field: id alone).
void letMatchFieldStandForTheCode(Project& project) {
  for (const auto& check : project.checks) {
    if (check.type != "audit" || !check.params.contains("match_field") || !check.params["match_field"].is_string()) continue;
    const std::string field = check.params["match_field"].get<std::string>();
    if (field == "code") continue;
    for (const char* side : {"old", "new"})
      for (auto& spec : project.layers)
        if (check.params.contains(side) && check.params[side] == spec.id && !spec.options.mapping.fields.count("code"))
          spec.options.mapping.fallbackFields["code"] = field;
  }
}

// Every layer a check names is defined in the project.
void checkLayerReferences(const Project& project) {
  for (const auto& check : project.checks) {
    for (const auto& key : layerParameters()) {
      if (!check.params.contains(key)) continue;
      const auto& value = check.params[key];
      std::vector<std::string> ids;
      if (value.is_string()) ids.push_back(value.get<std::string>());
      if (value.is_array())
        for (const auto& v : value) ids.push_back(v.get<std::string>());
      if (value.is_object())  // indicators: {role: layer id}
        for (const auto& [role, v] : value.items())
          if (v.is_string()) ids.push_back(v.get<std::string>());
      for (const auto& id : ids)
        if (!project.layer(id))
          throwUsage(format(tr("%s: 检查 %s 的参数 %s 引用了未定义的图层 '%s'", "%s: check %s: parameter %s names undefined layer '%s'"),
                            project.path.c_str(), check.type.c_str(), key.c_str(), id.c_str()));
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
  ProjectSchema schema(path);
  checkProjectSchema(root, schema);
  const fs::path folder = fs::absolute(path).parent_path();
  Project project;
  project.path = path;
  auto fail = [&](const std::string& what) -> void {
    throwUsage(format("%s: %s", path.c_str(), what.c_str()));
  };
  try {
    project.name = root["name"].as<std::string>(fs::path(path).stem().string());
    project.analysisCrs = optionalString(root, "analysis_crs");
    project.engine = optionalString(root, "engine");
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
    project.strict = root["strict"] && root["strict"].as<bool>();
    if (root["formats"]) project.formats = projectFormats(root["formats"], schema);
    if (root["memory_limit"]) project.memoryLimit = parseMemorySize(root["memory_limit"].Scalar());
    if (root["tile_size_m"]) project.tileSize = root["tile_size_m"].as<double>();
    if (const auto roles = optionalString(root, "roles")) {
      project.rolesFile = fs::path(*roles).is_absolute() ? *roles : (folder / *roles).lexically_normal().string();
      if (!fs::is_regular_file(*project.rolesFile))
        schema.fail(root["roles"], "roles", format(tr("角色文件 %s 不存在", "the roles file %s does not exist"), project.rolesFile->c_str()));
    }
    for (const auto& entry : root["layers"])
      project.layers.push_back(readLayerSpec(entry.first, entry.second, folder, repairMode(entry.second, repair), project));
    readDisplay(root, project);
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
  letMatchFieldStandForTheCode(project);
  checkLayerReferences(project);
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

namespace {

// Writes `text` as the project file once it reads as one (staged beside it, then renamed).
void replaceProjectFile(const std::string& projectPath, const std::string& text) {
  const fs::path folder = fs::absolute(projectPath).parent_path();
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

}  // namespace

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
  replaceProjectFile(projectPath, text);
}

namespace {

// A number as YAML writes it back to the same double.
std::string yamlNumber(double v) { return format("%.17g", v); }

std::string styleYaml(const LayerStyleSpec& s) {
  std::vector<std::string> parts;
  if (s.fill) parts.push_back("fill: " + yamlText(*s.fill));
  if (s.outline) parts.push_back("outline: " + yamlText(*s.outline));
  if (s.width) parts.push_back("width: " + format("%g", *s.width));
  if (s.opacity) parts.push_back("opacity: " + format("%g", *s.opacity));
  if (s.label) parts.push_back("label: " + yamlText(*s.label));
  if (s.labels) parts.push_back(std::string("labels: ") + (*s.labels ? "true" : "false"));
  if (s.categories) parts.push_back("categories: " + yamlText(*s.categories));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return "{" + out + "}";
}

std::string idList(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + yamlText(id);
  return "[" + out + "]";
}

// The lines of `text` with the top-level section `key:` (its line and the
// indented, blank or comment lines under it) replaced by `section` (no
// trailing newline; empty: removed), or `section` appended.
std::vector<std::string> withSection(std::vector<std::string> lines, const std::string& key, const std::string& section) {
  const auto topLevel = [](const std::string& line) { return !line.empty() && line[0] != ' ' && line[0] != '\t' && line[0] != '#'; };
  const auto start = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(key + ":", 0) == 0; });
  if (start == lines.end()) {
    if (!section.empty()) lines.push_back(section);
    return lines;
  }
  auto end = start + 1;
  while (end != lines.end() && !topLevel(*end)) ++end;
  // Blank lines and comments before the next section stay (they belong to it).
  const auto blankOrComment = [](const std::string& line) {
    const auto first = line.find_first_not_of(" \t\r");
    return first == std::string::npos || line[first] == '#';
  };
  while (end - 1 != start && blankOrComment(*(end - 1))) --end;
  const auto at = lines.erase(start, end);
  if (!section.empty()) lines.insert(at, section);
  return lines;
}

}  // namespace

void saveProjectDisplay(const std::string& projectPath, const ProjectView& view, const std::map<std::string, LayerStyleSpec>& styles) {
  std::ifstream in(projectPath, std::ios::binary);
  if (!in) throwUsage(format(tr("无法读取项目文件 %s", "cannot read the project file %s"), projectPath.c_str()));
  const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> lines;
  for (size_t at = 0; at < original.size();) {
    const size_t end = original.find('\n', at);
    lines.push_back(original.substr(at, end == std::string::npos ? std::string::npos : end - at));
    if (end == std::string::npos) break;
    at = end + 1;
  }
  std::string viewText;
  if (!view.empty()) {
    viewText = "view:                            # what the viewer showed (sanxian-viewer, 保存项目)";
    if (view.extent)
      viewText += "\n  extent: [" + yamlNumber((*view.extent)[0]) + ", " + yamlNumber((*view.extent)[1]) + ", " + yamlNumber((*view.extent)[2]) +
                  ", " + yamlNumber((*view.extent)[3]) + "]";
    if (view.layers) viewText += "\n  layers: " + idList(*view.layers) + "   # drawing order, bottom first";
    if (!view.hidden.empty()) viewText += "\n  hidden: " + idList(view.hidden);
  }
  std::string stylesText;
  for (const auto& [id, style] : styles)
    if (!style.empty()) stylesText += "\n  " + yamlText(id) + ": " + styleYaml(style);
  if (!stylesText.empty()) stylesText = "styles:                          # how the viewer draws each layer" + stylesText;
  lines = withSection(std::move(lines), "view", viewText);
  lines = withSection(std::move(lines), "styles", stylesText);
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  replaceProjectFile(projectPath, text);
}

}  // namespace sanxian
