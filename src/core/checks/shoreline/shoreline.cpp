#include "core/checks/shoreline/shoreline.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "core/base/error.h"
#include "core/geometry/harmonize.h"
#include "core/run/info.h"
#include "core/io/placement.h"
#include "report/files/output.h"
#include "core/geometry/overlay.h"
#include "core/checks/rules.h"
#include "core/geometry/spatial_index.h"
#include "core/base/secrets.h"
#include "core/base/text.h"
#include "core/geometry/townships.h"
#include "core/geometry/units.h"
#include "report/files/writers.h"

namespace sanxian {
namespace {

namespace fs = std::filesystem;

using Sum = CompensatedSum;

// Stricter zones first (从严); other values after the four national ones, unzoned last.
const std::vector<std::string>& zoneOrder() {
  static const std::vector<std::string> order = {"protection", "reserved", "controlled_use", "development"};
  return order;
}
int zoneRank(const std::string& zone) {
  if (zone.empty()) return 5;
  const auto& order = zoneOrder();
  const auto it = std::find(order.begin(), order.end(), zone);
  return it == order.end() ? 4 : static_cast<int>(it - order.begin());
}

geos::GeomPtr emptyGeometry() { return geos::own(GEOSGeom_createEmptyCollection_r(geos::ctx(), GEOS_MULTILINESTRING), "empty collection"); }

bool hasLength(const GEOSGeometry* g) { return g && !geos::isEmpty(g) && geos::length(g) > 0; }

// Per-thread prepared geometries of one layer (prepared geometries build
// their indexes lazily and must not be shared between threads).
class PreparedCache {
public:
  explicit PreparedCache(std::vector<const GEOSGeometry*> geometries) : geometries_(std::move(geometries)) {}
  const GEOSPreparedGeometry* get(size_t i) {
    auto& cache = local_.local();
    auto it = cache.find(i);
    if (it == cache.end()) it = cache.emplace(i, geos::prepare(geometries_[i])).first;
    return it->second.get();
  }

private:
  std::vector<const GEOSGeometry*> geometries_;
  tbb::enumerable_thread_specific<std::map<size_t, geos::PreparedPtr>> local_;
};

std::vector<const GEOSGeometry*> geometriesOf(const Layer& layer) {
  std::vector<const GEOSGeometry*> out;
  out.reserve(layer.features.size());
  for (const auto& f : layer.features) out.push_back(f.geometry.get());
  return out;
}

struct Occupier {
  std::string id;
  const Layer* layer = nullptr;
  std::unique_ptr<SpatialIndex> index;
  std::unique_ptr<PreparedCache> prepared;       // the features
  std::vector<geos::GeomPtr> belts;              // the features grown by the distance
  std::unique_ptr<PreparedCache> preparedBelts;
};

struct DraftOccupation {
  size_t segmentInLine = 0;
  size_t occupier = 0, feature = 0;
  double distance = 0;
  Measures measures;
  geos::GeomPtr geometry;
};

struct LineWork {
  std::vector<ShorelineSegment> segments;
  std::vector<DraftOccupation> occupations;
  std::vector<ShorelineGridRetry> retries;
  bool withoutGeometry = false;
};

std::string firstOf(const Layer& layer, const Feature& f, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    const std::string& v = layer.roleValue(f, n);
    if (!v.empty()) return v;
  }
  return {};
}

nlohmann::ordered_json inputJson(const std::string& id, const Layer& layer) {
  return {{"id", id}, {"source", layer.source}, {"layer", layer.layerName}, {"role", layer.role()}, {"features", layer.features.size()}};
}

}  // namespace

const std::vector<std::string>& defaultProtectedZones() {
  static const std::vector<std::string> zones = {"protection", "reserved"};
  return zones;
}

std::string shorelineZoneTitle(const std::string& canonical) {
  if (canonical.empty()) return tr("未划分", "unzoned");
  if (canonical == "protection") return tr("岸线保护区", "protection zone");
  if (canonical == "reserved") return tr("岸线保留区", "reserved zone");
  if (canonical == "controlled_use") return tr("岸线控制利用区", "controlled-use zone");
  if (canonical == "development") return tr("岸线开发利用区", "development zone");
  return canonical;
}

std::vector<std::string> parseProtectedZones(const std::string& list, const RoleCatalog& roles) {
  const FieldDef* zone = roles.get("shoreline").field("zone");
  // Full-width separators (，、) become commas; then split on ASCII ones.
  std::string text = list;
  for (const std::string wide : {"，", "、", "；"}) {
    for (size_t at = text.find(wide); at != std::string::npos; at = text.find(wide, at)) text.replace(at, wide.size(), ",");
  }
  std::vector<std::string> out;
  std::vector<std::string> items;
  std::string current;
  for (char ch : text) {
    if (ch == ',' || ch == ';' || std::isspace(static_cast<unsigned char>(ch))) {
      items.push_back(current);
      current.clear();
    } else {
      current += ch;
    }
  }
  items.push_back(current);
  for (const std::string& item : items) {
    if (item.empty()) continue;
    const std::string canonical = zone ? zone->mapValue(item) : item;
    if (!zone || !zone->values.count(canonical))
      throwUsage(format(tr("'%s' 不是岸线功能分区（可用：保护区、保留区、控制利用区、开发利用区）",
                           "'%s' is no shoreline zone (use protection, reserved, controlled_use, development or 保护区 …)"),
                        item.c_str()));
    if (std::find(out.begin(), out.end(), canonical) == out.end()) out.push_back(canonical);
  }
  if (out.empty()) throwUsage(tr("保护岸线分区列表为空", "the list of protected shoreline zones is empty"));
  return out;
}

