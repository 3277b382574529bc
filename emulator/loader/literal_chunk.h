// The LitT chunk: the module's literal terms, each in the external term
// format, the whole table zlib-compressed (a stored size of 0 means the
// table follows uncompressed). This reader inflates and splits it; turning
// each literal into a term is the external-format decoder's job.
//
// Concurrency: a pure function.
#ifndef LING_EMULATOR_LOADER_LITERAL_CHUNK_H_
#define LING_EMULATOR_LOADER_LITERAL_CHUNK_H_

#include <vector>

#include "absl/status/statusor.h"
#include "emulator/loader/byte_reader.h"

namespace ling::loader {

// The literal table inflated: `encoded[i]` is literal i in the external
// format (starting with the version byte 131), a view into `storage` (a
// vector: moving it keeps the bytes where they are).
struct LiteralChunk {
  std::vector<uint8_t> storage;
  std::vector<Bytes> encoded;
};

// InvalidArgument for corrupt compressed data, a size that does not match,
// or entries that overrun the table. The inflated size is capped (a hostile
// header cannot make us allocate gigabytes).
absl::StatusOr<LiteralChunk> ReadLiteralChunk(Bytes chunk);

}  // namespace ling::loader

#endif  // LING_EMULATOR_LOADER_LITERAL_CHUNK_H_
