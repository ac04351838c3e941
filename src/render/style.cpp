#include "style.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "core/base/data_dir.h"
#include "core/base/error.h"
#include "core/base/text.h"

namespace sanxian::render {

QColor parseColor(const std::string& text) {
  if (text == "none" || text.empty()) return QColor(Qt::transparent);
  const bool hex = text.size() > 1 && text[0] == '#' &&
                   std::all_of(text.begin() + 1, text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  if (!hex || (text.size() != 7 && text.size() != 9)) throw std::invalid_argument("bad colour '" + text + "'");
  const auto byte = [&](size_t at) { return std::stoi(text.substr(at, 2), nullptr, 16); };
  return QColor(byte(1), byte(3), byte(5), text.size() == 9 ? byte(7) : 255);
}

namespace {

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

Qt::BrushStyle parseHatch(const std::string& s) {
  static const std::map<std::string, Qt::BrushStyle> names = {
      {"none", Qt::NoBrush},           {"bdiag", Qt::BDiagPattern},       {"fdiag", Qt::FDiagPattern},
      {"cross", Qt::CrossPattern},     {"diagcross", Qt::DiagCrossPattern}, {"horizontal", Qt::HorPattern},
      {"vertical", Qt::VerPattern}};
  const auto it = names.find(s);
  if (it == names.end()) throw std::invalid_argument("unknown hatch '" + s + "'");
  return it->second;
}

Qt::PenStyle parseDash(const std::string& s) {
  if (s == "solid") return Qt::SolidLine;
  if (s == "dash") return Qt::DashLine;
  if (s == "dot") return Qt::DotLine;
  if (s == "dashdot") return Qt::DashDotLine;
  throw std::invalid_argument("unknown dash '" + s + "'");
}

// A style: `base` with what the node names.
Style parseStyle(const YAML::Node& node, Style style) {
  if (!node || !node.IsMap()) throw std::invalid_argument("expected a map of style keys");
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    if (key == "fill") style.fill = parseColor(v.as<std::string>());
    else if (key == "outline") style.outline = parseColor(v.as<std::string>());
    else if (key == "width") style.width = v.as<double>();
    else if (key == "dash") style.dash = parseDash(v.as<std::string>());
    else if (key == "hatch") style.hatch = parseHatch(v.as<std::string>());
    else if (key == "hatch_color") style.hatchColor = parseColor(v.as<std::string>());
    else if (key == "point_size") style.pointSize = v.as<double>();
    else if (key == "label") style.labelField = v.as<std::string>();
    else if (key == "label_color") style.labelColor = parseColor(v.as<std::string>());
    else if (key == "label_size") style.labelSize = v.as<double>();
    else if (key == "halo") style.halo = parseColor(v.as<std::string>());
    else if (key == "halo_width") style.haloWidth = v.as<double>();
    else if (key == "zone_field" || key == "zones") continue;  // read by the role
    else throw std::invalid_argument("unknown style key '" + key + "'");
  }
  return style;
}

}  // namespace

StyleSet StyleSet::builtin() {
  StyleSet s;
  s.fallback.fill = QColor(158, 158, 158, 64);
  s.fallback.outline = QColor(97, 97, 97);
  s.highlight.fill = Qt::transparent;
  s.highlight.outline = QColor(0, 229, 255);
  s.highlight.width = 2.5;
  s.highlight.halo = QColor(0, 0, 0, 200);
  s.highlight.haloWidth = 1.5;
  s.severity["default"] = Style{QColor(255, 64, 129, 160), QColor(136, 14, 79), 1.5};
  s.compare["removed"] = Style{QColor(142, 36, 170, 200), QColor(74, 20, 140), 1};
  s.compare["added"] = Style{QColor(0, 137, 123, 200), QColor(0, 77, 64), 1};
  s.compare["nature_changed"] = Style{QColor(55, 71, 79, 180), QColor(38, 50, 56), 1, Qt::SolidLine, Qt::DiagCrossPattern, QColor(255, 255, 255, 176)};
  for (const char* raw : {"removed", "减少"}) s.changeAliases[raw] = "removed";
  for (const char* raw : {"added", "增加"}) s.changeAliases[raw] = "added";
  for (const char* raw : {"nature_changed", "function_changed", "性质改变"}) s.changeAliases[raw] = "nature_changed";
  s.resultLabel.labelColor = QColor(0x21, 0x21, 0x21);
  s.resultLabel.labelSize = 7;
  s.compare["old"] = Style{QColor(239, 154, 154, 96), QColor(229, 115, 115), 0.8};
  s.compare["new"] = Style{QColor(229, 57, 53, 48), QColor(198, 40, 40), 0.8};
  return s;
}

StyleSet StyleSet::load(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throwUsage(format(tr("无法读取样式文件 %s：%s", "cannot read the styles file %s: %s"), path.c_str(), e.what()));
  }
  StyleSet s = builtin();
  std::string where;
  try {
    where = "background";
    if (root["background"]) s.background = parseColor(root["background"].as<std::string>());
    where = "font";
    if (root["font"]) s.fontFamily = QString::fromStdString(root["font"].as<std::string>());
    where = "label_min_pixels";
    if (root["label_min_pixels"]) s.labelMinPixels = root["label_min_pixels"].as<double>();
    where = "default";
    if (root["default"]) s.fallback = parseStyle(root["default"], s.fallback);
    if (const YAML::Node roles = root["roles"]) {
      for (const auto& kv : roles) {
        const std::string name = kv.first.as<std::string>();
        where = "roles." + name;
        RoleStyle rs;
        rs.base = parseStyle(kv.second, s.fallback);
        if (kv.second["zone_field"]) rs.zoneField = kv.second["zone_field"].as<std::string>();
        if (const YAML::Node zones = kv.second["zones"])
          for (const auto& z : zones) {
            where = "roles." + name + ".zones." + z.first.as<std::string>();
            rs.zones[z.first.as<std::string>()] = parseStyle(z.second, rs.base);
          }
        s.roles[name] = std::move(rs);
      }
    }
    if (const YAML::Node aliases = root["severity_aliases"])
      for (const auto& kv : aliases) {
        where = "severity_aliases." + kv.first.as<std::string>();
        for (const auto& raw : kv.second) s.severityAliases[lower(raw.as<std::string>())] = kv.first.as<std::string>();
      }
    if (const YAML::Node sev = root["severity"])
      for (const auto& kv : sev) {
        where = "severity." + kv.first.as<std::string>();
        s.severity[kv.first.as<std::string>()] = parseStyle(kv.second, s.fallback);
      }
    where = "highlight";
    if (root["highlight"]) s.highlight = parseStyle(root["highlight"], s.highlight);
    if (const YAML::Node cmp = root["compare"])
      for (const auto& kv : cmp) {
        where = "compare." + kv.first.as<std::string>();
        s.compare[kv.first.as<std::string>()] = parseStyle(kv.second, s.fallback);
      }
    if (const YAML::Node aliases = root["change_aliases"])
      for (const auto& kv : aliases) {
        where = "change_aliases." + kv.first.as<std::string>();
        for (const auto& raw : kv.second) s.changeAliases[lower(raw.as<std::string>())] = kv.first.as<std::string>();
      }
    if (const YAML::Node labels = root["result_labels"])
      for (const auto& kv : labels) {
        where = "result_labels." + kv.first.as<std::string>();
        s.resultLabels[kv.first.as<std::string>()] = kv.second.as<std::vector<std::string>>();
      }
    where = "result_label";
    if (root["result_label"]) s.resultLabel = parseStyle(root["result_label"], s.resultLabel);
    where = "scale_bar";
    if (const YAML::Node bar = root["scale_bar"]) {
      if (bar["color"]) s.scaleBarColor = parseColor(bar["color"].as<std::string>());
      if (bar["background"]) s.scaleBarBackground = parseColor(bar["background"].as<std::string>());
      if (bar["max_pixels"]) s.scaleBarMaxPixels = bar["max_pixels"].as<double>();
    }
  } catch (const std::exception& e) {
    throwUsage(format(tr("样式文件 %s 的 %s 有误：%s", "styles file %s, entry %s: %s"), path.c_str(), where.c_str(), e.what()));
  }
  return s;
}

