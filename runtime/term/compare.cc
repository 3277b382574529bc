#include "runtime/term/compare.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "runtime/base/check.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/binary.h"
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
      return kMap;
    default:
      return kBits;
  }
}

template <class T>
int Three(T a, T b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

int CompareNumbers(Term a, Term b, bool exact) {
  if (IsSmall(a) && IsSmall(b)) return Three(SmallValue(a), SmallValue(b));
  if (IsFloat(a) && IsFloat(b)) return Three(FloatValue(a), FloatValue(b));
  // Mixed: by value (long double holds every 60-bit integer exactly); for
  // =:= an integer never equals a float, and the integer sorts first.
  long double x = IsSmall(a) ? static_cast<long double>(SmallValue(a)) : FloatValue(a);
  long double y = IsSmall(b) ? static_cast<long double>(SmallValue(b)) : FloatValue(b);
  int c = Three(x, y);
  if (c == 0 && exact) return IsSmall(a) ? -1 : 1;
  return c;
}

int CompareBinaries(Term a, Term b) {
  std::span<const uint8_t> x = BinaryBytes(a), y = BinaryBytes(b);
  size_t n = std::min(x.size(), y.size());
  int c = n == 0 ? 0 : std::memcmp(x.data(), y.data(), n);
  if (c != 0) return c < 0 ? -1 : 1;
  return Three(x.size(), y.size());
}

// Pairs still to compare, the next on top.
using Todo = absl::InlinedVector<std::pair<Term, Term>, 16>;

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
      return Three(AtomName(a).compare(AtomName(b)), 0);
    case kReference: {
      MonitorRef x = ReferenceValue(a), y = ReferenceValue(b);
      return x.high != y.high ? Three(x.high, y.high) : Three(x.low, y.low);
    }
    case kPort:
    case kPid:
      return Three(IdValue(a), IdValue(b));
    case kTuple: {
      uint64_t n = TupleArity(a), m = TupleArity(b);
      if (n != m) return Three(n, m);
      for (uint64_t i = n; i > 0; --i)
        todo.emplace_back(TupleElement(a, i - 1), TupleElement(b, i - 1));
      return 0;
    }
    case kNil:
      return 0;
    case kList:
      // The tails wait under the heads: one entry per list, whatever its length.
      todo.emplace_back(Tail(a), Tail(b));
      todo.emplace_back(Head(a), Head(b));
      return 0;
    case kBits:
      return CompareBinaries(a, b);
    case kFun:
    case kMap:
      LING_CHECK(false) << "funs and maps come with the emulator";
  }
  return 0;
}

// Depth-first over both terms with an explicit stack, so neither long lists
// nor deep nesting use the C++ stack (processes may run on small stacks).
int CompareTerms(Term a, Term b, bool exact) {
  Todo todo;
  int c = CompareStep(a, b, exact, todo);
  while (c == 0 && !todo.empty()) {
    auto [x, y] = todo.back();
    todo.pop_back();
    c = CompareStep(x, y, exact, todo);
  }
  return c;
}

}  // namespace

int Compare(Term a, Term b) {
  return CompareTerms(a, b, /*exact=*/false);
}

bool ExactEqual(Term a, Term b) {
  return CompareTerms(a, b, /*exact=*/true) == 0;
}

}  // namespace ling
