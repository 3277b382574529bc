#include "emulator/vm/bif.h"

#include <string_view>

#include "emulator/vm/bif_util.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/map.h"

namespace ling::vm {
namespace {

template <class IntegerOp, class FloatOp>
Term Arith(BifContext& ctx, const Term* args, IntegerOp int_op, FloatOp float_op) {
  Term a = args[0], b = args[1];
  if (!IsNumber(a) || !IsNumber(b)) return ctx.Fail(atoms::kBadarith);
  if (IsInteger(a) && IsInteger(b)) return ctx.Result(int_op(ctx.memory, a, b));
  absl::StatusOr<double> x = AsDouble(a), y = AsDouble(b);
  if (!x.ok() || !y.ok()) return ctx.Fail(atoms::kBadarith);
  return FloatResult(ctx, float_op(*x, *y));
}

Term BifTimes(BifContext& ctx, const Term* args) {
  return Arith(ctx, args, IntegerMul, [](double x, double y) { return x * y; });
}

// A BIF of two integers (div, rem, band, bsl...): anything else is badarith.
template <absl::StatusOr<Term> (*kOp)(TermAllocator&, Term, Term)>
Term IntegerBif(BifContext& ctx, const Term* args) {
  if (!IsInteger(args[0]) || !IsInteger(args[1])) return ctx.Fail(atoms::kBadarith);
  return ctx.Result(kOp(ctx.memory, args[0], args[1]));
}

Term BifNegate(BifContext& ctx, const Term* args) {
  if (IsFloat(args[0])) return FloatResult(ctx, -FloatValue(args[0]));
  if (!IsInteger(args[0])) return ctx.Fail(atoms::kBadarith);
  return ctx.Result(IntegerNegate(ctx.memory, args[0]));
}

Term BifLength(BifContext& ctx, const Term* args) {
  int64_t n = ListLength(args[0]);
  return n < 0 ? ctx.Fail(atoms::kBadarg) : MakeSmall(n);
}

Term BifHd(BifContext& ctx, const Term* args) {
  return IsList(args[0]) ? Head(args[0]) : ctx.Fail(atoms::kBadarg);
}

Term BifTl(BifContext& ctx, const Term* args) {
  return IsList(args[0]) ? Tail(args[0]) : ctx.Fail(atoms::kBadarg);
}

Term BifElement(BifContext& ctx, const Term* args) {
  Term n = args[0], t = args[1];
  if (!IsSmall(n) || !IsTuple(t) || SmallValue(n) < 1 ||
      static_cast<uint64_t>(SmallValue(n)) > TupleArity(t)) {
    return ctx.Fail(atoms::kBadarg);
  }
  return TupleElement(t, static_cast<size_t>(SmallValue(n) - 1));
}

Term BifTupleSize(BifContext& ctx, const Term* args) {
  return IsTuple(args[0]) ? MakeSmall(static_cast<int64_t>(TupleArity(args[0])))
                          : ctx.Fail(atoms::kBadarg);
}

Term BifExactEq(BifContext&, const Term* a) {
  return Bool(ExactEqual(a[0], a[1]));
}
Term BifExactNe(BifContext&, const Term* a) {
  return Bool(!ExactEqual(a[0], a[1]));
}
Term BifEq(BifContext&, const Term* a) {
  return Bool(Equal(a[0], a[1]));
}
Term BifNe(BifContext&, const Term* a) {
  return Bool(!Equal(a[0], a[1]));
}
Term BifLt(BifContext&, const Term* a) {
  return Bool(Compare(a[0], a[1]) < 0);
}
Term BifGt(BifContext&, const Term* a) {
  return Bool(Compare(a[0], a[1]) > 0);
}
Term BifLe(BifContext&, const Term* a) {
  return Bool(Compare(a[0], a[1]) <= 0);
}
Term BifGe(BifContext&, const Term* a) {
  return Bool(Compare(a[0], a[1]) >= 0);
}

Term BifBnot(BifContext& ctx, const Term* args) {
  if (!IsInteger(args[0])) return ctx.Fail(atoms::kBadarith);
  return ctx.Result(IntegerBnot(ctx.memory, args[0]));
}

Term BifMapSize(BifContext& ctx, const Term* args) {
  if (IsMap(args[0])) return MakeSmall(static_cast<int64_t>(MapSize(args[0])));
  return ctx.Fail(MakeTuple(ctx.memory, {atoms::kBadmap, args[0]}));
}

Term BifNode0(BifContext&, const Term*) {
  return atoms::kNonodeNohost;
}

// node(Pid | Port | Reference): all are local for now.
Term BifNode1(BifContext& ctx, const Term* args) {
  Term t = args[0];
  if (!IsPid(t) && !IsPort(t) && !IsReference(t)) return ctx.Fail(atoms::kBadarg);
  return atoms::kNonodeNohost;
}

// ling is never distributed: no node is connected, and this one is known
// by its name alone.
Term BifNodes0(BifContext&, const Term*) {
  return kNil;
}

Term BifNodes1(BifContext& ctx, const Term* args) {
  static const Term kVisible = InternAtom("visible"), kHidden = InternAtom("hidden"),
                    kConnected = InternAtom("connected"), kThis = InternAtom("this"),
                    kKnown = InternAtom("known");
  Term list = IsAtom(args[0]) ? MakeCons(ctx.memory, args[0], kNil) : args[0];
  bool self = false;
  for (; IsList(list); list = Tail(list)) {
    Term kind = Head(list);
    if (kind == kThis || kind == kKnown) {
      self = true;
    } else if (kind != kVisible && kind != kHidden && kind != kConnected) {
      return ctx.Fail(atoms::kBadarg);
    }
  }
  if (!IsNil(list)) return ctx.Fail(atoms::kBadarg);
  return self ? MakeCons(ctx.memory, atoms::kNonodeNohost, kNil) : kNil;
}

Term BifIsAlive(BifContext&, const Term*) {
  return atoms::kFalse;
}

Term BifThrow(BifContext& ctx, const Term* args) {
  return ctx.Raise(atoms::kThrow, args[0]);
}
Term BifError(BifContext& ctx, const Term* args) {
  return ctx.Raise(atoms::kError, args[0]);
}
Term BifExit(BifContext& ctx, const Term* args) {
  return ctx.Raise(atoms::kExit, args[0]);
}

bool IsClass(Term c) {
  return c == atoms::kError || c == atoms::kExit || c == atoms::kThrow;
}

// A stack trace as erlang:raise/3 accepts it: a proper list of
// {M, F, ArityOrArgs} and {M, F, ArityOrArgs, Location} tuples.
bool IsStacktrace(Term t) {
  for (; IsList(t); t = Tail(t)) {
    Term frame = Head(t);
    if (!IsTuple(frame) || TupleArity(frame) < 3 || TupleArity(frame) > 4) return false;
    if (!IsAtom(TupleElement(frame, 0)) || !IsAtom(TupleElement(frame, 1))) return false;
  }
  return t == kNil;
}

// erlang:raise/3 (Class, Reason, Stacktrace): raises with the stack trace
// given (its frames are final, see stacktrace.h). With a bad class or stack
// trace it does not raise but returns badarg, as in BEAM.
Term BifRaise3(BifContext& ctx, const Term* args) {
  if (!IsClass(args[0]) || !IsStacktrace(args[2])) return atoms::kBadarg;
  ctx.error_trace = MakeTuple(ctx.memory, {args[0], args[2]});
  return ctx.Raise(args[0], args[1]);
}

// The compiler's re-raise, erlang:raise/2 (RawStacktrace, Reason): the class
// travels in the raw stack trace (see interpreter.cc).
Term BifRaise2(BifContext& ctx, const Term* args) {
  Term raw = args[0];
  if (!IsTuple(raw) || TupleArity(raw) != 2 || !IsClass(TupleElement(raw, 0))) {
    return ctx.Fail(atoms::kBadarg);
  }
  ctx.error_trace = raw;
  return ctx.Raise(TupleElement(raw, 0), args[1]);
}

constexpr BifEntry kCoreBifs[] = {
    {"erlang", "+", 2, BifPlus},
    {"erlang", "-", 2, BifMinus},
    {"erlang", "*", 2, BifTimes},
    {"erlang", "div", 2, IntegerBif<IntegerDiv>},
    {"erlang", "rem", 2, IntegerBif<IntegerRem>},
    {"erlang", "-", 1, BifNegate},
    {"erlang", "length", 1, BifLength},
    {"erlang", "hd", 1, BifHd},
    {"erlang", "tl", 1, BifTl},
    {"erlang", "element", 2, BifElement},
    {"erlang", "tuple_size", 1, BifTupleSize},
    {"erlang", "=:=", 2, BifExactEq},
    {"erlang", "=/=", 2, BifExactNe},
    {"erlang", "==", 2, BifEq},
    {"erlang", "/=", 2, BifNe},
    {"erlang", "<", 2, BifLt},
    {"erlang", ">", 2, BifGt},
    {"erlang", "=<", 2, BifLe},
    {"erlang", ">=", 2, BifGe},
    {"erlang", "band", 2, IntegerBif<IntegerBand>},
    {"erlang", "bor", 2, IntegerBif<IntegerBor>},
    {"erlang", "bxor", 2, IntegerBif<IntegerBxor>},
    {"erlang", "bsl", 2, IntegerBif<IntegerBsl>},
    {"erlang", "bsr", 2, IntegerBif<IntegerBsr>},
    {"erlang", "bnot", 1, BifBnot},
    {"erlang", "map_size", 1, BifMapSize},
    {"erlang", "node", 0, BifNode0},
    {"erlang", "node", 1, BifNode1},
    {"erlang", "nodes", 0, BifNodes0},
    {"erlang", "nodes", 1, BifNodes1},
    {"erlang", "is_alive", 0, BifIsAlive},
    {"erlang", "throw", 1, BifThrow},
    {"erlang", "error", 1, BifError},
    {"erlang", "error", 2, BifError},
    {"erlang", "error", 3, BifError},
    {"erlang", "exit", 1, BifExit},
    {"erlang", "raise", 2, BifRaise2},
    {"erlang", "raise", 3, BifRaise3},
};

}  // namespace

Term BifPlus(BifContext& ctx, const Term* args) {
  return Arith(ctx, args, IntegerAdd, [](double x, double y) { return x + y; });
}

Term BifMinus(BifContext& ctx, const Term* args) {
  return Arith(ctx, args, IntegerSub, [](double x, double y) { return x - y; });
}

std::span<const BifEntry> CoreBifs() {
  return kCoreBifs;
}

const BifEntry* FindBif(Term module, Term name, int arity) {
  std::string_view m = AtomName(module), f = AtomName(name);
  for (std::span<const BifEntry> (*table)() : kBifTables) {
    for (const BifEntry& b : table()) {
      if (b.arity == arity && m == b.module && f == b.name) return &b;
    }
  }
  return nullptr;
}

}  // namespace ling::vm
