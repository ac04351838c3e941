#include "attribute_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

namespace sanxian::viewer {

void LayerModel::setLayer(std::shared_ptr<const Layer> layer) {
  beginResetModel();
  layer_ = std::move(layer);
  numeric_.clear();
  if (layer_)
    for (size_t c = 0; c < layer_->fields.size(); ++c) {
      const std::string type = c < layer_->fieldTypes.size() ? layer_->fieldTypes[c] : "";
      numeric_.push_back(type == "Integer" || type == "Integer64" || type == "Real");
    }
  endResetModel();
}

int LayerModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !layer_ ? 0 : static_cast<int>(layer_->features.size());
}

int LayerModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() || !layer_ ? 0 : static_cast<int>(layer_->fields.size()) + 1;
}

QVariant LayerModel::data(const QModelIndex& index, int role) const {
  if (!layer_ || !index.isValid()) return {};
  const Feature& f = layer_->features[index.row()];
  if (index.column() == 0) {
    if (role == Qt::DisplayRole || role == Qt::EditRole) return QVariant::fromValue<qlonglong>(f.fid);
    if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
  }
  const size_t c = static_cast<size_t>(index.column() - 1);
  if (c >= f.values.size()) return {};
  const QString text = QString::fromStdString(f.values[c]);
  if (role == Qt::DisplayRole) return text;
  if (role == Qt::EditRole) {  // sorting: numbers as numbers
    if (numeric_[c]) {
      bool ok = false;
      const double v = text.toDouble(&ok);
      if (ok) return v;
    }
    return text;
  }
  if (role == Qt::TextAlignmentRole && numeric_[c]) return int(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant LayerModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || !layer_) return {};
  if (orientation == Qt::Vertical) return section + 1;
  if (section == 0) return QStringLiteral("FID");
  const std::string& field = layer_->fields[section - 1];
  // A role field says what it holds: "HXBH（code）".
  if (layer_->roleMatch)
    for (const auto& [canonical, column] : layer_->roleMatch->columns)
      if (column == section - 1) return QStringLiteral("%1（%2）").arg(QString::fromStdString(field), QString::fromStdString(canonical));
  return QString::fromStdString(field);
}

void AttributeFilter::setFilter(int sourceColumn, const QString& text) {
  column_ = sourceColumn;
  text_ = text.trimmed();
  invalidateFilter();
}

bool AttributeFilter::filterAcceptsRow(int row, const QModelIndex& parent) const {
  if (text_.isEmpty()) return true;
  const QAbstractItemModel* m = sourceModel();
  if (column_ >= 0) return m->index(row, column_, parent).data().toString().contains(text_, Qt::CaseInsensitive);
  for (int c = 0; c < m->columnCount(parent); ++c)
    if (m->index(row, c, parent).data().toString().contains(text_, Qt::CaseInsensitive)) return true;
  return false;
}

AttributePanel::AttributePanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* top = new QHBoxLayout;
  layerBox_ = new QComboBox;
  layerBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  top->addWidget(new QLabel(tr("图层：")));
  top->addWidget(layerBox_);
  fieldBox_ = new QComboBox;
  fieldBox_->setMinimumContentsLength(8);
  top->addWidget(new QLabel(tr("字段：")));
  top->addWidget(fieldBox_);
  text_ = new QLineEdit;
  text_->setPlaceholderText(tr("筛选（包含）…"));
  text_->setClearButtonEnabled(true);
  top->addWidget(text_, 1);
  onMap_ = new QCheckBox(tr("地图只显示筛选结果"));
  top->addWidget(onMap_);
  auto* selectAll = new QPushButton(tr("全选筛选结果"));
  top->addWidget(selectAll);
  count_ = new QLabel;
  top->addWidget(count_);
  layout->addLayout(top);

  filter_.setSourceModel(&model_);
  filter_.setSortRole(Qt::EditRole);
  view_ = new QTableView;
  view_->setModel(&filter_);
  view_->setSortingEnabled(true);
  view_->sortByColumn(0, Qt::AscendingOrder);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view_->verticalHeader()->setDefaultSectionSize(22);
  view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  layout->addWidget(view_, 1);

  connect(layerBox_, &QComboBox::currentIndexChanged, this, [this](int index) {
    if (updating_ || index < 0) return;
    showLayer(layerBox_->itemData(index).toString().toStdString());
  });
  const auto refilter = [this] {
    if (updating_) return;
    filter_.setFilter(fieldBox_->currentIndex() <= 0 ? -1 : fieldBox_->currentIndex(), text_->text());
    updateCount();
    emit filterChanged(QString::fromStdString(layerId()));
  };
  connect(fieldBox_, &QComboBox::currentIndexChanged, this, refilter);
  connect(text_, &QLineEdit::textChanged, this, refilter);
  connect(onMap_, &QCheckBox::toggled, this, [this] { emit filterChanged(QString::fromStdString(layerId())); });
  connect(selectAll, &QPushButton::clicked, this, &AttributePanel::selectAllShown);
  connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    if (updating_) return;
    emit selectionChanged(QString::fromStdString(layerId()), selectedFeatures());
  });
  connect(view_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    emit zoomTo(QString::fromStdString(layerId()), {static_cast<size_t>(filter_.mapToSource(index).row())});
  });
}

