// Drawing styles from styles/styles.yaml: how each layer role, each zone
// value of a role (reserve core / general zone, shoreline zones, control
// unit classes), each result severity and each red-line comparison piece
// is drawn. The viewer, the screenshot and the PDF report all read these.
#pragma once

#include <QBrush>
#include <QColor>
#include <QString>

#include <map>
#include <string>
#include <vector>

namespace sanxian::render {

struct Style {
  QColor fill = Qt::transparent;  // transparent: not filled
  QColor outline = Qt::black;     // transparent: no outline
  double width = 1.0;             // outline width in pixels
  Qt::PenStyle dash = Qt::SolidLine;
  Qt::BrushStyle hatch = Qt::NoBrush;  // drawn over the fill
  QColor hatchColor = Qt::black;
  double pointSize = 6.0;  // diameter in pixels
  std::string labelField;  // role's canonical field or stored field name; "" = no labels
  QColor labelColor = Qt::black;
  double labelSize = 8.0;  // points
  // A wider stroke under the outline (the selection: a bright line with a
  // dark rim reads over any fill without hiding it).
  QColor halo = Qt::transparent;
  double haloWidth = 0;  // pixels on each side of the outline
};

// A role's style and the per-zone overrides.
struct RoleStyle {
  Style base;
  std::string zoneField;               // canonical field whose mapped value picks a zone
  std::map<std::string, Style> zones;  // mapped value → style (base with overrides)
};

class StyleSet {
public:
  // Reads a styles YAML file; throws a usage error naming the file and the
  // entry when it is malformed.
  static StyleSet load(const std::string& path);
  // Finds styles.yaml: $SANXIAN_STYLES_DIR, else dataDirectory()/styles (core/base/data_dir.h).
  static std::string defaultDirectory();
  static StyleSet loadDefault();
  // Built-in fallback used when no file is found (keeps a screenshot possible).
  static StyleSet builtin();

  QColor background = QColor(0xf7, 0xf5, 0xef);
  QString fontFamily = QStringLiteral("Noto Sans CJK SC");
  double labelMinPixels = 36;
  Style fallback;
  std::map<std::string, RoleStyle> roles;
  std::map<std::string, std::string> severityAliases;  // lower-cased raw value → canonical
  std::map<std::string, Style> severity;                 // canonical → style; "default"
  Style highlight;
  // Comparing red-line versions and the audit's change pieces: removed,
  // added, nature_changed (colours no severity uses), old, new.
  std::map<std::string, Style> compare;
  std::map<std::string, std::string> changeAliases;  // lower-cased raw value (减少, removed) → removed / added / nature_changed
  // Result tables labelled on the map and in their .qml: table name (or
  // the end of it, "_conflicts") → the columns whose first value is the label.
  std::map<std::string, std::vector<std::string>> resultLabels;
  Style resultLabel;  // label colour and size of result rows
  const std::vector<std::string>* resultLabelColumns(const std::string& tableName) const;
  QColor scaleBarColor = Qt::black, scaleBarBackground = QColor(255, 255, 255, 192);
  double scaleBarMaxPixels = 160;

  const RoleStyle* role(const std::string& role) const;
  // The style of a layer role (fallback when unknown), with the overrides of
  // the zone value or of its longest listed prefix (land-class codes by group).
  const Style& forRole(const std::string& role, const std::string& zoneValue = {}) const;
  // The zone key forRole took for the value (itself or its longest listed prefix); "" when none.
  std::string matchedZone(const std::string& role, const std::string& zoneValue) const;
  // Canonical severity for a raw value ("严重" → critical); the value itself when unknown.
  std::string canonicalSeverity(const std::string& raw) const;
  const Style& forSeverity(const std::string& raw) const;
  const Style& forCompare(const std::string& piece) const;
  // removed / added / nature_changed for a change kind as tables spell it
  // (减少, 增加, 性质改变, function_changed …); "" when it is none.
  std::string canonicalChange(const std::string& raw) const;
};

// "#RRGGBB", "#RRGGBBAA" or "none" (transparent); throws std::invalid_argument.
QColor parseColor(const std::string& text);

}  // namespace sanxian::render
