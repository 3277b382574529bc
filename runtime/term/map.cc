#include "runtime/term/map.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "runtime/base/check.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"

namespace ling {
namespace {

// Words of a flatmap (see map.h).
constexpr size_t kKeysWord = 1;
constexpr size_t kFirstValueWord = 2;

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
  uint64_t low = 0, high = MapSize(map);
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

// `map` with `value` at `index`: the map itself if it holds that very value,
// else a copy that shares the keys.
Term ReplaceValue(TermAllocator& heap, Term map, uint64_t index, Term value) {
  if (ValueAt(map, index) == value) return map;
  uint64_t n = MapSize(map);
  uint64_t* p = AllocateMap(heap, KeysTuple(map), n);
  for (uint64_t i = 0; i < n; ++i)
    p[kFirstValueWord + i] = i == index ? value.raw() : ValueAt(map, i).raw();
  return MakeBoxed(p);
}

}  // namespace

Term MakeMap(TermAllocator& heap, std::span<const std::pair<Term, Term>> pairs) {
  // A stable sort keeps equal keys in input order, so the last of each run wins.
  std::vector<size_t> order(pairs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return CompareExact(pairs[a].first, pairs[b].first) < 0;
  });
  std::vector<size_t> kept;
  kept.reserve(order.size());
  for (size_t i : order) {
    if (!kept.empty() && CompareExact(pairs[kept.back()].first, pairs[i].first) == 0) {
      kept.back() = i;
    } else {
      kept.push_back(i);
    }
  }
  uint64_t* keys = AllocateKeys(heap, kept.size());
  uint64_t* map = AllocateMap(heap, MakeBoxed(keys), kept.size());
  for (size_t i = 0; i < kept.size(); ++i) {
    keys[1 + i] = pairs[kept[i]].first.raw();
    map[kFirstValueWord + i] = pairs[kept[i]].second.raw();
  }
  return MakeBoxed(map);
}

uint64_t MapSize(Term map) {
  LING_CHECK(IsMap(map)) << "not a map: " << map.raw();
  return HeaderArity(*BoxedPointer(map)) - 1;
}

std::optional<Term> MapFind(Term map, Term key) {
  Position at = Find(map, key);
  if (!at.found) return std::nullopt;
  return ValueAt(map, at.index);
}

Term MapPut(TermAllocator& heap, Term map, Term key, Term value) {
  Position at = Find(map, key);
  if (at.found) {
    return ReplaceValue(heap, map, at.index, value);
  }
  uint64_t n = MapSize(map);
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

std::optional<Term> MapUpdate(TermAllocator& heap, Term map, Term key, Term value) {
  Position at = Find(map, key);
  if (!at.found) return std::nullopt;
  return ReplaceValue(heap, map, at.index, value);
}

namespace {

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
  uint64_t n = MapSize(map);
  uint64_t* p = AllocateMap(heap, KeysTuple(map), n);
  for (uint64_t i = 0; i < n; ++i)
    p[kFirstValueWord + i] = ValueAt(map, i).raw();
  for (const auto& [index, value] : at)
    p[kFirstValueWord + index] = value.raw();
  return MakeBoxed(p);
}

}  // namespace

Term MapPutAll(TermAllocator& heap, Term map, std::span<const std::pair<Term, Term>> pairs) {
  if (Term same_keys = ReplaceValues(heap, map, pairs); same_keys != kNonValue) return same_keys;
  if (pairs.size() == 1) return MapPut(heap, map, pairs[0].first, pairs[0].second);
  // The new pairs in key order (the last of equal keys wins), merged with
  // the map's entries, already in order: no sort of the whole map.
  Term added = MakeMap(heap, pairs);
  uint64_t n = MapSize(map), k = MapSize(added);
  std::vector<std::pair<Term, Term>> merged;
  merged.reserve(n + k);
  uint64_t i = 0, j = 0;
  while (i < n || j < k) {
    int c = i == n ? 1 : j == k ? -1 : CompareExact(KeyAt(map, i), KeyAt(added, j));
    if (c < 0) {
      merged.emplace_back(KeyAt(map, i), ValueAt(map, i));
      ++i;
    } else {
      merged.emplace_back(KeyAt(added, j), ValueAt(added, j));
      ++j;
      if (c == 0) ++i;
    }
  }
  uint64_t* keys = AllocateKeys(heap, merged.size());
  uint64_t* p = AllocateMap(heap, MakeBoxed(keys), merged.size());
  for (size_t m = 0; m < merged.size(); ++m) {
    keys[1 + m] = merged[m].first.raw();
    p[kFirstValueWord + m] = merged[m].second.raw();
  }
  return MakeBoxed(p);
}

Term MapUpdateAll(TermAllocator& heap, Term map, std::span<const std::pair<Term, Term>> pairs) {
  return ReplaceValues(heap, map, pairs);
}

Term MapRemove(TermAllocator& heap, Term map, Term key) {
  Position at = Find(map, key);
  if (!at.found) return map;
  uint64_t n = MapSize(map);
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

Term MapKeys(TermAllocator& heap, Term map) {
  std::vector<Term> keys;
  for (MapIterator it(map); !it.done(); it.Next())
    keys.push_back(it.key());
  return MakeList(heap, keys);
}

Term MapValues(TermAllocator& heap, Term map) {
  std::vector<Term> values;
  for (MapIterator it(map); !it.done(); it.Next())
    values.push_back(it.value());
  return MakeList(heap, values);
}

MapIterator::MapIterator(Term map) : map_(map), size_(MapSize(map)) {}

Term MapIterator::key() const {
  return KeyAt(map_, index_);
}

Term MapIterator::value() const {
  return ValueAt(map_, index_);
}

}  // namespace ling
