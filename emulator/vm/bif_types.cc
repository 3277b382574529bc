// Type tests, number conversions and float division, min/max, the boolean
// operators and sizes: the erlang BIFs that look at one term's type.
#include <cmath>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"

namespace ling::vm {
namespace {

template <bool (*kTest)(Term)>
Term TypeTest(BifContext&, const Term* args) {
  return Bool(kTest(args[0]));
}

bool IsBoolean(Term t) {
  return t == atoms::kTrue || t == atoms::kFalse;
}
bool IsAnyList(Term t) {
  return IsList(t) || IsNil(t);
}

Term BifIsFunction2(BifContext& ctx, const Term* args) {
  Term arity = args[1];
  if (IsBignum(arity) && IntegerCompare(arity, MakeSmall(0)) > 0) return atoms::kFalse;
  if (!IsSmall(arity) || SmallValue(arity) < 0) return ctx.Fail(atoms::kBadarg);
  return Bool(IsFun(args[0]) && FunArity(args[0]) == static_cast<uint64_t>(SmallValue(arity)));
}

// is_record(Term, RecordTag[, Size]): a tuple (of that size) whose first
// element is the tag.
bool IsRecord(Term t, Term tag, int64_t size) {
  if (!IsTuple(t) || TupleArity(t) == 0 || TupleElement(t, 0) != tag) return false;
  return size < 0 || TupleArity(t) == static_cast<uint64_t>(size);
}

Term BifIsRecord2(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[1])) return ctx.Fail(atoms::kBadarg);
  return Bool(IsRecord(args[0], args[1], -1));
}

Term BifIsRecord3(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[1]) || !IsSmall(args[2])) return ctx.Fail(atoms::kBadarg);
  int64_t size = SmallValue(args[2]);
  return Bool(size >= 0 && IsRecord(args[0], args[1], size));
}

// ---- numbers ----------------------------------------------------------------------

Term BifAbs(BifContext& ctx, const Term* args) {
  Term x = args[0];
  if (IsFloat(x)) {  // as BEAM: -0.0 stays (it is not below zero)
    double f = FloatValue(x);
    return f < 0 ? ctx.Result(MakeFloat(ctx.memory, -f)) : x;
  }
  if (!IsInteger(x)) return ctx.Fail(atoms::kBadarg);
  return ctx.Result(IntegerAbs(ctx.memory, x));
}

Term BifFloat(BifContext& ctx, const Term* args) {
  Term x = args[0];
  if (IsFloat(x)) return x;
  if (!IsInteger(x)) return ctx.Fail(atoms::kBadarg);
  absl::StatusOr<double> d = IntegerToDouble(x);
  if (!d.ok()) return ctx.Fail(atoms::kBadarg);
  return ctx.Result(MakeFloat(ctx.memory, *d));
}

// trunc/1, round/1, ceil/1, floor/1: integers as they are, floats rounded
// by kRound.
template <double (*kRound)(double)>
Term RoundingBif(BifContext& ctx, const Term* args) {
  Term x = args[0];
  if (IsInteger(x)) return x;
  if (!IsFloat(x)) return ctx.Fail(atoms::kBadarg);
  return ctx.Result(IntegerFromDouble(ctx.memory, kRound(FloatValue(x))));
}
double Trunc(double x) {
  return std::trunc(x);
}
double Round(double x) {  // halves away from zero, as erlang:round/1
  return std::round(x);
}
double Ceil(double x) {
  return std::ceil(x);
}
double Floor(double x) {
  return std::floor(x);
}

Term BifDivide(BifContext& ctx, const Term* args) {
  if (!IsNumber(args[0]) || !IsNumber(args[1])) return ctx.Fail(atoms::kBadarith);
  absl::StatusOr<double> x = AsDouble(args[0]), y = AsDouble(args[1]);
  if (!x.ok() || !y.ok() || *y == 0.0) return ctx.Fail(atoms::kBadarith);
  return FloatResult(ctx, *x / *y);
}

Term BifUnaryPlus(BifContext& ctx, const Term* args) {
  return IsNumber(args[0]) ? args[0] : ctx.Fail(atoms::kBadarith);
}

// erlang:min/2 and max/2 as erlang.erl writes them: the first argument when
// the two compare equal.
Term BifMin(BifContext&, const Term* args) {
  return Compare(args[0], args[1]) <= 0 ? args[0] : args[1];
}
Term BifMax(BifContext&, const Term* args) {
  return Compare(args[0], args[1]) >= 0 ? args[0] : args[1];
}

