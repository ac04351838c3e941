#include "core/io/suggest.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <regex>
#include <set>

#include "core/base/text.h"

namespace sanxian {
namespace {

// Evidence below this is not a candidate.
constexpr double kThreshold = 0.3;
// Values looked at per field: enough to judge, bounded for provincial layers.
constexpr size_t kMostFeatures = 2000;
// A field with more distinct values is not a coded field: no value map is inferred for it.
constexpr size_t kMostCodedValues = 50;

std::u32string codePoints(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    char32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

size_t characters(const std::string& s) { return codePoints(s).size(); }

// The first `most` characters of a long text, with "…".
std::string shortened(const std::string& s, size_t most) {
  size_t bytes = 0, chars = 0;
  while (bytes < s.size() && chars < most) {
    const unsigned char c = static_cast<unsigned char>(s[bytes]);
    bytes += c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    ++chars;
  }
  return bytes >= s.size() ? s : s.substr(0, bytes) + "…";
}

// 1 − edit distance / longer length, on characters.
double similarity(const std::u32string& a, const std::u32string& b) {
  if (a.empty() || b.empty()) return 0;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return 1.0 - static_cast<double>(row[b.size()]) / std::max(a.size(), b.size());
}

// A field name as compared: folded, without separators.
std::u32string nameKey(const std::string& name) {
  std::string folded = caseFolded(name);
  std::erase_if(folded, [](char c) { return c == '_' || c == '-' || c == ' ' || c == '.'; });
  return codePoints(folded);
}

bool isNumber(const std::string& v) {
  if (v.empty()) return false;
  char* end = nullptr;
  std::strtod(v.c_str(), &end);
  return end && *end == '\0';
}

bool isCode(const std::string& v) {
  // 1, 2, 3 are class codes (a value map's), not identifiers.
  if (v.size() < 3 || v.size() > 40) return false;
  bool digit = false;
  for (char c : v) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isdigit(u)) digit = true;
    else if (!std::isalpha(u) && c != '-' && c != '_' && c != '.' && c != '/') return false;
  }
  // A decimal number is a measure, not a code.
  return digit && !(v.find('.') != std::string::npos && isNumber(v));
}

bool isDate(const std::string& v) {
  static const std::regex date(R"(^\d{4}(-|/|\.|年)\d{1,2}(-|/|\.|月)\d{1,2}(日)?([ T].*)?$)");
  return std::regex_match(v, date);
}

bool isText(const std::string& v) {
  if (v.empty() || isNumber(v) || isDate(v)) return false;
  if (std::any_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80 || c == ' '; })) return true;
  return std::any_of(v.begin(), v.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }) && !isCode(v);
}

// A date as text that sorts: "2042/10/24" → "2042-10-24".
std::string sortableDate(const std::string& v) {
  static const std::regex date(R"(^(\d{4})(?:-|/|\.|年)(\d{1,2})(?:-|/|\.|月)(\d{1,2}).*$)");
  std::smatch m;
  if (!std::regex_match(v, m, date)) return {};
  return format("%s-%02d-%02d", m[1].str().c_str(), std::atoi(m[2].str().c_str()), std::atoi(m[3].str().c_str()));
}

// The values of one field, as looked at.
struct Profile {
  std::string name, type;
  std::vector<std::string> values;  // non-empty, trimmed, from at most kMostFeatures features
  std::set<std::string> distinct;
  std::vector<std::string> firstDistinct;  // in feature order

  template <class Test>
  double share(Test test) const {
    if (values.empty()) return 0;
    return static_cast<double>(std::count_if(values.begin(), values.end(), test)) / values.size();
  }
};

std::vector<Profile> profiles(const Layer& layer) {
  std::vector<Profile> out(layer.fields.size());
  const size_t n = layer.features.size();
  const size_t stride = std::max<size_t>(1, n / kMostFeatures);
  for (size_t c = 0; c < layer.fields.size(); ++c) {
    out[c].name = layer.fields[c];
    out[c].type = c < layer.fieldTypes.size() ? layer.fieldTypes[c] : "String";
  }
  for (size_t i = 0; i < n; i += stride) {
    const Feature& f = layer.features[i];
    for (size_t c = 0; c < out.size() && c < f.values.size(); ++c) {
      if (c < f.isNull.size() && f.isNull[c]) continue;
      std::string v = f.values[c];
      const auto begin = v.find_first_not_of(" \t\r\n");
      if (begin == std::string::npos) continue;
      v = v.substr(begin, v.find_last_not_of(" \t\r\n") - begin + 1);
      if (out[c].distinct.insert(v).second) out[c].firstDistinct.push_back(v);
      out[c].values.push_back(std::move(v));
    }
  }
  return out;
}

bool numericType(const std::string& type) { return type == "Integer" || type == "Integer64" || type == "Real"; }
bool dateType(const std::string& type) { return type == "Date" || type == "DateTime"; }

