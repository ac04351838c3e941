// The layer menu's dialogs: a layer's style (fill, outline, width,
// opacity, label field, labels on or off, a colour per value of a field),
// kept as the project file's `styles:` entry; and its properties (source,
// driver, CRS and how it was settled, encoding and why, feature count,
// geometry types, fields, the issues found while loading).
#pragma once

#include <QDialog>

#include "document.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QPushButton;
class QSpinBox;

namespace sanxian::viewer {

class StyleDialog : public QDialog {
  Q_OBJECT
public:
  StyleDialog(const LayerItem& layer, const render::StyleSet& styles, QWidget* parent = nullptr);
  LayerStyleSpec style() const;
  // For tests and scripted use.
  void setFill(const QColor& colour);
  void setCategoryField(const QString& field);

private:
  void pick(QPushButton* button, QColor& colour);
  void showColour(QPushButton* button, const QColor& colour);

  LayerStyleSpec original_;
  QColor fill_, outline_;
  bool fillChanged_ = false, outlineChanged_ = false;
  QPushButton* fillButton_;
  QPushButton* outlineButton_;
  QDoubleSpinBox* width_;
  QSpinBox* opacity_;
  QComboBox* label_;
  QCheckBox* labels_;
  QComboBox* categories_;
  bool reset_ = false;
  double defaultWidth_ = 1;
};

// The properties of a layer as text (what the dialog shows; tests read it).
QString layerProperties(const LayerItem& layer, const RoleCatalog& roles, const CrsInfo& analysisCrs);

class PropertiesDialog : public QDialog {
  Q_OBJECT
public:
  PropertiesDialog(const LayerItem& layer, const RoleCatalog& roles, const CrsInfo& analysisCrs, QWidget* parent = nullptr);
};

}  // namespace sanxian::viewer
