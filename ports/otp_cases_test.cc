// Counterparts of the cases of Erlang/OTP's busy_port_SUITE, port_SUITE and
// control_SUITE that concern port signal scheduling, each named after its
// OTP case; plus the scheduling rules of the design brief by name
// (immediate versus scheduled execution, the dependency rule, release order).
//
// Cases that need what libling has no notion of (registered port names,
// remote nodes: mon_port_named, mon_port_bad_named, mon_port_remote_on_remote,
// mon_port_bad_remote_on_local, mon_port_invalid_type; system_monitor) have
// no counterpart here.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ling/ports.h"
#include "ling/runtime.h"
#include "runtime/api/test_util.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/format.h"

namespace ling {
namespace {

using testing::Countdown;
using testing::kPatience;

// Set by a sending process around its co_await: a driver callback that
// sees it set runs inside the send (immediately), not from a run queue.
thread_local bool tls_sending = false;
// Set by the sender of a "hold" command around its co_await: a callback that
// sees it set runs in that sender, after its own command.
thread_local bool tls_holder = false;

// What the recording driver saw, shared with the test.
struct Recording {
  std::mutex mutex;
  std::vector<std::string> commands;
  std::vector<bool> in_sender;
  std::vector<bool> in_holder;
  std::atomic<bool> holding{false};  // inside a "hold" command
  std::atomic<bool> release{false};  // lets a "hold" command return

  std::vector<std::string> Commands() {
    std::lock_guard<std::mutex> lock(mutex);
    return commands;
  }
  std::vector<bool> InSender() {
    std::lock_guard<std::mutex> lock(mutex);
    return in_sender;
  }
  std::vector<bool> InHolder() {
    std::lock_guard<std::mutex> lock(mutex);
    return in_holder;
  }
};

// rec: records each command; "busy..." sets the port busy, "echo..." echoes
// to the owner, "die" ends the port with reason driver_died, "hold" waits
// until the test releases it. Control 1 sets busy, 2 clears it.
class RecordingDriver final : public Driver {
 public:
  static constexpr uint32_t kSetBusy = 1;
  static constexpr uint32_t kClearBusy = 2;

  RecordingDriver(Recording* recording, bool soft) : recording_(recording), soft_(soft) {}

  void Output(DriverContext& port, ByteSpan data) override {
    std::string command(data.begin(), data.end());
    {
      std::lock_guard<std::mutex> lock(recording_->mutex);
      recording_->commands.push_back(command);
      recording_->in_sender.push_back(tls_sending);
      recording_->in_holder.push_back(tls_holder);
    }
    if (command.starts_with("busy")) port.SetBusy(true);
    if (command.starts_with("echo")) port.OutputToOwner(data);
    if (command == "die") port.Exit(InternAtom("driver_died"));
    if (command == "hold") {
      recording_->holding = true;
      while (!recording_->release)
        std::this_thread::yield();
    }
  }
  absl::StatusOr<std::string> Control(DriverContext& port, uint32_t command, ByteSpan) override {
    if (command != kSetBusy && command != kClearBusy) return absl::InvalidArgumentError("command");
    port.SetBusy(command == kSetBusy);
    return std::string(tls_sending ? "in sender" : "scheduled");
  }
  bool soft_busy() const override { return soft_; }

