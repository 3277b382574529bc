#include "runtime/term/map.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/format.h"
#include "runtime/term/map_hash.h"

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
  CheckMapInvariants(m);
  EXPECT_EQ(MapSize(m), static_cast<uint64_t>(kKeys));
  int expected = 0;
  for (const auto& [key, value] : MapEntriesInKeyOrder(m)) {
    ASSERT_EQ(key, MakeSmall(expected));
    ASSERT_EQ(value, MakeSmall(-expected));
    ++expected;
  }
  // The trie is a function of the keys: built at once, it walks the same.
  Term built = MakeMap(h, pairs);
  CheckMapInvariants(built);
  EXPECT_TRUE(ExactEqual(m, built));
  EXPECT_EQ(ToString(MapKeys(h, m)), ToString(MapKeys(h, built)));
  for (int i = 0; i < kKeys; i += 2) {
    m = MapRemove(h, m, MakeSmall(i));
    if (i % 100 == 0) CheckMapInvariants(m);
  }
  CheckMapInvariants(m);
  EXPECT_EQ(MapSize(m), static_cast<uint64_t>(kKeys / 2));
  EXPECT_EQ(MapFind(m, MakeSmall(7)), MakeSmall(-7));
  EXPECT_EQ(MapFind(m, MakeSmall(8)), std::nullopt);
}

// ---- maps of more than 32 keys: BEAM's hashed trie ------------------------------

// #{K => K} for the integers in [from, to].
Term IntegerMap(Heap& h, int from, int to) {
  Pairs pairs;
  for (int i = from; i <= to; ++i)
    pairs.emplace_back(MakeSmall(i), MakeSmall(i));
  return MakeMap(h, pairs);
}

std::string IterationOrder(Term m) {
  std::string keys;
  for (MapIterator it(m); !it.done(); it.Next())
    keys += (keys.empty() ? "" : ",") + ToString(it.key());
  return keys;
}

// Expected: erl 25.2.3 on maps:from_list([{I, I} || I <- lists:seq(1, 40)]):
// maps:keys/1 and maps:values/1 (the trie's order reversed),
// maps:iterator/1 with maps:next/1, and io_lib:write/1 (the trie's order).
TEST(Map, LargeMapsWalkInErlsHashOrder) {
  Heap h;
  Term m = IntegerMap(h, 1, 40);
  CheckMapInvariants(m);
  EXPECT_TRUE(IsHashmap(m));
  EXPECT_EQ(ToString(MapKeys(h, m)),
            "[33,12,23,29,30,39,26,31,11,37,9,32,34,25,28,6,38,13,40,20,15,14,2,7,1,8,3,17,22,21,"
            "4,36,24,10,35,27,19,5,18,16]");
  EXPECT_EQ(ToString(MapValues(h, m)), ToString(MapKeys(h, m)));
  EXPECT_EQ(IterationOrder(m),
            "16,18,5,19,27,35,10,24,36,4,21,22,17,3,8,1,7,2,14,15,20,40,13,38,6,28,25,34,32,9,37,"
            "11,31,26,39,30,29,23,12,33");
  EXPECT_EQ(ToString(m),
            "#{16 => 16,18 => 18,5 => 5,19 => 19,27 => 27,35 => 35,10 => 10,24 => 24,36 => 36,4 "
            "=> 4,21 => 21,22 => 22,17 => 17,3 => 3,8 => 8,1 => 1,7 => 7,2 => 2,14 => 14,15 => "
            "15,20 => 20,40 => 40,13 => 13,38 => 38,6 => 6,28 => 28,25 => 25,34 => 34,32 => 32,9 "
            "=> 9,37 => 37,11 => 11,31 => 31,26 => 26,39 => 39,30 => 30,29 => 29,23 => 23,12 => "
            "12,33 => 33}");
  std::string listed;
  for (MapIterator it(m, MapOrder::kListing); !it.done(); it.Next())
    listed = ToString(it.key()) + (listed.empty() ? "" : ",") + listed;
  EXPECT_EQ(listed, IterationOrder(m)) << "listing order is the iteration order reversed";
  for (int i = 1; i <= 40; ++i)
    EXPECT_EQ(MapFind(m, MakeSmall(i)), MakeSmall(i));
  EXPECT_EQ(MapFind(m, MakeSmall(41)), std::nullopt);
  EXPECT_EQ(MapFind(m, *MakeFloat(h, 1.0)), std::nullopt);
}

