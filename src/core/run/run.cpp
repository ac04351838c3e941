#include "core/run/run.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <exception>
#include <map>

#include "core/base/error.h"
#include "core/base/secrets.h"
#include "core/base/text.h"
#include "core/base/timing.h"
#include "core/geometry/harmonize.h"
#include "core/io/crs.h"
#include "core/io/load.h"
#include "core/io/placement.h"
#include "core/run/check_runners.h"
#include "core/run/info.h"

namespace sanxian {
namespace {


nlohmann::ordered_json withoutLongLists(const nlohmann::ordered_json& summary, const std::string& checkId, size_t longestList) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, value] : summary.items()) {
    if (value.is_object() && value.size() == 1 && value.contains("omitted_entries")) {
      out[key] = {{"omitted_entries", value["omitted_entries"]}, {"see", checkId + "/"}};  // counted by the check already
    } else if (value.is_array() && value.size() > longestList) {
      out[key] = {{"omitted_entries", value.size()}, {"see", checkId + "/"}};
    } else {
      out[key] = value;
    }
  }
  return out;
}

// Runs `work` for every layer side by side (layers are independent files).
// When several fail, the error thrown is the first one's in the project's
// order, whichever thread failed first: the same run always says the same.
template <class Work>
void forEachLayer(size_t count, const Work& work) {
  std::vector<std::exception_ptr> failures(count);
  tbb::parallel_for(size_t(0), count, [&](size_t i) {
    try {
      work(i);
    } catch (...) {
      failures[i] = std::current_exception();
    }
  });
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
}

}  // namespace

const Layer* LoadedProject::layer(const std::string& id) const {
  for (size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id) return &layers[i];
  return nullptr;
}

TiledLayer LoadedProject::tiled(const std::string& id) const {
  TiledLayer out;
  for (size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id && layers[i].headerOnly) {
      out.header = &layers[i];
      out.options = &project.layers[i].options;
      const auto it = invalidFids.find(id);
      if (it != invalidFids.end()) out.invalidFids = &it->second;
    }
  return out;
}

namespace {

// Whether `value` names layer `id` anywhere in a check's parameters.
bool names(const nlohmann::json& value, const std::string& id) {
  if (value.is_string()) return value.get<std::string>() == id;
  if (value.is_array() || value.is_object())
    for (const auto& item : value)
      if (names(item, id)) return true;
  return false;
}

// A layer a run may hold as a header only: one that only overlap checks
// read, as A or B (the other checks, and indicators binding layers by
// role, read their layers whole).
bool tileable(const Project& project, const std::string& id) {
  bool read = false;
  for (const CheckSpec& check : project.checks) {
    if (check.type == "indicators") return false;
    for (const auto& [key, value] : check.params.items()) {
      if (!names(value, id)) continue;
      if (check.type != "overlap" || (key != "a" && key != "b")) return false;
      read = true;
    }
  }
  return read;
}

}  // namespace

