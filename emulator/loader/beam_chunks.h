// The container of a .beam file: an IFF form ("FOR1", big-endian size,
// "BEAM") holding chunks, each a 4-letter id, a big-endian size, the data and
// padding to a multiple of four. SplitChunks validates the container and
// hands out each chunk the loader knows, as a view into the caller's bytes.
//
// Concurrency: pure functions over borrowed bytes.
#ifndef LING_EMULATOR_LOADER_BEAM_CHUNKS_H_
#define LING_EMULATOR_LOADER_BEAM_CHUNKS_H_

#include <optional>

#include "absl/status/statusor.h"
#include "emulator/loader/byte_reader.h"

namespace ling::loader {

struct BeamChunks {
  // Atoms: "AtU8" (UTF-8 names), or "Atom" (Latin-1, written by old compilers).
  Bytes atoms;
  bool atoms_utf8 = true;
  Bytes code;     // "Code"
  Bytes imports;  // "ImpT"
  Bytes exports;  // "ExpT"
  // Optional chunks (a module may lack them).
  std::optional<Bytes> strings;       // "StrT": bit syntax string data
  std::optional<Bytes> literals;      // "LitT": zlib-compressed literal table
  std::optional<Bytes> funs;          // "FunT": lambdas
  std::optional<Bytes> locals;        // "LocT": local functions (for tracing)
  std::optional<Bytes> lines;         // "Line": line number table
  std::optional<Bytes> attributes;    // "Attr": module attributes (external format)
  std::optional<Bytes> compile_info;  // "CInf": compile options (external format)
  std::optional<Bytes> types;         // "Type": register types (OTP 25)
  std::optional<Bytes> meta;          // "Meta": enabled features (OTP 25)
};

// InvalidArgument naming what is wrong: not an IFF BEAM form, a size that
// does not match the file, a chunk that overruns, a known chunk twice, a
// required chunk (atoms, Code, ImpT, ExpT) missing. Unknown chunks (debug
// info, docs, ...) are skipped.
absl::StatusOr<BeamChunks> SplitChunks(Bytes file);

}  // namespace ling::loader

#endif  // LING_EMULATOR_LOADER_BEAM_CHUNKS_H_
