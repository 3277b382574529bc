#include "runtime/timer/timer_wheel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <vector>

namespace ling {
namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

// A timer object as the runtime builds them: an entry plus a payload.
struct Timer : TimerEntry {
  int id = 0;
};

std::unique_ptr<Timer[]> MakeTimers(int n) {
  auto timers = std::make_unique<Timer[]>(n);
  for (int i = 0; i < n; ++i)
    timers[i].id = i;
  return timers;
}

int IdOf(TimerEntry* e) {
  return static_cast<Timer*>(e)->id;
}

// Advances and returns the ids fired, in firing order.
std::vector<int> AdvanceIds(TimerWheel& wheel, uint64_t now) {
  std::vector<int> ids;
  size_t n = wheel.Advance(now, [&](TimerEntry* e) { ids.push_back(IdOf(e)); });
  EXPECT_EQ(n, ids.size());
  wheel.CheckInvariants();
  return ids;
}

TEST(TimerWheel, FiresInExpiryOrderAcrossLevels) {
  TimerWheel wheel(0);
  const uint64_t expiries[] = {30, 5, 5000, 70, 1, 4096, 64, 63, 262144, 4095};
  auto timers = MakeTimers(10);
  for (int i = 0; i < 10; ++i)
    wheel.Insert(&timers[i], expiries[i]);
  wheel.CheckInvariants();
  EXPECT_EQ(wheel.size(), 10u);

  EXPECT_EQ(AdvanceIds(wheel, 64), (std::vector<int>{4, 1, 0, 7, 6}));
  EXPECT_EQ(wheel.now(), 64u);
  EXPECT_EQ(AdvanceIds(wheel, 1000000), (std::vector<int>{3, 9, 5, 2, 8}));
  EXPECT_EQ(wheel.size(), 0u);
  for (int i = 0; i < 10; ++i)
    EXPECT_FALSE(TimerWheel::IsInserted(&timers[i]));
}

TEST(TimerWheel, FiresNothingBeforeExpiry) {
  TimerWheel wheel(100);
  Timer t;
  wheel.Insert(&t, 110);
  EXPECT_TRUE(TimerWheel::IsInserted(&t));
  EXPECT_EQ(AdvanceIds(wheel, 109), std::vector<int>{});
  EXPECT_TRUE(TimerWheel::IsInserted(&t));
  EXPECT_EQ(AdvanceIds(wheel, 110).size(), 1u);
  EXPECT_FALSE(TimerWheel::IsInserted(&t));
  EXPECT_EQ(t.expiry(), 110u);
}

TEST(TimerWheel, RemovedEntriesDoNotFire) {
  TimerWheel wheel(0);
  auto timers = MakeTimers(4);
  wheel.Insert(&timers[0], 10);
  wheel.Insert(&timers[1], 10);      // same slot as 0
  wheel.Insert(&timers[2], 100000);  // an upper level
  wheel.Insert(&timers[3], 100001);  // same upper slot as 2
  wheel.Remove(&timers[0]);
  wheel.Remove(&timers[3]);
  EXPECT_FALSE(TimerWheel::IsInserted(&timers[0]));
  EXPECT_EQ(wheel.size(), 2u);
  wheel.CheckInvariants();
  EXPECT_EQ(AdvanceIds(wheel, 200000), (std::vector<int>{1, 2}));

  // A removed entry can be inserted again.
  wheel.Insert(&timers[0], 200005);
  EXPECT_EQ(AdvanceIds(wheel, 200005), (std::vector<int>{0}));
  EXPECT_EQ(wheel.size(), 0u);
}

TEST(TimerWheel, CallbackRemovesOtherEntries) {
  TimerWheel wheel(0);
  auto timers = MakeTimers(3);
  wheel.Insert(&timers[0], 10);
  wheel.Insert(&timers[1], 10);  // same tick, would fire right after 0
  wheel.Insert(&timers[2], 20);
  std::vector<int> fired;
  wheel.Advance(100, [&](TimerEntry* e) {
    fired.push_back(IdOf(e));
    EXPECT_FALSE(TimerWheel::IsInserted(e)) << "fired entries are removed first";
    if (IdOf(e) == 0) {
      wheel.Remove(&timers[1]);
      wheel.Remove(&timers[2]);
      wheel.CheckInvariants();
    }
  });
  EXPECT_EQ(fired, std::vector<int>{0});
  EXPECT_EQ(wheel.size(), 0u);
}

TEST(TimerWheel, PeriodicTimerReinsertsItselfFromCallback) {
  TimerWheel wheel(0);
  Timer t;
  wheel.Insert(&t, 7);
  std::vector<uint64_t> ticks;
  size_t n = wheel.Advance(100, [&](TimerEntry* e) {
    EXPECT_EQ(wheel.now(), e->expiry()) << "now() is the tick being fired";
    ticks.push_back(e->expiry());
    wheel.Insert(e, e->expiry() + 7);
  });
  EXPECT_EQ(n, 14u);
  ASSERT_EQ(ticks.size(), 14u);
  for (size_t i = 0; i < ticks.size(); ++i)
    EXPECT_EQ(ticks[i], 7 * (i + 1));
  EXPECT_TRUE(TimerWheel::IsInserted(&t));
  EXPECT_EQ(wheel.NextExpiry(), 105u);
  wheel.CheckInvariants();
}

TEST(TimerWheel, EntriesDueBeforeTargetInsertedByCallbackFireInSameAdvance) {
  TimerWheel wheel(0);
  auto timers = MakeTimers(6);
  wheel.Insert(&timers[0], 10);
  wheel.Insert(&timers[1], 10);
  std::vector<int> fired;
  wheel.Advance(100, [&](TimerEntry* e) {
    fired.push_back(IdOf(e));
    if (IdOf(e) == 0) {
      wheel.Insert(&timers[2], 3);    // already past: due at 10, after 1
      wheel.Insert(&timers[3], 10);   // due at 10, after 2
      wheel.Insert(&timers[4], 100);  // the target tick itself
      wheel.Insert(&timers[5], 101);  // beyond the target: stays
    }
  });
  EXPECT_EQ(fired, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(wheel.size(), 1u);
  EXPECT_EQ(wheel.NextExpiry(), 101u);
}

TEST(TimerWheel, DueEntryInsertedBetweenAdvancesFiresOnNextAdvance) {
  TimerWheel wheel(0);
  wheel.Advance(100, [](TimerEntry*) {});
  auto timers = MakeTimers(3);
  wheel.Insert(&timers[0], 100);
  wheel.Insert(&timers[1], 50);
  wheel.Insert(&timers[2], 0);
  wheel.CheckInvariants();
  EXPECT_EQ(wheel.NextExpiry(), 100u) << "due now";
  // A tick before now() acts as now(): time never goes backwards.
  EXPECT_EQ(AdvanceIds(wheel, 90), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(wheel.now(), 100u);
}

TEST(TimerWheel, SameExpiryFiresInInsertionOrderAcrossCascades) {
  TimerWheel wheel(0);
  auto timers = MakeTimers(300);
  std::vector<int> expected;
  // 0..99 wait at level 2 for 5000, interleaved with other expiries in the same
  // upper slots, so cascading has to keep them in order.
  for (int i = 0; i < 100; ++i) {
    wheel.Insert(&timers[i], 5000);
    wheel.Insert(&timers[200 + i], 5001 + i);
    expected.push_back(i);
  }
  wheel.Advance(4100, [](TimerEntry*) {});  // cascades the level-2 slot
  // 100..199 join at level 1, behind the cascaded ones.
  for (int i = 100; i < 200; ++i) {
    wheel.Insert(&timers[i], 5000);
    expected.push_back(i);
  }
  wheel.CheckInvariants();
  EXPECT_EQ(AdvanceIds(wheel, 5000), expected);
}

TEST(TimerWheel, LargeJumpFiresEverythingInOrder) {
  TimerWheel wheel(1000);
  auto timers = MakeTimers(1000);
  std::mt19937_64 rng(7);
  std::multimap<uint64_t, int> model;
  for (int i = 0; i < 1000; ++i) {
    uint64_t expiry = 1000 + rng() % 1000000000;
    wheel.Insert(&timers[i], expiry);
    model.emplace(expiry, i);
  }
  std::vector<int> expected;
  for (auto& [tick, id] : model)
    expected.push_back(id);
  EXPECT_EQ(AdvanceIds(wheel, 1000 + 10000000000), expected);
  // Crossing almost the whole tick space with one entry left is immediate:
  // the cost follows occupied slots, not ticks.
  Timer last;
  wheel.Insert(&last, kMax - 1);
  EXPECT_EQ(AdvanceIds(wheel, kMax - 2).size(), 0u);
  EXPECT_EQ(wheel.NextExpiry(), kMax - 1);
  EXPECT_EQ(AdvanceIds(wheel, kMax).size(), 1u);
}

TEST(TimerWheel, FarFutureExpiriesUpToTheLastTick) {
  const uint64_t start = 123456789;
  TimerWheel wheel(start);
  const uint64_t expiries[] = {
      kMax,      uint64_t{1} << 36, (uint64_t{1} << 36) - 1, start + (uint64_t{1} << 36),
      kMax - 1,  uint64_t{1} << 50, (uint64_t{1} << 63) + 5, uint64_t{1} << 60,
      start + 1,
  };
  constexpr int kCount = sizeof(expiries) / sizeof(expiries[0]);
  auto timers = MakeTimers(kCount);
  std::multimap<uint64_t, int> model;
  for (int i = 0; i < kCount; ++i) {
    wheel.Insert(&timers[i], expiries[i]);
    model.emplace(expiries[i], i);
  }
  wheel.CheckInvariants();
  // Step from expiry to expiry: NextExpiry() is exact at every level.
  while (!model.empty()) {
    ASSERT_EQ(wheel.NextExpiry(), model.begin()->first);
    EXPECT_EQ(AdvanceIds(wheel, model.begin()->first), std::vector<int>{model.begin()->second});
    model.erase(model.begin());
  }
  EXPECT_EQ(wheel.now(), kMax);
  EXPECT_EQ(wheel.NextExpiry(), std::nullopt);

  // At the last tick, everything is due.
  wheel.Insert(&timers[0], kMax);
  EXPECT_EQ(wheel.NextExpiry(), kMax);
  EXPECT_EQ(AdvanceIds(wheel, kMax), std::vector<int>{0});
}

TEST(TimerWheel, NextExpiryIsExactWithoutRemovals) {
  TimerWheel wheel(500);
  EXPECT_EQ(wheel.NextExpiry(), std::nullopt);
  auto timers = MakeTimers(200);
  std::mt19937_64 rng(11);
  std::multimap<uint64_t, int> model;
  for (int i = 0; i < 200; ++i) {
    uint64_t expiry = 501 + rng() % (uint64_t{1} << (4 + i % 40));
    wheel.Insert(&timers[i], expiry);
    model.emplace(expiry, i);
    ASSERT_EQ(wheel.NextExpiry(), model.begin()->first);
  }
  while (!model.empty()) {
    const uint64_t next = *wheel.NextExpiry();
    ASSERT_EQ(next, model.begin()->first);
    // Advancing to one tick before fires nothing and keeps it exact.
    EXPECT_EQ(AdvanceIds(wheel, next - 1).size(), 0u);
    ASSERT_EQ(wheel.NextExpiry(), next);
    std::vector<int> fired = AdvanceIds(wheel, next);
    ASSERT_FALSE(fired.empty());
    for (int id : fired) {
      EXPECT_EQ(timers[id].expiry(), next);
      model.erase(model.begin());
    }
  }
}

TEST(TimerWheel, NextExpiryAfterRemovingEarliestIsALowerBoundAhead) {
  TimerWheel wheel(0);
  Timer a, b;
  wheel.Insert(&a, 5000);  // one level-2 slot holds both
  wheel.Insert(&b, 5005);
  EXPECT_EQ(wheel.NextExpiry(), 5000u);
  wheel.Remove(&a);
  const uint64_t bound = *wheel.NextExpiry();
  EXPECT_GT(bound, wheel.now());
  EXPECT_LE(bound, 5005u);
  // The spurious wakeup fires nothing and makes the answer exact again.
  EXPECT_EQ(AdvanceIds(wheel, bound).size(), 0u);
  EXPECT_EQ(wheel.NextExpiry(), 5005u);
}

TEST(TimerWheel, MisuseAborts) {
  TimerWheel wheel(0);
  Timer t;
  EXPECT_DEATH(wheel.Remove(&t), "not inserted");
  wheel.Insert(&t, 5);
  EXPECT_DEATH(wheel.Insert(&t, 6), "inserted twice");
  EXPECT_DEATH(wheel.Advance(5, [&](TimerEntry*) { wheel.Advance(6, [](TimerEntry*) {}); }),
               "from a timer callback");
}

// Drives the wheel with random inserts, removals and advances (with callbacks
// that insert and remove too) against a multimap keyed by the tick each entry
// is due at; equal keys keep insertion order, as the wheel must.
class RandomizedTest : public ::testing::TestWithParam<uint64_t> {
 protected:
  static constexpr int kTimers = 512;

  RandomizedTest() : rng_(GetParam()), wheel_(rng_() % 1000000), timers_(MakeTimers(kTimers)) {
    where_.resize(kTimers);
    inserted_.resize(kTimers);
  }

  uint64_t Below(uint64_t n) { return rng_() % n; }

  uint64_t RandomExpiry() {
    const uint64_t now = wheel_.now();
    switch (Below(6)) {
      case 0:
        return now - std::min(now, Below(100));  // due
      case 1:
      case 2:
        return now + Below(100);
      case 3:
        return now + Below(100000);
      case 4:
        return now + Below(uint64_t{1} << 32);
      default:
        // Anywhere up to the last tick.
        return std::uniform_int_distribution<uint64_t>(now, kMax)(rng_);
    }
  }

  void Insert(int id) {
    uint64_t expiry = RandomExpiry();
    wheel_.Insert(&timers_[id], expiry);
    where_[id] = model_.emplace(std::max(expiry, wheel_.now()), id);
    inserted_[id] = true;
  }

  void Remove(int id) {
    wheel_.Remove(&timers_[id]);
    model_.erase(where_[id]);
    inserted_[id] = false;
  }

  // Inserts a free timer or removes an inserted one.
  void Toggle(int id) { inserted_[id] ? Remove(id) : Insert(id); }

  void AdvanceBy(uint64_t delta) {
    const uint64_t now = wheel_.now();
    const uint64_t target = now + std::min(delta, kMax - now);
    wheel_.Advance(target, [&](TimerEntry* e) {
      const int id = IdOf(e);
      ASSERT_FALSE(model_.empty());
      ASSERT_EQ(model_.begin()->second, id) << "fired out of order";
      ASSERT_EQ(model_.begin()->first, wheel_.now());
      ASSERT_LE(model_.begin()->first, target);
      model_.erase(model_.begin());
      inserted_[id] = false;
      ++fired_;
      // Callbacks insert (sometimes due ones, sometimes the fired entry
      // itself) and remove.
      if (Below(3) == 0) Toggle(static_cast<int>(Below(kTimers)));
      if (Below(8) == 0 && !inserted_[id]) Insert(id);
      if (Below(16) == 0) wheel_.CheckInvariants();
    });
    ASSERT_EQ(wheel_.now(), target);
    ASSERT_TRUE(model_.empty() || model_.begin()->first > target) << "a due entry did not fire";
  }

  void CheckAgainstModel() {
    wheel_.CheckInvariants();
    ASSERT_EQ(wheel_.size(), model_.size());
    const std::optional<uint64_t> next = wheel_.NextExpiry();
    if (model_.empty()) {
      ASSERT_EQ(next, std::nullopt);
      return;
    }
    ASSERT_TRUE(next.has_value());
    const uint64_t earliest = model_.begin()->first;
    ASSERT_LE(*next, earliest);
    if (earliest <= wheel_.now()) {
      ASSERT_EQ(*next, wheel_.now());
    } else {
      ASSERT_GT(*next, wheel_.now());
    }
  }

  std::mt19937_64 rng_;
  TimerWheel wheel_;
  std::unique_ptr<Timer[]> timers_;
  std::multimap<uint64_t, int> model_;
  std::vector<std::multimap<uint64_t, int>::iterator> where_;
  std::vector<bool> inserted_;
  size_t fired_ = 0;
};

TEST_P(RandomizedTest, MatchesMultimapModel) {
  for (int step = 0; step < 50000 && !HasFatalFailure(); ++step) {
    switch (Below(11)) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4:
        Toggle(static_cast<int>(Below(kTimers)));
        break;
      case 5:
      case 6:
        AdvanceBy(Below(8));
        break;
      case 7:
        AdvanceBy(Below(5000));
        break;
      case 8:
        AdvanceBy(Below(10000000));
        break;
      case 9:
        AdvanceBy(Below(uint64_t{1} << 40));
        break;
      default:
        // Straight to the next expiry, as a scheduler waking from sleep does.
        AdvanceBy(wheel_.NextExpiry().value_or(wheel_.now()) - wheel_.now());
        break;
    }
    CheckAgainstModel();
  }
  EXPECT_GT(fired_, 1000u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomizedTest, ::testing::Values(1, 2, 3, 4));

TEST(TimerWheel, MillionPendingTimers) {
  constexpr int kCount = 1000000;
  TimerWheel wheel(0);
  auto timers = MakeTimers(kCount);
  std::mt19937_64 rng(42);
  for (int i = 0; i < kCount; ++i) {
    // Mostly within ~4.6 hours, a few up to a year: spread over levels 0..5.
    const uint64_t range = i % 100 == 0 ? uint64_t{365} * 24 * 3600 * 1000 : uint64_t{1} << 24;
    wheel.Insert(&timers[i], 1 + rng() % range);
  }
  EXPECT_EQ(wheel.size(), static_cast<size_t>(kCount));
  wheel.CheckInvariants();
  for (int i = 0; i < kCount; i += 2)
    wheel.Remove(&timers[i]);
  EXPECT_EQ(wheel.size(), static_cast<size_t>(kCount / 2));
  wheel.CheckInvariants();

  size_t fired = 0;
  uint64_t last = 0;
  bool ordered = true;
  bool only_odd = true;
  const size_t n = wheel.Advance(kMax, [&](TimerEntry* e) {
    ++fired;
    ordered = ordered && e->expiry() >= last;
    last = e->expiry();
    only_odd = only_odd && IdOf(e) % 2 == 1;
  });
  EXPECT_EQ(n, static_cast<size_t>(kCount / 2));
  EXPECT_EQ(fired, static_cast<size_t>(kCount / 2));
  EXPECT_TRUE(ordered);
  EXPECT_TRUE(only_odd);
  EXPECT_EQ(wheel.size(), 0u);
  EXPECT_EQ(wheel.NextExpiry(), std::nullopt);
  wheel.CheckInvariants();
}

}  // namespace
}  // namespace ling