 private:
  Recording* recording_;
  bool soft_;
};

void RegisterRecording(PortSystem& ports, Recording* recording) {
  ASSERT_TRUE(ports
                  .RegisterDriver("rec",
                                  [recording](std::string_view) {
                                    return std::make_unique<RecordingDriver>(recording, false);
                                  })
                  .ok());
  ASSERT_TRUE(ports
                  .RegisterDriver("soft_rec",
                                  [recording](std::string_view) {
                                    return std::make_unique<RecordingDriver>(recording, true);
                                  })
                  .ok());
}

std::string BinaryText(Term binary) {
  if (!IsBinary(binary)) return ToString(binary);
  ByteSpan b = BinaryBytes(binary);
  return std::string(b.begin(), b.end());
}

// Polls `done` until it holds (or patience runs out).
bool WaitUntil(const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + absl::ToChronoMilliseconds(kPatience);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// `Port ! {Connected, {command, Data}}`, the message protocol.
Term CommandMessage(Heap& h, Term connected, std::string_view data) {
  return MakeTuple(h, {connected, MakeTuple(h, {atoms::kCommand, MakeString(h, data)})});
}

// The value of `key` in a port_info item list (kNonValue if absent).
Term InfoItem(Term items, std::string_view key) {
  for (Term l = items; IsList(l); l = Tail(l)) {
    if (TupleElement(Head(l), 0) == InternAtom(key)) return TupleElement(Head(l), 1);
  }
  return kNonValue;
}

class OtpCases : public ::testing::Test {
 protected:
  explicit OtpCases(const PortSystemOptions& options = {}) : ports_(rt_, options) {
    RegisterRecording(ports_, &recording_);
  }

  // Opens `driver` from a process that owns the port and then waits for
  // `stop` (or dies with it). Returns the port.
  Term OpenOwned(std::string_view driver, const PortOpenOptions& options = {}) {
    Countdown opened(1);
    std::atomic<uint64_t> port_raw{0};
    auto owner = rt_.Spawn([&, driver = std::string(driver), options](Context& ctx) -> Task {
      port_raw = ports::Open(ctx, driver, options)->raw();
      opened.Tick();
      co_await ctx.Receive();
    });
    EXPECT_TRUE(owner.ok());
    owner_ = *owner;
    EXPECT_TRUE(opened.Wait());
    return Term::FromRaw(port_raw.load());
  }

  // Runs a control on `port` from a process of its own; its answer.
  std::string ControlFrom(Term port, uint32_t command) {
    Countdown done(1);
    std::string answer;
    EXPECT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                     absl::StatusOr<Message> r =
                         co_await ports::Control(ctx, port, command, std::string_view(""));
                     answer = r.ok() ? BinaryText(ports::Answer(*r)) : r.status().ToString();
                     done.Tick();
                   })
                    .ok());
    EXPECT_TRUE(done.Wait());
    return answer;
  }

  uint64_t Suspensions(Term port) {
    absl::StatusOr<PortSystem::Info> info = ports_.PortInfo(port);
    return info.ok() ? info->suspensions : 0;
  }

  Runtime rt_{{.schedulers = 2}};
  PortSystem ports_;
  Recording recording_;
  Pid owner_;
};

// busy_port_SUITE:io_to_busy -- a writer that the message protocol suspends
// on a busy port is restarted correctly, and nothing it wrote is lost.
TEST_F(OtpCases, IoToBusy) {
  Countdown busy(1), done(1);
  std::atomic<uint64_t> port_raw{0};
  ASSERT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                   Term port = *ports::Open(ctx, "rec");
                   port_raw = port.raw();
                   co_await ports::Control(ctx, port, RecordingDriver::kSetBusy,
                                           std::string_view(""));
                   busy.Tick();
                   for (int i = 0; i < 100; ++i) {
                     Term m = CommandMessage(ctx.heap(), ctx.self().term(), absl::StrCat("w", i));
                     ctx.Send(port, m);
                     if (i % 10 == 9) co_await ctx.Yield();
                   }
                   done.Tick();
                 })
                  .ok());
  ASSERT_TRUE(busy.Wait());
  Term port = Term::FromRaw(port_raw.load());
  ASSERT_TRUE(WaitUntil([&] { return Suspensions(port) >= 1; }));
  EXPECT_TRUE(recording_.Commands().empty());
  ControlFrom(port, RecordingDriver::kClearBusy);
  ASSERT_TRUE(done.Wait());
  ASSERT_TRUE(WaitUntil([&] { return recording_.Commands().size() == 100; }));
  std::vector<std::string> expected;
  for (int i = 0; i < 100; ++i)
    expected.push_back(absl::StrCat("w", i));
  EXPECT_EQ(recording_.Commands(), expected);
}

// busy_port_SUITE:message_order -- messages that reach a process while it is
// suspended on a busy port are received in order once it runs again.
TEST_F(OtpCases, MessageOrder) {
  Term port = OpenOwned("rec");
  ControlFrom(port, RecordingDriver::kSetBusy);
  std::string first;
  Countdown done(1);
  auto busy = rt_.Spawn([&](Context& ctx) -> Task {
    co_await ports::Command(ctx, port, std::string_view("hello"));  // suspends
    Message m = co_await ctx.Receive();
    first = ToString(m.term());
    done.Tick();
  });
  ASSERT_TRUE(busy.ok());
  ASSERT_TRUE(WaitUntil([&] { return Suspensions(port) >= 1; }));
  ASSERT_TRUE(rt_.Send(*busy, InternAtom("first")).ok());
  ASSERT_TRUE(rt_.Send(*busy, InternAtom("second")).ok());
  ControlFrom(port, RecordingDriver::kClearBusy);
  // The process may have taken "first" and ended already.
  rt_.Send(*busy, InternAtom("third")).IgnoreError();
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(first, "first");
}

