// Runs a fuzz target without libFuzzer, for the default (GCC) build and CI:
// every seed of the corpus, then a bounded number of deterministic
// mutations of each (byte flips, truncations, duplicated stretches). The
// real coverage-guided fuzzing is by hand with clang (README, "Fuzzing").
//
//   replay CORPUS_DIR [MUTATIONS_PER_SEED]
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

// With SANXIAN_FUZZ_LAST=FILE each input is written there before it runs,
// so the one that crashed can be run again (and added to the corpus).
void run(const std::vector<uint8_t>& bytes) {
  if (const char* last = std::getenv("SANXIAN_FUZZ_LAST")) {
    std::ofstream out(last, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [MUTATIONS_PER_SEED]\n", argv[0]);
    return 2;
  }
  const int mutations = argc > 2 ? std::atoi(argv[2]) : 200;
  std::vector<std::filesystem::path> seeds;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1]))
    if (entry.is_regular_file()) seeds.push_back(entry.path());
  std::sort(seeds.begin(), seeds.end());
  std::mt19937_64 random(624);  // deterministic: the same inputs every run
  size_t runs = 0;
  for (const auto& seed : seeds) {
    std::ifstream in(seed, std::ios::binary);
    const std::vector<uint8_t> original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    run(original);
    ++runs;
    for (int m = 0; m < mutations; ++m) {
      std::vector<uint8_t> bytes = original;
      const int edits = 1 + static_cast<int>(random() % 8);
      for (int e = 0; e < edits && !bytes.empty(); ++e) {
        const size_t at = random() % bytes.size();
        switch (random() % 4) {
          case 0: bytes[at] ^= static_cast<uint8_t>(1u << (random() % 8)); break;
          case 1: bytes[at] = static_cast<uint8_t>(random()); break;
          case 2: bytes.resize(at); break;
          case 3: {
            const size_t length = std::min<size_t>(bytes.size() - at, 1 + random() % 64);
            bytes.insert(bytes.begin() + static_cast<long>(at), bytes.begin() + static_cast<long>(at),
                         bytes.begin() + static_cast<long>(at + length));
            break;
          }
        }
      }
      run(bytes);
      ++runs;
    }
  }
  std::printf("%zu inputs from %zu seeds\n", runs, seeds.size());
  return 0;
}
