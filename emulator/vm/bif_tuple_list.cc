// Tuples and lists: setelement/3, make_tuple/2,3, append_element/2,
// insert_element/3, delete_element/2, '++'/2 and '--'/2, and the lists
// functions OTP implements natively (reverse/2, keyfind/3, keymember/3,
// keysearch/3, member/2).
#include <algorithm>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"

namespace ling::vm {
namespace {

// The elements of a tuple, to edit.
std::vector<Term> Elements(Term tuple) {
  std::vector<Term> elements(TupleArity(tuple));
  for (size_t i = 0; i < elements.size(); ++i)
    elements[i] = TupleElement(tuple, i);
  return elements;
}

// A 1-based position argument in 1..max, as a 0-based index.
std::optional<size_t> Position(Term position, uint64_t max) {
  if (!IsSmall(position) || SmallValue(position) < 1 ||
      static_cast<uint64_t>(SmallValue(position)) > max) {
    return std::nullopt;
  }
  return static_cast<size_t>(SmallValue(position) - 1);
}

Term BifSetelement(BifContext& ctx, const Term* args) {
  if (!IsTuple(args[1])) return ctx.Fail(atoms::kBadarg);
  std::optional<size_t> i = Position(args[0], TupleArity(args[1]));
  if (!i) return ctx.Fail(atoms::kBadarg);
  std::vector<Term> elements = Elements(args[1]);
  elements[*i] = args[2];
  return MakeTuple(ctx.memory, elements);
}

Term BifMakeTuple2(BifContext& ctx, const Term* args) {
  Term n = args[0];
  if (!IsSmall(n) || SmallValue(n) < 0 || SmallValue(n) > kMaxTupleSize) {
    return ctx.Fail(atoms::kBadarg);
  }
  return MakeTuple(ctx.memory, std::vector<Term>(static_cast<size_t>(SmallValue(n)), args[1]));
}

// make_tuple(N, Default, [{Position, Term}]): later pairs win.
Term BifMakeTuple3(BifContext& ctx, const Term* args) {
  Term n = args[0];
  if (!IsSmall(n) || SmallValue(n) < 0 || SmallValue(n) > kMaxTupleSize) {
    return ctx.Fail(atoms::kBadarg);
  }
  std::vector<Term> elements(static_cast<size_t>(SmallValue(n)), args[1]);
  Term l = args[2];
  for (; IsList(l); l = Tail(l)) {
    Term pair = Head(l);
    if (!IsTuple(pair) || TupleArity(pair) != 2) return ctx.Fail(atoms::kBadarg);
    std::optional<size_t> i = Position(TupleElement(pair, 0), elements.size());
    if (!i) return ctx.Fail(atoms::kBadarg);
    elements[*i] = TupleElement(pair, 1);
  }
  if (!IsNil(l)) return ctx.Fail(atoms::kBadarg);
  return MakeTuple(ctx.memory, elements);
}

Term BifAppendElement(BifContext& ctx, const Term* args) {
  if (!IsTuple(args[0]) || static_cast<int64_t>(TupleArity(args[0])) >= kMaxTupleSize) {
    return ctx.Fail(atoms::kBadarg);
  }
  std::vector<Term> elements = Elements(args[0]);
  elements.push_back(args[1]);
  return MakeTuple(ctx.memory, elements);
}

Term BifInsertElement(BifContext& ctx, const Term* args) {
  if (!IsTuple(args[1])) return ctx.Fail(atoms::kBadarg);
  std::optional<size_t> i = Position(args[0], TupleArity(args[1]) + 1);
  if (!i) return ctx.Fail(atoms::kBadarg);
  std::vector<Term> elements = Elements(args[1]);
  elements.insert(elements.begin() + static_cast<ptrdiff_t>(*i), args[2]);
  return MakeTuple(ctx.memory, elements);
}

Term BifDeleteElement(BifContext& ctx, const Term* args) {
  if (!IsTuple(args[1])) return ctx.Fail(atoms::kBadarg);
  std::optional<size_t> i = Position(args[0], TupleArity(args[1]));
  if (!i) return ctx.Fail(atoms::kBadarg);
  std::vector<Term> elements = Elements(args[1]);
  elements.erase(elements.begin() + static_cast<ptrdiff_t>(*i));
  return MakeTuple(ctx.memory, elements);
}

// The elements of a proper list, or nullopt.
std::optional<std::vector<Term>> ListElements(Term l) {
  std::vector<Term> elements;
  for (; IsList(l); l = Tail(l))
    elements.push_back(Head(l));
  if (!IsNil(l)) return std::nullopt;
  return elements;
}

// The list of `elements` in front of `tail`.
Term ListWithTail(TermAllocator& heap, std::span<const Term> elements, Term tail) {
  for (size_t i = elements.size(); i-- > 0;)
    tail = MakeCons(heap, elements[i], tail);
  return tail;
}

// '++'/2 (and erlang:append/2): a copy of the first list in front of the
// second term, whatever it is.
Term BifAppend(BifContext& ctx, const Term* args) {
  if (IsNil(args[0])) return args[1];
  std::optional<std::vector<Term>> front = ListElements(args[0]);
  if (!front) return ctx.Fail(atoms::kBadarg);
  return ListWithTail(ctx.memory, *front, args[1]);
}

// '--'/2 (and erlang:subtract/2): the first list without, for each element
// of the second, the first element exactly equal (=:=) to it. The second
// list is sorted once, so this is O((m + n) log n) where BEAM's is
// O(m * n) for short lists.
Term BifSubtract(BifContext& ctx, const Term* args) {
  std::optional<std::vector<Term>> left = ListElements(args[0]);
  std::optional<std::vector<Term>> right = ListElements(args[1]);
  if (!left || !right) return ctx.Fail(atoms::kBadarg);
  if (right->empty()) return args[0];
  auto less = [](Term a, Term b) { return CompareExact(a, b) < 0; };
  std::sort(right->begin(), right->end(), less);
  // The distinct elements of `right`, each with how many are left to remove.
  std::vector<Term> distinct;
  std::vector<size_t> remaining;
  for (Term t : *right) {
    if (distinct.empty() || !ExactEqual(distinct.back(), t)) {
      distinct.push_back(t);
      remaining.push_back(0);
    }
    ++remaining.back();
  }
  std::vector<Term> kept;
  for (Term t : *left) {
    auto it = std::lower_bound(distinct.begin(), distinct.end(), t, less);
    size_t i = static_cast<size_t>(it - distinct.begin());
    if (it != distinct.end() && ExactEqual(*it, t) && remaining[i] > 0) {
      --remaining[i];
    } else {
      kept.push_back(t);
    }
  }
  return MakeList(ctx.memory, kept);
}

Term BifReverse(BifContext& ctx, const Term* args) {
  Term l = args[0], result = args[1];
  for (; IsList(l); l = Tail(l))
    result = MakeCons(ctx.memory, Head(l), result);
  return IsNil(l) ? result : ctx.Fail(atoms::kBadarg);
}

// lists:keyfind/3's search: the first tuple whose element N equals (==) the
// key; false if none; nullopt (badarg) for a bad position or, if the key is
// not found before it, an improper list.
std::optional<Term> KeyFind(Term key, Term position, Term list) {
  if (!IsSmall(position) || SmallValue(position) < 1) return std::nullopt;
  uint64_t n = static_cast<uint64_t>(SmallValue(position));
  for (; IsList(list); list = Tail(list)) {
    Term t = Head(list);
    if (IsTuple(t) && TupleArity(t) >= n && Equal(TupleElement(t, n - 1), key)) return t;
  }
  if (!IsNil(list)) return std::nullopt;
  return atoms::kFalse;
}

Term BifKeyfind(BifContext& ctx, const Term* args) {
  std::optional<Term> found = KeyFind(args[0], args[1], args[2]);
  return found ? *found : ctx.Fail(atoms::kBadarg);
}

Term BifKeymember(BifContext& ctx, const Term* args) {
  std::optional<Term> found = KeyFind(args[0], args[1], args[2]);
  if (!found) return ctx.Fail(atoms::kBadarg);
  return Bool(*found != atoms::kFalse);
}

Term BifKeysearch(BifContext& ctx, const Term* args) {
  std::optional<Term> found = KeyFind(args[0], args[1], args[2]);
  if (!found) return ctx.Fail(atoms::kBadarg);
  if (*found == atoms::kFalse) return atoms::kFalse;
  return MakeTuple(ctx.memory, {Atoms().kValue, *found});
}

// lists:member/2: exact equality (=:=).
Term BifMember(BifContext& ctx, const Term* args) {
  Term l = args[1];
  if (!IsList(l) && !IsNil(l)) return ctx.Fail(atoms::kBadarg);
  for (; IsList(l); l = Tail(l)) {
    if (ExactEqual(Head(l), args[0])) return atoms::kTrue;
  }
  return IsNil(l) ? atoms::kFalse : ctx.Fail(atoms::kBadarg);
}

constexpr BifEntry kTupleListBifs[] = {
    {"erlang", "setelement", 3, BifSetelement},
    {"erlang", "make_tuple", 2, BifMakeTuple2},
    {"erlang", "make_tuple", 3, BifMakeTuple3},
    {"erlang", "append_element", 2, BifAppendElement},
    {"erlang", "insert_element", 3, BifInsertElement},
    {"erlang", "delete_element", 2, BifDeleteElement},
    {"erlang", "++", 2, BifAppend},
    {"erlang", "append", 2, BifAppend},
    {"erlang", "--", 2, BifSubtract},
    {"erlang", "subtract", 2, BifSubtract},
    {"lists", "reverse", 2, BifReverse},
    {"lists", "keyfind", 3, BifKeyfind},
    {"lists", "keymember", 3, BifKeymember},
    {"lists", "keysearch", 3, BifKeysearch},
    {"lists", "member", 2, BifMember},
};

}  // namespace

std::span<const BifEntry> TupleListBifs() {
  return kTupleListBifs;
}

}  // namespace ling::vm
