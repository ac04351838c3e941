#include "core/run/info.h"

#include "core/io/crs.h"
#include "core/run/project.h"

namespace sanxian {
namespace {

nlohmann::ordered_json envelopeJson(const geos::Envelope& e) {
  if (e.empty) return nullptr;
  return {{"min_x", e.minX}, {"min_y", e.minY}, {"max_x", e.maxX}, {"max_y", e.maxY}};
}

}  // namespace

const char* crsOriginName(CrsOrigin origin) {
  switch (origin) {
    case CrsOrigin::Declared: return "declared";
    case CrsOrigin::Inferred: return "inferred";
    case CrsOrigin::Corrected: return "contradicted";
    case CrsOrigin::UserOverride: return "user";
  }
  return "";
}

const char* encodingSourceName(EncodingInfo::Source source) {
  switch (source) {
    case EncodingInfo::Source::Native: return "native";
    case EncodingInfo::Source::Cpg: return "cpg";
    case EncodingInfo::Source::CodePageByte: return "dbf_code_page";
    case EncodingInfo::Source::Detected: return "detected";
    case EncodingInfo::Source::UserOverride: return "user";
  }
  return "";
}

nlohmann::ordered_json describeLayer(const Layer& layer, size_t sampleFeatures) {
  nlohmann::ordered_json out;
  out["source"] = layer.source;
  out["layer"] = layer.layerName;
  out["driver"] = layer.driver;
  out["feature_count"] = layer.featureCount();
  out["geometry_types"] = layer.geometryTypeCounts;

  nlohmann::ordered_json crs;
  crs["epsg"] = layer.crs.epsg ? nlohmann::ordered_json(layer.crs.epsg) : nlohmann::ordered_json(nullptr);
  crs["name"] = layer.crs.name;
  crs["datum"] = datumName(layer.crs.datum);
  crs["status"] = crsOriginName(layer.crs.origin);
  // The unit of the coordinates (and of `extent`); planar figures elsewhere are converted from it to metres.
  crs["linear_unit"] = layer.crs.linearUnit.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(layer.crs.linearUnit);
  crs["metres_per_unit"] = layer.crs.metresPerUnit > 0 ? nlohmann::ordered_json(layer.crs.metresPerUnit) : nlohmann::ordered_json(nullptr);
  if (!layer.crs.declaredName.empty()) crs["declared_name"] = layer.crs.declaredName;
  if (!layer.crs.note.empty()) crs["note"] = layer.crs.note;
  out["crs"] = crs;

  out["encoding"] = {{"name", layer.encoding.name},
                     {"source", encodingSourceName(layer.encoding.source)},
                     {"note", layer.encoding.note}};
  out["extent"] = envelopeJson(layer.extent);
  out["extent_degrees"] = envelopeJson(extentInDegrees(layer.crs, layer.extent));

  nlohmann::ordered_json invalid = nlohmann::ordered_json::array();
  size_t invalidCount = 0;
  nlohmann::ordered_json issues = nlohmann::ordered_json::array();
  for (const auto& issue : layer.issues) {
    if (issue.kind == LoadIssue::Kind::Invalid) {
      if (invalid.size() < 10) invalid.push_back({{"fid", *issue.fid}, {"reason", issue.message}});
      ++invalidCount;
      continue;
    }
    nlohmann::ordered_json i = {{"kind", kindName(issue.kind)}, {"message", issue.message}};
    if (issue.fid) i["fid"] = *issue.fid;
    issues.push_back(i);
  }
  out["invalid_count"] = invalidCount;
  out["invalid_first"] = invalid;
  out["issues"] = issues;

  if (layer.roleMatch) {
    nlohmann::ordered_json role = {{"name", layer.roleMatch->role},
                           {"fields", layer.roleMatch->sourceNames},
                           {"missing_required", layer.roleMatch->missingRequired},
                           {"missing_optional", layer.roleMatch->missingOptional}};
    out["role"] = role;
  } else {
    out["role"] = nullptr;
  }

  nlohmann::ordered_json fields = nlohmann::ordered_json::array();
  for (size_t i = 0; i < layer.fields.size(); ++i)
    fields.push_back({{"name", layer.fields[i]}, {"type", layer.fieldTypes[i]}});
  out["fields"] = fields;

  nlohmann::ordered_json samples = nlohmann::ordered_json::array();
  for (size_t k = 0; k < std::min(sampleFeatures, layer.features.size()); ++k) {
    const Feature& f = layer.features[k];
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    for (size_t i = 0; i < layer.fields.size(); ++i)
      values[layer.fields[i]] = f.isNull[i] ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(f.values[i]);
    samples.push_back({{"fid", f.fid}, {"values", values}});
  }
  out["sample_features"] = samples;
  return out;
}

nlohmann::ordered_json layerWarnings(const std::vector<std::pair<std::string, const Layer*>>& layers) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& [id, layer] : layers)
    for (const LoadIssue& issue : layer->issues)
      if (isWarning(issue.kind))
        out.push_back({{"layer", id}, {"source", layer->source}, {"kind", kindName(issue.kind)}, {"message", issue.message}});
  return out;
}

nlohmann::ordered_json describeSuggestions(const std::vector<RoleSuggestion>& suggestions, const RoleCatalog& roles,
                                           const std::string& id, const std::string& path, const std::string& layerName) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const RoleSuggestion& s : suggestions) {
    const RoleDef* role = roles.find(s.role);
    nlohmann::ordered_json fields = nlohmann::ordered_json::object();
    for (const FieldDef& def : role->fields) {
      const auto it = s.fields.find(def.name);
      if (it == s.fields.end()) continue;
      fields[def.name] = {{"field", it->second.field}, {"by_spelling", it->second.bySpelling}, {"reason", it->second.reason()}};
    }
    ProjectLayerEntry entry;
    entry.id = id;
    entry.path = path;
    entry.layer = layerName;
    entry.role = s.role;
    entry.mapping = s.mapping();
    out.push_back({{"role", s.role},
                   {"title", role->title()},
                   {"score", s.score},
                   {"fields_found", s.fields.size()},
                   {"role_fields", role->fields.size()},
                   {"fields", fields},
                   {"missing_required", s.missingRequired},
                   {"values", s.values},
                   {"unknown_values", s.unknownValues},
                   {"project_entry", projectLayerYaml(entry, "  ")}});
  }
  return out;
}

}  // namespace sanxian
