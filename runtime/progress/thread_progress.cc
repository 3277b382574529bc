#include "runtime/progress/thread_progress.h"

#include <sched.h>

#include <utility>

#include "runtime/base/check.h"

namespace ling {

ThreadProgress::ThreadProgress(int managed, int unmanaged_slots)
    : managed_(new Managed[managed]),
      managed_count_(managed),
      slots_(new Slot[unmanaged_slots]),
      slot_count_(unmanaged_slots) {
  LING_CHECK(managed > 0 && unmanaged_slots > 0) << "thread progress needs threads and slots";
}

ThreadProgress::~ThreadProgress() { DrainAll(); }

uint64_t ThreadProgress::Observe(std::atomic<uint64_t>& word) {
  // Store, then re-read: if the epoch moved meanwhile, an advance may have
  // scanned before our store landed, so observe again. Once the re-read
  // agrees, every later advance sees our word (seq_cst on both sides).
  uint64_t e = epoch_.load(std::memory_order_seq_cst);
  for (;;) {
    word.store(e, std::memory_order_seq_cst);
    uint64_t again = epoch_.load(std::memory_order_seq_cst);
    if (again == e) return e;
    e = again;
  }
}

void ThreadProgress::Quiescent(int i) {
  Managed& m = managed_[i];
  uint64_t e = epoch_.load(std::memory_order_acquire);
  if (m.observed.load(std::memory_order_relaxed) != e) Observe(m.observed);
  if (!m.pending.empty() || shared_nonempty_.load(std::memory_order_relaxed)) Reclaim(i);
}

void ThreadProgress::Sleep(int i) { managed_[i].observed.store(kAsleep, std::memory_order_seq_cst); }

void ThreadProgress::Wake(int i) { Observe(managed_[i].observed); }

void ThreadProgress::Retire(int i, absl::AnyInvocable<void()> free_fn) {
  // Read after the caller's unlink: anything that saw the memory observed an
  // epoch no later than this one.
  uint64_t e = epoch_.load(std::memory_order_seq_cst);
  managed_[i].pending.push_back({e, std::move(free_fn)});
}

bool ThreadProgress::HasPending(int i) const {
  return !managed_[i].pending.empty() || shared_nonempty_.load(std::memory_order_relaxed);
}

void ThreadProgress::RetireShared(absl::AnyInvocable<void()> free_fn) {
  uint64_t e = epoch_.load(std::memory_order_seq_cst);
  std::lock_guard<std::mutex> lock(shared_mutex_);
  shared_.push_back({e, std::move(free_fn)});
  shared_nonempty_.store(true, std::memory_order_relaxed);
}

bool ThreadProgress::TryAdvance() {
  uint64_t e = epoch_.load(std::memory_order_seq_cst);
  for (int i = 0; i < managed_count_; ++i) {
    uint64_t seen = managed_[i].observed.load(std::memory_order_seq_cst);
    if (seen != kAsleep && seen != e) return false;
  }
  if (slots_in_use_.load(std::memory_order_seq_cst) != 0) {
    for (int i = 0; i < slot_count_; ++i) {
      uint64_t seen = slots_[i].observed.load(std::memory_order_seq_cst);
      if (seen != kAsleep && seen != e) return false;
    }
  }
  // Losing this race is fine: someone else advanced.
  epoch_.compare_exchange_strong(e, e + 1, std::memory_order_seq_cst);
  return true;
}

size_t ThreadProgress::RunReady(std::deque<Pending>& list, uint64_t now) {
  size_t ran = 0;
  // A callback may retire more (appended at the back, with a newer epoch).
  while (!list.empty() && list.front().epoch + 2 <= now) {
    absl::AnyInvocable<void()> fn = std::move(list.front().fn);
    list.pop_front();
    fn();
    ++ran;
  }
  return ran;
}

size_t ThreadProgress::ReclaimShared(uint64_t now) {
  std::deque<Pending> ready;
  {
    std::unique_lock<std::mutex> lock(shared_mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return 0;  // another scheduler is at it
    while (!shared_.empty() && shared_.front().epoch + 2 <= now) {
      ready.push_back(std::move(shared_.front()));
      shared_.pop_front();
    }
    shared_nonempty_.store(!shared_.empty(), std::memory_order_relaxed);
  }
  return RunReady(ready, now);
}

size_t ThreadProgress::Reclaim(int i) {
  TryAdvance();
  uint64_t now = epoch_.load(std::memory_order_seq_cst);
  size_t ran = RunReady(managed_[i].pending, now);
  if (shared_nonempty_.load(std::memory_order_relaxed)) ran += ReclaimShared(now);
  return ran;
}

ThreadProgress::DelayGuard ThreadProgress::DelayProgress() {
  slots_in_use_.fetch_add(1, std::memory_order_seq_cst);
  // Start where this thread succeeded last time, to avoid contention.
  static thread_local int hint = 0;
  for (;;) {
    for (int n = 0; n < slot_count_; ++n) {
      int s = (hint + n) % slot_count_;
      uint64_t expected = kAsleep;
      // Claim with a placeholder epoch, then publish the real one.
      if (slots_[s].observed.compare_exchange_strong(expected, epoch_.load(),
                                                     std::memory_order_seq_cst)) {
        Observe(slots_[s].observed);
        hint = s;
        return DelayGuard(this, s);
      }
    }
    sched_yield();  // every slot is taken: the holders are short sections
  }
}

ThreadProgress::DelayGuard::~DelayGuard() {
  if (owner_ == nullptr) return;
  owner_->slots_[slot_].observed.store(kAsleep, std::memory_order_seq_cst);
  owner_->slots_in_use_.fetch_sub(1, std::memory_order_seq_cst);
}

void ThreadProgress::DrainAll() {
  // Callbacks may retire more; loop until everything is empty.
  for (bool any = true; any;) {
    any = false;
    for (int i = 0; i < managed_count_; ++i) {
      any |= RunReady(managed_[i].pending, UINT64_MAX - 2) > 0;
    }
    std::deque<Pending> shared;
    {
      std::lock_guard<std::mutex> lock(shared_mutex_);
      shared.swap(shared_);
      shared_nonempty_.store(false, std::memory_order_relaxed);
    }
    any |= RunReady(shared, UINT64_MAX - 2) > 0;
  }
}

void ThreadProgress::CheckInvariants() const {
  uint64_t now = epoch_.load();
  LING_CHECK(now != kAsleep) << "the epoch took the asleep value";
  for (int i = 0; i < slot_count_; ++i) {
    uint64_t seen = slots_[i].observed.load();
    LING_CHECK(seen <= now) << "a guard observed a future epoch " << seen << " > " << now;
  }
  for (int i = 0; i < managed_count_; ++i) {
    uint64_t seen = managed_[i].observed.load();
    LING_CHECK(seen <= now) << "thread " << i << " observed a future epoch";
  }
}

}  // namespace ling
