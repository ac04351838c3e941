// Harmonize: the analysis plane chosen and reported, edges that keep their
// shape when moved into it, and the invariant that follows — overlapping a
// layer with a copy of itself gives each feature the ellipsoidal area
// `sanxian area` gives it, to 1e-9, whatever the other layers of the run.
// Every layer is built here: degree polygons spanning three zones, data
// declared in EPSG:4545 near the zone's edge, a Pacific layer across the
// antimeridian.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/checks/overlap/overlap.h"
#include "core/geometry/area.h"
#include "core/geometry/harmonize.h"
#include "core/geometry/measure.h"
#include "core/io/crs.h"
#include "core/io/load.h"
#include "fixtures/fixtures.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;
using test::freshFolder;
using test::writeLayer;

const RoleCatalog& roles() {
  static const RoleCatalog catalog = RoleCatalog::loadDefault();
  return catalog;
}

std::string ring(const std::vector<std::pair<double, double>>& points) {
  std::string out = "(";
  for (size_t i = 0; i < points.size(); ++i) out += format("%s%.10f %.10f", i ? "," : "", points[i].first, points[i].second);
  return out + ")";
}

std::string polygon(const std::vector<std::pair<double, double>>& points) { return "POLYGON(" + ring(points) + ")"; }

// ---------------------------------------------------------------------------
// County-like polygons in CGCS2000 degrees from 104.4°E to 111.6°E (zones
// CM 105, 108 and 111), 38°N to 40.4°N: 8 × 3 cells whose shared borders
// wiggle through vertices 5 to 22 km apart (quantized boundaries), so that
// neighbours touch exactly; and, over them, a triangle 600 km wide with
// three edges only and a 1 km square.
struct Grid {
  static constexpr int columns = 8, rows = 3;
  static constexpr double west = 104.4, south = 38.0, width = 0.9, height = 0.8;

  // Vertices of the border x = column c between rows r and r + 1, south to north.
  static std::vector<std::pair<double, double>> vertical(int c, int r) {
    const int parts = 4 + 6 * ((c + r) % 3);  // 22, 6 or 4 km apart
    std::vector<std::pair<double, double>> out;
    for (int k = 0; k <= parts; ++k) {
      const double wiggle = k == 0 || k == parts ? 0 : 0.03 * std::sin(c * 12.9898 + r * 78.233 + k * 37.719);
      out.push_back({west + c * width + wiggle, south + r * height + k * height / parts});
    }
    return out;
  }
  // Vertices of the border y = row r between columns c and c + 1, west to east.
  static std::vector<std::pair<double, double>> horizontal(int r, int c) {
    const int parts = 5 + 8 * ((c + 2 * r) % 2);
    std::vector<std::pair<double, double>> out;
    for (int k = 0; k <= parts; ++k) {
      const double wiggle = k == 0 || k == parts ? 0 : 0.025 * std::sin(r * 3.1 + c * 7.7 + k * 11.3);
      out.push_back({west + c * width + k * width / parts, south + r * height + wiggle});
    }
    return out;
  }
  static std::string cell(int c, int r) {
    std::vector<std::pair<double, double>> points = horizontal(r, c);  // south, west to east
    const auto east = vertical(c + 1, r);
    points.insert(points.end(), east.begin() + 1, east.end());
    auto north = horizontal(r + 1, c);
    points.insert(points.end(), north.rbegin() + 1, north.rend());
    auto westBorder = vertical(c, r);
    points.insert(points.end(), westBorder.rbegin() + 1, westBorder.rend());
    return polygon(points);
  }
};

std::string countiesLayer(const std::string& folder) {
  test::LayerSpec spec;
  spec.path = folder + "/counties.shp";
  spec.epsg = 4490;
  spec.fields = {"NAME"};
  for (int r = 0; r < Grid::rows; ++r)
    for (int c = 0; c < Grid::columns; ++c) spec.rows.push_back({Grid::cell(c, r), {format("county %d-%d", c, r)}});
  spec.rows.push_back({polygon({{105.0, 38.2}, {111.0, 38.3}, {108.2, 40.2}, {105.0, 38.2}}), {"triangle"}});
  spec.rows.push_back({polygon({{107.1, 39.1}, {107.1116, 39.1}, {107.1116, 39.109}, {107.1, 39.109}, {107.1, 39.1}}), {"1 km square"}});
  return writeLayer(spec);
}

