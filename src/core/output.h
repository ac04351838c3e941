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
// the temporary files of earlier runs that were killed before they could
// rename them (names with ".tmp-PID" whose process is gone).
void makeOutputFolder(const std::string& folder);

// The suffix of this process's temporary names: ".tmp-PID".
std::string temporarySuffix();

}  // namespace sanxian
