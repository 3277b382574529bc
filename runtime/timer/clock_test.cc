#include "runtime/timer/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace ling {
namespace {

TEST(MonotonicMillis, NeverGoesBackwards) {
  uint64_t last = MonotonicMillis();
  for (int i = 0; i < 100000; ++i) {
    const uint64_t now = MonotonicMillis();
    ASSERT_GE(now, last);
    last = now;
  }
}

TEST(MonotonicMillis, CountsMilliseconds) {
  const uint64_t before = MonotonicMillis();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const uint64_t elapsed = MonotonicMillis() - before;
  EXPECT_GE(elapsed, 19u);  // truncation loses at most 1 ms
  EXPECT_LT(elapsed, 10000u) << "not milliseconds";
}

}  // namespace
}  // namespace ling