// ---------------------------------------------------------------------------
// Overlaps a layer with a copy of itself (the layers in `others` loaded in
// the same run) and compares each feature's piece with `sanxian area`.
struct InvariantCheck {
  double worst = 0;        // largest |piece / area - 1| over the features
  double worstWhole = 0;   // the same for the whole-feature figure beside each piece
  size_t compared = 0;
  CrsInfo plane;
  Layer a;  // as harmonized
};

InvariantCheck selfOverlapAgainstArea(const std::string& path, const std::vector<std::string>& others = {},
                                      const std::optional<std::string>& analysisCrs = std::nullopt) {
  AreaOptions areaOptions;
  areaOptions.load.source = path;
  const LayerAreas areas = measureLayer(areaOptions, roles());
  std::map<int64_t, double> byFid;
  for (const FeatureArea& f : areas.features) byFid[f.fid] = f.measures.area;

  InvariantCheck out;
  LoadOptions options;
  options.source = path;
  out.a = load(options, roles());
  Layer b = load(options, roles());
  std::vector<Layer> extra;
  for (const std::string& other : others) {
    LoadOptions o;
    o.source = other;
    extra.push_back(load(o, roles()));
  }
  std::vector<const Layer*> all = {&out.a, &b};
  for (const Layer& l : extra) all.push_back(&l);
  out.plane = chooseAnalysisCrs(all, analysisCrs);
  harmonize(out.a, out.plane);
  harmonize(b, out.plane);
  for (Layer& l : extra) harmonize(l, out.plane);

  const RuleList rules = RuleList::loadDefault(roles());
  OverlapSettings settings;
  settings.aId = "a";
  settings.bId = "b";
  settings.rules = &rules;
  settings.roles = &roles();
  settings.minPieceAreaM2 = 0;
  const OverlapResult result = overlapLayers(out.a, b, settings);
  for (const OverlapPiece& p : result.pieces) {
    if (p.a.fid != p.b.fid) continue;
    const double expected = byFid.at(p.a.fid);
    out.worst = std::max(out.worst, std::fabs(p.measures.area / expected - 1));
    out.worstWhole = std::max(out.worstWhole, std::fabs(p.a.featureArea / expected - 1));
    ++out.compared;
  }
  return out;
}

TEST(Harmonize, DegreePolygonsAcrossThreeZonesKeepTheirAreaInTheAnalysisPlane) {
  setLanguage(Language::English);
  const std::string folder = freshFolder("harmonize_counties");
  const std::string counties = countiesLayer(folder);
  const InvariantCheck check = selfOverlapAgainstArea(counties);
  EXPECT_EQ(check.compared, size_t(Grid::columns * Grid::rows + 2));
  EXPECT_LT(check.worst, 1e-9);
  EXPECT_LT(check.worstWhole, 1e-9);
  // 7.2° wide: no zone holds it all; the zone of its centre, reported so.
  EXPECT_EQ(check.plane.epsg, 4545);
  EXPECT_NE(check.plane.note.find("wider than one zone"), std::string::npos) << check.plane.note;
  // No repair: every county stayed valid in the plane.
  EXPECT_EQ(check.a.countIssues(LoadIssue::Kind::Repaired), 0u);
  EXPECT_EQ(check.a.countIssues(LoadIssue::Kind::InvalidAfterTransform), 0u);
}

TEST(Harmonize, FiguresDoNotDependOnTheOtherLayersOfTheRun) {
  setLanguage(Language::English);
  const std::string folder = freshFolder("harmonize_others");
  const std::string counties = countiesLayer(folder);
  // A layer far west moves the analysis plane to CM 105°E; one in Xinjiang
  // to 90°E: the counties' figures stay those of `sanxian area`.
  test::LayerSpec west;
  west.path = folder + "/west.shp";
  west.epsg = 4490;
  west.fields = {"NAME"};
  west.rows = {{polygon({{99.0, 36.0}, {99.1, 36.0}, {99.1, 36.1}, {99.0, 36.0}}), {"w"}}};
  const std::string westPath = writeLayer(west);
  const InvariantCheck shifted = selfOverlapAgainstArea(counties, {westPath});
  EXPECT_EQ(shifted.plane.epsg, 4544);  // CM 105°E
  EXPECT_LT(shifted.worst, 1e-9);
  west.path = folder + "/xinjiang.shp";
  west.rows = {{polygon({{80.0, 40.0}, {80.1, 40.0}, {80.1, 40.1}, {80.0, 40.0}}), {"x"}}};
  const InvariantCheck far = selfOverlapAgainstArea(counties, {writeLayer(west)});
  EXPECT_LT(far.worst, 1e-9);
  const InvariantCheck given = selfOverlapAgainstArea(counties, {}, std::string("EPSG:4546"));
  EXPECT_LT(given.worst, 1e-9);
}

