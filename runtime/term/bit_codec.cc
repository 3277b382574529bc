#include "runtime/term/bit_codec.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <span>
#include <vector>

#include "runtime/term/bignum.h"
#include "runtime/term/bits.h"

namespace ling {
namespace {

// Negates a two's complement number held in bytes, least significant first.
void NegateBytes(std::span<uint8_t> bytes) {
  unsigned carry = 1;
  for (uint8_t& b : bytes) {
    unsigned x = (~b & 0xffu) + carry;
    b = static_cast<uint8_t>(x);
    carry = x >> 8;
  }
}

// Integers wider than 64 bits: through a buffer of the value's bytes, least
// significant first.
Term ReadWideInteger(TermAllocator& heap, const uint8_t* bytes, uint64_t offset, uint64_t size,
                     uint32_t flags) {
  std::vector<uint8_t> value(BytesFor(size), 0);
  unsigned top_bits = size % 8 == 0 ? 8 : size % 8;  // bits of the most significant byte
  if (IsLittleEndian(flags)) {
    CopyBits(bytes, offset, value.data(), 0, size);
    value.back() >>= 8 - top_bits;
  } else {
    // Right-aligned in big-endian order, then reversed.
    CopyBits(bytes, offset, value.data(), 8 * value.size() - size, size);
    std::reverse(value.begin(), value.end());
  }
  bool negative = (flags & bitflag::kSigned) != 0 && (value.back() >> (top_bits - 1)) != 0;
  if (negative) {
    value.back() |= static_cast<uint8_t>(~LowMask(top_bits));  // sign-extend, then negate
    NegateBytes(value);
  }
  absl::StatusOr<Term> t = MakeIntegerFromBytes(heap, negative, value);
  return t.ok() ? *t : kNonValue;
}

void WriteWideInteger(const IntegerView& v, uint64_t size, uint32_t flags, uint8_t* dst,
                      uint64_t offset) {
  std::span<const uint64_t> magnitude = v.magnitude();
  std::vector<uint8_t> value(BytesFor(size));
  for (uint64_t j = 0; j < value.size(); ++j) {
    value[j] =
        j / 8 < magnitude.size() ? static_cast<uint8_t>(magnitude[j / 8] >> (8 * (j % 8))) : 0;
  }
  if (v.negative()) NegateBytes(value);
  unsigned top_bits = size % 8 == 0 ? 8 : size % 8;
  if (IsLittleEndian(flags)) {
    value.back() = static_cast<uint8_t>((value.back() & LowMask(top_bits)) << (8 - top_bits));
    CopyBits(value.data(), 0, dst, offset, size);
  } else {
    std::reverse(value.begin(), value.end());
    CopyBits(value.data(), 8 * value.size() - size, dst, offset, size);
  }
}

// ---- binary16 ---------------------------------------------------------------------

double HalfToDouble(uint16_t h) {
  int exponent = (h >> 10) & 0x1f;
  int mantissa = h & 0x3ff;
  double magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(mantissa, -24);  // subnormal
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? HUGE_VAL : std::nan("");
  } else {
    magnitude = std::ldexp(1024 + mantissa, exponent - 25);
  }
  return (h & 0x8000) != 0 ? -magnitude : magnitude;
}

// Round to nearest, ties to even, straight from the double (no detour
// through float, whose double rounding BEAM's _Float16 conversion does not
// have: erl writes 1 + 2^-11 + 2^-40 as <<60,1>>). Precondition: finite.
uint16_t DoubleToHalf(double d) {
  uint64_t b = std::bit_cast<uint64_t>(d);
  auto sign = static_cast<uint16_t>((b >> 48) & 0x8000);
  int biased = static_cast<int>((b >> 52) & 0x7ff);
  if (biased == 0) return sign;  // zero, or a double subnormal: far below half's range
  int exponent = biased - 1023;
  if (exponent > 15) return sign | 0x7c00;
  uint64_t significand = (uint64_t{1} << 52) | (b & LowMask(52));
  // Keep 11 significant bits for a normal half; fewer below 2^-14, where
  // halves are subnormal with a fixed unit of 2^-24.
  int shift = exponent >= -14 ? 42 : 42 + (-14 - exponent);
  if (shift > 53) return sign;  // below half the smallest subnormal
  uint64_t q = significand >> shift;
  uint64_t rest = significand & LowMask(shift);
  uint64_t half = uint64_t{1} << (shift - 1);
  if (rest > half || (rest == half && (q & 1) != 0)) ++q;
  if (exponent < -14) return sign | static_cast<uint16_t>(q);  // 0x400: the least normal
  int half_exponent = exponent + 15;
  if (q == (uint64_t{1} << 11)) {  // rounded up to the next power of two
    q >>= 1;
    ++half_exponent;
  }
  if (half_exponent >= 31) return sign | 0x7c00;
  return sign | static_cast<uint16_t>(half_exponent << 10) | static_cast<uint16_t>(q & 0x3ff);
}

// ---- code points -----------------------------------------------------------------

std::optional<uint32_t> CodePointOf(Term value) {
  if (!IsSmall(value)) return std::nullopt;
  int64_t v = SmallValue(value);
  if (v < 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return std::nullopt;
  return static_cast<uint32_t>(v);
}

bool IsCodePoint(uint32_t c) {
  return c <= 0x10ffff && (c < 0xd800 || c > 0xdfff);
}

uint32_t ReadUnit(const uint8_t* bytes, uint64_t offset, unsigned bits, uint32_t flags) {
  uint64_t v = ReadBits(bytes, offset, bits);
  return static_cast<uint32_t>(IsLittleEndian(flags) ? LittleSegmentToValue(v, bits) : v);
}

void PutUnit(UtfBytes& out, uint32_t unit, unsigned bytes, uint32_t flags) {
  bool little = IsLittleEndian(flags);
  for (unsigned i = 0; i < bytes; ++i) {
    unsigned shift = 8 * (little ? i : bytes - 1 - i);
    out.bytes[out.size++] = static_cast<uint8_t>(unit >> shift);
  }
}

}  // namespace

Term ReadInteger(TermAllocator& heap, const uint8_t* bytes, uint64_t offset, uint64_t size,
                 uint32_t flags) {
  if (size > 64) return ReadWideInteger(heap, bytes, offset, size, flags);
  uint64_t v = ReadSegmentWord(bytes, offset, static_cast<unsigned>(size), flags);
  if ((flags & bitflag::kSigned) != 0) return MakeInteger(heap, static_cast<int64_t>(v));
  return MakeUnsignedInteger(heap, v);
}

std::optional<double> ReadFloat(const uint8_t* bytes, uint64_t offset, uint64_t size,
                                uint32_t flags) {
  if (size == 0) return 0.0;
  if (size != 16 && size != 32 && size != 64) return std::nullopt;
  auto n = static_cast<unsigned>(size);
  uint64_t bits = ReadBits(bytes, offset, n);
  if (IsLittleEndian(flags)) bits = LittleSegmentToValue(bits, n);
  double d = n == 64   ? std::bit_cast<double>(bits)
             : n == 32 ? std::bit_cast<float>(static_cast<uint32_t>(bits))
                       : HalfToDouble(static_cast<uint16_t>(bits));
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}

std::optional<CodePoint> ReadUtf8(const uint8_t* bytes, uint64_t offset, uint64_t available) {
  if (available < 8) return std::nullopt;
  auto lead = static_cast<uint32_t>(ReadBits(bytes, offset, 8));
  // Continuation bytes, 0xc0 and 0xc1 (overlong) and 0xf8.. start nothing.
  int extra = lead < 0x80   ? 0
              : lead < 0xc2 ? -1
              : lead < 0xe0 ? 1
              : lead < 0xf0 ? 2
              : lead < 0xf8 ? 3
                            : -1;
  if (extra < 0 || available < 8 * (1 + static_cast<uint64_t>(extra))) return std::nullopt;
  uint32_t c = lead & (extra == 0 ? 0x7f : 0x3f >> extra);
  for (int k = 1; k <= extra; ++k) {
    auto b = static_cast<uint32_t>(ReadBits(bytes, offset + 8 * k, 8));
    if ((b & 0xc0) != 0x80) return std::nullopt;
    c = c << 6 | (b & 0x3f);
  }
  // Overlong 3- and 4-byte forms; surrogates; past U+10FFFF.
  if (extra == 2 && (c < 0x800 || !IsCodePoint(c))) return std::nullopt;
  if (extra == 3 && (c < 0x10000 || !IsCodePoint(c))) return std::nullopt;
  return CodePoint{c, 8 * (1 + static_cast<uint32_t>(extra))};
}

std::optional<CodePoint> ReadUtf16(const uint8_t* bytes, uint64_t offset, uint64_t available,
                                   uint32_t flags) {
  if (available < 16) return std::nullopt;
  uint32_t w1 = ReadUnit(bytes, offset, 16, flags);
  if (w1 < 0xd800 || w1 > 0xdfff) return CodePoint{w1, 16};
  if (w1 > 0xdbff || available < 32) return std::nullopt;  // a low surrogate first, or alone
  uint32_t w2 = ReadUnit(bytes, offset + 16, 16, flags);
  if (w2 < 0xdc00 || w2 > 0xdfff) return std::nullopt;
  return CodePoint{(((w1 & 0x3ff) << 10) | (w2 & 0x3ff)) + 0x10000, 32};
}

std::optional<CodePoint> ReadUtf32(const uint8_t* bytes, uint64_t offset, uint64_t available,
                                   uint32_t flags) {
  if (available < 32) return std::nullopt;
  uint32_t c = ReadUnit(bytes, offset, 32, flags);
  if (!IsCodePoint(c)) return std::nullopt;
  return CodePoint{c, 32};
}

bool WriteInteger(Term value, uint64_t size, uint32_t flags, uint8_t* dst, uint64_t offset) {
  uint64_t bits;  // the value modulo 2^64 (two's complement), then 2^size
  if (IsSmall(value) && size <= 64) {
    bits = static_cast<uint64_t>(SmallValue(value));
  } else {
    if (!IsInteger(value)) return false;
    IntegerView v(value);
    if (size > 64) {
      WriteWideInteger(v, size, flags, dst, offset);
      return true;
    }
    std::span<const uint64_t> magnitude = v.magnitude();
    uint64_t low = magnitude.empty() ? 0 : magnitude[0];
    bits = v.negative() ? 0 - low : low;
  }
  WriteSegmentWord(bits, static_cast<unsigned>(size), flags, dst, offset);
  return true;
}

void WriteSegmentWord(uint64_t value, unsigned size, uint32_t flags, uint8_t* dst,
                      uint64_t offset) {
  SegmentWordWriter writer(dst, offset);
  writer.Add(value, size, flags);
  writer.Finish();
}

FloatWriteError WriteFloat(Term value, uint64_t size, uint32_t flags, uint8_t* dst,
                           uint64_t offset) {
  if (size != 16 && size != 32 && size != 64) return FloatWriteError::kInvalidSize;
  double d;
  std::optional<float> single;  // BEAM converts a small to float directly, not via double
  if (IsFloat(value)) {
    d = FloatValue(value);
  } else if (IsSmall(value)) {
    d = static_cast<double>(SmallValue(value));
    single = static_cast<float>(SmallValue(value));
  } else if (IsBignum(value)) {
    absl::StatusOr<double> converted = IntegerToDouble(value);
    if (!converted.ok()) return FloatWriteError::kNoFloat;
    d = *converted;
  } else {
    return FloatWriteError::kType;
  }
  auto n = static_cast<unsigned>(size);
  uint64_t bits = n == 64   ? std::bit_cast<uint64_t>(d)
                  : n == 32 ? std::bit_cast<uint32_t>(single ? *single : static_cast<float>(d))
                            : DoubleToHalf(d);
  if (IsLittleEndian(flags)) bits = ValueToLittleSegment(bits, n);
  WriteBits(dst, offset, bits, n);
  return FloatWriteError::kNone;
}

std::optional<UtfBytes> EncodeUtf8(Term value) {
  std::optional<uint32_t> c = CodePointOf(value);
  if (!c) return std::nullopt;
  UtfBytes out{};
  if (*c < 0x80) {
    out.bytes[out.size++] = static_cast<uint8_t>(*c);
    return out;
  }
  int extra = *c < 0x800 ? 1 : *c < 0x10000 ? 2 : 3;
  out.bytes[out.size++] =
      static_cast<uint8_t>(((0xff00 >> (extra + 1)) & 0xff) | (*c >> (6 * extra)));
  for (int k = extra - 1; k >= 0; --k)
    out.bytes[out.size++] = static_cast<uint8_t>(0x80 | ((*c >> (6 * k)) & 0x3f));
  return out;
}

std::optional<UtfBytes> EncodeUtf16(Term value, uint32_t flags) {
  std::optional<uint32_t> c = CodePointOf(value);
  if (!c) return std::nullopt;
  UtfBytes out{};
  if (*c < 0x10000) {
    PutUnit(out, *c, 2, flags);
  } else {
    uint32_t v = *c - 0x10000;
    PutUnit(out, 0xd800 | (v >> 10), 2, flags);
    PutUnit(out, 0xdc00 | (v & 0x3ff), 2, flags);
  }
  return out;
}

std::optional<UtfBytes> EncodeUtf32(Term value, uint32_t flags) {
  std::optional<uint32_t> c = CodePointOf(value);
  if (!c) return std::nullopt;
  UtfBytes out{};
  PutUnit(out, *c, 4, flags);
  return out;
}

}  // namespace ling
