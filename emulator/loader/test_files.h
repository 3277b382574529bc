// Test helpers: reading a file whole, and finding a test's data files in
// its runfiles.
#ifndef LING_EMULATOR_LOADER_TEST_FILES_H_
#define LING_EMULATOR_LOADER_TEST_FILES_H_

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
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

// The .beam files of the installed Erlang/OTP applications named (e.g.
// "stdlib": Debian's /usr/lib/erlang/lib/stdlib-*/ebin); empty if absent.
inline std::vector<std::string> OtpModulePaths(std::initializer_list<std::string_view> apps) {
  namespace fs = std::filesystem;
  std::vector<std::string> beams;
  const fs::path lib = "/usr/lib/erlang/lib";
  if (!fs::exists(lib)) return beams;
  for (const auto& dir : fs::directory_iterator(lib)) {
    std::string name = dir.path().filename().string();
    for (std::string_view app : apps) {
      if (name.rfind(std::string(app) + "-", 0) != 0) continue;
      for (const auto& f : fs::directory_iterator(dir.path() / "ebin")) {
        if (f.path().extension() == ".beam") beams.push_back(f.path().string());
      }
    }
  }
  return beams;
}

}  // namespace ling::loader::testing

#endif  // LING_EMULATOR_LOADER_TEST_FILES_H_