// ---------------------------------------------------------------------------
// EPSG:4545 data near the west edge of its zone (106.44°E, x ≈ 365 000),
// 20 km tall: a parcel with two triangles pointing at the middles of its
// long edges from 5 mm away, and a C-shaped parcel whose notch comes within
// 5 mm of its own far edge. Drawn straight in CM 108°E, those edges bend by
// 0.3 m in CM 105°E: moving only the vertices there closed one gap (an
// overlap of parcels that do not overlap) and made the C cross itself (a
// "repair" of valid data).
constexpr double EX = 365000, EY = 4320000;

std::string rectangle(double x0, double y0, double x1, double y1) {
  return polygon({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}});
}

std::string edgeParcels(const std::string& folder) {
  test::LayerSpec spec;
  spec.path = folder + "/parcels.shp";
  spec.epsg = 4545;
  spec.fields = {"NAME"};
  spec.rows = {{rectangle(EX, EY, EX + 5000, EY + 20000), {"middle"}},
               {polygon({{EX + 5000.005, EY + 10000}, {EX + 8000, EY}, {EX + 8000, EY + 20000}, {EX + 5000.005, EY + 10000}}), {"east, tip 5 mm away"}},
               {polygon({{EX - 0.005, EY + 10000}, {EX - 3000, EY + 20000}, {EX - 3000, EY}, {EX - 0.005, EY + 10000}}), {"west, tip 5 mm away"}},
               {polygon({{EX, EY + 30000}, {EX + 5000, EY + 30000}, {EX + 5000, EY + 50000}, {EX, EY + 50000}, {EX, EY + 40010},
                         {EX + 4999.995, EY + 40000}, {EX, EY + 39990}, {EX, EY + 30000}}),
                {"C, notch 5 mm from its edge"}}};
  return writeLayer(spec);
}

// Degrees across the border of zones CM 105°E and 108°E (105.1°E..107.5°E).
std::string twoZoneLayer(const std::string& folder) {
  test::LayerSpec spec;
  spec.path = folder + "/two_zones.shp";
  spec.epsg = 4490;
  spec.fields = {"NAME"};
  spec.rows = {{polygon({{105.1, 38.5}, {106.3, 38.5}, {106.3, 39.5}, {105.1, 38.5}}), {"a"}},
               {polygon({{106.6, 38.5}, {107.5, 38.6}, {107.0, 39.4}, {106.6, 38.5}}), {"b"}}};
  return writeLayer(spec);
}

OverlapResult selfOverlap(const Layer& layer) {
  static const RuleList rules = RuleList::loadDefault(roles());
  OverlapSettings settings;
  settings.aId = settings.bId = "parcels";
  settings.rules = &rules;
  settings.roles = &roles();
  settings.minPieceAreaM2 = 0;
  return overlapLayers(layer, layer, settings);
}

