// Aborting queued tasks through handles, from an unmanaged thread, while the
// port executes on the schedulers: every task either runs or is aborted,
// never both, never lost; the queued-bytes count returns to zero. The port
// is busy while the tasks arrive, so each abort finds its task waiting.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ling/ports.h"
#include "ling/runtime.h"
#include "ports/drivers/sink_driver.h"
#include "runtime/api/test_util.h"
#include "runtime/core/node.h"
#include "runtime/term/binary.h"

namespace ling {
namespace {

using testing::Countdown;

TEST(PortAbort, EveryTaskRunsOrIsAbortedExactlyOnce) {
  constexpr int kTasks = 5000;
  Runtime rt({.schedulers = 2});
  PortSystem ports(rt);
  std::atomic<uint64_t> port_raw{0};
  Countdown opened(1), done(1);
  std::string counters;
  size_t left_queued = 1;
  auto owner = rt.Spawn([&](Context& ctx) -> Task {
    Term port = *ports::Open(ctx, "sink", {.limits = {.disabled = true}});
    port_raw = port.raw();
    co_await ports::Control(ctx, port, SinkDriver::kSetBusy, std::string_view());
    opened.Tick();
    co_await ctx.Receive();  // everything submitted, half of it aborted
    co_await ports::Control(ctx, port, SinkDriver::kClearBusy, std::string_view());
    co_await ctx.Receive();  // every task ran or was dropped
    absl::StatusOr<Message> reply =
        co_await ports::Control(ctx, port, SinkDriver::kCounters, std::string_view());
    auto bytes = BinaryBytes(ports::Answer(*reply));
    counters.assign(bytes.begin(), bytes.end());
    left_queued = PortSystem::Of(ctx.runtime().node())->Lookup(port)->queued_bytes();
    done.Tick();
  });
  ASSERT_TRUE(owner.ok());
  ASSERT_TRUE(opened.Wait());
  Term port = Term::FromRaw(port_raw.load());

  std::vector<std::unique_ptr<PortTaskHandle>> handles(kTasks);
  for (auto& h : handles)
    h = std::make_unique<PortTaskHandle>();
  std::atomic<int> submitted{0};
  std::atomic<int> aborted{0};
  std::thread submitter([&] {
    for (int i = 0; i < kTasks; ++i) {
      ProtectedSection section(rt.node());
      std::unique_ptr<PortTask> task = PortTask::WithDataCopy("x");
      task->kind = PortTaskKind::kCommand;
      ASSERT_EQ(ports.Lookup(port)->SubmitAbortable(std::move(task), *handles[i]),
                Port::Submitted::kQueued);
      submitted.store(i + 1, std::memory_order_release);
    }
  });
  std::thread aborter([&] {
    for (int i = 1; i < kTasks; i += 2) {
      while (submitted.load(std::memory_order_acquire) <= i)
        std::this_thread::yield();
      ProtectedSection section(rt.node());
      if (handles[i]->Abort()) aborted.fetch_add(1);
    }
  });
  submitter.join();
  aborter.join();
  ASSERT_TRUE(rt.Send(*owner, kNil).ok());  // clear busy: the rest runs
  for (auto& h : handles) {
    while (h->scheduled())
      std::this_thread::yield();
  }
  ASSERT_TRUE(rt.Send(*owner, kNil).ok());
  ASSERT_TRUE(done.Wait());
  EXPECT_EQ(aborted.load(), kTasks / 2) << "each abort found its task still waiting";
  int executed = kTasks - aborted.load();
  EXPECT_EQ(counters, absl::StrCat(executed, " ", executed));
  EXPECT_EQ(left_queued, 0u);
}

}  // namespace
}  // namespace ling
