// Contention benchmarks: N sender processes to one port, in the three
// scheduling modes -- default (immediate when uncontended), forced
// scheduling, legacy (pre-R16 BEAM: the sender takes the port lock).
//
//   bazel run -c opt //benchmarks:contention
//
// Each benchmark reports signals per second and the per-signal latency seen
// by the senders (p50, p99 of the time a port_command takes to return).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "ling/ports.h"
#include "ling/runtime.h"

namespace {

enum Mode : int64_t { kDefault = 0, kForced = 1, kLegacy = 2 };

ling::PortSystemOptions OptionsFor(int64_t mode) {
  return {.force_scheduling = mode == kForced, .legacy = mode == kLegacy};
}

const char* ModeName(int64_t mode) {
  return mode == kDefault ? "default" : mode == kForced ? "forced" : "legacy";
}

struct Latencies {
  std::mutex mutex;
  std::vector<int64_t> ns;
  void Add(std::vector<int64_t>& mine) {
    std::lock_guard<std::mutex> lock(mutex);
    ns.insert(ns.end(), mine.begin(), mine.end());
  }
  double Percentile(double p) {
    if (ns.empty()) return 0;
    size_t k = static_cast<size_t>(p * (ns.size() - 1));
    std::nth_element(ns.begin(), ns.begin() + k, ns.end());
    return static_cast<double>(ns[k]);
  }
};

// range(0): senders, range(1): command bytes, range(2): mode.
void BM_SendersToOnePort(benchmark::State& state) {
  const int senders = static_cast<int>(state.range(0));
  const size_t bytes = static_cast<size_t>(state.range(1));
  const int64_t mode = state.range(2);
  // Enough signals per iteration that start-up and wake-ups do not count.
  const int per_sender = std::max(2000, 200000 / senders);
  state.SetLabel(ModeName(mode));
  Latencies latencies;
  int64_t signals = 0;
  for (auto _ : state) {
    state.PauseTiming();
    ling::Runtime rt({.schedulers = 0});
    ling::PortSystem ports(rt, OptionsFor(mode));
    absl::Notification opened;
    std::atomic<int> finished{0};
    absl::Notification all_done;
    std::atomic<uint64_t> port_raw{0};
    auto owner = rt.Spawn([&](ling::Context& ctx) -> ling::Task {
      port_raw = ling::ports::Open(ctx, "sink")->raw();
      opened.Notify();
      co_await ctx.Receive();  // keeps the port open
    });
    if (!owner.ok()) state.SkipWithError("spawn failed");
    opened.WaitForNotification();
    ling::Term port = ling::Term::FromRaw(port_raw.load());
    std::string payload(bytes, 'x');
    std::vector<ling::Pid> pids;
    for (int s = 0; s < senders; ++s) {
      auto pid = rt.Spawn([&, port](ling::Context& ctx) -> ling::Task {
        co_await ctx.Receive();  // the start gate: all start together
        std::vector<int64_t> mine;
        mine.reserve(per_sender);
        for (int i = 0; i < per_sender; ++i) {
          int64_t t0 = absl::GetCurrentTimeNanos();
          co_await ling::ports::Command(ctx, port, payload);
          mine.push_back(absl::GetCurrentTimeNanos() - t0);
        }
        latencies.Add(mine);
        if (finished.fetch_add(1) + 1 == senders) all_done.Notify();
      });
      if (pid.ok()) pids.push_back(*pid);
    }
    state.ResumeTiming();
    for (ling::Pid p : pids)
      (void)rt.Send(p, ling::kNil);
    all_done.WaitForNotification();
    state.PauseTiming();
    signals += int64_t{senders} * per_sender;
    (void)rt.Stop();
    state.ResumeTiming();
  }
  state.counters["signals_per_s"] =
      benchmark::Counter(static_cast<double>(signals), benchmark::Counter::kIsRate);
  state.counters["p50_ns"] = latencies.Percentile(0.50);
  state.counters["p99_ns"] = latencies.Percentile(0.99);
}

void SendersArgs(benchmark::internal::Benchmark* b) {
  for (int64_t mode : {kDefault, kForced, kLegacy}) {
    for (int64_t senders : {1, 2, 4, 8, 16, 64}) {
      for (int64_t bytes : {8, 64, 1024})
        b->Args({senders, bytes, mode});
    }
  }
}
BENCHMARK(BM_SendersToOnePort)->Apply(SendersArgs)->UseRealTime()->Iterations(3);

// Many ports, one sender each: scaling over schedulers.
void BM_PortPerSender(benchmark::State& state) {
  const int pairs = static_cast<int>(state.range(0));
  const int64_t mode = state.range(1);
  const int per_sender = 5000;
  state.SetLabel(ModeName(mode));
  int64_t signals = 0;
  for (auto _ : state) {
    state.PauseTiming();
    ling::Runtime rt({.schedulers = 0});
    ling::PortSystem ports(rt, OptionsFor(mode));
    absl::Notification all_done;
    std::atomic<int> finished{0};
    std::vector<ling::Pid> pids;
    for (int p = 0; p < pairs; ++p) {
      auto pid = rt.Spawn([&](ling::Context& ctx) -> ling::Task {
        ling::Term port = *ling::ports::Open(ctx, "sink");
        co_await ctx.Receive();  // the start gate
        std::string payload(64, 'x');
        for (int i = 0; i < per_sender; ++i)
          co_await ling::ports::Command(ctx, port, payload);
        if (finished.fetch_add(1) + 1 == pairs) all_done.Notify();
      });
      if (pid.ok()) pids.push_back(*pid);
    }
    state.ResumeTiming();
    for (ling::Pid p : pids)
      (void)rt.Send(p, ling::kNil);
    all_done.WaitForNotification();
    state.PauseTiming();
    signals += int64_t{pairs} * per_sender;
    (void)rt.Stop();
    state.ResumeTiming();
  }
  state.counters["signals_per_s"] =
      benchmark::Counter(static_cast<double>(signals), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PortPerSender)
    ->ArgsProduct({{1, 2, 8}, {kDefault, kForced, kLegacy}})
    ->UseRealTime()
    ->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
