#include "ports/port.h"

#include <algorithm>
#include <utility>

#include "ports/port_system.h"
#include "runtime/base/check.h"
#include "runtime/core/node.h"
#include "runtime/core/scheduler.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/copy.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

// What executing one task costs a port's run: what running it at once costs
// its sender (one reduction), so a run of a process's time slice drains what
// one time slice of a sender can queue.
constexpr int kTaskReductions = 1;

// The most settled-command bytes the executor holds back from the count.
constexpr size_t kMaxReleaseBatch = 1024;

// A signal never runs at once on a port in any of these states.
// A port sitting in a run queue with nothing queued (a sender drained it)
// still takes signals at once; one its scheduler has claimed (kExec) does not.
constexpr uint32_t kNotImmediate = Port::kExec | Port::kHaveTasks | Port::kBusyPort |
                                   Port::kBusyPortQueue | Port::kClosed | Port::kForceSched;

// How many queued tasks a sender that ran its own signal at once also runs
// before letting go of the port lock (see TryRunImmediately).
constexpr int kCombineBudget = 64;

// The port whose lock this thread holds while it runs the port's code: a
// signal that code sends back to its own port must be queued, never run
// under a lock the thread already holds (legacy mode would deadlock).
thread_local const Port* port_in_hand = nullptr;

class InHand {
 public:
  explicit InHand(const Port* p) : previous_(std::exchange(port_in_hand, p)) {}
  ~InHand() { port_in_hand = previous_; }
  InHand(const InHand&) = delete;
  InHand& operator=(const InHand&) = delete;

 private:
  const Port* previous_;
};

// Bytes as a list of small integers (a port's data without the binary
// option; port_control's answer to Erlang).
Term ByteList(Heap& h, std::span<const uint8_t> bytes) {
  std::vector<Term> chars;
  chars.reserve(bytes.size());
  for (uint8_t b : bytes)
    chars.push_back(MakeSmall(b));
  return MakeList(h, chars);
}

void SendResume(Node& node, Term port, const std::vector<uint64_t>& senders) {
  for (uint64_t sender : senders) {
    node.SendSignal(Term::FromRaw(sender), MakeSignal(SignalKind::kResume, port, kNonValue));
  }
}

}  // namespace

Port::Port(PortSystem& system, uint64_t id, std::string name, Term owner,
           std::unique_ptr<Driver> driver, const PortLimits& limits, const PortLimits& port_queue,
           bool force_scheduling, bool binary_data)
    : Schedulable(Kind::kPort, Priority::kNormal),
      system_(system),
      id_(id),
      name_(std::move(name)),
      limits_(limits),
      binary_data_(binary_data),
      port_queue_(port_queue),
      owner_(owner.raw()),
      // A quarter of the hysteresis gap: busy clears at most that late.
      release_batch_(std::clamp<size_t>((limits.high - limits.low) / 4, 1, kMaxReleaseBatch)),
      driver_(std::move(driver)) {
  if (force_scheduling) flags_.store(kForceSched, std::memory_order_relaxed);
  links_.insert(owner.raw());  // open_port links the owner
}

Port::~Port() {
  if (timer_ != nullptr) Node::CancelTimer(timer_);
  // Only a port destroyed at shutdown still has selects; the poller is
  // stopped by then (PortSystem::DestroyAll).
  for (const auto& [fd, record] : selects_)
    delete record;
}

absl::Status Port::StartDriver() {
  std::lock_guard<std::mutex> lock(port_mutex_);
  InHand in_hand(this);
  absl::Status started = driver_->Start(*this);
  scratch_.Clear();
  if (!started.ok()) {
    links_.clear();  // the owner never had this port: no exit signal for it
    Close(atoms::kNormal);
  }
  return started;
}

// ---- submitting (any thread) ------------------------------------------------------

Port::Submitted Port::SubmitAbortable(std::unique_ptr<PortTask> task, PortTaskHandle& handle) {
  task->abortable = true;
  task->handle.store(&handle, std::memory_order_relaxed);
  handle.task_.store(task.get(), std::memory_order_release);
  PortTask* raw = task.get();
  Submitted s = Submit(std::move(task), /*immediate=*/false);
  if (s == Submitted::kClosed) {
    PortTask* expected = raw;  // refused: the task is gone
    handle.task_.compare_exchange_strong(expected, nullptr, std::memory_order_acq_rel);
  }
  return s;
}

bool Port::Claim(PortTask* task) {
  // A handle read here is alive: it is retired only after its Abort() cleared
  // task->handle, and freed after thread progress.
  if (PortTaskHandle* h = task->handle.exchange(nullptr, std::memory_order_acq_rel)) {
    PortTask* expected = task;
    h->task_.compare_exchange_strong(expected, nullptr, std::memory_order_acq_rel);
  }
  uint8_t queued = PortTask::kQueued;
  return task->state.compare_exchange_strong(queued, PortTask::kExecuting,
                                             std::memory_order_acq_rel);
}

