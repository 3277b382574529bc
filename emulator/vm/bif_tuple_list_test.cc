// The BIFs of bif_tuple_list.cc against what erl 25 gives for the same calls
// (testdata/check_bif_tests.escript checks every expectation here with erl).
#include <gtest/gtest.h>

#include <vector>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/build.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::Erl;

TEST(TupleListBifs, Setelement) {
  EXPECT_EQ(Call("setelement(2, {a,b,c}, x)"), "{a,x,c}");
  EXPECT_EQ(Call("setelement(1, {a}, [])"), "{[]}");
  EXPECT_EQ(Call("setelement(0, {a,b,c}, x)"), "error:badarg");
  EXPECT_EQ(Call("setelement(4, {a,b,c}, x)"), "error:badarg");
  EXPECT_EQ(Call("setelement(1, {}, x)"), "error:badarg");
  EXPECT_EQ(Call("setelement(1, [a], x)"), "error:badarg");
  EXPECT_EQ(Call("setelement(a, {a}, x)"), "error:badarg");
}

TEST(TupleListBifs, MakeTuple) {
  EXPECT_EQ(Call("make_tuple(3, x)"), "{x,x,x}");
  EXPECT_EQ(Call("make_tuple(0, x)"), "{}");
  EXPECT_EQ(Call("make_tuple(-1, x)"), "error:badarg");
  EXPECT_EQ(Call("make_tuple(a, x)"), "error:badarg");
  EXPECT_EQ(Call("make_tuple(16777216, x)"), "error:badarg");
  EXPECT_EQ(Call("make_tuple(3, x, [{1,a},{3,c}])"), "{a,x,c}");
  EXPECT_EQ(Call("make_tuple(3, x, [{1,a},{1,b}])"), "{b,x,x}");
  EXPECT_EQ(Call("make_tuple(3, x, [])"), "{x,x,x}");
  EXPECT_EQ(Call("make_tuple(3, x, [{4,a}])"), "error:badarg");
  EXPECT_EQ(Call("make_tuple(3, x, [{0,a}])"), "error:badarg");
  EXPECT_EQ(Call("make_tuple(3, x, [{1,a,b}])"), "error:badarg");
  EXPECT_EQ(Call("make_tuple(3, x, [{1,a}|b])"), "error:badarg");
  EXPECT_EQ(Call("make_tuple(0, x, [{1,a}])"), "error:badarg");
}

TEST(TupleListBifs, AppendInsertDeleteElement) {
  EXPECT_EQ(Call("append_element({a,b}, c)"), "{a,b,c}");
  EXPECT_EQ(Call("append_element({}, c)"), "{c}");
  EXPECT_EQ(Call("append_element([], c)"), "error:badarg");
  EXPECT_EQ(Call("insert_element(1, {a,b}, x)"), "{x,a,b}");
  EXPECT_EQ(Call("insert_element(3, {a,b}, x)"), "{a,b,x}");
  EXPECT_EQ(Call("insert_element(1, {}, x)"), "{x}");
  EXPECT_EQ(Call("insert_element(4, {a,b}, x)"), "error:badarg");
  EXPECT_EQ(Call("insert_element(0, {a,b}, x)"), "error:badarg");
  EXPECT_EQ(Call("delete_element(1, {a,b})"), "{b}");
  EXPECT_EQ(Call("delete_element(2, {a,b})"), "{a}");
  EXPECT_EQ(Call("delete_element(3, {a,b})"), "error:badarg");
  EXPECT_EQ(Call("delete_element(1, {})"), "error:badarg");
  EXPECT_EQ(Call("delete_element(1, a)"), "error:badarg");
}

TEST(TupleListBifs, Append) {
  EXPECT_EQ(Call("'++'([1,2], [3])"), "[1,2,3]");
  EXPECT_EQ(Call("'++'([], x)"), "x");
  EXPECT_EQ(Call("'++'([1], x)"), "[1|x]");
  EXPECT_EQ(Call("'++'([1], [2|x])"), "[1,2|x]");
  EXPECT_EQ(Call("'++'([1|x], [2])"), "error:badarg");
  EXPECT_EQ(Call("'++'(x, [2])"), "error:badarg");
  EXPECT_EQ(Call("append(\"ab\", \"cd\")"), Erl(R"("abcd")"));
}

TEST(TupleListBifs, Subtract) {
  EXPECT_EQ(Call("'--'([1,2,3,2,1], [2,1])"), "[3,2,1]");
  EXPECT_EQ(Call("'--'([1,2,3], [])"), "[1,2,3]");
  EXPECT_EQ(Call("'--'([], [1])"), "[]");
  EXPECT_EQ(Call("'--'([1,1,1], [1,1])"), "[1]");
  EXPECT_EQ(Call("'--'([1, 1.0], [1.0])"), "[1]");
  EXPECT_EQ(Call("'--'([a, {b}, \"c\", #{d => e}], [#{d => e}, \"c\", x])"), "[a,{b}]");
  EXPECT_EQ(Call("'--'([1|x], [1])"), "error:badarg");
  EXPECT_EQ(Call("'--'([1], [1|x])"), "error:badarg");
  EXPECT_EQ(Call("'--'(a, [])"), "error:badarg");
  EXPECT_EQ(Call("subtract([c,b,a], [a,c])"), "[b]");
}

