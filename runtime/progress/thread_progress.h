// ThreadProgress: safe memory reclamation for libling, in the role of erts's
// erl_thr_progress. It is quiescent-state-based reclamation (QSBR) with a
// global epoch, written for this runtime (no liburcu).
//
// -----------------------------------------------------------------------------
// What it is for
// -----------------------------------------------------------------------------
// Lock-free structures (the process table, port task handles) hand out raw
// pointers without pinning them. When an object is unlinked from such a
// structure, another thread may still hold a pointer it loaded a moment ago.
// ThreadProgress defers the free ("retire") until every thread that could hold
// such a pointer has provably let go of it:
//
//   ThreadProgress progress(/*managed_threads=*/4);
//
//   // Scheduler thread i, its loop:
//   progress.Wake(i);                      // once, when the loop starts
//   for (;;) {
//     Process* p = table.Lookup(id);       // safe: between scheduling points
//     ...
//     progress.Quiescent(i);               // scheduling point: holds nothing
//     if (nothing_to_run) {
//       progress.Sleep(i); WaitForWork(); progress.Wake(i);
//     }
//   }
//
//   // Whoever unlinks an object (here on scheduler i):
//   table.Release(id);                                   // unlink first ...
//   progress.Retire(i, [p] { delete p; });               // ... then retire
//
//   // A host thread or the I/O poller (not a scheduler):
//   {
//     auto guard = progress.DelayProgress();
//     Process* p = table.Lookup(id);       // safe while `guard` lives
//     ...
//   }
//
// -----------------------------------------------------------------------------
// Threads and who may call what
// -----------------------------------------------------------------------------
// Managed threads (schedulers) have indices 0..managed_threads()-1, fixed for
// the life of the object. Index i belongs to one thread at a time: the
// functions taking `int i` must be called only by the thread that owns i
// (ownership may pass to another thread if the hand-over is ordered by a
// happens-before edge, e.g. a join or a mutex; tests use this to play several
// indices from one thread).
//
//   Owner of index i only:  Wake(i), Sleep(i), Quiescent(i), Retire(i, fn),
//                           Reclaim(i).
//   Any thread, any time:   RetireShared(fn), DelayProgress(), TryAdvance(),
//                           HasPending(i), global_epoch(), CheckInvariants().
//   Nobody else running:    DrainAll(), the destructor.
//
// A managed thread is either AWAKE or ASLEEP. Every index starts ASLEEP, so a
// scheduler that has not started yet holds nothing back; the owner calls
// Wake(i) before its first Quiescent(i). Calling Quiescent(i)/Sleep(i) while
// asleep or Wake(i) while awake is a contract violation and aborts.
//
// -----------------------------------------------------------------------------
// What is protected (the guarantee)
// -----------------------------------------------------------------------------
// Call an object "reachable" while a thread can still load a pointer to it
// from a shared structure. The caller of Retire()/RetireShared() must make the
// object unreachable first (the unlink happens before the Retire call), and
// must not publish it again.
//
//   * AWAKE managed thread i: a pointer it loads between two calls of
//     Quiescent(i) (or between Wake(i) and Quiescent(i)/Sleep(i)) stays valid
//     until its next Quiescent(i) or Sleep(i). In other words: every callback
//     retired after an object was unlinked runs only after each thread that
//     was awake at that time has passed Quiescent() or Sleep().
//   * ASLEEP managed thread: holds nothing, blocks nothing. It must not touch
//     shared objects between Sleep(i) and Wake(i).
//   * DelayGuard (any thread): every object that is reachable at the moment
//     DelayProgress() returns, or becomes reachable later, stays allocated
//     until the guard is destroyed: its free callback does not run while the
//     guard lives. Objects already unlinked when the guard was taken are not
//     protected (the guard holder cannot load them anyway) and may be freed
//     while the guard lives. A guard costs one atomic RMW and one fence; it
//     blocks reclamation for everyone, so keep it short (no blocking I/O).
//     Guards nest and may be taken by managed threads too (e.g. around code
//     that must hold a pointer across a scheduling point).
//
// Callbacks retired by Retire(i, fn) run on thread i, inside a later
// Quiescent(i) or Reclaim(i), or in DrainAll(). Callbacks retired by
// RetireShared(fn) run inside Quiescent()/Reclaim() of whichever managed
// thread gets to them first, or in DrainAll(). Callbacks retired by one
// thread (or all RetireShared ones) run in retire order. Callbacks may call Retire(i)
// and RetireShared(), but not Quiescent/Sleep/Wake/Reclaim/DrainAll. A thread
// that sleeps keeps its pending callbacks until it wakes (HasPending(i) lets a
// scheduler prefer a timed sleep while memory waits).
//
// Cost: Quiescent(i) with nothing pending anywhere is three relaxed loads
// (global epoch, own pending count, shared count) and a plain flag check: no
// store, no fence, no RMW. When the global epoch has moved it adds
// one seq_cst fence and one release store. When work is pending it runs ready
// callbacks and tries to advance the epoch: first one relaxed load of the
// record that held the epoch back last time (usually still lagging: done),
// otherwise a fence and a scan of all records and held slots.
//
// -----------------------------------------------------------------------------
// Algorithm and memory orders (the full argument: "Memory-order argument"
// at the top of the implementation section below)
// -----------------------------------------------------------------------------
// A global epoch G (starts at 1, only ever CAS-incremented). Each awake
// managed thread and each held delay slot "announces" a copy of G; idle ones
// announce kIdle. Retire stamps the callback with s = G (read after a seq_cst
// fence). G may advance from g to g+1 only when every announcement is g or
// kIdle. A callback stamped s runs once G >= s + 2.
//
// The class is a template on an atomics policy (folly-style) so a
// deterministic test scheduler can substitute its own atomics and fence;
// production code uses `ThreadProgress = BasicThreadProgress<StdAtomicPolicy>`.
// The std::mutex instances guard cold paths only (the per-thread pending
// lists, which CheckInvariants reads; the shared list; delay-slot overflow;
// the checker). They are std::mutex, not absl::Mutex, because Debian's
// prebuilt Abseil is not TSan-instrumented: TSan would not see its
// happens-before edges. The policy does not cover them.
#ifndef LING_RUNTIME_PROGRESS_THREAD_PROGRESS_H_
#define LING_RUNTIME_PROGRESS_THREAD_PROGRESS_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "runtime/base/check.h"

