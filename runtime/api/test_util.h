// Helpers shared by the runtime's integration tests.
#ifndef LING_RUNTIME_API_TEST_UTIL_H_
#define LING_RUNTIME_API_TEST_UTIL_H_

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "ling/runtime.h"

namespace ling::testing {

// Generous: these machines are small and noisy; a deadline only turns a
// hang into a failure.
inline constexpr absl::Duration kPatience = absl::Seconds(60);

// Counts down from n; Wait() returns true once it reaches zero.
class Countdown {
 public:
  explicit Countdown(int n) : left_(n) {
    if (n == 0) done_.Notify();
  }
  void Tick() {
    if (left_.fetch_sub(1) == 1) done_.Notify();
  }
  bool Wait(absl::Duration timeout = kPatience) {
    return done_.WaitForNotificationWithTimeout(timeout);
  }

 private:
  std::atomic<int> left_;
  absl::Notification done_;
};

}  // namespace ling::testing

#endif  // LING_RUNTIME_API_TEST_UTIL_H_
