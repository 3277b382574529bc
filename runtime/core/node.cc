#include "runtime/core/node.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "runtime/base/check.h"
#include "runtime/term/atoms.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

int ResolveSchedulerCount(int requested) {
  if (requested > 0) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

// Unmanaged threads beyond the progress slots share a fallback (see
// ThreadProgress); 64 covers the host threads of most programs.
constexpr int kUnmanagedSlots = 64;

}  // namespace

namespace internal {

int64_t TimeoutMillis(absl::Duration timeout) {
  if (timeout == absl::InfiniteDuration()) return -1;
  if (timeout <= absl::ZeroDuration()) return 0;
  return std::max<int64_t>(1,
                           absl::ToInt64Milliseconds(absl::Ceil(timeout, absl::Milliseconds(1))));
}

}  // namespace internal

Node::Node(const NodeOptions& options)
    : reductions_per_run_(std::max(1, options.reductions_per_run)),
      progress_(ResolveSchedulerCount(options.schedulers), kUnmanagedSlots),
      table_(std::clamp<uint32_t>(options.max_processes, 1, kMaxTableCapacity)) {
  int n = ResolveSchedulerCount(options.schedulers);
  schedulers_.reserve(n);
  for (int i = 0; i < n; ++i)
    schedulers_.push_back(std::make_unique<Scheduler>(*this, i));
}

Node::~Node() {
  if (!stopped_.load()) Stop().IgnoreError();
}

void Node::Start() {
  if (started_.exchange(true)) return;
  for (auto& s : schedulers_)
    s->Start();
}

