#include "emulator/system/erlang_process.h"

#include <memory>
#include <utility>
#include <vector>

#include "emulator/system/emulator.h"
#include "emulator/vm/process_memory.h"
#include "ling/native.h"
#include "ling/ports.h"
#include "ports/port_system.h"
#include "runtime/core/node.h"
#include "runtime/core/process.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"
#include "runtime/term/copy.h"
#include "runtime/term/reference.h"

namespace ling::emulator {
namespace {

// An open_port failure as the reason BEAM raises.
Term PortError(const absl::Status& status) {
  static const Term kEnoent = InternAtom("enoent"), kEacces = InternAtom("eacces"),
                    kEinval = InternAtom("einval");
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return kEnoent;
    case absl::StatusCode::kPermissionDenied:
      return kEacces;
    case absl::StatusCode::kInvalidArgument:
      return atoms::kBadarg;
    case absl::StatusCode::kResourceExhausted:
      return atoms::kSystemLimit;
    default:
      return kEinval;
  }
}

std::unique_ptr<PortTask> PortTaskFor(const vm::PortRequest& r) {
  using Kind = vm::PortRequest::Kind;
  std::unique_ptr<PortTask> task = r.kind == Kind::kControl
                                       ? PortTask::WithDataCopy(IoVec(&r.data, 1))
                                       : std::make_unique<PortTask>();
  switch (r.kind) {
    case Kind::kControl:
      task->kind = PortTaskKind::kControl;
      break;
    case Kind::kCall:
      task->kind = PortTaskKind::kCall;
      break;
    case Kind::kConnect:
      task->kind = PortTaskKind::kConnect;
      break;
    case Kind::kClose:
      task->kind = PortTaskKind::kClose;
      break;
    case Kind::kInfo:
      task->kind = PortTaskKind::kInfo;
      break;
  }
  return task;
}

Priority PriorityOf(Term p) {
  if (p == atoms::kLow) return Priority::kLow;
  if (p == atoms::kHigh) return Priority::kHigh;
  if (p == atoms::kMax) return Priority::kMax;
  return Priority::kNormal;
}

}  // namespace

// ---- receive ----

Term ErlangProcessContext::MessageAtSave() {
  Signal* m = process_.MessageAtSave();
  return m != nullptr ? m->term : kNonValue;
}

void ErlangProcessContext::SkipMessage() {
  process_.SkipMessageAtSave();
}

void ErlangProcessContext::RemoveMessage(vm::ProcessMemory& memory) {
  memory.AdoptMessage(std::move(process_.TakeMessageAtSave()->fragment));
}

Term ErlangProcessContext::ReserveReceiveMarker() {
  // Numbers grow by one per reserve: a small for longer than any process runs.
  return MakeSmall(static_cast<int64_t>(process_.ReserveReceiveMarker() & kSmallMax));
}

void ErlangProcessContext::BindReceiveMarker(Term marker, Term ref) {
  if (IsSmall(marker) && IsReference(ref)) {
    process_.BindReceiveMarker(static_cast<uint64_t>(SmallValue(marker)), ReferenceValue(ref));
  }
}

void ErlangProcessContext::UseReceiveMarker(Term ref) {
  if (IsReference(ref)) process_.UseReceiveMarker(ReferenceValue(ref));
}

void ErlangProcessContext::ClearReceiveMarker(Term ref) {
  if (IsReference(ref)) process_.ClearReceiveMarker(ReferenceValue(ref));
}

void ErlangProcessContext::Wait(int64_t timeout_ms) {
  process_.WaitForMessage(timeout_ms);
}

bool ErlangProcessContext::WaitedBefore() {
  return process_.receive_waited();
}

bool ErlangProcessContext::TimedOut() {
  return process_.receive_timed_out();
}

void ErlangProcessContext::EndTimeout() {
  process_.ReceiveTimedOut();
}

// ---- signals ----

bool ErlangProcessContext::Send(Term to, Term message) {
  Node& node = process_.node();
  if (IsAtom(to)) {
    to = node.registry().Whereis(to);
    if (to == kNonValue) return false;
  }
  ProtectedSection section(node);
  node.SendSignal(to, MakeSignal(SignalKind::kMessage, process_.pid(), message));
  return true;
}