TEST(TupleListBifs, SubtractOfLongListsIsNotQuadratic) {
  ProcessMemory memory;
  std::vector<Term> left, right;
  for (int i = 0; i < 200000; ++i) {
    left.push_back(MakeSmall(i));
    if (i % 2 == 0) right.push_back(MakeSmall(i));
  }
  Term args[] = {MakeList(memory, left), MakeList(memory, right)};
  Term length_args[] = {kNonValue};
  BifContext ctx{memory};
  const BifEntry* subtract = FindBif(InternAtom("erlang"), InternAtom("--"), 2);
  length_args[0] = subtract->function(ctx, args);
  EXPECT_EQ(testing::Call(memory, "erlang", "length", length_args), "100000");
}

TEST(TupleListBifs, Reverse) {
  EXPECT_EQ(Call("lists:reverse([1,2,3], [4])"), "[3,2,1,4]");
  EXPECT_EQ(Call("lists:reverse([], x)"), "x");
  EXPECT_EQ(Call("lists:reverse([1], x)"), "[1|x]");
  EXPECT_EQ(Call("lists:reverse([1|x], [])"), "error:badarg");
  EXPECT_EQ(Call("lists:reverse(a, [])"), "error:badarg");
}

TEST(TupleListBifs, Keyfind) {
  EXPECT_EQ(Call("lists:keyfind(b, 1, [{a,1},{b,2},{b,3}])"), "{b,2}");
  EXPECT_EQ(Call("lists:keyfind(2, 2, [{a,1},{b,2}])"), "{b,2}");
  EXPECT_EQ(Call("lists:keyfind(c, 1, [{a,1},{b,2}])"), "false");
  EXPECT_EQ(Call("lists:keyfind(1, 1, [{1.0,a}])"), "{1.0,a}");
  EXPECT_EQ(Call("lists:keyfind(1.0, 1, [{1,a}])"), "{1,a}");
  EXPECT_EQ(Call("lists:keyfind(\"k\", 1, [{\"k\",a}])"), Erl(R"({"k",a})"));
  EXPECT_EQ(Call("lists:keyfind(a, 3, [{a,1},x,{a,b,c}])"), "false");
  EXPECT_EQ(Call("lists:keyfind(c, 3, [{a,1},x,{a,b,c}])"), "{a,b,c}");
  EXPECT_EQ(Call("lists:keyfind(a, 1, [{a,1}|x])"), "{a,1}");
  EXPECT_EQ(Call("lists:keyfind(b, 1, [{a,1}|x])"), "error:badarg");
  EXPECT_EQ(Call("lists:keyfind(a, 0, [{a,1}])"), "error:badarg");
  EXPECT_EQ(Call("lists:keyfind(a, 1, x)"), "error:badarg");
  EXPECT_EQ(Call("lists:keyfind(a, 1, [])"), "false");
  EXPECT_EQ(Call("lists:keymember(b, 1, [{a,1},{b,2}])"), "true");
  EXPECT_EQ(Call("lists:keymember(c, 1, [{a,1},{b,2}])"), "false");
  EXPECT_EQ(Call("lists:keymember(c, a, [])"), "error:badarg");
  EXPECT_EQ(Call("lists:keysearch(b, 1, [{a,1},{b,2}])"), "{value,{b,2}}");
  EXPECT_EQ(Call("lists:keysearch(c, 1, [{a,1},{b,2}])"), "false");
  EXPECT_EQ(Call("lists:keysearch(c, 1, [{a,1}|b])"), "error:badarg");
}

TEST(TupleListBifs, Member) {
  EXPECT_EQ(Call("lists:member(b, [a,b,c])"), "true");
  EXPECT_EQ(Call("lists:member(d, [a,b,c])"), "false");
  EXPECT_EQ(Call("lists:member(1, [1.0])"), "false");
  EXPECT_EQ(Call("lists:member({a,\"b\"}, [{a,\"b\"}])"), "true");
  EXPECT_EQ(Call("lists:member(a, [])"), "false");
  EXPECT_EQ(Call("lists:member(a, [a|b])"), "true");
  EXPECT_EQ(Call("lists:member(c, [a|b])"), "error:badarg");
  EXPECT_EQ(Call("lists:member(a, b)"), "error:badarg");
}

}  // namespace
}  // namespace ling::vm
