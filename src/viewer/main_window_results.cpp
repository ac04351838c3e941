// MainWindow, the results: the results table and its filter on the map,
// a row shown and zoomed to, and identify at a point (result rows, then
// features) into the identify panel.
#include <QTreeWidget>

#include "core/base/text.h"
#include "main_window.h"

namespace sanxian::viewer {

namespace {

// A result row for the identify panel: the table and row, its cells below.
QTreeWidgetItem* rowItem(const QString& table, const Table& t, size_t row) {
  auto* top = new QTreeWidgetItem({table, MainWindow::tr("第 %1 行").arg(row + 1)});
  for (size_t c = 0; c < t.columns.size(); ++c)
    new QTreeWidgetItem(top, {QString::fromStdString(language() == Language::English ? t.columns[c].en : t.columns[c].zh),
                              QString::fromStdString(cellText(t.rows[row][c], t.columns[c]))});
  return top;
}

}  // namespace

void MainWindow::updateResultFilter() {
  doc_.resultFilter = results_->rowFilter();
  if (doc_.selectedRow && doc_.resultFilter && !render::shown(doc_.resultFilter, *doc_.selectedRow)) doc_.selectedRow.reset();
  refreshScene();
}

void MainWindow::fillResults() {
  std::vector<std::pair<QString, std::shared_ptr<const Table>>> tables;
  for (const ResultItem& r : doc_.results)
    tables.push_back({QStringLiteral("%1 (%2)").arg(QString::fromStdString(r.label())).arg(r.table->rows.size()), r.table});
  results_->setTables(tables, doc_.activeResult);
  doc_.resultFilter = results_->rowFilter();
}

void MainWindow::selectResultRow(size_t row) {
  const ResultItem* r = doc_.active();
  if (!r || row >= r->table->rows.size()) return;
  doc_.selectedRow = row;
  showResultRow(row);
  refreshScene();
  canvas_->zoomToSelection(doc_.resultRowExtent(row));
}

void MainWindow::showResultRow(size_t row) {
  const ResultItem* r = doc_.active();
  if (!r || row >= r->table->rows.size()) return;
  identify_->clear();
  QTreeWidgetItem* top = rowItem(QString::fromStdString(r->label()), *r->table, row);
  identify_->addTopLevelItem(top);
  top->setExpanded(true);
  identify_->resizeColumnToContents(0);
}

std::vector<render::Hit> MainWindow::identifyAt(QPointF world, double tolerance) {
  const std::shared_ptr<const render::Scene> scene = doc_.scene();
  const std::vector<render::Hit> hits = render::identify(*scene, world.x(), world.y(), tolerance);
  identify_->clear();
  bool rowPicked = false, featurePicked = false;
  for (const render::Hit& hit : hits) {
    if (hit.kind == render::Hit::Kind::Result) {
      const Table& t = *scene->results[hit.entry].table;
      const ResultItem* item = doc_.result(scene->results[hit.entry].id);
      identify_->addTopLevelItem(rowItem(QString::fromStdString(item ? item->label() : t.name), t, hit.index));
      if (!rowPicked && item == doc_.active()) {
        rowPicked = true;
        results_->selectRow(hit.index);  // also highlights and zooms through rowSelected
      }
    } else {
      const Layer& layer = *scene->layers[hit.entry].layer;
      const Feature& f = layer.features[hit.index];
      auto* top = new QTreeWidgetItem({QString::fromStdString(scene->layers[hit.entry].id), QStringLiteral("FID %1").arg(f.fid)});
      for (size_t c = 0; c < layer.fields.size() && c < f.values.size(); ++c)
        new QTreeWidgetItem(top, {QString::fromStdString(layer.fields[c]), QString::fromStdString(f.values[c])});
      identify_->addTopLevelItem(top);
      if (!featurePicked && !rowPicked) {
        // The map's selection is the attribute table's.
        featurePicked = true;
        selectFeatures(scene->layers[hit.entry].id, {hit.index});
      }
    }
  }
  if (!featurePicked) {
    bool any = false;
    for (LayerItem& l : doc_.layers) any |= !l.selected.empty(), l.selected.clear();
    if (any) {
      attributes_->selectFeatures({});
      refreshScene();
    }
  }
  if (identify_->topLevelItemCount() > 0) identify_->topLevelItem(0)->setExpanded(true);
  identify_->resizeColumnToContents(0);
  return hits;
}

}  // namespace sanxian::viewer
