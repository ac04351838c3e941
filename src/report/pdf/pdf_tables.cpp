#include "report/pdf/pdf_internal.h"

#include <algorithm>

namespace sanxian::report::pdf {
namespace {

// Columns worth printing first; the rest (planar twins, FIDs, code twins of
// named values, raw attributes) go when space runs out.
bool lowPriority(const Column& c) {
  const std::string& k = c.key;
  auto ends = [&](const char* s) { return k.size() >= strlen(s) && k.compare(k.size() - strlen(s), std::string::npos, s) == 0; };
  return k.rfind("planar_", 0) == 0 || k.rfind("centroid_", 0) == 0 || ends("_attributes") || ends("_fid") || ends("_layer") ||
         k == "grid_retry" || k == "severity_level" || k == "rule_id" || k == "status_key" || k == "key" || k == "township_code" ||
         k == "zone_code" || ends("_m2") || k == "length_m" || k == "message" || k == "reason" || k == "document" || k == "justified";
}

// The ASCII twin of a column that shows the same thing by name (规则代码
// beside 规则): kept in the workbook and CSV for scripts, not printed.
bool codeTwin(const Column& c) {
  static const std::set<std::string> twins = {"rule_id", "status_key", "item", "key", "zone_code", "check", "severity_level"};
  return twins.count(c.key) > 0;
}

// Code columns (patch codes, licence numbers, ids) are printed whole.
bool codeColumn(const Column& c) {
  const std::string& k = c.key;
  auto ends = [&](const char* s) { return k.size() >= strlen(s) && k.compare(k.size() - strlen(s), std::string::npos, s) == 0; };
  return k == "code" || ends("_code") || k == "finding_id";
}

}  // namespace

// A result table as printed: chosen columns, rows cut at maxRows, with the
// totals rows of tableTotals (the workbook's), and notes saying where the
// rest is.
void printResultTable(Pages& pages, const Table& table, size_t maxRows, const std::string& folder, bool heading,
                      const std::vector<size_t>& onlyRows) {
  if (heading) pages.heading(q(tr(table.zh.c_str(), table.en.c_str())), 3);
  const std::vector<size_t> all = [&] {
    if (!onlyRows.empty()) return onlyRows;
    std::vector<size_t> r(table.rows.size());
    for (size_t i = 0; i < r.size(); ++i) r[i] = i;
    return r;
  }();
  if (all.empty()) {
    pages.note(T("（无记录）", "(no rows)"));
    return;
  }
  const size_t shownRows = std::min(maxRows, all.size());
  const TableTotals totals = onlyRows.empty() && shownRows == all.size() ? tableTotals(table, false) : TableTotals{};
  // Keep columns in order while they fit at a readable width; low-priority ones only if room is left.
  std::vector<size_t> chosen;
  std::vector<std::string> left;
  double used = 0;
  const double budget = pages.body().width();
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (lowPriority(table.columns[c]) != (pass == 1) || codeTwin(table.columns[c])) continue;
      std::vector<QString> cells;
      bool any = false;
      for (size_t r = 0; r < shownRows; ++r) {
        cells.push_back(q(cellText(table.rows[all[r]][c], table.columns[c])));
        any = any || !cells.back().isEmpty();
      }
      if (!any && totals.rows.empty()) continue;  // nothing to show in these rows
      PrintColumn probe{q(tr(table.columns[c].zh.c_str(), table.columns[c].en.c_str()))};
      probe.keep = codeColumn(table.columns[c]);
      const double w = std::min(naturalWidth(pages, probe, cells, 7), probe.keep ? 1e9 : pages.mm(30));
      if (used + w <= budget) {
        chosen.push_back(c);
        used += w;
      } else {
        left.push_back(tr(table.columns[c].zh.c_str(), table.columns[c].en.c_str()));
      }
    }
  }
  std::sort(chosen.begin(), chosen.end());
  std::vector<PrintColumn> columns;
  for (size_t c : chosen) {
    PrintColumn column{q(tr(table.columns[c].zh.c_str(), table.columns[c].en.c_str())), table.columns[c].type != ColumnType::Text};
    column.keep = codeColumn(table.columns[c]);
    columns.push_back(column);
  }
  std::vector<std::vector<QString>> rows;
  for (size_t r = 0; r < shownRows; ++r) {
    std::vector<QString> row;
    for (size_t c : chosen) row.push_back(q(cellText(table.rows[all[r]][c], table.columns[c])));
    rows.push_back(std::move(row));
  }
  std::vector<std::vector<QString>> totalRows;
  for (const auto& t : totals.rows) {
    std::vector<QString> row;
    for (size_t k = 0; k < chosen.size(); ++k)
      row.push_back(k == 0 ? q(t.label) : q(cellText(t.cells[chosen[k]], table.columns[chosen[k]])));
    totalRows.push_back(std::move(row));
  }
  drawTable(pages, columns, rows, 7, totalRows);
  const std::string file = folder + "/" + table.name + ".csv";
  if (shownRows < all.size())
    pages.note(q(format(tr("另有 %zu 行未列出，见 %s 与 sanxian_results.xlsx。", "%zu more rows in %s and sanxian_results.xlsx."),
                        all.size() - shownRows, file.c_str())));
  if (!left.empty()) {
    std::string names;
    for (size_t i = 0; i < left.size(); ++i) names += (i ? tr("、", ", ") : "") + left[i];
    pages.note(q(format(tr("未列出的列（见 %s）：%s", "Columns not shown (see %s): %s"), file.c_str(), names.c_str())));
  }
}

