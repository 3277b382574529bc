// Process: a lightweight, isolated unit of execution with its own heap and a
// signal queue, run by whichever scheduler pops it.
//
// Scheduling state (state_, one atomic word) -- the only part of a process
// that other threads touch besides the in-queue:
//   kInRunQueue  it sits in exactly one run queue
//   kRunning     a scheduler is executing it (owns everything below)
//   kPending     signals were pushed since the owner last took the in-queue
//   kExited      it terminated; senders that still hold a pointer only push
//                (the final drain after thread progress answers them)
// Invariant: kPending implies kInRunQueue, kRunning or kExited, so a pushed
// signal is always seen. kInRunQueue and kRunning are never both set.
//
// Everything else (mailbox, heap, links, monitors, the body) belongs to the
// thread running the process (kRunning), or to the terminating scheduler.
#ifndef LING_RUNTIME_CORE_PROCESS_H_
#define LING_RUNTIME_CORE_PROCESS_H_

#include <atomic>
#include <cstdint>
#include <memory>

#include "ling/native.h"
#include "ling/term.h"
#include "runtime/core/process_body.h"
#include "runtime/core/relations.h"
#include "runtime/core/schedulable.h"
#include "runtime/core/signal_queue.h"
#include "runtime/core/timer_service.h"
#include "runtime/term/heap.h"

namespace ling {

class Node;

using internal::ReceiveRequest;

class Process final : public Schedulable {
 public:
  static constexpr uint32_t kInRunQueue = 1u << 0;
  static constexpr uint32_t kRunning = 1u << 1;
  static constexpr uint32_t kPending = 1u << 2;
  static constexpr uint32_t kExited = 1u << 3;

  Process(Node& node, uint64_t id, Priority priority, std::unique_ptr<ProcessBody> body);
  ~Process();

  uint64_t id() const { return id_; }
  Term pid() const { return MakePid(id_); }
  Node& node() const { return node_; }

  // ---- any thread (inside a thread-progress protected section) ----
  // Queues a signal and makes the process runnable if it was idle.
  void Deliver(std::unique_ptr<Signal> signal);
  uint32_t state() const { return state_.load(std::memory_order_acquire); }

  // ---- the scheduler ----
  int Execute(Scheduler& s, int reductions) override;
  // Marks a freshly created process runnable (before it is published to
  // other threads' run queues).
  void MarkInRunQueue() { state_.store(kInRunQueue, std::memory_order_relaxed); }
  int home_scheduler() const { return home_.load(std::memory_order_relaxed); }
  void set_home_scheduler(int s) { home_.store(s, std::memory_order_relaxed); }

  // ---- the process itself (its body, while kRunning) ----
  Heap& heap() { return heap_; }
  Relations& relations();
  bool trap_exit() const { return trap_exit_; }
  void set_trap_exit(bool on) { trap_exit_ = on; }
  Term registered_name() const { return registered_name_; }
  void set_registered_name(Term name) { registered_name_ = name; }
  // Spends reductions; the process yields at its next wait point when the
  // budget is gone.
  void Bump(int reductions) { reductions_left_ -= reductions; }
  int reductions_left() const { return reductions_left_; }
  // Starts or continues a selective receive (see ReceiveRequest). Returns
  // true when it completed at once (a match in the mailbox, or timeout 0).
  bool BeginReceive(ReceiveRequest* request);
  // Leaves the process by exit/1: terminates with `reason` once the body
  // returns control.
  void RequestExit(Term reason);
  void RequestYield() { yield_requested_ = true; }
  // Suspension (a busy port): the body does not run again until as many
  // kResume signals have arrived. Signals are still handled meanwhile.
  void Suspend() { ++suspend_count_; }
  bool suspended() const { return suspend_count_ > 0; }
  // Once resumed, `retry` runs before the body does (see ProcessRetry).
  void SetRetry(internal::ProcessRetry* retry) { retry_ = retry; }
  // Drops every message in the mailbox that `drop` accepts (demonitor flush).
  template <class F>
  void DropMessages(F&& drop);
  const SignalList& mailbox() const { return mailbox_; }
  bool receiving() const { return receive_ != nullptr; }

  // ---- the final drain, after thread progress ----
  // Answers signals that arrived after termination (link -> noproc exit,
  // monitor -> noproc DOWN) and frees the rest.
  void DrainAfterExit();

  // Debug checker: scheduling-state bits are consistent, mailbox links hold.
  void CheckInvariants() const;

 private:
  // Moves the in-queue into the mailbox and handles control signals.
  void HandleSignals();
  void HandleSignal(std::unique_ptr<Signal> s);
  void HandleExitSignal(std::unique_ptr<Signal> s);
  void HandleDown(std::unique_ptr<Signal> s);
  bool TryCompleteReceive();
  void BeginTermination(Term reason);
  // Both end a run and pass through the reductions it `used`.
  int Terminate(Scheduler& s, int used);
  // Gives the process back to a run queue (it yielded).
  int Requeue(Scheduler& s, int used);
  // Clears kRunning if no signal is pending; false if there is one.
  bool TryGoIdle();

  Node& node_;
  const uint64_t id_;
  std::atomic<uint32_t> state_{0};
  std::atomic<int> home_{0};
  SignalInQueue in_queue_;

  // Owned by the running thread.
  SignalList mailbox_;
  Heap heap_;
  std::unique_ptr<Relations> relations_;
  std::unique_ptr<ProcessBody> body_;
  ReceiveRequest* receive_ = nullptr;
  internal::ProcessRetry* retry_ = nullptr;  // lives in the body, like receive_
  Term registered_name_ = kNonValue;
  Term exit_reason_ = kNonValue;  // lives on heap_ once set
  int reductions_left_ = 0;
  int suspend_count_ = 0;
  bool trap_exit_ = false;
  bool exiting_ = false;
  bool yield_requested_ = false;
};

template <class F>
void Process::DropMessages(F&& drop) {
  Signal** link = mailbox_.head_link();
  while (*link != nullptr) {
    if (drop((*link)->term)) {
      if (receive_ != nullptr && receive_->scan == &(*link)->next) receive_->scan = link;
      mailbox_.Unlink(link);
    } else {
      link = &(*link)->next;
    }
  }
}

}  // namespace ling

#endif  // LING_RUNTIME_CORE_PROCESS_H_
