#include "runtime/progress/thread_progress.h"

#include <gtest/gtest.h>

#include <optional>
#include <thread>
#include <vector>

namespace ling {
namespace {

// Drives thread `i` through scheduling points until `done` or a bound.
void Spin(ThreadProgress& tp, int i, int rounds = 10) {
  for (int r = 0; r < rounds; ++r) tp.Quiescent(i);
}

TEST(ThreadProgress, CallbackWaitsForEveryAwakeThread) {
  ThreadProgress tp(2, 4);
  tp.Wake(0);
  tp.Wake(1);
  bool freed = false;
  tp.Retire(0, [&] { freed = true; });
  Spin(tp, 0);
  EXPECT_FALSE(freed) << "thread 1 has not passed a quiescent point";
  tp.Quiescent(1);
  Spin(tp, 0);
  tp.Quiescent(1);
  Spin(tp, 0);
  EXPECT_TRUE(freed);
  tp.CheckInvariants();
}

TEST(ThreadProgress, SleepingThreadsDoNotHoldProgressBack) {
  ThreadProgress tp(3, 4);
  tp.Wake(0);  // 1 and 2 never woke: asleep
  bool freed = false;
  tp.Retire(0, [&] { freed = true; });
  Spin(tp, 0);
  EXPECT_TRUE(freed);
}

TEST(ThreadProgress, AThreadThatWakesHoldsProgressUntilQuiescent) {
  ThreadProgress tp(2, 4);
  tp.Wake(0);
  tp.Wake(1);
  tp.Sleep(1);
  bool freed = false;
  tp.Retire(0, [&] { freed = true; });
  tp.Wake(1);  // may now hold references again
  Spin(tp, 0);
  EXPECT_FALSE(freed);
  tp.Sleep(1);
  Spin(tp, 0);
  EXPECT_TRUE(freed);
}

TEST(ThreadProgress, DelayGuardBlocksReclamationUntilReleased) {
  ThreadProgress tp(1, 2);
  tp.Wake(0);
  bool freed = false;
  {
    ThreadProgress::DelayGuard guard = tp.DelayProgress();
    tp.Retire(0, [&] { freed = true; });
    Spin(tp, 0, 100);
    EXPECT_FALSE(freed);
  }
  Spin(tp, 0);
  EXPECT_TRUE(freed);
}

TEST(ThreadProgress, MoreGuardsThanSlotsStillWork) {
  ThreadProgress tp(1, 1);
  tp.Wake(0);
  std::optional<ThreadProgress::DelayGuard> first(tp.DelayProgress());
  std::thread other([&] {
    ThreadProgress::DelayGuard second = tp.DelayProgress();  // waits for the slot
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  first.reset();
  other.join();
  tp.CheckInvariants();
}

TEST(ThreadProgress, SharedRetireRunsOnAManagedThread) {
  ThreadProgress tp(1, 1);
  tp.Wake(0);
  bool freed = false;
  std::thread([&] { tp.RetireShared([&] { freed = true; }); }).join();
  EXPECT_TRUE(tp.HasPending(0));
  Spin(tp, 0);
  EXPECT_TRUE(freed);
  EXPECT_FALSE(tp.HasPending(0));
}

TEST(ThreadProgress, CallbacksRunInRetireOrderAndMayRetireMore) {
  ThreadProgress tp(1, 1);
  tp.Wake(0);
  std::vector<int> order;
  tp.Retire(0, [&] {
    order.push_back(1);
    tp.Retire(0, [&] { order.push_back(3); });
  });
  tp.Retire(0, [&] { order.push_back(2); });
  Spin(tp, 0);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(ThreadProgress, DrainAllRunsEverything) {
  ThreadProgress tp(2, 1);
  tp.Wake(0);
  tp.Wake(1);  // never quiescent: nothing could be reclaimed normally
  int freed = 0;
  tp.Retire(0, [&] { ++freed; });
  tp.RetireShared([&] { ++freed; });
  tp.DrainAll();
  EXPECT_EQ(freed, 2);
}

}  // namespace
}  // namespace ling
