// The allocator of Sanxian's programs. Linked into each executable (not into
// sanxian_core) through the sanxian_allocator object library, which also
// links jemalloc: with it in the link, jemalloc replaces glibc's malloc.
//
// Why: a check builds and frees millions of short-lived geometries in bursts
// on every core. perf put a fifth of a mines × red-line run in glibc's
// malloc/free and in page faults. Measured (tests/bench/compare.sh, note of
// issue 9): jemalloc alone about 8 % faster than glibc tuned with mallopt;
// with transparent huge pages about 16 % (M 5.0 → 4.2 s, L 62 → 48 s) for
// 5 % more peak memory. On kernels where THP is off the option does nothing.
extern "C" {
// jemalloc reads this at its first allocation, before main().
const char* malloc_conf = "thp:always,metadata_thp:always";
}
