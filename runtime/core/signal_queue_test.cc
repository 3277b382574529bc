#include "runtime/core/signal_queue.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace ling {
namespace {

std::unique_ptr<Signal> Numbered(uint64_t from, int64_t n) {
  auto s = std::make_unique<Signal>();
  s->from = MakePid(from);
  s->term = MakeSmall(n);
  return s;
}

TEST(SignalList, UnlinkFromTheMiddleKeepsOrderAndTail) {
  SignalList list;
  for (int i = 0; i < 4; ++i)
    list.PushBack(Numbered(0, i));
  Signal** link = &list.front()->next;  // points at #1
  EXPECT_EQ(SmallValue(list.Unlink(link)->term), 1);
  Signal** last = &list.front()->next->next;  // points at #3
  EXPECT_EQ(SmallValue(list.Unlink(last)->term), 3);
  list.PushBack(Numbered(0, 9));
  list.CheckInvariants();
  std::vector<int64_t> seen;
  while (!list.empty())
    seen.push_back(SmallValue(list.PopFront()->term));
  EXPECT_EQ(seen, (std::vector<int64_t>{0, 2, 9}));
}

TEST(SignalInQueue, TakeAllReturnsOldestFirst) {
  SignalInQueue q;
  for (int i = 0; i < 5; ++i)
    q.Push(Numbered(1, i));
  SignalList list = q.TakeAll();
  list.CheckInvariants();
  ASSERT_EQ(list.size(), 5u);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(SmallValue(list.PopFront()->term), i);
  EXPECT_TRUE(q.LooksEmpty());
}

// Many senders, one receiver taking batches while they push: every signal
// arrives exactly once and each sender's signals arrive in its order.
TEST(SignalInQueue, ConcurrentSendersKeepPerSenderOrder) {
  constexpr int kSenders = 4;
  constexpr int kPerSender = 50000;
  SignalInQueue q;
  std::vector<std::thread> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&q, s] {
      for (int i = 0; i < kPerSender; ++i)
        q.Push(Numbered(s, i));
    });
  }
  std::vector<int64_t> next(kSenders, 0);
  int received = 0;
  while (received < kSenders * kPerSender) {
    SignalList batch = q.TakeAll();
    batch.CheckInvariants();
    while (!batch.empty()) {
      auto sig = batch.PopFront();
      uint64_t sender = IdValue(sig->from);
      ASSERT_EQ(SmallValue(sig->term), next[sender]) << "sender " << sender;
      ++next[sender];
      ++received;
    }
  }
  for (auto& t : senders)
    t.join();
  EXPECT_TRUE(q.LooksEmpty());
}

}  // namespace
}  // namespace ling