// busy_port_SUITE:send_3 -- a nosuspend send to a busy port is refused at
// once, and accepted again once the port is free.
TEST_F(OtpCases, Send3) {
  Term port = OpenOwned("rec");
  ControlFrom(port, RecordingDriver::kSetBusy);
  Countdown refused(1), done(1);
  std::string results;
  auto sender = rt_.Spawn([&](Context& ctx) -> Task {
    absl::StatusOr<bool> busy =
        co_await ports::Command(ctx, port, std::string_view("busy"), {.nosuspend = true});
    results += busy.ok() && !*busy ? "refused" : "sent";
    refused.Tick();
    co_await ctx.Receive();  // the port is free now
    absl::StatusOr<bool> free =
        co_await ports::Command(ctx, port, std::string_view("not busy"), {.nosuspend = true});
    results += free.ok() && *free ? " sent" : " refused";
    done.Tick();
  });
  ASSERT_TRUE(sender.ok());
  ASSERT_TRUE(refused.Wait());
  ControlFrom(port, RecordingDriver::kClearBusy);
  ASSERT_TRUE(rt_.Send(*sender, atoms::kOk).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(results, "refused sent");
  EXPECT_EQ(recording_.Commands(), std::vector<std::string>{"not busy"});
}

// busy_port_SUITE:multiple_writers -- every writer suspended on a busy port
// runs again when it is freed, even if some of them were killed meanwhile.
TEST_F(OtpCases, MultipleWriters) {
  Term port = OpenOwned("rec");
  ControlFrom(port, RecordingDriver::kSetBusy);
  Countdown finished(3);
  std::vector<Pid> writers;
  for (int w = 0; w < 5; ++w) {
    auto writer = rt_.Spawn([&, w](Context& ctx) -> Task {
      co_await ports::Command(ctx, port, absl::StrCat("port to busy ", w));
      co_await ports::Command(ctx, port, absl::StrCat("lock me ", w));
      finished.Tick();
    });
    ASSERT_TRUE(writer.ok());
    writers.push_back(*writer);
  }
  ASSERT_TRUE(WaitUntil([&] { return Suspensions(port) >= 5; }));
  ASSERT_TRUE(rt_.Exit(writers[0], atoms::kKill).ok());
  ASSERT_TRUE(rt_.Exit(writers[2], atoms::kKill).ok());
  ControlFrom(port, RecordingDriver::kClearBusy);
  ASSERT_TRUE(finished.Wait());
  ASSERT_TRUE(WaitUntil([&] { return recording_.Commands().size() == 6; }));
}

// busy_port_SUITE:hard_busy_driver and soft_busy_driver -- port_command's
// options against a port that is free, then busy.
class HardSoftBusy : public OtpCases, public ::testing::WithParamInterface<bool> {};
INSTANTIATE_TEST_SUITE_P(Drivers, HardSoftBusy, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "soft" : "hard"; });