ShorelineResult shorelineLines(const Layer& lines, const ShorelineSettings& settings) {
  if (!settings.roles) throw std::invalid_argument("shorelineLines needs the role catalog");
  if (!(settings.distance >= 0)) throwUsage(tr("占用距离须为非负数", "the occupation distance must not be negative"));
  const RoleDef& lineRole = settings.roles->get("shoreline");
  const FieldDef* zoneField = lineRole.field("zone");
  const FieldDef* bankField = lineRole.field("bank");
  const RoleDef* polygonRole = settings.roles->find("shoreline_zone");
  const FieldDef* polygonZoneField = polygonRole && polygonRole->field("zone") ? polygonRole->field("zone") : zoneField;
  const std::set<std::string> protectedZones(settings.protectedZones.begin(), settings.protectedZones.end());
  const CrsInfo crs = lines.crs;

  ShorelineResult result;
  result.protectedZones = settings.protectedZones;
  result.distance = settings.distance;
  result.hasZones = settings.zones != nullptr;
  result.hasBoundary = settings.boundary != nullptr;
  result.hasOccupiers = !settings.occupiers.empty();
  result.zoneAttribute = lines.roleMatch && lines.roleMatch->columns.count("zone");
  result.crs = crs;
  result.inputs.push_back(inputJson(settings.linesId, lines));

  // Zone polygons: canonical zone of each, an index, prepared per thread.
  std::vector<std::string> zoneOf;
  std::unique_ptr<SpatialIndex> zoneIndex;
  std::unique_ptr<PreparedCache> zonePrepared;
  if (settings.zones) {
    const Layer& zones = *settings.zones;
    if (!zones.roleMatch || !zones.roleMatch->columns.count("zone"))
      throwInput(tr("岸线功能分区图层没有分区字段（如 AXGNFQ、岸线功能分区）", "the shoreline zone layer has no zone field (e.g. AXGNFQ, 岸线功能分区)"),
                 {zones.source, zones.layerName});
    for (const Feature& f : zones.features) {
      const std::string& raw = zones.roleValue(f, "zone");
      zoneOf.push_back(raw.empty() ? std::string() : polygonZoneField->mapValue(raw));
    }
    zoneIndex = std::make_unique<SpatialIndex>(geometriesOf(zones));
    zonePrepared = std::make_unique<PreparedCache>(geometriesOf(zones));
    result.inputs.push_back(inputJson(settings.zonesId, zones));
  }
  std::optional<Townships> townships;
  if (settings.boundary) townships.emplace(*settings.boundary);

  std::vector<Occupier> occupiers;
  for (const auto& [id, layer] : settings.occupiers) {
    Occupier o;
    o.id = id;
    o.layer = layer;
    o.index = std::make_unique<SpatialIndex>(geometriesOf(*layer));
    o.prepared = std::make_unique<PreparedCache>(geometriesOf(*layer));
    o.belts.resize(layer->features.size());
    const double distance = settings.distance;
    const Layer* occupierLayer = layer;  // a structured binding cannot be captured before C++20 in clang 14
    tbb::parallel_for(size_t(0), layer->features.size(), [&](size_t k) {
      const GEOSGeometry* g = occupierLayer->features[k].geometry.get();
      if (!g || geos::isEmpty(g)) return;
      o.belts[k] = distance > 0 ? geos::own(GEOSBuffer_r(geos::ctx(), g, distance, kOccupationBufferQuadrantSegments), "GEOSBuffer")
                                : geos::clone(g);
    });
    std::vector<const GEOSGeometry*> belts;
    for (const auto& b : o.belts) belts.push_back(b.get());
    o.preparedBelts = std::make_unique<PreparedCache>(belts);
    result.inputs.push_back(inputJson(id, *layer));
    occupiers.push_back(std::move(o));
  }

  std::vector<LineWork> work(lines.features.size());
  tbb::parallel_for(tbb::blocked_range<size_t>(0, lines.features.size(), 8), [&](const tbb::blocked_range<size_t>& range) {
    Measurer& measurer = threadMeasurer(crs);
    for (size_t i = range.begin(); i != range.end(); ++i) {
      const Feature& f = lines.features[i];
      LineWork& out = work[i];
      geos::GeomPtr line = f.geometry ? geos::extractDimension(f.geometry.get(), 1) : nullptr;
      if (!line || !hasLength(line.get())) {
        out.withoutGeometry = true;
        continue;
      }
      const std::string river = lines.roleValue(f, "name");
      const std::string code = firstOf(lines, f, {"code"});
      const std::string& rawBank = lines.roleValue(f, "bank");
      const std::string bank = rawBank.empty() || !bankField ? rawBank : bankField->mapValue(rawBank);
      const std::string& rawZone = lines.roleValue(f, "zone");
      const std::string attributeZone = rawZone.empty() || !zoneField ? rawZone : zoneField->mapValue(rawZone);

      // 1. Split by zone polygons, stricter zones first; the rest keeps the line's own zone.
      struct ZonePiece {
        geos::GeomPtr geometry;
        std::string zone, source;
      };
      std::vector<ZonePiece> pieces;
      geos::GeomPtr rest = std::move(line);
      if (zoneIndex) {
        std::vector<size_t> candidates = zoneIndex->candidates(rest.get());
        std::stable_sort(candidates.begin(), candidates.end(),
                         [&](size_t a, size_t b) { return zoneRank(zoneOf[a]) < zoneRank(zoneOf[b]); });
        for (size_t k : candidates) {
          if (!hasLength(rest.get())) break;
          const GEOSPreparedGeometry* zone = zonePrepared->get(k);
          if (GEOSPreparedIntersects_r(geos::ctx(), zone, rest.get()) != 1) continue;
          geos::GeomPtr inside;
          if (GEOSPreparedCovers_r(geos::ctx(), zone, rest.get()) == 1) {
            inside = std::move(rest);
            rest = emptyGeometry();
          } else {
            const GEOSGeometry* polygon = settings.zones->features[k].geometry.get();
            overlay::Result in = overlay::intersection(rest.get(), polygon);
            overlay::Result left = overlay::difference(rest.get(), polygon);
            if (in.retriedOnGrid || left.retriedOnGrid) out.retries.push_back({f.fid, settings.zonesId});
            inside = geos::extractDimension(in.geometry.get(), 1);
            rest = geos::extractDimension(left.geometry.get(), 1);
          }
          if (!hasLength(inside.get())) continue;
          pieces.push_back({std::move(inside), zoneOf[k], "zones:" + std::to_string(settings.zones->features[k].fid)});
        }
      }
      if (hasLength(rest.get())) pieces.push_back({std::move(rest), attributeZone, attributeZone.empty() ? "" : "attribute"});

      // 2. Split each zone piece by township; 3. measure; 4. occupation.
      for (ZonePiece& piece : pieces) {
        std::vector<Townships::Part> parts;
        if (townships) {
          parts = townships->split(piece.geometry.get());
        } else {
          parts.emplace_back();
          parts.back().geometry = std::move(piece.geometry);
        }
        for (Townships::Part& part : parts) {
          if (part.retriedOnGrid) out.retries.push_back({f.fid, "townships"});
          ShorelineSegment s;
          s.lineIndex = i;
          s.lineFid = f.fid;
          s.code = code;
          s.river = river;
          s.bank = bank;
          s.zone = piece.zone;
          s.zoneSource = piece.source;
          s.protectedZone = protectedZones.count(piece.zone) > 0;
          s.township = part.township.name;
          s.townshipCode = part.township.code;
          s.townshipFid = part.township.fid;
          s.geometry = std::move(part.geometry);
          s.measures = measurer.measure(s.geometry.get());
          s.retriedOnGrid = part.retriedOnGrid;

          std::vector<const GEOSGeometry*> occupiedParts;
          const size_t segmentInLine = out.segments.size();
          const size_t firstOccupation = out.occupations.size();
          for (size_t o = 0; o < occupiers.size(); ++o) {
            Occupier& occ = occupiers[o];
            for (size_t k : occ.index->candidatesWithin(s.geometry.get(), settings.distance)) {
              if (!occ.belts[k]) continue;
              if (GEOSPreparedDistanceWithin_r(geos::ctx(), occ.prepared->get(k), s.geometry.get(), settings.distance) != 1) continue;
              double distance = 0;
              GEOSPreparedDistance_r(geos::ctx(), occ.prepared->get(k), s.geometry.get(), &distance);
              geos::GeomPtr near;
              if (GEOSPreparedCovers_r(geos::ctx(), occ.preparedBelts->get(k), s.geometry.get()) == 1) {
                near = geos::clone(s.geometry.get());
              } else {
                overlay::Result r = overlay::intersection(s.geometry.get(), occ.belts[k].get());
                if (r.retriedOnGrid) out.retries.push_back({f.fid, occ.id});
                near = geos::extractDimension(r.geometry.get(), 1);
              }
              // Within the distance only at a point (the belt's edge): nothing occupied.
              if (!hasLength(near.get())) continue;
              DraftOccupation d;
              d.segmentInLine = segmentInLine;
              d.occupier = o;
              d.feature = k;
              d.distance = distance;
              d.measures = measurer.measure(near.get());
              d.geometry = std::move(near);
              out.occupations.push_back(std::move(d));
            }
          }
          for (size_t k = firstOccupation; k < out.occupations.size(); ++k) occupiedParts.push_back(out.occupations[k].geometry.get());
          if (occupiedParts.size() == 1) {
            s.occupiedLength = out.occupations[firstOccupation].measures.length;
            s.planarOccupiedLength = out.occupations[firstOccupation].measures.planarLength;
          } else if (occupiedParts.size() > 1) {
            // Belts of neighbouring occupiers overlap: count each stretch once.
            overlay::Result u = overlay::unionAll(occupiedParts);
            if (u.retriedOnGrid) out.retries.push_back({f.fid, "occupation"});
            const geos::GeomPtr lineal = geos::extractDimension(u.geometry.get(), 1);
            const Measures m = measurer.measure(lineal.get());
            s.occupiedLength = m.length;
            s.planarOccupiedLength = m.planarLength;
          }
          out.segments.push_back(std::move(s));
        }
      }
    }
  });

  // Merge in line order.
  for (size_t i = 0; i < work.size(); ++i) {
    LineWork& w = work[i];
    if (w.withoutGeometry) ++result.linesWithoutGeometry;
    const size_t base = result.segments.size();
    for (DraftOccupation& d : w.occupations) {
      ShorelineSegment& s = w.segments[d.segmentInLine];
      const Occupier& occ = occupiers[d.occupier];
      const Feature& feature = occ.layer->features[d.feature];
      ShorelineOccupation o;
      o.segment = base + d.segmentInLine;
      o.layer = occ.id;
      o.fid = feature.fid;
      o.code = firstOf(*occ.layer, feature, {"licence", "code"});
      o.name = firstOf(*occ.layer, feature, {"mine_name", "name"});
      o.distance = d.distance;
      o.length = d.measures.length;
      o.planarLength = d.measures.planarLength;
      o.geometry = std::move(d.geometry);
      o.protectedZone = s.protectedZone;
      std::string label = o.layer + ":" + std::to_string(o.fid);
      if (!o.code.empty()) label += " " + o.code;
      s.occupiers += (s.occupiers.empty() ? "" : "; ") + label;
      result.occupations.push_back(std::move(o));
    }
    for (ShorelineSegment& s : w.segments) result.segments.push_back(std::move(s));
    for (auto& r : w.retries) result.retries.push_back(std::move(r));
  }
  return result;
}

