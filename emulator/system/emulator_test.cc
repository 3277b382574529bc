// Erlang processes on a real Runtime: calls run in order, modules load on
// first call from the code path (the OTP installation for lists), halt and
// uncaught exceptions reach the host, and the host tells the BIFs what is
// loaded.
#include "emulator/system/emulator.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "emulator/loader/beam_module.h"
#include "emulator/loader/test_files.h"
#include "emulator/vm/specialise.h"
#include "ling/native.h"
#include "ports/driver.h"
#include "ports/port_system.h"
#include "runtime/api/test_util.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/build.h"
#include "runtime/term/format.h"

namespace ling::emulator {
namespace {

// Collects what the emulator tells the host, and waits for it.
class HostEvents {
 public:
  void Halted(int status) {
    std::lock_guard<std::mutex> lock(mutex_);
    halt_status_ = status;
    changed_.notify_all();
  }
  void Crashed(const Crash& c) {
    std::lock_guard<std::mutex> lock(mutex_);
    crash_ = std::string(AtomName(c.error_class)) + ":" + ToString(c.reason) + " " +
             ToString(c.stacktrace);
    changed_.notify_all();
  }
  std::optional<int> WaitForHalt() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(30), [&] { return halt_status_.has_value(); });
    return halt_status_;
  }
  std::string WaitForCrash() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(30), [&] { return !crash_.empty(); });
    return crash_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<int> halt_status_;
  std::string crash_;
};

class EmulatorTest : public ::testing::Test {
 protected:
  EmulatorTest()
      : runtime_(RuntimeOptions{.schedulers = 2}),
        emulator_(runtime_, {Path(), [this](int s) { events_.Halted(s); }, {}}) {}
  ~EmulatorTest() override { (void)runtime_.Stop(); }

  static std::vector<std::string> Path() {
    std::vector<std::string> path = {loader::testing::Runfile("emulator/system/testdata")};
    // stdlib, and erts for erlang.erl's port_control and port_info.
    for (std::string_view app : {"stdlib", "erts"}) {
      for (const std::string& beam : loader::testing::OtpModulePaths({app})) {
        path.push_back(beam.substr(0, beam.rfind('/')));
        break;
      }
    }
    return path;
  }

  void Spawn(std::vector<std::pair<std::string, std::vector<Term>>> calls) {
    std::vector<ErlangCall> erlang_calls;
    for (auto& [function, args] : calls)
      erlang_calls.push_back({InternAtom("system_sample"), InternAtom(function), args});
    ASSERT_TRUE(emulator_
                    .Spawn(std::move(erlang_calls), std::make_unique<Heap>(),
                           {.body = {.on_crash = [this](const Crash& c) { events_.Crashed(c); }}})
                    .ok());
  }

  HostEvents events_;
  Runtime runtime_;
  Emulator emulator_;
};

TEST_F(EmulatorTest, AModuleLoadsOnItsFirstCallAndHaltReachesTheHost) {
  if (loader::testing::OtpModulePaths({"stdlib"}).empty()) GTEST_SKIP() << "no Erlang/OTP";
  Spawn({{"halt_with_sum", {MakeSmall(100)}}});
  EXPECT_EQ(events_.WaitForHalt(), 5050 % 256);
}

TEST_F(EmulatorTest, CallsRunInOrder) {
  Spawn({{"first", {}}, {"second", {}}});
  EXPECT_EQ(events_.WaitForHalt(), 42);
}

TEST_F(EmulatorTest, APreemptedProcessRunsToTheEnd) {
  Spawn({{"spin", {MakeSmall(1'000'000)}}});
  EXPECT_EQ(events_.WaitForHalt(), 7);
}

