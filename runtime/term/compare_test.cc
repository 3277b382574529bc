#include "runtime/term/compare.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bits.h"
#include "runtime/term/build.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

TEST(Compare, TypeOrderIsErlangs) {
  Heap h;
  // number < atom < reference < fun < port < pid < tuple < map < nil < list
  // < bitstring; local funs before export funs.
  std::vector<Term> ascending = {MakeSmall(5),
                                 *IntegerBsl(h, MakeSmall(1), MakeSmall(100)),
                                 atoms::kOk,
                                 MakeReference(h),
                                 MakeLocalFun(h, nullptr, {.module = atoms::kOk}, {}),
                                 MakeExportFun(h, atoms::kOk, atoms::kOk, 0),
                                 MakePort(1),
                                 MakePid(1),
                                 MakeTuple(h, {}),
                                 MakeMap(h, std::vector<std::pair<Term, Term>>{}),
                                 kNil,
                                 MakeCons(h, MakeSmall(1), kNil),
                                 MakeBinary(h, std::string_view(""))};
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      int c = Compare(ascending[i], ascending[j]);
      EXPECT_EQ(c < 0, i < j) << i << " vs " << j;
      EXPECT_EQ(c == 0, i == j) << i << " vs " << j;
    }
  }
}

TEST(Compare, IntegersAndFloatsCompareByValue) {
  Heap h;
  EXPECT_TRUE(Equal(MakeSmall(1), *MakeFloat(h, 1.0)));
  EXPECT_FALSE(ExactEqual(MakeSmall(1), *MakeFloat(h, 1.0)));
  EXPECT_LT(Compare(MakeSmall(1), *MakeFloat(h, 1.5)), 0);
  EXPECT_GT(Compare(*MakeFloat(h, -0.5), MakeSmall(-1)), 0);
  // 2^59-1 is exact in long double, not in double.
  EXPECT_GT(Compare(MakeSmall(kSmallMax), *MakeFloat(h, 576460752303423487.0 - 64)), 0);
}

Term Big(Heap& h, std::string_view text) {
  return *IntegerFromText(h, text, 10);
}

TEST(Compare, BignumsSmallsAndFloatsCompareByExactValue) {
  Heap h;
  std::vector<Term> ascending = {
      Big(h, "-1267650600228229401496703205376"),  // -(2^100)
      *MakeFloat(h, -1.0e30),
      Big(h, "-576460752303423489"),
      MakeSmall(kSmallMin),
      *MakeFloat(h, -0.5),
      MakeSmall(0),
      MakeSmall(kSmallMax),
      *MakeFloat(h, 0x1p59),
      Big(h, "576460752303423489"),
      *MakeFloat(h, 0x1p64),
      Big(h, "18446744073709551617"),
      *MakeFloat(h, 1.0e30),
      Big(h, "1267650600228229401496703205376"),
  };
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      int c = Compare(ascending[i], ascending[j]);
      EXPECT_EQ(c < 0, i < j) << i << " vs " << j;
      EXPECT_EQ(c == 0, i == j) << i << " vs " << j;
    }
  }
  // 2^64 and 2^64 as a float: == but not =:=.
  Term two64 = Big(h, "18446744073709551616");
  EXPECT_TRUE(Equal(two64, *MakeFloat(h, 0x1p64)));
  EXPECT_FALSE(ExactEqual(two64, *MakeFloat(h, 0x1p64)));
  EXPECT_TRUE(ExactEqual(two64, Big(h, "18446744073709551616")));
  EXPECT_FALSE(ExactEqual(two64, Big(h, "-18446744073709551616")));
}

// The map key order. Expected: erl (OTP 25), maps:keys(#{1.0 => a, 2 => b,
// 1 => c, -5.0 => d, 10^23 => e, -3 => f, 0.5 => g}) and the keys of
// #{1.0e30 => a, 2^200 => b, -2^200 => c, -1.0e30 => d}.
TEST(Compare, ExactOrderPutsEveryIntegerBeforeEveryFloat) {
  Heap h;
  std::vector<Term> ascending = {
      Big(h, "-1606938044258990275541962092341162602522202993782792835301376"),  // -(2^200)
      MakeSmall(-3),
      MakeSmall(1),
      MakeSmall(2),
      Big(h, "100000000000000000000000"),
      Big(h, "1606938044258990275541962092341162602522202993782792835301376"),  // 2^200
      *MakeFloat(h, -1.0e30),
      *MakeFloat(h, -5.0),
      *MakeFloat(h, 0.5),
      *MakeFloat(h, 1.0),
      *MakeFloat(h, 1.0e30),
  };
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      int c = CompareExact(ascending[i], ascending[j]);
      EXPECT_EQ(c < 0, i < j) << i << " vs " << j;
      EXPECT_EQ(c == 0, i == j) << i << " vs " << j;
    }
  }
}

