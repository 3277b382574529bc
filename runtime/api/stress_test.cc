// Stress: many processes doing everything at once (messages, links,
// monitors, exits, timeouts) on all schedulers, with the invariant checkers
// run along the way. Meant for --config=tsan as much as for the default build.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <vector>

#include "ling/runtime.h"
#include "runtime/api/test_util.h"
#include "runtime/core/node.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"

namespace ling {
namespace {

using testing::Countdown;
using testing::kPatience;

// Pairs of processes ping-pong while a crowd of short-lived linked and
// monitored processes come and go and exit signals fly.
TEST(Stress, EverythingAtOnce) {
  constexpr int kPairs = 50;
  constexpr int kRounds = 300;
  constexpr int kCrowd = 2000;
  Runtime rt({.schedulers = 3});
  std::atomic<int> pongs{0};
  Countdown pairs_done(kPairs);
  for (int i = 0; i < kPairs; ++i) {
    auto ponger = rt.Spawn([](Context& ctx) -> Task {
      for (;;) {
        Message m = co_await ctx.Receive(absl::Seconds(5));
        if (!m || m.term() == atoms::kOk) co_return;
        ctx.Send(Pid::FromTerm(m.term()), atoms::kTrue);
      }
    });
    ASSERT_TRUE(ponger.ok());
    ASSERT_TRUE(rt.Spawn([&, to = *ponger](Context& ctx) -> Task {
                    for (int r = 0; r < kRounds; ++r) {
                      ctx.Send(to, ctx.self().term());
                      Message m = co_await ctx.Receive();
                      if (m.term() == atoms::kTrue) pongs.fetch_add(1);
                    }
                    ctx.Send(to, atoms::kOk);
                    pairs_done.Tick();
                  }).ok());
  }
  std::atomic<int> downs{0};
  Countdown crowd_done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  ctx.TrapExit(true);
                  std::mt19937 rng(42);
                  int monitors = 0;
                  for (int i = 0; i < kCrowd; ++i) {
                    int kind = static_cast<int>(rng() % 3);
                    auto child = ctx.Spawn(
                        [kind](Context& c) -> Task {
                          if (kind == 0) co_return;
                          Message m = co_await c.Receive(absl::Milliseconds(1 + kind));
                          co_await c.Exit(m ? atoms::kNormal : InternAtom("timeout_exit"));
                        },
                        {.link = (i % 2) == 0});
                    if (!child.ok()) continue;
                    if (i % 3 == 0) {
                      ctx.Monitor(*child);
                      ++monitors;
                    }
                    if (i % 5 == 0) ctx.SendExit(*child, atoms::kKill);
                    if (i % 7 == 0) ctx.Send(*child, atoms::kOk);
                    if (i % 64 == 0) co_await ctx.Yield();
                  }
                  // Every monitor yields exactly one DOWN.
                  while (downs.load() < monitors) {
                    Message m = co_await ctx.Receive(absl::Seconds(30));
                    if (!m) break;
                    if (IsTuple(m.term()) && TupleElement(m.term(), 0) == atoms::kDOWN) {
                      downs.fetch_add(1);
                    }
                  }
                  EXPECT_EQ(downs.load(), monitors);
                  crowd_done.Tick();
                }).ok());
  for (int i = 0; i < 20 && !pairs_done.Wait(absl::Milliseconds(50)); ++i) {
    rt.node().CheckInvariants();
  }
  ASSERT_TRUE(pairs_done.Wait());
  ASSERT_TRUE(crowd_done.Wait());
  EXPECT_EQ(pongs.load(), kPairs * kRounds);
  ASSERT_TRUE(rt.WaitForNoProcesses(kPatience));
  rt.node().CheckInvariants();
}

// Many processes waiting with timeouts at once: every one times out, and the
// wheels end empty.
TEST(Stress, HundredThousandReceiveTimeouts) {
  constexpr int kProcesses = 100000;
  Runtime rt({.schedulers = 2});
  std::atomic<int> timed_out{0};
  for (int i = 0; i < kProcesses; ++i) {
    ASSERT_TRUE(rt.Spawn([&, ms = 20 + i % 200](Context& ctx) -> Task {
                    Message m = co_await ctx.Receive(absl::Milliseconds(ms));
                    if (!m) timed_out.fetch_add(1);
                  }).ok());
  }
  ASSERT_TRUE(rt.WaitForNoProcesses(kPatience));
  EXPECT_EQ(timed_out.load(), kProcesses);
  rt.node().CheckInvariants();
}

// Receives that complete before their long timeouts cancel the timers: none
// stay behind in the wheels.
TEST(Stress, CompletedReceivesLeaveNoTimers) {
  constexpr int kProcesses = 20000;
  Runtime rt({.schedulers = 2});
  std::vector<Pid> pids;
  Countdown waiting(kProcesses);
  for (int i = 0; i < kProcesses; ++i) {
    auto pid = rt.Spawn([&](Context& ctx) -> Task {
      waiting.Tick();
      co_await ctx.Receive(absl::Hours(1));
    });
    ASSERT_TRUE(pid.ok());
    pids.push_back(*pid);
  }
  ASSERT_TRUE(waiting.Wait());
  for (Pid p : pids)
    ASSERT_TRUE(rt.Send(p, atoms::kOk).ok());
  ASSERT_TRUE(rt.WaitForNoProcesses(kPatience));
  // Cancellation requests from other schedulers are applied at their next
  // poll; give them a moment, then every wheel must be empty.
  size_t pending = 0;
  for (int attempt = 0; attempt < 100; ++attempt) {
    pending = 0;
    for (int s = 0; s < rt.scheduler_count(); ++s) {
      pending += rt.node().scheduler(s).timers().pending();
    }
    if (pending == 0) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(pending, 0u);
}

}  // namespace
}  // namespace ling
