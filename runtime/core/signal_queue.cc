#include "runtime/core/signal_queue.h"

#include <utility>

#include "runtime/base/check.h"

namespace ling {

SignalList& SignalList::operator=(SignalList&& other) noexcept {
  if (this == &other) return *this;
  while (!empty())
    PopFront();
  head_ = std::exchange(other.head_, nullptr);
  tail_ = head_ ? std::exchange(other.tail_, &other.head_) : &head_;
  other.tail_ = &other.head_;
  size_ = std::exchange(other.size_, 0);
  return *this;
}

SignalList::~SignalList() {
  while (!empty())
    PopFront();
}

void SignalList::PushBack(std::unique_ptr<Signal> s) {
  Signal* raw = s.release();
  raw->next = nullptr;
  *tail_ = raw;
  tail_ = &raw->next;
  ++size_;
}

std::unique_ptr<Signal> SignalList::PopFront() {
  return Unlink(&head_);
}

std::unique_ptr<Signal> SignalList::Unlink(Signal** link) {
  Signal* s = *link;
  if (s == nullptr) return nullptr;
  *link = s->next;
  if (tail_ == &s->next) tail_ = link;
  s->next = nullptr;
  --size_;
  return std::unique_ptr<Signal>(s);
}

void SignalList::Append(SignalList&& other) {
  if (other.empty()) return;
  *tail_ = std::exchange(other.head_, nullptr);
  tail_ = std::exchange(other.tail_, &other.head_);
  size_ += std::exchange(other.size_, 0);
}

void SignalList::CheckInvariants() const {
  size_t n = 0;
  Signal* const* link = &head_;
  while (*link != nullptr) {
    link = &(*link)->next;
    ++n;
  }
  LING_CHECK_EQ(n, size_) << "signal list size is off";
  LING_CHECK(link == tail_) << "signal list tail does not end the chain";
}

SignalInQueue::~SignalInQueue() {
  TakeAll();
}

void SignalInQueue::Push(std::unique_ptr<Signal> s) {
  Signal* raw = s.release();
  Signal* top = top_.load(std::memory_order_relaxed);
  do {
    raw->next = top;
    // seq_cst: the sender next sets the process's "signals pending" flag; the
    // receiver clears that flag before TakeAll(). Both sides need a total
    // order so that a push is never missed by both (see Process::Notify).
  } while (
      !top_.compare_exchange_weak(top, raw, std::memory_order_seq_cst, std::memory_order_relaxed));
}

SignalList SignalInQueue::TakeAll() {
  Signal* chain = top_.exchange(nullptr, std::memory_order_seq_cst);
  SignalList list;
  // Reverse newest-first into oldest-first.
  Signal* reversed = nullptr;
  size_t n = 0;
  Signal* last = chain;
  while (chain != nullptr) {
    Signal* next = chain->next;
    chain->next = reversed;
    reversed = chain;
    chain = next;
    ++n;
  }
  if (reversed != nullptr) {
    list.head_ = reversed;
    list.tail_ = &last->next;
    list.size_ = n;
  }
  return list;
}

}  // namespace ling
