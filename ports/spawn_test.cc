// Spawn ports: external programs behind the port interface.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "ling/ports.h"
#include "ling/runtime.h"
#include "runtime/api/test_util.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"
#include "runtime/term/format.h"

namespace ling {
namespace {

using testing::Countdown;

// {spawn, Cmd}. The shell execs the command's first program, so shell
// scripts (builtins, lists) are wrapped in sh -c '...' as they must be on erl.
SpawnPortSpec Shell(std::string_view command) {
  return SpawnPortSpec{.program = SubprocessSpec::Shell(command)};
}

// Collects what the port sends until it closes (or `until` matches), as
// text: data bytes verbatim, other messages in ~w form between brackets.
struct Transcript {
  std::string text;
  void Add(Term port, Term m) {
    if (IsTuple(m) && TupleArity(m) == 2 && TupleElement(m, 0) == port) {
      Term what = TupleElement(m, 1);
      if (IsTuple(what) && TupleElement(what, 0) == atoms::kData &&
          IsBinary(TupleElement(what, 1))) {
        auto b = BinaryBytes(TupleElement(what, 1));
        text.append(b.begin(), b.end());
        return;
      }
      text += "[" + ToString(what) + "]";
      return;
    }
    if (IsTuple(m) && TupleElement(m, 0) == atoms::kEXIT)
      text += "[exit " + ToString(TupleElement(m, 2)) + "]";
  }
};

TEST(SpawnPorts, CommandsInDataOutExitStatusThenClose) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  Transcript t;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  ctx.TrapExit(true);
                  SpawnPortSpec spec = Shell("sh -c 'read line; echo got:$line; exit 7'");
                  spec.exit_status = true;
                  absl::StatusOr<Term> port = ports::OpenSpawn(ctx, spec);
                  EXPECT_TRUE(port.ok()) << port.status();
                  co_await ports::Command(ctx, *port, std::string_view("hello\n"));
                  for (;;) {
                    Message m = co_await ctx.Receive(absl::Seconds(30));
                    if (!m) break;
                    t.Add(*port, m.term());
                    if (IsTuple(m.term()) && TupleElement(m.term(), 0) == atoms::kEXIT) break;
                  }
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(t.text, "got:hello\n[{exit_status,7}][exit normal]");
}

// Runs `spec` to its end as a linked owner that traps exits: the transcript
// up to the port's close, or up to eof (then the owner closes the port).
std::string RunToEnd(const SpawnPortSpec& spec) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  Transcript t;
  Countdown done(1);
  bool spawned = rt.Spawn([&](Context& ctx) -> Task {
                     ctx.TrapExit(true);
                     absl::StatusOr<Term> port = ports::OpenSpawn(ctx, spec);
                     EXPECT_TRUE(port.ok()) << port.status();
                     bool open = port.ok();
                     while (open) {
                       Message m = co_await ctx.Receive(absl::Seconds(30));
                       if (!m) break;
                       t.Add(*port, m.term());
                       open = !t.text.ends_with("[eof]") && !t.text.ends_with("[exit normal]");
                     }
                     if (t.text.ends_with("[eof]")) co_await ports::Close(ctx, *port);
                     done.Tick();
                   }).ok();
  EXPECT_TRUE(spawned);
  EXPECT_TRUE(done.Wait());
  return t.text;
}

// As erl: the shell execs printf, so exit 3 never runs and the status is
// printf's own.
TEST(SpawnPorts, TheShellExecsTheCommand) {
  SpawnPortSpec spec = Shell("printf abc; exit 3");
  spec.exit_status = true;
  EXPECT_EQ(RunToEnd(spec), "abc[{exit_status,0}][exit normal]");
}

// BEAM's order at the end of a line-mode port: exit_status, then the last
// partial line, then eof or the close (each transcript as erl gives it).
TEST(SpawnPorts, LastPartialLineComesAfterExitStatus) {
  SpawnPortSpec spec = Shell("printf 'ab\\ncd'; exit 3");
  spec.framing.line = 10;
  spec.exit_status = true;
  EXPECT_EQ(RunToEnd(spec),
            "[{data,{eol,<<97,98>>}}][{exit_status,0}][{data,{noeol,<<99,100>>}}]"
            "[exit normal]");
  spec.eof = true;
  EXPECT_EQ(RunToEnd(spec),
            "[{data,{eol,<<97,98>>}}][{exit_status,0}][{data,{noeol,<<99,100>>}}][eof]");
}

TEST(SpawnPorts, WithoutExitStatusTheLastLineEndsTheOutput) {
  SpawnPortSpec spec = Shell("printf 'ab\\ncd'");
  spec.framing.line = 10;
  EXPECT_EQ(RunToEnd(spec), "[{data,{eol,<<97,98>>}}][{data,{noeol,<<99,100>>}}][exit normal]");
  spec.eof = true;
  EXPECT_EQ(RunToEnd(spec), "[{data,{eol,<<97,98>>}}][{data,{noeol,<<99,100>>}}][eof]");
}

