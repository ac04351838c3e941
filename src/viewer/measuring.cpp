#include "measuring.h"

#include <QCoreApplication>

#include "core/base/geos.h"
#include "core/geometry/measure.h"
#include "core/geometry/units.h"

namespace sanxian::viewer {

Measurement measurePoints(const std::vector<QPointF>& points, bool area, const CrsInfo& crs) {
  Measurement m;
  m.area = area;
  m.points = points.size();
  if (points.size() < (area ? 3u : 2u)) return m;
  GEOSContextHandle_t h = geos::ctx();
  const unsigned n = static_cast<unsigned>(points.size()) + (area ? 1 : 0);
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, n, 2);
  for (unsigned i = 0; i < n; ++i) {
    const QPointF& p = points[i % points.size()];
    GEOSCoordSeq_setXY_r(h, seq, i, p.x(), p.y());
  }
  geos::GeomPtr g;
  if (area) {
    GEOSGeometry* ring = GEOSGeom_createLinearRing_r(h, seq);
    g = geos::own(GEOSGeom_createPolygon_r(h, ring, nullptr, 0), "measured polygon");
  } else {
    g = geos::own(GEOSGeom_createLineString_r(h, seq), "measured line");
  }
  // The checks' own measurer for the analysis CRS: Gauss-Kruger plane
  // integrated exactly, other planes densified (measure.h).
  Measurer& measurer = threadMeasurer(crs);
  const Measures measures = measurer.measure(g.get());
  m.length = measures.length;
  m.planarLength = measures.planarLength;
  m.areaM2 = measures.area;
  m.planarArea = measures.planarArea;
  m.ellipsoid = measurer.ellipsoid().name;
  return m;
}

QString measurementText(const Measurement& m) {
  const auto metres = [](double v) { return QString::number(v, 'f', 3); };
  if (m.points < (m.area ? 3u : 2u))
    return m.area ? QCoreApplication::translate("Measure", "面积测量：单击添加顶点，双击或右键结束，Esc 清除") : QCoreApplication::translate("Measure", "距离测量：单击添加顶点，双击或右键结束，Esc 清除");
  if (!m.area)
    return QCoreApplication::translate("Measure", "长度 %1 米（%2 椭球）· 平面 %3 米").arg(metres(m.length), QString::fromStdString(m.ellipsoid), metres(m.planarLength));
  return QCoreApplication::translate("Measure", "面积 %1 平方米 = %2 公顷 = %3 亩（%4 椭球）· 平面 %5 平方米 · 周长 %6 米")
      .arg(QString::number(m.areaM2, 'f', 2), QString::number(hectares(m.areaM2), 'f', 4), QString::number(mu(m.areaM2), 'f', 2),
           QString::fromStdString(m.ellipsoid), QString::number(m.planarArea, 'f', 2), metres(m.length));
}

}  // namespace sanxian::viewer
