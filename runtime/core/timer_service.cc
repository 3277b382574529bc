#include "runtime/core/timer_service.h"

#include <utility>

#include "runtime/base/check.h"
#include "runtime/core/scheduler.h"
#include "runtime/timer/clock.h"

namespace ling {

std::atomic<uint64_t> TimerService::next_sequence_{1};

TimerService::TimerService(int scheduler_index, absl::AnyInvocable<void()> wake)
    : scheduler_index_(scheduler_index), wake_(std::move(wake)), wheel_(MonotonicMillis()) {}

TimerService::~TimerService() {
  DestroyAll();
}

bool TimerService::OnOwnerThread() const {
  Scheduler* s = Scheduler::Current();
  return s != nullptr && &s->timers() == this;
}

void TimerService::Post(Op op, Timer* t) {
  {
    std::lock_guard<std::mutex> lock(requests_mutex_);
    requests_.push_back({op, t});
    has_requests_.store(true, std::memory_order_seq_cst);
  }
  wake_();
}

Timer* TimerService::Start(uint64_t delay_ms, absl::AnyInvocable<void(const Timer&)> action) {
  Timer* t = new Timer;
  t->owner_ = this;
  t->sequence_ = next_sequence_.fetch_add(1, std::memory_order_relaxed);
  // The clock truncates to whole milliseconds: one more tick makes sure a
  // timer never fires before its full delay has passed (as Erlang's).
  t->expiry_ms_ = MonotonicMillis() + delay_ms + (delay_ms > 0 ? 1 : 0);
  t->action_ = std::move(action);
  if (OnOwnerThread()) {
    Insert(t);
  } else {
    Post(Op::kInsert, t);
  }
  return t;
}

bool TimerService::Cancel(Timer* t) {
  uint8_t expected = Timer::kPending;
  if (!t->state_.compare_exchange_strong(expected, Timer::kCancelled, std::memory_order_acq_rel)) {
    return false;
  }
  TimerService* owner = t->owner_;
  if (owner->OnOwnerThread()) {
    owner->Remove(t);
  } else {
    // Long timeouts must not pile up in the wheel until due: the owner drops
    // the timer at its next Poll().
    t->refs_.fetch_add(1, std::memory_order_relaxed);
    owner->Post(Op::kRemove, t);
  }
  return true;
}

void TimerService::Release(Timer* t) {
  Unref(t);
}

void TimerService::Unref(Timer* t) {
  if (t->refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete t;
}

// The wheel's reference is dropped exactly once: when the timer fires, when
// Remove() takes it out, or here when a cancel overtook a posted insert.
void TimerService::Insert(Timer* t) {
  if (t->state_.load(std::memory_order_acquire) == Timer::kPending) {
    wheel_.Insert(t, t->expiry_ms_);
    pending_.store(wheel_.size(), std::memory_order_relaxed);
  } else {
    t->action_ = nullptr;
    Unref(t);
  }
}

void TimerService::Remove(Timer* t) {
  if (!wheel_.IsInserted(t)) return;  // its posted insert is still queued
  wheel_.Remove(t);
  pending_.store(wheel_.size(), std::memory_order_relaxed);
  t->action_ = nullptr;
  Unref(t);
}

void TimerService::ApplyPosted(const Request& r) {
  if (r.op == Op::kInsert) return Insert(r.timer);
  Remove(r.timer);
  Unref(r.timer);  // the request's own reference
}

size_t TimerService::Poll(uint64_t now_ms) {
  if (has_requests_.load(std::memory_order_relaxed)) {
    std::vector<Request> batch;
    {
      std::lock_guard<std::mutex> lock(requests_mutex_);
      batch.swap(requests_);
      has_requests_.store(false, std::memory_order_relaxed);
    }
    for (const Request& r : batch)
      ApplyPosted(r);
  }
  size_t fired = wheel_.Advance(now_ms, [](TimerEntry* e) {
    Timer* t = static_cast<Timer*>(e);
    uint8_t expected = Timer::kPending;
    if (t->state_.compare_exchange_strong(expected, Timer::kFired, std::memory_order_acq_rel)) {
      t->action_(*t);
    }
    t->action_ = nullptr;
    Unref(t);
  });
  pending_.store(wheel_.size(), std::memory_order_relaxed);
  return fired;
}

int64_t TimerService::MillisUntilNext(uint64_t now_ms) const {
  if (has_requests_.load(std::memory_order_relaxed)) return 0;
  std::optional<uint64_t> next = wheel_.NextExpiry();
  if (!next.has_value()) return -1;
  return *next <= now_ms ? 0 : static_cast<int64_t>(*next - now_ms);
}

void TimerService::DestroyAll() {
  for (const Request& r : requests_)
    ApplyPosted(r);
  requests_.clear();
  // Advance to the end of time without running actions.
  wheel_.Advance(UINT64_MAX, [](TimerEntry* e) {
    Timer* t = static_cast<Timer*>(e);
    t->state_.store(Timer::kCancelled, std::memory_order_relaxed);
    t->action_ = nullptr;
    Unref(t);
  });
  pending_.store(0, std::memory_order_relaxed);
}

}  // namespace ling
