// ErlangProcessContext: the interpreter's view of the runtime process it
// runs in (vm::ProcessContext) -- the mailbox's save position for receive,
// and signals to other processes through the node.
//
// Concurrency: one per Erlang process, used only by the thread running it
// (the Process is kRunning on that thread). Lookups of other processes
// happen inside a ProtectedSection.
#ifndef LING_EMULATOR_SYSTEM_ERLANG_PROCESS_H_
#define LING_EMULATOR_SYSTEM_ERLANG_PROCESS_H_

#include <optional>

#include "emulator/vm/process_context.h"
#include "ling/term.h"

namespace ling {
class Process;
}

namespace ling::emulator {

class Emulator;

class ErlangProcessContext final : public vm::ProcessContext {
 public:
  // `initial_call`: {M, F, Arity} of the process's first call, as
  // process_info tells it (on a heap that outlives the context).
  ErlangProcessContext(Emulator& emulator, Process& process, Term initial_call)
      : emulator_(emulator), process_(process), initial_call_(initial_call) {}

  Term MessageAtSave() override;
  void SkipMessage() override;
  void RemoveMessage(vm::ProcessMemory& memory) override;
  Term ReserveReceiveMarker() override;
  void BindReceiveMarker(Term marker, Term ref) override;
  void UseReceiveMarker(Term ref) override;
  void ClearReceiveMarker(Term ref) override;
  void Wait(int64_t timeout_ms) override;
  bool TimedOut() override;
  bool WaitedBefore() override;
  void EndTimeout() override;

  bool Send(Term to, Term message) override;
  std::optional<Term> Spawn(const vm::SpawnRequest& request, vm::ProcessMemory& memory,
                            Term* monitor_ref) override;
  bool Link(Term other) override;
  void Unlink(Term other) override;
  Term Monitor(Term target, Term name, vm::ProcessMemory& memory) override;
  bool Demonitor(Term ref, bool flush) override;
  void SendExit(Term to, Term reason) override;
  bool SetTrapExit(bool on) override;
  bool Register(Term name, Term owner) override;
  bool Unregister(Term name) override;
  Term Whereis(Term name) override;
  Term Registered(vm::ProcessMemory& memory) override;
  bool IsProcessAlive(Term pid) override;
  Term GroupLeader() override;
  bool SetGroupLeader(Term leader, Term pid) override;
  Term RuntimeInfo(Term item, TermAllocator& out) override;
  void TakeInSignals() override;
  void RequestProcess(Term pid, Term request, Term reply_if_gone) override;
  Term OpenPort(const vm::OpenPortRequest& request, Term* error) override;
  Term Ports(vm::ProcessMemory& memory) override;
  CommandResult PortCommand(Term port, std::span<const std::span<const uint8_t>> data,
                            std::span<BinaryData* const> refc, bool nosuspend, bool force) override;
  Term RequestPort(Term port, const vm::PortRequest& request, vm::ProcessMemory& memory) override;
  void StartTimer(Term ref, Term to, Term message, int64_t due_ms) override;
  std::optional<int64_t> CancelTimer(Term ref) override;
  std::optional<int64_t> ReadTimer(Term ref) override;

 private:
  // Whether the process with this pid runs (has not begun to exit).
  bool Alive(Term pid);
  // Whether a port is open under this id.
  bool PortOpen(Term port);

  Emulator& emulator_;
  Process& process_;
  const Term initial_call_;
};

}  // namespace ling::emulator

#endif  // LING_EMULATOR_SYSTEM_ERLANG_PROCESS_H_
