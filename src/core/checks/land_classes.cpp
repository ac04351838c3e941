#include "core/checks/land_classes.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/roles.h"

namespace sanxian {

std::string LandClassGroup::title() const { return tr(zh.c_str(), en.c_str()); }

std::string LandClass::name() const { return tr(zh.c_str(), en.c_str()); }

std::string LandClassCatalog::defaultPath() { return RoleCatalog::defaultDirectory() + "/land_classes.yaml"; }

LandClassCatalog LandClassCatalog::loadDefault() { return load(defaultPath()); }

LandClassCatalog LandClassCatalog::load(const std::string& path) {
  LandClassCatalog catalog;
  catalog.path_ = path;
  std::string at;
  auto fail = [&](const std::string& why) {
    throwUsage(format(tr("地类文件 %s%s：%s", "land-class file %s%s: %s"), path.c_str(), at.c_str(), why.c_str()));
  };
  try {
    const YAML::Node root = YAML::LoadFile(path);
    if (!root["groups"] || !root["groups"].IsMap()) fail(tr("缺少 groups 段", "no 'groups' section"));
    for (const auto& g : root["groups"]) {
      LandClassGroup group;
      group.key = g.first.as<std::string>();
      at = " (groups." + group.key + ")";
      group.zh = g.second["zh"].as<std::string>("");
      group.en = g.second["en"].as<std::string>(group.zh);
      if (group.zh.empty()) fail(tr("缺少 zh", "no zh"));
      catalog.groups_.push_back(std::move(group));
    }
    if (!root["classes"] || !root["classes"].IsSequence()) fail(tr("缺少 classes 列表", "no 'classes' list"));
    for (const auto& c : root["classes"]) {
      LandClass landClass;
      landClass.code = c["code"].as<std::string>("");
      at = " (classes " + landClass.code + ")";
      if (landClass.code.empty()) fail(tr("缺少 code", "no code"));
      landClass.zh = c["name"].as<std::string>("");
      landClass.en = c["en"].as<std::string>(landClass.zh);
      if (landClass.zh.empty()) fail(tr("缺少 name", "no name"));
      if (c["groups"])
        for (const auto& g : c["groups"]) {
          const std::string key = g.as<std::string>();
          if (!catalog.group(key)) fail(format(tr("未知的分组 '%s'", "unknown group '%s'"), key.c_str()));
          landClass.groups.push_back(key);
        }
      if (catalog.find(landClass.code) && catalog.find(landClass.code)->code == landClass.code) fail(tr("编码重复", "code listed twice"));
      catalog.classes_.push_back(std::move(landClass));
    }
  } catch (const YAML::Exception& e) {
    fail(e.what());
  }
  return catalog;
}

const LandClass* LandClassCatalog::find(const std::string& raw) const {
  const std::string code = caseFolded(raw);
  const LandClass* best = nullptr;
  for (const LandClass& c : classes_) {
    const std::string mine = caseFolded(c.code);
    if (mine == code) return &c;
    if (mine.size() >= 2 && code.size() > mine.size() && code.compare(0, mine.size(), mine) == 0 && (!best || best->code.size() < mine.size()))
      best = &c;
  }
  return best;
}

const LandClassGroup* LandClassCatalog::group(const std::string& key) const {
  for (const LandClassGroup& g : groups_)
    if (g.key == key) return &g;
  return nullptr;
}

bool LandClassCatalog::inGroup(const LandClass& landClass, const std::string& name) const {
  const std::string wanted = caseFolded(name);
  return std::any_of(landClass.groups.begin(), landClass.groups.end(), [&](const std::string& key) {
    const LandClassGroup* g = group(key);
    return caseFolded(key) == wanted || (g && (g->zh == name || caseFolded(g->en) == wanted));
  });
}

}  // namespace sanxian
