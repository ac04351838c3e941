#include "generate.h"

#include "output.h"
#include "random.h"

#include <ogr_spatialref.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <stdexcept>

namespace sanxian::gen {

namespace {

// Stream tags: each kind of draw has its own hash stream.
enum Tag : uint64_t {
  kOutline = 11, kSite, kScore, kShape, kHole, kChange, kFunc, kBase, kTownship, kCounty,
  kReserve, kMine, kCluster, kRiver, kUnit, kProject, kDefect, kName,
  kFarmland, kUrban, kWater, kLandUse, kProvince
};

// Otog Banner's bounding box in EPSG:4545 (from 106.7–108.9°E, 38.3–40.3°N
// through PROJ): about 192 km east-west, 222 km north-south.
constexpr double kCountyMinX = 386300, kCountyMaxX = 578700;
constexpr double kCountyMinY = 4241200, kCountyMaxY = 4463200;

const char* kSyllables[] = {"巴音", "乌兰", "查干", "呼和", "阿拉", "敖包", "哈日", "乌素", "伊克", "宝日",
                            "格日勒", "陶亥", "布拉格", "沙日", "额尔和", "赛音", "那日", "巴彦", "希拉",
                            "温都尔", "包勒", "哈沙", "吉格", "苏力", "召", "锡尼", "达拉", "图古日格",
                            "新召", "察汗", "阿日", "浩勒"};
constexpr size_t kNSyll = sizeof(kSyllables) / sizeof(kSyllables[0]);

std::string placeName(uint64_t h) {
  return std::string(kSyllables[h % kNSyll]) + kSyllables[(h >> 20) % kNSyll];
}

std::string digits(long v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*ld", width, v);
  return buf;
}

double round4(double v) { return std::round(v * 1e4) / 1e4; }

struct County {
  std::string code, name;
};

// One province of the L and XL scales. XL is four of them, 2 × 2, laid out
// in the plane of CM 108E: L itself (Ordos) in the north-west and, east and
// south of it, real counties of roughly where the others fall (Datong and
// Shuozhou, Hanzhong, Zhumadian). Smaller scales use the first's name only.
struct Province {
  const char* name;  // in licence holders' names
  const char* code;  // two-digit admin code, in XL's shoreline codes
  int column, row;   // east and south of L, in L's widths and heights
  std::vector<County> counties;
};

const std::vector<Province> kProvinces = {
    {"内蒙古", "15", 0, 0,
     {{"150624", "鄂托克旗"}, {"150623", "鄂托克前旗"}, {"150625", "杭锦旗"}, {"150626", "乌审旗"}, {"150621", "达拉特旗"},
      {"150622", "准格尔旗"}, {"150627", "伊金霍洛旗"}, {"150602", "东胜区"}, {"150303", "海南区"}, {"152922", "阿拉善左旗"}}},
    {"山西", "14", 1, 0,
     {{"140212", "新荣区"}, {"140221", "阳高县"}, {"140222", "天镇县"}, {"140223", "广灵县"}, {"140224", "灵丘县"},
      {"140225", "浑源县"}, {"140226", "左云县"}, {"140602", "朔城区"}, {"140603", "平鲁区"}, {"140621", "山阴县"}}},
    {"陕西", "61", 0, 1,
     {{"610702", "汉台区"}, {"610703", "南郑区"}, {"610722", "城固县"}, {"610723", "洋县"}, {"610724", "西乡县"},
      {"610725", "勉县"}, {"610726", "宁强县"}, {"610727", "略阳县"}, {"610728", "镇巴县"}, {"610729", "留坝县"}}},
    {"河南", "41", 1, 1,
     {{"411702", "驿城区"}, {"411721", "西平县"}, {"411722", "上蔡县"}, {"411723", "平舆县"}, {"411724", "正阳县"},
      {"411725", "确山县"}, {"411726", "泌阳县"}, {"411727", "汝南县"}, {"411728", "遂平县"}, {"411729", "新蔡县"}}},
};

struct Township {
  std::string name, code;
  size_t county = 0;
  Pt seed;
  GeosPtr geom;
};

const char* kFunctions[] = {"防风固沙", "水土保持", "生物多样性维护", "水源涵养", "土地沙化", "水土流失"};
const std::vector<double> kFunctionWeights = {40, 20, 20, 8, 8, 4};

// A Gauss-Kruger region with a star-shaped outline ("the county" or "the
// province"), its townships and counties.
struct Scene {
  const Config& cfg;
  const Province& province;
  size_t provinceIndex = 0;
  double minX, minY, maxX, maxY;
  Pt center;
  std::vector<double> outlineR;  // radius at kOutlineN equal angles
  static constexpr int kOutlineN = 720;
  Poly outline;
  std::vector<County> counties;
  std::vector<Township> townships;
  std::vector<Pt> miningCentres;  // where control units become key-control
  std::map<std::string, Ring> namedRivers;
  // The sample's new red line and mining rights as written, for the layers
  // drawn against them (farmland, urban boundary, water sources, land use).
  struct Patch {
    std::string code;
    Poly poly;
  };
  std::vector<Patch> redlinePatches;
  struct Mine {
    std::string licence;
    bool exploration = false;
    Poly poly;
  };
  std::vector<Mine> mines;
  std::unique_ptr<OGRCoordinateTransformation> toXY;

  Scene(const Config& c, size_t p) : cfg(c), province(kProvinces[p]), provinceIndex(p) {
    double f = cfg.regionFactor;
    double hw = (kCountyMaxX - kCountyMinX) / 2 * f, hh = (kCountyMaxY - kCountyMinY) / 2 * f;
    double cx = (kCountyMinX + kCountyMaxX) / 2 + 2 * hw * province.column;
    double cy = (kCountyMinY + kCountyMaxY) / 2 - 2 * hh * province.row;
    minX = cx - hw, maxX = cx + hw, minY = cy - hh, maxY = cy + hh;
    center = {cx, cy};
    OGRSpatialReference geo, gk;
    geo.importFromEPSG(4490);
    gk.importFromEPSG(4545);
    geo.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    toXY.reset(OGRCreateCoordinateTransformation(&geo, &gk));

    Rng rng(hashOf({cfg.seed, kOutline}));
    double amp[8], ph[8], total = 0;
    for (int k = 2; k < 8; ++k) {
      amp[k] = rng.uniform() / k;
      ph[k] = rng.uniform(0, 2 * kPi);
      total += amp[k];
    }
    for (int i = 0; i < kOutlineN; ++i) {
      double t = 2 * kPi * i / kOutlineN;
      double e = 1.0 / std::sqrt(std::pow(std::cos(t) / (0.97 * hw), 2) + std::pow(std::sin(t) / (0.97 * hh), 2));
      double h = 0;
      for (int k = 2; k < 8; ++k) h += amp[k] * std::cos(k * t + ph[k]);
      double r = e * (0.87 + 0.13 * h / total);
      outlineR.push_back(r);
      outline.shell.push_back({mm(cx + r * std::cos(t)), mm(cy + r * std::sin(t))});
    }
  }

  Pt lonlat(double lon, double lat) const {
    double x = lon, y = lat;
    toXY->Transform(1, &x, &y);
    return {x, y};
  }

  // Conservative: the outline polygon's chords lie inside the sampled radii.
  bool inside(Pt p) const {
    double dx = p.x - center.x, dy = p.y - center.y;
    double t = std::atan2(dy, dx);
    if (t < 0) t += 2 * kPi;
    int i = int(t / (2 * kPi) * kOutlineN) % kOutlineN;
    double r = std::min(outlineR[size_t(i)], outlineR[size_t((i + 1) % kOutlineN)]) * 0.9995;
    return dx * dx + dy * dy < r * r;
  }

  Pt randomInside(Rng& rng) const {
    for (;;) {
      Pt p{rng.uniform(minX, maxX), rng.uniform(minY, maxY)};
      if (inside(p)) return p;
    }
  }

