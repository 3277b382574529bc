// Maps: the maps functions OTP implements natively, map_get/2 and
// is_map_key/2, erts_internal:map_next/3 (what maps:iterator/next, fold and
// to_list are written over), and maps:to_list/1 itself.
//
// A function given something other than a map where it wants one fails with
// {badmap, Term}; a missing key with {badkey, Key} (get, update).
#include <algorithm>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"
#include "runtime/term/map.h"

namespace ling::vm {
namespace {

Term BadMap(BifContext& ctx, Term t) {
  return ctx.Fail(MakeTuple(ctx.memory, {atoms::kBadmap, t}));
}
Term BadKey(BifContext& ctx, Term key) {
  return ctx.Fail(MakeTuple(ctx.memory, {atoms::kBadkey, key}));
}

// get(Key, Map) and map_get(Key, Map).
Term BifGet(BifContext& ctx, const Term* args) {
  if (!IsMap(args[1])) return BadMap(ctx, args[1]);
  std::optional<Term> v = MapFind(args[1], args[0]);
  return v ? *v : BadKey(ctx, args[0]);
}

Term BifFind(BifContext& ctx, const Term* args) {
  if (!IsMap(args[1])) return BadMap(ctx, args[1]);
  std::optional<Term> v = MapFind(args[1], args[0]);
  return v ? MakeTuple(ctx.memory, {atoms::kOk, *v}) : atoms::kError;
}

// is_key(Key, Map) and is_map_key(Key, Map).
Term BifIsKey(BifContext& ctx, const Term* args) {
  if (!IsMap(args[1])) return BadMap(ctx, args[1]);
  return Bool(MapFind(args[1], args[0]).has_value());
}

Term BifPut(BifContext& ctx, const Term* args) {
  if (!IsMap(args[2])) return BadMap(ctx, args[2]);
  return MapPut(ctx.memory, args[2], args[0], args[1]);
}

Term BifUpdate(BifContext& ctx, const Term* args) {
  if (!IsMap(args[2])) return BadMap(ctx, args[2]);
  std::optional<Term> m = MapUpdate(ctx.memory, args[2], args[0], args[1]);
  return m ? *m : BadKey(ctx, args[0]);
}

Term BifRemove(BifContext& ctx, const Term* args) {
  if (!IsMap(args[1])) return BadMap(ctx, args[1]);
  return MapRemove(ctx.memory, args[1], args[0]);
}

// take(Key, Map): {Value, Map without Key}, or error.
Term BifTake(BifContext& ctx, const Term* args) {
  if (!IsMap(args[1])) return BadMap(ctx, args[1]);
  std::optional<Term> v = MapFind(args[1], args[0]);
  if (!v) return atoms::kError;
  return MakeTuple(ctx.memory, {*v, MapRemove(ctx.memory, args[1], args[0])});
}

Term BifKeys(BifContext& ctx, const Term* args) {
  if (!IsMap(args[0])) return BadMap(ctx, args[0]);
  return MapKeys(ctx.memory, args[0]);
}

Term BifValues(BifContext& ctx, const Term* args) {
  if (!IsMap(args[0])) return BadMap(ctx, args[0]);
  return MapValues(ctx.memory, args[0]);
}

std::vector<std::pair<Term, Term>> Pairs(Term map, MapOrder order = MapOrder::kIteration) {
  std::vector<std::pair<Term, Term>> pairs;
  pairs.reserve(MapSize(map));
  for (MapIterator it(map, order); !it.done(); it.Next())
    pairs.emplace_back(it.key(), it.value());
  return pairs;
}

// The pairs as {Key, Value} tuples, in their order, in front of `tail`.
Term PairList(BifContext& ctx, std::span<const std::pair<Term, Term>> pairs, Term tail) {
  for (size_t i = pairs.size(); i-- > 0;)
    tail = MakeCons(ctx.memory, MakeTuple(ctx.memory, {pairs[i].first, pairs[i].second}), tail);
  return tail;
}

// In listing order (map.h), as BEAM's to_list.
Term BifToList(BifContext& ctx, const Term* args) {
  if (!IsMap(args[0])) return BadMap(ctx, args[0]);
  return PairList(ctx, Pairs(args[0], MapOrder::kListing), kNil);
}

// from_list([{Key, Value}]): later keys win.
Term BifFromList(BifContext& ctx, const Term* args) {
  std::vector<std::pair<Term, Term>> pairs;
  Term l = args[0];
  for (; IsList(l); l = Tail(l)) {
    Term pair = Head(l);
    if (!IsTuple(pair) || TupleArity(pair) != 2) return ctx.Fail(atoms::kBadarg);
    pairs.emplace_back(TupleElement(pair, 0), TupleElement(pair, 1));
  }
  if (!IsNil(l)) return ctx.Fail(atoms::kBadarg);
  return MakeMap(ctx.memory, pairs);
}

// from_keys(Keys, Value): each key to the one value.
Term BifFromKeys(BifContext& ctx, const Term* args) {
  std::vector<std::pair<Term, Term>> pairs;
  Term l = args[0];
  for (; IsList(l); l = Tail(l))
    pairs.emplace_back(Head(l), args[1]);
  if (!IsNil(l)) return ctx.Fail(atoms::kBadarg);
  return MakeMap(ctx.memory, pairs);
}

// merge(Map1, Map2): Map2's values win.
Term BifMerge(BifContext& ctx, const Term* args) {
  if (!IsMap(args[0])) return BadMap(ctx, args[0]);
  if (!IsMap(args[1])) return BadMap(ctx, args[1]);
  if (MapSize(args[0]) == 0) return args[1];
  if (MapSize(args[1]) == 0) return args[0];
  std::vector<std::pair<Term, Term>> pairs = Pairs(args[0]);
  std::vector<std::pair<Term, Term>> more = Pairs(args[1]);
  pairs.insert(pairs.end(), more.begin(), more.end());
  return MakeMap(ctx.memory, pairs);
}

// What erts_internal:map_next/3 takes in one call after the first (BEAM: a
// quarter of the reductions left, 1000 in a fresh time slice); the first,
// from path 0, takes at most kMaxFlatmapSize entries, as BEAM does, so a
// flatmap always goes whole.
constexpr size_t kEntriesPerNext = 1000;

// erts_internal:map_next(Path, Map, Acc), which maps:next/1 and
// maps:to_list/1 are written over: the entries from iterator path Path on
// (MapIterator::AtPath), in iteration order, and the path after them,
// Next = [NextPath | Map] or none when no entry is left. With Acc = iterator,
// the chain {K1, V1, {K2, V2, ... Next}}; with Acc a list,
// [NextPath, Map | Pairs] or just Pairs, where Pairs are the entries as
// {K, V} in front of Acc, consed on one by one for a hashmap (so that
// to_list's chunks end up in listing order), in key order for a flatmap.
Term BifMapNext(BifContext& ctx, const Term* args) {
  Term path = args[0], map = args[1], acc = args[2];
  if (!IsMap(map)) return ctx.Fail(atoms::kBadarg);
  bool iterator = acc == Atoms().kIterator;
  if (!iterator && !IsList(acc) && !IsNil(acc)) return ctx.Fail(atoms::kBadarg);
  std::optional<MapIterator> it = MapIterator::AtPath(map, path);
  if (!it) return ctx.Fail(atoms::kBadarg);
  size_t limit = path == MakeSmall(0) ? kMaxFlatmapSize : kEntriesPerNext;
  std::vector<std::pair<Term, Term>> taken;
  for (; !it->done() && taken.size() < limit; it->Next())
    taken.emplace_back(it->key(), it->value());
  Term next_path = it->done() ? kNonValue : it->Path(ctx.memory);
  if (iterator) {
    Term result = next_path == kNonValue ? Atoms().kNone : MakeCons(ctx.memory, next_path, map);
    for (size_t i = taken.size(); i-- > 0;)
      result = MakeTuple(ctx.memory, {taken[i].first, taken[i].second, result});
    return result;
  }
  if (IsHashmap(map)) std::reverse(taken.begin(), taken.end());
  Term result = PairList(ctx, taken, acc);
  if (next_path == kNonValue) return result;
  return MakeCons(ctx.memory, next_path, MakeCons(ctx.memory, map, result));
}

constexpr BifEntry kMapBifs[] = {
    {"maps", "get", 2, BifGet},
    {"erlang", "map_get", 2, BifGet},
    {"maps", "find", 2, BifFind},
    {"maps", "is_key", 2, BifIsKey},
    {"erlang", "is_map_key", 2, BifIsKey},
    {"maps", "put", 3, BifPut},
    {"maps", "update", 3, BifUpdate},
    {"maps", "remove", 2, BifRemove},
    {"maps", "take", 2, BifTake},
    {"maps", "keys", 1, BifKeys},
    {"maps", "values", 1, BifValues},
    {"maps", "to_list", 1, BifToList},
    {"maps", "from_list", 1, BifFromList},
    {"maps", "from_keys", 2, BifFromKeys},
    {"maps", "merge", 2, BifMerge},
    {"erts_internal", "map_next", 3, BifMapNext},
};

}  // namespace

std::span<const BifEntry> MapBifs() {
  return kMapBifs;
}

}  // namespace ling::vm
