#include "runtime/term/flatmap.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "runtime/base/check.h"
#include "runtime/term/compare.h"

namespace ling {
namespace {

// Words of a flatmap (see flatmap.h).
constexpr size_t kKeysWord = 1;
constexpr size_t kFirstValueWord = 2;

using Pairs = std::vector<std::pair<Term, Term>>;

Term KeysTuple(Term map) {
  return Term::FromRaw(BoxedPointer(map)[kKeysWord]);
}
Term KeyAt(Term map, uint64_t i) {
  return TupleElement(KeysTuple(map), i);
}
Term ValueAt(Term map, uint64_t i) {
  return Term::FromRaw(BoxedPointer(map)[kFirstValueWord + i]);
}

// Where `key` is, or where it would go.
struct Position {
  uint64_t index;
  bool found;
};

Position Find(Term map, Term key) {
  uint64_t low = 0, high = FlatmapSize(map);
  while (low < high) {
    uint64_t mid = low + (high - low) / 2;
    int c = CompareExact(KeyAt(map, mid), key);
    if (c == 0) return {mid, true};
    if (c < 0) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return {low, false};
}

// A map of n entries whose keys tuple is `keys`; the caller fills the values.
uint64_t* AllocateMap(TermAllocator& heap, Term keys, uint64_t n) {
  uint64_t* p = heap.Allocate(kFirstValueWord + n);
  p[0] = MakeHeader(tag::Subtag::kMap, 1 + n);
  p[kKeysWord] = keys.raw();
  return p;
}

// The keys tuple of n entries; the caller fills the keys.
uint64_t* AllocateKeys(TermAllocator& heap, uint64_t n) {
  uint64_t* p = heap.Allocate(1 + n);
  p[0] = MakeHeader(tag::Subtag::kTuple, n);
  return p;
}

// A map of `entries`, already in key order without duplicates.
Term FromSorted(TermAllocator& heap, const Pairs& entries) {
  uint64_t* keys = AllocateKeys(heap, entries.size());
  uint64_t* p = AllocateMap(heap, MakeBoxed(keys), entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    keys[1 + i] = entries[i].first.raw();
    p[kFirstValueWord + i] = entries[i].second.raw();
  }
  return MakeBoxed(p);
}

// `pairs` in key order, the last of equal keys kept.
Pairs SortedUnique(std::span<const std::pair<Term, Term>> pairs) {
  // A stable sort keeps equal keys in input order, so the last of each run wins.
  std::vector<size_t> order(pairs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return CompareExact(pairs[a].first, pairs[b].first) < 0;
  });
  Pairs kept;
  kept.reserve(order.size());
  for (size_t i : order) {
    if (!kept.empty() && CompareExact(kept.back().first, pairs[i].first) == 0) {
      kept.back() = pairs[i];
    } else {
      kept.push_back(pairs[i]);
    }
  }
  return kept;
}

// `map` with `value` at `index`: the map itself if it holds that very value,
// else a copy that shares the keys.
Term ReplaceValue(TermAllocator& heap, Term map, uint64_t index, Term value) {
  if (ValueAt(map, index) == value) return map;
  uint64_t n = FlatmapSize(map);
  uint64_t* p = AllocateMap(heap, KeysTuple(map), n);
  for (uint64_t i = 0; i < n; ++i)
    p[kFirstValueWord + i] = i == index ? value.raw() : ValueAt(map, i).raw();
  return MakeBoxed(p);
}

// `map` with the values of `pairs` in place, all of whose keys it holds
// (the copy shares the keys tuple); kNonValue if one is absent.
Term ReplaceValues(TermAllocator& heap, Term map, std::span<const std::pair<Term, Term>> pairs) {
  std::vector<std::pair<uint64_t, Term>> at;
  at.reserve(pairs.size());
  for (const auto& [key, value] : pairs) {
    Position p = Find(map, key);
    if (!p.found) return kNonValue;
    at.emplace_back(p.index, value);
  }
  uint64_t n = FlatmapSize(map);
  uint64_t* p = AllocateMap(heap, KeysTuple(map), n);
  for (uint64_t i = 0; i < n; ++i)
    p[kFirstValueWord + i] = ValueAt(map, i).raw();
  for (const auto& [index, value] : at)
    p[kFirstValueWord + index] = value.raw();
  return MakeBoxed(p);
}

}  // namespace

uint64_t FlatmapSize(Term map) {
  return HeaderArity(*BoxedPointer(map)) - 1;
}

const uint64_t* FlatmapKeys(Term map) {
  return BoxedPointer(KeysTuple(map)) + 1;
}

const uint64_t* FlatmapValues(Term map) {
  return BoxedPointer(map) + kFirstValueWord;
}

Term MakeFlatmap(TermAllocator& heap, std::span<const std::pair<Term, Term>> pairs) {
  return FromSorted(heap, SortedUnique(pairs));
}

std::optional<Term> FlatmapFind(Term map, Term key) {
  if (IsImmediate(key)) {  // equal only to itself: a scan of raw words beats ordering names
    for (uint64_t i = 0, n = FlatmapSize(map); i < n; ++i) {
      if (KeyAt(map, i) == key) return ValueAt(map, i);
    }
    return std::nullopt;
  }
  Position at = Find(map, key);
  if (!at.found) return std::nullopt;
  return ValueAt(map, at.index);
}

Term FlatmapPut(TermAllocator& heap, Term map, Term key, Term value) {
  Position at = Find(map, key);
  if (at.found) return ReplaceValue(heap, map, at.index, value);
  uint64_t n = FlatmapSize(map);
  if (n == kMaxFlatmapSize) return kNonValue;
  uint64_t* keys = AllocateKeys(heap, n + 1);
  uint64_t* p = AllocateMap(heap, MakeBoxed(keys), n + 1);
  for (uint64_t i = 0, from = 0; i <= n; ++i) {
    bool inserted = i == at.index;
    keys[1 + i] = inserted ? key.raw() : KeyAt(map, from).raw();
    p[kFirstValueWord + i] = inserted ? value.raw() : ValueAt(map, from).raw();
    if (!inserted) ++from;
  }
  return MakeBoxed(p);
}

std::optional<Term> FlatmapUpdate(TermAllocator& heap, Term map, Term key, Term value) {
  Position at = Find(map, key);
  if (!at.found) return std::nullopt;
  return ReplaceValue(heap, map, at.index, value);
}

Term FlatmapPutAll(TermAllocator& heap, Term map, std::span<const std::pair<Term, Term>> pairs) {
  if (Term same_keys = ReplaceValues(heap, map, pairs); same_keys != kNonValue) return same_keys;
  if (pairs.size() == 1) return FlatmapPut(heap, map, pairs[0].first, pairs[0].second);
  // The new pairs in key order (the last of equal keys wins), merged with
  // the map's entries, already in order: no sort of the whole map.
  Pairs added = SortedUnique(pairs);
  uint64_t n = FlatmapSize(map), k = added.size();
  Pairs merged;
  merged.reserve(n + k);
  uint64_t i = 0, j = 0;
  while (i < n || j < k) {
    int c = i == n ? 1 : j == k ? -1 : CompareExact(KeyAt(map, i), added[j].first);
    if (c < 0) {
      merged.emplace_back(KeyAt(map, i), ValueAt(map, i));
      ++i;
    } else {
      merged.push_back(added[j]);
      ++j;
      if (c == 0) ++i;
    }
  }
  if (merged.size() > kMaxFlatmapSize) return kNonValue;
  return FromSorted(heap, merged);
}

Term FlatmapUpdateAll(TermAllocator& heap, Term map, std::span<const std::pair<Term, Term>> pairs) {
  return ReplaceValues(heap, map, pairs);
}

Term FlatmapRemove(TermAllocator& heap, Term map, Term key) {
  Position at = Find(map, key);
  if (!at.found) return map;
  uint64_t n = FlatmapSize(map);
  uint64_t* keys = AllocateKeys(heap, n - 1);
  uint64_t* p = AllocateMap(heap, MakeBoxed(keys), n - 1);
  for (uint64_t from = 0, i = 0; from < n; ++from) {
    if (from == at.index) continue;
    keys[1 + i] = KeyAt(map, from).raw();
    p[kFirstValueWord + i] = ValueAt(map, from).raw();
    ++i;
  }
  return MakeBoxed(p);
}

void CheckFlatmap(Term map) {
  LING_CHECK(IsFlatmap(map)) << "not a flatmap: " << map.raw();
  uint64_t n = FlatmapSize(map);
  LING_CHECK(n <= kMaxFlatmapSize) << "a flatmap of " << n << " keys";
  Term keys = KeysTuple(map);
  LING_CHECK(IsTuple(keys) && TupleArity(keys) == n) << "a flatmap's keys are no tuple of its size";
  for (uint64_t i = 1; i < n; ++i)
    LING_CHECK(CompareExact(KeyAt(map, i - 1), KeyAt(map, i)) < 0)
        << "flatmap keys out of order at " << i;
}

}  // namespace ling
