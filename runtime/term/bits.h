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
// most significant.
uint64_t ReadBits(const uint8_t* src, uint64_t offset, unsigned n);

// Writes the low `n` (0..64) bits of `value` at `offset`, most significant
// first; the other bits of the bytes touched keep their values.
void WriteBits(uint8_t* dst, uint64_t offset, uint64_t value, unsigned n);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_BITS_H_
