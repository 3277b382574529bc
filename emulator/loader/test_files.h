// Test helpers: reading a file whole, and finding a test's data files in
// its runfiles.
#ifndef LING_EMULATOR_LOADER_TEST_FILES_H_
#define LING_EMULATOR_LOADER_TEST_FILES_H_

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace ling::loader::testing {

inline std::optional<std::vector<uint8_t>> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// `path` relative to the workspace root, inside a test's runfiles.
inline std::string Runfile(const std::string& path) {
  const char* root = std::getenv("TEST_SRCDIR");
  return std::string(root != nullptr ? root : ".") + "/libling/" + path;
}

}  // namespace ling::loader::testing

#endif  // LING_EMULATOR_LOADER_TEST_FILES_H_