std::optional<Term> ErlangProcessContext::Spawn(const vm::SpawnRequest& request,
                                                vm::ProcessMemory& memory, Term* monitor_ref) {
  // The new process starts with erlang:apply(Fun, []) or apply(M, F, Args),
  // its arguments copied to a heap of its own.
  auto args_heap = std::make_unique<Heap>();
  std::vector<Term> args;
  if (request.fun != kNonValue) {
    args = {CopyTerm(request.fun, *args_heap), kNil};
  } else {
    args = {request.module, request.function, CopyTerm(request.args, *args_heap)};
  }
  std::vector<ErlangCall> calls;
  calls.push_back({atoms::kErlang, atoms::kApply, std::move(args)});
  MonitorRef ref;
  ErlangSpawnOptions options{
      .spec = {PriorityOf(request.priority), request.link, request.monitor},
      .parent = &process_,
      .monitor_ref = &ref,
  };
  if (request.min_heap_size) options.body.min_heap_words = *request.min_heap_size;
  if (request.fullsweep_after) options.body.fullsweep_after = *request.fullsweep_after;
  absl::StatusOr<Pid> pid = emulator_.Spawn(std::move(calls), std::move(args_heap), options);
  if (!pid.ok()) return std::nullopt;
  if (request.monitor) *monitor_ref = MakeReference(memory, ref);
  return pid->term();
}

bool ErlangProcessContext::Alive(Term pid) {
  ProtectedSection section(process_.node());
  Process* p = process_.node().table().Lookup(IdValue(pid));
  return p != nullptr && !(p->state() & Process::kExited);
}

bool ErlangProcessContext::PortOpen(Term port) {
  ProtectedSection section(process_.node());
  PortSystem* ports = PortSystem::Of(process_.node());
  Port* p = ports != nullptr ? ports->Lookup(port) : nullptr;
  return p != nullptr && !(p->flags() & Port::kClosed);
}

bool ErlangProcessContext::Link(Term other) {
  // A pid or port known to be gone: noproc, raised unless exits are trapped
  // (then the 'EXIT' message comes, as for a link to a process that dies).
  if (!process_.trap_exit() && other != process_.pid() &&
      !(IsPid(other) ? Alive(other) : PortOpen(other))) {
    return false;
  }
  ProtectedSection section(process_.node());
  Context(&process_).Link(other);
  return true;
}

void ErlangProcessContext::Unlink(Term other) {
  ProtectedSection section(process_.node());
  Context(&process_).Unlink(other);
}

Term ErlangProcessContext::Monitor(Term target, Term name, vm::ProcessMemory& memory) {
  ProtectedSection section(process_.node());
  MonitorRef ref = Context(&process_).Monitor(target);
  if (name != kNonValue) process_.relations().monitor_names.emplace(ref, name.raw());
  return MakeReference(memory, ref);
}

bool ErlangProcessContext::Demonitor(Term ref, bool flush) {
  ProtectedSection section(process_.node());
  return Context(&process_).Demonitor(ReferenceValue(ref), flush);
}

void ErlangProcessContext::SendExit(Term to, Term reason) {
  ProtectedSection section(process_.node());
  process_.node().SendSignal(to, MakeSignal(SignalKind::kExit, process_.pid(), reason));
}

bool ErlangProcessContext::SetTrapExit(bool on) {
  bool was = process_.trap_exit();
  process_.set_trap_exit(on);
  return was;
}

bool ErlangProcessContext::Register(Term name, Term owner) {
  auto alive = [this](Term t) { return IsPid(t) ? Alive(t) : IsPort(t) && PortOpen(t); };
  if (!alive(owner)) return false;
  NameRegistry& registry = process_.node().registry();
  if (!registry.Register(name, owner).ok()) return false;
  // The process may have begun to exit meanwhile (or the port to close),
  // after it dropped its name: then the name goes again (the registry
  // orders the two).
  if (!alive(owner)) {
    registry.Unregister(name, owner);
    return false;
  }
  return true;
}

bool ErlangProcessContext::Unregister(Term name) {
  NameRegistry& registry = process_.node().registry();
  Term owner = registry.Whereis(name);
  return owner != kNonValue && registry.Unregister(name, owner);
}

Term ErlangProcessContext::Whereis(Term name) {
  return process_.node().registry().Whereis(name);
}

