#include "core/run/project_schema.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <vector>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/encoding.h"
#include "core/run/output_formats.h"
#include "core/run/tiles.h"

namespace sanxian {

void ProjectSchema::fail(const YAML::Node& at, const std::string& where, const std::string& what) const {
  const YAML::Mark mark = at.Mark();
  const std::string line = mark.is_null() ? std::string() : format(tr("第 %d 行，", "line %d, "), mark.line + 1);
  throwUsage(format("%s: %s%s%s", path_.c_str(), line.c_str(), where.empty() ? "" : (where + tr("：", ": ")).c_str(), what.c_str()));
}

void ProjectSchema::boundedSize(const YAML::Node& node, size_t depth) {
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

void ProjectSchema::map(const YAML::Node& node, const std::string& where) const {
  if (!node.IsMap()) fail(node, where, tr("须为映射（键: 值）", "must be a mapping (key: value)"));
}

void ProjectSchema::string(const YAML::Node& node, const std::string& where) const {
  if (!node.IsScalar() || node.Scalar().empty()) fail(node, where, tr("须为非空文本", "must be non-empty text"));
}

double ProjectSchema::number(const YAML::Node& node, const std::string& where, double least, double most) const {
  double v = 0;
  try {
    v = node.as<double>();
  } catch (const YAML::Exception&) {
    fail(node, where, tr("须为数", "must be a number"));
  }
  if (!std::isfinite(v) || v < least || v > most) fail(node, where, format(tr("须在 %g 与 %g 之间", "must be between %g and %g"), least, most));
  return v;
}

void ProjectSchema::boolean(const YAML::Node& node, const std::string& where) const {
  const std::string v = node.IsScalar() ? node.Scalar() : "";
  if (v != "true" && v != "false") fail(node, where, tr("须为 true 或 false", "must be true or false"));
}

void ProjectSchema::colour(const YAML::Node& node, const std::string& where) const {
  const std::string v = node.IsScalar() ? node.Scalar() : "";
  const bool hex = (v.size() == 7 || v.size() == 9) && v[0] == '#' &&
                   std::all_of(v.begin() + 1, v.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
  if (!hex && v != "none") fail(node, where, tr("须为颜色 #RRGGBB、#RRGGBBAA 或 none", "must be a colour #RRGGBB, #RRGGBBAA or none"));
}

void ProjectSchema::layerIds(const YAML::Node& node, const std::string& where, const std::set<std::string>& ids) const {
  if (!node.IsSequence()) fail(node, where, tr("须为图层 id 的列表", "must be a list of layer ids"));
  for (const auto& item : node) {
    string(item, where);
    if (!ids.count(item.Scalar())) fail(item, where, format(tr("未定义的图层 '%s'", "undefined layer '%s'"), item.Scalar().c_str()));
  }
}

void ProjectSchema::keys(const YAML::Node& node, const std::string& where, const std::set<std::string>& known) const {
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

namespace {


// The parameters each check type takes; the ones naming layers are checked against the project's ids.
const std::map<std::string, std::set<std::string>>& checkParameters() {
  static const std::map<std::string, std::set<std::string>> params = {
      {"audit", {"name", "type", "old", "new", "boundary", "match_field", "nature_field", "adjustments", "min_piece_area_m2"}},
      {"overlap", {"name", "type", "a", "b", "boundary", "rules", "min_piece_area_m2", "engine"}},
      {"site", {"name", "type", "site", "layers", "boundary", "rules", "min_piece_area_m2"}},
      {"shoreline", {"name", "type", "lines", "zones", "previous", "previous_zones", "boundary", "occupiers", "distance_m", "protected_zones"}},
      {"control_lines", {"name", "type", "redline", "farmland", "urban", "boundary", "rules", "min_piece_area_m2"}},
      {"landuse", {"name", "type", "zones", "zones_where", "landuse", "boundary", "rules", "min_piece_area_m2"}},
      {"indicators", {"name", "type", "set", "layers", "previous", "boundary", "gdp", "targets", "year", "previous_year", "definitions"}}};
  return params;
}

const std::map<std::string, std::vector<std::string>>& requiredParameters() {
  static const std::map<std::string, std::vector<std::string>> params = {
      {"audit", {"old", "new"}}, {"overlap", {"a", "b"}}, {"site", {"site"}}, {"shoreline", {"lines"}},
      {"control_lines", {"redline", "farmland", "urban"}}, {"landuse", {"zones", "landuse"}}, {"indicators", {}}};
  return params;
}

// One entry of layers: its keys, and the kinds of fields:, values: and towgs84:.
void checkLayerEntry(const std::pair<YAML::Node, YAML::Node>& entry, ProjectSchema& schema, std::set<std::string>& ids) {
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

// styles: {mining: {fill: "#8d6e6380", width: 1.5, opacity: 0.8, label: KSMC, labels: true, categories: KYQLX}} — the viewer's.
void checkStyles(const YAML::Node& styles, ProjectSchema& schema, const std::set<std::string>& ids) {
  schema.map(styles, "styles");
  schema.keys(styles, "styles", {});
  for (const auto& entry : styles) {
    const std::string id = entry.first.Scalar(), where = "styles." + id;
    if (!ids.count(id)) schema.fail(entry.first, "styles", format(tr("未定义的图层 '%s'", "undefined layer '%s'"), id.c_str()));
    schema.map(entry.second, where);
    schema.keys(entry.second, where, {"fill", "outline", "width", "opacity", "label", "labels", "categories"});
    for (const char* key : {"fill", "outline"})
      if (entry.second[key]) schema.colour(entry.second[key], where + "." + key);
    if (entry.second["width"]) schema.number(entry.second["width"], where + ".width", 0, 50);
    if (entry.second["opacity"]) schema.number(entry.second["opacity"], where + ".opacity", 0, 1);
    for (const char* key : {"label", "categories"})
      if (entry.second[key]) schema.string(entry.second[key], where + "." + key);
    if (entry.second["labels"]) schema.boolean(entry.second["labels"], where + ".labels");
  }
}

// view: {extent: [minx, miny, maxx, maxy], layers: [bottom, …, top], hidden: [id]} — the viewer's.
void checkView(const YAML::Node& view, ProjectSchema& schema, const std::set<std::string>& ids) {
  schema.map(view, "view");
  schema.keys(view, "view", {"extent", "layers", "hidden"});
  if (const YAML::Node extent = view["extent"]) {
    if (!extent.IsSequence() || extent.size() != 4)
      schema.fail(extent, "view.extent", tr("须为 4 个数 [minx, miny, maxx, maxy]", "must be 4 numbers [minx, miny, maxx, maxy]"));
    double v[4];
    for (size_t i = 0; i < 4; ++i) v[i] = schema.number(extent[i], "view.extent", -1e12, 1e12);
    if (v[2] <= v[0] || v[3] <= v[1]) schema.fail(extent, "view.extent", tr("须 minx < maxx 且 miny < maxy", "needs minx < maxx and miny < maxy"));
  }
  for (const char* key : {"layers", "hidden"})
    if (view[key]) schema.layerIds(view[key], std::string("view.") + key, ids);
}

// engine: (the project's, or an overlap check's): where overlaps run.
void engine(const YAML::Node& node, const std::string& where, const ProjectSchema& schema) {
  schema.string(node, where);
  if (node.Scalar() != "sanxian" && node.Scalar() != "postgis")
    schema.fail(node, where, tr("须为 sanxian 或 postgis", "must be sanxian or postgis"));
}

// checks: a list of {type, parameters}: known types, required and known
// parameters, numbers, lists and text where each is expected.
void checkChecks(const YAML::Node& checks, ProjectSchema& schema) {
  if (!checks.IsSequence())
    schema.fail(checks, "checks", tr("须为检查的列表（每项以 - 开头）", "must be a list of checks (one '- {…}' each)"));
  size_t n = 0;
  for (const auto& check : checks) {
    const std::string where = format("checks[%zu]", ++n);
    schema.map(check, where);
    if (!check["type"] || !check["type"].IsScalar())
      schema.fail(check, where, tr("需要 type（audit、overlap、site、shoreline、control_lines、landuse、indicators）", "needs a type (audit, overlap, site, shoreline, control_lines, landuse, indicators)"));
    const std::string type = check["type"].Scalar();
    const auto known = checkParameters().find(type);
    if (known == checkParameters().end())
      schema.fail(check["type"], where, format(tr("未知的检查类型 '%s'", "unknown check type '%s'"), type.c_str()));
    schema.keys(check, where + " (" + type + ")", known->second);
    for (const std::string& key : requiredParameters().at(type))
      if (!check[key]) schema.fail(check, where + " (" + type + ")", format(tr("缺少参数 %s", "parameter %s is missing"), key.c_str()));
    for (const auto& item : check) {
      const std::string key = item.first.Scalar();
      // indicators: layers / previous {role: layer id}, gdp {current, previous}, targets {id: number}.
      const bool mapping = type == "indicators" && (key == "layers" || key == "previous" || key == "gdp" || key == "targets");
      const bool list = !mapping && (key == "layers" || key == "occupiers" || key == "protected_zones");
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
      } else if (mapping) {
        schema.map(item.second, where + "." + key);
        if (key == "gdp") schema.keys(item.second, where + "." + key, {"current", "previous"});
        for (const auto& f : item.second) {
          const std::string here = where + "." + key + "." + f.first.Scalar();
          if (key == "layers" || key == "previous") {
            schema.string(f.second, here);
            continue;
          }
          double v = 0;
          try {
            v = f.second.as<double>();
          } catch (const YAML::Exception&) {
            schema.fail(f.second, here, tr("须为数", "must be a number"));
          }
          if (!std::isfinite(v)) schema.fail(f.second, here, tr("须为数", "must be a number"));
        }
      } else if (list) {
        if (!item.second.IsSequence() && !item.second.IsScalar())
          schema.fail(item.second, where + "." + key, tr("须为文本或文本的列表", "must be text or a list of text"));
        if (item.second.IsSequence())
          for (const auto& v : item.second) schema.string(v, where + "." + key);
      } else if (key == "engine") {
        engine(item.second, where + "." + key, schema);
      } else {
        schema.string(item.second, where + "." + key);
      }
    }
  }
}

}  // namespace

OutputFormats projectFormats(const YAML::Node& node, const ProjectSchema& schema) {
  // `formats: gpkg, csv`, `formats: [gpkg, csv]`, `formats: none` or `formats: []`.
  std::string text;
  if (node.IsSequence()) {
    for (const auto& item : node) {
      if (!item.IsScalar()) schema.fail(item, "formats", tr("须为格式名", "must be a format name"));
      text += item.Scalar() + ",";
    }
  } else if (node.IsScalar()) {
    text = node.Scalar();
  } else {
    schema.fail(node, "formats", tr("须为格式的列表（shp, gpkg, csv, xlsx, pdf）或 none", "must be a list of formats (shp, gpkg, csv, xlsx, pdf) or none"));
  }
  try {
    return parseOutputFormats(text, "");
  } catch (const Error& e) {
    schema.fail(node, "formats", e.message());
  }
}

void checkProjectSchema(const YAML::Node& root, ProjectSchema& schema) {
  schema.boundedSize(root);
  schema.map(root, "");
  schema.keys(root, "", {"name", "analysis_crs", "previous_ledger", "repair", "roles", "strict", "formats", "memory_limit", "tile_size_m", "engine", "layers",
                          "checks", "view", "styles"});
  if (const YAML::Node node = root["engine"]) engine(node, "engine", schema);
  if (const YAML::Node limit = root["memory_limit"]) {
    if (!limit.IsScalar()) schema.fail(limit, "memory_limit", tr("须为内存大小，如 4G、512M 或 none", "must be a memory size such as 4G, 512M or none"));
    try {
      parseMemorySize(limit.Scalar());
    } catch (const Error& e) {
      schema.fail(limit, "memory_limit", e.message());
    }
  }
  if (const YAML::Node size = root["tile_size_m"]) {
    double metres = 0;
    if (!size.IsScalar() || !YAML::convert<double>::decode(size, metres) || !(metres > 0))
      schema.fail(size, "tile_size_m", tr("须为正数（米）", "must be a positive number of metres"));
  }
  if (const YAML::Node formats = root["formats"]) projectFormats(formats, schema);
  if (const YAML::Node strict = root["strict"]) {
    bool flag = false;
    if (!strict.IsScalar() || !YAML::convert<bool>::decode(strict, flag))
      schema.fail(strict, "strict", tr("须为 true 或 false", "must be true or false"));
  }
  for (const char* key : {"name", "analysis_crs", "previous_ledger", "repair", "roles"})
    if (root[key]) schema.string(root[key], key);
  if (!root["layers"]) schema.fail(root, "", tr("缺少 layers 段", "no 'layers' section"));
  schema.map(root["layers"], "layers");
  std::set<std::string> ids;
  for (const auto& entry : root["layers"]) checkLayerEntry(entry, schema, ids);
  if (const YAML::Node styles = root["styles"]) checkStyles(styles, schema, ids);
  if (const YAML::Node view = root["view"]) checkView(view, schema, ids);
  if (root["checks"]) checkChecks(root["checks"], schema);  // a project may only load (sanxian info, the viewer)
}

}  // namespace sanxian
