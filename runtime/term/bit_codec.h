// Values as the bits of bit-syntax segments, and back: integers of any size
// and either byte order, IEEE floats of 16, 32 and 64 bits, and Unicode code
// points in UTF-8, UTF-16 and UTF-32, all at any bit offset (bits.h's
// numbering). bit_match.h reads segments with these, bit_build.h writes them;
// the semantics are OTP 25's (checked against erl).
//
// Integers whose size is not a multiple of 8, as OTP lays them out:
//   big-endian     the value's `size` low bits, most significant first;
//   little-endian  the value's bytes, least significant first, the last one
//                  holding only the value's top size % 8 bits:
//                  <<-5:13/little>> is <<251,31:5>>.
// Values are taken modulo 2^size when written (two's complement for
// negatives: <<-1:3>> is <<7:3>>) and read back unsigned unless kSigned.
//
// Concurrency: plain functions; ReadInteger allocates on `heap`, which only
// its owner may use (heap.h).
#ifndef LING_RUNTIME_TERM_BIT_CODEC_H_
#define LING_RUNTIME_TERM_BIT_CODEC_H_

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>

#include "ling/term.h"
#include "runtime/term/bits.h"
#include "runtime/term/heap.h"

namespace ling {

// Segment flags as the compiler encodes them in the field_flags operands of
// the matching instructions (BEAM's BSF_* bits), so that the interpreter can
// pass those operands through. bs_create_bin writes its flags as a list of
// atoms instead: SegmentFlagsFromList (bit_build.h) converts it.
namespace bitflag {
inline constexpr uint32_t kLittle = 0x02;
inline constexpr uint32_t kSigned = 0x04;
inline constexpr uint32_t kNative = 0x10;
}  // namespace bitflag

// Whether `flags` ask for little-endian order: kLittle, or kNative on a
// little-endian machine.
inline bool IsLittleEndian(uint32_t flags) {
  if ((flags & bitflag::kNative) != 0) return std::endian::native == std::endian::little;
  return (flags & bitflag::kLittle) != 0;
}

// A little-endian segment of up to 64 bits, between its bits read as one
// big-endian number (ReadBits) and the value it holds: chunks of 8 bits, the
// value's least significant byte first, the last chunk size % 8 bits. For
// whole bytes, a byte swap. (Inline, as the rest of this header's word-sized
// helpers: every segment the bit syntax reads or writes goes through them.)
inline uint64_t LittleSegmentToValue(uint64_t segment, unsigned size) {
  if (size % 8 == 0 && size > 0) return __builtin_bswap64(segment & LowMask(size)) >> (64 - size);
  uint64_t value = 0;
  unsigned shift = 0;
  for (unsigned left = size; left > 0; shift += 8) {
    unsigned chunk = std::min(left, 8u);
    left -= chunk;
    value |= ((segment >> left) & LowMask(chunk)) << shift;
  }
  return value;
}
inline uint64_t ValueToLittleSegment(uint64_t value, unsigned size) {
  if (size % 8 == 0 && size > 0) return __builtin_bswap64(value & LowMask(size)) >> (64 - size);
  uint64_t segment = 0;
  for (unsigned left = size; left > 0; value >>= 8) {
    unsigned chunk = std::min(left, 8u);
    left -= chunk;
    segment |= (value & LowMask(chunk)) << left;
  }
  return segment;
}

// ---- reading ----------------------------------------------------------------------

// A segment's `size` (at most 64) bits, read as one big-endian number
// (ReadBits), as the integer they encode, in a two's complement word:
// sign-extended when kSigned.
inline uint64_t SegmentWordValue(uint64_t raw, unsigned size, uint32_t flags) {
  if (IsLittleEndian(flags)) raw = LittleSegmentToValue(raw, size);
  if ((flags & bitflag::kSigned) != 0 && size > 0 && ((raw >> (size - 1)) & 1) != 0) {
    raw |= ~LowMask(size);
  }
  return raw;
}
// The `size` (at most 64) bits at bit `offset` of `bytes` as the integer
// they encode (SegmentWordValue).
inline uint64_t ReadSegmentWord(const uint8_t* bytes, uint64_t offset, unsigned size,
                                uint32_t flags) {
  return SegmentWordValue(ReadBits(bytes, offset, size), size, flags);
}
// The integer in the `size` bits at bit `offset` of `bytes` (a small, or a
// bignum on `heap`); kNonValue when it would exceed kMaxBignumLimbs (the
// match fails, as in BEAM).
Term ReadInteger(TermAllocator& heap, const uint8_t* bytes, uint64_t offset, uint64_t size,
                 uint32_t flags);
// The float in the `size` bits at `offset`: 16, 32 or 64 bits (any other
// size fails; 0 bits read as 0.0, as BEAM does). nullopt for NaN and the
// infinities, which Erlang floats cannot hold: the match fails.
std::optional<double> ReadFloat(const uint8_t* bytes, uint64_t offset, uint64_t size,
                                uint32_t flags);

// A decoded code point and the bits its encoding took.
struct CodePoint {
  uint32_t value;
  uint32_t bits;
};
// One code point from the `available` bits at `offset`; nullopt for too few
// bits or an invalid encoding: for UTF-8 an unexpected byte, an overlong
// form, a surrogate or a value past U+10FFFF; for UTF-16 an unpaired
// surrogate; for UTF-32 a surrogate or a value past U+10FFFF.
std::optional<CodePoint> ReadUtf8(const uint8_t* bytes, uint64_t offset, uint64_t available);
std::optional<CodePoint> ReadUtf16(const uint8_t* bytes, uint64_t offset, uint64_t available,
                                   uint32_t flags);
std::optional<CodePoint> ReadUtf32(const uint8_t* bytes, uint64_t offset, uint64_t available,
                                   uint32_t flags);

// ---- writing ----------------------------------------------------------------------
// Each writes exactly its segment's bits at bit `offset` of `dst`, leaving
// the bits around them as they were.

// `value` (two's complement) modulo 2^size, for a `size` of at most 64.
void WriteSegmentWord(uint64_t value, unsigned size, uint32_t flags, uint8_t* dst, uint64_t offset);

// Integer segments of at most 64 bits each, one after another from bit
// `offset` of `dst`, as WriteSegmentWord writes them; gathered into a
// word first, so up to 64 bits of segments cost one write.
class SegmentWordWriter {
 public:
  SegmentWordWriter(uint8_t* dst, uint64_t offset) : dst_(dst), offset_(offset) {}
  void Add(uint64_t value, unsigned size, uint32_t flags) {
    value &= LowMask(size);
    if (IsLittleEndian(flags)) value = ValueToLittleSegment(value, size);
    if (gathered_bits_ + size > 64) Finish();
    gathered_ = size == 64 ? value : gathered_ << size | value;  // 64: nothing was gathered
    gathered_bits_ += size;
  }
  // Writes what is gathered; the offset after the last segment.
  uint64_t Finish() {
    WriteBits(dst_, offset_, gathered_, gathered_bits_);
    offset_ += gathered_bits_;
    gathered_ = 0;
    gathered_bits_ = 0;
    return offset_;
  }

