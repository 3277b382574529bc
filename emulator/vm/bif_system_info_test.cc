// erlang:system_info/1 and system_flag/2 (bif_system_info.cc). The items
// that are erl's too hold erl's values (testdata/check_bif_tests.escript
// checks them with erl); the ones ling answers differently (WhatLingIs,
// the notsup flags: the escript lists them as differing) are checked
// against what bif_system_info.cc says it answers. The running system's
// figures come from a host made up here.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/figures_host.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/build.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::Erl;
using testing::FiguresHost;

TEST(SystemInfoBifs, WhatErlSays) {
  EXPECT_EQ(Call("system_info(os_type)"), Erl("{unix,linux}"));
  EXPECT_EQ(Call("system_info(wordsize)"), "8");
  EXPECT_EQ(Call("system_info({wordsize,internal})"), "8");
  EXPECT_EQ(Call("system_info({wordsize,external})"), "8");
  EXPECT_EQ(Call("system_info(otp_release)"), Erl(R"("25")"));
  EXPECT_EQ(Call("system_info(version)"), Erl(R"("13.1.5")"));
  EXPECT_EQ(Call("system_info(machine)"), Erl(R"("BEAM")"));
  EXPECT_EQ(Call("system_info(system_architecture)"), Erl(R"("x86_64-pc-linux-gnu")"));
  EXPECT_EQ(Call("system_info(driver_version)"), Erl(R"("3.3")"));
  EXPECT_EQ(Call("system_info(nif_version)"), Erl(R"("2.16")"));
  EXPECT_EQ(Call("system_info(compat_rel)"), "25");
  EXPECT_EQ(Call("system_info(smp_support)"), "true");
  EXPECT_EQ(Call("system_info(threads)"), "true");
  EXPECT_EQ(Call("system_info(hipe_architecture)"), "undefined");
  EXPECT_EQ(Call("system_info(build_type)"), "opt");
  EXPECT_EQ(Call("system_info(emu_type)"), "opt");
  EXPECT_EQ(Call("system_info(debug_compiled)"), "false");
  EXPECT_EQ(Call("system_info(lock_checking)"), "false");
  EXPECT_EQ(Call("system_info(lock_counting)"), "false");
  EXPECT_EQ(Call("system_info(break_ignored)"), "false");
  EXPECT_EQ(Call("system_info(kernel_poll)"), "true");
  EXPECT_EQ(Call("system_info(endian)"), "little");
  EXPECT_EQ(Call("system_info(heap_type)"), "private");
  EXPECT_EQ(Call("system_info(min_heap_size)"), Erl("{min_heap_size,233}"));
  EXPECT_EQ(Call("system_info(fullsweep_after)"), Erl("{fullsweep_after,65535}"));
  EXPECT_EQ(Call("system_info(max_heap_size)"), Erl("#{error_logger=>true,kill=>true,size=>0}"));
  EXPECT_EQ(Call("system_info(atom_limit)"), "1048576");
  EXPECT_EQ(Call("system_info(ets_limit)"), "8192");
  EXPECT_EQ(Call("system_info(dist_ctrl)"), "[]");
  EXPECT_EQ(Call("system_info(dist_buf_busy_limit)"), "1048576");
  EXPECT_EQ(Call("system_info(creation)"), "0");
  EXPECT_EQ(Call("system_info(delayed_node_table_gc)"), "60");
  EXPECT_EQ(Call("system_info({cpu_topology,defined})"), "undefined");
  EXPECT_EQ(Call("system_info(update_cpu_info)"), "unchanged");
  EXPECT_EQ(Call("system_info(scheduler_bind_type)"), "unbound");
  EXPECT_EQ(Call("system_info(multi_scheduling_blockers)"), "[]");
  EXPECT_EQ(Call("system_info(normal_multi_scheduling_blockers)"), "[]");
  EXPECT_EQ(Call("system_info(time_offset)"), "final");
  EXPECT_EQ(Call("system_info(time_warp_mode)"), "no_time_warp");
  EXPECT_EQ(Call("system_info(time_correction)"), "true");
  EXPECT_EQ(Call("system_info(tolerant_timeofday)"), "enabled");
  EXPECT_EQ(Call("system_info(trace_control_word)"), "0");
  EXPECT_EQ(Call("system_info(sequential_tracer)"), Erl("{sequential_tracer,false}"));
  EXPECT_EQ(Call("system_info(modified_timing_level)"), "undefined");
  EXPECT_EQ(Call("system_info(port_parallelism)"), "false");
  EXPECT_EQ(Call("system_info(outstanding_system_requests_limit)"), "4");
  EXPECT_EQ(Call("system_info(taints)"), "[]");
  EXPECT_EQ(Call("system_info(dynamic_trace)"), "none");
  EXPECT_EQ(Call("system_info(dynamic_trace_probes)"), "false");
  EXPECT_EQ(Call("system_info(eager_check_io)"), "true");
  EXPECT_EQ(Call("system_info(ets_always_compress)"), "false");
}

