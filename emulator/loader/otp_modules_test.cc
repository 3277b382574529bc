// Every module of Debian's Erlang/OTP stdlib, kernel and compiler reads and
// validates: real compiler output, 240-odd modules, no failure allowed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/loader/beam_module.h"
#include "emulator/loader/test_files.h"

namespace ling::loader {
namespace {

TEST(OtpModules, AllOfStdlibKernelAndCompilerRead) {
  std::vector<std::string> beams = testing::OtpModulePaths({"stdlib", "kernel", "compiler"});
  ASSERT_GT(beams.size(), 200u) << "Debian's erlang-base is not installed";
  int loaded = 0, failed = 0;
  size_t instructions = 0;
  for (const std::string& path : beams) {
    auto bytes = testing::ReadWholeFile(path);
    ASSERT_TRUE(bytes.has_value()) << path;
    absl::StatusOr<BeamModule> m = ReadBeam(*bytes);
    if (m.ok()) {
      ++loaded;
      instructions += m->code.instructions.size();
    } else {
      ++failed;
      ADD_FAILURE() << path << ": " << m.status();
    }
  }
  std::printf("loaded %d, failed %d (%zu generic instructions)\n", loaded, failed, instructions);
  EXPECT_EQ(failed, 0);
}

}  // namespace
}  // namespace ling::loader