// Expected: erl (OTP 25): maps:keys of maps with these keys.
TEST(Compare, ExactOrderHoldsInsideCompoundTerms) {
  Heap h;
  Term one = MakeSmall(1), two = MakeSmall(2), one_float = *MakeFloat(h, 1.0);
  Term a = InternAtom("a");
  auto ascending = [](const std::vector<Term>& terms) {
    for (size_t i = 0; i + 1 < terms.size(); ++i) {
      EXPECT_LT(CompareExact(terms[i], terms[i + 1]), 0) << i;
      EXPECT_GT(CompareExact(terms[i + 1], terms[i]), 0) << i;
    }
  };
  // {2} < {1.0}, though {2} > {1.0} in the term order.
  ascending({MakeTuple(h, {two}), MakeTuple(h, {one_float})});
  EXPECT_GT(Compare(MakeTuple(h, {two}), MakeTuple(h, {one_float})), 0);
  // [1 | 3] < [1 | 2.0] < [1] < [2] < [1.0].
  ascending({MakeCons(h, one, MakeSmall(3)), MakeCons(h, one, *MakeFloat(h, 2.0)),
             MakeCons(h, one, kNil), MakeCons(h, two, kNil), MakeCons(h, one_float, kNil)});
  // Map keys and map values: #{2 => a} < #{1.0 => a}; #{a => 1} < #{a => 2}
  // < #{a => 1.0}.
  auto map = [&h](std::vector<std::pair<Term, Term>> pairs) { return MakeMap(h, pairs); };
  ascending({map({{two, a}}), map({{one_float, a}})});
  ascending({map({{a, one}}), map({{a, two}}), map({{a, one_float}})});
}

// Expected: erl (OTP 25).
TEST(Compare, MapsBySizeThenKeysThenValues) {
  Heap h;
  auto map = [&h](std::vector<std::pair<Term, Term>> pairs) { return MakeMap(h, pairs); };
  Term a = InternAtom("a"), b = InternAtom("b"), c = InternAtom("c");
  Term one = MakeSmall(1), one_float = *MakeFloat(h, 1.0);
  // #{1 => a} == #{1.0 => a} is false: keys compare exactly, even for ==.
  EXPECT_FALSE(Equal(map({{one, a}}), map({{one_float, a}})));
  // #{a => 1} == #{a => 1.0} is true, =:= is false: values follow the operator.
  EXPECT_TRUE(Equal(map({{a, one}}), map({{a, one_float}})));
  EXPECT_FALSE(ExactEqual(map({{a, one}}), map({{a, one_float}})));
  // #{1 => a} < #{1.0 => a}; #{1.0 => a} < #{1 => b} is false.
  EXPECT_LT(Compare(map({{one, a}}), map({{one_float, a}})), 0);
  EXPECT_GT(Compare(map({{one_float, a}}), map({{one, b}})), 0);
  // Keys in map key order, whatever their values: #{1.0 => a} > #{2 => a},
  // #{0.5 => z} > #{2 => a}, and #{1 => x, 1.0 => b} < #{1 => y, 1.0 => a}
  // (values in key order: the integer key's first).
  EXPECT_GT(Compare(map({{one_float, a}}), map({{MakeSmall(2), a}})), 0);
  EXPECT_GT(Compare(map({{*MakeFloat(h, 0.5), InternAtom("z")}}), map({{MakeSmall(2), a}})), 0);
  EXPECT_LT(Compare(map({{one, InternAtom("x")}, {one_float, b}}),
                    map({{one, InternAtom("y")}, {one_float, a}})),
            0);
  // Values compare as the comparison does: #{a => 2} < #{a => 1.0} is false.
  EXPECT_GT(Compare(map({{a, MakeSmall(2)}}), map({{a, one_float}})), 0);
  // #{b => 1} < #{a => 1, c => 1}: size first.
  EXPECT_LT(Compare(map({{b, one}}), map({{a, one}, {c, one}})), 0);
  // #{a => 2} < #{b => 1}: keys before values.
  EXPECT_LT(Compare(map({{a, MakeSmall(2)}}), map({{b, one}})), 0);
  // #{a => 2, b => 1} < #{a => 1, b => 3} is false: values in key order.
  EXPECT_GT(Compare(map({{a, MakeSmall(2)}, {b, one}}), map({{a, one}, {b, MakeSmall(3)}})), 0);
  EXPECT_TRUE(ExactEqual(map({{a, MakeString(h, "x")}, {b, kNil}}),
                         map({{b, kNil}, {a, MakeString(h, "x")}})));
}