  size_t townshipAt(Pt p) const {
    size_t best = 0;
    double bd = 1e300;
    for (size_t i = 0; i < townships.size(); ++i) {
      double d = std::hypot(p.x - townships[i].seed.x, p.y - townships[i].seed.y);
      if (d < bd) bd = d, best = i;
    }
    return best;
  }
  const County& countyAt(Pt p) const { return counties[townships[townshipAt(p)].county]; }
  Pt frac(double fx, double fy) const { return {minX + fx * (maxX - minX), minY + fy * (maxY - minY)}; }
};

// Voronoi cells of `seeds` inside the bounding box, returned in seed order.
std::vector<GeosPtr> voronoi(const std::vector<Pt>& seeds, const Scene& sc) {
  auto* ctx = geosCtx();
  std::vector<GEOSGeometry*> pts;
  for (const Pt& p : seeds) pts.push_back(GEOSGeom_createPointFromXY_r(ctx, p.x, p.y));
  GeosPtr mp(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOINT, pts.data(), unsigned(pts.size())));
  Poly box{{{sc.minX - 1000, sc.minY - 1000}, {sc.maxX + 1000, sc.minY - 1000},
            {sc.maxX + 1000, sc.maxY + 1000}, {sc.minX - 1000, sc.maxY + 1000}}, {}};
  GeosPtr env = toGeos(box);
  GeosPtr cells(GEOSVoronoiDiagram_r(ctx, mp.get(), env.get(), 0.0, 0));
  if (!cells) throw std::runtime_error("GEOS Voronoi diagram failed");
  std::vector<GeosPtr> out(seeds.size());
  int n = GEOSGetNumGeometries_r(ctx, cells.get());
  for (int k = 0; k < n; ++k) {
    const GEOSGeometry* cell = GEOSGetGeometryN_r(ctx, cells.get(), k);
    double x0, y0, x1, y1;
    GEOSGeom_getExtent_r(ctx, cell, &x0, &y0, &x1, &y1);
    for (size_t i = 0; i < seeds.size(); ++i) {
      const Pt& p = seeds[i];
      if (out[i] || p.x < x0 || p.x > x1 || p.y < y0 || p.y > y1) continue;
      GeosPtr pt(GEOSGeom_createPointFromXY_r(ctx, p.x, p.y));
      if (GEOSIntersects_r(ctx, cell, pt.get()) == 1) {
        GeosPtr clipped(GEOSIntersection_r(ctx, cell, env.get()));
        out[i] = std::move(clipped);
        break;
      }
    }
  }
  return out;
}

void buildTownships(Scene& sc) {
  auto* ctx = geosCtx();
  const std::string& scale = sc.cfg.scale;
  if (scale != "L" && scale != "XL") {
    sc.counties = {{"150624", "鄂托克旗"}};
    // Rough real layout: industrial towns in the west, the seat in the
    // middle, the sumu in the north and south.
    struct T {
      const char* name;
      const char* code;
      double fx, fy;
    } real[] = {{"乌兰镇", "150624100", 0.56, 0.47},      {"棋盘井镇", "150624101", 0.16, 0.70},
                {"蒙西镇", "150624102", 0.14, 0.40},      {"木凯淖尔镇", "150624103", 0.84, 0.50},
                {"苏米图苏木", "150624200", 0.42, 0.14}, {"阿尔巴斯苏木", "150624201", 0.47, 0.83}};
    for (const T& t : real) sc.townships.push_back({t.name, t.code, 0, sc.frac(t.fx, t.fy), nullptr});
  } else {
    sc.counties = sc.province.counties;
    Rng rng(hashOf({sc.cfg.seed, kCounty}));
    std::vector<Pt> countySeeds;
    for (size_t i = 0; i < sc.counties.size(); ++i) countySeeds.push_back(sc.randomInside(rng));
    const int g = 8;
    std::map<size_t, int> perCounty;
    for (int j = 0; j < g; ++j)
      for (int i = 0; i < g; ++i) {
        Pt p = sc.frac((i + 0.5 + rng.uniform(-0.3, 0.3)) / g, (j + 0.5 + rng.uniform(-0.3, 0.3)) / g);
        size_t c = 0;
        double bd = 1e300;
        for (size_t k = 0; k < countySeeds.size(); ++k) {
          double d = std::hypot(p.x - countySeeds[k].x, p.y - countySeeds[k].y);
          if (d < bd) bd = d, c = k;
        }
        int serial = perCounty[c]++;
        bool sumu = rng.chance(0.4);
        std::string name = placeName(hashOf({sc.cfg.seed, kName, uint64_t(j * g + i)})) + (sumu ? "苏木" : "镇");
        std::string code = sc.counties[c].code + digits((sumu ? 200 : 100) + serial, 3);
        sc.townships.push_back({name, code, c, p, nullptr});
      }
  }
  std::vector<Pt> seeds;
  for (const Township& t : sc.townships) seeds.push_back(t.seed);
  std::vector<GeosPtr> cells = voronoi(seeds, sc);
  GeosPtr outline = toGeos(sc.outline);
  for (size_t i = 0; i < sc.townships.size(); ++i)
    if (cells[i]) sc.townships[i].geom.reset(GEOSIntersection_r(ctx, cells[i].get(), outline.get()));
}

// --- red line ---------------------------------------------------------------

struct PatchGrid {
  uint64_t seed;
  double s, x0, y0;
  long nx, ny;
  Pt site(long i, long j) const {
    uint64_t h = hashOf({seed, kSite, uint64_t(i), uint64_t(j)});
    return {x0 + (i + 0.5 + 0.6 * (unit(h) - 0.5)) * s, y0 + (j + 0.5 + 0.6 * (unit(mix64(h)) - 0.5)) * s};
  }
  // Distance from the site of (i, j) to its Voronoi cell's edge in direction t.
  // Jitter of ±0.3 cell keeps every relevant neighbour within two cells.
  double cellRadius(long i, long j, Pt p, double t, const Pt* nb) const {
    double ux = std::cos(t), uy = std::sin(t), R = 1e300;
    for (int k = 0; k < 24; ++k) {
      double dx = nb[k].x - p.x, dy = nb[k].y - p.y;
      double ud = ux * dx + uy * dy;
      if (ud > 0) R = std::min(R, (dx * dx + dy * dy) / (2 * ud));
    }
    return R;
  }
};

// A categorical field with patches of about `cell` metres: the function type
// of neighbouring red-line patches is usually the same.
size_t zonePick(uint64_t seed, Pt p, double cell, const std::vector<double>& weights) {
  long i = long(std::floor(p.x / cell)), j = long(std::floor(p.y / cell));
  double bd = 1e300;
  uint64_t best = 0;
  for (long dj = -1; dj <= 1; ++dj)
    for (long di = -1; di <= 1; ++di) {
      uint64_t h = hashOf({seed, kFunc, uint64_t(i + di), uint64_t(j + dj)});
      double sx = (i + di + unit(h)) * cell, sy = (j + dj + unit(mix64(h))) * cell;
      double d = std::hypot(p.x - sx, p.y - sy);
      if (d < bd) bd = d, best = h;
    }
  Rng rng(best);
  return rng.weighted(weights);
}

enum class Change { None, Shrink, Grow, Remove, Function, Add };
const char* changeName(Change c) {
  switch (c) {
    case Change::Shrink: return "shrunk";
    case Change::Grow: return "grown";
    case Change::Remove: return "removed";
    case Change::Function: return "function_changed";
    case Change::Add: return "added";
    default: return "unchanged";
  }
}

std::string encodingOf(const Config& cfg, const std::string& layer) {
  return cfg.gbkLayers.count(layer) ? "GBK" : cfg.encoding;
}

void check(const Poly& p, const Config& cfg, Summary& sum, const std::string& what, std::ostream& log) {
  if (!cfg.validate) return;
  std::string why = invalidReason(p);
  if (!why.empty()) {
    ++sum.invalid;
    if (sum.invalid <= 10) log << "  invalid " << what << ": " << why << "\n";
  }
}

void writeRedline(Scene& sc, Output& out, Summary& sum, std::ostream& log) {
  const Config& cfg = sc.cfg;
  std::string oldName = "redline_" + std::to_string(cfg.oldYear);
  std::string newName = "redline_" + std::to_string(cfg.newYear);
  std::vector<FieldSpec> fields = {{"HXBH", OFTString, 20}, {"HXMC", OFTString, 100}, {"GNLX", OFTString, 40},
                                   {"XZQDM", OFTString, 6},  {"MJ", OFTReal, 18, 4}};
  LayerWriter wOld(out, oldName, wkbPolygon, fields, encodingOf(cfg, oldName));
  LayerWriter wNew(out, newName, wkbPolygon, fields, encodingOf(cfg, newName));

  // Grid spacing so that about 55% of the cells inside the outline hold a patch.
  double outlineArea = polyArea(sc.outline);
  double s = std::sqrt(outlineArea * 0.55 / double(cfg.patches));
  PatchGrid grid{cfg.seed, s, sc.minX, sc.minY, long((sc.maxX - sc.minX) / s) + 1,
                 long((sc.maxY - sc.minY) / s) + 1};
  double noiseScale = std::max(25000.0, 6 * s);

  // Pass 1: rank candidate cells (wholly inside the outline) by a smooth
  // score plus noise; the best `patches` become red line.
  std::vector<std::pair<double, long>> cand;
  for (long j = 0; j < grid.ny; ++j)
    for (long i = 0; i < grid.nx; ++i) {
      Pt p = grid.site(i, j);
      double m = 1.3 * s;
      if (!sc.inside(p) || !sc.inside({p.x - m, p.y - m}) || !sc.inside({p.x + m, p.y - m}) ||
          !sc.inside({p.x - m, p.y + m}) || !sc.inside({p.x + m, p.y + m}))
        continue;
      double score = fbm(cfg.seed ^ kScore, p.x / noiseScale, p.y / noiseScale) +
                     0.35 * unit(hashOf({cfg.seed, kScore, uint64_t(i), uint64_t(j)}));
      cand.push_back({score, j * grid.nx + i});
    }
  std::sort(cand.begin(), cand.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  long nSel = std::min<long>(cfg.patches, long(cand.size()));
  long nAdd = std::min<long>(std::lround(nSel * 0.009), long(cand.size()) - nSel);
  std::vector<int8_t> role(size_t(grid.nx * grid.ny), 0);  // 1 selected, 2 added in the new version
  for (long k = 0; k < nSel + nAdd; ++k) role[size_t(cand[size_t(k)].second)] = k < nSel ? 1 : 2;
  cand.clear();
  cand.shrink_to_fit();

  std::ofstream truth;
  if (cfg.writeTruth) {
    // XL's later provinces append to the first's.
    const bool first = sc.provinceIndex == 0;
    truth.open(cfg.outDir + "/redline_changes.csv", first ? std::ios::binary : std::ios::binary | std::ios::app);
    if (first) truth << "HXBH,change,old_planar_area_m2,new_planar_area_m2,old_GNLX,new_GNLX\n";
  }

  long serial = 0;
  std::vector<double> ang, R, f, f2;
  Pt nb[24];
  for (long j = 0; j < grid.ny; ++j)
    for (long i = 0; i < grid.nx; ++i) {
      int8_t r = role[size_t(j * grid.nx + i)];
      if (!r) continue;
      Pt p = grid.site(i, j);
      int k = 0;
      for (long dj = -2; dj <= 2; ++dj)
        for (long di = -2; di <= 2; ++di)
          if (di || dj) nb[k++] = grid.site(i + di, j + dj);

      Rng rng(hashOf({cfg.seed, kShape, uint64_t(i), uint64_t(j)}));
      int n = 50 + int(250 * std::pow(rng.uniform(), 2));
      double t0 = rng.uniform(0, 2 * kPi);
      double base = 0.45 + 0.5 * fbm(cfg.seed ^ kBase, p.x / noiseScale * 2, p.y / noiseScale * 2);
      double ha[6], hp[6];
      for (int h = 1; h < 6; ++h) ha[h] = rng.uniform(0, 0.14) / h, hp[h] = rng.uniform(0, 2 * kPi);
      ang.resize(size_t(n));
      R.resize(size_t(n));
      f.resize(size_t(n));
      for (int v = 0; v < n; ++v) {
        double t = t0 + 2 * kPi * (v + 0.35 * (rng.uniform() - 0.5)) / n;
        double fv = base + 0.015 * (rng.uniform() - 0.5);
        for (int h = 1; h < 6; ++h) fv += ha[h] * std::cos(h * t + hp[h]);
        ang[size_t(v)] = t;
        R[size_t(v)] = grid.cellRadius(i, j, p, t, nb);
        f[size_t(v)] = std::clamp(fv, 0.3, 0.93);
      }

      // The change between versions, decided per patch.
      Change change = Change::None;
      if (r == 2) {
        change = Change::Add;
      } else {
        double u = unit(hashOf({cfg.seed, kChange, uint64_t(i), uint64_t(j)}));
        change = u < 0.016 ? Change::Shrink : u < 0.028 ? Change::Grow : u < 0.036 ? Change::Remove
                 : u < 0.046 ? Change::Function : Change::None;
      }
      f2 = f;
      if (change == Change::Shrink || change == Change::Grow) {
        double tc = rng.uniform(0, 2 * kPi), pe = rng.uniform(2, 6), d = rng.uniform(0.3, 0.6);
        for (int v = 0; v < n; ++v) {
          double w = std::pow(std::max(0.0, std::cos(ang[size_t(v)] - tc)), pe);
          f2[size_t(v)] = change == Change::Shrink ? f[size_t(v)] * (1 - d * w)
                                                   : std::min(0.95, f[size_t(v)] * (1 + d * w));
        }
      }
      Poly a, b;
      double minR = 1e300;
      for (int v = 0; v < n; ++v) {
        double t = ang[size_t(v)], c = std::cos(t), sn = std::sin(t);
        double r1 = R[size_t(v)] * f[size_t(v)], r2 = R[size_t(v)] * f2[size_t(v)];
        a.shell.push_back({mm(p.x + r1 * c), mm(p.y + r1 * sn)});
        b.shell.push_back({mm(p.x + r2 * c), mm(p.y + r2 * sn)});
        minR = std::min({minR, r1, r2});
      }
      if (unit(hashOf({cfg.seed, kHole, uint64_t(i), uint64_t(j)})) < 0.08) {
        int nh = int(rng.range(12, 40));
        double hr = 0.3 * minR * std::cos(kPi / n), ph = rng.uniform(0, 2 * kPi);
        Ring hole;
        for (int v = 0; v < nh; ++v) {
          double t = 2 * kPi * v / nh;
          double rr = hr * (0.75 + 0.25 * std::cos(2 * t + ph));
          hole.push_back({mm(p.x + rr * std::cos(t)), mm(p.y + rr * std::sin(t))});
        }
        a.holes.push_back(hole);
        b.holes.push_back(hole);
      }

      const County& county = sc.countyAt(p);
      std::string fn = kFunctions[zonePick(cfg.seed, p, 20000, kFunctionWeights)];
      std::string fn2 = fn;
      if (change == Change::Function) {
        size_t idx = size_t(std::find_if(std::begin(kFunctions), std::end(kFunctions),
                                         [&](const char* x) { return fn == x; }) - std::begin(kFunctions));
        fn2 = kFunctions[(idx + 1 + size_t(rng.range(0, 4))) % 6];
      }
      std::string code = "HX" + county.code + digits(++serial, 6);
      auto fill = [&](const std::string& func, double areaM2) {
        return [&, func, areaM2](OGRFeature& ft) {
          ft.SetField("HXBH", code.c_str());
          ft.SetField("HXMC", (county.name + func + "生态保护红线").c_str());
          ft.SetField("GNLX", func.c_str());
          ft.SetField("XZQDM", county.code.c_str());
          ft.SetField("MJ", round4(areaM2 / 10000));
        };
      };

      double areaA = polyArea(a), areaB = polyArea(b);
      if (change != Change::Add) {
        check(a, cfg, sum, oldName + " " + code, log);
        Poly written = a;
        if (cfg.defects) {
          double u = unit(hashOf({cfg.seed, kDefect, uint64_t(i), uint64_t(j)}));
          size_t v = size_t(rng.range(1, n - 3));
          if (u < 0.004) {  // a duplicated vertex, as digitising leaves them
            written.shell.insert(written.shell.begin() + long(v), written.shell[v]);
            ++sum.defects;
          } else if (u < 0.006) {  // a bow-tie: two vertices swapped
            std::swap(written.shell[v], written.shell[v + 1]);
            ++sum.defects;
          }
        }
        wOld.write(fill(fn, areaA), toOgr(written));
      }
      if (change != Change::Remove) {
        if (change != Change::None) check(b, cfg, sum, newName + " " + code, log);
        wNew.write(fill(fn2, areaB), toOgr(b));
        if (cfg.scale == "sample") sc.redlinePatches.push_back({code, b});
      }
      if (truth.is_open() && change != Change::None) {
        char buf[128];
        std::snprintf(buf, sizeof buf, "%.3f,%.3f", change == Change::Add ? 0.0 : areaA,
                      change == Change::Remove ? 0.0 : areaB);
        truth << code << ',' << changeName(change) << ',' << buf << ','
              << (change == Change::Add ? "" : fn) << ',' << (change == Change::Remove ? "" : fn2) << '\n';
      }
    }
  sum.patchesOld += wOld.count();
  sum.patchesNew += wNew.count();
}

// --- reserves ---------------------------------------------------------------

struct ReserveSpec {
  std::string name, code, type, level;
  int scheme = 2;  // 2: 核心保护区/一般控制区; 3: 核心区/缓冲区/实验区
  Pt centre;
  double a = 0, b = 0, rot = 0;  // semi-axes (m) and rotation (rad)
  double coreFrac = 0.35;
};

std::vector<ReserveSpec> reserveSpecs(Scene& sc) {
  const Config& cfg = sc.cfg;
  std::vector<ReserveSpec> specs;
  if (cfg.scale == "sample") {
    auto deg = kPi / 180;
    specs = {
        {"西鄂尔多斯国家级自然保护区", "ZRBHQ150624001", "自然保护区", "国家级", 3, sc.lonlat(107.15, 39.72),
         30000, 17000, 35 * deg, 0.3},
        {"鄂托克恐龙遗迹化石国家级自然保护区", "ZRBHQ150624002", "自然保护区", "国家级", 3,
         sc.lonlat(107.55, 38.98), 13000, 8500, -20 * deg, 0.3},
        {"都斯图河湿地自然保护区", "ZRBHQ150624003", "自然保护区", "自治区级", 2, {}, 24000, 5000, 0, 0.4},
        {"甘草自然保护区", "ZRBHQ150624004", "自然保护区", "自治区级", 2, sc.lonlat(108.35, 38.85), 12000,
         9500, 60 * deg, 0.45},
        {"北大池湿地公园", "ZRGY150624005", "湿地公园", "自治区级", 2, sc.lonlat(107.42, 39.07), 7000,
         5000, 10 * deg, 0.5},
    };
    // The wetland reserve follows its river.
    const Ring& river = sc.namedRivers.at("都斯图河");
    const Pt& mid = river[river.size() / 2];
    const Pt& nxt = river[river.size() / 2 + 5];
    specs[2].centre = mid;
    specs[2].rot = std::atan2(nxt.y - mid.y, nxt.x - mid.x);
    return specs;
  }
  Rng rng(hashOf({cfg.seed, kReserve}));
  const char* types[] = {"自然保护区", "森林公园", "湿地公园", "地质公园", "沙漠公园", "草原公园", "国家公园"};
  std::vector<double> typeW = {40, 15, 15, 8, 12, 9, 1};
  std::map<std::string, long> serial;
  for (long k = 0; k < cfg.reserves; ++k) {
    ReserveSpec r;
    r.centre = sc.randomInside(rng);
    double rad = rng.logUniform(500, 8000), e = rng.uniform(1, 2.5);
    r.a = rad * std::sqrt(e);
    r.b = rad / std::sqrt(e);
    r.rot = rng.uniform(0, kPi);
    r.type = types[rng.weighted(typeW)];
    r.scheme = rng.chance(0.45) ? 3 : 2;
    r.coreFrac = rng.uniform(0.25, 0.5);
    double lv = rng.uniform();
    r.level = rad > 5000 && lv < 0.5 ? "国家级" : lv < 0.6 ? "自治区级" : "市县级";
    const County& county = sc.countyAt(r.centre);
    std::string place = placeName(hashOf({cfg.seed, kName, kReserve, uint64_t(k)}));
    bool reserve = r.type == "自然保护区";
    r.name = reserve ? place + (r.level == "国家级" ? "国家级自然保护区" : "自然保护区") : place + r.type;
    std::string prefix = reserve ? "ZRBHQ" : r.type == "国家公园" ? "GJGY" : "ZRGY";
    r.code = prefix + county.code + digits(++serial[county.code], 4);
    specs.push_back(r);
  }
  return specs;
}

void writeReserves(Scene& sc, Output& out, Summary& sum, std::ostream& log) {
  const Config& cfg = sc.cfg;
  std::vector<FieldSpec> fields = {{"BHDBM", OFTString, 20}, {"BHDMC", OFTString, 100}, {"BHDLX", OFTString, 20},
                                   {"JB", OFTString, 20},    {"GNFQ", OFTString, 20},   {"MJ", OFTReal, 18, 4}};
  LayerWriter w(out, "reserves", wkbPolygon, fields, encodingOf(cfg, "reserves"));
  long k = 0;
  for (const ReserveSpec& r : reserveSpecs(sc)) {
    Rng rng(hashOf({cfg.seed, kReserve, 1, uint64_t(k++)}));
    int n = int(rng.range(80, 400));
    double ha[6], hp[6], ca[4], cp[4];
    for (int h = 2; h < 6; ++h) ha[h] = rng.uniform(0, 0.12) / (h - 1), hp[h] = rng.uniform(0, 2 * kPi);
    for (int h = 1; h < 4; ++h) ca[h] = rng.uniform(0, 0.2) / h, cp[h] = rng.uniform(0, 2 * kPi);
    double bufExtra = rng.uniform(0.15, 0.3);
    Ring outer, core, buffer;
    for (int v = 0; v < n; ++v) {
      double t = 2 * kPi * (v + 0.3 * (rng.uniform() - 0.5)) / n;
      double phi = t - r.rot;
      double e = 1.0 / std::sqrt(std::pow(std::cos(phi) / r.a, 2) + std::pow(std::sin(phi) / r.b, 2));
      double m = 1;
      for (int h = 2; h < 6; ++h) m += ha[h] * std::cos(h * t + hp[h]);
      double R = e * std::max(0.5, m);
      double c = r.coreFrac;
      for (int h = 1; h < 4; ++h) c += ca[h] * std::cos(h * t + cp[h]) * r.coreFrac;
      c = std::clamp(c, 0.12, 0.7);
      double bf = std::min(0.88, c + bufExtra);
      double ct = std::cos(t), st = std::sin(t);
      outer.push_back({mm(r.centre.x + R * ct), mm(r.centre.y + R * st)});
      core.push_back({mm(r.centre.x + c * R * ct), mm(r.centre.y + c * R * st)});
      buffer.push_back({mm(r.centre.x + bf * R * ct), mm(r.centre.y + bf * R * st)});
    }
    std::vector<std::pair<std::string, Poly>> zones;
    if (r.scheme == 3) {
      zones = {{"核心区", {core, {}}}, {"缓冲区", {buffer, {core}}}, {"实验区", {outer, {buffer}}}};
    } else {
      zones = {{"核心保护区", {core, {}}}, {"一般控制区", {outer, {core}}}};
    }
    for (auto& [zone, poly] : zones) {
      check(poly, cfg, sum, "reserves " + r.code + " " + zone, log);
      double area = polyArea(poly);
      w.write(
          [&](OGRFeature& f) {
            f.SetField("BHDBM", r.code.c_str());
            f.SetField("BHDMC", r.name.c_str());
            f.SetField("BHDLX", r.type.c_str());
            f.SetField("JB", r.level.c_str());
            f.SetField("GNFQ", zone.c_str());
            f.SetField("MJ", round4(area / 10000));
          },
          toOgr(poly));
    }
    ++sum.reserves;
  }
  sum.reserveFeatures += w.count();
}

// --- mining rights ----------------------------------------------------------

struct Cluster {
  Pt centre;
  double sigma;
  std::string mineral;
};

const char* kMinerals[] = {"煤", "石灰岩", "白云岩", "石膏", "建筑用砂", "砖瓦用黏土", "铁矿", "芒硝", "天然碱"};
const std::vector<double> kMineralW = {35, 20, 12, 8, 8, 6, 4, 4, 3};
const char* kExploreMinerals[] = {"煤", "铁矿", "金矿", "铜矿", "石灰岩", "天然气"};

std::string companyWord(const std::string& mineral) {
  if (mineral == "煤") return "煤业";
  if (mineral == "石灰岩" || mineral == "白云岩" || mineral == "建筑用砂" || mineral == "砖瓦用黏土") return "建材";
  if (mineral == "芒硝" || mineral == "天然碱" || mineral == "石膏") return "化工";
  return "矿业";
}

std::string mineWord(const std::string& mineral) {
  if (mineral == "煤") return "煤矿";
  if (mineral == "建筑用砂") return "砂场";
  if (mineral == "砖瓦用黏土") return "黏土矿";
  if (mineral == "天然气") return "天然气田";
  return mineral + "矿";
}

void writeMining(Scene& sc, Output& out, Summary& sum, std::ostream& log) {
  const Config& cfg = sc.cfg;
  Rng rng(hashOf({cfg.seed, kMine}));
  std::vector<Cluster> clusters;
  if (cfg.scale == "sample") {
    clusters = {{sc.townships[1].seed, 6000, "煤"},   {sc.townships[2].seed, 5000, "石灰岩"},
                {sc.lonlat(107.15, 39.72), 9000, "白云岩"}, {sc.townships[0].seed, 6000, "石膏"},
                {sc.lonlat(107.55, 38.98), 7000, "煤"}};
  } else {
    long nc = std::max<long>(3, cfg.mines / 60);
    for (long k = 0; k < nc; ++k)
      clusters.push_back({sc.randomInside(rng), rng.uniform(2000, 6000), kMinerals[rng.weighted(kMineralW)]});
  }
  for (const Cluster& c : clusters) sc.miningCentres.push_back(c.centre);

  std::vector<FieldSpec> fields = {{"XKZH", OFTString, 23},  {"KYQR", OFTString, 100}, {"KSMC", OFTString, 100},
                                   {"KZ", OFTString, 20},    {"KYQLX", OFTString, 10}, {"KCFS", OFTString, 20},
                                   {"YXQQ", OFTDate},        {"YXQZ", OFTDate},        {"MJ", OFTReal, 16, 4}};
  LayerWriter w(out, "mining", wkbPolygon, fields, encodingOf(cfg, "mining"));
  for (long k = 0; k < cfg.mines; ++k) {
    Rng r(hashOf({cfg.seed, kMine, 1, uint64_t(k)}));
    bool exploration = r.chance(0.2);
    Pt p;
    std::string mineral;
    bool clustered = r.chance(0.75);
    const Cluster& c = clusters[size_t(r.range(0, long(clusters.size()) - 1))];
    for (int tries = 0;; ++tries) {
      p = clustered ? Pt{c.centre.x + c.sigma * r.normal(), c.centre.y + c.sigma * r.normal()} : sc.randomInside(r);
      if (sc.inside(p) || tries > 20) break;
    }
    if (exploration)
      mineral = kExploreMinerals[r.range(0, 5)];
    else
      mineral = clustered && r.chance(0.7) ? c.mineral : kMinerals[r.weighted(kMineralW)];
    double area = exploration ? r.logUniform(1e6, 25e6) : r.logUniform(2e4, 2.5e6);
    double aspect = r.uniform(1, 3), rot = r.uniform(-0.5, 0.5);
    double wd = std::sqrt(area * aspect), ht = area / wd, jit = 0.06 * std::min(wd, ht);
    Poly q;
    const double cx[] = {-0.5, 0.5, 0.5, -0.5}, cy[] = {-0.5, -0.5, 0.5, 0.5};
    for (int v = 0; v < 4; ++v) {
      double lx = cx[v] * wd + r.uniform(-jit, jit), ly = cy[v] * ht + r.uniform(-jit, jit);
      q.shell.push_back({mm(p.x + lx * std::cos(rot) - ly * std::sin(rot)),
                         mm(p.y + lx * std::sin(rot) + ly * std::cos(rot))});
    }
    bool bowtie = cfg.defects && unit(hashOf({cfg.seed, kDefect, kMine, uint64_t(k)})) < 0.005;
    if (bowtie) {
      std::swap(q.shell[2], q.shell[3]);  // corner points listed out of order
      ++sum.defects;
    } else {
      check(q, cfg, sum, "mining " + std::to_string(k), log);
    }
    const County& county = sc.countyAt(p);
    int year = int(r.range(2005, 2023)), month = int(r.range(1, 12)), day = int(r.range(1, 28));
    int years = exploration ? int(r.range(2, 5)) : int(r.range(5, 30));
    std::string licence = std::string(exploration ? "T" : "C") + county.code + digits(year, 4) + digits(month, 2) +
                          (exploration ? "2" : "1") + digits(k + 1, 9);
    std::string place = placeName(hashOf({cfg.seed, kName, kMine, uint64_t(k)}));
    std::string holder = (r.chance(0.6) ? county.name : std::string(sc.province.name)) + place + companyWord(mineral) +
                         (r.chance(0.5) ? "有限责任公司" : "有限公司");
    std::string mine = exploration ? county.name + place + mineral + "勘探" : county.name + place + mineWord(mineral);
    std::string method = exploration ? "" : (mineral == "煤" && r.chance(0.5)) ? "地下开采" : "露天开采";
    double areaKm2 = round4(polyArea(q) / 1e6);
    w.write(
        [&](OGRFeature& f) {
          f.SetField("XKZH", licence.c_str());
          f.SetField("KYQR", holder.c_str());
          f.SetField("KSMC", mine.c_str());
          f.SetField("KZ", mineral.c_str());
          f.SetField("KYQLX", exploration ? "探矿权" : "采矿权");
          f.SetField("KCFS", method.c_str());
          f.SetField("YXQQ", year, month, day);
          f.SetField("YXQZ", year + years, month, day);
          f.SetField("MJ", areaKm2);
        },
        toOgr(q));
    if (cfg.scale == "sample" && !bowtie) sc.mines.push_back({licence, exploration, q});
  }
  sum.mines += w.count();
}

// --- shorelines -------------------------------------------------------------

struct RiverSpec {
  std::string name;
  Pt start;
  double heading = 0, length = 0, halfWidth = 0;
  bool lake = false;
  double radius = 0;
  bool clip = true;  // stop where the river leaves the region
};

// A meandering centreline whose direction never turns back on itself, so
// banks offset from it do not cross.
Ring centreline(const RiverSpec& rs, const Scene& sc, uint64_t h) {
  Rng rng(h);
  double a1 = rng.uniform(0.2, 0.6), a2 = rng.uniform(0.1, 0.4), l1 = rng.uniform(6000, 20000),
         l2 = rng.uniform(1500, 4000), p1 = rng.uniform(0, 2 * kPi), p2 = rng.uniform(0, 2 * kPi);
  const double step = 150;
  Ring pts;
  Pt p = rs.start;
  for (double s = 0; s <= rs.length; s += step) {
    if (rs.clip && !sc.inside(p)) break;
    pts.push_back(p);
    double hd = rs.heading + a1 * std::sin(s / l1 + p1) + a2 * std::sin(s / l2 + p2);
    p = {p.x + step * std::cos(hd), p.y + step * std::sin(hd)};
  }
  return pts;
}

std::vector<RiverSpec> namedRivers(const Scene& sc) {
  auto deg = kPi / 180;
  return {{"黄河", sc.lonlat(106.86, 39.02), 82 * deg, 120000, 300, false, 0, false},
          {"都斯图河", sc.lonlat(107.78, 39.28), 168 * deg, 90000, 40, false, 0, false},
          {"摩林河", sc.lonlat(108.15, 39.85), 250 * deg, 50000, 25, false, 0, false},
          {"北大池", sc.lonlat(107.42, 39.07), 0, 0, 0, true, 2500, false}};
}

void writeShoreline(Scene& sc, Output& out, Summary& sum, std::ostream& log) {
  const Config& cfg = sc.cfg;
  std::vector<FieldSpec> fields = {{"AXBH", OFTString, 20}, {"HHMC", OFTString, 60}, {"AB", OFTString, 10},
                                   {"AXGNFQ", OFTString, 30}, {"CD", OFTReal, 16, 2}};
  LayerWriter w(out, "shoreline", wkbLineString, fields, encodingOf(cfg, "shoreline"));
  // The sample's 2022 shoreline: the same lines, a few stretches of today's
  // protection zone still in controlled use (the rate has improved since).
  std::optional<LayerWriter> before;
  if (cfg.scale == "sample") before.emplace(out, "shoreline_2022", wkbLineString, fields, encodingOf(cfg, "shoreline"));
  const char* zones[] = {"岸线保护区", "岸线保留区", "岸线控制利用区", "岸线开发利用区"};
  const std::vector<double> zoneW = {30, 25, 30, 15};
  std::vector<RiverSpec> fixed;
  if (cfg.scale == "sample") fixed = namedRivers(sc);
  Rng rng(hashOf({cfg.seed, kRiver}));
  long river = 0;
  while (w.count() < cfg.shorelines) {
    RiverSpec rs;
    if (size_t(river) < fixed.size()) {
      rs = fixed[size_t(river)];
    } else {
      rs.start = sc.randomInside(rng);
      rs.lake = rng.chance(0.1);
      std::string place = placeName(hashOf({cfg.seed, kName, kRiver, uint64_t(river)}));
      if (rs.lake) {
        rs.radius = rng.logUniform(400, 4000);
        rs.name = place + (rng.chance(0.5) ? "淖" : "海子");
      } else {
        rs.heading = rng.uniform(0, 2 * kPi);
        rs.length = rng.logUniform(8000, 80000);
        rs.halfWidth = rng.logUniform(15, 250);
        rs.name = place + (rng.chance(0.6) ? "河" : "沟");
      }
    }
    std::string code = (cfg.scale == "XL" ? std::string("AX") + sc.province.code : std::string("AX")) + digits(river + 1, 5);
    uint64_t h = hashOf({cfg.seed, kRiver, 1, uint64_t(river++)});
    Rng r(h);
    std::vector<std::pair<std::string, Ring>> banks;
    if (rs.lake) {
      Ring ring;
      int n = int(r.range(80, 240));
      double a2 = r.uniform(0, 0.25), p2 = r.uniform(0, 2 * kPi), a3 = r.uniform(0, 0.12), p3 = r.uniform(0, 2 * kPi);
      for (int v = 0; v <= n; ++v) {
        double t = 2 * kPi * (v % n) / n;
        double rr = rs.radius * (1 + a2 * std::cos(2 * t + p2) + a3 * std::cos(3 * t + p3));
        ring.push_back({mm(rs.start.x + rr * std::cos(t)), mm(rs.start.y + rr * std::sin(t))});
      }
      banks.push_back({"", ring});
    } else {
      Ring c = centreline(rs, sc, h);
      if (c.size() < 8) continue;
      Ring left, right;
      for (size_t v = 0; v < c.size(); ++v) {
        const Pt& a = c[v > 0 ? v - 1 : v];
        const Pt& b = c[v + 1 < c.size() ? v + 1 : v];
        double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
        double nx = -dy / len * rs.halfWidth, ny = dx / len * rs.halfWidth;
        left.push_back({mm(c[v].x + nx), mm(c[v].y + ny)});
        right.push_back({mm(c[v].x - nx), mm(c[v].y - ny)});
      }
      if (cfg.scale == "sample") sc.namedRivers[rs.name] = c;
      banks.push_back({"左岸", left});
      banks.push_back({"右岸", right});
    }
    for (auto& [bank, line] : banks) {
      // Cut each bank into zoned stretches of 1-6 km (20 vertices at least).
      size_t at = 0, seg = 0;
      while (at + 1 < line.size() && w.count() < cfg.shorelines) {
        size_t len = size_t(r.range(8, 40));
        size_t end = std::min(line.size() - 1, at + len);
        if (line.size() - 1 - end < 4) end = line.size() - 1;
        Ring part(line.begin() + long(at), line.begin() + long(end) + 1);
        std::string zone = zones[r.weighted(zoneW)];
        std::string id = code + (bank == "右岸" ? "R" : "L") + digits(long(++seg), 3);
        double length = lineLength(part);
        auto fill = [&](const std::string& zoneThen) {
          return [&, zoneThen](OGRFeature& f) {
            f.SetField("AXBH", id.c_str());
            f.SetField("HHMC", rs.name.c_str());
            f.SetField("AB", bank.c_str());
            f.SetField("AXGNFQ", zoneThen.c_str());
            f.SetField("CD", std::round(length * 100) / 100);
          };
        };
        if (before) {
          const bool newlyProtected = zone == zones[0] && Rng(hashOf({cfg.seed, kRiver, 2, uint64_t(w.count())})).chance(0.15);
          before->write(fill(newlyProtected ? zones[2] : zone), toOgrLine(part));
        }
        w.write(fill(zone), toOgrLine(part));
        at = end;
      }
    }
  }
  sum.shorelines += w.count();
}

// The sample needs the named river courses before reserves and the site are
// placed; compute them without writing.
void traceNamedRivers(Scene& sc) {
  if (sc.cfg.scale != "sample") return;
  long river = 0;
  for (const RiverSpec& rs : namedRivers(sc)) {
    uint64_t h = hashOf({sc.cfg.seed, kRiver, 1, uint64_t(river++)});
    if (!rs.lake) sc.namedRivers[rs.name] = centreline(rs, sc, h);
  }
}

// --- townships, control units, project sites --------------------------------

void writeTownships(Scene& sc, Output& out, Summary& sum) {
  std::vector<FieldSpec> fields = {{"XZQDM", OFTString, 12}, {"XZQMC", OFTString, 60}, {"MJ", OFTReal, 18, 4}};
  LayerWriter w(out, "townships", wkbPolygon, fields, encodingOf(sc.cfg, "townships"));
  for (const Township& t : sc.townships) {
    if (!t.geom || GEOSisEmpty_r(geosCtx(), t.geom.get())) continue;
    double area = 0;
    GEOSArea_r(geosCtx(), t.geom.get(), &area);
    w.write(
        [&](OGRFeature& f) {
          f.SetField("XZQDM", t.code.c_str());
          f.SetField("XZQMC", t.name.c_str());
          f.SetField("MJ", round4(area / 10000));
        },
        toOgr(t.geom.get()));
  }
  sum.townships += w.count();
}

struct UnitText {
  const char* layout;
  const char* emission;
  const char* risk;
  const char* resource;
};
const UnitText kUnitText[] = {
    {"严格执行生态保护红线和自然保护地管控要求，禁止开发性、生产性建设活动，已有矿业权有序退出。",
     "不新增污染物排放，现有排放源逐步削减。", "加强森林草原火灾和外来物种入侵风险防控。",
     "严格控制地下水开采，落实草畜平衡和禁牧休牧制度。"},
    {"工业项目进入园区，禁止新建不符合产业政策的高耗能高排放项目，矿山开采符合矿产资源规划。",
     "执行大气污染物特别排放限值，实施重点污染物总量控制。", "建立园区环境风险应急体系，加强尾矿库和危险废物环境风险管控。",
     "提高煤炭等资源开采回采率和综合利用率，推进节水改造。"},
    {"落实生态环境保护基本要求，合理控制开发强度。", "农业面源污染和生活污水垃圾得到有效处理。",
     "加强土壤和地下水污染风险防控。", "落实用水总量和强度控制，推广节水灌溉。"},
};

void writeControlUnits(Scene& sc, Output& out, Summary& sum, std::ostream& log) {
  const Config& cfg = sc.cfg;
  auto* ctx = geosCtx();
  Rng rng(hashOf({cfg.seed, kUnit}));
  std::vector<Pt> seeds;
  for (long k = 0; k < cfg.units; ++k) seeds.push_back({rng.uniform(sc.minX, sc.maxX), rng.uniform(sc.minY, sc.maxY)});
  std::vector<GeosPtr> cells = voronoi(seeds, sc);
  std::vector<FieldSpec> fields = {{"HJZHGKDYBM", OFTString, 20}, {"HJZHGKDYMC", OFTString, 100},
                                   {"ZHGKDYFL", OFTString, 2},    {"XZQMC", OFTString, 60},
                                   {"KJBJYS", OFTString, 254},    {"PWWPFGK", OFTString, 254},
                                   {"HJFXFK", OFTString, 254},    {"ZYKFXLYQ", OFTString, 254}};
  LayerWriter w(out, "control_units", wkbPolygon, fields, encodingOf(cfg, "control_units"));
  const char* classNames[] = {"优先保护单元", "重点管控单元", "一般管控单元"};
  std::map<std::string, long> serial;
  std::map<std::string, long> perTownship;
  for (const Township& t : sc.townships) {
    if (!t.geom) continue;
    double tx0, ty0, tx1, ty1;
    GEOSGeom_getExtent_r(ctx, t.geom.get(), &tx0, &ty0, &tx1, &ty1);
    for (size_t k = 0; k < cells.size(); ++k) {
      if (!cells[k]) continue;
      double x0, y0, x1, y1;
      GEOSGeom_getExtent_r(ctx, cells[k].get(), &x0, &y0, &x1, &y1);
      if (x1 < tx0 || x0 > tx1 || y1 < ty0 || y0 > ty1) continue;
      GeosPtr piece(GEOSIntersection_r(ctx, cells[k].get(), t.geom.get()));
      double area = 0;
      if (!piece || GEOSArea_r(ctx, piece.get(), &area) != 1 || area < 1e4) continue;
      int cls = 0;
      for (const Pt& c : sc.miningCentres) {
        GeosPtr pt(GEOSGeom_createPointFromXY_r(ctx, c.x, c.y));
        if (GEOSIntersects_r(ctx, piece.get(), pt.get()) == 1) cls = 2;
      }
      if (!cls) cls = unit(hashOf({cfg.seed, kUnit, uint64_t(k)})) < 0.5 ? 1 : 3;
      const County& county = sc.counties[t.county];
      std::string code = "ZH" + county.code + std::to_string(cls) + digits(++serial[county.code + char('0' + cls)], 4);
      std::string name = t.name + classNames[cls - 1] + digits(++perTownship[t.name + char('0' + cls)], 2);
      const UnitText& text = kUnitText[cls - 1];
      w.write(
          [&](OGRFeature& f) {
            f.SetField("HJZHGKDYBM", code.c_str());
            f.SetField("HJZHGKDYMC", name.c_str());
            f.SetField("ZHGKDYFL", std::to_string(cls).c_str());
            f.SetField("XZQMC", t.name.c_str());
            f.SetField("KJBJYS", text.layout);
            f.SetField("PWWPFGK", text.emission);
            f.SetField("HJFXFK", text.risk);
            f.SetField("ZYKFXLYQ", text.resource);
          },
          toOgr(piece.get()));
    }
  }
  sum.units += w.count();
}

void writeSites(Scene& sc, Output& out, Summary& sum, std::ostream& log) {
  const Config& cfg = sc.cfg;
  std::vector<FieldSpec> fields = {{"XMMC", OFTString, 100}, {"JSDW", OFTString, 100}, {"YDLX", OFTString, 40},
                                   {"MJ", OFTReal, 18, 4}};
  LayerWriter w(out, "project_site", wkbPolygon, fields, encodingOf(cfg, "project_site"));
  Rng rng(hashOf({cfg.seed, kProject}));
  const char* uses[] = {"光伏发电用地", "工业用地", "采矿用地", "公路用地", "风力发电用地"};
  for (long k = 0; k < cfg.sites; ++k) {
    Pt c;
    double rot, wd, ht;
    std::string name, who, use;
    if (cfg.scale == "sample") {
      // Placed across the 都斯图河 and its wetland reserve so that the
      // siting check has red line, reserve zones, shoreline and units to report.
      const Ring& river = sc.namedRivers.at("都斯图河");
      const Pt& a = river[river.size() * 55 / 100];
      const Pt& b = river[river.size() * 55 / 100 + 4];
      rot = std::atan2(b.y - a.y, b.x - a.x);
      c = {a.x - 900 * std::sin(rot), a.y + 900 * std::cos(rot)};
      wd = 4200, ht = 2600;
      name = "鄂托克旗光伏治沙示范项目（示例）";
      who = "鄂托克旗示例新能源有限公司";
      use = "光伏发电用地";
    } else {
      c = sc.randomInside(rng);
      rot = rng.uniform(-0.6, 0.6);
      double area = rng.logUniform(2e5, 6e6);
      wd = std::sqrt(area * rng.uniform(1, 2.5));
      ht = area / wd;
      use = uses[rng.range(0, 4)];
      name = sc.countyAt(c).name + placeName(hashOf({cfg.seed, kName, kProject, uint64_t(k)})) +
             use.substr(0, use.size() - std::string("用地").size()) + "项目";
      who = placeName(hashOf({cfg.seed, kName, kProject, 1, uint64_t(k)})) + "开发有限公司";
    }
    // A rectangle with one corner cut, as sites often are.
    const double lx[] = {-0.5, 0.5, 0.5, 0.1, -0.5}, ly[] = {-0.5, -0.5, 0.2, 0.5, 0.5};
    Poly p;
    for (int v = 0; v < 5; ++v) {
      double x = lx[v] * wd, y = ly[v] * ht;
      p.shell.push_back({mm(c.x + x * std::cos(rot) - y * std::sin(rot)), mm(c.y + x * std::sin(rot) + y * std::cos(rot))});
    }
    check(p, cfg, sum, "project_site", log);
    double area = polyArea(p);
    w.write(
        [&](OGRFeature& f) {
          f.SetField("XMMC", name.c_str());
          f.SetField("JSDW", who.c_str());
          f.SetField("YDLX", use.c_str());
          f.SetField("MJ", round4(area / 10000));
        },
        toOgr(p));
  }
  sum.sites += w.count();
}

// --- the sample's control lines, water sources and land use ----------------
//
// Drawn against the red line and the mining rights just written, around
// 乌兰镇 (the banner seat), so that each finding of the control-line,
// water-source and land-use checks appears at least once: a farmland patch
// crossing the red line, the urban boundary overlapping a farmland patch,
// a mine in a water-source zone, mining and construction land inside the
// red line. Sample scale only.

Poly rectangle(double x0, double y0, double x1, double y1) {
  return Poly{{{mm(x0), mm(y0)}, {mm(x1), mm(y0)}, {mm(x1), mm(y1)}, {mm(x0), mm(y1)}}, {}};
}

Poly circle(Pt c, double r, int n = 96) {
  Poly p;
  for (int v = 0; v < n; ++v) p.shell.push_back({mm(c.x + r * std::cos(2 * kPi * v / n)), mm(c.y + r * std::sin(2 * kPi * v / n))});
  return p;
}

Pt centroidOf(const Poly& p) {
  double x = 0, y = 0;
  for (const Pt& q : p.shell) x += q.x, y += q.y;
  return {x / double(p.shell.size()), y / double(p.shell.size())};
}

// The union of the sample's new red line.
GeosPtr redlineUnion(const Scene& sc) {
  auto* ctx = geosCtx();
  std::vector<GEOSGeometry*> parts;
  for (const auto& p : sc.redlinePatches) parts.push_back(toGeos(p.poly).release());
  GeosPtr all(GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, parts.data(), unsigned(parts.size())));
  return GeosPtr(GEOSUnaryUnion_r(ctx, all.get()));
}

// `g` less `minus`, rounded to the millimetre grid the other layers use; null when (almost) nothing is left.
GeosPtr without(const GEOSGeometry* g, const GEOSGeometry* minus, double minArea = 1000) {
  auto* ctx = geosCtx();
  GeosPtr d(GEOSDifferencePrec_r(ctx, g, minus, 0.001));
  double a = 0;
  if (!d || GEOSArea_r(ctx, d.get(), &a) != 1 || a < minArea) return nullptr;
  return d;
}

double areaOf(const GEOSGeometry* g) {
  double a = 0;
  GEOSArea_r(geosCtx(), g, &a);
  return a;
}

// The red-line patches nearest a point, nearest first.
std::vector<size_t> nearestPatches(const Scene& sc, Pt at, size_t n) {
  std::vector<std::pair<double, size_t>> d;
  for (size_t i = 0; i < sc.redlinePatches.size(); ++i) {
    const Pt c = centroidOf(sc.redlinePatches[i].poly);
    d.push_back({std::hypot(c.x - at.x, c.y - at.y), i});
  }
  std::sort(d.begin(), d.end());
  std::vector<size_t> out;
  for (size_t k = 0; k < std::min(n, d.size()); ++k) out.push_back(d[k].second);
  return out;
}

void writeControlLayers(Scene& sc, Output& out, Summary& sum, std::ostream& log) {
  const Config& cfg = sc.cfg;
  if (cfg.scale != "sample" || sc.redlinePatches.empty()) return;
  auto* ctx = geosCtx();
  const Township& seat = sc.townships[0];  // 乌兰镇
  const Pt t = seat.seed;
  // Kept 1 m off the red line: a difference cut exactly along it, rounded to
  // the millimetre, would leave sub-square-metre slivers across it.
  const GeosPtr redline(GEOSBuffer_r(ctx, redlineUnion(sc).get(), 1.0, 8));
  const std::vector<size_t> near = nearestPatches(sc, t, 3);
  const Scene::Patch& crossed = sc.redlinePatches[near[0]];

  // Urban development boundary: the seat's concentrated construction area
  // (3.2 × 2.2 km) and a flexible development area north of it, both kept
  // out of the red line.
  const double ux0 = t.x - 1600, ux1 = t.x + 1600, uy0 = t.y - 1100, uy1 = t.y + 1100;
  {
    std::vector<FieldSpec> fields = {{"BH", OFTString, 20}, {"MC", OFTString, 100}, {"GNFQ", OFTString, 20}, {"XZQDM", OFTString, 9},
                                     {"MJ", OFTReal, 18, 4}};
    LayerWriter w(out, "urban_boundary", wkbMultiPolygon, fields, encodingOf(cfg, "urban_boundary"));
    const std::pair<const char*, Poly> zones[] = {{"集中建设区", rectangle(ux0, uy0, ux1, uy1)},
                                                  {"弹性发展区", rectangle(t.x - 1200, uy1, t.x + 1200, uy1 + 700)}};
    int k = 0;
    for (const auto& [zone, poly] : zones) {
      GeosPtr g = without(toGeos(poly).get(), redline.get());
      if (!g) continue;
      const std::string code = "CZKFBJ" + seat.code + digits(++k, 3);
      const std::string zoneName = zone;
      const double area = areaOf(g.get());
      w.write(
          [&](OGRFeature& f) {
            f.SetField("BH", code.c_str());
            f.SetField("MC", (seat.name + "城镇开发边界（示例）").c_str());
            f.SetField("GNFQ", zoneName.c_str());
            f.SetField("XZQDM", seat.code.c_str());
            f.SetField("MJ", round4(area / 10000));
          },
          toOgr(g.get()));
    }
  }

  // Permanent basic farmland: patches of 500 × 400 m in a ring around the
  // seat, out of the red line and the urban boundary; one crossing the red
  // line (centred on the east-most vertex of the nearest patch) and one
  // reaching 80 m into the concentrated construction area.
  {
    std::vector<FieldSpec> fields = {{"TBBH", OFTString, 20}, {"DLBM", OFTString, 5},    {"DLMC", OFTString, 20},
                                     {"ZLDWDM", OFTString, 19}, {"TBMJ", OFTReal, 18, 2}};
    LayerWriter w(out, "farmland", wkbMultiPolygon, fields, encodingOf(cfg, "farmland"));
    Pt east = crossed.poly.shell.front();
    for (const Pt& p : crossed.poly.shell)
      if (p.x > east.x) east = p;
    const Poly crossing = rectangle(east.x - 300, east.y - 200, east.x + 300, east.y + 200);
    const Poly touching = rectangle(ux1 - 80, t.y - 200, ux1 + 420, t.y + 200);
    const GeosPtr urbanBox = toGeos(rectangle(ux0 - 100, uy0 - 100, ux1 + 100, uy1 + 800));
    const GeosPtr special = [&] {
      std::vector<GEOSGeometry*> parts = {toGeos(crossing).release(), toGeos(touching).release()};
      GeosPtr c(GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, parts.data(), 2));
      GeosPtr u(GEOSUnaryUnion_r(ctx, c.get()));
      return GeosPtr(GEOSBuffer_r(ctx, u.get(), 50, 8));
    }();
    long serial = 0;
    auto write = [&](const GEOSGeometry* g, uint64_t k) {
      const bool irrigated = unit(hashOf({cfg.seed, kFarmland, k})) < 0.3;
      const std::string code = "JBNT" + seat.code + digits(++serial, 5);
      const double area = areaOf(g);
      w.write(
          [&](OGRFeature& f) {
            f.SetField("TBBH", code.c_str());
            f.SetField("DLBM", irrigated ? "0102" : "0103");
            f.SetField("DLMC", irrigated ? "水浇地" : "旱地");
            f.SetField("ZLDWDM", (seat.code + "0010000000").c_str());
            f.SetField("TBMJ", std::round(area * 100) / 100);
          },
          toOgr(g));
    };
    write(toGeos(crossing).get(), 0);
    write(toGeos(touching).get(), 1);
    for (int j = -7; j <= 7; ++j)
      for (int i = -8; i <= 8; ++i) {
        const double x0 = t.x + i * 600 - 250, y0 = t.y + j * 500 - 200;
        GeosPtr cell = toGeos(rectangle(x0, y0, x0 + 500, y0 + 400));
        if (GEOSIntersects_r(ctx, cell.get(), urbanBox.get()) == 1 || GEOSIntersects_r(ctx, cell.get(), special.get()) == 1) continue;
        if (unit(hashOf({cfg.seed, kFarmland, 1, uint64_t(j + 10), uint64_t(i + 10)})) < 0.35) continue;  // not all land is farmland
        GeosPtr g = without(cell.get(), redline.get(), 50000);
        if (g) write(g.get(), uint64_t((j + 10) * 100 + i + 10));
      }
    log << "  farmland: crossing the red line at " << crossed.code << "\n";
  }

