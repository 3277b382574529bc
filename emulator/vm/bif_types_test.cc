// The BIFs of bif_types.cc against what erl 25 gives for the same calls
// (testdata/check_bif_tests.escript checks every expectation here with erl).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"
#include "runtime/term/reference.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::Erl;

TEST(TypeBifs, TypeTests) {
  EXPECT_EQ(Call("is_atom(a)"), "true");
  EXPECT_EQ(Call("is_atom([])"), "false");
  EXPECT_EQ(Call("is_integer(1)"), "true");
  EXPECT_EQ(Call("is_integer(100000000000000000000000)"), "true");
  EXPECT_EQ(Call("is_integer(1.0)"), "false");
  EXPECT_EQ(Call("is_float(1.0)"), "true");
  EXPECT_EQ(Call("is_float(1)"), "false");
  EXPECT_EQ(Call("is_number(-1.5)"), "true");
  EXPECT_EQ(Call("is_number(-100000000000000000000000)"), "true");
  EXPECT_EQ(Call("is_number(a)"), "false");
  EXPECT_EQ(Call("is_list([])"), "true");
  EXPECT_EQ(Call("is_list([a|b])"), "true");
  EXPECT_EQ(Call("is_list({})"), "false");
  EXPECT_EQ(Call("is_tuple({})"), "true");
  EXPECT_EQ(Call("is_tuple([])"), "false");
  EXPECT_EQ(Call("is_binary(<<>>)"), "true");
  EXPECT_EQ(Call("is_binary(\"abc\")"), "false");
  EXPECT_EQ(Call("is_bitstring(<<1,2>>)"), "true");
  EXPECT_EQ(Call("is_boolean(true)"), "true");
  EXPECT_EQ(Call("is_boolean(false)"), "true");
  EXPECT_EQ(Call("is_boolean(undefined)"), "false");
  EXPECT_EQ(Call("is_map(#{})"), "true");
  EXPECT_EQ(Call("is_map([])"), "false");
  EXPECT_EQ(Call("is_function(fun lists:map/2)"), "true");
  EXPECT_EQ(Call("is_function(a)"), "false");
  EXPECT_EQ(Call("is_pid(a)"), "false");
  EXPECT_EQ(Call("is_port(a)"), "false");
  EXPECT_EQ(Call("is_reference(a)"), "false");
}

TEST(TypeBifs, PidsPortsAndReferences) {
  ProcessMemory memory;
  Term pid = MakePid(5), port = MakePort(3), ref = MakeReference(memory);
  EXPECT_EQ(testing::Call(memory, "erlang", "is_pid", {&pid, 1}), "true");
  EXPECT_EQ(testing::Call(memory, "erlang", "is_port", {&port, 1}), "true");
  EXPECT_EQ(testing::Call(memory, "erlang", "is_reference", {&ref, 1}), "true");
  EXPECT_EQ(testing::Call(memory, "erlang", "is_reference", {&pid, 1}), "false");
}

TEST(TypeBifs, IsFunctionWithArity) {
  EXPECT_EQ(Call("is_function(fun lists:map/2, 2)"), "true");
  EXPECT_EQ(Call("is_function(fun lists:map/2, 1)"), "false");
  EXPECT_EQ(Call("is_function(a, 0)"), "false");
  EXPECT_EQ(Call("is_function(fun lists:map/2, 100000000000000000000)"), "false");
  EXPECT_EQ(Call("is_function(fun lists:map/2, -1)"), "error:badarg");
  EXPECT_EQ(Call("is_function(fun lists:map/2, -100000000000000000000)"), "error:badarg");
  EXPECT_EQ(Call("is_function(a, a)"), "error:badarg");
}

TEST(TypeBifs, IsRecord) {
  EXPECT_EQ(Call("is_record({a,1}, a)"), "true");
  EXPECT_EQ(Call("is_record({a,1}, b)"), "false");
  EXPECT_EQ(Call("is_record({}, a)"), "false");
  EXPECT_EQ(Call("is_record(a, a)"), "false");
  EXPECT_EQ(Call("is_record({a,1}, 1)"), "error:badarg");
  EXPECT_EQ(Call("is_record({a,1}, a, 2)"), "true");
  EXPECT_EQ(Call("is_record({a,1}, a, 3)"), "false");
  EXPECT_EQ(Call("is_record({a,1}, a, -1)"), "false");
  EXPECT_EQ(Call("is_record({a,1}, a, b)"), "error:badarg");
  EXPECT_EQ(Call("is_record({a,1}, 1, 2)"), "error:badarg");
}

