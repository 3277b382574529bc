// Contention benchmarks: what scheduled port signals buy, in the three
// scheduling modes -- default (immediate when uncontended), forced
// scheduling, legacy (pre-R16 BEAM: the sender takes the port lock).
//
//   bazel run -c opt //benchmarks:contention              (Google Benchmark)
//   bazel run -c opt //benchmarks:contention -- --table   (one table, with BEAM)
//
// Throughput is `signals_per_s`; senders also report the per-signal latency
// they saw (`p50_ns`, `p99_ns`: the time a port_command takes to return,
// sampled on every 16th command).
#include "benchmarks/contention.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "benchmarks/contention_round.h"
#include "ling/ports.h"
#include "ports/drivers/sink_driver.h"

namespace ling::bench {
namespace {

void ReportRate(benchmark::State& state, int64_t signals) {
  state.counters["signals_per_s"] =
      benchmark::Counter(static_cast<double>(signals), benchmark::Counter::kIsRate);
}

void ReportLatencies(benchmark::State& state, Latencies& latencies) {
  state.counters["p50_ns"] = latencies.Percentile(0.50);
  state.counters["p99_ns"] = latencies.Percentile(0.99);
}

// A sender: waits at the gate, then sends `count` commands of `payload`,
// timing every kSampleEvery-th (two clock reads on each command would cost
// as much as the command; BEAM's peer times none); reports to `latencies`
// and `round`.
constexpr int kSampleEvery = 16;

ProcessFunction TimedSender(Round& round, Term port, const std::string& payload, int count,
                            Latencies& latencies) {
  return [&round, port, &payload, count, &latencies](Context& ctx) -> Task {
    co_await ctx.Receive();  // the start gate
    std::vector<int64_t> mine;
    mine.reserve(static_cast<size_t>(count / kSampleEvery + 1));
    for (int i = 0; i < count; ++i) {
      if (i % kSampleEvery != 0) {
        co_await ports::Command(ctx, port, payload);
        continue;
      }
      int64_t t0 = absl::GetCurrentTimeNanos();
      co_await ports::Command(ctx, port, payload);
      mine.push_back(absl::GetCurrentTimeNanos() - t0);
    }
    latencies.Add(mine);
    round.Done();
  };
}

// ---- drivers of the workloads -------------------------------------------------

// io_sink: drains a descriptor it selects (readiness against commands on
// one port); args: the descriptor. Commands are counted and dropped.
class IoSinkDriver final : public Driver {
 public:
  explicit IoSinkDriver(int fd) : fd_(fd) {}
  absl::Status Start(DriverContext& port) override {
    return port.Select(fd_, DriverContext::kSelectRead, true);
  }
  void Output(DriverContext&, ByteSpan) override {}
  void ReadyInput(DriverContext&, int fd) override {
    char buf[4096];
    while (read(fd, buf, sizeof buf) > 0) {
    }
  }

 private:
  int fd_;
};

// slow_sink: spends about `ns` on each command (a driver that cannot keep up).
class SlowSinkDriver final : public Driver {
 public:
  explicit SlowSinkDriver(int64_t ns) : ns_(ns) {}
  void Output(DriverContext&, ByteSpan) override {
    int64_t until = absl::GetCurrentTimeNanos() + ns_;
    while (absl::GetCurrentTimeNanos() < until) {
    }
  }

 private:
  int64_t ns_;
};

// busy_every: turns busy after every `k` commands; control 2 (as sink's
// kClearBusy) clears it.
class BusyEveryDriver final : public Driver {
 public:
  explicit BusyEveryDriver(int k) : k_(k) {}
  void Output(DriverContext& port, ByteSpan) override {
    if (++n_ % k_ == 0) port.SetBusy(true);
  }
  absl::StatusOr<std::string> Control(DriverContext& port, uint32_t command, ByteSpan) override {
    if (command != SinkDriver::kClearBusy) return absl::InvalidArgumentError("command");
    port.SetBusy(false);
    return std::string();
  }

