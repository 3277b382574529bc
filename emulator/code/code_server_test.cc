// The code server as erl 25's code-loading BIFs behave: loading from a
// binary (validated as a file is), replacing, deleting and purging a
// module, the code path changed while the system runs.
#include "emulator/code/code_server.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "emulator/loader/test_files.h"
#include "runtime/term/atom_table.h"

namespace ling::code {
namespace {

using Outcome = vm::CodeService::DeleteOutcome;

std::string VersionDir(const char* version) {
  return loader::testing::Runfile(std::string("emulator/code/testdata/") + version);
}

std::vector<uint8_t> VersionBeam(const char* version) {
  auto bytes = loader::testing::ReadWholeFile(VersionDir(version) + "/reloaded.beam");
  return bytes.value_or(std::vector<uint8_t>{});
}

class CodeServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(v1_.empty());
    ASSERT_FALSE(v2_.empty());
  }
  // What a call of reloaded:f/arity reaches now (nullptr: the
  // error_handler path).
  const vm::Word* Callee(const char* f, uint32_t arity) {
    vm::Export* e = server_.exports().Find(module_, InternAtom(f), arity);
    return e != nullptr ? e->code.load() : nullptr;
  }
  bool InCurrentCode(const vm::Word* address) {
    auto current = server_.modules().Current(module_);
    if (current == nullptr) return false;
    const vm::Word* begin = current->code.words.get();
    return address >= begin && address < begin + current->code.size;
  }

  const Term module_ = InternAtom("reloaded");
  const std::vector<uint8_t> v1_ = VersionBeam("v1"), v2_ = VersionBeam("v2");
  CodeServer server_{{}};
};

TEST_F(CodeServerTest, LoadBinaryMakesTheModuleCurrentUnderTheFileGiven) {
  ASSERT_TRUE(server_.LoadBinary(module_, v1_, "somewhere/reloaded.beam").ok());
  EXPECT_EQ(server_.Which(module_), "somewhere/reloaded.beam");
  EXPECT_TRUE(InCurrentCode(Callee("version", 0)));
  EXPECT_TRUE(server_.OldCode(module_).empty());
  std::vector<Term> loaded = server_.ModulesWithCode();
  EXPECT_NE(std::find(loaded.begin(), loaded.end(), module_), loaded.end());
}

TEST_F(CodeServerTest, AModuleLoadedWithoutAFileNameIsLookedForOnThePath) {
  ASSERT_TRUE(server_.LoadBinary(module_, v1_, "").ok());
  EXPECT_EQ(server_.Which(module_), "");
  server_.SetPath({VersionDir("v2")});
  EXPECT_EQ(server_.Which(module_), VersionDir("v2") + "/reloaded.beam");
}

TEST_F(CodeServerTest, AReloadRetractsWhatTheNewVersionNoLongerExports) {
  ASSERT_TRUE(server_.LoadBinary(module_, v1_, "v1").ok());
  ASSERT_NE(Callee("only_in_v1", 0), nullptr);
  ASSERT_TRUE(server_.LoadBinary(module_, v2_, "v2").ok());
  EXPECT_TRUE(InCurrentCode(Callee("version", 0)));
  EXPECT_EQ(Callee("only_in_v1", 0), nullptr);
  EXPECT_FALSE(server_.OldCode(module_).empty());
}

