// The VM-inspection BIFs of bif_erts_debug.cc against what erl 25 gives for
// the same calls (testdata/check_bif_tests.escript checks every expectation
// here with erl). Binaries are left out: their representation depends on how
// each VM built them.
#include <gtest/gtest.h>

#include <string_view>

#include "emulator/vm/bif_test_util.h"
#include "runtime/term/atom_table.h"

namespace ling::vm {
namespace {

using testing::Call;

// erts_debug's internal state, called as the interpreter calls a BIF: the
// reductions left go in and come out through the context.
Term CallInternalState(std::string_view name, std::initializer_list<Term> args,
                       int64_t* reductions_left) {
  for (const BifEntry& e : ErtsDebugBifs()) {
    if (name != e.name) continue;
    ProcessMemory memory;
    BifContext ctx{memory};
    ctx.reductions_left = *reductions_left;
    std::vector<Term> argv(args);
    Term r = e.function(ctx, argv.data());
    *reductions_left = ctx.reductions_left;
    return r == kNonValue ? ctx.error : r;  // the reason, when it raised
  }
  return kNonValue;
}

// Off until available_internal_state is set (undef, as erts raises, which
// OTP's suites catch to turn it on); then reds_left reads and sets what the
// process has left of its slice.
TEST(ErtsDebugBifs, InternalStateRedsLeft) {
  const Term available = InternAtom("available_internal_state"), reds = InternAtom("reds_left");
  int64_t left = 400;
  EXPECT_EQ(CallInternalState("get_internal_state", {reds}, &left), atoms::kUndef);
  EXPECT_EQ(CallInternalState("set_internal_state", {reds, MakeSmall(5)}, &left), atoms::kUndef);
  EXPECT_EQ(left, 400);
  EXPECT_EQ(CallInternalState("set_internal_state", {available, atoms::kTrue}, &left),
            atoms::kFalse);
  EXPECT_EQ(CallInternalState("get_internal_state", {reds}, &left), MakeSmall(400));
  EXPECT_EQ(CallInternalState("set_internal_state", {reds, MakeSmall(5)}, &left), atoms::kTrue);
  EXPECT_EQ(left, 5);
  EXPECT_EQ(CallInternalState("get_internal_state", {InternAtom("no_such_item")}, &left),
            atoms::kBadarg);
  EXPECT_EQ(CallInternalState("set_internal_state", {reds, MakeSmall(-1)}, &left), atoms::kBadarg);
  EXPECT_EQ(CallInternalState("set_internal_state", {available, atoms::kFalse}, &left),
            atoms::kTrue);
  EXPECT_EQ(CallInternalState("get_internal_state", {reds}, &left), atoms::kUndef);
}

TEST(ErtsDebugBifs, Same) {
  EXPECT_EQ(Call("erts_debug:same(a, a)"), "true");
  EXPECT_EQ(Call("erts_debug:same(a, b)"), "false");
  EXPECT_EQ(Call("erts_debug:same(1, 1)"), "true");
}

TEST(ErtsDebugBifs, FlatSize) {
  EXPECT_EQ(Call("erts_debug:flat_size(a)"), "0");
  EXPECT_EQ(Call("erts_debug:flat_size({a,b})"), "3");
  EXPECT_EQ(Call("erts_debug:flat_size([1,2])"), "4");
  EXPECT_EQ(Call("erts_debug:flat_size(1.0)"), "2");
  EXPECT_EQ(Call("erts_debug:flat_size(1180591620717411303424)"), "3");
  EXPECT_EQ(Call("erts_debug:flat_size([{a,1.0}])"), "7");
}

TEST(ErtsDebugBifs, CmpTermIsTheExactOrder) {
  EXPECT_EQ(Call("erts_internal:cmp_term(1, 1.0)"), "-1");
  EXPECT_EQ(Call("erts_internal:cmp_term(1.0, 1)"), "1");
  EXPECT_EQ(Call("erts_internal:cmp_term(a, a)"), "0");
  EXPECT_EQ(Call("erts_internal:cmp_term(2, 1.0)"), "-1");  // every integer first
  EXPECT_EQ(Call("erts_internal:cmp_term({a}, [a])"), "-1");
}

TEST(ErtsDebugBifs, TermType) {
  EXPECT_EQ(Call("erts_internal:term_type(1)"), "fixnum");
  EXPECT_EQ(Call("erts_internal:term_type(1180591620717411303424)"), "bignum");
  EXPECT_EQ(Call("erts_internal:term_type(-1180591620717411303424)"), "bignum");
  EXPECT_EQ(Call("erts_internal:term_type(1.0)"), "hfloat");
  EXPECT_EQ(Call("erts_internal:term_type(a)"), "atom");
  EXPECT_EQ(Call("erts_internal:term_type([])"), "nil");
  EXPECT_EQ(Call("erts_internal:term_type([1])"), "list");
  EXPECT_EQ(Call("erts_internal:term_type({})"), "tuple");
  EXPECT_EQ(Call("erts_internal:term_type(#{})"), "flatmap");
}

}  // namespace
}  // namespace ling::vm
