// The overlap's summaries by rule, severity, A feature and township
// (internal to the overlap check): shared by its tables and its JSON.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/checks/groups.h"
#include "core/checks/overlap/overlap.h"
#include "core/geometry/units.h"

namespace sanxian::overlap_summary {

using Sum = CompensatedSum;

// A group of pieces in a summary: first appearance fixes the order.
struct Group {
  std::string key, name;
  Severity worst = Severity::Notice;
  int64_t pieces = 0;
  Sum area, planarArea, length, planarLength;
  double featureArea = 0;  // for the per-feature group
};

// Pieces summed into groups by a key.
class Groups : public GroupsInOrder<Group> {
public:
  void add(const std::string& key, const OverlapPiece& p) {
    Group& g = at(key);
    if (g.pieces == 0 || p.severity > g.worst) g.worst = p.severity;
    ++g.pieces;
    g.area.add(p.lineal ? 0 : p.measures.area);
    g.planarArea.add(p.lineal ? 0 : p.measures.planarArea);
    g.length.add(p.lineal ? p.measures.length : 0);
    g.planarLength.add(p.lineal ? p.measures.planarLength : 0);
  }
};

struct Summaries {
  Groups byRule, bySeverity, byFeature, byTownship;
};

Summaries summarize(const OverlapResult& r);


// A list too long for the summary it goes into, counted (see toJson).
nlohmann::ordered_json countOnly(size_t entries);

}  // namespace sanxian::overlap_summary
