// PortTaskQueue: the semi-locked task queue of one port, as in BEAM's
// erl_port_task.c.
//
//   public queue   senders append here, under the port's scheduling lock
//                  (a per-port mutex, never a run-queue lock);
//   private queue  the executing thread pops from here with no lock; when it
//                  runs dry, the whole public queue is moved over under the
//                  scheduling lock (FetchPublic);
//   busy queue     while the port is busy, command tasks -- and every later
//                  task from a sender that already has one blocked -- wait
//                  here. A blocked task goes right after its sender's last
//                  blocked task (the busy-caller table), so one sender's
//                  tasks stay in order; Unblock() puts the whole busy queue
//                  back in front of the private queue.
//
// Locking contract (the class itself takes no lock):
//   - PushPublic(), FetchPublic(), public_empty() and TakeAll(): the caller
//     holds the port's scheduling lock.
//   - Everything else: the caller is the port's executor (it holds the port
//     lock), the only thread that touches the private and busy queues.
#ifndef LING_PORTS_TASK_QUEUE_H_
#define LING_PORTS_TASK_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "ports/port_task.h"
#include "runtime/base/intrusive_fifo.h"

namespace ling {

class PortTaskQueue {
 public:
  PortTaskQueue() = default;
  PortTaskQueue(const PortTaskQueue&) = delete;
  PortTaskQueue& operator=(const PortTaskQueue&) = delete;
  ~PortTaskQueue();

  // ---- under the scheduling lock ----
  void PushPublic(PortTask* task);
  bool public_empty() const { return public_.first == nullptr; }
  // Moves the public queue to the end of the private queue.
  void FetchPublic();

  // ---- executor only ----
  PortTask* PopPrivate();
  bool private_empty() const { return private_.first == nullptr; }
  // Parks a task while the port is busy.
  void Block(PortTask* task);
  // True if `sender` has a task in the busy queue (its later tasks must wait
  // behind it to keep its order).
  bool HasBlocked(Term sender) const { return last_blocked_.contains(sender.raw()); }
  bool busy_empty() const { return busy_.first == nullptr; }
  // Busy cleared: the busy queue goes back in front of the private queue.
  void Unblock();

  // ---- closing (executor, holding the scheduling lock too) ----
  // Every task of every queue, oldest first (busy, private, then public).
  std::vector<PortTask*> TakeAll();

  // True if any queue holds a task from `sender` (both locks held).
  bool HasTaskFrom(Term sender) const;

  // Bytes of the counted (queued, not immediate) commands in all queues.
  size_t CountedBytes() const;

  // Debug checker, under both locks: chains end at their recorded last
  // task, the busy-caller table names exactly the last blocked task of each
  // sender with blocked tasks and counts them (the counts add up to the busy
  // queue's length), no task is in two queues.
  void CheckInvariants() const;

 private:
  using Chain = IntrusiveFifo<PortTask, &PortTask::next>;

  Chain public_;
  Chain private_;
  Chain busy_;
  // The busy-caller table (executor only): for each sender with blocked
  // tasks, its last task in busy_ and how many it has there.
  struct BlockedSender {
    PortTask* last;
    size_t count;
  };
  absl::flat_hash_map<uint64_t, BlockedSender> last_blocked_;
};

}  // namespace ling

#endif  // LING_PORTS_TASK_QUEUE_H_
