// Port: an entity like a process that runs native driver code. Every signal
// to a port is a PortTask in its semi-locked task queue (task_queue.h), so
// one thread at a time executes the port's signals, in order, without ever
// touching a run-queue lock to queue them.
//
// Scheduling state (flags_, one atomic word; every change is an atomic
// read-modify-write, most under the scheduling lock; the executor sets and
// clears kHaveBusyTasks under the port lock):
//   kInRunQueue     the port sits in a run queue
//   kExec           a scheduler executes it (a sender running one
//                   uncontended signal at once holds the port lock only)
//   kHaveTasks      the public or private queue holds tasks
//   kBusyPort       the driver said busy: commands wait in the busy queue
//   kBusyPortQueue  queued command bytes reached the high limit: command
//                   senders suspend (commands are still delivered)
//   kClosed         closed: new tasks are refused, the port is going away
//   kForceSched     never execute immediately (port parallelism)
//   kHaveBusyTasks  the busy queue holds tasks (set by the executor as it
//                   blocks one, cleared when busy clears or the port closes)
//   kRetireDeferred closed while in a run queue: the scheduler that pops it
//                   retires it
//
// Locks: the scheduling lock (sched_mutex_) guards the public queue, the
// flags' transitions and the suspended senders; the port lock (port_mutex_)
// is held by whoever executes driver code. A thread holding the port lock
// may take the scheduling lock, never the other way round.
#ifndef LING_PORTS_PORT_H_
#define LING_PORTS_PORT_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "ling/term.h"
#include "ling/types.h"
#include "ports/driver.h"
#include "ports/port_task.h"
#include "ports/task_queue.h"
#include "runtime/core/schedulable.h"
#include "runtime/core/timer_service.h"
#include "runtime/term/heap.h"

namespace ling {

class PortSystem;
class Scheduler;

// One selected descriptor of a port: what the driver wants from it, and the
// handles of the (at most one per direction) ready task scheduled for it.
struct FdSelect {
  uint64_t port_id;
  int fd;
  // DriverContext::kSelectRead | kSelectWrite: written by the port, read by
  // the poller thread.
  std::atomic<uint32_t> events;
  PortTaskHandle input;
  PortTaskHandle output;
};

class Port final : public Schedulable, private DriverContext {
 public:
  static constexpr uint32_t kInRunQueue = 1u << 0;
  static constexpr uint32_t kExec = 1u << 1;
  static constexpr uint32_t kHaveTasks = 1u << 2;
  static constexpr uint32_t kBusyPort = 1u << 3;
  static constexpr uint32_t kBusyPortQueue = 1u << 4;
  static constexpr uint32_t kClosed = 1u << 5;
  static constexpr uint32_t kForceSched = 1u << 6;
  static constexpr uint32_t kHaveBusyTasks = 1u << 7;
  static constexpr uint32_t kRetireDeferred = 1u << 8;

  // `name`: the driver's name, or the program of a spawn port (port_info).
  // `limits`: the busy port queue's (busy_limits_msgq); `port_queue`: the
  // driver's own output queue's (busy_limits_port, see DriverContext).
  Port(PortSystem& system, uint64_t id, std::string name, Term owner,
       std::unique_ptr<Driver> driver, const PortLimits& limits, const PortLimits& port_queue,
       bool force_scheduling, bool binary_data = true);
  ~Port();

  uint64_t id() const { return id_; }
  Term term() const { return MakePort(id_); }
  uint32_t flags() const { return flags_.load(std::memory_order_acquire); }
  Term owner_term() const { return Term::FromRaw(owner_.load(std::memory_order_acquire)); }
  size_t queued_bytes() const { return queued_bytes_.load(std::memory_order_acquire); }
  // Output bytes the driver holds, not yet written (SetHeldOutput). Any
  // thread.
  size_t held_output() const { return held_output_.load(std::memory_order_acquire); }
  // The most command bytes ever queued at once (the busy port queue's bound
  // at work).
  size_t peak_queued_bytes() const { return peak_queued_bytes_.load(std::memory_order_relaxed); }
  // How often a sender was suspended on this port (busy port or queue).
  uint64_t suspensions() const { return suspensions_.load(std::memory_order_relaxed); }
  bool soft_busy() const { return driver_->soft_busy(); }
  const PortLimits& limits() const { return limits_; }

  // Starts the driver (the opener, right after publishing the port). On
  // failure the port is closed and goes away.
  absl::Status StartDriver();

