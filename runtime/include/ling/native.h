// Native processes: Erlang-style processes written in C++20 as coroutines.
//
//   ling::Task Pong(ling::Context& ctx) {
//     for (;;) {
//       ling::Message m = co_await ctx.Receive();
//       ctx.Send(ling::Pid::FromTerm(m.term()), ling::atoms::kOk);
//     }
//   }
//   absl::StatusOr<ling::Pid> pid = runtime.Spawn(Pong);
//
// A process function takes a Context& and returns ling::Task. It runs on the
// runtime's scheduler threads, one step at a time: between two co_await
// points it owns its scheduler thread, so it must not block (no sleeping, no
// blocking I/O, no waiting on host mutexes held for long).
//
// Contract of Context (the process's own handle):
//   - Use it only from the process's own coroutine. Send, SendExit, Whereis
//     and Atom are thread-safe and harmless elsewhere; Receive from another
//     thread returns an empty Message at once (there is no process to wait).
//   - Terms in a received Message live as long as the Message; terms built on
//     heap() live as long as the process. Send() copies, so the receiver
//     never shares memory with the sender.
//   - Reductions: sends and receives spend the process's budget (4000 per run
//     by default); when it is spent, the next co_await gives the scheduler
//     back. A loop that never co_awaits is never preempted: co_await Yield()
//     in long computations.
//   - co_return ends the process with reason `normal`; co_await Exit(reason)
//     ends it with `reason`; an escaping C++ exception ends it with
//     {native_exception, <<"what()">>}. Ending a process runs the destructors
//     of the coroutine's locals.
#ifndef LING_NATIVE_H_
#define LING_NATIVE_H_

#include <coroutine>
#include <exception>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ling/term.h"
#include "ling/types.h"

namespace ling {

class Context;
class Heap;
namespace internal {
struct ContextAccess;
}
class Process;
class Runtime;
class Timer;
struct Signal;

// The coroutine type of a process function.
class Task {
 public:
  struct promise_type {
    Task get_return_object() {
      return Task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { exception = std::current_exception(); }
    std::exception_ptr exception;
  };

  Task() = default;
  explicit Task(std::coroutine_handle<promise_type> h) : handle_(h) {}
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  ~Task() {
    if (handle_) handle_.destroy();
  }
  std::coroutine_handle<promise_type> handle() const { return handle_; }

 private:
  std::coroutine_handle<promise_type> handle_;
};

using ProcessFunction = absl::AnyInvocable<Task(Context&)>;

// A received message. Empty (false) when a receive timed out.
class Message {
 public:
  Message() = default;
  explicit Message(Signal* signal) : signal_(signal) {}
  Message(Message&& other) noexcept : signal_(std::exchange(other.signal_, nullptr)) {}
  Message& operator=(Message&& other) noexcept;
  ~Message();

  explicit operator bool() const { return signal_ != nullptr; }
  // The message term (kNonValue when empty). Valid while this Message lives.
  Term term() const;
  // The sending process, or Pid{} for a host thread or the runtime itself.
  Pid from() const;

 private:
  Signal* signal_ = nullptr;
};

// A timer started by SendAfter. Move-only; dropping it does not cancel the
// timer (as in Erlang, where a timer reference may be forgotten).
class TimerRef {
 public:
  TimerRef() = default;
  explicit TimerRef(Timer* t) : timer_(t) {}
  TimerRef(TimerRef&& other) noexcept : timer_(std::exchange(other.timer_, nullptr)) {}
  TimerRef& operator=(TimerRef&& other) noexcept;
  ~TimerRef();
  explicit operator bool() const { return timer_ != nullptr; }

  // Stops the timer. Returns the time that was left, or nullopt if it had
  // already fired or been cancelled (erlang:cancel_timer/1's false).
  std::optional<absl::Duration> Cancel();

 private:
  Timer* timer_ = nullptr;
};

namespace internal {

// A pending selective receive, shared between the coroutine's awaiter and the
// process (runtime/core/process.cc). Owned by the awaiter.
struct ReceiveRequest {
  bool (*match)(void* matcher, Term message) = nullptr;
  void* matcher = nullptr;
  Signal** scan = nullptr;  // mailbox position: earlier messages were rejected
  int64_t timeout_ms = -1;  // -1: infinity
  Timer* timer = nullptr;
  bool timed_out = false;
  Signal* result = nullptr;  // owned; handed to the Message
};

// An operation that must be tried again before the body resumes (a command
// to a port that was busy). Attempt() runs on the process's scheduler; it
// returns true when done, or suspends the process again and returns false.
class ProcessRetry {
 public:
  virtual bool Attempt(Process& p) = 0;

 protected:
  ~ProcessRetry() = default;
};

class ReceiveAwaiter {
 public:
  ReceiveAwaiter(Process* p, int64_t timeout_ms) : process_(p) { request_.timeout_ms = timeout_ms; }
  ReceiveAwaiter(const ReceiveAwaiter&) = delete;
  ReceiveAwaiter& operator=(const ReceiveAwaiter&) = delete;
  ~ReceiveAwaiter();

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h);
  Message await_resume();