TEST(Harmonize, KeepsTheDeclaredZoneWhenEveryLayerFitsItAndSaysWhy) {
  setLanguage(Language::English);
  const std::string folder = freshFolder("harmonize_edge");
  LoadOptions options;
  options.source = edgeParcels(folder);
  Layer parcels = load(options, roles());
  options.source = twoZoneLayer(folder);
  Layer wide = load(options, roles());
  // The centre of everything (106.3°E) is nearest CM 105°E, but the
  // parcels are declared in CM 108°E and every layer lies within 3° of it.
  const CrsInfo plane = chooseAnalysisCrs({&parcels, &wide}, std::nullopt);
  EXPECT_EQ(plane.epsg, 4545);
  EXPECT_NE(plane.note.find("the zone of layer parcels"), std::string::npos) << plane.note;
  harmonize(parcels, plane);
  harmonize(wide, plane);
  EXPECT_TRUE(parcels.issues.empty());
  const OverlapResult result = selfOverlap(parcels);
  EXPECT_TRUE(result.pieces.empty());
  EXPECT_TRUE(result.slivers.empty());
  // Both layers still measure as `sanxian area` measures them.
  EXPECT_LT(selfOverlapAgainstArea(options.source, {folder + "/parcels.shp"}).worst, 1e-9);
  EXPECT_LT(selfOverlapAgainstArea(folder + "/parcels.shp", {options.source}).worst, 1e-9);
}

TEST(Harmonize, MovedIntoAnotherZoneParcelsKeepTheirShape) {
  setLanguage(Language::English);
  const std::string folder = freshFolder("harmonize_edge_moved");
  LoadOptions options;
  options.source = edgeParcels(folder);
  Layer parcels = load(options, roles());
  const CrsInfo plane = chooseAnalysisCrs({&parcels}, std::string("EPSG:4544"));
  EXPECT_EQ(plane.origin, CrsOrigin::UserOverride);
  harmonize(parcels, plane);
  // The 5 mm gap and notch survive the 0.3 m bend: nothing overlaps, nothing needed repair.
  EXPECT_TRUE(parcels.issues.empty());
  for (const Feature& f : parcels.features) EXPECT_EQ(geos::invalidReason(f.geometry.get()), "");
  EXPECT_TRUE(selfOverlap(parcels).pieces.empty());
  const InvariantCheck check = selfOverlapAgainstArea(options.source, {}, std::string("EPSG:4544"));
  EXPECT_EQ(check.compared, 4u);
  EXPECT_LT(check.worst, 1e-9);
}

TEST(Harmonize, ReportsAGeometryTheMoveMadeInvalidNamingItBeforeRepairing) {
  setLanguage(Language::English);
  // Teeth 0.1 µm from a 20 km edge, on both sides of it: closer than the
  // densified edge follows the true one (kEdgeTolerance), so some cross it
  // in the plane although none does in EPSG:4545.
  std::vector<std::pair<double, double>> inner = {{EX, EY}, {EX + 5000, EY}, {EX + 5000, EY + 20000}, {EX, EY + 20000}};
  std::vector<std::pair<double, double>> outer = {{EX + 5001, EY}, {EX + 6000, EY}, {EX + 6000, EY + 20000}, {EX + 5001, EY + 20000}};
  for (int k = 19; k >= 1; --k) {
    const double y = EY + k * 1000 + 37.0 * k;
    inner.push_back({EX + 1000, y + 1});
    inner.push_back({EX + 5000 - 1e-7, y});
    inner.push_back({EX + 1000, y - 1});
  }
  inner.push_back({EX, EY});
  for (int k = 19; k >= 1; --k) {
    const double y = EY + k * 1000 + 23.0 * k;
    outer.push_back({EX + 5001, y + 1});
    outer.push_back({EX + 5000 + 1e-7, y});
    outer.push_back({EX + 5001, y - 1});
  }
  outer.push_back({EX + 5001, EY});
  test::LayerSpec spec;
  spec.path = freshFolder("harmonize_teeth") + "/teeth.shp";
  spec.epsg = 4545;
  spec.fields = {"NAME"};
  spec.rows = {{"MULTIPOLYGON((" + ring(inner) + "),(" + ring(outer) + "))", {"teeth"}}};
  LoadOptions options;
  options.source = writeLayer(spec);
  Layer layer = load(options, roles());
  ASSERT_EQ(layer.countIssues(LoadIssue::Kind::Invalid), 0u);
  harmonize(layer, chooseAnalysisCrs({&layer}, std::string("EPSG:4544")));
  ASSERT_EQ(layer.countIssues(LoadIssue::Kind::InvalidAfterTransform), 1u);
  const LoadIssue& event = layer.issues.front();
  EXPECT_EQ(event.kind, LoadIssue::Kind::InvalidAfterTransform);
  EXPECT_EQ(event.fid, 0);
  EXPECT_NE(event.message.find("valid in its own CRS CGCS2000 / 3-degree Gauss-Kruger CM 108E"), std::string::npos) << event.message;
  EXPECT_NE(event.message.find("CM 105E"), std::string::npos) << event.message;
  EXPECT_EQ(layer.countIssues(LoadIssue::Kind::Repaired), 1u);
  EXPECT_EQ(geos::invalidReason(layer.features[0].geometry.get()), "");
}

