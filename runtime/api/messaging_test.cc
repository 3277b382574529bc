// Message passing between native processes: order, completeness, selective
// receive, registered names and sends from the host.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "ling/runtime.h"
#include "runtime/api/test_util.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"

namespace ling {
namespace {

using testing::Countdown;
using testing::kPatience;

// Many senders each send a numbered sequence of {SenderPid, Seq} tuples to
// one receiver; per sender, the receiver must see 0, 1, 2, ... in order.
TEST(Messaging, OrderPerSenderUnderManyConcurrentSenders) {
  constexpr int kSenders = 32;
  constexpr int kPerSender = 2000;
  Runtime rt({.schedulers = 2});
  std::atomic<int> out_of_order{0};
  std::atomic<int> received{0};
  Countdown done(1);
  auto receiver = rt.Spawn([&](Context& ctx) -> Task {
    absl::flat_hash_map<uint64_t, int64_t> next;
    for (int i = 0; i < kSenders * kPerSender; ++i) {
      Message m = co_await ctx.Receive();
      Term from = TupleElement(m.term(), 0);
      int64_t seq = SmallValue(TupleElement(m.term(), 1));
      if (next[IdValue(from)]++ != seq) out_of_order.fetch_add(1);
      received.fetch_add(1);
    }
    done.Tick();
  });
  ASSERT_TRUE(receiver.ok());
  for (int s = 0; s < kSenders; ++s) {
    Pid to = *receiver;
    ASSERT_TRUE(rt.Spawn([to](Context& ctx) -> Task {
                    for (int i = 0; i < kPerSender; ++i) {
                      Heap scratch;
                      ctx.Send(to, MakeTuple(scratch, {ctx.self().term(), MakeSmall(i)}));
                      if (i % 64 == 0) co_await ctx.Yield();
                    }
                  }).ok());
  }
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(out_of_order.load(), 0);
  EXPECT_EQ(received.load(), kSenders * kPerSender);
  EXPECT_TRUE(rt.WaitForNoProcesses(kPatience));
}

// N senders flood M receivers; nothing is lost.
TEST(Messaging, NoMessageLostUnderFlood) {
  constexpr int kSenders = 16;
  constexpr int kReceivers = 8;
  constexpr int kPerPair = 500;
  Runtime rt({.schedulers = 2});
  std::vector<Pid> receivers;
  std::atomic<int64_t> total{0};
  Countdown done(kReceivers);
  for (int r = 0; r < kReceivers; ++r) {
    auto pid = rt.Spawn([&](Context& ctx) -> Task {
      int64_t sum = 0;
      for (int i = 0; i < kSenders * kPerPair; ++i) {
        Message m = co_await ctx.Receive();
        sum += SmallValue(m.term());
      }
      total.fetch_add(sum);
      done.Tick();
    });
    ASSERT_TRUE(pid.ok());
    receivers.push_back(*pid);
  }
  for (int s = 0; s < kSenders; ++s) {
    ASSERT_TRUE(rt.Spawn([&receivers](Context& ctx) -> Task {
                    for (int i = 0; i < kPerPair; ++i) {
                      for (Pid r : receivers)
                        ctx.Send(r, MakeSmall(1));
                      co_await ctx.Yield();
                    }
                  }).ok());
  }
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(total.load(), int64_t{kSenders} * kReceivers * kPerPair);
}

TEST(Messaging, SelectiveReceiveLeavesOtherMessagesInOrder) {
  Runtime rt({.schedulers = 1});
  std::vector<int64_t> order;
  Countdown done(1);
  auto pid = rt.Spawn([&](Context& ctx) -> Task {
    // Wait until all four messages are queued, then pick 3 first.
    while (true) {
      Message three = co_await ctx.Receive([](Term t) { return SmallValue(t) == 3; });
      order.push_back(SmallValue(three.term()));
      break;
    }
    for (int i = 0; i < 3; ++i) {
      Message m = co_await ctx.Receive();
      order.push_back(SmallValue(m.term()));
    }
    done.Tick();
  });
  ASSERT_TRUE(pid.ok());
  for (int i = 1; i <= 4; ++i)
    ASSERT_TRUE(rt.Send(*pid, MakeSmall(i)).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(order, (std::vector<int64_t>{3, 1, 2, 4}));
}

TEST(Messaging, ReceiveTimesOutAndThenStillReceives) {
  Runtime rt({.schedulers = 2});
  std::atomic<bool> timed_out{false};
  std::atomic<int64_t> got{-1};
  Countdown done(1);
  auto pid = rt.Spawn([&](Context& ctx) -> Task {
    Message none = co_await ctx.Receive(absl::Milliseconds(20));
    timed_out = !none;
    Message m = co_await ctx.Receive(absl::Seconds(30));
    got = m ? SmallValue(m.term()) : -2;
    done.Tick();
  });
  ASSERT_TRUE(pid.ok());
  absl::SleepFor(absl::Milliseconds(200));
  ASSERT_TRUE(rt.Send(*pid, MakeSmall(7)).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_TRUE(timed_out.load());
  EXPECT_EQ(got.load(), 7);
}

TEST(Messaging, ZeroTimeoutPollsTheMailbox) {
  Runtime rt({.schedulers = 1});
  std::vector<bool> results;
  Countdown done(1);
  auto pid = rt.Spawn([&](Context& ctx) -> Task {
    Message empty = co_await ctx.Receive(absl::ZeroDuration());
    results.push_back(static_cast<bool>(empty));
    ctx.Send(ctx.self(), atoms::kOk);
    Message mine = co_await ctx.Receive(absl::ZeroDuration());
    results.push_back(static_cast<bool>(mine));
    done.Tick();
  });
  ASSERT_TRUE(pid.ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(results, (std::vector<bool>{false, true}));
}

TEST(Messaging, RegisteredNamesRouteMessagesAndVanishAtExit) {
  Runtime rt({.schedulers = 2});
  Countdown registered(1), done(1);
  std::atomic<int64_t> got{0};
  auto pid = rt.Spawn([&](Context& ctx) -> Task {
    EXPECT_TRUE(ctx.Register("echo_server").ok());
    EXPECT_EQ(ctx.Register("another").code(), absl::StatusCode::kFailedPrecondition);
    registered.Tick();
    Message m = co_await ctx.Receive();
    got = SmallValue(m.term());
    done.Tick();
  });
  ASSERT_TRUE(pid.ok());
  ASSERT_TRUE(registered.Wait());
  EXPECT_EQ(rt.Whereis("echo_server"), *pid);
  ASSERT_TRUE(rt.Send("echo_server", MakeSmall(42)).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(got.load(), 42);
  ASSERT_TRUE(rt.WaitForNoProcesses(kPatience));
  EXPECT_EQ(rt.Whereis("echo_server"), std::nullopt);
  EXPECT_EQ(rt.Send("echo_server", MakeSmall(1)).code(), absl::StatusCode::kNotFound);
}

TEST(Messaging, BinariesAndNestedTermsArriveIntact) {
  Runtime rt({.schedulers = 2});
  std::string big(1000, 'x');
  Countdown done(1);
  std::atomic<bool> intact{false};
  auto receiver = rt.Spawn([&](Context& ctx) -> Task {
    Message m = co_await ctx.Receive();
    Term t = m.term();
    std::span<const uint8_t> bytes = BinaryBytes(TupleElement(t, 1));
    intact = TupleElement(t, 0) == atoms::kOk && bytes.size() == big.size() &&
             std::equal(bytes.begin(), bytes.end(), big.begin()) &&
             SmallValue(Head(TupleElement(t, 2))) == 1;
    done.Tick();
  });
  ASSERT_TRUE(receiver.ok());
  ASSERT_TRUE(rt.Spawn([&, to = *receiver](Context& ctx) -> Task {
                  Heap& h = ctx.heap();
                  Term list = MakeCons(h, MakeSmall(1), MakeCons(h, MakeSmall(2), kNil));
                  ctx.Send(to, MakeTuple(h, {atoms::kOk, MakeBinary(h, big), list}));
                  co_return;
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_TRUE(intact.load());
}

TEST(Messaging, SendAfterDeliversAndCancelStopsIt) {
  Runtime rt({.schedulers = 2});
  std::vector<int64_t> got;
  std::optional<absl::Duration> left;
  Countdown done(1);
  auto pid = rt.Spawn([&](Context& ctx) -> Task {
    TimerRef cancelled = ctx.SendAfter(absl::Seconds(30), ctx.self(), MakeSmall(1));
    ctx.SendAfter(absl::Milliseconds(10), ctx.self(), MakeSmall(2));
    left = cancelled.Cancel();
    Message m = co_await ctx.Receive();
    got.push_back(SmallValue(m.term()));
    Message none = co_await ctx.Receive(absl::Milliseconds(100));
    if (none) got.push_back(SmallValue(none.term()));
    EXPECT_FALSE(cancelled.Cancel().has_value()) << "a second cancel finds nothing";
    done.Tick();
  });
  ASSERT_TRUE(pid.ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(got, (std::vector<int64_t>{2}));
  ASSERT_TRUE(left.has_value());
  EXPECT_GT(*left, absl::Seconds(20));
}

TEST(Messaging, HostSendAfterReachesAProcess) {
  Runtime rt({.schedulers = 2});
  Countdown done(1);
  auto pid = rt.Spawn([&](Context& ctx) -> Task {
    Message m = co_await ctx.Receive();
    if (m.term() == atoms::kOk) done.Tick();
  });
  ASSERT_TRUE(pid.ok());
  TimerRef t = rt.SendAfter(absl::Milliseconds(5), *pid, atoms::kOk);
  EXPECT_TRUE(done.Wait());
}

}  // namespace
}  // namespace ling