ShorelineFigures ShorelineResult::total() const { return figures().front(); }

std::vector<ShorelineFigures> ShorelineResult::figures() const {
  struct Acc {
    ShorelineFigures f;
    Sum length, planarLength, protectedLength, planarProtectedLength, occupiedLength, planarOccupiedLength;
    void add(const ShorelineSegment& s) {
      ++f.segments;
      length.add(s.measures.length);
      planarLength.add(s.measures.planarLength);
      occupiedLength.add(s.occupiedLength);
      planarOccupiedLength.add(s.planarOccupiedLength);
      if (s.protectedZone) {
        protectedLength.add(s.measures.length);
        planarProtectedLength.add(s.measures.planarLength);
      }
    }
    ShorelineFigures done() {
      f.length = length.value();
      f.planarLength = planarLength.value();
      f.protectedLength = protectedLength.value();
      f.planarProtectedLength = planarProtectedLength.value();
      f.occupiedLength = occupiedLength.value();
      f.planarOccupiedLength = planarOccupiedLength.value();
      return f;
    }
  };
  // Groups in order of first appearance.
  struct Groups {
    std::vector<Acc> items;
    std::map<std::string, size_t> at;
    Acc& get(const std::string& group, const std::string& key) {
      auto it = at.find(key);
      if (it == at.end()) {
        it = at.emplace(key, items.size()).first;
        items.emplace_back();
        items.back().f.group = group;
        items.back().f.key = key;
      }
      return items[it->second];
    }
  };
  Acc total;
  total.f.group = "total";
  Groups zones, rivers, banks, towns;
  // The protected zones are listed even when no shoreline lies in them.
  for (const std::string& z : protectedZones) zones.get("zone", z);
  for (const ShorelineSegment& s : segments) {
    total.add(s);
    zones.get("zone", s.zone).add(s);
    rivers.get("river", s.river).add(s);
    banks.get("bank", s.bank).add(s);
    if (hasBoundary) towns.get("township", s.township).add(s);
  }
  std::stable_sort(zones.items.begin(), zones.items.end(), [](const Acc& a, const Acc& b) { return zoneRank(a.f.key) < zoneRank(b.f.key); });
  std::vector<ShorelineFigures> out = {total.done()};
  for (Groups* g : {&zones, &rivers, &banks, &towns})
    for (Acc& a : g->items) out.push_back(a.done());
  return out;
}

