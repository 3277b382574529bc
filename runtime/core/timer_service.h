// TimerService: one scheduler's timers (receive timeouts, send_after, and
// later port driver timers) on top of its single-threaded TimerWheel.
//
// A Timer is reference counted: one reference for the wheel until the timer
// fires or its removal is processed, one for the holder (whoever may cancel
// it) until Release(). It fires at most once, and Cancel() tells whether it
// stopped the timer: both race through one atomic state word.
//
// Concurrency contract:
//   - Start(), Cancel() and Release() may be called from any thread. On the
//     owning scheduler's thread they act on the wheel directly; from other
//     threads they post a request that the owner applies at its next Poll()
//     (and wake it).
//   - Poll(), MillisUntilNext() and DestroyAll() are for the owning
//     scheduler's thread only (DestroyAll: at shutdown, no thread running).
//   - A timer's action runs on the owning scheduler's thread, inside Poll().
#ifndef LING_RUNTIME_CORE_TIMER_SERVICE_H_
#define LING_RUNTIME_CORE_TIMER_SERVICE_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "runtime/timer/timer_wheel.h"

namespace ling {

class TimerService;

// The wheel holds timers by their TimerEntry base.
class Timer : public TimerEntry {
 public:
  uint64_t sequence() const { return sequence_; }
  uint64_t expiry_ms() const { return expiry_ms_; }

 private:
  friend class TimerService;
  enum State : uint8_t { kPending, kFired, kCancelled };

  TimerService* owner_ = nullptr;
  uint64_t sequence_ = 0;
  uint64_t expiry_ms_ = 0;
  std::atomic<uint8_t> state_{kPending};
  std::atomic<uint8_t> refs_{2};
  absl::AnyInvocable<void(const Timer&)> action_;
};

class TimerService {
 public:
  // wake: makes the owning scheduler call Poll() soon (from any thread).
  TimerService(int scheduler_index, absl::AnyInvocable<void()> wake);
  TimerService(const TimerService&) = delete;
  TimerService& operator=(const TimerService&) = delete;
  ~TimerService();

  // Any thread. The returned timer holds the caller's reference: pass it to
  // Release() (after an optional Cancel()).
  Timer* Start(uint64_t delay_ms, absl::AnyInvocable<void(const Timer&)> action);
  // Any thread. True if the timer had not fired and now never will.
  static bool Cancel(Timer* timer);
  // Any thread. Drops the holder's reference.
  static void Release(Timer* timer);

  // Owner thread: applies posted requests and fires every due timer.
  size_t Poll(uint64_t now_ms);
  // Owner thread: ms until the next timer is due (0 if due now), -1 if none.
  int64_t MillisUntilNext(uint64_t now_ms) const;
  // Any thread: a hint that other threads posted requests.
  bool HasRequests() const { return has_requests_.load(std::memory_order_seq_cst); }
  // Shutdown (no thread running): frees every timer without firing it.
  void DestroyAll();

  // Timers in the wheel (any thread; a snapshot).
  size_t pending() const { return pending_.load(std::memory_order_relaxed); }

 private:
  // kRemove comes from another thread's Cancel() and holds a reference of its
  // own, so the timer outlives the request.
  enum class Op : uint8_t { kInsert, kRemove };
  struct Request {
    Op op;
    Timer* timer;
  };

  bool OnOwnerThread() const;
  void Insert(Timer* timer);
  void Remove(Timer* timer);
  void Post(Op op, Timer* timer);
  void ApplyPosted(const Request& r);
  static void Unref(Timer* timer);

  const int scheduler_index_;
  absl::AnyInvocable<void()> wake_;
  TimerWheel wheel_;  // owner thread only
  std::mutex requests_mutex_;
  std::vector<Request> requests_;  // guarded by requests_mutex_
  std::atomic<bool> has_requests_{false};
  std::atomic<size_t> pending_{0};  // mirrors wheel_.size() for other threads
  static std::atomic<uint64_t> next_sequence_;
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_TIMER_SERVICE_H_