  // A groundwater source with its three zones, 2 km east of the first
  // mining licence (采矿权) near the seat, so that the licence lies in the
  // second-level zone.
  {
    const Scene::Mine* mine = nullptr;
    double best = 1e300;
    for (const Scene::Mine& m : sc.mines) {
      if (m.exploration) continue;
      const Pt c = centroidOf(m.poly);
      const double d = std::hypot(c.x - t.x, c.y - t.y);
      if (d < best) best = d, mine = &m;
    }
    std::vector<FieldSpec> fields = {{"SYDBM", OFTString, 20}, {"SYDMC", OFTString, 100}, {"BHQJB", OFTString, 20},
                                     {"SYLX", OFTString, 20},  {"MJ", OFTReal, 18, 4}};
    LayerWriter w(out, "water_source", wkbPolygon, fields, encodingOf(cfg, "water_source"));
    if (mine) {
      const Pt m = centroidOf(mine->poly);
      const Pt c = {m.x + 2000, m.y};
      const Poly first = circle(c, 400), second{circle(c, 2500).shell, {circle(c, 400).shell}},
                 quasi{circle(c, 5000).shell, {circle(c, 2500).shell}};
      const std::pair<const char*, const Poly*> zones[] = {{"一级保护区", &first}, {"二级保护区", &second}, {"准保护区", &quasi}};
      for (const auto& [level, poly] : zones) {
        const std::string levelName = level;
        const double area = polyArea(*poly);
        w.write(
            [&](OGRFeature& f) {
              f.SetField("SYDBM", ("SY" + seat.code + "01").c_str());
              f.SetField("SYDMC", (seat.name + "地下水饮用水水源地（示例）").c_str());
              f.SetField("BHQJB", levelName.c_str());
              f.SetField("SYLX", "地下水型");
              f.SetField("MJ", round4(area / 10000));
            },
            toOgr(*poly));
      }
      log << "  water source: around licence " << mine->licence << "\n";
    }
  }

