#include "mapping_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <algorithm>

#include "core/base/text.h"

namespace sanxian::viewer {
namespace {

// Coded fields with more distinct values than this are not listed value by value.
constexpr size_t kMostValues = 30;

QString q(const std::string& s) { return QString::fromStdString(s); }

QString fieldText(const FieldSample& f) {
  QStringList values;
  for (const auto& v : f.samples) values << q(v).left(24);
  QString text = q(f.name);
  if (!values.isEmpty()) text += QStringLiteral(" — ") + values.join(MappingDialog::tr("、")) + (f.distinct > f.samples.size() ? MappingDialog::tr("、…") : QString());
  return text;
}

}  // namespace

MappingDialog::MappingDialog(std::shared_ptr<const Layer> layer, std::shared_ptr<const RoleCatalog> roles, const QString& layerId,
                             const QString& projectPath, QWidget* parent)
    : QDialog(parent), layer_(std::move(layer)), roles_(std::move(roles)) {
  setWindowTitle(tr("图层字段映射"));
  samples_ = sampleFields(*layer_, 3);
  allValues_ = sampleFields(*layer_, kMostValues);

  auto* top = new QVBoxLayout(this);
  auto* intro = new QLabel(tr("图层 %1 的字段与已知角色都不相符。请选择它的角色，并指出每个角色字段在图层中对应哪个字段；"
                              "映射保存在项目文件中，不修改数据。")
                               .arg(q(layer_->source)));
  intro->setWordWrap(true);
  top->addWidget(intro);

  auto* form = new QFormLayout;
  role_ = new QComboBox;
  role_->setObjectName("role");
  // The likeliest role first, as suggested from the fields' names and values.
  const std::vector<RoleSuggestion> suggested = suggestRoles(*layer_, *roles_);
  std::vector<std::string> order;
  for (const auto& s : suggested) order.push_back(s.role);
  for (const auto& r : roles_->roles())
    if (std::find(order.begin(), order.end(), r.name) == order.end()) order.push_back(r.name);
  for (const auto& name : order) {
    const RoleDef* r = roles_->find(name);
    role_->addItem(q(r->title()) + QStringLiteral(" (") + q(name) + QStringLiteral(")"), q(name));
  }
  id_ = new QLineEdit(layerId);
  id_->setObjectName("layer_id");
  form->addRow(tr("角色"), role_);
  form->addRow(tr("图层 id"), id_);
  top->addLayout(form);

  fieldsGroup_ = new QGroupBox(tr("字段对应：角色字段 ← 图层字段（— 后为样例值）"));
  fields_ = new QGridLayout(fieldsGroup_);
  top->addWidget(fieldsGroup_);
  valuesGroup_ = new QGroupBox(tr("取值含义（编码字段的每个值）"));
  values_ = new QGridLayout(valuesGroup_);
  top->addWidget(valuesGroup_);

  auto* save = new QHBoxLayout;
  project_ = new QLineEdit(projectPath);
  project_->setObjectName("project_path");
  project_->setPlaceholderText(tr("留空则不保存"));
  auto* browse = new QPushButton(tr("浏览…"));
  save->addWidget(new QLabel(tr("保存到项目文件")));
  save->addWidget(project_, 1);
  save->addWidget(browse);
  top->addLayout(save);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("保存到项目文件"), project_->text(), tr("项目文件 (*.yaml *.yml)"), nullptr,
                                                      QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty()) project_->setText(path);
  });

  missing_ = new QLabel;
  missing_->setObjectName("missing");
  missing_->setStyleSheet("color: #b00020");
  top->addWidget(missing_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  ok_ = buttons->button(QDialogButtonBox::Ok);
  ok_->setText(tr("添加图层"));
  buttons->button(QDialogButtonBox::Cancel)->setText(tr("不映射，直接添加"));
  top->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(role_, &QComboBox::currentIndexChanged, this, [this] { fillFields(); });
  connect(id_, &QLineEdit::textChanged, this, [this] { checkRequired(); });
  setMinimumWidth(720);
  fillFields();
}

