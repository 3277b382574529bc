// Scheduling behaviour a user relies on: priorities, preemption by
// reductions, balancing across schedulers, and idle schedulers that sleep.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "ling/runtime.h"
#include "runtime/api/test_util.h"

namespace ling {
namespace {

using testing::Countdown;
using testing::kPatience;

// On one scheduler, processes made runnable together run by priority.
TEST(Scheduling, HigherPrioritiesRunFirst) {
  Runtime rt({.schedulers = 1});
  std::mutex mu;
  std::vector<Priority> order;
  Countdown done(4);
  ASSERT_TRUE(rt.Spawn(
                    [&](Context& ctx) -> Task {
                      // All four become runnable while this one still runs.
                      for (Priority p :
                           {Priority::kLow, Priority::kNormal, Priority::kHigh, Priority::kMax}) {
                        EXPECT_TRUE(ctx.Spawn(
                                           [&, p](Context&) -> Task {
                                             {
                                               std::lock_guard<std::mutex> lock(mu);
                                               order.push_back(p);
                                             }
                                             done.Tick();
                                             co_return;
                                           },
                                           {.priority = p})
                                        .ok());
                      }
                      co_return;
                    },
                    {.priority = Priority::kMax})
                  .ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(order, (std::vector<Priority>{Priority::kMax, Priority::kHigh, Priority::kNormal,
                                          Priority::kLow}));
}

// A process that keeps working without waiting is preempted when its
// reductions run out, so others on the same scheduler still run.
TEST(Scheduling, ReductionsPreemptABusyProcess) {
  Runtime rt({.schedulers = 1, .reductions_per_run = 100});
  std::atomic<bool> stop{false};
  std::atomic<int> busy_runs{0};
  Countdown other_ran(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  while (!stop.load()) {
                    ctx.Bump(10);
                    busy_runs.fetch_add(1);
                    co_await ctx.Receive(absl::ZeroDuration());  // a wait point, never waits
                  }
                }).ok());
  ASSERT_TRUE(rt.Spawn([&](Context&) -> Task {
                  other_ran.Tick();
                  co_return;
                }).ok());
  EXPECT_TRUE(other_ran.Wait());
  stop = true;
  EXPECT_TRUE(rt.WaitForNoProcesses(kPatience));
  EXPECT_GT(busy_runs.load(), 0);
}

// Work spawned on one scheduler spreads to the others.
TEST(Scheduling, WorkSpreadsAcrossSchedulers) {
  Runtime rt({.schedulers = 2});
  std::mutex mu;
  absl::flat_hash_set<std::thread::id> threads;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  for (int i = 0; i < 200; ++i) {
                    EXPECT_TRUE(ctx.Spawn([&](Context& c) -> Task {
                                     for (int k = 0; k < 50; ++k) {
                                       {
                                         std::lock_guard<std::mutex> lock(mu);
                                         threads.insert(std::this_thread::get_id());
                                       }
                                       co_await c.Yield();
                                     }
                                   })
                                    .ok());
                  }
                  done.Tick();
                  co_return;
                }).ok());
  ASSERT_TRUE(done.Wait());
  ASSERT_TRUE(rt.WaitForNoProcesses(kPatience));
  EXPECT_EQ(threads.size(), 2u) << "both schedulers ran processes";
}

double CpuSeconds() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Idle schedulers sleep: a runtime with nothing to do uses (almost) no CPU.
// A spinning scheduler would burn its whole wall time on each thread.
TEST(Scheduling, IdleSchedulersSleep) {
  Runtime rt({.schedulers = 2});
  ASSERT_TRUE(rt.Spawn([](Context& ctx) -> Task { co_await ctx.Receive(); }).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  double before = CpuSeconds();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  double used = CpuSeconds() - before;
  EXPECT_LT(used, 0.25) << "CPU seconds used while idle";
}

}  // namespace
}  // namespace ling
