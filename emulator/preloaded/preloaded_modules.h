// The Erlang modules built into ling (emulator/preloaded/*.erl, compiled by
// erlc and embedded at build time): found before the code path, as BEAM's
// preloaded modules are. init answers for the command line; ling_boot
// starts the io server the boot process prints through; ling_request waits
// for the answers of process_info asked of another process.
//
// Concurrency: constant data.
#ifndef LING_EMULATOR_PRELOADED_PRELOADED_MODULES_H_
#define LING_EMULATOR_PRELOADED_PRELOADED_MODULES_H_

#include <span>

#include "emulator/code/code_server.h"

namespace ling::emulator {

std::span<const code::PreloadedModule> PreloadedModules();

}  // namespace ling::emulator

#endif  // LING_EMULATOR_PRELOADED_PRELOADED_MODULES_H_