 private:
  int k_;
  int64_t n_ = 0;
};

// A factory for a driver that takes one integer argument; a driver refuses
// (nullptr: Open fails) anything else.
template <class D>
DriverFactory WithIntArg() {
  return [](std::string_view args) -> std::unique_ptr<Driver> {
    int v = 0;
    if (!absl::SimpleAtoi(absl::string_view(args.data(), args.size()), &v)) return nullptr;
    return std::make_unique<D>(v);
  };
}

void RegisterWorkloadDrivers(PortSystem& ports) {
  ports.RegisterDriver("io_sink", WithIntArg<IoSinkDriver>()).IgnoreError();
  ports.RegisterDriver("slow_sink", WithIntArg<SlowSinkDriver>()).IgnoreError();
  ports.RegisterDriver("busy_every", WithIntArg<BusyEveryDriver>()).IgnoreError();
}

// ---- the workloads ---------------------------------------------------------------

// The iterations of a benchmark: each builds a fresh Round (timing paused,
// the workload drivers registered), lets `setup` open ports and spawn the
// workers, times the round, and lets `after` look at it before it is torn
// down untimed. Returns the signals sent, `per_round` a round.
template <class Setup, class After>
int64_t TimedRounds(benchmark::State& state, int64_t mode, int workers, int64_t per_round,
                    Setup setup, After after) {
  for (auto _ : state) {
    state.PauseTiming();
    {
      Round round(mode, workers);
      RegisterWorkloadDrivers(round.ports());
      setup(round);
      round.Run(state);
      after(round);
    }
    state.ResumeTiming();
  }
  return static_cast<int64_t>(state.iterations()) * per_round;
}

// N senders to one sink port. range: senders, command bytes, mode.
void BM_SendersToOnePort(benchmark::State& state) {
  const int senders = static_cast<int>(state.range(0));
  const std::string payload(static_cast<size_t>(state.range(1)), 'x');
  const int64_t mode = state.range(2);
  // Enough signals per iteration that start-up and wake-ups do not count.
  const int per_sender = std::max(2000, 200000 / senders);
  const int64_t per_round = int64_t{senders} * per_sender;
  state.SetLabel(ModeName(mode));
  Latencies latencies;
  Term port;
  int64_t signals = TimedRounds(
      state, mode, senders, per_round,
      [&](Round& round) {
        port = round.OpenPort(state, "sink");
        for (int s = 0; s < senders; ++s)
          round.Spawn(state, TimedSender(round, port, payload, per_sender, latencies));
      },
      [&](Round& round) { round.ExpectSinkCommands(state, port, per_round); });
  ReportRate(state, signals);
  ReportLatencies(state, latencies);
}

// One signal at a time, nobody else on the port: the cost of a signal.
void BM_UncontendedLatency(benchmark::State& state) {
  const int64_t mode = state.range(0);
  const std::string payload(64, 'x');
  const int commands = 100000;
  state.SetLabel(ModeName(mode));
  Latencies latencies;
  Term port;
  int64_t signals = TimedRounds(
      state, mode, 1, commands,
      [&](Round& round) {
        port = round.OpenPort(state, "sink");
        round.Spawn(state, TimedSender(round, port, payload, commands, latencies));
      },
      [&](Round& round) { round.ExpectSinkCommands(state, port, commands); });
  ReportRate(state, signals);
  ReportLatencies(state, latencies);
  // The mean cost of one signal, loop included: finer than one clock read.
  state.counters["ns_per_signal"] =
      benchmark::Counter(static_cast<double>(signals) / 1e9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Many ports, one sender each: scaling over schedulers. range: pairs, mode.
void BM_PortPerSender(benchmark::State& state) {
  const int pairs = static_cast<int>(state.range(0));
  const int64_t mode = state.range(1);
  const int per_sender = 50000;
  const std::string payload(64, 'x');
  state.SetLabel(ModeName(mode));
  int64_t signals = TimedRounds(
      state, mode, pairs, int64_t{pairs} * per_sender,
      [&](Round& round) {
        for (int p = 0; p < pairs; ++p) {
          round.Spawn(state, [&](Context& ctx) -> Task {
            Term port = *ports::Open(ctx, "sink");
            co_await ctx.Receive();  // the start gate
            for (int i = 0; i < per_sender; ++i)
              co_await ports::Command(ctx, port, payload);
            round.Done();
          });
        }
      },
      [](Round&) {});
  ReportRate(state, signals);
}

// I/O readiness contending with one process on one port: a host thread
// keeps a pipe readable that the port drains, while one process sends
// commands. range: mode.
void BM_IoAndOneProcess(benchmark::State& state) {
  const int64_t mode = state.range(0);
  const int commands = 200000;
  const std::string payload(64, 'x');
  state.SetLabel(ModeName(mode));
  int fds[2];
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) return state.SkipWithError("pipe2 failed");
  std::atomic<bool> stop{false};
  std::thread writer([&] {  // steady input: 512 bytes every 20 us or so
    const char chunk[512] = {};
    while (!stop.load(std::memory_order_relaxed)) {
      (void)!write(fds[1], chunk, sizeof chunk);
      absl::SleepFor(absl::Microseconds(20));
    }
  });
  Latencies latencies;
  int64_t signals = TimedRounds(
      state, mode, 1, commands,
      [&](Round& round) {
        Term port = round.OpenPort(state, "io_sink", {.args = std::to_string(fds[0])});
        round.Spawn(state, TimedSender(round, port, payload, commands, latencies));
      },
      [](Round&) {});
  stop = true;
  writer.join();
  close(fds[0]);
  close(fds[1]);
  ReportRate(state, signals);
  ReportLatencies(state, latencies);
}

// A flood of senders against a port slower than they are. With the busy
// port queue (range(1) = 1) queued memory stays bounded; without it
// (disabled limits) it grows with the backlog. range: mode, limits on.
void BM_FloodSlowPort(benchmark::State& state) {
  const int64_t mode = state.range(0);
  const bool limits = state.range(1) != 0;
  const int senders = 16, per_sender = 2000;
  const std::string payload(256, 'x');
  state.SetLabel(std::string(ModeName(mode)) + (limits ? "" : " no-limits"));
  Latencies latencies;
  size_t peak = 0;
  Term port;
  int64_t signals = TimedRounds(
      state, mode, senders, int64_t{senders} * per_sender,
      [&](Round& round) {
        PortOpenOptions options{.args = "1000"};  // ~1 us per command
        options.limits.disabled = !limits;
        port = round.OpenPort(state, "slow_sink", options);
        for (int s = 0; s < senders; ++s)
          round.Spawn(state, TimedSender(round, port, payload, per_sender, latencies));
      },
      [&](Round& round) {
        absl::StatusOr<PortSystem::Info> info = round.ports().PortInfo(port);
        if (info.ok()) peak = std::max(peak, info->peak_queued_bytes);
      });
  ReportRate(state, signals);
  ReportLatencies(state, latencies);
  state.counters["peak_queued_bytes"] = static_cast<double>(peak);
}

// The cost of entering and leaving the busy state under load: the port
// turns busy every 32 commands and an unlocker process clears it at once,
// so senders are suspended and resumed all the time. range: senders, mode.
void BM_BusyToggling(benchmark::State& state) {
  const int senders = static_cast<int>(state.range(0));
  const int64_t mode = state.range(1);
  const int per_sender = std::max(1000, 100000 / senders);
  const std::string payload(64, 'x');
  state.SetLabel(ModeName(mode));
  uint64_t suspensions = 0;
  Term port;
  std::atomic<bool> senders_done{false};
  int64_t signals = TimedRounds(
      state, mode, senders, int64_t{senders} * per_sender,
      [&](Round& round) {
        port = round.OpenPort(state, "busy_every", {.args = "32"});
        senders_done = false;
        for (int s = 0; s < senders; ++s) {
          round.Spawn(state, [&](Context& ctx) -> Task {
            co_await ctx.Receive();  // the start gate
            for (int i = 0; i < per_sender; ++i)
              co_await ports::Command(ctx, port, payload);
            round.Done();
          });
        }
        (void)round.runtime().Spawn([&](Context& ctx) -> Task {
          while (!senders_done.load(std::memory_order_relaxed)) {
            co_await ports::Control(ctx, port, SinkDriver::kClearBusy, std::string_view(""));
            co_await ctx.Yield();
          }
        });
      },
      [&](Round& round) {
        senders_done = true;
        absl::StatusOr<PortSystem::Info> info = round.ports().PortInfo(port);
        if (info.ok()) suspensions += info->suspensions;
      });
  ReportRate(state, signals);
  state.counters["suspensions_per_s"] =
      benchmark::Counter(static_cast<double>(suspensions), benchmark::Counter::kIsRate);
}

}  // namespace

void WarmUp() {
  // A second of the heaviest mode on every core: the machine (a VM's
  // virtual CPUs, the allocator's caches) settles before anything is timed.
  Runtime runtime({.schedulers = 0});
  PortSystem ports(runtime, OptionsFor(kForced));
  absl::Notification done;
  std::atomic<int> left{2};
  const int64_t until = absl::GetCurrentTimeNanos() + 1'000'000'000;
  for (int s = 0; s < 2; ++s) {
    (void)runtime.Spawn([&](Context& ctx) -> Task {
      Term port = *ports::Open(ctx, "sink");
      std::string payload(64, 'x');
      while (absl::GetCurrentTimeNanos() < until) {
        for (int i = 0; i < 1000; ++i)
          co_await ports::Command(ctx, port, payload);
      }
      if (left.fetch_sub(1) == 1) done.Notify();
    });
  }
  done.WaitForNotification();
}

void RegisterContentionBenchmarks() {
  auto timed = [](benchmark::internal::Benchmark* b) { b->UseRealTime()->Iterations(3); };
  auto* senders = benchmark::RegisterBenchmark("BM_SendersToOnePort", BM_SendersToOnePort);
  for (int64_t mode : kModes) {
    for (int64_t n : kSenderCounts) {
      for (int64_t bytes : kCommandSizes)
        senders->Args({n, bytes, mode});
    }
  }
  timed(senders);
  timed(benchmark::RegisterBenchmark("BM_UncontendedLatency", BM_UncontendedLatency)
            ->DenseRange(kDefault, kLegacy));
  timed(benchmark::RegisterBenchmark("BM_PortPerSender", BM_PortPerSender)
            ->ArgsProduct({{1, 2, 8}, {kDefault, kForced, kLegacy}}));
  timed(benchmark::RegisterBenchmark("BM_IoAndOneProcess", BM_IoAndOneProcess)
            ->DenseRange(kDefault, kLegacy));
  timed(benchmark::RegisterBenchmark("BM_FloodSlowPort", BM_FloodSlowPort)
            ->ArgsProduct({{kDefault, kForced, kLegacy}, {1, 0}}));
  timed(benchmark::RegisterBenchmark("BM_BusyToggling", BM_BusyToggling)
            ->ArgsProduct({{16}, {kDefault, kForced, kLegacy}}));
}

}  // namespace ling::bench
