#include "runtime/term/heap.h"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/copy.h"
#include "runtime/term/format.h"

namespace ling {
namespace {

TEST(Heap, UnusedHeapHoldsNoMemory) {
  Heap h;
  EXPECT_EQ(h.SizeBytes(), 0u);
  h.CheckInvariants();
}

TEST(Heap, GrowsAndKeepsEarlierTermsValid) {
  Heap h;
  std::vector<Term> tuples;
  for (int i = 0; i < 10000; ++i)
    tuples.push_back(MakeTuple(h, {MakeSmall(i), kNil}));
  for (int i = 0; i < 10000; ++i)
    ASSERT_EQ(SmallValue(TupleElement(tuples[i], 0)), i);
  EXPECT_GT(h.SizeBytes(), 10000u * 3 * 8 - 1);
  h.CheckInvariants();
  h.Clear();
  EXPECT_EQ(h.SizeBytes(), 0u);
}

TEST(Heap, LargeAllocationGetsItsOwnChunk) {
  Heap h;
  uint64_t* big = h.Allocate(1 << 20);
  big[(1 << 20) - 1] = 7;
  EXPECT_GE(h.SizeBytes(), (1u << 20) * 8);
  h.CheckInvariants();
}

TEST(Heap, RefcBinaryReferencesDropWhenHeapIsCleared) {
  std::vector<uint8_t> bytes(1000, 0xAB);
  Heap h;
  Term bin = MakeBinary(h, bytes);
  BinaryData* data = RefcData(bin);
  ASSERT_NE(data, nullptr);
  data->AddRef();  // the test's own reference
  EXPECT_EQ(data->refs(), 2);
  h.Clear();
  EXPECT_EQ(data->refs(), 1);
  data->Release();
}

TEST(Heap, SmallBinariesLiveOnTheHeap) {
  Heap h;
  Term bin = MakeBinary(h, std::string_view("hello"));
  EXPECT_EQ(RefcData(bin), nullptr);
  auto bytes = BinaryBytes(bin);
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), "hello");
  EXPECT_EQ(h.off_heap().size(), 0u);
}

TEST(Heap, AdoptedFragmentLivesWithTheHeap) {
  Heap h;
  auto f = HeapFragment::Create(3);
  uint64_t* p = f->Allocate(3);
  p[0] = MakeHeader(tag::Subtag::kTuple, 2);
  p[1] = MakeSmall(1).raw();
  p[2] = MakeSmall(2).raw();
  Term t = MakeBoxed(p);
  h.Adopt(std::move(f));
  EXPECT_EQ(SmallValue(TupleElement(t, 1)), 2);
  EXPECT_EQ(h.SizeBytes(), 3u * 8);
  h.CheckInvariants();
}

TEST(Heap, AdoptionMovesBinaryReferencesToTheHeap) {
  std::vector<uint8_t> bytes(100, 1);
  Heap sender;
  Term bin = MakeBinary(sender, bytes);
  BinaryData* data = RefcData(bin);
  Term copy;
  auto fragment = CopyToFragment(MakeTuple(sender, {bin, MakeSmall(1)}), &copy);
  EXPECT_EQ(data->refs(), 2);
  Heap receiver;
  MakeBinary(receiver, bytes);  // one of its own
  receiver.Adopt(std::move(fragment));
  EXPECT_EQ(receiver.off_heap().size(), 2u);
  receiver.CheckInvariants();
  EXPECT_EQ(ToString(copy), ToString(MakeTuple(sender, {bin, MakeSmall(1)})));
  receiver.Clear();
  EXPECT_EQ(data->refs(), 1);
  EXPECT_EQ(receiver.SizeBytes(), 0u);
  receiver.CheckInvariants();
}

TEST(Heap, AdoptingNothingIsFine) {
  Heap h;
  h.Adopt(nullptr);
  EXPECT_EQ(h.SizeBytes(), 0u);
}

TEST(Heap, ChunksStartSmallAndGrow) {
  Heap h;
  h.Allocate(1);
  size_t first = h.SizeBytes();
  EXPECT_GT(first, 0u);
  EXPECT_LE(first, 1024u);  // a process that allocates a little pays little
  for (int i = 0; i < 100000; ++i)
    h.Allocate(3);
  // Geometric growth: few chunks, so little slack beyond what was used.
  EXPECT_LT(h.SizeBytes(), 2 * (100000u * 3 * 8) + 64 * 1024 * 8);
  h.CheckInvariants();
}

}  // namespace
}  // namespace ling
