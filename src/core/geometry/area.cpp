#include "core/geometry/area.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <cmath>

#include "core/base/text.h"
#include "core/geometry/harmonize.h"
#include "core/io/crs.h"

namespace sanxian {
namespace {

using Sum = CompensatedSum;

RoundedColumn rounded(const std::vector<FeatureArea>& features, bool planar, AreaUnit unit, int decimals) {
  std::vector<double> values;
  values.reserve(features.size());
  for (const auto& f : features) values.push_back(fromSquareMetres(planar ? f.measures.planarArea : f.measures.area, unit));
  return {unit, adjustParts(values, decimals)};
}

nlohmann::ordered_json crsJson(const CrsInfo& crs) {
  nlohmann::ordered_json j;
  j["epsg"] = crs.epsg ? nlohmann::ordered_json(crs.epsg) : nlohmann::ordered_json(nullptr);
  j["name"] = crs.name;
  j["definition"] = crs.definition;
  j["geographic"] = crs.geographic;
  j["datum"] = datumName(crs.datum);
  // The unit the coordinates are in; planar figures are converted from it to metres.
  j["linear_unit"] = crs.linearUnit.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(crs.linearUnit);
  j["metres_per_unit"] = crs.metresPerUnit > 0 ? nlohmann::ordered_json(crs.metresPerUnit) : nlohmann::ordered_json(nullptr);
  if (!crs.note.empty()) j["note"] = crs.note;
  return j;
}

// A figure, or null where there is none (planar figures without a planar CRS).
nlohmann::ordered_json orNull(double value) { return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr); }

// Planar figures in a plane of the data's own, or for degrees in the
// CGCS2000 zone that holds the layer; none rather than figures from a
// zone far away (+4 to +14 % on US data in CM 75°E).
MeasureOptions planarOptionsFor(const Layer& layer, double densifyStep, LayerAreas& out) {
  out.planarIsLayerCrs = !layer.crs.geographic;
  MeasureOptions measureOptions{densifyStep, {}};
  if (layer.crs.geographic && !layer.extent.empty) {
    if (const auto zone = cgcs2000ZoneHolding({&layer})) {
      measureOptions.planarCrs = zone->definition;
    } else {
      const geos::Envelope degrees = extentInDegrees(layer.crs, layer.extent);
      out.warnings.push_back(format(tr("说明：图层经纬度范围 %.4f°–%.4f°（东经为正），没有哪个 CGCS2000 3 度带能容纳；平面面积与长度留空，以椭球面积为准",
                                       "note: the layer spans longitudes %.4f to %.4f and no CGCS2000 3-degree zone holds it; planar figures are left "
                                       "empty: rely on the ellipsoidal ones"),
                                    degrees.minX, degrees.maxX));
    }
  }
  return measureOptions;
}

// Every feature measured, in parallel (one Measurer per thread).
void measureFeatures(const Layer& layer, const MeasureOptions& measureOptions, LayerAreas& out) {
  const Error::Where where{layer.source, layer.layerName};
  out.features.resize(layer.features.size());
  std::vector<std::string> failures(layer.features.size());
  try {
    const Measurer prototype(layer.crs, measureOptions);
    out.planarCrs = prototype.planarCrs();
    out.areasIntegratedInPlane = prototype.integratesAreasInPlane();
    out.ellipsoid = prototype.ellipsoid();
    tbb::enumerable_thread_specific<Measurer> measurers(prototype);
    tbb::parallel_for(size_t(0), layer.features.size(), [&](size_t i) {
      const Feature& feature = layer.features[i];
      FeatureArea& result = out.features[i];
      result.fid = feature.fid;
      result.code = layer.roleValue(feature, "code");
      result.name = layer.roleValue(feature, "name");
      result.hasGeometry = feature.geometry != nullptr;
      if (!feature.geometry) return;
      try {
        result.measures = measurers.local().measure(feature.geometry.get());
      } catch (const std::bad_alloc&) {
        throw;  // the machine's, not the feature's: the CLI says so
      } catch (const std::exception& e) {
        failures[i] = e.what();
      }
    });
  } catch (const Error& e) {
    throw Error(e.kind(), e.message(), where);
  }
  for (size_t i = 0; i < failures.size(); ++i)
    if (!failures[i].empty()) throwInput(failures[i], {layer.source, layer.layerName, layer.features[i].fid});

}

// A feature whose planar figures could not be had (outside what the
// planar CRS covers) keeps its ellipsoidal ones; the planar totals are
// then left empty rather than short.
void noteFeaturesWithoutPlanarFigures(LayerAreas& out) {
  std::vector<int64_t> withoutPlanar;
  if (!out.planarCrs.definition.empty())
    for (const FeatureArea& f : out.features)
      if (f.hasGeometry && (std::isnan(f.measures.planarArea) || std::isnan(f.measures.planarLength))) withoutPlanar.push_back(f.fid);
  if (!withoutPlanar.empty()) {
    std::string fids;
    for (size_t i = 0; i < std::min<size_t>(withoutPlanar.size(), 10); ++i) fids += (i ? ", " : "") + std::to_string(withoutPlanar[i]);
    if (withoutPlanar.size() > 10) fids += ", …";
    out.warnings.push_back(format(tr("说明：%zu 个要素超出平面坐标系 %s 的范围，无平面面积（FID：%s）；其椭球面积照常计算，平面合计留空",
                                     "note: %zu features lie outside what the planar CRS %s covers and have no planar figures (FIDs: %s); their "
                                     "ellipsoidal figures are measured as usual, the planar totals are left empty"),
                                  withoutPlanar.size(), out.planarCrs.name.c_str(), fids.c_str()));
  }
}

// The layer's totals; a layer of lines only is measured by length.
void sumTotals(const Layer& layer, LayerAreas& out) {
  Sum area, length, planarArea, planarLength;
  bool anyPolygon = false, anyLine = false;
  for (size_t i = 0; i < out.features.size(); ++i) {
    const Measures& m = out.features[i].measures;
    area.add(m.area);
    length.add(m.length);
    planarArea.add(m.planarArea);
    planarLength.add(m.planarLength);
    if (const auto& g = layer.features[i].geometry) {
      anyPolygon = anyPolygon || geos::isPolygonal(g.get());
      anyLine = anyLine || geos::isLineal(g.get());
    }
  }
  out.total = {area.value(), length.value(), planarArea.value(), planarLength.value()};
  out.polygonal = anyPolygon || !anyLine;

}

// Planar and ellipsoidal figures far apart: the planar CRS does not fit.
void warnAboutPlanarDistortion(LayerAreas& out) {
  const double planar = out.polygonal ? out.total.planarArea : out.total.planarLength;
  const double ellipsoidal = out.polygonal ? out.total.area : out.total.length;
  out.planarDifference = ellipsoidal > 0 && std::isfinite(planar) ? planar / ellipsoidal - 1 : std::nan("");
  if (std::fabs(out.planarDifference) > kPlanarDifferenceWarning) {
    const char* what = out.polygonal ? tr("面积", "area") : tr("长度", "length");
    out.warnings.push_back(format(
        tr("警告：平面%s与椭球%s相差 %.2f%%（平面%s，超过 %g%%）：平面坐标系 %s 在数据所在处变形过大，或与数据不符；请以椭球%s为准，并核对坐标系",
           "warning: the planar %s and the ellipsoidal %s differ by %.2f%% (planar %s, more than %g%%): the planar CRS %s distorts too "
           "much where the data lies, or does not fit the data; rely on the ellipsoidal %s and check the CRS"),
        what, what, std::fabs(out.planarDifference) * 100, out.planarDifference > 0 ? tr("偏大", "larger") : tr("偏小", "smaller"),
        kPlanarDifferenceWarning * 100, out.planarCrs.name.c_str(), what));
  }

}

}  // namespace

