// The answers a port gives to erts_internal's port BIFs (PortTask::
// erlang_reply), which erlang.erl's port functions wait for, and the order
// of the message protocol's answers, as erl 25 gives them.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ling/ports.h"
#include "ling/runtime.h"
#include "runtime/api/test_util.h"
#include "runtime/core/node.h"
#include "runtime/core/process.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"
#include "runtime/term/format.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

using testing::Countdown;

std::unique_ptr<PortTask> ErlangTask(PortTaskKind kind, Term argument = kNonValue) {
  auto task = std::make_unique<PortTask>();
  task->kind = kind;
  task->erlang_reply = true;
  if (argument != kNonValue) task->argument = MakeSignal(SignalKind::kMessage, kNonValue, argument);
  return task;
}

std::unique_ptr<PortTask> ErlangControl(uint32_t command, std::string_view data) {
  std::unique_ptr<PortTask> task = PortTask::WithDataCopy(data);
  task->kind = PortTaskKind::kControl;
  task->command = command;
  task->erlang_reply = true;
  return task;
}

// Matches the answer {Ref, _} to the request made under `want`.
struct IsReplyTo {
  MonitorRef want;
  bool operator()(Term t) const {
    return IsTuple(t) && TupleArity(t) == 2 && IsReference(TupleElement(t, 0)) &&
           ReferenceValue(TupleElement(t, 0)) == want;
  }
};

// Submits `task` from the calling process; co_await gives the answer, which
// comes as erlang.erl waits for it.
internal::MatchingReceiveAwaiter<IsReplyTo> Ask(Context& ctx, Term port,
                                                std::unique_ptr<PortTask> task) {
  Process* p = internal::ContextAccess::process(ctx);
  std::optional<MonitorRef> ref;
  {
    ProtectedSection section(p->node());
    ref = ports::SubmitRequest(*p, port, std::move(task));
  }
  EXPECT_TRUE(ref.has_value());
  return ctx.Receive(IsReplyTo{ref.value_or(MonitorRef{})});
}

std::string AnswerOf(const Message& m) {
  return ToString(ports::Answer(m));
}

// Control answers a byte list, call {ok, Term}; a driver's refusal is
// badarg, which erlang.erl raises.
TEST(ErlangReply, ControlAndCallAnswerAsErlangWaitsForThem) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  std::string echoed, refused, called, call_refused;
  Countdown done(1);
  ASSERT_TRUE(
      rt.Spawn([&](Context& ctx) -> Task {
          Term echo = *ports::Open(ctx, "echo");
          echoed = AnswerOf(co_await Ask(ctx, echo, ErlangControl(1, "ab")));
          Term sink = *ports::Open(ctx, "sink");
          refused = AnswerOf(co_await Ask(ctx, sink, ErlangControl(99, "")));
          called = AnswerOf(co_await Ask(ctx, echo, ErlangTask(PortTaskKind::kCall, atoms::kTrue)));
          call_refused =
              AnswerOf(co_await Ask(ctx, sink, ErlangTask(PortTaskKind::kCall, atoms::kTrue)));
          done.Tick();
        }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(echoed, "[97,98]");
  EXPECT_EQ(refused, "badarg");
  EXPECT_EQ(called, "{ok,true}");
  EXPECT_EQ(call_refused, "badarg");
}

TEST(ErlangReply, InfoItemsAsErlGivesThem) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  std::string all, name, registered, locking, monitors, unknown, owner;
  Countdown done(1);
  ASSERT_TRUE(
      rt.Spawn([&](Context& ctx) -> Task {
          Term port = *ports::Open(ctx, "echo");
          all = AnswerOf(co_await Ask(ctx, port, ErlangTask(PortTaskKind::kInfo)));
          name = AnswerOf(
              co_await Ask(ctx, port, ErlangTask(PortTaskKind::kInfo, InternAtom("name"))));
          registered = AnswerOf(co_await Ask(
              ctx, port, ErlangTask(PortTaskKind::kInfo, InternAtom("registered_name"))));
          locking = AnswerOf(
              co_await Ask(ctx, port, ErlangTask(PortTaskKind::kInfo, InternAtom("locking"))));
          monitors = AnswerOf(
              co_await Ask(ctx, port, ErlangTask(PortTaskKind::kInfo, InternAtom("monitors"))));
          unknown =
              AnswerOf(co_await Ask(ctx, port, ErlangTask(PortTaskKind::kInfo, InternAtom("foo"))));
          owner = AnswerOf(
              co_await Ask(ctx, port, ErlangTask(PortTaskKind::kInfo, InternAtom("connected"))));
          owner =
              owner == ToString(MakeTuple(ctx.heap(), {InternAtom("connected"), ctx.self().term()}))
                  ? "self"
                  : owner;
          done.Tick();
        }).ok());
  ASSERT_TRUE(done.Wait());
  // port_info/1's keys, in erl's order; no os_pid without an OS process.
  std::vector<std::string> keys;
  for (size_t at = all.find('{'); at != std::string::npos; at = all.find("},{", at + 1)) {
    size_t start = all[at] == '{' ? at + 1 : at + 3;
    keys.push_back(all.substr(start, all.find(',', start) - start));
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "links", "id", "connected", "input", "output"}))
      << all;
  EXPECT_EQ(name, "{name,[101,99,104,111]}");  // "echo"
  EXPECT_EQ(registered, "[]");
  EXPECT_EQ(locking, "{locking,port_level}");
  EXPECT_EQ(monitors, "{monitors,[]}");
  EXPECT_EQ(unknown, "badarg");
  EXPECT_EQ(owner, "self");
}

