// TimerWheel: the per-scheduler hierarchical timer wheel behind receive
// timeouts, send_after and port driver timers.
//
// Threading contract:
//   - A TimerWheel is single-threaded. Each scheduler owns one and is the only
//     thread that ever calls it, so it holds no lock and no atomics.
//   - Another thread that wants to cancel or arm a timer posts a request to the
//     owning scheduler, which then calls Insert()/Remove() itself.
//
// Entries are intrusive: a timer object embeds (or derives from) a TimerEntry,
// and the wheel links that entry in place. Insert() and Remove() never
// allocate, so arming a timer cannot fail and a wheel holds any number of them.
//
//   struct ReceiveTimeout : TimerEntry { Process* process; };
//   wheel.Insert(&timeout, MonotonicMillis() + after_ms + 1);
//   ...
//   wheel.Advance(MonotonicMillis(), [](TimerEntry* e) {
//     static_cast<ReceiveTimeout*>(e)->process->Wake();
//   });
//   std::optional<uint64_t> wake = wheel.NextExpiry();  // sleep until then
//
// Time: ticks are milliseconds of MonotonicMillis() (clock.h), although the
// wheel itself only requires them to never go backwards. An entry whose expiry
// is at or before the current tick when it is inserted is "due": it is treated
// as expiring at the current tick and fires on the next Advance().
//
// Structure: 11 levels of 64 slots (6 bits of the tick per level), which cover
// the whole 64-bit tick space: there is no overflow list and no timeout is too
// far in the future. An entry sits at the level of the highest 6-bit digit in
// which its expiry differs from the current tick, in the slot named by that
// digit of its expiry. When time enters a slot of level L > 0, that slot is
// "cascaded": its entries move down to lower levels. Each level keeps a 64-bit
// occupancy bitmap and a summary bitmap says which levels are occupied, so the
// next slot to fire or cascade is two count-trailing-zeros away. Advance()
// therefore costs time proportional to the occupied slots it visits plus at
// most 10 cascades per entry over its life, never to the ticks elapsed.
#ifndef LING_RUNTIME_TIMER_TIMER_WHEEL_H_
#define LING_RUNTIME_TIMER_TIMER_WHEEL_H_

#include <cstddef>
#include <cstdint>
#include <optional>

#include "runtime/base/check.h"

namespace ling {

// The wheel's link in a timer object. Not copyable: the wheel points at it.
// An entry is in at most one wheel at a time.
class TimerEntry {
 public:
  TimerEntry() = default;
  TimerEntry(const TimerEntry&) = delete;
  TimerEntry& operator=(const TimerEntry&) = delete;

  // The expiry tick given to the last Insert().
  uint64_t expiry() const { return expiry_; }

 private:
  friend class TimerWheel;

  // Circular doubly linked list of the entries of one slot, in insertion
  // order. prev_ == nullptr means "not inserted".
  TimerEntry* prev_ = nullptr;
  TimerEntry* next_ = nullptr;
  uint64_t expiry_ = 0;
  // The slot the entry sits in, so that Remove() can clear the occupancy bit
  // when the slot becomes empty.
  uint8_t level_ = 0;
  uint8_t slot_ = 0;
};

class TimerWheel {
 public:
  static constexpr int kBitsPerLevel = 6;
  static constexpr int kSlots = 1 << kBitsPerLevel;
  static constexpr int kLevels = (64 + kBitsPerLevel - 1) / kBitsPerLevel;

  // now_tick: the current tick; no entry is due yet.
  explicit TimerWheel(uint64_t now_tick);
  // The wheel does not own its entries. Destroying it leaves the entries it
  // still holds untouched: they still count as inserted and must only be freed.
  TimerWheel(const TimerWheel&) = delete;
  TimerWheel& operator=(const TimerWheel&) = delete;

  // Arms `entry` to fire at `expiry_tick`. O(1), never allocates.
  // Requires: `entry` is not inserted (in this or any wheel).
  // An expiry at or before now() makes the entry due (see above).
  void Insert(TimerEntry* entry, uint64_t expiry_tick);

  // Disarms `entry`. O(1). Requires: `entry` is inserted in this wheel and has
  // not fired (inside a callback, the entry being fired is already removed).
  void Remove(TimerEntry* entry);

