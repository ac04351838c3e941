// The project file's schema: what a project file may say, checked before
// anything in it is read or run (kinds of values, required and unknown
// keys, duplicate ids, alias bombs). Each error names the file, the line
// and the entry. Internal to core/run.
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <utility>

#include "core/run/output_formats.h"

namespace sanxian {

// Checks of single values, each failing with the file, line and entry.
class ProjectSchema {
public:
  explicit ProjectSchema(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& where, const std::string& what) const;

  // A YAML alias makes one node appear many times: a few hundred bytes can
  // expand to billions of nodes. Count what a full walk would visit.
  void boundedSize(const YAML::Node& node, size_t depth = 0);

  void map(const YAML::Node& node, const std::string& where) const;
  void string(const YAML::Node& node, const std::string& where) const;
  double number(const YAML::Node& node, const std::string& where, double least, double most) const;
  void boolean(const YAML::Node& node, const std::string& where) const;
  // "#RRGGBB", "#RRGGBBAA" or "none", as styles/styles.yaml writes colours.
  void colour(const YAML::Node& node, const std::string& where) const;
  // A list of layer ids the project defines.
  void layerIds(const YAML::Node& node, const std::string& where, const std::set<std::string>& ids) const;
  // Known keys only (any text when `known` is empty), each once.
  void keys(const YAML::Node& node, const std::string& where, const std::set<std::string>& known) const;

private:
  static constexpr size_t kMostNodes = 200000;
  static constexpr size_t kDeepest = 64;
  std::string path_;
  size_t visited_ = 0;
};

// The project's `formats:` (a list, a comma-separated text, or none),
// failing with the file and line on an unknown format.
OutputFormats projectFormats(const YAML::Node& node, const ProjectSchema& schema);

// The whole file, before anything in it is read.
void checkProjectSchema(const YAML::Node& root, ProjectSchema& schema);

}  // namespace sanxian