// Flat up to 32 keys, a trie from 33, flat again when a remove leaves 32;
// the same map whichever way it was reached. Expected orders: erl 25.2.3.
TEST(Map, SwitchesLayoutAt32KeysBothWays) {
  Heap h;
  Term m = MakeMap(h, Pairs{});
  for (int i = 34; i >= 1; --i) {
    m = MapPut(h, m, MakeSmall(i), MakeSmall(i));
    CheckMapInvariants(m);
    EXPECT_EQ(IsHashmap(m), MapSize(m) > 32) << MapSize(m);
  }
  EXPECT_EQ(ToString(MapKeys(h, m)),
            "[33,12,23,29,30,26,31,11,9,32,34,25,28,6,13,20,15,14,2,7,1,8,3,17,22,21,4,24,10,27,"
            "19,5,18,16]");
  Term at33 = MapRemove(h, m, MakeSmall(34));
  CheckMapInvariants(at33);
  EXPECT_TRUE(IsHashmap(at33));
  EXPECT_EQ(MapRemove(h, at33, MakeSmall(100)), at33) << "an absent key changes nothing";
  Term at32 = MapRemove(h, at33, MakeSmall(1));
  CheckMapInvariants(at32);
  EXPECT_TRUE(IsFlatmap(at32));
  EXPECT_EQ(ToString(MapKeys(h, at32)),
            "[2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,"
            "33]");
  EXPECT_TRUE(ExactEqual(at32, IntegerMap(h, 2, 33)));
  Term back = MapPut(h, at32, MakeSmall(1), MakeSmall(1));
  CheckMapInvariants(back);
  EXPECT_TRUE(ExactEqual(back, at33));
  EXPECT_EQ(IterationOrder(back), IterationOrder(at33));
  // From a list: more than 32 pairs, but only 32 keys, make a flatmap.
  Pairs dups;
  for (int i = 1; i <= 64; ++i)
    dups.emplace_back(MakeSmall(i % 32), MakeSmall(i));
  Term flat = MakeMap(h, dups);
  CheckMapInvariants(flat);
  EXPECT_TRUE(IsFlatmap(flat));
  EXPECT_EQ(MapFind(flat, MakeSmall(0)), MakeSmall(64)) << "the last pair wins";
}