// Output ends well before the program does: with exit_status, the last line
// and eof wait for its exit (as erl), and eof follows exit_status.
TEST(SpawnPorts, EofWaitsForTheExitStatus) {
  SpawnPortSpec spec = Shell("sh -c 'printf \"x\\nab\"; exec >&-; sleep 0.3; exit 4'");
  spec.framing.line = 10;
  spec.exit_status = true;
  spec.eof = true;
  EXPECT_EQ(RunToEnd(spec),
            "[{data,{eol,<<120>>}}][{exit_status,4}][{data,{noeol,<<97,98>>}}][eof]");
  spec.framing.line = 0;
  EXPECT_EQ(RunToEnd(spec), "x\nab[{exit_status,4}][eof]");
}

TEST(SpawnPorts, EofKeepsThePortOpen) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  Transcript t;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  SpawnPortSpec spec = Shell("printf abc");
                  spec.eof = true;
                  Term port = *ports::OpenSpawn(ctx, spec);
                  for (;;) {
                    Message m = co_await ctx.Receive(absl::Seconds(30));
                    if (!m) break;
                    t.Add(port, m.term());
                    if (t.text.ends_with("[eof]")) break;
                  }
                  EXPECT_EQ(ports.Ports().size(), 1u) << "still open after eof";
                  absl::StatusOr<Message> closed = co_await ports::Close(ctx, port);
                  EXPECT_TRUE(closed.ok());
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(t.text, "abc[eof]");
}

TEST(SpawnPorts, PacketFramingBothWays) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  Transcript t;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  ctx.TrapExit(true);
                  // cat echoes the framed bytes back: two commands in, two
                  // packets out, whatever the pipe's chunking.
                  SpawnPortSpec spec = Shell("cat");
                  spec.framing.packet = 2;
                  Term port = *ports::OpenSpawn(ctx, spec);
                  co_await ports::Command(ctx, port, std::string_view("first"));
                  co_await ports::Command(ctx, port, std::string_view("second!"));
                  for (int i = 0; i < 2; ++i) {
                    Message m = co_await ctx.Receive(absl::Seconds(30));
                    if (!m) break;
                    t.Add(port, m.term());
                    t.text += "|";
                  }
                  co_await ports::Close(ctx, port);
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(t.text, "first|second!|");
}

TEST(SpawnPorts, LineFramingSplitsLongLines) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  std::string seen;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  ctx.TrapExit(true);
                  SpawnPortSpec spec = Shell("printf 'ab\\nabcdef\\nxy'");
                  spec.framing.line = 4;
                  EXPECT_TRUE(ports::OpenSpawn(ctx, spec).ok());
                  for (;;) {
                    Message m = co_await ctx.Receive(absl::Seconds(30));
                    if (!m || TupleElement(m.term(), 0) == atoms::kEXIT) break;
                    seen += ToString(TupleElement(TupleElement(m.term(), 1), 1));
                  }
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  // As erl: [{eol,"ab"},{noeol,"abcd"},{eol,"ef"},{noeol,"xy"}] (binaries).
  EXPECT_EQ(seen, "{eol,<<97,98>>}{noeol,<<97,98,99,100>>}{eol,<<101,102>>}{noeol,<<120,121>>}");
}

// An fd port on two pipes: what arrives on `in` reaches the owner, commands
// go to `out`, end of input closes the port.
TEST(FdPorts, ExistingDescriptorsBothWays) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  int in[2], out[2];
  ASSERT_EQ(pipe2(in, O_CLOEXEC), 0);
  ASSERT_EQ(pipe2(out, O_CLOEXEC), 0);
  Transcript t;
  Countdown opened(1), done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  ctx.TrapExit(true);
                  FdPortSpec spec{.in = in[0], .out = out[1], .framing = {.line = 80}};
                  absl::StatusOr<Term> port = ports::OpenFd(ctx, spec);
                  EXPECT_TRUE(port.ok()) << port.status();
                  co_await ports::Command(ctx, *port, std::string_view("to the fd"));
                  opened.Tick();
                  for (;;) {
                    Message m = co_await ctx.Receive(absl::Seconds(30));
                    if (!m) break;
                    t.Add(*port, m.term());
                    if (TupleElement(m.term(), 0) == atoms::kEXIT) break;
                  }
                  done.Tick();
                }).ok());
  ASSERT_TRUE(opened.Wait());
  char buf[32] = {};
  ASSERT_EQ(read(out[0], buf, sizeof buf), 9);
  EXPECT_EQ(std::string(buf), "to the fd");
  ASSERT_EQ(write(in[1], "line one\n", 9), 9);
  close(in[1]);
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(t.text, "[{data,{eol,<<108,105,110,101,32,111,110,101>>}}][exit normal]");
  for (int fd : {in[0], out[0], out[1]})
    close(fd);
}

