// A module's MD5 is erl's: beam_lib:md5/1 of the sample module and of every
// module of Debian's stdlib, kernel and compiler (written by
// dump_module_md5s.erl at build time), which is what module_info(md5)
// returns on erl.
#include "emulator/loader/module_md5.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "emulator/loader/beam_module.h"
#include "emulator/loader/test_files.h"

namespace ling::loader {
namespace {

std::string Hex(std::span<const uint8_t> bytes) {
  std::string out;
  char buf[3];
  for (uint8_t b : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

// Module name -> erl's MD5 in hex.
std::map<std::string, std::string> ErlsMd5s() {
  std::ifstream in(testing::Runfile("emulator/loader/erl_module_md5s.txt"));
  std::map<std::string, std::string> md5s;
  std::string module, hex;
  while (in >> module >> hex)
    md5s[module] = hex;
  return md5s;
}

std::string ModuleOf(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

TEST(ModuleMd5, SampleAndOtpModulesMatchErl) {
  std::map<std::string, std::string> erl = ErlsMd5s();
  std::vector<std::string> beams = testing::OtpModulePaths({"stdlib", "kernel", "compiler"});
  ASSERT_GT(beams.size(), 200u) << "Debian's erlang-base is not installed";
  beams.push_back(testing::Runfile("emulator/loader/testdata/loader_sample.beam"));
  int compared = 0;
  for (const std::string& path : beams) {
    auto bytes = testing::ReadWholeFile(path);
    ASSERT_TRUE(bytes.has_value()) << path;
    absl::StatusOr<BeamModule> m = ReadBeam(*bytes);
    ASSERT_TRUE(m.ok()) << path << ": " << m.status();
    auto want = erl.find(ModuleOf(path));
    ASSERT_NE(want, erl.end()) << path;
    EXPECT_EQ(Hex(m->md5), want->second) << path;
    ++compared;
  }
  EXPECT_EQ(compared, static_cast<int>(beams.size()));
}

TEST(ModuleMd5, TheOldUniqOfFunsDoesNotCount) {
  auto bytes =
      testing::ReadWholeFile(testing::Runfile("emulator/loader/testdata/loader_sample.beam"));
  ASSERT_TRUE(bytes.has_value());
  absl::StatusOr<BeamChunks> chunks = SplitChunks(*bytes);
  ASSERT_TRUE(chunks.ok() && chunks->funs && chunks->funs->size() >= 28) << "the sample has funs";
  std::array<uint8_t, 16> before = ModuleMd5(*chunks);
  // The first entry's OldUniq, in a copy of the file.
  std::vector<uint8_t> changed = *bytes;
  size_t old_uniq = static_cast<size_t>(chunks->funs->data() - bytes->data()) + 4 + 20;
  changed[old_uniq] ^= 0xff;
  absl::StatusOr<BeamChunks> changed_chunks = SplitChunks(changed);
  ASSERT_TRUE(changed_chunks.ok());
  EXPECT_EQ(ModuleMd5(*changed_chunks), before);
  // Any other byte of the table does count.
  changed[old_uniq - 1] ^= 0xff;
  changed_chunks = SplitChunks(changed);
  ASSERT_TRUE(changed_chunks.ok());
  EXPECT_NE(ModuleMd5(*changed_chunks), before);
}

}  // namespace
}  // namespace ling::loader