LoadedProject loadProject(const Project& project, const RoleCatalog& roles, const std::optional<std::string>& analysisCrsOverride,
                          const ProgressFn& progress, const TilingOptions& tiling) {
  LoadedProject loaded;
  loaded.project = project;
  loaded.roles = std::make_shared<const RoleCatalog>(roles);
  for (const auto& spec : project.layers) loaded.ids.push_back(spec.id);

  // Too large for the memory budget: the layers only overlaps read are held
  // as headers and read tile by tile.
  loaded.memoryLimit = tiling.memoryLimit ? *tiling.memoryLimit : project.memoryLimit ? *project.memoryLimit : defaultMemoryLimit();
  std::vector<char> tiled(project.layers.size(), 0);
  size_t tiledBytes = 0;
  if (loaded.memoryLimit > 0) {
    std::vector<size_t> bytes(project.layers.size(), 0);
    forEachLayer(project.layers.size(), [&](size_t i) { bytes[i] = estimatedLayerBytes(project.layers[i].options); });
    for (size_t b : bytes) loaded.estimatedBytes += b;
    if (loaded.estimatedBytes > loaded.memoryLimit)
      for (size_t i = 0; i < project.layers.size(); ++i)
        if ((tiled[i] = tileable(project, project.layers[i].id))) tiledBytes += bytes[i];
  }

  // A tiled Shapefile without a spatial index is read from an indexed copy.
  if (std::find(tiled.begin(), tiled.end(), 1) != tiled.end()) {
    loaded.scratch = std::make_shared<ScratchFolder>("sanxian-tiles-");
    forEachLayer(project.layers.size(), [&](size_t i) {
      if (tiled[i]) loaded.project.layers[i].options.readFrom = indexedShapefileCopy(project.layers[i].options, loaded.scratch->path);
    });
  }

  // Layers are independent files: read side by side (each reader is
  // sequential inside GDAL; its geometry conversion is parallel too).
  for (size_t i = 0; i < project.layers.size(); ++i) {
    const auto& spec = project.layers[i];
    if (progress)
      progress(format(tiled[i] ? tr("读取 %s（分块）：%s", "loading %s (in tiles): %s") : tr("读取 %s：%s", "loading %s: %s"), spec.id.c_str(),
                      withoutPasswords(spec.options.source).c_str()));
  }
  loaded.layers.resize(project.layers.size());
  forEachLayer(project.layers.size(), [&](size_t i) {
    PhaseTimer timer("load " + project.layers[i].id);
    loaded.layers[i] = tiled[i] ? loadHeader(loaded.project.layers[i].options, roles) : load(project.layers[i].options, roles);
  });
  std::vector<const Layer*> all;
  std::vector<Layer*> placed;
  for (auto& l : loaded.layers) {
    all.push_back(&l);
    placed.push_back(&l);
  }
  warnAboutDistantLayers(placed, loaded.ids);
  try {
    loaded.analysisCrs = chooseAnalysisCrs(all, analysisCrsOverride ? analysisCrsOverride : project.analysisCrs);
  } catch (const Error& e) {
    // Layers too far apart for one plane: the warnings say which one is astray.
    std::string message = e.message();
    for (size_t i = 0; i < loaded.layers.size(); ++i)
      for (const LoadIssue& issue : loaded.layers[i].issues)
        if (isWarning(issue.kind)) message += format(tr("\n  警告：[%s] %s", "\n  warning: [%s] %s"), loaded.ids[i].c_str(), issue.message.c_str());
    throw Error(e.kind(), message, e.where());
  }
  if (progress) progress(tr("转换到分析坐标系并检查几何", "harmonizing"));
  forEachLayer(loaded.layers.size(), [&](size_t i) {
    if (tiled[i]) return;
    PhaseTimer timer("harmonize " + loaded.ids[i]);
    harmonize(loaded.layers[i], loaded.analysisCrs);
  });
  if (std::find(tiled.begin(), tiled.end(), 1) == tiled.end()) return loaded;

  // The tiles: squares of the analysis plane over the tiled layers, each
  // tile's share of them within an eighth of the budget.
  geos::Envelope extent;
  for (size_t i = 0; i < loaded.layers.size(); ++i)
    if (tiled[i]) {
      const Layer& l = loaded.layers[i];
      extent.expand(sameCrs(l.crs, loaded.analysisCrs) ? l.extent : transformExtent(l.crs, loaded.analysisCrs, l.extent));
    }
  const std::optional<double> chosenSize = tiling.tileSize ? tiling.tileSize : project.tileSize;
  loaded.tileSize = chosenSize ? *chosenSize : tileSizeFor(extent, tiledBytes, loaded.memoryLimit);
  if (!(loaded.tileSize > 0)) loaded.tileSize = std::max(1.0, std::max(extent.maxX - extent.minX, extent.maxY - extent.minY));
  // One tiled layer after another: each window is judged in parallel inside.
  for (size_t i = 0; i < loaded.layers.size(); ++i) {
    if (!tiled[i]) continue;
    if (progress) progress(format(tr("分块检查几何：%s", "judging in tiles: %s"), loaded.ids[i].c_str()));
    judgeByTiles(loaded.layers[i], loaded.project.layers[i].options, roles, loaded.analysisCrs, loaded.tileSize, loaded.invalidFids[loaded.ids[i]]);
  }
  return loaded;
}

const char* checkTypeTitle(const std::string& type) {
  if (type == "audit") return tr("红线变化核查", "Red-line change audit");
  if (type == "overlap") return tr("重叠冲突检查", "Overlap conflicts");
  if (type == "shoreline") return tr("岸线保护率核算", "Shoreline protection rate");
  if (type == "site") return tr("项目选址分析", "Project siting");
  if (type == "control_lines") return tr("三条控制线冲突检查", "The three control lines");
  if (type == "landuse") return tr("管控区内土地利用核查", "Land use inside the zones");
  if (type == "indicators") return tr("生态文明建设示范指标核算", "Eco-civilization demonstration indicators");
  return "";
}

