#include "runtime/term/bits.h"

#include <cstring>

namespace ling {
namespace {

// Bits per step when a range is not byte-aligned: 56 bits at any bit offset
// span at most 8 bytes.
constexpr unsigned kStepBits = 56;

}  // namespace

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