bool Port::RunsLocked(const PortTask& task) const {
  return system_.options_.legacy && !IsIoTask(task.kind) && port_in_hand != this &&
         !(IsCommandTask(task.kind) && !task.force && (flags() & kBusyPort));
}

std::optional<Port::Submitted> Port::RunInSender(PortTask& task, bool immediate) {
  if (RunsLocked(task)) return RunLocked(task);
  if (immediate && TryRunImmediately(task)) return Submitted::kExecuted;
  return std::nullopt;
}

Port::Submitted Port::Submit(std::unique_ptr<PortTask> task, bool immediate) {
  if (std::optional<Submitted> ran = RunInSender(*task, immediate)) return *ran;
  return Schedule(std::move(task));
}

Port::Submitted Port::SubmitBorrowed(PortTask& task) {
  if (std::optional<Submitted> ran = RunInSender(task, /*immediate=*/true)) return *ran;
  return Schedule(task.QueuedCopy());
}

bool Port::TryRunImmediately(PortTask& task) {
  // Forced scheduling (port parallelism) applies to asynchronous signals.
  uint32_t not_now = kNotImmediate;
  bool forced = system_.options_.force_scheduling;
  if (IsSynchronousTask(task.kind)) {
    not_now &= ~kForceSched;
    forced = false;
  }
  if (forced || (flags() & not_now) || !port_mutex_.try_lock()) return false;
  // The port lock excludes every other executor. Under it, look again: a
  // task queued meanwhile (it must not be overtaken by its own sender's
  // later signals, and the queuer has scheduled the port), or busy or
  // closed set by the executor we just followed, sends this signal to the
  // queue too. No flag marks this execution: a queuer that sees no
  // kInRunQueue schedules the port, and the scheduler waits for this one
  // signal on the port lock -- the only wait the design allows.
  if (flags() & not_now) {
    port_mutex_.unlock();
    return false;
  }
  {
    InHand in_hand(this);
    RunInCaller(task);
    // Signals queued by senders that found the lock taken meanwhile run
    // now, while the port is hot in this core's cache; once the queue is
    // empty the port takes immediate signals again, without waiting for the
    // scheduler that holds it in a run queue (it will find nothing to do).
    // Only on scheduler threads: a retired abortable task needs thread
    // progress.
    if ((flags() & kHaveTasks) && !(flags() & kClosed) && Scheduler::Current() != nullptr) {
      RunQueuedTasks(kCombineBudget);
      if (closing_) {
        Close(close_reason_);
      } else {
        std::lock_guard<std::mutex> lock(sched_mutex_);
        if (!HasQueuedTasksLocked()) {
          flags_.fetch_and(~kHaveTasks, std::memory_order_acq_rel);
        }
      }
    }
  }
  port_mutex_.unlock();
  return true;
}

Port::Submitted Port::Schedule(std::unique_ptr<PortTask> task) {
  bool schedule = false;
  {
    std::lock_guard<std::mutex> lock(sched_mutex_);
    if (flags() & kClosed) return Submitted::kClosed;
    size_t bytes = task->queued_bytes();
    uint32_t add = kHaveTasks;
    if (bytes != 0) {
      task->counted = true;
      size_t queued = queued_bytes_.fetch_add(bytes, std::memory_order_acq_rel) + bytes;
      if (queued > peak_queued_bytes_.load(std::memory_order_relaxed))
        peak_queued_bytes_.store(queued, std::memory_order_relaxed);
      if (!limits_.disabled && queued >= limits_.high) add |= kBusyPortQueue;
    }
    queue_.PushPublic(task.release());
    // kHaveTasks and kBusyPortQueue change only under this lock, so when
    // they are set already (a busy port's usual case) no write is needed;
    // every write is a read-modify-write, as a scheduler flips kInRunQueue
    // to kExec without this lock.
    uint32_t f = flags_.load(std::memory_order_acquire);
    if ((f & add) != add) f = flags_.fetch_or(add, std::memory_order_acq_rel) | add;
    while (!(f & (kInRunQueue | kExec))) {
      if (flags_.compare_exchange_weak(f, f | kInRunQueue, std::memory_order_acq_rel,
                                       std::memory_order_acquire)) {
        schedule = true;
        break;
      }
    }
  }
  if (schedule) system_.node().EnqueueEntity(this, static_cast<int>(id_));
  return Submitted::kQueued;
}

