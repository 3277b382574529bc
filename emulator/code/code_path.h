// Finding and reading a module along the code path, as code:load_file/1:
// the first directory of the path that holds Module.beam wins.
//
// Concurrency: pure functions apart from file reads and atom interning.
#ifndef LING_EMULATOR_CODE_CODE_PATH_H_
#define LING_EMULATOR_CODE_CODE_PATH_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "emulator/code/module_table.h"

namespace ling::code {

// NotFound ("nofile") when no directory of `path` holds `module`.beam.
absl::StatusOr<std::string> FindBeam(std::string_view module, std::span<const std::string> path);

// Reads and validates a module from `bytes`; `expected` is the name it must
// carry (empty: any). InvalidArgument ("badfile: ...") for a malformed file
// or one that holds another module.
absl::StatusOr<std::unique_ptr<LoadedModule>> ReadModule(std::span<const uint8_t> bytes,
                                                         std::string_view expected,
                                                         std::string file);

// FindBeam, then ReadModule from that file, recorded under its absolute
// name (as erl's code server records it).
absl::StatusOr<std::unique_ptr<LoadedModule>> ReadModuleFromPath(std::string_view module,
                                                                 std::span<const std::string> path);

}  // namespace ling::code

#endif  // LING_EMULATOR_CODE_CODE_PATH_H_
