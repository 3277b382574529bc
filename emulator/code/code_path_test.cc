// Finding modules along the code path and the module table's rules, as
// code:load_file/1, code:delete/1 and code:purge/1 behave on erl 25.
#include "emulator/code/code_path.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "emulator/code/module_table.h"
#include "emulator/loader/test_files.h"
#include "runtime/term/atom_table.h"

namespace ling::code {
namespace {

namespace fs = std::filesystem;

class CodePathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    root_ = fs::path(tmp != nullptr ? tmp : "/tmp") / "ling_code_path_test";
    fs::remove_all(root_);
    for (const char* d : {"first", "second", "empty"})
      fs::create_directories(root_ / d);
    sample_ = loader::testing::Runfile("emulator/loader/testdata/loader_sample.beam");
    fs::copy_file(sample_, root_ / "second" / "loader_sample.beam");
    fs::copy_file(sample_, root_ / "first" / "renamed.beam");
    std::ofstream(root_ / "first" / "junk.beam") << "not a beam file";
  }
  std::vector<std::string> Path() {
    return {(root_ / "empty").string(), (root_ / "first").string(), (root_ / "second").string()};
  }

  fs::path root_;
  std::string sample_;
};

TEST_F(CodePathTest, TheFirstDirectoryHoldingTheModuleWins) {
  fs::copy_file(sample_, root_ / "first" / "loader_sample.beam");
  absl::StatusOr<std::string> found = FindBeam("loader_sample", Path());
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(*found, (root_ / "first" / "loader_sample.beam").string());
  absl::StatusOr<std::shared_ptr<const LoadedModule>> m =
      ReadModuleFromPath("loader_sample", Path());
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(AtomName((*m)->beam.name), "loader_sample");
  EXPECT_EQ((*m)->file, *found);
}

TEST_F(CodePathTest, AModuleReadFromARelativeDirectoryIsRecordedUnderItsAbsoluteName) {
  fs::path relative = fs::relative(root_ / "second");
  absl::StatusOr<std::shared_ptr<const LoadedModule>> m = ReadModuleFromPath(
      "loader_sample", std::vector<std::string>{"./" + relative.string() + "/."});
  ASSERT_TRUE(m.ok()) << m.status();
  // As filename:absname/1: "." goes, ".." stays.
  EXPECT_EQ((*m)->file, (fs::current_path() / relative / "loader_sample.beam").string());
}

TEST_F(CodePathTest, MissingAndBadFilesAreNofileAndBadfile) {
  absl::StatusOr<std::shared_ptr<const LoadedModule>> missing =
      ReadModuleFromPath("nosuch", Path());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "nofile");
  absl::StatusOr<std::shared_ptr<const LoadedModule>> junk = ReadModuleFromPath("junk", Path());
  EXPECT_EQ(junk.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(junk.status().message(), "badfile: malformed")) << junk.status();
  absl::StatusOr<std::shared_ptr<const LoadedModule>> renamed =
      ReadModuleFromPath("renamed", Path());
  EXPECT_EQ(renamed.status().message(),
            "badfile: the file holds module loader_sample, not renamed");
}

TEST_F(CodePathTest, ModuleTableFollowsTheLoadDeletePurgeRules) {
  absl::StatusOr<std::shared_ptr<const LoadedModule>> v1 =
      ReadModuleFromPath("loader_sample", Path());
  absl::StatusOr<std::shared_ptr<const LoadedModule>> v2 =
      ReadModuleFromPath("loader_sample", Path());
  absl::StatusOr<std::shared_ptr<const LoadedModule>> v3 =
      ReadModuleFromPath("loader_sample", Path());
  ASSERT_TRUE(v1.ok() && v2.ok() && v3.ok());
  Term name = (*v1)->beam.name;
  ModuleTable table;
  EXPECT_EQ(table.Current(name), nullptr);
  ASSERT_TRUE(table.Install(*v1).ok());
  ASSERT_TRUE(table.Install(*v2).ok()) << "the first version becomes old";
  EXPECT_EQ(table.Current(name), *v2);
  EXPECT_EQ(table.Old(name), *v1);
  absl::Status third = table.Install(*v3);
  EXPECT_EQ(third.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(third.message(), "not_purged");
  using Outcome = vm::CodeService::DeleteOutcome;
  EXPECT_EQ(table.Delete(name), Outcome::kNotPurged) << "old code must be purged before deleting";
  EXPECT_EQ(table.Purge(name), *v1);
  EXPECT_EQ(table.Purge(name), nullptr) << "nothing left to purge";
  EXPECT_EQ(table.Delete(name), Outcome::kDeleted);
  EXPECT_EQ(table.Current(name), nullptr);
  EXPECT_EQ(table.Old(name), *v2);
  EXPECT_TRUE(table.Loaded().empty());
  EXPECT_EQ(table.WithCode(), std::vector<Term>{name}) << "old code only";
  EXPECT_EQ(table.Purge(name), *v2);
  EXPECT_EQ(table.Old(name), nullptr);
  EXPECT_TRUE(table.WithCode().empty());
  EXPECT_EQ(table.Delete(name), Outcome::kDeleted) << "known, without code";
  EXPECT_EQ(table.Delete(InternAtom("never_installed")), Outcome::kUnknown);
}

}  // namespace
}  // namespace ling::code