namespace {

Column text(const char* key, const char* zh, const char* en, const char* shortName = "") {
  return {key, zh, en, ColumnType::Text, 0, shortName, false};
}
Column integer(const char* key, const char* zh, const char* en, const char* shortName = "", bool summable = false) {
  return {key, zh, en, ColumnType::Integer, 0, shortName, summable};
}
Column real(const char* key, const char* zh, const char* en, int decimals, const char* shortName = "", bool summable = false) {
  return {key, zh, en, ColumnType::Real, decimals, shortName, summable};
}

std::string yesNo(bool v) { return v ? tr("是", "yes") : tr("否", "no"); }

std::string bankTitle(const std::string& bank) {
  if (bank == "left") return tr("左岸", "left bank");
  if (bank == "right") return tr("右岸", "right bank");
  return bank;
}

std::string groupTitle(const std::string& group) {
  if (group == "total") return tr("合计", "total");
  if (group == "zone") return tr("功能分区", "zone");
  if (group == "river") return tr("河湖", "river / lake");
  if (group == "bank") return tr("岸别", "bank");
  if (group == "township") return tr("乡镇", "township");
  return group;
}

std::string keyTitle(const ShorelineFigures& f) {
  if (f.group == "zone") return shorelineZoneTitle(f.key);
  if (f.group == "bank") return bankTitle(f.key);
  if (f.group == "township" && f.key.empty()) return tr("不在任何乡镇内", "outside every township");
  return f.key;
}

// Occupation of a protected zone is what the staff must act on.
Severity occupationSeverity(bool protectedZone) { return protectedZone ? Severity::Prohibited : Severity::Notice; }

const ShorelineFigures* findFigures(const std::vector<ShorelineFigures>& all, const std::string& group, const std::string& key) {
  for (const auto& f : all)
    if (f.group == group && f.key == key) return &f;
  return nullptr;
}

// Current figures with the previous year's groups that no longer appear
// appended (length 0 now), so that each zone's change is listed.
std::vector<ShorelineFigures> figuresWithPrevious(const ShorelineComparison& c, std::vector<ShorelineFigures>& previous) {
  std::vector<ShorelineFigures> now = c.current.figures();
  if (!c.previous) return now;
  previous = c.previous->figures();
  for (const auto& p : previous) {
    if (findFigures(now, p.group, p.key)) continue;
    ShorelineFigures gone;
    gone.group = p.group;
    gone.key = p.key;
    now.push_back(gone);
  }
  // Keep groups together (total, zone, river, bank, township) after appending.
  auto rank = [](const std::string& g) {
    static const std::vector<std::string> order = {"total", "zone", "river", "bank", "township"};
    return std::find(order.begin(), order.end(), g) - order.begin();
  };
  std::stable_sort(now.begin(), now.end(), [&](const ShorelineFigures& a, const ShorelineFigures& b) {
    if (rank(a.group) != rank(b.group)) return rank(a.group) < rank(b.group);
    if (a.group == "zone") return zoneRank(a.key) < zoneRank(b.key);
    return false;
  });
  return now;
}

}  // namespace

