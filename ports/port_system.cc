#include "ports/port_system.h"

#include <utility>
#include <vector>

#include "ports/drivers/echo_driver.h"
#include "ports/drivers/sink_driver.h"
#include "runtime/base/check.h"
#include "runtime/core/scheduler.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"

namespace ling {
namespace {

// The bytes of iodata: a binary, or an iolist (bytes, binaries and
// iolists, with a binary or [] as the tail); nullopt for anything else.
// Iterative: an iolist may nest deeper than the stack would take.
std::optional<std::string> CommandBytes(Term data) {
  std::string out;
  std::vector<uint8_t> scratch;  // for a sub-binary that does not start a byte
  std::vector<Term> tails;       // still to walk, innermost last
  for (Term t = data;;) {
    if (IsList(t)) {
      Term head = Head(t);
      if (IsSmall(head)) {
        if (SmallValue(head) < 0 || SmallValue(head) > 255) return std::nullopt;
        out += static_cast<char>(SmallValue(head));
        t = Tail(t);
        continue;
      }
      tails.push_back(Tail(t));
      t = head;
      continue;
    }
    if (IsBinary(t)) {
      auto bytes = BitstringBytes(t, scratch);
      out.append(bytes.begin(), bytes.end());
    } else if (!IsNil(t)) {
      return std::nullopt;
    }
    if (tails.empty()) return out;
    t = tails.back();
    tails.pop_back();
  }
}

// `Port ! {Pid, {command, Data}} | {Pid, close} | {Pid, {connect, New}}`
// as a task from `sender`. Any other message is a bad signal: as in BEAM,
// the port exits with reason badsig.
std::unique_ptr<PortTask> TaskFromMessage(std::unique_ptr<Signal>& message) {
  std::unique_ptr<PortTask> task;
  Term m = message->term;
  if (IsTuple(m) && TupleArity(m) == 2 && IsPid(TupleElement(m, 0))) {
    Term what = TupleElement(m, 1);
    Term tag = IsTuple(what) && TupleArity(what) == 2 ? TupleElement(what, 0) : kNonValue;
    Term value = tag != kNonValue ? TupleElement(what, 1) : kNonValue;
    std::optional<std::string> bytes;
    if (what == InternAtom("close")) {
      task = std::make_unique<PortTask>();
      task->kind = PortTaskKind::kClose;
    } else if (tag == atoms::kCommand && (bytes = CommandBytes(value)).has_value()) {
      task = PortTask::WithDataCopy(*bytes);
      task->kind = PortTaskKind::kCommand;
    } else if (tag == InternAtom("connect") && IsPid(value)) {
      task = std::make_unique<PortTask>();
      task->kind = PortTaskKind::kConnect;
      task->argument = MakeSignal(SignalKind::kMessage, message->from, value);
    }
    if (task) {
      task->sender = message->from;
      task->connected = TupleElement(m, 0);
      return task;
    }
  }
  task = std::make_unique<PortTask>();
  task->kind = PortTaskKind::kExit;
  task->sender = message->from;
  task->argument = MakeSignal(SignalKind::kExit, message->from, InternAtom("badsig"));
  return task;
}

}  // namespace

PortSystem::PortSystem(Runtime& runtime, const PortSystemOptions& options)
    : node_(runtime.node()), options_(options), table_(options.max_ports) {
  RegisterDriver("sink", [](std::string_view) {
    return std::make_unique<SinkDriver>();
  }).IgnoreError();
  RegisterDriver("echo", [](std::string_view) {
    return std::make_unique<EchoDriver>();
  }).IgnoreError();
  node_.set_port_sink(this);
}

PortSystem::~PortSystem() {
  node_.Stop().IgnoreError();  // FailedPrecondition if already stopped: fine
  DestroyAll();
  node_.set_port_sink(nullptr);
  StopThreads();
}

PortSystem* PortSystem::Of(Node& node) {
  // PortSystem is the only PortSignalSink (final); every command looks its
  // port system up, so no dynamic_cast here.
  return static_cast<PortSystem*>(node.port_sink());
}

absl::Status PortSystem::RegisterDriver(std::string_view name, DriverFactory factory) {
  std::lock_guard<std::mutex> lock(drivers_mutex_);
  if (!drivers_.emplace(std::string(name), std::move(factory)).second) {
    return absl::AlreadyExistsError("a driver of that name is registered");
  }
  return absl::OkStatus();
}

absl::StatusOr<Term> PortSystem::Open(Term owner, std::string_view driver_name,
                                      const PortOpenOptions& options) {
  if (node_.stopping()) return absl::FailedPreconditionError("runtime is stopping");
  std::unique_ptr<Driver> driver;
  {
    std::lock_guard<std::mutex> lock(drivers_mutex_);
    auto it = drivers_.find(std::string(driver_name));
    if (it == drivers_.end()) return absl::NotFoundError("no such driver");
    driver = it->second(options.args);
  }
  if (driver == nullptr) return absl::InvalidArgumentError("driver refused its arguments");
  return OpenWith(driver_name, owner, std::move(driver), options);
}

absl::StatusOr<Term> PortSystem::OpenSpawn(Term owner, SpawnPortSpec spec,
                                           const PortOpenOptions& options) {
  if (node_.stopping()) return absl::FailedPreconditionError("runtime is stopping");
  std::string name = !spec.name.empty()          ? spec.name
                     : spec.program.argv.empty() ? ""
                                                 : spec.program.argv.back();
  return OpenWith(name, owner, std::make_unique<SpawnDriver>(std::move(spec)), options);
}

absl::StatusOr<Term> PortSystem::OpenFd(Term owner, FdPortSpec spec,
                                        const PortOpenOptions& options) {
  if (node_.stopping()) return absl::FailedPreconditionError("runtime is stopping");
  return OpenWith("fd", owner, std::make_unique<FdDriver>(spec), options);
}

absl::StatusOr<Term> PortSystem::OpenWith(std::string_view name, Term owner,
                                          std::unique_ptr<Driver> driver,
                                          const PortOpenOptions& options) {
  std::optional<uint64_t> id = table_.Allocate();
  if (!id.has_value()) return absl::ResourceExhaustedError("system_limit: port table full");
  auto port = std::make_unique<Port>(
      *this, *id, std::string(name), owner, std::move(driver), options.limits, options.port_queue,
      options.force_scheduling || options_.force_scheduling, options.binary);
  // Published first: a driver that selects in Start may be told of
  // readiness at once, and the poller finds the port by its id. Nothing else
  // knows the id yet, and the port lock held by Start keeps any signal out
  // until the driver is ready.
  Port* p = port.release();
  unfreed_.fetch_add(1, std::memory_order_relaxed);
  table_.Publish(*id, p);
  absl::Status started = p->StartDriver();
  if (!started.ok()) return started;  // StartDriver closed the port
  return MakePort(*id);
}

bool PortSystem::DeliverToPort(uint64_t port_id, std::unique_ptr<Signal> signal) {
  Port* port = table_.Lookup(port_id);
  if (port == nullptr) {
    node_.AnswerUndeliverable(MakePort(port_id), std::move(signal));
    return false;
  }
  auto task = std::make_unique<PortTask>();
  task->sender = signal->from;
  task->ref = signal->ref;
  switch (signal->kind) {
    case SignalKind::kMessage:
      task = TaskFromMessage(signal);
      break;
    case SignalKind::kLink:
      task->kind = PortTaskKind::kLink;
      break;
    case SignalKind::kUnlink:
      task->kind = PortTaskKind::kUnlink;
      break;
    case SignalKind::kMonitor:
      task->kind = PortTaskKind::kMonitor;
      break;
    case SignalKind::kDemonitor:
      task->kind = PortTaskKind::kDemonitor;
      break;
    case SignalKind::kDown:  // a process the driver monitors ended
      task->kind = PortTaskKind::kDown;
      task->argument = std::move(signal);
      break;
    case SignalKind::kExit:
    case SignalKind::kExitLinked:
      task->kind = PortTaskKind::kExit;
      task->linked_exit = signal->kind == SignalKind::kExitLinked;
      task->argument = std::move(signal);
      break;
    default:
      return true;  // nothing a port acts on
  }
  if (port->Submit(std::move(task), /*immediate=*/true) == Port::Submitted::kClosed) {
    if (signal != nullptr) node_.AnswerUndeliverable(MakePort(port_id), std::move(signal));
    return false;
  }
  return true;
}

std::vector<Term> PortSystem::Ports() {
  std::vector<Term> ports;
  ProtectedSection section(node_);
  table_.ForEach([&](Port* p) {
    if (!(p->flags() & Port::kClosed)) ports.push_back(p->term());
  });
  return ports;
}

size_t PortSystem::UnflushedBytes() {
  size_t bytes = 0;
  ProtectedSection section(node_);
  table_.ForEach([&](Port* p) {
    if (!(p->flags() & Port::kClosed)) bytes += p->queued_bytes() + p->held_output();
  });
  return bytes;
}

absl::StatusOr<PortSystem::Info> PortSystem::PortInfo(Term port) {
  ProtectedSection section(node_);
  Port* p = Lookup(port);
  if (p == nullptr || (p->flags() & Port::kClosed)) return absl::NotFoundError("no such port");
  return Info{p->owner_term(),
              p->queued_bytes(),
              p->peak_queued_bytes(),
              (p->flags() & (Port::kBusyPort | Port::kBusyPortQueue)) != 0,
              p->suspensions(),
              p->limits(),
              (p->flags() & Port::kForceSched) != 0 || options_.force_scheduling};
}

io::Poller& PortSystem::poller() {
  std::call_once(poller_once_, [this] {
    absl::StatusOr<std::unique_ptr<io::Poller>> p =
        io::Poller::Create([this](uint64_t cookie, uint32_t events) { OnReady(cookie, events); });
    LING_CHECK(p.ok()) << "cannot create the I/O poller: " << p.status().ToString();
    poller_ = std::move(*p);
    poller_->Start();
  });
  return *poller_;
}

void PortSystem::OnReady(uint64_t cookie, uint32_t events) {
  // An unmanaged thread: the record and the port stay valid while delayed.
  ThreadProgress::DelayGuard guard = node_.progress().DelayProgress();
  auto* record = reinterpret_cast<FdSelect*>(cookie);
  Port* port = table_.Lookup(record->port_id);
  if (port == nullptr) return;
  bool readable = events & (io::Poller::kRead | io::Poller::kHangup | io::Poller::kError);
  bool writable = events & (io::Poller::kWrite | io::Poller::kHangup | io::Poller::kError);
  auto schedule = [&](PortTaskKind kind, PortTaskHandle& handle) {
    if (handle.scheduled()) return;  // one ready task per direction at a time
    auto task = std::make_unique<PortTask>();
    task->kind = kind;
    task->fd = record->fd;
    port->SubmitAbortable(std::move(task), handle);
  };
  uint32_t wanted = record->events.load(std::memory_order_acquire);
  if (readable && (wanted & DriverContext::kSelectRead)) {
    schedule(PortTaskKind::kInput, record->input);
  }
  if (writable && (wanted & DriverContext::kSelectWrite)) {
    schedule(PortTaskKind::kOutput, record->output);
  }
}

void PortSystem::Retire(Port* port) {
  RetireMemory([this, port] {
    delete port;
    unfreed_.fetch_sub(1, std::memory_order_relaxed);
  });
}

void PortSystem::DeferRetire(Port* port) {
  std::lock_guard<std::mutex> lock(deferred_mutex_);
  deferred_.insert(port);
}

void PortSystem::RetireDeferred(Port* port) {
  {
    std::lock_guard<std::mutex> lock(deferred_mutex_);
    deferred_.erase(port);
  }
  Retire(port);
}

void PortSystem::RetireMemory(absl::AnyInvocable<void()> free_fn) {
  Scheduler* s = Scheduler::Current();
  if (s != nullptr && &s->node() == &node_) {
    node_.progress().Retire(s->index(), std::move(free_fn));
  } else {
    node_.progress().RetireShared(std::move(free_fn));
  }
}

void PortSystem::StopThreads() {
  // No readiness callback (which delays thread progress) from here on.
  if (poller_ != nullptr) poller_->Stop();
}

void PortSystem::DestroyAll() {
  StopThreads();
  std::vector<Port*> live;
  table_.ForEach([&](Port* p) { live.push_back(p); });
  {
    std::lock_guard<std::mutex> lock(deferred_mutex_);
    live.insert(live.end(), deferred_.begin(), deferred_.end());
    deferred_.clear();
  }
  for (Port* p : live) {
    if (!(p->flags() & Port::kClosed)) table_.Release(p->id());
    delete p;
    unfreed_.fetch_sub(1, std::memory_order_relaxed);
  }
}

}  // namespace ling