TEST_P(HardSoftBusy, HardBusyDriverAndSoftBusyDriver) {
  bool soft = GetParam();
  Term port = OpenOwned(soft ? "soft_rec" : "rec");
  auto command = [&](ports::CommandOptions options) {
    Countdown done(1);
    std::string result;
    EXPECT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                     absl::StatusOr<bool> r =
                         co_await ports::Command(ctx, port, std::string_view("x"), options);
                     result = !r.ok() ? std::string(absl::StatusCodeToString(r.status().code()))
                              : *r    ? "true"
                                      : "false";
                     done.Tick();
                   })
                    .ok());
    EXPECT_TRUE(done.Wait());
    return result;
  };
  std::string notsup = soft ? "true" : "UNIMPLEMENTED";
  // Free.
  EXPECT_EQ(command({.nosuspend = true}), "true");
  EXPECT_EQ(command({.force = true}), notsup);
  EXPECT_EQ(command({.force = true, .nosuspend = true}), notsup);
  EXPECT_EQ(command({}), "true");
  // Busy.
  ControlFrom(port, RecordingDriver::kSetBusy);
  EXPECT_EQ(command({.nosuspend = true}), "false");
  EXPECT_EQ(command({.force = true}), notsup);
  EXPECT_EQ(command({.force = true, .nosuspend = true}), notsup);
  // No option: the sender suspends until the port is free.
  Countdown done(1);
  std::atomic<bool> returned{false};
  ASSERT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                   co_await ports::Command(ctx, port, std::string_view("x"));
                   returned = true;
                   done.Tick();
                 })
                  .ok());
  ASSERT_TRUE(WaitUntil([&] { return Suspensions(port) >= 1; }));
  EXPECT_FALSE(returned);
  ControlFrom(port, RecordingDriver::kClearBusy);
  ASSERT_TRUE(done.Wait());
  size_t delivered = soft ? 7 : 3;  // free: 4 or 2 (no force); busy: 2 (force) or 0; then 1
  ASSERT_TRUE(WaitUntil([&] { return recording_.Commands().size() == delivered; }));
}

// busy_port_SUITE:scheduling_delay_busy -- while the port is busy, a
// sender's commands, and the connect and close it sends after them, wait in
// order: the new owner sees every command delivered before the close.
TEST_F(OtpCases, SchedulingDelayBusy) {
  Countdown opened(1), closed(1);
  std::atomic<uint64_t> port_raw{0};
  auto p1 = rt_.Spawn([&](Context& ctx) -> Task {
    Term port = *ports::Open(ctx, "rec");
    port_raw = port.raw();
    co_await ports::Control(ctx, port, RecordingDriver::kSetBusy, std::string_view(""));
    opened.Tick();
    for (;;)
      co_await ctx.Receive();  // {Port, connected} and the rest
  });
  ASSERT_TRUE(p1.ok());
  ASSERT_TRUE(opened.Wait());
  Term port = Term::FromRaw(port_raw.load());
  std::string p3_saw;
  ASSERT_TRUE(rt_.Spawn([&, p1 = p1->term()](Context& ctx) -> Task {
                   Heap& h = ctx.heap();
                   for (int i = 2; i <= 50; ++i)
                     ctx.Send(port, CommandMessage(h, p1, absl::StrCat(i)));
                   Term self = ctx.self().term();
                   // take_control, then close, as the new owner.
                   ctx.Send(port, MakeTuple(h, {p1, MakeTuple(h, {InternAtom("connect"), self})}));
                   ctx.Send(port, MakeTuple(h, {self, InternAtom("close")}));
                   Message m = co_await ctx.Receive(absl::Seconds(60));
                   if (m) p3_saw = ToString(TupleElement(m.term(), 1));
                   closed.Tick();
                 })
                  .ok());
  ASSERT_TRUE(WaitUntil([&] { return Suspensions(port) >= 1; }));
  ControlFrom(port, RecordingDriver::kClearBusy);
  ASSERT_TRUE(closed.Wait());
  EXPECT_EQ(p3_saw, "closed");
  std::vector<std::string> expected;
  for (int i = 2; i <= 50; ++i)
    expected.push_back(absl::StrCat(i));
  EXPECT_EQ(recording_.Commands(), expected);
}

// busy_port_SUITE:scheduling_delay_busy_nosuspend -- a nosuspend command
// behind the one that makes the port busy is dropped and answered false.
TEST_F(OtpCases, SchedulingDelayBusyNosuspend) {
  Term port = OpenOwned("rec", {.force_scheduling = true});  // both get queued
  Countdown done(1);
  std::string answer;
  ASSERT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                   co_await ports::Command(ctx, port, std::string_view("1"));
                   co_await ports::Command(ctx, port, std::string_view("busy 2"));
                   absl::StatusOr<bool> third = co_await ports::Command(
                       ctx, port, std::string_view("3"), {.nosuspend = true});
                   answer = third.ok() ? (*third ? "true" : "false") : "error";
                   done.Tick();
                 })
                  .ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(answer, "false");
  ControlFrom(port, RecordingDriver::kClearBusy);
  EXPECT_EQ(recording_.Commands(), (std::vector<std::string>{"1", "busy 2"}));
}

