// References (make_ref/0, monitor references): two 64-bit words, unique in
// the program. On a heap: header(kReference, 2) | high | low. A resource
// reference (resource.h) is a reference too, whose value is its resource's
// id.
//
// NewMonitorRef() may be called from any thread: each thread takes blocks of
// values from one global atomic counter, so there is no contention per call.
// MakeReference() writes to a heap: its owner only (see heap.h).
#ifndef LING_RUNTIME_TERM_REFERENCE_H_
#define LING_RUNTIME_TERM_REFERENCE_H_

#include "ling/term.h"
#include "ling/types.h"
#include "runtime/term/heap.h"

namespace ling {

inline constexpr size_t kReferenceWords = 3;

MonitorRef NewMonitorRef();
Term MakeReference(TermAllocator& heap, MonitorRef ref);
// make_ref/0.
inline Term MakeReference(TermAllocator& heap) {
  return MakeReference(heap, NewMonitorRef());
}
// Precondition: IsReference(t).
MonitorRef ReferenceValue(Term t);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_REFERENCE_H_
