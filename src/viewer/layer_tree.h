// The layer tree: one row per layer (top of the list drawn on top) with
// its visibility, role, feature count and CRS, and its legend — the
// swatch as the layer's icon, or one row per zone or category under it.
// Layers are reordered by dragging; a right click asks for the layer menu.
#pragma once

#include <QTreeWidget>

#include <vector>

#include "document.h"

namespace sanxian::viewer {

class LayerTree : public QTreeWidget {
  Q_OBJECT
public:
  explicit LayerTree(QWidget* parent = nullptr);

  // Fills the tree from the document; `current` (an index into doc.layers) stays current.
  void fill(const Document& doc, int current);
  // The index into doc.layers of the current layer row (or of the layer a legend row is under), -1 when none.
  int currentLayer() const;
  // The index into doc.layers an item stands for.
  static int layerOf(const QTreeWidgetItem* item);

signals:
  void visibilityChanged(int layer, bool visible);
  // After a drag: the layers' indices in their new drawing order, bottom first.
  void orderChanged(const std::vector<int>& bottomFirst);
  void menuRequested(int layer, const QPoint& globalPos);

protected:
  void dropEvent(QDropEvent* event) override;

private:
  bool filling_ = false;
};

}  // namespace sanxian::viewer
