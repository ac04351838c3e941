#include "core/checks/findings.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>

#include "core/base/error.h"
#include "core/base/text.h"
#include "core/geometry/units.h"

namespace sanxian {
namespace {

const char* kindPrefix(Finding::Kind kind) {
  switch (kind) {
    case Finding::Kind::Conflict: return "CT";
    case Finding::Kind::NearMiss: return "LJ";
    case Finding::Kind::Removed: return "DC";
    case Finding::Kind::NatureChanged: return "XZ";
    case Finding::Kind::ShorelineOccupied: return "AX";
  }
  return "WT";
}

std::string hexSha256(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

// A side of a finding as the id sees it: its code, or its FID when it has none.
std::string sideKey(const std::string& layer, const std::string& code, int64_t fid) {
  return layer + "/" + (code.empty() ? "#" + std::to_string(fid) : code);
}

using column::integer;
using column::real;
using column::text;

Cell number(double v) { return std::isfinite(v) ? Cell(v) : Cell(); }

// Lower-case ASCII, no spaces: how a previous ledger's headers are compared.
std::string normalized(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const char* findingKindText(Finding::Kind kind) {
  switch (kind) {
    case Finding::Kind::Conflict: return tr("重叠冲突", "conflict");
    case Finding::Kind::NearMiss: return tr("临近", "near miss");
    case Finding::Kind::Removed: return tr("红线调出", "red line removed");
    case Finding::Kind::NatureChanged: return tr("红线性质改变", "red line nature changed");
    case Finding::Kind::ShorelineOccupied: return tr("岸线占用", "shoreline occupied");
  }
  return "";
}

const char* findingKindKey(Finding::Kind kind) {
  switch (kind) {
    case Finding::Kind::Conflict: return "conflict";
    case Finding::Kind::NearMiss: return "near_miss";
    case Finding::Kind::Removed: return "removed";
    case Finding::Kind::NatureChanged: return "nature_changed";
    case Finding::Kind::ShorelineOccupied: return "shoreline_occupied";
  }
  return "";
}

void assignFindingIds(std::vector<Finding>& findings, const std::string& checkId) {
  std::map<std::string, int> rank;
  for (Finding& f : findings) {
    const std::string key = checkId + "|" + findingKindKey(f.kind) + "|" + f.ruleId + "|" + sideKey(f.aLayer, f.aCode, f.aFid) + "|" +
                            sideKey(f.bLayer, f.bCode, f.bFid) + "|" + f.township;
    // Two pieces of one pair in one township (a patch split in two) differ by rank.
    const int n = ++rank[key];
    f.id = std::string(kindPrefix(f.kind)) + "-" + hexSha256(key + "|" + std::to_string(n)).substr(0, 10);
  }
}

const std::vector<std::string>& ledgerFollowUpColumns() {
  static const std::vector<std::string> keys = {"review", "measures", "deadline", "responsible"};
  return keys;
}

Table ledgerTable(const std::vector<CheckFindings>& checks) {
  Table t;
  t.name = "ledger";
  t.zh = "问题台账";
  t.en = "Findings ledger";
  t.columns = {text("finding_id", "问题编号", "Finding id", "finding_id"),
               text("check_name", "检查", "Check", "check_name"),
               text("check", "检查代码", "Check id", "check"),
               text("kind", "问题类型", "Kind", "kind"),
               text("rule", "规则", "Rule", "rule"),
               text("rule_id", "规则代码", "Rule id", "rule_id"),
               text("severity", "严重程度", "Severity", "severity"),
               {"severity_level", "严重程度等级（3 禁止 / 2 限制 / 1 提示）", "Severity level (3 prohibited / 2 restricted / 1 notice)",
                ColumnType::Integer, 0, "sev_level", false},
               text("a_layer", "A 图层", "Layer A", "a_layer"),
               text("a_code", "A 编号", "A code", "a_code"),
               text("a_name", "A 名称", "A name", "a_name"),
               text("b_layer", "B 图层", "Layer B", "b_layer"),
               text("b_code", "B 编号", "B code", "b_code"),
               text("b_name", "B 名称", "B name", "b_name"),
               text("township", "所在乡镇", "Township", "township"),
               real("area_ha", "面积（公顷）", "Area (ha)", 4, "area_ha"),
               real("area_m2", "面积（平方米）", "Area (m²)", 2, "area_m2"),
               real("planar_area_m2", "平面面积（平方米）", "Planar area (m²)", 2, "pl_area_m2"),
               real("length_m", "长度（米）", "Length (m)", 2, "length_m"),
               real("distance_m", "距离（米，平面）", "Distance (m, planar)", 2, "dist_m"),
               text("detail", "说明", "Detail", "detail"),
               text("review", "核查意见", "Review opinion", "review"),
               text("measures", "整改措施", "Rectification measures", "measures"),
               text("deadline", "整改时限", "Rectification deadline", "deadline"),
               text("responsible", "责任单位", "Responsible unit", "resp_unit")};
  // A ledger mixes kinds and checks: its figures are not parts of one whole.
  t.totals = Totals::None;
  t.spatial = true;
  for (const CheckFindings& check : checks) {
    const std::vector<Finding>& findings = *check.findings;
    std::vector<size_t> order(findings.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return findings[a].severity > findings[b].severity; });
    for (size_t k : order) {
      const Finding& f = findings[k];
      t.rows.push_back({f.id, check.checkTitle, check.checkId, std::string(findingKindText(f.kind)), f.ruleName, f.ruleId,
                        std::string(severityText(f.severity)), int64_t(static_cast<int>(f.severity)), f.aLayer, f.aCode, f.aName, f.bLayer,
                        f.bCode, f.bName, f.township, number(std::isfinite(f.area) ? hectares(f.area) : NAN), number(f.area),
                        number(f.planarArea), number(f.length), number(f.distance), f.detail, std::string(), std::string(), std::string(),
                        std::string()});
      t.geometries.push_back(f.geometry);
    }
  }
  return t;
}

LedgerCarryOver carryOverLedger(Table& ledger, const std::string& previousPath) {
  LedgerCarryOver out;
  out.path = previousPath;
  if (!std::filesystem::exists(previousPath))
    throwInput(tr("找不到上一期问题台账", "the previous findings ledger does not exist"), {previousPath});
  // The first row names the columns (a spreadsheet or a CSV staff edited).
  std::string extension = std::filesystem::path(previousPath).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
  CPLStringList openOptions;
  if (extension == ".xlsx" || extension == ".ods") openOptions.SetNameValue("HEADERS", "FORCE");
  if (extension == ".csv") openOptions.SetNameValue("HEADERS", "YES");
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(previousPath.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, openOptions.List(), nullptr));
  if (!dataset) throwInput(tr("无法读取上一期问题台账", "cannot read the previous findings ledger"), {previousPath});
  OGRLayer* layer = nullptr;
  for (const char* name : {"ledger", "问题台账", "Findings ledger"})
    if (!layer) layer = dataset->GetLayerByName(name);
  if (!layer) layer = dataset->GetLayer(0);
  if (!layer) throwInput(tr("上一期问题台账中没有图层或工作表", "the previous findings ledger holds no layer or sheet"), {previousPath});

  // Column of the previous ledger → column of this one, by any of its names.
  const std::vector<std::string> shortNames = shapefileFieldNames(ledger);
  auto columnOf = [&](const std::string& field) -> int {
    const std::string n = normalized(field);
    for (size_t c = 0; c < ledger.columns.size(); ++c) {
      const Column& col = ledger.columns[c];
      if (n == normalized(col.key) || n == normalized(col.zh) || n == normalized(col.en) || n == normalized(shortNames[c])) return int(c);
    }
    return -1;
  };
  const OGRFeatureDefn* definition = layer->GetLayerDefn();
  int idField = -1;
  std::map<int, int> followUp;  // previous field → ledger column
  const int idColumn = ledger.columnIndex("finding_id");
  std::set<int> followUpColumns;
  for (const std::string& key : ledgerFollowUpColumns()) followUpColumns.insert(ledger.columnIndex(key));
  for (int i = 0; i < definition->GetFieldCount(); ++i) {
    const int c = columnOf(definition->GetFieldDefn(i)->GetNameRef());
    if (c == idColumn) idField = i;
    else if (followUpColumns.count(c)) followUp[i] = c;
  }
  if (idField < 0)
    throwInput(tr("上一期问题台账没有“问题编号”列（finding_id）", "the previous findings ledger has no finding id column (问题编号 / finding_id)"),
               {previousPath});

  std::map<std::string, size_t> rowOf;
  for (size_t r = 0; r < ledger.rows.size(); ++r)
    if (const auto* id = std::get_if<std::string>(&ledger.rows[r][idColumn])) rowOf.emplace(*id, r);
  std::set<std::string> seen;
  layer->ResetReading();
  for (OGRFeatureUniquePtr feature(layer->GetNextFeature()); feature; feature.reset(layer->GetNextFeature())) {
    const std::string id = feature->IsFieldSetAndNotNull(idField) ? std::string(feature->GetFieldAsString(idField)) : std::string();
    if (id.empty() || !seen.insert(id).second) continue;
    ++out.previousRows;
    const auto it = rowOf.find(id);
    if (it == rowOf.end()) {
      out.notFound.push_back(id);
      continue;
    }
    ++out.matched;
    bool carried = false;
    for (const auto& [field, column] : followUp) {
      if (!feature->IsFieldSetAndNotNull(field)) continue;
      const std::string value = feature->GetFieldAsString(field);
      if (value.empty()) continue;
      ledger.rows[it->second][column] = value;
      carried = true;
    }
    if (carried) ++out.carried;
  }
  return out;
}

}  // namespace sanxian
