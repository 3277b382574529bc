// Bit strings in memory, below the term level: the copying, comparing and
// reading of bit ranges that bitstrings, the bit syntax and the external
// format share.
//
// Bit numbering is Erlang's: bit i of a buffer is bit 7 - i % 8 of byte
// i / 8, so the first bit of a bitstring is the most significant bit of its
// first byte, and a bitstring's bits read in order spell its value
// big-endian.
//
// Every function touches exactly the bytes that hold the bits it was given:
// nothing before or after them is read or written.
//
// Concurrency: plain functions over caller-owned memory.
#ifndef LING_RUNTIME_TERM_BITS_H_
#define LING_RUNTIME_TERM_BITS_H_

#include <cstdint>

namespace ling {

// The bytes that hold `bits` bits: a partial last byte counts as one.
constexpr uint64_t BytesFor(uint64_t bits) {
  return (bits + 7) / 8;
}

// The low `n` (0..64) bits set.
constexpr uint64_t LowMask(unsigned n) {
  return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
}

// Copies `n` bits from `src` at bit `src_offset` to `dst` at bit
// `dst_offset`. Bits of dst outside the destination range keep their values.
// The ranges must not overlap.
void CopyBits(const uint8_t* src, uint64_t src_offset, uint8_t* dst, uint64_t dst_offset,
              uint64_t n);

// <0, 0 or >0 as the `n` bits of `a` at `a_offset` compare with those of `b`
// at `b_offset`, as unsigned numbers (equivalently, bit by bit in order).
int CompareBits(const uint8_t* a, uint64_t a_offset, const uint8_t* b, uint64_t b_offset,
                uint64_t n);

// The `n` (0..64) bits at `offset` as an unsigned number, the first bit the
// most significant. Inline, with a fixed-size load per byte count: the bit
// syntax reads every segment through it.
inline uint64_t ReadBits(const uint8_t* src, uint64_t offset, unsigned n) {
  if (n == 0) return 0;
  src += offset / 8;
  unsigned lead = offset % 8;
  unsigned bytes = (lead + n + 7) / 8;  // 1..9
  auto load = [src]<typename U>(U, unsigned at) -> uint64_t {
    U u;
    __builtin_memcpy(&u, src + at, sizeof u);
    if constexpr (sizeof u == 2) return __builtin_bswap16(u);
    if constexpr (sizeof u == 4) return __builtin_bswap32(u);
    if constexpr (sizeof u == 8) return __builtin_bswap64(u);
  };
  uint64_t acc;
  switch (bytes) {
    case 1:
      acc = src[0];
      break;
    case 2:
      acc = load(uint16_t{}, 0);
      break;
    case 3:
      acc = load(uint16_t{}, 0) << 8 | src[2];
      break;
    case 4:
      acc = load(uint32_t{}, 0);
      break;
    case 5:
      acc = load(uint32_t{}, 0) << 8 | src[4];
      break;
    case 6:
      acc = load(uint32_t{}, 0) << 16 | load(uint16_t{}, 4);
      break;
    case 7:
      acc = load(uint32_t{}, 0) << 24 | load(uint16_t{}, 4) << 8 | src[6];
      break;
    case 8:
      acc = load(uint64_t{}, 0);
      break;
    default: {  // more than 57 bits at an offset that needs a ninth byte
      unsigned __int128 wide = static_cast<unsigned __int128>(load(uint64_t{}, 0)) << 8 | src[8];
      return static_cast<uint64_t>(wide >> (72 - lead - n)) & (~uint64_t{0} >> (64 - n));
    }
  }
  return (acc >> (bytes * 8 - lead - n)) & (~uint64_t{0} >> (64 - n));
}

// Writes the low `n` (0..64) bits of `value` at `offset`, most significant
// first; the other bits of the bytes touched keep their values.
inline void WriteBits(uint8_t* dst, uint64_t offset, uint64_t value, unsigned n) {
  if (n == 0) return;
  dst += offset / 8;
  unsigned lead = offset % 8;
  if (lead == 0 && n % 8 == 0) {  // whole bytes, the common case
    for (unsigned i = n / 8; i-- > 0; value >>= 8)
      dst[i] = static_cast<uint8_t>(value);
    return;
  }
  unsigned bytes = (lead + n + 7) / 8;    // at most 9
  unsigned trail = bytes * 8 - lead - n;  // bits after the range in its last byte
  using Wide = unsigned __int128;
  Wide mask = Wide{LowMask(n)} << trail;
  Wide bits = Wide{value & LowMask(n)} << trail;
  for (unsigned i = bytes; i-- > 0;) {
    auto m = static_cast<uint8_t>(mask);
    dst[i] = static_cast<uint8_t>((dst[i] & ~m) | (static_cast<uint8_t>(bits) & m));
    mask >>= 8;
    bits >>= 8;
  }
}

}  // namespace ling

#endif  // LING_RUNTIME_TERM_BITS_H_