LayerAreas measureLayer(const AreaOptions& options, const RoleCatalog& roles) {
  Layer layer = load(options.load, roles);

  // Repair in the layer's own CRS, so that planar figures stay those of the
  // layer as the user knows it.
  harmonize(layer, layer.crs);

  LayerAreas out;
  out.source = layer.source;
  out.layerName = layer.layerName;
  out.role = layer.role();
  out.crs = layer.crs;
  out.densifyStep = options.densifyStep;
  out.issues = layer.issues;
  for (const LoadIssue& issue : layer.issues)
    if (isWarning(issue.kind)) out.warnings.push_back(tr("警告：", "warning: ") + issue.message);

  const MeasureOptions measureOptions = planarOptionsFor(layer, options.densifyStep, out);
  measureFeatures(layer, measureOptions, out);
  noteFeaturesWithoutPlanarFigures(out);
  sumTotals(layer, out);
  warnAboutPlanarDistortion(out);

  out.hectares = rounded(out.features, false, AreaUnit::Hectare, options.hectareDecimals);
  out.mu = rounded(out.features, false, AreaUnit::Mu, options.muDecimals);
  if (std::isfinite(out.total.planarArea)) {  // else the planar columns stay empty
    out.planarHectares = rounded(out.features, true, AreaUnit::Hectare, options.hectareDecimals);
    out.planarMu = rounded(out.features, true, AreaUnit::Mu, options.muDecimals);
  }
  return out;
}