Term ErlangProcessContext::Registered(vm::ProcessMemory& memory) {
  std::vector<Term> names = process_.node().registry().Names();
  return MakeList(memory, names);
}

bool ErlangProcessContext::IsProcessAlive(Term pid) {
  return pid == process_.pid() || Alive(pid);
}

Term ErlangProcessContext::GroupLeader() {
  return process_.group_leader();
}

bool ErlangProcessContext::SetGroupLeader(Term leader, Term pid) {
  if (pid == process_.pid()) {
    process_.set_group_leader(leader);
    return true;
  }
  ProtectedSection section(process_.node());
  Process* p = process_.node().table().Lookup(IdValue(pid));
  if (p == nullptr) return false;
  p->set_group_leader(leader);
  return true;
}

Term ErlangProcessContext::RuntimeInfo(Term item, TermAllocator& out) {
  static const Term kRegisteredName = InternAtom("registered_name"),
                    kGroupLeader = InternAtom("group_leader"),
                    kMessageQueueLen = InternAtom("message_queue_len"),
                    kMessages = InternAtom("messages"), kLinks = InternAtom("links"),
                    kMonitors = InternAtom("monitors"), kMonitoredBy = InternAtom("monitored_by"),
                    kTrapExit = InternAtom("trap_exit"), kPriority = InternAtom("priority"),
                    kProcess = InternAtom("process"), kPort = InternAtom("port"),
                    kReductions = InternAtom("reductions"),
                    kInitialCall = InternAtom("initial_call");
  if (item == kRegisteredName) {
    Term name = process_.node().registry().NameOf(process_.pid());
    return name == kNonValue ? kNil : name;
  }
  if (item == kGroupLeader) return process_.group_leader();
  if (item == kTrapExit) return process_.trap_exit() ? atoms::kTrue : atoms::kFalse;
  if (item == kPriority) {
    switch (process_.priority()) {
      case Priority::kLow:
        return atoms::kLow;
      case Priority::kHigh:
        return atoms::kHigh;
      case Priority::kMax:
        return atoms::kMax;
      default:
        return atoms::kNormal;
    }
  }
  if (item == kInitialCall) return CopyTerm(initial_call_, out);
  if (item == kReductions) return MakeUnsignedInteger(out, process_.reductions());
  if (item == kMessageQueueLen) {
    return MakeSmall(static_cast<int64_t>(process_.mailbox().size()));
  }
  if (item == kMessages) {
    std::vector<Term> messages;
    for (const Signal* m = process_.mailbox().front(); m != nullptr; m = m->next)
      messages.push_back(CopyTerm(m->term, out));
    return MakeList(out, messages);
  }
  if (item == kLinks || item == kMonitors || item == kMonitoredBy) {
    std::vector<Term> found;
    if (item == kLinks) {
      for (uint64_t linked : process_.relations().links)
        found.push_back(Term::FromRaw(linked));
    } else if (item == kMonitors) {
      const Relations& r = process_.relations();
      for (const auto& [ref, target] : r.monitoring) {
        Term t = Term::FromRaw(target);
        auto named = r.monitor_names.find(ref);
        Term object = named == r.monitor_names.end()
                          ? t
                          : MakeTuple(out, {Term::FromRaw(named->second), atoms::kNonodeNohost});
        found.push_back(MakeTuple(out, {IsPort(t) ? kPort : kProcess, object}));
      }
    } else {
      for (const auto& [ref, watcher] : process_.relations().monitored_by)
        found.push_back(Term::FromRaw(watcher));
    }
    return MakeList(out, found);
  }
  return kNonValue;
}

void ErlangProcessContext::TakeInSignals() {
  process_.TakeInSignals();
}

void ErlangProcessContext::RequestProcess(Term pid, Term request, Term reply_if_gone) {
  ProtectedSection section(process_.node());
  process_.node().SendSignal(pid, MakeRequestSignal(process_.pid(), request, reply_if_gone));
}

Term ErlangProcessContext::Ports(vm::ProcessMemory& memory) {
  PortSystem* ports = PortSystem::Of(process_.node());
  if (ports == nullptr) return kNil;
  std::vector<Term> open = ports->Ports();
  return MakeList(memory, open);
}

