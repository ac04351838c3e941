#include "core/io/field_mapping.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/suggest.h"

namespace sanxian {

namespace fs = std::filesystem;

namespace {

// Where the user gave the mapping, at the head of a message about it:
// "project file p.yaml, layer redline: " or "--old-field: ".
std::string mappingPlace(const LoadOptions& options, const char* key) {
  if (!options.projectFile.empty())
    return format(tr("项目文件 %s 中图层 %s 的 %s：", "project file %s, layer %s, %s: "), options.projectFile.c_str(), options.layerId.c_str(), key);
  if (!options.fieldOption.empty()) {
    std::string option = options.fieldOption;
    if (std::string(key) == "values") option.replace(option.size() - 5, 5, "value");
    return option + tr("：", ": ");
  }
  return std::string(key) + tr("：", ": ");
}

[[noreturn]] void mappingError(const Layer& layer, const LoadOptions& options, const char* key, const std::string& what) {
  throw Error(Error::Kind::Usage, mappingPlace(options, key) + what, {layer.source, layer.layerName});
}

// The layer's field a mapping names, any ASCII case; -1 when none.
int columnNamed(const Layer& layer, const std::string& name) {
  const int exact = layer.fieldIndex(name);
  if (exact >= 0) return exact;
  for (size_t i = 0; i < layer.fields.size(); ++i)
    if (caseFolded(layer.fields[i]) == caseFolded(name)) return static_cast<int>(i);
  return -1;
}

// The mapping names only role fields and layer fields that exist, and only canonical values the role knows.
void checkMapping(const Layer& layer, const LoadOptions& options, const RoleDef& role) {
  const FieldMapping& m = options.mapping;
  auto roleField = [&](const std::string& canonical, const char* key) -> const FieldDef& {
    const FieldDef* def = role.field(canonical);
    if (!def)
      mappingError(layer, options, key,
                   format(tr("“%s”不是角色 %s 的字段（可用：%s）", "'%s' is not a field of the role %s (its fields: %s)"), canonical.c_str(),
                          role.name.c_str(), role.fieldNames().c_str()));
    return *def;
  };
  for (const auto& [canonical, name] : m.fields) {
    roleField(canonical, "fields");
    if (columnNamed(layer, name) >= 0) continue;
    mappingError(layer, options, "fields",
                 format(tr("图层中没有字段“%s”。图层中的字段及样例值：%s", "the layer has no field '%s'. Its fields, with sample values: %s"),
                        name.c_str(), describeFields(sampleFields(layer)).c_str()));
  }
  for (const auto& [canonical, byValue] : m.values) {
    const FieldDef& def = roleField(canonical, "values");
    if (def.values.empty()) continue;  // a field without a value map takes any canonical value
    for (const auto& [value, raw] : byValue) {
      if (def.values.count(value)) continue;
      std::string known;
      for (const auto& [k, spellings] : def.values) known += (known.empty() ? "" : ", ") + k;
      mappingError(layer, options, "values",
                   format(tr("“%s”不是%s的规范值（可用：%s）", "'%s' is not a canonical value of %s (known: %s)"), value.c_str(),
                          def.title().c_str(), known.c_str()));
    }
  }
}

// Writes the raw values the user gave a meaning (FieldDef::addedValues) as
// their canonical value, and says so in one issue per field.
void writeCanonicalValues(Layer& layer, const RoleDef& role, const RoleMatch& match) {
  for (const auto& [canonical, column] : match.columns) {
    const FieldDef* def = role.field(canonical);
    if (!def || def->addedValues.empty()) continue;
    std::map<std::string, std::string> meaning;  // folded raw → canonical
    // The layer's own spellings were put first: they win over a roles file's.
    for (const auto& [value, raws] : def->addedValues)
      for (const auto& raw : raws) meaning.emplace(caseFolded(raw), value);
    std::map<std::pair<std::string, std::string>, size_t> written;
    for (Feature& f : layer.features) {
      if (size_t(column) >= f.values.size() || (size_t(column) < f.isNull.size() && f.isNull[column])) continue;
      std::string& v = f.values[column];
      const auto it = meaning.find(caseFolded(v));
      if (it == meaning.end() || v == it->second) continue;
      ++written[{caseFolded(v), it->second}];
      v = it->second;
    }
    if (written.empty()) continue;
    std::string list;
    size_t features = 0;
    for (const auto& [pair, n] : written) {
      list += (list.empty() ? "" : tr("、", ", ")) + pair.first + " → " + pair.second;
      features += n;
    }
    layer.issues.push_back({LoadIssue::Kind::ValuesMapped, std::nullopt,
                            format(tr("字段 %s（%s）的值按映射写为规范值：%s，共 %zu 个要素",
                                      "values of field %s (%s) written as their canonical value by the mapping: %s, %zu features"),
                                   layer.fields[column].c_str(), def->title().c_str(), list.c_str(), features)});
  }
}

[[noreturn]] void missingRequired(const Layer& layer, const LoadOptions& options, const RoleDef& role, const RoleMatch& match) {
  std::string missing, closest;
  std::vector<std::pair<std::string, std::string>> advice;
  std::vector<std::string> taken;
  for (const auto& [canonical, name] : match.sourceNames) taken.push_back(name);
  for (const auto& m : match.missingRequired) {
    const FieldDef* field = role.field(m);
    std::string spellings;
    for (size_t i = 0; i < field->spellings.size() && i < 6; ++i) spellings += (i ? "/" : "") + field->spellings[i];
    if (field->spellings.size() > 6) spellings += "/…";
    missing += (missing.empty() ? "" : tr("；", "; ")) + field->title() + tr("（已找写法：", " (looked for ") + spellings + tr("）", ")");
    const std::vector<FieldCandidate> candidates = fieldCandidates(layer, role, m, taken);
    if (candidates.empty()) {
      closest += format(tr("没有字段像%s，请从上面的字段中选一个。", "No field looks like the %s: pick one of the fields above. "), field->title().c_str());
      advice.emplace_back(m, tr("字段名", "FIELD"));
      continue;
    }
    const FieldCandidate& best = candidates.front();
    taken.push_back(best.field);
    closest += format(tr("最像%s的是 %s（%s）。", "The closest to the %s is %s (%s). "), field->title().c_str(), best.field.c_str(), best.reason().c_str());
    advice.emplace_back(m, best.field);
  }
  throwInput(format(tr("作为“%s”缺少必需字段：%s。图层中的字段及样例值：%s。%s映射方法：%s",
                       "as '%s' the layer lacks required fields: %s. Fields found, with sample values: %s. %sTo map it: %s"),
                    role.title().c_str(), missing.c_str(), describeFields(sampleFields(layer)).c_str(), closest.c_str(),
                    mappingAdvice(options, advice).c_str()),
             {layer.source, layer.layerName});
}

}  // namespace

std::string mappingAdvice(const LoadOptions& options, const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string line, option;
  for (const auto& [canonical, name] : fields) {
    line += (line.empty() ? "" : ", ") + canonical + ": " + name;
    option += (option.empty() ? "" : " ") + (options.fieldOption.empty() ? std::string("--X-field") : options.fieldOption) + " " + canonical + "=" + name;
  }
  const std::string yaml = "fields: {" + line + "}";
  if (!options.projectFile.empty())
    return language() == Language::English
               ? format("add the line %s under the layer %s in the project file %s", yaml.c_str(), options.layerId.c_str(), options.projectFile.c_str())
               : format("在项目文件 %s 的图层 %s 下加一行 %s", options.projectFile.c_str(), options.layerId.c_str(), yaml.c_str());
  if (!options.fieldOption.empty())
    return format(tr("加选项 %s（或在项目文件中该图层下写 %s）", "add the option %s (or, in a project file, %s under the layer)"), option.c_str(), yaml.c_str());
  return format(tr("在项目文件中该图层下写 %s，或在命令行用 %s（X 为图层参数名，如 --old-field）",
                   "write %s under the layer in the project file, or on the command line %s (X: the layer's option, e.g. --old-field)"),
                yaml.c_str(), option.c_str());
}

bool isSanxianResult(const std::string& source, const std::vector<std::string>& fields) {
  std::set<std::string> names;
  for (const std::string& f : fields) names.insert(caseFolded(f));
  const auto has = [&](std::initializer_list<const char*> any) {
    return std::any_of(any.begin(), any.end(), [&](const char* n) { return names.count(n) > 0; });
  };
  if (has({"finding_id"}) || (has({"area_m2"}) && has({"pl_area_m2", "planar_area_m2"})) ||
      (has({"length_m"}) && has({"pl_len_m", "planar_length_m"})))
    return true;
  // The dictionary the Shapefile writer puts beside NAME.shp, NAME_lines.shp and NAME_2.shp.
  std::error_code ec;
  const fs::path path(source);
  if (!fs::is_regular_file(path, ec)) return false;
  std::string stem = path.stem().string();
  std::vector<std::string> bases = {stem};
  if (stem.size() > 6 && stem.compare(stem.size() - 6, 6, "_lines") == 0) bases.push_back(stem.substr(0, stem.size() - 6));
  const size_t underscore = stem.rfind('_');
  if (underscore != std::string::npos && underscore + 1 < stem.size() &&
      std::all_of(stem.begin() + static_cast<long>(underscore) + 1, stem.end(), [](char c) { return c >= '0' && c <= '9'; }))
    bases.push_back(stem.substr(0, underscore));
  for (const std::string& base : bases) {
    std::ifstream in(path.parent_path() / (base + "_fields.csv"), std::ios::binary);
    std::string header;
    if (!in || !std::getline(in, header)) continue;
    if (header.rfind("\xEF\xBB\xBF", 0) == 0) header.erase(0, 3);
    if (!header.empty() && header.back() == '\r') header.pop_back();
    if (header == "field,name_zh,name_en,type") return true;
  }
  return false;
}

std::optional<RoleMatch> applyRole(Layer& layer, const LoadOptions& options, const RoleCatalog& roles, GeometryKind geometry) {
  const FieldMapping& mapping = options.mapping;
  const RoleDef* base = nullptr;
  if (options.role) {
    base = &roles.get(*options.role);
  } else if (!mapping.fields.empty() || !mapping.values.empty()) {
    // A mapping without a role: the likeliest role that has every field it names.
    const std::optional<RoleMatch> guessed = roles.guess(layer.fields, geometry, mapping);
    if (!guessed)
      mappingError(layer, options, mapping.fields.empty() ? "values" : "fields",
                   tr("没有哪个角色同时有这些字段且与图层相符，请指定图层角色", "no role has all these fields and fits the layer: name the layer's role"));
    base = &roles.get(guessed->role);
  } else {
    if (isSanxianResult(options.source, layer.fields)) return std::nullopt;
    std::optional<RoleMatch> guessed = roles.guess(layer.fields, geometry, mapping);
    if (guessed) writeCanonicalValues(layer, roles.get(guessed->role), *guessed);
    return guessed;
  }
  checkMapping(layer, options, *base);
  const RoleDef role = withMapping(*base, mapping);
  RoleMatch match = RoleCatalog::match(role, layer.fields, mapping);
  if (!match.missingRequired.empty()) missingRequired(layer, options, role, match);
  writeCanonicalValues(layer, role, match);
  return match;
}

}  // namespace sanxian
