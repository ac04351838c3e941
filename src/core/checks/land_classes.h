// Land classes of the land-use survey (layers/land_classes.yaml): GB/T
// 21010-2017 as refined for the third national land survey — each class's
// code (DLBM), Chinese and English name and the groups it belongs to (its
// first-level class, 农用地 / 建设用地 / 未利用地, 湿地, 采矿用地). Reads the
// list and looks codes up; knows nothing about layers or geometry.
#pragma once

#include <string>
#include <vector>

namespace sanxian {

struct LandClassGroup {
  std::string key;  // ASCII: cultivated, construction, mining …
  std::string zh, en;
  std::string title() const;  // in the user's language
};

struct LandClass {
  std::string code;  // 0101, 05H1, 03 …
  std::string zh, en;
  std::vector<std::string> groups;  // group keys; the first is the class's own first-level group
  std::string name() const;  // in the user's language
};

class LandClassCatalog {
public:
  // Reads a land-class file; throws a usage error naming the file and the
  // entry when it is malformed or names an unknown group.
  static LandClassCatalog load(const std::string& path);
  // layers/land_classes.yaml beside roles.yaml.
  static LandClassCatalog loadDefault();
  static std::string defaultPath();

  // The class of a code as the data holds it: exact, else the longest
  // listed prefix of at least two characters (0201K → 0201, 1104A → 1104,
  // 0499 → 04); null when none.
  const LandClass* find(const std::string& code) const;
  const LandClassGroup* group(const std::string& key) const;
  // Whether the class is in the group named by its key or its Chinese or
  // English title (建设用地, construction).
  bool inGroup(const LandClass& landClass, const std::string& group) const;

  const std::string& path() const { return path_; }
  const std::vector<LandClassGroup>& groups() const { return groups_; }
  const std::vector<LandClass>& classes() const { return classes_; }

private:
  std::string path_;
  std::vector<LandClassGroup> groups_;
  std::vector<LandClass> classes_;
};

}  // namespace sanxian
