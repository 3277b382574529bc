// Starting and stopping the runtime, bad use of the API, and memory.
#include <gtest/gtest.h>

#include <atomic>
#include <coroutine>
#include <thread>

#include "ling/runtime.h"
#include "runtime/api/test_util.h"
#include "runtime/base/memory_stats.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"

namespace ling {
namespace {

using testing::Countdown;
using testing::kPatience;

struct Counted {
  std::atomic<int>* count;
  ~Counted() { count->fetch_add(1); }
};

TEST(Lifecycle, StopDestroysRunningAndWaitingProcesses) {
  constexpr int kWaiting = 1000;
  constexpr int kBusy = 4;
  std::atomic<int> destroyed{0};
  Countdown started(kWaiting + kBusy);
  Runtime rt({.schedulers = 2});
  for (int i = 0; i < kWaiting; ++i) {
    ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                    Counted c{&destroyed};
                    started.Tick();
                    for (;;)
                      co_await ctx.Receive();
                  }).ok());
  }
  for (int i = 0; i < kBusy; ++i) {
    ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                    Counted c{&destroyed};
                    started.Tick();
                    for (;;)
                      co_await ctx.Yield();  // always runnable
                  }).ok());
  }
  ASSERT_TRUE(started.Wait());
  EXPECT_TRUE(rt.Stop().ok());
  EXPECT_EQ(destroyed.load(), kWaiting + kBusy);
  EXPECT_EQ(rt.process_count(), 0u);
  EXPECT_EQ(rt.Stop().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(rt.Spawn([](Context&) -> Task { co_return; }).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(Lifecycle, DestructorStopsARunningRuntime) {
  std::atomic<int> destroyed{0};
  {
    Runtime rt({.schedulers = 2});
    Countdown started(1);
    ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                    Counted c{&destroyed};
                    started.Tick();
                    co_await ctx.Receive();
                  }).ok());
    ASSERT_TRUE(started.Wait());
  }
  EXPECT_EQ(destroyed.load(), 1);
}

TEST(Lifecycle, SendingToDeadOrUnknownPidsIsHarmless) {
  Runtime rt({.schedulers = 2});
  EXPECT_EQ(rt.Send(Pid{}, atoms::kOk).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(rt.Send(Pid{~uint64_t{0}}, atoms::kOk).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(rt.Exit(Pid{12345}, atoms::kKill).code(), absl::StatusCode::kNotFound);
  auto short_lived = rt.Spawn([](Context&) -> Task { co_return; });
  ASSERT_TRUE(short_lived.ok());
  ASSERT_TRUE(rt.WaitForNoProcesses(kPatience));
  EXPECT_EQ(rt.Send(*short_lived, atoms::kOk).code(), absl::StatusCode::kNotFound);
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&, dead = *short_lived](Context& ctx) -> Task {
                  ctx.Send(dead, atoms::kOk);  // dropped, as in Erlang
                  ctx.SendExit(dead, atoms::kKill);
                  EXPECT_EQ(ctx.Send("nobody_here", atoms::kOk).code(),
                            absl::StatusCode::kNotFound);
                  done.Tick();
                  co_return;
                }).ok());
  EXPECT_TRUE(done.Wait());
}

TEST(Lifecycle, HostCannotSpawnLinkedOrMonitored) {
  Runtime rt({.schedulers = 1});
  auto fn = [](Context&) -> Task { co_return; };
  EXPECT_EQ(rt.Spawn(fn, {.link = true}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rt.Spawn(fn, {.monitor = true}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Lifecycle, FullProcessTableSaysResourceExhausted) {
  Countdown started(8);  // outlives the runtime: its processes tick it
  Runtime rt({.schedulers = 1, .max_processes = 8});
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                    started.Tick();
                    co_await ctx.Receive();
                  }).ok());
  }
  ASSERT_TRUE(started.Wait());
  EXPECT_EQ(rt.Spawn([](Context&) -> Task { co_return; }).status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(Lifecycle, OutOfRangeOptionsAreClamped) {
  Runtime rt({.schedulers = -3, .max_processes = 0, .reductions_per_run = -1});
  EXPECT_GE(rt.scheduler_count(), 1);
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  done.Tick();
                  co_return;
                }).ok());
  EXPECT_TRUE(done.Wait());
}

// A Context used outside its process: Receive has no process to wait in and
// returns an empty Message at once.
Task ReceiveOnce(Context& ctx, bool* got) {
  Message m = co_await ctx.Receive();
  *got = static_cast<bool>(m);
}

TEST(Lifecycle, ReceiveOutsideTheProcessReturnsEmpty) {
  Runtime rt({.schedulers = 1});
  std::atomic<Context*> leaked{nullptr};
  Countdown started(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  leaked = &ctx;
                  started.Tick();
                  co_await ctx.Receive();
                }).ok());
  ASSERT_TRUE(started.Wait());
  bool got = true;
  Task probe = ReceiveOnce(*leaked.load(), &got);
  probe.handle().resume();
  EXPECT_TRUE(probe.handle().done());
  EXPECT_FALSE(got);
}

TEST(Lifecycle, UncaughtExceptionEndsTheProcessWithAReason) {
  Runtime rt({.schedulers = 1});
  std::string reason;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  auto spawned = ctx.SpawnMonitor([](Context&) -> Task {
                    throw std::runtime_error("bad thing");
                    co_return;
                  });
                  MonitorRef ref = spawned->second;
                  Message m =
                      co_await ctx.Receive([ref](Term t) { return Context::IsDown(t, ref); });
                  Term r = TupleElement(m.term(), 4);
                  if (IsTuple(r) && TupleElement(r, 0) == atoms::kNativeException) {
                    auto bytes = BinaryBytes(TupleElement(r, 1));
                    reason.assign(bytes.begin(), bytes.end());
                  }
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(reason, "bad thing");
}

// One million processes, spawned in waves and exited, give their memory back.
TEST(Lifecycle, MillionProcessesReturnMemoryToBaseline) {
  constexpr int kWaves = 10;
  constexpr int kPerWave = 100000;
  Runtime rt({.schedulers = 2});
  auto spawn_wave = [&](int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(rt.Spawn([](Context& ctx) -> Task {
                      Heap& h = ctx.heap();
                      MakeTuple(h, {atoms::kOk, MakeSmall(1)});  // touch the heap
                      co_return;
                    }).ok());
    }
    ASSERT_TRUE(rt.WaitForNoProcesses(kPatience));
  };
  spawn_wave(kPerWave);  // warm up allocator caches and lazily built tables
  size_t baseline = AllocatedBytes();
  for (int w = 0; w < kWaves; ++w)
    spawn_wave(kPerWave);
  size_t after = AllocatedBytes();
  // Allocator caches may hold a little; a leak of even 8 bytes per process
  // would show as 8 MB.
  EXPECT_LT(after, baseline + (2 << 20)) << "baseline " << baseline << " after " << after;
  RecordProperty("baseline_bytes", std::to_string(baseline));
  RecordProperty("after_bytes", std::to_string(after));
}

}  // namespace
}  // namespace ling
