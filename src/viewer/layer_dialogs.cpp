#include "layer_dialogs.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/base/text.h"

namespace sanxian::viewer {

namespace {

std::string hex(const QColor& c) {
  return c.alpha() == 255 ? c.name(QColor::HexRgb).toStdString()
                          : (c.name(QColor::HexRgb) + QStringLiteral("%1").arg(c.alpha(), 2, 16, QChar('0'))).toStdString();
}

QColor colourOr(const std::optional<std::string>& text, const QColor& fallback) {
  if (!text) return fallback;
  try {
    return render::parseColor(*text);
  } catch (const std::exception&) {
    return fallback;
  }
}

}  // namespace

StyleDialog::StyleDialog(const LayerItem& layer, const render::StyleSet& styles, QWidget* parent) : QDialog(parent), original_(layer.style) {
  setWindowTitle(tr("图层样式 — %1").arg(QString::fromStdString(layer.id)));
  const render::Style& base = styles.forRole(layer.layer->role());
  fill_ = colourOr(layer.style.fill, base.fill);
  outline_ = colourOr(layer.style.outline, base.outline);
  defaultWidth_ = base.width;
  auto* form = new QFormLayout;
  fillButton_ = new QPushButton;
  outlineButton_ = new QPushButton;
  showColour(fillButton_, fill_);
  showColour(outlineButton_, outline_);
  connect(fillButton_, &QPushButton::clicked, this, [this] {
    pick(fillButton_, fill_);
    fillChanged_ = true;
  });
  connect(outlineButton_, &QPushButton::clicked, this, [this] {
    pick(outlineButton_, outline_);
    outlineChanged_ = true;
  });
  width_ = new QDoubleSpinBox;
  width_->setRange(0, 20);
  width_->setSingleStep(0.2);
  width_->setSuffix(tr(" 像素"));
  width_->setValue(layer.style.width.value_or(base.width));
  opacity_ = new QSpinBox;
  opacity_->setRange(0, 100);
  opacity_->setSuffix(QStringLiteral(" %"));
  opacity_->setValue(static_cast<int>(std::lround(layer.style.opacity.value_or(1.0) * 100)));
  label_ = new QComboBox;
  label_->addItem(tr("（角色默认：%1）").arg(base.labelField.empty() ? tr("无") : QString::fromStdString(base.labelField)), QString());
  categories_ = new QComboBox;
  categories_->addItem(tr("（不分类：角色与分区的样式）"), QString());
  for (const std::string& f : layer.layer->fields) {
    label_->addItem(QString::fromStdString(f), QString::fromStdString(f));
    categories_->addItem(QString::fromStdString(f), QString::fromStdString(f));
  }
  if (layer.style.label) label_->setCurrentIndex(std::max(0, label_->findData(QString::fromStdString(*layer.style.label))));
  if (layer.style.categories) categories_->setCurrentIndex(std::max(0, categories_->findData(QString::fromStdString(*layer.style.categories))));
  labels_ = new QCheckBox(tr("显示标注"));
  labels_->setChecked(layer.style.labels.value_or(true));
  form->addRow(tr("填充："), fillButton_);
  form->addRow(tr("边线："), outlineButton_);
  form->addRow(tr("线宽："), width_);
  form->addRow(tr("不透明度："), opacity_);
  form->addRow(tr("标注字段："), label_);
  form->addRow(QString(), labels_);
  form->addRow(tr("按字段分类着色："), categories_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
    reset_ = true;
    accept();
  });
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
}

void StyleDialog::showColour(QPushButton* button, const QColor& colour) {
  QPixmap swatch(40, 16);
  swatch.fill(Qt::white);
  {
    QPainter p(&swatch);
    p.fillRect(swatch.rect(), colour);
    p.setPen(Qt::gray);
    p.drawRect(swatch.rect().adjusted(0, 0, -1, -1));
  }
  button->setIcon(QIcon(swatch));
  button->setIconSize(swatch.size());
  button->setText(colour.alpha() == 0 ? tr("无") : colour.name(QColor::HexArgb));
}

void StyleDialog::pick(QPushButton* button, QColor& colour) {
  const QColor chosen = QColorDialog::getColor(colour, this, tr("选择颜色"), QColorDialog::ShowAlphaChannel);
  if (!chosen.isValid()) return;
  colour = chosen;
  showColour(button, colour);
}

void StyleDialog::setFill(const QColor& colour) {
  fill_ = colour;
  fillChanged_ = true;
  showColour(fillButton_, colour);
}

void StyleDialog::setCategoryField(const QString& field) { categories_->setCurrentIndex(std::max(0, categories_->findData(field))); }

