#include "runtime/core/run_queue.h"

#include <gtest/gtest.h>

#include <deque>
#include <vector>

namespace ling {
namespace {

struct Item : Schedulable {
  Item(Kind kind, Priority p, int tag) : Schedulable(kind, p), tag(tag) {}
  int Execute(Scheduler&, int) override { return 0; }
  int tag;
};

int Tag(RunQueue::Popped p) {
  return p.item == nullptr ? -1 : static_cast<Item*>(p.item)->tag;
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
  EXPECT_EQ(Tag(q.Pop(true)), 0);
  EXPECT_EQ(Tag(q.Pop(true)), 1);
  EXPECT_EQ(Tag(q.Pop(true)), 2);
  EXPECT_EQ(Tag(q.Pop(true)), 3);
  EXPECT_EQ(q.Pop(true).item, nullptr);
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
    if (Tag(q.Pop(true)) == 100) position = i;
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
    order.push_back(Tag(q.Pop(true)));
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
  RunQueue::Popped next = mine.Pop(/*next_first=*/true);
  EXPECT_EQ(Tag(next), 2);
  EXPECT_TRUE(next.from_next);
  EXPECT_EQ(Tag(thief.Pop(true)), 1);
}

// When its waker's time slice is spent, the woken process waits its turn
// behind the queue: a chain of wake-ups cannot starve the others.
TEST(RunQueue, NextSlotJoinsTheBackOnceItsSliceIsSpent) {
  RunQueue q;
  Item waiting(Schedulable::Kind::kProcess, Priority::kNormal, 1);
  Item woken(Schedulable::Kind::kProcess, Priority::kNormal, 2);
  q.Push(&waiting);
  q.PushNext(&woken);
  EXPECT_EQ(Tag(q.Pop(/*next_first=*/false)), 1);
  q.CheckInvariants();
  EXPECT_EQ(q.stealable(), 1u) << "no longer in the next slot";
  RunQueue::Popped then = q.Pop(/*next_first=*/true);
  EXPECT_EQ(Tag(then), 2);
  EXPECT_FALSE(then.from_next);
  EXPECT_EQ(q.Pop(true).item, nullptr);
  q.CheckInvariants();
}

}  // namespace
}  // namespace ling