std::vector<Table> shorelineTables(const ShorelineComparison& c) {
  const ShorelineResult& r = c.current;
  std::vector<Table> tables;

  Table segments;
  segments.name = "shoreline_segments";
  segments.zh = "岸线分段（按功能分区、乡镇）";
  segments.en = "Shoreline segments (by zone and township)";
  segments.columns = {integer("segment_no", "分段序号", "Segment no.", "seg_no"),
                      integer("line_fid", "岸线要素号", "Shoreline FID", "line_fid"),
                      text("code", "岸线编号", "Shoreline code", "code"),
                      text("river", "河湖名称", "River / lake", "river"),
                      text("bank", "岸别", "Bank", "bank"),
                      text("zone", "岸线功能分区", "Shoreline zone", "zone"),
                      text("zone_code", "分区代码", "Zone code", "zone_code"),
                      text("zone_source", "分区来源", "Zone from", "zone_src"),
                      text("protected", "是否计入保护岸线", "Counts as protected", "protected")};
  if (r.hasBoundary) {
    segments.columns.push_back(text("township", "所在乡镇", "Township", "township"));
    segments.columns.push_back(text("township_code", "乡镇代码", "Township code", "town_code"));
  }
  segments.columns.push_back(real("length_m", "长度（米）", "Length (m)", 2, "length_m", true));
  segments.columns.push_back(real("planar_length_m", "平面长度（米）", "Planar length (m)", 2, "pl_len_m", true));
  if (r.hasOccupiers) {
    segments.columns.push_back(real("occupied_length_m", "被占用长度（米）", "Occupied length (m)", 2, "occ_len_m", true));
    segments.columns.push_back(real("planar_occupied_length_m", "平面被占用长度（米）", "Planar occupied length (m)", 2, "pl_occ_m", true));
    segments.columns.push_back(text("occupiers", "占用要素", "Occupied by", "occupiers"));
    segments.columns.push_back(text("protected_occupied", "保护岸线被占用", "Protected shoreline occupied", "prot_occ"));
  }
  segments.columns.push_back(integer("grid_retry", "是否以 1 毫米格网重算", "Recomputed on the 1 mm grid", "grid_retry"));
  for (size_t k = 0; k < r.segments.size(); ++k) {
    const ShorelineSegment& s = r.segments[k];
    std::vector<Cell> row = {int64_t(k + 1), s.lineFid, s.code, s.river, bankTitle(s.bank), shorelineZoneTitle(s.zone), s.zone,
                             s.zoneSource, yesNo(s.protectedZone)};
    if (r.hasBoundary) {
      row.push_back(s.township);
      row.push_back(s.townshipCode);
    }
    row.push_back(s.measures.length);
    row.push_back(s.measures.planarLength);
    if (r.hasOccupiers) {
      row.push_back(s.occupiedLength);
      row.push_back(s.planarOccupiedLength);
      row.push_back(s.occupiers);
      row.push_back(yesNo(s.protectedZone && s.occupiedLength > 0));
    }
    row.push_back(int64_t(s.retriedOnGrid ? 1 : 0));
    segments.rows.push_back(std::move(row));
    segments.geometries.push_back(geos::clone(s.geometry.get()));
  }
  segments.spatial = true;
  tables.push_back(std::move(segments));

  if (r.hasOccupiers) {
    Table occupation;
    occupation.name = "shoreline_occupation";
    occupation.zh = format("岸线占用（距占用图斑 %g 米以内）", r.distance);
    occupation.en = format("Shoreline occupation (within %g m of an occupier)", r.distance);
    occupation.columns = {text("severity", "严重程度", "Severity", "severity"),
                          text("message", "说明", "Message", "message"),
                          integer("segment_no", "分段序号", "Segment no.", "seg_no"),
                          integer("line_fid", "岸线要素号", "Shoreline FID", "line_fid"),
                          text("code", "岸线编号", "Shoreline code", "code"),
                          text("river", "河湖名称", "River / lake", "river"),
                          text("bank", "岸别", "Bank", "bank"),
                          text("zone", "岸线功能分区", "Shoreline zone", "zone"),
                          text("protected", "是否保护岸线", "Protected shoreline", "protected")};
    if (r.hasBoundary) occupation.columns.push_back(text("township", "所在乡镇", "Township", "township"));
    for (Column col : {text("occupier_layer", "占用图层", "Occupier layer", "occ_layer"), integer("occupier_fid", "占用要素号", "Occupier FID", "occ_fid"),
                       text("occupier_code", "占用要素编号", "Occupier code", "occ_code"), text("occupier_name", "占用要素名称", "Occupier name", "occ_name"),
                       real("distance_m", "距离（米，平面）", "Distance (m, planar)", 2, "dist_m"),
                       real("length_m", "被占用长度（米）", "Occupied length (m)", 2, "length_m", true),
                       real("planar_length_m", "平面被占用长度（米）", "Planar occupied length (m)", 2, "pl_len_m", true)})
      occupation.columns.push_back(col);
    for (const ShorelineOccupation& o : r.occupations) {
      const ShorelineSegment& s = r.segments[o.segment];
      const Severity severity = occupationSeverity(o.protectedZone);
      const std::string message = o.protectedZone ? tr("保护岸线被占用", "protected shoreline occupied") : tr("岸线被占用", "shoreline occupied");
      std::vector<Cell> row = {std::string(severityText(severity)), message, int64_t(o.segment + 1), s.lineFid, s.code, s.river,
                               bankTitle(s.bank), shorelineZoneTitle(s.zone), yesNo(o.protectedZone)};
      if (r.hasBoundary) row.push_back(s.township);
      for (Cell cell : {Cell(o.layer), Cell(o.fid), Cell(o.code), Cell(o.name), Cell(o.distance), Cell(o.length), Cell(o.planarLength)})
        row.push_back(cell);
      occupation.rows.push_back(std::move(row));
      occupation.geometries.push_back(geos::clone(o.geometry.get()));
    }
    occupation.spatial = true;
    // One stretch near two occupiers is a row for each: their lengths overlap and do not add up.
    occupation.totals = Totals::None;
    tables.push_back(std::move(occupation));
  }

  std::vector<ShorelineFigures> previous;
  const std::vector<ShorelineFigures> now = figuresWithPrevious(c, previous);
  Table summary;
  summary.name = "shoreline_summary";
  summary.zh = "岸线保护率汇总（合计、按功能分区、河湖、岸别、乡镇）";
  summary.en = "Shoreline protection rate (total, by zone, river / lake, bank, township)";
  summary.columns = {text("group", "汇总方式", "Grouped by", "group"),
                     text("name", "分组", "Group", "name"),
                     text("key", "分组代码", "Group key", "key"),
                     integer("segments", "分段数", "Segments", "segments"),
                     real("length_m", "岸线长度（米）", "Shoreline length (m)", 2, "length_m"),
                     real("length_km", "岸线长度（千米）", "Shoreline length (km)", 4, "length_km"),
                     real("planar_length_m", "平面岸线长度（米）", "Planar shoreline length (m)", 2, "pl_len_m"),
                     real("protected_length_m", "保护岸线长度（米）", "Protected length (m)", 2, "prot_m"),
                     real("planar_protected_length_m", "平面保护岸线长度（米）", "Planar protected length (m)", 2, "pl_prot_m"),
                     real("protection_rate_pct", "岸线保护率（%）", "Protection rate (%)", 2, "rate_pct"),
                     real("planar_protection_rate_pct", "平面岸线保护率（%）", "Planar protection rate (%)", 2, "pl_rate")};
  if (r.hasOccupiers) {
    summary.columns.push_back(real("occupied_length_m", "被占用长度（米）", "Occupied length (m)", 2, "occ_len_m"));
    summary.columns.push_back(real("planar_occupied_length_m", "平面被占用长度（米）", "Planar occupied length (m)", 2, "pl_occ_m"));
  }
  if (c.previous) {
    summary.columns.push_back(real("previous_length_m", "上一年度长度（米）", "Previous year's length (m)", 2, "prev_len_m"));
    summary.columns.push_back(real("change_length_m", "长度变化（米）", "Length change (m)", 2, "chg_len_m"));
    summary.columns.push_back(real("previous_rate_pct", "上一年度保护率（%）", "Previous year's rate (%)", 2, "prev_rate"));
    summary.columns.push_back(real("change_rate_pct_points", "保护率变化（百分点）", "Rate change (percentage points)", 2, "chg_rate"));
  }
  for (const ShorelineFigures& f : now) {
    std::vector<Cell> row = {groupTitle(f.group), keyTitle(f), f.key, f.segments, f.length, f.length / 1000, f.planarLength,
                             f.protectedLength, f.planarProtectedLength, f.rate(), f.planarRate()};
    if (r.hasOccupiers) {
      row.push_back(f.occupiedLength);
      row.push_back(f.planarOccupiedLength);
    }
    if (c.previous) {
      const ShorelineFigures* p = findFigures(previous, f.group, f.key);
      const double before = p ? p->length : 0, rateBefore = p ? p->rate() : 0;
      row.push_back(before);
      row.push_back(f.length - before);
      row.push_back(rateBefore);
      row.push_back(f.rate() - rateBefore);
    }
    summary.rows.push_back(std::move(row));
  }
  tables.push_back(std::move(summary));
  return tables;
}

