#include "runtime/progress/thread_progress.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

namespace ling {
namespace {

// Drives thread `i` through scheduling points. One OS thread may play several
// indices in turn: calls on one thread are ordered by sequencing.
void Spin(ThreadProgress& tp, int i, int rounds = 10) {
  for (int r = 0; r < rounds; ++r)
    tp.Quiescent(i);
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

TEST(ThreadProgress, ThreeThreadsEachMustPassAfterTheRetire) {
  ThreadProgress tp(3, 4);
  for (int i = 0; i < 3; ++i)
    tp.Wake(i);
  // Quiescent points before the retire do not count.
  for (int i = 0; i < 3; ++i)
    Spin(tp, i);
  bool freed = false;
  tp.Retire(0, [&] { freed = true; });
  for (int round = 0; round < 50; ++round) {
    tp.Quiescent(0);
    tp.Quiescent(2);
    tp.Reclaim(0);
    tp.CheckInvariants();
  }
  EXPECT_FALSE(freed) << "thread 1 has not passed a quiescent point since the retire";
  tp.Quiescent(1);
  for (int round = 0; round < 3 && !freed; ++round) {
    tp.Quiescent(2);
    tp.Quiescent(0);
    tp.Quiescent(1);
  }
  EXPECT_TRUE(freed);
  EXPECT_FALSE(tp.HasPending(0));
}

TEST(ThreadProgress, ReclaimIsNotASchedulingPoint) {
  ThreadProgress tp(2, 4);
  tp.Wake(0);
  tp.Wake(1);
  bool freed = false;
  tp.Retire(0, [&] { freed = true; });
  for (int n = 0; n < 20; ++n) {
    tp.Reclaim(0);
    tp.Quiescent(1);
  }
  EXPECT_FALSE(freed) << "thread 0 itself may still hold the object";
  tp.Quiescent(0);
  tp.Quiescent(1);
  tp.Reclaim(0);
  tp.Quiescent(1);
  tp.Reclaim(0);
  EXPECT_TRUE(freed);
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
    EXPECT_TRUE(guard.active());
    EXPECT_GE(guard.slot(), 0);
    tp.Retire(0, [&] { freed = true; });
    Spin(tp, 0, 100);
    EXPECT_FALSE(freed);
    tp.CheckInvariants();
  }
  Spin(tp, 0);
  EXPECT_TRUE(freed);
}

TEST(ThreadProgress, DelayGuardFromAnotherThreadBlocksReclamation) {
  ThreadProgress tp(1, 4);
  tp.Wake(0);
  std::atomic<bool> taken{false}, release{false};
  std::thread host([&] {
    ThreadProgress::DelayGuard guard = tp.DelayProgress();
    taken = true;
    while (!release)
      std::this_thread::yield();
  });
  while (!taken)
    std::this_thread::yield();
  bool freed = false;
  tp.Retire(0, [&] { freed = true; });
  Spin(tp, 0, 1000);
  EXPECT_FALSE(freed);
  release = true;
  host.join();
  Spin(tp, 0);
  EXPECT_TRUE(freed);
}

TEST(ThreadProgress, ManagedThreadMayHoldAGuardAcrossSchedulingPoints) {
  ThreadProgress tp(1, 4);
  tp.Wake(0);
  bool freed = false;
  std::optional<ThreadProgress::DelayGuard> guard(tp.DelayProgress());
  tp.Retire(0, [&] { freed = true; });
  Spin(tp, 0, 100);
  EXPECT_FALSE(freed);
  guard.reset();
  Spin(tp, 0);
  EXPECT_TRUE(freed);
}

TEST(ThreadProgress, GuardMovesAndReleasesOnce) {
  ThreadProgress tp(1, 4);
  tp.Wake(0);
  bool freed = false;
  ThreadProgress::DelayGuard a = tp.DelayProgress();
  ThreadProgress::DelayGuard b = std::move(a);
  EXPECT_FALSE(a.active());
  EXPECT_TRUE(b.active());
  tp.Retire(0, [&] { freed = true; });
  a.Release();  // moved-from: no effect
  Spin(tp, 0, 50);
  EXPECT_FALSE(freed);
  b.Release();
  b.Release();  // idempotent
  EXPECT_FALSE(b.active());
  Spin(tp, 0);
  EXPECT_TRUE(freed);
}

TEST(ThreadProgress, MoreGuardsThanSlotsStillWork) {
  ThreadProgress tp(1, 1);
  tp.Wake(0);
  std::optional<ThreadProgress::DelayGuard> first(tp.DelayProgress());
  std::thread other([&] {
    ThreadProgress::DelayGuard second = tp.DelayProgress();  // overflow, no wait
    EXPECT_LT(second.slot(), 0);
  });
  other.join();
  first.reset();
  tp.CheckInvariants();
}

TEST(ThreadProgress, OverflowGuardsNestAndBlockReclamation) {
  ThreadProgress tp(1, 0);  // no slots: every guard overflows
  tp.Wake(0);
  bool freed = false;
  {
    ThreadProgress::DelayGuard outer = tp.DelayProgress();
    ThreadProgress::DelayGuard inner = tp.DelayProgress();
    EXPECT_LT(outer.slot(), 0);
    EXPECT_LT(inner.slot(), 0);
    tp.Retire(0, [&] { freed = true; });
    Spin(tp, 0, 50);
    outer.Release();
    Spin(tp, 0, 50);
    EXPECT_FALSE(freed) << "the inner guard still lives";
    tp.CheckInvariants();
  }
  Spin(tp, 0);
  EXPECT_TRUE(freed);
}

TEST(ThreadProgress, OverlappingOverflowGuardsDoNotStallProgress) {
  ThreadProgress tp(1, 0);
  tp.Wake(0);
  int freed = 0;
  // A chain of overlapping guards: some guard is alive at every moment.
  std::optional<ThreadProgress::DelayGuard> held(tp.DelayProgress());
  for (int n = 0; n < 20; ++n) {
    tp.Retire(0, [&] { ++freed; });
    Spin(tp, 0, 5);
    std::optional<ThreadProgress::DelayGuard> next(tp.DelayProgress());
    held = std::move(next);
    Spin(tp, 0, 5);
  }
  held.reset();
  Spin(tp, 0);
  EXPECT_EQ(freed, 20);
  // While guards overlapped, callbacks still ran (the fresh overflow slot
  // took newcomers while the stale one drained).
}

TEST(ThreadProgress, OverlappingGuardsStillLetEarlierCallbacksRun) {
  ThreadProgress tp(1, 0);
  tp.Wake(0);
  int freed = 0;
  std::optional<ThreadProgress::DelayGuard> held(tp.DelayProgress());
  tp.Retire(0, [&] { ++freed; });
  for (int n = 0; n < 10 && freed == 0; ++n) {
    std::optional<ThreadProgress::DelayGuard> next(tp.DelayProgress());
    held = std::move(next);
    Spin(tp, 0, 5);
  }
  EXPECT_EQ(freed, 1) << "a continuously held overflow must not stall reclamation";
}

TEST(ThreadProgress, SharedRetireRunsOnAManagedThread) {
  ThreadProgress tp(1, 1);
  tp.Wake(0);
  bool freed = false;
  std::thread::id ran_on;
  std::thread([&] {
    tp.RetireShared([&] {
      freed = true;
      ran_on = std::this_thread::get_id();
    });
  }).join();
  EXPECT_TRUE(tp.HasPending(0));
  EXPECT_EQ(tp.SharedPending(), 1u);
  Spin(tp, 0);
  EXPECT_TRUE(freed);
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  EXPECT_FALSE(tp.HasPending(0));
}

TEST(ThreadProgress, CallbacksRunOnTheRetiringThread) {
  ThreadProgress tp(2, 1);
  std::thread::id retired_on, ran_on;
  std::thread t1([&] {
    tp.Wake(1);
    retired_on = std::this_thread::get_id();
    tp.Retire(1, [&] { ran_on = std::this_thread::get_id(); });
    for (int n = 0; n < 100 && tp.HasPending(1); ++n)
      tp.Quiescent(1);
    tp.Sleep(1);
  });
  t1.join();
  EXPECT_EQ(ran_on, retired_on);
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
  tp.Retire(1, [&] {
    ++freed;
    tp.RetireShared([&] { ++freed; });  // retired while draining: runs too
  });
  tp.RetireShared([&] { ++freed; });
  tp.Reclaim(0);
  EXPECT_EQ(freed, 0);
  EXPECT_EQ(tp.DrainAll(), 4u);
  EXPECT_EQ(freed, 4);
  EXPECT_FALSE(tp.HasPending(0));
  EXPECT_FALSE(tp.HasPending(1));
  tp.CheckInvariants();
}

TEST(ThreadProgress, DestructorDrains) {
  int freed = 0;
  {
    ThreadProgress tp(1);
    tp.Retire(0, [&] { ++freed; });
    tp.RetireShared([&] { ++freed; });
  }
  EXPECT_EQ(freed, 2);
}

TEST(ThreadProgress, EpochDoesNotMoveWithoutWork) {
  ThreadProgress tp(2);
  tp.Wake(0);
  tp.Wake(1);
  const auto before = tp.global_epoch();
  for (int n = 0; n < 100; ++n) {
    tp.Quiescent(0);
    tp.Quiescent(1);
  }
  EXPECT_EQ(tp.global_epoch(), before);
  EXPECT_TRUE(tp.TryAdvance());
  EXPECT_EQ(tp.global_epoch(), before + 1);
  EXPECT_FALSE(tp.TryAdvance()) << "nobody announced the new epoch yet";
  tp.CheckInvariants();
}

// A policy that counts fences: the deterministic-scheduler hook, used here to
// show the fast path is fence-free.
thread_local int fences = 0;
struct CountingPolicy {
  template <class T>
  using Atomic = std::atomic<T>;
  static void SeqCstFence() {
    ++fences;
    StdAtomicPolicy::SeqCstFence();
  }
};

TEST(ThreadProgress, QuiescentFastPathHasNoFence) {
  BasicThreadProgress<CountingPolicy> tp(2);
  tp.Wake(0);
  tp.Wake(1);
  fences = 0;
  for (int n = 0; n < 1000; ++n)
    tp.Quiescent(0);
  EXPECT_EQ(fences, 0);
  // An epoch change costs one fence per thread that announces it.
  ASSERT_TRUE(tp.TryAdvance());
  fences = 0;
  tp.Quiescent(0);
  EXPECT_EQ(fences, 1);
  tp.Quiescent(0);
  EXPECT_EQ(fences, 1);
  tp.CheckInvariants();
}

TEST(ThreadProgressDeathTest, QuiescentBeforeWakeAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        ThreadProgress tp(1);
        tp.Quiescent(0);
      },
      "while asleep");
}

TEST(ThreadProgressDeathTest, DrainAllWithALiveGuardAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        ThreadProgress tp(1);
        auto guard = tp.DelayProgress();
        tp.DrainAll();
      },
      "DelayGuard alive");
}

}  // namespace
}  // namespace ling
