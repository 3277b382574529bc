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

TEST(IdTable, LaterIdsAreGreaterWhateverSlotTheyGet) {
  IdTable<Entity> table(4);
  uint64_t held = *table.Allocate();  // slot 0 stays taken throughout
  uint64_t last = held;
  for (int i = 0; i < 50; ++i) {
    uint64_t id = *table.Allocate();
    EXPECT_GT(id, last);
    EXPECT_NE(IdIndex(id), IdIndex(held));
    // Releasing a slot does not make the next id smaller, nor does a slot
    // kept taken in the middle of the search.
    if (i != 5) table.Release(id);
    last = id;
  }
  table.CheckInvariants(/*reserved_unpublished=*/2);
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

TEST(IdTable, ConcurrentAllocationsOrderAsTheyHappen) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 20000;
  IdTable<Entity> table(16);
  std::vector<std::thread> threads;
  std::atomic<int> disorder{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      uint64_t last = 0;
      for (int r = 0; r < kRounds; ++r) {
        std::optional<uint64_t> id = table.Allocate();
        if (!id) continue;  // all 16 slots busy for a moment
        // One thread's ids grow, however the others allocate and release.
        if (*id <= last) disorder.fetch_add(1);
        last = *id;
        table.Release(*id);
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(disorder.load(), 0);
  table.CheckInvariants();
}

}  // namespace
}  // namespace ling
