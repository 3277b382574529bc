#include "runtime/term/hash_mix.h"

#include <cstring>

#include "runtime/term/binary.h"

namespace ling::hash {

uint32_t BlockHash(std::span<const uint8_t> k, uint32_t initval) {
  uint32_t a = kHConst, b = kHConst, c = initval;
  auto word = [&](size_t i) {
    return k[i] | uint32_t{k[i + 1]} << 8 | uint32_t{k[i + 2]} << 16 | uint32_t{k[i + 3]} << 24;
  };
  size_t i = 0;
  for (; k.size() - i >= 12; i += 12) {
    a += word(i);
    b += word(i + 4);
    c += word(i + 8);
    Mix(a, b, c);
  }
  c += static_cast<uint32_t>(k.size());
  size_t left = k.size() - i;
  // The first byte of c is reserved for the length.
  static constexpr int kShift[] = {0, 8, 16, 24};
  for (size_t j = left; j-- > 0;) {
    uint32_t v = k[i + j];
    if (j >= 8) {
      c += v << kShift[j - 7];
    } else if (j >= 4) {
      b += v << kShift[j - 4];
    } else {
      a += v << kShift[j];
    }
  }
  Mix(a, b, c);
  return c;
}

ByteRun HashByteRun(uint32_t& hash, Term list) {
  ByteRun run{list, 0, 0};
  while (IsList(run.rest) && IsSmall(Head(run.rest)) &&
         static_cast<uint64_t>(SmallValue(Head(run.rest))) <= 255) {
    run.partial = (run.partial << 8) + static_cast<uint32_t>(SmallValue(Head(run.rest)));
    if (++run.count == 4) {
      Hash1(hash, run.partial, kHConst4);
      run.partial = run.count = 0;
    }
    run.rest = Tail(run.rest);
  }
  return run;
}

BitstringParts BitstringPartsOf(Term bitstring, std::vector<uint8_t>& scratch) {
  std::span<const uint8_t> all = BitstringBytes(bitstring, scratch);
  uint64_t bits = BitSize(bitstring);
  BitstringParts p{all.first(bits / 8), static_cast<uint32_t>(bits % 8), 0};
  if (p.extra_bits > 0) p.extra_value = all[bits / 8] >> (8 - p.extra_bits);
  return p;
}

void HashBitstring(uint32_t& hash, Term bitstring, std::vector<uint8_t>& scratch) {
  BitstringParts p = BitstringPartsOf(bitstring, scratch);
  uint32_t con = kHConst13 + hash;
  if (p.bytes.empty() && p.extra_bits == 0) {
    hash = con;
    return;
  }
  hash = BlockHash(p.bytes, con);
  if (p.extra_bits > 0) Hash2(hash, p.extra_bits, p.extra_value, kHConst15);
}

void HashMagnitude(uint32_t& hash, std::span<const uint64_t> magnitude, bool negative) {
  uint32_t con = negative ? kHConst10 : kHConst11;
  for (uint64_t d : magnitude)
    Hash2(hash, static_cast<uint32_t>(d), static_cast<uint32_t>(d >> 32), con);
}

FloatHalves FloatBits(Term f) {
  double d = FloatValue(f);
  if (d == 0.0) d = 0.0;
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return {static_cast<uint32_t>(bits), static_cast<uint32_t>(bits >> 32)};
}

}  // namespace ling::hash
