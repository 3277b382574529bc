#include "runtime/term/reference.h"

#include <gtest/gtest.h>

#include <latch>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "runtime/term/compare.h"

namespace ling {
namespace {

TEST(Reference, RoundTripsThroughTheHeap) {
  Heap h;
  MonitorRef r = NewMonitorRef();
  Term t = MakeReference(h, r);
  ASSERT_TRUE(IsReference(t));
  EXPECT_EQ(ReferenceValue(t), r);
  Term other = MakeReference(h);
  EXPECT_NE(ReferenceValue(other), r);
  EXPECT_FALSE(ExactEqual(t, other));
  EXPECT_TRUE(ExactEqual(t, MakeReference(h, r)));
}

TEST(Reference, UniqueAcrossThreads) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20000;  // several per-thread blocks each
  std::vector<std::vector<MonitorRef>> made(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i)
        made[t].push_back(NewMonitorRef());
    });
  }
  for (auto& th : threads)
    th.join();
  absl::flat_hash_set<MonitorRef> all;
  for (const auto& refs : made) {
    for (MonitorRef r : refs)
      ASSERT_TRUE(all.insert(r).second);
  }
  EXPECT_EQ(all.size(), size_t{kThreads} * kPerThread);
}

}  // namespace
}  // namespace ling