const char* typeWord(ValueShape::Type type) {
  switch (type) {
    case ValueShape::Type::Code: return tr("编号", "codes");
    case ValueShape::Type::Text: return tr("文字", "text");
    case ValueShape::Type::Number: return tr("数值", "numbers");
    case ValueShape::Type::Date: return tr("日期", "dates");
    case ValueShape::Type::Any: break;
  }
  return "";
}

// The canonical value a raw value the role does not know seems to mean, or "".
std::string closestCanonical(const FieldDef& def, const std::string& raw) {
  const std::u32string key = codePoints(caseFolded(raw));
  std::string best;
  double bestScore = 0;
  for (const auto& [canonical, spellings] : def.values) {
    std::vector<std::string> names = spellings;
    names.push_back(canonical);
    for (const auto& s : names) {
      const std::u32string other = codePoints(caseFolded(s));
      double score = similarity(key, other);
      // One inside the other (核心保护区域, 核心保护区), not a long text that mentions it.
      const size_t shorter = std::min(key.size(), other.size()), longer = std::max(key.size(), other.size());
      if (shorter >= 2 && longer <= 2 * shorter && (key.find(other) != std::u32string::npos || other.find(key) != std::u32string::npos))
        score = std::max(score, 0.7);
      if (score >= 0.6 && score > bestScore) {
        bestScore = score;
        best = canonical;
      }
    }
  }
  return best;
}

// How well the values fit the role field, 0..1, and in words why.
double valueEvidence(const FieldDef& def, const Profile& p, std::string& why) {
  if (p.values.empty()) return 0;
  const ValueShape& shape = def.looksLike;
  double s = 1;
  bool evidence = false, specific = false;
  std::vector<std::string> reasons;
  if (!def.values.empty()) {
    // Known values count whole, values close to a known one (核心保护区域) most of it.
    double known = 0;
    for (const auto& v : p.distinct) {
      if (def.values.count(def.mapValue(v)) || def.values.count(v)) known += 1;
      else if (p.distinct.size() <= kMostCodedValues && !closestCanonical(def, v).empty()) known += 0.7;
    }
    const double share = known / p.distinct.size();
    if (share == 0) return 0;
    s *= share;
    evidence = specific = true;
    reasons.push_back(tr("值为已知取值", "known values"));
  }
  if (shape.type != ValueShape::Type::Any) {
    double t = 0;
    switch (shape.type) {
      case ValueShape::Type::Code: t = p.type == "Real" ? 0 : p.share(isCode); break;
      case ValueShape::Type::Text: t = p.share(isText); break;
      case ValueShape::Type::Number: t = numericType(p.type) ? 1 : p.share(isNumber); break;
      case ValueShape::Type::Date: t = dateType(p.type) ? 1 : p.share(isDate); break;
      case ValueShape::Type::Any: break;
    }
    if (t < 0.5) return 0;
    s *= t;
    evidence = true;
    reasons.push_back(format(tr("值像%s", "values look like %s"), typeWord(shape.type)));
  }
  if (!shape.pattern.empty()) {
    const std::regex pattern(shape.pattern);
    const double t = p.share([&](const std::string& v) { return std::regex_match(v, pattern); });
    if (t < 0.5) return 0;
    s *= t;
    evidence = specific = true;
    reasons.push_back(tr("值符合格式", "values fit the format"));
  }
  if (shape.maxChars) {
    const double t = p.share([&](const std::string& v) { return characters(v) <= shape.maxChars; });
    if (t < 0.5) return 0;
    s *= t;
  }
  if (!shape.words.empty()) {
    const double t = p.share([&](const std::string& v) {
      return std::any_of(shape.words.begin(), shape.words.end(), [&](const std::string& w) { return v.find(w) != std::string::npos; });
    });
    // Typical words are weaker evidence than known values or a format: 采矿权 mentions 矿 but is a kind, not a mine.
    s *= 0.2 + 0.7 * t;
    evidence = true;
    specific = specific || t >= 0.5;
    if (t >= 0.5) reasons.push_back(tr("值含典型词", "values hold typical words"));
  }
  if (shape.unique) s *= static_cast<double>(p.distinct.size()) / p.values.size();
  if (!evidence) return 0;
  // "A field of codes" fits any code field: weaker than values only this field has.
  if (!specific) s *= 0.5;
  for (const auto& r : reasons) why += (why.empty() ? "" : tr("，", ", ")) + r;
  return s;
}

