// Every module of Debian's Erlang/OTP stdlib, kernel and compiler reads and
// validates: real compiler output, 240-odd modules, no failure allowed.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "emulator/loader/beam_module.h"
#include "emulator/loader/test_files.h"

namespace ling::loader {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> OtpModules() {
  std::vector<fs::path> beams;
  const fs::path lib = "/usr/lib/erlang/lib";
  if (!fs::exists(lib)) return beams;
  for (const auto& app : fs::directory_iterator(lib)) {
    std::string name = app.path().filename().string();
    if (name.rfind("stdlib-", 0) != 0 && name.rfind("kernel-", 0) != 0 &&
        name.rfind("compiler-", 0) != 0) {
      continue;
    }
    for (const auto& f : fs::directory_iterator(app.path() / "ebin")) {
      if (f.path().extension() == ".beam") beams.push_back(f.path());
    }
  }
  return beams;
}

TEST(OtpModules, AllOfStdlibKernelAndCompilerRead) {
  std::vector<fs::path> beams = OtpModules();
  ASSERT_GT(beams.size(), 200u) << "Debian's erlang-base is not installed";
  int loaded = 0, failed = 0;
  size_t instructions = 0;
  for (const fs::path& path : beams) {
    auto bytes = testing::ReadWholeFile(path.string());
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