TEST(SystemInfoBifs, UnknownItemsAreBadargAsOnErl) {
  EXPECT_EQ(Call("system_info(nosuchitem)"), "error:badarg");
  EXPECT_EQ(Call("system_info(backtrace_depth)"), "error:badarg");
  EXPECT_EQ(Call("system_info(async_dirty_jobs)"), "error:badarg");
  EXPECT_EQ(Call("system_info(reductions)"), "error:badarg");
  EXPECT_EQ(Call(R"(system_info("x"))"), "error:badarg");
  EXPECT_EQ(Call("system_info(1)"), "error:badarg");
  EXPECT_EQ(Call("system_info({a,b})"), "error:badarg");
  EXPECT_EQ(Call("system_info({wordsize,foo})"), "error:badarg");
  EXPECT_EQ(Call("system_info({wordsize,internal,x})"), "error:badarg");
}

// Where ling is not erl, and says so.
TEST(SystemInfoBifs, WhatLingIs) {
  EXPECT_EQ(Call("system_info(emu_flavor)"), "emu");
  EXPECT_EQ(Call("system_info(thread_pool_size)"), "0");
  EXPECT_EQ(Call("system_info(dirty_cpu_schedulers)"), "0");
  EXPECT_EQ(Call("system_info(dirty_cpu_schedulers_online)"), "0");
  EXPECT_EQ(Call("system_info(dirty_io_schedulers)"), "0");
  EXPECT_EQ(Call("system_info(cpu_topology)"), "undefined");
  EXPECT_EQ(Call("system_info({cpu_topology,detected})"), "undefined");
  EXPECT_EQ(Call("system_info(min_bin_vheap_size)"), "{min_bin_vheap_size,32768}");
  EXPECT_EQ(Call("system_info(check_io)"),
            "[[{name,ling_poller},{primary,epoll},{kernel_poll,epoll},{poll_threads,1}]]");
  EXPECT_EQ(Call("system_info(end_time)"), "9223372036854775807");
}

// snifs: what the VM implements natively, which lists_SUITE:error_info
// walks: lists' five BIFs as on erl; ling's own module left out.
TEST(SystemInfoBifs, SnifsAreTheBifTables) {
  std::string snifs = Call("system_info(snifs)");
  for (const char* mfa : {"{lists,reverse,2}", "{lists,keyfind,3}", "{lists,keymember,3}",
                          "{lists,keysearch,3}", "{lists,member,2}", "{erlang,error,3}"}) {
    EXPECT_NE(snifs.find(mfa), std::string::npos) << mfa;
  }
  EXPECT_EQ(snifs.find("{ling,"), std::string::npos);
  EXPECT_EQ(snifs.find("{lists,append,2}"), std::string::npos);
}

TEST(SystemInfoBifs, OfTheMachine) {
  std::string version = Call("system_info(os_version)");
  EXPECT_EQ(version.front(), '{') << version;
  EXPECT_EQ(Call("tuple_size(" + version + ")"), "3");
  for (const char* item :
       {"logical_processors", "logical_processors_online", "logical_processors_available"}) {
    std::string n = Call(std::string("system_info(") + item + ")");
    EXPECT_TRUE(n != "0" && n.find_first_not_of("0123456789") == std::string::npos)
        << item << " = " << n;
  }
  std::string atoms = Call("system_info(atom_count)");
  EXPECT_GT(std::stoll(atoms), 100) << atoms;
  std::string compiler = Call("system_info(c_compiler_used)");
  EXPECT_EQ(compiler.rfind("{gnuc,{", 0), 0u) << compiler;
  std::string source = Call("system_info(os_monotonic_time_source)");
  EXPECT_EQ(source.rfind("[{function,clock_gettime},{clock_id,'CLOCK_MONOTONIC'},", 0), 0u)
      << source;
}

TEST(SystemInfoBifs, HeapSizesAreErls) {
  ProcessMemory memory;
  const Term args[] = {InternAtom("heap_sizes")};
  std::string sizes = Call(memory, "erlang", "system_info", args);
  EXPECT_EQ(sizes.rfind("[12,38,51,90,142,233,376,610,987,1598,2586,4185,6772,10958,17731,28690,"
                        "46422,75113,121536,196650,318187,514838,833026,999631,1199557,",
                        0),
            0u)
      << sizes;
  EXPECT_TRUE(sizes.ends_with(",738139309396873,885767171276247]")) << sizes;
  EXPECT_EQ(Call("length(" + sizes + ")"), "137");
}

