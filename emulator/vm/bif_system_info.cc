// erlang:system_info/1 and erlang:system_flag/2: what the runtime system
// is and how it is set up, as OTP's libraries and test suites ask it.
//
// ling answers as the erl it stands in for where code branches on the
// answer: otp_release "25", version "13.1.5" (the erts that OTP 25.2.3's
// libraries check against), machine "BEAM" (ling runs BEAM files; epp
// defines ?MACHINE and the macro 'BEAM' from it, which code tests with
// -ifdef), build_type and emu_type opt, the default heap settings. Where
// ling is built differently it says so: emu_flavor emu (an interpreter,
// not the JIT), no dirty schedulers and no async thread pool (0),
// cpu_topology undefined (not detected), system_version names ling,
// min_bin_vheap_size 32768 (the words ling's collector starts from; erl
// rounds that same default up to a heap size, 46422).
// Figures of the running system (schedulers, processes, ports) come from
// the Host; without one (unit tests) those items raise notsup. An item erl
// does not know, or one ling does not answer (the allocator and tracing
// items, the text dumps info, procs, loaded and dist, ets_count), is
// badarg, as erl's unknown items are.
//
// system_flag/2 sets only what ling can honour: backtrace_depth (for the
// whole node, up to 64 frames, as on BEAM), time_offset finalize (the
// offset is already final: there is no time warp), and the flags
// whose current value is asked for again (schedulers_online, the heap
// settings: the value they have). Any other value of those is notsup; an
// unknown flag or a bad value is badarg.
//
// Concurrency: everything reported is either constant or read from the
// Host, which reads it atomically.
#include <sched.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "emulator/vm/bif.h"
#include "emulator/vm/process_memory.h"
#include "emulator/vm/stacktrace.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"
#include "runtime/term/map.h"

