// Phase timing for performance work: with SANXIAN_TIMING set in the
// environment, each PhaseTimer prints "[timing] NAME  S s" to stderr when
// it ends. Off by default, and costs one branch then.
#pragma once

#include <chrono>
#include <string>

namespace sanxian {

bool timingEnabled();

class PhaseTimer {
public:
  explicit PhaseTimer(std::string name);
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;
  ~PhaseTimer();
  // Prints the phase so far and starts the next one under `name`.
  void next(std::string name);

private:
  void print() const;
  std::string name_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace sanxian