namespace {

// The layers a check compares, as its default id and title name them.
std::vector<std::string> comparedLayers(const CheckSpec& check) {
  std::vector<std::string> out;
  std::vector<const char*> keys = {"old", "new", "a", "b", "lines", "site", "redline", "farmland", "urban"};
  if (check.type == "landuse") keys.insert(keys.end(), {"zones", "landuse"});
  for (const char* key : keys)
    if (check.params.contains(key) && check.params[key].is_string()) out.push_back(check.params[key].get<std::string>());
  return out;
}

// A name as a folder name on every system staff use: no path separators,
// no characters Windows forbids, no leading dot.
std::string safeFileName(const std::string& name) {
  std::string out;
  for (unsigned char c : name) out += c < 0x20 || std::string("/\\:*?\"<>| ").find(char(c)) != std::string::npos ? '_' : char(c);
  while (!out.empty() && (out.front() == '.' || out.front() == '_')) out.erase(out.begin());
  while (!out.empty() && (out.back() == '.' || out.back() == '_')) out.pop_back();
  return out;
}

// Every layer as loaded (without its sample features), and their warnings:
// where a layer lies, a .cpg its text contradicts (repeated on the PDF's cover).
void describeLayers(const LoadedProject& loaded, nlohmann::ordered_json& summary) {
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  for (size_t i = 0; i < loaded.layers.size(); ++i) {
    nlohmann::ordered_json entry = describeLayer(loaded.layers[i], 0);
    entry["id"] = loaded.ids[i];
    entry.erase("sample_features");
    entry["repaired_count"] = loaded.layers[i].countIssues(LoadIssue::Kind::Repaired);
    layers.push_back(entry);
  }
  summary["layers"] = layers;
  std::vector<std::pair<std::string, const Layer*>> named;
  for (size_t i = 0; i < loaded.layers.size(); ++i) named.emplace_back(loaded.ids[i], &loaded.layers[i]);
  summary["warnings"] = layerWarnings(named);

}

// One check run: its output with its id, title and finding ids, and its
// entry in the run summary.
CheckOutput runOneCheck(const CheckSpec& check, const std::string& id, const CheckRunner& runner, const LoadedProject& loaded,
                        const ComputeOptions& options, const ProgressFn& progress, nlohmann::ordered_json& entry) {
  if (progress) progress(format(tr("检查：%s", "check: %s"), checkTitle(check).c_str()));
  CheckContext context;
  context.progress = progress;
  context.longestList = options.longestList;
  PhaseTimer timer("check " + id);
  CheckOutput output = runner(check, loaded, context);
  output.id = id;
  output.type = check.type;
  output.title = checkTitle(check);
  assignFindingIds(output.findings, id);
  entry["id"] = id;
  entry["title"] = output.title;
  entry["status"] = "done";
  entry["folder"] = id;
  entry["summary"] = withoutLongLists(output.summary, id, options.longestList);
  // Keep the short form only: a provincial check's lists of pieces run to
  // hundreds of MB of JSON, and the run's reports read the short form.
  output.summary = entry["summary"];
  entry["headlines"] = output.headlines;
  nlohmann::ordered_json verdicts = nlohmann::ordered_json::object();
  for (const auto& [key, passed] : output.verdicts) verdicts[key] = passed;
  entry["verdicts"] = verdicts;
  entry["findings"] = output.findings.size();
  return output;
}

// The ledger: every finding of every check, with the follow-up an earlier
// ledger recorded for the same finding.
void buildLedger(RunResult& result, const ComputeOptions& options, const ProgressFn& progress) {
  const Project& project = result.loaded->project;
  nlohmann::ordered_json& summary = result.summary;
  std::vector<CheckFindings> all;
  for (const CheckOutput& output : result.checkOutputs) all.push_back({output.id, output.title, &output.findings});
  result.ledger = ledgerTable(all);
  nlohmann::ordered_json ledger;
  ledger["findings"] = result.ledger.rows.size();
  {
    std::map<Severity, size_t> counts;
    for (const CheckOutput& output : result.checkOutputs)
      for (const Finding& f : output.findings) ++counts[f.severity];
    for (Severity v : {Severity::Prohibited, Severity::Restricted, Severity::Notice}) ledger[std::string(severityKey(v)) + "_count"] = counts[v];
  }
  const std::optional<std::string> previous = options.previousLedger ? options.previousLedger : project.previousLedger;
  if (previous) {
    if (progress) progress(format(tr("沿用上一期问题台账：%s", "carrying over the previous ledger: %s"), previous->c_str()));
    const LedgerCarryOver carried = carryOverLedger(result.ledger, *previous);
    ledger["previous_ledger"] = {{"path", carried.path},
                                 {"previous_findings", carried.previousRows},
                                 {"found_again", carried.matched},
                                 {"follow_up_carried_over", carried.carried},
                                 {"not_found_again", carried.notFound}};
  }
  summary["ledger"] = ledger;
}

}  // namespace

