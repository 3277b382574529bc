#include "runtime/term/bignum.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "runtime/term/atoms.h"
#include "runtime/term/build.h"

namespace ling {
namespace {

// Canonical form: a bignum's top limb is set and its value does not fit a small.
void ExpectCanonical(Term t) {
  ASSERT_TRUE(IsInteger(t));
  if (IsSmall(t)) return;
  IntegerView v(t);
  ASSERT_FALSE(v.magnitude().empty());
  EXPECT_NE(v.magnitude().back(), 0u);
  std::optional<int64_t> value = IntegerToInt64(t);
  EXPECT_FALSE(value.has_value() && FitsSmall(*value)) << *value;
}

Term Parse(Heap& h, std::string_view text) {
  absl::StatusOr<Term> t = IntegerFromText(h, text, 10);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : kNonValue;
}

// The decimal text of a result, or its error.
std::string Text(const absl::StatusOr<Term>& t) {
  if (!t.ok()) return t.status().ToString();
  ExpectCanonical(*t);
  return *IntegerToText(*t, 10);
}

TEST(Bignum, SmallsStaySmallAndLargerValuesAreBignums) {
  Heap h;
  for (int64_t v : {int64_t{0}, int64_t{-1}, kSmallMax, kSmallMin}) {
    EXPECT_EQ(MakeInteger(h, v), MakeSmall(v));
    EXPECT_EQ(IntegerToInt64(MakeInteger(h, v)), v);
  }
  for (int64_t v : {kSmallMax + 1, kSmallMin - 1, std::numeric_limits<int64_t>::max(),
                    std::numeric_limits<int64_t>::min()}) {
    Term t = MakeInteger(h, v);
    EXPECT_TRUE(IsBignum(t)) << v;
    ExpectCanonical(t);
    EXPECT_EQ(IntegerToInt64(t), v);
    EXPECT_EQ(*IntegerToText(t, 10), std::to_string(v));
  }
  EXPECT_EQ(MakeUnsignedInteger(h, 7), MakeSmall(7));
  Term max = MakeUnsignedInteger(h, std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(*IntegerToText(max, 10), "18446744073709551615");
  EXPECT_EQ(IntegerToInt64(max), std::nullopt);
  EXPECT_EQ(IntegerToInt64(atoms::kOk), std::nullopt);
  // The classic build.h constructor still refuses what needs a bignum.
  EXPECT_EQ(MakeInteger(kSmallMax + 1).status().code(), absl::StatusCode::kOutOfRange);
}

TEST(Bignum, ViewsSeeSmallsAsOneLimb) {
  IntegerView min(MakeSmall(kSmallMin));
  EXPECT_TRUE(min.negative());
  ASSERT_EQ(min.magnitude().size(), 1u);
  EXPECT_EQ(min.magnitude()[0], uint64_t{1} << 59);
  IntegerView copy = min.Negated();
  EXPECT_FALSE(copy.negative());
  EXPECT_EQ(copy.magnitude()[0], uint64_t{1} << 59);  // points into the copy
  EXPECT_TRUE(IntegerView(MakeSmall(0)).is_zero());
  EXPECT_FALSE(IntegerView(MakeSmall(0)).Negated().negative());
}

TEST(Bignum, LimbsAreNormalised) {
  Heap h;
  std::vector<uint64_t> five = {5, 0, 0};
  EXPECT_EQ(*MakeIntegerFromLimbs(h, false, five), MakeSmall(5));
  EXPECT_EQ(*MakeIntegerFromLimbs(h, true, five), MakeSmall(-5));
  EXPECT_EQ(*MakeIntegerFromLimbs(h, true, std::vector<uint64_t>{0, 0}), MakeSmall(0));
  EXPECT_EQ(*MakeIntegerFromLimbs(h, true, {}), MakeSmall(0));
  std::vector<uint64_t> two59 = {uint64_t{1} << 59, 0};
  EXPECT_EQ(*MakeIntegerFromLimbs(h, true, two59), MakeSmall(kSmallMin));
  Term positive = *MakeIntegerFromLimbs(h, false, two59);
  EXPECT_TRUE(IsBignum(positive));
  EXPECT_EQ(HeaderArity(*BoxedPointer(positive)), 1u);
  Term two_limbs = *MakeIntegerFromLimbs(h, true, std::vector<uint64_t>{0, 1, 0});
  EXPECT_EQ(HeaderArity(*BoxedPointer(two_limbs)), 2u);
  EXPECT_TRUE(IsBoxedOf(two_limbs, tag::Subtag::kNegativeBignum));
  EXPECT_EQ(*IntegerToText(two_limbs, 10), "-18446744073709551616");
  std::vector<uint64_t> too_many(kMaxBignumLimbs + 1, 1);
  EXPECT_EQ(MakeIntegerFromLimbs(h, false, too_many).status().code(),
            absl::StatusCode::kResourceExhausted);
  too_many.back() = 0;
  EXPECT_TRUE(MakeIntegerFromLimbs(h, false, too_many).ok());
}

// Expected values: erl -noshell -eval (OTP 25).
constexpr char kFactorial100[] =
    "93326215443944152681699238856266700490715968264381621468592963895217599993229915608941463976"
    "156518286253697920827223758251185210916864000000000000000000000000";

TEST(Bignum, FactorialOf100) {
  Heap h;
  Term f = MakeSmall(1);
  for (int i = 1; i <= 100; ++i)
    f = *IntegerMul(h, f, MakeSmall(i));
  EXPECT_EQ(Text(f), kFactorial100);
  EXPECT_EQ(IntegerCompare(f, Parse(h, kFactorial100)), 0);
  for (int i = 100; i >= 1; --i) {
    EXPECT_EQ(*IntegerRem(h, f, MakeSmall(i)), MakeSmall(0));
    f = *IntegerDiv(h, f, MakeSmall(i));
  }
  EXPECT_EQ(f, MakeSmall(1));  // back to a small
}

TEST(Bignum, TwoToThe200MinusOneInSeveralBases) {
  Heap h;
  Term p = *IntegerSub(h, *IntegerBsl(h, MakeSmall(1), MakeSmall(200)), MakeSmall(1));
  EXPECT_EQ(Text(p), "1606938044258990275541962092341162602522202993782792835301375");
  EXPECT_EQ(*IntegerToText(p, 16), std::string(50, 'F'));
  EXPECT_EQ(*IntegerToText(p, 2), std::string(200, '1'));
  EXPECT_EQ(*IntegerToText(p, 36), "BNKLG118COMHA6GQURY14067GUR54N8WON6GUF3");
  Term n = *IntegerNegate(h, p);
  EXPECT_EQ(*IntegerToText(n, 7),
            "-1412460665336326432132323440506060530614434460065443616321026305553430"
            "53");
  for (int base = 2; base <= 36; ++base) {
    for (Term t : {p, n}) {
      std::string text = *IntegerToText(t, base);
      EXPECT_EQ(IntegerCompare(*IntegerFromText(h, text, base), t), 0) << base << " " << text;
    }
  }
  EXPECT_EQ(IntegerCompare(*IntegerFromText(h, "bnklg118comha6gqury14067gur54n8won6guf3", 36), p),
            0);
}

TEST(Bignum, TextEdgeCases) {
  Heap h;
  EXPECT_EQ(*IntegerFromText(h, "+12", 10), MakeSmall(12));
  EXPECT_EQ(*IntegerFromText(h, "-ff", 16), MakeSmall(-255));
  EXPECT_EQ(*IntegerFromText(h, "zz", 36), MakeSmall(1295));
  EXPECT_EQ(*IntegerFromText(h, "-000", 10), MakeSmall(0));
  EXPECT_EQ(*IntegerFromText(h, "0000000000000000000000000000000000042", 10), MakeSmall(42));
  EXPECT_EQ(*IntegerToText(MakeSmall(-255), 16), "-FF");
  EXPECT_EQ(*IntegerToText(MakeSmall(0), 2), "0");
  EXPECT_EQ(*IntegerToText(MakeSmall(kSmallMin), 10), "-576460752303423488");
  for (std::string_view bad : {"", "-", "+", " 1", "1 ", "1a", "--1", "+-1", "1.0"}) {
    EXPECT_EQ(IntegerFromText(h, bad, 10).status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_EQ(IntegerFromText(h, "2", 2).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(IntegerFromText(h, "1", 1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(IntegerFromText(h, "1", 37).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(IntegerToText(MakeSmall(1), 37).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(IntegerToText(atoms::kOk, 10).status().code(), absl::StatusCode::kInvalidArgument);
  // About 2^(3 * 12M) is past the limit: refused before converting anything.
  EXPECT_EQ(IntegerFromText(h, std::string(12000000, '9'), 10).status().code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(Bignum, AdditionAndSubtractionNormalise) {
  Heap h;
  Term over = *IntegerAdd(h, MakeSmall(kSmallMax), MakeSmall(1));
  EXPECT_TRUE(IsBignum(over));
  EXPECT_EQ(*IntegerSub(h, over, MakeSmall(1)), MakeSmall(kSmallMax));
  Term under = *IntegerSub(h, MakeSmall(kSmallMin), MakeSmall(1));
  EXPECT_TRUE(IsBignum(under));
  EXPECT_EQ(*IntegerAdd(h, under, MakeSmall(1)), MakeSmall(kSmallMin));
  Term big = Parse(h, "1267650600228229401496703217721");
  EXPECT_EQ(*IntegerAdd(h, big, *IntegerNegate(h, big)), MakeSmall(0));
  EXPECT_EQ(Text(IntegerAdd(h, big, MakeSmall(-1267))), "1267650600228229401496703216454");
  EXPECT_EQ(Text(IntegerSub(h, MakeSmall(5), big)), "-1267650600228229401496703217716");
  EXPECT_EQ(Text(IntegerAdd(h, MakeSmall(0), big)), "1267650600228229401496703217721");
  // A carry into a new limb, and a borrow out of the top one.
  Term max64 = Parse(h, "18446744073709551615");
  EXPECT_EQ(Text(IntegerAdd(h, max64, MakeSmall(1))), "18446744073709551616");
  EXPECT_EQ(Text(IntegerSub(h, *IntegerAdd(h, max64, MakeSmall(1)), MakeSmall(1))),
            "18446744073709551615");
  EXPECT_EQ(Text(IntegerAbs(h, *IntegerNegate(h, big))), "1267650600228229401496703217721");
  EXPECT_EQ(*IntegerAbs(h, big), big);
  EXPECT_EQ(IntegerCompare(*IntegerNegate(h, MakeSmall(kSmallMin)), over), 0);
}

TEST(Bignum, MultiplicationSizes) {
  Heap h;
  Term big = Parse(h, "-1208925819614629174707175");
  EXPECT_EQ(*IntegerMul(h, big, MakeSmall(0)), MakeSmall(0));
  EXPECT_EQ(Text(IntegerMul(h, big, big)), "1461501637330902918206100266503873048746996480625");
  EXPECT_EQ(Text(IntegerMul(h, big, MakeSmall(-1))), "1208925819614629174707175");
  // Past the limit: refused before multiplying.
  Term huge = *IntegerBsl(h, MakeSmall(1), MakeSmall(20000000));
  EXPECT_EQ(IntegerMul(h, huge, huge).status().code(), absl::StatusCode::kResourceExhausted);
}

// Expected: A band B, A bor B, A bxor B from erl.
TEST(Bignum, BitwiseMatchesErlangForMixedSigns) {
  struct Case {
    const char *a, *b, *band, *bor, *bxor;
  } cases[] = {
      {"-1208925819614629174707175", "1267650600228229401496703217721",
       "1267650600228229401496703217689", "-1208925819614629174707143",
       "-1267651809154049016125877924832"},
      {"-1208925819614629174707175", "123456789", "123456529", "-1208925819614629174706915",
       "-1208925819614629298163444"},
      {"-1208925819614629174707175", "-987654321", "-1208925819614630162361335", "-161",
       "1208925819614630162361174"},
      {"-1208925819614629174707175", "-18446744073709551616", "-1208944266358702884257792", "-999",
       "1208944266358702884256793"},
      {"-1208925819614629174707175", "18446744073709551615", "18446744073709550617",
       "-1208925819614629174706177", "-1208944266358702884256794"},
      {"123456789", "1267650600228229401496703217721", "17", "1267650600228229401496826674493",
       "1267650600228229401496826674476"},
      {"123456789", "18446744073709551615", "123456789", "18446744073709551615",
       "18446744073586094826"},
      {"-987654321", "1267650600228229401496703217721", "1267650600228229401496703209481",
       "-987646081", "-1267650600228229401497690855562"},
      {"-987654321", "123456789", "83985669", "-948183201", "-1032168870"},
      {"-987654321", "18446744073709551615", "18446744072721897295", "-1", "-18446744072721897296"},
      {"-18446744073709551616", "1267650600228229401496703217721",
       "1267650600228229401496703205376", "-18446744073709539271",
       "-1267650600246676145570412744647"},
      {"-18446744073709551616", "123456789", "0", "-18446744073586094827", "-18446744073586094827"},
      {"-18446744073709551616", "-987654321", "-18446744073709551616", "-987654321",
       "18446744072721897295"},
      {"-18446744073709551616", "18446744073709551615", "0", "-1", "-1"},
      {"18446744073709551615", "1267650600228229401496703217721", "12345",
       "1267650600246676145570412756991", "1267650600246676145570412744646"},
      {"-170141183460469231731687303715884105725", "1267650600228229401496703217721", "1",
       "-170141182192818631503457902219180888005", "-170141182192818631503457902219180888006"},
      {"-170141183460469231731687303715884105725", "-1208925819614629174707175",
       "-170141183460469231731687303715884105727", "-1208925819614629174707173",
       "170141183460468022805867689086709398554"},
      {"-170141183460469231731687303715884105725", "123456789", "1",
       "-170141183460469231731687303715760648937", "-170141183460469231731687303715760648938"},
      {"-170141183460469231731687303715884105725", "-987654321",
       "-170141183460469231731687303715884105725", "-987654321",
       "170141183460469231731687303714896451404"},
      {"-170141183460469231731687303715884105725", "-18446744073709551616",
       "-170141183460469231731687303715884105728", "-18446744073709551613",
       "170141183460469231713240559642174554115"},
      {"-170141183460469231731687303715884105725", "18446744073709551615", "3",
       "-170141183460469231713240559642174554113", "-170141183460469231713240559642174554116"},
  };
  Heap h;
  for (const Case& c : cases) {
    Term a = Parse(h, c.a), b = Parse(h, c.b);
    for (auto [x, y] : {std::pair{a, b}, std::pair{b, a}}) {  // all three commute
      EXPECT_EQ(Text(IntegerBand(h, x, y)), c.band) << c.a << " band " << c.b;
      EXPECT_EQ(Text(IntegerBor(h, x, y)), c.bor) << c.a << " bor " << c.b;
      EXPECT_EQ(Text(IntegerBxor(h, x, y)), c.bxor) << c.a << " bxor " << c.b;
    }
    // (a band b) + (a bor b) == a + b, for any signs.
    EXPECT_EQ(IntegerCompare(*IntegerAdd(h, *IntegerBand(h, a, b), *IntegerBor(h, a, b)),
                             *IntegerAdd(h, a, b)),
              0);
  }
}

TEST(Bignum, BnotMatchesErlang) {
  const char* cases[][2] = {
      {"1267650600228229401496703217721", "-1267650600228229401496703217722"},
      {"-1208925819614629174707175", "1208925819614629174707174"},
      {"123456789", "-123456790"},
      {"-987654321", "987654320"},
      {"-18446744073709551616", "18446744073709551615"},
      {"18446744073709551615", "-18446744073709551616"},
      {"-170141183460469231731687303715884105725", "170141183460469231731687303715884105724"},
      {"576460752303423487", "-576460752303423488"},  // small to small
      {"-576460752303423489", "576460752303423488"},  // bignum to bignum
  };
  Heap h;
  for (auto& c : cases)
    EXPECT_EQ(Text(IntegerBnot(h, Parse(h, c[0]))), c[1]) << c[0];
}

// Expected: A div B, A rem B from erl; every pair also checks
// A == (A div B) * B + A rem B.
TEST(Bignum, DivAndRemTruncateTowardZero) {
  struct Case {
    const char *a, *b, *div, *rem;
  } cases[] = {
      {"1267650600228229401496703217721", "-1208925819614629174707175", "-1048575",
       "1208925819614628127192096"},
      {"1267650600228229401496703217721", "123456789", "10267969955287184745236", "83610517"},
      {"1267650600228229401496703217721", "-987654321", "-1283496232715038566106", "468173695"},
      {"1267650600228229401496703217721", "-18446744073709551616", "-68719476736", "12345"},
      {"1267650600228229401496703217721", "18446744073709551615", "68719476736", "68719489081"},
      {"1267650600228229401496703217721", "-170141183460469231731687303715884105725", "0",
       "1267650600228229401496703217721"},
      {"-1208925819614629174707175", "123456789", "-9792299227988419", "-35780584"},
      {"-1208925819614629174707175", "-987654321", "1224037392344511", "-564925144"},
      {"-1208925819614629174707175", "-18446744073709551616", "65536", "-999"},
      {"-1208925819614629174707175", "18446744073709551615", "-65536", "-66535"},
      {"123456789", "-1208925819614629174707175", "0", "123456789"},
      {"-987654321", "123456789", "-8", "-9"},
      {"-18446744073709551616", "123456789", "-149418628356", "-93442732"},
      {"-18446744073709551616", "-987654321", "18677328374", "-392547562"},
      {"-18446744073709551616", "18446744073709551615", "-1", "-1"},
      {"18446744073709551615", "-987654321", "-18677328374", "392547561"},
      {"-170141183460469231731687303715884105725", "1267650600228229401496703217721", "-134217727",
       "-1267650600228229399839785365558"},
      {"-170141183460469231731687303715884105725", "-1208925819614629174707175", "140737488355327",
       "-1208925679017878307734500"},
      {"-170141183460469231731687303715884105725", "123456789", "-1378143598570907524021925628698",
       "-22775003"},
      {"-170141183460469231731687303715884105725", "-18446744073709551616", "9223372036854775807",
       "-18446744073709551613"},
      {"-170141183460469231731687303715884105725", "18446744073709551615", "-9223372036854775808",
       "-9223372036854775805"},
      {"-170141183460469231731687303715884105725", "-170141183460469231731687303715884105725", "1",
       "0"},
  };
  Heap h;
  for (const Case& c : cases) {
    Term a = Parse(h, c.a), b = Parse(h, c.b);
    Term q = *IntegerDiv(h, a, b), r = *IntegerRem(h, a, b);
    EXPECT_EQ(Text(q), c.div) << c.a << " div " << c.b;
    EXPECT_EQ(Text(r), c.rem) << c.a << " rem " << c.b;
    EXPECT_EQ(IntegerCompare(*IntegerAdd(h, *IntegerMul(h, q, b), r), a), 0);
  }
  EXPECT_EQ(Text(IntegerDiv(h, MakeSmall(kSmallMin), MakeSmall(-1))), "576460752303423488");
  for (Term zero_divided : {MakeSmall(5), Parse(h, "1267650600228229401496703217721")}) {
    EXPECT_EQ(IntegerDiv(h, zero_divided, MakeSmall(0)).status().code(),
              absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(IntegerRem(h, zero_divided, MakeSmall(0)).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

// Expected: A bsl S from erl (a negative S shifts right, rounding toward -inf).
TEST(Bignum, ShiftsMatchErlang) {
  struct Case {
    const char* a;
    int shift;
    const char* result;
  } cases[] = {
      {"1267650600228229401496703217721", -200, "0"},
      {"1267650600228229401496703217721", -101, "0"},
      {"1267650600228229401496703217721", -100, "1"},
      {"1267650600228229401496703217721", -64, "68719476736"},
      {"1267650600228229401496703217721", -63, "137438953472"},
      {"1267650600228229401496703217721", -3, "158456325028528675187087902215"},
      {"1267650600228229401496703217721", 3, "10141204801825835211973625741768"},
      {"1267650600228229401496703217721", 64, "23384026197294446691258957551185583904439335387136"},
      {"1267650600228229401496703217721", 100,
       "1606938044258990275541962107990309262339694955259593905668096"},
      {"-1267650600228229401496703205377", -200, "-1"},
      {"-1267650600228229401496703205377", -101, "-1"},
      {"-1267650600228229401496703205377", -100, "-2"},
      {"-1267650600228229401496703205377", -64, "-68719476737"},
      {"-1267650600228229401496703205377", -63, "-137438953473"},
      {"-1267650600228229401496703205377", -3, "-158456325028528675187087900673"},
      {"-1267650600228229401496703205377", -1, "-633825300114114700748351602689"},
      {"-1267650600228229401496703205377", 1, "-2535301200456458802993406410754"},
      {"-1267650600228229401496703205377", 64,
       "-23384026197294446691258957323478975058568630239232"},
      {"-18446744073709551616", -100, "-1"},
      {"-18446744073709551616", -64, "-1"},
      {"-18446744073709551616", -63, "-2"},
      {"-18446744073709551616", -3, "-2305843009213693952"},
      {"-18446744073709551616", -1, "-9223372036854775808"},
      {"-18446744073709551616", 3, "-147573952589676412928"},
      {"-18446744073709551616", 64, "-340282366920938463463374607431768211456"},
      {"-5", -63, "-1"},
      {"-5", -1, "-3"},
      {"-5", 3, "-40"},
      {"-5", 64, "-92233720368547758080"},
      {"-5", 100, "-6338253001141147007483516026880"},
      {"7", -3, "0"},
      {"7", -1, "3"},
      {"7", 64, "129127208515966861312"},
      {"7", 100, "8873554201597605810476922437632"},
  };
  Heap h;
  for (const Case& c : cases) {
    Term a = Parse(h, c.a);
    EXPECT_EQ(Text(IntegerBsl(h, a, MakeSmall(c.shift))), c.result) << c.a << " bsl " << c.shift;
    EXPECT_EQ(Text(IntegerBsr(h, a, MakeSmall(-c.shift))), c.result) << c.a << " bsr " << -c.shift;
  }
}

TEST(Bignum, HugeShiftsSaturateOrHitTheLimit) {
  Heap h;
  Term huge = *IntegerBsl(h, MakeSmall(1), MakeSmall(70));  // a bignum shift amount
  EXPECT_EQ(*IntegerBsl(h, MakeSmall(0), huge), MakeSmall(0));
  EXPECT_EQ(*IntegerBsr(h, MakeSmall(1), huge), MakeSmall(0));
  EXPECT_EQ(*IntegerBsr(h, MakeSmall(-1), huge), MakeSmall(-1));
  EXPECT_EQ(*IntegerBsl(h, MakeSmall(-1), *IntegerNegate(h, huge)), MakeSmall(-1));
  EXPECT_EQ(IntegerBsl(h, MakeSmall(1), huge).status().code(),
            absl::StatusCode::kResourceExhausted);
  // erl: 1 bsl 33554367 is the largest power of two; one more is system_limit.
  absl::StatusOr<Term> largest = IntegerBsl(h, MakeSmall(1), MakeSmall(33554367));
  ASSERT_TRUE(largest.ok());
  EXPECT_EQ(HeaderArity(*BoxedPointer(*largest)), kMaxBignumLimbs);
  EXPECT_EQ(IntegerBsl(h, MakeSmall(1), MakeSmall(33554368)).status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(IntegerAdd(h, *largest, *largest).status().code(),
            absl::StatusCode::kResourceExhausted);
}

// Expected: the bits of float(X) in erl, which rounds limb by limb (the
// first two differ from the correctly rounded value).
TEST(Bignum, ToDoubleAsErlangComputesIt) {
  struct Case {
    const char* integer;
    uint64_t bits;
  } cases[] = {
      {"27670116110564329473", 0x43F8000000000000ull},
      {"18446744073709553665", 0x43F0000000000001ull},
      {"265252859812191058636308480000000", 0x46AA27EC6E1F2D0Dull},
      {"-93326215443944152681699238856266700490715968264381621468592963895217599993229915608941463"
       "976156518286253697920827223758251185210916864000000000000000000000000",
       0xE0BB30964EC395DCull},
      {"134826985114673693079697889309176855021348273420672992955072560868299506854125722349531357"
       "991805652015840085409903545018244092326610812466869635572979605593283325920068649113957226"
       "664700934570589589812214063754326628613011756847161105434832905620427872512883013439723679"
       "960434453859787228626529592897069337479",
       0x7FE8000000000000ull},
      {"576460752303423488", 0x43A0000000000000ull},
      {"-576460752303423489", 0xC3A0000000000000ull},
      {"9903520314283042199192993791", 0x45C0000000000000ull},
  };
  Heap h;
  for (const Case& c : cases) {
    absl::StatusOr<double> d = IntegerToDouble(Parse(h, c.integer));
    ASSERT_TRUE(d.ok()) << c.integer;
    EXPECT_EQ(std::bit_cast<uint64_t>(*d), c.bits) << c.integer;
  }
  EXPECT_EQ(*IntegerToDouble(MakeSmall(-3)), -3.0);
  EXPECT_EQ(IntegerToDouble(*IntegerBsl(h, MakeSmall(1), MakeSmall(1024))).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(IntegerToDouble(atoms::kOk).status().code(), absl::StatusCode::kInvalidArgument);
}

// Expected: trunc(F) from erl.
TEST(Bignum, FromDoubleTruncates) {
  Heap h;
  EXPECT_EQ(Text(IntegerFromDouble(h, 1.0e20)), "100000000000000000000");
  EXPECT_EQ(Text(IntegerFromDouble(h, -2.5)), "-2");
  EXPECT_EQ(Text(IntegerFromDouble(h, 0.99)), "0");
  EXPECT_EQ(Text(IntegerFromDouble(h, -0.5)), "0");
  EXPECT_EQ(Text(IntegerFromDouble(h, 123456789012345678.0)), "123456789012345680");
  EXPECT_EQ(Text(IntegerFromDouble(h, -9.223372036854775808e18)), "-9223372036854775808");
  EXPECT_EQ(Text(IntegerFromDouble(h, 1.7976931348623157e308)),
            "179769313486231570814527423731704356798070567525844996598917476803157260780028538760"
            "589558632766878171540458953514382464234321326889464182768467546703537516986049910576"
            "551282076245490090389328944075868508455133942304583236903222948165808559332123348274"
            "797826204144723168738177180919299881250404026184124858368");
  EXPECT_EQ(IntegerFromDouble(h, INFINITY).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(IntegerFromDouble(h, std::nan("")).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Bignum, ComparisonWithDoublesIsExact) {
  Heap h;
  Term two64 = Parse(h, "18446744073709551616");
  Term two64_plus_1 = Parse(h, "18446744073709551617");
  EXPECT_EQ(CompareIntegerWithDouble(two64, 0x1p64), 0);
  EXPECT_GT(CompareIntegerWithDouble(two64_plus_1, 0x1p64), 0);  // equal once rounded
  EXPECT_LT(CompareIntegerWithDouble(*IntegerNegate(h, two64_plus_1), -0x1p64), 0);
  EXPECT_LT(CompareIntegerWithDouble(MakeSmall(kSmallMax), 0x1p59), 0);
  EXPECT_LT(CompareIntegerWithDouble(MakeSmall(5), 5.5), 0);
  EXPECT_GT(CompareIntegerWithDouble(MakeSmall(-5), -5.5), 0);
  EXPECT_GT(CompareIntegerWithDouble(MakeSmall(0), -0.5), 0);
  EXPECT_EQ(CompareIntegerWithDouble(MakeSmall(0), -0.0), 0);
  Term beyond = *IntegerBsl(h, MakeSmall(1), MakeSmall(1100));
  EXPECT_GT(CompareIntegerWithDouble(beyond, 1.7976931348623157e308), 0);
  EXPECT_LT(CompareIntegerWithDouble(*IntegerNegate(h, beyond), -1.7976931348623157e308), 0);
  EXPECT_LT(CompareIntegerWithDouble(*IntegerNegate(h, beyond), 0.5), 0);
}

TEST(Bignum, NonIntegersAreRejected) {
  Heap h;
  Term x = atoms::kOk, one = MakeSmall(1);
  for (auto op : {IntegerAdd, IntegerSub, IntegerMul, IntegerDiv, IntegerRem, IntegerBand,
                  IntegerBor, IntegerBxor, IntegerBsl, IntegerBsr}) {
    EXPECT_EQ(op(h, x, one).status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(op(h, one, x).status().code(), absl::StatusCode::kInvalidArgument);
  }
  for (auto op : {IntegerNegate, IntegerAbs, IntegerBnot})
    EXPECT_EQ(op(h, x).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Bignum, CompareOrdersAcrossSizesAndSigns) {
  Heap h;
  std::vector<Term> ascending = {
      Parse(h, "-170141183460469231731687303715884105725"),
      Parse(h, "-18446744073709551616"),
      MakeSmall(kSmallMin),
      MakeSmall(-1),
      MakeSmall(0),
      MakeSmall(kSmallMax),
      Parse(h, "576460752303423488"),
      Parse(h, "18446744073709551616"),
      Parse(h, "18446744073709551617"),
      Parse(h, "170141183460469231731687303715884105725"),
  };
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      int c = IntegerCompare(ascending[i], ascending[j]);
      EXPECT_EQ(c < 0, i < j) << i << " " << j;
      EXPECT_EQ(c == 0, i == j) << i << " " << j;
    }
  }
}

}  // namespace
}  // namespace ling
