// ReadBeam: a .beam file read and validated into the generic form the
// specialising stage of the loader works from. Nothing here runs code or
// changes the code server; a module that reads fine may still be refused
// later (an unknown BIF, a bad instruction sequence).
//
// Concurrency: a pure function apart from interning atoms (thread-safe).
#ifndef LING_EMULATOR_LOADER_BEAM_MODULE_H_
#define LING_EMULATOR_LOADER_BEAM_MODULE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "emulator/loader/byte_reader.h"
#include "emulator/loader/generic_code.h"
#include "emulator/loader/literal_chunk.h"
#include "emulator/loader/module_tables.h"
#include "ling/term.h"

namespace ling::loader {

struct BeamModule {
  Term name;                // atoms[0]
  std::vector<Term> atoms;  // atoms[i] is the file's atom number i + 1
  std::vector<Import> imports;
  std::vector<FunctionEntry> exports;
  std::vector<FunctionEntry> locals;
  std::vector<LambdaEntry> lambdas;
  LineTable lines;
  std::string strings;    // the StrT chunk (bit syntax constants)
  LiteralChunk literals;  // still in the external format
  GenericCode code;
  // The Attr and CInf chunks, still in the external format (checked to
  // decode): module_info(attributes) and module_info(compile). Empty when
  // the file has none.
  std::vector<uint8_t> attributes;
  std::vector<uint8_t> compile_info;
  std::array<uint8_t, 16> md5 = {};  // see module_md5.h

  Term atom(uint32_t number) const { return atoms[number - 1]; }
};

// InvalidArgument (prefixed "malformed .beam file" or naming the chunk) for
// anything that is not a well-formed OTP 25 module.
absl::StatusOr<BeamModule> ReadBeam(Bytes file);

}  // namespace ling::loader

#endif  // LING_EMULATOR_LOADER_BEAM_MODULE_H_