// busy_port_SUITE:scheduling_busy_link -- a link sent behind the sender's
// blocked command waits with it; when the port then closes, the linker gets
// {'EXIT', Port, noproc} instead of a link.
TEST_F(OtpCases, SchedulingBusyLink) {
  Countdown linked(1), done(1);
  std::atomic<uint64_t> port_raw{0};
  std::string exit_reason;
  auto p1 = rt_.Spawn([&](Context& ctx) -> Task {
    ctx.TrapExit(true);
    Term port = *ports::Open(ctx, "rec");
    port_raw = port.raw();
    ctx.Unlink(port);
    Heap& h = ctx.heap();
    Term self = ctx.self().term();
    ctx.Send(port, CommandMessage(h, self, "busy 1"));
    ctx.Send(port, CommandMessage(h, self, "2"));
    ctx.Link(port);
    linked.Tick();
    Message m = co_await ctx.Receive([](Term t) {
      return IsTuple(t) && TupleArity(t) == 3 && TupleElement(t, 0) == atoms::kEXIT;
    });
    exit_reason = ToString(TupleElement(m.term(), 2));
    done.Tick();
  });
  ASSERT_TRUE(p1.ok());
  ASSERT_TRUE(linked.Wait());
  Term port = Term::FromRaw(port_raw.load());
  ASSERT_TRUE(WaitUntil([&] { return Suspensions(port) >= 1; }));
  // P3 takes control and closes the port, still busy.
  Countdown closed(1);
  ASSERT_TRUE(rt_.Spawn([&, p1 = p1->term()](Context& ctx) -> Task {
                   Heap& h = ctx.heap();
                   Term self = ctx.self().term();
                   ctx.Send(port, MakeTuple(h, {p1, MakeTuple(h, {InternAtom("connect"), self})}));
                   ctx.Send(port, MakeTuple(h, {self, InternAtom("close")}));
                   co_await ctx.Receive(absl::Seconds(60));  // {Port, closed}
                   closed.Tick();
                 })
                  .ok());
  ASSERT_TRUE(closed.Wait());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(exit_reason, "noproc");
  EXPECT_EQ(recording_.Commands(), std::vector<std::string>{"busy 1"});
}

// control_SUITE:echo_to_busy -- a process that connects to a busy port and
// writes to it gets its echo once the port is free.
TEST_F(OtpCases, EchoToBusy) {
  Term port = OpenOwned("rec");
  ControlFrom(port, RecordingDriver::kSetBusy);
  Countdown done(1);
  std::string echoed;
  ASSERT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                   co_await ports::Connect(ctx, port, ctx.self());
                   co_await ports::Command(ctx, port, std::string_view("echo 73"));
                   Message m = co_await ctx.Receive(
                       [port](Term t) { return IsTuple(t) && TupleElement(t, 0) == port; });
                   echoed = BinaryText(TupleElement(TupleElement(m.term(), 1), 1));
                   done.Tick();
                 })
                  .ok());
  ASSERT_TRUE(WaitUntil([&] { return Suspensions(port) >= 1; }));
  ControlFrom(port, RecordingDriver::kClearBusy);
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(echoed, "echo 73");
}

// port_SUITE:dropped_commands -- eight senders keep commanding a port with
// parallelism while its owner closes it: no crash, no leak, and every sender
// learns that the port is gone. Both an output driver (echo) and an outputv
// driver (sink).
TEST(OtpPortSuite, DroppedCommands) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  for (const char* driver : {"echo", "sink"}) {
    for (int round = 0; round < 25; ++round) {
      Countdown done(9);
      ASSERT_TRUE(rt.Spawn([&, driver](Context& ctx) -> Task {
                      Term port = *ports::Open(ctx, driver, {.force_scheduling = true});
                      for (int s = 0; s < 8; ++s) {
                        ctx.runtime()
                            .Spawn([&, port](Context& spinner) -> Task {
                              for (;;) {
                                absl::StatusOr<bool> sent =
                                    co_await ports::Command(spinner, port, std::string_view("1"));
                                if (!sent.ok()) break;
                              }
                              done.Tick();
                            })
                            .IgnoreError();
                      }
                      co_await ctx.Receive(absl::Milliseconds(2));
                      co_await ports::Close(ctx, port);
                      done.Tick();
                    }).ok());
      ASSERT_TRUE(done.Wait());
    }
  }
  ASSERT_TRUE(WaitUntil([&] { return ports.port_count() == 0; }));
}