// M#{...} with several pairs, across the boundary and on a trie. Expected:
// erl 25.2.3, maps:keys((maps:from_list([{I,I} || I <- lists:seq(1,31)]))
// #{100 => a, 101 => b, 102 => c, 1 => one}).
TEST(Map, PutAllAndUpdateAllAcrossTheBoundary) {
  Heap h;
  Term small = IntegerMap(h, 1, 31);
  Term a = InternAtom("a"), b = InternAtom("b"), c = InternAtom("c"), one = InternAtom("one");
  Term grown = MapPutAll(
      h, small,
      Pairs{{MakeSmall(100), a}, {MakeSmall(101), b}, {MakeSmall(102), c}, {MakeSmall(1), one}});
  CheckMapInvariants(grown);
  EXPECT_EQ(MapSize(grown), 34u);
  EXPECT_EQ(ToString(MapKeys(h, grown)),
            "[12,23,29,30,26,100,31,11,9,25,28,6,13,20,15,14,2,7,1,8,3,17,22,21,4,24,10,102,27,19,"
            "101,5,18,16]");
  EXPECT_EQ(MapFind(grown, MakeSmall(1)), one);
  Term same = MapPutAll(h, small, Pairs{{MakeSmall(1), a}, {MakeSmall(2), b}});
  EXPECT_TRUE(IsFlatmap(same));
  Term updated = MapUpdateAll(h, grown, Pairs{{MakeSmall(100), c}, {MakeSmall(2), a}});
  CheckMapInvariants(updated);
  EXPECT_EQ(MapFind(updated, MakeSmall(100)), c);
  EXPECT_EQ(MapFind(updated, MakeSmall(2)), a);
  EXPECT_EQ(MapFind(grown, MakeSmall(100)), a) << "the original is unchanged";
  EXPECT_EQ(MapUpdateAll(h, grown, Pairs{{MakeSmall(2), a}, {MakeSmall(999), a}}), kNonValue);
  EXPECT_EQ(MapUpdate(h, grown, MakeSmall(999), a), std::nullopt);
  EXPECT_EQ(MapPut(h, grown, MakeSmall(100), a), grown) << "the very same value: no new map";
  Term more = MapPutAll(h, grown, Pairs{{MakeSmall(200), a}, {MakeSmall(200), b}});
  CheckMapInvariants(more);
  EXPECT_EQ(MapFind(more, MakeSmall(200)), b) << "later pairs win";
}

// 40660 and 59671 (and 22575 and 119693) have the same 32-bit hash: they
// share eight levels of the trie, single-child nodes down to the ninth,
// where the next generation of the hash parts them. Expected: erl 25.2.3,
// maps:keys/1 of the map of 1..31 and those four keys.
TEST(Map, CollidingHashesPartInTheNextGeneration) {
  for (auto [x, y] : {std::pair{40660, 59671}, std::pair{22575, 119693}}) {
    EXPECT_EQ(MapKeyHash(MakeSmall(x), 0), MapKeyHash(MakeSmall(y), 0));
    EXPECT_NE(MapKeyHash(MakeSmall(x), 1), MapKeyHash(MakeSmall(y), 1));
  }
  Heap h;
  Pairs pairs;
  for (int i : {40660, 59671, 22575, 119693})
    pairs.emplace_back(MakeSmall(i), MakeSmall(i));
  Term m = MapPutAll(h, IntegerMap(h, 1, 31), pairs);
  CheckMapInvariants(m);
  EXPECT_EQ(ToString(MapKeys(h, m)),
            "[12,23,29,30,26,40660,59671,31,11,9,25,28,119693,22575,6,13,20,15,14,2,7,1,8,3,17,22,"
            "21,4,24,10,27,19,5,18,16]");
  // Built at once (sorting by hash, then by the next generation's) or by
  // puts (chains of nodes where two keys meet): the same trie.
  Pairs all = pairs;
  for (int i = 1; i <= 31; ++i)
    all.emplace_back(MakeSmall(i), MakeSmall(i));
  Term built = MakeMap(h, all);
  CheckMapInvariants(built);
  EXPECT_EQ(IterationOrder(built), IterationOrder(m));
  for (int i : {40660, 59671, 22575, 119693})
    EXPECT_EQ(MapFind(m, MakeSmall(i)), MakeSmall(i));
  // A removal leaves the other key of its pair alone in the chain: it moves
  // up to where it has no neighbour left (BEAM collapses the chain).
  Term removed = MapRemove(h, m, MakeSmall(59671));
  CheckMapInvariants(removed);
  EXPECT_EQ(MapFind(removed, MakeSmall(40660)), MakeSmall(40660));
  EXPECT_EQ(MapFind(removed, MakeSmall(59671)), std::nullopt);
  EXPECT_TRUE(ExactEqual(MapPut(h, removed, MakeSmall(59671), MakeSmall(59671)), m));
  EXPECT_EQ(IterationOrder(MapPut(h, removed, MakeSmall(59671), MakeSmall(59671))),
            IterationOrder(m));
}

