#include "core/checks/shoreline/shoreline.h"

#include "core/checks/shoreline/shoreline_common.h"
#include "core/geometry/units.h"

namespace sanxian {

using namespace shoreline_detail;

namespace {

// shoreline_segments: every segment, by zone and township.
Table segmentsTable(const ShorelineComparison& c) {
  const ShorelineResult& r = c.current;
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
  return segments;
}

// shoreline_occupation: stretches within the distance of an occupier, one row per occupier.
Table occupationTable(const ShorelineComparison& c) {
  const ShorelineResult& r = c.current;
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
  return occupation;
}

// shoreline_summary: the rate in total, by zone, river, bank and township, beside the previous year's.
Table summaryTable(const ShorelineComparison& c) {
  const ShorelineResult& r = c.current;
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
  return summary;
}

}  // namespace

std::vector<Table> shorelineTables(const ShorelineComparison& c) {
  std::vector<Table> tables;
  tables.push_back(segmentsTable(c));
  if (c.current.hasOccupiers) tables.push_back(occupationTable(c));
  tables.push_back(summaryTable(c));
  return tables;
}

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

CheckResult shorelineReport(const ShorelineComparison& comparison, const std::string& linesId) {
  CheckResult out;
  out.summary = toJson(comparison);
  out.tables = shorelineTables(comparison);
  out.headlines = shorelineHeadlines(comparison);
  const Table* occupation = nullptr;
  for (const Table& t : out.tables)
    if (t.name == "shoreline_occupation") occupation = &t;
  out.findings = shorelineFindings(comparison.current, occupation, linesId);
  return out;
}

}  // namespace sanxian
