// Maps (#{Key => Value}).
//
// Keys are told apart with exact equality (=:=): 1 and 1.0 are two different
// keys, as in Erlang. Map key order is the term order, except that every
// integer sorts before every float, also inside compound keys (CompareExact,
// compare.h): #{1.0 => a, 2 => b} holds 2 first.
//
// Layouts, as in BEAM (OTP 25), chosen by size alone, so equal maps always
// share their layout:
//   - flatmap (flatmap.h) for at most kMaxFlatmapSize (32) keys: the keys in
//     key order in one tuple, the values beside them;
//   - hashmap (hashmap.h) for more: a hashed array-mapped trie of BEAM's own
//     shape, with O(log n) find, put and remove that copy one path.
// A put past 32 keys makes a hashmap, a remove down to 32 a flatmap again.
// Code outside these files should not rely on the layouts (copy and the
// garbage collector see them through boxed.h; erlang:display shows the trie
// through hashmap.h, as erts does).
//
// Order. A flatmap is walked in key order. A hashmap is walked in BEAM's
// order, which follows the keys' hashes (map_hash.h): its trie's order for
// maps:iterator/1 and maps:next/1, maps:fold/3, io_lib's ~w and ~p; the
// reverse of it for maps:to_list/1, maps:keys/1, maps:values/1 and
// term_to_binary/1, which BEAM builds by consing its walk onto a list.
// MapOrder names the two.
//
// Concurrency: the functions that take a TermAllocator allocate on it and may
// be called only by its owner (see heap.h); the readers follow the term's
// owner rule. A map is never changed once built: "updates" build a new map,
// sharing what they can of the old one.
//
// Precondition (checked, a failure aborts): `map` arguments are maps. Keys
// and values may be any terms.
#ifndef LING_RUNTIME_TERM_MAP_H_
#define LING_RUNTIME_TERM_MAP_H_

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "ling/term.h"
#include "runtime/term/flatmap.h"
#include "runtime/term/hashmap.h"
#include "runtime/term/heap.h"

namespace ling {

inline bool IsMap(Term t) {
  if (!IsBoxed(t)) return false;
  tag::Subtag s = HeaderSubtag(*BoxedPointer(t));
  return s == tag::Subtag::kMap || s == tag::Subtag::kHashmap;
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
// maps:keys/1 and maps:values/1: lists in listing order.
Term MapKeys(TermAllocator& heap, Term map);
Term MapValues(TermAllocator& heap, Term map);
// A map's entries; a flatmap's fit without allocating.
using MapEntries = absl::InlinedVector<std::pair<Term, Term>, kMaxFlatmapSize>;
// The entries in key order, whatever the layout (comparison; term_to_binary's
// deterministic option): a hashmap's sorted.
MapEntries MapEntriesInKeyOrder(Term map);

// Debug checker (aborts with a message on failure): the layout fits the size
// and holds up (CheckFlatmap, CheckHashmap).
void CheckMapInvariants(Term map);

enum class MapOrder {
  kIteration,  // key order; a hashmap's trie order
  kListing,    // key order; a hashmap's trie order reversed
};

// Walks a map's entries:
//   for (MapIterator it(map); !it.done(); it.Next()) use(it.key(), it.value());
// Valid while the map is.
class MapIterator {
 public:
  explicit MapIterator(Term map, MapOrder order = MapOrder::kIteration);
  bool done() const { return key_ == nullptr; }
  Term key() const { return Term::FromRaw(*key_); }
  Term value() const { return Term::FromRaw(*value_); }
  void Next();

  // BEAM's iterator paths (erts_internal:map_next/3, which maps:next/1 and
  // maps:to_list/1 are written over). A path is a non-negative integer. A
  // flatmap is always walked whole from its first entry: BEAM only checks
  // that a path into one is 0..size. In a hashmap a path holds the index of
  // the child taken on each level, four bits a level, the root's lowest;
  // from where it ends, first children lead down to a leaf. AtPath is an
  // iterator in iteration order at the entry `path` names, nullopt when it
  // names none.
  static std::optional<MapIterator> AtPath(Term map, Term path);
  // The path of the current entry. Precondition (checked): a hashmap's
  // iterator, not done.
  Term Path(TermAllocator& heap) const;

 private:
  const uint64_t* key_ = nullptr;    // nullptr when done
  const uint64_t* value_ = nullptr;  // the current key's value
  uint64_t flat_left_ = 0;           // a flatmap's entries after the current one
  std::optional<HashmapWalk> walk_;  // a hashmap's leaves
};

}  // namespace ling

#endif  // LING_RUNTIME_TERM_MAP_H_
