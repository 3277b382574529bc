#include "runtime/core/scheduler.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "runtime/base/check.h"
#include "runtime/core/node.h"
#include "runtime/timer/clock.h"

namespace ling {
namespace {

thread_local Scheduler* current_scheduler = nullptr;

// Sleeps while *word == expected, at most timeout_ms (-1: no limit).
void FutexWait(std::atomic<uint32_t>* word, uint32_t expected, int64_t timeout_ms) {
  timespec ts;
  timespec* tsp = nullptr;
  if (timeout_ms >= 0) {
    ts.tv_sec = timeout_ms / 1000;
    ts.tv_nsec = (timeout_ms % 1000) * 1000000;
    tsp = &ts;
  }
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAIT_PRIVATE, expected, tsp, nullptr,
          0);
}

void FutexWakeOne(std::atomic<uint32_t>* word) {
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

}  // namespace

Scheduler::Scheduler(Node& node, int index)
    : node_(node), index_(index), timers_(index, [this] { Wake(); }) {}

Scheduler::~Scheduler() {
  LING_CHECK(!thread_.joinable()) << "scheduler destroyed while running";
}

Scheduler* Scheduler::Current() {
  return current_scheduler;
}

void Scheduler::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Join() {
  if (thread_.joinable()) thread_.join();
}

bool Scheduler::Wake() {
  if (sleep_word_.exchange(0, std::memory_order_seq_cst) == 0) return false;
  FutexWakeOne(&sleep_word_);
  return true;
}

void Scheduler::Loop() {
  current_scheduler = this;
  ThreadProgress& progress = node_.progress();
  progress.Wake(index_);
  while (!node_.stopping()) {
    progress.Quiescent(index_);
    timers_.Poll(MonotonicMillis());
    RunQueue::Popped work = FindWork();
    if (work.item == nullptr) {
      Sleep();
      continue;
    }
    if (work.item->kind() == Schedulable::Kind::kProcess && node_.only_ports()) continue;
    int slice = work.from_next ? slice_left_ : node_.reductions_per_run();
    int used = work.item->Execute(*this, slice);
    slice_left_ = slice - used;
    reductions_.store(reductions_.load(std::memory_order_relaxed) + static_cast<uint64_t>(used),
                      std::memory_order_relaxed);
    runs_.store(runs_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
  progress.Sleep(index_);
  current_scheduler = nullptr;
}

RunQueue::Popped Scheduler::FindWork() {
  RunQueue::Popped work = run_queue_.Pop(/*next_first=*/slice_left_ > 0);
  return work.item != nullptr ? work : Steal();
}

RunQueue::Popped Scheduler::Steal() {
  // Each of the n - 1 others once, starting at a rotating offset (an offset
  // that could land on ourselves would leave some victims unvisited).
  int n = node_.scheduler_count();
  for (int i = 0; i < n - 1; ++i) {
    int other = 1 + static_cast<int>((steal_cursor_ + static_cast<uint32_t>(i)) %
                                     static_cast<uint32_t>(n - 1));
    Scheduler& victim = node_.scheduler((index_ + other) % n);
    if (victim.run_queue().stealable() == 0) continue;
    if (victim.run_queue().StealHalfInto(run_queue_) > 0) {
      ++steal_cursor_;
      return run_queue_.Pop(/*next_first=*/false);
    }
  }
  return {};
}

void Scheduler::Sleep() {
  // Announce sleep first, then look again: a pusher increments the queue
  // length first and then checks sleep_word_ (both seq_cst), so one of the
  // two always sees the other.
  sleep_word_.store(1, std::memory_order_seq_cst);
  node_.NoteSleeping(+1);
  bool work = run_queue_.length() != 0 || timers_.HasRequests() || node_.stopping() ||
              node_.AnyRunQueueHasWork();
  if (!work) {
    node_.progress().Sleep(index_);
    int64_t timeout = timers_.MillisUntilNext(MonotonicMillis());
    // Callbacks waiting for a grace period must not wait for our wake-up.
    if (node_.progress().HasPending(index_) && (timeout < 0 || timeout > 1)) timeout = 1;
    FutexWait(&sleep_word_, 1, timeout);
    node_.progress().Wake(index_);
  }
  sleep_word_.store(0, std::memory_order_relaxed);
  node_.NoteSleeping(-1);
}

}  // namespace ling
