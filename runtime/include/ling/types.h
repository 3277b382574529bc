// Small value types of the embedding API: process ids, priorities, monitor
// references and spawn options. All are plain values, safe to copy and pass
// between threads.
#ifndef LING_TYPES_H_
#define LING_TYPES_H_

#include <cstdint>
#include <functional>

#include "ling/term.h"

namespace ling {

// A process id. Pid{} names no process. Ids are never reused while the
// runtime lives long enough to matter (28-bit slot, 32-bit serial): a Pid of a
// process that exited names nothing, never a newer process.
struct Pid {
  uint64_t id = 0;

  static Pid FromTerm(Term t) { return IsPid(t) ? Pid{IdValue(t)} : Pid{}; }
  Term term() const { return MakePid(id); }
  explicit operator bool() const { return id != 0; }
  friend bool operator==(Pid a, Pid b) { return a.id == b.id; }
  friend bool operator!=(Pid a, Pid b) { return a.id != b.id; }
  template <class H>
  friend H AbslHashValue(H h, Pid p) {
    return H::combine(std::move(h), p.id);
  }
};

// Process priorities, as Erlang's process_flag(priority, _).
enum class Priority : uint8_t { kMax = 0, kHigh = 1, kNormal = 2, kLow = 3 };
inline constexpr int kPriorityCount = 4;

// The identity of a monitor (the reference in its 'DOWN' message).
struct MonitorRef {
  uint64_t high = 0;
  uint64_t low = 0;
  friend bool operator==(MonitorRef a, MonitorRef b) { return a.high == b.high && a.low == b.low; }
  friend bool operator!=(MonitorRef a, MonitorRef b) { return !(a == b); }
  template <class H>
  friend H AbslHashValue(H h, MonitorRef r) {
    return H::combine(std::move(h), r.high, r.low);
  }
};

// spawn_opt's common options.
struct SpawnOptions {
  Priority priority = Priority::kNormal;
  bool link = false;     // link the new process to the spawning one
  bool monitor = false;  // the spawning process monitors the new one
};

}  // namespace ling

#endif  // LING_TYPES_H_
