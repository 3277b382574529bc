// Evacuator: one copying pass of the process memory's collector
// (process_memory.h), Cheney's algorithm with two destinations.
//
// A pass is told which words it moves and where to: objects in `promote` go
// to the old heap, objects in either `young` area or in the overflow chunks
// go to the new young block, and everything else -- the old heap in a minor
// collection, module literals, atoms -- stays and is not scanned. The roots
// are evacuated one by one, then Scan walks the copies in both destinations
// until it has caught up with both: what a copy points to is evacuated in
// turn, so one Scan finishes the pass whatever points where.
//
// A moved object leaves a forwarding mark, so shared subterms are copied
// once: a cons cell's head becomes kNonValue (never a term) and its tail the
// new cell; a boxed object's header becomes a boxed term (never a header)
// pointing at the new object. A copied ProcBin (or resource reference) is
// linked on its destination's off-heap list and takes over the old one's
// reference; the entries left unmoved are dead, and ReleaseUnmoved drops
// their references.
//
// Concurrency: runs on the thread that owns the process memory.
#ifndef LING_EMULATOR_VM_EVACUATOR_H_
#define LING_EMULATOR_VM_EVACUATOR_H_

#include <cstddef>
#include <cstdint>

#include "ling/term.h"
#include "runtime/term/boxed.h"
#include "runtime/term/heap.h"

namespace ling::vm {

// The words [begin, end); empty when begin == end.
struct Area {
  const uint64_t* begin = nullptr;
  const uint64_t* end = nullptr;

  // One unsigned comparison: the collector asks this of every pointer.
  bool Contains(const uint64_t* p) const {
    return reinterpret_cast<uintptr_t>(p) - reinterpret_cast<uintptr_t>(begin) <
           reinterpret_cast<uintptr_t>(end) - reinterpret_cast<uintptr_t>(begin);
  }
};

// What one pass moves, by where an object is now.
struct CopyPlan {
  Area promote;            // to the old heap
  Area young[2];           // to the new young block
  const Heap* overflow{};  // to the new young block; nullptr: none
};

// Where copies go: bump allocation from `top`, copied ProcBins linked on
// `off_heap`, the sizes of their binaries summed in `binary_bytes`.
struct Destination {
  uint64_t* top;
  OffHeapList* off_heap;
  size_t binary_bytes = 0;
};

class Evacuator {
 public:
  Evacuator(const CopyPlan& plan, Destination& old, Destination& young)
      : plan_(plan), old_(old), young_(young) {}

  // The term `t` after the pass: its object copied (once), or `t` itself
  // when its object stays.
  Term Evacuate(Term t);
  void Update(uint64_t& word) { word = Evacuate(Term::FromRaw(word)).raw(); }
  // Evacuates what the copies from `young_scan` and `old_scan` on point to,
  // until no copy is left unscanned in either destination.
  void Scan(uint64_t* young_scan, uint64_t* old_scan);

 private:
  // The destination of the object at `p`; nullptr: it stays.
  Destination* Where(const uint64_t* p) const {
    if (plan_.young[0].Contains(p) || plan_.young[1].Contains(p)) return &young_;
    if (plan_.promote.Contains(p)) return &old_;
    if (plan_.overflow != nullptr && plan_.overflow->Contains(p)) return &young_;
    return nullptr;
  }

  CopyPlan plan_;
  Destination& old_;
  Destination& young_;
};

// The object at `p` (a boxed object, or else a cons cell): calls
// visit(word) for each of its term words and returns the object after it.
// For the walks of a heap object by object, the pass's and the checker's.
template <class W, class Visit>
W* VisitObject(W* p, Visit visit) {
  if ((p[0] & tag::kPrimaryMask) == tag::kHeader) {
    TermWords terms = BoxedTermWords(p);
    for (size_t i = terms.first; i < terms.end; ++i)
      visit(p[i]);
    return p + BoxedWords(p);
  }
  visit(p[0]);
  visit(p[1]);
  return p + 2;
}

// Drops the reference of every off-heap entry on `from` that no pass moved
// (a dead one) and empties the list: the moved ones are on the lists of
// their destinations.
void ReleaseUnmoved(OffHeapList& from);

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_EVACUATOR_H_
