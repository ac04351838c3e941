#include "core/checks/overlap/overlap_summary.h"

#include "core/base/text.h"

namespace sanxian::overlap_summary {

Summaries summarize(const OverlapResult& r) {
  Summaries s;
  // Severity rows always appear, worst first, so a reader sees the zeros.
  for (Severity v : {Severity::Prohibited, Severity::Restricted, Severity::Notice}) {
    Group& g = s.bySeverity.at(severityKey(v));
    g.name = severityText(v);
    g.worst = v;
  }
  for (const OverlapPiece& p : r.pieces) {
    s.byRule.add(p.ruleId, p);
    s.byRule.at(p.ruleId).name = p.ruleName;
    s.bySeverity.add(severityKey(p.severity), p);
    const std::string featureKey = p.a.layer + ":" + std::to_string(p.a.fid);
    s.byFeature.add(featureKey, p);
    Group& f = s.byFeature.at(featureKey);
    f.name = p.a.code.empty() ? p.a.name : p.a.name.empty() ? p.a.code : p.a.code + " " + p.a.name;
    f.featureArea = p.a.featureArea;
    if (r.hasBoundary) {
      s.byTownship.add(p.township, p);
      s.byTownship.at(p.township).name = p.township.empty() ? tr("（不在任何乡镇内）", "(in no township)") : p.township;
    }
  }
  return s;
}


nlohmann::ordered_json countOnly(size_t entries) { return {{"omitted_entries", entries}}; }

}  // namespace sanxian::overlap_summary
