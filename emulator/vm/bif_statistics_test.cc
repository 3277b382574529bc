// erlang:statistics/1 and memory/0,1 (bif_statistics.cc), on figures from a
// host made up here; the errors are erl's.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/figures_host.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/build.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::FiguresHost;

std::string Statistics(Host* host, std::string_view item) {
  ProcessMemory memory;
  const Term args[] = {InternAtom(item)};
  return Call(memory, "erlang", "statistics", args, host);
}

TEST(StatisticsBifs, RunQueuesAndTasks) {
  FiguresHost host;
  host.figures.schedulers = {{.queued = 2, .awake = true}, {.queued = 0, .awake = false}};
  EXPECT_EQ(Statistics(&host, "run_queue"), "2");
  EXPECT_EQ(Statistics(&host, "total_run_queue_lengths"), "2");
  EXPECT_EQ(Statistics(&host, "total_run_queue_lengths_all"), "2");
  EXPECT_EQ(Statistics(&host, "run_queue_lengths"), "[2,0]");
  EXPECT_EQ(Statistics(&host, "run_queue_lengths_all"), "[2,0]");
  EXPECT_EQ(Statistics(&host, "active_tasks"), "[3,0]");
  EXPECT_EQ(Statistics(&host, "active_tasks_all"), "[3,0]");
  EXPECT_EQ(Statistics(&host, "total_active_tasks"), "3");
  EXPECT_EQ(Statistics(&host, "total_active_tasks_all"), "3");
}

TEST(StatisticsBifs, CountsSinceTheLastCall) {
  FiguresHost host;
  host.figures.schedulers = {{.reductions = 100, .runs = 7}, {.reductions = 50, .runs = 3}};
  EXPECT_EQ(Statistics(&host, "context_switches"), "{10,0}");
  // The first call's "since" is since the start.
  EXPECT_EQ(Statistics(&host, "reductions"), "{150,150}");
  host.figures.schedulers[1].reductions = 80;
  EXPECT_EQ(Statistics(&host, "exact_reductions"), "{180,30}");
  EXPECT_EQ(Statistics(&host, "reductions"), "{180,0}");
}

// {Total, SinceLast} of two non-negative integers, the second at most the
// first.
void ExpectTotalAndSince(const std::string& text) {
  ASSERT_EQ(text.front(), '{') << text;
  size_t comma = text.find(',');
  ASSERT_NE(comma, std::string::npos) << text;
  long long total = std::stoll(text.substr(1)), since = std::stoll(text.substr(comma + 1));
  EXPECT_GE(total, 0) << text;
  EXPECT_GE(since, 0) << text;
  EXPECT_LE(since, total) << text;
}

TEST(StatisticsBifs, Clocks) {
  FiguresHost host;
  ExpectTotalAndSince(Statistics(&host, "runtime"));
  ExpectTotalAndSince(Statistics(&host, "runtime"));
  // Started at monotonic time 0: the wall clock is the whole monotonic
  // clock, since the last call at most that.
  ExpectTotalAndSince(Statistics(&host, "wall_clock"));
  ExpectTotalAndSince(Statistics(&host, "wall_clock"));
}

TEST(StatisticsBifs, GarbageCollection) {
  ProcessMemory memory;
  const Term args[] = {InternAtom("garbage_collection")};
  auto totals = [&] {
    std::string text = Call(memory, "erlang", "statistics", args);
    EXPECT_EQ(text.front(), '{') << text;
    EXPECT_TRUE(text.ends_with(",0}")) << text;
    return std::pair(std::stoll(text.substr(1)), std::stoll(text.substr(text.find(',') + 1)));
  };
  auto [collections, reclaimed] = totals();
  // Garbage, then a collection that frees it.
  ProcessMemory garbage;
  for (int i = 0; i < 100; ++i)
    MakeTuple(garbage, {MakeSmall(i), MakeSmall(i)});
  garbage.CollectMajor(nullptr, 0);
  auto [collections_after, reclaimed_after] = totals();
  EXPECT_EQ(collections_after, collections + 1);
  EXPECT_GE(reclaimed_after, reclaimed + 300);
}

TEST(StatisticsBifs, Io) {
  FiguresHost host;
  host.figures.io_input = 20;
  host.figures.io_output = 433;
  EXPECT_EQ(Statistics(&host, "io"), "{{input,20},{output,433}}");
  EXPECT_EQ(Statistics(nullptr, "io"), "error:notsup");
}

TEST(StatisticsBifs, NotSwitchedOn) {
  EXPECT_EQ(Call("statistics(scheduler_wall_time)"), "undefined");
  EXPECT_EQ(Call("statistics(scheduler_wall_time_all)"), "undefined");
  EXPECT_EQ(Call("statistics(microstate_accounting)"), "undefined");
}

TEST(StatisticsBifs, Errors) {
  EXPECT_EQ(Call("statistics(foo)"), "error:badarg");
  EXPECT_EQ(Call(R"(statistics("x"))"), "error:badarg");
  EXPECT_EQ(Call("statistics({a})"), "error:badarg");
  EXPECT_EQ(Call("statistics(run_queue)"), "error:notsup");  // no host
}

TEST(MemoryBifs, NotsupAsErlWithoutItsAllocators) {
  EXPECT_EQ(Call("memory()"), "error:notsup");
  EXPECT_EQ(Call("memory(total)"), "error:notsup");
  EXPECT_EQ(Call("memory(foo)"), "error:notsup");
  EXPECT_EQ(Call("memory([total, ets])"), "error:notsup");
  EXPECT_EQ(Call("memory(1)"), "error:badarg");
}

}  // namespace
}  // namespace ling::vm