// ---- port_SUITE's mon_port cases ----------------------------------------------

// mon_port_local and mon_port_pid_demonitor: a monitor of a port gets 'DOWN'
// with the close reason; a demonitored one gets nothing and is gone from the
// port's monitored_by.
TEST_F(OtpCases, MonPortLocalAndPidDemonitor) {
  Term port = OpenOwned("rec");
  Countdown done(1);
  std::string down, watchers_after_demonitor;
  ASSERT_TRUE(
      rt_.Spawn([&](Context& ctx) -> Task {
           MonitorRef dropped = ctx.Monitor(port);
           MonitorRef kept = ctx.Monitor(port);
           EXPECT_TRUE(ctx.Demonitor(dropped));
           absl::StatusOr<Message> info = co_await ports::Info(ctx, port);
           watchers_after_demonitor = ToString(InfoItem(ports::Answer(*info), "monitored_by"));
           co_await ports::Close(ctx, port);
           Message m =
               co_await ctx.Receive([](Term t) { return IsTuple(t) && TupleArity(t) == 5; });
           EXPECT_TRUE(Context::IsDown(m.term(), kept));
           down = ToString(TupleElement(m.term(), 2)) + " " + ToString(TupleElement(m.term(), 4));
           Message more = co_await ctx.Receive(absl::Milliseconds(100));
           EXPECT_FALSE(more) << "a demonitored monitor fired";
           done.Tick();
         })
          .ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(down, "port normal");
  EXPECT_EQ(std::count(watchers_after_demonitor.begin(), watchers_after_demonitor.end(), '<'), 1)
      << watchers_after_demonitor;
}

// mon_port_origin_dies: when the monitoring process ends, the port forgets
// its monitor.
TEST_F(OtpCases, MonPortOriginDies) {
  Term port = OpenOwned("rec");
  Countdown monitored(1);
  auto origin = rt_.Spawn([&](Context& ctx) -> Task {
    ctx.Monitor(port);
    monitored.Tick();
    co_await ctx.Receive();
  });
  ASSERT_TRUE(origin.ok());
  ASSERT_TRUE(monitored.Wait());
  ASSERT_TRUE(rt_.Exit(*origin, atoms::kKill).ok());
  ASSERT_TRUE(WaitUntil([&] {
    Countdown done(1);
    std::string watchers;
    EXPECT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                     absl::StatusOr<Message> info = co_await ports::Info(ctx, port);
                     watchers = ToString(InfoItem(ports::Answer(*info), "monitored_by"));
                     done.Tick();
                   })
                    .ok());
    EXPECT_TRUE(done.Wait());
    return watchers == "[]";
  }));
}

// mon_port_owner_dies: the owner's death closes the port; a monitor gets
// 'DOWN' with the owner's exit reason.
TEST_F(OtpCases, MonPortOwnerDies) {
  Term port = OpenOwned("rec");
  Countdown watching(1), done(1);
  std::string reason;
  ASSERT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                   MonitorRef ref = ctx.Monitor(port);
                   watching.Tick();
                   Message m =
                       co_await ctx.Receive([ref](Term t) { return Context::IsDown(t, ref); });
                   reason = ToString(TupleElement(m.term(), 4));
                   done.Tick();
                 })
                  .ok());
  ASSERT_TRUE(watching.Wait());
  ASSERT_TRUE(rt_.Exit(owner_, InternAtom("owner_gone")).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(reason, "owner_gone");
}

// mon_port_driver_die: a driver that ends its port gives its monitors 'DOWN'
// with the driver's reason.
TEST_F(OtpCases, MonPortDriverDie) {
  Term port = OpenOwned("rec");
  Countdown done(1);
  std::string reason;
  ASSERT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                   MonitorRef ref = ctx.Monitor(port);
                   co_await ports::Command(ctx, port, std::string_view("die"));
                   Message m =
                       co_await ctx.Receive([ref](Term t) { return Context::IsDown(t, ref); });
                   reason = ToString(TupleElement(m.term(), 4));
                   done.Tick();
                 })
                  .ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(reason, "driver_died");
}

