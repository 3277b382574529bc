#include "runtime/term/reference.h"

#include <atomic>

#include "runtime/term/resource.h"

namespace ling {
namespace {

constexpr uint64_t kBlock = 1024;
std::atomic<uint64_t> next_block{1};

}  // namespace

MonitorRef NewMonitorRef() {
  thread_local uint64_t next = 0;
  thread_local uint64_t end = 0;
  if (next == end) {
    next = next_block.fetch_add(1, std::memory_order_relaxed) * kBlock;
    end = next + kBlock;
  }
  uint64_t value = next++;
  // The high word spreads values so that printed references look varied, as
  // BEAM's do; uniqueness comes from `value` alone.
  return MonitorRef{value * 0x9E3779B97F4A7C15ull, value};
}

Term MakeReference(TermAllocator& heap, MonitorRef ref) {
  uint64_t* p = heap.Allocate(kReferenceWords);
  p[0] = MakeHeader(tag::Subtag::kReference, 2);
  p[1] = ref.high;
  p[2] = ref.low;
  return MakeBoxed(p);
}

MonitorRef ReferenceValue(Term t) {
  if (Resource* r = ResourceOf(t)) return r->id();
  const uint64_t* p = BoxedPointer(t);
  return MonitorRef{p[1], p[2]};
}

}  // namespace ling
