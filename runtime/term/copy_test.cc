#include "runtime/term/copy.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/format.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

TEST(Copy, ImmediatesNeedNoFragment) {
  Term out;
  EXPECT_EQ(CopyToFragment(MakeSmall(5), &out), nullptr);
  EXPECT_EQ(out, MakeSmall(5));
  EXPECT_EQ(CopyToFragment(atoms::kOk, &out), nullptr);
  EXPECT_EQ(CopyToFragment(kNonValue, &out), nullptr);
}

TEST(Copy, DeepCopyIsEqualAndSharesNothing) {
  Heap src;
  std::vector<uint8_t> big(500, 3);
  Term nested = MakeTuple(
      src, {atoms::kOk, *MakeFloat(src, 2.5), MakeString(src, "abc"),
            MakeBinary(src, std::string_view("hi")), MakeBinary(src, big), MakeReference(src),
            MakeTuple(src, {}), MakeCons(src, MakeSmall(1), MakeSmall(2))});
  EXPECT_EQ(FlatSize(nested), 9u + 2 + 6 + 3 + 4 + 3 + 1 + 2);
  Term copy;
  auto fragment = CopyToFragment(nested, &copy);
  ASSERT_NE(fragment, nullptr);
  EXPECT_EQ(fragment->used(), fragment->capacity());
  EXPECT_TRUE(ExactEqual(nested, copy));
  EXPECT_EQ(ToString(nested), ToString(copy));
  EXPECT_NE(BoxedPointer(nested), BoxedPointer(copy));
  // The big binary's bytes are shared, with one more reference.
  BinaryData* data = RefcData(TupleElement(copy, 4));
  EXPECT_EQ(data, RefcData(TupleElement(nested, 4)));
  EXPECT_EQ(data->refs(), 2);
  src.Clear();  // the copy stays valid without the source
  EXPECT_EQ(data->refs(), 1);
  EXPECT_EQ(BinaryBytes(TupleElement(copy, 4)).size(), 500u);
  EXPECT_EQ(ToString(TupleElement(copy, 2)), "[97,98,99]");
}

TEST(Copy, BignumsMapsAndFunsCopyIntoAFragment) {
  Heap src;
  Term big = *IntegerFromText(src, "-1267650600228229401496703205376", 10);  // two limbs
  Term bin = MakeBinary(src, std::vector<uint8_t>(200, 7));
  Term map = MakeMap(src, std::vector<std::pair<Term, Term>>{
                              {atoms::kOk, bin}, {big, MakeString(src, "v")}, {MakeSmall(1), big}});
  static const int kEntry = 0;
  LocalFunId id{.module = InternAtom("m"), .index = 3, .uniq = 77, .arity = 2};
  id.new_uniq[0] = 0xab;
  Term free[] = {map, MakeSmall(5)};
  Term fun = MakeLocalFun(src, &kEntry, id, free);
  Term exported = MakeExportFun(src, InternAtom("lists"), InternAtom("map"), 2);
  Term t = MakeTuple(src, {fun, exported, big});
  // tuple 4 + fun 10+2 + export 4 + map 2+3 + keys 1+3 + bignum 3 (twice more:
  // once as a key, once as a value) + refc 4 + "v" 2.
  EXPECT_EQ(FlatSize(t), 4u + 12 + 4 + 5 + 4 + 3 * 3 + 4 + 2);
  Term copy;
  auto fragment = CopyToFragment(t, &copy);
  EXPECT_EQ(fragment->used(), fragment->capacity());
  EXPECT_EQ(RefcData(bin)->refs(), 2);
  std::string text = ToString(t);
  src.Clear();  // nothing of the copy points back
  EXPECT_EQ(ToString(copy), text);
  Term fun_copy = TupleElement(copy, 0);
  EXPECT_EQ(LocalFunEntry(fun_copy), &kEntry);
  EXPECT_EQ(LocalFunIdOf(fun_copy), id);
  Term map_copy = LocalFunFreeVar(fun_copy, 0);
  EXPECT_EQ(MapSize(map_copy), 3u);
  EXPECT_EQ(*IntegerToText(*MapFind(map_copy, MakeSmall(1)), 10),
            "-1267650600228229401496703205376");
  EXPECT_EQ(RefcData(*MapFind(map_copy, atoms::kOk))->refs(), 1);
  EXPECT_EQ(ToString(TupleElement(copy, 1)), "fun lists:map/2");
}

// A sub-binary copies as a sub-binary over a copy of its original: the
// slice is kept (as BEAM keeps it), a refc original's data is shared.
// A hashmap copies node by node into the same trie: same walk, same checks.
TEST(Copy, LargeMapsCopyIntoTheSameTrie) {
  Heap src;
  std::vector<std::pair<Term, Term>> pairs;
  for (int i = 0; i < 500; ++i)
    pairs.emplace_back(MakeTuple(src, {MakeSmall(i)}), MakeString(src, "value"));
  Term map = MakeMap(src, pairs);
  Term copy;
  auto fragment = CopyToFragment(map, &copy);
  ASSERT_NE(fragment, nullptr);
  EXPECT_EQ(fragment->used(), fragment->capacity());
  std::string text = ToString(map);
  src.Clear();
  CheckMapInvariants(copy);
  EXPECT_EQ(ToString(copy), text);
}

