#include "core/checks/rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/land_classes.h"

namespace sanxian {
namespace {

std::string trimmed(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  const auto end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

std::string foldAscii(const std::string& s) {
  std::string out = trimmed(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::map<std::string, std::vector<std::string>> readWhere(const YAML::Node& node) {
  std::map<std::string, std::vector<std::string>> where;
  if (!node) return where;
  for (const auto& entry : node) {
    auto& values = where[entry.first.as<std::string>()];
    if (entry.second.IsSequence())
      for (const auto& v : entry.second) values.push_back(v.as<std::string>());
    else
      values.push_back(entry.second.as<std::string>());
  }
  return where;
}

bool rolesMatch(const Rule& rule, const RuleSubject& a, const RuleSubject& b) {
  return a.role && b.role && rule.roleA == a.role->name && rule.roleB == b.role->name;
}

// The rule in the orientation it was written, or with the sides swapped.
bool applies(const Rule& rule, const RuleSubject& a, const RuleSubject& b) {
  if (rolesMatch(rule, a, b) && accepts(rule.whereA, a) && accepts(rule.whereB, b)) return true;
  return rolesMatch(rule, b, a) && accepts(rule.whereA, b) && accepts(rule.whereB, a);
}

enum class Verdict { Yes, No, Unknown };

// The land classes of layers/land_classes.yaml, read once when a rule first
// looks at a land-class group.
const LandClassCatalog& landClasses() {
  static const LandClassCatalog catalog = LandClassCatalog::loadDefault();
  return catalog;
}

// A role with a `group` field derives it from its `class` (layers/roles.yaml:
// land_use): `group` is judged by the class's groups in the land-class file,
// and `class` also matches a code prefix ("06" is every 工矿用地 class).
// Empty when the field is an ordinary one.
std::optional<Verdict> judgeLandClass(const std::string& field, const std::vector<std::string>& accepted, const RuleSubject& subject,
                                      std::string& unknown) {
  if ((field != "group" && field != "class") || !subject.role->field("group") || !subject.role->field("class")) return std::nullopt;
  const FieldDef* classDef = subject.role->field("class");
  const bool present = subject.layer->roleMatch && subject.layer->roleMatch->columns.count("class");
  const std::string code = present ? trimmed(subject.layer->roleValue(*subject.feature, "class")) : std::string();
  if (code.empty()) {
    unknown = format(present ? tr("%s为空", "%s is empty") : tr("图层没有%s字段", "the layer has no %s field"), classDef->title().c_str());
    return Verdict::Unknown;
  }
  if (field == "class") {
    const bool ok = std::any_of(accepted.begin(), accepted.end(), [&](const std::string& v) {
      const std::string prefix = foldAscii(v);
      return !prefix.empty() && foldAscii(code).compare(0, prefix.size(), prefix) == 0;
    });
    return ok ? Verdict::Yes : Verdict::No;
  }
  const LandClass* landClass = landClasses().find(code);
  if (!landClass) {
    unknown = format(tr("%s“%s”不在地类文件中", "%s '%s' is not in the land-class file"), classDef->title().c_str(), code.c_str());
    return Verdict::Unknown;
  }
  const bool ok = std::any_of(accepted.begin(), accepted.end(), [&](const std::string& g) { return landClasses().inGroup(*landClass, g); });
  return ok ? Verdict::Yes : Verdict::No;
}

// Whether the filters accept the feature; Unknown when a value they look at
// is empty, not one the role's value map knows, or not in the layer at all.
Verdict judge(const std::map<std::string, std::vector<std::string>>& where, const RuleSubject& subject, std::string& unknown) {
  if (where.empty()) return Verdict::Yes;
  if (!subject.role || !subject.layer || !subject.feature) return Verdict::No;
  Verdict verdict = Verdict::Yes;
  for (const auto& [field, accepted] : where) {
    if (const std::optional<Verdict> v = judgeLandClass(field, accepted, subject, unknown)) {
      if (*v == Verdict::No) return Verdict::No;
      if (*v == Verdict::Unknown) verdict = Verdict::Unknown;
      continue;
    }
    const FieldDef* def = subject.role->field(field);
    if (!def) return Verdict::No;
    const bool present = subject.layer->roleMatch && subject.layer->roleMatch->columns.count(field);
    const std::string raw = present ? subject.layer->roleValue(*subject.feature, field) : std::string();
    const std::string mapped = def->mapValue(raw);
    const bool known = !raw.empty() && (def->values.empty() || def->values.count(mapped));
    if (!known) {
      verdict = Verdict::Unknown;
      unknown = format(present ? (raw.empty() ? tr("%s为空", "%s is empty") : tr("%s的值“%s”无法识别", "%s has an unknown value '%s'"))
                               : tr("图层没有%s字段", "the layer has no %s field"),
                       def->title().c_str(), raw.c_str());
      continue;
    }
    const bool ok = std::any_of(accepted.begin(), accepted.end(), [&](const std::string& v) {
      return foldAscii(v) == foldAscii(mapped) || foldAscii(v) == foldAscii(raw);
    });
    if (!ok) return Verdict::No;
  }
  return verdict;
}

// The rule applies (Yes), does not (No), or might: a value it looks at is unknown.
Verdict mightApply(const Rule& rule, const RuleSubject& a, const RuleSubject& b, std::string& unknown) {
  Verdict best = Verdict::No;
  for (const auto& [x, y] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
    if (!rolesMatch(rule, *x, *y)) continue;
    std::string why;
    const Verdict va = judge(rule.whereA, *x, why), vb = judge(rule.whereB, *y, why);
    if (va == Verdict::No || vb == Verdict::No) continue;
    if (va == Verdict::Yes && vb == Verdict::Yes) return Verdict::Yes;
    best = Verdict::Unknown;
    unknown = why;
  }
  return best;
}

using FailFn = std::function<void(const std::string& why)>;

// where_a / where_b map fields to a value or a list of values; id, a, b,
// severity and within_m are single values.
void checkRuleShape(const YAML::Node& node, const FailFn& fail) {
  for (const char* key : {"where_a", "where_b"}) {
    const YAML::Node where = node[key];
    if (!where) continue;
    bool shaped = where.IsMap();
    for (const auto& entry : shaped ? where : YAML::Node()) {
      shaped = shaped && entry.first.IsScalar() && (entry.second.IsScalar() || entry.second.IsSequence());
      if (shaped && entry.second.IsSequence())
        for (const auto& v : entry.second) shaped = shaped && v.IsScalar();
    }
    if (!shaped)
      fail(format(tr("%s 须为“字段: 值或值的列表”的映射，如 {zone: [core]}", "%s must map fields to a value or a list of values, e.g. {zone: [core]}"), key));
  }
  for (const char* key : {"id", "a", "b", "severity", "within_m"})
    if (node[key] && !node[key].IsScalar()) fail(format(tr("%s 须为单个值", "%s must be a single value"), key));
}

// The rule's message and short name, in Chinese and English; without a
// name, the roles' titles say what it is about.
void readRuleTexts(const YAML::Node& node, const RoleCatalog& roles, Rule& rule) {
  const YAML::Node message = node["message"];
  if (message && message.IsScalar()) {
    rule.messageZh = rule.messageEn = message.as<std::string>();
  } else if (message) {
    rule.messageZh = message["zh"].as<std::string>("");
    rule.messageEn = message["en"].as<std::string>(rule.messageZh);
  }
  const YAML::Node name = node["name"];
  if (name && name.IsScalar()) {
    rule.nameZh = rule.nameEn = name.as<std::string>();
  } else if (name) {
    rule.nameZh = name["zh"].as<std::string>("");
    rule.nameEn = name["en"].as<std::string>(rule.nameZh);
  }
  if (rule.nameZh.empty()) {
    const RoleDef& a = roles.get(rule.roleA);
    const RoleDef& b = roles.get(rule.roleB);
    rule.nameZh = a.titleZh + "与" + b.titleZh + (node["within_m"] ? "临近" : "重叠");
    if (rule.nameEn.empty()) rule.nameEn = a.titleEn + (node["within_m"] ? " near " : " × ") + b.titleEn;
  }
}

}  // namespace

const char* severityKey(Severity severity) {
  switch (severity) {
    case Severity::Notice: return "notice";
    case Severity::Restricted: return "restricted";
    case Severity::Prohibited: return "prohibited";
  }
  return "";
}

const char* severityText(Severity severity) {
  switch (severity) {
    case Severity::Notice: return tr("提示", "notice");
    case Severity::Restricted: return tr("限制", "restricted");
    case Severity::Prohibited: return tr("禁止", "prohibited");
  }
  return "";
}

std::optional<Severity> parseSeverity(const std::string& text) {
  const std::string t = foldAscii(text);
  if (t == "禁止" || t == "prohibited") return Severity::Prohibited;
  if (t == "限制" || t == "restricted") return Severity::Restricted;
  if (t == "提示" || t == "notice") return Severity::Notice;
  return std::nullopt;
}

std::string Rule::name() const { return tr(nameZh.c_str(), nameEn.c_str()); }

std::string Rule::message() const { return tr(messageZh.c_str(), messageEn.c_str()); }

const Rule& fallbackRule() {
  static const Rule rule = [] {
    Rule r;
    r.id = "overlap";
    r.severity = Severity::Notice;
    r.nameZh = "图层重叠（无对应规则）";
    r.nameEn = "Overlap (no rule for these roles)";
    r.messageZh = "两图层要素重叠（规则清单中没有这两类图层的规则）";
    r.messageEn = "Features of the two layers overlap (the rule list has no rule for these roles)";
    return r;
  }();
  return rule;
}

std::string RuleList::defaultPath() { return RoleCatalog::defaultDirectory() + "/rules.yaml"; }

RuleList RuleList::loadDefault(const RoleCatalog& roles) { return load(defaultPath(), roles); }

RuleList RuleList::load(const std::string& path, const RoleCatalog& roles) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throwUsage(format(tr("无法读取规则清单 %s：%s", "cannot read rule list %s: %s"), path.c_str(), e.what()));
  }
  RuleList list;
  list.path = path;
  size_t n = 0;
  std::string at;
  auto fail = [&](const std::string& why) {
    throwUsage(format(tr("规则清单 %s 第 %zu 条规则%s：%s", "rule list %s, rule %zu%s: %s"), path.c_str(), n, at.c_str(), why.c_str()));
  };
  try {
    if (!root["rules"] || !root["rules"].IsSequence()) {
      at.clear();
      n = 0;
      fail(tr("缺少 rules 列表", "no 'rules' list"));
    }
    for (const auto& node : root["rules"]) {
      ++n;
      at.clear();
      if (!node.IsMap())
        fail(tr("须为映射，如 {id: …, a: mining, b: redline, severity: 禁止}", "must be a mapping, e.g. {id: …, a: mining, b: redline, severity: prohibited}"));
      checkRuleShape(node, fail);
      Rule rule;
      rule.id = node["id"].as<std::string>("");
      at = rule.id.empty() ? "" : " (" + rule.id + ")";
      if (rule.id.empty()) fail(tr("缺少 id", "no id"));
      rule.roleA = node["a"].as<std::string>("");
      rule.roleB = node["b"].as<std::string>("");
      for (const std::string* role : {&rule.roleA, &rule.roleB}) {
        if (role->empty()) fail(tr("需要 a 和 b 两个角色", "needs both roles a and b"));
        if (!roles.find(*role)) fail(format(tr("未知的图层角色 '%s'", "unknown role '%s'"), role->c_str()));
      }
      rule.whereA = readWhere(node["where_a"]);
      rule.whereB = readWhere(node["where_b"]);
      for (const auto& [where, role] : {std::pair{&rule.whereA, &rule.roleA}, std::pair{&rule.whereB, &rule.roleB}})
        for (const auto& [field, values] : *where)
          if (!roles.get(*role).field(field))
            fail(format(tr("角色 %s 没有字段 '%s'", "role %s has no field '%s'"), role->c_str(), field.c_str()));
      const auto severity = parseSeverity(node["severity"].as<std::string>(""));
      if (!severity) fail(tr("severity 须为 禁止 / 限制 / 提示", "severity must be 禁止 / 限制 / 提示 (prohibited / restricted / notice)"));
      rule.severity = *severity;
      readRuleTexts(node, roles, rule);
      if (node["within_m"]) {
        double d = -1;
        try {
          d = node["within_m"].as<double>();
        } catch (const YAML::Exception&) {
        }
        if (!std::isfinite(d) || d < 0) fail(tr("within_m 须为非负数", "within_m must be a non-negative number"));
        rule.withinMetres = d;
      }
      list.rules.push_back(std::move(rule));
    }
  } catch (const YAML::Exception& e) {
    fail(format(tr("第 %d 行写法不符合规则清单的格式（参照 layers/rules.yaml；yaml-cpp：%s）",
                   "line %d is not written as a rule list expects (see layers/rules.yaml; yaml-cpp: %s)"),
                e.mark.line + 1, e.msg.c_str()));
  }
  return list;
}

bool RuleList::covers(const std::string& roleA, const std::string& roleB) const {
  return std::any_of(rules.begin(), rules.end(), [&](const Rule& r) {
    return (r.roleA == roleA && r.roleB == roleB) || (r.roleA == roleB && r.roleB == roleA);
  });
}

bool accepts(const std::map<std::string, std::vector<std::string>>& where, const RuleSubject& subject) {
  if (where.empty()) return true;
  if (!subject.role || !subject.layer || !subject.feature) return false;
  for (const auto& [field, accepted] : where) {
    std::string unknown;
    if (const std::optional<Verdict> v = judgeLandClass(field, accepted, subject, unknown)) {
      if (*v != Verdict::Yes) return false;
      continue;
    }
    const FieldDef* def = subject.role->field(field);
    if (!def || !subject.layer->roleMatch || !subject.layer->roleMatch->columns.count(field)) return false;
    const std::string& raw = subject.layer->roleValue(*subject.feature, field);
    const std::string mapped = def->mapValue(raw);
    const bool ok = std::any_of(accepted.begin(), accepted.end(), [&](const std::string& v) {
      return foldAscii(v) == foldAscii(mapped) || foldAscii(v) == foldAscii(raw);
    });
    if (!ok) return false;
  }
  return true;
}

const Rule* matchOverlapRule(const RuleList& list, const RuleSubject& a, const RuleSubject& b, std::string* undecided) {
  bool named = false;
  for (const Rule& rule : list.rules) {
    if (rule.isNearMiss()) continue;
    if (rolesMatch(rule, a, b) || rolesMatch(rule, b, a)) named = true;
    std::string unknown;
    const Verdict v = mightApply(rule, a, b, unknown);
    if (v == Verdict::Yes) return &rule;
    // A value this rule looks at is unknown: the earlier (stricter) rule
    // applies, and the piece says why, instead of a milder rule silently.
    if (v == Verdict::Unknown) {
      if (undecided) *undecided = unknown;
      return &rule;
    }
  }
  return named ? nullptr : &fallbackRule();
}

const Rule* matchNearRule(const RuleList& list, const RuleSubject& a, const RuleSubject& b, double distance) {
  for (const Rule& rule : list.rules)
    if (rule.isNearMiss() && distance <= *rule.withinMetres && applies(rule, a, b)) return &rule;
  return nullptr;
}

double maxNearDistance(const RuleList& list, const std::string& roleA, const std::string& roleB) {
  double d = 0;
  for (const Rule& rule : list.rules)
    if (rule.isNearMiss() && ((rule.roleA == roleA && rule.roleB == roleB) || (rule.roleA == roleB && rule.roleB == roleA)))
      d = std::max(d, *rule.withinMetres);
  return d;
}

}  // namespace sanxian