// Maps of more than 32 keys walk in hash order, but compare in key order:
// with the maps below, key 16 comes before key 1 in the trie, yet key 1
// decides. Expected: erl 25.2.3, with A0 = maps:from_list([{I, I} ||
// I <- lists:seq(1, 40)]).
TEST(Compare, LargeMapsInKeyOrderNotHashOrder) {
  Heap h;
  std::vector<std::pair<Term, Term>> pairs;
  for (int i = 1; i <= 40; ++i)
    pairs.emplace_back(MakeSmall(i), MakeSmall(i));
  Term a0 = MakeMap(h, pairs);
  auto with = [&](Term map, int key, Term value) { return MapPut(h, map, MakeSmall(key), value); };
  // A = A0#{1 => 100, 16 => 0} > B = A0#{1 => 0, 16 => 100}.
  Term a = with(with(a0, 1, MakeSmall(100)), 16, MakeSmall(0));
  Term b = with(with(a0, 1, MakeSmall(0)), 16, MakeSmall(100));
  EXPECT_GT(Compare(a, b), 0);
  EXPECT_LT(Compare(b, a0), 0);
  EXPECT_LT(Compare(a0, a), 0);
  // Key sets: A0 < maps:put(41, 41, maps:remove(1, A0)), and
  // A0 < maps:put(1.0, 1, maps:remove(1, A0)) (integers before floats).
  Term without_one = MapRemove(h, a0, MakeSmall(1));
  EXPECT_LT(Compare(a0, with(without_one, 41, MakeSmall(41))), 0);
  EXPECT_LT(Compare(a0, MapPut(h, without_one, *MakeFloat(h, 1.0), MakeSmall(1))), 0);
  // A0 == A0#{2 => 2.0}, but not =:=.
  Term e = with(a0, 2, *MakeFloat(h, 2.0));
  EXPECT_TRUE(Equal(a0, e));
  EXPECT_FALSE(ExactEqual(a0, e));
  // Built in another order, the same map.
  std::reverse(pairs.begin(), pairs.end());
  EXPECT_TRUE(ExactEqual(a0, MakeMap(h, pairs)));
}

TEST(Compare, FunsLocalBeforeExportThenByIdentity) {
  Heap h;
  // erl: fun() -> .. end < fun lists:map/2.
  LocalFunId id{.module = InternAtom("m"), .index = 1, .uniq = 5, .arity = 0};
  Term local = MakeLocalFun(h, nullptr, id, {});
  EXPECT_LT(Compare(local, MakeExportFun(h, InternAtom("a"), InternAtom("a"), 0)), 0);
  LocalFunId later_module = id, later_index = id, later_uniq = id, later_md5 = id;
  later_module.module = InternAtom("n");
  later_index.index = 2;
  later_uniq.uniq = 6;
  later_md5.new_uniq[15] = 1;
  for (const LocalFunId& other : {later_module, later_index, later_uniq, later_md5})
    EXPECT_LT(Compare(local, MakeLocalFun(h, nullptr, other, {})), 0);
  // Then the number of free variables, then the variables.
  std::vector<Term> one = {MakeSmall(1)}, one_float = {*MakeFloat(h, 1.0)}, two = {MakeSmall(2)};
  Term with_one = MakeLocalFun(h, nullptr, id, one);
  EXPECT_LT(Compare(local, with_one), 0);
  EXPECT_LT(Compare(with_one, MakeLocalFun(h, nullptr, id, two)), 0);
  EXPECT_TRUE(Equal(with_one, MakeLocalFun(h, nullptr, id, one_float)));
  EXPECT_FALSE(ExactEqual(with_one, MakeLocalFun(h, nullptr, id, one_float)));
  // The entry pointer is no part of a fun's identity.
  static const int kEntry = 0;
  EXPECT_TRUE(ExactEqual(with_one, MakeLocalFun(h, &kEntry, id, one)));
  // Export funs by module, function, arity.
  auto mfa = [&h](const char* m, const char* f, uint8_t a) {
    return MakeExportFun(h, InternAtom(m), InternAtom(f), a);
  };
  EXPECT_LT(Compare(mfa("a", "z", 9), mfa("b", "a", 0)), 0);
  EXPECT_LT(Compare(mfa("a", "a", 9), mfa("a", "b", 0)), 0);
  EXPECT_LT(Compare(mfa("a", "a", 1), mfa("a", "a", 2)), 0);
  EXPECT_TRUE(ExactEqual(mfa("lists", "map", 2), mfa("lists", "map", 2)));
}