TEST(SpawnPorts, MissingProgramIsNotFound) {
  Runtime rt({.schedulers = 1});
  PortSystem ports(rt);
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  SpawnPortSpec spec{.program = {.argv = {"/no/such/program"}}};
                  EXPECT_EQ(ports::OpenSpawn(ctx, spec).status().code(),
                            absl::StatusCode::kNotFound);
                  done.Tick();
                  co_return;
                }).ok());
  ASSERT_TRUE(done.Wait());
}

// More input than the pipe takes: the port keeps it, turns busy, the sender
// suspends, and every byte reaches the program.
// open_port's busy_limits_port: the bytes the spawn driver keeps for a
// program that does not read make the port busy at the high limit (a
// nosuspend command is refused), never when disabled; port_info reports
// the limits, and counts the kept bytes in queue_size (as BEAM its driver
// queue), as does the port system's count of output not yet out.
TEST(SpawnPorts, BusyLimitsPortOnTheDriversQueue) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  for (bool disabled : {false, true}) {
    int refused_at = -1;
    std::string reported;
    int64_t queue_size = -1;
    size_t unflushed = 0;
    Countdown done(1);
    ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                    PortOpenOptions options;
                    options.port_queue = {.high = 2048, .low = 1024, .disabled = disabled};
                    // The pipe takes 64 KiB; the program reads nothing.
                    Term port = *ports::OpenSpawn(ctx, Shell("sleep 5"), options);
                    absl::StatusOr<Message> info = co_await ports::Info(ctx, port);
                    for (Term l = ports::Answer(*info); IsList(l); l = Tail(l)) {
                      if (ToString(TupleElement(Head(l), 0)) == "busy_limits_port")
                        reported = ToString(TupleElement(Head(l), 1));
                    }
                    std::string kib(1024, 'k');
                    for (int i = 0; i < 96 && refused_at < 0; ++i) {
                      absl::StatusOr<bool> sent =
                          co_await ports::Command(ctx, port, kib, {.nosuspend = true});
                      if (sent.ok() && !*sent) refused_at = i;
                    }
                    info = co_await ports::Info(ctx, port);
                    for (Term l = ports::Answer(*info); IsList(l); l = Tail(l)) {
                      if (ToString(TupleElement(Head(l), 0)) == "queue_size")
                        queue_size = SmallValue(TupleElement(Head(l), 1));
                    }
                    unflushed = ports.UnflushedBytes();
                    co_await ports::Close(ctx, port);
                    done.Tick();
                  }).ok());
    ASSERT_TRUE(done.Wait());
    if (disabled) {
      EXPECT_EQ(refused_at, -1);
      EXPECT_EQ(reported, "disabled");
      EXPECT_GE(queue_size, 96 * 1024 - 64 * 1024);  // all but what the pipe took
    } else {
      // 64 KiB in the pipe, then 2 KiB kept.
      EXPECT_GE(refused_at, 64);
      EXPECT_LE(refused_at, 70);
      EXPECT_EQ(reported, "{1024,2048}");
      EXPECT_GE(queue_size, 2048);
    }
    EXPECT_GE(unflushed, static_cast<size_t>(queue_size));
  }
}

TEST(SpawnPorts, BackpressureDeliversEverything) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  Transcript t;
  uint64_t suspensions = 0;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  // Slow to start reading; then counts 512 KiB and says so.
                  Term port =
                      *ports::OpenSpawn(ctx, Shell("sh -c 'sleep 0.2; head -c 524288 | wc -c'"));
                  std::string chunk(64 * 1024, 'z');
                  for (int i = 0; i < 8; ++i) {
                    absl::StatusOr<bool> sent = co_await ports::Command(ctx, port, chunk);
                    EXPECT_TRUE(sent.ok() && *sent);
                    // Asked before the last chunk: once `head` has all of
                    // them the port may close at any moment.
                    if (i == 6) {
                      absl::StatusOr<PortSystem::Info> info = ports.PortInfo(port);
                      EXPECT_TRUE(info.ok()) << info.status();
                      if (info.ok()) suspensions = info->suspensions;
                    }
                  }
                  while (t.text.find('\n') == std::string::npos) {
                    Message m = co_await ctx.Receive(absl::Seconds(30));
                    if (!m) break;
                    t.Add(port, m.term());
                  }
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(t.text, "524288\n");
  EXPECT_GE(suspensions, 1u) << "the sender waited for the program";
}

}  // namespace
}  // namespace ling