// port_SUITE:bad_port_messages -- a message to a port that is not one of
// the port protocol's kills it with badsig.
TEST_F(OtpCases, BadPortMessages) {
  for (int shape = 0; shape < 4; ++shape) {
    Countdown done(1);
    std::string reason;
    ASSERT_TRUE(rt_.Spawn([&, shape](Context& ctx) -> Task {
                     ctx.TrapExit(true);
                     Term port = *ports::Open(ctx, "rec");
                     Heap& h = ctx.heap();
                     Term self = ctx.self().term();
                     Term bad[] = {
                         MakeTuple(h, {InternAtom("a"), InternAtom("b")}),
                         MakeTuple(h, {InternAtom("a")}),
                         MakeTuple(h, {self, MakeTuple(h, {atoms::kCommand, InternAtom("bad")})}),
                         MakeTuple(h, {self, MakeTuple(h, {InternAtom("connect"), kNil})}),
                     };
                     ctx.Send(port, bad[shape]);
                     Message m = co_await ctx.Receive(absl::Seconds(60));
                     if (m) reason = ToString(TupleElement(m.term(), 2));
                     done.Tick();
                   })
                    .ok());
    ASSERT_TRUE(done.Wait());
    EXPECT_EQ(reason, "badsig") << "shape " << shape;
  }
}

// ---- the scheduling rules of the design, by name -------------------------------

// Runs `command` on a fresh port of a runtime with `options`, from a
// process, and says whether the driver ran it inside the send.
bool RanInSender(const PortSystemOptions& options, const PortOpenOptions& open, bool as_control) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt, options);
  Recording recording;
  RegisterRecording(ports, &recording);
  Countdown done(1);
  std::string control_answer;
  EXPECT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  Term port = *ports::Open(ctx, "rec", open);
                  tls_sending = true;
                  if (as_control) {
                    absl::StatusOr<Message> r = co_await ports::Control(
                        ctx, port, RecordingDriver::kClearBusy, std::string_view(""));
                    tls_sending = false;
                    control_answer = BinaryText(ports::Answer(*r));
                  } else {
                    co_await ports::Command(ctx, port, std::string_view("x"));
                    tls_sending = false;
                  }
                  done.Tick();
                }).ok());
  EXPECT_TRUE(done.Wait());
  if (as_control) return control_answer == "in sender";
  EXPECT_TRUE(WaitUntil([&] { return recording.InSender().size() == 1; }));
  return recording.InSender()[0];
}

TEST(PortScheduling, UncontendedSignalRunsAtOnceInTheSender) {
  EXPECT_TRUE(RanInSender({}, {}, /*as_control=*/false));
  EXPECT_TRUE(RanInSender({}, {}, /*as_control=*/true));
}

TEST(PortScheduling, ForcedSchedulingQueuesAsynchronousSignalsOnly) {
  EXPECT_FALSE(RanInSender({.force_scheduling = true}, {}, false));
  EXPECT_FALSE(RanInSender({}, {.force_scheduling = true}, false));
  // control is synchronous: its caller waits anyway, so it is not forced.
  EXPECT_TRUE(RanInSender({.force_scheduling = true}, {}, true));
}

TEST(PortScheduling, LegacyModeRunsEverySignalInTheSender) {
  EXPECT_TRUE(RanInSender({.legacy = true}, {}, false));
  EXPECT_TRUE(RanInSender({.legacy = true}, {.force_scheduling = true}, false));
}

// While one command executes, another sender's command is queued and the
// second sender does not wait for the port. The queued command then runs in
// the first sender, which still holds the port lock (flat combining), not
// later from a run queue.
TEST_F(OtpCases, ContendedSignalIsQueuedAndRunByTheLockHolder) {
  Term port = OpenOwned("rec");
  Countdown second_sent(1);
  ASSERT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                   tls_holder = true;
                   co_await ports::Command(ctx, port, std::string_view("hold"));
                   tls_holder = false;
                 })
                  .ok());
  ASSERT_TRUE(WaitUntil([&] { return recording_.holding.load(); }));
  ASSERT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                   tls_sending = true;
                   co_await ports::Command(ctx, port, std::string_view("second"));
                   tls_sending = false;
                   second_sent.Tick();
                 })
                  .ok());
  ASSERT_TRUE(second_sent.Wait());  // returned while the port was held
  EXPECT_EQ(recording_.Commands().size(), 1u);
  recording_.release = true;
  ASSERT_TRUE(WaitUntil([&] { return recording_.Commands().size() == 2; }));
  EXPECT_EQ(recording_.InSender(), (std::vector<bool>{false, false}));
  EXPECT_EQ(recording_.InHolder(), (std::vector<bool>{true, true}));
}

