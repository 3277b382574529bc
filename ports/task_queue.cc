#include "ports/task_queue.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "runtime/base/check.h"

namespace ling {

PortTaskQueue::~PortTaskQueue() {
  for (PortTask* t : TakeAll())
    delete t;
}

void PortTaskQueue::PushPublic(PortTask* task) {
  public_.PushBack(task);
}

void PortTaskQueue::FetchPublic() {
  private_.Append(public_);
}

PortTask* PortTaskQueue::PopPrivate() {
  return private_.PopFront();
}

void PortTaskQueue::Block(PortTask* task) {
  auto it = last_blocked_.find(task->sender.raw());
  if (it == last_blocked_.end()) {
    busy_.PushBack(task);
    last_blocked_.emplace(task->sender.raw(), BlockedSender{task, 1});
    return;
  }
  // Right after the sender's last blocked task.
  PortTask* after = it->second.last;
  task->next = after->next;
  after->next = task;
  if (busy_.last == after) busy_.last = task;
  ++busy_.size;
  it->second = {task, it->second.count + 1};
}

void PortTaskQueue::Unblock() {
  private_.PushFront(busy_);
  last_blocked_.clear();
}

std::vector<PortTask*> PortTaskQueue::TakeAll() {
  std::vector<PortTask*> all;
  for (Chain* c : {&busy_, &private_, &public_}) {
    while (PortTask* t = c->PopFront())
      all.push_back(t);
  }
  last_blocked_.clear();
  return all;
}

bool PortTaskQueue::HasTaskFrom(Term sender) const {
  if (last_blocked_.contains(sender.raw())) return true;
  for (const Chain* c : {&public_, &private_}) {
    for (const PortTask* t = c->first; t != nullptr; t = t->next) {
      if (t->sender == sender) return true;
    }
  }
  return false;
}

size_t PortTaskQueue::CountedBytes() const {
  size_t bytes = 0;
  for (const Chain* c : {&public_, &private_, &busy_}) {
    for (const PortTask* t = c->first; t != nullptr; t = t->next) {
      if (t->counted) bytes += t->queued_bytes();
    }
  }
  return bytes;
}

void PortTaskQueue::CheckInvariants() const {
  absl::flat_hash_set<const PortTask*> seen;
  absl::flat_hash_map<uint64_t, BlockedSender> of_sender;  // as found in busy_
  for (const Chain* c : {&public_, &private_, &busy_}) {
    const PortTask* last = nullptr;
    size_t n = 0;
    for (const PortTask* t = c->first; t != nullptr; t = t->next) {
      LING_CHECK(seen.insert(t).second) << "a task is queued twice";
      if (c == &busy_) {
        BlockedSender& b = of_sender[t->sender.raw()];
        b = {const_cast<PortTask*>(t), b.count + 1};
      }
      last = t;
      ++n;
    }
    LING_CHECK(last == c->last) << "a queue's last pointer is off";
    LING_CHECK_EQ(n, c->size) << "a queue's size is off";
  }
  LING_CHECK_EQ(of_sender.size(), last_blocked_.size()) << "busy-caller table size";
  size_t counted = 0;
  for (const auto& [sender, entry] : last_blocked_) {
    auto it = of_sender.find(sender);
    LING_CHECK(it != of_sender.end() && it->second.last == entry.last)
        << "busy-caller table does not name the sender's last blocked task";
    LING_CHECK_EQ(it->second.count, entry.count) << "busy-caller count is off";
    counted += entry.count;
  }
  LING_CHECK_EQ(counted, busy_.size) << "busy-caller counts do not add up to the busy queue";
}

}  // namespace ling
