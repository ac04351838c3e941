// Findings (问题) and the run's findings ledger (问题台账). A finding is one
// thing a check found that someone has to follow up: a conflict piece, a
// near miss, a red-line patch removed or changed in nature, shoreline
// occupied. Each check turns its own result records into findings; the run
// gathers them into one ledger table with a stable id per finding (the
// same in every file, and across reruns of the same inputs) and empty
// columns for the follow-up (核查意见, 整改措施, 整改时限, 责任单位), which a
// previous ledger fills in by id.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/checks/rules.h"
#include "core/checks/table.h"

namespace sanxian {

struct Finding {
  enum class Kind { Conflict, NearMiss, Removed, NatureChanged, ShorelineOccupied };
  Kind kind = Kind::Conflict;
  std::string ruleId, ruleName;  // the rule's code and its name in the user's language
  Severity severity = Severity::Notice;
  // The two sides: A the feature checked (mining right, old patch, shoreline),
  // B what it meets (red line, reserve, new patch, occupier). Empty when absent.
  std::string aLayer, aCode, aName;
  std::string bLayer, bCode, bName;
  int64_t aFid = -1, bFid = -1;
  std::string township;
  // Ellipsoidal and planar m² of a piece, metres of a line, planar metres
  // of a near miss; NaN when the figure does not apply.
  double area = NAN, planarArea = NAN, length = NAN, distance = NAN;
  std::string detail;     // the rule's message, the adjustment basis …
  RowGeometry geometry;   // shared with the check's own table; may be null
  // Where the check's own tables hold it: table name and row (for the
  // report's columns that only that table has).
  std::string table;
  size_t row = 0;
  std::string id;         // set by assignFindingIds
};

// 冲突 / 临近 / 调出 / 性质改变 / 岸线占用 (or English), and the ASCII key.
const char* findingKindText(Finding::Kind kind);
const char* findingKindKey(Finding::Kind kind);

// Gives each finding of one check its stable id: a kind prefix and a hash
// of the check, the kind, the rule, both sides (code, or FID without one),
// the township and the finding's rank among findings with the same key.
// Depends on nothing else (not on order across checks, thread count or
// row numbers), so the same inputs give the same ids.
void assignFindingIds(std::vector<Finding>& findings, const std::string& checkId);

// The findings of one check of a run, as the ledger lists them.
struct CheckFindings {
  std::string checkId, checkTitle;
  const std::vector<Finding>* findings = nullptr;
};

// The ledger: one row per finding of every check, in check order, worst
// first within a check; geometry shared with the checks' tables.
Table ledgerTable(const std::vector<CheckFindings>& checks);

// Keys of the follow-up columns, filled by staff and carried over by id.
const std::vector<std::string>& ledgerFollowUpColumns();

// What carrying a previous ledger over did.
struct LedgerCarryOver {
  std::string path;
  size_t previousRows = 0;
  size_t matched = 0;      // ids found again in this run
  size_t carried = 0;      // rows of this run that received a filled follow-up cell
  std::vector<std::string> notFound;  // ids of the previous ledger no longer found
};

// Reads a previous ledger (XLSX, CSV, GeoPackage or Shapefile the run
// wrote, maybe edited by staff) and copies its filled follow-up cells into
// the rows of `ledger` with the same id. Columns are recognised by key,
// Chinese or English name, or Shapefile field name. Throws an input error
// naming the file when it has no id column.
LedgerCarryOver carryOverLedger(Table& ledger, const std::string& previousPath);

}  // namespace sanxian