TEST_F(OtpCases, BusyPortBlocksCommandsNotControlOrInfoFromOthers) {
  Term port = OpenOwned("rec");
  ControlFrom(port, RecordingDriver::kSetBusy);
  ASSERT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                   co_await ports::Command(ctx, port, std::string_view("held"));
                 })
                  .ok());
  ASSERT_TRUE(WaitUntil([&] { return Suspensions(port) >= 1; }));
  Countdown done(1);
  std::string output_bytes;
  ASSERT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                   absl::StatusOr<Message> info = co_await ports::Info(ctx, port);
                   output_bytes = ToString(InfoItem(ports::Answer(*info), "output"));
                   done.Tick();
                 })
                  .ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(output_bytes, "0");  // answered while the command waits
  EXPECT_EQ(ControlFrom(port, RecordingDriver::kClearBusy), "scheduled");
  ASSERT_TRUE(WaitUntil([&] { return recording_.Commands().size() == 1; }));
}

// The dependency rule: a blocked command holds back its own sender's later
// signals (here a port_info, answered only after the command ran), and no
// one else's.
TEST_F(OtpCases, BlockedCommandHoldsBackOnlyItsOwnSendersSignals) {
  Term port = OpenOwned("rec");
  ControlFrom(port, RecordingDriver::kSetBusy);
  Countdown done(1);
  std::atomic<bool> answered{false};
  std::string output_seen;
  ASSERT_TRUE(rt_.Spawn([&, owner = owner_.term()](Context& ctx) -> Task {
                   ctx.Send(port, CommandMessage(ctx.heap(), owner, "a1"));
                   absl::StatusOr<Message> info = co_await ports::Info(ctx, port);
                   output_seen = ToString(InfoItem(ports::Answer(*info), "output"));
                   answered = true;
                   done.Tick();
                 })
                  .ok());
  ASSERT_TRUE(WaitUntil([&] { return Suspensions(port) >= 1; }));
  // Another sender is served at once.
  Countdown other(1);
  ASSERT_TRUE(rt_.Spawn([&](Context& ctx) -> Task {
                   co_await ports::Info(ctx, port);
                   other.Tick();
                 })
                  .ok());
  ASSERT_TRUE(other.Wait());
  EXPECT_FALSE(answered);
  ControlFrom(port, RecordingDriver::kClearBusy);
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(output_seen, "2");  // "a1" ran first
}

// When busy clears, the blocked commands run in the order they were blocked
// (each sender's together: ports/task_queue_test.cc shows a sender's later
// task going in right after its last blocked one), before what their
// senders send once resumed. The message protocol queues commands, which
// the port then blocks; port_command would suspend its caller first.
TEST_F(OtpCases, ReleaseOrderWhenBusyClears) {
  Term port = OpenOwned("rec");
  ControlFrom(port, RecordingDriver::kSetBusy);
  Countdown finished(3);
  for (int s = 1; s <= 3; ++s) {
    ASSERT_TRUE(rt_.Spawn([&, s, owner = owner_.term()](Context& ctx) -> Task {
                     ctx.Send(port, CommandMessage(ctx.heap(), owner, absl::StrCat(s, "a")));
                     ctx.Send(port, CommandMessage(ctx.heap(), owner, absl::StrCat(s, "b")));
                     co_await ctx.Receive();  // suspended; then told to go on
                     ctx.Send(port, CommandMessage(ctx.heap(), owner, absl::StrCat(s, "c")));
                     finished.Tick();
                   })
                    .ok());
    // The next sender starts once this one's commands are blocked.
    ASSERT_TRUE(WaitUntil([&] { return Suspensions(port) >= static_cast<uint64_t>(s); }));
  }
  ControlFrom(port, RecordingDriver::kClearBusy);
  ASSERT_TRUE(WaitUntil([&] { return recording_.Commands().size() == 6; }));
  EXPECT_EQ(recording_.Commands(), (std::vector<std::string>{"1a", "1b", "2a", "2b", "3a", "3b"}));
}

}  // namespace
}  // namespace ling
