// The contention benchmarks (contention.cc) and what the table mode
// (contention_table.cc) needs to know of them.
#ifndef LING_BENCHMARKS_CONTENTION_H_
#define LING_BENCHMARKS_CONTENTION_H_

#include <cstdint>

namespace ling::bench {

inline constexpr int64_t kSenderCounts[] = {1, 2, 4, 8, 16, 64};
inline constexpr int64_t kCommandSizes[] = {8, 64, 1024};

// A throwaway second of work before anything is timed: without it the
// first benchmark of a process runs up to 2x slower than the same one later.
void WarmUp();

// Registers every contention benchmark with Google Benchmark.
void RegisterContentionBenchmarks();

}  // namespace ling::bench

#endif  // LING_BENCHMARKS_CONTENTION_H_
