#include "runtime/term/writable_binary.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"
#include "runtime/term/bit_build.h"
#include "runtime/term/bit_match.h"
#include "runtime/term/bits.h"
#include "runtime/term/compare.h"
#include "runtime/term/copy.h"

// The appends go through BuildBitstring, as the interpreter's bs_create_bin
// does, so that what is checked is what Erlang code gets.

namespace ling {
namespace {

// A segment of a bs_create_bin, unit 1: Acc/bits, Value:Bits, Value/bits.
BinSegment Seg(SegmentType type, uint32_t number, Term value, Term size) {
  return {.type = type, .number = number, .unit = 1, .value = value, .size = size};
}
BinSegment AppendTo(Term acc) {
  return Seg(SegmentType::kAppend, 1, acc, atoms::kAll);
}
BinSegment Int(uint32_t number, Term value, int64_t bits) {
  return Seg(SegmentType::kInteger, number, value, MakeSmall(bits));
}

// <<Acc/bits, Value:Bits>>.
Term Append(Heap& h, Term acc, int64_t value, int64_t bits = 8) {
  BinSegment segments[] = {AppendTo(acc), Int(2, MakeSmall(value), bits)};
  BuildError error;
  Term t = BuildBitstring(h, segments, &error);
  EXPECT_FALSE(IsNonValue(t));
  return t;
}

Term Empty(Heap& h) {
  return MakeBinary(h, std::span<const uint8_t>());
}

// The bytes a loop of byte appends writes: 0, 1, 2, ... (mod 256).
Term AppendBytes(Heap& h, Term acc, int n) {
  for (int i = 0; i < n; ++i)
    acc = Append(h, acc, static_cast<int64_t>(ByteSize(acc) % 256));
  return acc;
}

bool HoldsCountingBytes(Term t) {
  std::vector<uint8_t> scratch;
  std::span<const uint8_t> bytes = BitstringBytes(t, scratch);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] != i % 256) return false;
  }
  return true;
}

BinaryData* DataOf(Term t) {
  return RefcData(BitstringOriginal(t));
}

TEST(WritableBinary, SmallResultsAreHeapBinariesLargerOnesWritable) {
  Heap h;
  Term small = AppendBytes(h, Empty(h), 64);
  EXPECT_EQ(DataOf(small), nullptr);
  Term large = Append(h, small, 64);
  ASSERT_NE(DataOf(large), nullptr);
  EXPECT_TRUE(DataOf(large)->writable());
  EXPECT_EQ(DataOf(large)->written_bits(), 65u * 8);
  EXPECT_EQ(DataOf(large)->size(), 2u * 65);
  EXPECT_TRUE(HoldsCountingBytes(large));
  h.CheckInvariants();
}

TEST(WritableBinary, AppendingInALoopReusesTheBuffer) {
  Heap h;
  Term acc = AppendBytes(h, Empty(h), 65);
  std::set<BinaryData*> buffers = {DataOf(acc)};
  for (int i = 0; i < 100000; ++i) {
    BinaryData* before = DataOf(acc);
    size_t capacity = before->size();
    acc = AppendBytes(h, acc, 1);
    // A new buffer only when the old one was full.
    if (DataOf(acc) != before) {
      EXPECT_EQ(capacity, ByteSize(acc) - 1);
      buffers.insert(DataOf(acc));
    }
  }
  EXPECT_EQ(ByteSize(acc), 100065u);
  EXPECT_TRUE(HoldsCountingBytes(acc));
  // Doubling from 130 bytes: ten buffers reach 100,065 bytes.
  EXPECT_EQ(buffers.size(), 11u);
  EXPECT_GE(DataOf(acc)->size(), ByteSize(acc));
  EXPECT_LE(DataOf(acc)->size(), 2 * ByteSize(acc));
  h.CheckInvariants();
}

TEST(WritableBinary, CapacityDoublesThenGrowsByAFifthBeyondSixteenMebibytes) {
  Heap h;
  Term acc = AppendBytes(h, Empty(h), 65);
  EXPECT_EQ(DataOf(acc)->size(), 130u);
  // Appends of 1 MiB (as a 2^23-bit integer) cross 16 MiB quickly.
  int growths = 0;
  while (ByteSize(acc) < (size_t{40} << 20)) {
    size_t capacity = DataOf(acc)->size();
    acc = Append(h, acc, 7, int64_t{1} << 23);
    size_t size = ByteSize(acc);
    if (size <= capacity) {
      EXPECT_EQ(DataOf(acc)->size(), capacity);
      continue;
    }
    ++growths;
    EXPECT_EQ(DataOf(acc)->size(), size > (size_t{16} << 20) ? size + size / 5 : 2 * size);
  }
  EXPECT_EQ(growths, 6);  // 1, 3, 7, 15, 31 (a fifth more: 37.2) and 38 MiB
}