  // Land-use survey patches (DLTB) for two years, 2022 (landuse_2022) and
  // 2023 (landuse), wall to wall over the county: a fine grid over the
  // three red-line patches nearest the seat (mostly grassland, shrub and
  // sand, with mining land and a rural homestead inside the first and dry
  // land — with its field-ridge deduction — and a road inside the second),
  // the same in both years; elsewhere 5 km cells cut at the township
  // boundaries, in the classes of an arid steppe county. Between the years
  // some grassland becomes arbor forest, some sand shrub land and some
  // grassland mining land (never inside the red line), and grassland cover
  // (ZBGD, %) rises a little.
  {
    struct Class {
      const char* code;
      const char* name;
      double deduction;  // KCXS
    };
    struct SurveyPatch {
      GeosPtr geom;
      Class now, before;
      double coverNow = -1, coverBefore = -1;  // ZBGD on grassland, −1 none
      std::string township;
    };
    auto isGrass = [](const Class& c) { return std::string(c.code).rfind("04", 0) == 0; };
    std::vector<SurveyPatch> patches;
    static const Class kCommon[] = {{"0404", "其他草地", 0}, {"0305", "灌木林地", 0}, {"1205", "沙地", 0}, {"0401", "天然牧草地", 0}};
    const std::vector<double> commonW = {40, 20, 20, 20};
    GeosPtr written;  // survey patches never overlap: each grid loses what earlier ones cover
    for (size_t n = 0; n < near.size(); ++n) {
      const Poly& patch = sc.redlinePatches[near[n]].poly;
      // The fine patches reach 150 m beyond the red-line patch, no further.
      GeosPtr reach(GEOSBuffer_r(ctx, toGeos(patch).get(), 150, 8));
      if (written) reach = without(reach.get(), written.get(), 0);
      if (!reach) continue;
      double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
      for (const Pt& p : patch.shell) x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
      const int nx = 5, ny = 5;
      const double cw = (x1 - x0) / nx, ch = (y1 - y0) / ny;
      // The cells whose centres lie inside the patch nearest its centre get the classes to be found.
      const GeosPtr inside = toGeos(patch);
      const Pt centre = centroidOf(patch);
      std::vector<std::pair<double, int>> byDistance;
      for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
          const Pt c = {x0 + (i + 0.5) * cw, y0 + (j + 0.5) * ch};
          GeosPtr pt(GEOSGeom_createPointFromXY_r(ctx, c.x, c.y));
          if (GEOSIntersects_r(ctx, inside.get(), pt.get()) == 1) byDistance.push_back({std::hypot(c.x - centre.x, c.y - centre.y), j * nx + i});
        }
      std::sort(byDistance.begin(), byDistance.end());
      std::map<int, Class> special;
      if (n == 0 && byDistance.size() >= 2) {
        special[byDistance[0].second] = {"0602", "采矿用地", 0};
        special[byDistance[1].second] = {"0702", "农村宅基地", 0};
      }
      if (n == 1 && byDistance.size() >= 2) {
        special[byDistance[0].second] = {"0103", "旱地", 0.08};
        special[byDistance[1].second] = {"1003", "公路用地", 0};
      }
      for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
          Rng rng(hashOf({cfg.seed, kLandUse, uint64_t(n), uint64_t(j), uint64_t(i)}));
          const Class cls = special.count(j * nx + i) ? special[j * nx + i] : kCommon[rng.weighted(commonW)];
          GeosPtr cell(GEOSIntersectionPrec_r(ctx, toGeos(rectangle(x0 + i * cw, y0 + j * ch, x0 + (i + 1) * cw, y0 + (j + 1) * ch)).get(),
                                              reach.get(), 0.001));
          if (!cell || areaOf(cell.get()) < 1000) continue;
          SurveyPatch sp{std::move(cell), cls, cls};
          if (isGrass(cls)) sp.coverNow = std::round(rng.uniform(30, 55) * 10) / 10, sp.coverBefore = sp.coverNow;
          sp.township = seat.code;
          patches.push_back(std::move(sp));
        }
      if (!written) {
        written = std::move(reach);
      } else {
        GeosPtr u(GEOSUnion_r(ctx, written.get(), reach.get()));
        written = std::move(u);
      }
    }
    // The rest of the county: 5 km cells per township.
    static const Class kSteppe[] = {{"0404", "其他草地", 0},    {"0401", "天然牧草地", 0}, {"1205", "沙地", 0},       {"0305", "灌木林地", 0},
                                    {"0301", "乔木林地", 0},    {"0103", "旱地", 0.06},    {"0102", "水浇地", 0.04},  {"0702", "农村宅基地", 0},
                                    {"0602", "采矿用地", 0},    {"1003", "公路用地", 0},   {"1104", "坑塘水面", 0},   {"1106", "内陆滩涂", 0}};
    const std::vector<double> steppeW = {30, 24, 16, 10, 5, 4, 2, 2, 2, 1, 1, 1};
    const std::vector<double> naturalW = {30, 24, 16, 10, 5, 0, 0, 0, 0, 0, 0, 0};  // inside the red line
    const double step = 5000;
    for (size_t k = 0; k < sc.townships.size(); ++k) {
      const Township& town = sc.townships[k];
      if (!town.geom || GEOSisEmpty_r(ctx, town.geom.get())) continue;
      GeosPtr land = written ? without(town.geom.get(), written.get(), 0) : GeosPtr(GEOSGeom_clone_r(ctx, town.geom.get()));
      if (!land) continue;
      double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
      GEOSGeom_getXMin_r(ctx, land.get(), &x0), GEOSGeom_getYMin_r(ctx, land.get(), &y0);
      GEOSGeom_getXMax_r(ctx, land.get(), &x1), GEOSGeom_getYMax_r(ctx, land.get(), &y1);
      const long i0 = long(std::floor(x0 / step)), i1 = long(std::floor(x1 / step)), j0 = long(std::floor(y0 / step)), j1 = long(std::floor(y1 / step));
      for (long j = j0; j <= j1; ++j)
        for (long i = i0; i <= i1; ++i) {
          GeosPtr cell(GEOSIntersectionPrec_r(ctx, toGeos(rectangle(i * step, j * step, (i + 1) * step, (j + 1) * step)).get(), land.get(), 0.001));
          if (!cell || areaOf(cell.get()) < 1) continue;
          Rng rng(hashOf({cfg.seed, kLandUse, uint64_t(k + 100), uint64_t(j - j0), uint64_t(i - i0)}));
          const bool inRedline = GEOSIntersects_r(ctx, cell.get(), redline.get()) == 1;
          const Class now = kSteppe[rng.weighted(inRedline ? naturalW : steppeW)];
          SurveyPatch sp{std::move(cell), now, now};
          const double u = rng.uniform();
          // What the cell was in 2022: afforestation, sand fixation, new mining.
          if (now.code == std::string("0301") && u < 0.3) sp.before = kSteppe[0];
          if (now.code == std::string("0305") && u < 0.2) sp.before = kSteppe[2];
          if (now.code == std::string("0602") && u < 0.3) sp.before = kSteppe[1];
          if (isGrass(now)) sp.coverNow = std::round(rng.uniform(25, 60) * 10) / 10;
          if (isGrass(sp.before)) sp.coverBefore = sp.coverNow >= 0 ? std::max(0.0, sp.coverNow - std::round(rng.uniform(0, 3) * 10) / 10) : 40;
          sp.township = town.code;
          patches.push_back(std::move(sp));
        }
    }
    std::vector<FieldSpec> fields = {{"BSM", OFTString, 18},     {"DLBM", OFTString, 5},      {"DLMC", OFTString, 60},
                                     {"TBMJ", OFTReal, 19, 2},   {"KCXS", OFTReal, 6, 4},     {"KCMJ", OFTReal, 19, 2},
                                     {"TBDLMJ", OFTReal, 19, 2}, {"ZBGD", OFTReal, 5, 1},     {"ZLDWDM", OFTString, 19},
                                     {"QSDWDM", OFTString, 19}};
    for (const bool before : {false, true}) {
      LayerWriter w(out, before ? "landuse_2022" : "landuse", wkbMultiPolygon, fields, encodingOf(cfg, "landuse"));
      long serial = 0;
      for (const SurveyPatch& sp : patches) {
        const Class& cls = before ? sp.before : sp.now;
        const double cover = before ? sp.coverBefore : sp.coverNow;
        const double area = std::round(areaOf(sp.geom.get()) * 100) / 100;
        const double deducted = std::round(area * cls.deduction * 100) / 100;
        const std::string bsm = sp.township + digits(++serial, 9);
        w.write(
            [&](OGRFeature& f) {
              f.SetField("BSM", bsm.c_str());
              f.SetField("DLBM", cls.code);
              f.SetField("DLMC", cls.name);
              f.SetField("TBMJ", area);
              f.SetField("KCXS", cls.deduction);
              f.SetField("KCMJ", deducted);
              f.SetField("TBDLMJ", std::round((area - deducted) * 100) / 100);
              if (cover >= 0) f.SetField("ZBGD", cover);
              f.SetField("ZLDWDM", (sp.township + "0010000000").c_str());
              f.SetField("QSDWDM", (sp.township + "0010000000").c_str());
            },
            toOgr(sp.geom.get()));
      }
    }
    log << "  land use: " << patches.size() << " survey patches per year (2022, 2023)\n";
  }
  (void)sum;
}

