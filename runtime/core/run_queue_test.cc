#include "runtime/core/run_queue.h"

#include <gtest/gtest.h>

#include <deque>
#include <vector>

namespace ling {
namespace {

struct Item : Schedulable {
  Item(Kind kind, Priority p, int tag) : Schedulable(kind, p), tag(tag) {}
  void Execute(Scheduler&) override {}
  int tag;
};

int Tag(Schedulable* s) {
  return s == nullptr ? -1 : static_cast<Item*>(s)->tag;
}

TEST(RunQueue, HigherPrioritiesRunFirst) {
  RunQueue q;
  Item low(Schedulable::Kind::kProcess, Priority::kLow, 3);
  Item normal(Schedulable::Kind::kProcess, Priority::kNormal, 2);
  Item high(Schedulable::Kind::kProcess, Priority::kHigh, 1);
  Item max(Schedulable::Kind::kProcess, Priority::kMax, 0);
  q.Push(&low);
  q.Push(&normal);
  q.Push(&high);
  q.Push(&max);
  q.CheckInvariants();
  EXPECT_EQ(Tag(q.Pop()), 0);
  EXPECT_EQ(Tag(q.Pop()), 1);
  EXPECT_EQ(Tag(q.Pop()), 2);
  EXPECT_EQ(Tag(q.Pop()), 3);
  EXPECT_EQ(q.Pop(), nullptr);
  q.CheckInvariants();
}

TEST(RunQueue, LowGetsATurnAmongNormals) {
  RunQueue q;
  std::deque<Item> normals;
  for (int i = 0; i < 40; ++i)
    normals.emplace_back(Schedulable::Kind::kProcess, Priority::kNormal, i);
  Item low(Schedulable::Kind::kProcess, Priority::kLow, 100);
  for (auto& n : normals)
    q.Push(&n);
  q.Push(&low);
  int position = 0;
  for (int i = 0; i < 41; ++i) {
    if (Tag(q.Pop()) == 100) position = i;
  }
  EXPECT_EQ(position, RunQueue::kLowSkips) << "low ran after kLowSkips normal picks";
}

TEST(RunQueue, PortsAlternateWithProcesses) {
  RunQueue q;
  Item p1(Schedulable::Kind::kProcess, Priority::kNormal, 1);
  Item p2(Schedulable::Kind::kProcess, Priority::kNormal, 2);
  Item port1(Schedulable::Kind::kPort, Priority::kNormal, 10);
  Item port2(Schedulable::Kind::kPort, Priority::kNormal, 20);
  q.Push(&p1);
  q.Push(&p2);
  q.Push(&port1);
  q.Push(&port2);
  std::vector<int> order;
  for (int i = 0; i < 4; ++i)
    order.push_back(Tag(q.Pop()));
  EXPECT_EQ(order, (std::vector<int>{10, 1, 20, 2}));
}

TEST(RunQueue, NextSlotRunsFirstAndIsNotStolen) {
  RunQueue mine, thief;
  Item queued(Schedulable::Kind::kProcess, Priority::kNormal, 1);
  Item woken(Schedulable::Kind::kProcess, Priority::kNormal, 2);
  mine.Push(&queued);
  mine.PushNext(&woken);
  EXPECT_EQ(mine.length(), 2u);
  EXPECT_EQ(mine.stealable(), 1u);
  EXPECT_EQ(mine.StealHalfInto(thief), 1u);
  mine.CheckInvariants();
  thief.CheckInvariants();
  EXPECT_EQ(Tag(mine.Pop()), 2);
  EXPECT_EQ(Tag(thief.Pop()), 1);
}

TEST(RunQueue, NextSlotCannotStarveTheQueue) {
  RunQueue q;
  Item waiting(Schedulable::Kind::kProcess, Priority::kNormal, 1);
  Item pinger(Schedulable::Kind::kProcess, Priority::kNormal, 2);
  q.Push(&waiting);
  int picks = 0;
  for (;;) {
    q.PushNext(&pinger);  // a ping-pong partner keeps waking
    ++picks;
    if (Tag(q.Pop()) == 1) break;
    ASSERT_LE(picks, RunQueue::kNextRuns + 1);
  }
  EXPECT_EQ(picks, RunQueue::kNextRuns + 1);
}

TEST(RunQueue, StealTakesHalf) {
  RunQueue victim, thief;
  std::deque<Item> items;
  for (int i = 0; i < 10; ++i)
    items.emplace_back(Schedulable::Kind::kProcess, Priority::kNormal, i);
  for (auto& it : items)
    victim.Push(&it);
  EXPECT_EQ(victim.StealHalfInto(thief), 5u);
  EXPECT_EQ(victim.length(), 5u);
  EXPECT_EQ(thief.length(), 5u);
  victim.CheckInvariants();
  thief.CheckInvariants();
}

}  // namespace
}  // namespace ling
