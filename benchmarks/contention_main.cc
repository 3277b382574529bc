// //benchmarks:contention -- Google Benchmark's flags, plus:
//   --table             run everything (and the BEAM peer), print one table
//                       of medians of three repetitions
//   --no_beam           with --table: leave the BEAM peer out
//   --plot_data=FILE    with --table: throughput against senders for gnuplot
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <vector>

#include "benchmarks/contention.h"
#include "benchmarks/contention_table.h"

int main(int argc, char** argv) {
  bool table = false;
  ling::bench::TableOptions options{.argv0 = argv[0]};
  int kept = 1;
  for (int i = 1; i < argc; ++i) {  // our flags out, Google Benchmark's stay
    if (std::strcmp(argv[i], "--table") == 0) {
      table = true;
    } else if (std::strcmp(argv[i], "--no_beam") == 0) {
      options.beam = false;
    } else if (std::strncmp(argv[i], "--plot_data=", 12) == 0) {
      options.plot_data = argv[i] + 12;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  // The table reports each row's median of three repetitions (noisy
  // machines); an explicit --benchmark_repetitions wins.
  std::vector<char*> args(argv, argv + argc);
  char repetitions[] = "--benchmark_repetitions=3";
  char aggregates[] = "--benchmark_report_aggregates_only=true";
  if (table) args.insert(args.begin() + 1, {repetitions, aggregates});
  argc = static_cast<int>(args.size());
  argv = args.data();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  ling::bench::RegisterContentionBenchmarks();
  ling::bench::WarmUp();
  if (table) return ling::bench::RunContentionTable(options);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