void AttributePanel::setLayers(const std::vector<std::pair<std::string, std::shared_ptr<const Layer>>>& layers) {
  const std::string current = layerId();
  layers_ = layers;
  updating_ = true;
  layerBox_->clear();
  int keep = -1;
  for (size_t i = 0; i < layers_.size(); ++i) {
    layerBox_->addItem(QString::fromStdString(layers_[i].first), QString::fromStdString(layers_[i].first));
    if (layers_[i].first == current) keep = static_cast<int>(i);
  }
  updating_ = false;
  if (keep >= 0 && layers_[keep].second.get() == model_.layer()) {
    updating_ = true;
    layerBox_->setCurrentIndex(keep);
    updating_ = false;
    return;
  }
  showLayer(keep >= 0 ? current : layers_.empty() ? std::string() : layers_.front().first);
}

void AttributePanel::showLayer(const std::string& id) {
  std::shared_ptr<const Layer> layer;
  int index = -1;
  for (size_t i = 0; i < layers_.size(); ++i)
    if (layers_[i].first == id) layer = layers_[i].second, index = static_cast<int>(i);
  updating_ = true;
  layerBox_->setCurrentIndex(index);
  model_.setLayer(layer);
  text_->clear();
  filter_.setFilter(-1, {});
  updating_ = false;
  rebuildFields();
  view_->resizeColumnsToContents();
  for (int c = 0; c < model_.columnCount(); ++c) view_->setColumnWidth(c, std::min(view_->columnWidth(c), 260));
  updateCount();
  emit layerShown(QString::fromStdString(id));
  emit filterChanged(QString::fromStdString(id));
}

std::string AttributePanel::layerId() const {
  return layerBox_->currentIndex() < 0 ? std::string() : layerBox_->currentData().toString().toStdString();
}

void AttributePanel::rebuildFields() {
  updating_ = true;
  fieldBox_->clear();
  fieldBox_->addItem(tr("全部字段"));
  if (const Layer* l = model_.layer())
    for (const std::string& f : l->fields) fieldBox_->addItem(QString::fromStdString(f));
  updating_ = false;
}

void AttributePanel::setFilter(const std::string& field, const QString& text) {
  updating_ = true;
  const int at = field.empty() ? 0 : fieldBox_->findText(QString::fromStdString(field));
  fieldBox_->setCurrentIndex(std::max(0, at));
  text_->setText(text);
  updating_ = false;
  filter_.setFilter(fieldBox_->currentIndex() <= 0 ? -1 : fieldBox_->currentIndex(), text);
  updateCount();
  emit filterChanged(QString::fromStdString(layerId()));
}

void AttributePanel::setFilterOnMap(bool on) { onMap_->setChecked(on); }

bool AttributePanel::filterOnMap() const { return onMap_->isChecked(); }

render::RowFilter AttributePanel::rowFilter() const {
  if (!filter_.active() || !model_.layer()) return nullptr;
  auto shown = std::make_shared<std::vector<char>>(model_.layer()->features.size(), 0);
  for (int r = 0; r < filter_.rowCount(); ++r) (*shown)[filter_.mapToSource(filter_.index(r, 0)).row()] = 1;
  return shown;
}

int AttributePanel::selectFeatures(const std::vector<size_t>& features) {
  updating_ = true;
  QItemSelection selection;
  int shown = 0;
  QModelIndex first;
  for (const size_t f : features) {
    const QModelIndex index = filter_.mapFromSource(model_.index(static_cast<int>(f), 0));
    if (!index.isValid()) continue;
    ++shown;
    if (!first.isValid()) first = index;
    selection.select(index, filter_.index(index.row(), filter_.columnCount() - 1));
  }
  view_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  if (first.isValid()) {
    view_->selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
    view_->scrollTo(first);
  }
  updating_ = false;
  return shown;
}

void AttributePanel::selectAllShown() {
  view_->selectAll();  // emits selectionChanged with every row the filter leaves
}

std::vector<size_t> AttributePanel::selectedFeatures() const {
  std::set<size_t> rows;
  for (const QModelIndex& index : view_->selectionModel()->selectedRows()) rows.insert(static_cast<size_t>(filter_.mapToSource(index).row()));
  return {rows.begin(), rows.end()};
}

void AttributePanel::updateCount() { count_->setText(tr("%1 / %2 个要素").arg(filter_.rowCount()).arg(model_.rowCount())); }

}  // namespace sanxian::viewer
