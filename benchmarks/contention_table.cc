#include "benchmarks/contention_table.h"

#include <benchmark/benchmark.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "benchmarks/beam_peer.h"
#include "benchmarks/contention_round.h"

namespace ling::bench {
namespace {

// One benchmark run, by function and arguments.
struct Result {
  std::string function;
  std::vector<int64_t> args;
  std::string label;
  std::map<std::string, double> counters;
};

// Keeps every run, or with repetitions each benchmark's median (and says
// on stderr what ran).
class Collector final : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred) {
        fprintf(stderr, "  failed %s\n", run.benchmark_name().c_str());
        ++errors;
        continue;
      }
      // With repetitions, the median stands for the row.
      bool aggregate = run.run_type == Run::RT_Aggregate;
      if (run.repetitions > 1 ? !(aggregate && run.aggregate_name == "median") : aggregate)
        continue;
      fprintf(stderr, "  ran %s\n", run.benchmark_name().c_str());
      Result r{run.run_name.function_name, {}, run.report_label, {}};
      for (absl::string_view a : absl::StrSplit(run.run_name.args, '/')) {
        int64_t v = 0;
        if (absl::SimpleAtoi(a, &v)) r.args.push_back(v);
      }
      for (const auto& [name, counter] : run.counters)
        r.counters[name] = counter.value;
      results.push_back(std::move(r));
    }
  }
  std::vector<Result> results;
  int errors = 0;
};

struct Row {
  std::string workload;
  std::string mode;
  double value;
  std::string unit;
  double vs_legacy = 0;  // 0: not applicable
  double vs_beam = 0;
};

std::string Ratio(double r) {
  return r > 0 ? absl::StrFormat("%.2f", r) : "-";
}

std::string Value(double v) {
  if (v >= 1e6) return absl::StrFormat("%.2fM", v / 1e6);
  if (v >= 1e4) return absl::StrFormat("%.1fk", v / 1e3);
  return absl::StrFormat("%.0f", v);
}

// The workload a result belongs to (its mode's argument left out) and its
// mode; the metric shown for it.
struct Shape {
  std::string workload;
  int64_t mode;
  std::string counter;
  std::string unit;
};

Shape ShapeOf(const Result& r) {
  auto arg = [&r](size_t i) { return i < r.args.size() ? r.args[i] : 0; };
  if (r.function == "BM_SendersToOnePort")
    return {absl::StrCat(arg(0), arg(0) == 1 ? " sender, " : " senders, ", arg(1), " B"), arg(2),
            "signals_per_s", "signals/s"};
  if (r.function == "BM_UncontendedLatency")
    return {"uncontended command, 64 B", arg(0), "ns_per_signal", "ns per signal"};
  if (r.function == "BM_PortPerSender")
    return {absl::StrCat(arg(0), arg(0) == 1 ? " port" : " ports", ", a sender each"), arg(1),
            "signals_per_s", "signals/s"};
  if (r.function == "BM_IoAndOneProcess")
    return {"I/O + 1 process, one port", arg(0), "signals_per_s", "signals/s"};
  if (r.function == "BM_FloodSlowPort")
    return {absl::StrCat("flood, slow port", arg(1) ? "" : ", no limits"), arg(0), "signals_per_s",
            "signals/s"};
  if (r.function == "BM_BusyToggling")
    return {absl::StrCat("busy toggling, ", arg(0), " senders"), arg(1), "signals_per_s",
            "signals/s"};
  return {r.function, 0, "signals_per_s", "signals/s"};
}

// BEAM's figure for a senders/bytes workload: default for the default and
// legacy modes, +spp true for forced scheduling.
struct BeamFigures {
  std::map<std::pair<int64_t, int64_t>, double> plain, spp;
};