// How close the field's name is to the role field's spellings, 0..1, and to which.
double nameEvidence(const FieldDef& def, const std::string& fieldName, std::string& closest) {
  const std::u32string key = nameKey(fieldName);
  if (key.empty()) return 0;
  std::vector<std::string> names = def.spellings;
  names.insert(names.end(), {def.name, def.titleZh, def.titleEn});
  double best = 0;
  for (const auto& n : names) {
    const std::u32string other = nameKey(n);
    if (other.empty()) continue;
    double s = 0;
    if (other == key) s = 1;
    else if (std::min(key.size(), other.size()) >= 2 && (other.find(key) != std::u32string::npos || key.find(other) != std::u32string::npos)) s = 0.6;
    else if (const double sim = similarity(key, other); sim >= 0.6) s = 0.6 * sim;
    if (s > best) {
      best = s;
      closest = n;
    }
  }
  return best;
}

FieldCandidate candidate(const FieldDef& def, const Profile& p) {
  FieldCandidate c;
  c.field = p.name;
  std::string why, closest;
  const double value = valueEvidence(def, p, why);
  const double name = nameEvidence(def, p.name, closest);
  c.score = 0.8 * value + 0.5 * name;
  if (value > 0) c.valuesLike = why;
  if (name > 0) c.nameLike = closest;
  return c;
}

// Of several date fields for a "latest" role field (valid until), all but
// the one with the latest dates count half.
void preferLatest(const FieldDef& def, const std::vector<Profile>& profiles, std::vector<double>& scores) {
  if (!def.looksLike.latest) return;
  std::string latest;
  size_t best = profiles.size();
  for (size_t c = 0; c < profiles.size(); ++c) {
    if (scores[c] < kThreshold) continue;
    std::string top;
    for (const auto& v : profiles[c].values) top = std::max(top, sortableDate(v));
    if (best == profiles.size() || top > latest) {
      latest = top;
      best = c;
    }
  }
  for (size_t c = 0; c < profiles.size(); ++c)
    if (c != best) scores[c] *= 0.5;
}