const char* verdictTitle(const std::string& key) {
  if (key == "area_not_decreasing") return tr("面积不减少", "area not decreasing");
  if (key == "removal_has_basis") return tr("调出有依据", "removal has a basis");
  if (key == "nature_not_changing") return tr("性质不改变", "nature not changing");
  if (key == "compatible") return tr("选址未落入禁止区域", "site in no prohibited area");
  if (key == "control_lines_consistent") return tr("三线不交叉不重叠", "control lines do not overlap");
  return "";
}

// A check's parameters as a reader says them: "旧版本 redline_2022；新版本 redline_2023".
std::string parametersText(const nlohmann::ordered_json& params) {
  static const std::vector<std::pair<const char*, std::pair<const char*, const char*>>> names = {
      {"old", {"旧版本", "old version"}},          {"new", {"新版本", "new version"}},
      {"a", {"图层 A", "layer A"}},                {"b", {"图层 B", "layer B"}},
      {"site", {"选址", "site"}},                  {"layers", {"图层", "layers"}},
      {"redline", {"生态保护红线", "red line"}},   {"farmland", {"永久基本农田", "permanent farmland"}},
      {"urban", {"城镇开发边界", "urban boundary"}}, {"landuse", {"地类图斑", "land-use patches"}},
      {"zones_where", {"只计管控区", "only the zones"}},
      {"lines", {"岸线", "shoreline"}},            {"zones", {"分区图层", "zones"}},
      {"previous", {"上一年度图层", "previous year's layers"}}, {"set", {"指标集", "indicator set"}},
      {"year", {"年度", "year"}}, {"previous_year", {"对比年度", "compared with"}}, {"gdp", {"GDP（亿元，可比价）", "GDP (亿元, constant prices)"}}, {"occupiers", {"占用图层", "occupiers"}},
      {"boundary", {"乡镇界线", "townships"}},     {"adjustments", {"调整依据", "adjustments"}},
      {"match_field", {"匹配字段", "match field"}}, {"nature_field", {"性质字段", "nature field"}},
      {"min_piece_area_m2", {"最小图斑面积（平方米）", "smallest piece (m²)"}},
      {"distance_m", {"占用距离（米）", "occupation distance (m)"}}, {"protected_zones", {"计入保护的分区", "protected zones"}},
      {"rules", {"规则清单", "rule list"}}};
  std::string out;
  auto value = [](const nlohmann::ordered_json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("current"))  // gdp
      return format(tr("本年 %s，上年 %s", "this year %s, previous year %s"), v["current"].dump().c_str(), v.value("previous", nlohmann::ordered_json()).dump().c_str());
    if (v.is_object()) {  // indicators' layers: {role: layer id}: the project's own ids
      std::string list;
      for (const auto& [role, id] : v.items()) list += (list.empty() ? "" : tr("、", ", ")) + (id.is_string() ? id.get<std::string>() : id.dump());
      return list;
    }
    if (!v.is_array()) return v.dump();
    std::string list;
    for (const auto& e : v) list += (list.empty() ? "" : tr("、", ", ")) + (e.is_string() ? e.get<std::string>() : e.dump());
    return list;
  };
  for (const auto& [key, title] : names)
    if (params.contains(key)) out += (out.empty() ? "" : tr("；", "; ")) + std::string(tr(title.first, title.second)) + " " + value(params[key]);
  return out;
}

