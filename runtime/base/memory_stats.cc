#include "runtime/base/memory_stats.h"

#include <malloc.h>

#include <cstdint>

// Declared weak so that the same code links with and without jemalloc (the
// sanitizer builds leave it out).
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen)
    __attribute__((weak));

namespace ling {

size_t AllocatedBytes() {
  if (mallctl != nullptr) {
    uint64_t epoch = 1;
    size_t len = sizeof epoch;
    mallctl("epoch", &epoch, &len, &epoch, len);  // refresh the statistics
    size_t allocated = 0;
    len = sizeof allocated;
    if (mallctl("stats.allocated", &allocated, &len, nullptr, 0) == 0) return allocated;
  }
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

}  // namespace ling