namespace {

nlohmann::ordered_json totalsJson(const ShorelineFigures& t) {
  nlohmann::ordered_json j;
  j["total_length_m"] = t.length;
  j["planar_total_length_m"] = t.planarLength;
  j["total_length_km"] = t.length / 1000;
  j["protected_length_m"] = t.protectedLength;
  j["planar_protected_length_m"] = t.planarProtectedLength;
  j["protection_rate_pct"] = t.rate();
  j["planar_protection_rate_pct"] = t.planarRate();
  return j;
}

nlohmann::ordered_json groupJson(const ShorelineFigures& f, const char* keyName, bool withOccupation) {
  nlohmann::ordered_json j;
  j[keyName] = f.key;
  j["name"] = keyTitle(f);
  j["segments"] = f.segments;
  j["length_m"] = f.length;
  j["planar_length_m"] = f.planarLength;
  j["protected_length_m"] = f.protectedLength;
  j["planar_protected_length_m"] = f.planarProtectedLength;
  j["protection_rate_pct"] = f.rate();
  j["planar_protection_rate_pct"] = f.planarRate();
  if (withOccupation) {
    j["occupied_length_m"] = f.occupiedLength;
    j["planar_occupied_length_m"] = f.planarOccupiedLength;
  }
  return j;
}

}  // namespace

nlohmann::ordered_json toJson(const ShorelineComparison& c) {
  const ShorelineResult& r = c.current;
  std::vector<ShorelineFigures> previous;
  const std::vector<ShorelineFigures> all = figuresWithPrevious(c, previous);
  const ShorelineFigures& total = all.front();
  nlohmann::ordered_json j = {{"check", "shoreline"}};
  const nlohmann::ordered_json totals = totalsJson(total);
  for (const auto& [k, v] : totals.items()) j[k] = v;
  const ShorelineFigures* unzoned = findFigures(all, "zone", "");
  j["unzoned_length_m"] = unzoned ? unzoned->length : 0.0;
  j["planar_unzoned_length_m"] = unzoned ? unzoned->planarLength : 0.0;
  j["protected_zones"] = r.protectedZones;
  j["segments"] = r.segments.size();
  j["lines_without_geometry"] = r.linesWithoutGeometry;
  j["zones_from"] = r.hasZones ? (r.zoneAttribute ? "polygons+attribute" : "polygons") : (r.zoneAttribute ? "attribute" : "none");
  if (r.hasOccupiers) {
    Sum occupied, planarOccupied, protectedOccupied, planarProtectedOccupied;
    for (const ShorelineSegment& s : r.segments) {
      occupied.add(s.occupiedLength);
      planarOccupied.add(s.planarOccupiedLength);
      if (s.protectedZone) {
        protectedOccupied.add(s.occupiedLength);
        planarProtectedOccupied.add(s.planarOccupiedLength);
      }
    }
    j["occupation_distance_m"] = r.distance;
    j["occupied_length_m"] = occupied.value();
    j["planar_occupied_length_m"] = planarOccupied.value();
    j["protected_occupied_length_m"] = protectedOccupied.value();
    j["planar_protected_occupied_length_m"] = planarProtectedOccupied.value();
    j["occupations"] = r.occupations.size();
    size_t flagged = 0;
    for (const auto& o : r.occupations) flagged += o.protectedZone ? 1 : 0;
    j["protected_occupations"] = flagged;
    j["severity_counts"] = {{"prohibited", flagged}, {"restricted", 0}, {"notice", r.occupations.size() - flagged}};
  } else {
    j["severity_counts"] = {{"prohibited", 0}, {"restricted", 0}, {"notice", 0}};
  }

  auto listOf = [&](const char* group, const char* keyName) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const ShorelineFigures& f : all) {
      if (f.group != group) continue;
      nlohmann::ordered_json item = groupJson(f, keyName, r.hasOccupiers);
      if (std::string(group) == "zone") item["protected"] = std::find(r.protectedZones.begin(), r.protectedZones.end(), f.key) != r.protectedZones.end();
      if (c.previous) {
        const ShorelineFigures* p = findFigures(previous, f.group, f.key);
        item["previous_length_m"] = p ? p->length : 0.0;
        item["planar_previous_length_m"] = p ? p->planarLength : 0.0;
        item["change_length_m"] = f.length - (p ? p->length : 0.0);
        item["planar_change_length_m"] = f.planarLength - (p ? p->planarLength : 0.0);
      }
      list.push_back(std::move(item));
    }
    return list;
  };
  j["by_zone"] = listOf("zone", "zone");
  j["by_river"] = listOf("river", "river");
  j["by_bank"] = listOf("bank", "bank");
  if (r.hasBoundary) j["by_township"] = listOf("township", "township");

  if (c.previous) {
    const ShorelineFigures& before = previous.front();
    j["previous"] = totalsJson(before);
    j["change"] = {{"total_length_m", total.length - before.length},
                   {"planar_total_length_m", total.planarLength - before.planarLength},
                   {"protected_length_m", total.protectedLength - before.protectedLength},
                   {"planar_protected_length_m", total.planarProtectedLength - before.planarProtectedLength},
                   {"protection_rate_pct_points", total.rate() - before.rate()},
                   {"planar_protection_rate_pct_points", total.planarRate() - before.planarRate()},
                   {"improved", total.rate() > before.rate()}};
  }

  if (r.hasOccupiers) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const ShorelineOccupation& o : r.occupations) {
      const ShorelineSegment& s = r.segments[o.segment];
      nlohmann::ordered_json item = {{"segment_no", o.segment + 1}, {"line_fid", s.lineFid}, {"river", s.river}, {"bank", s.bank},
                                     {"zone", s.zone},          {"protected", o.protectedZone},
                                     {"severity", severityKey(occupationSeverity(o.protectedZone))}};
      if (r.hasBoundary) item["township"] = s.township;
      item["occupier_layer"] = o.layer;
      item["occupier_fid"] = o.fid;
      item["occupier_code"] = o.code;
      item["occupier_name"] = o.name;
      item["distance_m"] = o.distance;
      item["length_m"] = o.length;
      item["planar_length_m"] = o.planarLength;
      list.push_back(std::move(item));
    }
    j["occupation_list"] = std::move(list);
  }
  nlohmann::ordered_json retries = nlohmann::ordered_json::array();
  for (const auto& rr : r.retries) retries.push_back({{"line_fid", rr.lineFid}, {"against", rr.against}});
  j["grid_retries"] = std::move(retries);
  j["crs"] = r.crs.name.empty() ? r.crs.definition : r.crs.name;
  nlohmann::ordered_json inputs = r.inputs;
  if (c.previous)
    for (const auto& in : c.previous->inputs) {
      nlohmann::ordered_json tagged = in;
      tagged["year"] = "previous";
      inputs.push_back(tagged);
    }
  j["inputs"] = inputs;
  return j;
}

