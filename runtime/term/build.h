// Builders: tuples, lists, strings, floats and integers.
//
// Concurrency: the builders that take a Heap may be called only by the thread
// that owns it (see heap.h); MakeInteger and ListLength touch no heap state
// beyond reading the term, and follow the term's owner rule.
#ifndef LING_RUNTIME_TERM_BUILD_H_
#define LING_RUNTIME_TERM_BUILD_H_

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "ling/term.h"
#include "runtime/term/binary.h"
#include "runtime/term/heap.h"

namespace ling {

Term MakeTuple(TermAllocator& heap, std::span<const Term> elements);
Term MakeTuple(TermAllocator& heap, std::initializer_list<Term> elements);
Term MakeCons(TermAllocator& heap, Term head, Term tail);
// A proper list of `elements`, in order.
Term MakeList(TermAllocator& heap, std::span<const Term> elements);
// An Erlang string: the list of the bytes' values (Latin-1 text, as a
// "..." literal in a latin1 source file).
Term MakeString(TermAllocator& heap, std::string_view text);
// InvalidArgument for NaN and infinities, which Erlang floats cannot hold
// (arithmetic that yields them raises badarith).
absl::StatusOr<Term> MakeFloat(TermAllocator& heap, double value);
// OutOfRange when the value needs a bignum: MakeInteger(TermAllocator&, int64_t) in
// bignum.h makes one.
absl::StatusOr<Term> MakeInteger(int64_t value);

// The length of a proper list, or -1 for an improper one.
int64_t ListLength(Term list);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_BUILD_H_
