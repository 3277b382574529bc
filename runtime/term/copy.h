// Deep copy of terms between heaps: how messages travel. The copy shares
// nothing with the source except off-heap binary data (whose reference count
// it raises). A sub-binary is copied with its original, so it stays a slice
// of the same bits (binary.h). Lists are walked along their tails, never recursively, so a
// list of any length copies in constant stack; nesting uses an explicit stack.
//
// The source is read by the calling thread, which must own its heap.
#ifndef LING_RUNTIME_TERM_COPY_H_
#define LING_RUNTIME_TERM_COPY_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling {

// Words a deep copy of `t` needs (0 for an immediate).
size_t FlatSize(Term t);
// Copies `t` into the FlatSize(t) words at `hp`; ProcBins are linked into
// `off_heap`.
Term CopyTermTo(Term t, uint64_t* hp, OffHeapList& off_heap);
// Copies `t` onto `heap`.
Term CopyTerm(Term t, TermAllocator& heap);
// Copies `t` into a new exact-size fragment and stores the copy's term in
// *out. Returns nullptr (and *out = t) for an immediate: no allocation.
std::unique_ptr<HeapFragment> CopyToFragment(Term t, Term* out);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_COPY_H_