std::string Info(Host* host, std::string_view item) {
  ProcessMemory memory;
  const Term args[] = {InternAtom(item)};
  return Call(memory, "erlang", "system_info", args, host);
}

TEST(SystemInfoBifs, TheRunningSystemFromTheHost) {
  FiguresHost host;
  host.figures.schedulers.resize(3);
  host.figures.scheduler_id = 2;
  host.figures.processes = 38;
  host.figures.process_limit = 1 << 20;
  host.figures.ports = 3;
  host.figures.port_limit = 65536;
  host.figures.reductions_per_run = 4000;
  host.figures.start_time = -5;
  EXPECT_EQ(Info(&host, "schedulers"), "3");
  EXPECT_EQ(Info(&host, "schedulers_online"), "3");
  EXPECT_EQ(Info(&host, "schedulers_state"), "{3,3,3}");
  EXPECT_EQ(Info(&host, "scheduler_id"), "2");
  EXPECT_EQ(Info(&host, "process_count"), "38");
  EXPECT_EQ(Info(&host, "process_limit"), "1048576");
  EXPECT_EQ(Info(&host, "port_count"), "3");
  EXPECT_EQ(Info(&host, "port_limit"), "65536");
  EXPECT_EQ(Info(&host, "context_reductions"), "4000");
  EXPECT_EQ(Info(&host, "start_time"), "-5");
  EXPECT_EQ(Info(&host, "multi_scheduling"), "enabled");
  EXPECT_EQ(Info(&host, "scheduler_bindings"), "{unbound,unbound,unbound}");
  EXPECT_EQ(Info(&host, "system_version"),
            Erl(R"("Erlang/OTP 25 [erts-13.1.5] [ling] [64-bit] [smp:3:3] [async-threads:0] )"
                R"([emu]\n")"));
  host.figures.schedulers.resize(1);
  host.figures.scheduler_id = 0;
  EXPECT_EQ(Info(&host, "multi_scheduling"), "disabled");
  EXPECT_EQ(Info(&host, "scheduler_id"), "undefined");
  // Without a host, nothing to tell.
  EXPECT_EQ(Info(nullptr, "schedulers"), "error:notsup");
  EXPECT_EQ(Info(nullptr, "process_count"), "error:notsup");
}

TEST(SystemFlagBifs, BacktraceDepth) {
  // The old value each time; beyond 64, 64.
  EXPECT_EQ(Call("system_flag(backtrace_depth, 8)"), "8");
  EXPECT_EQ(Call("system_flag(backtrace_depth, 1000)"), "8");
  EXPECT_EQ(Call("system_flag(backtrace_depth, 0)"), "64");
  EXPECT_EQ(Call("system_flag(backtrace_depth, 8)"), "0");
  EXPECT_EQ(Call("system_flag(backtrace_depth, -1)"), "error:badarg");
  EXPECT_EQ(Call("system_flag(backtrace_depth, a)"), "error:badarg");
  EXPECT_EQ(Call("system_flag(backtrace_depth, 8)"), "8");
}

TEST(SystemFlagBifs, WhatLingCanHonour) {
  EXPECT_EQ(Call("system_flag(time_offset, finalize)"), "final");
  EXPECT_EQ(Call("system_flag(time_offset, x)"), "error:badarg");
  EXPECT_EQ(Call("system_flag(fullsweep_after, 65535)"), "65535");
  EXPECT_EQ(Call("system_flag(min_heap_size, 233)"), "233");
  EXPECT_EQ(Call("system_flag(min_heap_size, -1)"), "error:badarg");
  EXPECT_EQ(Call("system_flag(fullsweep_after, -1)"), "error:badarg");
  EXPECT_EQ(Call("system_flag(foo, bar)"), "error:badarg");
  EXPECT_EQ(Call(R"(system_flag("x", 1))"), "error:badarg");
  // Values ling cannot take.
  EXPECT_EQ(Call("system_flag(min_heap_size, 1000)"), "error:notsup");
  EXPECT_EQ(Call("system_flag(min_bin_vheap_size, 1000)"), "error:notsup");
  EXPECT_EQ(Call("system_flag(min_bin_vheap_size, 32768)"), "32768");
  EXPECT_EQ(Call("system_flag(schedulers_online, 1)"), "error:notsup");  // no host
  FiguresHost host;
  host.figures.schedulers.resize(2);
  ProcessMemory memory;
  auto flag = [&](int64_t n) {
    const Term args[] = {InternAtom("schedulers_online"), MakeSmall(n)};
    return Call(memory, "erlang", "system_flag", args, &host);
  };
  EXPECT_EQ(flag(2), "2");
  EXPECT_EQ(flag(1), "error:notsup");
  EXPECT_EQ(flag(0), "error:badarg");
  EXPECT_EQ(flag(3), "error:badarg");
}

}  // namespace
}  // namespace ling::vm