namespace ling {

// The default atomics policy: std::atomic and a real seq_cst fence.
// A policy provides `template <class T> using Atomic` (with the std::atomic
// interface used here: load, store, compare_exchange_strong, exchange) and
// `static void SeqCstFence()`.
struct StdAtomicPolicy {
  template <class T>
  using Atomic = std::atomic<T>;
  static void SeqCstFence() {
#if defined(__SANITIZE_THREAD__)
    // TSan does not model fences (gcc warns with -Wtsan). It only makes TSan
    // more pessimistic: every happens-before edge the reclamation needs comes
    // from release/acquire pairs, not from this fence. The fence is what keeps
    // a thread from loading an already unlinked pointer (a value-visibility
    // property TSan does not check), so it stays in.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wtsan"
    std::atomic_thread_fence(std::memory_order_seq_cst);
#pragma GCC diagnostic pop
#else
    std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
  }
};

template <class Policy>
class BasicThreadProgress {
  template <class T>
  using Atomic = typename Policy::template Atomic<T>;

 public:
  using Epoch = uint64_t;
  // The announcement of a thread or slot that holds nothing back.
  static constexpr Epoch kIdle = std::numeric_limits<Epoch>::max();
  static constexpr int kDefaultDelaySlots = 64;

  class DelayGuard;

  // managed_threads >= 1 scheduler indices; delay_slots >= 0 lock-free slots
  // for DelayProgress() (more concurrent guards than slots still work, through
  // two shared overflow slots under a mutex).
  explicit BasicThreadProgress(int managed_threads, int delay_slots = kDefaultDelaySlots);
  BasicThreadProgress(const BasicThreadProgress&) = delete;
  BasicThreadProgress& operator=(const BasicThreadProgress&) = delete;
  // Requires: no thread uses the object any more and no DelayGuard is alive.
  // Runs every pending callback (DrainAll()).
  ~BasicThreadProgress();

  int managed_threads() const { return num_managed_; }
  int delay_slots() const { return num_slots_; }

  // ---- Managed thread i (the owner of index i) only ----

  // A scheduling point: thread i holds no pointer obtained before this call.
  // Announces the current global epoch if it moved, then, if callbacks are
  // pending (own or shared), runs the ready ones and helps advance the epoch.
  // Requires: awake.
  void Quiescent(int i) {
    Managed& r = managed_[i];
    LING_CHECK(!r.asleep) << "Quiescent(" << i << ") while asleep: call Wake first";
    // Relaxed: only the value matters here; if it moved, Announce() fences.
    const Epoch g = global_.load(std::memory_order_relaxed);
    if (g != r.epoch) [[unlikely]] {
      Announce(r, g);
      Work(i);
      return;
    }
    // Relaxed: a stale zero only delays the work to a later call.
    if (r.pending_count.load(std::memory_order_relaxed) == 0 &&
        shared_count_.load(std::memory_order_relaxed) == 0) [[likely]] {
      return;
    }
    Work(i);
  }