  // ---- any thread (inside a thread-progress protected section) ----
  enum class Submitted { kExecuted, kQueued, kClosed };
  // Runs `task` at once in the calling thread if the port is uncontended
  // (no task queued, not claimed by its scheduler, not busy, port lock
  // free) and `immediate` allows it;
  // otherwise queues it and makes the port runnable. A sender that ran at
  // once also runs, under the same lock, up to 64 tasks that others queued
  // meanwhile (flat combining).
  // Takes ownership. kClosed: refused (the caller still owns nothing: the
  // task is answered as undeliverable and freed).
  Submitted Submit(std::unique_ptr<PortTask> task, bool immediate);
  // As Submit with immediate=true, for a task the caller keeps (on its
  // stack, its data borrowed from the sender's buffers): run at once when
  // uncontended -- no allocation, no copy -- otherwise a copy is queued
  // (PortTask::QueuedCopy). For tasks without an argument or handle.
  Submitted SubmitBorrowed(PortTask& task);
  // Queues an abortable task: `handle` refers to it until it runs or is
  // dropped (then handle.scheduled() turns false).
  Submitted SubmitAbortable(std::unique_ptr<PortTask> task, PortTaskHandle& handle);
  // Registers `sender` to be resumed when the port stops being busy.
  // Returns false (and registers nothing) if it is not busy any more.
  bool SuspendUntilNotBusy(Term sender);

  // ---- schedulers ----
  int Execute(Scheduler& s, int reductions) override;

  // Walks the queues and tables under both locks; asserts the invariants.
  // Not while this thread executes the port.
  void CheckInvariants();

 private:
  // ---- DriverContext (executor only) ----
  Term port() const override { return term(); }
  Term owner() const override { return owner_term(); }
  void OutputToOwner(std::span<const uint8_t> bytes) override;
  void Send(Term to, Term message) override;
  Heap& scratch() override { return scratch_; }
  const PortLimits& port_queue_limits() const override { return port_queue_; }
  Term DataTerm(std::span<const uint8_t> bytes) override;
  void SetBusy(bool busy) override;
  void SetHeldOutput(size_t bytes) override;
  void SetTimer(int64_t ms) override;
  void CancelTimer() override;
  void Exit(Term reason) override;
  MonitorRef MonitorProcess(Term pid) override;
  absl::Status Select(int fd, uint32_t events, bool on) override;
  bool DemonitorProcess(MonitorRef ref) override;

  // ---- executor (port lock held) ----
  // Runs queued tasks in order (blocking what a busy port must not take)
  // until the queue is empty, the port closes or `budget` reductions are
  // spent; returns what is left of the budget. The scheduler's Execute and
  // a sender that ran its own signal at once both drain through here.
  int RunQueuedTasks(int budget);
  // Pops the next task, fetching the public queue when the private one is
  // dry. nullptr when there is none.
  PortTask* NextTask();
  // Runs one task; returns the answer owed to a waiting sender (kNonValue:
  // none), built on scratch_.
  Term RunTask(PortTask* task);
  // Every task leaves through here, executed or not: the queued-bytes
  // accounting (busy port queue) and the reply owed to a waiting sender.
  void SettleTask(PortTask& task, Term reply);
  // SettleTask, then frees a queued task (after thread progress if it had a
  // handle).
  void RetireTask(std::unique_ptr<PortTask> task, Term reply);
  // port_info's items, built on scratch_.
  Term InfoList();
  // port_info's queue_size: the commands queued and the bytes the driver
  // holds. Port lock.
  size_t QueueSize() const;
  // port_info/2's {Item, Value} as erl answers it (badarg for an unknown
  // item), or port_info/1's list when `item` is kNonValue; on scratch_.
  Term ErlangInfo(Term item);
  // The answer to a request dropped because the port closed first.
  Term DroppedReply(const PortTask& task);
  // Claims a task for execution (kQueued -> kExecuting) and detaches its
  // handle; false if it was aborted first.
  static bool Claim(PortTask* task);
  void ReleaseQueuedBytes(size_t bytes);
  // Takes the settled commands' bytes (unreleased_bytes_) off the count.
  void FlushReleasedBytes();
  // Clears the flag bits; resumes suspended senders when nothing keeps the
  // port busy any more. Caller holds sched_mutex_.
  std::vector<uint64_t> ClearBusyLocked(uint32_t bits);
  // Busy port cleared: the blocked tasks go back in front of the private
  // queue. True if the caller must push the port to a run queue. Caller
  // holds sched_mutex_ (and the port lock).
  bool UnblockLocked();
  void Reply(const PortTask& task, Term result);
  void HandleExitTask(const PortTask& task);
  void Close(Term reason);
  // Runs `task` in the calling thread if it may (legacy, or immediate when
  // uncontended); the outcome, or nullopt if it must be queued.
  std::optional<Submitted> RunInSender(PortTask& task, bool immediate);
  // Legacy mode runs this task in its sender, under the blocking port lock
  // -- unless the sender has tasks queued (they went to a busy port): then
  // RunLocked gives nullopt and the task is queued behind them.
  bool RunsLocked(const PortTask& task) const;
  std::optional<Submitted> RunLocked(PortTask& task);
  // Claims the uncontended port and runs `task` in the caller; false (and
  // nothing done) if the port is busy, scheduled, executing or forced.
  bool TryRunImmediately(PortTask& task);
  // Queues `task` and makes the port runnable.
  Submitted Schedule(std::unique_ptr<PortTask> task);
  // Runs a claimed task outside the executor loop (immediate or legacy);
  // closes the port if the task asked for it. Port lock held.
  void RunInCaller(PortTask& task);
  // Ends scheduled execution (scheduling lock held): requeues if tasks
  // remain. True if the caller must push the port to a run queue.
  bool FinishExecLocked();
  // Whether a task waits in the public or private queue (not counting
  // blocked ones). Caller holds sched_mutex_ and the port lock.
  bool HasQueuedTasksLocked() const { return !queue_.public_empty() || !queue_.private_empty(); }

