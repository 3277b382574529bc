#include "runtime/term/bignum.h"

#include <gmp.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "runtime/base/check.h"

namespace ling {
namespace {

// GMP's mpn_* functions work on the heap's limbs directly.
static_assert(std::is_same_v<mp_limb_t, uint64_t> && GMP_NUMB_BITS == 64,
              "bignum limbs are GMP limbs without nails");

// Scratch magnitudes; most results fit inline.
using Limbs = absl::InlinedVector<uint64_t, 8>;

constexpr int kLimbBits = 64;
constexpr uint64_t kMaxNegativeSmallMagnitude = uint64_t{1} << 59;  // -kSmallMin

absl::Status NotAnInteger() {
  return absl::InvalidArgumentError("not an integer");
}
absl::Status TooLarge() {
  return absl::ResourceExhaustedError("system_limit: integer too large");
}

size_t SignificantSize(std::span<const uint64_t> m) {
  size_t n = m.size();
  while (n > 0 && m[n - 1] == 0)
    --n;
  return n;
}

// Precondition: canonical magnitude that does not fit a small.
Term WriteBignum(TermAllocator& heap, bool negative, std::span<const uint64_t> m) {
  uint64_t* p = heap.Allocate(1 + m.size());
  p[0] =
      MakeHeader(negative ? tag::Subtag::kNegativeBignum : tag::Subtag::kPositiveBignum, m.size());
  std::memcpy(p + 1, m.data(), m.size() * sizeof(uint64_t));
  return MakeBoxed(p);
}

int CompareMagnitudes(std::span<const uint64_t> a, std::span<const uint64_t> b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  if (a.empty()) return 0;
  int c = mpn_cmp(a.data(), b.data(), static_cast<mp_size_t>(a.size()));
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int CompareViews(const IntegerView& a, const IntegerView& b) {
  if (a.negative() != b.negative()) return a.negative() ? -1 : 1;
  int c = CompareMagnitudes(a.magnitude(), b.magnitude());
  return a.negative() ? -c : c;
}

absl::StatusOr<Term> Add(TermAllocator& heap, const IntegerView& a, const IntegerView& b) {
  if (b.is_zero()) return MakeIntegerFromLimbs(heap, a.negative(), a.magnitude());
  if (a.is_zero()) return MakeIntegerFromLimbs(heap, b.negative(), b.magnitude());
  std::span<const uint64_t> x = a.magnitude(), y = b.magnitude();
  bool negative = a.negative();
  if (a.negative() == b.negative()) {
    if (x.size() < y.size()) std::swap(x, y);
    Limbs r(x.size() + 1);
    r.back() = mpn_add(r.data(), x.data(), static_cast<mp_size_t>(x.size()), y.data(),
                       static_cast<mp_size_t>(y.size()));
    return MakeIntegerFromLimbs(heap, negative, r);
  }
  // Opposite signs: the smaller magnitude comes off the larger, whose sign wins.
  int c = CompareMagnitudes(x, y);
  if (c == 0) return MakeSmall(0);
  if (c < 0) {
    std::swap(x, y);
    negative = b.negative();
  }
  Limbs r(x.size());
  mpn_sub(r.data(), x.data(), static_cast<mp_size_t>(x.size()), y.data(),
          static_cast<mp_size_t>(y.size()));
  return MakeIntegerFromLimbs(heap, negative, r);
}

// Truncating division of magnitudes; the caller applies the signs.
absl::Status DivideMagnitudes(std::span<const uint64_t> x, std::span<const uint64_t> y,
                              Limbs& quotient, Limbs& remainder) {
  if (y.empty()) return absl::InvalidArgumentError("badarith: division by zero");
  if (CompareMagnitudes(x, y) < 0) {
    quotient.clear();
    remainder.assign(x.begin(), x.end());
    return absl::OkStatus();
  }
  quotient.resize(x.size() - y.size() + 1);
  remainder.resize(y.size());
  mpn_tdiv_qr(quotient.data(), remainder.data(), 0, x.data(), static_cast<mp_size_t>(x.size()),
              y.data(), static_cast<mp_size_t>(y.size()));
  return absl::OkStatus();
}

// ---- two's complement, for the bitwise operations ------------------------------

// `v` in `n` limbs of two's complement; n must exceed its magnitude's size so
// that the sign bit fits.
void ToTwosComplement(const IntegerView& v, Limbs& out, size_t n) {
  std::span<const uint64_t> m = v.magnitude();
  out.assign(n, 0);
  std::copy(m.begin(), m.end(), out.begin());
  if (v.negative()) mpn_neg(out.data(), out.data(), static_cast<mp_size_t>(n));
}

absl::StatusOr<Term> FromTwosComplement(TermAllocator& heap, Limbs& r) {
  bool negative = (r.back() >> (kLimbBits - 1)) != 0;
  if (negative) mpn_neg(r.data(), r.data(), static_cast<mp_size_t>(r.size()));
  return MakeIntegerFromLimbs(heap, negative, r);
}

using LimbwiseOp = void (*)(mp_ptr, mp_srcptr, mp_srcptr, mp_size_t);

absl::StatusOr<Term> Bitwise(TermAllocator& heap, Term a, Term b, LimbwiseOp op,
                             int64_t (*small_op)(int64_t, int64_t)) {
  if (BothSmall(a, b)) return MakeSmall(small_op(SmallValue(a), SmallValue(b)));
  if (!IsInteger(a) || !IsInteger(b)) return NotAnInteger();
  IntegerView x(a), y(b);
  size_t n = std::max(x.magnitude().size(), y.magnitude().size()) + 1;
  Limbs tx, ty, r(n);
  ToTwosComplement(x, tx, n);
  ToTwosComplement(y, ty, n);
  op(r.data(), tx.data(), ty.data(), static_cast<mp_size_t>(n));
  return FromTwosComplement(heap, r);
}

// ---- shifts ----------------------------------------------------------------------

absl::StatusOr<Term> ShiftLeft(TermAllocator& heap, const IntegerView& x, uint64_t bits) {
  std::span<const uint64_t> m = x.magnitude();
  uint64_t limb_shift = bits / kLimbBits;
  unsigned bit_shift = bits % kLimbBits;
  // The result has at least m.size() + limb_shift significant limbs: refuse
  // before allocating them.
  if (limb_shift >= kMaxBignumLimbs || m.size() + limb_shift > kMaxBignumLimbs) {
    return TooLarge();
  }
  Limbs r(m.size() + limb_shift + 1, 0);
  if (bit_shift != 0) {
    r.back() =
        mpn_lshift(r.data() + limb_shift, m.data(), static_cast<mp_size_t>(m.size()), bit_shift);
  } else {
    std::copy(m.begin(), m.end(), r.begin() + limb_shift);
  }
  return MakeIntegerFromLimbs(heap, x.negative(), r);
}

// Floor division by 2^bits: for a negative value the magnitude rounds up
// when any bit shifted out was set.
absl::StatusOr<Term> ShiftRight(TermAllocator& heap, const IntegerView& x, uint64_t bits) {
  std::span<const uint64_t> m = x.magnitude();
  uint64_t limb_shift = bits / kLimbBits;
  unsigned bit_shift = bits % kLimbBits;
  if (limb_shift >= m.size()) return MakeSmall(x.negative() ? -1 : 0);
  size_t n = m.size() - limb_shift;
  Limbs r(n + 1, 0);
  bool lost = std::any_of(m.begin(), m.begin() + limb_shift, [](uint64_t l) { return l != 0; });
  if (bit_shift != 0) {
    lost |= mpn_rshift(r.data(), m.data() + limb_shift, static_cast<mp_size_t>(n), bit_shift) != 0;
  } else {
    std::copy(m.begin() + limb_shift, m.end(), r.begin());
  }
  if (x.negative() && lost) mpn_add_1(r.data(), r.data(), static_cast<mp_size_t>(n + 1), 1);
  return MakeIntegerFromLimbs(heap, x.negative(), r);
}

absl::StatusOr<Term> Shift(TermAllocator& heap, Term a, Term shift, bool left) {
  if (BothSmall(a, shift)) {
    int64_t value = SmallValue(a), by = SmallValue(shift);
    if (!left) by = -by;  // by > 0 shifts left
    // Right: an arithmetic shift rounds toward negative infinity, as bsr.
    if (by <= 0) return MakeSmall(value >> std::min<int64_t>(-by, 63));
    // Left, while the result keeps its sign bit in an int64_t.
    if (by < 64 && __builtin_clrsbll(value) >= by) return MakeInteger(heap, value << by);
  }
  if (!IsInteger(a) || !IsInteger(shift)) return NotAnInteger();
  IntegerView x(a), s(shift);
  if (x.is_zero() || s.is_zero()) return a;
  // A shift of two limbs or more is beyond any result: saturate.
  uint64_t bits =
      s.magnitude().size() == 1 ? s.magnitude()[0] : std::numeric_limits<uint64_t>::max();
  return left != s.negative() ? ShiftLeft(heap, x, bits) : ShiftRight(heap, x, bits);
}

// ---- floats --------------------------------------------------------------------------

// Limbs enough for the magnitude of any finite double (< 2^1024).
constexpr size_t kDoubleLimbs = 1024 / kLimbBits + 1;

// The magnitude of trunc(value), exact. Returns its significant size.
size_t TruncatedMagnitude(double value, uint64_t (&out)[kDoubleLimbs]) {
  std::fill(std::begin(out), std::end(out), 0);
  int exponent;
  double fraction = std::frexp(std::fabs(std::trunc(value)), &exponent);  // in [0.5, 1)
  auto mantissa = static_cast<uint64_t>(std::ldexp(fraction, 53));
  int shift = exponent - 53;
  if (shift <= 0) {
    out[0] = shift <= -64 ? 0 : mantissa >> -shift;  // exact: the value is integral
  } else {
    size_t limb = shift / kLimbBits;
    int bit = shift % kLimbBits;
    out[limb] = mantissa << bit;
    out[limb + 1] = bit == 0 ? 0 : mantissa >> (kLimbBits - bit);
  }
  return SignificantSize(out);
}

// ---- text ------------------------------------------------------------------------------

bool ValidBase(int base) {
  return base >= 2 && base <= 36;
}

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

}  // namespace

// ---- IntegerView -------------------------------------------------------------------

IntegerView::IntegerView(Term integer) {
  if (IsSmall(integer)) {
    int64_t v = SmallValue(integer);
    negative_ = v < 0;
    small_ = negative_ ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    size_ = v != 0 ? 1 : 0;
    return;
  }
  LING_CHECK(IsBignum(integer)) << "not an integer: " << integer.raw();
  const uint64_t* p = BoxedPointer(integer);
  limbs_ = p + 1;
  size_ = HeaderArity(p[0]);
  negative_ = HeaderSubtag(p[0]) == tag::Subtag::kNegativeBignum;
}

IntegerView::IntegerView(bool negative, std::span<const uint64_t> magnitude)
    : limbs_(magnitude.data()), size_(magnitude.size()), negative_(negative && !magnitude.empty()) {
  if (limbs_ == nullptr) size_ = 0;
}

IntegerView IntegerView::Negated() const {
  IntegerView v = *this;
  v.negative_ = !negative_ && size_ != 0;
  return v;
}

// ---- construction ------------------------------------------------------------------

Term MakeInteger(TermAllocator& heap, int64_t value) {
  if (FitsSmall(value)) return MakeSmall(value);
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  return WriteBignum(heap, value < 0, {&magnitude, 1});
}

Term MakeUnsignedInteger(TermAllocator& heap, uint64_t value) {
  if (value <= static_cast<uint64_t>(kSmallMax)) return MakeSmall(static_cast<int64_t>(value));
  return WriteBignum(heap, false, {&value, 1});
}

absl::StatusOr<Term> MakeIntegerFromLimbs(TermAllocator& heap, bool negative,
                                          std::span<const uint64_t> magnitude) {
  size_t n = SignificantSize(magnitude);
  if (n == 0) return MakeSmall(0);
  if (n == 1) {
    uint64_t m = magnitude[0];
    if (!negative && m <= static_cast<uint64_t>(kSmallMax)) {
      return MakeSmall(static_cast<int64_t>(m));
    }
    if (negative && m <= kMaxNegativeSmallMagnitude) return MakeSmall(-static_cast<int64_t>(m));
  }
  if (n > kMaxBignumLimbs) return TooLarge();
  return WriteBignum(heap, negative, magnitude.first(n));
}

absl::StatusOr<Term> MakeIntegerFromBytes(TermAllocator& heap, bool negative,
                                          std::span<const uint8_t> magnitude) {
  std::vector<uint64_t> limbs((magnitude.size() + 7) / 8, 0);
  for (size_t i = 0; i < magnitude.size(); ++i)
    limbs[i / 8] |= uint64_t{magnitude[i]} << (8 * (i % 8));
  return MakeIntegerFromLimbs(heap, negative, limbs);
}

std::optional<int64_t> IntegerToInt64(Term t) {
  if (IsSmall(t)) return SmallValue(t);
  if (!IsBignum(t)) return std::nullopt;
  IntegerView v(t);
  std::span<const uint64_t> m = v.magnitude();
  uint64_t limit = v.negative() ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (m.size() != 1 || m[0] > limit) return std::nullopt;
  return v.negative() ? static_cast<int64_t>(0 - m[0]) : static_cast<int64_t>(m[0]);
}

// ---- arithmetic ----------------------------------------------------------------------
// Two smalls go first, on machine words: their values have 60 bits, so a
// sum, a difference, a quotient, a remainder or a bitwise result fits an
// int64_t (MakeInteger makes a bignum of a sum past the small range); a
// product or a left shift is checked.

absl::StatusOr<Term> IntegerAdd(TermAllocator& heap, Term a, Term b) {
  if (BothSmall(a, b)) return MakeInteger(heap, SmallValue(a) + SmallValue(b));
  if (!IsInteger(a) || !IsInteger(b)) return NotAnInteger();
  return Add(heap, IntegerView(a), IntegerView(b));
}

absl::StatusOr<Term> IntegerSub(TermAllocator& heap, Term a, Term b) {
  if (BothSmall(a, b)) return MakeInteger(heap, SmallValue(a) - SmallValue(b));
  if (!IsInteger(a) || !IsInteger(b)) return NotAnInteger();
  return Add(heap, IntegerView(a), IntegerView(b).Negated());
}

absl::StatusOr<Term> IntegerMul(TermAllocator& heap, Term a, Term b) {
  if (int64_t product;
      BothSmall(a, b) && !__builtin_mul_overflow(SmallValue(a), SmallValue(b), &product)) {
    return MakeInteger(heap, product);
  }
  if (!IsInteger(a) || !IsInteger(b)) return NotAnInteger();
  IntegerView x(a), y(b);
  std::span<const uint64_t> m = x.magnitude(), n = y.magnitude();
  if (m.empty() || n.empty()) return MakeSmall(0);
  // The product has at least m + n - 1 significant limbs.
  if (m.size() + n.size() - 1 > kMaxBignumLimbs) return TooLarge();
  if (m.size() < n.size()) std::swap(m, n);
  Limbs r(m.size() + n.size());
  mpn_mul(r.data(), m.data(), static_cast<mp_size_t>(m.size()), n.data(),
          static_cast<mp_size_t>(n.size()));
  return MakeIntegerFromLimbs(heap, x.negative() != y.negative(), r);
}

absl::StatusOr<Term> IntegerDiv(TermAllocator& heap, Term a, Term b) {
  if (BothSmall(a, b) && b != MakeSmall(0)) return MakeInteger(heap, SmallValue(a) / SmallValue(b));
  if (!IsInteger(a) || !IsInteger(b)) return NotAnInteger();
  IntegerView x(a), y(b);
  Limbs quotient, remainder;
  absl::Status s = DivideMagnitudes(x.magnitude(), y.magnitude(), quotient, remainder);
  if (!s.ok()) return s;
  return MakeIntegerFromLimbs(heap, x.negative() != y.negative(), quotient);
}

absl::StatusOr<Term> IntegerRem(TermAllocator& heap, Term a, Term b) {
  if (BothSmall(a, b) && b != MakeSmall(0)) return MakeSmall(SmallValue(a) % SmallValue(b));
  if (!IsInteger(a) || !IsInteger(b)) return NotAnInteger();
  IntegerView x(a), y(b);
  Limbs quotient, remainder;
  absl::Status s = DivideMagnitudes(x.magnitude(), y.magnitude(), quotient, remainder);
  if (!s.ok()) return s;
  return MakeIntegerFromLimbs(heap, x.negative(), remainder);
}

absl::StatusOr<Term> IntegerNegate(TermAllocator& heap, Term a) {
  if (!IsInteger(a)) return NotAnInteger();
  IntegerView x(a);
  return MakeIntegerFromLimbs(heap, !x.negative(), x.magnitude());
}

absl::StatusOr<Term> IntegerAbs(TermAllocator& heap, Term a) {
  if (!IsInteger(a)) return NotAnInteger();
  IntegerView x(a);
  if (!x.negative()) return a;
  return MakeIntegerFromLimbs(heap, false, x.magnitude());
}

int IntegerCompare(Term a, Term b) {
  return CompareViews(IntegerView(a), IntegerView(b));
}

// ---- bitwise -----------------------------------------------------------------------------

absl::StatusOr<Term> IntegerBand(TermAllocator& heap, Term a, Term b) {
  return Bitwise(heap, a, b, mpn_and_n, [](int64_t x, int64_t y) { return x & y; });
}

absl::StatusOr<Term> IntegerBor(TermAllocator& heap, Term a, Term b) {
  return Bitwise(heap, a, b, mpn_ior_n, [](int64_t x, int64_t y) { return x | y; });
}

absl::StatusOr<Term> IntegerBxor(TermAllocator& heap, Term a, Term b) {
  return Bitwise(heap, a, b, mpn_xor_n, [](int64_t x, int64_t y) { return x ^ y; });
}

// bnot X == -X - 1.
absl::StatusOr<Term> IntegerBnot(TermAllocator& heap, Term a) {
  if (!IsInteger(a)) return NotAnInteger();
  static constexpr uint64_t kOne = 1;
  return Add(heap, IntegerView(a).Negated(), IntegerView(true, {&kOne, 1}));
}

absl::StatusOr<Term> IntegerBsl(TermAllocator& heap, Term a, Term shift) {
  return Shift(heap, a, shift, /*left=*/true);
}

absl::StatusOr<Term> IntegerBsr(TermAllocator& heap, Term a, Term shift) {
  return Shift(heap, a, shift, /*left=*/false);
}

// ---- floats --------------------------------------------------------------------------------

absl::StatusOr<double> IntegerToDouble(Term integer) {
  if (!IsInteger(integer)) return NotAnInteger();
  IntegerView v(integer);
  std::span<const uint64_t> m = v.magnitude();
  double d = 0.0;
  for (size_t i = m.size(); i > 0; --i) {
    d = d * 0x1p64 + static_cast<double>(m[i - 1]);
    if (!std::isfinite(d)) return absl::OutOfRangeError("integer too large for a float");
  }
  return v.negative() ? -d : d;
}

absl::StatusOr<Term> IntegerFromDouble(TermAllocator& heap, double value) {
  if (!std::isfinite(value)) return absl::InvalidArgumentError("float is not finite");
  uint64_t limbs[kDoubleLimbs];
  size_t n = TruncatedMagnitude(value, limbs);
  return MakeIntegerFromLimbs(heap, value < 0, std::span<const uint64_t>(limbs, n));
}

int CompareIntegerWithDouble(Term integer, double value) {
  LING_CHECK(std::isfinite(value)) << "Erlang floats are finite";
  uint64_t limbs[kDoubleLimbs];
  size_t n = TruncatedMagnitude(value, limbs);
  double truncated = std::trunc(value);
  int c = CompareViews(IntegerView(integer), IntegerView(value < 0, {limbs, n}));
  if (c != 0) return c;
  // Equal integer parts: the float's fraction decides.
  return value > truncated ? -1 : (value < truncated ? 1 : 0);
}

// ---- text ------------------------------------------------------------------------------------

absl::StatusOr<std::string> IntegerToText(Term integer, int base) {
  if (!IsInteger(integer)) return NotAnInteger();
  if (!ValidBase(base)) return absl::InvalidArgumentError("base must be 2..36");
  IntegerView v(integer);
  if (v.is_zero()) return std::string("0");
  std::span<const uint64_t> m = v.magnitude();
  // mpn_get_str clobbers its input; it needs room for the most digits that
  // many limbs can have, plus one.
  Limbs scratch(m.begin(), m.end());
  size_t bits_per_digit = std::bit_width(static_cast<unsigned>(base)) - 1;  // floor(log2)
  std::vector<unsigned char> digits(m.size() * kLimbBits / bits_per_digit + 2);
  size_t n = mpn_get_str(digits.data(), base, scratch.data(), static_cast<mp_size_t>(m.size()));
  size_t first = 0;
  while (first + 1 < n && digits[first] == 0)
    ++first;
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string text = v.negative() ? "-" : "";
  text.reserve(text.size() + n - first);
  for (size_t i = first; i < n; ++i)
    text += kDigits[digits[i]];
  return text;
}

absl::StatusOr<Term> IntegerFromText(TermAllocator& heap, std::string_view text, int base) {
  if (!ValidBase(base)) return absl::InvalidArgumentError("base must be 2..36");
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return absl::InvalidArgumentError("no digits");
  std::vector<unsigned char> digits;
  digits.reserve(text.size());
  for (char c : text) {
    int d = DigitValue(c);
    if (d >= base) return absl::InvalidArgumentError("not a digit of the base");
    if (d != 0 || !digits.empty()) digits.push_back(static_cast<unsigned char>(d));
  }
  if (digits.empty()) return MakeSmall(0);
  // The value is at least base^(digits - 1) >= 2^(floor(log2 base) * (digits - 1)).
  size_t floor_log2 = std::bit_width(static_cast<unsigned>(base)) - 1;
  if (floor_log2 * (digits.size() - 1) >= kMaxBignumLimbs * kLimbBits) return TooLarge();
  // mpn_set_str wants room for the largest value of that many digits, plus a limb.
  size_t ceil_log2 = std::bit_width(static_cast<unsigned>(base - 1));
  Limbs r(digits.size() * ceil_log2 / kLimbBits + 2);
  mp_size_t n = mpn_set_str(r.data(), digits.data(), digits.size(), base);
  return MakeIntegerFromLimbs(heap, negative, std::span<const uint64_t>(r.data(), n));
}

}  // namespace ling