  // Thread i stops holding references and stops holding progress back.
  // Requires: awake. Does not run callbacks (call Reclaim(i) before if wanted).
  void Sleep(int i);

  // Thread i takes part again; it may load shared pointers after this returns.
  // Requires: asleep.
  void Wake(int i);

  // Runs free_fn on thread i once a full grace period has passed after this
  // call (see "What is protected"). The object must be unreachable already.
  // Allowed asleep or awake. Takes an uncontended per-thread mutex.
  void Retire(int i, absl::AnyInvocable<void()> free_fn);

  // Tries once to advance the epoch, then runs the ready callbacks of thread
  // i and ready shared callbacks. Not a scheduling point: the caller may hold
  // pointers across it. Returns how many callbacks ran.
  size_t Reclaim(int i);

  // ---- Any thread ----

  // Whether callbacks wait that thread i would run: its own or shared ones
  // (a snapshot). A scheduler that sees true should sleep with a timeout.
  bool HasPending(int i) const {
    return managed_[i].pending_count.load(std::memory_order_relaxed) != 0 ||
           shared_count_.load(std::memory_order_relaxed) != 0;
  }
  // Shared callbacks waiting (a snapshot).
  size_t SharedPending() const { return shared_count_.load(std::memory_order_relaxed); }

  // Like Retire, from any thread (host threads, the I/O poller).
  void RetireShared(absl::AnyInvocable<void()> free_fn);

  // Delays progress while the returned guard lives (see "What is protected").
  // Never fails and never waits for other threads.
  [[nodiscard]] DelayGuard DelayProgress();

  // Advances the global epoch by one if every awake thread and every held
  // delay announces the current epoch. Returns whether this call advanced it.
  bool TryAdvance() {
    int hint = 0;
    return TryAdvance(&hint);
  }

  // The global epoch (a snapshot; acquire).
  Epoch global_epoch() const { return global_.load(std::memory_order_acquire); }

  // Aborts (LING_CHECK) when an invariant is broken:
  //   - the global epoch never goes back (across calls of CheckInvariants);
  //   - each announcement is kIdle or <= the global epoch, and a managed
  //     thread's announcements never go back;
  //   - a delay slot at or beyond the high-water mark is idle;
  //   - every pending list is sorted by stamp, no stamp is newer than the
  //     global epoch, and the published counts and front stamps match.
  //   - (checked on the owner's side, in Quiescent/Sleep/Wake) an awake
  //     thread sees the global epoch move by exactly one between two of its
  //     announcements; Quiescent/Sleep only while awake, Wake only asleep.
  // Safe from any thread at any time (takes the list mutexes briefly).
  void CheckInvariants() const;

  // ---- Nobody else running ----

  // Runs every pending callback (also those retired by the callbacks), of all
  // threads and the shared list, regardless of epochs. Requires: no other
  // thread uses the object and no DelayGuard is alive. Returns how many ran.
  size_t DrainAll();

 private:
  struct Pending {
    Epoch stamp;
    absl::AnyInvocable<void()> fn;
  };

  // One managed thread. `announced` sits alone on its cache line: advancers
  // read it, only the owner writes it, and only when the epoch moved.
  struct Managed {
    alignas(64) Atomic<Epoch> announced{kIdle};
    // Owner-private (plain): the epoch last announced, and the sleep flag.
    alignas(64) Epoch epoch = kIdle;
    bool asleep = true;
    int blocker = 0;  // TryAdvance hint: the announcement that lagged last
    // Stamp of pending.front() or kIdle: lets Work skip the mutex when nothing
    // is ready. Written under `mu` by the owner (or by DrainAll).
    Epoch front_stamp = kIdle;
    // Written by the owner under `mu`, read relaxed by anyone.
    Atomic<size_t> pending_count{0};
    mutable std::mutex mu;
    std::deque<Pending> pending;  // guarded by mu
  };

  struct alignas(64) Slot {
    Atomic<Epoch> announced{kIdle};
  };

  // Announcement k: managed threads, then delay slots, then the two overflow
  // slots.
  Atomic<Epoch>& Announcement(int k) {
    if (k < num_managed_) return managed_[k].announced;
    if (k < num_managed_ + num_slots_) return slots_[k - num_managed_].announced;
    return overflow_[k - num_managed_ - num_slots_].announced;
  }
  // TryAdvance, starting with announcement *hint; on failure *hint names the
  // announcement that lagged.
  bool TryAdvance(int* hint);
  // Publishes epoch g for awake thread r (slow path of Quiescent).
  void Announce(Managed& r, Epoch g);
  // Runs ready callbacks for thread i, helps advance. Out of line.
  size_t Work(int i);
  // A callback stamped `stamp` may run once the global epoch is `g`.
  static bool Ready(Epoch stamp, Epoch g) { return g >= 2 && stamp <= g - 2; }
  // Pops the ready prefix of `list` into `out`; returns the new front stamp
  // (kIdle when empty).
  static Epoch TakeReady(std::deque<Pending>& list, Epoch g, std::vector<Pending>& out);
  static size_t RunAll(std::vector<Pending>& batch);
  size_t RunReadyShared(Epoch g);
  // Claims slot `s` (announced must be kIdle -> becomes an epoch) and settles
  // its announcement: the wake-up protocol shared by Wake and DelayProgress.
  void Settle(Atomic<Epoch>& announced, Epoch g0);
  void ReleaseDelay(int slot);