TEST(WritableBinary, AppendingToAnOlderValueCopiesAndLeavesBothIntact) {
  Heap h;
  Term base = AppendBytes(h, Empty(h), 100);
  Term one = Append(h, base, 'x');  // the newest: extends base's buffer
  EXPECT_EQ(DataOf(one), DataOf(base));
  Term two = Append(h, base, 'y');  // base again: a copy
  EXPECT_NE(DataOf(two), DataOf(base));
  Term three = Append(h, one, 'z');  // one is still the newest of its buffer
  EXPECT_EQ(DataOf(three), DataOf(one));

  EXPECT_EQ(ByteSize(base), 100u);
  EXPECT_TRUE(HoldsCountingBytes(base));
  std::vector<uint8_t> scratch;
  EXPECT_EQ(BitstringBytes(one, scratch).back(), 'x');
  EXPECT_EQ(BitstringBytes(two, scratch).back(), 'y');
  EXPECT_EQ(BitstringBytes(three, scratch)[100], 'x');
  EXPECT_EQ(BitstringBytes(three, scratch)[101], 'z');
  // Both results keep the base as their prefix.
  EXPECT_EQ(Compare(MakeSubBitstring(h, two, 0, 800), base), 0);
  EXPECT_EQ(Compare(MakeSubBitstring(h, three, 0, 800), base), 0);
  h.CheckInvariants();
}

TEST(WritableBinary, SlicesAndMatchContextsTakenMidLoopKeepTheirBytes) {
  Heap h;
  Term acc = AppendBytes(h, Empty(h), 200);
  Term slice = MakeSubBitstring(h, acc, 8 * 100, 8 * 100);  // bytes 100..199
  Term context = StartMatch(h, acc);
  ASSERT_TRUE(SkipBits(context, 8 * 150));
  BinaryData* before = DataOf(acc);
  acc = AppendBytes(h, acc, 10000);  // moves the buffer several times
  EXPECT_NE(DataOf(acc), before);
  EXPECT_EQ(DataOf(slice), DataOf(acc));  // the slice follows the buffer
  std::vector<uint8_t> scratch;
  std::span<const uint8_t> bytes = BitstringBytes(slice, scratch);
  ASSERT_EQ(bytes.size(), 100u);
  for (size_t i = 0; i < bytes.size(); ++i)
    EXPECT_EQ(bytes[i], 100 + i);
  // The context still ends where acc ended when it was made.
  EXPECT_EQ(MatchRemaining(context), 8u * 50);
  EXPECT_EQ(SmallValue(MatchInteger(h, context, 8, 0)), 150);
  EXPECT_TRUE(HoldsCountingBytes(acc));
  // Slices a context takes of a grown buffer: past the ProcBin's own size.
  Term grown = StartMatch(h, acc);
  ASSERT_TRUE(SkipBits(grown, 8 * 5000));
  Term piece = MatchBitstring(h, grown, 8 * 100);
  EXPECT_EQ(BitstringBytes(piece, scratch)[0], 5000 % 256);
  Term rest = MatchTail(h, grown);
  EXPECT_EQ(ByteSize(rest), 10200u - 5100);
  EXPECT_EQ(BitstringBytes(rest, scratch)[0], 5100 % 256);
  h.CheckInvariants();
}

TEST(WritableBinary, ASliceEndingAtTheNewestEndIsExtendedInPlace) {
  Heap h;
  Term acc = AppendBytes(h, Empty(h), 100);
  Term tail = MakeSubBitstring(h, acc, 8 * 10, 8 * 90);  // <<_:10/binary, Tail/binary>>
  Term grown = Append(h, tail, 100);
  EXPECT_EQ(DataOf(grown), DataOf(acc));
  EXPECT_EQ(ByteSize(grown), 91u);
  std::vector<uint8_t> scratch;
  std::span<const uint8_t> bytes = BitstringBytes(grown, scratch);
  for (size_t i = 0; i < bytes.size(); ++i)
    EXPECT_EQ(bytes[i], 10 + i);
  EXPECT_EQ(ByteSize(acc), 100u);
}