TEST(Compare, AtomsByTextTuplesByArityFirst) {
  Heap h;
  EXPECT_LT(Compare(InternAtom("abc"), InternAtom("abd")), 0);
  EXPECT_LT(Compare(InternAtom("ab"), InternAtom("abc")), 0);
  EXPECT_LT(Compare(MakeTuple(h, {MakeSmall(9)}), MakeTuple(h, {MakeSmall(1), MakeSmall(1)})), 0);
  EXPECT_LT(Compare(MakeTuple(h, {MakeSmall(1), MakeSmall(1)}),
                    MakeTuple(h, {MakeSmall(1), MakeSmall(2)})),
            0);
}

TEST(Compare, ListsElementwiseThenLength) {
  Heap h;
  EXPECT_LT(Compare(MakeString(h, "ab"), MakeString(h, "abc")), 0);
  EXPECT_GT(Compare(MakeString(h, "b"), MakeString(h, "abc")), 0);
  EXPECT_TRUE(ExactEqual(MakeString(h, "hello"), MakeString(h, "hello")));
}

TEST(Compare, BinariesBytewiseThenLength) {
  Heap h;
  EXPECT_LT(Compare(MakeBinary(h, std::string_view("ab")), MakeBinary(h, std::string_view("b"))),
            0);
  EXPECT_LT(Compare(MakeBinary(h, std::string_view("ab")), MakeBinary(h, std::string_view("abc"))),
            0);
  std::string big(200, 'z');
  EXPECT_TRUE(ExactEqual(MakeBinary(h, big), MakeBinary(h, big)));
}

// The first `bits` bits of `bytes`, as a sub-binary `shift` bits into a
// larger binary (so the comparison also meets unaligned bits).
Term Bits(Heap& h, std::vector<uint8_t> bytes, uint64_t bits, unsigned shift) {
  std::vector<uint8_t> padded(bytes.size() + 2, 0xa5);
  CopyBits(bytes.data(), 0, padded.data(), shift, bits);
  return MakeSubBitstring(h, MakeBinary(h, padded), shift, bits);
}

// Checked against erl 25.
TEST(Compare, BitstringsBitByBitThenLength) {
  Heap h;
  for (unsigned shift : {0u, 3u, 8u}) {
    auto b = [&](std::vector<uint8_t> bytes, uint64_t bits) { return Bits(h, bytes, bits, shift); };
    EXPECT_GT(Compare(b({0x80}, 1), b({0}, 2)), 0);             // <<1:1>> > <<0:2>>
    EXPECT_LT(Compare(b({0}, 1), b({0}, 2)), 0);                // <<0:1>> < <<0:2>>
    EXPECT_LT(Compare(b({1, 2}, 16), b({1, 2, 0}, 17)), 0);     // <<1,2>> < <<1,2,0:1>>
    EXPECT_LT(Compare(b({1, 2, 0x80}, 17), b({1, 3}, 16)), 0);  // <<1,2,1:1>> < <<1,3>>
    EXPECT_LT(Compare(b({0xfe}, 7), b({0xfe}, 8)), 0);          // <<255:7>> < <<254>>
    EXPECT_TRUE(ExactEqual(b({0x80}, 2), b({0x80}, 2)));        // <<2:2>> =:= <<2:2>>
    EXPECT_LT(Compare(b({}, 0), b({0}, 1)), 0);                 // <<>> < <<0:1>>
    EXPECT_TRUE(ExactEqual(b({0, 0x80}, 9), MakeSubBitstring(h, b({0, 0x80, 0xff}, 24), 0, 9)));
    EXPECT_FALSE(Equal(b({0, 0x80}, 9), b({0, 0x80}, 10)));
    // lists:sort([<<1:1>>, <<128>>, <<1:2>>, <<64,0:1>>, <<>>]) is
    // [<<>>, <<1:2>>, <<64,0:1>>, <<1:1>>, <<128>>].
    std::vector<Term> ascending = {b({}, 0), b({0x40}, 2), b({0x40, 0}, 9), b({0x80}, 1),
                                   b({0x80}, 8)};
    for (size_t i = 0; i < ascending.size(); ++i) {
      for (size_t j = 0; j < ascending.size(); ++j)
        EXPECT_EQ(Compare(ascending[i], ascending[j]) < 0, i < j) << i << " " << j;
    }
  }
  // A binary equals its copy at another bit offset, and a bitstring comes
  // after every other type.
  std::vector<uint8_t> text = {'h', 'e', 'l', 'l', 'o'};
  EXPECT_TRUE(ExactEqual(MakeBinary(h, text), Bits(h, text, 40, 5)));
  EXPECT_GT(Compare(Bits(h, {0}, 1, 1), MakeCons(h, MakeSmall(1), kNil)), 0);
}