TEST(TypeBifs, Abs) {
  EXPECT_EQ(Call("abs(-5)"), "5");
  EXPECT_EQ(Call("abs(5)"), "5");
  EXPECT_EQ(Call("abs(-2.5)"), "2.5");
  EXPECT_EQ(Call("abs(-0.0)"), "-0.0");
  EXPECT_EQ(Call("abs(-576460752303423488)"), "576460752303423488");
  EXPECT_EQ(Call("abs(-100000000000000000000)"), "100000000000000000000");
  EXPECT_EQ(Call("abs(a)"), "error:badarg");
}

TEST(TypeBifs, Float) {
  EXPECT_EQ(Call("float(1)"), "1.0");
  EXPECT_EQ(Call("float(-3)"), "-3.0");
  EXPECT_EQ(Call("float(2.5)"), "2.5");
  EXPECT_EQ(Call("float(100000000000000000000000)"), "1.0e23");
  EXPECT_EQ(Call("float(a)"), "error:badarg");
  EXPECT_EQ(Call("float(\"1\")"), "error:badarg");
}

// erl: float(1 bsl 1024) is badarg, float((1 bsl 1023) + (1 bsl 1000))
// 8.988466745820187e307, (1 bsl 1100) / (1 bsl 1099) badarith.
TEST(TypeBifs, IntegersPastTheDoubles) {
  ProcessMemory memory;
  Term big = *IntegerBsl(memory, MakeSmall(1), MakeSmall(1024));
  Term sum = *IntegerAdd(memory, *IntegerBsl(memory, MakeSmall(1), MakeSmall(1023)),
                         *IntegerBsl(memory, MakeSmall(1), MakeSmall(1000)));
  Term pair[] = {*IntegerBsl(memory, MakeSmall(1), MakeSmall(1100)),
                 *IntegerBsl(memory, MakeSmall(1), MakeSmall(1099))};
  EXPECT_EQ(testing::Call(memory, "erlang", "float", {&big, 1}), "error:badarg");
  EXPECT_EQ(testing::Call(memory, "erlang", "float", {&sum, 1}), "8.988466745820187e307");
  EXPECT_EQ(testing::Call(memory, "erlang", "/", pair), "error:badarith");
}

TEST(TypeBifs, Rounding) {
  EXPECT_EQ(Call("trunc(2.7)"), "2");
  EXPECT_EQ(Call("trunc(-2.7)"), "-2");
  EXPECT_EQ(Call("trunc(5)"), "5");
  EXPECT_EQ(Call("trunc(1.0e30)"), "1000000000000000019884624838656");
  EXPECT_EQ(Call("round(2.5)"), "3");
  EXPECT_EQ(Call("round(-2.5)"), "-3");
  EXPECT_EQ(Call("round(2.4999)"), "2");
  EXPECT_EQ(Call("round(-0.4)"), "0");
  EXPECT_EQ(Call("ceil(2.1)"), "3");
  EXPECT_EQ(Call("ceil(-2.1)"), "-2");
  EXPECT_EQ(Call("ceil(-0.5)"), "0");
  EXPECT_EQ(Call("floor(2.9)"), "2");
  EXPECT_EQ(Call("floor(-2.1)"), "-3");
  EXPECT_EQ(Call("floor(100000000000000000000)"), "100000000000000000000");
  EXPECT_EQ(Call("trunc(a)"), "error:badarg");
  EXPECT_EQ(Call("round(\"1\")"), "error:badarg");
  EXPECT_EQ(Call("ceil([])"), "error:badarg");
  EXPECT_EQ(Call("floor({})"), "error:badarg");
}

TEST(TypeBifs, Divide) {
  EXPECT_EQ(Call("'/'(1, 2)"), "0.5");
  EXPECT_EQ(Call("'/'(-3, 2.0)"), "-1.5");
  EXPECT_EQ(Call("'/'(4, 2)"), "2.0");
  EXPECT_EQ(Call("'/'(100000000000000000000, 10)"), "1.0e19");
  EXPECT_EQ(Call("'/'(1, 0)"), "error:badarith");
  EXPECT_EQ(Call("'/'(1.0, 0.0)"), "error:badarith");
  EXPECT_EQ(Call("'/'(a, 1)"), "error:badarith");
  EXPECT_EQ(Call("'/'(1.0e300, 1.0e-300)"), "error:badarith");
}

