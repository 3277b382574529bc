// IntrusiveFifo: a FIFO of objects linked through one of their own pointer
// members, for the queues that must not allocate (run queues, port task
// queues). Not thread-safe: the owning queue's lock or thread guards it.
//
//   struct Task { Task* next = nullptr; };
//   IntrusiveFifo<Task, &Task::next> fifo;
#ifndef LING_RUNTIME_BASE_INTRUSIVE_FIFO_H_
#define LING_RUNTIME_BASE_INTRUSIVE_FIFO_H_

#include <cstddef>

namespace ling {

template <class T, T* T::*Next>
struct IntrusiveFifo {
  T* first = nullptr;
  T* last = nullptr;
  size_t size = 0;

  bool empty() const { return first == nullptr; }

  void PushBack(T* item) {
    item->*Next = nullptr;
    if (last == nullptr) {
      first = item;
    } else {
      last->*Next = item;
    }
    last = item;
    ++size;
  }

  T* PopFront() {
    T* item = first;
    if (item == nullptr) return nullptr;
    first = item->*Next;
    if (first == nullptr) last = nullptr;
    item->*Next = nullptr;
    --size;
    return item;
  }

  // Moves all of `other` in front of this queue's items.
  void PushFront(IntrusiveFifo& other) {
    if (other.first == nullptr) return;
    other.last->*Next = first;
    if (last == nullptr) last = other.last;
    first = other.first;
    size += other.size;
    other = IntrusiveFifo();
  }

  // Moves all of `other` behind this queue's items.
  void Append(IntrusiveFifo& other) {
    if (other.first == nullptr) return;
    if (last == nullptr) {
      first = other.first;
    } else {
      last->*Next = other.first;
    }
    last = other.last;
    size += other.size;
    other = IntrusiveFifo();
  }
};

}  // namespace ling

#endif  // LING_RUNTIME_BASE_INTRUSIVE_FIFO_H_