QString number(double v, int decimals) { return std::isfinite(v) ? QString::number(v, 'f', decimals) : QString(); }

// The findings of a check, 禁止 and 限制 in full, 提示 up to maxNotice rows.
void printFindingsSection(Pages& pages, const CheckOutput& output, size_t maxNotice) {
  pages.heading(T("问题清单", "Findings"), 2);
  if (output.findings.empty()) {
    pages.note(T("未发现问题。", "Nothing found."));
    return;
  }
  if (!output.findings.empty()) {
    // Every pair of layers the findings come from (the control lines have three).
    std::vector<std::string> aLayers, bLayers;
    for (const Finding& f : output.findings) {
      if (std::find(aLayers.begin(), aLayers.end(), f.aLayer) == aLayers.end()) aLayers.push_back(f.aLayer);
      if (std::find(bLayers.begin(), bLayers.end(), f.bLayer) == bLayers.end()) bLayers.push_back(f.bLayer);
    }
    auto joined = [](const std::vector<std::string>& names) {
      std::string out;
      for (const std::string& n : names) out += (out.empty() ? "" : tr("、", ", ")) + n;
      return out;
    };
    const std::string as = joined(aLayers), bs = joined(bLayers);
    pages.note(q(format(tr("A：%s；B：%s。编号为矿业权许可证号、红线图斑编号、保护地编码等；面积为椭球面积。",
                            "A: %s; B: %s. Codes are licence numbers, patch codes, reserve codes …; areas are ellipsoidal."),
                        as.c_str(), bs.c_str())));
  }
  const bool lines = std::any_of(output.findings.begin(), output.findings.end(), [](const Finding& f) { return std::isfinite(f.length); });
  const bool near = std::any_of(output.findings.begin(), output.findings.end(), [](const Finding& f) { return std::isfinite(f.distance) && !std::isfinite(f.length); });
  std::vector<PrintColumn> columns = {{T("问题编号", "Finding")}, {T("规则", "Rule")}, {T("严重程度", "Severity")},
                                      {T("A 编号", "A code")},  {T("A 名称", "A name")}, {T("B 编号", "B code")},
                                      {T("B 名称", "B name")},  {T("乡镇", "Township")}, {T("面积（公顷）", "Area (ha)"), true}};
  columns[0].keep = columns[2].keep = columns[3].keep = columns[5].keep = true;
  if (lines) columns.push_back({T("长度（米）", "Length (m)"), true});
  if (near) columns.push_back({T("距离（米）", "Distance (m)"), true});
  std::vector<std::vector<QString>> rows;
  size_t notices = 0, noticesShown = 0;
  std::vector<size_t> order(output.findings.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return output.findings[a].severity > output.findings[b].severity; });
  for (size_t i : order) {
    const Finding& f = output.findings[i];
    if (f.severity == Severity::Notice && ++notices > maxNotice) continue;
    if (f.severity == Severity::Notice) ++noticesShown;
    std::vector<QString> row = {q(f.id),     q(f.ruleName), q(severityText(f.severity)), q(f.aCode), q(f.aName), q(f.bCode),
                                q(f.bName), q(f.township), number(f.area / 10000, 4)};
    if (lines) row.push_back(number(f.length, 2));
    if (near) row.push_back(std::isfinite(f.length) ? QString() : number(f.distance, 1));
    rows.push_back(std::move(row));
  }
  drawTable(pages, columns, rows, 6.5);
  if (notices > noticesShown)
    pages.note(q(format(tr("另有 %zu 条提示未列出，见 ledger.csv 与 sanxian_results.xlsx 的“问题台账”。",
                            "%zu more notices in ledger.csv and the workbook's findings ledger."),
                        notices - noticesShown)));
}

