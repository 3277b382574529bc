// Scheduler: one OS thread with its run queue and timer wheel. It pops
// processes (and later ports) and executes them; when its queue is empty it
// steals from the others, and when there is nothing anywhere it sleeps on a
// futex until work or its next timer is due (no spinning).
//
// Concurrency contract:
//   - run_queue() may be pushed to by any thread.
//   - Wake() may be called by any thread; it is cheap when the scheduler is
//     awake.
//   - Everything else is called by the scheduler's own thread only.
//   - Schedulers are "managed threads" of the node's ThreadProgress: each
//     pass of the loop is a quiescent point (nothing from the previous
//     iteration is still referenced).
#ifndef LING_RUNTIME_CORE_SCHEDULER_H_
#define LING_RUNTIME_CORE_SCHEDULER_H_

#include <atomic>
#include <cstdint>
#include <thread>

#include "runtime/core/run_queue.h"
#include "runtime/core/timer_service.h"

namespace ling {

class Node;

class Scheduler {
 public:
  Scheduler(Node& node, int index);
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  ~Scheduler();

  int index() const { return index_; }
  Node& node() const { return node_; }
  RunQueue& run_queue() { return run_queue_; }
  TimerService& timers() { return timers_; }

  // The scheduler running on the calling thread, or nullptr for any other
  // thread (host threads, the poller).
  static Scheduler* Current();

  void Start();
  // Returns once the thread has left its loop (after the node's stop flag).
  void Join();

  // Any thread: makes a sleeping scheduler look for work again. False when
  // it was awake (it will see its queue, but perhaps only after whatever
  // holds it now: Node::WakeFor).
  bool Wake();
  bool asleep() const { return sleep_word_.load(std::memory_order_seq_cst) != 0; }

  // Any thread (statistics/1): the reductions spent by the processes and
  // ports this scheduler ran, and how many times it ran one, since it
  // started. Counted by its own thread only, so relaxed loads and stores.
  uint64_t reductions() const { return reductions_.load(std::memory_order_relaxed); }
  uint64_t runs() const { return runs_.load(std::memory_order_relaxed); }

 private:
  void Loop();
  RunQueue::Popped FindWork();
  RunQueue::Popped Steal();
  void Sleep();

  Node& node_;
  const int index_;
  RunQueue run_queue_;
  TimerService timers_;
  std::thread thread_;
  // 1 while the thread sleeps (or is about to) on it as a futex word.
  std::atomic<uint32_t> sleep_word_{0};
  uint32_t steal_cursor_ = 0;
  // What is left of the time slice of the last item run: a process it woke
  // into the next slot runs on that, so a chain of wake-ups shares one slice
  // and cannot starve the queues. Scheduler thread only.
  int slice_left_ = 0;
  std::atomic<uint64_t> reductions_{0};
  std::atomic<uint64_t> runs_{0};
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_SCHEDULER_H_