void writeProjectFile(const Config& cfg) {
  std::ofstream y(cfg.outDir + "/project.yaml", std::ios::binary);
  std::string ext = cfg.format == "gpkg" ? "" : ".shp";
  auto path = [&](const std::string& layer) {
    return cfg.format == "gpkg" ? "{path: sanxian.gpkg, layer: " + layer
                                : "{path: " + layer + ".shp";
  };
  std::string o = "redline_" + std::to_string(cfg.oldYear), n = "redline_" + std::to_string(cfg.newYear);
  y << "# Written by sanxian-gen (scale " << cfg.scale << ", seed " << cfg.seed << "); synthetic geometry.\n"
    << "name: 生成数据 " << cfg.scale << " (seed " << cfg.seed << ")\n"
    << (cfg.scale == "XL" ? "# analysis_crs: left to Sanxian (the 3-degree zone of the data's centre)\n" : "analysis_crs: EPSG:4545\n")
    << "layers:\n"
    << "  " << o << ": " << path(o) << ", role: redline}\n"
    << "  " << n << ": " << path(n) << ", role: redline}\n"
    << "  reserves: " << path("reserves") << ", role: reserve}\n"
    << "  mining: " << path("mining") << ", role: mining}\n"
    << "  shoreline: " << path("shoreline") << ", role: shoreline}\n"
    << "  control_units: " << path("control_units") << ", role: control_unit}\n"
    << "  townships: " << path("townships") << ", role: boundary}\n"
    << "  project_site: " << path("project_site") << ", role: project_site}\n"
    << "checks:\n"
    << "  - {type: audit, old: " << o << ", new: " << n << ", boundary: townships}\n"
    << "  - {type: overlap, a: mining, b: " << n << ", boundary: townships}\n"
    << "  - {type: overlap, a: mining, b: reserves}\n"
    << "  - {type: overlap, a: reserves, b: reserves}\n"
    << "  - {type: shoreline, lines: shoreline, boundary: townships, occupiers: [mining]}\n"
    << "  - {type: site, site: project_site}\n";
}

}  // namespace

