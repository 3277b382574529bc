// ProcessContext: what the interpreter and its BIFs need from the process
// they run in -- its mailbox (receive) and its signals to other processes
// (send, spawn, link, monitor, exit, names). emulator/system implements it
// over the runtime's processes; the interpreter itself knows nothing of
// schedulers or signal queues.
//
// Concurrency: used only by the thread running the process, while it runs.
// The terms it returns live on the process's memory, or in a message still
// in the mailbox (valid until that message is removed, then in memory).
#ifndef LING_EMULATOR_VM_PROCESS_CONTEXT_H_
#define LING_EMULATOR_VM_PROCESS_CONTEXT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ling/term.h"
#include "runtime/term/binary.h"
#include "runtime/term/heap.h"

namespace ling::vm {

class ProcessMemory;

// spawn/1..4, spawn_link, spawn_monitor, spawn_opt: the new process runs
// erlang:apply(fun, []) when `fun` is set, else module:function(args...).
struct SpawnRequest {
  Term fun = kNonValue;
  Term module = kNonValue;
  Term function = kNonValue;
  Term args = kNil;  // a proper list
  bool link = false;
  bool monitor = false;
  Term priority = kNonValue;                // an atom (low, normal, high, max); kNonValue: normal
  std::optional<size_t> min_heap_size;      // words; unset: the default
  std::optional<uint32_t> fullsweep_after;  // unset: the default
};

// open_port/2, its arguments checked (bif_port.cc).
struct OpenPortRequest {
  enum class Kind { kSpawn, kSpawnExecutable, kSpawnDriver, kFd };
  Kind kind = Kind::kSpawn;
  std::string command;            // the command line, the executable, or the driver
  std::vector<std::string> args;  // spawn_executable: {args, ...} (argv[1...])
  std::optional<std::string> arg0;
  std::vector<std::string> env;  // "NAME=value", or "NAME" to remove it
  std::string cd;
  int in_fd = -1, out_fd = -1;  // fd
  int packet = 0;               // {packet, N}
  size_t line = 0;              // {line, L}
  bool binary = false, eof = false, exit_status = false, use_stdio = true, stderr_to_stdout = false;
};

// erts_internal's port requests (bif_port.cc), arguments checked: the port
// answers each with a message {Ref, Answer} that erlang.erl's port
// functions wait for (answers: PortTask::erlang_reply in ports/).
struct PortRequest {
  enum class Kind { kControl, kCall, kConnect, kClose, kInfo };
  Kind kind = Kind::kInfo;
  uint32_t command = 0;           // control, call
  std::span<const uint8_t> data;  // control (copied)
  // call: the term (copied); connect: the new owner's pid; info: the item
  // (kNonValue: port_info/1's list).
  Term argument = kNonValue;
};

class ProcessContext {
 public:
  // ---- receive (loop_rec, loop_rec_end, remove_message, wait, timeout) ----
  // The message at the save position (see runtime/core/process.h), or
  // kNonValue at the end of the mailbox.
  virtual Term MessageAtSave() = 0;
  virtual void SkipMessage() = 0;
  // Takes the message at the save position out of the mailbox. Its terms
  // (which registers may already point into) join `memory` and stay where
  // they are until its next collection.
  virtual void RemoveMessage(ProcessMemory& memory) = 0;
  // The interpreter is about to give the scheduler back until a message
  // comes, or `timeout_ms` (-1: infinity) after this receive first waited.
  virtual void Wait(int64_t timeout_ms) = 0;
  virtual bool TimedOut() = 0;
  // Whether this receive has waited before: its `after` value was read then
  // (registers do not survive a wait) and its timer, if any, runs.
  virtual bool WaitedBefore() = 0;
  // The `after` clause runs: the receive is over.
  virtual void EndTimeout() = 0;
  // Receive markers (recv_marker_*, runtime/core/process.h): a marker (a
  // small) for the mailbox's end now; bound to a reference, it lets a
  // receive for that reference start there. A marker or reference operand
  // of another kind is ignored: the receive then looks at every message.
  virtual Term ReserveReceiveMarker() = 0;
  virtual void BindReceiveMarker(Term marker, Term ref) = 0;
  virtual void UseReceiveMarker(Term ref) = 0;
  virtual void ClearReceiveMarker(Term ref) = 0;

