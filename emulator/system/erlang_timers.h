// ErlangTimers: the timers of erlang:send_after/3,4 and start_timer/3,4,
// found by their reference from any process (cancel_timer/1,2,
// read_timer/1,2), as erts's BIF timers are.
//
// Each timer is a runtime Timer (runtime/core/timer_service.h) on the
// starting scheduler's wheel, carrying a copy of its message. The table maps
// the timer's reference to it and, when the receiver is a pid, indexes it
// under that pid: erl cancels the timers bound for a process when the
// process ends (ReceiverEnded). A timer bound for a name looks the name up
// when it fires, and is dropped if nobody has it. An entry leaves the table
// exactly once -- when the timer fires (before its message is sent, so a
// receiver that has the message finds the timer gone), is cancelled, or its
// receiver ends -- and whoever removes it drops the table's reference to
// the Timer.
//
// Concurrency contract:
//   - Start, Cancel, Read and ReceiverEnded may be called from any thread
//     inside a thread-progress protected section (a scheduler thread, or a
//     ProtectedSection): they look processes up in the node's table.
//   - The table is split into kShards shards by the reference's hash. Each
//     shard's std::mutex guards both of its maps; no call holds two shard
//     locks. Start holds its shard's lock while it hands the timer to the
//     timer service, so a timer never fires before its entry exists (the
//     firing action takes the same lock); nothing else is called under a
//     shard lock.
//   - Whether a timer is stopped or fires is decided by the Timer's own
//     atomic state (TimerService::Cancel): Cancel returns a time left only if
//     the message will never be sent.
//   - A timer bound for a pid is dropped at Start if the pid is not alive,
//     and at ReceiverEnded. A process that ends between the two can leave
//     one that ReceiverEnded missed; Cancel and Read find its receiver dead
//     and cancel it then (false, as erl), and otherwise it goes when due.
//   - pid_bound_ counts the entries bound for a pid (changed under the
//     entry's shard lock, read without): ReceiverEnded, on every process
//     exit, locks no shard while it is zero. An increment by Start that
//     ReceiverEnded does not see comes before Start's own ReceiverGone
//     check, which then sees the receiver exited (seq_cst both sides).
//   - size takes every shard's lock in turn; CheckInvariants holds all of
//     them at once, taken in shard order (every other call holds one at a
//     time, so this cannot deadlock).
//   - The destructor needs the runtime stopped (no scheduler running): it
//     drops the table's references; the timer services free the timers
//     and their messages without firing them.
#ifndef LING_EMULATOR_SYSTEM_ERLANG_TIMERS_H_
#define LING_EMULATOR_SYSTEM_ERLANG_TIMERS_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "ling/term.h"
#include "ling/types.h"

namespace ling {
class Node;
class Timer;
struct Signal;
}  // namespace ling

namespace ling::emulator {

class ErlangTimers {
 public:
  explicit ErlangTimers(Node& node) : node_(node) {}
  ErlangTimers(const ErlangTimers&) = delete;
  ErlangTimers& operator=(const ErlangTimers&) = delete;
  ~ErlangTimers();

  // A copy of `message` goes to `to` (a pid, or an atom looked up when the
  // timer fires) at `due_ms` (MonotonicMillis, runtime/timer/clock.h; at
  // once if past). `ref` is new: no timer has it.
  void Start(MonitorRef ref, Term to, Term message, int64_t due_ms);
  // Stops the timer: the milliseconds that were left, or nullopt when no
  // timer by `ref` is pending (it fired, was cancelled, or never was).
  std::optional<int64_t> Cancel(MonitorRef ref);
  // The milliseconds left, or nullopt as for Cancel.
  std::optional<int64_t> Read(MonitorRef ref);
  // The process `pid` has ended (or is ending): its timers go.
  void ReceiverEnded(Term pid);

  // Pending timers (a snapshot).
  size_t size() const;
  // Aborts on a broken invariant: every entry is under its reference's shard
  // and, if bound for a pid, in that pid's index; the index holds nothing
  // else and no empty set; pid_bound_ counts the indexed entries.
  void CheckInvariants() const;

 private:
  static constexpr size_t kShards = 16;
  struct Entry {
    Timer* timer;
    Term to;  // a pid or an atom (immediates)
    int64_t due_ms;
  };
  struct Shard {
    mutable std::mutex mutex;
    absl::flat_hash_map<MonitorRef, Entry> by_ref;
    absl::flat_hash_map<uint64_t, absl::flat_hash_set<MonitorRef>> by_receiver;
  };

  Shard& ShardOf(MonitorRef ref);
  // Takes the entry out of its shard (caller holds the shard's lock).
  std::optional<Entry> Take(Shard& shard, MonitorRef ref);
  // The firing action: the entry goes, then the message.
  void Fire(MonitorRef ref, Term to, std::unique_ptr<Signal> message);
  // Whether `to` is a pid of a process that has begun to exit, or is gone.
  bool ReceiverGone(Term to);

  Node& node_;
  std::array<Shard, kShards> shards_;
  std::atomic<size_t> pid_bound_{0};
};

}  // namespace ling::emulator

#endif  // LING_EMULATOR_SYSTEM_ERLANG_TIMERS_H_
