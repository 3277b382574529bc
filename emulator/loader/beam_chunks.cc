#include "emulator/loader/beam_chunks.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "emulator/loader/malformed.h"

namespace ling::loader {
namespace {

absl::Status Bad(std::string_view what) {
  return Malformed(".beam file", what);
}

// Stores a known chunk; a second copy of one is an error.
absl::Status Keep(const std::string& id, Bytes data, BeamChunks& out, bool& seen_atoms) {
  auto once = [&](Bytes& slot) -> absl::Status {
    if (slot.data() != nullptr) return Bad(absl::StrCat("chunk ", id, " appears twice"));
    slot = data;
    return absl::OkStatus();
  };
  auto once_optional = [&](std::optional<Bytes>& slot) -> absl::Status {
    if (slot.has_value()) return Bad(absl::StrCat("chunk ", id, " appears twice"));
    slot = data;
    return absl::OkStatus();
  };
  if (id == "AtU8" || id == "Atom") {
    if (seen_atoms) return Bad("more than one atom chunk");
    seen_atoms = true;
    out.atoms = data;
    out.atoms_utf8 = id == "AtU8";
    return absl::OkStatus();
  }
  if (id == "Code") return once(out.code);
  if (id == "ImpT") return once(out.imports);
  if (id == "ExpT") return once(out.exports);
  if (id == "StrT") return once_optional(out.strings);
  if (id == "LitT") return once_optional(out.literals);
  if (id == "FunT") return once_optional(out.funs);
  if (id == "LocT") return once_optional(out.locals);
  if (id == "Line") return once_optional(out.lines);
  if (id == "Attr") return once_optional(out.attributes);
  if (id == "CInf") return once_optional(out.compile_info);
  if (id == "Type") return once_optional(out.types);
  if (id == "Meta") return once_optional(out.meta);
  return absl::OkStatus();  // debug info, docs, ...: not ours to read
}

}  // namespace

absl::StatusOr<BeamChunks> SplitChunks(Bytes file) {
  ByteReader r(file);
  if (r.Text(4) != "FOR1") return Bad("not an IFF form (no FOR1 header)");
  uint32_t form_size = r.U32();
  if (!r.ok() || form_size != r.remaining()) {
    return Bad(
        absl::StrCat("form size ", form_size, " does not match the ", file.size(), "-byte file"));
  }
  if (r.Text(4) != "BEAM") return Bad("not a BEAM form");
  BeamChunks out;
  bool seen_atoms = false;
  while (!r.at_end()) {
    std::string id(r.Text(4));
    uint32_t size = r.U32();
    Bytes data = r.Take(size);
    if (!r.ok()) return Bad("a chunk runs past the end of the file");
    // Chunks are padded to a multiple of four; the last one may not be.
    size_t pad = (4 - size % 4) % 4;
    if (r.remaining() >= pad) {
      r.Take(pad);
    } else if (!r.at_end()) {
      return Bad("bad chunk padding");
    }
    if (absl::Status s = Keep(id, data, out, seen_atoms); !s.ok()) return s;
  }
  if (!seen_atoms) return Bad("no atom chunk");
  if (out.code.data() == nullptr) return Bad("no Code chunk");
  if (out.imports.data() == nullptr) return Bad("no ImpT chunk");
  if (out.exports.data() == nullptr) return Bad("no ExpT chunk");
  return out;
}

}  // namespace ling::loader
