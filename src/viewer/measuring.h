// Measuring on the map: a line's length or a polygon's area from points
// clicked in the analysis CRS, ellipsoidal on CGCS2000 with the planar
// figure beside, by core's Measurer exactly as the checks measure (the
// viewer computes nothing itself).
#pragma once

#include <QPointF>
#include <QString>

#include <vector>

#include "core/io/layer.h"

namespace sanxian::viewer {

struct Measurement {
  bool area = false;        // a polygon (area and perimeter) or a line (length)
  double length = 0;        // ellipsoidal, m: the line's length or the polygon's perimeter
  double planarLength = 0;  // in the analysis CRS, m
  double areaM2 = 0;        // ellipsoidal, m²
  double planarArea = 0;    // m²
  size_t points = 0;
  std::string ellipsoid = "CGCS2000";  // the ellipsoid of the figures (the analysis CRS's datum)
};

// Measures the points as a line, or as a polygon (closed implicitly) when
// `area` is true; fewer than 2 (line) or 3 (polygon) points measure 0.
// Throws an input error when the CRS cannot be measured.
Measurement measurePoints(const std::vector<QPointF>& points, bool area, const CrsInfo& crs);

// The figures as the status shows them: "长度 1 234.567 米（椭球）· 平面 1 234.890 米"
// and for areas m², 公顷 and 亩.
QString measurementText(const Measurement& m);

}  // namespace sanxian::viewer