void Port::RunInCaller(PortTask& task) {
  task.state.store(PortTask::kExecuting, std::memory_order_relaxed);
  SettleTask(task, RunTask(&task));
  if (closing_) Close(close_reason_);
}

std::optional<Port::Submitted> Port::RunLocked(PortTask& task) {
  std::lock_guard<std::mutex> port_lock(port_mutex_);
  if (flags() & kClosed) return Submitted::kClosed;
  if (flags() & (kHaveTasks | kHaveBusyTasks)) {  // rare in legacy: I/O, a busy port
    std::lock_guard<std::mutex> lock(sched_mutex_);
    if (queue_.HasTaskFrom(task.sender)) return std::nullopt;  // they go first
  }
  InHand in_hand(this);
  RunInCaller(task);
  return Submitted::kExecuted;
}

bool Port::SuspendUntilNotBusy(Term sender) {
  std::lock_guard<std::mutex> lock(sched_mutex_);
  uint32_t f = flags_.load(std::memory_order_relaxed);
  // A closing port has resumed its suspended senders (under this lock): a
  // sender registered after that would wait for ever.
  if (!(f & (kBusyPort | kBusyPortQueue)) || (f & kClosed)) return false;
  suspended_.push_back(sender.raw());
  suspensions_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

// ---- executing (a scheduler) ----------------------------------------------------------

int Port::Execute(Scheduler& sched, int reductions) {
  // kInRunQueue -> kExec: nobody claims a port that sits in a run queue.
  flags_.fetch_xor(kInRunQueue | kExec, std::memory_order_acq_rel);
  // Waits only behind one signal executing immediately in its sender (and
  // the queued tasks that sender runs along, at most kCombineBudget).
  port_mutex_.lock();
  uint32_t f = flags();
  if (f & kClosed) {  // closed by that signal (or a legacy call) meanwhile
    port_mutex_.unlock();
    if (f & kRetireDeferred) system_.RetireDeferred(this);  // Close left it to us
    return 0;
  }
  InHand in_hand(this);
  int budget = RunQueuedTasks(reductions);
  if (closing_) {
    Close(close_reason_);
    port_mutex_.unlock();
    return reductions - budget;
  }
  bool requeue;
  {
    std::lock_guard<std::mutex> lock(sched_mutex_);
    requeue = FinishExecLocked();
  }
  port_mutex_.unlock();
  if (requeue) sched.run_queue().Push(this);
  return reductions - budget;
}

int Port::RunQueuedTasks(int budget) {
  while (budget > 0 && !closing_) {
    PortTask* t = NextTask();
    if (t == nullptr) break;
    std::unique_ptr<PortTask> task(t);
    if (task->state.load(std::memory_order_acquire) == PortTask::kAborted) {
      RetireTask(std::move(task), atoms::kFalse);
      continue;
    }
    bool sender_blocked = (flags() & kHaveBusyTasks) && queue_.HasBlocked(task->sender);
    bool blocks = (IsCommandTask(task->kind) && !task->force) || sender_blocked;
    if ((flags() & kBusyPort) && blocks) {
      if (task->nosuspend) {  // port_command(..., [nosuspend]) answers false
        RetireTask(std::move(task), atoms::kFalse);
        continue;
      }
      // The sender of a blocked command stops until the port is not busy
      // (once: its later tasks wait behind this one anyway).
      if (IsCommandTask(task->kind) && !sender_blocked && IsPid(task->sender) &&
          SuspendUntilNotBusy(task->sender)) {
        system_.node().SendSignal(task->sender,
                                  MakeSignal(SignalKind::kSuspend, term(), kNonValue));
      }
      queue_.Block(task.release());
      flags_.fetch_or(kHaveBusyTasks, std::memory_order_acq_rel);
      continue;
    }
    if (task->abortable && !Claim(task.get())) {  // aborted through its handle just now
      RetireTask(std::move(task), atoms::kFalse);
      continue;
    }
    Term reply = RunTask(task.get());
    RetireTask(std::move(task), reply);
    budget -= kTaskReductions;
  }
  FlushReleasedBytes();
  return budget;
}

PortTask* Port::NextTask() {
  if (queue_.private_empty()) {
    std::lock_guard<std::mutex> lock(sched_mutex_);
    queue_.FetchPublic();
  }
  return queue_.PopPrivate();
}

bool Port::FinishExecLocked() {
  bool pending = HasQueuedTasksLocked();
  uint32_t f = flags_.load(std::memory_order_relaxed);
  uint32_t next;
  do {
    next = pending ? (f & ~kExec) | kInRunQueue | kHaveTasks : f & ~(kExec | kHaveTasks);
  } while (
      !flags_.compare_exchange_weak(f, next, std::memory_order_acq_rel, std::memory_order_relaxed));
  return pending;
}

Term Port::RunTask(PortTask* t) {
  Term reply = kNonValue;
  if (t->connected != kNonValue && t->connected != owner_term()) {
    // BEAM: only the connected process may speak the message protocol; any
    // other sender kills the port with badsig.
    SetClosing(InternAtom("badsig"));
    return reply;
  }
  switch (t->kind) {
    case PortTaskKind::kCommand:
      bytes_out_ += IoVecSize(t->data());
      system_.io_output_.fetch_add(IoVecSize(t->data()), std::memory_order_relaxed);
      driver_->OutputV(*this, t->data());
      reply = atoms::kTrue;
      break;
    case PortTaskKind::kControl: {
      absl::StatusOr<std::string> out = driver_->Control(*this, t->command, t->contiguous_data());
      if (t->erlang_reply) {
        // BEAM's drivers answer a list unless they ask for a binary.
        reply = out.ok() ? ByteList(scratch_, AsBytes(*out)) : atoms::kBadarg;
      } else {
        reply = out.ok() ? MakeBinary(scratch_, *out)
                         : MakeTuple(scratch_, {atoms::kError, atoms::kBadarg});
      }
      break;
    }
    case PortTaskKind::kCall: {
      Term argument = t->argument != nullptr ? t->argument->term : kNil;
      absl::StatusOr<Term> out = driver_->Call(*this, t->command, argument, scratch_);
      if (out.ok()) {
        reply = MakeTuple(scratch_, {atoms::kOk, *out});
      } else {  // erlang.erl raises what it is given: badarg
        reply =
            t->erlang_reply ? atoms::kBadarg : MakeTuple(scratch_, {atoms::kError, atoms::kBadarg});
      }
      break;
    }
    case PortTaskKind::kConnect: {
      Term old_owner = owner_term();
      Term new_owner = t->argument->term;
      owner_.store(new_owner.raw(), std::memory_order_release);
      if (t->connected != kNonValue) {  // the {Pid, {connect, New}} message protocol
        // As BEAM: answered, and the new owner is not linked.
        Send(old_owner, MakeTuple(scratch_, {term(), atoms::kConnected}));
      } else if (links_.insert(new_owner.raw()).second) {  // port_connect links it
        system_.node().SendSignal(new_owner, MakeSignal(SignalKind::kLink, term(), kNonValue));
      }
      reply = atoms::kTrue;
      break;
    }
    case PortTaskKind::kClose:
      SetClosing(atoms::kNormal);
      closer_ = {t->connected, t->wants_reply ? t->sender : kNonValue, t->ref};
      t->wants_reply = false;  // answered by Close
      break;
    case PortTaskKind::kInfo:
      if (t->erlang_reply) {
        reply = ErlangInfo(t->argument != nullptr ? t->argument->term : kNonValue);
      } else {
        reply = InfoList();
      }
      break;
    case PortTaskKind::kLink:
      links_.insert(t->sender.raw());
      break;
    case PortTaskKind::kUnlink:
      links_.erase(t->sender.raw());
      break;
    case PortTaskKind::kMonitor:
      monitored_by_.emplace(t->ref, t->sender.raw());
      break;
    case PortTaskKind::kDemonitor:
      monitored_by_.erase(t->ref);
      break;
    case PortTaskKind::kExit:
      HandleExitTask(*t);
      break;
    case PortTaskKind::kInput:
      driver_->ReadyInput(*this, t->fd);
      RearmAfter(*t);
      break;
    case PortTaskKind::kOutput:
      driver_->ReadyOutput(*this, t->fd);
      RearmAfter(*t);
      break;
    case PortTaskKind::kTimeout:
      driver_->Timeout(*this);
      break;
    case PortTaskKind::kDown:
      if (driver_monitors_.erase(t->ref) != 0) {
        driver_->ProcessExit(*this, t->ref, t->sender,
                             t->argument != nullptr ? t->argument->term : atoms::kNoproc);
      }
      break;
  }
  return reply;
}

size_t Port::QueueSize() const {
  return queued_bytes() - unreleased_bytes_ + held_output();
}

Term Port::InfoList() {
  Heap& h = scratch_;
  auto item = [&h](std::string_view key, Term value) {
    return MakeTuple(h, {InternAtom(key), value});
  };
  auto pids = [&h](auto&& raw_terms) {
    std::vector<Term> terms;
    for (uint64_t raw : raw_terms)
      terms.push_back(Term::FromRaw(raw));
    return MakeList(h, terms);
  };
  std::vector<uint64_t> watchers;
  for (const auto& [ref, watcher] : monitored_by_)
    watchers.push_back(watcher);
  uint32_t f = flags();
  auto limits = [&h](const PortLimits& l) {
    return l.disabled ? InternAtom("disabled")
                      : MakeTuple(h, {MakeSmall(static_cast<int64_t>(l.low)),
                                      MakeSmall(static_cast<int64_t>(l.high))});
  };
  std::vector<Term> items = {
      item("name", MakeString(h, name_)),
      item("links", pids(links_)),
      item("id", MakeSmall(static_cast<int64_t>(IdValue(term())))),
      item("connected", owner_term()),
      item("input", MakeSmall(static_cast<int64_t>(bytes_in_))),
      item("output", MakeSmall(static_cast<int64_t>(bytes_out_))),
      item("monitored_by", pids(watchers)),
      item("queue_size", MakeSmall(static_cast<int64_t>(QueueSize()))),
      item("parallelism",
           (f & kForceSched) || system_.options_.force_scheduling ? atoms::kTrue : atoms::kFalse),
      item("busy_limits_port", limits(port_queue_)),
      item("busy_limits_msgq", limits(limits_)),
  };
  return MakeList(h, items);
}

Term Port::ErlangInfo(Term item) {
  static const Term kName = InternAtom("name"), kLinks = InternAtom("links"),
                    kId = InternAtom("id"), kConnected = InternAtom("connected"),
                    kInput = InternAtom("input"), kOutput = InternAtom("output"),
                    kOsPid = InternAtom("os_pid"), kMonitors = InternAtom("monitors"),
                    kMonitoredBy = InternAtom("monitored_by"),
                    kRegisteredName = InternAtom("registered_name"), kMemory = InternAtom("memory"),
                    kQueueSize = InternAtom("queue_size"), kParallelism = InternAtom("parallelism"),
                    kLocking = InternAtom("locking"), kPortLevel = InternAtom("port_level");
  Heap& h = scratch_;
  std::optional<int64_t> os_pid = driver_->os_pid();
  auto value = [&](Term key) -> Term {
    if (key == kName) return MakeString(h, name_);
    if (key == kLinks) {
      std::vector<Term> linked;
      for (uint64_t raw : links_)
        linked.push_back(Term::FromRaw(raw));
      return MakeList(h, linked);
    }
    if (key == kId) return MakeSmall(static_cast<int64_t>(id_));
    if (key == kConnected) return owner_term();
    if (key == kInput) return MakeSmall(static_cast<int64_t>(bytes_in_));
    if (key == kOutput) return MakeSmall(static_cast<int64_t>(bytes_out_));
    if (key == kOsPid) return os_pid.has_value() ? MakeSmall(*os_pid) : atoms::kUndefined;
    if (key == kMonitors) {  // the processes the driver monitors
      std::vector<Term> monitors;
      for (const auto& [ref, pid] : driver_monitors_)
        monitors.push_back(MakeTuple(h, {atoms::kProcess, Term::FromRaw(pid)}));
      return MakeList(h, monitors);
    }
    if (key == kMonitoredBy) {
      std::vector<Term> watchers;
      for (const auto& [ref, watcher] : monitored_by_)
        watchers.push_back(Term::FromRaw(watcher));
      return MakeList(h, watchers);
    }
    if (key == kMemory) {
      return MakeSmall(static_cast<int64_t>(sizeof(Port) + name_.size() + queued_bytes()));
    }
    if (key == kQueueSize) return MakeSmall(static_cast<int64_t>(QueueSize()));
    if (key == kParallelism) {
      return (flags() & kForceSched) || system_.options_.force_scheduling ? atoms::kTrue
                                                                          : atoms::kFalse;
    }
    if (key == kLocking) return kPortLevel;  // each port has its own lock
    return kNonValue;
  };
  // The registry's lock only for the items that name the port.
  Term name = item == kNonValue || item == kRegisteredName
                  ? system_.node().registry().NameOf(term())
                  : kNonValue;
  if (item == kNonValue) {
    std::vector<Term> items;
    if (name != kNonValue) items.push_back(MakeTuple(h, {kRegisteredName, name}));
    for (Term key : {kName, kLinks, kId, kConnected, kInput, kOutput})
      items.push_back(MakeTuple(h, {key, value(key)}));
    if (os_pid.has_value()) items.push_back(MakeTuple(h, {kOsPid, value(kOsPid)}));
    return MakeList(h, items);
  }
  if (item == kRegisteredName) {  // [] without a name, as erl
    return name == kNonValue ? kNil : MakeTuple(h, {item, name});
  }
  Term v = value(item);
  return v == kNonValue ? atoms::kBadarg : MakeTuple(h, {item, v});
}

Term Port::DroppedReply(const PortTask& t) {
  if (!t.erlang_reply) return MakeTuple(scratch_, {atoms::kError, atoms::kClosed});
  // What erlang.erl makes of a dropped signal.
  return t.kind == PortTaskKind::kInfo ? atoms::kUndefined : atoms::kBadarg;
}

void Port::HandleExitTask(const PortTask& t) {
  Term reason = t.argument != nullptr ? t.argument->term : atoms::kNormal;
  if (t.linked_exit && links_.erase(t.sender.raw()) == 0) return;  // unlinked meanwhile
  // The owner's exit always closes the port; others' normal exits do not.
  if (reason == atoms::kNormal && t.sender != owner_term()) return;
  SetClosing(reason == atoms::kKill && !t.linked_exit ? atoms::kKilled : reason);
}

void Port::SetClosing(Term reason) {
  closing_ = true;
  // The reason must outlive the task or callback it came from.
  close_reason_storage_ = CopyToFragment(reason, &close_reason_);
}

void Port::SettleTask(PortTask& task, Term reply) {
  if (task.counted && (unreleased_bytes_ += task.queued_bytes()) >= release_batch_)
    FlushReleasedBytes();
  if (task.abortable) Claim(&task);  // detaches the handle
  if (task.wants_reply) Reply(task, reply == kNonValue ? atoms::kTrue : reply);
  // The reply (copied into its message) and whatever the driver built are
  // done with. Most commands build nothing: an empty heap has nothing to
  // free.
  if (scratch_.SizeBytes() != 0) scratch_.Clear();
}

void Port::RetireTask(std::unique_ptr<PortTask> task, Term reply) {
  SettleTask(*task, reply);
  if (task->abortable) {
    // An Abort() may have read the pointer just before the handle was
    // cleared: free only after thread progress.
    system_.RetireMemory([t = task.release()] { delete t; });
  }
}

void Port::FlushReleasedBytes() {
  if (unreleased_bytes_ != 0) ReleaseQueuedBytes(std::exchange(unreleased_bytes_, 0));
}

void Port::ReleaseQueuedBytes(size_t bytes) {
  size_t left = queued_bytes_.fetch_sub(bytes, std::memory_order_acq_rel) - bytes;
  // The flag is set under the scheduling lock before the task that caused
  // it became visible to the executor, so a retirement that finds it clear
  // here may skip the lock: if it is set later, a counted task is queued
  // with it, and that task's retirement comes back here.
  if (left > limits_.low || !(flags() & kBusyPortQueue)) return;
  // Only under the scheduling lock, where the flag is set together with the
  // count that caused it (Schedule), can we tell that it is stale; clearing
  // a flag that was just set with a high count would leave senders
  // suspended, and missing one would leave the port busy for ever (BEAM once
  // had that leak).
  std::vector<uint64_t> resume;
  {
    std::lock_guard<std::mutex> lock(sched_mutex_);
    if ((flags_.load(std::memory_order_relaxed) & kBusyPortQueue) &&
        queued_bytes_.load(std::memory_order_relaxed) <= limits_.low) {
      resume = ClearBusyLocked(kBusyPortQueue);
    }
  }
  SendResume(system_.node(), term(), resume);
}

std::vector<uint64_t> Port::ClearBusyLocked(uint32_t bits) {
  uint32_t f = flags_.fetch_and(~bits, std::memory_order_acq_rel) & ~bits;
  if (f & (kBusyPort | kBusyPortQueue)) return {};
  return std::exchange(suspended_, {});
}

void Port::Reply(const PortTask& t, Term result) {
  if (!IsPid(t.sender)) return;
  Send(t.sender, MakeTuple(scratch_, {MakeReference(scratch_, t.ref), result}));
}

// ---- DriverContext ----------------------------------------------------------------

void Port::OutputToOwner(std::span<const uint8_t> bytes) {
  bytes_in_ += bytes.size();
  system_.io_input_.fetch_add(bytes.size(), std::memory_order_relaxed);
  Term data = DataTerm(bytes);
  Send(owner_term(), MakeTuple(scratch_, {term(), MakeTuple(scratch_, {atoms::kData, data})}));
}

Term Port::DataTerm(std::span<const uint8_t> bytes) {
  return binary_data_ ? MakeBinary(scratch_, bytes) : ByteList(scratch_, bytes);
}

void Port::Send(Term to, Term message) {
  system_.node().SendSignal(to, MakeSignal(SignalKind::kMessage, term(), message));
}

void Port::SetHeldOutput(size_t bytes) {
  held_output_.store(bytes, std::memory_order_release);
}

void Port::SetBusy(bool busy) {
  std::vector<uint64_t> resume;
  bool schedule = false;
  {
    std::lock_guard<std::mutex> lock(sched_mutex_);
    if (busy) {
      flags_.fetch_or(kBusyPort, std::memory_order_acq_rel);
    } else {
      resume = ClearBusyLocked(kBusyPort);
      schedule = UnblockLocked();
    }
  }
  if (schedule) system_.node().EnqueueEntity(this, static_cast<int>(id_));
  SendResume(system_.node(), term(), resume);
}

bool Port::UnblockLocked() {
  if (queue_.busy_empty()) return false;
  queue_.Unblock();  // blocked tasks run next, in their order
  uint32_t add = kHaveTasks;
  uint32_t f = flags_.fetch_and(~kHaveBusyTasks, std::memory_order_acq_rel);
  // A scheduler executing the port requeues it when it ends; a signal run in
  // its sender (a legacy call) does not, so schedule it here.
  if (!(f & (kInRunQueue | kExec))) add |= kInRunQueue;
  flags_.fetch_or(add, std::memory_order_acq_rel);
  return (add & kInRunQueue) != 0;
}

void Port::SetTimer(int64_t ms) {
  CancelTimer();
  Scheduler* s = Scheduler::Current();
  Node& node = system_.node();
  Scheduler& owner =
      s != nullptr ? *s : node.scheduler(static_cast<int>(id_ % node.scheduler_count()));
  PortSystem* system = &system_;
  uint64_t id = id_;
  timer_ = owner.timers().Start(static_cast<uint64_t>(ms < 0 ? 0 : ms), [system, id](const Timer&) {
    auto task = std::make_unique<PortTask>();
    task->kind = PortTaskKind::kTimeout;
    if (Port* p = system->table_.Lookup(id)) p->Submit(std::move(task), /*immediate=*/false);
  });
}

void Port::CancelTimer() {
  if (timer_ == nullptr) return;
  Node::CancelTimer(timer_);
  timer_ = nullptr;
}

void Port::Exit(Term reason) {
  SetClosing(reason);
}

absl::Status Port::Select(int fd, uint32_t events, bool on) {
  events &= kSelectRead | kSelectWrite;
  if (events == 0) return absl::InvalidArgumentError("select needs read and/or write");
  auto it = selects_.find(fd);
  if (!on) {
    if (it == selects_.end()) return absl::OkStatus();
    FdSelect* record = it->second;
    uint32_t left = record->events.fetch_and(~events, std::memory_order_acq_rel) & ~events;
    if (events & kSelectRead) record->input.Abort();
    if (events & kSelectWrite) record->output.Abort();
    if (left == 0) {
      Deselect(fd, record);
      return absl::OkStatus();
    }
    return system_.poller().Modify(fd, left, reinterpret_cast<uint64_t>(record));
  }
  if (it != selects_.end()) {
    FdSelect* record = it->second;
    uint32_t all = record->events.fetch_or(events, std::memory_order_acq_rel) | events;
    return system_.poller().Modify(fd, all, reinterpret_cast<uint64_t>(record));
  }
  auto* record = new FdSelect{id_, fd, events, {}, {}};
  absl::Status watched = system_.poller().Watch(fd, events, reinterpret_cast<uint64_t>(record));
  if (!watched.ok()) {
    delete record;
    return watched;
  }
  selects_.emplace(fd, record);
  return absl::OkStatus();
}

void Port::Deselect(int fd, FdSelect* record) {
  // Unwatch waits for a poller callback that is using the record right now.
  system_.poller().Unwatch(fd).IgnoreError();
  record->input.Abort();
  record->output.Abort();
  selects_.erase(fd);
  system_.RetireMemory([record] { delete record; });
  driver_->StopSelect(*this, fd);
}

void Port::RearmAfter(const PortTask& task) {
  auto it = selects_.find(task.fd);
  if (it == selects_.end()) return;  // deselected by the callback
  system_.poller().Rearm(task.fd).IgnoreError();
}

MonitorRef Port::MonitorProcess(Term pid) {
  MonitorRef ref = NewMonitorRef();
  driver_monitors_.emplace(ref, pid.raw());
  auto monitor = MakeSignal(SignalKind::kMonitor, term(), kNonValue);
  monitor->ref = ref;
  system_.node().SendSignal(pid, std::move(monitor));
  return ref;
}

bool Port::DemonitorProcess(MonitorRef ref) {
  auto it = driver_monitors_.find(ref);
  if (it == driver_monitors_.end()) return false;
  auto demonitor = MakeSignal(SignalKind::kDemonitor, term(), kNonValue);
  demonitor->ref = ref;
  system_.node().SendSignal(Term::FromRaw(it->second), std::move(demonitor));
  driver_monitors_.erase(it);
  return true;
}

// ---- closing (executor, port lock held) --------------------------------------------

void Port::Close(Term reason) {
  bool retire_now = true;
  std::vector<PortTask*> left;
  std::vector<uint64_t> resume;
  {
    std::lock_guard<std::mutex> lock(sched_mutex_);
    // A port still in a run queue (closed by a signal run in its sender)
    // is retired by the scheduler that pops it, not here: the run queue
    // holds it. Nothing puts a closed port in a run queue.
    uint32_t f = flags_.fetch_or(kClosed, std::memory_order_acq_rel);
    if (f & kInRunQueue) {
      flags_.fetch_or(kRetireDeferred, std::memory_order_acq_rel);
      system_.DeferRetire(this);
      retire_now = false;
    }
    flags_.fetch_and(~(kExec | kHaveBusyTasks), std::memory_order_acq_rel);
    left = queue_.TakeAll();
    resume = std::exchange(suspended_, {});
  }
  CancelTimer();
  driver_->Flush(*this);
  while (!selects_.empty()) {
    auto it = selects_.begin();
    Deselect(it->first, it->second);
  }
  driver_->Stop(*this);
  for (const auto& [ref, pid] : driver_monitors_) {
    auto demonitor = MakeSignal(SignalKind::kDemonitor, term(), kNonValue);
    demonitor->ref = ref;
    system_.node().SendSignal(Term::FromRaw(pid), std::move(demonitor));
  }
  driver_monitors_.clear();
  scratch_.Clear();
  Node& node = system_.node();
  for (PortTask* raw : left) {
    std::unique_ptr<PortTask> t(raw);
    if (t->kind == PortTaskKind::kLink) {
      node.SendSignal(t->sender, MakeSignal(SignalKind::kExitLinked, term(), atoms::kNoproc));
    } else if (t->kind == PortTaskKind::kMonitor) {
      auto down = MakeSignal(SignalKind::kDown, term(), atoms::kNoproc);
      down->ref = t->ref;
      node.SendSignal(t->sender, std::move(down));
    }
    // Nothing queued is lost silently: waiting senders hear that it was not.
    Term dropped = DroppedReply(*t);
    RetireTask(std::move(t), dropped);
  }
  FlushReleasedBytes();
  system_.node().registry().UnregisterOwner(term());
  system_.table_.Release(id_);
  for (uint64_t linked : links_) {
    node.SendSignal(Term::FromRaw(linked), MakeSignal(SignalKind::kExitLinked, term(), reason));
  }
  for (const auto& [ref, watcher] : monitored_by_) {
    auto down = MakeSignal(SignalKind::kDown, term(), reason);
    down->ref = ref;
    node.SendSignal(Term::FromRaw(watcher), std::move(down));
  }
  links_.clear();
  monitored_by_.clear();
  if (closer_.connected != kNonValue)
    Send(closer_.connected, MakeTuple(scratch_, {term(), atoms::kClosed}));
  if (IsPid(closer_.caller))
    Send(closer_.caller, MakeTuple(scratch_, {MakeReference(scratch_, closer_.ref), atoms::kTrue}));
  closer_ = {};
  SendResume(node, term(), resume);
  if (retire_now) system_.Retire(this);
}

void Port::CheckInvariants() {
  std::lock_guard<std::mutex> port_lock(port_mutex_);
  std::lock_guard<std::mutex> lock(sched_mutex_);
  queue_.CheckInvariants();
  uint32_t f = flags_.load();
  LING_CHECK(!((f & kInRunQueue) && (f & kExec))) << "port queued and executing at once";
  bool tasks = HasQueuedTasksLocked();
  if (tasks && !(f & kClosed)) {
    LING_CHECK(f & kHaveTasks) << "tasks queued but kHaveTasks clear";
    LING_CHECK(f & (kInRunQueue | kExec)) << "tasks queued but the port is not scheduled";
  }
  if (!(f & kBusyPort)) LING_CHECK(queue_.busy_empty()) << "busy queue holds tasks, port not busy";
  LING_CHECK_EQ((f & kHaveBusyTasks) != 0, !queue_.busy_empty())
      << "have-busy-tasks flag out of step with the busy queue";
  // Every queued command's bytes are counted, and nothing else (the one
  // accounting function is SettleTask), and between runs nothing settled is
  // held back.
  LING_CHECK_EQ(unreleased_bytes_, 0u) << "settled bytes not released after a run";
  LING_CHECK_EQ(queue_.CountedBytes(), queued_bytes_.load()) << "queued-bytes count is off";
  if (!(f & (kBusyPort | kBusyPortQueue))) {
    LING_CHECK(suspended_.empty()) << "senders suspended on a port that is not busy";
  }
}

}  // namespace ling