TEST(Compare, LongListsCompareWithoutRecursion) {
  Heap h;
  std::vector<Term> elements(1000000, MakeSmall(1));
  Term a = MakeList(h, elements);
  Term b = MakeList(h, elements);
  EXPECT_EQ(Compare(a, b), 0);
}

TEST(Compare, IntegerAndFloatOfEqualValue) {
  Heap h;
  // erl: 1 < 1.0 and 1.0 < 1 are both false; 1 == 1.0; 1 =/= 1.0.
  EXPECT_EQ(Compare(MakeSmall(1), *MakeFloat(h, 1.0)), 0);
  EXPECT_EQ(Compare(*MakeFloat(h, 1.0), MakeSmall(1)), 0);
  Term a = MakeTuple(h, {MakeSmall(1), MakeString(h, "x")});
  Term b = MakeTuple(h, {*MakeFloat(h, 1.0), MakeString(h, "x")});
  EXPECT_TRUE(Equal(a, b));
  EXPECT_FALSE(ExactEqual(a, b));
  // OTP 25: 0.0 =:= -0.0.
  EXPECT_TRUE(ExactEqual(*MakeFloat(h, 0.0), *MakeFloat(h, -0.0)));
}

TEST(Compare, PidsBySerialThenIndex) {
  auto pid = [](uint64_t index, uint64_t serial) { return MakePid(serial << 28 | index); };
  // erl: <0.5.1> < <0.6.0> is false, <0.5.1> < <0.4.2> is true.
  EXPECT_GT(Compare(pid(5, 1), pid(6, 0)), 0);
  EXPECT_LT(Compare(pid(5, 1), pid(4, 2)), 0);
  EXPECT_LT(Compare(MakePort(9), MakePid(1)), 0);
}

TEST(Compare, ImproperListsCompareTheirTails) {
  Heap h;
  Term a = MakeCons(h, MakeSmall(1), MakeSmall(2));  // [1|2]
  Term b = MakeCons(h, MakeSmall(1), MakeSmall(3));  // [1|3]
  Term c = MakeCons(h, MakeSmall(1), kNil);          // [1]
  EXPECT_LT(Compare(a, b), 0);
  EXPECT_LT(Compare(a, c), 0);  // 2 (a number) < [] (nil)
}

TEST(Compare, DeepNestingUsesNoCallStack) {
  constexpr int kDepth = 200000;
  Heap h;
  Term tuples_a = kNil, tuples_b = kNil, heads_a = kNil, heads_b = kNil;
  for (int i = 0; i < kDepth; ++i) {
    tuples_a = MakeTuple(h, {MakeSmall(i), tuples_a});
    tuples_b = MakeTuple(h, {MakeSmall(i), tuples_b});
    heads_a = MakeCons(h, heads_a, kNil);  // [[[...]]]: nesting through heads
    heads_b = MakeCons(h, heads_b, kNil);
  }
  EXPECT_TRUE(ExactEqual(tuples_a, tuples_b));
  EXPECT_TRUE(ExactEqual(heads_a, heads_b));
  EXPECT_LT(Compare(heads_a, MakeCons(h, heads_b, kNil)), 0);
}

}  // namespace
}  // namespace ling
