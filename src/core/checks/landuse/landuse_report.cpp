// The land-use check's tables, JSON summary, findings and headlines, all
// made from the same pieces.
#include <algorithm>
#include <map>

#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/checks/groups.h"
#include "core/checks/landuse/landuse.h"
#include "core/geometry/units.h"

namespace sanxian {
namespace {

using json = nlohmann::ordered_json;
using Sum = CompensatedSum;

using column::integer;
using column::real;
using column::text;

// The areas of a piece or a group: the piece as measured, then the survey's land-class area.
std::vector<Column> areaColumns() {
  return {real("area_m2", "图斑面积（平方米，椭球）", "Area (m², ellipsoidal)", 2, "area_m2", true),
          real("area_ha", "图斑面积（公顷，椭球）", "Area (ha, ellipsoidal)", 4, "area_ha", true),
          real("area_mu", "图斑面积（亩，椭球）", "Area (mu, ellipsoidal)", 2, "area_mu", true),
          real("planar_area_m2", "平面面积（平方米）", "Planar area (m²)", 2, "pl_area_m2", true),
          real("planar_area_ha", "平面面积（公顷）", "Planar area (ha)", 4, "pl_area_ha", true),
          real("survey_class_area_m2", "地类面积（平方米，按调查扣除折算）", "Survey land-class area (m², after deduction, scaled)", 2, "dl_area_m2", true),
          real("survey_class_area_ha", "地类面积（公顷，按调查扣除折算）", "Survey land-class area (ha, after deduction, scaled)", 4, "dl_area_ha", true),
          real("deduction_m2", "扣除面积（平方米，田坎等线状地物，折算）", "Deducted area (m², field ridges etc., scaled)", 2, "kc_area_m2", true)};
}

// Sums of pieces; the survey figures only over pieces that have them.
struct Totals3 {
  int64_t pieces = 0;
  Sum area, planarArea, classArea, deduction;
  size_t withSurvey = 0;
  void add(const LandUsePiece& p) {
    ++pieces;
    area.add(p.measures.area);
    planarArea.add(p.measures.planarArea);
    if (std::isfinite(p.classArea)) {
      ++withSurvey;
      classArea.add(p.classArea);
    }
    if (std::isfinite(p.deduction)) deduction.add(p.deduction);
  }
  Cell survey(double v) const { return withSurvey ? Cell(v) : Cell(); }
  void cells(std::vector<Cell>& row) const {
    const double a = area.value(), pa = planarArea.value(), ca = classArea.value();
    row.insert(row.end(), {a, hectares(a), mu(a), pa, hectares(pa), survey(ca), withSurvey ? Cell(hectares(ca)) : Cell(), survey(deduction.value())});
  }
  void toJson(nlohmann::ordered_json& e) const {
    e["pieces"] = pieces;
    e["area_m2"] = area.value();
    e["area_ha"] = hectares(area.value());
    e["area_mu"] = mu(area.value());
    e["planar_area_m2"] = planarArea.value();
    e["survey_class_area_m2"] = withSurvey ? nlohmann::ordered_json(classArea.value()) : nlohmann::ordered_json(nullptr);
    e["deduction_m2"] = withSurvey ? nlohmann::ordered_json(deduction.value()) : nlohmann::ordered_json(nullptr);
  }
};

struct ClassGroup {
  std::string key, code, name, group;
  Totals3 totals;
};
struct PlaceGroup {  // a township or a zone, by class
  std::string key, place, placeCode, code, name, group;
  Totals3 totals;
};

std::string zoneLabel(const LandUsePiece& p) {
  std::string label = p.zoneName.empty() ? p.zoneCode : p.zoneName;
  if (!p.zoneName.empty() && !p.zoneCode.empty()) label = p.zoneCode + " " + p.zoneName;
  if (label.empty()) label = format(tr("要素 %lld", "feature %lld"), static_cast<long long>(p.zoneFid));
  if (!p.zoneAttributes.empty()) label += tr("（", " (") + p.zoneAttributes + tr("）", ")");
  return label;
}
std::string townshipLabel(const LandUsePiece& p) { return p.township.empty() ? tr("（不在任何乡镇内）", "(in no township)") : p.township; }

struct Summaries {
  GroupsInOrder<ClassGroup> byClass;
  GroupsInOrder<PlaceGroup> byTownship, byZone;
  Totals3 all;
  std::map<Severity, size_t> severities;
  size_t findings = 0;
};

Summaries summarize(const LandUseResult& r) {
  Summaries s;
  for (const LandUsePiece& p : r.pieces) {
    auto startClass = [&](auto& g) {
      g.code = p.classCode;
      g.name = p.className;
      g.group = p.groupName;
    };
    ClassGroup& c = s.byClass.at(p.classCode, [&](ClassGroup& g) {
      g.key = p.classCode;
      startClass(g);
    });
    c.totals.add(p);
    PlaceGroup& z = s.byZone.at(zoneLabel(p) + "\x1f" + p.classCode, [&](PlaceGroup& g) {
      g.place = zoneLabel(p);
      g.placeCode = p.zoneCode;
      startClass(g);
    });
    z.totals.add(p);
    if (r.hasBoundary) {
      PlaceGroup& t = s.byTownship.at(townshipLabel(p) + "\x1f" + p.classCode, [&](PlaceGroup& g) {
        g.place = townshipLabel(p);
        g.placeCode = p.townshipCode;
        startClass(g);
      });
      t.totals.add(p);
    }
    s.all.add(p);
    if (!p.ruleId.empty()) {
      ++s.findings;
      ++s.severities[p.severity];
    }
  }
  // Classes in code order, as the survey's tables list them.
  std::stable_sort(s.byClass.all().begin(), s.byClass.all().end(), [](const ClassGroup& a, const ClassGroup& b) { return a.code < b.code; });
  return s;
}

Table piecesTable(LandUseResult& r) {
  Table t;
  t.name = "landuse_pieces";
  t.zh = "管控区内地类图斑";
  t.en = "Land-use pieces inside the zones";
  t.columns = {integer("patch_fid", "地类图斑要素号", "Land-use patch FID", "patch_fid"),
               text("patch_code", "图斑编号", "Patch code", "patch_code"),
               text("class_code", "地类编码", "Land class code", "dlbm"),
               text("class_name", "地类名称", "Land class name", "dlmc"),
               text("class_group", "地类分组", "Land-class group", "dl_group"),
               text("zone_layer", "管控区图层", "Zone layer", "zone_layer"),
               integer("zone_fid", "管控区要素号", "Zone FID", "zone_fid"),
               text("zone_code", "管控区编号", "Zone code", "zone_code"),
               text("zone_name", "管控区名称", "Zone name", "zone_name"),
               text("zone_attributes", "管控区属性（映射值）", "Zone attributes (mapped)", "zone_attrs")};
  if (r.hasBoundary) {
    t.columns.push_back(text("township", "所在乡镇", "Township", "township"));
    t.columns.push_back(text("township_code", "乡镇代码", "Township code", "town_code"));
  }
  for (Column& c : areaColumns()) t.columns.push_back(c);
  t.columns.push_back(real("share_pct", "占地类图斑面积比例（%）", "Share of the land-use patch (%)", 4, "share_pct"));
  t.columns.push_back(text("survey_area_source", "地类面积依据", "Survey area from", "dl_source"));
  t.columns.push_back(text("rule", "规则", "Rule"));
  t.columns.push_back(text("rule_id", "规则代码", "Rule id", "rule_id"));
  t.columns.push_back(text("severity", "严重程度", "Severity", "severity"));
  t.columns.push_back(text("message", "说明", "Message"));
  t.columns.push_back(integer("grid_retry", "是否以 1 毫米格网重算", "Recomputed on the 1 mm grid", "grid_retry"));
  for (LandUsePiece& p : r.pieces) {
    std::vector<Cell> row = {p.patchFid, p.patchCode, p.classCode, p.className, p.groupName, r.zonesId, p.zoneFid, p.zoneCode, p.zoneName,
                             p.zoneAttributes};
    if (r.hasBoundary) row.insert(row.end(), {p.township, p.townshipCode});
    const double a = p.measures.area, pa = p.measures.planarArea;
    const bool survey = std::isfinite(p.classArea);
    row.insert(row.end(), {a, hectares(a), mu(a), pa, hectares(pa), survey ? Cell(p.classArea) : Cell(),
                           survey ? Cell(hectares(p.classArea)) : Cell(), std::isfinite(p.deduction) ? Cell(p.deduction) : Cell()});
    row.push_back(p.share * 100);
    row.push_back(std::string(deductionSourceKey(p.source)));
    if (p.ruleId.empty()) row.insert(row.end(), {Cell(), Cell(), Cell(), Cell()});
    else row.insert(row.end(), {p.ruleName, p.ruleId, std::string(severityText(p.severity)), p.message});
    row.push_back(int64_t(p.retriedOnGrid ? 1 : 0));
    t.rows.push_back(std::move(row));
    t.geometries.push_back(std::move(p.geometry));
  }
  t.spatial = true;
  return t;
}

Table classesTable(Summaries& s) {
  Table t;
  t.name = "landuse_classes";
  t.zh = "管控区内各地类面积";
  t.en = "Area of each land class inside the zones";
  t.columns = {text("class_code", "地类编码", "Land class code", "dlbm"), text("class_name", "地类名称", "Land class name", "dlmc"),
               text("class_group", "地类分组", "Land-class group", "dl_group"), integer("pieces", "图斑数", "Pieces", "pieces", true)};
  for (Column& c : areaColumns()) t.columns.push_back(c);
  t.columns.push_back(real("share_pct", "占管控区内合计比例（%）", "Share of the total inside the zones (%)", 4, "share_pct", true));
  const double total = s.all.area.value();
  for (ClassGroup& g : s.byClass.all()) {
    std::vector<Cell> row = {g.code, g.name, g.group, g.totals.pieces};
    g.totals.cells(row);
    row.push_back(total > 0 ? Cell(g.totals.area.value() / total * 100) : Cell());
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table placeTable(GroupsInOrder<PlaceGroup>& groups, const char* name, const char* zh, const char* en, const char* placeZh, const char* placeEn,
                 const char* codeZh, const char* codeEn) {
  Table t;
  t.name = name;
  t.zh = zh;
  t.en = en;
  t.columns = {text("place", placeZh, placeEn, "place"), text("place_code", codeZh, codeEn, "place_code"),
               text("class_code", "地类编码", "Land class code", "dlbm"), text("class_name", "地类名称", "Land class name", "dlmc"),
               text("class_group", "地类分组", "Land-class group", "dl_group"), integer("pieces", "图斑数", "Pieces", "pieces", true)};
  for (Column& c : areaColumns()) t.columns.push_back(c);
  // Each place's classes together, in code order; places in order of appearance.
  std::vector<std::string> places;
  for (const PlaceGroup& g : groups.all())
    if (std::find(places.begin(), places.end(), g.place) == places.end()) places.push_back(g.place);
  std::vector<PlaceGroup*> order;
  for (PlaceGroup& g : groups.all()) order.push_back(&g);
  std::stable_sort(order.begin(), order.end(), [&](const PlaceGroup* a, const PlaceGroup* b) {
    const auto ia = std::find(places.begin(), places.end(), a->place), ib = std::find(places.begin(), places.end(), b->place);
    return ia != ib ? ia < ib : a->code < b->code;
  });
  for (PlaceGroup* g : order) {
    std::vector<Cell> row = {g->place, g->placeCode, g->code, g->name, g->group, g->totals.pieces};
    g->totals.cells(row);
    t.rows.push_back(std::move(row));
  }
  t.totals = Totals::PerGroup;
  t.groupColumn = "place";
  return t;
}

Table sliversTable(const LandUseResult& r) {
  Table t;
  t.name = "landuse_slivers";
  t.zh = "碎片（小于最小面积，未计入）";
  t.en = "Slivers (below the minimum area, not counted)";
  t.columns = {text("a_layer", "地类图斑图层", "Land-use layer"), integer("a_fid", "地类图斑要素号", "Land-use FID"), text("b_layer", "管控区图层", "Zone layer"),
               integer("b_fid", "管控区要素号", "Zone FID"), real("planar_area_m2", "平面面积（平方米）", "Planar area (m²)", 4, "pl_area_m2", true)};
  for (const Sliver& v : r.slivers) t.rows.push_back({v.aLayer, v.aFid, v.bLayer, v.bFid, v.planarArea});
  return t;
}

std::string areaBasis(const LandUseResult& r) {
  std::map<DeductionSource, size_t> n;
  for (const LandUsePiece& p : r.pieces) ++n[p.source];
  std::string out = tr("图斑面积为地类图斑在管控区内部分的椭球面积（平面面积并列）；",
                       "area_m2 is the ellipsoidal area of the part of each land-use patch inside the zones (planar beside); ");
  if (n[DeductionSource::None] == r.pieces.size())
    return out + tr("图层无 TBDLMJ、KCMJ 或 KCXS，未计算扣除后的地类面积。", "the layer has no TBDLMJ, KCMJ or KCXS: no survey land-class area.");
  out += tr("地类面积为调查的图斑地类面积按该部分占图斑椭球面积的比例折算：", "survey_class_area_m2 is the survey's land-class area scaled by the part's share of the patch's ellipsoidal area: ");
  if (n[DeductionSource::ClassArea]) out += format(tr("TBDLMJ × 比例（%zu 块）；", "TBDLMJ × share (%zu pieces); "), n[DeductionSource::ClassArea]);
  if (n[DeductionSource::AreaLessDeduction])
    out += format(tr("(TBMJ − KCMJ) × 比例（%zu 块）；", "(TBMJ − KCMJ) × share (%zu pieces); "), n[DeductionSource::AreaLessDeduction]);
  if (n[DeductionSource::Rate]) out += format(tr("图斑面积 × (1 − KCXS)（%zu 块）；", "area × (1 − KCXS) (%zu pieces); "), n[DeductionSource::Rate]);
  if (n[DeductionSource::None]) out += format(tr("无扣除信息 %zu 块。", "no deduction data: %zu pieces."), n[DeductionSource::None]);
  return out;
}

json groupsJson(GroupsInOrder<PlaceGroup>& groups, const char* placeKey) {
  json out = json::array();
  for (PlaceGroup& g : groups.all()) {
    json e;
    e[placeKey] = g.place;
    e[std::string(placeKey) + "_code"] = g.placeCode;
    e["code"] = g.code;
    e["name"] = g.name;
    g.totals.toJson(e);
    out.push_back(std::move(e));
  }
  return out;
}

json summaryJson(const LandUseResult& r, Summaries& s, size_t longestList) {
  json j;
  j["check"] = "landuse";
  j["inputs"] = r.inputs;
  j["analysis_crs"] = analysisCrsJson(r.crs);
  j["rules_file"] = r.rulesPath;
  j["land_classes_file"] = r.classesPath;
  j["zones_role"] = r.zonesRole;
  json where = json::object();
  for (const auto& [field, values] : r.zonesWhere) where[field] = values;
  j["zones_where"] = where;
  j["min_piece_area_m2"] = r.minPieceAreaM2;
  j["area_basis"] = areaBasis(r);
  json classes = json::array();
  for (ClassGroup& g : s.byClass.all()) {
    json e;
    e["code"] = g.code;
    e["name"] = g.name;
    e["group"] = g.group;
    g.totals.toJson(e);
    classes.push_back(std::move(e));
  }
  j["classes"] = std::move(classes);
  j["total_area_m2"] = s.all.area.value();
  j["total_area_ha"] = hectares(s.all.area.value());
  j["total_area_mu"] = mu(s.all.area.value());
  j["planar_total_area_m2"] = s.all.planarArea.value();
  j["survey_total_class_area_m2"] = s.all.withSurvey ? json(s.all.classArea.value()) : json(nullptr);
  j["survey_total_deduction_m2"] = s.all.withSurvey ? json(s.all.deduction.value()) : json(nullptr);
  j["pieces"] = r.pieces.size();
  j["findings"] = s.findings;
  json severities;
  for (Severity v : {Severity::Prohibited, Severity::Restricted, Severity::Notice}) {
    severities[severityKey(v)] = s.severities[v];
    j[std::string(severityKey(v)) + "_count"] = s.severities[v];
  }
  j["severity_counts"] = severities;
  j["unknown_classes"] = r.unknownClasses;
  j["by_zone"] = s.byZone.all().size() > longestList ? json{{"omitted_entries", s.byZone.all().size()}} : groupsJson(s.byZone, "zone");
  if (r.hasBoundary)
    j["by_township"] = s.byTownship.all().size() > longestList ? json{{"omitted_entries", s.byTownship.all().size()}} : groupsJson(s.byTownship, "township");
  Sum sliverArea;
  for (const Sliver& v : r.slivers) sliverArea.add(v.planarArea);
  j["sliver_count"] = r.slivers.size();
  j["planar_sliver_area_m2"] = sliverArea.value();
  j["grid_retry_count"] = r.retries.size();
  // The list holds the findings only: it is long when they are many, not when the pieces are.
  if (size_t(s.findings) > longestList) {
    j["human_activity"] = json{{"omitted_entries", s.findings}};
  } else {
    json list = json::array();
    for (const LandUsePiece& p : r.pieces) {
      if (p.ruleId.empty()) continue;
      list.push_back({{"rule", p.ruleId}, {"severity", severityKey(p.severity)}, {"patch_fid", p.patchFid}, {"patch_code", p.patchCode},
                      {"class_code", p.classCode}, {"class_name", p.className}, {"zone_fid", p.zoneFid}, {"zone_code", p.zoneCode},
                      {"zone_name", p.zoneName}, {"township", p.township}, {"area_m2", p.measures.area}, {"planar_area_m2", p.measures.planarArea},
                      {"survey_class_area_m2", std::isfinite(p.classArea) ? json(p.classArea) : json(nullptr)}});
    }
    j["human_activity"] = std::move(list);
  }
  json repairs = json::array();
  for (const auto& [id, issue] : r.repairs)
    repairs.push_back({{"layer", id}, {"fid", issue.fid ? json(*issue.fid) : json(nullptr)}, {"message", issue.message}});
  j["repaired_features"] = std::move(repairs);
  return j;
}

std::vector<std::string> headlines(const LandUseResult& r, Summaries& s) {
  std::vector<std::string> lines;
  const double a = s.all.area.value();
  lines.push_back(format(tr("管控区内地类图斑 %zu 块，椭球面积 %.4f 公顷（%.2f 亩），平面面积 %.4f 公顷，地类 %zu 种",
                            "%zu land-use pieces inside the zones, ellipsoidal %.4f ha (%.2f mu), planar %.4f ha, %zu land classes"),
                         r.pieces.size(), hectares(a), mu(a), hectares(s.all.planarArea.value()), s.byClass.all().size()));
  if (s.all.withSurvey)
    lines.push_back(format(tr("按调查扣除折算的地类面积 %.4f 公顷（扣除田坎等 %.4f 公顷）", "survey land-class area after deduction %.4f ha (deducted %.4f ha)"),
                           hectares(s.all.classArea.value()), hectares(s.all.deduction.value())));
  lines.push_back(format(tr("人类活动问题：禁止 %zu，限制 %zu，提示 %zu", "human activity: prohibited %zu, restricted %zu, notice %zu"),
                         s.severities[Severity::Prohibited], s.severities[Severity::Restricted], s.severities[Severity::Notice]));
  if (!r.unknownClasses.empty()) {
    std::string codes;
    for (const auto& c : r.unknownClasses) codes += (codes.empty() ? "" : tr("、", ", ")) + c;
    lines.push_back(format(tr("注意：地类编码不在地类文件中：%s", "note: land class codes not in the land-class file: %s"), codes.c_str()));
  }
  if (!r.slivers.empty())
    lines.push_back(format(tr("碎片 %zu 个（小于 %g 平方米）未计入，见 slivers 表", "%zu slivers (below %g m²) not counted, see the slivers table"), r.slivers.size(),
                           r.minPieceAreaM2));
  return lines;
}

std::vector<Finding> findings(const LandUseResult& r, const Table& pieces) {
  std::vector<Finding> out;
  for (size_t k = 0; k < r.pieces.size(); ++k) {
    const LandUsePiece& p = r.pieces[k];
    if (p.ruleId.empty()) continue;
    Finding f;
    f.kind = Finding::Kind::Conflict;
    f.ruleId = p.ruleId;
    f.ruleName = p.ruleName;
    f.severity = p.severity;
    f.aLayer = r.landUseId;
    f.aCode = p.patchCode.empty() ? p.classCode : p.patchCode;
    f.aName = p.className + "（" + p.classCode + "）";
    f.aFid = p.patchFid;
    f.bLayer = r.zonesId;
    f.bCode = p.zoneCode;
    f.bName = p.zoneName;
    f.bFid = p.zoneFid;
    f.township = p.township;
    f.area = p.measures.area;
    f.planarArea = p.measures.planarArea;
    f.detail = p.message;
    if (k < pieces.geometries.size()) f.geometry = pieces.geometries[k];
    f.table = pieces.name;
    f.row = k;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

CheckResult landUseReport(LandUseResult&& result, size_t longestList) {
  PhaseTimer timer("landuse: json and tables");
  Summaries s = summarize(result);
  CheckResult out;
  out.summary = summaryJson(result, s, longestList);
  out.headlines = headlines(result, s);
  out.tables.push_back(piecesTable(result));
  out.tables.push_back(classesTable(s));
  if (result.hasBoundary)
    out.tables.push_back(placeTable(s.byTownship, "landuse_by_township", "各乡镇管控区内各地类面积", "Land classes inside the zones by township", "乡镇",
                                    "Township", "乡镇代码", "Township code"));
  out.tables.push_back(placeTable(s.byZone, "landuse_by_zone", "各管控区内各地类面积", "Land classes by zone", "管控区", "Zone", "管控区编号",
                                  "Zone code"));
  out.tables.push_back(sliversTable(result));
  out.findings = findings(result, out.tables.front());
  return out;
}

}  // namespace sanxian
