#include "runtime/term/bits.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace ling {
namespace {

using Bytes = std::vector<uint8_t>;

// The reference: one bit at a time.
bool Bit(const uint8_t* p, uint64_t i) {
  return (p[i / 8] >> (7 - i % 8)) & 1;
}
void SetBit(uint8_t* p, uint64_t i, bool v) {
  uint8_t mask = static_cast<uint8_t>(0x80 >> (i % 8));
  p[i / 8] = static_cast<uint8_t>(v ? p[i / 8] | mask : p[i / 8] & ~mask);
}

Bytes Random(std::mt19937& random, size_t n) {
  Bytes b(n);
  for (uint8_t& x : b)
    x = static_cast<uint8_t>(random());
  return b;
}

TEST(Bits, ReadAndWriteNumberBitsFromTheMostSignificant) {
  const Bytes b = {0xab, 0xcd, 0xef};
  EXPECT_EQ(ReadBits(b.data(), 0, 8), 0xabu);
  EXPECT_EQ(ReadBits(b.data(), 4, 8), 0xbcu);
  EXPECT_EQ(ReadBits(b.data(), 3, 13), 0x0bcdu);  // <<_:3, X:13>> = <<16#abcd:16>>
  EXPECT_EQ(ReadBits(b.data(), 23, 1), 1u);
  EXPECT_EQ(ReadBits(b.data(), 5, 0), 0u);
  Bytes w = {0xff, 0xff, 0xff};
  WriteBits(w.data(), 3, 0, 13);
  EXPECT_EQ(w, (Bytes{0xe0, 0x00, 0xff}));
  WriteBits(w.data(), 4, 0x5a, 8);
  EXPECT_EQ(w, (Bytes{0xe5, 0xa0, 0xff}));
}

TEST(Bits, SixtyFourBitsAtEveryOffset) {
  std::mt19937 random(7);
  Bytes src = Random(random, 16);
  for (unsigned offset = 0; offset < 64; ++offset) {
    uint64_t want = 0;
    for (unsigned i = 0; i < 64; ++i)
      want = want << 1 | Bit(src.data(), offset + i);
    EXPECT_EQ(ReadBits(src.data(), offset, 64), want) << offset;
    Bytes dst(16, 0x5a), ref = dst;
    WriteBits(dst.data(), offset, want, 64);
    for (unsigned i = 0; i < 64; ++i)
      SetBit(ref.data(), offset + i, (want >> (63 - i)) & 1);
    EXPECT_EQ(dst, ref) << offset;
  }
}

TEST(Bits, CopyMatchesBitByBitAndTouchesNothingElse) {
  std::mt19937 random(42);
  for (int round = 0; round < 3000; ++round) {
    uint64_t n = random() % 300;
    uint64_t so = random() % 20, doff = random() % 20;
    if (round % 3 == 0) so &= ~7u, doff &= ~7u;  // the aligned path too
    Bytes src = Random(random, (so + n + 7) / 8 + 1);
    Bytes dst = Random(random, (doff + n + 7) / 8 + 1);
    Bytes want = dst;
    for (uint64_t i = 0; i < n; ++i)
      SetBit(want.data(), doff + i, Bit(src.data(), so + i));
    CopyBits(src.data(), so, dst.data(), doff, n);
    ASSERT_EQ(dst, want) << n << " bits from " << so << " to " << doff;
  }
}

TEST(Bits, CompareOrdersAsTheBitsInOrder) {
  std::mt19937 random(3);
  for (int round = 0; round < 3000; ++round) {
    uint64_t n = random() % 200;
    uint64_t ao = random() % 16, bo = random() % 16;
    if (round % 3 == 0) ao &= ~7u, bo &= ~7u;
    Bytes a = Random(random, (ao + n + 7) / 8 + 1);
    Bytes b((bo + n + 7) / 8 + 1);
    // Mostly equal prefixes, so that late differences are tested.
    for (uint64_t i = 0; i < n; ++i)
      SetBit(b.data(), bo + i, Bit(a.data(), ao + i));
    if (n > 0 && round % 2 == 0) {
      uint64_t flip = random() % n;
      SetBit(b.data(), bo + flip, !Bit(b.data(), bo + flip));
    }
    int want = 0;
    for (uint64_t i = 0; i < n && want == 0; ++i) {
      bool x = Bit(a.data(), ao + i), y = Bit(b.data(), bo + i);
      if (x != y) want = x ? 1 : -1;
    }
    ASSERT_EQ(CompareBits(a.data(), ao, b.data(), bo, n), want) << n << " " << ao << " " << bo;
  }
}

// Reading exactly the bytes that hold the range: a range ending a buffer
// is read without touching the byte after it (ASan would report it).
TEST(Bits, RangesAtTheEndOfABufferStayInside) {
  for (unsigned n = 1; n <= 64; ++n) {
    for (unsigned offset = 0; offset < 8; ++offset) {
      size_t size = (offset + n + 7) / 8;
      std::vector<uint8_t> heap_bytes(size, 0xff);
      EXPECT_EQ(ReadBits(heap_bytes.data(), offset, n), n == 64 ? ~0ull : (1ull << n) - 1);
      WriteBits(heap_bytes.data(), offset, 0, n);
      Bytes copy(size);
      CopyBits(heap_bytes.data(), offset, copy.data(), offset, n);
    }
  }
}

}  // namespace
}  // namespace ling