  const int num_managed_;
  const int num_slots_;
  std::unique_ptr<Managed[]> managed_;
  std::unique_ptr<Slot[]> slots_;

  // Read on every Quiescent; written on each advance and shared retire.
  alignas(64) Atomic<Epoch> global_{1};
  Atomic<size_t> shared_count_{0};     // == shared_.size(), written under shared_mu_
  Atomic<Epoch> shared_front_{kIdle};  // shared_.front().stamp or kIdle, ditto

  alignas(64) Atomic<int> slots_high_{0};  // slots [0, slots_high_) may be non-idle
  Atomic<uint32_t> next_hint_{0};

  mutable std::mutex shared_mu_;
  std::deque<Pending> shared_;  // guarded by shared_mu_

  // Overflow delays share one of two slots (see DelayProgress).
  std::mutex overflow_mu_;
  int overflow_users_[2] = {0, 0};  // guarded by overflow_mu_
  int overflow_current_ = 0;        // guarded by overflow_mu_
  Slot overflow_[2];

  // CheckInvariants' memory (serialised by checker_mu_).
  mutable std::mutex checker_mu_;
  mutable Epoch checker_global_ = 0;              // guarded by checker_mu_
  mutable std::vector<Epoch> checker_announced_;  // guarded by checker_mu_
};

// RAII: delays progress from construction (by DelayProgress) to destruction.
// Movable, not copyable; a moved-from guard holds nothing. Destroy it on any
// thread (it is not tied to the thread that took it).
template <class Policy>
class BasicThreadProgress<Policy>::DelayGuard {
 public:
  DelayGuard() = default;
  DelayGuard(DelayGuard&& other) noexcept
      : owner_(std::exchange(other.owner_, nullptr)), slot_(other.slot_) {}
  DelayGuard& operator=(DelayGuard&& other) noexcept {
    if (this != &other) {
      Release();
      owner_ = std::exchange(other.owner_, nullptr);
      slot_ = other.slot_;
    }
    return *this;
  }
  ~DelayGuard() { Release(); }

  // Ends the delay early; idempotent.
  void Release() {
    if (owner_ != nullptr) std::exchange(owner_, nullptr)->ReleaseDelay(slot_);
  }
  bool active() const { return owner_ != nullptr; }
  // The slot index, or -1 / -2 for the shared overflow slots (for tests).
  int slot() const { return slot_; }

 private:
  friend class BasicThreadProgress;
  DelayGuard(BasicThreadProgress* owner, int slot) : owner_(owner), slot_(slot) {}

