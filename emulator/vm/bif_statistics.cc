// erlang:statistics/1: what the system has done since it started -- CPU
// time, wall clock time, reductions, context switches, its run queues --
// and erlang:memory/0,1.
//
// The figures come from the Host (SystemFigures), counted per scheduler:
// reductions and context switches are those of every process and port a
// scheduler ran (BEAM counts ports' reductions too). A run queue's active
// tasks are its queued ones plus one while its scheduler is awake: running
// something or looking for work (BEAM counts the one it runs). ling has no
// dirty schedulers, so the run queue lists have one entry per scheduler
// and the _all forms are the same lists. runtime is the user CPU time of
// the OS process (getrusage), as on BEAM. "Since the last call" is since
// the last call from any process, as on BEAM.
//
// io is the bytes ports sent their owners (input) and took in commands
// (output). garbage_collection is every process's collections and the
// heap words they freed (ProcessMemory::Totals), and 0 as BEAM's third
// element. scheduler_wall_time and microstate_accounting are undefined: never
// switched on (system_flag/2 refuses them).
//
// erlang:memory/0,1 is notsup, as on erl whose allocators are switched off
// (+Mea min): ling keeps no per-kind account of its memory.
//
// Concurrency: the "last call" values are atomics swapped by each call.
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"

namespace ling::vm {
namespace {

Term Atom(std::string_view name) {
  return InternAtom(name);
}

// {Total, Total - the total the previous call saw}.
Term TotalAndSince(BifContext& ctx, std::atomic<int64_t>& last, int64_t total) {
  int64_t before = last.exchange(total, std::memory_order_relaxed);
  return MakeTuple(ctx.memory,
                   {MakeInteger(ctx.memory, total), MakeInteger(ctx.memory, total - before)});
}

int64_t UserCpuMilliseconds() {
  struct rusage usage;
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<int64_t>(usage.ru_utime.tv_sec) * 1000 + usage.ru_utime.tv_usec / 1000;
}

int64_t MonotonicNanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Term PerScheduler(BifContext& ctx, const SystemFigures& figures, bool active) {
  std::vector<Term> lengths;
  for (const SystemFigures::Scheduler& s : figures.schedulers)
    lengths.push_back(MakeSmall(static_cast<int64_t>(s.queued + (active && s.awake ? 1 : 0))));
  return MakeList(ctx.memory, lengths);
}

int64_t Total(const SystemFigures& figures, bool active) {
  int64_t total = 0;
  for (const SystemFigures::Scheduler& s : figures.schedulers)
    total += static_cast<int64_t>(s.queued + (active && s.awake ? 1 : 0));
  return total;
}

Term BifStatistics(BifContext& ctx, const Term* args) {
  static const Term kRuntime = Atom("runtime"), kWallClock = Atom("wall_clock"),
                    kReductions = Atom("reductions"), kExactReductions = Atom("exact_reductions"),
                    kContextSwitches = Atom("context_switches"), kRunQueue = Atom("run_queue"),
                    kRunQueueLengths = Atom("run_queue_lengths"),
                    kRunQueueLengthsAll = Atom("run_queue_lengths_all"),
                    kTotalRunQueueLengths = Atom("total_run_queue_lengths"),
                    kTotalRunQueueLengthsAll = Atom("total_run_queue_lengths_all"),
                    kActiveTasks = Atom("active_tasks"), kActiveTasksAll = Atom("active_tasks_all"),
                    kTotalActiveTasks = Atom("total_active_tasks"),
                    kTotalActiveTasksAll = Atom("total_active_tasks_all"),
                    kSchedulerWallTime = Atom("scheduler_wall_time"),
                    kSchedulerWallTimeAll = Atom("scheduler_wall_time_all"),
                    kMicrostateAccounting = Atom("microstate_accounting"), kIo = Atom("io"),
                    kGarbageCollection = Atom("garbage_collection"), kInput = Atom("input"),
                    kOutput = Atom("output");
  static std::atomic<int64_t> last_runtime{0}, last_wall_clock{0}, last_reductions{0};
  Term item = args[0];
  if (item == kRuntime) return TotalAndSince(ctx, last_runtime, UserCpuMilliseconds());
  if (item == kGarbageCollection) {
    ProcessMemory::CollectionTotals totals = ProcessMemory::Totals();
    return MakeTuple(ctx.memory,
                     {MakeUnsignedInteger(ctx.memory, totals.collections),
                      MakeUnsignedInteger(ctx.memory, totals.words_reclaimed), MakeSmall(0)});
  }
  if (item == kSchedulerWallTime || item == kSchedulerWallTimeAll ||
      item == kMicrostateAccounting) {
    return atoms::kUndefined;
  }
  if (item != kWallClock && item != kReductions && item != kExactReductions &&
      item != kContextSwitches && item != kRunQueue && item != kRunQueueLengths &&
      item != kRunQueueLengthsAll && item != kTotalRunQueueLengths &&
      item != kTotalRunQueueLengthsAll && item != kActiveTasks && item != kActiveTasksAll &&
      item != kTotalActiveTasks && item != kTotalActiveTasksAll && item != kIo) {
    return ctx.Fail(atoms::kBadarg);
  }
  if (ctx.host == nullptr) return ctx.Fail(atoms::kNotsup);
  SystemFigures figures = ctx.host->Figures();
  if (item == kIo) {
    return MakeTuple(
        ctx.memory,
        {MakeTuple(ctx.memory, {kInput, MakeUnsignedInteger(ctx.memory, figures.io_input)}),
         MakeTuple(ctx.memory, {kOutput, MakeUnsignedInteger(ctx.memory, figures.io_output)})});
  }
  if (item == kWallClock) {
    int64_t elapsed_ms = (MonotonicNanoseconds() - figures.start_time) / 1'000'000;
    return TotalAndSince(ctx, last_wall_clock, elapsed_ms);
  }
  if (item == kReductions || item == kExactReductions) {
    int64_t total = 0;
    for (const SystemFigures::Scheduler& s : figures.schedulers)
      total += static_cast<int64_t>(s.reductions);
    return TotalAndSince(ctx, last_reductions, total);
  }
  if (item == kContextSwitches) {
    int64_t total = 0;
    for (const SystemFigures::Scheduler& s : figures.schedulers)
      total += static_cast<int64_t>(s.runs);
    return MakeTuple(ctx.memory, {MakeInteger(ctx.memory, total), MakeSmall(0)});
  }
  bool active = item == kActiveTasks || item == kActiveTasksAll || item == kTotalActiveTasks ||
                item == kTotalActiveTasksAll;
  if (item == kRunQueueLengths || item == kRunQueueLengthsAll || item == kActiveTasks ||
      item == kActiveTasksAll) {
    return PerScheduler(ctx, figures, active);
  }
  return MakeInteger(ctx.memory, Total(figures, active));
}

// memory/0,1: notsup for a type or list of types, as erl without its
// allocators; badarg for anything else.
Term BifMemory0(BifContext& ctx, const Term*) {
  return ctx.Fail(atoms::kNotsup);
}
Term BifMemory1(BifContext& ctx, const Term* args) {
  Term arg = args[0];
  bool type_or_types = IsAtom(arg) || IsList(arg) || IsNil(arg);
  return ctx.Fail(type_or_types ? atoms::kNotsup : atoms::kBadarg);
}

constexpr BifEntry kStatisticsBifs[] = {
    {"erlang", "statistics", 1, BifStatistics},
    {"erlang", "memory", 0, BifMemory0},
    {"erlang", "memory", 1, BifMemory1},
};

}  // namespace

std::span<const BifEntry> StatisticsBifs() {
  return kStatisticsBifs;
}

}  // namespace ling::vm
