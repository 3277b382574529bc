#include "runtime/term/compare.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "runtime/base/check.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bits.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

// Ranks of the type classes, in Erlang's order.
enum Rank { kNumber, kAtom, kReference, kFun, kPort, kPid, kTuple, kMap, kNil, kList, kBits };

Rank RankOf(Term t) {
  if (IsSmall(t)) return kNumber;
  if (IsAtom(t)) return kAtom;
  if (IsPid(t)) return kPid;
  if (IsPort(t)) return kPort;
  if (IsNil(t)) return kNil;
  if (IsList(t)) return kList;
  LING_CHECK(IsBoxed(t)) << "comparing a non-term " << t.raw();
  switch (HeaderSubtag(*BoxedPointer(t))) {
    case tag::Subtag::kFloat:
    case tag::Subtag::kPositiveBignum:
    case tag::Subtag::kNegativeBignum:
      return kNumber;
    case tag::Subtag::kReference:
      return kReference;
    case tag::Subtag::kFun:
    case tag::Subtag::kExport:
      return kFun;
    case tag::Subtag::kTuple:
      return kTuple;
    case tag::Subtag::kMap:
    case tag::Subtag::kHashmap:
      return kMap;
    case tag::Subtag::kHeapBinary:
    case tag::Subtag::kRefcBinary:
    case tag::Subtag::kSubBinary:
      return kBits;
    case tag::Subtag::kMatchContext:
    case tag::Subtag::kHashmapNode:
      break;
  }
  LING_CHECK(false) << "comparing a match context or a map's trie node, which are no Erlang values";
  return kBits;
}

