// The pieces BEAM's term hashes are made of (erts/emulator/beam/utils.c, OTP
// 25): Bob Jenkins' lookup2 mix, its block hash, and the ways both the
// portable hash (make_hash2: phash2, emulator/vm/bif_hash.cc) and the
// internal hash of map keys (map_hash.h) fold a bitstring and a bignum in.
// They are shared so that both hashes stay bit for bit erl's.
//
// Concurrency: pure functions; the term readers follow the term's owner rule
// (term.h).
#ifndef LING_RUNTIME_TERM_HASH_MIX_H_
#define LING_RUNTIME_TERM_HASH_MIX_H_

#include <cstdint>
#include <span>
#include <vector>

#include "ling/term.h"

namespace ling::hash {

// erts's HCONST family: the golden ratio times 1..22, mod 2^32.
inline constexpr uint32_t kHConst = 0x9e3779b9;
inline constexpr uint32_t kHConst2 = 0x3c6ef372;
inline constexpr uint32_t kHConst3 = 0xdaa66d2b;
inline constexpr uint32_t kHConst4 = 0x78dde6e4;
inline constexpr uint32_t kHConst5 = 0x1715609d;
inline constexpr uint32_t kHConst6 = 0xb54cda56;
inline constexpr uint32_t kHConst7 = 0x5384540f;
inline constexpr uint32_t kHConst8 = 0xf1bbcdc8;
inline constexpr uint32_t kHConst9 = 0x8ff34781;
inline constexpr uint32_t kHConst10 = 0x2e2ac13a;
inline constexpr uint32_t kHConst11 = 0xcc623af3;
inline constexpr uint32_t kHConst12 = 0x6a99b4ac;
inline constexpr uint32_t kHConst13 = 0x08d12e65;
inline constexpr uint32_t kHConst14 = 0xa708a81e;
inline constexpr uint32_t kHConst15 = 0x454021d7;
inline constexpr uint32_t kHConst16 = 0xe3779b90;
inline constexpr uint32_t kHConst17 = 0x81af1549;
inline constexpr uint32_t kHConst18 = 0x1fe68f02;
inline constexpr uint32_t kHConst19 = 0xbe1e08bb;
inline constexpr uint32_t kHConst20 = 0x5c558274;
inline constexpr uint32_t kHConst21 = 0xfa8cfc2d;
inline constexpr uint32_t kHConst22 = 0x98c475e6;

// Bob Jenkins' mix (erts's MIX).
inline void Mix(uint32_t& a, uint32_t& b, uint32_t& c) {
  a -= b, a -= c, a ^= c >> 13;
  b -= c, b -= a, b ^= a << 8;
  c -= a, c -= b, c ^= b >> 13;
  a -= b, a -= c, a ^= c >> 12;
  b -= c, b -= a, b ^= a << 16;
  c -= a, c -= b, c ^= b >> 5;
  a -= b, a -= c, a ^= c >> 3;
  b -= c, b -= a, b ^= a << 10;
  c -= a, c -= b, c ^= b >> 15;
}

// UINT32_HASH_2 and UINT32_HASH: two (one) 32-bit values into `hash`.
inline void Hash2(uint32_t& hash, uint32_t x, uint32_t y, uint32_t constant) {
  uint32_t a = constant + x, b = constant + y;
  Mix(a, b, hash);
}
inline void Hash1(uint32_t& hash, uint32_t x, uint32_t constant) {
  Hash2(hash, x, 0, constant);
}

// block_hash: the bytes, seeded with `initval`.
uint32_t BlockHash(std::span<const uint8_t> bytes, uint32_t initval);

// Both hashes' shortcut for strings: a list's leading bytes (small integers
// 0..255), four to a 32-bit word mixed in with kHConst4. `rest` is the list
// from its first non-byte head on, or the tail that ended it; the last
// `count` (0..3) bytes, in `partial`, are left for each hash to finish its
// own way.
struct ByteRun {
  Term rest;
  uint32_t partial;
  uint32_t count;
};
ByteRun HashByteRun(uint32_t& hash, Term list);

// A bitstring's whole bytes and the bits after them (the last partial byte's
// value, right-aligned), as BEAM's hashes read it. `scratch` holds the bytes
// of an unaligned bitstring; the view is valid while it and the term are.
struct BitstringParts {
  std::span<const uint8_t> bytes;
  uint32_t extra_bits;
  uint32_t extra_value;
};
BitstringParts BitstringPartsOf(Term bitstring, std::vector<uint8_t>& scratch);

// A bitstring as both Jenkins hashes take it: its whole bytes through
// BlockHash seeded with kHConst13 + hash, then the bits of a partial last
// byte.
void HashBitstring(uint32_t& hash, Term bitstring, std::vector<uint8_t>& scratch);

// An integer's 64-bit magnitude limbs, low half first, with kHConst10 for a
// negative one and kHConst11 otherwise (BEAM's bignum digits).
void HashMagnitude(uint32_t& hash, std::span<const uint64_t> magnitude, bool negative);

// A float's IEEE bits as two 32-bit halves, -0.0 read as 0.0 (both hashes
// make 0.0 and -0.0, which are =:= in OTP 25, hash alike).
struct FloatHalves {
  uint32_t low;
  uint32_t high;
};
FloatHalves FloatBits(Term f);

}  // namespace ling::hash

#endif  // LING_RUNTIME_TERM_HASH_MIX_H_
