// Process-wide tuning of glibc's allocator for Sanxian's pattern of work:
// millions of short-lived geometries built and freed in bursts. Called
// once at the start of main() by the command and the viewer.
#pragma once

namespace sanxian {

void tuneAllocator();

}  // namespace sanxian
