// Helpers shared by the runtime's integration tests.
#ifndef LING_RUNTIME_API_TEST_UTIL_H_
#define LING_RUNTIME_API_TEST_UTIL_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "absl/time/time.h"
#include "ling/runtime.h"

namespace ling::testing {

// Generous: these machines are small and noisy; a deadline only turns a
// hang into a failure.
inline constexpr absl::Duration kPatience = absl::Seconds(60);

// Counts down from n; Wait() returns true once it reaches zero. Built on
// std::mutex (pthreads), which ThreadSanitizer understands; Debian's Abseil
// is not instrumented, so its Mutex would hide happens-before edges.
class Countdown {
 public:
  explicit Countdown(int n) : left_(n) {}
  void Tick() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (--left_ == 0) cv_.notify_all();
  }
  bool Wait(absl::Duration timeout = kPatience) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, absl::ToChronoMilliseconds(timeout), [this] { return left_ <= 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int left_;
};

}  // namespace ling::testing

#endif  // LING_RUNTIME_API_TEST_UTIL_H_
