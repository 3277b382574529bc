// Monitors and 'DOWN' messages.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "ling/runtime.h"
#include "runtime/api/test_util.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/format.h"

namespace ling {
namespace {

using testing::Countdown;

TEST(Monitors, DownCarriesTheExitReasonOfALiveProcess) {
  Runtime rt({.schedulers = 2});
  std::string down;
  Countdown done(1);
  auto watcher = rt.Spawn([&](Context& ctx) -> Task {
    auto target = ctx.Spawn([](Context& c) -> Task {
      co_await c.Receive();
      co_await c.Exit(InternAtom("finished"));
    });
    MonitorRef ref = ctx.Monitor(*target);
    ctx.Send(*target, atoms::kOk);
    Message m = co_await ctx.Receive([ref](Term t) { return Context::IsDown(t, ref); });
    down = ToString(TupleElement(m.term(), 2)) + " " + ToString(TupleElement(m.term(), 4));
    EXPECT_EQ(TupleElement(m.term(), 3), target->term());
    done.Tick();
  });
  ASSERT_TRUE(watcher.ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(down, "process finished");
}

// A monitor that reaches a process in the same batch of signals as the
// exit that ends it is answered with the exit's reason, as BEAM does.
TEST(Monitors, AMonitorBehindTheKillingSignalGetsTheExitReason) {
  Runtime rt({.schedulers = 1});  // the target cannot run between the two signals
  std::string reason;
  Countdown done(1);
  auto watcher = rt.Spawn([&](Context& ctx) -> Task {
    auto target = ctx.Spawn([](Context& c) -> Task { co_await c.Receive(); });
    ctx.SendExit(*target, InternAtom("shot"));
    MonitorRef ref = ctx.Monitor(*target);
    Message m = co_await ctx.Receive([ref](Term t) { return Context::IsDown(t, ref); });
    reason = ToString(TupleElement(m.term(), 4));
    done.Tick();
  });
  ASSERT_TRUE(watcher.ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(reason, "shot");
}

TEST(Monitors, MonitoringADeadProcessGivesNoproc) {
  Runtime rt({.schedulers = 2});
  std::string reason;
  Countdown done(1);
  auto watcher = rt.Spawn([&](Context& ctx) -> Task {
    auto [pid, first] = *ctx.SpawnMonitor([](Context&) -> Task { co_return; });
    co_await ctx.Receive([first](Term t) { return Context::IsDown(t, first); });
    // Now the process is certainly gone.
    MonitorRef again = ctx.Monitor(pid);
    Message m = co_await ctx.Receive([again](Term t) { return Context::IsDown(t, again); });
    reason = ToString(TupleElement(m.term(), 4));
    done.Tick();
  });
  ASSERT_TRUE(watcher.ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(reason, "noproc");
}

TEST(Monitors, SpawnMonitorReportsNormalExit) {
  Runtime rt({.schedulers = 2});
  std::string reason;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  auto spawned = ctx.SpawnMonitor([](Context&) -> Task { co_return; });
                  EXPECT_TRUE(spawned.ok());
                  MonitorRef ref = spawned->second;
                  Message m =
                      co_await ctx.Receive([ref](Term t) { return Context::IsDown(t, ref); });
                  reason = ToString(TupleElement(m.term(), 4));
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(reason, "normal");
}

TEST(Monitors, DemonitorStopsTheDownMessage) {
  Runtime rt({.schedulers = 2});
  std::atomic<bool> got_down{true};
  std::atomic<bool> first_active{false}, second_active{true};
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  auto target = ctx.Spawn([](Context& c) -> Task { co_await c.Receive(); });
                  MonitorRef ref = ctx.Monitor(*target);
                  first_active = ctx.Demonitor(ref);
                  second_active = ctx.Demonitor(ref);
                  ctx.Send(*target, atoms::kOk);
                  Message m = co_await ctx.Receive(absl::Milliseconds(200));
                  got_down = static_cast<bool>(m);
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_TRUE(first_active.load());
  EXPECT_FALSE(second_active.load());
  EXPECT_FALSE(got_down.load());
}

TEST(Monitors, DemonitorFlushDropsADownAlreadyQueued) {
  Runtime rt({.schedulers = 2});
  std::atomic<int> left{-1};
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  auto [pid, ref] = *ctx.SpawnMonitor([](Context&) -> Task { co_return; });
                  // Let the DOWN arrive, with a marker message after it.
                  MonitorRef probe = ctx.Monitor(pid);
                  co_await ctx.Receive([probe](Term t) { return Context::IsDown(t, probe); });
                  ctx.Send(ctx.self(), atoms::kOk);
                  ctx.Demonitor(ref, /*flush=*/true);
                  Message first = co_await ctx.Receive(absl::ZeroDuration());
                  Message second = co_await ctx.Receive(absl::ZeroDuration());
                  left = (first && first.term() == atoms::kOk ? 1 : 0) + (second ? 10 : 0);
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(left.load(), 1) << "only the marker remains";
}

}  // namespace
}  // namespace ling