TEST_F(CodeServerTest, OldCodeMustBePurgedBeforeLoadingOrDeletingAgain) {
  ASSERT_TRUE(server_.LoadBinary(module_, v1_, "v1").ok());
  ASSERT_TRUE(server_.LoadBinary(module_, v2_, "v2").ok());
  absl::Status third = server_.LoadBinary(module_, v1_, "v1");
  EXPECT_EQ(third.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(third.message(), "not_purged");
  EXPECT_EQ(server_.Delete(module_), Outcome::kNotPurged);
  EXPECT_TRUE(server_.Purge(module_));
  EXPECT_FALSE(server_.Purge(module_)) << "nothing left to purge";
  EXPECT_TRUE(server_.OldCode(module_).empty());
  EXPECT_TRUE(server_.LoadBinary(module_, v1_, "v1").ok());
}

TEST_F(CodeServerTest, DeleteTellsAModuleThatNeverExistedFromOneWithoutCode) {
  EXPECT_EQ(server_.Delete(InternAtom("never_loaded_here")), Outcome::kUnknown);
  ASSERT_TRUE(server_.LoadBinary(module_, v1_, "v1").ok());
  EXPECT_EQ(server_.Delete(module_), Outcome::kDeleted);
  EXPECT_EQ(Callee("version", 0), nullptr) << "calls take the error_handler path";
  EXPECT_EQ(server_.modules().Current(module_), nullptr);
  EXPECT_FALSE(server_.OldCode(module_).empty());
  EXPECT_EQ(server_.Delete(module_), Outcome::kNotPurged);
  EXPECT_TRUE(server_.Purge(module_));
  // As BEAM: the module stays known, without code.
  EXPECT_EQ(server_.Delete(module_), Outcome::kDeleted);
  std::vector<Term> loaded = server_.ModulesWithCode();
  EXPECT_EQ(std::find(loaded.begin(), loaded.end(), module_), loaded.end());
}

TEST_F(CodeServerTest, PurgedCodeStaysAliveAndNamedInStackTraces) {
  ASSERT_TRUE(server_.LoadBinary(module_, v1_, "v1").ok());
  const vm::Word* v1_entry = Callee("version", 0);
  ASSERT_TRUE(server_.LoadBinary(module_, v2_, "v2").ok());
  std::span<const vm::Word> old = server_.OldCode(module_);
  ASSERT_TRUE(v1_entry >= old.data() && v1_entry < old.data() + old.size());
  ASSERT_TRUE(server_.Purge(module_));
  // A process that still ran v1 goes on in code that is still there.
  std::optional<vm::CodeLocation> where = server_.code_index().Find(v1_entry);
  ASSERT_TRUE(where.has_value());
  EXPECT_EQ(where->module, module_);
  EXPECT_EQ(AtomName(where->function), "version");
}

TEST_F(CodeServerTest, HostileBytesAreBadfileAndChangeNothing) {
  auto expect_badfile = [&](std::span<const uint8_t> bytes, Term module) {
    CodeServer server({});
    absl::Status s = server.LoadBinary(module, bytes, "x");
    // A mutation in a part the loader does not read may leave a valid file.
    if (s.ok()) return;
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    EXPECT_EQ(server.modules().Current(module), nullptr);
  };
  std::vector<uint8_t> junk = {'n', 'o', 't', ' ', 'a', ' ', 'b', 'e', 'a', 'm'};
  for (std::span<const uint8_t> bytes :
       {std::span<const uint8_t>(), std::span<const uint8_t>(junk)}) {
    CodeServer server({});
    absl::Status s = server.LoadBinary(module_, bytes, "x");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StartsWith(s.message(), "badfile")) << s;
  }
  for (size_t n = 0; n < v1_.size(); ++n)
    expect_badfile(std::span(v1_).first(n), module_);
  for (size_t i = 0; i < v1_.size(); ++i) {
    std::vector<uint8_t> flipped = v1_;
    flipped[i] ^= 0xff;
    expect_badfile(flipped, module_);
  }
  absl::Status renamed = server_.LoadBinary(InternAtom("not_reloaded"), v1_, "x");
  EXPECT_EQ(renamed.message(), "badfile: the file holds module reloaded, not not_reloaded");
}

TEST_F(CodeServerTest, PathChangesAreSeenByTheNextLoad) {
  server_.SetPath({VersionDir("v2")});
  ASSERT_TRUE(server_.Load(module_).ok());
  EXPECT_EQ(Callee("only_in_v1", 0), nullptr);
  server_.AddPath(VersionDir("v1"), /*first=*/true);
  EXPECT_EQ(server_.Path(), (std::vector<std::string>{VersionDir("v1"), VersionDir("v2")}));
  EXPECT_EQ(server_.Which(InternAtom("not_loaded_anywhere")), "");
  ASSERT_TRUE(server_.Load(module_).ok()) << "the v1 directory comes first now";
  EXPECT_TRUE(InCurrentCode(Callee("only_in_v1", 0)));
  EXPECT_EQ(server_.Which(module_), VersionDir("v1") + "/reloaded.beam");
  EXPECT_TRUE(server_.DeletePath(VersionDir("v1")));
  EXPECT_FALSE(server_.DeletePath(VersionDir("v1")));
  server_.AddPath(VersionDir("v1"), /*first=*/false);
  EXPECT_EQ(server_.Path(), (std::vector<std::string>{VersionDir("v2"), VersionDir("v1")}));
}

TEST_F(CodeServerTest, LoadsDeletesPurgesAndPathChangesFromManyThreads) {
  constexpr int kRounds = 200;
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    for (int i = 0; i < kRounds; ++i) {
      absl::Status s = server_.LoadBinary(module_, i % 2 ? v1_ : v2_, "x");
      EXPECT_TRUE(s.ok() || absl::IsFailedPrecondition(s)) << s;
    }
  });
  threads.emplace_back([&] {
    for (int i = 0; i < kRounds; ++i) {
      server_.Purge(module_);
      server_.Delete(module_);
    }
  });
  threads.emplace_back([&] {
    for (int i = 0; i < kRounds; ++i) {
      server_.AddPath(VersionDir(i % 2 ? "v1" : "v2"), i % 3 == 0);
      server_.EnsureLoaded(module_);
      server_.DeletePath(VersionDir(i % 2 ? "v2" : "v1"));
    }
  });
  threads.emplace_back([&] {
    for (int i = 0; i < kRounds; ++i) {
      // Whatever a call finds is the entry of a version that exists.
      if (const vm::Word* callee = Callee("version", 0)) {
        EXPECT_TRUE(server_.code_index().Find(callee).has_value());
      }
      server_.Which(module_);
      server_.ModulesWithCode();
    }
  });
  for (std::thread& t : threads)
    t.join();
}

}  // namespace
}  // namespace ling::code