std::string checkId(const CheckSpec& check) {
  if (check.params.contains("name") && check.params["name"].is_string()) {
    const std::string name = safeFileName(check.params["name"].get<std::string>());
    if (!name.empty()) return name;
  }
  std::string id = check.type;
  for (const std::string& layer : comparedLayers(check)) id += "_" + layer;
  return safeFileName(id);
}

std::string checkTitle(const CheckSpec& check) {
  if (check.params.contains("name") && check.params["name"].is_string()) return check.params["name"].get<std::string>();
  const std::vector<std::string> layers = comparedLayers(check);
  std::string title = checkTypeTitle(check.type);
  if (title.empty()) title = check.type;
  if (!layers.empty()) {
    const char* joiner = check.type == "audit" ? " → " : " × ";
    title += tr("（", " (");
    for (size_t i = 0; i < layers.size(); ++i) title += (i ? joiner : "") + layers[i];
    title += tr("）", ")");
  }
  return title;
}

const CheckOutput* RunResult::check(const std::string& id) const {
  for (const CheckOutput& c : checkOutputs)
    if (c.id == id) return &c;
  return nullptr;
}

RunResult computeRun(std::shared_ptr<const LoadedProject> loadedPointer, const ComputeOptions& options, const ProgressFn& progress) {
  const LoadedProject& loaded = *loadedPointer;
  const Project& project = loaded.project;
  RunResult result;
  result.loaded = loadedPointer;
  nlohmann::ordered_json& summary = result.summary;
  summary["project"] = project.name;
  summary["project_file"] = project.path;
  summary["analysis_crs"] = {{"epsg", loaded.analysisCrs.epsg}, {"name", loaded.analysisCrs.name}, {"reason", loaded.analysisCrs.note}};
  describeLayers(loaded, summary);
  // How the layers were held: whole, or tile by tile within the memory limit.
  {
    nlohmann::ordered_json tiling;
    tiling["memory_limit_bytes"] = loaded.memoryLimit;
    tiling["estimated_layer_bytes"] = loaded.estimatedBytes;
    nlohmann::ordered_json tiledIds = nlohmann::ordered_json::array();
    for (size_t i = 0; i < loaded.layers.size(); ++i)
      if (loaded.layers[i].headerOnly) tiledIds.push_back(loaded.ids[i]);
    tiling["tiled_layers"] = tiledIds;
    tiling["tile_size_m"] = loaded.tileSize;
    summary["tiling"] = tiling;
  }

  // A tiled run is one too large to hold: its summaries keep only short
  // lists even for a single-check command's --json (a national run's list
  // of pieces is gigabytes of JSON); the tables hold every piece.
  ComputeOptions checkOptions = options;
  if (loaded.isTiled()) checkOptions.longestList = std::min(options.longestList, kLongestListInRunSummary);
  summary["tiling"]["longest_list"] = checkOptions.longestList == SIZE_MAX ? nlohmann::ordered_json() : nlohmann::ordered_json(checkOptions.longestList);

  // Each check computes in turn; its id names its folder and its tables in
  // the run's files: its name in the project, else its type and layers.
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  std::map<std::string, int> seen;
  for (const auto& check : project.checks) {
    nlohmann::ordered_json entry = {{"type", check.type}, {"params", check.params}};
    const auto runner = checkRunners().find(check.type);
    if (runner == checkRunners().end()) {
      // Not built yet: say so plainly rather than pretend.
      entry["status"] = "not_available";
      checks.push_back(entry);
      continue;
    }
    std::string id = checkId(check);
    // Only two checks of one type on the same layers and without names can meet here.
    if (const int n = ++seen[id]; n > 1) id += "_" + std::to_string(n);
    CheckOutput output = runOneCheck(check, id, runner->second, loaded, checkOptions, progress, entry);
    checks.push_back(entry);
    result.checkIds.push_back(id);
    result.checkOutputs.push_back(std::move(output));
  }
  summary["checks"] = checks;

  buildLedger(result, options, progress);
  return result;
}

}  // namespace sanxian