  BasicThreadProgress* owner_ = nullptr;
  int slot_ = -1;
};

// =============================================================================
// Implementation
// =============================================================================
//
// Memory-order argument. Names: Retire does   A: unlink (happens before the
// call), X: seq_cst fence, B: s = G.load(relaxed). A reader that announces
// does C: g = G.load(relaxed), Y: seq_cst fence, D: announced.store(g,
// release), then E: its later loads of shared pointers. An advancer does
// g = G.load(relaxed), Z: seq_cst fence, L: announced.load(acquire) for every
// record, then G.compare_exchange(g, g + 1, acq_rel). A callback stamped s
// runs after some thread read G >= s + 2 with acquire.
//
// 1. No reader loads an unlinked object after announcing s + 1 (or later).
//    B read s and C read s + 1, so B is coherence-ordered before C; X happens
//    before B, C happens before Y, hence X precedes Y in the seq_cst order S
//    ([atomics.order] p4.4). If E read the pointer's value from before A, E
//    would be coherence-ordered before A; Y happens before E and A before X,
//    so Y would precede X in S: a contradiction. This is the store-buffer
//    pattern (unlink / read epoch vs. read epoch / read pointer); both fences
//    are needed, acquire/release alone would allow it.
// 2. Every access a reader made before announcing happens before the free:
//    D (release) -> L (acquire) -> CAS (acq_rel; all writes of G are RMWs, so
//    later CASes continue its release sequence) -> the reclaimer's acquire
//    load of G -> the callback. The same chain carries Sleep's release store
//    of kIdle and a delay's release store of kIdle. A slot passes from
//    holder to holder, so its claim is acquire (or, for the overflow slots,
//    ordered by a mutex) and every announcing store is release: whichever
//    value an advancer reads, it is ordered after all earlier holders.
//    (TSan found the relaxed claim that broke this chain.)
// 3. A thread that was idle (asleep, or a free slot) when the advancer read
//    it: L read kIdle, coherence-ordered before the wake's first store W1; Z
//    happens before L and W1 before the waker's fence Y, so Z precedes Y. The
//    advance s+1 -> s+2 loaded G = s + 1 after B, so X precedes Z. X < Z < Y
//    and point 1's argument shows the waker's loads see the unlink. The same
//    holds for slots_high_ (bumped before the claim, read after Z).
// 4. So when G reaches s + 2, every thread that may hold the object has
//    either announced s + 1 (point 1: it cannot have loaded it afterwards;
//    point 2: what it did before is ordered before the free) or was idle and
//    woke later (point 3). An announcement below g blocks the advance from g.
//
// Quiescent's fast path needs no fence: a thread whose epoch did not move
// already fenced when it announced that epoch, and it announces nothing new.

template <class Policy>
BasicThreadProgress<Policy>::BasicThreadProgress(int managed_threads, int delay_slots)
    : num_managed_(managed_threads),
      num_slots_(delay_slots),
      managed_(new Managed[managed_threads > 0 ? managed_threads : 1]),
      slots_(new Slot[delay_slots > 0 ? delay_slots : 1]) {
  LING_CHECK(managed_threads >= 1) << "need at least one managed thread: " << managed_threads;
  LING_CHECK(delay_slots >= 0) << "bad delay slot count " << delay_slots;
  std::lock_guard<std::mutex> lock(checker_mu_);
  checker_announced_.assign(managed_threads, 0);
}

template <class Policy>
BasicThreadProgress<Policy>::~BasicThreadProgress() {
  DrainAll();
}

template <class Policy>
void BasicThreadProgress<Policy>::Announce(Managed& r, Epoch g) {
  // An awake thread's announcement blocks every advance beyond it, so the
  // global epoch moves by exactly one between two of its announcements.
  LING_CHECK_EQ(g, r.epoch + 1) << "global epoch jumped past an awake thread";
  Policy::SeqCstFence();                            // Y (point 1)
  r.announced.store(g, std::memory_order_release);  // D (point 2)
  r.epoch = g;
}

template <class Policy>
void BasicThreadProgress<Policy>::Settle(Atomic<Epoch>& announced, Epoch g0) {
  // The caller stored g0 (W1) into `announced`, having loaded g0 from G.
  Policy::SeqCstFence();  // Y (point 3)
  const Epoch g = global_.load(std::memory_order_relaxed);
  // A stale g0 would hold progress back until released; publish the fresh
  // value. Nothing was loaded between W1 and Y, so either value is safe.
  if (g != g0) announced.store(g, std::memory_order_release);
}

template <class Policy>
void BasicThreadProgress<Policy>::Sleep(int i) {
  Managed& r = managed_[i];
  LING_CHECK(!r.asleep) << "Sleep(" << i << ") while asleep";
  r.asleep = true;
  r.epoch = kIdle;
  // Release: every access thread i made before sleeping happens before any
  // free decided by an advancer that reads kIdle (point 2).
  r.announced.store(kIdle, std::memory_order_release);
}

template <class Policy>
void BasicThreadProgress<Policy>::Wake(int i) {
  Managed& r = managed_[i];
  LING_CHECK(r.asleep) << "Wake(" << i << ") while awake";
  const Epoch g0 = global_.load(std::memory_order_relaxed);
  r.announced.store(g0, std::memory_order_release);  // W1 (point 3)
  Settle(r.announced, g0);
  // Owner-private copy; the only writer of r.announced is this thread.
  r.epoch = r.announced.load(std::memory_order_relaxed);
  r.asleep = false;
}

template <class Policy>
void BasicThreadProgress<Policy>::Retire(int i, absl::AnyInvocable<void()> free_fn) {
  Managed& r = managed_[i];
  Policy::SeqCstFence();                                    // X (point 1)
  const Epoch s = global_.load(std::memory_order_relaxed);  // B
  std::lock_guard<std::mutex> lock(r.mu);
  // This thread's loads of G are coherence-ordered: stamps stay sorted.
  if (r.pending.empty()) r.front_stamp = s;
  r.pending.push_back(Pending{s, std::move(free_fn)});
  r.pending_count.store(r.pending.size(), std::memory_order_relaxed);
}

template <class Policy>
void BasicThreadProgress<Policy>::RetireShared(absl::AnyInvocable<void()> free_fn) {
  std::lock_guard<std::mutex> lock(shared_mu_);
  // X and B under the mutex: successive stamps are ordered by it, so the
  // shared list stays sorted.
  Policy::SeqCstFence();
  const Epoch s = global_.load(std::memory_order_relaxed);
  if (shared_.empty()) shared_front_.store(s, std::memory_order_relaxed);
  shared_.push_back(Pending{s, std::move(free_fn)});
  shared_count_.store(shared_.size(), std::memory_order_relaxed);
}

template <class Policy>
bool BasicThreadProgress<Policy>::TryAdvance(int* hint) {
  Epoch g = global_.load(std::memory_order_relaxed);
  // Cheap pre-check without a fence: refusing to advance is always safe.
  if (*hint >= 0 && *hint < num_managed_ + num_slots_ + 2) {
    const Epoch a = Announcement(*hint).load(std::memory_order_relaxed);
    if (a != kIdle && a != g) return false;
  }
  Policy::SeqCstFence();  // Z (point 3)
  // Managed threads, the slots below the high-water mark (read after Z,
  // point 3), then the overflow slots.
  const int high = slots_high_.load(std::memory_order_relaxed);
  const int end = num_managed_ + num_slots_ + 2;
  for (int k = 0; k < end; ++k) {
    if (k == num_managed_ + high) k = num_managed_ + num_slots_;  // skip unused slots
    // Acquire: pairs with the release stores of D / Sleep / guard release
    // (point 2).
    const Epoch a = Announcement(k).load(std::memory_order_acquire);
    if (a != kIdle && a != g) {
      *hint = k;
      return false;
    }
  }
  // acq_rel: release heads the chain to the reclaimers (point 2); acquire
  // keeps the chain unbroken for a later advancer's RMW.
  return global_.compare_exchange_strong(g, g + 1, std::memory_order_acq_rel,
                                         std::memory_order_relaxed);
}

template <class Policy>
typename BasicThreadProgress<Policy>::Epoch BasicThreadProgress<Policy>::TakeReady(
    std::deque<Pending>& list, Epoch g, std::vector<Pending>& out) {
  while (!list.empty() && Ready(list.front().stamp, g)) {
    out.push_back(std::move(list.front()));
    list.pop_front();
  }
  return list.empty() ? kIdle : list.front().stamp;
}

template <class Policy>
size_t BasicThreadProgress<Policy>::RunAll(std::vector<Pending>& batch) {
  for (Pending& p : batch) {
    std::move(p.fn)();
  }
  const size_t n = batch.size();
  batch.clear();
  return n;
}

template <class Policy>
size_t BasicThreadProgress<Policy>::RunReadyShared(Epoch g) {
  // Relaxed: a stale value only delays or wastes one attempt.
  if (!Ready(shared_front_.load(std::memory_order_relaxed), g)) return 0;
  // TryLock: an unmanaged thread retiring, or another scheduler taking the
  // same batch, must never stall a scheduling point.
  if (!shared_mu_.try_lock()) return 0;
  std::vector<Pending> batch;
  shared_front_.store(TakeReady(shared_, g, batch), std::memory_order_relaxed);
  shared_count_.store(shared_.size(), std::memory_order_relaxed);
  shared_mu_.unlock();
  return RunAll(batch);
}

template <class Policy>
size_t BasicThreadProgress<Policy>::Work(int i) {
  Managed& r = managed_[i];
  size_t ran = 0;
  std::vector<Pending> batch;
  for (int round = 0; round < 2; ++round) {
    // Acquire: synchronises with the CAS that made g (point 2).
    const Epoch g = global_.load(std::memory_order_acquire);
    if (Ready(r.front_stamp, g)) {  // kIdle (empty) is never ready
      {
        std::lock_guard<std::mutex> lock(r.mu);
        r.front_stamp = TakeReady(r.pending, g, batch);
        r.pending_count.store(r.pending.size(), std::memory_order_relaxed);
      }
      ran += RunAll(batch);
    }
    ran += RunReadyShared(g);
    if (round == 1) break;
    const bool waiting = r.pending_count.load(std::memory_order_relaxed) != 0 ||
                         shared_count_.load(std::memory_order_relaxed) != 0;
    if (!waiting || !TryAdvance(&r.blocker)) break;
    // Advanced to g + 1: callbacks stamped g - 1 became ready; run them now.
    // This thread still announces g until its next Quiescent, which is fine.
  }
  return ran;
}

template <class Policy>
size_t BasicThreadProgress<Policy>::Reclaim(int i) {
  Managed& r = managed_[i];
  if (r.pending_count.load(std::memory_order_relaxed) != 0 ||
      shared_count_.load(std::memory_order_relaxed) != 0) {
    TryAdvance(&r.blocker);
  }
  const Epoch g = global_.load(std::memory_order_acquire);
  std::vector<Pending> batch;
  {
    std::lock_guard<std::mutex> lock(r.mu);
    r.front_stamp = TakeReady(r.pending, g, batch);
    r.pending_count.store(r.pending.size(), std::memory_order_relaxed);
  }
  size_t ran = RunAll(batch);
  return ran + RunReadyShared(g);
}

template <class Policy>
typename BasicThreadProgress<Policy>::DelayGuard BasicThreadProgress<Policy>::DelayProgress() {
  if (num_slots_ > 0) {
    // Spread threads over the slots; the hint is only a starting point.
    static thread_local uint32_t hint = next_hint_.fetch_add(1, std::memory_order_relaxed);
    for (int n = 0; n < num_slots_; ++n) {
      const int s = static_cast<int>((hint + n) % static_cast<uint32_t>(num_slots_));
      if (slots_[s].announced.load(std::memory_order_relaxed) != kIdle) continue;
      // Bump the high-water mark before claiming (point 3): an advancer that
      // misses the slot read the old mark, which is ordered before our fence.
      int high = slots_high_.load(std::memory_order_relaxed);
      while (high <= s &&
             !slots_high_.compare_exchange_weak(high, s + 1, std::memory_order_relaxed)) {
      }
      const Epoch g0 = global_.load(std::memory_order_relaxed);
      Epoch expected = kIdle;
      // W1: claim and announce at once. Acquire on success: the slot passes
      // from holder to holder, and an advancer that later reads this
      // holder's release store must also be ordered after what the previous
      // holder did before its release (point 2). Settle's fence orders what
      // follows.
      if (slots_[s].announced.compare_exchange_strong(expected, g0, std::memory_order_acq_rel,
                                                      std::memory_order_relaxed)) {
        Settle(slots_[s].announced, g0);
        hint = static_cast<uint32_t>(s);
        return DelayGuard(this, s);
      }
    }
  }
  // All slots taken: share an overflow slot. The first user of a slot
  // announces; later users start after it (mutex), so its fence orders their
  // loads too, and its epoch is never newer than theirs. While users keep
  // overlapping, that epoch would hold progress back forever; so when it is
  // stale and the other slot is free, newcomers move to the other slot and the
  // stale one drains. This path never waits for progress: nested guards
  // cannot deadlock.
  std::lock_guard<std::mutex> lock(overflow_mu_);
  int c = overflow_current_;
  if (overflow_users_[c] > 0 && overflow_users_[1 - c] == 0 &&
      overflow_[c].announced.load(std::memory_order_relaxed) !=
          global_.load(std::memory_order_relaxed)) {
    c = overflow_current_ = 1 - c;
  }
  if (overflow_users_[c]++ == 0) {
    const Epoch g0 = global_.load(std::memory_order_relaxed);
    // W1. Release: carries the previous users' accesses (ordered before us
    // by the mutex) to an advancer that reads this value (point 2).
    overflow_[c].announced.store(g0, std::memory_order_release);
    Settle(overflow_[c].announced, g0);
  }
  return DelayGuard(this, -1 - c);
}

template <class Policy>
void BasicThreadProgress<Policy>::ReleaseDelay(int slot) {
  if (slot >= 0) {
    // Release: the holder's accesses happen before the free (point 2).
    slots_[slot].announced.store(kIdle, std::memory_order_release);
    return;
  }
  const int c = -1 - slot;
  std::lock_guard<std::mutex> lock(overflow_mu_);
  LING_CHECK(overflow_users_[c] > 0) << "overflow delay released twice";
  // Earlier leavers' accesses reach here through the mutex, then the release.
  if (--overflow_users_[c] == 0) overflow_[c].announced.store(kIdle, std::memory_order_release);
}

template <class Policy>
void BasicThreadProgress<Policy>::CheckInvariants() const {
  std::lock_guard<std::mutex> check_lock(checker_mu_);
  // Announcements first, the global epoch after: each announced value was
  // loaded from G before it was stored, so (acquire, then coherence) the
  // global epoch read afterwards is at least as new.
  std::vector<Epoch> managed(num_managed_);
  for (int i = 0; i < num_managed_; ++i) {
    managed[i] = managed_[i].announced.load(std::memory_order_acquire);
  }
  std::vector<Epoch> slots(num_slots_);
  for (int s = 0; s < num_slots_; ++s) {
    slots[s] = slots_[s].announced.load(std::memory_order_acquire);
  }
  const int high = slots_high_.load(std::memory_order_relaxed);
  const Epoch overflow[2] = {overflow_[0].announced.load(std::memory_order_acquire),
                             overflow_[1].announced.load(std::memory_order_acquire)};
  const Epoch g = global_.load(std::memory_order_acquire);

  LING_CHECK(g >= 1) << "global epoch " << g;
  LING_CHECK(g >= checker_global_) << "global epoch went back: " << g << " < " << checker_global_;
  checker_global_ = g;
  for (int i = 0; i < num_managed_; ++i) {
    const Epoch a = managed[i];
    if (a == kIdle) continue;  // asleep: flagged by kIdle, holds nothing
    LING_CHECK(a <= g) << "thread " << i << " announces " << a << " > global " << g;
    LING_CHECK(a >= checker_announced_[i])
        << "thread " << i << " announcement went back: " << a << " < " << checker_announced_[i];
    checker_announced_[i] = a;
  }
  LING_CHECK(high <= num_slots_) << "slot high-water " << high << " > " << num_slots_;
  for (int s = 0; s < num_slots_; ++s) {
    if (slots[s] == kIdle) continue;
    LING_CHECK(slots[s] <= g) << "slot " << s << " announces " << slots[s] << " > global " << g;
    LING_CHECK(s < high) << "slot " << s << " held beyond the high-water mark " << high;
  }
  for (Epoch a : overflow)
    LING_CHECK(a == kIdle || a <= g) << "overflow announces " << a;

  // Under the list's mutex, and loaded after it: every stamp in the list was
  // loaded from G before its push, which happens before this load.
  auto check_list = [this](const std::deque<Pending>& list, size_t count, Epoch front,
                           const char* what, int i) {
    const Epoch g = global_.load(std::memory_order_acquire);
    LING_CHECK_EQ(list.size(), count) << what << " " << i << ": published count is stale";
    LING_CHECK_EQ(list.empty() ? kIdle : list.front().stamp, front)
        << what << " " << i << ": cached front stamp is stale";
    Epoch prev = 0;
    for (const Pending& p : list) {
      LING_CHECK(p.stamp >= prev) << what << " " << i << ": stamps out of order";
      LING_CHECK(p.stamp <= g) << what << " " << i << ": stamp " << p.stamp << " newer than " << g;
      LING_CHECK(static_cast<bool>(p.fn)) << what << " " << i << ": empty callback";
      prev = p.stamp;
    }
  };
  for (int i = 0; i < num_managed_; ++i) {
    std::lock_guard<std::mutex> lock(managed_[i].mu);
    check_list(managed_[i].pending, managed_[i].pending_count.load(std::memory_order_relaxed),
               managed_[i].front_stamp, "thread", i);
  }
  {
    std::lock_guard<std::mutex> lock(shared_mu_);
    check_list(shared_, shared_count_.load(std::memory_order_relaxed),
               shared_front_.load(std::memory_order_relaxed), "shared", -1);
  }
}

template <class Policy>
size_t BasicThreadProgress<Policy>::DrainAll() {
  for (int s = 0; s < num_slots_; ++s) {
    LING_CHECK(slots_[s].announced.load(std::memory_order_acquire) == kIdle)
        << "DrainAll with a DelayGuard alive (slot " << s << ")";
  }
  for (const Slot& o : overflow_) {
    LING_CHECK(o.announced.load(std::memory_order_acquire) == kIdle)
        << "DrainAll with an overflow DelayGuard alive";
  }
  size_t ran = 0;
  std::vector<Pending> batch;
  for (bool again = true; again;) {
    again = false;
    for (int i = 0; i < num_managed_; ++i) {
      {
        std::lock_guard<std::mutex> lock(managed_[i].mu);
        for (Pending& p : managed_[i].pending)
          batch.push_back(std::move(p));
        managed_[i].pending.clear();
        managed_[i].front_stamp = kIdle;
        managed_[i].pending_count.store(0, std::memory_order_relaxed);
      }
      again |= !batch.empty();
      ran += RunAll(batch);
    }
    {
      std::lock_guard<std::mutex> lock(shared_mu_);
      for (Pending& p : shared_)
        batch.push_back(std::move(p));
      shared_.clear();
      shared_front_.store(kIdle, std::memory_order_relaxed);
      shared_count_.store(0, std::memory_order_relaxed);
    }
    again |= !batch.empty();
    ran += RunAll(batch);
  }
  return ran;
}

extern template class BasicThreadProgress<StdAtomicPolicy>;

// The production instance.
using ThreadProgress = BasicThreadProgress<StdAtomicPolicy>;

}  // namespace ling

#endif  // LING_RUNTIME_PROGRESS_THREAD_PROGRESS_H_