// Requests queued behind a close are dropped with what erlang.erl turns
// into port_info's undefined and the others' badarg. One scheduler, and a
// force-scheduled port: nothing runs the port until the sender waits.
TEST(ErlangReply, DroppedRequestsAnswerUndefinedOrBadarg) {
  Runtime rt({.schedulers = 1});
  PortSystem ports(rt);
  std::vector<std::string> answers;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  Term port = *ports::Open(ctx, "echo", {.force_scheduling = true});
                  Process* p = internal::ContextAccess::process(ctx);
                  std::vector<MonitorRef> refs;
                  {
                    ProtectedSection section(p->node());
                    for (auto* make : {+[] { return ErlangTask(PortTaskKind::kClose); },
                                       +[] { return ErlangTask(PortTaskKind::kInfo); },
                                       +[] { return ErlangControl(1, "x"); },
                                       +[] { return ErlangTask(PortTaskKind::kClose); }}) {
                      std::optional<MonitorRef> ref = ports::SubmitRequest(*p, port, make());
                      if (ref.has_value()) refs.push_back(*ref);
                    }
                  }
                  for (MonitorRef want : refs) {
                    answers.push_back(AnswerOf(co_await ctx.Receive(IsReplyTo{want})));
                  }
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(answers, (std::vector<std::string>{"true", "undefined", "badarg", "badarg"}));
}

// A request that has to queue (behind another sender's task here) is
// answered when the port gets to it, in order: the caller just waits.
TEST(ErlangReply, QueuedRequestsAreAnsweredInOrder) {
  Runtime rt({.schedulers = 1});
  PortSystem ports(rt);
  std::vector<std::string> answers;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  Term port = *ports::Open(ctx, "echo", {.force_scheduling = true});
                  auto heir = ctx.Spawn([](Context& c) -> Task { co_await c.Receive(); });
                  Process* p = internal::ContextAccess::process(ctx);
                  std::vector<MonitorRef> refs;
                  // connect is not synchronous: force-scheduled, it queues,
                  // and the info and control behind it wait their turn (the
                  // info sees the new owner).
                  std::unique_ptr<PortTask> tasks[] = {
                      ErlangTask(PortTaskKind::kConnect, heir->term()),
                      ErlangTask(PortTaskKind::kInfo, InternAtom("connected")),
                      ErlangControl(1, "z")};
                  {
                    ProtectedSection section(p->node());
                    for (auto& task : tasks)
                      refs.push_back(*ports::SubmitRequest(*p, port, std::move(task)));
                  }
                  for (MonitorRef want : refs)
                    answers.push_back(AnswerOf(co_await ctx.Receive(IsReplyTo{want})));
                  Term expected = MakeTuple(ctx.heap(), {InternAtom("connected"), heir->term()});
                  if (answers[1] == ToString(expected)) answers[1] = "heir";
                  ctx.Send(*heir, atoms::kOk);
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(answers, (std::vector<std::string>{"true", "heir", "[122]"}));
}

