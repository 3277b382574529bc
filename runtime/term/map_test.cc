#include "runtime/term/map.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <utility>
#include <vector>

#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/format.h"

namespace ling {
namespace {

using Pairs = std::vector<std::pair<Term, Term>>;

TEST(Map, FromListSortsAndLaterDuplicatesWin) {
  Heap h;
  Term a = InternAtom("a"), b = InternAtom("b");
  Term m = MakeMap(h, Pairs{{b, MakeSmall(1)}, {a, MakeSmall(2)}, {b, MakeSmall(3)}});
  ASSERT_TRUE(IsMap(m));
  EXPECT_EQ(MapSize(m), 2u);
  EXPECT_EQ(MapFind(m, a), MakeSmall(2));
  EXPECT_EQ(MapFind(m, b), MakeSmall(3));
  EXPECT_EQ(ToString(m), "#{a => 2,b => 3}");
  EXPECT_EQ(ToString(MapKeys(h, m)), "[a,b]");
  EXPECT_EQ(ToString(MapValues(h, m)), "[2,3]");
}

TEST(Map, EmptyMap) {
  Heap h;
  Term m = MakeMap(h, Pairs{});
  EXPECT_TRUE(IsMap(m));
  EXPECT_EQ(MapSize(m), 0u);
  EXPECT_EQ(MapFind(m, atoms::kOk), std::nullopt);
  EXPECT_EQ(MapKeys(h, m), kNil);
  EXPECT_TRUE(MapIterator(m).done());
  EXPECT_EQ(ToString(m), "#{}");
  EXPECT_EQ(MapRemove(h, m, atoms::kOk), m);
}

// Map keys are told apart with =:=, so 1 and 1.0 are two keys; the integer
// comes first (erl: #{1 => a, 1.0 => b} prints as #{1 => a,1.0 => b}).
TEST(Map, KeysCompareExactly) {
  Heap h;
  Term one_float = *MakeFloat(h, 1.0);
  Term m = MakeMap(h, Pairs{{one_float, atoms::kError}, {MakeSmall(1), atoms::kOk}});
  EXPECT_EQ(MapSize(m), 2u);
  EXPECT_EQ(MapFind(m, MakeSmall(1)), atoms::kOk);
  EXPECT_EQ(MapFind(m, *MakeFloat(h, 1.0)), atoms::kError);
  EXPECT_EQ(ToString(m), "#{1 => ok,1.0 => error}");
  // Equal compound keys built apart are the same key, and so are bignums.
  Term big = *IntegerFromText(h, "123456789012345678901234567890", 10);
  Term same_big = *IntegerFromText(h, "123456789012345678901234567890", 10);
  Term key = MakeTuple(h, {atoms::kOk, MakeString(h, "k")});
  Term m2 = MakeMap(h, Pairs{{big, MakeSmall(1)}, {key, MakeSmall(2)}});
  EXPECT_EQ(MapFind(m2, same_big), MakeSmall(1));
  EXPECT_EQ(MapFind(m2, MakeTuple(h, {atoms::kOk, MakeString(h, "k")})), MakeSmall(2));
  EXPECT_EQ(MapFind(m2, MakeTuple(h, {atoms::kOk, MakeString(h, "K")})), std::nullopt);
}

// Every integer key before every float key, whatever their values, also
// inside compound keys. Expected: erl (OTP 25), maps:keys/1 of these maps.
TEST(Map, IntegerKeysBeforeFloatKeys) {
  Heap h;
  Term m = MakeMap(h, Pairs{{*MakeFloat(h, 1.0), atoms::kOk},
                            {MakeSmall(2), atoms::kOk},
                            {*MakeFloat(h, -5.0), atoms::kOk},
                            {MakeSmall(-3), atoms::kOk},
                            {*MakeFloat(h, 0.5), atoms::kOk}});
  EXPECT_EQ(ToString(MapKeys(h, m)), "[-3,2,-5.0,0.5,1.0]");
  // Put and find keep to the same order.
  m = MapPut(h, m, MakeSmall(100), atoms::kError);
  m = MapPut(h, m, *MakeFloat(h, 2.0), atoms::kError);
  EXPECT_EQ(ToString(MapKeys(h, m)), "[-3,2,100,-5.0,0.5,1.0,2.0]");
  EXPECT_EQ(MapFind(m, MakeSmall(100)), atoms::kError);
  EXPECT_EQ(MapFind(m, *MakeFloat(h, 2.0)), atoms::kError);
  EXPECT_EQ(MapFind(m, *MakeFloat(h, 0.5)), atoms::kOk);
  EXPECT_EQ(MapFind(m, MakeSmall(1)), std::nullopt);
  m = MapRemove(h, m, *MakeFloat(h, -5.0));
  EXPECT_EQ(ToString(MapKeys(h, m)), "[-3,2,100,0.5,1.0,2.0]");
  // #{{1.0} => a, {2} => b}: {2} first.
  Term tuples = MakeMap(h, Pairs{{MakeTuple(h, {*MakeFloat(h, 1.0)}), InternAtom("a")},
                                 {MakeTuple(h, {MakeSmall(2)}), InternAtom("b")}});
  EXPECT_EQ(ToString(tuples), "#{{2} => b,{1.0} => a}");
}

TEST(Map, KeysOfEveryKindInTermOrder) {
  Heap h;
  Pairs pairs = {
      {kNil, MakeSmall(6)},         {MakeTuple(h, {}), MakeSmall(5)},   {MakePid(1), MakeSmall(4)},
      {atoms::kOk, MakeSmall(2)},   {MakeString(h, "x"), MakeSmall(7)}, {MakePort(1), MakeSmall(3)},
      {MakeSmall(-3), MakeSmall(1)}};
  Term m = MakeMap(h, pairs);
  int64_t expected = 1;
  for (MapIterator it(m); !it.done(); it.Next())
    EXPECT_EQ(it.value(), MakeSmall(expected++));
  EXPECT_EQ(expected, 8);
}

TEST(Map, PutUpdateRemoveBuildNewMaps) {
  Heap h;
  Term a = InternAtom("a"), b = InternAtom("b"), c = InternAtom("c");
  Term m = MakeMap(h, Pairs{{a, MakeSmall(1)}, {c, MakeSmall(3)}});
  Term put = MapPut(h, m, b, MakeSmall(2));
  EXPECT_EQ(ToString(put), "#{a => 1,b => 2,c => 3}");
  EXPECT_EQ(ToString(m), "#{a => 1,c => 3}");  // unchanged
  EXPECT_EQ(ToString(MapPut(h, m, a, MakeSmall(9))), "#{a => 9,c => 3}");
  EXPECT_EQ(ToString(MapPut(h, m, InternAtom("z"), kNil)), "#{a => 1,c => 3,z => []}");
  EXPECT_EQ(ToString(MapPut(h, m, MakeSmall(0), kNil)), "#{0 => [],a => 1,c => 3}");
  EXPECT_EQ(MapPut(h, m, a, MakeSmall(1)), m);  // the very same value: no new map
  EXPECT_EQ(MapUpdate(h, m, b, MakeSmall(2)), std::nullopt);
  EXPECT_EQ(ToString(*MapUpdate(h, m, c, atoms::kOk)), "#{a => 1,c => ok}");
  EXPECT_EQ(MapRemove(h, m, b), m);
  EXPECT_EQ(ToString(MapRemove(h, put, b)), "#{a => 1,c => 3}");
  EXPECT_EQ(ToString(MapRemove(h, put, a)), "#{b => 2,c => 3}");
  EXPECT_EQ(ToString(MapRemove(h, put, c)), "#{a => 1,b => 2}");
  EXPECT_EQ(ToString(put), "#{a => 1,b => 2,c => 3}");
}

TEST(Map, PutAllAndUpdateAllTakeSeveralPairsAtOnce) {
  Heap h;
  Term a = InternAtom("a"), b = InternAtom("b"), c = InternAtom("c");
  Term m = MakeMap(h, Pairs{{a, MakeSmall(1)}, {b, MakeSmall(2)}});
  EXPECT_EQ(ToString(MapPutAll(h, m, Pairs{{c, MakeSmall(3)}, {a, MakeSmall(0)}})),
            "#{a => 0,b => 2,c => 3}");
  EXPECT_EQ(ToString(MapPutAll(h, m, Pairs{{b, MakeSmall(5)}, {b, MakeSmall(6)}})),
            "#{a => 1,b => 6}");
  EXPECT_EQ(ToString(MapUpdateAll(h, m, Pairs{{b, MakeSmall(7)}, {a, MakeSmall(8)}})),
            "#{a => 8,b => 7}");
  EXPECT_EQ(MapUpdateAll(h, m, Pairs{{a, MakeSmall(7)}, {c, MakeSmall(8)}}), kNonValue);
  EXPECT_EQ(ToString(m), "#{a => 1,b => 2}") << "the original is unchanged";
}

TEST(Map, ManyKeysInAnyInsertionOrder) {
  constexpr int kKeys = 2000;
  std::vector<int> order(kKeys);
  for (int i = 0; i < kKeys; ++i)
    order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937(42));
  Heap h;
  Term m = MakeMap(h, Pairs{});
  Pairs pairs;
  for (int i : order) {
    m = MapPut(h, m, MakeSmall(i), MakeSmall(-i));
    pairs.emplace_back(MakeSmall(i), MakeSmall(-i));
  }
  EXPECT_EQ(MapSize(m), static_cast<uint64_t>(kKeys));
  int expected = 0;
  for (MapIterator it(m); !it.done(); it.Next(), ++expected) {
    ASSERT_EQ(it.key(), MakeSmall(expected));
    ASSERT_EQ(it.value(), MakeSmall(-expected));
  }
  EXPECT_TRUE(ExactEqual(m, MakeMap(h, pairs)));
  for (int i = 0; i < kKeys; i += 2)
    m = MapRemove(h, m, MakeSmall(i));
  EXPECT_EQ(MapSize(m), static_cast<uint64_t>(kKeys / 2));
  EXPECT_EQ(MapFind(m, MakeSmall(7)), MakeSmall(-7));
  EXPECT_EQ(MapFind(m, MakeSmall(8)), std::nullopt);
}

}  // namespace
}  // namespace ling
