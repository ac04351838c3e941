#include "layer_cache.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>

#include "core/base/text.h"
#include "core/checks/land_classes.h"

namespace sanxian::render {

namespace {

// A land-use legend entry: the class its style stands for, "03 林地" or
// "0602 采矿用地" (layers/land_classes.yaml), else the code as the data has it.
std::string landClassLabel(const std::string& styleKey, const std::string& raw) {
  static const std::optional<LandClassCatalog> classes = []() -> std::optional<LandClassCatalog> {
    try {
      return LandClassCatalog::loadDefault();
    } catch (const std::exception&) {
      return std::nullopt;  // the legend then shows codes
    }
  }();
  const std::string code = styleKey.empty() ? raw : styleKey;
  const LandClass* c = classes ? classes->find(code) : nullptr;
  return c ? code + " " + c->name() : raw;
}

// Colours for categories of a field the user chose (qualitative, readable on the background).
const QColor kCategoryColours[] = {QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0x59, 0xa1, 0x4f), QColor(0xb0, 0x7a, 0xa1),
                                   QColor(0x76, 0xb7, 0xb2), QColor(0xed, 0xc9, 0x48), QColor(0x9c, 0x75, 0x5f), QColor(0xff, 0x9d, 0xa7),
                                   QColor(0x1f, 0x77, 0xb4), QColor(0x8c, 0x56, 0x4b), QColor(0x17, 0xbe, 0xcf), QColor(0xbc, 0xbd, 0x22)};
constexpr size_t kMostCategories = 24;
constexpr size_t kOwnStyle = SIZE_MAX;  // a value drawn in the layer's own style

Style withOverride(Style s, const LayerStyleOverride& o) {
  if (o.fill) s.fill = *o.fill;
  if (o.outline) s.outline = *o.outline;
  if (o.width) s.width = *o.width;
  if (o.labelField) s.labelField = *o.labelField;
  if (o.opacity)
    for (QColor* c : {&s.fill, &s.outline, &s.hatchColor}) c->setAlphaF(std::clamp(double(c->alphaF()) * *o.opacity, 0.0, 1.0));
  return s;
}

// The column of a role's canonical field (through the layer's role match) or of a field as stored; -1 when neither.
int columnOf(const Layer& layer, const std::string& field) {
  int column = -1;
  if (layer.roleMatch)
    if (const auto it = layer.roleMatch->columns.find(field); it != layer.roleMatch->columns.end()) column = it->second;
  return column >= 0 ? column : layer.fieldIndex(field);
}

// 0 points, 1 lines, 2 polygons: the layer's most common geometry type (polygons when it has none).
int mostCommonDimension(const Layer& layer) {
  int dimension = 2, most = -1;
  for (const auto& [type, count] : layer.geometryTypeCounts)
    if (count > most) {
      most = count;
      dimension = type.find("Point") != std::string::npos ? 0 : type.find("Line") != std::string::npos ? 1 : 2;
    }
  return dimension;
}

// Works out a layer's cache feature by feature: which column picks a
// feature's style, the categories met so far (a value's the first time it
// is seen), the labels.
class CacheBuilder {
public:
  CacheBuilder(const Layer& layer, const StyleSet& styles, const RoleCatalog* roles, const LayerStyleOverride* override)
      : layer_(layer), styles_(styles), override_(override), role_(layer.role()), cache_(std::make_shared<LayerCache>()) {
    roleDef_ = roles ? roles->find(role_) : nullptr;
    cache_->title = roleDef_ ? QString::fromStdString(roleDef_->title()) : QString::fromStdString(role_);
    overridden_ = override && !override->empty();
    base_ = adjust(&styles.forRole(role_));
    findStyleColumn();
    if (!base_->labelField.empty() && (!override || override->labels)) labelColumn_ = columnOf(layer, base_->labelField);
  }