template <class T>
int Three(T a, T b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

int CompareAtoms(Term a, Term b) {
  return a == b ? 0 : Three(AtomName(a).compare(AtomName(b)), 0);
}

int CompareNumbers(Term a, Term b, bool exact) {
  if (IsSmall(a) && IsSmall(b)) return Three(SmallValue(a), SmallValue(b));
  bool float_a = IsFloat(a), float_b = IsFloat(b);
  if (float_a && float_b) return Three(FloatValue(a), FloatValue(b));
  if (!float_a && !float_b) return IntegerCompare(a, b);
  // Mixed. The exact order is the map key order, where every integer sorts
  // before every float whatever their values (erl: maps:keys(#{1.0 => a,
  // 2 => b}) is [2, 1.0]); the == order compares their exact values.
  if (exact) return float_a ? 1 : -1;
  return float_a ? -CompareIntegerWithDouble(b, FloatValue(a))
                 : CompareIntegerWithDouble(a, FloatValue(b));
}

// Bit by bit over the common length, then the shorter first: <<1:1>> >
// <<0,1>>, <<255:7>> < <<254>> (checked against erl 25).
int CompareBitstrings(Term a, Term b) {
  BitsView x = BitstringBits(a), y = BitstringBits(b);
  if (int c = CompareBits(x.bytes, x.offset, y.bytes, y.offset, std::min(x.size, y.size))) return c;
  return Three(x.size, y.size);
}

// Pairs still to compare, the next on top, each with its own exactness (map
// keys compare exactly inside an == comparison).
struct Pair {
  Term a, b;
  bool exact;
};
using Todo = absl::InlinedVector<Pair, 16>;

int CompareFuns(Term a, Term b, bool exact, Todo& todo) {
  if (IsExportFun(a) != IsExportFun(b)) return IsExportFun(a) ? 1 : -1;
  if (IsExportFun(a)) {
    if (int c = CompareAtoms(ExportFunModule(a), ExportFunModule(b))) return c;
    if (int c = CompareAtoms(ExportFunFunction(a), ExportFunFunction(b))) return c;
    return Three(FunArity(a), FunArity(b));
  }
  LocalFunId x = LocalFunIdOf(a), y = LocalFunIdOf(b);
  if (int c = CompareAtoms(x.module, y.module)) return c;
  if (x.index != y.index) return Three(x.index, y.index);
  if (x.uniq != y.uniq) return Three(x.uniq, y.uniq);
  if (x.new_uniq != y.new_uniq) return x.new_uniq < y.new_uniq ? -1 : 1;
  uint32_t n = LocalFunNumFree(a), m = LocalFunNumFree(b);
  if (n != m) return Three(n, m);
  for (uint32_t i = n; i > 0; --i)
    todo.push_back({LocalFunFreeVar(a, i - 1), LocalFunFreeVar(b, i - 1), exact});
  return 0;
}

int CompareMaps(Term a, Term b, bool exact, Todo& todo) {
  uint64_t n = MapSize(a), m = MapSize(b);
  if (n != m) return Three(n, m);
  // All keys in map key order (exactly, whatever this comparison is), then
  // all values, first key on top. Maps of one size share their layout; a
  // hashmap's entries are sorted by key first (BEAM reaches the same verdict
  // walking both tries at once).
  MapEntries x = MapEntriesInKeyOrder(a), y = MapEntriesInKeyOrder(b);
  size_t base = todo.size();
  for (size_t i = 0; i < x.size(); ++i)
    todo.push_back({x[i].first, y[i].first, /*exact=*/true});
  for (size_t i = 0; i < x.size(); ++i)
    todo.push_back({x[i].second, y[i].second, exact});
  std::reverse(todo.begin() + base, todo.end());
  return 0;
}

// One step: 0 when a and b are equal so far and their parts (queued on
// `todo`, first part on top) still need comparing; the verdict otherwise.
int CompareStep(Term a, Term b, bool exact, Todo& todo) {
  if (a == b) return 0;
  Rank ra = RankOf(a), rb = RankOf(b);
  if (ra != rb) return Three(ra, rb);
  switch (ra) {
    case kNumber:
      return CompareNumbers(a, b, exact);
    case kAtom:
      return CompareAtoms(a, b);
    case kReference: {
      MonitorRef x = ReferenceValue(a), y = ReferenceValue(b);
      return x.high != y.high ? Three(x.high, y.high) : Three(x.low, y.low);
    }
    case kFun:
      return CompareFuns(a, b, exact, todo);
    case kPort:
    case kPid:
      return Three(IdValue(a), IdValue(b));
    case kTuple: {
      uint64_t n = TupleArity(a), m = TupleArity(b);
      if (n != m) return Three(n, m);
      for (uint64_t i = n; i > 0; --i)
        todo.push_back({TupleElement(a, i - 1), TupleElement(b, i - 1), exact});
      return 0;
    }
    case kMap:
      return CompareMaps(a, b, exact, todo);
    case kNil:
      return 0;
    case kList:
      // The tails wait under the heads: one entry per list, whatever its length.
      todo.push_back({Tail(a), Tail(b), exact});
      todo.push_back({Head(a), Head(b), exact});
      return 0;
    case kBits:
      return CompareBitstrings(a, b);
  }
  return 0;
}

// Depth-first over both terms with an explicit stack, so neither long lists
// nor deep nesting use the C++ stack (processes may run on small stacks).
int CompareTerms(Term a, Term b, bool exact) {
  Todo todo;
  int c = CompareStep(a, b, exact, todo);
  while (c == 0 && !todo.empty()) {
    Pair next = todo.back();
    todo.pop_back();
    c = CompareStep(next.a, next.b, next.exact, todo);
  }
  return c;
}

}  // namespace

int Compare(Term a, Term b) {
  return CompareTerms(a, b, /*exact=*/false);
}

int CompareExact(Term a, Term b) {
  return CompareTerms(a, b, /*exact=*/true);
}

bool ExactEqual(Term a, Term b) {
  absl::InlinedVector<std::pair<Term, Term>, 16> pending;  // pairs still to compare
  for (;;) {
    if (a != b) {
      if (IsList(a)) {
        if (!IsList(b)) return false;
        pending.emplace_back(Tail(a), Tail(b));
        a = Head(a);
        b = Head(b);
        continue;
      }
      // Distinct immediates differ, and so do an immediate and a boxed
      // term: a bignum never holds a small's value.
      if (IsImmediate(a) || IsImmediate(b)) return false;
      if (IsTuple(a) && IsTuple(b)) {
        uint64_t n = TupleArity(a);
        if (TupleArity(b) != n) return false;
        for (uint64_t i = 1; i < n; ++i)
          pending.emplace_back(TupleElement(a, i), TupleElement(b, i));
        if (n > 0) {
          a = TupleElement(a, 0);
          b = TupleElement(b, 0);
          continue;
        }
      } else if (CompareTerms(a, b, /*exact=*/true) != 0) {
        return false;
      }
    }
    if (pending.empty()) return true;
    std::tie(a, b) = pending.back();
    pending.pop_back();
  }
}

}  // namespace ling
