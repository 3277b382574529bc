// RunQueue: one scheduler's queue of runnable work, as BEAM's run queues:
// four process queues by priority (max, high, normal, low) and one port queue.
//
// Policy of Pop():
//   - max-priority processes run before anything else;
//   - then high before normal/low;
//   - normal and low share: a low process gets its turn after every
//     kLowSkips normal picks (so low never starves behind normal);
//   - ports alternate with processes: when both are ready, a port runs after
//     every process and a process after every port;
//   - the "next" slot (PushNext) holds the normal-priority process most
//     recently woken by this scheduler's own running process: it runs next,
//     while its message is hot in this core's cache, and thieves leave it
//     alone, so a ping-pong of messages stays on one core. It jumps the
//     queues only while the caller says so (`next_first`: the scheduler
//     lets a chain of wake-ups share one time slice, as Go's runnext);
//     otherwise it joins the back of its queue like any other process.
//
// Concurrency contract: every method takes the queue's own mutex (never held
// across anything but list surgery). length() is an atomic hint readable
// without the lock, used by thieves and by the wake-up protocol.
#ifndef LING_RUNTIME_CORE_RUN_QUEUE_H_
#define LING_RUNTIME_CORE_RUN_QUEUE_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <mutex>

#include "runtime/base/intrusive_fifo.h"
#include "runtime/core/schedulable.h"

namespace ling {

class RunQueue {
 public:
  static constexpr int kLowSkips = 8;

  RunQueue() = default;
  RunQueue(const RunQueue&) = delete;
  RunQueue& operator=(const RunQueue&) = delete;

  void Push(Schedulable* item);
  // For the owning scheduler's thread: queue a process it just woke.
  void PushNext(Schedulable* item);
  struct Popped {
    Schedulable* item = nullptr;  // nullptr: nothing runnable here
    bool from_next = false;       // it came from the next slot
  };
  Popped Pop(bool next_first);
  // Moves about half of the processes queued here (highest priority first)
  // into `thief`; returns how many moved. Ports stay: their state is bound to
  // this scheduler's lock-free fast paths only by the port issue's rules.
  size_t StealHalfInto(RunQueue& thief);

  // seq_cst so that the wake-up protocol (push, then check "asleep") pairs
  // with the sleeper's (set "asleep", then check length).
  size_t length() const { return length_.load(std::memory_order_seq_cst); }
  // What a thief may take (everything but the next slot).
  size_t stealable() const { return stealable_.load(std::memory_order_seq_cst); }

  // Walks every queue under the lock and checks lengths and links.
  void CheckInvariants() const;

 private:
  using Fifo = IntrusiveFifo<Schedulable, &Schedulable::runq_next_>;
  static constexpr int kPortQueue = kPriorityCount;

  Schedulable* PopProcessLocked(bool next_first, bool* from_next);
  void PushLocked(Schedulable* item);

  mutable std::mutex mutex_;
  std::array<Fifo, kPriorityCount + 1> queues_;  // guarded by mutex_
  int normal_picks_ = 0;                         // guarded by mutex_
  bool last_was_port_ = false;                   // guarded by mutex_
  Schedulable* next_ = nullptr;                  // guarded by mutex_
  std::atomic<size_t> length_{0};                // all queued items
  std::atomic<size_t> stealable_{0};             // all but next_
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_RUN_QUEUE_H_
