// Scheduling behaviour a user relies on: priorities, preemption by
// reductions, balancing across schedulers, and idle schedulers that sleep.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
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

// Work spawned on one scheduler spreads to the others, wave after wave:
// each scheduler keeps stealing after its first steals (host spawns alternate
// the schedulers that the waves start on). The processes keep yielding until
// both schedulers have run some of them (or for kPatience): on a loaded
// machine the woken scheduler's thread may get a core only after the other
// has run a fixed amount of work alone.
TEST(Scheduling, WorkSpreadsAcrossSchedulers) {
  Runtime rt({.schedulers = 2});
  for (int wave = 0; wave < 6; ++wave) {
    std::mutex mu;
    absl::flat_hash_set<std::thread::id> threads;
    const absl::Time deadline = absl::Now() + kPatience;
    auto both_ran = [&] {
      std::lock_guard<std::mutex> lock(mu);
      return threads.size() == 2;
    };
    Countdown done(1);
    ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                    for (int i = 0; i < 200; ++i) {
                      EXPECT_TRUE(ctx.Spawn([&](Context& c) -> Task {
                                       for (int k = 0;
                                            k < 50 || (!both_ran() && absl::Now() < deadline);
                                            ++k) {
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
    EXPECT_EQ(threads.size(), 2u) << "both schedulers ran processes in wave " << wave;
  }
}

// Two processes that keep waking each other run from the next slot while
// their message is hot, but the chain shares one time slice: a process
// waiting in the queue gets its turn once the pair has spent a slice, not
// after some fixed number of wake-ups.
TEST(Scheduling, WakeUpChainsCannotStarveTheQueue) {
  constexpr int kSlice = 4000;
  constexpr int kCostPerHop = 1000;  // a slice holds four hops
  Runtime rt({.schedulers = 1, .reductions_per_run = kSlice});
  std::atomic<int> hops{0};
  std::atomic<int> hops_before_waiter{-1};
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  // The partner answers every hop until told to stop.
                  absl::StatusOr<Pid> partner = ctx.Spawn([&](Context& c) -> Task {
                    for (;;) {
                      Message m = co_await c.Receive();
                      if (!IsPid(m.term())) co_return;
                      c.Bump(kCostPerHop);
                      c.Send(Pid::FromTerm(m.term()), MakeSmall(1));
                    }
                  });
                  EXPECT_TRUE(partner.ok());
                  for (int i = 0; i < 40; ++i) {
                    if (i == 2) {  // queued behind the chain from now on
                      EXPECT_TRUE(ctx.Spawn([&](Context&) -> Task {
                                       hops_before_waiter = hops.load();
                                       co_return;
                                     })
                                      .ok());
                    }
                    ctx.Bump(kCostPerHop);
                    ctx.Send(*partner, ctx.self().term());
                    co_await ctx.Receive();
                    hops.fetch_add(1);
                  }
                  ctx.Send(*partner, MakeSmall(0));
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  ASSERT_GE(hops_before_waiter.load(), 2);
  // Spawned at hop 2, it waits at most one slice of the chain (two round
  // trips of four hops' cost) plus the round trip under way.
  EXPECT_LE(hops_before_waiter.load(), 2 + 3) << "the waiting process ran late";
}

// A process flooded with messages still runs its body: taking in the
// messages that arrived since its last run may use up its time slice, but
// each run resumes the body at least once.
TEST(Scheduling, AFloodOfMessagesCannotKeepAProcessFromRunning) {
  Runtime rt({.schedulers = 1, .reductions_per_run = 4000});
  std::atomic<bool> stop{false};
  Countdown received(1);
  absl::StatusOr<Pid> target = rt.Spawn([&](Context& ctx) -> Task {
    for (int i = 0; i < 3; ++i)
      co_await ctx.Receive();
    received.Tick();
  });
  ASSERT_TRUE(target.ok());
  for (int f = 0; f < 2; ++f) {  // together more messages a round than a slice
    ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                    while (!stop.load()) {
                      for (int k = 0; k < 3000; ++k)
                        ctx.Send(*target, MakeSmall(k));
                      co_await ctx.Yield();
                    }
                  }).ok());
  }
  EXPECT_TRUE(received.Wait(absl::Seconds(20)));
  stop = true;
  EXPECT_TRUE(rt.WaitForNoProcesses(kPatience));
}

double CpuSeconds() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// A scheduler held for long by what it runs (native code that does not
// yield, such as a driver that blocks) does not hold up work a host thread
// queues on it: a sleeping scheduler wakes and steals it.
TEST(Scheduling, WorkQueuedOnAHeldSchedulerIsStolen) {
  Runtime rt({.schedulers = 2});
  std::atomic<bool> holding{false}, release{false};
  ASSERT_TRUE(rt.Spawn([&](Context&) -> Task {
                  holding = true;
                  while (!release.load())
                    std::this_thread::yield();
                  co_return;
                }).ok());
  while (!holding.load())
    std::this_thread::yield();
  // Host spawns alternate the schedulers, so some of these land on the
  // held one; before each, the other has had time to fall asleep. They stay
  // (no exit leaves work pending that would wake the sleeper anyway).
  std::vector<Pid> waiting;
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    Countdown ran(1);
    absl::StatusOr<Pid> pid = rt.Spawn([&](Context& ctx) -> Task {
      ran.Tick();
      co_await ctx.Receive();
    });
    ASSERT_TRUE(pid.ok());
    waiting.push_back(*pid);
    EXPECT_TRUE(ran.Wait(absl::Seconds(10))) << "process " << i << " waited for the held scheduler";
  }
  release = true;
  for (Pid pid : waiting)
    ASSERT_TRUE(rt.Send(pid, kNil).ok());
  EXPECT_TRUE(rt.WaitForNoProcesses(kPatience));
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