Term ErlangProcessContext::OpenPort(const vm::OpenPortRequest& r, Term* error) {
  using Kind = vm::OpenPortRequest::Kind;
  PortOpenOptions options;
  options.binary = r.binary;
  StreamFraming framing{r.packet, r.line};
  Context ctx(&process_);
  absl::StatusOr<Term> port;
  switch (r.kind) {
    case Kind::kFd:
      port = ports::OpenFd(ctx, FdPortSpec{r.in_fd, r.out_fd, framing, r.eof}, options);
      break;
    case Kind::kSpawn:
    case Kind::kSpawnExecutable: {
      SubprocessSpec program;
      if (r.kind == Kind::kSpawn) {
        program = SubprocessSpec::Shell(r.command);
      } else {
        program.argv.push_back(r.command);
        program.argv.insert(program.argv.end(), r.args.begin(), r.args.end());
      }
      program.env = r.env;
      program.cd = r.cd;
      program.use_stdio = r.use_stdio;
      program.stderr_to_stdout = r.stderr_to_stdout;
      port = ports::OpenSpawn(
          ctx, SpawnPortSpec{std::move(program), framing, r.exit_status, r.eof, r.command},
          options);
      break;
    }
    case Kind::kSpawnDriver: {
      // The driver's name, then its arguments after a space.
      size_t space = r.command.find(' ');
      options.args = space == std::string::npos ? "" : r.command.substr(space + 1);
      port = ports::Open(ctx, r.command.substr(0, space), options);
      // No driver by that name: badarg, as erl (enoent is for programs).
      if (absl::IsNotFound(port.status())) {
        *error = atoms::kBadarg;
        return kNonValue;
      }
      break;
    }
  }
  if (!port.ok()) {
    *error = PortError(port.status());
    return kNonValue;
  }
  return *port;
}

ErlangProcessContext::CommandResult ErlangProcessContext::PortCommand(
    Term port, std::span<const std::span<const uint8_t>> data, std::span<BinaryData* const> refc,
    bool nosuspend, bool force) {
  if (IsAtom(port)) port = process_.node().registry().Whereis(port);
  if (!IsPort(port)) return CommandResult::kNoPort;
  ProtectedSection section(process_.node());
  // Open: a nosuspend command that has to queue and finds the port busy
  // when it runs is dropped, and the caller, told true, is not told
  // otherwise (BEAM's BIF waits for the port's answer; this one does not
  // yet).
  switch (ports::AttemptCommand(process_, port, data, refc, {force, nosuspend})) {
    case ports::CommandAttempt::kSent:
      return CommandResult::kSent;
    case ports::CommandAttempt::kBusy:
      return CommandResult::kBusy;
    case ports::CommandAttempt::kSuspended:
      return CommandResult::kSuspended;
    case ports::CommandAttempt::kNoPort:
      return CommandResult::kNoPort;
    case ports::CommandAttempt::kNotsup:
      return CommandResult::kNotsup;
  }
  return CommandResult::kNoPort;
}

Term ErlangProcessContext::RequestPort(Term port, const vm::PortRequest& r,
                                       vm::ProcessMemory& memory) {
  if (IsAtom(port)) port = process_.node().registry().Whereis(port);
  if (!IsPort(port)) return kNonValue;  // no such name, or a process's
  std::unique_ptr<PortTask> task = PortTaskFor(r);
  task->command = r.command;
  if (r.argument != kNonValue)
    task->argument = MakeSignal(SignalKind::kMessage, kNonValue, r.argument);
  task->erlang_reply = true;
  ProtectedSection section(process_.node());
  std::optional<MonitorRef> ref = ports::SubmitRequest(process_, port, std::move(task));
  return ref.has_value() ? MakeReference(memory, *ref) : kNonValue;
}

// ---- timers ----

void ErlangProcessContext::StartTimer(Term ref, Term to, Term message, int64_t due_ms) {
  ProtectedSection section(process_.node());
  emulator_.timers().Start(ReferenceValue(ref), to, message, due_ms);
}

std::optional<int64_t> ErlangProcessContext::CancelTimer(Term ref) {
  ProtectedSection section(process_.node());
  return emulator_.timers().Cancel(ReferenceValue(ref));
}

std::optional<int64_t> ErlangProcessContext::ReadTimer(Term ref) {
  ProtectedSection section(process_.node());
  return emulator_.timers().Read(ReferenceValue(ref));
}

}  // namespace ling::emulator
