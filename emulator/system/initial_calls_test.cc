#include "emulator/system/initial_calls.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/format.h"

namespace ling::emulator {
namespace {

TEST(InitialCalls, TheSameCallIsOneSharedTuple) {
  InitialCalls calls;
  Term m = InternAtom("m"), f = InternAtom("f");
  Term first = calls.Get(m, f, 2);
  EXPECT_EQ(ToString(first), "{m,f,2}");
  EXPECT_EQ(calls.Get(m, f, 2).raw(), first.raw());
  EXPECT_NE(calls.Get(m, f, 3).raw(), first.raw());
  EXPECT_NE(calls.Get(f, m, 2).raw(), first.raw());
  EXPECT_EQ(ToString(calls.Get(f, m, 2)), "{f,m,2}");
}

// Spawners on every scheduler ask at once: each call still gets one tuple.
// Run under --config=tsan.
TEST(InitialCalls, ThreadsAskingAtOnceAgreeOnEachTuple) {
  InitialCalls calls;
  constexpr int kThreads = 4, kCalls = 64;
  std::vector<std::vector<uint64_t>> seen(kThreads, std::vector<uint64_t>(kCalls));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 100; ++round) {
        for (int i = 0; i < kCalls; ++i) {
          int call = (i * 5 + t * 7) % kCalls;  // each thread its own order
          uint64_t raw = calls.Get(InternAtom("m"), InternAtom("f"), call).raw();
          if (round == 0) seen[t][call] = raw;
          ASSERT_EQ(raw, seen[t][call]);
        }
      }
    });
  }
  for (std::thread& t : threads)
    t.join();
  for (int i = 0; i < kCalls; ++i) {
    for (int t = 1; t < kThreads; ++t)
      EXPECT_EQ(seen[t][i], seen[0][i]);
    EXPECT_EQ(ToString(Term::FromRaw(seen[0][i])), "{m,f," + std::to_string(i) + "}");
  }
}

}  // namespace
}  // namespace ling::emulator
