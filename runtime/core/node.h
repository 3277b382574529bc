// Node: one running libling runtime -- its schedulers, process table, name
// registry and thread progress. ling::Runtime (include/ling/runtime.h) is the
// public face; everything inside the runtime reaches the rest through here.
//
// Concurrency contract:
//   - Methods that take or return raw Process pointers, and SendSignal(), must
//     be called inside a thread-progress protected section: on a scheduler
//     thread (always protected between scheduling points) or under a
//     ProtectedSection on any other thread.
//   - Start() and Stop() are for the owning host thread; Stop() joins the
//     schedulers and then destroys every remaining process single-threaded.
#ifndef LING_RUNTIME_CORE_NODE_H_
#define LING_RUNTIME_CORE_NODE_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "runtime/core/name_registry.h"
#include "runtime/core/process.h"
#include "runtime/core/scheduler.h"
#include "runtime/entity/id_table.h"
#include "runtime/progress/thread_progress.h"

namespace ling {

class Runtime;

// Receives signals addressed to ports (implemented by ports/).
class PortSignalSink {
 public:
  virtual ~PortSignalSink() = default;
  // Same contract as Node::SendSignal, for a port id.
  virtual bool DeliverToPort(uint64_t port_id, std::unique_ptr<Signal> signal) = 0;
  // Node::Stop, after the schedulers are gone and before anything is
  // freed: the sink's own threads (the I/O poller) stop, so that none
  // holds a thread progress delay or touches a port from then on.
  virtual void StopThreads() = 0;
  // Node::Stop, after that: destroy every port.
  virtual void DestroyAll() = 0;
};

struct NodeOptions {
  int schedulers = 0;  // 0: one per hardware thread
  uint32_t max_processes = 1 << 20;
  int reductions_per_run = 4000;
};

// How a process is started (spawn_opt's common options).
struct SpawnSpec {
  Priority priority = Priority::kNormal;
  bool link = false;     // link to the parent (needs a parent process)
  bool monitor = false;  // the parent monitors the child
  // kNonValue: the parent's group leader (none without a parent).
  Term group_leader = kNonValue;
};

class Node {
 public:
  explicit Node(const NodeOptions& options);
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  ~Node();

  // The public object that owns this node.
  void set_runtime(Runtime* r) { runtime_ = r; }
  Runtime& runtime() const { return *runtime_; }

  void Start();
  // FailedPrecondition when called a second time.
  absl::Status Stop();
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  // From now on the schedulers run ports only: a process they pop is left
  // out, never to run again (a halt that flushes the ports' output, as erl
  // runs no process once halting). One way; any thread.
  void RunOnlyPorts() { only_ports_.store(true, std::memory_order_release); }
  bool only_ports() const { return only_ports_.load(std::memory_order_acquire); }

  int scheduler_count() const { return static_cast<int>(schedulers_.size()); }
  Scheduler& scheduler(int i) { return *schedulers_[i]; }
  IdTable<Process>& table() { return table_; }
  NameRegistry& registry() { return registry_; }
  ThreadProgress& progress() { return progress_; }
  int reductions_per_run() const { return reductions_per_run_; }

  // Creates and schedules a process. `parent` is the calling process, or
  // nullptr for a host thread (then spec.link/monitor are InvalidArgument).
  // With spec.monitor, *monitor_ref receives the monitor's reference.
  // ResourceExhausted when the process table is full (system_limit).
  absl::StatusOr<uint64_t> Spawn(std::unique_ptr<ProcessBody> body, const SpawnSpec& spec,
                                 Process* parent, MonitorRef* monitor_ref = nullptr);

  // Delivers `signal` to the entity `to` (a pid, or a port through the
  // registered PortSignalSink); when there is none, answers it as a dead
  // entity would (link -> noproc exit, monitor -> noproc DOWN, request ->
  // its reply-if-gone). Returns
  // whether the entity existed.
  bool SendSignal(Term to, std::unique_ptr<Signal> signal);
  void AnswerUndeliverable(Term dead, std::unique_ptr<Signal> signal);
  // The ports layer plugs in here (the runtime does not depend on it).
  void set_port_sink(PortSignalSink* sink) { port_sink_ = sink; }
  PortSignalSink* port_sink() const { return port_sink_; }

  // Makes an idle process runnable (Process::Deliver's slow path).
  void Enqueue(Process* p);
  // Makes a port (or other non-process entity) runnable: on the calling
  // scheduler, or on `home` from other threads.
  void EnqueueEntity(Schedulable* s, int home);
  // Frees a terminated process once no thread can reach it.
  void RetireProcess(Process* p, Scheduler& s);

  // Receive timeouts: delivers a kTimeout signal to `pid` after `ms`.
  Timer* StartReceiveTimer(uint64_t pid, int64_t ms);
  // erlang:send_after: a copy of `message` goes to `to` after `delay`, from
  // `from` (kNonValue: the host). Any thread.
  TimerRef SendAfter(absl::Duration delay, Term to, Term from, Term message);
  // Cancels and releases a timer from StartReceiveTimer.
  static void CancelTimer(Timer* timer);

  // Scheduler bookkeeping for the wake-up protocol.
  void NoteSleeping(int delta) { sleeping_.fetch_add(delta, std::memory_order_seq_cst); }
  bool AnyRunQueueHasWork();

  // Host threads: waits until no process is alive and every exited one is
  // freed, or the timeout.
  bool WaitForNoProcesses(absl::Duration timeout);
  size_t process_count() const { return table_.size(); }

  // Debug checker: every run queue's invariants; with no process alive, also
  // the process table's and the timer services' (nothing left pending but
  // the `allowed_timers` a test still holds).
  void CheckInvariants();

 private:
  void WakeOneSleeper();
  // After work was pushed to `target`'s queue: wakes `target` if it sleeps,
  // else a sleeping scheduler, which steals the work if `target` stays held
  // (a process or driver that does not yield) -- or, pushed by `target`'s
  // own thread, spreads it.
  void WakeFor(Scheduler& target);
  Scheduler& PlacementFor(Process* p);

  Runtime* runtime_ = nullptr;
  PortSignalSink* port_sink_ = nullptr;
  const int reductions_per_run_;
  ThreadProgress progress_;
  IdTable<Process> table_;
  NameRegistry registry_;
  std::vector<std::unique_ptr<Scheduler>> schedulers_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> only_ports_{false};
  std::atomic<bool> stopped_{false};
  std::atomic<bool> started_{false};
  std::atomic<int> sleeping_{0};
  std::atomic<uint32_t> round_robin_{0};
  std::atomic<size_t> unfreed_{0};  // spawned and not yet deleted
  std::mutex exit_mutex_;           // with exit_cv_: wakes WaitForNoProcesses
  std::condition_variable exit_cv_;
};

// Makes raw Process pointers from the table safe to use on the calling
// thread until it goes out of scope: free on scheduler threads, a thread
// progress delay on any other thread.
class ProtectedSection {
 public:
  explicit ProtectedSection(Node& node);
  ProtectedSection(const ProtectedSection&) = delete;
  ProtectedSection& operator=(const ProtectedSection&) = delete;

 private:
  std::optional<ThreadProgress::DelayGuard> guard_;
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_NODE_H_