// Assigns columns to rows maximizing the total score (Hungarian method);
// a row may stay unassigned (-1). scores[row][column].
std::vector<int> bestAssignment(const std::vector<std::vector<double>>& scores, size_t columns) {
  const size_t n = scores.size(), m = columns + n;  // a dummy column per row: "none"
  if (n == 0) return {};
  const double inf = std::numeric_limits<double>::infinity();
  auto cost = [&](size_t i, size_t j) { return j < columns && scores[i][j] >= kThreshold ? -scores[i][j] : 0.0; };
  std::vector<double> u(n + 1), v(m + 1);
  std::vector<size_t> p(m + 1), way(m + 1);
  for (size_t i = 1; i <= n; ++i) {
    p[0] = i;
    size_t j0 = 0;
    std::vector<double> minv(m + 1, inf);
    std::vector<bool> used(m + 1, false);
    do {
      used[j0] = true;
      const size_t i0 = p[j0];
      double delta = inf;
      size_t j1 = 0;
      for (size_t j = 1; j <= m; ++j) {
        if (used[j]) continue;
        const double cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (size_t j = 0; j <= m; ++j) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {
      const size_t j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  std::vector<int> out(n, -1);
  for (size_t j = 1; j <= m; ++j)
    if (p[j] && j - 1 < columns && scores[p[j] - 1][j - 1] >= kThreshold) out[p[j] - 1] = static_cast<int>(j - 1);
  return out;
}

GeometryKind layerGeometry(const Layer& layer) {
  std::map<GeometryKind, int> counts;
  for (const auto& [type, n] : layer.geometryTypeCounts) {
    if (type.find("Polygon") != std::string::npos || type == "TIN" || type == "PolyhedralSurface") counts[GeometryKind::Polygon] += n;
    else if (type.find("Line") != std::string::npos) counts[GeometryKind::Line] += n;
    else if (type.find("Point") != std::string::npos) counts[GeometryKind::Point] += n;
  }
  GeometryKind best = GeometryKind::Any;
  int most = 0;
  for (const auto& [kind, n] : counts)
    if (n > most) {
      most = n;
      best = kind;
    }
  return best;
}

}  // namespace

std::vector<FieldSample> sampleFields(const Layer& layer, size_t samples) {
  std::vector<FieldSample> out;
  for (const Profile& p : profiles(layer)) {
    FieldSample s;
    s.name = p.name;
    s.type = p.type;
    s.distinct = p.distinct.size();
    s.nonEmpty = p.values.size();
    s.samples.assign(p.firstDistinct.begin(), p.firstDistinct.begin() + std::min(samples, p.firstDistinct.size()));
    out.push_back(std::move(s));
  }
  return out;
}

std::string describeFields(const std::vector<FieldSample>& fields) {
  std::string out;
  for (const auto& f : fields) {
    std::string values;
    for (const auto& v : f.samples) values += (values.empty() ? "" : tr("、", ", ")) + shortened(v, 20);
    if (f.distinct > f.samples.size()) values += tr("、…", ", …");
    if (values.empty()) values = tr("全为空", "all empty");
    out += (out.empty() ? "" : tr("；", "; ")) + f.name + tr("（", " (") + values + tr("）", ")");
  }
  return out;
}

std::string FieldCandidate::reason() const {
  std::string out = valuesLike;
  if (!nameLike.empty()) out += (out.empty() ? "" : tr("；", "; ")) + format(tr("名称接近 %s", "name close to %s"), nameLike.c_str());
  return out;
}

FieldMapping RoleSuggestion::mapping() const {
  FieldMapping m;
  for (const auto& [canonical, c] : fields)
    if (!c.bySpelling) m.fields[canonical] = c.field;
  m.values = values;
  return m;
}

std::vector<FieldCandidate> fieldCandidates(const Layer& layer, const RoleDef& role, const std::string& canonical,
                                            const std::vector<std::string>& taken) {
  const FieldDef* def = role.field(canonical);
  if (!def) return {};
  const std::vector<Profile> ps = profiles(layer);
  std::vector<FieldCandidate> all;
  std::vector<double> scores;
  for (const Profile& p : ps) {
    all.push_back(candidate(*def, p));
    scores.push_back(all.back().score);
  }
  preferLatest(*def, ps, scores);
  std::vector<FieldCandidate> out;
  for (size_t c = 0; c < all.size(); ++c) {
    all[c].score = scores[c];
    if (all[c].score >= kThreshold && std::find(taken.begin(), taken.end(), all[c].field) == taken.end()) out.push_back(all[c]);
  }
  std::stable_sort(out.begin(), out.end(), [](const FieldCandidate& a, const FieldCandidate& b) { return a.score > b.score; });
  return out;
}

RoleSuggestion suggestForRole(const Layer& layer, const RoleDef& role, const FieldMapping& mapping) {
  RoleSuggestion s;
  s.role = role.name;
  const std::vector<Profile> ps = profiles(layer);
  // Fields the role's spellings (or the user) already name are certain.
  const RoleMatch known = RoleCatalog::match(role, layer.fields, mapping);
  std::vector<bool> used(ps.size(), false);
  for (const auto& [canonical, column] : known.columns) {
    FieldCandidate c;
    c.field = layer.fields[column];
    c.score = 1;
    c.bySpelling = true;
    s.fields[canonical] = c;
    used[column] = true;
  }
  // The rest by evidence, each layer field used once, the best total.
  std::vector<const FieldDef*> open;
  for (const auto& def : role.fields)
    if (!s.fields.count(def.name)) open.push_back(&def);
  std::vector<std::vector<FieldCandidate>> candidates(open.size());
  std::vector<std::vector<double>> scores(open.size());
  for (size_t r = 0; r < open.size(); ++r) {
    for (size_t c = 0; c < ps.size(); ++c) {
      candidates[r].push_back(used[c] ? FieldCandidate{} : candidate(*open[r], ps[c]));
      scores[r].push_back(candidates[r].back().score);
    }
    preferLatest(*open[r], ps, scores[r]);
  }
  const std::vector<int> chosen = bestAssignment(scores, ps.size());
  for (size_t r = 0; r < open.size(); ++r) {
    if (chosen[r] < 0) continue;
    FieldCandidate c = candidates[r][size_t(chosen[r])];
    c.score = scores[r][size_t(chosen[r])];
    s.fields[open[r]->name] = c;
  }
  for (const auto& def : role.fields) {
    const auto it = s.fields.find(def.name);
    if (it == s.fields.end()) {
      if (def.required) s.missingRequired.push_back(def.name);
      continue;
    }
    s.score += std::min(1.0, it->second.score);
    // Values of a coded field that the role does not know.
    if (def.values.empty() || mapping.values.count(def.name)) continue;
    const Profile& p = ps[size_t(layer.fieldIndex(it->second.field))];
    if (p.distinct.size() > kMostCodedValues) continue;
    for (const std::string& raw : p.firstDistinct) {
      if (def.values.count(def.mapValue(raw))) continue;
      const std::string canonical = closestCanonical(def, raw);
      if (canonical.empty()) s.unknownValues[def.name].push_back(raw);
      else s.values[def.name][canonical].push_back(raw);
    }
  }
  if (!s.missingRequired.empty()) s.score *= 0.3;
  return s;
}

std::vector<RoleSuggestion> suggestRoles(const Layer& layer, const RoleCatalog& roles) {
  const GeometryKind geometry = layerGeometry(layer);
  std::vector<RoleSuggestion> out;
  for (const RoleDef& role : roles.roles()) {
    if (role.geometry != GeometryKind::Any && geometry != GeometryKind::Any && role.geometry != geometry) continue;
    RoleSuggestion s = suggestForRole(layer, role);
    if (s.score > 0) out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const RoleSuggestion& a, const RoleSuggestion& b) { return a.score > b.score; });
  return out;
}

}  // namespace sanxian
