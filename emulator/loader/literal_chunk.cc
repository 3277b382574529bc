#include "emulator/loader/literal_chunk.h"

#include <zlib.h>

#include "absl/strings/str_cat.h"
#include "emulator/loader/malformed.h"

namespace ling::loader {
namespace {

// No real module comes near this; it bounds what a forged size can cost.
constexpr uint32_t kMaxInflatedBytes = 256u << 20;

absl::Status Bad(std::string_view what) {
  return Malformed("LitT chunk", what);
}

absl::Status Inflate(Bytes compressed, std::vector<uint8_t>& out) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return absl::InternalError("zlib inflateInit failed");
  z.next_in = const_cast<Bytef*>(compressed.data());
  z.avail_in = static_cast<uInt>(compressed.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  bool exact = rc == Z_STREAM_END && z.avail_out == 0 && z.avail_in == 0;
  inflateEnd(&z);
  return exact ? absl::OkStatus() : Bad("corrupt or mis-sized compressed data");
}

}  // namespace

absl::StatusOr<LiteralChunk> ReadLiteralChunk(Bytes chunk) {
  ByteReader header(chunk);
  uint32_t inflated_size = header.U32();
  if (!header.ok()) return Bad("truncated");
  Bytes rest = chunk.subspan(4);
  LiteralChunk lit;
  if (inflated_size == 0) {
    lit.storage.assign(rest.begin(), rest.end());
  } else {
    if (inflated_size > kMaxInflatedBytes) return Bad("inflated size too large");
    lit.storage.resize(inflated_size);
    if (absl::Status s = Inflate(rest, lit.storage); !s.ok()) return s;
  }
  ByteReader in(lit.storage);
  uint32_t count = in.Count(5);  // each: a size and at least the version byte
  lit.encoded.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t size = in.U32();
    Bytes term = in.Take(size);
    if (!in.ok()) return Bad(absl::StrCat("literal ", i, " overruns the table"));
    lit.encoded.push_back(term);
  }
  if (!in.ok()) return Bad("bad count");
  if (!in.at_end()) return Bad("bytes after the last literal");
  return lit;
}

}  // namespace ling::loader
