// sanxian info PATH...: what each layer is, so a user sees at once whether
// the CRS is right and the Chinese text decodes.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>

#include "commands.h"
#include "core/base/error.h"
#include "core/base/text.h"
#include "core/io/load.h"
#include "core/io/suggest.h"
#include "core/run/info.h"
#include "mapping_options.h"
#include "report/files/output.h"

namespace sanxian::cli {
namespace {

struct InfoOptions {
  std::vector<std::string> paths;
  std::string layer, role, encoding, crs, json;
  size_t samples = 3;
  bool suggestRoles = false;
};

// The likeliest role with its fields, the other roles possible, and the
// project-file entry to paste.
void printSuggestions(const nlohmann::ordered_json& suggestions) {
  if (suggestions.empty()) {
    std::cout << tr("  建议的角色：无（字段与任何角色都不相符）\n", "  suggested role: none (the fields fit no role)\n");
    return;
  }
  const auto& best = suggestions.front();
  std::cout << tr("  建议的角色：", "  suggested role: ") << best["role"].get<std::string>() << " " << best["title"].get<std::string>()
            << format(tr("（找到 %zu/%zu 个字段）\n", " (%zu of %zu fields found)\n"), best["fields_found"].get<size_t>(), best["role_fields"].get<size_t>());
  for (const auto& [canonical, f] : best["fields"].items()) {
    std::cout << "    " << canonical << " ← " << f["field"].get<std::string>();
    if (f["by_spelling"].get<bool>()) std::cout << tr("（字段名已知）", " (known name)");
    else std::cout << tr("（", " (") << f["reason"].get<std::string>() << tr("）", ")");
    std::cout << "\n";
  }
  if (!best["missing_required"].empty()) {
    std::cout << tr("    缺少必需字段：", "    required fields not found: ");
    for (const auto& m : best["missing_required"]) std::cout << m.get<std::string>() << " ";
    std::cout << "\n";
  }
  for (const auto& [canonical, values] : best["unknown_values"].items()) {
    std::string list;
    for (const auto& v : values) list += (list.empty() ? "" : tr("、", ", ")) + v.get<std::string>();
    if (language() == Language::English) std::cout << format("    values %s of %s are not known: say what they mean under values:\n", list.c_str(), canonical.c_str());
    else std::cout << format("    %s 的取值 %s 无法识别：请在 values: 中写明其含义\n", canonical.c_str(), list.c_str());
  }
  if (suggestions.size() > 1) {
    std::cout << tr("  其他可能：", "  also possible: ");
    for (size_t i = 1; i < suggestions.size() && i < 4; ++i)
      std::cout << (i > 1 ? ", " : "") << suggestions[i]["role"].get<std::string>() << " " << suggestions[i]["title"].get<std::string>();
    std::cout << "\n";
  }
  std::cout << tr("  项目文件片段（path 改为相对于项目文件的路径）：\n", "  project-file entry (make path relative to the project file):\n");
  std::cout << "    layers:\n";
  std::istringstream entry(best["project_entry"].get<std::string>());
  for (std::string line; std::getline(entry, line);) std::cout << "    " << line << "\n";
  std::string options;
  for (const auto& [canonical, f] : best["fields"].items())
    if (!f["by_spelling"].get<bool>()) options += " --X-field " + canonical + "=" + f["field"].get<std::string>();
  if (!options.empty())
    std::cout << tr("  命令行（X 为图层参数，如 --old-field、--a-field；位置参数用 --field）：", "  on the command line (X: the layer's option, e.g. --old-field, --a-field; --field for a positional layer):")
              << options << "\n";
}

std::string number(const nlohmann::ordered_json& v) {
  if (v.is_null()) return "-";
  return format("%.6f", v.get<double>());
}

void printLayer(const nlohmann::ordered_json& j) {
  std::cout << "== " << j["source"].get<std::string>();
  if (j["driver"] != "ESRI Shapefile") std::cout << " [" << j["layer"].get<std::string>() << "]";
  std::cout << "\n";
  std::cout << tr("  驱动：", "  driver: ") << j["driver"].get<std::string>() << "\n";
  std::cout << tr("  要素数：", "  features: ") << j["feature_count"] << "\n";
  std::cout << tr("  几何类型：", "  geometry types: ");
  bool first = true;
  for (const auto& [type, count] : j["geometry_types"].items()) {
    std::cout << (first ? "" : ", ") << type << " " << count;
    first = false;
  }
  std::cout << "\n";
  const auto& crs = j["crs"];
  std::cout << tr("  坐标系：", "  CRS: ");
  if (!crs["epsg"].is_null()) std::cout << "EPSG:" << crs["epsg"] << " ";
  std::cout << crs["name"].get<std::string>() << " (" << crs["datum"].get<std::string>() << ")  [";
  const std::string status = crs["status"];
  std::cout << (status == "declared" ? tr("声明", "declared") : status == "inferred" ? tr("推断", "inferred")
                : status == "contradicted" ? tr("与坐标矛盾", "contradicted") : tr("用户指定", "user"))
            << "]\n";
  if (crs.contains("note")) std::cout << "    " << crs["note"].get<std::string>() << "\n";
  if (!crs["linear_unit"].is_null() && !crs["metres_per_unit"].is_null())
    std::cout << tr("  坐标单位：", "  unit: ") << crs["linear_unit"].get<std::string>()
              << format(tr("（1 单位 = %.15g 米）\n", " (1 unit = %.15g m)\n"), crs["metres_per_unit"].get<double>());
  std::cout << tr("  编码：", "  encoding: ") << j["encoding"]["name"].get<std::string>() << " — "
            << j["encoding"]["note"].get<std::string>() << "\n";
  if (!j["extent"].is_null()) {
    const auto& e = j["extent"];
    std::cout << tr("  范围：", "  extent: ") << number(e["min_x"]) << ", " << number(e["min_y"]) << " — " << number(e["max_x"]) << ", "
              << number(e["max_y"]) << "\n";
  }
  if (!j["extent_degrees"].is_null()) {
    const auto& e = j["extent_degrees"];
    std::cout << tr("  范围（经纬度）：", "  extent (degrees): ") << number(e["min_x"]) << ", " << number(e["min_y"]) << " — "
              << number(e["max_x"]) << ", " << number(e["max_y"]) << "\n";
  }
  std::cout << tr("  无效几何：", "  invalid geometries: ") << j["invalid_count"] << "\n";
  for (const auto& i : j["invalid_first"]) std::cout << "    FID " << i["fid"] << ": " << i["reason"].get<std::string>() << "\n";
  for (const auto& i : j["issues"]) std::cout << "  ! " << i["message"].get<std::string>() << "\n";
  if (j["role"].is_null()) {
    std::cout << tr("  角色：未匹配（字段不符合 layers/roles.yaml 中任何角色）\n", "  role: none matched (fields fit no role in layers/roles.yaml)\n");
  } else {
    const auto& role = j["role"];
    std::cout << tr("  角色：", "  role: ") << role["name"].get<std::string>() << "  (";
    first = true;
    for (const auto& [canonical, field] : role["fields"].items()) {
      std::cout << (first ? "" : ", ") << canonical << "=" << field.get<std::string>();
      first = false;
    }
    std::cout << ")\n";
    if (!role["missing_required"].empty()) {
      std::cout << tr("    缺少必需字段：", "    missing required fields: ");
      for (const auto& m : role["missing_required"]) std::cout << m.get<std::string>() << " ";
      std::cout << "\n";
    }
  }
  std::cout << tr("  字段：", "  fields: ");
  first = true;
  for (const auto& f : j["fields"]) {
    std::cout << (first ? "" : ", ") << f["name"].get<std::string>() << " (" << f["type"].get<std::string>() << ")";
    first = false;
  }
  std::cout << "\n";
  for (const auto& f : j["sample_features"]) {
    std::cout << "  FID " << f["fid"] << ":";
    for (const auto& [name, value] : f["values"].items())
      std::cout << " " << name << "=" << (value.is_null() ? std::string("NULL") : value.get<std::string>());
    std::cout << "\n";
  }
}

}  // namespace

Action addInfo(CLI::App& app) {
  auto options = std::make_shared<InfoOptions>();
  CLI::App* command = app.add_subcommand("info", tr("显示图层信息：驱动、要素数、坐标系、编码、范围、无效几何、角色与属性样例",
                                                    "describe layers: driver, counts, CRS, encoding, extent, invalid geometry, role, sample attributes"));
  command->add_option("paths", options->paths, tr("数据源（文件、目录或 PG: 连接串）", "sources (file, folder or PG: connection string)"))->required();
  command->add_option("--layer", options->layer, tr("图层名（数据源有多个图层时）", "layer name (when a source holds several)"));
  command->add_option("--role", options->role, tr("按此角色映射字段", "map fields for this role"));
  command->add_option("--encoding", options->encoding, tr("覆盖 DBF 文本编码（UTF-8 / GBK）", "override the DBF text encoding (UTF-8 / GBK)"));
  command->add_option("--crs", options->crs, tr("覆盖坐标系，如 EPSG:4545", "override the CRS, e.g. EPSG:4545"));
  command->add_option("--json", options->json, tr("把结果写成 JSON 文件（- 为标准输出）", "write the result as JSON (- for stdout)"));
  command->add_option("--samples", options->samples, tr("显示的要素样例数", "number of sample features shown"));
  command->add_flag("--suggest-roles", options->suggestRoles,
                    tr("按字段名与取值推测每个图层的角色，给出可粘贴的项目文件片段（字段映射与取值映射）",
                       "guess each layer's role from its field names and values, with a project-file entry to paste (field and value mapping)"));
  auto mappings = std::make_shared<LayerMappings>();
  mappings->add(command, "", tr("图层", "the layer"));
  mappings->addRoles(command);

  return [options, mappings]() {
    const RoleCatalog roles = mappings->roles();
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    int exitCode = kExitOk;
    refuseInputAsOutput(options->paths, options->json);
    for (const auto& path : options->paths) {
      try {
        std::vector<std::optional<std::string>> layerNames;
        if (!options->layer.empty()) {
          layerNames.push_back(options->layer);
        } else {
          const auto listing = listLayers(path);
          if (listing.size() <= 1) layerNames.push_back(std::nullopt);
          for (const auto& l : listing)
            if (listing.size() > 1) layerNames.push_back(l.name);
        }
        for (const auto& name : layerNames) {
          LoadOptions load;
          load.source = path;
          load.layerName = name;
          if (!options->role.empty()) load.role = options->role;
          if (!options->encoding.empty()) load.encoding = options->encoding;
          if (!options->crs.empty()) load.crs = options->crs;
          mappings->apply("", load);
          const Layer layer = sanxian::load(load, roles);
          nlohmann::ordered_json j = describeLayer(layer, options->samples);
          if (options->suggestRoles) {
            std::vector<RoleSuggestion> suggestions;
            if (load.role) suggestions.push_back(suggestForRole(layer, roles.get(*load.role), load.mapping));
            else suggestions = suggestRoles(layer, roles);
            const std::string id = name ? *name : std::filesystem::path(path).stem().string();
            j["suggested_roles"] = describeSuggestions(suggestions, roles, id, path, name.value_or(""));
          }
          if (options->json != "-") {
            printLayer(j);
            if (options->suggestRoles) printSuggestions(j["suggested_roles"]);
          }
          all.push_back(std::move(j));
        }
      } catch (const Error& e) {
        if (e.kind() == Error::Kind::Usage) throw;
        std::cerr << tr("错误：", "error: ") << e.what() << "\n";
        all.push_back({{"source", path}, {"error", e.what()}});
        exitCode = kExitInput;
      }
    }
    if (options->json == "-") std::cout << jsonText(all) << "\n";
    else if (!options->json.empty()) writeFileAtomically(options->json, jsonText(all));
    return exitCode;
  };
}

}  // namespace sanxian::cli
