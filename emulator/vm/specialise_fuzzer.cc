// The specialising stage's fuzz target: any module the loader accepts must
// specialise or be refused with InvalidArgument (malformed, or code this
// emulator cannot run yet) -- never a crash or an out-of-bounds read.
//
//   bazel test //emulator/vm:specialise_fuzzer_test   a short seeded run
#include <cstddef>
#include <cstdint>

#include "emulator/loader/beam_module.h"
#include "emulator/vm/export_table.h"
#include "emulator/vm/specialise.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ling::vm::ExportTable* exports = new ling::vm::ExportTable();
  absl::StatusOr<ling::loader::BeamModule> m = ling::loader::ReadBeam({data, size});
  if (!m.ok()) return 0;
  absl::StatusOr<ling::vm::LoadedCode> code = ling::vm::Specialise(*m, *exports);
  if (!code.ok() && code.status().code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
  return 0;
}
