// Deterministic randomness for the generator: a counter-based hash (so any
// cell, licence or river can be drawn on its own, in any order, and come out
// the same), a small sequential generator, and smooth value noise.
//
// Nothing here uses <random>'s distributions: their results differ between
// standard libraries, and the generator must give the same bytes everywhere.
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace sanxian::gen {

constexpr double kPi = 3.14159265358979323846;

// splitmix64 finaliser: a good 64-bit mixer.
inline uint64_t mix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline uint64_t hashOf(std::initializer_list<uint64_t> parts) {
  uint64_t h = 0x853c49e6748fea9bULL;
  for (uint64_t p : parts) h = mix64(h ^ p);
  return h;
}

// [0, 1) from the top 53 bits.
inline double unit(uint64_t h) { return double(h >> 11) * (1.0 / 9007199254740992.0); }

// A small sequential generator seeded from a hash.
class Rng {
public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }
  double uniform() { return unit(next()); }
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  // Integer in [a, b].
  long range(long a, long b) { return a + long(uniform() * double(b - a + 1)); }
  bool chance(double p) { return uniform() < p; }
  double logUniform(double a, double b) { return a * std::exp(std::log(b / a) * uniform()); }
  double normal() {
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * kPi * u2);
  }
  // Index drawn with the given (not necessarily normalised) weights.
  size_t weighted(const std::vector<double>& w) {
    double total = 0;
    for (double x : w) total += x;
    double r = uniform() * total;
    for (size_t i = 0; i < w.size(); ++i) {
      if (r < w[i]) return i;
      r -= w[i];
    }
    return w.size() - 1;
  }

private:
  uint64_t state_;
};

// Smooth value noise in [0, 1] on a unit lattice.
inline double valueNoise(uint64_t seed, double x, double y) {
  double fx = std::floor(x), fy = std::floor(y);
  auto i = int64_t(fx), j = int64_t(fy);
  double tx = x - fx, ty = y - fy;
  tx = tx * tx * (3 - 2 * tx);
  ty = ty * ty * (3 - 2 * ty);
  auto v = [&](int64_t a, int64_t b) { return unit(hashOf({seed, uint64_t(a), uint64_t(b)})); };
  double a = v(i, j) + (v(i + 1, j) - v(i, j)) * tx;
  double b = v(i, j + 1) + (v(i + 1, j + 1) - v(i, j + 1)) * tx;
  return a + (b - a) * ty;
}

// Fractal noise, four octaves, in [0, 1].
inline double fbm(uint64_t seed, double x, double y) {
  double sum = 0, amp = 0.5, norm = 0, f = 1;
  for (int o = 0; o < 4; ++o) {
    sum += amp * valueNoise(seed + uint64_t(o) * 7919, x * f, y * f);
    norm += amp;
    amp *= 0.5;
    f *= 2.03;
  }
  return sum / norm;
}

}  // namespace sanxian::gen