  // ---- signals (the BIFs in bif_process.cc) ----
  // `to` ! `message`; false when `to` is an atom nobody is registered under
  // (badarg). A message to a pid that is gone is dropped.
  virtual bool Send(Term to, Term message) = 0;
  // The new process's pid, with the monitor's reference in `monitor_ref`
  // for spawn_monitor; nullopt when the process table is full
  // (system_limit). Terms built on `memory`.
  virtual std::optional<Term> Spawn(const SpawnRequest& request, ProcessMemory& memory,
                                    Term* monitor_ref) = 0;
  // link/1: false when `other` is known to be gone and exits are not
  // trapped (noproc); otherwise true (an 'EXIT' with noproc follows).
  virtual bool Link(Term other) = 0;
  virtual void Unlink(Term other) = 0;
  // monitor(process | port, Target): a new reference on `memory`. `target`
  // is a pid or a port; `name`, when it is not kNonValue, the registered
  // name it was found under (the 'DOWN' then names {Name, Node}).
  virtual Term Monitor(Term target, Term name, ProcessMemory& memory) = 0;
  // demonitor/2: whether the monitor was active; `flush` drops its DOWN.
  virtual bool Demonitor(Term ref, bool flush) = 0;
  // exit/2.
  virtual void SendExit(Term to, Term reason) = 0;
  // process_flag(trap_exit, On): the previous value.
  virtual bool SetTrapExit(bool on) = 0;
  // register/2 of a pid or a port: false when the name is taken, the owner
  // has a name, or it is not alive (badarg).
  virtual bool Register(Term name, Term owner) = 0;
  virtual bool Unregister(Term name) = 0;
  // The pid or port registered under `name`, or kNonValue.
  virtual Term Whereis(Term name) = 0;
  // registered/0: a list on `memory`.
  virtual Term Registered(ProcessMemory& memory) = 0;
  virtual bool IsProcessAlive(Term pid) = 0;
  // group_leader/0 (kNonValue: none) and group_leader/2 (false: no such
  // process).
  virtual Term GroupLeader() = 0;
  virtual bool SetGroupLeader(Term leader, Term pid) = 0;

  // ---- process_info (bif_process_info.cc, process_info.h) ----
  // The value of a process_info/2 item the runtime keeps of this process --
  // registered_name ([] for none), message_queue_len, messages, links,
  // monitors, monitored_by, trap_exit, priority, group_leader,
  // initial_call, reductions (up to its current time slice) -- built on
  // `out`; kNonValue for any other item. Signals still on their way in
  // are not counted: the process's body answering another's request calls
  // it while the runtime handles signals, and must not take more in.
  virtual Term RuntimeInfo(Term item, TermAllocator& out) = 0;
  // Takes in the signals that arrived (process_info of the caller itself
  // counts what was sent before the call, as on BEAM).
  virtual void TakeInSignals() = 0;
  // Sends process `pid` a request (runtime/core/signal.h: kRequest) that
  // its body answers with a message to this process; `reply_if_gone`
  // comes instead when it cannot (gone, or ending first). Both copied.
  virtual void RequestProcess(Term pid, Term request, Term reply_if_gone) = 0;

  // ---- ports ----
  // port_command/2,3: `data`, an iolist's bytes as segments
  // (IolistSegments), to `port` (a port or a name a port is registered
  // under), as AttemptCommand (ports.h) says, `refc`
  // naming the refc binary each segment lies in (nullptr: none).
  enum class CommandResult { kSent, kBusy, kSuspended, kNoPort, kNotsup };
  virtual CommandResult PortCommand(Term port, std::span<const std::span<const uint8_t>> data,
                                    std::span<BinaryData* const> refc, bool nosuspend,
                                    bool force) = 0;
  // open_port/2: the port, owned by and linked to this process; or
  // kNonValue with the reason to raise in *error (enoent, eacces, badarg,
  // system_limit...).
  virtual Term OpenPort(const OpenPortRequest& request, Term* error) = 0;
  // erlang:ports/0: the open ports (a snapshot), a list on `memory`.
  virtual Term Ports(ProcessMemory& memory) = 0;
  // Sends `request` to `port`: the reference of the answer to come, on
  // `memory`; kNonValue if no port is open under `port` (a port, or a name
  // a port is registered under).
  virtual Term RequestPort(Term port, const PortRequest& request, ProcessMemory& memory) = 0;

  // ---- timers (bif_timer.cc) ----
  // send_after/start_timer: a copy of `message` goes to `to` (a pid, or an
  // atom looked up when the timer fires) at `due_ms`, a time of
  // erlang:monotonic_time(millisecond) (at once if past). `ref`, a new
  // reference, names the timer to any process.
  virtual void StartTimer(Term ref, Term to, Term message, int64_t due_ms) = 0;
  // cancel_timer/read_timer of the timer `ref` (a reference): the
  // milliseconds left, or nullopt when no such timer is pending (false).
  virtual std::optional<int64_t> CancelTimer(Term ref) = 0;
  virtual std::optional<int64_t> ReadTimer(Term ref) = 0;

 protected:
  ~ProcessContext() = default;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_PROCESS_CONTEXT_H_
