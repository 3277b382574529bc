#include "runtime/term/build.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "runtime/term/atoms.h"

namespace ling {
namespace {

TEST(Build, TuplesFromSpanAndList) {
  Heap h;
  std::vector<Term> elements = {MakeSmall(1), atoms::kOk, kNil};
  Term a = MakeTuple(h, elements);
  Term b = MakeTuple(h, {MakeSmall(1), atoms::kOk, kNil});
  for (Term t : {a, b}) {
    ASSERT_TRUE(IsTuple(t));
    EXPECT_EQ(TupleArity(t), 3u);
    EXPECT_EQ(TupleElement(t, 0), MakeSmall(1));
    EXPECT_EQ(TupleElement(t, 1), atoms::kOk);
    EXPECT_EQ(TupleElement(t, 2), kNil);
  }
  EXPECT_EQ(TupleArity(MakeTuple(h, {})), 0u);
  h.CheckInvariants();
}

TEST(Build, ListsKeepOrderAndKnowTheirLength) {
  Heap h;
  EXPECT_EQ(MakeList(h, {}), kNil);
  std::vector<Term> elements = {MakeSmall(1), MakeSmall(2), MakeSmall(3)};
  Term list = MakeList(h, elements);
  EXPECT_EQ(ListLength(list), 3);
  int64_t expected = 1;
  for (Term t = list; IsList(t); t = Tail(t))
    EXPECT_EQ(SmallValue(Head(t)), expected++);
  EXPECT_EQ(ListLength(kNil), 0);
  EXPECT_EQ(ListLength(MakeCons(h, MakeSmall(1), MakeSmall(2))), -1);
  Term consed = MakeCons(h, atoms::kOk, list);
  EXPECT_EQ(Head(consed), atoms::kOk);
  EXPECT_EQ(Tail(consed), list);
}

TEST(Build, StringsAreListsOfByteValues) {
  Heap h;
  EXPECT_EQ(MakeString(h, ""), kNil);
  Term s = MakeString(h, "a\xe9");  // 'a', Latin-1 e-acute
  EXPECT_EQ(ListLength(s), 2);
  EXPECT_EQ(SmallValue(Head(s)), 'a');
  EXPECT_EQ(SmallValue(Head(Tail(s))), 0xe9);
}

TEST(Build, FloatsRoundTripAndMustBeFinite) {
  Heap h;
  for (double d : {0.0, -0.0, 1.5, -1e300, 5e-324, std::numeric_limits<double>::max()}) {
    absl::StatusOr<Term> f = MakeFloat(h, d);
    ASSERT_TRUE(f.ok());
    EXPECT_TRUE(IsFloat(*f));
    EXPECT_EQ(FloatValue(*f), d);
    EXPECT_EQ(std::signbit(FloatValue(*f)), std::signbit(d));
  }
  EXPECT_EQ(MakeFloat(h, std::nan("")).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeFloat(h, INFINITY).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeFloat(h, -INFINITY).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Build, IntegersOutsideSmallRangeAreAnError) {
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{42}, kSmallMax, kSmallMin}) {
    absl::StatusOr<Term> t = MakeInteger(v);
    ASSERT_TRUE(t.ok()) << v;
    EXPECT_TRUE(IsSmall(*t));
    EXPECT_EQ(SmallValue(*t), v);
  }
  for (int64_t v : {kSmallMax + 1, kSmallMin - 1, std::numeric_limits<int64_t>::max(),
                    std::numeric_limits<int64_t>::min()}) {
    EXPECT_EQ(MakeInteger(v).status().code(), absl::StatusCode::kOutOfRange) << v;
  }
}

}  // namespace
}  // namespace ling
