#include "runtime/term/atom_table.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "runtime/term/atoms.h"

namespace ling {
namespace {

TEST(AtomTable, PredefinedAtomsHaveFixedIndicesAndTheirText) {
  uint32_t index = 0;
#define LING_EXPECT_ATOM(name, text)                  \
  EXPECT_EQ(atoms::name, MakeAtomFromIndex(index++)); \
  EXPECT_EQ(AtomName(atoms::name), text);             \
  EXPECT_EQ(InternAtom(text), atoms::name);
  LING_PREDEFINED_ATOMS(LING_EXPECT_ATOM)
#undef LING_EXPECT_ATOM
  EXPECT_EQ(index, static_cast<uint32_t>(PredefinedAtom::kCount));
  // The order the runtime's users were promised.
  EXPECT_EQ(AtomIndex(atoms::kTrue), 0u);
  EXPECT_EQ(AtomIndex(atoms::kOk), 2u);
  EXPECT_EQ(AtomIndex(atoms::kSystemLimit), 19u);
  EXPECT_GE(AtomCount(), static_cast<size_t>(PredefinedAtom::kCount));
}

TEST(AtomTable, InternIsIdempotentAndFindSeesOnlyExisting) {
  size_t before = AtomCount();
  EXPECT_EQ(FindAtom("never_interned_before_42"), std::nullopt);
  EXPECT_EQ(AtomCount(), before);
  Term a = InternAtom("never_interned_before_42");
  EXPECT_EQ(AtomCount(), before + 1);
  EXPECT_EQ(InternAtom("never_interned_before_42"), a);
  EXPECT_EQ(AtomCount(), before + 1);
  EXPECT_EQ(FindAtom("never_interned_before_42"), a);
  EXPECT_EQ(AtomName(a), "never_interned_before_42");
  EXPECT_TRUE(IsAtom(a));
}

TEST(AtomTable, TooLongNameIsAnError) {
  EXPECT_TRUE(TryInternAtom(std::string(255, 'a')).ok());
  absl::StatusOr<Term> too_long = TryInternAtom(std::string(256, 'a'));
  EXPECT_EQ(too_long.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FindAtom(std::string(256, 'a')), std::nullopt);
}

TEST(AtomTable, EmptyAndBinaryNamesWork) {
  Term empty = InternAtom("");
  EXPECT_EQ(AtomName(empty), "");
  std::string odd("a\0b", 3);
  EXPECT_EQ(AtomName(InternAtom(odd)), odd);
  EXPECT_NE(InternAtom(odd), InternAtom("a"));
}

TEST(AtomTable, NamesStayValidWhileTheTableGrows) {
  Term first = InternAtom("stable_name_check");
  std::string_view name = AtomName(first);
  for (int i = 0; i < 20000; ++i)
    InternAtom("growth_" + std::to_string(i));
  EXPECT_EQ(name, "stable_name_check");
  EXPECT_EQ(name.data(), AtomName(first).data());
}

// Threads intern overlapping names at once, while others read names and
// look atoms up; all agree on every atom.
TEST(AtomTable, ConcurrentInternAgrees) {
  constexpr int kThreads = 8;
  constexpr int kNames = 5000;
  std::vector<std::vector<Term>> seen(kThreads, std::vector<Term>(kNames));
  std::latch start(kThreads + 1);
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kNames; ++i) {
        // Pairs of threads meet from both ends; the others start mid-way.
        int n = t % 2 == 0 ? (i + t * 613) % kNames : kNames - 1 - i;
        seen[t][n] = InternAtom("concurrent_" + std::to_string(n));
      }
    });
  }
  std::thread reader([&] {
    start.arrive_and_wait();
    size_t checked = 0;
    while (!done.load(std::memory_order_acquire)) {
      size_t count = AtomCount();
      // The newest published atom's name is readable without a lock.
      EXPECT_LE(AtomName(MakeAtomFromIndex(static_cast<uint32_t>(count - 1))).size(),
                kMaxAtomLength);
      if (std::optional<Term> a = FindAtom("concurrent_" + std::to_string(checked % kNames))) {
        EXPECT_EQ(AtomName(*a), "concurrent_" + std::to_string(checked % kNames));
      }
      ++checked;
    }
  });
  for (auto& th : threads)
    th.join();
  done.store(true, std::memory_order_release);
  reader.join();
  for (int i = 0; i < kNames; ++i) {
    for (int t = 1; t < kThreads; ++t)
      ASSERT_EQ(seen[t][i], seen[0][i]);
    ASSERT_EQ(AtomName(seen[0][i]), "concurrent_" + std::to_string(i));
  }
}

}  // namespace
}  // namespace ling
