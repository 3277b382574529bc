// Poller: one thread that waits on epoll and turns fd readiness into calls of
// a delivery callback (which, in the runtime, schedules a ready_input /
// ready_output task on the port). The poller thread does no driver work.
//
// Delivery is one-shot, like BEAM's check_io: once an fd has been reported,
// it is not reported again until it is re-armed with Rearm() or Modify(). The
// owner re-arms after its ready task ran, so a flood of readiness never
// queues more than one task per fd.
//
// Concurrency contract:
//  - Watch, Modify, Rearm, Unwatch, stats() and CheckInvariants() are
//    thread-safe: any thread may call them at any time, including the
//    callback itself on the poller thread. They serialise on one internal
//    std::mutex that is never held while the callback runs.
//  - Start and Stop may be called from any thread except the poller thread
//    (Stop joins it). Both are idempotent; Start after Stop starts again.
//  - The callback runs on the poller thread only, one call at a time, with no
//    poller lock held. It must be cheap and must not block: every other
//    descriptor waits behind it. It must not block on anything a thread that
//    calls Unwatch may hold while calling it (see Unwatch).
//  - Unwatch(fd) called from a thread other than the poller thread waits for
//    a callback of that fd's registration that is already running to return.
//    So after Unwatch returns, no callback for the old registration is
//    running or will start, and the fd may be closed and its number reused.
//    Called from the callback itself, Unwatch does not wait (the only
//    callback that can be running is the caller).
//  - Each arming (Watch, Modify, Rearm) yields at most one callback.
#ifndef LING_RUNTIME_IO_POLLER_H_
#define LING_RUNTIME_IO_POLLER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ling::io {

class Poller {
 public:
  // Interest bits for Watch/Modify, and readiness bits given to the callback.
  static constexpr uint32_t kRead = 1u << 0;
  static constexpr uint32_t kWrite = 1u << 1;
  // Readiness only (never requested): the peer hung up (EPOLLHUP; e.g. every
  // write end of a pipe is closed) or the fd is in error (EPOLLERR). Always
  // reported, so a reader waiting for data learns of end of stream.
  static constexpr uint32_t kHangup = 1u << 2;
  static constexpr uint32_t kError = 1u << 3;

  // Called on the poller thread with the cookie of the registration and the
  // readiness bits (kRead/kWrite/kHangup/kError).
  using Callback = absl::AnyInvocable<void(uint64_t cookie, uint32_t events)>;

  // Counters since construction. Each is exact; a snapshot taken while the
  // poller runs is consistent only as far as events_delivered +
  // events_dropped <= events_seen (stats() loads events_seen last).
  struct Stats {
    uint64_t wakeups = 0;           // epoll_wait returns with at least one event
    uint64_t events_seen = 0;       // fd events epoll reported (wake-ups excluded)
    uint64_t events_delivered = 0;  // callbacks made
    uint64_t events_dropped = 0;    // stale: unwatched or not armed when handled
  };

  // Creates the epoll and eventfd descriptors; fails only if the system
  // refuses them (descriptor or memory limits).
  static absl::StatusOr<std::unique_ptr<Poller>> Create(Callback callback);

  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;
  // Stops the thread, then closes the poller's own descriptors. Watched fds
  // are not closed: they belong to their owners.
  ~Poller();

  void Start();
  void Stop();

  // Registers fd (armed) with interest `events` (a non-empty subset of
  // kRead|kWrite); `cookie` is handed to the callback. Errors:
  // InvalidArgument for a negative or closed fd, bad events, or an fd epoll
  // cannot poll (regular files, directories); AlreadyExists if fd is watched.
  absl::Status Watch(int fd, uint32_t events, uint64_t cookie);
  // Replaces interest and cookie of a watched fd and re-arms it. NotFound if
  // fd is not watched.
  absl::Status Modify(int fd, uint32_t events, uint64_t cookie);
  // Re-arms a watched fd with its current interest. NotFound if not watched.
  absl::Status Rearm(int fd);
  // Removes fd; see the contract above for the wait on a running callback.
  // NotFound if fd is not watched. If the fd was closed before Unwatch the
  // registration is still removed, and FailedPrecondition says so.
  absl::Status Unwatch(int fd);

  Stats stats() const;
  // Checks (LING_CHECK) that the registration tables agree with each other
  // and with the kernel's interest list (read from /proc/self/fdinfo when
  // /proc is available), and that the counters are consistent.
  void CheckInvariants() const;

 private:
  struct Registration {
    int fd;
    uint32_t events;  // kRead|kWrite
    uint64_t cookie;
    bool armed;  // false from delivery until the next Rearm/Modify
  };

  Poller(int epoll_fd, int wake_fd, Callback callback);
  void Run();
  void Dispatch(uint64_t id, uint32_t epoll_events);
  absl::Status ArmLocked(int op, int fd, uint64_t id, uint32_t events);
  bool OnPollerThreadLocked() const;

  const int epoll_fd_;
  const int wake_fd_;  // eventfd: written by Stop to interrupt epoll_wait
  Callback callback_;

  std::mutex lifecycle_mutex_;  // serialises Start/Stop
  std::thread thread_;          // guarded by lifecycle_mutex_
  std::atomic<bool> stop_requested_{false};

  mutable std::mutex mutex_;
  std::condition_variable callback_done_;  // signalled when running_id_ clears
  // epoll data carries a registration id, never the fd: an event read before
  // Unwatch and handled after it cannot reach a new registration of the same
  // fd number. Id 0 is the wake-up eventfd.
  absl::flat_hash_map<uint64_t, Registration> by_id_;  // guarded by mutex_
  absl::flat_hash_map<int, uint64_t> by_fd_;           // guarded by mutex_
  uint64_t next_id_ = 1;                               // guarded by mutex_
  uint64_t running_id_ = 0;        // registration whose callback runs; guarded by mutex_
  int unwatch_waiters_ = 0;        // guarded by mutex_
  std::thread::id poller_thread_;  // guarded by mutex_; set by the thread itself

  std::atomic<uint64_t> wakeups_{0};
  std::atomic<uint64_t> events_seen_{0};
  std::atomic<uint64_t> events_delivered_{0};
  std::atomic<uint64_t> events_dropped_{0};
};

}  // namespace ling::io

#endif  // LING_RUNTIME_IO_POLLER_H_
