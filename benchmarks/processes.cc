// Process benchmarks: spawn+exit cost, bytes per idle process, ring hops per
// second. The same programs for Erlang/OTP are in peer/processes.erl;
// compare_processes.sh runs both and prints them side by side.
#include <benchmark/benchmark.h>

#include <vector>

#include "absl/synchronization/notification.h"
#include "examples/ring.h"
#include "ling/runtime.h"
#include "runtime/base/memory_stats.h"

namespace {

// Spawns batches of processes that exit at once; the time per process covers
// creation, scheduling, exit and freeing.
void BM_SpawnExit(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  ling::Runtime rt({.schedulers = 0});
  for (auto _ : state) {
    for (int i = 0; i < batch; ++i) {
      auto pid = rt.Spawn([](ling::Context&) -> ling::Task { co_return; });
      if (!pid.ok()) state.SkipWithError("spawn failed");
    }
    rt.WaitForNoProcesses();
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_SpawnExit)->Arg(10000)->UseRealTime()->Unit(benchmark::kMillisecond);

// Memory of processes that wait in receive, measured at the allocator.
void BM_IdleProcessBytes(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  double bytes_per_process = 0;
  for (auto _ : state) {
    ling::Runtime rt({.schedulers = 0});
    size_t before = ling::AllocatedBytes();
    for (int i = 0; i < n; ++i) {
      auto pid = rt.Spawn([](ling::Context& ctx) -> ling::Task { co_await ctx.Receive(); });
      if (!pid.ok()) state.SkipWithError("spawn failed");
    }
    // Wait until every process has run up to its receive.
    while (true) {
      size_t now = ling::AllocatedBytes();
      absl::SleepFor(absl::Milliseconds(20));
      if (ling::AllocatedBytes() == now) break;
    }
    bytes_per_process = static_cast<double>(ling::AllocatedBytes() - before) / n;
  }
  state.counters["bytes_per_process"] = bytes_per_process;
}
BENCHMARK(BM_IdleProcessBytes)->Arg(100000)->Iterations(1)->Unit(benchmark::kMillisecond);

// A token passed around a ring of range(0) processes, range(1) hops.
void BM_RingHops(benchmark::State& state) {
  const int processes = static_cast<int>(state.range(0));
  const int64_t hops = state.range(1);
  for (auto _ : state) {
    state.PauseTiming();
    ling::Runtime rt({.schedulers = 0});
    absl::Notification done;
    auto ring = ling::examples::BuildRing(rt, processes, &done);
    if (!ring.ok()) state.SkipWithError("ring setup failed");
    state.ResumeTiming();
    (void)rt.Send(ring->front(), ling::MakeSmall(hops));
    done.WaitForNotification();
    state.PauseTiming();
    (void)rt.Stop();
    state.ResumeTiming();
  }
  state.counters["hops_per_s"] = benchmark::Counter(static_cast<double>(hops) * state.iterations(),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RingHops)->Args({1000, 1000000})->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
