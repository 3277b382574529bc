// The math module's native functions: C's, on doubles. A non-number
// argument is badarg; an integer too large for a double, or a result that
// is not a finite number (log(0), sqrt(-1), fmod(1, 0)), badarith.
#include <cmath>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"

namespace ling::vm {
namespace {

template <double (*kF)(double)>
Term Math1(BifContext& ctx, const Term* args) {
  if (!IsNumber(args[0])) return ctx.Fail(atoms::kBadarg);
  absl::StatusOr<double> x = AsDouble(args[0]);
  if (!x.ok()) return ctx.Fail(atoms::kBadarith);
  return FloatResult(ctx, kF(*x));
}

template <double (*kF)(double, double)>
Term Math2(BifContext& ctx, const Term* args) {
  if (!IsNumber(args[0]) || !IsNumber(args[1])) return ctx.Fail(atoms::kBadarg);
  absl::StatusOr<double> x = AsDouble(args[0]), y = AsDouble(args[1]);
  if (!x.ok() || !y.ok()) return ctx.Fail(atoms::kBadarith);
  return FloatResult(ctx, kF(*x, *y));
}

// The <cmath> overloads, as plain functions to take the address of.
#define LING_MATH1(name)  \
  double name(double x) { \
    return std::name(x);  \
  }
#define LING_MATH2(name)            \
  double name(double x, double y) { \
    return std::name(x, y);         \
  }
LING_MATH1(acos)
LING_MATH1(acosh)
LING_MATH1(asin)
LING_MATH1(asinh)
LING_MATH1(atan)
LING_MATH1(atanh)
LING_MATH1(ceil)
LING_MATH1(cos)
LING_MATH1(cosh)
LING_MATH1(erf)
LING_MATH1(erfc)
LING_MATH1(exp)
LING_MATH1(floor)
LING_MATH1(log)
LING_MATH1(log10)
LING_MATH1(log2)
LING_MATH1(sin)
LING_MATH1(sinh)
LING_MATH1(sqrt)
LING_MATH1(tan)
LING_MATH1(tanh)
LING_MATH2(atan2)
LING_MATH2(fmod)
LING_MATH2(pow)
#undef LING_MATH1
#undef LING_MATH2

constexpr BifEntry kMathBifs[] = {
    {"math", "acos", 1, Math1<acos>},   {"math", "acosh", 1, Math1<acosh>},
    {"math", "asin", 1, Math1<asin>},   {"math", "asinh", 1, Math1<asinh>},
    {"math", "atan", 1, Math1<atan>},   {"math", "atanh", 1, Math1<atanh>},
    {"math", "ceil", 1, Math1<ceil>},   {"math", "cos", 1, Math1<cos>},
    {"math", "cosh", 1, Math1<cosh>},   {"math", "erf", 1, Math1<erf>},
    {"math", "erfc", 1, Math1<erfc>},   {"math", "exp", 1, Math1<exp>},
    {"math", "floor", 1, Math1<floor>}, {"math", "log", 1, Math1<log>},
    {"math", "log10", 1, Math1<log10>}, {"math", "log2", 1, Math1<log2>},
    {"math", "sin", 1, Math1<sin>},     {"math", "sinh", 1, Math1<sinh>},
    {"math", "sqrt", 1, Math1<sqrt>},   {"math", "tan", 1, Math1<tan>},
    {"math", "tanh", 1, Math1<tanh>},   {"math", "atan2", 2, Math2<atan2>},
    {"math", "fmod", 2, Math2<fmod>},   {"math", "pow", 2, Math2<pow>},
};

}  // namespace

std::span<const BifEntry> MathBifs() {
  return kMathBifs;
}

}  // namespace ling::vm
