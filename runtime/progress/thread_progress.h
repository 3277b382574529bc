// ThreadProgress: safe memory reclamation for the runtime, after erts's
// erl_thr_progress. Memory that other threads may still reach (a process
// object found in the lock-free process table, a port task found through a
// handle) is unlinked first and freed only after a grace period: once every
// thread that could have seen it has provably let go.
//
// Who is who:
//   - Managed threads (the schedulers), indices 0..managed-1, each index used
//     by exactly one thread. They hold references only between two
//     Quiescent() calls; Quiescent() says "I hold nothing from before".
//     While asleep (between Sleep() and Wake()) they hold nothing and do not
//     hold progress back.
//   - Unmanaged threads (host threads, a poller) hold references only inside
//     a DelayGuard. While a guard lives, nothing that was reachable when it
//     was taken is freed.
//
// Guarantee: a callback passed to Retire()/RetireShared() after the memory was
// unlinked runs only after every managed thread that was awake has passed a
// Quiescent() (or slept) and every DelayGuard taken before the unlink has
// ended. Callbacks retired by one thread run in retire order, on that thread
// (RetireShared callbacks run on some managed thread, or in DrainAll()).
//
// How: a global epoch advances from g to g+1 once every awake managed thread
// has observed g at a quiescent point and every live guard was taken at g.
// Memory retired at epoch e is freed when the epoch reaches e+2. Epoch words
// and the observations are sequentially consistent where a store on one side
// must be seen by a load on the other (the store-buffer pattern).
#ifndef LING_RUNTIME_PROGRESS_THREAD_PROGRESS_H_
#define LING_RUNTIME_PROGRESS_THREAD_PROGRESS_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/functional/any_invocable.h"

namespace ling {

class ThreadProgress {
 public:
  // managed: the number of managed threads. unmanaged_slots: how many
  // DelayGuards may be live at once before the next one waits for a slot.
  ThreadProgress(int managed, int unmanaged_slots);
  ThreadProgress(const ThreadProgress&) = delete;
  ThreadProgress& operator=(const ThreadProgress&) = delete;
  ~ThreadProgress();

  // ---- managed thread `i` only -------------------------------------------------
  // A scheduling point: holds no reference from before. Cheap when nothing is
  // pending; otherwise also advances the epoch if it can and runs ready
  // callbacks.
  void Quiescent(int i);
  // Going to sleep / back from sleep. A thread starts asleep.
  void Sleep(int i);
  void Wake(int i);
  // Runs free_fn on thread i after a grace period.
  void Retire(int i, absl::AnyInvocable<void()> free_fn);
  bool HasPending(int i) const;
  // Runs the callbacks of thread i (and shared ones) whose grace period is
  // over; returns how many ran.
  size_t Reclaim(int i);

  // ---- any thread ------------------------------------------------------------------
  void RetireShared(absl::AnyInvocable<void()> free_fn);

  class DelayGuard {
   public:
    DelayGuard(DelayGuard&& other) noexcept : owner_(other.owner_), slot_(other.slot_) {
      other.owner_ = nullptr;
    }
    DelayGuard(const DelayGuard&) = delete;
    DelayGuard& operator=(const DelayGuard&) = delete;
    DelayGuard& operator=(DelayGuard&&) = delete;
    ~DelayGuard();

   private:
    friend class ThreadProgress;
    DelayGuard(ThreadProgress* owner, int slot) : owner_(owner), slot_(slot) {}
    ThreadProgress* owner_;
    int slot_;
  };
  // Holds back reclamation of everything reachable now until the guard ends.
  // Never fails; waits (yielding) only if every slot is taken.
  DelayGuard DelayProgress();

  // ---- shutdown --------------------------------------------------------------------
  // Runs every pending callback, ready or not. Only when no other thread uses
  // this object any more.
  void DrainAll();

  // Debug checker (any time): epochs never run ahead of the global one,
  // pending lists are in epoch order and no older than the epoch allows.
  void CheckInvariants() const;

  uint64_t epoch() const { return epoch_.load(std::memory_order_seq_cst); }

 private:
  static constexpr uint64_t kAsleep = 0;  // an epoch value never used

  struct Pending {
    uint64_t epoch;
    absl::AnyInvocable<void()> fn;
  };
  struct alignas(64) Managed {
    std::atomic<uint64_t> observed{kAsleep};
    std::deque<Pending> pending;  // owner thread only
  };
  struct alignas(64) Slot {
    std::atomic<uint64_t> observed{kAsleep};
  };

  // Publishes the current epoch in `word` so that no advance can miss it.
  uint64_t Observe(std::atomic<uint64_t>& word);
  bool TryAdvance();
  size_t RunReady(std::deque<Pending>& list, uint64_t now);
  size_t ReclaimShared(uint64_t now);

  std::atomic<uint64_t> epoch_{1};
  std::unique_ptr<Managed[]> managed_;
  const int managed_count_;
  std::unique_ptr<Slot[]> slots_;
  const int slot_count_;
  std::atomic<int> slots_in_use_{0};
  std::mutex shared_mutex_;
  std::deque<Pending> shared_;  // guarded by shared_mutex_
  std::atomic<bool> shared_nonempty_{false};
};

}  // namespace ling

#endif  // LING_RUNTIME_PROGRESS_THREAD_PROGRESS_H_
