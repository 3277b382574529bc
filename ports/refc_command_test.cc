// Commands whose segments lie in refc binaries (Erlang's port_command,
// through ports::AttemptCommand): run at once, the driver sees the
// binary's own bytes; queued, the task holds a reference to the binary
// instead of a copy -- the sender may drop its own reference, or exit,
// before the port runs -- and lets it go once the task is done, delivered
// or dropped at close. Segments in no refc binary are copied when queued.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ling/ports.h"
#include "ling/runtime.h"
#include "runtime/api/test_util.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"

namespace ling {
namespace {

using testing::Countdown;
using testing::kPatience;

// What the recorder driver saw of each command.
struct Seen {
  std::mutex mutex;
  std::vector<std::vector<const uint8_t*>> segments;  // where each segment was
  std::vector<std::string> bytes;
  Countdown big_delivered{1};
};

// Records commands; a command "busy" makes the port busy, control 1 clears
// it.
class Recorder final : public Driver {
 public:
  explicit Recorder(Seen* seen) : seen_(seen) {}
  void OutputV(DriverContext& port, IoVec data) override {
    std::string flat = Flatten(data);
    {
      std::lock_guard<std::mutex> lock(seen_->mutex);
      std::vector<const uint8_t*>& where = seen_->segments.emplace_back();
      for (ByteSpan s : data)
        where.push_back(s.data());
      seen_->bytes.push_back(flat);
    }
    if (flat == "busy") {
      port.SetBusy(true);
    } else {
      seen_->big_delivered.Tick();
    }
  }
  absl::StatusOr<std::string> Control(DriverContext& port, uint32_t command,
                                      std::span<const uint8_t>) override {
    if (command == 1) port.SetBusy(false);
    return std::string();
  }

 private:
  Seen* seen_;
};

void RegisterRecorder(PortSystem& ports, Seen* seen) {
  ASSERT_TRUE(
      ports
          .RegisterDriver("recorder",
                          [seen](std::string_view) { return std::make_unique<Recorder>(seen); })
          .ok());
}

std::string Pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i)
    s[i] = static_cast<char>('a' + i % 23);
  return s;
}

// Until the binary has `refs` references, or patience runs out.
bool WaitForRefs(const BinaryData* b, int64_t refs) {
  for (auto until = absl::Now() + kPatience; absl::Now() < until;) {
    if (b->refs() == refs) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return b->refs() == refs;
}

TEST(RefcCommands, RunAtOnceTheDriverSeesTheBinaryItself) {
  Runtime rt({.schedulers = 1});
  PortSystem ports(rt);
  Seen seen;
  RegisterRecorder(ports, &seen);
  std::string pattern = Pattern(1024);
  BinaryData* big = BinaryData::Create(AsBytes(pattern));
  int64_t refs_after = 0;
  Countdown done(1);
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  Term port = *ports::Open(ctx, "recorder");
                  std::string head = "ab";
                  ByteSpan segments[] = {AsBytes(head), {big->bytes() + 10, 500}};
                  BinaryData* refc[] = {nullptr, big};
                  EXPECT_EQ(ports::AttemptCommand(*internal::ContextAccess::process(ctx), port,
                                                  segments, refc, {}),
                            ports::CommandAttempt::kSent);
                  refs_after = big->refs();
                  done.Tick();
                  co_return;
                }).ok());
  ASSERT_TRUE(done.Wait());
  ASSERT_TRUE(seen.big_delivered.Wait());
  std::lock_guard<std::mutex> lock(seen.mutex);
  ASSERT_EQ(seen.segments.size(), 1u);
  ASSERT_EQ(seen.segments[0].size(), 2u);
  EXPECT_EQ(seen.segments[0][1], big->bytes() + 10) << "not copied";
  EXPECT_EQ(seen.bytes[0], "ab" + pattern.substr(10, 500));
  EXPECT_EQ(refs_after, 1) << "no reference taken for a command run at once";
  big->Release();
}