TEST(WritableBinary, BitstringAppendsAreInPlaceToo) {
  Heap h;
  Term acc = Empty(h);
  std::set<BinaryData*> buffers;
  for (int i = 0; i < 3001; ++i) {
    acc = Append(h, acc, i % 8, 3);  // <<Acc/bits, I:3>>
    if (BinaryData* data = DataOf(acc)) buffers.insert(data);
  }
  EXPECT_EQ(BitSize(acc), 9003u);
  EXPECT_FALSE(IsBinary(acc));
  // 65 bytes in 130, then 260, 520 and 1040: the 1126 bytes fit the fifth.
  EXPECT_EQ(buffers.size(), 5u);
  BitsView bits = BitstringBits(acc);
  for (int i = 0; i < 3001; ++i)
    ASSERT_EQ(ReadBits(bits.bytes, bits.offset + 3 * i, 3), static_cast<uint64_t>(i % 8)) << i;
  // A bitstring appended to twice: both keep their own last bits.
  Term one = Append(h, acc, 1, 1);
  Term zero = Append(h, acc, 0, 1);
  EXPECT_EQ(ReadBits(BitstringBits(one).bytes, BitstringBits(one).offset + 9003, 1), 1u);
  EXPECT_EQ(ReadBits(BitstringBits(zero).bytes, BitstringBits(zero).offset + 9003, 1), 0u);
  h.CheckInvariants();
}

TEST(WritableBinary, AnAppendOfItselfReadsTheBytesBeforeTheNewOnes) {
  Heap h;
  Term acc = AppendBytes(h, Empty(h), 100);
  // <<Acc/bits, Acc/bits>>: the value is the buffer the bits go to.
  BinSegment segments[] = {AppendTo(acc), Seg(SegmentType::kBinary, 2, acc, atoms::kAll)};
  BuildError error;
  Term twice = BuildBitstring(h, segments, &error);
  EXPECT_EQ(DataOf(twice), DataOf(acc));
  EXPECT_EQ(Compare(MakeSubBitstring(h, twice, 0, 800), acc), 0);
  EXPECT_EQ(Compare(MakeSubBitstring(h, twice, 800, 800), acc), 0);
}

TEST(WritableBinary, ACopyIsAnOrdinaryBinaryAndTheOriginalStopsBeingWritable) {
  Heap h;
  Heap other;  // another process's heap: what a message is copied to
  Term acc = AppendBytes(h, Empty(h), 100);
  Term sent = CopyTerm(acc, other);
  BinaryData* data = DataOf(acc);
  EXPECT_EQ(DataOf(sent), data);
  EXPECT_EQ(data->refs(), 2);
  EXPECT_FALSE(data->writable());
  // Neither side may write into the shared bytes: both appends copy.
  Term mine = Append(h, acc, 'a');
  Term theirs = Append(other, sent, 'b');
  EXPECT_NE(DataOf(mine), data);
  EXPECT_NE(DataOf(theirs), data);
  EXPECT_NE(DataOf(mine), DataOf(theirs));
  EXPECT_EQ(Compare(sent, acc), 0);
  EXPECT_EQ(ByteSize(sent), 100u);
  h.CheckInvariants();
  other.CheckInvariants();
}

TEST(WritableBinary, AFailedAppendLeavesTheValueIntact) {
  Heap h;
  Term acc = AppendBytes(h, Empty(h), 100);
  // <<Acc/bits, 1:8, ok:8>>: badarg when ok is written, after the 1.
  BinSegment segments[] = {AppendTo(acc), Int(2, MakeSmall(1), 8), Int(3, atoms::kOk, 8)};
  BuildError error;
  EXPECT_TRUE(IsNonValue(BuildBitstring(h, segments, &error)));
  EXPECT_EQ(ByteSize(acc), 100u);
  EXPECT_TRUE(HoldsCountingBytes(acc));
  Term next = AppendBytes(h, acc, 1);
  EXPECT_TRUE(HoldsCountingBytes(next));
}

TEST(WritableBinary, ACollectionTrimsBinariesNoOneAppendsTo) {
  Heap h;
  Term acc = AppendBytes(h, Empty(h), 600);
  Term plain = MakeBinary(h, std::vector<uint8_t>(100, 1));
  BinaryData* plain_data = RefcData(plain);
  ASSERT_EQ(DataOf(acc)->size(), 1054u);  // 65 bytes doubled three times
  SettleWritableBinaries(h.off_heap());   // appended since the last collection: kept
  EXPECT_EQ(DataOf(acc)->size(), 1054u);
  SettleWritableBinaries(h.off_heap());  // idle since: trimmed
  EXPECT_EQ(DataOf(acc)->size(), 600u);
  EXPECT_TRUE(DataOf(acc)->writable());
  EXPECT_TRUE(HoldsCountingBytes(acc));
  // Appending again grows it again, in place from then on.
  acc = AppendBytes(h, acc, 1);
  BinaryData* grown = DataOf(acc);
  EXPECT_EQ(grown->size(), 2u * 601);
  acc = AppendBytes(h, acc, 100);
  EXPECT_EQ(DataOf(acc), grown);
  EXPECT_TRUE(HoldsCountingBytes(acc));
  EXPECT_EQ(RefcData(plain), plain_data);  // ordinary binaries are left alone
  h.CheckInvariants();
}

}  // namespace
}  // namespace ling
