// The loader's libFuzzer target: any bytes given to ReadBeam must come back
// as a module or an error, never a crash, a hang or an out-of-bounds read.
//
//   tools/fuzz_loader.sh [seconds]      real fuzzing (clang, libFuzzer, ASan)
//   bazel test //emulator/loader:beam_fuzzer_test   a short seeded run
#include <cstddef>
#include <cstdint>

#include "emulator/loader/beam_module.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<ling::loader::BeamModule> m = ling::loader::ReadBeam({data, size});
  // An error always says what is malformed.
  if (!m.ok() && m.status().code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
  return 0;
}
