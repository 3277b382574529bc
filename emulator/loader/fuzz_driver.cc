// A short, seeded stand-in for libFuzzer, so that the fuzz target runs in
// every `bazel test`: it feeds LLVMFuzzerTestOneInput the seed modules and
// many mutations of them (flipped, inserted and deleted bytes, truncations,
// big-endian fields set to extreme values). The mutations are a replayable
// function of the seed; LING_FUZZ_ROUNDS changes how many.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "emulator/loader/test_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace ling::loader {
namespace {

std::vector<uint8_t> Mutate(std::vector<uint8_t> bytes, std::mt19937& rng) {
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits && !bytes.empty(); ++e) {
    size_t at = rng() % bytes.size();
    switch (rng() % 5) {
      case 0:
        bytes[at] ^= static_cast<uint8_t>(1 + rng() % 255);
        break;
      case 1:
        bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), static_cast<uint8_t>(rng()));
        break;
      case 2:
        bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(at));
        break;
      case 3:
        bytes.resize(at);
        break;
      default: {  // a 32-bit field (count, size, ...) set to an extreme
        static constexpr uint32_t kExtremes[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff};
        uint32_t v = kExtremes[rng() % 5];
        for (int k = 0; k < 4 && at + k < bytes.size(); ++k)
          bytes[at + k] = static_cast<uint8_t>(v >> (24 - 8 * k));
        break;
      }
    }
  }
  return bytes;
}

TEST(BeamFuzzer, SeedsAndMutationsNeverCrash) {
  std::vector<std::vector<uint8_t>> seeds;
  for (const char* path : {"emulator/loader/testdata/loader_sample.beam"}) {
    auto bytes = testing::ReadWholeFile(testing::Runfile(path));
    ASSERT_TRUE(bytes.has_value()) << path;
    seeds.push_back(*std::move(bytes));
  }
  for (const std::string& path : testing::OtpModulePaths({"stdlib"})) {
    if (path.ends_with("/lists.beam") || path.ends_with("/maps.beam")) {
      if (auto bytes = testing::ReadWholeFile(path)) seeds.push_back(*std::move(bytes));
    }
  }
  const char* env = std::getenv("LING_FUZZ_ROUNDS");
  int rounds = env != nullptr ? std::atoi(env) : 4000;
  std::mt19937 rng(20261129);
  for (const auto& seed : seeds)
    LLVMFuzzerTestOneInput(seed.data(), seed.size());
  for (int r = 0; r < rounds; ++r) {
    std::vector<uint8_t> input = Mutate(seeds[static_cast<size_t>(r) % seeds.size()], rng);
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
}

}  // namespace
}  // namespace ling::loader
