// MD5 (RFC 1321): what erlang:md5/1, md5_init/update/final and a module's
// checksum (module_info(md5), a fun's new_uniq) are made of. Our own, so
// that freestanding images need no crypto library.
//
// Save/Restore give the running state as erlang:md5_init/0 hands it to
// Erlang code: BEAM's MD5_CTX layout, 88 bytes -- the four state words, the
// message length in bits (64-bit), then the 64-byte block being filled --
// all little-endian, so the contexts erl and ling hand out are the same
// bytes (apart from the unfilled part of the block, which BEAM leaves
// uninitialised and this writes as zeros).
//
// Concurrency: an Md5 is a plain value; one thread at a time.
#ifndef LING_RUNTIME_BASE_MD5_H_
#define LING_RUNTIME_BASE_MD5_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace ling {

class Md5 {
 public:
  using Digest = std::array<uint8_t, 16>;
  static constexpr size_t kStateBytes = 88;
  using State = std::array<uint8_t, kStateBytes>;

  Md5() = default;

  void Update(std::span<const uint8_t> data);
  // The digest of everything given so far; this object may go on.
  Digest Final() const;

  State Save() const;
  // Any 88 bytes are a state (as for BEAM); nullopt for another size.
  static std::optional<Md5> Restore(std::span<const uint8_t> bytes);

  static Digest Of(std::span<const uint8_t> data) {
    Md5 m;
    m.Update(data);
    return m.Final();
  }

 private:
  void Block(const uint8_t* block);

  uint32_t words_[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  uint64_t bits_ = 0;  // the message length so far, in bits (mod 2^64)
  uint8_t block_[64] = {};
};

}  // namespace ling

#endif  // LING_RUNTIME_BASE_MD5_H_