  // True from Insert() until Remove() or until the entry is fired.
  static bool IsInserted(const TimerEntry* entry) { return entry->prev_ != nullptr; }

  // Moves time forward to `now_tick` and fires every entry that expires at or
  // before it: each is removed, then `fire(TimerEntry*)` is called once for it.
  // Returns the number of entries fired.
  //
  // Order: entries fire in non-decreasing expiry order; entries with the same
  // expiry (due entries count as expiring at the tick they were inserted at)
  // fire in insertion order.
  //
  // The callback may Insert() and Remove() any entry, including re-inserting
  // the one being fired (a periodic timer). An entry it inserts with an expiry
  // at or before `now_tick` fires in this same Advance(), after the entries
  // already due at that tick; a callback that always re-inserts a due entry
  // therefore never lets Advance() return. Inside the callback, now() is the
  // tick being fired. The callback must not call Advance() and must not throw.
  //
  // Ticks never go backwards: a `now_tick` before now() acts as now().
  template <class F>
  size_t Advance(uint64_t now_tick, F&& fire);

  // The earliest tick at which an entry is due, or nullopt if the wheel is
  // empty. Cheap: two bitmap scans and a load; call it before every sleep.
  //   - now() if an entry is due, otherwise strictly greater than now(), so a
  //     scheduler that sleeps until then never spins;
  //   - never later than the earliest pending expiry, and exact unless the
  //     earliest entry of a slot above level 0 was removed since the slot was
  //     filled: then it may be that removed entry's expiry (one spurious
  //     wakeup, whose Advance() cascades the slot and makes it exact again).
  std::optional<uint64_t> NextExpiry() const;

  // The current tick: the constructor's, then the last Advance()'s.
  uint64_t now() const { return now_; }
  // The number of inserted entries.
  size_t size() const { return size_; }

  // Walks every level, slot and entry and aborts (LING_CHECK) unless all
  // invariants hold: each entry sits in the slot its expiry and now() select,
  // its links and recorded slot are consistent, the bitmaps match the non-empty
  // slots, the cached slot minima are lower bounds, and size() is the count.
  // O(size() + kLevels * kSlots): for tests and debugging.
  void CheckInvariants() const;

 private:
  struct Position {
    int level;
    int slot;
  };

  // Where an entry expiring at `expiry` belongs given the current tick.
  Position PositionOf(uint64_t expiry) const;
  // The first tick of `slot` at `level` in the current tick's enclosing block.
  uint64_t SlotStart(int level, int slot) const;
  // Appends `entry` (expiry_ set) to the slot its expiry selects.
  void Link(TimerEntry* entry);
  // Takes `entry` out of its slot and marks it not inserted.
  void Unlink(TimerEntry* entry);
  // Moves every entry of an upper-level slot that time has entered down.
  void Cascade(int level, int slot);
  // Moves time towards `limit` until an entry is due at or before it, then
  // removes and returns that entry; returns nullptr once none is left.
  TimerEntry* PopDue(uint64_t limit);

  uint64_t now_;
  size_t size_ = 0;
  bool advancing_ = false;
  // Bit L set iff occupied_[L] != 0.
  uint32_t occupied_levels_ = 0;
  // Bit S of occupied_[L] set iff heads_[L][S] != nullptr.
  uint64_t occupied_[kLevels] = {};
  // Each slot's list head; head->prev_ is the tail.
  TimerEntry* heads_[kLevels][kSlots] = {};
  // For levels 1.. only (index level - 1): a lower bound of the expiries in the
  // slot (the minimum, unless it was removed), UINT64_MAX when empty. Level 0
  // needs none: all its entries in one slot expire at the same tick.
  uint64_t min_expiry_[kLevels - 1][kSlots];
};

template <class F>
size_t TimerWheel::Advance(uint64_t now_tick, F&& fire) {
  LING_CHECK(!advancing_) << "TimerWheel::Advance called from a timer callback";
  advancing_ = true;
  const uint64_t limit = now_tick > now_ ? now_tick : now_;
  size_t fired = 0;
  while (TimerEntry* entry = PopDue(limit)) {
    ++fired;
    fire(entry);
  }
  now_ = limit;
  advancing_ = false;
  return fired;
}

}  // namespace ling

#endif  // LING_RUNTIME_TIMER_TIMER_WHEEL_H_