// ---- booleans ---------------------------------------------------------------------

Term BifNot(BifContext& ctx, const Term* args) {
  if (!IsBoolean(args[0])) return ctx.Fail(atoms::kBadarg);
  return Bool(args[0] == atoms::kFalse);
}

template <bool (*kOp)(bool, bool)>
Term BooleanBif(BifContext& ctx, const Term* args) {
  if (!IsBoolean(args[0]) || !IsBoolean(args[1])) return ctx.Fail(atoms::kBadarg);
  return Bool(kOp(args[0] == atoms::kTrue, args[1] == atoms::kTrue));
}
bool And(bool a, bool b) {
  return a && b;
}
bool Or(bool a, bool b) {
  return a || b;
}
bool Xor(bool a, bool b) {
  return a != b;
}

// ---- sizes ------------------------------------------------------------------------

Term BifByteSize(BifContext& ctx, const Term* args) {
  if (!IsBitstring(args[0])) return ctx.Fail(atoms::kBadarg);
  return MakeInteger(ctx.memory, static_cast<int64_t>(ByteSize(args[0])));
}

Term BifBitSize(BifContext& ctx, const Term* args) {
  if (!IsBitstring(args[0])) return ctx.Fail(atoms::kBadarg);
  return MakeInteger(ctx.memory, static_cast<int64_t>(BitSize(args[0])));
}

// size/1: a tuple's arity, or a bitstring's whole bytes (a partial last byte
// does not count, unlike byte_size/1).
Term BifSize(BifContext& ctx, const Term* args) {
  if (IsTuple(args[0])) return MakeSmall(static_cast<int64_t>(TupleArity(args[0])));
  if (!IsBitstring(args[0])) return ctx.Fail(atoms::kBadarg);
  return MakeInteger(ctx.memory, static_cast<int64_t>(BitSize(args[0]) / 8));
}

constexpr BifEntry kTypeBifs[] = {
    {"erlang", "is_atom", 1, TypeTest<IsAtom>},
    {"erlang", "is_integer", 1, TypeTest<IsInteger>},
    {"erlang", "is_float", 1, TypeTest<IsFloat>},
    {"erlang", "is_number", 1, TypeTest<IsNumber>},
    {"erlang", "is_list", 1, TypeTest<IsAnyList>},
    {"erlang", "is_tuple", 1, TypeTest<IsTuple>},
    {"erlang", "is_binary", 1, TypeTest<IsBinary>},
    {"erlang", "is_bitstring", 1, TypeTest<IsBitstring>},
    {"erlang", "is_boolean", 1, TypeTest<IsBoolean>},
    {"erlang", "is_map", 1, TypeTest<IsMap>},
    {"erlang", "is_function", 1, TypeTest<IsFun>},
    {"erlang", "is_function", 2, BifIsFunction2},
    {"erlang", "is_pid", 1, TypeTest<IsPid>},
    {"erlang", "is_port", 1, TypeTest<IsPort>},
    {"erlang", "is_reference", 1, TypeTest<IsReference>},
    {"erlang", "is_record", 2, BifIsRecord2},
    {"erlang", "is_record", 3, BifIsRecord3},
    {"erlang", "abs", 1, BifAbs},
    {"erlang", "float", 1, BifFloat},
    {"erlang", "trunc", 1, RoundingBif<Trunc>},
    {"erlang", "round", 1, RoundingBif<Round>},
    {"erlang", "ceil", 1, RoundingBif<Ceil>},
    {"erlang", "floor", 1, RoundingBif<Floor>},
    {"erlang", "/", 2, BifDivide},
    {"erlang", "+", 1, BifUnaryPlus},
    {"erlang", "min", 2, BifMin},
    {"erlang", "max", 2, BifMax},
    {"erlang", "not", 1, BifNot},
    {"erlang", "and", 2, BooleanBif<And>},
    {"erlang", "or", 2, BooleanBif<Or>},
    {"erlang", "xor", 2, BooleanBif<Xor>},
    {"erlang", "byte_size", 1, BifByteSize},
    {"erlang", "bit_size", 1, BifBitSize},
    {"erlang", "size", 1, BifSize},
};

}  // namespace

std::span<const BifEntry> TypeBifs() {
  return kTypeBifs;
}

}  // namespace ling::vm