void applyScale(Config& c) {
  struct Preset {
    const char* name;
    double region;
    long patches, reserves, mines, shorelines, units, sites;
  } presets[] = {
      {"tiny", 0.15, 120, 6, 60, 40, 8, 2},
      {"sample", 1.0, 300, 5, 150, 160, 30, 1},
      {"S", 1.0, 2000, 200, 1000, 500, 60, 5},
      {"M", 1.0, 20000, 500, 10000, 5000, 200, 10},
      {"L", std::sqrt(10.0), 200000, 5000, 100000, 50000, 2000, 50},
      {"XL", std::sqrt(10.0), 200000, 5000, 100000, 50000, 2000, 50},  // per province, four of them
  };
  for (const Preset& p : presets) {
    if (c.scale != p.name) continue;
    if (c.regionFactor <= 0) c.regionFactor = p.region;
    if (c.patches < 0) c.patches = p.patches;
    if (c.reserves < 0) c.reserves = p.reserves;
    if (c.mines < 0) c.mines = p.mines;
    if (c.shorelines < 0) c.shorelines = p.shorelines;
    if (c.units < 0) c.units = p.units;
    if (c.sites < 0) c.sites = p.sites;
    c.units = std::max(2L, c.units);
    return;
  }
  throw std::invalid_argument("unknown scale " + c.scale + " (tiny, sample, S, M, L or XL)");
}

