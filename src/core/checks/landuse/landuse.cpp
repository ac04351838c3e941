#include "core/checks/landuse/landuse.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/io/roles.h"

namespace sanxian {
namespace {

std::string trimmed(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool hasField(const Layer& layer, const char* field) { return layer.roleMatch && layer.roleMatch->columns.count(field); }

// The area fields a land-use layer carries (the survey's deduction rule).
struct SurveyFields {
  bool classArea = false, area = false, deduction = false, rate = false;
  explicit SurveyFields(const Layer& landUse)
      : classArea(hasField(landUse, "class_area")), area(hasField(landUse, "area")), deduction(hasField(landUse, "deduction")),
        rate(hasField(landUse, "deduction_rate")) {}
};

// The patch's land class from the class file; a code it does not list keeps
// the layer's own name and is listed once in `unknown`.
void classify(LandUsePiece& piece, const Layer& landUse, const Feature& patch, const LandClassCatalog& classes, std::set<std::string>& unknown,
              std::vector<std::string>& unknownInOrder) {
  const LandClass* landClass = classes.find(piece.classCode);
  piece.classKnown = landClass != nullptr;
  if (landClass) {
    piece.className = landClass->name();
    if (!landClass->groups.empty()) {
      piece.groupKey = landClass->groups.front();
      if (const LandClassGroup* g = classes.group(piece.groupKey)) piece.groupName = g->title();
    }
  } else {
    piece.className = landUse.roleValue(patch, "class_name");
    if (unknown.insert(piece.classCode).second) unknownInOrder.push_back(piece.classCode);
  }
}

// The survey's land-class area of the piece, from what the layer carries:
// TBDLMJ, else TBMJ − KCMJ, else the deduction rate KCXS; scaled by the
// piece's share of its patch.
void addSurveyArea(LandUsePiece& piece, const Layer& landUse, const Feature& patch, const SurveyFields& has) {
  const double classArea = has.classArea ? attributeNumber(landUse.roleValue(patch, "class_area")) : NAN;
  const double area = has.area ? attributeNumber(landUse.roleValue(patch, "area")) : NAN;
  const double deduction = has.deduction ? attributeNumber(landUse.roleValue(patch, "deduction")) : NAN;
  const double rate = has.rate ? attributeNumber(landUse.roleValue(patch, "deduction_rate")) : NAN;
  if (std::isfinite(classArea)) {
    piece.source = DeductionSource::ClassArea;
    piece.classArea = classArea * piece.share;
    piece.deduction = std::isfinite(deduction) ? deduction * piece.share : std::isfinite(area) ? (area - classArea) * piece.share : NAN;
  } else if (std::isfinite(area) && std::isfinite(deduction)) {
    piece.source = DeductionSource::AreaLessDeduction;
    piece.classArea = (area - deduction) * piece.share;
    piece.deduction = deduction * piece.share;
  } else if (std::isfinite(rate)) {
    piece.source = DeductionSource::Rate;
    piece.deduction = piece.measures.area * rate;
    piece.classArea = piece.measures.area - piece.deduction;
  }
}

// The rule list's matcher, as the overlap check uses it: a rule filters
// land-use patches by `group` or `class` (rules.h); the fallback rule for
// roles no rule names is no finding here, only an area.
void applyRule(LandUsePiece& piece, const RuleList& rules, const RuleSubject& landSubject, const RuleSubject& zoneSubject) {
  std::string undecided;
  const Rule* rule = matchOverlapRule(rules, landSubject, zoneSubject, &undecided);
  if (rule && rule != &fallbackRule()) {
    piece.ruleId = rule->id;
    piece.ruleName = rule->name();
    piece.message = rule->message();
    if (!undecided.empty())
      piece.message += format(tr("（须核实：%s，按此较严格的规则判定）", " (check: %s; judged by this stricter rule)"), undecided.c_str());
    piece.severity = rule->severity;
  }
}

}  // namespace

const char* deductionSourceKey(DeductionSource source) {
  switch (source) {
    case DeductionSource::ClassArea: return "TBDLMJ";
    case DeductionSource::AreaLessDeduction: return "TBMJ-KCMJ";
    case DeductionSource::Rate: return "KCXS";
    case DeductionSource::None: return "none";
  }
  return "";
}

LandUseResult landUseInZones(const LandUseSettings& settings) {
  if (!settings.zones || !settings.landUse || !settings.rules || !settings.roles || !settings.classes)
    throw std::invalid_argument("landUseInZones needs zones, land use, rules, roles and land classes");
  const Layer& landUse = *settings.landUse;
  const Layer& zones = *settings.zones;
  const LandClassCatalog& classes = *settings.classes;
  // Every piece, whatever its class: an empty rule list takes the fallback
  // rule for every overlapping pair; the land-use rules are applied below.
  const RuleList everything;
  OverlapSettings o;
  o.aId = settings.landUseId;
  o.bId = settings.zonesId;
  o.rules = &everything;
  o.roles = settings.roles;
  o.boundary = settings.boundary;
  o.boundaryId = settings.boundaryId;
  o.minPieceAreaM2 = settings.minPieceAreaM2;
  OverlapResult overlaps = overlapLayers(landUse, zones, o);

  PhaseTimer timer("landuse: classes and rules");
  LandUseResult result;
  result.minPieceAreaM2 = settings.minPieceAreaM2;
  result.crs = overlaps.crs;
  result.rulesPath = settings.rules->path;
  result.classesPath = classes.path();
  result.landUseId = settings.landUseId;
  result.zonesId = settings.zonesId;
  result.zonesRole = zones.role();
  result.hasBoundary = settings.boundary != nullptr;
  result.inputs = std::move(overlaps.inputs);
  result.repairs = std::move(overlaps.repairs);
  result.zonesWhere = settings.zonesWhere;
  const RoleDef* landRole = settings.roles->find(landUse.role());
  const RoleDef* zoneRole = settings.roles->find(zones.role());
  // The zones the filters accept, by FID (slivers and retries name FIDs).
  std::set<int64_t> acceptedZones;
  for (const Feature& f : zones.features)
    if (accepts(settings.zonesWhere, RuleSubject{&zones, &f, zoneRole})) acceptedZones.insert(f.fid);
  for (Sliver& v : overlaps.slivers)
    if (acceptedZones.count(v.bFid)) result.slivers.push_back(std::move(v));
  for (GridRetry& g : overlaps.retries)
    if (acceptedZones.count(g.bFid)) result.retries.push_back(std::move(g));
  result.classes = &classes;
  const SurveyFields surveyFields(landUse);
  std::set<std::string> unknown;
  result.pieces.reserve(overlaps.pieces.size());
  for (OverlapPiece& p : overlaps.pieces) {
    const Feature& patch = landUse.features[p.aIndex];
    const Feature& zone = zones.features[p.bIndex];
    if (!acceptedZones.count(zone.fid)) continue;
    LandUsePiece piece;
    piece.patchFid = patch.fid;
    piece.zoneFid = zone.fid;
    piece.patchCode = landUse.roleValue(patch, "code");
    piece.classCode = trimmed(landUse.roleValue(patch, "class"));
    classify(piece, landUse, patch, classes, unknown, result.unknownClasses);
    piece.zoneCode = p.b.code;
    piece.zoneName = p.b.name;
    piece.zoneAttributes = p.b.attributes;
    piece.township = std::move(p.township);
    piece.townshipCode = std::move(p.townshipCode);
    piece.measures = p.measures;
    piece.share = p.shareA;
    piece.retriedOnGrid = p.retriedOnGrid;
    addSurveyArea(piece, landUse, patch, surveyFields);
    const RuleSubject landSubject{&landUse, &patch, landRole}, zoneSubject{&zones, &zone, zoneRole};
    applyRule(piece, *settings.rules, landSubject, zoneSubject);
    piece.geometry = std::move(p.geometry);
    result.pieces.push_back(std::move(piece));
  }
  return result;
}

}  // namespace sanxian
