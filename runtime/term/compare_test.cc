#include "runtime/term/compare.h"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

TEST(Compare, TypeOrderIsErlangs) {
  Heap h;
  // number < atom < reference < port < pid < tuple < nil < list < bitstring
  std::vector<Term> ascending = {MakeSmall(5),
                                 atoms::kOk,
                                 MakeReference(h),
                                 MakePort(1),
                                 MakePid(1),
                                 MakeTuple(h, {}),
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