TEST(Harmonize, EmptyLayersThatDeclareTheirCrsNeedNoAnalysisCrs) {
  setLanguage(Language::English);
  const std::string folder = freshFolder("harmonize_empty");
  test::LayerSpec spec;
  spec.path = folder + "/old.shp";
  spec.fields = {"NAME"};
  LoadOptions options;
  options.source = writeLayer(spec);
  Layer a = load(options, roles());
  spec.path = folder + "/new.shp";
  options.source = writeLayer(spec);
  Layer b = load(options, roles());
  const CrsInfo plane = chooseAnalysisCrs({&a, &b}, std::nullopt);
  EXPECT_EQ(plane.epsg, 4545);
  EXPECT_NE(plane.note.find("no layer has coordinates"), std::string::npos) << plane.note;
  EXPECT_NO_THROW(harmonize(a, plane));
}

// ---------------------------------------------------------------------------
// The Pacific across the antimeridian, in WGS 84 cut at ±180° as GeoJSON
// does: the shortest arc holding it runs from 165°E to 170°W, so the plane
// is a Transverse Mercator on CGCS2000 centred on 178°E, not a zone 100°
// away; and the figures still equal `sanxian area`'s.
TEST(Harmonize, APacificLayerAcrossTheAntimeridianIsAnalysedInAPlaneCentredOnIt) {
  setLanguage(Language::English);
  test::LayerSpec spec;
  spec.path = freshFolder("harmonize_pacific") + "/pacific.shp";
  spec.epsg = 4326;
  spec.fields = {"NAME"};
  spec.rows = {{"MULTIPOLYGON(((177 -18,180 -18,180 -16,177 -16,177 -18)),((-180 -18,-178 -18,-178 -16,-180 -16,-180 -18)))", {"islands"}},
               {polygon({{170, -20}, {172, -20.3}, {175, -20}, {175.2, -17}, {175, -15}, {170, -15}, {170, -20}}), {"west"}},
               {polygon({{-175, -20}, {-170, -20}, {-170, -15}, {-175, -15}, {-175, -20}}), {"east"}},
               {polygon({{165, -25}, {179.5, -10}, {172, -5}, {165, -25}}), {"long edges"}}};
  const std::string path = writeLayer(spec);
  const InvariantCheck check = selfOverlapAgainstArea(path);
  EXPECT_EQ(check.compared, 4u);
  EXPECT_LT(check.worst, 1e-9);
  EXPECT_EQ(check.plane.epsg, 0);
  EXPECT_NE(check.plane.name.find("Transverse Mercator CM 178E"), std::string::npos) << check.plane.name;
  EXPECT_NE(check.plane.note.find("outside the CGCS2000 zones"), std::string::npos) << check.plane.note;
  // The two halves of the islands meet along 180° in the plane, which a
  // multipolygon may not do: said so, naming the feature, then made one.
  ASSERT_EQ(check.a.countIssues(LoadIssue::Kind::InvalidAfterTransform), 1u);
  for (const LoadIssue& issue : check.a.issues)
    if (issue.kind == LoadIssue::Kind::InvalidAfterTransform) EXPECT_EQ(issue.fid, 0);
  // PROJ registers no WGS 84 → CGCS2000 transformation: said so in the load report.
  ASSERT_EQ(check.a.countIssues(LoadIssue::Kind::DatumTransformation), 1u);
  EXPECT_NE(check.a.issues.front().message.find("WGS 84 taken as CGCS2000"), std::string::npos) << check.a.issues.front().message;
}

