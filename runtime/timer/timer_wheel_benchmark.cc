// TimerWheel costs: bazel run -c opt //runtime/timer:timer_wheel_benchmark
//
// Expiries are random within the next ~4.6 hours (2^24 ms), the spread of
// receive timeouts and send_after on a busy node; each figure is per timer.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "runtime/timer/timer_wheel.h"

namespace ling {
namespace {

constexpr uint64_t kSpread = uint64_t{1} << 24;

std::vector<uint64_t> RandomDeltas(size_t n) {
  std::mt19937_64 rng(1);
  std::vector<uint64_t> deltas(n);
  for (uint64_t& d : deltas)
    d = 1 + rng() % kSpread;
  return deltas;
}

// Arm and cancel (a receive that got its message in time), with range(0)
// other timers pending in the wheel.
void BM_InsertRemove(benchmark::State& state) {
  const size_t pending = state.range(0);
  const std::vector<uint64_t> deltas = RandomDeltas(pending + 4096);
  auto background = std::make_unique<TimerEntry[]>(pending);
  TimerWheel wheel(0);
  for (size_t i = 0; i < pending; ++i)
    wheel.Insert(&background[i], deltas[i]);
  TimerEntry entry;
  size_t i = 0;
  for (auto _ : state) {
    wheel.Insert(&entry, deltas[pending + (i++ & 4095)]);
    wheel.Remove(&entry);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InsertRemove)->Arg(0)->Arg(1000)->Arg(1000000);

// Arm range(0) timers, then fire them all the way a sleeping scheduler does:
// wake at NextExpiry(), Advance() to it, repeat. Cascades included.
void BM_InsertFire(benchmark::State& state) {
  const size_t count = state.range(0);
  const std::vector<uint64_t> deltas = RandomDeltas(count);
  auto entries = std::make_unique<TimerEntry[]>(count);
  TimerWheel wheel(0);
  for (auto _ : state) {
    const uint64_t start = wheel.now();
    for (size_t i = 0; i < count; ++i)
      wheel.Insert(&entries[i], start + deltas[i]);
    while (std::optional<uint64_t> next = wheel.NextExpiry()) {
      wheel.Advance(*next, [](TimerEntry*) {});
    }
  }
  state.SetItemsProcessed(state.iterations() * count);
}
BENCHMARK(BM_InsertFire)->Arg(1000)->Arg(100000);

// 1,000,000 pending timers: insert them all, cancel half, fire the rest in
// one jump (a scheduler that was busy for hours).
void BM_MillionPending(benchmark::State& state) {
  constexpr size_t kCount = 1000000;
  const std::vector<uint64_t> deltas = RandomDeltas(kCount);
  auto entries = std::make_unique<TimerEntry[]>(kCount);
  TimerWheel wheel(0);
  for (auto _ : state) {
    const uint64_t start = wheel.now();
    for (size_t i = 0; i < kCount; ++i)
      wheel.Insert(&entries[i], start + deltas[i]);
    for (size_t i = 0; i < kCount; i += 2)
      wheel.Remove(&entries[i]);
    size_t fired = wheel.Advance(start + kSpread, [](TimerEntry*) {});
    benchmark::DoNotOptimize(fired);
  }
  state.SetItemsProcessed(state.iterations() * kCount);
}
BENCHMARK(BM_MillionPending)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ling
