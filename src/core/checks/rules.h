// Rule lists ("一单", layers/rules.yaml): which overlaps between two layer
// roles are conflicts, how severe, what the report says, and which pairs
// count as near-misses within a distance. Reads and matches rules; knows
// nothing about geometry.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/io/layer.h"
#include "core/io/roles.h"

namespace sanxian {

// Worse is larger, so "worst severity" is a max.
enum class Severity { Notice = 1, Restricted = 2, Prohibited = 3 };

const char* severityKey(Severity severity);   // "notice", "restricted", "prohibited"
const char* severityText(Severity severity);  // 提示 / 限制 / 禁止 (or English)
// Reads 禁止 / 限制 / 提示 and prohibited / restricted / notice.
std::optional<Severity> parseSeverity(const std::string& text);

struct Rule {
  std::string id;
  std::string roleA, roleB;
  // canonical field → accepted values (canonical or raw)
  std::map<std::string, std::vector<std::string>> whereA, whereB;
  Severity severity = Severity::Notice;
  std::string nameZh, nameEn;  // short name shown where the id would be ("采矿权与生态保护红线重叠")
  std::string messageZh, messageEn;
  std::optional<double> withinMetres;  // set: a near-miss rule

  std::string name() const;     // in the user's language
  std::string message() const;  // in the user's language
  bool isNearMiss() const { return withinMetres.has_value(); }
};

// The rule applied to pairs of roles no rule names: any overlap is a notice.
const Rule& fallbackRule();

struct RuleList {
  std::string path;  // the file read ("" for a list built in code)
  std::vector<Rule> rules;

  // Reads a rule list; throws a usage error naming the file and the rule
  // at fault when it is malformed or names an unknown role or field.
  static RuleList load(const std::string& path, const RoleCatalog& roles);
  // layers/rules.yaml beside roles.yaml (RoleCatalog::defaultDirectory()).
  static RuleList loadDefault(const RoleCatalog& roles);
  static std::string defaultPath();

  // Whether any rule names this pair of roles, in either order.
  bool covers(const std::string& roleA, const std::string& roleB) const;
};

// One side of a pair as a rule sees it: a feature of a layer with a role.
struct RuleSubject {
  const Layer* layer = nullptr;
  const Feature* feature = nullptr;
  const RoleDef* role = nullptr;  // null when the layer has no role
};

// Whether the rule's filters for side A (or B) accept this feature. A role
// with a `group` field (land_use) derives it from its `class` through
// layers/land_classes.yaml, and its `class` also matches a code prefix.
bool accepts(const std::map<std::string, std::vector<std::string>>& where, const RuleSubject& subject);

// The first overlap rule matching the pair (in either orientation), the
// fallback rule when no rule names these roles, or null when rules name
// the roles but none accepts this pair (no conflict). A rule whose filter
// looks at a value that is empty, unknown to the value map or missing from
// the layer might apply: it is taken (rules go from strict to mild, so an
// unknown licence kind is not the mild exploration rule) and `undecided`
// says which value was unknown, for the report.
const Rule* matchOverlapRule(const RuleList& list, const RuleSubject& a, const RuleSubject& b, std::string* undecided = nullptr);
// The first near-miss rule matching the pair whose distance reaches
// `distance` (metres); null when none.
const Rule* matchNearRule(const RuleList& list, const RuleSubject& a, const RuleSubject& b, double distance);
// The largest near-miss distance of any rule that could apply to these roles (0 when none).
double maxNearDistance(const RuleList& list, const std::string& roleA, const std::string& roleB);

}  // namespace sanxian
