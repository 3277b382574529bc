// MonotonicMillis: the tick source of the timer wheels.
//
// Ticks are whole milliseconds of CLOCK_MONOTONIC: it never jumps with the
// wall clock (NTP, settimeofday), so a timeout measures elapsed time only.
//
// The value is truncated, so "now" may be up to 1 ms behind real time. A
// timeout computed as MonotonicMillis() + t can therefore fire up to 1 ms
// early; Erlang never fires a timeout early, so a caller that needs at least
// t ms must arm the timer at MonotonicMillis() + t + 1.
#ifndef LING_RUNTIME_TIMER_CLOCK_H_
#define LING_RUNTIME_TIMER_CLOCK_H_

#include <time.h>

#include <cstdint>

namespace ling {

inline uint64_t MonotonicMillis() {
  timespec ts;
  // CLOCK_MONOTONIC cannot fail on Linux (nor on the Xen target's clock).
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000 + static_cast<uint64_t>(ts.tv_nsec) / 1000000;
}

}  // namespace ling

#endif  // LING_RUNTIME_TIMER_CLOCK_H_
