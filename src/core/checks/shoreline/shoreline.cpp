#include "core/checks/shoreline/shoreline.h"
#include "core/checks/shoreline/shoreline_common.h"

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
#include "core/base/text.h"
#include "core/checks/groups.h"
#include "core/checks/rules.h"
#include "core/geometry/harmonize.h"
#include "core/geometry/overlay.h"
#include "core/geometry/spatial_index.h"
#include "core/geometry/townships.h"
#include "core/geometry/units.h"

namespace sanxian {
using namespace shoreline_detail;
namespace {

namespace fs = std::filesystem;

using Sum = CompensatedSum;


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

namespace {

// A zone's part of one shoreline line before it is cut by township.
struct ZonePiece {
  geos::GeomPtr geometry;
  std::string zone, source;
};

// One shoreline computation in progress, phase by phase; shorelineLines
// reads as the outline. Lines are processed in parallel, each writing only
// its own LineWork, merged in line order.
struct Shoreline {
  const Layer& lines;
  const ShorelineSettings& settings;
  const FieldDef* zoneField = settings.roles->get("shoreline").field("zone");
  const FieldDef* bankField = settings.roles->get("shoreline").field("bank");
  const std::set<std::string> protectedZones{settings.protectedZones.begin(), settings.protectedZones.end()};
  const CrsInfo crs = lines.crs;
  ShorelineResult result;
  // Zone polygons: canonical zone of each, an index, prepared per thread.
  std::vector<std::string> zoneOf;
  std::unique_ptr<SpatialIndex> zoneIndex;
  std::unique_ptr<PreparedCache> zonePrepared;
  std::optional<Townships> townships;
  std::vector<Occupier> occupiers;
  std::vector<LineWork> work;

  void start() {
    result.protectedZones = settings.protectedZones;
    result.distance = settings.distance;
    result.hasZones = settings.zones != nullptr;
    result.hasBoundary = settings.boundary != nullptr;
    result.hasOccupiers = !settings.occupiers.empty();
    result.zoneAttribute = lines.roleMatch && lines.roleMatch->columns.count("zone");
    result.crs = crs;
    result.inputs.push_back(layerInputJson(settings.linesId, lines));
    if (settings.boundary) townships.emplace(*settings.boundary);
  }

  void prepareZones() {
    if (!settings.zones) return;
    const Layer& zones = *settings.zones;
    if (!zones.roleMatch || !zones.roleMatch->columns.count("zone"))
      throwInput(tr("岸线功能分区图层没有分区字段（如 AXGNFQ、岸线功能分区）", "the shoreline zone layer has no zone field (e.g. AXGNFQ, 岸线功能分区)"),
                 {zones.source, zones.layerName});
    const RoleDef* polygonRole = settings.roles->find("shoreline_zone");
    const FieldDef* polygonZoneField = polygonRole && polygonRole->field("zone") ? polygonRole->field("zone") : zoneField;
    for (const Feature& f : zones.features) {
      const std::string& raw = zones.roleValue(f, "zone");
      zoneOf.push_back(raw.empty() ? std::string() : polygonZoneField->mapValue(raw));
    }
    zoneIndex = std::make_unique<SpatialIndex>(geometriesOf(zones));
    zonePrepared = std::make_unique<PreparedCache>(geometriesOf(zones));
    result.inputs.push_back(layerInputJson(settings.zonesId, zones));
  }

  // Each occupier layer with its features grown by the distance ("belts").
  void prepareOccupiers() {
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
      result.inputs.push_back(layerInputJson(id, *layer));
      occupiers.push_back(std::move(o));
    }
  }

  void processLines() {
    work.resize(lines.features.size());
    tbb::parallel_for(tbb::blocked_range<size_t>(0, lines.features.size(), 8), [&](const tbb::blocked_range<size_t>& range) {
      Measurer& measurer = threadMeasurer(crs);
      for (size_t i = range.begin(); i != range.end(); ++i) processLine(i, measurer, work[i]);
    });
  }

