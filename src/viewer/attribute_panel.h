// Attribute tables: the features of any layer as a table (FID, then its
// fields as stored), sortable, filtered by text in one field or any, rows
// selected together. The selection is the map's selection (both ways),
// and the filter can be applied to the map (only the features it leaves
// are drawn).
#pragma once

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QWidget>

#include <memory>
#include <string>
#include <vector>

#include "core/io/layer.h"
#include "render/renderer.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace sanxian::viewer {

class LayerModel : public QAbstractTableModel {
  Q_OBJECT
public:
  void setLayer(std::shared_ptr<const Layer> layer);
  const Layer* layer() const { return layer_.get(); }
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
  std::shared_ptr<const Layer> layer_;
  std::vector<bool> numeric_;  // per field: sort as numbers
};

// Rows whose field (or any field, column -1) contains the text.
class AttributeFilter : public QSortFilterProxyModel {
  Q_OBJECT
public:
  void setFilter(int sourceColumn, const QString& text);
  bool active() const { return !text_.isEmpty(); }

protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
  int column_ = -1;
  QString text_;
};

class AttributePanel : public QWidget {
  Q_OBJECT
public:
  explicit AttributePanel(QWidget* parent = nullptr);

  // The layers to choose from (id and layer), keeping the one shown when it is still there.
  void setLayers(const std::vector<std::pair<std::string, std::shared_ptr<const Layer>>>& layers);
  void showLayer(const std::string& id);
  std::string layerId() const;
  // Filter by text in a field (as stored; "" for any field).
  void setFilter(const std::string& field, const QString& text);
  // Whether the filter applies to the map.
  void setFilterOnMap(bool on);
  bool filterOnMap() const;
  // The features the filter leaves (null when there is no filter).
  render::RowFilter rowFilter() const;
  // Selects features of the layer shown (from the map); returns how many are shown in the table.
  int selectFeatures(const std::vector<size_t>& features);
  // Selects every row the filter leaves.
  void selectAllShown();
  std::vector<size_t> selectedFeatures() const;
  QTableView* view() const { return view_; }
  AttributeFilter& filter() { return filter_; }

signals:
  void layerShown(const QString& id);
  // The user selected these features of `id` in the table.
  void selectionChanged(const QString& id, const std::vector<size_t>& features);
  // The filter changed (or was switched on or off for the map).
  void filterChanged(const QString& id);
  // Zoom to these features (double-click).
  void zoomTo(const QString& id, const std::vector<size_t>& features);

private:
  void rebuildFields();
  void updateCount();

  std::vector<std::pair<std::string, std::shared_ptr<const Layer>>> layers_;
  LayerModel model_;
  AttributeFilter filter_;
  QComboBox* layerBox_;
  QComboBox* fieldBox_;
  QLineEdit* text_;
  QCheckBox* onMap_;
  QLabel* count_;
  QTableView* view_;
  bool updating_ = false;
};

}  // namespace sanxian::viewer
