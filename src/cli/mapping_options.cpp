#include "mapping_options.h"

#include "core/base/error.h"
#include "core/base/text.h"

namespace sanxian::cli {
namespace {

std::string trimmed(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

std::string optionName(const std::string& layer, const char* kind) { return layer.empty() ? std::string("--") + kind : "--" + layer + "-" + kind; }

}  // namespace

std::string fieldOption(const std::string& layer) { return optionName(layer, "field"); }

void LayerMappings::add(CLI::App* command, const std::string& layer, const std::string& what) {
  Given& given = given_[layer];
  command->add_option(optionName(layer, "field"), given.fields,
                      format(tr("%s的字段映射：角色字段=图层字段，如 code=id（可重复）", "field mapping of %s: ROLE_FIELD=LAYER_FIELD, e.g. code=id (repeatable)"),
                             what.c_str()))
      ->allow_extra_args(false);
  command->add_option(optionName(layer, "value"), given.values,
                      format(tr("%s的取值映射：角色字段=规范值:原值[,原值…]，如 zone=core:1,核心保护区（可重复）",
                                "value mapping of %s: ROLE_FIELD=VALUE:RAW[,RAW…], e.g. zone=core:1,核心保护区 (repeatable)"),
                             what.c_str()))
      ->allow_extra_args(false);
}

void LayerMappings::addRoles(CLI::App* command) {
  command->add_option("--roles", rolesFile_,
                      tr("自己的角色文件（与 layers/roles.yaml 格式相同），合并在内置定义之上", "a roles file of your own (as layers/roles.yaml), merged over the built-in one"));
}

void LayerMappings::apply(const std::string& layer, LoadOptions& options) const {
  options.fieldOption = fieldOption(layer);
  const auto it = given_.find(layer);
  if (it == given_.end()) return;
  for (const std::string& text : it->second.fields) {
    const auto eq = text.find('=');
    const std::string canonical = trimmed(text.substr(0, eq)), name = eq == std::string::npos ? "" : trimmed(text.substr(eq + 1));
    if (canonical.empty() || name.empty())
      throwUsage(format(tr("%s %s：须为 角色字段=图层字段，如 code=id", "%s %s: must be ROLE_FIELD=LAYER_FIELD, e.g. code=id"),
                        optionName(layer, "field").c_str(), text.c_str()));
    options.mapping.fields[canonical] = name;
  }
  for (const std::string& text : it->second.values) {
    const auto eq = text.find('=');
    const auto colon = eq == std::string::npos ? std::string::npos : text.find(':', eq + 1);
    const std::string field = trimmed(text.substr(0, eq));
    const std::string value = colon == std::string::npos ? "" : trimmed(text.substr(eq + 1, colon - eq - 1));
    std::vector<std::string> raws;
    if (colon != std::string::npos)
      for (size_t at = colon + 1; at <= text.size();) {
        const size_t comma = std::min(text.find(',', at), text.size());
        if (const std::string raw = trimmed(text.substr(at, comma - at)); !raw.empty()) raws.push_back(raw);
        at = comma + 1;
      }
    if (field.empty() || value.empty() || raws.empty())
      throwUsage(format(tr("%s %s：须为 角色字段=规范值:原值[,原值…]，如 zone=core:1,核心保护区",
                           "%s %s: must be ROLE_FIELD=VALUE:RAW[,RAW…], e.g. zone=core:1,核心保护区"),
                        optionName(layer, "value").c_str(), text.c_str()));
    auto& list = options.mapping.values[field][value];
    list.insert(list.end(), raws.begin(), raws.end());
  }
}

RoleCatalog LayerMappings::roles() const {
  const RoleCatalog builtIn = RoleCatalog::loadDefault();
  return rolesFile_.empty() ? builtIn : builtIn.mergedWith(rolesFile_);
}

}  // namespace sanxian::cli
