// Writing outputs so that a failed or killed run leaves nothing
// half-written: content goes to a temporary file beside the target and is
// renamed over it only when complete.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/error.h"

namespace sanxian {

// JSON as written to files and stdout (indented). Text that is not valid
// UTF-8 (a path with GBK bytes) is written with U+FFFD in place of the bad
// bytes instead of failing after the tables were written.
std::string jsonText(const nlohmann::ordered_json& json);

// Writes `content` to `path` atomically; throws an input error naming the
// path when the folder is not writable.
void writeFileAtomically(const std::string& path, const std::string& content);

// Creates the output folder (and parents); throws when it cannot. Removes
// what earlier runs killed before they could move their outputs into place
// left behind: ".sanxian-tmp-PID-…" files and ".sanxian-staging-PID…"
// folders holding the marker file, whose process is gone; nothing else.
void makeOutputFolder(const std::string& folder);

// Where this process writes `path` before renaming it into place: beside
// it, named ".sanxian-tmp-PID-NAME" (a name no user file has, so that the
// temporaries of a killed run can be recognised and removed, and nothing else).
std::string temporaryPath(const std::string& path);
// A private folder beside `path` for a set of files written together
// (".sanxian-staging-PID-NAME"), holding the marker file that makes it ours.
std::string stagingFolder(const std::string& path);

// The files of one run (or one command) written together. They are written
// into a private folder inside the output folder and moved into place by
// commit(); until then the output folder is as it was, and an error or a
// cancel (the destructor) removes the private folder and nothing else.
// The moves are journalled first, so a kill in the middle of them is
// finished by the next sanxian that opens the folder: a reader never sees
// the files of two runs mixed after that. One writer per output folder at a
// time: a lock the system releases when the process ends, so a killed run
// leaves none stuck.
class StagedOutput {
public:
  // Creates and locks the output folder, finishes a killed run's journalled
  // moves, removes what killed runs left, and makes the private folder.
  // Throws an input error when another sanxian is writing there.
  explicit StagedOutput(const std::string& outputDir);
  ~StagedOutput();
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  const std::string& folder() const { return staging_; }       // where to write
  const std::string& outputDir() const { return outputDir_; }
  std::string finalPath(const std::string& staged) const;  // a staged file's path once committed

  // Throws an input error, before anything is moved, when a file to be
  // committed would replace an input (the same file, or a file of the same
  // Shapefile), or the output folder lies inside an input (a .gdb folder).
  // `sources` are the inputs as the user named them (files, folders,
  // connection strings).
  void refuseOverwritingInputs(const std::vector<std::string>& sources, const std::vector<std::string>& staged) const;

  // Runs `write` (which writes into folder()); an error about a staged file
  // names the file the user will look for, not the private one.
  template <typename Write>
  auto writing(Write&& write) const {
    try {
      return write();
    } catch (const Error& e) {
      throw named(e);
    }
  }
  Error named(const Error& e) const;

  // Moves the staged files into place (their order; put the file that
  // describes the others last) and removes the private folder; returns the
  // final paths.
  std::vector<std::string> commit(const std::vector<std::string>& staged);

private:
  std::string outputDir_, staging_, lockPath_;
  int lock_ = -1;
  bool committed_ = false;
};

// Throws an input error when `output` (a file the user asked for, such as
// --json FILE) is one of the inputs or a file of an input Shapefile.
void refuseInputAsOutput(const std::vector<std::string>& sources, const std::string& output);

}  // namespace sanxian
