// ErlangTimers on a running runtime: timers fire to pids and to names looked
// up late, leave the table before their message arrives, cancel and read
// from any thread, go with their receiver; a stress run of starts, cancels,
// reads and receiver ends from many threads at once, the checker walking
// the table throughout; shutdown with timers pending.
#include "emulator/system/erlang_timers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "ling/runtime.h"
#include "runtime/api/test_util.h"
#include "runtime/core/node.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/format.h"
#include "runtime/term/reference.h"
#include "runtime/timer/clock.h"

namespace ling::emulator {
namespace {

using testing::Countdown;
using testing::kPatience;

int64_t Now() {
  return static_cast<int64_t>(MonotonicMillis());
}

// What a native process received, as text, for the host thread to wait on.
class Inbox {
 public:
  void Put(std::string message) {
    std::lock_guard<std::mutex> lock(mutex_);
    messages_.push_back(std::move(message));
    changed_.notify_all();
  }
  // The next message, or nullopt after `timeout`.
  std::optional<std::string> Next(absl::Duration timeout = kPatience) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!changed_.wait_for(lock, absl::ToChronoMilliseconds(timeout),
                           [this] { return !messages_.empty(); })) {
      return std::nullopt;
    }
    std::string m = std::move(messages_.front());
    messages_.pop_front();
    return m;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> messages_;
};

class ErlangTimersTest : public ::testing::Test {
 protected:
  ~ErlangTimersTest() override { (void)runtime_.Stop(); }

  // A process that puts what it receives into `inbox`, registered under
  // `name` if one is given.
  Pid Receiver(Inbox& inbox, std::string name = "") {
    absl::StatusOr<Pid> pid = runtime_.Spawn([&inbox, name](Context& ctx) -> Task {
      if (!name.empty()) (void)ctx.Register(name);
      for (;;) {
        Message m = co_await ctx.Receive();
        inbox.Put(ToString(m.term()));
      }
    });
    EXPECT_TRUE(pid.ok());
    return *pid;
  }

  // A process that has ended.
  Pid DeadPid() {
    absl::StatusOr<Pid> pid = runtime_.Spawn([](Context&) -> Task { co_return; });
    EXPECT_TRUE(pid.ok());
    while (runtime_.IsAlive(*pid))
      std::this_thread::yield();
    return *pid;
  }

  void Start(MonitorRef ref, Term to, Term message, int64_t due_ms) {
    ProtectedSection section(runtime_.node());
    timers_.Start(ref, to, message, due_ms);
  }
  std::optional<int64_t> Cancel(MonitorRef ref) {
    ProtectedSection section(runtime_.node());
    return timers_.Cancel(ref);
  }
  std::optional<int64_t> Read(MonitorRef ref) {
    ProtectedSection section(runtime_.node());
    return timers_.Read(ref);
  }

