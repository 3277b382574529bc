// Emulator: Erlang code running on a libling Runtime. It holds the code
// server and is the interpreter's Host; Spawn starts Erlang processes on
// the runtime's schedulers.
//
// Concurrency: Spawn may be called from any thread; the Emulator must
// outlive the processes it spawned (stop the Runtime first).
#ifndef LING_EMULATOR_SYSTEM_EMULATOR_H_
#define LING_EMULATOR_SYSTEM_EMULATOR_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "emulator/code/code_server.h"
#include "emulator/system/erlang_body.h"
#include "emulator/vm/host.h"
#include "ling/runtime.h"
#include "ling/types.h"

namespace ling::emulator {

struct EmulatorOptions {
  // Where modules are loaded from, first match wins (erl's code path).
  std::vector<std::string> code_path;
  // erlang:halt/1. Unset: the host process exits with the status, as erl
  // does; a host that embeds the emulator will want to decide itself.
  std::function<void(int status)> on_halt;
  // Why a module called for the first time could not be loaded (see
  // CodeServer); the call raises undef either way.
  std::function<void(Term module, const absl::Status&)> on_load_error;
};

class Emulator final : public vm::Host {
 public:
  Emulator(Runtime& runtime, EmulatorOptions options);

  // A process that runs `calls` in order (their argument terms on
  // `args_heap`); see ErlangBody. `on_crash` sees an uncaught exception.
  absl::StatusOr<Pid> Spawn(std::vector<ErlangCall> calls, std::unique_ptr<Heap> args_heap,
                            std::function<void(const Crash&)> on_crash = {});

  code::CodeServer& code() { return code_; }

  // vm::Host
  bool EnsureLoaded(Term module) override { return code_.EnsureLoaded(module); }
  vm::ModuleVersion CurrentModule(Term module) override;
  void Halt(int status) override;

 private:
  Runtime& runtime_;
  code::CodeServer code_;
  std::function<void(int)> on_halt_;
};

}  // namespace ling::emulator

#endif  // LING_EMULATOR_SYSTEM_EMULATOR_H_
