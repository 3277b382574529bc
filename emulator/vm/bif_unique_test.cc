// make_ref/0 and unique_integer/0,1 (bif_unique.cc). Their values differ
// from run to run, so only their properties are checked: uniqueness across
// threads, sign, monotonicity, use as map keys, order and text. The option
// errors are erl's (testdata/check_bif_tests.escript checks them with erl).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/display.h"
#include "runtime/term/format.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"
#include "runtime/term/reference.h"

namespace ling::vm {
namespace {

using testing::Call;

// erlang:Name(Args...) on `memory`; the test fails if it raises.
Term CallBif(ProcessMemory& memory, const char* name, std::vector<Term> args = {}) {
  const BifEntry* bif =
      FindBif(InternAtom("erlang"), InternAtom(name), static_cast<int>(args.size()));
  EXPECT_NE(bif, nullptr) << name;
  if (bif == nullptr) return kNonValue;
  BifContext ctx{.memory = memory};
  Term result = bif->function(ctx, args.data());
  EXPECT_NE(result, kNonValue) << name << " raised " << ToString(ctx.error);
  return result;
}

Term Options(ProcessMemory& memory, std::vector<std::string> names) {
  std::vector<Term> atoms;
  for (const std::string& n : names)
    atoms.push_back(InternAtom(n));
  return MakeList(memory, atoms);
}

int64_t Value(Term integer) {
  EXPECT_TRUE(IsInteger(integer)) << ToString(integer);
  return IntegerToInt64(integer).value_or(0);
}

TEST(UniqueBifs, OptionsOtherThanPositiveAndMonotonicAreBadarg) {
  EXPECT_EQ(Call("unique_integer(positive)"), "error:badarg");
  EXPECT_EQ(Call("unique_integer([foo])"), "error:badarg");
  EXPECT_EQ(Call("unique_integer([positive | monotonic])"), "error:badarg");
  EXPECT_EQ(Call("unique_integer([{positive}])"), "error:badarg");
  EXPECT_EQ(Call("unique_integer([positive, monotonic, bad])"), "error:badarg");
}

TEST(UniqueBifs, UniqueIntegersAreDistinctSmallAndPositiveWhenAsked) {
  ProcessMemory memory;
  Term none = kNil, positive = Options(memory, {"positive"});
  Term twice = Options(memory, {"positive", "positive"});
  std::set<int64_t> plain, positives;
  for (int i = 0; i < 1000; ++i) {
    Term a = CallBif(memory, "unique_integer"), b = CallBif(memory, "unique_integer", {none});
    // Small integers, as erl's are for the first 2^60 calls.
    EXPECT_TRUE(IsSmall(a) && IsSmall(b));
    EXPECT_TRUE(plain.insert(Value(a)).second);
    EXPECT_TRUE(plain.insert(Value(b)).second);
    for (Term options : {positive, twice}) {
      int64_t p = Value(CallBif(memory, "unique_integer", {options}));
      EXPECT_GT(p, 0);
      EXPECT_TRUE(positives.insert(p).second);
    }
  }
}

// Each sequence strictly increases, whatever other calls come between.
TEST(UniqueBifs, MonotonicIntegersIncrease) {
  ProcessMemory memory;
  Term monotonic = Options(memory, {"monotonic"});
  Term positive_monotonic = Options(memory, {"positive", "monotonic"});
  Term monotonic_positive = Options(memory, {"monotonic", "positive"});
  int64_t last = Value(CallBif(memory, "unique_integer", {monotonic}));
  int64_t last_positive = Value(CallBif(memory, "unique_integer", {positive_monotonic}));
  for (int i = 0; i < 1000; ++i) {
    CallBif(memory, "unique_integer");
    CallBif(memory, "make_ref");
    int64_t v = Value(CallBif(memory, "unique_integer", {monotonic}));
    EXPECT_GT(v, last);
    last = v;
    Term options = i % 2 == 0 ? positive_monotonic : monotonic_positive;
    int64_t p = Value(CallBif(memory, "unique_integer", {options}));
    EXPECT_GT(p, last_positive);
    EXPECT_GT(p, 0);
    last_positive = p;
  }
}

TEST(UniqueBifs, ReferencesAreDistinctOrderedAndPrintAsRefs) {
  ProcessMemory memory;
  Term a = CallBif(memory, "make_ref"), b = CallBif(memory, "make_ref");
  ASSERT_TRUE(IsReference(a) && IsReference(b));
  EXPECT_FALSE(ExactEqual(a, b));
  EXPECT_FALSE(Equal(a, b));
  EXPECT_TRUE(ExactEqual(a, a));
  EXPECT_EQ(Compare(a, b), -Compare(b, a));
  // Term order: number < atom < reference < fun.
  EXPECT_GT(Compare(a, atoms::kOk), 0);
  EXPECT_LT(Compare(a, MakeExportFun(memory, atoms::kOk, atoms::kOk, 0)), 0);
  for (Term r : {a, b}) {
    EXPECT_TRUE(DisplayString(r).starts_with("#Ref<0.")) << DisplayString(r);
    EXPECT_TRUE(ToString(r).starts_with("#Ref<0.")) << ToString(r);
  }
  EXPECT_NE(DisplayString(a), DisplayString(b));
}

TEST(UniqueBifs, ReferencesAreMapKeys) {
  ProcessMemory memory;
  std::vector<std::pair<Term, Term>> pairs;
  for (int i = 0; i < 1000; ++i)
    pairs.emplace_back(CallBif(memory, "make_ref"), MakeSmall(i));
  Term map = MakeMap(memory, pairs);
  EXPECT_EQ(MapSize(map), pairs.size());
  for (const auto& [ref, value] : pairs)
    EXPECT_EQ(MapFind(map, ref), value);
  EXPECT_EQ(MapFind(map, CallBif(memory, "make_ref")), std::nullopt);
}

// Schedulers are threads: every thread's references and integers are
// distinct from every other's, and each thread's monotonic ones increase.
TEST(UniqueBifs, UniqueAcrossThreads) {
  constexpr int kThreads = 8;
  constexpr int kCalls = 5000;
  struct Seen {
    std::vector<MonitorRef> refs;
    std::vector<int64_t> integers, monotonic;
  };
  std::vector<Seen> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&seen, t] {
      ProcessMemory memory;
      Term monotonic = Options(memory, {"monotonic"});
      for (int i = 0; i < kCalls; ++i) {
        seen[t].refs.push_back(ReferenceValue(CallBif(memory, "make_ref")));
        seen[t].integers.push_back(Value(CallBif(memory, "unique_integer")));
        seen[t].monotonic.push_back(Value(CallBif(memory, "unique_integer", {monotonic})));
      }
    });
  }
  for (std::thread& t : threads)
    t.join();
  std::set<std::pair<uint64_t, uint64_t>> refs;
  std::set<int64_t> integers;
  for (const Seen& s : seen) {
    for (MonitorRef r : s.refs)
      EXPECT_TRUE(refs.insert({r.high, r.low}).second);
    for (int64_t v : s.integers)
      EXPECT_TRUE(integers.insert(v).second);
    for (int64_t v : s.monotonic)
      EXPECT_TRUE(integers.insert(v).second);
    EXPECT_TRUE(std::is_sorted(s.monotonic.begin(), s.monotonic.end()));
  }
  EXPECT_EQ(refs.size(), size_t{kThreads} * kCalls);
}

}  // namespace
}  // namespace ling::vm