TEST(TypeBifs, UnaryPlus) {
  EXPECT_EQ(Call("'+'(-1)"), "-1");
  EXPECT_EQ(Call("'+'(1.5)"), "1.5");
  EXPECT_EQ(Call("'+'(a)"), "error:badarith");
}

TEST(TypeBifs, MinMax) {
  EXPECT_EQ(Call("min(1, 2)"), "1");
  EXPECT_EQ(Call("min(b, a)"), "a");
  EXPECT_EQ(Call("min(1, 1.0)"), "1");
  EXPECT_EQ(Call("min(1.0, 1)"), "1.0");
  EXPECT_EQ(Call("max(1, 1.0)"), "1");
  EXPECT_EQ(Call("max(1.0, 1)"), "1.0");
  EXPECT_EQ(Call("max(a, 1)"), "a");
  EXPECT_EQ(Call("max([], {})"), "[]");
  EXPECT_EQ(Call("min(\"abc\", \"abd\")"), Erl("\"abc\""));
}

TEST(TypeBifs, Booleans) {
  EXPECT_EQ(Call("'not'(true)"), "false");
  EXPECT_EQ(Call("'not'(false)"), "true");
  EXPECT_EQ(Call("'not'(1)"), "error:badarg");
  EXPECT_EQ(Call("'and'(true, true)"), "true");
  EXPECT_EQ(Call("'and'(true, false)"), "false");
  EXPECT_EQ(Call("'and'(false, 1)"), "error:badarg");
  EXPECT_EQ(Call("'or'(false, true)"), "true");
  EXPECT_EQ(Call("'or'(false, false)"), "false");
  EXPECT_EQ(Call("'or'(true, x)"), "error:badarg");
  EXPECT_EQ(Call("'xor'(true, true)"), "false");
  EXPECT_EQ(Call("'xor'(true, false)"), "true");
  EXPECT_EQ(Call("'xor'(1, false)"), "error:badarg");
}

TEST(TypeBifs, Sizes) {
  EXPECT_EQ(Call("byte_size(<<1,2,3>>)"), "3");
  EXPECT_EQ(Call("byte_size(<<>>)"), "0");
  EXPECT_EQ(Call("byte_size(a)"), "error:badarg");
  EXPECT_EQ(Call("bit_size(<<1,2,3>>)"), "24");
  EXPECT_EQ(Call("bit_size([])"), "error:badarg");
  EXPECT_EQ(Call("size({a,b})"), "2");
  EXPECT_EQ(Call("size(<<\"abcd\">>)"), "4");
  EXPECT_EQ(Call("size([a])"), "error:badarg");
}

TEST(TypeBifs, Bitstrings) {
  EXPECT_EQ(Call("is_binary(<<1:9>>)"), "false");
  EXPECT_EQ(Call("is_bitstring(<<1:9>>)"), "true");
  EXPECT_EQ(Call("is_bitstring(<<>>)"), "true");
  EXPECT_EQ(Call("byte_size(<<1:9>>)"), "2");
  EXPECT_EQ(Call("bit_size(<<1:9>>)"), "9");
  EXPECT_EQ(Call("bit_size(<<1:3>>)"), "3");
  EXPECT_EQ(Call("size(<<1:9>>)"), "1");
  EXPECT_EQ(Call("size(<<1:7>>)"), "0");
}

// Two of bif.cc's, added with these.
TEST(CoreBifs, NodeOfAndErrorWithOptions) {
  ProcessMemory memory;
  Term pid = MakePid(5);
  EXPECT_EQ(testing::Call(memory, "erlang", "node", {&pid, 1}), "nonode@nohost");
  EXPECT_EQ(Call("node(a)"), "error:badarg");
  EXPECT_EQ(Call("error(foo, [1], [{error_info, #{}}])"), "error:foo");
}

// FindBif takes the first entry: a second one for the same function would
// never be called.
TEST(BifTables, NoFunctionHasTwoEntries) {
  std::set<std::tuple<std::string, std::string, int>> seen;
  for (std::span<const BifEntry> (*table)() : kBifTables) {
    for (const BifEntry& b : table()) {
      EXPECT_TRUE(seen.insert({b.module, b.name, b.arity}).second)
          << b.module << ":" << b.name << "/" << b.arity;
    }
  }
}

}  // namespace
}  // namespace ling::vm
