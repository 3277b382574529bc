// The pieces every contention benchmark is built from: the scheduling modes,
// a latency collector, and Round -- one timed run of worker processes on a
// fresh runtime.
#ifndef LING_BENCHMARKS_CONTENTION_ROUND_H_
#define LING_BENCHMARKS_CONTENTION_ROUND_H_

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "ling/ports.h"
#include "ling/runtime.h"
#include "ports/drivers/sink_driver.h"
#include "runtime/term/binary.h"

namespace ling::bench {

enum Mode : int64_t { kDefault = 0, kForced = 1, kLegacy = 2 };
inline constexpr int64_t kModes[] = {kDefault, kForced, kLegacy};

inline PortSystemOptions OptionsFor(int64_t mode) {
  return {.force_scheduling = mode == kForced, .legacy = mode == kLegacy};
}

inline const char* ModeName(int64_t mode) {
  return mode == kDefault ? "default" : mode == kForced ? "forced" : "legacy";
}

// Per-signal latencies from all senders (each sender adds its own batch).
class Latencies {
 public:
  void Add(const std::vector<int64_t>& mine) {
    std::lock_guard<std::mutex> lock(mutex_);
    ns_.insert(ns_.end(), mine.begin(), mine.end());
  }
  double Percentile(double p) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ns_.empty()) return 0;
    size_t k = static_cast<size_t>(p * static_cast<double>(ns_.size() - 1));
    std::nth_element(ns_.begin(), ns_.begin() + static_cast<ptrdiff_t>(k), ns_.end());
    return static_cast<double>(ns_[k]);
  }

 private:
  std::mutex mutex_;
  std::vector<int64_t> ns_;
};

// One timed round: a runtime in the given mode, worker processes that wait
// at a start gate (their first message), and the clock running from the
// gate's opening until every worker called Done(). Construct and destroy
// with timing paused; Run() resumes it and pauses it again.
class Round {
 public:
  Round(int64_t mode, int workers)
      : runtime_({.schedulers = 0}), ports_(runtime_, OptionsFor(mode)), left_(workers) {}

  Runtime& runtime() { return runtime_; }
  PortSystem& ports() { return ports_; }
  // Spawns a worker; its body must start with `co_await ctx.Receive()`.
  void Spawn(benchmark::State& state, ProcessFunction worker) {
    absl::StatusOr<Pid> pid = runtime_.Spawn(std::move(worker));
    if (!pid.ok()) return state.SkipWithError("spawn failed");
    gated_.push_back(*pid);
  }
  // Opens `driver` from a process that keeps it open; the port.
  Term OpenPort(benchmark::State& state, std::string_view driver,
                const PortOpenOptions& options = {}) {
    absl::Notification opened;
    std::atomic<uint64_t> port_raw{0};
    auto owner = runtime_.Spawn([&](Context& ctx) -> Task {
      absl::StatusOr<Term> port = ports::Open(ctx, driver, options);
      port_raw = port.ok() ? port->raw() : 0;
      opened.Notify();
      co_await ctx.Receive();  // keeps the port open
    });
    if (!owner.ok()) state.SkipWithError("spawn failed");
    opened.WaitForNotification();
    if (port_raw.load() == 0) state.SkipWithError("open failed");
    return Term::FromRaw(port_raw.load());
  }
  // After Run: the sink at `port` must have counted `expected` commands
  // (nothing lost, nothing doubled); an error for the benchmark if not.
  void ExpectSinkCommands(benchmark::State& state, Term port, int64_t expected) {
    absl::Notification answered;
    std::string counters;
    auto checker = runtime_.Spawn([&](Context& ctx) -> Task {
      absl::StatusOr<Message> r =
          co_await ports::Control(ctx, port, SinkDriver::kCounters, std::string_view(""));
      if (r.ok() && IsBinary(ports::Answer(*r))) {
        ByteSpan b = BinaryBytes(ports::Answer(*r));
        counters.assign(b.begin(), b.end());
      }
      answered.Notify();
    });
    if (!checker.ok()) return state.SkipWithError("spawn failed");
    answered.WaitForNotification();
    if (counters.substr(0, counters.find(' ')) != std::to_string(expected))
      state.SkipWithError("the sink's counters do not add up");
  }
  // Workers call this when they are through.
  void Done() {
    if (left_.fetch_sub(1) == 1) all_done_.Notify();
  }
  void Run(benchmark::State& state) {
    state.ResumeTiming();
    for (Pid p : gated_)
      (void)runtime_.Send(p, kNil);
    all_done_.WaitForNotification();
    state.PauseTiming();
  }

 private:
  Runtime runtime_;
  PortSystem ports_;
  std::atomic<int> left_;
  absl::Notification all_done_;
  std::vector<Pid> gated_;
};

}  // namespace ling::bench

#endif  // LING_BENCHMARKS_CONTENTION_ROUND_H_
