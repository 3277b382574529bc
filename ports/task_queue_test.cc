#include "ports/task_queue.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace ling {
namespace {

PortTask* Task(uint64_t sender, int tag) {
  auto* t = new PortTask;
  t->sender = MakePid(sender);
  t->command = tag;
  return t;
}

std::vector<int> Drain(PortTaskQueue& q) {
  std::vector<int> tags;
  q.FetchPublic();
  while (PortTask* t = q.PopPrivate()) {
    tags.push_back(static_cast<int>(t->command));
    delete t;
  }
  return tags;
}

TEST(PortTaskQueue, PublicMovesBehindPrivateInOrder) {
  PortTaskQueue q;
  q.PushPublic(Task(1, 1));
  q.PushPublic(Task(1, 2));
  q.FetchPublic();
  q.PushPublic(Task(1, 3));
  q.CheckInvariants();
  EXPECT_EQ(Drain(q), (std::vector<int>{1, 2, 3}));
}

TEST(PortTaskQueue, BlockedTasksGoAfterTheirSendersLastAndComeBackFirst) {
  PortTaskQueue q;
  q.Block(Task(1, 10));
  q.Block(Task(2, 20));
  q.Block(Task(1, 11));  // right after sender 1's last blocked task
  EXPECT_TRUE(q.HasBlocked(MakePid(1)));
  EXPECT_FALSE(q.HasBlocked(MakePid(3)));
  q.CheckInvariants();
  q.PushPublic(Task(3, 30));
  q.FetchPublic();
  q.Unblock();  // busy queue in front of the private queue
  q.CheckInvariants();
  EXPECT_FALSE(q.HasBlocked(MakePid(1)));
  EXPECT_EQ(Drain(q), (std::vector<int>{10, 11, 20, 30}));
}

TEST(PortTaskQueue, TakeAllReturnsEverythingOldestFirst) {
  PortTaskQueue q;
  q.Block(Task(1, 1));
  q.PushPublic(Task(1, 3));
  std::vector<PortTask*> all = q.TakeAll();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]->command, 1u);
  EXPECT_EQ(all[1]->command, 3u);
  for (PortTask* t : all)
    delete t;
  q.CheckInvariants();
}

}  // namespace
}  // namespace ling
