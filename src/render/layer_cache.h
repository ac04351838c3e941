// How a layer is styled, worked out once per layer and style: each
// feature's style (the role's, a zone's, a value of a field the user chose,
// or a result category for one of Sanxian's own result layers), its label
// text and envelope, and the categories the legend lists. The renderer
// draws from it; nothing here paints.
#pragma once

#include <QColor>
#include <QString>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/geos.h"
#include "core/io/layer.h"
#include "core/io/roles.h"
#include "style.h"

namespace sanxian::render {

// A layer's look as the user set it in the viewer (the project file's
// `styles:`): the role's style with these overrides.
struct LayerStyleOverride {
  std::optional<QColor> fill, outline;
  std::optional<double> width;
  std::optional<double> opacity;         // 0..1, scales the alpha of every colour of the layer
  std::optional<std::string> labelField; // a role's canonical field or a field as stored; "" for none
  bool labels = true;                    // false: the layer is drawn without labels
  std::string categoryField;             // a field whose values each get a colour of their own

  bool empty() const {
    return !fill && !outline && !width && !opacity && !labelField && labels && categoryField.empty();
  }
};

// One style a layer draws with and what it stands for, for the legend.
struct LayerCategory {
  QString label;  // the zone's or value's title; the role's title for the role's own style
  const Style* style = nullptr;
  size_t count = 0;  // features drawn with it
};

// What drawing a layer needs per feature, worked out once: envelope, the
// style (by role and zone value, or by a field the user chose) and the
// label text; the styles used, for the legend.
struct LayerCache {
  std::vector<geos::Envelope> envelopes;
  std::vector<const Style*> styles;  // into the StyleSet the cache was made with, or `owned`
  std::vector<QString> labels;
  int dimension = 2;  // 0 points, 1 lines, 2 polygons (the layer's most common)
  QString title;      // the role's title ("" without a role)
  std::vector<LayerCategory> categories;  // legend order
  std::deque<Style> owned;  // styles made for this layer (overrides, categories by a field)
};

// `roles` maps zone values (核心区 → core); may be null (raw values used).
std::shared_ptr<const LayerCache> prepareLayer(const Layer& layer, const StyleSet& styles, const RoleCatalog* roles,
                                               const LayerStyleOverride* override = nullptr);

// How the rows of a result table (or the features of one of Sanxian's own
// result layers opened as a layer) are coloured: by severity, by the
// audit's change kind (减少 / 增加 / 性质改变), by shoreline zone, or all
// alike.
struct Categorizer {
  enum class By { None, Severity, Change, Zone } by = By::None;
  int column = -1;       // the column whose value picks the style
  int labelColumn = -1;  // the column naming the value for people (zone → its title), else `column`
};
// From the table's column keys (or a layer's field names, Shapefile short names included).
Categorizer categorizer(const std::vector<std::string>& keys);
const Style& categoryStyle(const StyleSet& styles, const Categorizer& categories, const std::string& value);
// The order a legend lists values in: worst severity first; removed, nature changed, added.
int categoryRank(const StyleSet& styles, const Categorizer& categories, const std::string& value);

}  // namespace sanxian::render
