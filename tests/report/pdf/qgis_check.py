# Opens Shapefiles written by `sanxian run` in QGIS (PyQGIS, Debian python3-qgis) with the .qml beside them
# loaded as the default style, prints renderer, categories, colours and aliases, and renders each to NAME_qgis.png.
# Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/report/qgis_check.py OUT/overlap/overlap_conflicts.shp ...
import sys
from qgis.core import (QgsApplication, QgsVectorLayer, QgsMapSettings, QgsMapRendererCustomPainterJob)
from qgis.PyQt.QtGui import QImage, QPainter, QColor
from qgis.PyQt.QtCore import QSize
app = QgsApplication([], False); app.initQgis()
for path in sys.argv[1:]:
    layer = QgsVectorLayer(path, "t", "ogr")   # loads NAME.qml beside it as the default style
    assert layer.isValid(), path
    r = layer.renderer()
    print(path, "features", layer.featureCount(), "renderer", r.type(), "attr", getattr(r, "classAttribute", lambda: "-")())
    if r.type() == "categorizedSymbol":
        for c in r.categories():
            print("   category", repr(c.value()), c.symbol().color().name(QColor.HexArgb))
    f = next(layer.getFeatures())
    print("   alias of area_ha:", layer.attributeAlias(layer.fields().indexOf("area_ha")) if layer.fields().indexOf("area_ha") >= 0 else "-",
          "| first feature:", [f[n] for n in ("severity", "a_name", "township") if layer.fields().indexOf(n) >= 0])
    s = QgsMapSettings(); s.setLayers([layer]); s.setExtent(layer.extent()); s.setOutputSize(QSize(800, 600)); s.setBackgroundColor(QColor("white"))
    img = QImage(QSize(800, 600), QImage.Format_ARGB32); img.fill(QColor("white"))
    p = QPainter(img); job = QgsMapRendererCustomPainterJob(s, p); job.start(); job.waitForFinished(); p.end()
    out = path.replace(".shp", "_qgis.png"); img.save(out); print("   rendered", out)
app.exitQgis()