 protected:
  void set_matcher(bool (*match)(void*, Term), void* matcher) {
    request_.match = match;
    request_.matcher = matcher;
  }

 private:
  Process* process_;
  ReceiveRequest request_;
};

template <class Pred>
class MatchingReceiveAwaiter : public ReceiveAwaiter {
 public:
  MatchingReceiveAwaiter(Process* p, Pred pred, int64_t timeout_ms)
      : ReceiveAwaiter(p, timeout_ms), pred_(std::move(pred)) {}
  bool await_suspend(std::coroutine_handle<> h) {
    set_matcher([](void* m, Term t) { return static_cast<bool>((*static_cast<Pred*>(m))(t)); },
                &pred_);
    return ReceiveAwaiter::await_suspend(h);
  }

 private:
  Pred pred_;
};

struct YieldAwaiter {
  Process* process;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h);
  void await_resume() const noexcept {}
};

struct ExitAwaiter {
  Process* process;
  Term reason;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h);
  void await_resume() const noexcept {}
};

// Milliseconds for a receive timeout; -1 for infinity.
int64_t TimeoutMillis(absl::Duration timeout);

}  // namespace internal

class Context {
 public:
  explicit Context(Process* p) : process_(p) {}
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  Pid self() const;
  Runtime& runtime() const;
  // The process heap: terms built here live until the process ends.
  Heap& heap();
  // Interns an atom (thread-safe).
  Term Atom(std::string_view name);

  // Sends a copy of `message` (the `!` operator). A message to a process that
  // does not exist is dropped, as in Erlang.
  void Send(Pid to, Term message);
  // The same to a pid or a port term (`Port ! {self(), {command, Data}}`).
  void Send(Term to, Term message);
  // NotFound if nothing is registered under `name` (Erlang raises badarg).
  absl::Status Send(std::string_view name, Term message);

  // The oldest message, or an empty Message after `timeout`.
  internal::ReceiveAwaiter Receive(absl::Duration timeout = absl::InfiniteDuration()) {
    return internal::ReceiveAwaiter(process_, internal::TimeoutMillis(timeout));
  }
  // The oldest message for which pred(term) is true (selective receive);
  // other messages stay queued in order. Empty Message after `timeout`.
  template <class Pred>
  internal::MatchingReceiveAwaiter<Pred> Receive(
      Pred pred, absl::Duration timeout = absl::InfiniteDuration()) {
    return internal::MatchingReceiveAwaiter<Pred>(process_, std::move(pred),
                                                  internal::TimeoutMillis(timeout));
  }
  // Sends `message` to `to` after `delay` (erlang:send_after/3).
  TimerRef SendAfter(absl::Duration delay, Pid to, Term message);

  // Links, unlinks and monitors work on ports too (their id terms).
  void Link(Term pid_or_port);
  void Unlink(Term pid_or_port);
  MonitorRef Monitor(Term pid_or_port);

  // Gives the scheduler back; the process runs again later.
  internal::YieldAwaiter Yield() { return {process_}; }
  // Ends this process with `reason` (exit/1). Never resumes.
  internal::ExitAwaiter Exit(Term reason) { return {process_, reason}; }
  // Sends an exit signal (exit/2): `kill` kills untrappably, `normal` is
  // ignored unless `to` traps exits.
  void SendExit(Pid to, Term reason);
  // Spends extra reductions for work done outside the runtime's calls.
  void Bump(int reductions);

  // Links are bidirectional; linking to a process that does not exist gets
  // an exit signal with reason `noproc`.
  void Link(Pid other);
  void Unlink(Pid other);
  // 'EXIT' signals from links (and exit/2 other than kill) become
  // {'EXIT', From, Reason} messages while trapping.
  void TrapExit(bool on);
  // The watcher receives {'DOWN', Ref, process, Pid, Reason} when `target`
  // ends (reason noproc if it does not exist).
  MonitorRef Monitor(Pid target);
  // Stops a monitor; with flush, also drops its 'DOWN' message if it came.
  // Returns false if the monitor was not active.
  bool Demonitor(MonitorRef ref, bool flush = false);
  // True if `message` is the 'DOWN' message of `ref`.
  static bool IsDown(Term message, MonitorRef ref);

  absl::Status Register(std::string_view name);
  absl::Status Unregister(std::string_view name);
  std::optional<Pid> Whereis(std::string_view name);

  // Spawns a process from this one (link/monitor options apply to this one).
  absl::StatusOr<Pid> Spawn(ProcessFunction fn, SpawnOptions options = {});
  // spawn_monitor: the pid and the monitor's reference.
  absl::StatusOr<std::pair<Pid, MonitorRef>> SpawnMonitor(ProcessFunction fn,
                                                          SpawnOptions options = {});

 private:
  friend class NativeBody;
  friend struct internal::ContextAccess;
  Process* process_;
};

namespace internal {
// For libling's own layers (ports/): the process behind a Context.
struct ContextAccess {
  static Process* process(Context& ctx) { return ctx.process_; }
};
}  // namespace internal

}  // namespace ling

#endif  // LING_NATIVE_H_