namespace ling::vm {
namespace {

constexpr char kErtsVersion[] = "13.1.5";
constexpr char kOtpRelease[] = "25";
constexpr int64_t kMinBinVheapWords = ProcessMemory::kMinBinaryBytes / 8;
constexpr int64_t kEtsLimit = 8192;  // erl's default (+e)
constexpr int64_t kDistBufBusyLimit = 1 << 20;

Term Atom(std::string_view name) {
  return InternAtom(name);
}

Term Pair(BifContext& ctx, Term a, Term b) {
  return MakeTuple(ctx.memory, {a, b});
}

// The machine the binary was built for, in GNU's triplet form.
constexpr const char* SystemArchitecture() {
#if defined(__x86_64__)
  return "x86_64-pc-linux-gnu";
#elif defined(__aarch64__)
  return "aarch64-unknown-linux-gnu";
#else
  return "unknown-unknown-linux-gnu";
#endif
}

// {Major, Minor, Release} of the running kernel (the leading numbers of
// uname's release, 0 where there are fewer than three).
Term OsVersion(BifContext& ctx) {
  struct utsname names;
  int64_t parts[3] = {0, 0, 0};
  if (uname(&names) == 0) {
    const char* p = names.release;
    for (int i = 0; i < 3 && *p >= '0' && *p <= '9'; ++i) {
      while (*p >= '0' && *p <= '9')
        parts[i] = parts[i] * 10 + (*p++ - '0');
      if (*p == '.') ++p;
    }
  }
  return MakeTuple(ctx.memory, {MakeSmall(parts[0]), MakeSmall(parts[1]), MakeSmall(parts[2])});
}

Term ProcessorCount(long count) {
  return count > 0 ? MakeSmall(count) : Atom("unknown");
}
Term AvailableProcessors() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return Atom("unknown");
  return MakeSmall(CPU_COUNT(&set));
}

// BEAM's heap size sequence: Fibonacci-like growth (each the sum of the
// two before, plus one) up to its 23rd size, then 20% a step, to the last
// size erl lists.
Term HeapSizes(BifContext& ctx) {
  std::vector<Term> sizes;
  int64_t before = 12, last = 38;
  sizes.push_back(MakeSmall(before));
  sizes.push_back(MakeSmall(last));
  while (last < 885'767'171'276'247) {
    int64_t next = sizes.size() < 23 ? last + before + 1 : last + last / 5;
    before = last;
    last = next;
    sizes.push_back(MakeInteger(ctx.memory, next));
  }
  return MakeList(ctx.memory, sizes);
}

Term MaxHeapSize(BifContext& ctx) {
  const std::pair<Term, Term> settings[] = {{Atom("error_logger"), atoms::kTrue},
                                            {atoms::kKill, atoms::kTrue},
                                            {atoms::kSize, MakeSmall(0)}};
  return MakeMap(ctx.memory, settings);
}

// ling's I/O poller: one thread waiting on epoll.
Term CheckIo(BifContext& ctx) {
  const Term items[] = {
      Pair(ctx, Atom("name"), Atom("ling_poller")), Pair(ctx, Atom("primary"), Atom("epoll")),
      Pair(ctx, Atom("kernel_poll"), Atom("epoll")), Pair(ctx, Atom("poll_threads"), MakeSmall(1))};
  return MakeCons(ctx.memory, MakeList(ctx.memory, items), kNil);
}

std::string SystemVersion(const SystemFigures& figures) {
  size_t n = figures.schedulers.size();
  return absl::StrCat("Erlang/OTP ", kOtpRelease, " [erts-", kErtsVersion,
                      "] [ling] [64-bit] [smp:", n, ":", n, "] [async-threads:0] [emu]\n");
}

// What os_monotonic_time_source and os_system_time_source tell: the clock
// read and its value now (the monotonic one is not extended: 64 bits).
Term OsTimeSource(BifContext& ctx, const char* clock, clockid_t id) {
  struct timespec now;
  clock_gettime(id, &now);
  int64_t ns = static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
  std::vector<Term> items = {Pair(ctx, Atom("function"), Atom("clock_gettime")),
                             Pair(ctx, Atom("clock_id"), Atom(clock)),
                             Pair(ctx, Atom("resolution"), MakeSmall(1'000'000'000))};
  if (id == CLOCK_MONOTONIC) items.push_back(Pair(ctx, Atom("extended"), Atom("no")));
  items.push_back(Pair(ctx, Atom("parallel"), Atom("yes")));
  items.push_back(Pair(ctx, Atom("time"), MakeInteger(ctx.memory, ns)));
  return MakeList(ctx.memory, items);
}

// The items that need the running system; nullopt when `item` is not one.
std::optional<Term> RunningSystemItem(BifContext& ctx, Term item) {
  static const Term kSchedulers = Atom("schedulers"), kSchedulersOnline = Atom("schedulers_online"),
                    kProcessCount = Atom("process_count"), kProcessLimit = Atom("process_limit"),
                    kPortCount = Atom("port_count"), kPortLimit = Atom("port_limit"),
                    kSchedulerId = Atom("scheduler_id"),
                    kContextReductions = Atom("context_reductions"),
                    kSystemVersion = Atom("system_version"),
                    kMultiScheduling = Atom("multi_scheduling"),
                    kSchedulerBindings = Atom("scheduler_bindings"),
                    kSchedulersState = Atom("schedulers_state"), kStartTime = Atom("start_time");
  if (item != kSchedulers && item != kSchedulersOnline && item != kProcessCount &&
      item != kProcessLimit && item != kPortCount && item != kPortLimit && item != kSchedulerId &&
      item != kContextReductions && item != kSystemVersion && item != kMultiScheduling &&
      item != kSchedulerBindings && item != kSchedulersState && item != kStartTime) {
    return std::nullopt;
  }
  if (ctx.host == nullptr) return ctx.Fail(atoms::kNotsup);
  SystemFigures figures = ctx.host->Figures();
  int64_t schedulers = static_cast<int64_t>(figures.schedulers.size());
  if (item == kSchedulers || item == kSchedulersOnline) return MakeSmall(schedulers);
  if (item == kSchedulersState) {
    return MakeTuple(ctx.memory,
                     {MakeSmall(schedulers), MakeSmall(schedulers), MakeSmall(schedulers)});
  }
  if (item == kProcessCount) return MakeSmall(static_cast<int64_t>(figures.processes));
  if (item == kProcessLimit) return MakeSmall(static_cast<int64_t>(figures.process_limit));
  if (item == kPortCount) return MakeSmall(static_cast<int64_t>(figures.ports));
  if (item == kPortLimit) return MakeSmall(static_cast<int64_t>(figures.port_limit));
  if (item == kSchedulerId) {
    return figures.scheduler_id > 0 ? MakeSmall(figures.scheduler_id) : atoms::kUndefined;
  }
  if (item == kContextReductions) return MakeSmall(figures.reductions_per_run);
  if (item == kSystemVersion) return MakeString(ctx.memory, SystemVersion(figures));
  // BEAM says disabled when there is one scheduler: nothing to block.
  if (item == kMultiScheduling) return Atom(schedulers > 1 ? "enabled" : "disabled");
  if (item == kStartTime) return MakeInteger(ctx.memory, figures.start_time);
  std::vector<Term> unbound(figures.schedulers.size(), Atom("unbound"));
  return MakeTuple(ctx.memory, unbound);
}

// snifs: every function the VM implements natively, as {M, F, A} (erl: its
// BIFs and static NIFs; ling: its BIF tables, less ling's own module).
Term NativeFunctions(BifContext& ctx) {
  std::vector<Term> mfas;
  for (auto table : kBifTables) {
    for (const BifEntry& b : table()) {
      if (std::string_view(b.module) == "ling") continue;
      mfas.push_back(
          MakeTuple(ctx.memory, {InternAtom(b.module), InternAtom(b.name), MakeSmall(b.arity)}));
    }
  }
  return MakeList(ctx.memory, mfas);
}

struct ConstantEntry {
  const char* name;
  Term (*build)(BifContext&);
};

// The items that are the same whatever runs.
std::optional<Term> ConstantItem(BifContext& ctx, Term item) {
  static constexpr ConstantEntry kItems[] = {
      {"os_type", [](BifContext& c) { return Pair(c, Atom("unix"), Atom("linux")); }},
      {"os_version", OsVersion},
      {"wordsize", [](BifContext&) { return MakeSmall(8); }},
      {"snifs", NativeFunctions},
      {"otp_release", [](BifContext& c) { return MakeString(c.memory, kOtpRelease); }},
      {"version", [](BifContext& c) { return MakeString(c.memory, kErtsVersion); }},
      {"machine", [](BifContext& c) { return MakeString(c.memory, "BEAM"); }},
      {"system_architecture",
       [](BifContext& c) { return MakeString(c.memory, SystemArchitecture()); }},
      {"driver_version", [](BifContext& c) { return MakeString(c.memory, "3.3"); }},
      {"nif_version", [](BifContext& c) { return MakeString(c.memory, "2.16"); }},
      {"compat_rel", [](BifContext&) { return MakeSmall(25); }},
      {"c_compiler_used",
       [](BifContext& c) {
         return Pair(c, Atom("gnuc"),
                     MakeTuple(c.memory, {MakeSmall(__GNUC__), MakeSmall(__GNUC_MINOR__),
                                          MakeSmall(__GNUC_PATCHLEVEL__)}));
       }},
      {"logical_processors",
       [](BifContext&) { return ProcessorCount(sysconf(_SC_NPROCESSORS_CONF)); }},
      {"logical_processors_online",
       [](BifContext&) { return ProcessorCount(sysconf(_SC_NPROCESSORS_ONLN)); }},
      {"logical_processors_available", [](BifContext&) { return AvailableProcessors(); }},
      {"atom_count", [](BifContext&) { return MakeSmall(static_cast<int64_t>(AtomCount())); }},
      {"atom_limit", [](BifContext&) { return MakeSmall(static_cast<int64_t>(kMaxAtoms)); }},
      {"ets_limit", [](BifContext&) { return MakeSmall(kEtsLimit); }},
      {"smp_support", [](BifContext&) { return atoms::kTrue; }},
      {"threads", [](BifContext&) { return atoms::kTrue; }},
      {"thread_pool_size", [](BifContext&) { return MakeSmall(0); }},
      {"dirty_cpu_schedulers", [](BifContext&) { return MakeSmall(0); }},
      {"dirty_cpu_schedulers_online", [](BifContext&) { return MakeSmall(0); }},
      {"dirty_io_schedulers", [](BifContext&) { return MakeSmall(0); }},
      {"hipe_architecture", [](BifContext&) { return atoms::kUndefined; }},
      {"build_type", [](BifContext&) { return Atom("opt"); }},
      {"emu_type", [](BifContext&) { return Atom("opt"); }},
      {"emu_flavor", [](BifContext&) { return Atom("emu"); }},
      {"debug_compiled", [](BifContext&) { return atoms::kFalse; }},
      {"lock_checking", [](BifContext&) { return atoms::kFalse; }},
      {"lock_counting", [](BifContext&) { return atoms::kFalse; }},
      {"break_ignored", [](BifContext&) { return atoms::kFalse; }},
      {"kernel_poll", [](BifContext&) { return atoms::kTrue; }},
      {"eager_check_io", [](BifContext&) { return atoms::kTrue; }},
      {"check_io", CheckIo},
      {"endian", [](BifContext&) { return atoms::kLittle; }},
      {"heap_type", [](BifContext&) { return Atom("private"); }},
      {"heap_sizes", HeapSizes},
      {"min_heap_size",
       [](BifContext& c) {
         return Pair(c, Atom("min_heap_size"), MakeSmall(ProcessMemory::kDefaultMinHeapWords));
       }},
      {"min_bin_vheap_size",
       [](BifContext& c) {
         return Pair(c, Atom("min_bin_vheap_size"), MakeSmall(kMinBinVheapWords));
       }},
      {"fullsweep_after",
       [](BifContext& c) {
         return Pair(c, Atom("fullsweep_after"), MakeSmall(ProcessMemory::kDefaultFullsweepAfter));
       }},
      {"max_heap_size", MaxHeapSize},
      {"garbage_collection",
       [](BifContext& c) {
         const Term items[] = {
             Pair(c, Atom("max_heap_size"), MakeSmall(0)),
             Pair(c, Atom("min_bin_vheap_size"), MakeSmall(kMinBinVheapWords)),
             Pair(c, Atom("min_heap_size"), MakeSmall(ProcessMemory::kDefaultMinHeapWords)),
             Pair(c, Atom("fullsweep_after"), MakeSmall(ProcessMemory::kDefaultFullsweepAfter))};
         return MakeList(c.memory, items);
       }},
      {"dist_ctrl", [](BifContext&) { return kNil; }},
      {"dist_buf_busy_limit", [](BifContext&) { return MakeSmall(kDistBufBusyLimit); }},
      {"creation", [](BifContext&) { return MakeSmall(0); }},
      {"delayed_node_table_gc", [](BifContext&) { return MakeSmall(60); }},
      {"cpu_topology", [](BifContext&) { return atoms::kUndefined; }},
      {"update_cpu_info", [](BifContext&) { return Atom("unchanged"); }},
      {"scheduler_bind_type", [](BifContext&) { return Atom("unbound"); }},
      {"multi_scheduling_blockers", [](BifContext&) { return kNil; }},
      {"normal_multi_scheduling_blockers", [](BifContext&) { return kNil; }},
      {"time_offset", [](BifContext&) { return Atom("final"); }},
      {"time_warp_mode", [](BifContext&) { return Atom("no_time_warp"); }},
      {"time_correction", [](BifContext&) { return atoms::kTrue; }},
      {"tolerant_timeofday", [](BifContext&) { return Atom("enabled"); }},
      {"end_time", [](BifContext& c) { return MakeInteger(c.memory, INT64_MAX); }},
      {"os_monotonic_time_source",
       [](BifContext& c) { return OsTimeSource(c, "CLOCK_MONOTONIC", CLOCK_MONOTONIC); }},
      {"os_system_time_source",
       [](BifContext& c) { return OsTimeSource(c, "CLOCK_REALTIME", CLOCK_REALTIME); }},
      {"trace_control_word", [](BifContext&) { return MakeSmall(0); }},
      {"sequential_tracer",
       [](BifContext& c) { return Pair(c, Atom("sequential_tracer"), atoms::kFalse); }},
      {"modified_timing_level", [](BifContext&) { return atoms::kUndefined; }},
      {"port_parallelism", [](BifContext&) { return atoms::kFalse; }},
      {"outstanding_system_requests_limit", [](BifContext&) { return MakeSmall(4); }},
      {"taints", [](BifContext&) { return kNil; }},
      {"dynamic_trace", [](BifContext&) { return Atom("none"); }},
      {"dynamic_trace_probes", [](BifContext&) { return atoms::kFalse; }},
      {"ets_always_compress", [](BifContext&) { return atoms::kFalse; }},
  };
  // Interned once, in the order of kItems.
  static const std::vector<Term> kNames = [] {
    std::vector<Term> names;
    for (const ConstantEntry& e : kItems)
      names.push_back(Atom(e.name));
    return names;
  }();
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == item) return kItems[i].build(ctx);
  }
  return std::nullopt;
}

// {wordsize, internal | external} and {cpu_topology, defined | detected |
// used}; nullopt for any other tuple.
std::optional<Term> TupleItem(Term item) {
  if (!IsTuple(item) || TupleArity(item) != 2) return std::nullopt;
  Term key = TupleElement(item, 0), value = TupleElement(item, 1);
  if (key == Atom("wordsize") && (value == Atom("internal") || value == Atom("external"))) {
    return MakeSmall(8);
  }
  if (key == Atom("cpu_topology") &&
      (value == Atom("defined") || value == Atom("detected") || value == Atom("used"))) {
    return atoms::kUndefined;
  }
  return std::nullopt;
}

Term BifSystemInfo(BifContext& ctx, const Term* args) {
  Term item = args[0];
  if (std::optional<Term> t = TupleItem(item)) return *t;
  if (!IsAtom(item)) return ctx.Fail(atoms::kBadarg);
  if (item == Atom("system_logger")) {
    Term logger = ctx.process != nullptr ? ctx.process->Whereis(Atom("logger")) : kNonValue;
    return logger != kNonValue ? logger : atoms::kUndefined;
  }
  if (std::optional<Term> t = RunningSystemItem(ctx, item)) return *t;
  if (std::optional<Term> t = ConstantItem(ctx, item)) return *t;
  return ctx.Fail(atoms::kBadarg);
}

// ---- system_flag/2 ----

// A flag whose only value here is `current`: asking for it again returns
// it; any other value of the right kind is notsup, anything else badarg.
Term KeepOnly(BifContext& ctx, Term value, int64_t current, int64_t min, int64_t max) {
  if (!IsSmall(value) || SmallValue(value) < min || SmallValue(value) > max) {
    return ctx.Fail(atoms::kBadarg);
  }
  if (SmallValue(value) != current) return ctx.Fail(atoms::kNotsup);
  return MakeSmall(current);
}

Term BifSystemFlag(BifContext& ctx, const Term* args) {
  Term flag = args[0], value = args[1];
  if (flag == Atom("time_offset")) {
    return value == Atom("finalize") ? Atom("final") : ctx.Fail(atoms::kBadarg);
  }
  if (flag == Atom("backtrace_depth")) {
    if (!IsSmall(value) || SmallValue(value) < 0) return ctx.Fail(atoms::kBadarg);
    size_t wanted = static_cast<size_t>(std::min<int64_t>(SmallValue(value), kMaxBacktraceDepth));
    return MakeSmall(static_cast<int64_t>(SetBacktraceDepth(wanted)));
  }
  if (flag == Atom("schedulers_online")) {
    if (ctx.host == nullptr) return ctx.Fail(atoms::kNotsup);
    int64_t n = static_cast<int64_t>(ctx.host->Figures().schedulers.size());
    return KeepOnly(ctx, value, n, 1, n);
  }
  if (flag == Atom("min_heap_size")) {
    return KeepOnly(ctx, value, ProcessMemory::kDefaultMinHeapWords, 0, kSmallMax);
  }
  if (flag == Atom("min_bin_vheap_size")) {
    return KeepOnly(ctx, value, kMinBinVheapWords, 0, kSmallMax);
  }
  if (flag == Atom("fullsweep_after")) {
    return KeepOnly(ctx, value, ProcessMemory::kDefaultFullsweepAfter, 0, kSmallMax);
  }
  return ctx.Fail(atoms::kBadarg);
}

constexpr BifEntry kSystemInfoBifs[] = {
    {"erlang", "system_info", 1, BifSystemInfo},
    {"erlang", "system_flag", 2, BifSystemFlag},
};

}  // namespace

std::span<const BifEntry> SystemInfoBifs() {
  return kSystemInfoBifs;
}

}  // namespace ling::vm