TEST(Copy, SubBinariesKeepTheirSlice) {
  Heap src;
  Term refc = MakeBinary(src, std::vector<uint8_t>(300, 0x5a));
  Term heap_bin = MakeBinary(src, std::string_view("abcdefgh"));
  Term of_refc = MakeSubBitstring(src, refc, 3, 1000);
  Term of_heap = MakeSubBitstring(src, heap_bin, 5, 13);
  Term t = MakeTuple(src, {of_refc, of_heap});
  // tuple 3 + two sub-binaries 4 each + a ProcBin 4 + the heap binary 3.
  EXPECT_EQ(FlatSize(t), 3u + 2 * kSubBinaryWords + kProcBinWords + BinaryWords(8));
  Term copy;
  auto fragment = CopyToFragment(t, &copy);
  EXPECT_EQ(fragment->used(), fragment->capacity());
  EXPECT_EQ(fragment->off_heap().size(), 1u);
  BinaryData* data = RefcData(refc);
  EXPECT_EQ(data->refs(), 2);
  std::string text = ToString(t);
  src.Clear();
  EXPECT_EQ(ToString(copy), text);
  Term refc_slice = TupleElement(copy, 0);
  ASSERT_TRUE(IsBoxedOf(refc_slice, tag::Subtag::kSubBinary));
  EXPECT_EQ(RefcData(BitstringOriginal(refc_slice)), data);
  EXPECT_EQ(BitSize(refc_slice), 1000u);
  Term heap_slice = TupleElement(copy, 1);
  ASSERT_TRUE(IsBoxedOf(heap_slice, tag::Subtag::kSubBinary));
  EXPECT_EQ(ToString(heap_slice), "<<44,9:5>>");  // "abc" from bit 5
  EXPECT_EQ(data->refs(), 1);                     // the copy's
}

TEST(Copy, MillionElementListCopiesWithoutRecursion) {
  constexpr int kLength = 1000000;
  Heap src;
  std::vector<Term> elements;
  elements.reserve(kLength);
  for (int i = 0; i < kLength; ++i)
    elements.push_back(MakeSmall(i));
  Term list = MakeList(src, elements);
  Heap dst;
  Term copy = CopyTerm(list, dst);
  EXPECT_EQ(ListLength(copy), kLength);
  EXPECT_EQ(Compare(list, copy), 0);
  int64_t expected = 0;
  for (Term t = copy; IsList(t); t = Tail(t))
    ASSERT_EQ(SmallValue(Head(t)), expected++);
}

TEST(Copy, ListOfImmediatesSizeIsTwoWordsPerCell) {
  Heap h;
  std::vector<Term> elements(1000000, atoms::kOk);
  EXPECT_EQ(FlatSize(MakeList(h, elements)), 2000000u);
  EXPECT_EQ(FlatSize(MakeSmall(1)), 0u);
  EXPECT_EQ(FlatSize(kNil), 0u);
}

TEST(Copy, NestingThroughListHeadsCopies) {
  Heap src;
  Term t = kNil;
  for (int i = 0; i < 100000; ++i)
    t = MakeCons(src, t, MakeSmall(i));  // [[[...|0]|1]|2]
  Term copy;
  auto fragment = CopyToFragment(t, &copy);
  ASSERT_NE(fragment, nullptr);
  EXPECT_EQ(fragment->capacity(), 200000u);
  EXPECT_TRUE(ExactEqual(t, copy));
}

TEST(Copy, FragmentDroppedUnreceivedReleasesItsReferences) {
  Heap src;
  Term bin = MakeBinary(src, std::vector<uint8_t>(300, 1));
  BinaryData* data = RefcData(bin);
  Term copy;
  {
    auto fragment = CopyToFragment(MakeTuple(src, {bin, bin}), &copy);
    EXPECT_EQ(data->refs(), 3);
    EXPECT_EQ(fragment->off_heap().size(), 2u);
  }
  EXPECT_EQ(data->refs(), 1);
}

TEST(Copy, DeeplyNestedTuplesCopy) {
  Heap src;
  Term t = kNil;
  for (int i = 0; i < 100000; ++i)
    t = MakeTuple(src, {t});
  Heap dst;
  Term copy = CopyTerm(t, dst);
  int depth = 0;
  while (IsTuple(copy)) {
    copy = TupleElement(copy, 0);
    ++depth;
  }
  EXPECT_EQ(depth, 100000);
  EXPECT_TRUE(IsNil(copy));
}

TEST(Copy, AdoptedFragmentKeepsBinaryAlive) {
  std::vector<uint8_t> big(100, 9);
  Heap src;
  Term bin = MakeBinary(src, big);
  Term copy;
  auto fragment = CopyToFragment(bin, &copy);
  Heap receiver;
  receiver.Adopt(std::move(fragment));
  src.Clear();
  EXPECT_EQ(RefcData(copy)->refs(), 1);
  EXPECT_EQ(BinaryBytes(copy)[99], 9);
}

}  // namespace
}  // namespace ling
