#include "emulator/system/erlang_timers.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/hash/hash.h"
#include "runtime/base/check.h"
#include "runtime/core/node.h"
#include "runtime/core/process.h"
#include "runtime/core/scheduler.h"
#include "runtime/core/signal.h"
#include "runtime/core/timer_service.h"
#include "runtime/timer/clock.h"

namespace ling::emulator {
namespace {

int64_t MillisLeft(int64_t due_ms) {
  return std::max<int64_t>(0, due_ms - static_cast<int64_t>(MonotonicMillis()));
}

}  // namespace

ErlangTimers::~ErlangTimers() {
  for (Shard& shard : shards_) {
    for (auto& [ref, entry] : shard.by_ref)
      TimerService::Release(entry.timer);
  }
}

ErlangTimers::Shard& ErlangTimers::ShardOf(MonitorRef ref) {
  return shards_[absl::Hash<MonitorRef>()(ref) % kShards];
}

std::optional<ErlangTimers::Entry> ErlangTimers::Take(Shard& shard, MonitorRef ref) {
  auto it = shard.by_ref.find(ref);
  if (it == shard.by_ref.end()) return std::nullopt;
  Entry entry = it->second;
  shard.by_ref.erase(it);
  if (IsPid(entry.to)) {
    auto receiver = shard.by_receiver.find(IdValue(entry.to));
    receiver->second.erase(ref);
    if (receiver->second.empty()) shard.by_receiver.erase(receiver);
    pid_bound_.fetch_sub(1);
  }
  return entry;
}

void ErlangTimers::Start(MonitorRef ref, Term to, Term message, int64_t due_ms) {
  // Copied now, on the caller's thread: the caller's heap moves on.
  std::unique_ptr<Signal> signal = MakeSignal(SignalKind::kMessage, kNonValue, message);
  // The calling scheduler's wheel: no cross-thread request on the hot path.
  Scheduler* current = Scheduler::Current();
  TimerService& service = current != nullptr && &current->node() == &node_
                              ? current->timers()
                              : node_.scheduler(ref.low % node_.scheduler_count()).timers();
  Shard& shard = ShardOf(ref);
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    Timer* timer = service.Start(static_cast<uint64_t>(MillisLeft(due_ms)),
                                 [this, ref, to, signal = std::move(signal)](const Timer&) mutable {
                                   Fire(ref, to, std::move(signal));
                                 });
    shard.by_ref.emplace(ref, Entry{timer, to, due_ms});
    if (IsPid(to)) {
      shard.by_receiver[IdValue(to)].insert(ref);
      pid_bound_.fetch_add(1);
    }
  }
  // After the entry exists: a receiver whose end sweeps after this point
  // finds it in ReceiverEnded, one already marked exited is seen here (the
  // case between is the header's).
  if (ReceiverGone(to)) Cancel(ref);
}

void ErlangTimers::Fire(MonitorRef ref, Term to, std::unique_ptr<Signal> message) {
  Shard& shard = ShardOf(ref);
  std::optional<Entry> entry;
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    entry = Take(shard, ref);
  }
  // The wheel's own reference keeps the timer alive while it fires.
  if (entry.has_value()) TimerService::Release(entry->timer);
  if (IsAtom(to)) {
    to = node_.registry().Whereis(to);
    if (to == kNonValue) return;
  }
  node_.SendSignal(to, std::move(message));
}

std::optional<int64_t> ErlangTimers::Cancel(MonitorRef ref) {
  Shard& shard = ShardOf(ref);
  std::optional<Entry> entry;
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    entry = Take(shard, ref);
  }
  if (!entry.has_value()) return std::nullopt;
  bool stopped = TimerService::Cancel(entry->timer);
  TimerService::Release(entry->timer);
  // A receiver that ended without ReceiverEnded seeing this timer: erl had
  // cancelled it then.
  if (!stopped || ReceiverGone(entry->to)) return std::nullopt;
  return MillisLeft(entry->due_ms);
}

std::optional<int64_t> ErlangTimers::Read(MonitorRef ref) {
  Shard& shard = ShardOf(ref);
  std::optional<Entry> entry;
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto it = shard.by_ref.find(ref);
    if (it != shard.by_ref.end()) entry = it->second;
  }
  if (!entry.has_value()) return std::nullopt;
  if (ReceiverGone(entry->to)) {
    Cancel(ref);
    return std::nullopt;
  }
  return MillisLeft(entry->due_ms);
}

void ErlangTimers::ReceiverEnded(Term pid) {
  if (pid_bound_.load() == 0) return;
  std::vector<Timer*> gone;
  for (Shard& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto receiver = shard.by_receiver.find(IdValue(pid));
    if (receiver == shard.by_receiver.end()) continue;
    for (MonitorRef ref : receiver->second) {
      auto it = shard.by_ref.find(ref);
      gone.push_back(it->second.timer);
      shard.by_ref.erase(it);
      pid_bound_.fetch_sub(1);
    }
    shard.by_receiver.erase(receiver);
  }
  for (Timer* timer : gone) {
    TimerService::Cancel(timer);
    TimerService::Release(timer);
  }
}

bool ErlangTimers::ReceiverGone(Term to) {
  if (!IsPid(to)) return false;
  Process* p = node_.table().Lookup(IdValue(to));
  return p == nullptr || (p->state() & Process::kExited) != 0;
}

size_t ErlangTimers::size() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard.mutex);
    n += shard.by_ref.size();
  }
  return n;
}

void ErlangTimers::CheckInvariants() const {
  std::vector<std::unique_lock<std::mutex>> locks;
  for (const Shard& shard : shards_)
    locks.emplace_back(shard.mutex);
  size_t all_indexed = 0;
  for (size_t i = 0; i < kShards; ++i) {
    const Shard& shard = shards_[i];
    size_t indexed = 0;
    for (const auto& [ref, entry] : shard.by_ref) {
      LING_CHECK(absl::Hash<MonitorRef>()(ref) % kShards == i) << "timers: an entry off its shard";
      LING_CHECK(entry.timer != nullptr) << "timers: an entry without a timer";
      LING_CHECK(IsPid(entry.to) || IsAtom(entry.to))
          << "timers: a receiver that is no pid or atom";
      if (!IsPid(entry.to)) continue;
      ++indexed;
      auto receiver = shard.by_receiver.find(IdValue(entry.to));
      LING_CHECK(receiver != shard.by_receiver.end() && receiver->second.contains(ref))
          << "timers: a timer missing from its receiver's index";
    }
    size_t in_index = 0;
    for (const auto& [id, refs] : shard.by_receiver) {
      LING_CHECK(!refs.empty()) << "timers: an empty receiver set";
      in_index += refs.size();
    }
    // Every indexed entry was found in the index above, so equal counts
    // leave no room for stale index items.
    LING_CHECK_EQ(in_index, indexed) << "timers: stale items in the receiver index";
    all_indexed += indexed;
  }
  LING_CHECK_EQ(pid_bound_.load(), all_indexed) << "timers: a wrong count of pid-bound timers";
}

}  // namespace ling::emulator