  std::shared_ptr<const LayerCache> build() {
    const size_t n = layer_.features.size();
    cache_->envelopes.resize(n);
    cache_->styles.resize(n, base_);
    cache_->labels.resize(n);
    for (size_t i = 0; i < n; ++i) addFeature(i);
    // The layer's own style has an entry when some feature is drawn with it.
    if (baseCount_ > 0 || cache_->categories.empty()) {
      const QString label = !cache_->categories.empty() ? QString::fromUtf8(tr("其他", "other")) : cache_->title;
      cache_->categories.push_back({label, base_, baseCount_});
    }
    cache_->dimension = mostCommonDimension(layer_);
    return cache_;
  }

private:
  // The style a feature of this layer gets for a style of the set: with the user's overrides.
  const Style* adjust(const Style* s) {
    if (!overridden_) return s;
    auto it = adjusted_.find(s);
    if (it == adjusted_.end()) {
      cache_->owned.push_back(withOverride(*s, *override_));
      it = adjusted_.emplace(s, &cache_->owned.back()).first;
    }
    return it->second;
  }

  // What picks a feature's style: the user's field (a colour per value),
  // the role's zone field (its value mapped), or, for one of Sanxian's own
  // result layers opened as a layer, its severity / change kind / zone.
  void findStyleColumn() {
    const RoleStyle* rs = styles_.role(role_);
    if (override_ && !override_->categoryField.empty()) categoryColumn_ = columnOf(layer_, override_->categoryField);
    if (categoryColumn_ < 0 && rs && !rs->zoneField.empty() && layer_.roleMatch) {
      if (const auto it = layer_.roleMatch->columns.find(rs->zoneField); it != layer_.roleMatch->columns.end()) zoneColumn_ = it->second;
      if (roleDef_) zoneDef_ = roleDef_->field(rs->zoneField);
    }
    if (categoryColumn_ < 0 && zoneColumn_ < 0 && role_.empty()) own_ = categorizer(layer_.fields);
  }

  void addFeature(size_t i) {
    const Feature& f = layer_.features[i];
    if (f.geometry) cache_->envelopes[i] = geos::envelope(f.geometry.get());
    const int column = categoryColumn_ >= 0 ? categoryColumn_ : zoneColumn_ >= 0 ? zoneColumn_ : own_.column;
    const size_t index = column >= 0 && column < static_cast<int>(f.values.size()) ? categoryIndex(f.values[column], f) : kOwnStyle;
    if (index != kOwnStyle) {
      cache_->styles[i] = cache_->categories[index].style;
      ++cache_->categories[index].count;
    } else {
      ++baseCount_;
    }
    if (labelColumn_ >= 0 && labelColumn_ < static_cast<int>(f.values.size()))
      cache_->labels[i] = QString::fromStdString(f.values[labelColumn_]).trimmed();
  }

  // The category a value is drawn with (kOwnStyle: the layer's own style), found or made when first met.
  size_t categoryIndex(const std::string& raw, const Feature& f) {
    if (const auto it = byValue_.find(raw); it != byValue_.end()) return it->second;
    const LayerCategory c = categoryFor(raw, f);
    // A value whose style already has an entry joins it.
    size_t index = kOwnStyle;
    if (c.style) {
      for (size_t k = 0; k < cache_->categories.size(); ++k)
        if (cache_->categories[k].style == c.style) index = k;
      if (index == kOwnStyle) {
        index = cache_->categories.size();
        cache_->categories.push_back(c);
      }
    }
    byValue_.emplace(raw, index);
    return index;
  }

  // A value's style and legend label; no style: the layer's own.
  LayerCategory categoryFor(const std::string& raw, const Feature& f) {
    LayerCategory c;
    if (categoryColumn_ >= 0) {
      if (byValue_.size() < kMostCategories) {
        Style s = *base_;
        const QColor colour = kCategoryColours[byValue_.size() % std::size(kCategoryColours)];
        if (cache_->dimension == 1 || !s.fill.alpha()) s.outline = colour;
        QColor fill = colour;
        fill.setAlphaF(s.fill.alpha() ? std::max(0.35, double(s.fill.alphaF())) : 0.55);
        s.fill = fill;
        s.hatch = Qt::NoBrush;
        cache_->owned.push_back(s);
        c.style = &cache_->owned.back();
        c.label = raw.empty() ? QString::fromUtf8(tr("（空）", "(empty)")) : QString::fromStdString(raw);
      }
    } else if (zoneColumn_ >= 0) {
      const std::string zone = zoneDef_ ? zoneDef_->mapValue(raw) : raw;
      const Style* zs = &styles_.forRole(role_, zone);
      if (zs != &styles_.forRole(role_)) {
        c.style = adjust(zs);
        c.label = QString::fromStdString(role_ == "land_use" ? landClassLabel(styles_.matchedZone(role_, raw), raw)
                                         : zoneDef_ && !zone.empty() ? zoneDef_->valueTitle(zone)
                                                                     : raw);
      }
    } else {
      c.style = adjust(&categoryStyle(styles_, own_, raw));
      const int named = own_.labelColumn;
      c.label = QString::fromStdString(named >= 0 && named < static_cast<int>(f.values.size()) && !f.values[named].empty() ? f.values[named] : raw);
    }
    return c;
  }

