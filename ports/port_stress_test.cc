// Stress: many senders on two ports at once, on all schedulers -- immediate
// and scheduled signals mixed, busy toggled under load -- with the port
// checker run from a host thread along the way. Meant for --config=tsan.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ling/ports.h"
#include "ling/runtime.h"
#include "ports/drivers/sink_driver.h"
#include "runtime/api/test_util.h"
#include "runtime/core/node.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"

namespace ling {
namespace {

using testing::Countdown;

constexpr int kSenders = 8;
constexpr int kPerSender = 400;

std::string BytesOf(Term binary) {
  auto b = BinaryBytes(binary);
  return std::string(b.begin(), b.end());
}

void CheckPort(Runtime& rt, PortSystem& ports, Term port) {
  ProtectedSection section(rt.node());
  if (Port* p = ports.Lookup(port)) p->CheckInvariants();
}

// Per-sender order through an echo port, under contention, in each mode:
// default (immediate when uncontended), forced scheduling, legacy.
class PortStressModes : public ::testing::TestWithParam<PortSystemOptions> {};

INSTANTIATE_TEST_SUITE_P(Modes, PortStressModes,
                         ::testing::Values(PortSystemOptions{},
                                           PortSystemOptions{.force_scheduling = true},
                                           PortSystemOptions{.legacy = true}));

TEST_P(PortStressModes, OneSendersSignalsArriveInOrder) {
  Runtime rt({.schedulers = 3});
  PortSystem ports(rt, GetParam());
  std::atomic<uint64_t> port_raw{0};
  std::atomic<int> out_of_order{0};
  Countdown opened(1), done(1);
  auto owner = rt.Spawn([&](Context& ctx) -> Task {
    port_raw = ports::Open(ctx, "echo")->raw();
    opened.Tick();
    absl::flat_hash_map<int, int> next;
    for (int i = 0; i < kSenders * kPerSender; ++i) {
      Message m = co_await ctx.Receive();
      std::vector<std::string> parts =
          absl::StrSplit(BytesOf(TupleElement(TupleElement(m.term(), 1), 1)), ':');
      int sender = 0, seq = 0;
      if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &sender) ||
          !absl::SimpleAtoi(parts[1], &seq) || next[sender]++ != seq) {
        out_of_order.fetch_add(1);
      }
    }
    done.Tick();
  });
  ASSERT_TRUE(owner.ok());
  ASSERT_TRUE(opened.Wait());
  Term port = Term::FromRaw(port_raw.load());
  for (int s = 0; s < kSenders; ++s) {
    ASSERT_TRUE(rt.Spawn([port, s](Context& ctx) -> Task {
                    for (int i = 0; i < kPerSender; ++i) {
                      std::string payload = absl::StrCat(s, ":", i);
                      co_await ports::Command(ctx, port, payload);
                      if (i % 16 == 0) co_await ctx.Yield();
                    }
                  }).ok());
  }
  for (int i = 0; i < 50 && !done.Wait(absl::Milliseconds(20)); ++i)
    CheckPort(rt, ports, port);
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(out_of_order.load(), 0);
}

// Busy toggled while senders flood a sink: nothing is lost, nobody stays
// suspended, the queued-bytes count returns to zero.
TEST(PortStress, BusyTogglingUnderLoadLosesNothing) {
  Runtime rt({.schedulers = 3});
  PortSystem ports(rt, {.force_scheduling = false});
  std::atomic<uint64_t> port_raw{0};
  Countdown opened(1), senders_done(kSenders), done(1);
  std::string counters;
  size_t left_queued = 1;
  std::atomic<bool> stop_toggling{false};
  auto owner = rt.Spawn([&](Context& ctx) -> Task {
    Term port = *ports::Open(ctx, "sink", {.limits = {.high = 2048, .low = 1024}});
    port_raw = port.raw();
    opened.Tick();
    bool busy = false;
    while (!stop_toggling.load()) {
      busy = !busy;
      co_await ports::Control(ctx, port, busy ? SinkDriver::kSetBusy : SinkDriver::kClearBusy,
                              std::string_view());
      co_await ctx.Receive([](Term) { return false; }, absl::Milliseconds(1));  // a pause
    }
    co_await ports::Control(ctx, port, SinkDriver::kClearBusy, std::string_view());
    co_await ctx.Receive();  // all senders finished
    absl::StatusOr<Message> reply =
        co_await ports::Control(ctx, port, SinkDriver::kCounters, std::string_view());
    counters = BytesOf(ports::Answer(*reply));
    left_queued = PortSystem::Of(ctx.runtime().node())->Lookup(port)->queued_bytes();
    done.Tick();
  });
  ASSERT_TRUE(owner.ok());
  ASSERT_TRUE(opened.Wait());
  Term port = Term::FromRaw(port_raw.load());
  for (int s = 0; s < kSenders; ++s) {
    ASSERT_TRUE(rt.Spawn([&, port](Context& ctx) -> Task {
                    std::string payload(100, 'p');
                    for (int i = 0; i < kPerSender; ++i) {
                      absl::StatusOr<bool> sent = co_await ports::Command(ctx, port, payload);
                      EXPECT_TRUE(sent.ok() && *sent);
                    }
                    senders_done.Tick();
                  }).ok());
  }
  while (!senders_done.Wait(absl::Milliseconds(20)))
    CheckPort(rt, ports, port);
  stop_toggling = true;
  ASSERT_TRUE(rt.Send(*owner, atoms::kOk).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(counters, absl::StrCat(kSenders * kPerSender, " ", kSenders * kPerSender * 100));
  EXPECT_EQ(left_queued, 0u);
}

}  // namespace
}  // namespace ling