// Random puts and removes, over integer, float and tuple keys, against a
// reference: after each step the trie holds up and holds what the
// reference holds, and equals the map built at once from the reference.
TEST(Map, RandomUpdatesKeepTheTrieCanonical) {
  Heap h;
  std::mt19937 random(7);
  auto key_of = [&](int k) {
    switch (k % 3) {
      case 0:
        return MakeSmall(k);
      case 1:
        return *MakeFloat(h, k / 2.0);
      default:
        return MakeTuple(h, {MakeSmall(k), kNil});
    }
  };
  std::map<int, int> reference;
  Term m = MakeMap(h, Pairs{});
  for (int step = 0; step < 3000; ++step) {
    int k = static_cast<int>(random() % 120);
    if (random() % 3 == 0) {
      reference.erase(k);
      m = MapRemove(h, m, key_of(k));
    } else {
      reference[k] = step;
      m = MapPut(h, m, key_of(k), MakeSmall(step));
    }
    CheckMapInvariants(m);
    ASSERT_EQ(MapSize(m), reference.size());
  }
  Pairs pairs;
  for (auto [k, v] : reference) {
    EXPECT_EQ(MapFind(m, key_of(k)), MakeSmall(v));
    pairs.emplace_back(key_of(k), MakeSmall(v));
  }
  std::shuffle(pairs.begin(), pairs.end(), random);
  Term built = MakeMap(h, pairs);
  EXPECT_TRUE(ExactEqual(m, built));
  EXPECT_EQ(IterationOrder(m), IterationOrder(built));
}

// BEAM's iterator paths: the child index taken on each level, four bits a
// level. Expected: erl 25.2.3, where the first erts_internal:map_next/3 call
// on maps:from_list([{I, I} || I <- lists:seq(1, 100)]) stops after 32
// entries with path 37, and the next entry is 17.
TEST(Map, IteratorPathsNameEntries) {
  Heap h;
  Term m = IntegerMap(h, 1, 100);
  MapIterator it(m);
  for (int i = 0; i < 32; ++i)
    it.Next();
  EXPECT_EQ(it.Path(h), MakeSmall(37));
  EXPECT_EQ(MapIterator::AtPath(m, MakeSmall(37))->key(), MakeSmall(17));
  for (MapIterator walk(m); !walk.done(); walk.Next()) {
    std::optional<MapIterator> at = MapIterator::AtPath(m, walk.Path(h));
    ASSERT_TRUE(at.has_value());
    EXPECT_EQ(at->key(), walk.key());
  }
  EXPECT_EQ(MapIterator::AtPath(m, MakeSmall(0xffffff)), std::nullopt);
  EXPECT_EQ(MapIterator::AtPath(m, atoms::kOk), std::nullopt);
  EXPECT_EQ(MapIterator::AtPath(m, *IntegerFromText(h, "-99999999999999999999999", 10)),
            std::nullopt);
  // A flatmap is walked whole, whatever path from 0 to its size.
  Term flat = IntegerMap(h, 1, 3);
  EXPECT_EQ(MapIterator::AtPath(flat, MakeSmall(2))->key(), MakeSmall(1));
  EXPECT_EQ(MapIterator::AtPath(flat, MakeSmall(4)), std::nullopt);
  EXPECT_EQ(MapIterator::AtPath(flat, MakeSmall(-1)), std::nullopt);
}

// The checker finds a trie that is not BEAM's.
TEST(MapDeathTest, CheckerFindsABrokenTrie) {
  Heap h;
  Term m = IntegerMap(h, 1, 40);
  uint64_t* root = BoxedPointer(m);
  root[1] ^= 1;  // a slot bit that no child goes with
  EXPECT_DEATH(CheckMapInvariants(m), "bitmap");
}

}  // namespace
}  // namespace ling
