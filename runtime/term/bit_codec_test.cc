#include "runtime/term/bit_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/format.h"

// Expected values come from erl 25 (erl -noshell -eval '...' -s init stop):
// io:format("~w", [<<V:Size/Flags>>]) for writing, <<X:Size/Flags, _/bits>>
// = B for reading.

namespace ling {
namespace {

using Bytes = std::vector<uint8_t>;
constexpr uint32_t kLittle = bitflag::kLittle;
constexpr uint32_t kSigned = bitflag::kSigned;

// What `write` puts into a new bitstring of `bits` bits, as ~w shows it.
template <class F>
std::string Written(uint64_t bits, F write) {
  Heap h;
  NewBitstring b = AllocateBitstring(h, bits);
  write(b.bytes);
  return ToString(b.term);
}

std::string WrittenInteger(Term v, uint64_t size, uint32_t flags) {
  return Written(size, [&](uint8_t* p) { EXPECT_TRUE(WriteInteger(v, size, flags, p, 0)); });
}

std::string WrittenFloat(Term v, uint64_t size, uint32_t flags = 0) {
  return Written(size, [&](uint8_t* p) {
    EXPECT_EQ(WriteFloat(v, size, flags, p, 0), FloatWriteError::kNone);
  });
}

Term Big(Heap& h, const char* text) {
  return *IntegerFromText(h, text, 10);
}

std::string ReadText(const Bytes& b, uint64_t offset, uint64_t size, uint32_t flags) {
  Heap h;
  return ToString(ReadInteger(h, b.data(), offset, size, flags));
}

TEST(BitCodec, IntegersAsErlWritesThem) {
  Heap h;
  EXPECT_EQ(WrittenInteger(MakeSmall(-5), 13, kLittle), "<<251,31:5>>");
  EXPECT_EQ(WrittenInteger(MakeSmall(-5), 13, 0), "<<255,27:5>>");
  EXPECT_EQ(WrittenInteger(MakeSmall(-1), 70, 0), "<<255,255,255,255,255,255,255,255,63:6>>");
  EXPECT_EQ(WrittenInteger(MakeSmall(-1), 70, kLittle), "<<255,255,255,255,255,255,255,255,63:6>>");
  EXPECT_EQ(
      WrittenInteger(Big(h, "5373003642731685151011"), 77, kLittle),  // 16#123456789abcdef0123
      "<<35,1,239,205,171,137,103,69,35,1:5>>");
  // Values modulo 2^size, bignums too: <<(1 bsl 100 + 5):7>> and its negation.
  EXPECT_EQ(WrittenInteger(Big(h, "1267650600228229401496703205381"), 7, 0), "<<5:7>>");
  EXPECT_EQ(WrittenInteger(Big(h, "-1267650600228229401496703205381"), 7, 0), "<<123:7>>");
  EXPECT_EQ(WrittenInteger(MakeSmall(0xffff), 3, kLittle), "<<7:3>>");
  EXPECT_EQ(WrittenInteger(MakeSmall(1), 0, 0), "<<>>");
  EXPECT_EQ(WrittenInteger(MakeSmall(258), 16, bitflag::kNative), "<<2,1>>");  // x86, ARM: little
  EXPECT_FALSE(WriteInteger(*MakeFloat(h, 1.0), 8, 0, nullptr, 0));
  EXPECT_FALSE(WriteInteger(kNil, 0, 0, nullptr, 0));
}

TEST(BitCodec, IntegersAsErlReadsThem) {
  const Bytes abcdef = {0xab, 0xcd, 0xef};
  EXPECT_EQ(ReadText(abcdef, 0, 13, kSigned | kLittle), "-1621");
  EXPECT_EQ(ReadText(abcdef, 0, 13, kLittle), "6571");
  EXPECT_EQ(ReadText(abcdef, 0, 13, kSigned), "-2695");
  EXPECT_EQ(ReadText(abcdef, 3, 13, kSigned | kLittle), "3422");
  const Bytes ten = {0xab, 0xcd, 0xef, 1, 2, 3, 4, 5, 6, 7};
  EXPECT_EQ(ReadText(ten, 3, 70, kSigned), "435506530432332597772");
  EXPECT_EQ(ReadText(ten, 3, 70, kSigned | kLittle), "224252266302427131742");
  const Bytes min64 = {128, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(ReadText(min64, 0, 64, kSigned), "-9223372036854775808");
  EXPECT_EQ(ReadText(Bytes(8, 255), 0, 64, 0), "18446744073709551615");
  EXPECT_EQ(ReadText(min64, 0, 60, kSigned), "-576460752303423488");   // kSmallMin
  EXPECT_EQ(ReadText(min64, 0, 61, kSigned), "-1152921504606846976");  // a bignum
  EXPECT_EQ(ReadText({0, 0, 0, 0, 0, 0, 0, 16}, 0, 61, kSigned | kLittle), "144115188075855872");
  EXPECT_EQ(ReadText({255, 255, 255, 255, 255, 255, 255, 255, 1}, 0, 72, 0),
            "4722366482869645213441");
  EXPECT_EQ(ReadText(ten, 5, 0, kSigned), "0");
  // A wide segment of zeros is 0, however wide.
  EXPECT_EQ(ReadText(Bytes(1000, 0), 3, 7990, kSigned), "0");
}

// Every size to 200 bits, both byte orders, signed and not, at every offset
// within a byte: what is written reads back, modulo 2^size.
TEST(BitCodec, IntegersRoundTripAtAnyOffset) {
  std::mt19937_64 random(11);
  Heap h;
  for (uint64_t size = 0; size <= 200; ++size) {
    for (uint32_t flags : {0u, kLittle, kSigned, kSigned | kLittle}) {
      // A random value of about size + 10 bits, either sign.
      std::string digits = std::to_string(random() % 1000000000);
      Term v = *IntegerBsl(h, Big(h, digits.c_str()), MakeSmall(static_cast<int64_t>(size) - 20));
      if (random() % 2) v = *IntegerNegate(h, v);
      Term modulus = *IntegerBsl(h, MakeSmall(1), MakeSmall(static_cast<int64_t>(size)));
      // Erlang's rem keeps the dividend's sign: bring it into 0 .. 2^size - 1.
      Term want = *IntegerRem(h, *IntegerAdd(h, *IntegerRem(h, v, modulus), modulus), modulus);
      if ((flags & kSigned) && size > 0 &&
          IntegerCompare(want, *IntegerBsl(h, MakeSmall(1), MakeSmall(size - 1))) >= 0) {
        want = *IntegerSub(h, want, modulus);
      }
      unsigned offset = static_cast<unsigned>(random() % 8);
      Bytes buffer((offset + size + 7) / 8 + 1, 0xa5);
      ASSERT_TRUE(WriteInteger(v, size, flags, buffer.data(), offset));
      Term back = ReadInteger(h, buffer.data(), offset, size, flags);
      ASSERT_TRUE(ExactEqual(back, want))
          << size << " bits, flags " << flags << ": " << ToString(v) << " read back as "
          << ToString(back) << ", expected " << ToString(want);
    }
  }
}

// A run of segments through SegmentWordWriter writes exactly the bits that
// WriteSegmentWord writes segment by segment, around runs of more than 64
// bits and at any offset, and leaves the bits around them alone.
TEST(BitCodec, GatheredSegmentsWriteWhatEachSegmentWrites) {
  std::mt19937_64 random(5);
  for (int trial = 0; trial < 2000; ++trial) {
    unsigned offset = static_cast<unsigned>(random() % 13);
    std::vector<std::pair<uint64_t, unsigned>> segments(1 + random() % 8);
    uint32_t flags = random() % 2 ? kLittle : 0;
    uint64_t total = 0;
    for (auto& [value, size] : segments) {
      size = static_cast<unsigned>(random() % 65);
      value = random();
      total += size;
    }
    Bytes one_by_one((offset + total + 7) / 8 + 2, 0x5a);
    Bytes gathered = one_by_one;
    uint64_t at = offset;
    SegmentWordWriter writer(gathered.data(), offset);
    for (auto [value, size] : segments) {
      WriteSegmentWord(value, size, flags, one_by_one.data(), at);
      at += size;
      writer.Add(value, size, flags);
    }
    ASSERT_EQ(writer.Finish(), at);
    ASSERT_EQ(gathered, one_by_one) << "trial " << trial;
  }
}

TEST(BitCodec, FloatsAsErlWritesThem) {
  Heap h;
  auto f = [&h](double d) { return *MakeFloat(h, d); };
  EXPECT_EQ(WrittenFloat(f(1e300), 32), "<<127,128,0,0>>");  // too large: infinity, no error
  EXPECT_EQ(WrittenFloat(f(1e10), 16), "<<124,0>>");
  EXPECT_EQ(WrittenFloat(f(65504.0), 16), "<<123,255>>");
  EXPECT_EQ(WrittenFloat(f(65520.0), 16), "<<124,0>>");  // the tie rounds to even: infinity
  EXPECT_EQ(WrittenFloat(MakeSmall(1), 32), "<<63,128,0,0>>");
  EXPECT_EQ(WrittenFloat(f(-0.0), 16), "<<128,0>>");
  EXPECT_EQ(WrittenFloat(f(-0.0), 32), "<<128,0,0,0>>");
  EXPECT_EQ(WrittenFloat(f(1e-10), 16), "<<0,0>>");
  EXPECT_EQ(WrittenFloat(f(1e-45), 32), "<<0,0,0,1>>");
  EXPECT_EQ(WrittenFloat(f(1e-40), 32), "<<0,1,22,194>>");
  EXPECT_EQ(WrittenFloat(f(6e-8), 16), "<<0,1>>");
  EXPECT_EQ(WrittenFloat(f(3e-8), 16), "<<0,1>>");
  EXPECT_EQ(WrittenFloat(f(2.9e-8), 16), "<<0,0>>");
  EXPECT_EQ(WrittenFloat(f(1.5), 32, kLittle), "<<0,0,192,63>>");
  EXPECT_EQ(WrittenFloat(f(1.5), 16, kLittle), "<<0,62>>");
  EXPECT_EQ(WrittenFloat(f(1.5), 64, bitflag::kNative), "<<0,0,0,0,0,0,248,63>>");
  // Rounded once, straight to 16 bits: 1 + 2^-11 + 2^-40 via float would tie.
  double d = 1 + std::ldexp(1, -11) + std::ldexp(1, -40);
  EXPECT_EQ(WrittenFloat(f(d), 16), "<<60,1>>");
  EXPECT_EQ(WrittenFloat(f(-d), 16, kLittle), "<<1,188>>");
  // Integers: a small straight to float (16777217 ties to even), bignums
  // through BEAM's double conversion.
  EXPECT_EQ(WrittenFloat(MakeSmall(16777217), 32), "<<75,128,0,0>>");
  EXPECT_EQ(WrittenFloat(MakeSmall(9007199254740993), 64), "<<67,64,0,0,0,0,0,0>>");
  EXPECT_EQ(WrittenFloat(Big(h, "18446744073709551617"), 64), "<<67,240,0,0,0,0,0,0>>");
  EXPECT_EQ(WrittenFloat(Big(h, "9223372036854775807"), 32), "<<95,0,0,0>>");
  EXPECT_EQ(WrittenFloat(Big(h, "9223372036854775807"), 16), "<<124,0>>");
  EXPECT_EQ(WrittenFloat(MakeSmall(2049), 16), "<<104,0>>");
  EXPECT_EQ(WrittenFloat(MakeSmall(2051), 16), "<<104,2>>");
  // At a bit offset: <<0:1, 1.5:16/float, 1.5:32/float-little, 1.5:64/float-little>>.
  EXPECT_EQ(Written(113,
                    [&](uint8_t* p) {
                      WriteFloat(f(1.5), 16, 0, p, 1);
                      WriteFloat(f(1.5), 32, kLittle, p, 17);
                      WriteFloat(f(1.5), 64, kLittle, p, 49);
                    }),
            "<<31,0,0,0,96,31,128,0,0,0,0,0,124,31,1:1>>");
}

TEST(BitCodec, FloatWriteErrors) {
  Heap h;
  uint8_t buffer[8] = {};
  // The size is checked first: <<a:24/float>> is invalid, not a type error.
  EXPECT_EQ(WriteFloat(kNil, 24, 0, buffer, 0), FloatWriteError::kInvalidSize);
  EXPECT_EQ(WriteFloat(*MakeFloat(h, 1.0), 0, 0, buffer, 0), FloatWriteError::kInvalidSize);
  EXPECT_EQ(WriteFloat(kNil, 32, 0, buffer, 0), FloatWriteError::kType);
  Term huge = *IntegerBsl(h, MakeSmall(1), MakeSmall(2000));
  EXPECT_EQ(WriteFloat(huge, 64, 0, buffer, 0), FloatWriteError::kNoFloat);
  EXPECT_EQ(WriteFloat(huge, 16, 0, buffer, 0), FloatWriteError::kNoFloat);
  EXPECT_EQ(Bytes(buffer, buffer + 8), Bytes(8, 0));  // nothing written
}

TEST(BitCodec, FloatsAsErlReadsThem) {
  auto read = [](const Bytes& b, uint64_t offset, uint64_t size, uint32_t flags = 0) {
    return ReadFloat(b.data(), offset, size, flags);
  };
  EXPECT_EQ(read({60, 1}, 0, 16), 1.0009765625);
  EXPECT_EQ(read({1, 60}, 0, 16, kLittle), 1.0009765625);
  EXPECT_EQ(read({0, 1}, 0, 16), 5.960464477539063e-8);
  EXPECT_EQ(read({31, 192, 0, 0, 0}, 1, 32), 1.0);
  EXPECT_EQ(read({0, 0, 0, 0, 0, 0, 240, 63}, 0, 64, kLittle), 1.0);
  EXPECT_EQ(read({}, 0, 0), 0.0);  // BEAM matches 0 bits as 0.0
  EXPECT_TRUE(std::signbit(*read({128, 0}, 0, 16)));
  // NaN and the infinities do not match; nor do other sizes.
  EXPECT_EQ(read({127, 128, 0, 0}, 0, 32), std::nullopt);
  EXPECT_EQ(read({127, 192, 0, 0}, 0, 32), std::nullopt);
  EXPECT_EQ(read({124, 0}, 0, 16), std::nullopt);
  EXPECT_EQ(read({252, 1}, 0, 16), std::nullopt);
  EXPECT_EQ(read({0x7f, 0xf0, 0, 0, 0, 0, 0, 0}, 0, 64), std::nullopt);
  EXPECT_EQ(read({1, 2, 3}, 0, 24), std::nullopt);
}

// Every binary16 value reads back exactly as written.
TEST(BitCodec, EveryHalfFloatRoundTrips) {
  Heap h;
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    uint8_t b[2] = {static_cast<uint8_t>(bits >> 8), static_cast<uint8_t>(bits)};
    std::optional<double> d = ReadFloat(b, 0, 16, 0);
    bool finite = ((bits >> 10) & 0x1f) != 0x1f;
    ASSERT_EQ(d.has_value(), finite) << bits;
    if (!d) continue;
    uint8_t out[2] = {};
    ASSERT_EQ(WriteFloat(*MakeFloat(h, *d), 16, 0, out, 0), FloatWriteError::kNone);
    ASSERT_EQ(out[0] << 8 | out[1], static_cast<int>(bits)) << *d;
  }
}

TEST(BitCodec, Utf8AsErlReadsIt) {
  auto read = [](const Bytes& b, uint64_t offset = 0, int64_t available = -1) {
    std::optional<CodePoint> c =
        ReadUtf8(b.data(), offset, available < 0 ? 8 * b.size() - offset : available);
    return c ? static_cast<int64_t>(c->value) * 100 + c->bits : -1;
  };
  EXPECT_EQ(read({0xc3, 0xa9, 1}), 233 * 100 + 16);
  EXPECT_EQ(read({0xf0, 0x9f, 0x98, 0x80}), 128512 * 100 + 32);
  EXPECT_EQ(read({0xe2, 0x82, 0xac, 0}, 0, 27), 8364 * 100 + 24);
  EXPECT_EQ(read({0x38, 0xa0, 0xab, 0}, 2, 30), 8364 * 100 + 24);  // <<0:2, "€", 0:6>>
  EXPECT_EQ(read({0xc0, 0x80}), -1);                               // overlong
  EXPECT_EQ(read({0xe0, 0x80, 0x80}), -1);                         // overlong
  EXPECT_EQ(read({0xed, 0xa0, 0x80}), -1);                         // a surrogate
  EXPECT_EQ(read({0xf4, 0x90, 0x80, 0x80}), -1);                   // past U+10FFFF
  EXPECT_EQ(read({0xf0, 0x9f, 0x98}), -1);                         // cut short
  EXPECT_EQ(read({0xf8, 0x88, 0x80, 0x80}), -1);
  EXPECT_EQ(read({0x80}), -1);
  EXPECT_EQ(read({0xc3, 0x29}), -1);  // not a continuation byte
  EXPECT_EQ(read({0x41}, 0, 7), -1);
}

TEST(BitCodec, Utf16And32AsErlReadThem) {
  auto read16 = [](const Bytes& b, uint32_t flags) {
    std::optional<CodePoint> c = ReadUtf16(b.data(), 0, 8 * b.size(), flags);
    return c ? static_cast<int64_t>(c->value) * 100 + c->bits : -1;
  };
  EXPECT_EQ(read16({0xd8, 0x3d, 0xde, 0x00}, 0), 128512 * 100 + 32);
  EXPECT_EQ(read16({0x3d, 0xd8, 0x00, 0xde}, kLittle), 128512 * 100 + 32);
  EXPECT_EQ(read16({0x00, 0x41, 0xd8}, 0), 0x41 * 100 + 16);
  EXPECT_EQ(read16({0xdc, 0x00, 0xde, 0x00}, 0), -1);  // a low surrogate first
  EXPECT_EQ(read16({0xd8, 0x00, 0x00, 0x41}, 0), -1);  // not followed by a low one
  EXPECT_EQ(read16({0xd8, 0x00, 0xdc}, 0), -1);        // cut short
  auto read32 = [](const Bytes& b, uint32_t flags) {
    std::optional<CodePoint> c = ReadUtf32(b.data(), 0, 8 * b.size(), flags);
    return c ? static_cast<int64_t>(c->value) : -1;
  };
  EXPECT_EQ(read32({0, 0x10, 0xff, 0xff, 7}, 0), 0x10ffff);
  EXPECT_EQ(read32({0xac, 0x20, 0, 0}, kLittle), 0x20ac);
  EXPECT_EQ(read32({0, 0x11, 0, 0}, 0), -1);
  EXPECT_EQ(read32({0, 0, 0xd8, 0}, 0), -1);
  EXPECT_EQ(read32({0, 0, 0x41}, 0), -1);
}

TEST(BitCodec, UtfEncodings) {
  Heap h;
  auto bytes = [](std::optional<UtfBytes> e) {
    return e ? Bytes(e->bytes, e->bytes + e->size) : Bytes{};
  };
  EXPECT_EQ(bytes(EncodeUtf8(MakeSmall(0x7f))), (Bytes{0x7f}));
  EXPECT_EQ(bytes(EncodeUtf8(MakeSmall(0x80))), (Bytes{194, 128}));
  EXPECT_EQ(bytes(EncodeUtf8(MakeSmall(0x7ff))), (Bytes{0xdf, 0xbf}));
  EXPECT_EQ(bytes(EncodeUtf8(MakeSmall(0x800))), (Bytes{224, 160, 128}));
  EXPECT_EQ(bytes(EncodeUtf8(MakeSmall(0x10000))), (Bytes{240, 144, 128, 128}));
  EXPECT_EQ(bytes(EncodeUtf8(MakeSmall(0x10ffff))), (Bytes{0xf4, 0x8f, 0xbf, 0xbf}));
  EXPECT_EQ(bytes(EncodeUtf16(MakeSmall(0x10000), 0)), (Bytes{216, 0, 220, 0}));
  EXPECT_EQ(bytes(EncodeUtf16(MakeSmall(0x10000), kLittle)), (Bytes{0, 216, 0, 220}));
  EXPECT_EQ(bytes(EncodeUtf16(MakeSmall(0x10ffff), 0)), (Bytes{219, 255, 223, 255}));
  EXPECT_EQ(bytes(EncodeUtf32(MakeSmall(0x41), kLittle)), (Bytes{65, 0, 0, 0}));
  EXPECT_EQ(bytes(EncodeUtf32(MakeSmall(0x41), 0)), (Bytes{0, 0, 0, 65}));
  for (Term bad : {MakeSmall(-1), MakeSmall(0xd800), MakeSmall(0xdfff), MakeSmall(0x110000),
                   *IntegerBsl(h, MakeSmall(1), MakeSmall(100)), kNil}) {
    EXPECT_FALSE(EncodeUtf8(bad)) << ToString(bad);
    EXPECT_FALSE(EncodeUtf16(bad, 0)) << ToString(bad);
    EXPECT_FALSE(EncodeUtf32(bad, 0)) << ToString(bad);
  }
}

}  // namespace
}  // namespace ling