std::vector<std::string> shorelineHeadlines(const ShorelineComparison& c) {
  const ShorelineResult& r = c.current;
  const ShorelineFigures t = r.total();
  std::vector<std::string> lines;
  lines.push_back(format(tr("岸线总长 %.3f 千米（平面 %.3f 千米），保护岸线 %.3f 千米，岸线保护率 %.2f%%（平面 %.2f%%）",
                            "shoreline %.3f km (planar %.3f km), protected %.3f km, protection rate %.2f%% (planar %.2f%%)"),
                         t.length / 1000, t.planarLength / 1000, t.protectedLength / 1000, t.rate(), t.planarRate()));
  if (c.previous) {
    const ShorelineFigures p = c.previous->total();
    const double change = t.rate() - p.rate();
    lines.push_back(format(tr("上一年度保护率 %.2f%%，变化 %+.2f 个百分点（%s）", "previous year's rate %.2f%%, change %+.2f points (%s)"), p.rate(),
                           change, change > 0 ? tr("持续改善", "improving") : change < 0 ? tr("下降", "falling") : tr("持平", "unchanged")));
  }
  if (r.hasOccupiers) {
    size_t flagged = 0;
    Sum occupied;
    for (const auto& o : r.occupations) flagged += o.protectedZone ? 1 : 0;
    for (const auto& s : r.segments) occupied.add(s.occupiedLength);
    lines.push_back(format(tr("距占用图斑 %g 米内的岸线 %.1f 米，占用记录 %zu 条，其中保护岸线被占用 %zu 条",
                              "within %g m of occupiers: %.1f m of shoreline; %zu occupation records, %zu of them in protected zones"),
                           r.distance, occupied.value(), r.occupations.size(), flagged));
  }
  if (!r.zoneAttribute && !r.hasZones)
    lines.push_back(tr("警告：岸线没有功能分区字段，也未给出分区图层，全部岸线计为未划分", "warning: the lines have no zone field and no zone layer was given; all shoreline is unzoned"));
  if (r.linesWithoutGeometry)
    lines.push_back(format(tr("%zu 条岸线无可用几何，未计入", "%zu shoreline features have no usable geometry and are left out"), r.linesWithoutGeometry));
  if (!r.retries.empty())
    lines.push_back(format(tr("%zu 处叠加出现拓扑错误，已在 1 毫米格网上重算", "%zu overlays hit a topology error and were recomputed on the 1 mm grid"),
                           r.retries.size()));
  return lines;
}

std::vector<std::string> writeShoreline(const ShorelineComparison& c, const std::vector<Table>& tables, const std::string& folder,
                                        const TableWriteOptions& options) {
  return writeCheckTables(tables, folder, "shoreline", c.current.crs, options);
}

ShorelineRun runShoreline(const ShorelineOptions& options, const RoleCatalog& roles, const ProgressFn& progress) {
  if (options.outputDir.empty()) throwUsage(tr("需要输出目录（-o DIR）", "an output folder is needed (-o DIR)"));
  if (!(options.distance >= 0)) throwUsage(tr("占用距离须为非负数", "the occupation distance must not be negative"));
  auto stem = [](const LoadOptions& o) { return o.layerName ? *o.layerName : fs::path(withoutPasswords(o.source)).stem().string(); };
  auto withRole = [](LoadOptions o, const char* role) {
    if (!o.role) o.role = role;
    return o;
  };
  auto loadOne = [&](const LoadOptions& o) {
    if (progress) progress(format(tr("读取 %s", "loading %s"), withoutPasswords(o.source).c_str()));
    return load(o, roles);
  };
  Layer lines = loadOne(withRole(options.lines, "shoreline"));
  std::optional<Layer> zones, previous, previousZones, boundary;
  if (options.zones) zones = loadOne(withRole(*options.zones, "shoreline_zone"));
  if (options.previous) previous = loadOne(withRole(*options.previous, "shoreline"));
  if (options.previousZones) previousZones = loadOne(withRole(*options.previousZones, "shoreline_zone"));
  if (options.boundary) boundary = loadOne(withRole(*options.boundary, "boundary"));
  std::vector<Layer> occupiers;
  for (const LoadOptions& o : options.occupiers) occupiers.push_back(loadOne(o));

  std::vector<const Layer*> all = {&lines};
  std::vector<Layer*> placed = {&lines};
  std::vector<std::string> ids = {stem(options.lines)};
  for (auto [l, o] : {std::pair{&zones, &options.zones}, {&previous, &options.previous}, {&previousZones, &options.previousZones}, {&boundary, &options.boundary}})
    if (*l) all.push_back(&**l), placed.push_back(&**l), ids.push_back(stem(**o));
  for (size_t k = 0; k < occupiers.size(); ++k) all.push_back(&occupiers[k]), placed.push_back(&occupiers[k]), ids.push_back(stem(options.occupiers[k]));
  warnAboutDistantLayers(placed, ids);
  const CrsInfo crs = chooseAnalysisCrs(all, options.analysisCrs);
  if (progress) progress(tr("转换到分析坐标系并检查几何", "harmonizing"));
  harmonize(lines, crs);
  for (auto* l : {&zones, &previous, &previousZones, &boundary})
    if (*l) harmonize(**l, crs);
  for (Layer& l : occupiers) harmonize(l, crs);

  ShorelineSettings settings;
  settings.linesId = stem(options.lines);
  settings.roles = &roles;
  settings.zones = zones ? &*zones : nullptr;
  if (options.zones) settings.zonesId = stem(*options.zones);
  settings.boundary = boundary ? &*boundary : nullptr;
  for (size_t k = 0; k < occupiers.size(); ++k) settings.occupiers.emplace_back(stem(options.occupiers[k]), &occupiers[k]);
  settings.distance = options.distance;
  if (options.protectedZones) settings.protectedZones = parseProtectedZones(*options.protectedZones, roles);

  if (progress) progress(tr("岸线分段与占用分析", "splitting shoreline and finding occupation"));
  ShorelineRun run;
  run.comparison.current = shorelineLines(lines, settings);
  if (boundary) run.comparison.current.inputs.push_back(inputJson(stem(*options.boundary), *boundary));
  if (previous) {
    ShorelineSettings before = settings;
    before.linesId = stem(*options.previous);
    before.occupiers.clear();
    // The previous year's own zone polygons when given, else this year's.
    if (previousZones) {
      before.zones = &*previousZones;
      before.zonesId = stem(*options.previousZones);
    }
    run.comparison.previous = shorelineLines(*previous, before);
  }
  run.summary = toJson(run.comparison);
  std::vector<std::pair<std::string, const Layer*>> named;
  for (size_t i = 0; i < placed.size(); ++i) named.emplace_back(ids[i], placed[i]);
  run.summary["warnings"] = layerWarnings(named);
  const std::vector<Table> tables = shorelineTables(run.comparison);
  std::vector<std::string> sources = {options.lines.source};
  for (const auto* o : {&options.zones, &options.previous, &options.previousZones, &options.boundary})
    if (*o) sources.push_back((*o)->source);
  for (const LoadOptions& o : options.occupiers) sources.push_back(o.source);
  StagedOutput output(options.outputDir);
  const std::vector<std::string> staged = output.writing([&] { return writeShoreline(run.comparison, tables, output.folder()); });
  output.refuseOverwritingInputs(sources, staged);
  run.written = output.commit(staged);
  return run;
}