  PortSystem& system_;
  const uint64_t id_;
  const std::string name_;
  const PortLimits limits_;
  const bool binary_data_;  // open_port's binary option: data as binaries, else lists
  const PortLimits port_queue_;
  std::atomic<uint32_t> flags_{0};
  std::atomic<uint64_t> owner_;
  std::atomic<size_t> queued_bytes_{0};
  std::atomic<size_t> peak_queued_bytes_{0};  // written under sched_mutex_
  std::atomic<size_t> held_output_{0};        // written under the port lock
  // Bytes of settled commands still in queued_bytes_: the executor takes
  // them off in batches of release_batch_ bytes and at the end of each run,
  // as every sender writes that counter's cache line. Port lock.
  size_t unreleased_bytes_ = 0;
  const size_t release_batch_;
  std::atomic<uint64_t> suspensions_{0};

  std::mutex sched_mutex_;
  PortTaskQueue queue_;              // see task_queue.h for who may touch what
  std::vector<uint64_t> suspended_;  // senders to resume; guarded by sched_mutex_

  std::mutex port_mutex_;
  std::unique_ptr<Driver> driver_;       // port lock
  Heap scratch_;                         // port lock
  uint64_t bytes_in_ = 0;                // port lock: bytes sent to the owner (port_info input)
  uint64_t bytes_out_ = 0;               // port lock: command bytes given to the driver (output)
  absl::flat_hash_set<uint64_t> links_;  // port lock; raw entity terms
  absl::flat_hash_map<MonitorRef, uint64_t> monitored_by_;     // port lock
  absl::flat_hash_map<MonitorRef, uint64_t> driver_monitors_;  // port lock: ref -> pid
  // Selected descriptors (port lock). The records are reached from the
  // poller thread through their cookie, so they are retired through thread
  // progress, never deleted in place.
  absl::flat_hash_map<int, FdSelect*> selects_;
  void Deselect(int fd, FdSelect* record);
  void RearmAfter(const PortTask& task);
  Timer* timer_ = nullptr;  // port lock
  bool closing_ = false;    // port lock: the port is to close
  // port lock: who asked for the close under way. Close answers them once
  // the port is gone and its exit signals are out, as BEAM orders them: the
  // sender of {Pid, close} gets {Port, closed}, a port_close caller its
  // reply (earlier, it could still find the port open and link to it).
  struct Closer {
    Term connected = kNonValue;  // {Pid, close}'s Pid
    Term caller = kNonValue;     // a request's sender waiting for its reply
    MonitorRef ref{};
  };
  Closer closer_;
  Term close_reason_ = kNonValue;                       // port lock
  std::unique_ptr<HeapFragment> close_reason_storage_;  // holds a boxed reason
  void SetClosing(Term reason);
};

}  // namespace ling

#endif  // LING_PORTS_PORT_H_
