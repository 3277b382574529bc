#include "runtime/core/run_queue.h"

#include <utility>

#include "runtime/base/check.h"

namespace ling {

void RunQueue::PushLocked(Schedulable* item) {
  int q =
      item->kind() == Schedulable::Kind::kPort ? kPortQueue : static_cast<int>(item->priority());
  queues_[q].PushBack(item);
  stealable_.fetch_add(1, std::memory_order_seq_cst);
}

void RunQueue::Push(Schedulable* item) {
  std::lock_guard<std::mutex> lock(mutex_);
  PushLocked(item);
  length_.fetch_add(1, std::memory_order_seq_cst);
}

void RunQueue::PushNext(Schedulable* item) {
  if (item->kind() != Schedulable::Kind::kProcess || item->priority() != Priority::kNormal) {
    return Push(item);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (next_ != nullptr) PushLocked(next_);
  next_ = item;
  length_.fetch_add(1, std::memory_order_seq_cst);
}

Schedulable* RunQueue::PopProcessLocked(bool next_first, bool* from_next) {
  const int kMax = static_cast<int>(Priority::kMax);
  const int kHigh = static_cast<int>(Priority::kHigh);
  const int kNormal = static_cast<int>(Priority::kNormal);
  const int kLow = static_cast<int>(Priority::kLow);
  if (queues_[kMax].size) return queues_[kMax].PopFront();
  if (queues_[kHigh].size) return queues_[kHigh].PopFront();
  if (next_ != nullptr) {
    if (next_first) {
      *from_next = true;
      return std::exchange(next_, nullptr);
    }
    PushLocked(std::exchange(next_, nullptr));  // its waker's slice is spent
  }
  bool low_turn = queues_[kLow].size && (queues_[kNormal].size == 0 || normal_picks_ >= kLowSkips);
  if (low_turn) {
    normal_picks_ = 0;
    return queues_[kLow].PopFront();
  }
  if (queues_[kNormal].size) {
    ++normal_picks_;
    return queues_[kNormal].PopFront();
  }
  return nullptr;
}

RunQueue::Popped RunQueue::Pop(bool next_first) {
  Popped popped;
  if (length_.load(std::memory_order_relaxed) == 0) return popped;
  std::lock_guard<std::mutex> lock(mutex_);
  bool port_ready = queues_[kPortQueue].size != 0;
  Schedulable*& item = popped.item;
  if (port_ready && !last_was_port_) item = queues_[kPortQueue].PopFront();
  if (item == nullptr) item = PopProcessLocked(next_first, &popped.from_next);
  if (item == nullptr && port_ready) item = queues_[kPortQueue].PopFront();
  if (item != nullptr) {
    last_was_port_ = item->kind() == Schedulable::Kind::kPort;
    length_.fetch_sub(1, std::memory_order_relaxed);
    if (!popped.from_next) stealable_.fetch_sub(1, std::memory_order_relaxed);
  }
  return popped;
}

size_t RunQueue::StealHalfInto(RunQueue& thief) {
  if (&thief == this) return 0;
  Fifo loot;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    size_t processes = stealable_.load(std::memory_order_relaxed) - queues_[kPortQueue].size;
    size_t want = (processes + 1) / 2;
    for (int q = 0; q < kPriorityCount && loot.size < want; ++q) {
      while (loot.size < want && queues_[q].size)
        loot.PushBack(queues_[q].PopFront());
    }
    length_.fetch_sub(loot.size, std::memory_order_relaxed);
    stealable_.fetch_sub(loot.size, std::memory_order_relaxed);
  }
  size_t moved = loot.size;
  while (Schedulable* item = loot.PopFront())
    thief.Push(item);
  return moved;
}

void RunQueue::CheckInvariants() const {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t total = 0;
  for (int q = 0; q <= kPortQueue; ++q) {
    const Fifo& f = queues_[q];
    size_t n = 0;
    const Schedulable* last = nullptr;
    for (const Schedulable* s = f.first; s != nullptr; s = s->runq_next_) {
      bool is_port = s->kind() == Schedulable::Kind::kPort;
      LING_CHECK(is_port == (q == kPortQueue)) << "entity in the wrong queue " << q;
      if (!is_port) LING_CHECK_EQ(static_cast<int>(s->priority()), q);
      last = s;
      ++n;
    }
    LING_CHECK_EQ(n, f.size) << "queue " << q << " size is off";
    LING_CHECK(last == f.last) << "queue " << q << " tail is off";
    total += n;
  }
  LING_CHECK_EQ(total, stealable_.load()) << "stealable count is off";
  if (next_ != nullptr) {
    LING_CHECK(next_->kind() == Schedulable::Kind::kProcess) << "a port in the next slot";
    ++total;
  }
  LING_CHECK_EQ(total, length_.load()) << "run queue length is off";
}

}  // namespace ling
