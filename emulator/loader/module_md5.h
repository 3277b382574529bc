// A module's MD5 as BEAM computes it when loading (and beam_lib:md5/1 from
// the file): over the chunks that define its code -- atoms, Code, StrT,
// ImpT, ExpT, FunT, LitT (as stored, compressed), Meta, in that order, the
// absent ones skipped -- with each FunT entry's OldUniq read as zero, so that
// a change of the compiler's old fun hash alone leaves the checksum as it
// is. module_info(md5) returns it, and it is the new_uniq of the module's
// funs.
//
// Concurrency: a pure function over borrowed bytes.
#ifndef LING_EMULATOR_LOADER_MODULE_MD5_H_
#define LING_EMULATOR_LOADER_MODULE_MD5_H_

#include <array>
#include <cstdint>

#include "emulator/loader/beam_chunks.h"

namespace ling::loader {

std::array<uint8_t, 16> ModuleMd5(const BeamChunks& chunks);

}  // namespace ling::loader

#endif  // LING_EMULATOR_LOADER_MODULE_MD5_H_