  Runtime runtime_{RuntimeOptions{.schedulers = 2}};
  ErlangTimers timers_{runtime_.node()};
};

TEST_F(ErlangTimersTest, FiresToAPidWithACopyAndLeavesTheTableFirst) {
  Inbox inbox;
  Pid to = Receiver(inbox);
  MonitorRef ref = NewMonitorRef();
  {
    // The message outlives the heap it was built on.
    Heap heap;
    std::string big(200, 'x');
    Start(ref, to.term(), MakeTuple(heap, {InternAtom("hello"), MakeBinary(heap, big)}), Now() + 5);
  }
  EXPECT_EQ(timers_.size(), 1u);
  std::optional<std::string> m = inbox.Next();
  ASSERT_TRUE(m.has_value());
  std::string bytes = "120";
  for (int i = 1; i < 200; ++i)
    bytes += ",120";
  EXPECT_EQ(*m, "{hello,<<" + bytes + ">>}");
  // The entry went before the message was sent.
  EXPECT_EQ(timers_.size(), 0u);
  EXPECT_EQ(Read(ref), std::nullopt);
  EXPECT_EQ(Cancel(ref), std::nullopt);
  timers_.CheckInvariants();
}

TEST_F(ErlangTimersTest, CancelStopsTheMessageAndTellsTheTimeLeft) {
  Inbox inbox;
  Pid to = Receiver(inbox);
  MonitorRef ref = NewMonitorRef();
  Start(ref, to.term(), InternAtom("never"), Now() + 10'000);
  std::optional<int64_t> read = Read(ref);
  ASSERT_TRUE(read.has_value());
  EXPECT_GT(*read, 9'000);
  EXPECT_LE(*read, 10'000);
  std::optional<int64_t> left = Cancel(ref);
  ASSERT_TRUE(left.has_value());
  EXPECT_LE(*left, *read);
  EXPECT_EQ(Cancel(ref), std::nullopt);
  EXPECT_EQ(Read(ref), std::nullopt);
  EXPECT_EQ(timers_.size(), 0u);
  // A later timer to the same receiver comes, the cancelled one never.
  Start(NewMonitorRef(), to.term(), InternAtom("later"), Now());
  EXPECT_EQ(inbox.Next(), "later");
  EXPECT_EQ(inbox.Next(absl::Milliseconds(50)), std::nullopt);
}

TEST_F(ErlangTimersTest, APastTimeFiresAtOnceAndTwoTimersComeInTheirOrder) {
  Inbox inbox;
  Pid to = Receiver(inbox);
  int64_t now = Now();
  Start(NewMonitorRef(), to.term(), InternAtom("second"), now + 40);
  Start(NewMonitorRef(), to.term(), InternAtom("first"), now - 1000);
  EXPECT_EQ(inbox.Next(), "first");
  EXPECT_EQ(inbox.Next(), "second");
}

TEST_F(ErlangTimersTest, ANameIsLookedUpWhenTheTimerFires) {
  Term name = InternAtom("erlang_timers_test_late");
  MonitorRef ref = NewMonitorRef();
  Start(ref, name, InternAtom("found"), Now() + 50);
  Inbox inbox;
  Receiver(inbox, "erlang_timers_test_late");
  EXPECT_EQ(inbox.Next(), "found");
  // Nobody by that name: dropped, and gone from the table.
  MonitorRef nobody = NewMonitorRef();
  Start(nobody, InternAtom("erlang_timers_test_nobody"), InternAtom("lost"), Now());
  while (timers_.size() != 0)
    std::this_thread::yield();
  EXPECT_EQ(Read(nobody), std::nullopt);
}

TEST_F(ErlangTimersTest, ATimerToADeadPidIsDroppedAtOnce) {
  MonitorRef ref = NewMonitorRef();
  Start(ref, DeadPid().term(), InternAtom("lost"), Now() + 10'000);
  EXPECT_EQ(timers_.size(), 0u);
  EXPECT_EQ(Read(ref), std::nullopt);
}

TEST_F(ErlangTimersTest, TimersGoWithTheirReceiver) {
  Inbox inbox;
  Pid to = Receiver(inbox);
  MonitorRef a = NewMonitorRef(), b = NewMonitorRef(), named = NewMonitorRef();
  Start(a, to.term(), InternAtom("a"), Now() + 10'000);
  Start(b, to.term(), InternAtom("b"), Now() + 10'000);
  Start(named, InternAtom("erlang_timers_test_named"), InternAtom("n"), Now() + 10'000);
  {
    ProtectedSection section(runtime_.node());
    timers_.ReceiverEnded(to.term());
  }
  timers_.CheckInvariants();
  EXPECT_EQ(Read(a), std::nullopt);
  EXPECT_EQ(Cancel(b), std::nullopt);
  // A timer bound for a name belongs to no process.
  EXPECT_TRUE(Read(named).has_value());
  EXPECT_EQ(timers_.size(), 1u);
}

// A receiver that ended without ReceiverEnded (a native process): Read and
// Cancel find it dead and answer false, as erl does.
TEST_F(ErlangTimersTest, AReceiverThatEndedUnseenIsFoundByReadAndCancel) {
  Countdown stop(1);
  absl::StatusOr<Pid> pid = runtime_.Spawn([&stop](Context& ctx) -> Task {
    (void)co_await ctx.Receive();
    stop.Tick();
  });
  ASSERT_TRUE(pid.ok());
  MonitorRef a = NewMonitorRef(), b = NewMonitorRef();
  Start(a, pid->term(), InternAtom("a"), Now() + 10'000);
  Start(b, pid->term(), InternAtom("b"), Now() + 10'000);
  ASSERT_TRUE(runtime_.Send(*pid, InternAtom("stop")).ok());
  ASSERT_TRUE(stop.Wait());
  while (runtime_.IsAlive(*pid))
    std::this_thread::yield();
  EXPECT_EQ(Read(a), std::nullopt);
  EXPECT_EQ(Cancel(b), std::nullopt);
  EXPECT_EQ(timers_.size(), 0u);
}

// Threads start timers to counting receivers (three by pid, one by name),
// cancel and read their own and each other's, and end a victim's timers,
// while the checker walks the table. Every counted timer either was
// cancelled or delivered its message exactly once.
TEST_F(ErlangTimersTest, StressStartsCancelsReadsAndReceiverEndsFromManyThreads) {
  constexpr int kThreads = 6;
  constexpr int kPerThread = 3000;
  constexpr int kCounted = 4;
  std::atomic<int64_t> delivered{0};
  std::vector<Term> counted;
  for (int i = 0; i < kCounted; ++i) {
    std::string name = i == kCounted - 1 ? "erlang_timers_stress" : "";
    absl::StatusOr<Pid> pid = runtime_.Spawn([&delivered, name](Context& ctx) -> Task {
      if (!name.empty()) (void)ctx.Register(name);
      for (;;) {
        Message m = co_await ctx.Receive();
        if (IsTuple(m.term())) delivered.fetch_add(1);
      }
    });
    ASSERT_TRUE(pid.ok());
    counted.push_back(i == kCounted - 1 ? InternAtom(name) : pid->term());
  }
  while (!runtime_.Whereis("erlang_timers_stress").has_value())
    std::this_thread::yield();
  Inbox ignored;
  Pid victim = Receiver(ignored);
  Term dead = DeadPid().term();

  std::atomic<int64_t> started{0}, cancelled{0};
  std::atomic<bool> done{false};
  // Every reference made up front, so that threads share indexes into a
  // table nobody writes; a slot holds the index of a counted timer, or -1.
  std::vector<MonitorRef> refs(kThreads * kPerThread);
  for (MonitorRef& ref : refs)
    ref = NewMonitorRef();
  std::vector<std::atomic<int>> shared(kThreads * 64);
  for (std::atomic<int>& slot : shared)
    slot.store(-1);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      Heap heap;
      for (int i = 0; i < kPerThread; ++i) {
        ProtectedSection section(runtime_.node());
        int index = t * kPerThread + i;
        MonitorRef ref = refs[index];
        int pick = static_cast<int>(rng() % 8);
        Term to = pick < kCounted ? counted[pick] : pick < 6 ? victim.term() : dead;
        Term message = MakeTuple(heap, {MakeSmall(i), MakeBinary(heap, std::string(80, 'm'))});
        timers_.Start(ref, to, message, Now() + static_cast<int64_t>(rng() % 20));
        if (pick < kCounted) {
          started.fetch_add(1);
          // Another thread may cancel or read this one.
          shared[t * 64 + i % 64].store(index);
        }
        int slot = shared[rng() % shared.size()].load();
        MonitorRef other = slot < 0 ? NewMonitorRef() : refs[slot];
        switch (rng() % 3) {
          case 0:
            if (timers_.Cancel(other).has_value()) cancelled.fetch_add(1);
            break;
          case 1:
            (void)timers_.Read(other);
            break;
          default:
            timers_.ReceiverEnded(victim.term());
        }
        if (i % 256 == 0) heap.Clear();
      }
    });
  }
  std::thread checker([&] {
    while (!done.load())
      timers_.CheckInvariants();
  });
  for (std::thread& t : threads)
    t.join();
  done.store(true);
  checker.join();
  absl::Time deadline = absl::Now() + kPatience;
  while (delivered.load() + cancelled.load() < started.load() && absl::Now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  {
    ProtectedSection section(runtime_.node());
    timers_.ReceiverEnded(victim.term());
  }
  EXPECT_EQ(delivered.load() + cancelled.load(), started.load());
  while (timers_.size() != 0 && absl::Now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(timers_.size(), 0u);
  timers_.CheckInvariants();
}

// Timers still pending at shutdown, with messages holding refc binaries:
// freed without firing, in either order of the table and the runtime (the
// address sanitizer build sees a leak or a double free).
TEST(ErlangTimersShutdown, PendingTimersAreFreedWhicheverGoesFirst) {
  for (bool table_first : {true, false}) {
    auto runtime = std::make_unique<Runtime>(RuntimeOptions{.schedulers = 2});
    auto timers = std::make_unique<ErlangTimers>(runtime->node());
    absl::StatusOr<Pid> to = runtime->Spawn([](Context& ctx) -> Task {
      for (;;)
        (void)co_await ctx.Receive();
    });
    ASSERT_TRUE(to.ok());
    {
      ProtectedSection section(runtime->node());
      Heap heap;
      for (int i = 0; i < 100; ++i) {
        timers->Start(NewMonitorRef(), i % 2 ? to->term() : InternAtom("nobody"),
                      MakeBinary(heap, std::string(1000, 'b')),
                      static_cast<int64_t>(MonotonicMillis()) + 60'000);
      }
    }
    EXPECT_EQ(timers->size(), 100u);
    ASSERT_TRUE(runtime->Stop().ok());
    if (table_first) timers.reset();
    runtime.reset();
    timers.reset();
  }
}

}  // namespace
}  // namespace ling::emulator
