// The results of a run: one table of the checks' result tables at a time,
// sortable, filterable by severity, rule and township and by free text;
// the map draws only the rows the filter leaves. Selecting a row asks the
// map to zoom to and highlight its piece; the map selects a row through
// selectRow.
#pragma once

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QWidget>

#include <memory>

#include "core/checks/table.h"
#include "render/renderer.h"

class QComboBox;
class QLineEdit;
class QTableView;
class QLabel;

namespace sanxian::viewer {

class ResultsModel : public QAbstractTableModel {
  Q_OBJECT
public:
  void setTable(std::shared_ptr<const Table> table);
  const Table* table() const { return table_.get(); }
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
  std::shared_ptr<const Table> table_;
};

// Rows whose severity / rule / township columns equal the chosen values
// (empty: any) and whose cells contain the text.
class ResultsFilter : public QSortFilterProxyModel {
  Q_OBJECT
public:
  void setColumnFilter(int column, const QString& value);  // column of the source; "" clears
  void setText(const QString& text);

protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
  std::map<int, QString> equals_;
  QString text_;
};

class ResultsPanel : public QWidget {
  Q_OBJECT
public:
  explicit ResultsPanel(QWidget* parent = nullptr);

  // The tables to choose from (labels shown in the combo), the active one first shown.
  void setTables(const std::vector<std::pair<QString, std::shared_ptr<const Table>>>& tables, int active);
  int activeTable() const;
  // Selects the row of the source table (from a click on the map); returns false if filtered out.
  bool selectRow(size_t row);
  ResultsModel& model() { return model_; }
  ResultsFilter& filter() { return filter_; }
  QTableView* view() const { return view_; }
  void setFilterValue(const std::string& columnKey, const QString& value);
  // The rows of the source table the filter leaves (null when it leaves them all).
  render::RowFilter rowFilter() const;

signals:
  void tableChosen(int index);
  void rowSelected(size_t row);  // row of the source table
  void filterChanged();

private:
  void rebuildFilters();
  void filtered();

  ResultsModel model_;
  ResultsFilter filter_;
  QComboBox* tables_;
  QTableView* view_;
  QLineEdit* text_;
  QLabel* count_;
  struct FilterBox {
    std::string key;  // column key
    QComboBox* box;
    int column = -1;
  };
  std::vector<FilterBox> boxes_;
  bool updating_ = false;
};

// The source columns to filter by, by key: severity, rule, township.
int filterColumn(const Table& table, const std::string& what);

}  // namespace sanxian::viewer
