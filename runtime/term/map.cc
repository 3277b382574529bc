// The map API over its two layouts: each call goes to the flatmap or the
// hashmap code, and the layout changes where the size crosses
// kMaxFlatmapSize.
#include "runtime/term/map.h"

#include <algorithm>

#include "runtime/base/check.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/flatmap.h"

namespace ling {
namespace {

void CheckIsMap(Term map) {
  LING_CHECK(IsMap(map)) << "not a map: " << map.raw();
}

MapEntries Entries(Term map) {
  MapEntries entries;
  for (MapIterator it(map); !it.done(); it.Next())
    entries.emplace_back(it.key(), it.value());
  return entries;
}

// A flatmap's entries and then `pairs` (which win) as one map: where a
// flatmap outgrows its layout.
Term Regrown(TermAllocator& heap, Term map, std::span<const std::pair<Term, Term>> pairs) {
  MapEntries all = Entries(map);
  all.insert(all.end(), pairs.begin(), pairs.end());
  return MakeMap(heap, all);
}

// A small integer as BEAM's unsigned_val reads it: its 60 bits unsigned.
uint64_t UnsignedBits(Term small) {
  return small.raw() >> tag::kImmediateBits;
}

}  // namespace

Term MakeMap(TermAllocator& heap, std::span<const std::pair<Term, Term>> pairs) {
  if (pairs.size() > kMaxFlatmapSize) {
    if (Term map = HashmapFromPairs(heap, pairs); map != kNonValue) return map;
  }
  return MakeFlatmap(heap, pairs);
}

uint64_t MapSize(Term map) {
  if (IsFlatmap(map)) return FlatmapSize(map);
  CheckIsMap(map);
  return HashmapSize(map);
}

std::optional<Term> MapFind(Term map, Term key) {
  if (IsFlatmap(map)) return FlatmapFind(map, key);
  CheckIsMap(map);
  return HashmapFind(map, key);
}

Term MapPut(TermAllocator& heap, Term map, Term key, Term value) {
  if (IsHashmap(map)) return HashmapPut(heap, map, key, value);
  CheckIsMap(map);
  if (Term put = FlatmapPut(heap, map, key, value); put != kNonValue) return put;
  const std::pair<Term, Term> added[] = {{key, value}};
  return Regrown(heap, map, added);
}

std::optional<Term> MapUpdate(TermAllocator& heap, Term map, Term key, Term value) {
  if (IsHashmap(map)) return HashmapUpdate(heap, map, key, value);
  CheckIsMap(map);
  return FlatmapUpdate(heap, map, key, value);
}

Term MapPutAll(TermAllocator& heap, Term map, std::span<const std::pair<Term, Term>> pairs) {
  if (IsHashmap(map)) {
    for (const auto& [key, value] : pairs)
      map = HashmapPut(heap, map, key, value);
    return map;
  }
  CheckIsMap(map);
  if (Term put = FlatmapPutAll(heap, map, pairs); put != kNonValue) return put;
  return Regrown(heap, map, pairs);
}

Term MapUpdateAll(TermAllocator& heap, Term map, std::span<const std::pair<Term, Term>> pairs) {
  if (IsHashmap(map)) {
    for (const auto& [key, value] : pairs) {
      std::optional<Term> updated = HashmapUpdate(heap, map, key, value);
      if (!updated) return kNonValue;
      map = *updated;
    }
    return map;
  }
  CheckIsMap(map);
  return FlatmapUpdateAll(heap, map, pairs);
}

Term MapRemove(TermAllocator& heap, Term map, Term key) {
  if (IsFlatmap(map)) return FlatmapRemove(heap, map, key);
  CheckIsMap(map);
  if (HashmapSize(map) > kMaxFlatmapSize + 1) return HashmapRemove(heap, map, key);
  // The rest fits a flatmap (BEAM sorts them into one too).
  if (!HashmapFind(map, key)) return map;
  MapEntries rest;
  for (MapIterator it(map); !it.done(); it.Next()) {
    if (!ExactEqual(it.key(), key)) rest.emplace_back(it.key(), it.value());
  }
  return MakeFlatmap(heap, rest);
}

Term MapKeys(TermAllocator& heap, Term map) {
  std::vector<Term> keys;
  keys.reserve(MapSize(map));
  for (MapIterator it(map, MapOrder::kListing); !it.done(); it.Next())
    keys.push_back(it.key());
  return MakeList(heap, keys);
}

Term MapValues(TermAllocator& heap, Term map) {
  std::vector<Term> values;
  values.reserve(MapSize(map));
  for (MapIterator it(map, MapOrder::kListing); !it.done(); it.Next())
    values.push_back(it.value());
  return MakeList(heap, values);
}

MapEntries MapEntriesInKeyOrder(Term map) {
  MapEntries entries = Entries(map);
  if (IsHashmap(map)) {
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return CompareExact(a.first, b.first) < 0; });
  }
  return entries;
}

