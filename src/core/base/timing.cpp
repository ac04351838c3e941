#include "core/base/timing.h"

#include <cstdio>
#include <cstdlib>

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

void PhaseTimer::print() const {
  if (!timingEnabled()) return;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "[timing] %-36s %8.3f s\n", name_.c_str(), seconds);
}

}  // namespace sanxian
