#include "allocator.h"

#include <malloc.h>

namespace sanxian {

void tuneAllocator() {
  // By default glibc gives freed memory at the top of the heap back to the
  // kernel at 128 kB and grows it in small steps, so each burst of
  // geometries faults its pages in again: perf showed a tenth of a
  // mines × red-line run in page faults. Keep up to 256 MB of freed heap
  // and grow it 64 MB at a time; blocks up to 32 MB come from the heap, not
  // from fresh mmaps. Measured on the M benchmark: about 6 % less time, the
  // same peak (tests/bench, see the note of issue 9).
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
}

}  // namespace sanxian
