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

#include <array>
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
  // The group leader (where its io goes, Erlang's group_leader/0,2): a pid,
  // or kNonValue for none. Set by the spawner, or by anyone later
  // (group_leader/2); relaxed: a reader sees the old or the new one.
  Term group_leader() const { return Term::FromRaw(group_leader_.load(std::memory_order_relaxed)); }
  void set_group_leader(Term gl) { group_leader_.store(gl.raw(), std::memory_order_relaxed); }

  // ---- the scheduler ----
  int Execute(Scheduler& s, int reductions) override;
  // Marks a freshly created process runnable (before it is published to
  // other threads' run queues).
  void MarkInRunQueue() { state_.store(kInRunQueue, std::memory_order_relaxed); }
  int home_scheduler() const { return home_.load(std::memory_order_relaxed); }
  void set_home_scheduler(int s) { home_.store(s, std::memory_order_relaxed); }

  // ---- the process itself (its body, while kRunning) ----
  // Made on first use: an Erlang process keeps its terms elsewhere and
  // needs this heap only for its exit reason.
  Heap& heap() {
    if (heap_ == nullptr) heap_ = std::make_unique<Heap>();
    return *heap_;
  }
  Relations& relations();
  bool trap_exit() const { return trap_exit_; }
  void set_trap_exit(bool on) { trap_exit_ = on; }
  // Spends reductions; the process yields at its next wait point when the
  // budget is gone.
  void Bump(int reductions) {
    reductions_left_ -= reductions;
    reductions_ += static_cast<uint64_t>(reductions);
  }
  int reductions_left() const { return reductions_left_; }
  // What its body has spent since it started (process_info's reductions).
  uint64_t reductions() const { return reductions_; }
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
  // Whether an Erlang receive waits with nothing to look at (so a body
  // answering a request between runs can tell waiting from runnable).
  bool WaitsForMessage() const { return waiting_ && !WaitIsOver(); }
  // Takes in the signals that arrived, as a receive does at the end of the
  // mailbox (process_info's messages count them). They may end the
  // process: the body then stops at its next wait. Only the thread running
  // the process may call it.
  void TakeInSignals() {
    if (state_.load(std::memory_order_relaxed) & kPending) HandleSignals();
  }

  // ---- Erlang receive (the emulator's loop_rec, remove_message, wait...) ----
  // The mailbox has a save position, as in BEAM: the messages before it were
  // rejected by the receive in progress. It moves on as clauses reject
  // messages and goes back to the first message when one is taken or the
  // receive times out. (Native bodies use BeginReceive instead; a process
  // uses one or the other.)
  //
  // The message at the save position, or nullptr at the end of the mailbox.
  // At the end, signals that arrived meanwhile are taken in first (they may
  // end the process: the body then stops at its next wait).
  Signal* MessageAtSave();
  // The receive rejected the message at the save position.
  void SkipMessageAtSave();
  // The receive took the message at the save position: it leaves the
  // mailbox, the save position goes back to the first message and the
  // receive's timer stops.
  std::unique_ptr<Signal> TakeMessageAtSave();
  // Before the body returns kWaiting: it runs again when a message lies at
  // the save position, or once `timeout_ms` (-1: never) has passed since
  // the receive first waited -- the timer starts once per receive.
  void WaitForMessage(int64_t timeout_ms);
  // The receive's `after` fired; the body handles it with ReceiveTimedOut,
  // which stops the timer and moves the save position back to the first
  // message.
  bool receive_timed_out() const { return receive_timed_out_; }
  // Whether the receive in progress has waited already (its `after` value
  // was read then: the body's registers do not survive a wait).
  bool receive_waited() const { return receive_waited_; }
  void ReceiveTimedOut();

  // ---- receive markers (BEAM's recv_marker_* instructions) ----
  // A receive that waits for a reply carrying a reference made just before
  // the request need not look at the messages already in the mailbox when
  // the reference was made: none of them can hold it. A marker remembers
  // the mailbox's end at that moment; bound to the reference, it lets the
  // receive start there. Markers live in a small ring: a new one takes the
  // oldest slot, so one never cleared (an exception came between) is
  // reused, and a marker lost that way only costs a full scan. Message
  // removals keep every marker's link in the mailbox.
  //
  // A marker at the end of the mailbox now; its number (>= 1) names it.
  uint64_t ReserveReceiveMarker();
  // Marker `number`, if it still holds its slot, stands for `ref`.
  void BindReceiveMarker(uint64_t number, MonitorRef ref);
  // At a receive's start: the save position moves to the marker bound to
  // `ref`, if there is one.
  void UseReceiveMarker(MonitorRef ref);
  // The receive is over: the marker bound to `ref` goes.
  void ClearReceiveMarker(MonitorRef ref);

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
  // A kRequest: answered by the body now, or once its Resume returns when
  // it arrives during one (ProcessBody::AnswerRequest says why).
  void HandleRequest(std::unique_ptr<Signal> s);
  void AnswerRequest(std::unique_ptr<Signal> s);
  bool TryCompleteReceive();
  // Takes the message `*link` out of the mailbox; a marker just after it
  // moves to `link`.
  std::unique_ptr<Signal> UnlinkMessage(Signal** link);
  struct ReceiveMarker {
    uint64_t number = 0;  // 0: free
    bool bound = false;
    MonitorRef ref;
    Signal** link = nullptr;  // the messages after it came after the reserve
  };
  static constexpr size_t kReceiveMarkers = 4;
  // Made at the first reserve, as BEAM's marker block: most processes
  // never make a call that uses one.
  struct ReceiveMarkers {
    std::array<ReceiveMarker, kReceiveMarkers> slots;
    uint64_t reserved = 0;  // markers reserved so far (the last one's number)
  };
  ReceiveMarker* MarkerBoundTo(MonitorRef ref);
  // Whether an Erlang receive that waits has something to look at.
  bool WaitIsOver() const { return *save_ != nullptr || receive_timed_out_; }
  void StopReceiveTimer();
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
  std::atomic<uint64_t> group_leader_{kNonValue.raw()};
  SignalInQueue in_queue_;

  // Owned by the running thread.
  SignalList mailbox_;
  std::unique_ptr<Heap> heap_;
  std::unique_ptr<Relations> relations_;
  std::unique_ptr<ProcessBody> body_;
  ReceiveRequest* receive_ = nullptr;
  // Erlang receive: the save position (a link in mailbox_), whether the
  // body waits, the `after` timer (kept until the receive ends, fired or
  // not) and whether it fired.
  Signal** save_ = mailbox_.head_link();
  bool waiting_ = false;
  bool receive_timed_out_ = false;
  bool receive_waited_ = false;
  Timer* receive_timer_ = nullptr;
  std::unique_ptr<ReceiveMarkers> markers_;
  internal::ProcessRetry* retry_ = nullptr;  // lives in the body, like receive_
  // Whether body_->Resume is on the stack, and the requests that came
  // meanwhile (answered when it returns, or as gone if the process ends).
  bool in_body_ = false;
  SignalList deferred_requests_;
  Term exit_reason_ = kNonValue;  // lives on heap_ once set
  uint64_t reductions_ = 0;
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
      if (save_ == &(*link)->next) save_ = link;
      UnlinkMessage(link);
    } else {
      link = &(*link)->next;
    }
  }
}

}  // namespace ling

#endif  // LING_RUNTIME_CORE_PROCESS_H_
