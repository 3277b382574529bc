// The VM-inspection BIFs of bif_erts_debug.cc against what erl 25 gives for
// the same calls (testdata/check_bif_tests.escript checks every expectation
// here with erl). Binaries are left out: their representation depends on how
// each VM built them.
#include <gtest/gtest.h>

#include "emulator/vm/bif_test_util.h"

namespace ling::vm {
namespace {

using testing::Call;

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
