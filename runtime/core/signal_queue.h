// SignalInQueue: the lock-free, many-senders/one-receiver in-queue of a
// process. Senders push; the receiver takes everything at once and keeps it
// in private lists that no other thread sees (BEAM's "outer" and "inner"
// signal queues, with a lock-free outer queue).
//
// Concurrency contract:
//   - Push() may be called by any thread at any time (a compare-exchange loop
//     on one word; never blocks).
//   - TakeAll() and CheckInvariants() are called only by the receiver: the
//     thread that currently runs the process, or thread-progress cleanup after
//     the process is gone.
//   - Order: TakeAll() returns signals oldest first. Two pushes from one
//     thread come out in that thread's order; across threads, in the order
//     their compare-exchanges succeeded.
#ifndef LING_RUNTIME_CORE_SIGNAL_QUEUE_H_
#define LING_RUNTIME_CORE_SIGNAL_QUEUE_H_

#include <atomic>
#include <cstddef>

#include "runtime/core/signal.h"

namespace ling {

// An owned FIFO chain of signals (private to one thread).
class SignalList {
 public:
  SignalList() = default;
  SignalList(SignalList&& other) noexcept { *this = std::move(other); }
  SignalList& operator=(SignalList&& other) noexcept;
  ~SignalList();

  bool empty() const { return head_ == nullptr; }
  size_t size() const { return size_; }
  Signal* front() const { return head_; }

  void PushBack(std::unique_ptr<Signal> s);
  std::unique_ptr<Signal> PopFront();
  // Removes the signal that `*link` points to (link is &front-pointer or some
  // signal's `next`); returns it.
  std::unique_ptr<Signal> Unlink(Signal** link);
  Signal** head_link() { return &head_; }
  Signal* const* head_link() const { return &head_; }
  // The link the next PushBack fills (&head_ when empty).
  Signal** tail_link() { return tail_; }
  void Append(SignalList&& other);

  // Walks the chain and checks size and tail agree with it.
  void CheckInvariants() const;

 private:
  friend class SignalInQueue;
  Signal* head_ = nullptr;
  Signal** tail_ = &head_;
  size_t size_ = 0;
};

class SignalInQueue {
 public:
  SignalInQueue() = default;
  SignalInQueue(const SignalInQueue&) = delete;
  SignalInQueue& operator=(const SignalInQueue&) = delete;
  ~SignalInQueue();

  // Any thread. Takes ownership.
  void Push(std::unique_ptr<Signal> s);
  // Receiver only: every signal pushed so far, oldest first.
  SignalList TakeAll();
  // A hint for any thread: true when nothing is queued.
  bool LooksEmpty() const { return top_.load(std::memory_order_relaxed) == nullptr; }

 private:
  // Newest first; TakeAll() reverses the chain it detaches.
  std::atomic<Signal*> top_{nullptr};
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_SIGNAL_QUEUE_H_
