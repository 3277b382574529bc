// AllocatedBytes: bytes the process allocator currently hands out to the
// program (jemalloc's stats.allocated when jemalloc is linked, glibc's
// mallinfo2 otherwise). For tests and benchmarks that measure memory.
// Thread-safe; costs a few microseconds (it refreshes allocator statistics).
#ifndef LING_RUNTIME_BASE_MEMORY_STATS_H_
#define LING_RUNTIME_BASE_MEMORY_STATS_H_

#include <cstddef>

namespace ling {

size_t AllocatedBytes();

}  // namespace ling

#endif  // LING_RUNTIME_BASE_MEMORY_STATS_H_