 private:
  uint8_t* dst_;
  uint64_t offset_;
  uint64_t gathered_ = 0;  // the segments not yet written, last in the low bits
  unsigned gathered_bits_ = 0;
};
// `value` modulo 2^size; false (nothing written) when it is not an integer.
bool WriteInteger(Term value, uint64_t size, uint32_t flags, uint8_t* dst, uint64_t offset);

// Why a float segment cannot be written (the `info` of erl's error cause).
enum class FloatWriteError : uint8_t {
  kNone,
  kInvalidSize,  // size not 16, 32 or 64 (checked first: <<a:24/float>> is this)
  kType,         // not a number
  kNoFloat,      // an integer too large for a double
};
// An integer or float as an IEEE float of `size` bits, rounded to nearest
// (ties to even); a value too large for 16 or 32 bits becomes an infinity,
// as in BEAM.
FloatWriteError WriteFloat(Term value, uint64_t size, uint32_t flags, uint8_t* dst,
                           uint64_t offset);

// A code point's encoding: `size` bytes.
struct UtfBytes {
  uint8_t bytes[4];
  uint8_t size;
};
// nullopt unless `value` is an integer in 0..0x10FFFF outside the surrogates
// U+D800..U+DFFF.
std::optional<UtfBytes> EncodeUtf8(Term value);
std::optional<UtfBytes> EncodeUtf16(Term value, uint32_t flags);
std::optional<UtfBytes> EncodeUtf32(Term value, uint32_t flags);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_BIT_CODEC_H_