// {Pid, close}: the linked owner's 'EXIT' comes before {Port, closed}; and
// {Pid, {connect, New}} answers {Port, connected} without linking New.
TEST(ErlangReply, MessageProtocolAnswersInErlsOrder) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  std::vector<std::string> seen;
  std::string links;
  Countdown done(1);
  ASSERT_TRUE(
      rt.Spawn([&](Context& ctx) -> Task {
          ctx.TrapExit(true);
          Heap& h = ctx.heap();
          Term self = ctx.self().term();
          Term port = *ports::Open(ctx, "echo");
          ctx.Send(port, MakeTuple(h, {self, InternAtom("close")}));
          for (int i = 0; i < 2; ++i) {
            Message m = co_await ctx.Receive();
            seen.push_back(ToString(TupleElement(m.term(), 0)) == ToString(port)
                               ? ToString(TupleElement(m.term(), 1))
                               : ToString(TupleElement(m.term(), 0)));
          }
          Term other = *ports::Open(ctx, "echo");
          auto heir = ctx.Spawn([](Context& c) -> Task { co_await c.Receive(); });
          ctx.Send(other,
                   MakeTuple(h, {self, MakeTuple(h, {InternAtom("connect"), heir->term()})}));
          Message m = co_await ctx.Receive();
          seen.push_back(ToString(TupleElement(m.term(), 1)));
          links = AnswerOf(
              co_await Ask(ctx, other, ErlangTask(PortTaskKind::kInfo, InternAtom("links"))));
          links = links == ToString(MakeTuple(
                               h, {InternAtom("links"), MakeList(h, std::vector<Term>{self})}))
                      ? "owner only"
                      : links;
          ctx.Send(*heir, atoms::kOk);
          done.Tick();
        }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(seen, (std::vector<std::string>{"'EXIT'", "closed", "connected"}));
  EXPECT_EQ(links, "owner only");
}

// port_close's answer comes once the port is gone: a caller that then
// links to it must find it closed (noproc), never half-open. Scheduled
// closes, so that the scheduler's thread answers while this one looks.
TEST(ErlangReply, CloseAnswersOnceThePortIsGone) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  int still_open = 0;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  for (int i = 0; i < 200; ++i) {
                    Term port = *ports::Open(ctx, "echo", {.force_scheduling = true});
                    absl::StatusOr<Message> closed = co_await ports::Close(ctx, port);
                    EXPECT_TRUE(closed.ok());
                    if (ports.PortInfo(port).ok()) ++still_open;
                  }
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(still_open, 0);
}

// {Pid, {command, Data}} takes any iodata: nested lists, binaries, a
// binary tail; anything else kills the port with badsig.
TEST(ErlangReply, CommandMessagesTakeIodata) {
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  std::string echoed, bad;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  ctx.TrapExit(true);
                  Heap& h = ctx.heap();
                  Term self = ctx.self().term();
                  Term port = *ports::Open(ctx, "echo", {.binary = false});
                  // [<<"io">>, $l, [["i"] | <<"st">>]]
                  Term inner = MakeCons(h, MakeList(h, std::vector<Term>{MakeSmall('i')}),
                                        MakeBinary(h, std::string_view("st")));
                  Term data = MakeList(h, std::vector<Term>{MakeBinary(h, std::string_view("io")),
                                                            MakeSmall('l'), inner});
                  ctx.Send(port, MakeTuple(h, {self, MakeTuple(h, {atoms::kCommand, data})}));
                  Message m = co_await ctx.Receive();
                  echoed = ToString(TupleElement(TupleElement(m.term(), 1), 1));
                  Term improper = MakeCons(h, MakeSmall('a'), MakeSmall('b'));
                  ctx.Send(port, MakeTuple(h, {self, MakeTuple(h, {atoms::kCommand, improper})}));
                  Message exit = co_await ctx.Receive();
                  bad = ToString(TupleElement(exit.term(), 2));
                  done.Tick();
                }).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(echoed, "[105,111,108,105,115,116]");  // "iolist"
  EXPECT_EQ(bad, "badsig");
}

}  // namespace
}  // namespace ling
