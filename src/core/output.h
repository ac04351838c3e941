// Writing outputs so that a failed or killed run leaves nothing
// half-written: content goes to a temporary file beside the target and is
// renamed over it only when complete.
#pragma once

#include <string>

namespace sanxian {

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

}  // namespace sanxian
