#include "layer_tree.h"

#include <QDropEvent>
#include <QHeaderView>

#include "core/base/text.h"
#include "render/legend.h"

namespace sanxian::viewer {

LayerTree::LayerTree(QWidget* parent) : QTreeWidget(parent) {
  setColumnCount(4);
  setHeaderLabels({tr("图层"), tr("角色"), tr("要素数"), tr("坐标系")});
  setDragDropMode(QAbstractItemView::InternalMove);
  setDefaultDropAction(Qt::MoveAction);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setContextMenuPolicy(Qt::CustomContextMenu);
  setIconSize(QSize(22, 12));
  invisibleRootItem()->setFlags(Qt::ItemIsEnabled | Qt::ItemIsDropEnabled);
  connect(this, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
    if (filling_ || column != 0 || item->parent()) return;
    emit visibilityChanged(layerOf(item), item->checkState(0) == Qt::Checked);
  });
  connect(this, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
    const QTreeWidgetItem* item = itemAt(at);
    if (!item) return;
    setCurrentItem(const_cast<QTreeWidgetItem*>(item));
    emit menuRequested(layerOf(item), viewport()->mapToGlobal(at));
  });
}

int LayerTree::layerOf(const QTreeWidgetItem* item) {
  if (!item) return -1;
  if (item->parent()) item = item->parent();
  return item->data(0, Qt::UserRole).toInt();
}

int LayerTree::currentLayer() const { return currentItem() ? layerOf(currentItem()) : -1; }

void LayerTree::fill(const Document& doc, int current) {
  filling_ = true;
  clear();
  const auto icon = [](const render::LegendItem& item) { return QIcon(QPixmap::fromImage(render::swatchImage(item.style, item.dimension, QSize(22, 12), 2))); };
  for (int i = static_cast<int>(doc.layers.size()) - 1; i >= 0; --i) {
    const LayerItem& l = doc.layers[i];
    const RoleDef* role = doc.roles->find(l.layer->role());
    const QString roleText = role ? QString::fromStdString(role->title())
                             : l.ownResult ? tr("三线结果")
                                           : QString::fromStdString(l.layer->role());
    const CrsInfo& crs = l.layer->sourceCrs.definition.empty() ? l.layer->crs : l.layer->sourceCrs;
    const QString crsText = crs.epsg ? QStringLiteral("EPSG:%1").arg(crs.epsg) : QString::fromStdString(crs.name);
    auto* item = new QTreeWidgetItem({QString::fromStdString(l.id), roleText, QString::number(l.layer->features.size()), crsText});
    item->setData(0, Qt::UserRole, i);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled);
    item->setCheckState(0, l.visible ? Qt::Checked : Qt::Unchecked);
    item->setToolTip(0, QString::fromStdString(l.layer->source));
    item->setToolTip(3, QString::fromStdString(crs.name));
    // The legend: the swatch beside the layer, or one row per category under it.
    const std::vector<render::LegendItem> legend = render::layerLegend({l.id, l.layer.get(), l.visible, l.cache}, *doc.styles);
    if (legend.size() == 1) {
      item->setIcon(0, icon(legend[0]));
    } else {
      for (size_t k = 0; k < legend.size(); ++k) {
        const size_t count = l.cache && k < l.cache->categories.size() ? l.cache->categories[k].count : 0;
        auto* child = new QTreeWidgetItem(item, {legend[k].label, QString(), count ? QString::number(count) : QString()});
        child->setIcon(0, icon(legend[k]));
        child->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
      }
    }
    addTopLevelItem(item);
    item->setExpanded(true);
    if (i == current) setCurrentItem(item);
  }
  for (int c = 0; c < 4; ++c) resizeColumnToContents(c);
  filling_ = false;
}

void LayerTree::dropEvent(QDropEvent* event) {
  // Only between layers: never into a layer's legend.
  QTreeWidget::dropEvent(event);
  std::vector<int> order;
  for (int k = topLevelItemCount() - 1; k >= 0; --k) order.push_back(layerOf(topLevelItem(k)));
  emit orderChanged(order);
}

}  // namespace sanxian::viewer