absl::Status Node::Stop() {
  if (stopped_.exchange(true)) return absl::FailedPreconditionError("runtime already stopped");
  stopping_.store(true, std::memory_order_release);
  for (auto& s : schedulers_)
    s->Wake();
  for (auto& s : schedulers_)
    s->Join();
  // No scheduler runs now, and no thread of the ports' once they stop: what
  // is left is destroyed on this thread. Retired processes first (their
  // drain may signal live ones), then ports, then the live processes.
  if (port_sink_ != nullptr) port_sink_->StopThreads();
  progress_.DrainAll();
  if (port_sink_ != nullptr) port_sink_->DestroyAll();
  std::vector<Process*> live;
  table_.ForEach([&](Process* p) { live.push_back(p); });
  for (Process* p : live) {
    p->CheckInvariants();  // single-threaded now: a full look is safe
    table_.Release(p->id());
    delete p;
    unfreed_.fetch_sub(1, std::memory_order_relaxed);
  }
  progress_.DrainAll();
  for (auto& s : schedulers_)
    s->timers().DestroyAll();
  {
    std::lock_guard<std::mutex> lock(exit_mutex_);
    exit_cv_.notify_all();
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Node::Spawn(std::unique_ptr<ProcessBody> body, const SpawnSpec& spec,
                                     Process* parent, MonitorRef* monitor_ref) {
  if (stopping()) return absl::FailedPreconditionError("runtime is stopping");
  if ((spec.link || spec.monitor) && parent == nullptr) {
    return absl::InvalidArgumentError("link and monitor need a spawning process");
  }
  std::optional<uint64_t> id = table_.Allocate();
  if (!id.has_value()) return absl::ResourceExhaustedError("system_limit: process table full");
  auto* p = new Process(*this, *id, spec.priority, std::move(body));
  p->set_group_leader(spec.group_leader != kNonValue ? spec.group_leader
                      : parent != nullptr            ? parent->group_leader()
                                                     : kNonValue);
  if (spec.link) {
    p->relations().links.insert(parent->pid().raw());
    parent->relations().links.insert(p->pid().raw());
  }
  if (spec.monitor) {
    MonitorRef ref = NewMonitorRef();
    p->relations().monitored_by.emplace(ref, parent->pid().raw());
    parent->relations().monitoring.emplace(ref, p->pid().raw());
    if (monitor_ref != nullptr) *monitor_ref = ref;
  }
  p->MarkInRunQueue();
  unfreed_.fetch_add(1, std::memory_order_relaxed);
  Scheduler* current = Scheduler::Current();
  Scheduler& target = current != nullptr && &current->node() == this
                          ? *current
                          : scheduler(round_robin_.fetch_add(1) % scheduler_count());
  p->set_home_scheduler(target.index());
  table_.Publish(*id, p);
  target.run_queue().Push(p);
  WakeFor(target);
  return *id;
}

bool Node::SendSignal(Term to, std::unique_ptr<Signal> signal) {
  if (IsPid(to)) {
    if (Process* p = table_.Lookup(IdValue(to))) {
      p->Deliver(std::move(signal));
      return true;
    }
  } else if (IsPort(to) && port_sink_ != nullptr) {
    return port_sink_->DeliverToPort(IdValue(to), std::move(signal));
  }
  AnswerUndeliverable(to, std::move(signal));
  return false;
}

void Node::AnswerUndeliverable(Term dead, std::unique_ptr<Signal> signal) {
  if (signal->from == kNonValue) return;
  switch (signal->kind) {
    case SignalKind::kLink:
      SendSignal(signal->from, MakeSignal(SignalKind::kExitLinked, dead, atoms::kNoproc));
      return;
    case SignalKind::kMonitor: {
      auto down = MakeSignal(SignalKind::kDown, dead, atoms::kNoproc);
      down->ref = signal->ref;
      SendSignal(signal->from, std::move(down));
      return;
    }
    case SignalKind::kRequest:
      SendSignal(signal->from, MakeSignal(SignalKind::kMessage, dead, ReplyIfGoneOf(*signal)));
      return;
    default:
      return;  // messages to the dead are dropped, as in Erlang
  }
}

void Node::Enqueue(Process* p) {
  Scheduler* current = Scheduler::Current();
  if (current != nullptr && &current->node() == this) {
    current->run_queue().PushNext(p);
    if (current->run_queue().stealable() != 0) WakeOneSleeper();
    return;
  }
  Scheduler& home = scheduler(p->home_scheduler());
  home.run_queue().Push(p);
  WakeFor(home);
}

void Node::EnqueueEntity(Schedulable* s, int home) {
  Scheduler* current = Scheduler::Current();
  Scheduler& target = current != nullptr && &current->node() == this
                          ? *current
                          : scheduler(home % scheduler_count());
  target.run_queue().Push(s);
  WakeFor(target);
}

void Node::WakeFor(Scheduler& target) {
  if (&target == Scheduler::Current() || !target.Wake()) WakeOneSleeper();
}

void Node::WakeOneSleeper() {
  if (sleeping_.load(std::memory_order_seq_cst) == 0) return;
  for (auto& s : schedulers_) {
    if (s->asleep()) {
      s->Wake();
      return;
    }
  }
}

bool Node::AnyRunQueueHasWork() {
  for (auto& s : schedulers_) {
    if (s->run_queue().stealable() != 0) return true;
  }
  return false;
}

void Node::RetireProcess(Process* p, Scheduler& s) {
  progress_.Retire(s.index(), [this, p] {
    p->DrainAfterExit();
    delete p;
    if (unfreed_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard<std::mutex> lock(exit_mutex_);
      exit_cv_.notify_all();
    }
  });
}

Timer* Node::StartReceiveTimer(uint64_t pid, int64_t ms) {
  Scheduler* current = Scheduler::Current();
  LING_CHECK(current != nullptr) << "receive timers start on a scheduler";
  return current->timers().Start(static_cast<uint64_t>(ms), [this, pid](const Timer& t) {
    auto timeout = std::make_unique<Signal>();
    timeout->kind = SignalKind::kTimeout;
    timeout->ref.low = t.sequence();
    SendSignal(MakePid(pid), std::move(timeout));
  });
}

TimerRef Node::SendAfter(absl::Duration delay, Term to, Term from, Term message) {
  Scheduler* current = Scheduler::Current();
  Scheduler& owner = current != nullptr && &current->node() == this
                         ? *current
                         : scheduler(round_robin_.fetch_add(1) % scheduler_count());
  // The message is copied now: the caller's term may not outlive the call.
  std::unique_ptr<Signal> signal = MakeSignal(SignalKind::kMessage, from, message);
  int64_t ms = internal::TimeoutMillis(delay);
  if (ms < 0) ms = INT64_MAX;  // an infinite delay never fires, but can be cancelled
  Timer* t = owner.timers().Start(static_cast<uint64_t>(ms),
                                  [this, to, signal = std::move(signal)](const Timer&) mutable {
                                    SendSignal(to, std::move(signal));
                                  });
  return TimerRef(t);
}

void Node::CancelTimer(Timer* t) {
  TimerService::Cancel(t);
  TimerService::Release(t);
}

bool Node::WaitForNoProcesses(absl::Duration timeout) {
  std::unique_lock<std::mutex> lock(exit_mutex_);
  auto done = [this] { return unfreed_.load() == 0 || stopped_.load(); };
  if (timeout == absl::InfiniteDuration()) {
    exit_cv_.wait(lock, done);
  } else {
    exit_cv_.wait_for(lock, absl::ToChronoMilliseconds(timeout), done);
  }
  return unfreed_.load() == 0;
}

void Node::CheckInvariants() {
  for (auto& s : schedulers_)
    s->run_queue().CheckInvariants();
  if (unfreed_.load() == 0) table_.CheckInvariants();
  progress_.CheckInvariants();
}

ProtectedSection::ProtectedSection(Node& node) {
  Scheduler* s = Scheduler::Current();
  if (s == nullptr || &s->node() != &node) guard_.emplace(node.progress().DelayProgress());
}

}  // namespace ling
