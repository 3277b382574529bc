#include "runtime/base/md5.h"

#include <algorithm>
#include <cstring>

namespace ling {
namespace {

// K[i] = floor(2^32 * |sin(i + 1)|) (RFC 1321, 3.4).
constexpr uint32_t kSine[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
// The rotation of each step, per round.
constexpr int kShift[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

uint32_t Load32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}
void Store32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint32_t RotateLeft(uint32_t x, int n) {
  return (x << n) | (x >> (32 - n));
}

}  // namespace

void Md5::Block(const uint8_t* block) {
  uint32_t m[16];
  for (int i = 0; i < 16; ++i)
    m[i] = Load32(block + 4 * i);
  uint32_t a = words_[0], b = words_[1], c = words_[2], d = words_[3];
  for (int i = 0; i < 64; ++i) {
    uint32_t f;
    int g;
    switch (i / 16) {
      case 0:
        f = (b & c) | (~b & d);
        g = i;
        break;
      case 1:
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
        break;
      case 2:
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
        break;
      default:
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
        break;
    }
    uint32_t rotated = RotateLeft(a + f + kSine[i] + m[g], kShift[i / 16][i % 4]);
    a = d;
    d = c;
    c = b;
    b += rotated;
  }
  words_[0] += a;
  words_[1] += b;
  words_[2] += c;
  words_[3] += d;
}

void Md5::Update(std::span<const uint8_t> data) {
  size_t filled = (bits_ / 8) % 64;
  bits_ += uint64_t{data.size()} * 8;
  while (!data.empty()) {
    size_t n = std::min(data.size(), 64 - filled);
    std::memcpy(block_ + filled, data.data(), n);
    data = data.subspan(n);
    filled += n;
    if (filled == 64) {
      Block(block_);
      filled = 0;
    }
  }
}

Md5::Digest Md5::Final() const {
  Md5 last = *this;
  // A one bit, zeros up to 56 bytes mod 64, then the length in bits.
  uint8_t pad[72] = {0x80};
  size_t filled = (bits_ / 8) % 64;
  size_t pad_bytes = filled < 56 ? 56 - filled : 120 - filled;
  uint8_t length[8];
  for (int i = 0; i < 8; ++i)
    length[i] = static_cast<uint8_t>(bits_ >> (8 * i));
  last.Update({pad, pad_bytes});
  last.Update(length);
  Digest digest;
  for (int i = 0; i < 4; ++i)
    Store32(digest.data() + 4 * i, last.words_[i]);
  return digest;
}

Md5::State Md5::Save() const {
  State s{};
  for (int i = 0; i < 4; ++i)
    Store32(s.data() + 4 * i, words_[i]);
  Store32(s.data() + 16, static_cast<uint32_t>(bits_));
  Store32(s.data() + 20, static_cast<uint32_t>(bits_ >> 32));
  std::memcpy(s.data() + 24, block_, sizeof block_);
  return s;
}

std::optional<Md5> Md5::Restore(std::span<const uint8_t> bytes) {
  if (bytes.size() != kStateBytes) return std::nullopt;
  Md5 m;
  for (int i = 0; i < 4; ++i)
    m.words_[i] = Load32(bytes.data() + 4 * i);
  m.bits_ = uint64_t{Load32(bytes.data() + 16)} | uint64_t{Load32(bytes.data() + 20)} << 32;
  std::memcpy(m.block_, bytes.data() + 24, sizeof m.block_);
  return m;
}

}  // namespace ling
