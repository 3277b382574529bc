// The code-loading BIFs check their arguments as erl 25 does (the Call
// expectations, which testdata/check_bif_tests.escript checks against
// erl); without a code server (no host) they load nothing and say notsup.
// What they do with one: emulator/code/code_server_test.cc and
// tests/erlang/t_code_loading.erl.
#include <gtest/gtest.h>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/build.h"

namespace ling::vm {
namespace {

using testing::Call;

TEST(CodeLoadingBifs, BadArgumentsAreBadarg) {
  EXPECT_EQ(Call(R"(load_module("m", <<"FOR1">>))"), "error:badarg");
  EXPECT_EQ(Call(R"(load_module(m, not_a_binary))"), "error:badarg");
  EXPECT_EQ(Call(R"(load_module(m, <<1:7>>))"), "error:badarg");
  EXPECT_EQ(Call(R"(delete_module("m"))"), "error:badarg");
  EXPECT_EQ(Call(R"(purge_module("m"))"), "error:badarg");
  EXPECT_EQ(Call(R"(check_old_code("m"))"), "error:badarg");
  EXPECT_EQ(Call(R"(check_process_code(x, m))"), "error:badarg");
  EXPECT_EQ(Call(R"(check_process_code(x, m, []))"), "error:badarg");
}

TEST(CodeLoadingBifs, CheckProcessCodeOptionsAreChecked) {
  ProcessMemory memory;
  Term pid = MakePid(1);
  Term m = InternAtom("m");
  auto call = [&](const char* options) {
    absl::StatusOr<Term> list = testing::ParseTerm(memory, options);
    EXPECT_TRUE(list.ok());
    const Term args[] = {pid, m, *list};
    return Call(memory, "erlang", "check_process_code", args);
  };
  EXPECT_EQ(call("[bad]"), "error:badarg");
  EXPECT_EQ(call("[{allow_gc, maybe}]"), "error:badarg");
  EXPECT_EQ(call("[{async, r} | x]"), "error:badarg");
  EXPECT_EQ(call("x"), "error:badarg");
  EXPECT_EQ(call("[{allow_gc, true}, {async, r}]"), "error:notsup") << "options fine, no host";
}

TEST(CodeLoadingBifs, WithoutACodeServerNothingLoads) {
  ProcessMemory memory;
  const Term module[] = {InternAtom("m")};
  EXPECT_EQ(Call(memory, "erlang", "delete_module", module), "error:notsup");
  EXPECT_EQ(Call(memory, "erlang", "check_old_code", module), "error:notsup");
  EXPECT_EQ(Call(memory, "erlang", "loaded", {}), "error:notsup");
  EXPECT_EQ(Call(memory, "ling", "purge_module", module), "error:notsup");
}

}  // namespace
}  // namespace ling::vm
