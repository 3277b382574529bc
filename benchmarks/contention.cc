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

// One timed round: a runtime in the given mode, worker processes that wait
// at a start gate (their first message), and the clock running from the
// gate's opening until every worker called Done(). Construct and destroy
// with timing paused; Run() resumes it and pauses it again.
class Round {
 public:
  Round(int64_t mode, int workers)
      : runtime_({.schedulers = 0}), ports_(runtime_, OptionsFor(mode)), left_(workers) {}

  ling::Runtime& runtime() { return runtime_; }
  // Spawns a worker; its body must start with `co_await ctx.Receive()`.
  void Spawn(benchmark::State& state, ling::ProcessFunction worker) {
    absl::StatusOr<ling::Pid> pid = runtime_.Spawn(std::move(worker));
    if (!pid.ok()) return state.SkipWithError("spawn failed");
    gated_.push_back(*pid);
  }
  // Workers call this when they are through.
  void Done() {
    if (left_.fetch_sub(1) == 1) all_done_.Notify();
  }
  void Run(benchmark::State& state) {
    state.ResumeTiming();
    for (ling::Pid p : gated_)
      (void)runtime_.Send(p, ling::kNil);
    all_done_.WaitForNotification();
    state.PauseTiming();
    (void)runtime_.Stop();
  }

 private:
  ling::Runtime runtime_;
  ling::PortSystem ports_;
  std::atomic<int> left_;
  absl::Notification all_done_;
  std::vector<ling::Pid> gated_;
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
  const std::string payload(bytes, 'x');
  for (auto _ : state) {
    state.PauseTiming();
    {  // the round is torn down while timing is paused
      Round round(mode, senders);
      absl::Notification opened;
      std::atomic<uint64_t> port_raw{0};
      auto owner = round.runtime().Spawn([&](ling::Context& ctx) -> ling::Task {
        port_raw = ling::ports::Open(ctx, "sink")->raw();
        opened.Notify();
        co_await ctx.Receive();  // keeps the port open
      });
      if (!owner.ok()) state.SkipWithError("spawn failed");
      opened.WaitForNotification();
      ling::Term port = ling::Term::FromRaw(port_raw.load());
      for (int s = 0; s < senders; ++s) {
        round.Spawn(state, [&, port](ling::Context& ctx) -> ling::Task {
          co_await ctx.Receive();  // the start gate
          std::vector<int64_t> mine;
          mine.reserve(per_sender);
          for (int i = 0; i < per_sender; ++i) {
            int64_t t0 = absl::GetCurrentTimeNanos();
            co_await ling::ports::Command(ctx, port, payload);
            mine.push_back(absl::GetCurrentTimeNanos() - t0);
          }
          latencies.Add(mine);
          round.Done();
        });
      }
      round.Run(state);
    }
    signals += int64_t{senders} * per_sender;
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
  const std::string payload(64, 'x');
  for (auto _ : state) {
    state.PauseTiming();
    {  // the round is torn down while timing is paused
      Round round(mode, pairs);
      for (int p = 0; p < pairs; ++p) {
        round.Spawn(state, [&](ling::Context& ctx) -> ling::Task {
          ling::Term port = *ling::ports::Open(ctx, "sink");
          co_await ctx.Receive();  // the start gate
          for (int i = 0; i < per_sender; ++i)
            co_await ling::ports::Command(ctx, port, payload);
          round.Done();
        });
      }
      round.Run(state);
    }
    signals += int64_t{pairs} * per_sender;
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
