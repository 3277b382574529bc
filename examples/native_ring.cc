// native_ring: a ring of native processes passing one token around.
//
//   bazel run -c opt //examples:native_ring -- --processes=100000 --hops=1000000
//
// Every process waits for the token (a countdown), passes it on decremented,
// and the process that receives 0 tells the host. Prints one line ending in
// hops_per_s=N.
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "examples/ring.h"
#include "ling/runtime.h"

ABSL_FLAG(int, processes, 1000, "processes in the ring");
ABSL_FLAG(int64_t, hops, 100000, "times the token is passed on");
ABSL_FLAG(int, schedulers, 0, "scheduler threads (0: one per hardware thread)");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int processes = absl::GetFlag(FLAGS_processes);
  const int64_t hops = absl::GetFlag(FLAGS_hops);
  if (processes < 1 || processes > (1 << 27) || hops < 0 || hops > ling::kSmallMax) {
    std::fprintf(stderr, "native_ring: need 1 <= --processes <= 2^27 and 0 <= --hops < 2^59\n");
    return 2;
  }
  ling::Runtime rt({.schedulers = absl::GetFlag(FLAGS_schedulers),
                    .max_processes = static_cast<uint32_t>(processes) + 16});
  absl::Notification done;
  absl::StatusOr<std::vector<ling::Pid>> ring = ling::examples::BuildRing(rt, processes, &done);
  if (!ring.ok()) {
    std::fprintf(stderr, "native_ring: %s\n", ring.status().ToString().c_str());
    return 1;
  }
  absl::Time start = absl::Now();
  if (!rt.Send(ring->front(), ling::MakeSmall(hops)).ok()) return 1;
  done.WaitForNotification();
  double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (!rt.Stop().ok()) return 1;
  std::printf("native_ring processes=%d hops=%lld schedulers=%d seconds=%.3f hops_per_s=%.0f\n",
              processes, static_cast<long long>(hops), rt.scheduler_count(), seconds,
              seconds > 0 ? static_cast<double>(hops) / seconds : 0.0);
  return 0;
}