nlohmann::ordered_json toJson(const LayerAreas& a) {
  nlohmann::ordered_json j;
  j["source"] = a.source;
  j["layer"] = a.layerName;
  j["role"] = a.role.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(a.role);
  j["crs"] = crsJson(a.crs);
  j["planar_crs"] = a.planarCrs.definition.empty() ? nlohmann::ordered_json(nullptr) : crsJson(a.planarCrs);  // none: see warnings
  j["planar_crs_is_layer_crs"] = a.planarIsLayerCrs;
  j["ellipsoid"] = {{"name", a.ellipsoid.name}, {"a_m", a.ellipsoid.a}, {"inverse_flattening", a.ellipsoid.f > 0 ? 1 / a.ellipsoid.f : 0.0}};
  j["densify_step_m"] = a.crs.geographic ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(a.densifyStep);
  j["areas_integrated_in_plane"] = a.areasIntegratedInPlane;
  j["feature_count"] = a.features.size();

  j["area_m2"] = a.total.area;
  j["area_ha"] = hectares(a.total.area);
  j["area_mu"] = mu(a.total.area);
  j["area_km2"] = squareKilometres(a.total.area);
  j["planar_area_m2"] = orNull(a.total.planarArea);
  j["planar_area_ha"] = orNull(hectares(a.total.planarArea));
  j["planar_area_mu"] = orNull(mu(a.total.planarArea));
  j["planar_area_km2"] = orNull(squareKilometres(a.total.planarArea));
  j["length_m"] = a.total.length;
  j["planar_length_m"] = orNull(a.total.planarLength);
  j["planar_difference_pct"] = std::isfinite(a.planarDifference) ? nlohmann::ordered_json(a.planarDifference * 100) : nlohmann::ordered_json(nullptr);
  j["warnings"] = a.warnings;

  // The rounded table: text keeps the exact decimals; "adjusted" says that
  // 面积平差 changed at least one part.
  auto column = [](const RoundedColumn& c) {
    if (c.parts.parts.empty() && !c.parts.total.steps) return nlohmann::ordered_json(nullptr);  // no planar figures
    nlohmann::ordered_json k;
    k["decimals"] = c.parts.total.decimals;
    k["total"] = c.parts.total.text();
    k["adjusted"] = c.parts.adjusted;
    k["adjusted_count"] = c.parts.changed.size();
    return k;
  };
  j["rounded"] = {{"area_ha", column(a.hectares)},
                  {"area_mu", column(a.mu)},
                  {"planar_area_ha", column(a.planarHectares)},
                  {"planar_area_mu", column(a.planarMu)}};

  nlohmann::ordered_json features = nlohmann::ordered_json::array();
  for (size_t i = 0; i < a.features.size(); ++i) {
    const FeatureArea& f = a.features[i];
    nlohmann::ordered_json k;
    k["fid"] = f.fid;
    if (!a.role.empty()) {
      k["code"] = f.code;
      k["name"] = f.name;
    }
    k["has_geometry"] = f.hasGeometry;
    k["area_m2"] = f.measures.area;
    k["area_ha"] = hectares(f.measures.area);
    k["area_mu"] = mu(f.measures.area);
    k["planar_area_m2"] = orNull(f.measures.planarArea);
    k["planar_area_ha"] = orNull(hectares(f.measures.planarArea));
    k["planar_area_mu"] = orNull(mu(f.measures.planarArea));
    k["length_m"] = f.measures.length;
    k["planar_length_m"] = orNull(f.measures.planarLength);
    k["rounded_area_ha"] = a.hectares.parts.parts[i].text();
    k["rounded_area_mu"] = a.mu.parts.parts[i].text();

    features.push_back(std::move(k));
  }
  j["features"] = std::move(features);

  nlohmann::ordered_json issues = nlohmann::ordered_json::array();
  for (const LoadIssue& issue : a.issues) {
    nlohmann::ordered_json k;
    k["kind"] = kindName(issue.kind);
    k["fid"] = issue.fid ? nlohmann::ordered_json(*issue.fid) : nlohmann::ordered_json(nullptr);
    k["message"] = issue.message;
    issues.push_back(std::move(k));
  }
  j["issues"] = std::move(issues);
  return j;
}

}  // namespace sanxian
