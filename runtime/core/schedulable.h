// Schedulable: what a run queue holds. Processes derive from it now; ports
// (see ports/) will too. A Schedulable is in at most one run queue at a time;
// its owner's state machine guarantees that (Process::Notify).
#ifndef LING_RUNTIME_CORE_SCHEDULABLE_H_
#define LING_RUNTIME_CORE_SCHEDULABLE_H_

#include <cstdint>

#include "ling/types.h"

namespace ling {

class Scheduler;

class Schedulable {
 public:
  enum class Kind : uint8_t { kProcess, kPort };

  Schedulable(Kind kind, Priority priority) : kind_(kind), priority_(priority) {}
  Schedulable(const Schedulable&) = delete;
  Schedulable& operator=(const Schedulable&) = delete;

  Kind kind() const { return kind_; }
  Priority priority() const { return priority_; }

  // Runs on scheduler `s` until the entity yields, waits or ends, for about
  // `reductions` (its time slice); returns the reductions it used. Called
  // only by the scheduler that popped it from a run queue.
  virtual int Execute(Scheduler& s, int reductions) = 0;

 protected:
  ~Schedulable() = default;

 private:
  friend class RunQueue;
  Schedulable* runq_next_ = nullptr;  // guarded by the holding run queue's lock
  Kind kind_;
  Priority priority_;
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_SCHEDULABLE_H_
