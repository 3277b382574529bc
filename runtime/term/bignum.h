// Integers of any size: every operation of Erlang's integer arithmetic over
// small integers and bignums alike, with results in canonical form.
//
// Bignum layout: header(kPositiveBignum | kNegativeBignum, n) | limb_0 .. limb_{n-1}
// where the n 64-bit limbs hold the magnitude, least significant first, and
// the subtag holds the sign. Canonical form, which every function here
// returns and expects: limb_{n-1} != 0, and a value in kSmallMin..kSmallMax is
// always a small, never a bignum (so =:= on integers can compare words).
//
// Results go on the Heap passed in, which only its owning thread may use
// (see heap.h); reading integer terms follows the term's owner rule.
//
// Errors (absl::Status codes), which the caller turns into Erlang exceptions:
//   InvalidArgument    an operand is not an integer (the caller raises badarith
//                      or badarg, as the operation requires), a base outside
//                      2..36, text that is not an integer, division by zero
//                      (badarith);
//   ResourceExhausted  the result would need more than kMaxBignumLimbs limbs
//                      (system_limit, as BEAM raises for 1 bsl (1 bsl 25));
//   OutOfRange         an integer too large for a double (float/1 badarg,
//                      arithmetic badarith).
#ifndef LING_RUNTIME_TERM_BIGNUM_H_
#define LING_RUNTIME_TERM_BIGNUM_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling {

// BEAM's limit on 64-bit machines: 2^19 - 1 limbs (33,554,368 bits).
inline constexpr size_t kMaxBignumLimbs = (size_t{1} << 19) - 1;

inline bool IsBignum(Term t) {
  return IsBoxedOf(t, tag::Subtag::kPositiveBignum) || IsBoxedOf(t, tag::Subtag::kNegativeBignum);
}
inline bool IsInteger(Term t) {
  return IsSmall(t) || IsBignum(t);
}
inline bool IsNumber(Term t) {
  return IsInteger(t) || IsFloat(t);
}

// An integer as sign and magnitude, without copying a bignum's limbs; a small
// is seen as one limb (none for zero). Valid while the viewed term is.
// Copyable: a small's limb lives in the view, and magnitude() points to it
// afresh on each call, so a span from magnitude() must not outlive its view.
class IntegerView {
 public:
  // Precondition (checked, aborts): IsInteger(integer).
  explicit IntegerView(Term integer);
  // `magnitude` must be canonical (no most significant zero limb).
  IntegerView(bool negative, std::span<const uint64_t> magnitude);

  // Zero is never negative.
  bool negative() const { return negative_; }
  bool is_zero() const { return size_ == 0; }
  std::span<const uint64_t> magnitude() const {
    return {limbs_ != nullptr ? limbs_ : &small_, size_};
  }
  IntegerView Negated() const;

 private:
  const uint64_t* limbs_ = nullptr;  // nullptr: the magnitude is small_
  uint64_t small_ = 0;
  size_t size_ = 0;
  bool negative_ = false;
};

// ---- construction -------------------------------------------------------------
// A small when the value fits one, else a bignum.
Term MakeInteger(TermAllocator& heap, int64_t value);
Term MakeUnsignedInteger(TermAllocator& heap, uint64_t value);
// From a sign and a magnitude that may have most significant zero limbs.
// ResourceExhausted past kMaxBignumLimbs significant limbs.
absl::StatusOr<Term> MakeIntegerFromLimbs(TermAllocator& heap, bool negative,
                                          std::span<const uint64_t> magnitude);
// The same from the bytes of the magnitude, least significant first (the
// external format's big-integer digits).
absl::StatusOr<Term> MakeIntegerFromBytes(TermAllocator& heap, bool negative,
                                          std::span<const uint8_t> magnitude);
// The value if it fits an int64_t; nullopt for larger values and non-integers.
std::optional<int64_t> IntegerToInt64(Term t);

// ---- arithmetic -----------------------------------------------------------------
absl::StatusOr<Term> IntegerAdd(TermAllocator& heap, Term a, Term b);
absl::StatusOr<Term> IntegerSub(TermAllocator& heap, Term a, Term b);
absl::StatusOr<Term> IntegerMul(TermAllocator& heap, Term a, Term b);
// Erlang's div and rem: the quotient truncated toward zero, the remainder
// with the dividend's sign. InvalidArgument (badarith) for a zero divisor.
absl::StatusOr<Term> IntegerDiv(TermAllocator& heap, Term a, Term b);
absl::StatusOr<Term> IntegerRem(TermAllocator& heap, Term a, Term b);
absl::StatusOr<Term> IntegerNegate(TermAllocator& heap, Term a);
absl::StatusOr<Term> IntegerAbs(TermAllocator& heap, Term a);
// <0, 0, >0. Precondition (checked, aborts): both are integers.
int IntegerCompare(Term a, Term b);

// ---- bitwise: two's complement semantics for negatives, as in Erlang -----------
absl::StatusOr<Term> IntegerBand(TermAllocator& heap, Term a, Term b);
absl::StatusOr<Term> IntegerBor(TermAllocator& heap, Term a, Term b);
absl::StatusOr<Term> IntegerBxor(TermAllocator& heap, Term a, Term b);
absl::StatusOr<Term> IntegerBnot(TermAllocator& heap, Term a);
// Arithmetic shifts by any integer amount (a negative one shifts the other
// way); shifting right rounds toward negative infinity (-5 bsr 1 == -3).
absl::StatusOr<Term> IntegerBsl(TermAllocator& heap, Term a, Term shift);
absl::StatusOr<Term> IntegerBsr(TermAllocator& heap, Term a, Term shift);

// ---- floats -----------------------------------------------------------------------
// float/1 as BEAM computes it: limb by limb from the most significant, each
// step rounded, so a result can differ from the correctly rounded value in
// the last bit exactly where BEAM's does. OutOfRange when not finite.
absl::StatusOr<double> IntegerToDouble(Term integer);
// trunc/1 of a float. InvalidArgument for NaN and infinities.
absl::StatusOr<Term> IntegerFromDouble(TermAllocator& heap, double value);
// Exact comparison of an integer with a finite double (1 bsl 64 > 1.8e19 is
// decided on the exact values, not on a rounded conversion).
// Precondition (checked, aborts): IsInteger(integer), value finite.
int CompareIntegerWithDouble(Term integer, double value);

// ---- text ---------------------------------------------------------------------------
// integer_to_list/2: digits in `base` (2..36), uppercase letters, '-' sign.
absl::StatusOr<std::string> IntegerToText(Term integer, int base);
// list_to_integer/2: an optional '+' or '-', then one or more digits of
// `base` (letters in either case); nothing else, no spaces.
absl::StatusOr<Term> IntegerFromText(TermAllocator& heap, std::string_view text, int base);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_BIGNUM_H_
