#include "runtime/term/atom_table.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "runtime/term/atoms.h"

namespace ling {
namespace {

TEST(AtomTable, PredefinedAtomsHaveTheirText) {
  EXPECT_EQ(AtomName(atoms::kTrue), "true");
  EXPECT_EQ(AtomName(atoms::kEXIT), "EXIT");
  EXPECT_EQ(AtomName(atoms::kNativeException), "native_exception");
  EXPECT_EQ(InternAtom("ok"), atoms::kOk);
}

TEST(AtomTable, InternIsIdempotentAndFindSeesOnlyExisting) {
  EXPECT_EQ(FindAtom("never_interned_before_42"), std::nullopt);
  Term a = InternAtom("never_interned_before_42");
  EXPECT_EQ(InternAtom("never_interned_before_42"), a);
  EXPECT_EQ(FindAtom("never_interned_before_42"), a);
  EXPECT_EQ(AtomName(a), "never_interned_before_42");
  EXPECT_TRUE(IsAtom(a));
}

TEST(AtomTable, TooLongNameIsAnError) {
  EXPECT_TRUE(TryInternAtom(std::string(255, 'a')).ok());
  EXPECT_EQ(TryInternAtom(std::string(256, 'a')).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(AtomTable, EmptyAndBinaryNamesWork) {
  Term empty = InternAtom("");
  EXPECT_EQ(AtomName(empty), "");
  std::string odd("a\0b", 3);
  EXPECT_EQ(AtomName(InternAtom(odd)), odd);
}

// Threads intern overlapping names at once; all agree on every atom.
TEST(AtomTable, ConcurrentInternAgrees) {
  constexpr int kThreads = 4;
  constexpr int kNames = 5000;
  std::vector<std::vector<Term>> seen(kThreads, std::vector<Term>(kNames));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kNames; ++i) {
        int n = (t % 2 == 0) ? i : kNames - 1 - i;  // meet from both ends
        seen[t][n] = InternAtom("concurrent_" + std::to_string(n));
      }
    });
  }
  for (auto& th : threads)
    th.join();
  for (int i = 0; i < kNames; ++i) {
    for (int t = 1; t < kThreads; ++t)
      ASSERT_EQ(seen[t][i], seen[0][i]);
    ASSERT_EQ(AtomName(seen[0][i]), "concurrent_" + std::to_string(i));
  }
}

}  // namespace
}  // namespace ling
