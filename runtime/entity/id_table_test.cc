#include "runtime/entity/id_table.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace ling {
namespace {

struct Entity {
  uint64_t id_;
  uint64_t id() const { return id_; }
};

TEST(IdTable, LookupFindsPublishedEntityOnly) {
  IdTable<Entity> table(4);
  uint64_t id = *table.Allocate();
  Entity e{id};
  EXPECT_EQ(table.Lookup(id), nullptr) << "reserved but unpublished";
  table.Publish(id, &e);
  EXPECT_EQ(table.Lookup(id), &e);
  EXPECT_NE(id, 0u);
  table.CheckInvariants();
}

TEST(IdTable, StaleIdDoesNotFindSlotsNextOccupant) {
  IdTable<Entity> table(1);
  uint64_t first = *table.Allocate();
  Entity a{first};
  table.Publish(first, &a);
  table.Release(first);
  uint64_t second = *table.Allocate();
  EXPECT_EQ(IdIndex(first), IdIndex(second));
  EXPECT_NE(first, second);
  Entity b{second};
  table.Publish(second, &b);
  EXPECT_EQ(table.Lookup(first), nullptr);
  EXPECT_EQ(table.Lookup(second), &b);
  table.CheckInvariants();
}

TEST(IdTable, FullTableSaysSoAndRecoversAfterRelease) {
  IdTable<Entity> table(2);
  uint64_t a = *table.Allocate();
  uint64_t b = *table.Allocate();
  EXPECT_FALSE(table.Allocate().has_value());
  table.Release(a);
  EXPECT_TRUE(table.Allocate().has_value());
  table.Release(b);
  table.CheckInvariants(1);
}

TEST(IdTable, IdsOutsideTheTableAreNotFound) {
  IdTable<Entity> table(8);
  EXPECT_EQ(table.Lookup(0), nullptr);
  EXPECT_EQ(table.Lookup(kIndexMask), nullptr);
}

TEST(IdTable, ConcurrentAllocateReleaseNeverSharesASlot) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 20000;
  IdTable<Entity> table(64);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::vector<Entity> mine(8);
      for (int r = 0; r < kRounds; ++r) {
        for (auto& e : mine) {
          e.id_ = *table.Allocate();
          table.Publish(e.id_, &e);
        }
        for (auto& e : mine) {
          if (table.Lookup(e.id_) != &e) failures.fetch_add(1);
          table.Release(e.id_);
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(table.size(), 0u);
  table.CheckInvariants();
}

}  // namespace
}  // namespace ling