std::vector<Row> BuildRows(const std::vector<Result>& results, const BeamFigures& beam) {
  std::map<std::string, std::map<int64_t, double>> by_workload;  // for /legacy
  for (const Result& r : results) {
    Shape s = ShapeOf(r);
    by_workload[s.workload + "|" + s.counter][s.mode] =
        r.counters.count(s.counter) ? r.counters.at(s.counter) : 0;
  }
  std::vector<Row> rows;
  for (const Result& r : results) {
    Shape s = ShapeOf(r);
    double v = r.counters.count(s.counter) ? r.counters.at(s.counter) : 0;
    Row row{s.workload, ModeName(s.mode), v, s.unit};
    double legacy = by_workload[s.workload + "|" + s.counter][kLegacy];
    if (s.mode != kLegacy && legacy > 0) row.vs_legacy = v / legacy;
    if (r.function == "BM_SendersToOnePort") {
      const auto& peer = s.mode == kForced ? beam.spp : beam.plain;
      auto it = peer.find({r.args[0], r.args[1]});
      if (it != peer.end() && it->second > 0) row.vs_beam = v / it->second;
    }
    rows.push_back(row);
    if (r.function == "BM_SendersToOnePort" && s.mode == kLegacy) {  // then BEAM's own rows
      for (const auto& [name, peer] : {std::pair{"beam", &beam.plain}, {"beam +spp", &beam.spp}}) {
        auto it = peer->find({r.args[0], r.args[1]});
        if (it != peer->end()) rows.push_back({s.workload, name, it->second, s.unit});
      }
    }
    if (r.function == "BM_FloodSlowPort") {
      rows.push_back(
          {s.workload, ModeName(s.mode),
           r.counters.count("peak_queued_bytes") ? r.counters.at("peak_queued_bytes") : 0,
           "peak queued bytes"});
    }
  }
  // A workload's rows together, in the order workloads first ran.
  std::map<std::string, size_t> first;
  for (const Row& r : rows)
    first.emplace(r.workload, first.size());
  std::stable_sort(rows.begin(), rows.end(), [&first](const Row& a, const Row& b) {
    return first[a.workload] < first[b.workload];
  });
  return rows;
}

void PrintTable(const std::vector<Row>& rows) {
  printf("| workload | mode | value | unit | libling/legacy | libling/beam |\n");
  printf("|---|---|---:|---|---:|---:|\n");
  for (const Row& r : rows) {
    printf("| %s | %s | %s | %s | %s | %s |\n", r.workload.c_str(), r.mode.c_str(),
           Value(r.value).c_str(), r.unit.c_str(), Ratio(r.vs_legacy).c_str(),
           Ratio(r.vs_beam).c_str());
  }
}

// senders default forced legacy beam beam_spp, for 64-byte commands.
void WritePlotData(const std::string& path, const std::vector<Result>& results,
                   const BeamFigures& beam) {
  std::map<int64_t, std::map<int64_t, double>> rate;  // senders -> mode -> rate
  for (const Result& r : results) {
    if (r.function == "BM_SendersToOnePort" && r.args[1] == 64)
      rate[r.args[0]][r.args[2]] = r.counters.at("signals_per_s");
  }
  std::ofstream out(path);
  out << "# senders default forced legacy beam beam_spp (signals/s, 64-byte commands)\n";
  for (const auto& [senders, modes] : rate) {
    auto get = [](const auto& m, auto k) {
      auto it = m.find(k);
      return it != m.end() ? it->second : 0.0;
    };
    out << senders << " " << get(modes, kDefault) << " " << get(modes, kForced) << " "
        << get(modes, kLegacy) << " " << get(beam.plain, std::pair<int64_t, int64_t>{senders, 64})
        << " " << get(beam.spp, std::pair<int64_t, int64_t>{senders, 64}) << "\n";
  }
}

std::string Machine() {
  std::string model;
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  return absl::StrCat(sysconf(_SC_NPROCESSORS_ONLN), " cores, ", model);
}

}  // namespace

int RunContentionTable(const TableOptions& options) {
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  BeamFigures beam;
  int status = collector.errors == 0 ? 0 : 1;
  std::vector<int64_t> senders, bytes;
  for (const Result& r : collector.results) {
    if (r.function != "BM_SendersToOnePort") continue;
    if (std::find(senders.begin(), senders.end(), r.args[0]) == senders.end())
      senders.push_back(r.args[0]);
    if (std::find(bytes.begin(), bytes.end(), r.args[1]) == bytes.end()) bytes.push_back(r.args[1]);
  }
  if (options.beam && !senders.empty()) {
    std::optional<std::string> dir = FindPeerDir(options.argv0);
    for (auto [flags, figures] : {std::pair{"", &beam.plain}, {"+spp true", &beam.spp}}) {
      fprintf(stderr, "  running the BEAM peer %s\n", flags);
      absl::StatusOr<std::vector<BeamFigure>> got =
          dir.has_value() ? RunBeamPeer(*dir, flags, senders, bytes)
                          : absl::NotFoundError("the BEAM peer's files are not built");
      if (!got.ok()) {
        fprintf(stderr, "contention: %s\n", got.status().ToString().c_str());
        status = 1;
        continue;
      }
      for (const BeamFigure& f : *got)
        (*figures)[{f.senders, f.bytes}] = f.signals_per_s;
    }
  }
  printf("machine: %s\n\n", Machine().c_str());
  PrintTable(BuildRows(collector.results, beam));
  if (!options.plot_data.empty()) WritePlotData(options.plot_data, collector.results, beam);
  return status;
}

}  // namespace ling::bench