LayerStyleSpec StyleDialog::style() const {
  if (reset_) return {};
  LayerStyleSpec s = original_;
  if (fillChanged_) s.fill = fill_.alpha() ? hex(fill_) : "none";
  if (outlineChanged_) s.outline = outline_.alpha() ? hex(outline_) : "none";
  if (std::abs(width_->value() - defaultWidth_) > 1e-9 || s.width) s.width = width_->value();
  s.opacity = opacity_->value() == 100 ? std::nullopt : std::optional<double>(opacity_->value() / 100.0);
  const QString label = label_->currentData().toString();
  s.label = label.isEmpty() ? std::nullopt : std::optional<std::string>(label.toStdString());
  s.labels = labels_->isChecked() ? std::nullopt : std::optional<bool>(false);
  const QString field = categories_->currentData().toString();
  s.categories = field.isEmpty() ? std::nullopt : std::optional<std::string>(field.toStdString());
  return s;
}

QString layerProperties(const LayerItem& item, const RoleCatalog& roles, const CrsInfo& analysisCrs) {
  const Layer& l = *item.layer;
  QStringList lines;
  const auto line = [&](const QString& key, const std::string& value) { lines << key + QString::fromStdString(value); };
  line(PropertiesDialog::tr("图层："), item.id);
  line(PropertiesDialog::tr("数据源："), l.source);
  if (!l.layerName.empty()) line(PropertiesDialog::tr("源中图层："), l.layerName);
  line(PropertiesDialog::tr("格式："), l.driver);
  const RoleDef* role = roles.find(l.role());
  line(PropertiesDialog::tr("角色："), role ? role->title() + " (" + role->name + ")"
                                          : item.ownResult ? tr("三线的检查结果（不指定角色）", "a result Sanxian wrote (no role)")
                                                           : tr("无", "none"));
  if (l.roleMatch && !l.roleMatch->sourceNames.empty()) {
    std::string fields;
    for (const auto& [canonical, name] : l.roleMatch->sourceNames) fields += (fields.empty() ? "" : ", ") + canonical + " = " + name;
    line(PropertiesDialog::tr("角色字段："), fields);
  }
  const CrsInfo& crs = l.sourceCrs.definition.empty() ? l.crs : l.sourceCrs;
  const char* origin = crs.origin == CrsOrigin::Declared     ? tr("文件声明", "declared by the file")
                       : crs.origin == CrsOrigin::Inferred   ? tr("由坐标推断", "inferred from the coordinates")
                       : crs.origin == CrsOrigin::Corrected  ? tr("声明与坐标不符，已更正", "declared, contradicted by the coordinates, corrected")
                                                             : tr("用户指定", "given by the user");
  line(PropertiesDialog::tr("坐标系："), crs.name + (crs.epsg ? format(" (EPSG:%d)", crs.epsg) : std::string()) + " — " + origin +
                                            (crs.note.empty() ? "" : "：" + crs.note));
  line(PropertiesDialog::tr("分析坐标系："), analysisCrs.name + (analysisCrs.epsg ? format(" (EPSG:%d)", analysisCrs.epsg) : std::string()));
  line(PropertiesDialog::tr("编码："), l.encoding.name + (l.encoding.note.empty() ? "" : " — " + l.encoding.note));
  line(PropertiesDialog::tr("要素数："), std::to_string(l.features.size()));
  std::string types;
  for (const auto& [type, count] : l.geometryTypeCounts) types += (types.empty() ? "" : ", ") + type + " × " + std::to_string(count);
  line(PropertiesDialog::tr("几何类型："), types);
  line(PropertiesDialog::tr("范围（分析坐标系）："), l.extent.empty ? std::string("—")
                                                                 : format("%.1f, %.1f — %.1f, %.1f", l.extent.minX, l.extent.minY, l.extent.maxX,
                                                                          l.extent.maxY));
  std::string fields;
  for (size_t i = 0; i < l.fields.size(); ++i)
    fields += (fields.empty() ? "" : ", ") + l.fields[i] + (i < l.fieldTypes.size() ? " (" + l.fieldTypes[i] + ")" : "");
  line(PropertiesDialog::tr("字段："), fields);
  lines << QString() << PropertiesDialog::tr("加载问题：%1 条").arg(l.issues.size());
  for (const LoadIssue& issue : l.issues)
    lines << QStringLiteral("  • %1%2 %3")
                 .arg(QString::fromUtf8(kindName(issue.kind)))
                 .arg(issue.fid ? QStringLiteral(" FID %1").arg(*issue.fid) : QString())
                 .arg(QString::fromStdString(issue.message));
  return lines.join('\n');
}

PropertiesDialog::PropertiesDialog(const LayerItem& layer, const RoleCatalog& roles, const CrsInfo& analysisCrs, QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("图层属性 — %1").arg(QString::fromStdString(layer.id)));
  auto* text = new QPlainTextEdit(layerProperties(layer, roles, analysisCrs));
  text->setReadOnly(true);
  text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(text);
  layout->addWidget(buttons);
  resize(720, 520);
}

}  // namespace sanxian::viewer
