// ByteReader: bounds-checked reading of big-endian fields from a byte span,
// the one way the loader looks at file bytes. Every read either succeeds or
// leaves the reader failed (and then every later read fails too), so a
// decoder reads a whole record and checks ok() once; nothing ever reads past
// the end of the input.
//
// Concurrency: a plain value over borrowed bytes; one thread at a time.
#ifndef LING_EMULATOR_LOADER_BYTE_READER_H_
#define LING_EMULATOR_LOADER_BYTE_READER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ling::loader {

using Bytes = std::span<const uint8_t>;

class ByteReader {
 public:
  explicit ByteReader(Bytes bytes) : bytes_(bytes) {}

  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == bytes_.size(); }
  size_t position() const { return pos_; }
  size_t remaining() const { return bytes_.size() - pos_; }

  uint8_t U8() { return static_cast<uint8_t>(BigEndian(1)); }
  uint16_t U16() { return static_cast<uint16_t>(BigEndian(2)); }
  uint32_t U32() { return static_cast<uint32_t>(BigEndian(4)); }
  // A 32-bit count or size that must also fit what is left when each item
  // takes at least `min_item_bytes`: a hostile count fails here rather than
  // in a huge allocation.
  uint32_t Count(size_t min_item_bytes) {
    uint32_t n = U32();
    if (ok_ && min_item_bytes != 0 && n > remaining() / min_item_bytes) ok_ = false;
    return ok_ ? n : 0;
  }
  // The next n bytes (empty, and the reader failed, if fewer are left).
  Bytes Take(size_t n) {
    if (!ok_ || n > remaining()) {
      ok_ = false;
      return {};
    }
    Bytes out = bytes_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  std::string_view Text(size_t n) {
    Bytes b = Take(n);
    return {reinterpret_cast<const char*>(b.data()), b.size()};
  }
  // Moves to an absolute offset (at most the end).
  void Seek(size_t offset) {
    if (offset > bytes_.size()) ok_ = false;
    if (ok_) pos_ = offset;
  }
  void Fail() { ok_ = false; }

 private:
  uint64_t BigEndian(size_t n) {
    Bytes b = Take(n);
    uint64_t v = 0;
    for (uint8_t byte : b)
      v = (v << 8) | byte;
    return v;
  }

  Bytes bytes_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace ling::loader

#endif  // LING_EMULATOR_LOADER_BYTE_READER_H_
