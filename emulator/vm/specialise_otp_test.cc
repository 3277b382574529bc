// Every module of Debian's stdlib, kernel and compiler either specialises
// or is refused for a missing feature, never for anything else; the test
// prints how many specialise and the most common missing features (the
// emulator's to-do list, until every module loads).
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "emulator/loader/beam_module.h"
#include "emulator/loader/test_files.h"
#include "emulator/vm/export_table.h"
#include "emulator/vm/specialise.h"

namespace ling::vm {
namespace {

// "cannot load M: what is missing" -> "what is missing".
std::string MissingFeature(std::string_view message) {
  size_t colon = message.find(": ");
  return std::string(colon == std::string_view::npos ? message : message.substr(colon + 2));
}

TEST(SpecialiseOtp, EveryModuleSpecialisesOrNamesWhatIsMissing) {
  std::vector<std::string> paths =
      loader::testing::OtpModulePaths({"stdlib", "kernel", "compiler"});
  if (paths.empty()) GTEST_SKIP() << "no Erlang/OTP installed";
  ExportTable exports;
  int loaded = 0;
  std::map<std::string, int> missing;
  for (const std::string& path : paths) {
    auto bytes = loader::testing::ReadWholeFile(path);
    ASSERT_TRUE(bytes.has_value()) << path;
    absl::StatusOr<loader::BeamModule> beam = loader::ReadBeam(*bytes);
    ASSERT_TRUE(beam.ok()) << path << ": " << beam.status();
    absl::StatusOr<LoadedCode> code = Specialise(*beam, exports);
    if (code.ok()) {
      ++loaded;
      continue;
    }
    std::string message(code.status().message());
    ASSERT_TRUE(message.starts_with("cannot load ")) << path << ": " << code.status();
    ++missing[MissingFeature(message)];
  }
  std::vector<std::pair<int, std::string>> ranked;
  for (auto& [what, n] : missing)
    ranked.emplace_back(n, what);
  std::sort(ranked.rbegin(), ranked.rend());
  std::cout << loaded << " of " << paths.size() << " modules specialise\n";
  for (auto& [n, what] : ranked)
    std::cout << "  " << n << " refused: " << what << "\n";
}

}  // namespace
}  // namespace ling::vm
