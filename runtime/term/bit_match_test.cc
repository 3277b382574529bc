#include "runtime/term/bit_match.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bits.h"
#include "runtime/term/build.h"
#include "runtime/term/format.h"

// Expected results come from erl 25 matching the same patterns, e.g.
//   erl -noshell -eval 'B = <<16#ab,16#cd,16#ef>>,
//       <<X:13/signed-little, R/bits>> = B, io:format("~w~n", [{X, R}])' -s init stop

namespace ling {
namespace {

using Bytes = std::vector<uint8_t>;
constexpr uint32_t kLittle = bitflag::kLittle;
constexpr uint32_t kSigned = bitflag::kSigned;

// The bitstring of the first `bits` bits of `bytes`.
Term Bits(Heap& h, const Bytes& bytes, uint64_t bits) {
  NewBitstring b = AllocateBitstring(h, bits);
  CopyBits(bytes.data(), 0, b.bytes, 0, bits);
  return b.term;
}
Term Bin(Heap& h, const Bytes& bytes) {
  return MakeBinary(h, bytes);
}

std::string Text(Term t) {
  return IsNonValue(t) ? "no match" : ToString(t);
}

uint64_t Position(Term ctx) {
  return static_cast<uint64_t>(SmallValue(GetMatchPosition(ctx)));
}

TEST(BitMatch, StartsOnBitstringsAndKeepsContexts) {
  Heap h;
  EXPECT_EQ(StartMatch(h, kNil), kNonValue);
  EXPECT_EQ(StartMatch(h, MakeSmall(1)), kNonValue);
  EXPECT_EQ(StartMatch(h, MakeTuple(h, {})), kNonValue);
  Term ctx = StartMatch(h, Bin(h, {1, 2, 3}));
  ASSERT_TRUE(IsMatchContext(ctx));
  EXPECT_FALSE(IsBitstring(ctx));
  EXPECT_EQ(MatchRemaining(ctx), 24u);
  EXPECT_EQ(Text(MatchInteger(h, ctx, 8, 0)), "1");
  // A context passed on (bs_start_match4 on a context) goes on where it was.
  EXPECT_EQ(StartMatch(h, ctx), ctx);
  EXPECT_EQ(Text(MatchInteger(h, ctx, 8, 0)), "2");
  // A sub-binary's context starts at its offset within the original.
  Term sub = MakeSubBitstring(h, Bits(h, Bytes(100, 0xf0), 800), 3, 700);
  Term sub_ctx = StartMatch(h, sub);
  EXPECT_EQ(Position(sub_ctx), 3u);
  EXPECT_EQ(MatchRemaining(sub_ctx), 700u);
  EXPECT_EQ(Text(MatchInteger(h, sub_ctx, 5, 0)), "16");  // 10000 of 1111 0000
  EXPECT_EQ(Text(MatchTail(h, sub_ctx)), Text(MakeSubBitstring(h, sub, 5, 695)));
}

TEST(BitMatch, SegmentSizes) {
  Heap h;
  EXPECT_EQ(SegmentBits(MakeSmall(9), 8), 72u);
  EXPECT_EQ(SegmentBits(MakeSmall(0), 8), 0u);
  EXPECT_EQ(SegmentBits(MakeSmall(kSmallMax), 1), static_cast<uint64_t>(kSmallMax));
  // erl: S = a, -1 or 1 bsl 70 in <<X:S>> = B is a badmatch.
  EXPECT_EQ(SegmentBits(atoms::kOk, 1), std::nullopt);
  EXPECT_EQ(SegmentBits(MakeSmall(-1), 1), std::nullopt);
  EXPECT_EQ(SegmentBits(*IntegerBsl(h, MakeSmall(1), MakeSmall(70)), 1), std::nullopt);
  EXPECT_EQ(SegmentBits(*MakeFloat(h, 8.0), 1), std::nullopt);
  EXPECT_EQ(SegmentBits(MakeSmall(kSmallMax), 256), std::nullopt);  // past 64 bits
}

TEST(BitMatch, IntegersAsErlMatchesThem) {
  Heap h;
  struct Case {
    Bytes subject;
    uint64_t skip, size;
    uint32_t flags;
    const char* value;
    const char* rest;
  } cases[] = {
      {{0xab, 0xcd, 0xef}, 0, 13, kSigned | kLittle, "-1621", "<<189,7:3>>"},
      {{0xab, 0xcd, 0xef}, 0, 13, kLittle, "6571", "<<189,7:3>>"},
      {{0xab, 0xcd, 0xef}, 0, 13, kSigned, "-2695", "<<189,7:3>>"},
      {{0xab, 0xcd, 0xef}, 3, 13, kSigned | kLittle, "3422", "<<239>>"},
      {{0xab, 0xcd, 0xef, 1, 2, 3, 4, 5, 6, 7}, 3, 70, kSigned, "435506530432332597772", "<<7:7>>"},
      {{0xab, 0xcd, 0xef, 1, 2, 3, 4, 5, 6, 7}, 3, 70, kLittle, "224252266302427131742", "<<7:7>>"},
      {{128, 0, 0, 0, 0, 0, 0, 0}, 0, 64, kSigned, "-9223372036854775808", "<<>>"},
      {{255, 255, 255, 255, 255, 255, 255, 255}, 0, 64, 0, "18446744073709551615", "<<>>"},
      {{127, 255, 255, 255, 255, 255, 255, 255}, 0, 60, kSigned, "576460752303423487", "<<15:4>>"},
      {{}, 0, 0, kSigned, "0", "<<>>"},
  };
  for (const Case& c : cases) {
    Term ctx = StartMatch(h, Bin(h, c.subject));
    ASSERT_TRUE(SkipBits(ctx, c.skip));
    EXPECT_EQ(Text(MatchInteger(h, ctx, c.size, c.flags)), c.value) << c.size;
    EXPECT_EQ(Text(MatchRest(h, ctx, 1)), c.rest) << c.size;
  }
  // Wide ones: <<X:100>> = <<1:100>>, <<X:100/signed>> = <<-1:100>>, and a
  // negative bignum through 100 little-endian bits.
  Term ctx = StartMatch(h, Bits(h, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10}, 100));
  EXPECT_EQ(Text(MatchInteger(h, ctx, 100, 0)), "1");
  ctx = StartMatch(h, Bits(h, Bytes(13, 0xff), 100));
  EXPECT_EQ(Text(MatchInteger(h, ctx, 100, kSigned)), "-1");
  Term big = *IntegerFromText(h, "-12345678901234567890123", 10);
  NewBitstring b = AllocateBitstring(h, 100);
  ASSERT_TRUE(WriteInteger(big, 100, kLittle, b.bytes, 0));
  ctx = StartMatch(h, b.term);
  EXPECT_EQ(Text(MatchInteger(h, ctx, 100, kSigned | kLittle)), "-12345678901234567890123");
  // Too many bits: no match, nothing moves.
  ctx = StartMatch(h, Bin(h, {1, 2}));
  EXPECT_EQ(MatchInteger(h, ctx, 17, 0), kNonValue);
  EXPECT_EQ(Position(ctx), 0u);
}

// Integer fields of up to 64 bits in all, matched as one word and split,
// read what MatchInteger reads field by field.
TEST(BitMatch, FieldsOfOneWordAsMatchInteger) {
  Heap h;
  std::mt19937_64 random(7);
  Bytes bytes(24);
  for (int round = 0; round < 2000; ++round) {
    for (uint8_t& b : bytes)
      b = static_cast<uint8_t>(random());
    uint64_t skip = random() % 60;
    Term a = StartMatch(h, Bin(h, bytes)), b = StartMatch(h, Bin(h, bytes));
    ASSERT_TRUE(SkipBits(a, skip) && SkipBits(b, skip));
    struct Field {
      unsigned bits;
      uint32_t flags;
    };
    std::vector<Field> fields;
    unsigned total = 0;
    while (true) {
      uint32_t flags = static_cast<uint32_t>(random() % 2) * kSigned | (random() % 2) * kLittle;
      auto bits = static_cast<unsigned>(random() % (SmallSegmentLimit(flags) + 1));
      if (total + bits > 64) break;
      fields.push_back({bits, flags});
      total += bits;
    }
    std::optional<uint64_t> word = MatchWord(a, total);
    ASSERT_TRUE(word.has_value());
    EXPECT_EQ(Position(a), skip + total);
    unsigned left = total;
    for (const Field& f : fields) {
      left -= f.bits;
      uint64_t raw = f.bits == 0 ? 0 : (*word >> left) & (~uint64_t{0} >> (64 - f.bits));
      Term value = MakeSmall(static_cast<int64_t>(SegmentWordValue(raw, f.bits, f.flags)));
      EXPECT_EQ(value, MatchInteger(h, b, f.bits, f.flags)) << f.bits << " " << f.flags;
    }
  }
  EXPECT_EQ(SmallSegmentLimit(0), 59u);
  EXPECT_EQ(SmallSegmentLimit(kSigned), 60u);
  // Too many bits: no match, nothing moves.
  Term ctx = StartMatch(h, Bin(h, {1, 2}));
  EXPECT_EQ(MatchWord(ctx, 17), std::nullopt);
  EXPECT_EQ(Position(ctx), 0u);
  EXPECT_EQ(MatchWord(ctx, 16), 0x0102u);
}

TEST(BitMatch, FloatsAsErlMatchesThem) {
  Heap h;
  Term ctx = StartMatch(h, Bits(h, {31, 192, 0, 0, 0}, 40));
  ASSERT_TRUE(SkipBits(ctx, 1));
  EXPECT_EQ(Text(MatchFloat(h, ctx, 32, 0)), "1.0");
  EXPECT_EQ(MatchRemaining(ctx), 7u);
  EXPECT_EQ(Text(MatchFloat(h, ctx, 0, 0)), "0.0");  // <<X:0/float>> = <<>> gives 0.0
  ctx = StartMatch(h, Bin(h, {60, 1, 1, 60}));
  EXPECT_EQ(Text(MatchFloat(h, ctx, 16, 0)), "1.0009765625");
  EXPECT_EQ(Text(MatchFloat(h, ctx, 16, kLittle)), "1.0009765625");
  // NaN, infinities and sizes other than 16, 32, 64 fail and leave the
  // position where it was.
  for (const Bytes& bad : {Bytes{127, 128, 0, 0}, Bytes{127, 192, 0, 0}}) {
    ctx = StartMatch(h, Bin(h, bad));
    EXPECT_EQ(MatchFloat(h, ctx, 32, 0), kNonValue);
    EXPECT_EQ(Position(ctx), 0u);
  }
  ctx = StartMatch(h, Bin(h, {124, 0}));
  EXPECT_EQ(MatchFloat(h, ctx, 16, 0), kNonValue);
  ctx = StartMatch(h, Bin(h, {1, 2, 3, 4}));
  EXPECT_EQ(MatchFloat(h, ctx, 24, 0), kNonValue);
  EXPECT_EQ(MatchFloat(h, ctx, 64, 0), kNonValue);
  EXPECT_EQ(Position(ctx), 0u);
}

TEST(BitMatch, BinariesAsErlMatchesThem) {
  Heap h;
  Term subject = Bits(h, {1, 2, 3, 4 << 3}, 29);  // <<1,2,3,4:5>>
  Term ctx = StartMatch(h, subject);
  EXPECT_EQ(Text(MatchBitstring(h, ctx, 24)), "<<1,2,3>>");
  EXPECT_EQ(Text(MatchRest(h, ctx, 1)), "<<4:5>>");
  ctx = StartMatch(h, subject);
  EXPECT_EQ(MatchRest(h, ctx, 8), kNonValue);  // <<X/binary>> of 29 bits
  EXPECT_EQ(Text(MatchRest(h, ctx, 1)), "<<1,2,3,4:5>>");
  ctx = StartMatch(h, subject);
  EXPECT_EQ(Text(MatchBitstring(h, ctx, 2 * 3)), "<<0:6>>");  // X:2/binary-unit:3
  EXPECT_EQ(Text(MatchRest(h, ctx, 1)), "<<64,128,100:7>>");
  ctx = StartMatch(h, subject);
  EXPECT_EQ(Text(MatchBitstring(h, ctx, 5)), "<<0:5>>");
  EXPECT_TRUE(TestUnit(ctx, 3));
  EXPECT_TRUE(TestUnit(ctx, 4));
  EXPECT_FALSE(TestUnit(ctx, 5));
  EXPECT_EQ(Text(MatchRest(h, ctx, 3)), "<<32,64,100>>");
  EXPECT_EQ(MatchBitstring(h, ctx, 1), kNonValue);
  EXPECT_EQ(Text(MatchRest(h, ctx, 8)), "<<>>");
}

// As erts_extract_sub_binary: whole bytes up to 64 are copied, anything
// else refers to the original -- and the whole original is itself.
TEST(BitMatch, SlicesAreCopiesOrSubBinariesAsInBeam) {
  Heap h;
  Bytes bytes(200);
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<uint8_t>(i);
  Term refc = Bin(h, bytes);
  Term ctx = StartMatch(h, refc);
  Term small = MatchBitstring(h, ctx, 64 * 8);
  EXPECT_TRUE(IsBoxedOf(small, tag::Subtag::kHeapBinary));
  Term large = MatchBitstring(h, ctx, 65 * 8);
  EXPECT_TRUE(IsBoxedOf(large, tag::Subtag::kSubBinary));
  EXPECT_EQ(BitstringOriginal(large), refc);
  EXPECT_EQ(BinaryBytes(large)[0], 64);
  Term odd = MatchBitstring(h, ctx, 3);
  EXPECT_TRUE(IsBoxedOf(odd, tag::Subtag::kSubBinary));
  EXPECT_EQ(BitstringOriginal(odd), refc);
  EXPECT_EQ(Text(odd), "<<4:3>>");  // 129 = 1000 0001
  ctx = StartMatch(h, refc);
  EXPECT_EQ(MatchRest(h, ctx, 8), refc);
  // A small original's slices refer to it too when they are not whole bytes.
  Term heap_bin = Bin(h, {0xff, 0x0f});
  ctx = StartMatch(h, heap_bin);
  ASSERT_TRUE(SkipBits(ctx, 4));
  Term tail = MatchTail(h, ctx);
  EXPECT_EQ(BitstringOriginal(tail), heap_bin);
  EXPECT_EQ(Text(tail), "<<240,15:4>>");
  EXPECT_EQ(Position(ctx), 4u);  // bs_get_tail does not move
}

TEST(BitMatch, StringsOfAnyBitLength) {
  Heap h;
  const Bytes ab = {'a', 'b'};
  Term ctx = StartMatch(h, MakeBinary(h, std::string_view("abc")));
  EXPECT_TRUE(MatchString(ctx, ab, 16));
  EXPECT_EQ(Text(MatchRest(h, ctx, 1)), "<<99>>");
  ctx = StartMatch(h, MakeBinary(h, std::string_view("ax")));
  EXPECT_FALSE(MatchString(ctx, ab, 16));
  EXPECT_EQ(Position(ctx), 0u);
  // <<1:1, 5:3, R/bits>> = <<16#d0, 1>>: the compiler merges the literal
  // segments into a 4-bit string.
  ctx = StartMatch(h, Bin(h, {0xd0, 1}));
  EXPECT_TRUE(MatchString(ctx, Bytes{0xd0}, 4));
  EXPECT_EQ(Text(MatchRest(h, ctx, 1)), "<<0,1:4>>");
  // <<_:1, "ab", R/bits>> = <<1:1, "ab", 0:7>>
  ctx = StartMatch(h, Bits(h, {0xb0, 0xb1, 0}, 24));
  ASSERT_TRUE(SkipBits(ctx, 1));
  EXPECT_TRUE(MatchString(ctx, ab, 16));
  EXPECT_EQ(Text(MatchRest(h, ctx, 1)), "<<0:7>>");
  ctx = StartMatch(h, Bin(h, {'a'}));
  EXPECT_FALSE(MatchString(ctx, ab, 16));  // too short
}

TEST(BitMatch, CodePointsAsErlMatchesThem) {
  Heap h;
  Term ctx = StartMatch(h, Bin(h, {0xc3, 0xa9, 1}));
  EXPECT_EQ(Text(MatchUtf8(ctx)), "233");
  EXPECT_EQ(Text(MatchRest(h, ctx, 1)), "<<1>>");
  ctx = StartMatch(h, Bits(h, {0x38, 0xa0, 0xab, 0}, 32));  // <<0:2, "€", 0:6>>
  ASSERT_TRUE(SkipBits(ctx, 2));
  EXPECT_EQ(Text(MatchUtf8(ctx)), "8364");
  EXPECT_EQ(Text(MatchRest(h, ctx, 1)), "<<0:6>>");
  for (const Bytes& bad : {Bytes{0xc0, 0x80}, Bytes{0xe0, 0x80, 0x80}, Bytes{0xed, 0xa0, 0x80},
                           Bytes{0xf4, 0x90, 0x80, 0x80}, Bytes{0xf0, 0x9f, 0x98}}) {
    ctx = StartMatch(h, Bin(h, bad));
    EXPECT_EQ(MatchUtf8(ctx), kNonValue);
    EXPECT_FALSE(SkipUtf8(ctx));
    EXPECT_EQ(Position(ctx), 0u);
  }
  ctx = StartMatch(h, Bin(h, {0x3d, 0xd8, 0x00, 0xde, 0xd8, 0x3d, 0xde, 0x00}));
  EXPECT_EQ(Text(MatchUtf16(ctx, kLittle)), "128512");
  EXPECT_TRUE(SkipUtf16(ctx, 0));
  EXPECT_TRUE(TestTail(ctx, 0));
  ctx = StartMatch(h, Bin(h, {0xd8, 0x00, 0x00, 0x41}));
  EXPECT_EQ(MatchUtf16(ctx, 0), kNonValue);
  ctx = StartMatch(h, Bin(h, {0, 0x10, 0xff, 0xff, 0xac, 0x20, 0, 0, 0, 0x11, 0, 0}));
  EXPECT_EQ(Text(MatchUtf32(ctx, 0)), "1114111");
  EXPECT_TRUE(SkipUtf32(ctx, kLittle));
  EXPECT_EQ(MatchUtf32(ctx, 0), kNonValue);
  EXPECT_FALSE(SkipUtf32(ctx, 0));
  EXPECT_EQ(Position(ctx), 64u);
}

TEST(BitMatch, PositionsSkipsAndTailTests) {
  Heap h;
  Term ctx = StartMatch(h, Bin(h, {1, 2, 3, 4}));
  Term start = GetMatchPosition(ctx);
  EXPECT_TRUE(SkipBits(ctx, 8));
  EXPECT_FALSE(SkipBits(ctx, 25));
  EXPECT_TRUE(TestTail(ctx, 24));
  EXPECT_FALSE(TestTail(ctx, 0));
  EXPECT_TRUE(TestUnit(ctx, 8));
  EXPECT_TRUE(TestUnit(ctx, 12));
  EXPECT_FALSE(TestUnit(ctx, 16));
  EXPECT_FALSE(SkipRest(ctx, 16));
  EXPECT_TRUE(SkipRest(ctx, 8));
  EXPECT_TRUE(TestTail(ctx, 0));
  // Back to the start, as the compiler does between clauses.
  EXPECT_TRUE(SetMatchPosition(ctx, start));
  EXPECT_EQ(Text(MatchInteger(h, ctx, 16, 0)), "258");
  EXPECT_FALSE(SetMatchPosition(ctx, atoms::kOk));
  EXPECT_FALSE(SetMatchPosition(ctx, MakeSmall(-1)));
  EXPECT_FALSE(SetMatchPosition(ctx, MakeSmall(33)));
  EXPECT_EQ(Position(ctx), 16u);
  EXPECT_TRUE(SetMatchPosition(ctx, MakeSmall(32)));
  EXPECT_TRUE(TestTail(ctx, 0));
}

// Random operations on random bitstrings at random offsets: each succeeds
// within the bits left, or fails without moving, and never reads outside
// the original (which ASan would report).
TEST(BitMatch, RandomOperationsStayInsideTheBits) {
  std::mt19937 random(99);
  for (int round = 0; round < 2000; ++round) {
    Heap h;
    Bytes bytes(random() % 80);
    for (uint8_t& b : bytes)
      b = static_cast<uint8_t>(random());
    uint64_t bits = 8 * bytes.size();
    Term subject = Bin(h, bytes);
    if (bits > 0 && random() % 2) {
      uint64_t from = random() % bits;
      subject = MakeSubBitstring(h, subject, from, random() % (bits - from + 1));
    }
    Term ctx = StartMatch(h, subject);
    for (int step = 0; step < 20; ++step) {
      uint64_t before = Position(ctx), left = MatchRemaining(ctx);
      uint64_t n = random() % 80;
      uint32_t flags = random() % 2 ? kLittle | kSigned : 0;
      bool ok = true;
      switch (random() % 9) {
        case 0:
          ok = !IsNonValue(MatchInteger(h, ctx, n, flags));
          break;
        case 1:
          ok = !IsNonValue(MatchFloat(h, ctx, 16 << (random() % 3), flags));
          break;
        case 2:
          ok = !IsNonValue(MatchBitstring(h, ctx, n));
          break;
        case 3:
          ok = !IsNonValue(MatchRest(h, ctx, 1 + random() % 8));
          break;
        case 4:
          ok = !IsNonValue(MatchUtf8(ctx));
          break;
        case 5:
          ok = !IsNonValue(MatchUtf16(ctx, flags));
          break;
        case 6:
          ok = !IsNonValue(MatchUtf32(ctx, flags));
          break;
        case 7:
          ok = MatchString(ctx, bytes, std::min<uint64_t>(n, 8 * bytes.size()));
          break;
        case 8:
          ok = SkipBits(ctx, n);
          break;
      }
      uint64_t moved = Position(ctx) - before;
      if (!ok) {
        ASSERT_EQ(moved, 0u);
      }
      ASSERT_LE(moved, left);
      ASSERT_EQ(MatchRemaining(ctx), left - moved);
    }
  }
}

}  // namespace
}  // namespace ling
