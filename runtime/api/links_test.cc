// Links, exit signals and trap_exit, with Erlang's rules.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "ling/runtime.h"
#include "runtime/api/test_util.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/format.h"

namespace ling {
namespace {

using testing::Countdown;
using testing::kPatience;

// Blocks forever (until killed); counts destructions of its frame.
struct Alive {
  std::atomic<int>* destroyed;
  ~Alive() { destroyed->fetch_add(1); }
};

Task WaitForever(Context& ctx, std::atomic<int>* destroyed, Countdown* started) {
  Alive guard{destroyed};
  started->Tick();
  for (;;)
    co_await ctx.Receive([](Term) { return false; });
}

// A chain of linked processes: when one end dies abnormally, every process
// dies, and each coroutine frame is destroyed (its locals' destructors run).
TEST(Links, AbnormalExitCascadesThroughAChain) {
  constexpr int kLength = 200;
  Runtime rt({.schedulers = 2});
  std::atomic<int> destroyed{0};
  Countdown started(kLength);
  std::vector<Pid> chain;
  for (int i = 0; i < kLength; ++i) {
    auto pid = rt.Spawn([&, prev = chain.empty() ? Pid{} : chain.back()](Context& ctx) -> Task {
      if (prev) ctx.Link(prev);
      return WaitForever(ctx, &destroyed, &started);
    });
    ASSERT_TRUE(pid.ok());
    chain.push_back(*pid);
  }
  ASSERT_TRUE(started.Wait());
  ASSERT_TRUE(rt.Exit(chain.back(), InternAtom("boom")).ok());
  ASSERT_TRUE(rt.WaitForNoProcesses(kPatience));
  EXPECT_EQ(destroyed.load(), kLength);
}

// A normal exit does not take linked processes down.
TEST(Links, NormalExitDoesNotPropagate) {
  Runtime rt({.schedulers = 2});
  std::atomic<int> destroyed{0};
  Countdown started(1), child_done(1);
  auto survivor = rt.Spawn([&](Context& ctx) -> Task {
    auto child = ctx.Spawn(
        [&](Context&) -> Task {
          child_done.Tick();
          co_return;
        },
        {.link = true});
    EXPECT_TRUE(child.ok());
    return WaitForever(ctx, &destroyed, &started);
  });
  ASSERT_TRUE(survivor.ok());
  ASSERT_TRUE(child_done.Wait());
  ASSERT_TRUE(started.Wait());
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_TRUE(rt.IsAlive(*survivor));
  EXPECT_EQ(destroyed.load(), 0);
}

// A process trapping exits turns the exit signal of a linked process into an
// {'EXIT', Pid, Reason} message, and survives.
TEST(Links, TrapExitTurnsExitSignalsIntoMessages) {
  Runtime rt({.schedulers = 2});
  std::string seen;
  Countdown done(1);
  Term boom = InternAtom("boom");
  auto trapper = rt.Spawn([&](Context& ctx) -> Task {
    ctx.TrapExit(true);
    auto child = ctx.Spawn([&](Context& c) -> Task { co_await c.Exit(boom); }, {.link = true});
    EXPECT_TRUE(child.ok());
    Message m = co_await ctx.Receive();
    Term t = m.term();
    if (IsTuple(t) && TupleArity(t) == 3 && TupleElement(t, 1) == child->term()) {
      seen = ToString(TupleElement(t, 0)) + " " + ToString(TupleElement(t, 2));
    }
    done.Tick();
  });
  ASSERT_TRUE(trapper.ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(seen, "'EXIT' boom");
}

// A link that reaches a process in the same batch of signals as the exit
// that ends it brings the exit's reason back, as BEAM does.
TEST(Links, ALinkBehindTheKillingSignalGetsTheExitReason) {
  Runtime rt({.schedulers = 1});  // the target cannot run between the two signals
  std::string seen;
  Countdown done(1);
  auto trapper = rt.Spawn([&](Context& ctx) -> Task {
    ctx.TrapExit(true);
    auto target = ctx.Spawn([](Context& c) -> Task { co_await c.Receive(); });
    ctx.SendExit(*target, InternAtom("shot"));
    ctx.Link(*target);
    Message m = co_await ctx.Receive();
    Term t = m.term();
    if (IsTuple(t) && TupleArity(t) == 3 && TupleElement(t, 1) == target->term()) {
      seen = ToString(TupleElement(t, 0)) + " " + ToString(TupleElement(t, 2));
    }
    done.Tick();
  });
  ASSERT_TRUE(trapper.ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(seen, "'EXIT' shot");
}

// In a chain where the middle process traps exits, the cascade stops there.
TEST(Links, CascadeStopsAtATrappingProcess) {
  Runtime rt({.schedulers = 2});
  std::atomic<int> destroyed{0};
  Countdown started(3), trapped(1);
  auto head =
      rt.Spawn([&](Context& ctx) -> Task { return WaitForever(ctx, &destroyed, &started); });
  ASSERT_TRUE(head.ok());
  auto middle = rt.Spawn([&, prev = *head](Context& ctx) -> Task {
    ctx.TrapExit(true);
    ctx.Link(prev);
    started.Tick();
    Message m = co_await ctx.Receive();
    if (IsTuple(m.term()) && TupleElement(m.term(), 0) == atoms::kEXIT) trapped.Tick();
    for (;;)
      co_await ctx.Receive([](Term) { return false; });
  });
  ASSERT_TRUE(middle.ok());
  auto tail = rt.Spawn([&, prev = *middle](Context& ctx) -> Task {
    ctx.Link(prev);
    return WaitForever(ctx, &destroyed, &started);
  });
  ASSERT_TRUE(tail.ok());
  ASSERT_TRUE(started.Wait());
  ASSERT_TRUE(rt.Exit(*head, InternAtom("crash")).ok());
  ASSERT_TRUE(trapped.Wait());
  EXPECT_TRUE(rt.IsAlive(*middle));
  EXPECT_TRUE(rt.IsAlive(*tail));
  EXPECT_FALSE(rt.IsAlive(*head));
}

// exit(Pid, kill) cannot be trapped; linked processes see reason `killed`.
TEST(Links, KillIsUntrappableAndPropagatesAsKilled) {
  Runtime rt({.schedulers = 2});
  Countdown started(1), done(1);
  std::atomic<uint64_t> victim_id{0};
  std::string reason;
  auto watcher = rt.Spawn([&](Context& ctx) -> Task {
    ctx.TrapExit(true);
    auto victim = ctx.Spawn(
        [&](Context& c) -> Task {
          c.TrapExit(true);
          victim_id = c.self().id;
          started.Tick();
          for (;;)
            co_await c.Receive([](Term) { return false; });
        },
        {.link = true});
    EXPECT_TRUE(victim.ok());
    Message m = co_await ctx.Receive();
    reason = ToString(TupleElement(m.term(), 2));
    done.Tick();
  });
  ASSERT_TRUE(watcher.ok());
  ASSERT_TRUE(started.Wait());
  ASSERT_TRUE(rt.Exit(Pid{victim_id.load()}, atoms::kKill).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(reason, "killed");
}

// exit(Pid, normal) is ignored by a process that does not trap exits, but
// exit(self(), normal) ends the caller.
TEST(Links, NormalExitSignalRules) {
  Runtime rt({.schedulers = 2});
  std::atomic<int> destroyed{0};
  Countdown started(1);
  auto target =
      rt.Spawn([&](Context& ctx) -> Task { return WaitForever(ctx, &destroyed, &started); });
  ASSERT_TRUE(target.ok());
  ASSERT_TRUE(started.Wait());
  ASSERT_TRUE(rt.Exit(*target, atoms::kNormal).ok());
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_TRUE(rt.IsAlive(*target));
  auto self_exit = rt.Spawn([&](Context& ctx) -> Task {
    ctx.SendExit(ctx.self(), atoms::kNormal);
    for (;;)
      co_await ctx.Receive([](Term) { return false; });
  });
  ASSERT_TRUE(self_exit.ok());
  ASSERT_TRUE(rt.Exit(*target, atoms::kKill).ok());
  EXPECT_TRUE(rt.WaitForNoProcesses(kPatience));
}

// Linking to a process that does not exist brings an exit signal `noproc`.
TEST(Links, LinkToDeadProcessGetsNoproc) {
  Runtime rt({.schedulers = 1});
  std::string reason;
  Countdown done(1);
  auto pid = rt.Spawn([&](Context& ctx) -> Task {
    ctx.TrapExit(true);
    ctx.Link(Pid{(uint64_t{77} << 28) | 12345});
    Message m = co_await ctx.Receive(absl::Seconds(30));
    if (m) reason = ToString(m.term());
    done.Tick();
  });
  ASSERT_TRUE(pid.ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(reason, "{'EXIT',<0.12345.77>,noproc}");
}

// Unlinking before the other side dies means no exit signal arrives.
TEST(Links, UnlinkRemovesTheLinkOnBothSides) {
  Runtime rt({.schedulers = 2});
  Countdown done(1);
  std::atomic<bool> got_exit{false};
  auto pid = rt.Spawn([&](Context& ctx) -> Task {
    ctx.TrapExit(true);
    auto child = ctx.Spawn(
        [](Context& c) -> Task {
          co_await c.Receive();  // wait for go
          co_await c.Exit(InternAtom("bye"));
        },
        {.link = true});
    ctx.Unlink(*child);
    ctx.Send(*child, atoms::kOk);
    Message m = co_await ctx.Receive(absl::Milliseconds(200));
    got_exit = static_cast<bool>(m);
    done.Tick();
  });
  ASSERT_TRUE(pid.ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_FALSE(got_exit.load());
}

}  // namespace
}  // namespace ling