namespace {

const Layer& layerParam(const LoadedProject& loaded, const std::string& id) {
  const Layer* layer = loaded.layer(id);
  if (!layer) throwUsage(format(tr("检查 shoreline：未定义的图层 '%s'", "check shoreline: undefined layer '%s'"), id.c_str()));
  return *layer;
}

std::string stringParam(const CheckSpec& check, const char* name) {
  const auto& v = check.params[name];
  if (!v.is_string()) throwUsage(format(tr("检查 shoreline：参数 %s 须为图层 id", "check shoreline: parameter %s must be a layer id"), name));
  return v.get<std::string>();
}

}  // namespace

std::vector<Finding> shorelineFindings(const ShorelineResult& r, const Table* occupation, const std::string& linesId) {
  std::vector<Finding> out;
  for (size_t k = 0; k < r.occupations.size(); ++k) {
    const ShorelineOccupation& o = r.occupations[k];
    const ShorelineSegment& s = r.segments[o.segment];
    Finding f;
    f.kind = Finding::Kind::ShorelineOccupied;
    f.severity = occupationSeverity(o.protectedZone);
    f.ruleId = o.protectedZone ? "shoreline_protected_occupied" : "shoreline_occupied";
    f.ruleName = o.protectedZone ? tr("保护岸线被占用", "protected shoreline occupied") : tr("岸线被占用", "shoreline occupied");
    f.aLayer = linesId;
    f.aCode = s.code;
    f.aName = s.river + (s.bank.empty() ? "" : " " + bankTitle(s.bank));
    f.aFid = s.lineFid;
    f.bLayer = o.layer;
    f.bCode = o.code;
    f.bName = o.name;
    f.bFid = o.fid;
    f.township = s.township;
    f.length = o.length;
    f.distance = o.distance;
    f.detail = format(tr("%s，距占用图斑 %.1f 米", "%s, %.1f m from the occupier"), shorelineZoneTitle(s.zone).c_str(), o.distance);
    if (occupation && k < occupation->geometries.size()) f.geometry = occupation->geometries[k];
    f.table = occupation ? occupation->name : std::string();
    f.row = k;
    out.push_back(std::move(f));
  }
  return out;
}

CheckOutput runShorelineCheck(const CheckSpec& check, const LoadedProject& loaded, const CheckEnvironment& env) {
  const ProgressFn& progress = env.progress;
  const RoleCatalog& roles = *loaded.roles;
  if (!check.params.contains("lines"))
    throwUsage(tr("检查 shoreline 需要参数 lines（岸线图层 id）", "check shoreline needs parameter lines (the shoreline layer id)"));
  ShorelineSettings settings;
  settings.roles = &roles;
  settings.linesId = stringParam(check, "lines");
  const Layer& lines = layerParam(loaded, settings.linesId);
  if (check.params.contains("zones")) {
    settings.zonesId = stringParam(check, "zones");
    settings.zones = &layerParam(loaded, settings.zonesId);
  }
  if (check.params.contains("boundary")) settings.boundary = &layerParam(loaded, stringParam(check, "boundary"));
  if (check.params.contains("occupiers")) {
    const auto& v = check.params["occupiers"];
    std::vector<std::string> ids;
    if (v.is_string()) ids.push_back(v.get<std::string>());
    else if (v.is_array())
      for (const auto& e : v) {
        if (!e.is_string()) throwUsage(tr("检查 shoreline：occupiers 须为图层 id 列表", "check shoreline: occupiers must be a list of layer ids"));
        ids.push_back(e.get<std::string>());
      }
    else throwUsage(tr("检查 shoreline：occupiers 须为图层 id 列表", "check shoreline: occupiers must be a list of layer ids"));
    for (const auto& id : ids) settings.occupiers.emplace_back(id, &layerParam(loaded, id));
  }
  if (check.params.contains("distance_m")) {
    const auto& v = check.params["distance_m"];
    if (!v.is_number() || v.get<double>() < 0)
      throwUsage(tr("检查 shoreline：distance_m 须为非负数", "check shoreline: distance_m must be a non-negative number"));
    settings.distance = v.get<double>();
  }
  if (check.params.contains("protected_zones")) {
    const auto& v = check.params["protected_zones"];
    std::string list;
    if (v.is_string()) list = v.get<std::string>();
    else if (v.is_array())
      for (const auto& e : v) list += (list.empty() ? "" : ",") + (e.is_string() ? e.get<std::string>() : e.dump());
    settings.protectedZones = parseProtectedZones(list, roles);
  }
  if (progress) progress(format(tr("岸线保护率：%s", "shoreline protection rate: %s"), settings.linesId.c_str()));
  ShorelineComparison comparison;
  comparison.current = shorelineLines(lines, settings);
  if (settings.boundary) comparison.current.inputs.push_back(inputJson(stringParam(check, "boundary"), *settings.boundary));
  if (check.params.contains("previous")) {
    ShorelineSettings before = settings;
    before.linesId = stringParam(check, "previous");
    before.occupiers.clear();
    if (check.params.contains("previous_zones")) {
      before.zonesId = stringParam(check, "previous_zones");
      before.zones = &layerParam(loaded, before.zonesId);
    }
    comparison.previous = shorelineLines(layerParam(loaded, before.linesId), before);
  }
  CheckOutput out;
  out.summary = toJson(comparison);
  out.tables = shorelineTables(comparison);
  out.fileStem = "shoreline";
  out.headlines = shorelineHeadlines(comparison);
  const Table* occupation = nullptr;
  for (const Table& t : out.tables)
    if (t.name == "shoreline_occupation") occupation = &t;
  out.findings = shorelineFindings(comparison.current, occupation, settings.linesId);
  return out;
}

}  // namespace sanxian
