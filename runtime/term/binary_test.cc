#include "runtime/term/binary.h"

#include <gtest/gtest.h>

#include <latch>
#include <memory>
#include <thread>
#include <vector>

#include "runtime/term/bits.h"
#include "runtime/term/build.h"
#include "runtime/term/copy.h"
#include "runtime/term/format.h"

namespace ling {
namespace {

std::vector<uint8_t> Bytes(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<uint8_t>(i * 7 + 1);
  return v;
}

TEST(Binary, SixtyFourBytesOnTheHeapAboveThatRefcounted) {
  Heap h;
  Term small = MakeBinary(h, Bytes(64));
  Term big = MakeBinary(h, Bytes(65));
  EXPECT_TRUE(IsBinary(small));
  EXPECT_TRUE(IsBinary(big));
  EXPECT_TRUE(IsBoxedOf(small, tag::Subtag::kHeapBinary));
  EXPECT_TRUE(IsBoxedOf(big, tag::Subtag::kRefcBinary));
  EXPECT_EQ(RefcData(small), nullptr);
  ASSERT_NE(RefcData(big), nullptr);
  EXPECT_EQ(RefcData(big)->refs(), 1);
  EXPECT_EQ(h.off_heap().size(), 1u);
  h.CheckInvariants();
}

TEST(Binary, BytesRoundTripForEverySize) {
  Heap h;
  for (size_t n = 0; n <= 200; ++n) {
    std::vector<uint8_t> bytes = Bytes(n);
    Term bin = MakeBinary(h, bytes);
    std::span<const uint8_t> back = BinaryBytes(bin);
    ASSERT_EQ(std::vector<uint8_t>(back.begin(), back.end()), bytes) << n;
  }
  Term text = MakeBinary(h, std::string_view("hello"));
  EXPECT_EQ(std::string(BinaryBytes(text).begin(), BinaryBytes(text).end()), "hello");
  h.CheckInvariants();
}

TEST(Binary, BinaryWordsMatchesWhatIsAllocated) {
  EXPECT_EQ(BinaryWords(0), 2u);
  EXPECT_EQ(BinaryWords(1), 3u);
  EXPECT_EQ(BinaryWords(8), 3u);
  EXPECT_EQ(BinaryWords(64), 10u);
  EXPECT_EQ(BinaryWords(65), kProcBinWords);
  EXPECT_EQ(BinaryWords(1 << 20), kProcBinWords);
}

// Bitstrings of any length: what erl says of <<1:9>> and the like.
TEST(Binary, SizesAndTypeTestsOfBitstrings) {
  Heap h;
  NewBitstring nine = AllocateBitstring(h, 9);
  nine.bytes[1] = 0x80;  // <<0,1:1>>
  EXPECT_EQ(ToString(nine.term), "<<0,1:1>>");
  EXPECT_EQ(BitSize(nine.term), 9u);
  EXPECT_EQ(ByteSize(nine.term), 2u);  // byte_size(<<1:9>>) is 2
  EXPECT_TRUE(IsBitstring(nine.term));
  EXPECT_FALSE(IsBinary(nine.term));
  EXPECT_FALSE(IsAlignedBinary(nine.term));
  Term bin = MakeBinary(h, Bytes(10));
  EXPECT_TRUE(IsBinary(bin));
  EXPECT_TRUE(IsBitstring(bin));
  EXPECT_EQ(BitSize(bin), 80u);
  EXPECT_EQ(ByteSize(MakeBinary(h, Bytes(100))), 100u);
  for (Term other : {MakeSmall(1), kNil, MakeTuple(h, {})}) {
    EXPECT_FALSE(IsBitstring(other));
    EXPECT_FALSE(IsBinary(other));
  }
  // A sub-binary of whole bytes is a binary, aligned or not.
  Term shifted = MakeSubBitstring(h, MakeBinary(h, Bytes(100)), 3, 8 * 70);
  EXPECT_TRUE(IsBinary(shifted));
  EXPECT_FALSE(IsAlignedBinary(shifted));
  EXPECT_EQ(ByteSize(shifted), 70u);
}

TEST(Binary, SlicesReferToTheOriginalOrCopySmallOnes) {
  Heap h;
  Term big = MakeBinary(h, Bytes(200));
  // Whole bytes up to 64: a new heap binary, as BEAM's bit syntax makes them.
  Term small = MakeSubBitstring(h, big, 8, 64 * 8);
  EXPECT_TRUE(IsBoxedOf(small, tag::Subtag::kHeapBinary));
  EXPECT_EQ(BinaryBytes(small)[0], Bytes(200)[1]);
  // More, or not whole bytes: a sub-binary of the original, never of a slice.
  Term slice = MakeSubBitstring(h, big, 8, 100 * 8);
  ASSERT_TRUE(IsBoxedOf(slice, tag::Subtag::kSubBinary));
  EXPECT_EQ(BitstringOriginal(slice), big);
  EXPECT_TRUE(IsAlignedBinary(slice));
  EXPECT_EQ(BinaryBytes(slice).data(), BinaryBytes(big).data() + 1);
  Term inner = MakeSubBitstring(h, slice, 5, 3);
  EXPECT_EQ(BitstringOriginal(inner), big);
  BitsView v = BitstringBits(inner);
  EXPECT_EQ(v.offset, 13u);
  EXPECT_EQ(v.size, 3u);
  // The whole original is the original.
  EXPECT_EQ(MakeSubBitstring(h, big, 0, 1600), big);
  EXPECT_EQ(ToString(MakeSubBitstring(h, slice, 0, 800)), ToString(slice));
}

TEST(Binary, BitstringBytesAlignsWhatIsNot) {
  Heap h;
  Term b = MakeBinary(h, Bytes(100));  // 1, 8, 15, 22, ...
  std::vector<uint8_t> scratch;
  // Aligned: a view, no copy.
  Term aligned = MakeSubBitstring(h, b, 16, 80 * 8);
  std::span<const uint8_t> view = BitstringBytes(aligned, scratch);
  EXPECT_EQ(view.data(), BinaryBytes(b).data() + 2);
  EXPECT_TRUE(scratch.empty());
  // Shifted by 4 bits: bytes made of two halves.
  Term shifted = MakeSubBitstring(h, b, 4, 70 * 8);
  std::span<const uint8_t> copy = BitstringBytes(shifted, scratch);
  ASSERT_EQ(copy.size(), 70u);
  EXPECT_EQ(copy.data(), scratch.data());
  EXPECT_EQ(copy[0], static_cast<uint8_t>((1 << 4) | (8 >> 4)));
  // Not whole bytes: the last byte's unused bits are zero.
  Term odd = MakeSubBitstring(h, MakeBinary(h, std::string_view("\xff\xff")), 0, 12);
  EXPECT_EQ(ToString(odd), "<<255,15:4>>");
  std::span<const uint8_t> padded = BitstringBytes(odd, scratch);
  EXPECT_EQ(std::vector<uint8_t>(padded.begin(), padded.end()), (std::vector<uint8_t>{255, 240}));
}

TEST(Binary, AllocatedBitstringsAreHeapRefcOrInASubBinary) {
  Heap h;
  for (uint64_t bits : {0u, 1u, 8u, 63u, 512u, 513u, 520u, 1000u}) {
    NewBitstring b = AllocateBitstring(h, bits);
    EXPECT_EQ(BitSize(b.term), bits);
    EXPECT_EQ(IsBoxedOf(b.term, tag::Subtag::kSubBinary), bits % 8 != 0) << bits;
    Term original = BitstringOriginal(b.term);
    EXPECT_EQ(IsBoxedOf(original, tag::Subtag::kRefcBinary), (bits + 7) / 8 > kHeapBinaryLimit)
        << bits;
    EXPECT_EQ(BitstringBits(b.term).bytes, b.bytes);
    for (uint64_t i = 0; i < (bits + 7) / 8; ++i)
      ASSERT_EQ(b.bytes[i], 0);
  }
  h.CheckInvariants();  // the refc ones are on the off-heap list
  EXPECT_EQ(h.off_heap().size(), 3u);
}

// Copies of one refc binary travel to other threads in fragments and are
// released there; the count, shared by all, ends where it started.
TEST(Binary, ReferencesDroppedOnOtherThreadsBalance) {
  constexpr int kThreads = 4;
  constexpr int kCopies = 200;
  Heap h;
  Term bin = MakeBinary(h, Bytes(1000));
  BinaryData* data = RefcData(bin);
  std::vector<std::vector<std::unique_ptr<HeapFragment>>> parcels(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kCopies; ++i) {
      Term copy;
      parcels[t].push_back(CopyToFragment(bin, &copy));
      EXPECT_EQ(RefcData(copy), data);
    }
  }
  EXPECT_EQ(data->refs(), 1 + kThreads * kCopies);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      Heap receiver;
      for (auto& f : parcels[t]) {
        Term copy = MakeBoxed(f->data());
        EXPECT_EQ(BinaryBytes(copy)[999], Bytes(1000)[999]);
        receiver.Adopt(std::move(f));
      }
    });  // receiver's destructor releases its references here
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(data->refs(), 1);
}

}  // namespace
}  // namespace ling