// The red-line audit: every removed and nature-changed piece in full with
// codes, names, function types, township, areas and the adjustment basis;
// added pieces up to maxRows; patch codes that changed (the unchanged ones counted).
void printAuditSection(Pages& pages, const CheckOutput& output, size_t maxRows) {
  const Table* changes = nullptr;
  const Table* byCode = nullptr;
  for (const Table& t : output.tables) {
    if (t.name == "audit_changes") changes = &t;
    if (t.name == "audit_by_code") byCode = &t;
  }
  if (!changes) return;
  auto cell = [&](size_t row, const char* key) {
    const int c = changes->columnIndex(key);
    return c < 0 ? QString() : q(cellText(changes->rows[row][c], changes->columns[c]));
  };
  pages.heading(T("调出与性质改变图斑（逐块列出）", "Removed and nature-changed pieces (every one)"), 2);
  std::vector<PrintColumn> columns = {{T("问题编号", "Finding")},       {T("变化类型", "Change")},   {T("原图斑编号", "Old code")},
                                      {T("原图斑名称", "Old name")},    {T("新图斑编号", "New code")}, {T("功能类型（原 → 新）", "Function type (old → new)")},
                                      {T("乡镇", "Township")},          {T("面积（公顷）", "Area (ha)"), true},
                                      {T("平面面积（公顷）", "Planar area (ha)"), true}, {T("调整依据", "Adjustment basis")}};
  columns[0].keep = columns[2].keep = columns[4].keep = true;
  std::vector<std::vector<QString>> rows;
  for (const Finding& f : output.findings) {
    if (f.kind != Finding::Kind::Removed && f.kind != Finding::Kind::NatureChanged) continue;
    const size_t r = f.row;
    if (r >= changes->rows.size()) continue;
    const QString oldType = cell(r, "old_type"), newType = cell(r, "new_type");
    rows.push_back({q(f.id), cell(r, "change_type"), cell(r, "old_code"), cell(r, "old_name"), cell(r, "new_code"),
                    f.kind == Finding::Kind::NatureChanged ? oldType + QStringLiteral(" → ") + newType : oldType, cell(r, "township"),
                    cell(r, "area_ha"), cell(r, "planar_area_ha"), cell(r, "basis")});
  }
  if (rows.empty()) pages.note(T("没有调出或性质改变的图斑。", "No piece was removed or changed its nature."));
  else drawTable(pages, columns, rows, 6.5);

  std::vector<size_t> added;
  const int type = changes->columnIndex("change_type");
  for (size_t r = 0; r < changes->rows.size(); ++r)
    if (cellText(changes->rows[r][type], changes->columns[type]) == changeTypeValue(ChangeType::Added)) added.push_back(r);
  pages.heading(T("增加图斑", "Added pieces"), 2);
  printResultTable(pages, *changes, maxRows, output.id, false, added);

  if (byCode) {
    pages.heading(q(tr(byCode->zh.c_str(), byCode->en.c_str())), 3);
    std::vector<size_t> changed;
    const int status = byCode->columnIndex("status_key");
    std::vector<int> pieces;
    for (const char* key : {"removed_pieces", "added_pieces", "function_changed_pieces"}) pieces.push_back(byCode->columnIndex(key));
    for (size_t r = 0; r < byCode->rows.size(); ++r) {
      bool change = cellText(byCode->rows[r][status], byCode->columns[status]) != "matched";
      for (int c : pieces)
        if (c >= 0)
          if (const auto* n = std::get_if<int64_t>(&byCode->rows[r][c]); n && *n > 0) change = true;
      if (change) changed.push_back(r);
    }
    pages.note(q(format(tr("共 %zu 个图斑编号，其中 %zu 个未变化（仅计数，未列出），以下为有变化的 %zu 个。",
                            "%zu patch codes, %zu unchanged (counted, not listed); the %zu that changed follow."),
                        byCode->rows.size(), byCode->rows.size() - changed.size(), changed.size())));
    if (!changed.empty()) printResultTable(pages, *byCode, SIZE_MAX, output.id, false, changed);
  }
}

}  // namespace sanxian::report::pdf