// Erlang processes on two schedulers: a ring, a flood of messages taken
// by a selective receive, receive timeouts racing messages, exits running
// down chains of links. Each halts with 1 when all came back as sent. The
// runtime's checkers run at Stop (mailboxes and save positions, the
// process table, the timers); under --config=tsan these are stress tests.
// A native process and an Erlang one talk both ways: the Erlang process
// greets the native one (whose pid it got as an argument), answers its
// lists reversed, and stops when told.
TEST_F(EmulatorTest, NativeAndErlangProcessesExchangeMessagesBothWays) {
  if (loader::testing::OtpModulePaths({"stdlib"}).empty()) GTEST_SKIP() << "no Erlang/OTP";
  testing::Countdown done(1);
  std::vector<std::string> seen;
  absl::StatusOr<Pid> native = runtime_.Spawn([&](Context& ctx) -> Task {
    Message hello = co_await ctx.Receive();
    seen.push_back(ToString(TupleElement(hello.term(), 0)));
    Term erlang = TupleElement(hello.term(), 1);
    for (int n : {3, 0, 1}) {
      std::vector<Term> list;
      for (int i = 1; i <= n; ++i)
        list.push_back(MakeSmall(i));
      ctx.Send(erlang, MakeTuple(ctx.heap(), {ctx.self().term(), MakeList(ctx.heap(), list)}));
      Message reply = co_await ctx.Receive();
      EXPECT_EQ(TupleElement(reply.term(), 0), erlang);
      seen.push_back(ToString(TupleElement(reply.term(), 1)));
    }
    ctx.Send(erlang, InternAtom("stop"));
    done.Tick();
  });
  ASSERT_TRUE(native.ok());
  std::vector<ErlangCall> calls;
  calls.push_back({InternAtom("system_sample"), InternAtom("reverser"), {native->term()}});
  ASSERT_TRUE(emulator_.Spawn(std::move(calls), std::make_unique<Heap>()).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(seen, (std::vector<std::string>{"hello", "[3,2,1]", "[]", "[1]"}));
}

// Each command makes the port busy; a port_control frees it.
class BusyAfterEachCommand : public Driver {
 public:
  void Output(DriverContext& port, ByteSpan) override { port.SetBusy(true); }
  absl::StatusOr<std::string> Control(DriverContext& port, uint32_t,
                                      std::span<const uint8_t>) override {
    port.SetBusy(false);
    return std::string();
  }
};

// An Erlang process's port_command to a busy port suspends it (process_info
// says suspended, the call has not returned) until the port is free; then
// the command goes and the process runs on.
TEST_F(EmulatorTest, AnErlangSenderSuspendedOnABusyPortResumesWhenItIsFree) {
  if (loader::testing::OtpModulePaths({"stdlib"}).empty()) GTEST_SKIP() << "no Erlang/OTP";
  ASSERT_TRUE(PortSystem::Of(runtime_.node())
                  ->RegisterDriver(
                      "busy_after_each_command",
                      [](std::string_view) { return std::make_unique<BusyAfterEachCommand>(); })
                  .ok());
  Heap heap;
  Spawn({{"busy_resume", {MakeString(heap, "busy_after_each_command")}}});
  EXPECT_EQ(events_.WaitForHalt(), 1);
}

TEST_F(EmulatorTest, ATokenGoesRoundARingOfProcesses) {
  if (loader::testing::OtpModulePaths({"stdlib"}).empty()) GTEST_SKIP() << "no Erlang/OTP";
  Spawn({{"ring", {MakeSmall(500), MakeSmall(20)}}});
  EXPECT_EQ(events_.WaitForHalt(), 1);
}

TEST_F(EmulatorTest, MessagesFromEachSenderArriveInOrder) {
  if (loader::testing::OtpModulePaths({"stdlib"}).empty()) GTEST_SKIP() << "no Erlang/OTP";
  Spawn({{"flood", {MakeSmall(20), MakeSmall(500)}}});
  EXPECT_EQ(events_.WaitForHalt(), 1);
}

TEST_F(EmulatorTest, EveryReceiveEndsOnceByMessageOrTimeout) {
  if (loader::testing::OtpModulePaths({"stdlib"}).empty()) GTEST_SKIP() << "no Erlang/OTP";
  Spawn({{"timeouts", {MakeSmall(3000)}}});
  EXPECT_EQ(events_.WaitForHalt(), 1);
}

TEST_F(EmulatorTest, ExitsRunDownChainsOfLinks) {
  if (loader::testing::OtpModulePaths({"stdlib"}).empty()) GTEST_SKIP() << "no Erlang/OTP";
  Spawn({{"exit_storm", {MakeSmall(50), MakeSmall(40)}}});
  EXPECT_EQ(events_.WaitForHalt(), 1);
}

// system_info/1 and statistics/1 read the schedulers while they run.
TEST_F(EmulatorTest, TheFiguresOfTheRunningSystem) {
  if (loader::testing::OtpModulePaths({"stdlib"}).empty()) GTEST_SKIP() << "no Erlang/OTP";
  Spawn({{"figures", {MakeSmall(8)}}});
  EXPECT_EQ(events_.WaitForHalt(), 1);
}

TEST_F(EmulatorTest, AnUncaughtExceptionReachesTheHostWithItsStackTrace) {
  Spawn({{"crash", {InternAtom("error")}}});
  std::string crash = events_.WaitForCrash();
  EXPECT_TRUE(crash.starts_with("error:on_purpose [{system_sample,crash,1,")) << crash;
}

TEST_F(EmulatorTest, TheHostTellsWhatIsLoaded) {
  Term module = InternAtom("system_sample");
  EXPECT_FALSE(emulator_.CurrentModule(module));
  Spawn({{"same_md5", {}}});
  EXPECT_EQ(events_.WaitForHalt(), 3);
  vm::ModuleVersion v = emulator_.CurrentModule(module);
  ASSERT_TRUE(v);
  EXPECT_EQ(v.beam->name, module);
  EXPECT_EQ(v.code->module, module);
}

TEST_F(EmulatorTest, AMissingModuleIsUndef) {
  std::vector<ErlangCall> calls = {{InternAtom("no_such_module"), InternAtom("main"), {}}};
  ASSERT_TRUE(emulator_
                  .Spawn(std::move(calls), std::make_unique<Heap>(),
                         {.body = {.on_crash = [this](const Crash& c) { events_.Crashed(c); }}})
                  .ok());
  EXPECT_EQ(events_.WaitForCrash(), "error:undef [{no_such_module,main,[],[]}]");
}

}  // namespace
}  // namespace ling::emulator
