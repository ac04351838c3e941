// The dialog that maps a layer whose fields match no role: the role, then
// for each of the role's fields the layer field that holds it (each shown
// with sample values, the likeliest chosen), then what the values of its
// coded fields mean, the layer's id and the project file the mapping is
// saved into. Suggestions come from core (suggest.h); the dialog only
// shows and collects them.
#pragma once

#include <QDialog>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/io/layer.h"
#include "core/io/roles.h"
#include "core/io/suggest.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QGroupBox;

namespace sanxian::viewer {

class MappingDialog : public QDialog {
  Q_OBJECT
public:
  // `layer` as loaded without a role; `projectPath` the project file the
  // mapping goes into ("" when none is open: the user may name one).
  MappingDialog(std::shared_ptr<const Layer> layer, std::shared_ptr<const RoleCatalog> roles, const QString& layerId,
                const QString& projectPath, QWidget* parent = nullptr);

  // What the user chose.
  std::string role() const;
  FieldMapping mapping() const;  // every role field chosen, and the values mapped differently from the role
  std::string layerId() const;
  std::string projectPath() const;  // "" when the mapping is not to be saved

  // For tests and scripts: choose a role, a field for a role field, the meaning of a raw value.
  void setRole(const std::string& role);
  void setField(const std::string& canonical, const std::string& field);
  void setValue(const std::string& canonical, const std::string& raw, const std::string& value);
  QComboBox* fieldBox(const std::string& canonical) const;

private:
  void fillFields();
  void fillValues();
  void checkRequired();

  std::shared_ptr<const Layer> layer_;
  std::shared_ptr<const RoleCatalog> roles_;
  std::vector<FieldSample> samples_;        // each layer field with its first values
  std::vector<FieldSample> allValues_;      // each layer field with up to kMostValues distinct values
  QComboBox* role_ = nullptr;
  QLineEdit* id_ = nullptr;
  QLineEdit* project_ = nullptr;
  QGroupBox* fieldsGroup_ = nullptr;
  QGridLayout* fields_ = nullptr;
  QGroupBox* valuesGroup_ = nullptr;
  QGridLayout* values_ = nullptr;
  QLabel* missing_ = nullptr;
  QPushButton* ok_ = nullptr;
  std::map<std::string, QComboBox*> fieldBoxes_;                          // canonical field → its layer field
  std::map<std::pair<std::string, std::string>, QComboBox*> valueBoxes_;  // (canonical field, raw) → canonical value
};

}  // namespace sanxian::viewer
