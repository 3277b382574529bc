// Emulator: Erlang code running on a libling Runtime. It holds the code
// server and is the interpreter's Host; Spawn starts Erlang processes on
// the runtime's schedulers.
//
// Erlang code opens ports through the runtime's PortSystem; the Emulator
// sets one up if the runtime has none.
//
// Concurrency: Spawn may be called from any thread; the Emulator must
// outlive the processes it spawned (stop the Runtime first).
#ifndef LING_EMULATOR_SYSTEM_EMULATOR_H_
#define LING_EMULATOR_SYSTEM_EMULATOR_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "emulator/code/code_server.h"
#include "emulator/system/erlang_body.h"
#include "emulator/system/erlang_timers.h"
#include "emulator/system/initial_calls.h"
#include "emulator/vm/ets_tables.h"
#include "emulator/vm/host.h"
#include "ling/runtime.h"
#include "ling/types.h"
#include "ports/port_system.h"
#include "runtime/core/node.h"

namespace ling::emulator {

struct EmulatorOptions {
  // Where modules are loaded from, first match wins (erl's code path).
  std::vector<std::string> code_path;
  // erlang:halt/1,2. Unset: the host process exits with the status, as erl
  // does, after the ports' queued output unless halt/2 said {flush, false};
  // a host that embeds the emulator will want to decide itself.
  std::function<void(int status)> on_halt;
  // Why a module called for the first time could not be loaded (see
  // CodeServer); the call raises undef either way.
  std::function<void(Term module, const absl::Status&)> on_load_error;
  // init:get_arguments/0 and get_plain_arguments/0.
  vm::BootArguments boot_arguments;
};

// How an Erlang process starts: its spawn options, and the process that
// spawns it (nullptr: the host), which spec.link and spec.monitor relate it
// to; with spec.monitor, *monitor_ref receives the monitor's reference.
struct ErlangSpawnOptions {
  SpawnSpec spec;
  Process* parent = nullptr;
  MonitorRef* monitor_ref = nullptr;
  ErlangBodyOptions body;
};

class Emulator final : public vm::Host {
 public:
  Emulator(Runtime& runtime, EmulatorOptions options);

  // A process that runs `calls` in order (their argument terms on
  // `args_heap`); see ErlangBody. ResourceExhausted when the process table
  // is full.
  absl::StatusOr<Pid> Spawn(std::vector<ErlangCall> calls, std::unique_ptr<Heap> args_heap,
                            ErlangSpawnOptions options = {});

  code::CodeServer& code() { return code_; }
  // What erl's logger says of a process that died of an uncaught error or
  // throw (an exit is no error), on standard error.
  static void ReportCrash(Term pid, const Crash& crash);
  // send_after/start_timer's timers, found by reference.
  ErlangTimers& timers() { return timers_; }
  InitialCalls& initial_calls() { return initial_calls_; }
  // An Erlang process has ended (its body is going; it can still send):
  // its ETS tables go to their heirs or are deleted, the timers bound for
  // it are cancelled.
  void ProcessEnded(Term pid, vm::ProcessContext& process) {
    ets_.OwnerExited(pid, process);
    timers_.ReceiverEnded(pid);
  }

  // vm::Host
  bool EnsureLoaded(Term module) override { return code_.EnsureLoaded(module); }
  vm::ModuleVersion CurrentModule(Term module) override;
  void Halt(int status, bool flush) override;
  // Exits the host process with `status` once the ports' queued output is
  // out, `last_words` run just before (on the exiting thread). From the
  // call on, the schedulers run ports only (Node::RunOnlyPorts). The first
  // call counts; any thread.
  void ExitWhenFlushed(int status, std::function<void()> last_words = nullptr);
  const vm::BootArguments& boot_arguments() override { return boot_arguments_; }
  absl::Status LoadModule(Term module) override { return code_.Load(module); }
  std::string Which(Term module) override { return code_.Which(module); }
  std::vector<std::string> CodePath() override { return code_.Path(); }
  std::vector<Term> LoadedModules() override { return code_.modules().Loaded(); }
  vm::EtsTables* ets() override { return &ets_; }
  const vm::CodeIndex* code_index() override { return &code_.code_index(); }
  vm::CodeService* code_service() override { return &code_; }
  vm::SystemFigures Figures() override;

 private:
  Runtime& runtime_;
  std::unique_ptr<PortSystem> ports_;  // when the runtime had none
  code::CodeServer code_;
  std::function<void(int)> on_halt_;
  std::atomic<bool> halting_{false};  // a flushing halt's thread is started
  const vm::BootArguments boot_arguments_;
  vm::EtsTables ets_;
  const int64_t start_time_;  // erlang:monotonic_time/0 at construction
  ErlangTimers timers_;
  InitialCalls initial_calls_;
};

}  // namespace ling::emulator

#endif  // LING_EMULATOR_SYSTEM_EMULATOR_H_
