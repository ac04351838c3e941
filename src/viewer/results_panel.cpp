#include "results_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

#include "core/base/text.h"

namespace sanxian::viewer {

int filterColumn(const Table& table, const std::string& what) {
  static const std::map<std::string, std::vector<const char*>> keys = {
      {"severity", {"severity", "level", "severity_level"}},
      {"rule", {"rule", "rule_id", "rule_name", "change", "change_type", "kind", "conflict"}},
      {"township", {"township", "boundary", "boundary_name", "township_name", "admin_name"}},
  };
  for (const char* key : keys.at(what))
    if (const int c = table.columnIndex(key); c >= 0) return c;
  return -1;
}

void ResultsModel::setTable(std::shared_ptr<const Table> table) {
  beginResetModel();
  table_ = std::move(table);
  endResetModel();
}

int ResultsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !table_ ? 0 : static_cast<int>(table_->rows.size());
}

int ResultsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() || !table_ ? 0 : static_cast<int>(table_->columns.size());
}

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
  if (!table_ || !index.isValid()) return {};
  const Cell& cell = table_->rows[index.row()][index.column()];
  const Column& column = table_->columns[index.column()];
  if (role == Qt::DisplayRole) return QString::fromStdString(cellText(cell, column));
  if (role == Qt::EditRole) {  // for sorting: numbers as numbers
    if (const auto* i = std::get_if<int64_t>(&cell)) return QVariant::fromValue<qlonglong>(*i);
    if (const auto* d = std::get_if<double>(&cell)) return *d;
    return QString::fromStdString(cellText(cell, column));
  }
  if (role == Qt::TextAlignmentRole && column.type != ColumnType::Text) return int(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant ResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || !table_) return {};
  if (orientation == Qt::Vertical) return section + 1;
  const Column& c = table_->columns[section];
  return QString::fromStdString(language() == Language::English || c.zh.empty() ? c.en : c.zh);
}

void ResultsFilter::setColumnFilter(int column, const QString& value) {
  if (value.isEmpty()) equals_.erase(column);
  else equals_[column] = value;
  invalidateFilter();
}

void ResultsFilter::setText(const QString& text) {
  text_ = text;
  invalidateFilter();
}

bool ResultsFilter::filterAcceptsRow(int row, const QModelIndex& parent) const {
  const QAbstractItemModel* m = sourceModel();
  for (const auto& [column, value] : equals_)
    if (m->index(row, column, parent).data().toString() != value) return false;
  if (text_.isEmpty()) return true;
  for (int c = 0; c < m->columnCount(parent); ++c)
    if (m->index(row, c, parent).data().toString().contains(text_, Qt::CaseInsensitive)) return true;
  return false;
}

ResultsPanel::ResultsPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* top = new QHBoxLayout;
  tables_ = new QComboBox;
  // Long table titles (English ones above all) must not push the filters
  // over each other: the box asks for a fixed width, the list shows them whole.
  tables_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  tables_->setMinimumContentsLength(28);
  top->addWidget(new QLabel(tr("结果表：")));
  top->addWidget(tables_, 1);
  const std::vector<std::pair<std::string, QString>> filters = {
      {"severity", tr("严重程度：")}, {"rule", tr("规则：")}, {"township", tr("乡镇：")}};
  for (const auto& [key, label] : filters) {
    auto* box = new QComboBox;
    box->setMinimumContentsLength(8);
    top->addWidget(new QLabel(label));
    top->addWidget(box);
    boxes_.push_back({key, box});
    connect(box, &QComboBox::currentIndexChanged, this, [this, index = boxes_.size() - 1](int) {
      if (updating_) return;
      const FilterBox& f = boxes_[index];
      if (f.column >= 0) filter_.setColumnFilter(f.column, f.box->currentIndex() <= 0 ? QString() : f.box->currentText());
      filtered();
    });
  }
  text_ = new QLineEdit;
  text_->setPlaceholderText(tr("筛选…"));
  text_->setClearButtonEnabled(true);
  top->addWidget(text_, 1);
  count_ = new QLabel;
  top->addWidget(count_);
  layout->addLayout(top);

  filter_.setSourceModel(&model_);
  filter_.setSortRole(Qt::EditRole);
  view_ = new QTableView;
  view_->setModel(&filter_);
  view_->setSortingEnabled(true);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::SingleSelection);
  view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  view_->verticalHeader()->setDefaultSectionSize(22);
  layout->addWidget(view_, 1);

  connect(tables_, &QComboBox::currentIndexChanged, this, [this](int index) {
    if (updating_ || index < 0) return;
    emit tableChosen(tables_->itemData(index).toInt());
  });
  connect(text_, &QLineEdit::textChanged, this, [this](const QString& t) {
    filter_.setText(t);
    filtered();
  });
  connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
    if (updating_ || !current.isValid()) return;
    emit rowSelected(static_cast<size_t>(filter_.mapToSource(current).row()));
  });
}

void ResultsPanel::setTables(const std::vector<std::pair<QString, std::shared_ptr<const Table>>>& tables, int active) {
  updating_ = true;
  tables_->clear();
  for (size_t i = 0; i < tables.size(); ++i) tables_->addItem(tables[i].first, static_cast<int>(i));
  std::shared_ptr<const Table> table;
  if (active >= 0 && active < static_cast<int>(tables.size())) {
    tables_->setCurrentIndex(active);
    table = tables[active].second;
  }
  model_.setTable(table);
  updating_ = false;
  rebuildFilters();
  view_->resizeColumnsToContents();
}

int ResultsPanel::activeTable() const { return tables_->currentIndex() < 0 ? -1 : tables_->currentData().toInt(); }

void ResultsPanel::rebuildFilters() {
  updating_ = true;
  for (FilterBox& f : boxes_) {
    if (f.column >= 0) filter_.setColumnFilter(f.column, {});
    f.box->clear();
    f.column = model_.table() ? filterColumn(*model_.table(), f.key) : -1;
    f.box->setEnabled(f.column >= 0);
    f.box->addItem(tr("全部"));
    if (f.column < 0) continue;
    std::set<QString> values;
    for (int r = 0; r < model_.rowCount(); ++r) values.insert(model_.index(r, f.column).data().toString());
    for (const QString& v : values) f.box->addItem(v);
  }
  updating_ = false;
  count_->setText(tr("%1 / %2 行").arg(filter_.rowCount()).arg(model_.rowCount()));
}

void ResultsPanel::filtered() {
  count_->setText(tr("%1 / %2 行").arg(filter_.rowCount()).arg(model_.rowCount()));
  emit filterChanged();
}

render::RowFilter ResultsPanel::rowFilter() const {
  if (!model_.table() || filter_.rowCount() == model_.rowCount()) return nullptr;
  auto shown = std::make_shared<std::vector<char>>(model_.table()->rows.size(), 0);
  for (int r = 0; r < filter_.rowCount(); ++r) (*shown)[filter_.mapToSource(filter_.index(r, 0)).row()] = 1;
  return shown;
}

void ResultsPanel::setFilterValue(const std::string& columnKey, const QString& value) {
  for (FilterBox& f : boxes_)
    if (f.key == columnKey) f.box->setCurrentIndex(std::max(0, f.box->findText(value)));
}

bool ResultsPanel::selectRow(size_t row) {
  const QModelIndex index = filter_.mapFromSource(model_.index(static_cast<int>(row), 0));
  if (!index.isValid()) return false;
  view_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  view_->scrollTo(index);
  return true;
}

}  // namespace sanxian::viewer