// A layer in US survey feet (NAD83 / New York Long Island, a Lambert
// conformal conic): analysed in a Transverse Mercator in metres centred on
// it, each parcel drawn straight in the feet plane keeps its area.
TEST(Harmonize, AFootLayerKeepsItsAreasInAMetrePlane) {
  setLanguage(Language::English);
  test::LayerSpec spec;
  spec.path = freshFolder("harmonize_feet") + "/lots.shp";
  spec.epsg = 2263;
  spec.fields = {"NAME"};
  spec.rows = {{polygon({{1000000, 200000}, {1000100, 200000}, {1000100, 200100}, {1000000, 200100}, {1000000, 200000}}), {"100 ft lot"}},
               {polygon({{1010000, 190000}, {1060000, 195000}, {1040000, 240000}, {1010000, 190000}}), {"10 mile triangle"}},
               {polygon({{900000, 150000}, {1000000, 150000}, {1000000, 250000}, {900000, 250000}, {900000, 150000}}), {"19 mile square"}}};
  const InvariantCheck check = selfOverlapAgainstArea(writeLayer(spec));
  EXPECT_EQ(check.compared, 3u);
  EXPECT_LT(check.worst, 1e-9);
  EXPECT_TRUE(isMetric(check.plane));
  EXPECT_NE(check.plane.name.find("Transverse Mercator CM 74W"), std::string::npos) << check.plane.name;
}

// NAD27 reaches CGCS2000 through a transformation PROJ knows (NAD27 → WGS 84
// for the place, then WGS 84 taken as CGCS2000), named in the load report;
// a datum PROJ knows nothing about stops, saying which parameters to give.
TEST(Harmonize, ADatumShiftIsStatedAndAnUnknownDatumAsksForParameters) {
  setLanguage(Language::English);
  const std::string folder = freshFolder("harmonize_datums");
  test::LayerSpec spec;
  spec.path = folder + "/nad27.shp";
  spec.epsg = 4267;
  spec.fields = {"NAME"};
  spec.rows = {{polygon({{-100, 40}, {-99, 40}, {-99, 41}, {-100, 41}, {-100, 40}}), {"square"}}};
  LoadOptions options;
  options.source = writeLayer(spec);
  Layer nad27 = load(options, roles());
  harmonize(nad27, chooseAnalysisCrs({&nad27}, std::nullopt));
  ASSERT_EQ(nad27.countIssues(LoadIssue::Kind::DatumTransformation), 1u);
  const std::string& note = nad27.issues.front().message;
  EXPECT_NE(note.find("NAD27 to WGS 84"), std::string::npos) << note;
  EXPECT_NE(note.find("accuracy"), std::string::npos) << note;
  EXPECT_NE(note.find("WGS 84 taken as CGCS2000"), std::string::npos) << note;

  spec.path = folder + "/krassowsky.shp";
  spec.epsg = 0;
  spec.wktCrs = "+proj=longlat +ellps=krass +no_defs";  // a datum of its own on the Krassowsky ellipsoid
  spec.rows = {{polygon({{108, 39}, {108.1, 39}, {108.1, 39.1}, {108, 39}}), {"t"}}};
  options.source = writeLayer(spec);
  Layer unknown = load(options, roles());
  try {
    harmonize(unknown, crsFromUser("EPSG:4545"));
    FAIL() << "expected an input error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Input);
    EXPECT_EQ(e.where().file, options.source);
    EXPECT_NE(std::string(e.what()).find("towgs84"), std::string::npos) << e.what();
  }
}

// Data round the world has no plane to overlay it in: a usage error that
// says so, never figures from a plane 180° away.
TEST(Harmonize, DataRoundTheWorldHasNoAnalysisPlane) {
  setLanguage(Language::English);
  test::LayerSpec spec;
  spec.path = freshFolder("harmonize_world") + "/world.shp";
  spec.epsg = 4326;
  spec.fields = {"NAME"};
  spec.rows = {{polygon({{-100, 40}, {-99, 40}, {-99, 41}, {-100, 40}}), {"Americas"}},
               {polygon({{10, 40}, {11, 40}, {11, 41}, {10, 40}}), {"Europe"}},
               {polygon({{120, 40}, {121, 40}, {121, 41}, {120, 40}}), {"Asia"}}};
  LoadOptions options;
  options.source = writeLayer(spec);
  const Layer layer = load(options, roles());
  try {
    chooseAnalysisCrs({&layer}, std::nullopt);
    FAIL() << "expected a usage error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Usage);
    EXPECT_NE(std::string(e.what()).find("no single plane holds all the layers"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sanxian