  const Layer& layer_;
  const StyleSet& styles_;
  const LayerStyleOverride* override_;
  const std::string role_;
  std::shared_ptr<LayerCache> cache_;
  const RoleDef* roleDef_ = nullptr;
  bool overridden_ = false;
  std::map<const Style*, const Style*> adjusted_;
  const Style* base_ = nullptr;
  int categoryColumn_ = -1, zoneColumn_ = -1, labelColumn_ = -1;
  const FieldDef* zoneDef_ = nullptr;
  Categorizer own_;
  std::map<std::string, size_t> byValue_;  // raw value → index in categories
  size_t baseCount_ = 0;
};

}  // namespace

std::shared_ptr<const LayerCache> prepareLayer(const Layer& layer, const StyleSet& styles, const RoleCatalog* roles,
                                               const LayerStyleOverride* override) {
  return CacheBuilder(layer, styles, roles, override).build();
}

Categorizer categorizer(const std::vector<std::string>& keys) {
  const auto find = [&](std::initializer_list<const char*> names) {
    for (const char* name : names)
      for (size_t i = 0; i < keys.size(); ++i)
        if (caseFolded(keys[i]) == name) return static_cast<int>(i);
    return -1;
  };
  Categorizer c;
  if ((c.column = find({"severity", "level", "severity_level"})) >= 0) {
    c.by = Categorizer::By::Severity;
  } else if ((c.column = find({"change_type", "chg_type"})) >= 0) {
    c.by = Categorizer::By::Change;
  } else if ((c.column = find({"zone_code"})) >= 0) {
    c.by = Categorizer::By::Zone;
    c.labelColumn = find({"zone"});
  }
  return c;
}

const Style& categoryStyle(const StyleSet& styles, const Categorizer& c, const std::string& value) {
  switch (c.by) {
    case Categorizer::By::Severity: return styles.forSeverity(value);
    case Categorizer::By::Change: {
      const std::string kind = styles.canonicalChange(value);
      return kind.empty() ? styles.forSeverity("") : styles.forCompare(kind);
    }
    case Categorizer::By::Zone: {
      // Shoreline pieces drawn as the shoreline role draws its zones, a little wider.
      const Style& zone = styles.forRole("shoreline", value);
      return &zone == &styles.fallback ? styles.forSeverity("") : zone;
    }
    case Categorizer::By::None: break;
  }
  return styles.forSeverity("");
}

int categoryRank(const StyleSet& styles, const Categorizer& c, const std::string& value) {
  if (c.by == Categorizer::By::Severity) {
    static const std::map<std::string, int> rank = {{"critical", 0}, {"high", 1}, {"medium", 2}, {"low", 3}, {"info", 4}};
    const auto it = rank.find(styles.canonicalSeverity(value));
    return it == rank.end() ? 5 : it->second;
  }
  if (c.by == Categorizer::By::Change) {
    const std::string kind = styles.canonicalChange(value);
    return kind == "removed" ? 0 : kind == "nature_changed" ? 1 : kind == "added" ? 2 : 3;
  }
  if (c.by == Categorizer::By::Zone) {
    static const std::map<std::string, int> rank = {{"protection", 0}, {"reserved", 1}, {"controlled_use", 2}, {"development", 3}};
    const auto it = rank.find(value);
    return it == rank.end() ? 4 : it->second;
  }
  return 0;
}

}  // namespace sanxian::render