std::string StyleSet::defaultDirectory() {
  if (const char* env = std::getenv("SANXIAN_STYLES_DIR"); env && *env) return env;
  return dataDirectory() + "/styles";
}

StyleSet StyleSet::loadDefault() {
  const std::string path = defaultDirectory() + "/styles.yaml";
  if (!std::filesystem::exists(path)) return builtin();
  return load(path);
}

const RoleStyle* StyleSet::role(const std::string& name) const {
  const auto it = roles.find(name);
  return it == roles.end() ? nullptr : &it->second;
}

const Style& StyleSet::forRole(const std::string& name, const std::string& zoneValue) const {
  const RoleStyle* rs = role(name);
  if (!rs) return fallback;
  // The value itself, else its longest listed prefix of two characters or
  // more: land classes are styled by group (0602 采矿用地, else 06 工矿用地).
  for (size_t n = zoneValue.size(); n >= 2; --n)
    if (const auto it = rs->zones.find(zoneValue.substr(0, n)); it != rs->zones.end()) return it->second;
  return rs->base;
}

std::string StyleSet::matchedZone(const std::string& name, const std::string& zoneValue) const {
  const RoleStyle* rs = role(name);
  if (!rs) return {};
  for (size_t n = zoneValue.size(); n >= 2; --n)
    if (rs->zones.count(zoneValue.substr(0, n))) return zoneValue.substr(0, n);
  return {};
}

std::string StyleSet::canonicalSeverity(const std::string& raw) const {
  const auto it = severityAliases.find(lower(raw));
  return it == severityAliases.end() ? raw : it->second;
}

const Style& StyleSet::forSeverity(const std::string& raw) const {
  if (const auto it = severity.find(canonicalSeverity(raw)); it != severity.end()) return it->second;
  if (const auto it = severity.find("default"); it != severity.end()) return it->second;
  return fallback;
}

const Style& StyleSet::forCompare(const std::string& piece) const {
  const auto it = compare.find(piece);
  return it == compare.end() ? fallback : it->second;
}

const std::vector<std::string>* StyleSet::resultLabelColumns(const std::string& tableName) const {
  if (const auto it = resultLabels.find(tableName); it != resultLabels.end()) return &it->second;
  for (const auto& [name, columns] : resultLabels)
    if (!name.empty() && name[0] == '_' && tableName.size() > name.size() && tableName.compare(tableName.size() - name.size(), name.size(), name) == 0)
      return &columns;
  return nullptr;
}

std::string StyleSet::canonicalChange(const std::string& raw) const {
  const auto it = changeAliases.find(lower(raw));
  return it == changeAliases.end() ? std::string() : it->second;
}

}  // namespace sanxian::render
