// Hashmaps: the layout of every map of more than kMaxFlatmapSize keys, a
// hashed array-mapped trie shaped exactly as BEAM's (erl_map.c, OTP 25), so
// that it walks in BEAM's order. map.h is the API and switches between the
// two layouts; use it, not this file (printers that show the trie as erts
// does read its nodes through HashmapNodeOf).
//
// A key's place: MapKeyHash(key, 0) (map_hash.h) gives four bits a level,
// the lowest first, for levels 0..7; levels 8..15 take the bits of
// MapKeyHash(key, 1), and so on (BEAM's hashmap_shift_hash), so keys whose
// 32-bit hashes collide part on a deeper level. A node has up to 16 children
// in slot order; a child is a leaf, the cons cell [Key | Value] (a list
// term), or an inner node. Every leaf sits on the shallowest level where no
// other key shares its slots: a node never has a lone leaf for child (BEAM
// collapses it), so the trie is a function of the key set. OTP 25 has no
// collision nodes: keys always part in some generation of the hash.
//
// Layout (word 1 is raw, no term: the bitmap of the slots in use, and in the
// root the map's size above it):
//   root  (a map)  header(kHashmap, 1 + n)     | size << 16 | bitmap | child_0 .. child_{n-1}
//   inner node     header(kHashmapNode, 1 + n) | bitmap              | child_0 .. child_{n-1}
// Updates copy the path from the root to the change and share the rest.
//
// Concurrency: as map.h.
#ifndef LING_RUNTIME_TERM_HASHMAP_H_
#define LING_RUNTIME_TERM_HASHMAP_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling {

// Where the children start in both kinds of node; the words before them are
// no terms (boxed.h).
inline constexpr size_t kHashmapFirstChildWord = 2;

inline bool IsHashmap(Term t) {
  return IsBoxedOf(t, tag::Subtag::kHashmap);
}

// Preconditions for the rest (unchecked): `map` is a hashmap.
uint64_t HashmapSize(Term map);

// maps:from_list/1 for more than kMaxFlatmapSize pairs: later pairs with an
// equal (=:=) key replace earlier ones. kNonValue (and nothing allocated)
// when no more than kMaxFlatmapSize keys remain: their map is a flatmap.
Term HashmapFromPairs(TermAllocator& heap, std::span<const std::pair<Term, Term>> pairs);

std::optional<Term> HashmapFind(Term map, Term key);
// As MapPut and MapUpdate.
Term HashmapPut(TermAllocator& heap, Term map, Term key, Term value);
std::optional<Term> HashmapUpdate(TermAllocator& heap, Term map, Term key, Term value);
// As MapRemove. Precondition (checked): HashmapSize(map) > kMaxFlatmapSize +
// 1; map.cc makes the flatmap a removal from kMaxFlatmapSize + 1 keys gives.
Term HashmapRemove(TermAllocator& heap, Term map, Term key);

// A node's slots and children: the root's or an inner node's.
struct HashmapNode {
  uint16_t bitmap;
  const uint64_t* children;
  uint32_t count;
};
// Precondition (unchecked): `node` is a hashmap or an inner node of one.
HashmapNode HashmapNodeOf(Term node);

// Walks a hashmap's leaves depth first, each node's children in slot order
// (BEAM's hashmap_iterator_next), or in the reverse order (_prev). Valid
// while the map is.
class HashmapWalk {
 public:
  enum class Direction { kForward, kBackward };
  // At the first leaf of `map` in `direction`.
  HashmapWalk(Term map, Direction direction);

  // The current leaf, [Key | Value]; nullptr once past the last.
  const uint64_t* leaf() const { return leaf_; }
  void Next();

  // BEAM's iterator paths (erts_internal:map_next/3): the child index taken
  // on each level, the root's first. Seek goes where `path` leads and on
  // through first children to a leaf (a path ends in implicit zeros); false
  // when an index is past its node's children.
  bool Seek(std::span<const uint8_t> path);
  std::vector<uint8_t> Path() const;

 private:
  struct Frame {
    const uint64_t* children;
    uint8_t count;
    uint8_t index;
  };
  // Down from `node`, whose first (last) child is taken, to a leaf.
  void Descend(Term node);

  Term root_;
  Direction direction_;
  absl::InlinedVector<Frame, 8> frames_;
  const uint64_t* leaf_ = nullptr;
};

// Debug checker, BEAM's hashmap checks (aborts with a message on failure):
// every node's bitmap has a bit for each child, and only the root holds its
// size, which is the number of leaves and more than kMaxFlatmapSize; every
// key sits in the slots its hash names on each level; no inner node holds a
// lone leaf (BEAM collapses it into the parent); children are leaves or
// inner nodes.
void CheckHashmap(Term map);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_HASHMAP_H_
