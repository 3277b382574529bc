#include "runtime/term/bits.h"

#include <cstring>

namespace ling {
namespace {

using Wide = unsigned __int128;

constexpr uint64_t LowMask(unsigned n) {
  return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
}

// Bits per step when a range is not byte-aligned: 56 bits at any bit offset
// span at most 8 bytes.
constexpr unsigned kStepBits = 56;

}  // namespace

uint64_t ReadBits(const uint8_t* src, uint64_t offset, unsigned n) {
  if (n == 0) return 0;
  src += offset / 8;
  unsigned lead = offset % 8;
  if (lead == 0 && n % 8 == 0) {  // whole bytes, the common case
    uint64_t acc = 0;
    for (unsigned i = 0; i < n / 8; ++i)
      acc = acc << 8 | src[i];
    return acc;
  }
  unsigned bytes = (lead + n + 7) / 8;  // at most 9
  Wide acc = 0;
  for (unsigned i = 0; i < bytes; ++i)
    acc = acc << 8 | src[i];
  acc >>= bytes * 8 - lead - n;
  return static_cast<uint64_t>(acc) & LowMask(n);
}

void WriteBits(uint8_t* dst, uint64_t offset, uint64_t value, unsigned n) {
  if (n == 0) return;
  dst += offset / 8;
  unsigned lead = offset % 8;
  if (lead == 0 && n % 8 == 0) {  // whole bytes, the common case
    for (unsigned i = n / 8; i-- > 0; value >>= 8)
      dst[i] = static_cast<uint8_t>(value);
    return;
  }
  unsigned bytes = (lead + n + 7) / 8;
  unsigned trail = bytes * 8 - lead - n;  // bits after the range in its last byte
  Wide mask = Wide{LowMask(n)} << trail;
  Wide bits = Wide{value & LowMask(n)} << trail;
  for (unsigned i = bytes; i-- > 0;) {
    auto m = static_cast<uint8_t>(mask);
    dst[i] = static_cast<uint8_t>((dst[i] & ~m) | (static_cast<uint8_t>(bits) & m));
    mask >>= 8;
    bits >>= 8;
  }
}

void CopyBits(const uint8_t* src, uint64_t src_offset, uint8_t* dst, uint64_t dst_offset,
              uint64_t n) {
  if (src_offset % 8 == 0 && dst_offset % 8 == 0) {
    if (n >= 8) std::memcpy(dst + dst_offset / 8, src + src_offset / 8, n / 8);
    unsigned rest = n % 8;
    uint64_t done = n - rest;
    WriteBits(dst, dst_offset + done, ReadBits(src, src_offset + done, rest), rest);
    return;
  }
  for (uint64_t done = 0; done < n;) {
    unsigned step = n - done < kStepBits ? static_cast<unsigned>(n - done) : kStepBits;
    WriteBits(dst, dst_offset + done, ReadBits(src, src_offset + done, step), step);
    done += step;
  }
}

int CompareBits(const uint8_t* a, uint64_t a_offset, const uint8_t* b, uint64_t b_offset,
                uint64_t n) {
  uint64_t done = 0;
  if (a_offset % 8 == 0 && b_offset % 8 == 0) {
    if (int c = n >= 8 ? std::memcmp(a + a_offset / 8, b + b_offset / 8, n / 8) : 0) {
      return c < 0 ? -1 : 1;
    }
    done = n - n % 8;
  }
  while (done < n) {
    unsigned step = n - done < kStepBits ? static_cast<unsigned>(n - done) : kStepBits;
    uint64_t x = ReadBits(a, a_offset + done, step), y = ReadBits(b, b_offset + done, step);
    if (x != y) return x < y ? -1 : 1;
    done += step;
  }
  return 0;
}

}  // namespace ling