// Every command queues (forced scheduling); the first makes the port busy,
// so the second waits in the busy queue while its sender drops its
// reference, scribbles over its own buffer and exits. The owner (another
// process) then clears busy: the driver gets the bytes, the refc segment in
// place, and the task's reference goes.
TEST(RefcCommands, AQueuedCommandKeepsItsBinaryAliveUntilDelivered) {
  Runtime rt({.schedulers = 1});
  PortSystem ports(rt, {.force_scheduling = true});
  Seen seen;
  RegisterRecorder(ports, &seen);
  std::string pattern = Pattern(4096);
  BinaryData* big = BinaryData::Create(AsBytes(pattern));  // the test's reference
  std::atomic<uint64_t> port_raw{0};
  Countdown opened(1), sender_done(1);
  auto owner = rt.Spawn([&](Context& ctx) -> Task {
    Term port = *ports::Open(ctx, "recorder");
    port_raw = port.raw();
    opened.Tick();
    co_await ctx.Receive();  // go
    co_await ports::Control(ctx, port, 1, std::string_view());
    co_await ctx.Receive();  // stay open until the test ends
  });
  ASSERT_TRUE(owner.ok());
  ASSERT_TRUE(opened.Wait());
  int64_t refs_queued = 0;
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  Process& p = *internal::ContextAccess::process(ctx);
                  Term port = Term::FromRaw(port_raw.load());
                  big->AddRef();  // the sender's own, as its heap's ProcBin
                  std::string busy = "busy", head = "<<", tail = ">>";
                  ByteSpan first = AsBytes(busy);
                  EXPECT_EQ(ports::AttemptCommand(p, port, IoVec(&first, 1), {}, {}),
                            ports::CommandAttempt::kSent);
                  ByteSpan segments[] = {AsBytes(head), {big->bytes() + 100, 3000}, AsBytes(tail)};
                  BinaryData* refc[] = {nullptr, big, nullptr};
                  EXPECT_EQ(ports::AttemptCommand(p, port, segments, refc, {}),
                            ports::CommandAttempt::kSent);
                  refs_queued = big->refs();
                  head = "XX";  // its buffers are gone...
                  tail = "YY";
                  big->Release();  // ...and so is its reference
                  sender_done.Tick();
                  co_return;
                }).ok());
  ASSERT_TRUE(sender_done.Wait());
  EXPECT_EQ(refs_queued, 3) << "the test's, the sender's and the queued task's";
  ASSERT_TRUE(rt.Send(*owner, atoms::kOk).ok());
  ASSERT_TRUE(seen.big_delivered.Wait());
  EXPECT_TRUE(WaitForRefs(big, 1)) << big->refs();
  {
    std::lock_guard<std::mutex> lock(seen.mutex);
    ASSERT_EQ(seen.bytes.size(), 2u);
    EXPECT_EQ(seen.bytes[0], "busy");
    EXPECT_EQ(seen.bytes[1], "<<" + pattern.substr(100, 3000) + ">>");
    ASSERT_EQ(seen.segments[1].size(), 3u);
    EXPECT_EQ(seen.segments[1][1], big->bytes() + 100) << "referenced, not copied";
  }
  ASSERT_TRUE(rt.Send(*owner, atoms::kOk).ok());
  big->Release();
}

// A queued command dropped when its port closes lets its binary go too.
// (The owner closes: a close from the sender would wait behind its own
// command on the busy port.)
TEST(RefcCommands, ACommandDroppedAtCloseReleasesItsBinary) {
  Runtime rt({.schedulers = 1});
  PortSystem ports(rt, {.force_scheduling = true});
  Seen seen;
  RegisterRecorder(ports, &seen);
  std::string pattern = Pattern(2048);
  BinaryData* big = BinaryData::Create(AsBytes(pattern));
  std::atomic<uint64_t> port_raw{0};
  Countdown opened(1), sender_done(1), closed(1);
  auto owner = rt.Spawn([&](Context& ctx) -> Task {
    Term port = *ports::Open(ctx, "recorder");
    port_raw = port.raw();
    opened.Tick();
    co_await ctx.Receive();  // the command is queued
    co_await ports::Close(ctx, port);
    closed.Tick();
  });
  ASSERT_TRUE(owner.ok());
  ASSERT_TRUE(opened.Wait());
  int64_t refs_queued = 0;
  ASSERT_TRUE(rt.Spawn([&](Context& ctx) -> Task {
                  Process& p = *internal::ContextAccess::process(ctx);
                  Term port = Term::FromRaw(port_raw.load());
                  std::string busy = "busy";
                  ByteSpan first = AsBytes(busy);
                  ports::AttemptCommand(p, port, IoVec(&first, 1), {}, {});
                  ByteSpan segment = {big->bytes(), big->size()};
                  BinaryData* refc[] = {big};
                  ports::AttemptCommand(p, port, IoVec(&segment, 1), refc, {});
                  refs_queued = big->refs();
                  sender_done.Tick();
                  co_return;
                }).ok());
  ASSERT_TRUE(sender_done.Wait());
  EXPECT_EQ(refs_queued, 2);
  ASSERT_TRUE(rt.Send(*owner, atoms::kOk).ok());
  ASSERT_TRUE(closed.Wait());
  EXPECT_TRUE(WaitForRefs(big, 1)) << big->refs();
  {
    std::lock_guard<std::mutex> lock(seen.mutex);
    EXPECT_EQ(seen.bytes, std::vector<std::string>{"busy"}) << "the big command was dropped";
  }
  big->Release();
}

}  // namespace
}  // namespace ling
