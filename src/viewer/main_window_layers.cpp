// MainWindow, the layers: adding a layer file, the layer tree and its
// menu (zoom, labels, style, properties, remove, order), the attribute
// tables linked to the map, search by code or name.
#include <QDockWidget>
#include <QMenu>
#include <QStandardItemModel>
#include <QStatusBar>

#include "core/io/field_mapping.h"
#include "layer_dialogs.h"
#include "main_window.h"
#include "mapping_dialog.h"

namespace sanxian::viewer {

namespace {

// The layer rows' layer ids and layers, bottom first as drawn.
std::vector<std::pair<std::string, std::shared_ptr<const Layer>>> layerList(const Document& doc) {
  std::vector<std::pair<std::string, std::shared_ptr<const Layer>>> out;
  for (auto it = doc.layers.rbegin(); it != doc.layers.rend(); ++it) out.push_back({it->id, it->layer});
  return out;
}

}  // namespace

bool MainWindow::addLayerFile(const QString& path) {
  const std::string file = path.toStdString();
  std::string id, projectPath, role;
  FieldMapping mapping;
  try {
    const bool first = doc_.layers.empty();
    auto layer = std::make_shared<Layer>(doc_.readLayerFile(file));
    id = doc_.freeLayerId(file);
    if (layer->roleMatch) {
      id = doc_.addReadLayer(file, std::move(*layer), id);
    } else if (isSanxianResult(layer->source, layer->fields)) {
      // One of the tool's own outputs: shown as a result (by severity,
      // change kind or zone), never given a role by its fields.
      id = doc_.addReadLayer(file, std::move(*layer), id);
      statusBar()->showMessage(tr("%1 是三线写出的检查结果，按结果样式显示，不指定图层角色").arg(QString::fromStdString(id)), 8000);
    } else {
      // Fields that fit no role: ask which role and which fields, keep the answer in the project file.
      MappingDialog dialog(layer, doc_.roles, QString::fromStdString(id), doc_.project ? QString::fromStdString(doc_.project->path) : QString(), this);
      if (runDialog_(dialog) == QDialog::Accepted) {
        role = dialog.role();
        mapping = dialog.mapping();
        projectPath = dialog.projectPath();
        id = doc_.addLayerFile(file, role, mapping, dialog.layerId());
      } else {
        id = doc_.addReadLayer(file, std::move(*layer), id);
      }
    }
    refreshAll();
    if (first) canvas_->zoomToFullExtent();
  } catch (const std::exception& e) {
    showError(tr("无法添加图层"), e);
    return false;
  }
  if (role.empty() || projectPath.empty()) return true;
  try {
    doc_.saveLayerToProject(projectPath, id, file, role, mapping);
    statusBar()->showMessage(tr("图层 %1 的字段映射已保存到 %2").arg(QString::fromStdString(id), QString::fromStdString(projectPath)), 8000);
  } catch (const std::exception& e) {
    showError(tr("无法保存到项目文件"), e);
  }
  return true;
}

void MainWindow::fillLayerTree() { layerTree_->fill(doc_, currentLayerIndex()); }

void MainWindow::fillAttributes() { attributes_->setLayers(layerList(doc_)); }

int MainWindow::currentLayerIndex() const { return layerTree_ ? layerTree_->currentLayer() : -1; }

void MainWindow::moveLayer(int delta) {
  const int i = currentLayerIndex();
  const int j = i + delta;
  if (i < 0 || j < 0 || j >= static_cast<int>(doc_.layers.size())) return;
  std::swap(doc_.layers[i], doc_.layers[j]);
  layerTree_->fill(doc_, j);
  refreshScene();
}

void MainWindow::layerMenu(int i, const QPoint& at) {
  if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
  const LayerItem& l = doc_.layers[i];
  QMenu menu(this);
  menu.addAction(tr("缩放至图层"), this, [this, i] { zoomToLayer(i); });
  menu.addAction(tr("打开属性表"), this, [this, id = l.id] { showAttributes(id); });
  QAction* labels = menu.addAction(tr("显示标注"));
  labels->setCheckable(true);
  labels->setChecked(l.style.labels.value_or(true));
  connect(labels, &QAction::toggled, this, [this, i](bool on) { setLayerLabels(i, on); });
  menu.addAction(tr("样式…"), this, [this, i] { editStyle(i); });
  menu.addAction(tr("属性…"), this, [this, i] { showProperties(i); });
  menu.addSeparator();
  menu.addAction(tr("移除图层"), this, [this, i] { removeLayer(i); });
  menu.exec(at);
}

void MainWindow::zoomToLayer(int i) {
  if (i >= 0 && i < static_cast<int>(doc_.layers.size())) canvas_->zoomToExtent(doc_.layers[i].layer->extent);
}

void MainWindow::setLayerStyle(int i, const LayerStyleSpec& style) {
  if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
  doc_.setLayerStyle(doc_.layers[i].id, style);
  fillLayerTree();
  refreshScene();
}

void MainWindow::setLayerLabels(int i, bool on) {
  if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
  LayerStyleSpec style = doc_.layers[i].style;
  style.labels = on ? std::nullopt : std::optional<bool>(false);
  setLayerStyle(i, style);
}

void MainWindow::editStyle(int i) {
  if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
  StyleDialog dialog(doc_.layers[i], *doc_.styles, this);
  if (runDialog_(dialog) != QDialog::Accepted) return;
  setLayerStyle(i, dialog.style());
  if (doc_.project) statusBar()->showMessage(tr("样式已改；“保存项目”把它写进项目文件"), 6000);
}

void MainWindow::showProperties(int i) {
  if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
  PropertiesDialog dialog(doc_.layers[i], *doc_.roles, doc_.analysisCrs, this);
  runDialog_(dialog);
}

void MainWindow::removeLayer(int i) {
  if (i < 0 || i >= static_cast<int>(doc_.layers.size())) return;
  const std::string id = doc_.layers[i].id;
  const bool compared = doc_.comparison && (doc_.comparison->oldId == id || doc_.comparison->newId == id);
  doc_.removeLayer(id);
  if (compared) canvas_->setSwipe(std::nullopt);
  refreshAll();
  statusBar()->showMessage(tr("已从地图移除 %1（项目文件中的图层与检查不变）").arg(QString::fromStdString(id)), 6000);
}

void MainWindow::showAttributes(const std::string& layerId) {
  if (!doc_.layer(layerId)) return;
  attributeDock_->show();
  attributeDock_->raise();
  if (attributes_->layerId() != layerId) attributes_->showLayer(layerId);
}

void MainWindow::selectFeatures(const std::string& layerId, const std::vector<size_t>& features, bool zoom) {
  LayerItem* l = doc_.layer(layerId);
  if (!l) return;
  for (LayerItem& other : doc_.layers)
    if (&other != l) other.selected.clear();
  l->selected = features;
  if (attributes_->layerId() != layerId) attributes_->showLayer(layerId);
  attributes_->selectFeatures(features);
  refreshScene();
  if (!zoom) return;
  geos::Envelope e;
  for (const size_t f : features)
    if (f < l->layer->features.size() && l->layer->features[f].geometry) e.expand(geos::envelope(l->layer->features[f].geometry.get()));
  canvas_->zoomToSelection(e);
}

void MainWindow::updateLayerFilter(const QString& id) {
  // Only the layer shown in the attribute table has a filter on the map, and only when asked.
  for (LayerItem& l : doc_.layers) l.filter = l.id == id.toStdString() && attributes_->filterOnMap() ? attributes_->rowFilter() : nullptr;
  refreshScene();
}

std::vector<SearchHit> MainWindow::search(const QString& text) {
  searchHits_ = doc_.search(text.toStdString());
  searchModel_->clear();
  for (size_t i = 0; i < searchHits_.size(); ++i) {
    auto* item = new QStandardItem(QString::fromStdString(searchHits_[i].label));
    item->setData(static_cast<int>(i), Qt::UserRole);
    item->setToolTip(QString::fromStdString(searchHits_[i].field + " = " + searchHits_[i].value));
    searchModel_->appendRow(item);
  }
  return searchHits_;
}

void MainWindow::goTo(const SearchHit& hit) {
  LayerItem* l = doc_.layer(hit.layerId);
  if (!l) return;
  if (!l->visible) {
    l->visible = true;
    fillLayerTree();
  }
  selectFeatures(hit.layerId, {hit.feature}, true);
  statusBar()->showMessage(tr("%1：%2 = %3").arg(QString::fromStdString(hit.layerId), QString::fromStdString(hit.field), QString::fromStdString(hit.value)), 8000);
}

}  // namespace sanxian::viewer
