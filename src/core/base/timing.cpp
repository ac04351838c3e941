#include "core/base/timing.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace sanxian {

bool timingEnabled() {
  static const bool enabled = std::getenv("SANXIAN_TIMING") != nullptr;
  return enabled;
}

PhaseTimer::PhaseTimer(std::string name) : name_(std::move(name)), start_(std::chrono::steady_clock::now()) {}

PhaseTimer::~PhaseTimer() { print(); }

void PhaseTimer::next(std::string name) {
  print();
  name_ = std::move(name);
  start_ = std::chrono::steady_clock::now();
}

namespace {

// The process's resident memory now and at its peak, in MiB (Linux), for
// telling which phase holds the memory.
std::pair<long, long> residentMiB() {
  std::FILE* status = std::fopen("/proc/self/status", "r");
  if (!status) return {-1, -1};
  char line[256];
  long now = -1, peak = -1;
  while (std::fgets(line, sizeof line, status)) {
    long kb = 0;
    if (std::sscanf(line, "VmRSS: %ld kB", &kb) == 1) now = kb / 1024;
    if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) peak = kb / 1024;
  }
  std::fclose(status);
  return {now, peak};
}

}  // namespace

void PhaseTimer::print() const {
  if (!timingEnabled()) return;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const auto [now, peak] = residentMiB();
  std::fprintf(stderr, "[timing] %-36s %8.3f s  %6ld MiB (peak %ld)\n", name_.c_str(), seconds, now, peak);
}

}  // namespace sanxian
