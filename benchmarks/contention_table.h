// `contention --table`: every contention benchmark (as filtered by
// --benchmark_filter) and the BEAM peer in one run, printed as one table --
// a row per workload and mode, with libling/legacy and libling/beam ratios.
#ifndef LING_BENCHMARKS_CONTENTION_TABLE_H_
#define LING_BENCHMARKS_CONTENTION_TABLE_H_

#include <string>

namespace ling::bench {

struct TableOptions {
  const char* argv0 = "";
  bool beam = true;       // run the BEAM peer (erl) too
  std::string plot_data;  // if set: throughput against senders (64 B), for gnuplot
};

// Returns the process's exit status: non-zero if a benchmark or the BEAM
// peer failed.
int RunContentionTable(const TableOptions& options);

}  // namespace ling::bench

#endif  // LING_BENCHMARKS_CONTENTION_TABLE_H_