void MappingDialog::fillFields() {
  while (QLayoutItem* item = fields_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  fieldBoxes_.clear();
  const RoleDef& role = roles_->get(role_->currentData().toString().toStdString());
  const RoleSuggestion suggestion = suggestForRole(*layer_, role);
  int row = 0;
  for (const FieldDef& def : role.fields) {
    auto* label = new QLabel(q(def.title()) + QStringLiteral(" (") + q(def.name) + QStringLiteral(")") + (def.required ? QStringLiteral(" *") : QString()));
    auto* box = new QComboBox;
    box->setObjectName(q("field_" + def.name));
    box->addItem(tr("（无）"), QString());
    for (const FieldSample& f : samples_) box->addItem(fieldText(f), q(f.name));
    auto* why = new QLabel;
    why->setStyleSheet("color: #666");
    why->setWordWrap(true);
    if (const auto it = suggestion.fields.find(def.name); it != suggestion.fields.end()) {
      box->setCurrentIndex(box->findData(q(it->second.field)));
      why->setText(it->second.bySpelling ? tr("字段名已知") : q(it->second.reason()));
    }
    fields_->addWidget(label, row, 0);
    fields_->addWidget(box, row, 1);
    fields_->addWidget(why, row, 2);
    fieldBoxes_[def.name] = box;
    connect(box, &QComboBox::currentIndexChanged, this, [this, box] {
      // A layer field holds one role field: taking it here frees it elsewhere.
      const QString field = box->currentData().toString();
      for (auto& [other, otherBox] : fieldBoxes_) {
        if (otherBox == box || field.isEmpty() || otherBox->currentData().toString() != field) continue;
        const QSignalBlocker quiet(otherBox);
        otherBox->setCurrentIndex(0);
      }
      fillValues();
    });
    ++row;
  }
  fields_->setColumnStretch(1, 3);
  fields_->setColumnStretch(2, 2);
  fillValues();
}

void MappingDialog::fillValues() {
  while (QLayoutItem* item = values_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  valueBoxes_.clear();
  const RoleDef& role = roles_->get(role_->currentData().toString().toStdString());
  const RoleSuggestion suggestion = suggestForRole(*layer_, role);
  int row = 0;
  for (const FieldDef& def : role.fields) {
    if (def.values.empty()) continue;
    const QString chosen = fieldBoxes_.at(def.name)->currentData().toString();
    if (chosen.isEmpty()) continue;
    const auto sample = std::find_if(allValues_.begin(), allValues_.end(), [&](const FieldSample& f) { return q(f.name) == chosen; });
    if (sample == allValues_.end()) continue;
    auto* head = new QLabel(QStringLiteral("<b>") + q(def.title()) + QStringLiteral("</b> (") + chosen + QStringLiteral(")"));
    values_->addWidget(head, row++, 0, 1, 2);
    if (sample->distinct > sample->samples.size()) {
      values_->addWidget(new QLabel(tr("取值超过 %1 种，不逐一列出").arg(kMostValues)), row++, 0, 1, 2);
      continue;
    }
    for (const std::string& raw : sample->samples) {
      auto* box = new QComboBox;
      box->setObjectName(q("value_" + def.name + "_" + raw));
      const std::string known = def.mapValue(raw);
      const bool isKnown = def.values.count(known) > 0;
      box->addItem(isKnown ? tr("按内置含义：%1").arg(q(def.valueTitle(known))) : tr("（未识别）"), QString());
      for (const auto& [canonical, spellings] : def.values) {
        const QString title = q(def.valueTitle(canonical));
        box->addItem(title == q(canonical) ? title : q(canonical) + QStringLiteral(" — ") + title, q(canonical));
      }
      // A value the role does not know but that looks like one of its values.
      if (const auto it = suggestion.values.find(def.name); it != suggestion.values.end())
        for (const auto& [canonical, raws] : it->second)
          if (std::find(raws.begin(), raws.end(), raw) != raws.end()) box->setCurrentIndex(box->findData(q(canonical)));
      values_->addWidget(new QLabel(q(raw)), row, 0);
      values_->addWidget(box, row, 1);
      valueBoxes_[{def.name, raw}] = box;
      ++row;
    }
  }
  valuesGroup_->setVisible(row > 0);
  values_->setColumnStretch(1, 1);
  checkRequired();
}

void MappingDialog::checkRequired() {
  const RoleDef& role = roles_->get(this->role());
  QStringList missing;
  for (const FieldDef& def : role.fields)
    if (def.required && fieldBoxes_.at(def.name)->currentData().toString().isEmpty()) missing << q(def.title());
  missing_->setText(missing.isEmpty() ? QString() : tr("必须指定：%1").arg(missing.join(tr("、"))));
  missing_->setVisible(!missing.isEmpty());
  ok_->setEnabled(missing.isEmpty() && !id_->text().trimmed().isEmpty());
}

std::string MappingDialog::role() const { return role_->currentData().toString().toStdString(); }

FieldMapping MappingDialog::mapping() const {
  FieldMapping m;
  const RoleDef& role = roles_->get(this->role());
  // Fields the role's own spellings find need no line in the project file.
  const RoleMatch spelled = RoleCatalog::match(role, layer_->fields);
  for (const auto& [canonical, box] : fieldBoxes_) {
    const std::string field = box->currentData().toString().toStdString();
    if (field.empty()) continue;
    const auto it = spelled.sourceNames.find(canonical);
    if (it != spelled.sourceNames.end() && it->second == field) continue;
    m.fields[canonical] = field;
  }
  for (const auto& [key, box] : valueBoxes_) {
    const std::string value = box->currentData().toString().toStdString();
    if (!value.empty()) m.values[key.first][value].push_back(key.second);
  }
  return m;
}

std::string MappingDialog::layerId() const { return id_->text().trimmed().toStdString(); }

std::string MappingDialog::projectPath() const { return project_->text().trimmed().toStdString(); }

void MappingDialog::setRole(const std::string& role) { role_->setCurrentIndex(role_->findData(q(role))); }

void MappingDialog::setField(const std::string& canonical, const std::string& field) {
  QComboBox* box = fieldBox(canonical);
  if (box) box->setCurrentIndex(box->findData(q(field)));
}

void MappingDialog::setValue(const std::string& canonical, const std::string& raw, const std::string& value) {
  const auto it = valueBoxes_.find({canonical, raw});
  if (it != valueBoxes_.end()) it->second->setCurrentIndex(it->second->findData(q(value)));
}

QComboBox* MappingDialog::fieldBox(const std::string& canonical) const {
  const auto it = fieldBoxes_.find(canonical);
  return it == fieldBoxes_.end() ? nullptr : it->second;
}

}  // namespace sanxian::viewer
