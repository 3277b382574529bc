// Maps (#{Key => Value}).
//
// Keys are told apart with exact equality (=:=): 1 and 1.0 are two different
// keys, as in Erlang. Entries are kept in Erlang's map key order: the term
// order, except that every integer sorts before every float, also inside
// compound keys (CompareExact, compare.h): #{1.0 => a, 2 => b} holds 2 first.
// Iteration, keys and values follow that order.
//
// Layout ("flatmap", used for every size for now):
//   header(kMap, 1 + n) | keys | value_0 .. value_{n-1}
// where `keys` is a boxed tuple of the n keys in key order and value_i goes
// with key i. Maps that differ only in values share their keys tuple. The
// functions below are the API; a hashed layout for large maps may come
// behind them, so code outside this file should not rely on the layout
// (copy and the garbage collector see it through boxed.h).
//
// Concurrency: the functions that take a Heap allocate on it and may be
// called only by its owner (see heap.h); the readers follow the term's
// owner rule. A map is never changed once built: "updates" build a new map.
//
// Precondition (checked, a failure aborts): `map` arguments are maps. Keys
// and values may be any terms.
#ifndef LING_RUNTIME_TERM_MAP_H_
#define LING_RUNTIME_TERM_MAP_H_

#include <cstdint>
#include <optional>
#include <span>
#include <utility>

#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling {

inline bool IsMap(Term t) {
  return IsBoxedOf(t, tag::Subtag::kMap);
}

// maps:from_list/1: a later pair with an equal (=:=) key replaces an earlier one.
Term MakeMap(TermAllocator& heap, std::span<const std::pair<Term, Term>> pairs);
// map_size/1.
uint64_t MapSize(Term map);
// maps:find/2: the value under `key`, or nullopt.
std::optional<Term> MapFind(Term map, Term key);
// maps:put/3 (M#{K => V}). Returns `map` itself when it already holds that
// very value under `key`.
Term MapPut(TermAllocator& heap, Term map, Term key, Term value);
// maps:update/3 (M#{K := V}): nullopt when `key` is absent (badkey).
std::optional<Term> MapUpdate(TermAllocator& heap, Term map, Term key, Term value);
// M#{K1 => V1, K2 => V2...} in one step: later pairs win.
Term MapPutAll(TermAllocator& heap, Term map, std::span<const std::pair<Term, Term>> pairs);
// M#{K1 := V1, K2 := V2...}: kNonValue when a key is absent (badkey).
Term MapUpdateAll(TermAllocator& heap, Term map, std::span<const std::pair<Term, Term>> pairs);
// maps:remove/2. Returns `map` itself when `key` is absent.
Term MapRemove(TermAllocator& heap, Term map, Term key);
// maps:keys/1 and maps:values/1, as lists in key order.
Term MapKeys(TermAllocator& heap, Term map);
Term MapValues(TermAllocator& heap, Term map);

// Walks a map's entries in key order:
//   for (MapIterator it(map); !it.done(); it.Next()) use(it.key(), it.value());
// Valid while the map is.
class MapIterator {
 public:
  explicit MapIterator(Term map);
  bool done() const { return index_ == size_; }
  Term key() const;
  Term value() const;
  void Next() { ++index_; }

 private:
  Term map_;
  uint64_t index_ = 0;
  uint64_t size_;
};

}  // namespace ling

#endif  // LING_RUNTIME_TERM_MAP_H_
