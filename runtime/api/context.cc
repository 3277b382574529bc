// Context, the awaiters and Message: the native process API over Process.
#include <utility>

#include "ling/native.h"
#include "ling/runtime.h"
#include "runtime/api/native_body.h"
#include "runtime/core/node.h"
#include "runtime/core/process.h"
#include "runtime/core/scheduler.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/reference.h"
#include "runtime/timer/clock.h"

namespace ling {
namespace {

// True when the caller is this process's own coroutine, running now.
bool OnOwnThread(const Process* p) {
  Scheduler* s = Scheduler::Current();
  return s != nullptr && (p->state() & Process::kRunning) && p->home_scheduler() == s->index();
}

std::unique_ptr<Signal> Control(SignalKind kind, Process* from) {
  return MakeSignal(kind, from->pid(), kNonValue);
}

}  // namespace

// ---- Message ---------------------------------------------------------------

Message& Message::operator=(Message&& other) noexcept {
  if (this != &other) {
    delete signal_;
    signal_ = std::exchange(other.signal_, nullptr);
  }
  return *this;
}

Message::~Message() {
  delete signal_;
}

Term Message::term() const {
  return signal_ != nullptr ? signal_->term : kNonValue;
}

Pid Message::from() const {
  return signal_ != nullptr ? Pid::FromTerm(signal_->from) : Pid{};
}

// ---- TimerRef ----------------------------------------------------------------

TimerRef& TimerRef::operator=(TimerRef&& other) noexcept {
  if (this != &other) {
    if (timer_ != nullptr) TimerService::Release(timer_);
    timer_ = std::exchange(other.timer_, nullptr);
  }
  return *this;
}

TimerRef::~TimerRef() {
  if (timer_ != nullptr) TimerService::Release(timer_);
}

std::optional<absl::Duration> TimerRef::Cancel() {
  if (timer_ == nullptr || !TimerService::Cancel(timer_)) return std::nullopt;
  uint64_t now = MonotonicMillis();
  uint64_t expiry = timer_->expiry_ms();
  return absl::Milliseconds(expiry > now ? expiry - now : 0);
}

// ---- awaiters ---------------------------------------------------------------

namespace internal {

ReceiveAwaiter::~ReceiveAwaiter() {
  delete request_.result;
}

bool ReceiveAwaiter::await_suspend(std::coroutine_handle<>) {
  if (!OnOwnThread(process_)) return false;  // no process here: empty Message
  if (request_.match == nullptr) {
    set_matcher([](void*, Term) { return true; }, nullptr);
  }
  if (process_->BeginReceive(&request_)) {
    // Matched at once: go on, unless the budget is spent.
    return process_->reductions_left() <= 0;
  }
  return true;
}

Message ReceiveAwaiter::await_resume() {
  return Message(std::exchange(request_.result, nullptr));
}

bool YieldAwaiter::await_suspend(std::coroutine_handle<>) {
  if (!OnOwnThread(process)) return false;
  process->RequestYield();
  return true;
}

bool ExitAwaiter::await_suspend(std::coroutine_handle<>) {
  if (!OnOwnThread(process)) return false;
  process->RequestExit(reason);
  return true;
}

}  // namespace internal

// ---- Context ----------------------------------------------------------------

Pid Context::self() const {
  return Pid{process_->id()};
}

Runtime& Context::runtime() const {
  return process_->node().runtime();
}

Heap& Context::heap() {
  return process_->heap();
}

Term Context::Atom(std::string_view name) {
  return InternAtom(name);
}

void Context::Send(Pid to, Term message) {
  Send(to.term(), message);
}

void Context::Send(Term to, Term message) {
  process_->Bump(1);
  ProtectedSection section(process_->node());
  process_->node().SendSignal(to, MakeSignal(SignalKind::kMessage, process_->pid(), message));
}

absl::Status Context::Send(std::string_view name, Term message) {
  std::optional<Pid> to = Whereis(name);
  if (!to.has_value()) return absl::NotFoundError("no process registered under that name");
  Send(*to, message);
  return absl::OkStatus();
}

void Context::SendExit(Pid to, Term reason) {
  process_->Bump(1);
  ProtectedSection section(process_->node());
  process_->node().SendSignal(to.term(), MakeSignal(SignalKind::kExit, process_->pid(), reason));
}

TimerRef Context::SendAfter(absl::Duration delay, Pid to, Term message) {
  return process_->node().SendAfter(delay, to.term(), process_->pid(), message);
}

void Context::Bump(int reductions) {
  process_->Bump(reductions);
}

void Context::Link(Pid other) {
  Link(other.term());
}

void Context::Link(Term other) {
  if (other == self().term() || !process_->relations().links.insert(other.raw()).second) return;
  process_->node().SendSignal(other, Control(SignalKind::kLink, process_));
}

void Context::Unlink(Pid other) {
  Unlink(other.term());
}

void Context::Unlink(Term other) {
  if (process_->relations().links.erase(other.raw()) == 0) return;
  process_->node().SendSignal(other, Control(SignalKind::kUnlink, process_));
}

void Context::TrapExit(bool on) {
  process_->set_trap_exit(on);
}

MonitorRef Context::Monitor(Pid target) {
  return Monitor(target.term());
}

MonitorRef Context::Monitor(Term target) {
  MonitorRef ref = NewMonitorRef();
  process_->relations().monitoring.emplace(ref, target.raw());
  auto signal = Control(SignalKind::kMonitor, process_);
  signal->ref = ref;
  process_->node().SendSignal(target, std::move(signal));
  return ref;
}

bool Context::Demonitor(MonitorRef ref, bool flush) {
  auto& monitoring = process_->relations().monitoring;
  auto it = monitoring.find(ref);
  bool active = it != monitoring.end();
  if (active) {
    Term target = Term::FromRaw(it->second);
    monitoring.erase(it);
    process_->relations().monitor_names.erase(ref);
    auto signal = Control(SignalKind::kDemonitor, process_);
    signal->ref = ref;
    process_->node().SendSignal(target, std::move(signal));
  }
  if (flush) process_->DropMessages([ref](Term m) { return IsDown(m, ref); });
  return active;
}

bool Context::IsDown(Term message, MonitorRef ref) {
  return IsTuple(message) && TupleArity(message) == 5 && TupleElement(message, 0) == atoms::kDOWN &&
         IsReference(TupleElement(message, 1)) && ReferenceValue(TupleElement(message, 1)) == ref;
}

absl::Status Context::Register(std::string_view name) {
  return process_->node().registry().Register(InternAtom(name), process_->pid());
}

absl::Status Context::Unregister(std::string_view name) {
  if (!process_->node().registry().Unregister(InternAtom(name), process_->pid())) {
    return absl::NotFoundError("this process is not registered under that name");
  }
  return absl::OkStatus();
}

std::optional<Pid> Context::Whereis(std::string_view name) {
  Term owner = process_->node().registry().Whereis(InternAtom(name));
  if (!IsPid(owner)) return std::nullopt;  // no one, or a port
  return Pid{IdValue(owner)};
}

absl::StatusOr<Pid> Context::Spawn(ProcessFunction fn, SpawnOptions options) {
  SpawnSpec spec{options.priority, options.link, options.monitor};
  auto id = process_->node().Spawn(std::make_unique<NativeBody>(std::move(fn)), spec, process_);
  if (!id.ok()) return id.status();
  return Pid{*id};
}

absl::StatusOr<std::pair<Pid, MonitorRef>> Context::SpawnMonitor(ProcessFunction fn,
                                                                 SpawnOptions options) {
  SpawnSpec spec{options.priority, options.link, /*monitor=*/true};
  MonitorRef ref;
  auto id =
      process_->node().Spawn(std::make_unique<NativeBody>(std::move(fn)), spec, process_, &ref);
  if (!id.ok()) return id.status();
  return std::make_pair(Pid{*id}, ref);
}

}  // namespace ling