  // One line: split by zone polygons, each zone piece by township, each part measured and its occupation found.
  void processLine(size_t i, Measurer& measurer, LineWork& out) {
    const Feature& f = lines.features[i];
    geos::GeomPtr line = f.geometry ? geos::extractDimension(f.geometry.get(), 1) : nullptr;
    if (!line || !hasLength(line.get())) {
      out.withoutGeometry = true;
      return;
    }
    ShorelineSegment base;
    base.lineIndex = i;
    base.lineFid = f.fid;
    base.code = firstOf(lines, f, {"code"});
    base.river = lines.roleValue(f, "name");
    const std::string& rawBank = lines.roleValue(f, "bank");
    base.bank = rawBank.empty() || !bankField ? rawBank : bankField->mapValue(rawBank);
    for (ZonePiece& piece : splitByZones(f, std::move(line), out)) {
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
        s.lineIndex = base.lineIndex;
        s.lineFid = base.lineFid;
        s.code = base.code;
        s.river = base.river;
        s.bank = base.bank;
        s.zone = piece.zone;
        s.zoneSource = piece.source;
        s.protectedZone = protectedZones.count(piece.zone) > 0;
        s.township = part.township.name;
        s.townshipCode = part.township.code;
        s.townshipFid = part.township.fid;
        s.geometry = std::move(part.geometry);
        s.measures = measurer.measure(s.geometry.get());
        s.retriedOnGrid = part.retriedOnGrid;
        occupy(s, f.fid, measurer, out);
        out.segments.push_back(std::move(s));
      }
    }
  }

  // A line split by zone polygons, stricter zones first; the rest keeps the line's own zone.
  std::vector<ZonePiece> splitByZones(const Feature& f, geos::GeomPtr rest, LineWork& out) {
    const std::string& rawZone = lines.roleValue(f, "zone");
    const std::string attributeZone = rawZone.empty() || !zoneField ? rawZone : zoneField->mapValue(rawZone);
    std::vector<ZonePiece> pieces;
    if (zoneIndex) {
      std::vector<size_t> candidates = zoneIndex->candidates(rest.get());
      std::stable_sort(candidates.begin(), candidates.end(), [&](size_t a, size_t b) { return zoneRank(zoneOf[a]) < zoneRank(zoneOf[b]); });
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
    return pieces;
  }

  // The stretches of a segment within the distance of an occupier, and the
  // segment's occupied length (overlapping belts counted once).
  void occupy(ShorelineSegment& s, int64_t lineFid, Measurer& measurer, LineWork& out) {
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
          if (r.retriedOnGrid) out.retries.push_back({lineFid, occ.id});
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
    std::vector<const GEOSGeometry*> occupiedParts;
    for (size_t k = firstOccupation; k < out.occupations.size(); ++k) occupiedParts.push_back(out.occupations[k].geometry.get());
    if (occupiedParts.size() == 1) {
      s.occupiedLength = out.occupations[firstOccupation].measures.length;
      s.planarOccupiedLength = out.occupations[firstOccupation].measures.planarLength;
    } else if (occupiedParts.size() > 1) {
      // Belts of neighbouring occupiers overlap: count each stretch once.
      overlay::Result u = overlay::unionAll(occupiedParts);
      if (u.retriedOnGrid) out.retries.push_back({lineFid, "occupation"});
      const geos::GeomPtr lineal = geos::extractDimension(u.geometry.get(), 1);
      const Measures m = measurer.measure(lineal.get());
      s.occupiedLength = m.length;
      s.planarOccupiedLength = m.planarLength;
    }
  }

  // Segments and occupations in line order.
  void merge() {
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
  }
};

}  // namespace

ShorelineResult shorelineLines(const Layer& lines, const ShorelineSettings& settings) {
  if (!settings.roles) throw std::invalid_argument("shorelineLines needs the role catalog");
  if (!(settings.distance >= 0)) throwUsage(tr("占用距离须为非负数", "the occupation distance must not be negative"));
  Shoreline work{lines, settings};
  work.start();
  work.prepareZones();
  work.prepareOccupiers();
  work.processLines();
  work.merge();
  return std::move(work.result);
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
  struct Groups : GroupsInOrder<Acc> {
    Acc& get(const char* group, const std::string& key) {
      return at(key, [&](Acc& a) {
        a.f.group = group;
        a.f.key = key;
      });
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
  std::stable_sort(zones.all().begin(), zones.all().end(), [](const Acc& a, const Acc& b) { return zoneRank(a.f.key) < zoneRank(b.f.key); });
  std::vector<ShorelineFigures> out = {total.done()};
  for (Groups* g : {&zones, &rivers, &banks, &towns})
    for (Acc& a : g->all()) out.push_back(a.done());
  return out;
}




}  // namespace sanxian
