// Flatmaps: the layout of every map of at most kMaxFlatmapSize keys (BEAM's
// MAP_SMALL_MAP_LIMIT); larger maps are hashmaps (hashmap.h). map.h is the
// API and switches between the two; use it, not this file.
//
// Layout:
//   header(kMap, 1 + n) | keys | value_0 .. value_{n-1}
// where `keys` is a boxed tuple of the n keys in map key order (CompareExact)
// and value_i goes with key i. Maps that differ only in values share their
// keys tuple.
//
// Concurrency: as map.h.
#ifndef LING_RUNTIME_TERM_FLATMAP_H_
#define LING_RUNTIME_TERM_FLATMAP_H_

#include <cstdint>
#include <optional>
#include <span>
#include <utility>

#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling {

inline constexpr uint64_t kMaxFlatmapSize = 32;

inline bool IsFlatmap(Term t) {
  return IsBoxedOf(t, tag::Subtag::kMap);
}

// Preconditions for the rest (unchecked): `map` is a flatmap.
uint64_t FlatmapSize(Term map);
// The words of the keys (in key order) and of the values that go with them.
const uint64_t* FlatmapKeys(Term map);
const uint64_t* FlatmapValues(Term map);

// Any number of pairs: later pairs with an equal (=:=) key replace earlier
// ones. Map.cc builds a hashmap instead when more than kMaxFlatmapSize keys
// remain.
Term MakeFlatmap(TermAllocator& heap, std::span<const std::pair<Term, Term>> pairs);

std::optional<Term> FlatmapFind(Term map, Term key);
// As MapPut, or kNonValue when `key` is new and the map holds
// kMaxFlatmapSize keys already.
Term FlatmapPut(TermAllocator& heap, Term map, Term key, Term value);
std::optional<Term> FlatmapUpdate(TermAllocator& heap, Term map, Term key, Term value);
// As MapPutAll, or kNonValue when the result would hold more than
// kMaxFlatmapSize keys.
Term FlatmapPutAll(TermAllocator& heap, Term map, std::span<const std::pair<Term, Term>> pairs);
// As MapUpdateAll.
Term FlatmapUpdateAll(TermAllocator& heap, Term map, std::span<const std::pair<Term, Term>> pairs);
Term FlatmapRemove(TermAllocator& heap, Term map, Term key);

// Debug checker (aborts with a message on failure): the keys tuple is a tuple
// of the map's size, at most kMaxFlatmapSize, in strictly ascending key order.
void CheckFlatmap(Term map);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_FLATMAP_H_