void CheckMapInvariants(Term map) {
  if (IsFlatmap(map)) return CheckFlatmap(map);
  CheckIsMap(map);
  CheckHashmap(map);
}

MapIterator::MapIterator(Term map, MapOrder order) {
  if (IsFlatmap(map)) {
    uint64_t n = FlatmapSize(map);
    if (n == 0) return;
    key_ = FlatmapKeys(map);
    value_ = FlatmapValues(map);
    flat_left_ = n - 1;
    return;
  }
  CheckIsMap(map);
  walk_.emplace(map, order == MapOrder::kIteration ? HashmapWalk::Direction::kForward
                                                   : HashmapWalk::Direction::kBackward);
  key_ = walk_->leaf();
  value_ = key_ + 1;  // a leaf is [Key | Value]
}

void MapIterator::Next() {
  if (walk_) {
    walk_->Next();
    key_ = walk_->leaf();
    value_ = key_ + 1;
  } else if (flat_left_ == 0) {
    key_ = nullptr;
  } else {
    --flat_left_;
    ++key_;
    ++value_;
  }
}

std::optional<MapIterator> MapIterator::AtPath(Term map, Term path) {
  if (IsFlatmap(map)) {
    if (!IsSmall(path) || UnsignedBits(path) > FlatmapSize(map)) return std::nullopt;
    return MapIterator(map);
  }
  CheckIsMap(map);
  std::vector<uint8_t> indices;
  auto add_bits = [&](uint64_t bits, size_t levels) {
    for (size_t i = 0; i < levels; ++i, bits >>= 4)
      indices.push_back(static_cast<uint8_t>(bits & 0xf));
  };
  if (IsSmall(path)) {
    add_bits(UnsignedBits(path), 60 / 4);
  } else if (IsBignum(path) && !IntegerView(path).negative()) {
    for (uint64_t limb : IntegerView(path).magnitude())
      add_bits(limb, 64 / 4);
  } else {
    return std::nullopt;
  }
  MapIterator it(map);
  if (!it.walk_->Seek(indices)) return std::nullopt;
  it.key_ = it.walk_->leaf();
  it.value_ = it.key_ + 1;
  return it;
}

Term MapIterator::Path(TermAllocator& heap) const {
  LING_CHECK(walk_ && !done()) << "a path of no hashmap entry";
  std::vector<uint8_t> indices = walk_->Path();
  std::vector<uint64_t> limbs((indices.size() + 15) / 16);
  for (size_t i = 0; i < indices.size(); ++i)
    limbs[i / 16] |= uint64_t{indices[i]} << (4 * (i % 16));
  absl::StatusOr<Term> path = MakeIntegerFromLimbs(heap, /*negative=*/false, limbs);
  LING_CHECK(path.ok()) << path.status();
  return *path;
}

}  // namespace ling