Summary generate(const Config& cfg, std::ostream& log) {
  auto start = std::chrono::steady_clock::now();
  auto lap = [&](const char* what, long n) {
    if (cfg.quiet) return;
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %-15s %9ld features   %7.2f s\n", what, n, s);
    log << buf << std::flush;
  };
  Summary sum;
  OutputOptions oo;
  oo.dir = cfg.outDir;
  oo.format = cfg.format;
  oo.dbfDate = std::to_string(cfg.newYear) + "-12-31";
  // XL is national data: one file per layer across zones, in geographic
  // CGCS2000 as the ministry's layers come (see generate.h).
  if (cfg.scale == "XL") oo.epsg = 4490;
  Output out(oo);
  const size_t provinces = cfg.scale == "XL" ? kProvinces.size() : 1;
  for (size_t p = 0; p < provinces; ++p) {
    // The first province is L itself; each other has a seed of its own.
    Config pc = cfg;
    if (p > 0) pc.seed = hashOf({cfg.seed, kProvince, uint64_t(p)});
    if (provinces > 1 && !cfg.quiet) log << "  province " << p + 1 << "/" << provinces << " (" << kProvinces[p].name << ")\n";
    Scene sc(pc, p);
    buildTownships(sc);
    traceNamedRivers(sc);
    writeTownships(sc, out, sum);
    lap("townships", sum.townships);
    writeRedline(sc, out, sum, log);
    lap("red line", sum.patchesOld + sum.patchesNew);
    writeReserves(sc, out, sum, log);
    lap("reserves", sum.reserveFeatures);
    writeMining(sc, out, sum, log);
    lap("mining", sum.mines);
    writeShoreline(sc, out, sum, log);
    lap("shoreline", sum.shorelines);
    writeControlUnits(sc, out, sum, log);
    lap("control units", sum.units);
    writeSites(sc, out, sum, log);
    lap("project sites", sum.sites);
    writeControlLayers(sc, out, sum, log);
    if (cfg.scale == "sample") lap("control lines", 0);
  }
  out.finish();
  if (cfg.writeProject) writeProjectFile(cfg);
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return sum;
}

}  // namespace sanxian::gen
