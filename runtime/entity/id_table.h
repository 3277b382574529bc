// IdTable: the lock-free table that maps 60-bit entity ids (processes, later
// ports and pores) to live objects, as erts's ptab does.
//
// An id is `serial << kIndexBits | index`. As in erts, ids come from one
// counter that only grows: the n-th id handed out is for slot n mod
// capacity (the next free one at or after it), with serial n / capacity + 1.
// So a later id is always a greater one -- pids order by creation, which
// Erlang code relies on as on BEAM -- and an id that outlived its entity (a
// "stale" id) never finds the slot's next occupant.
//
// Concurrency contract:
//   - Allocate(), Publish(), Release() and Lookup() may be called from any
//     thread at any time; none of them takes a lock.
//   - Lookup() returns a raw pointer without pinning it. The caller must be
//     inside a thread-progress protected section (a scheduler between two
//     scheduling points, or an unmanaged thread holding a DelayGuard), and the
//     owner of an entity must retire it through thread progress after calling
//     Release(): that is what keeps the pointer valid.
//   - An entity's id must be readable (T::id()) without a lock: Lookup()
//     compares it to tell a stale id from a live one.
#ifndef LING_RUNTIME_ENTITY_ID_TABLE_H_
#define LING_RUNTIME_ENTITY_ID_TABLE_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "runtime/base/check.h"

namespace ling {

inline constexpr int kIndexBits = 28;
inline constexpr uint64_t kIndexMask = (uint64_t{1} << kIndexBits) - 1;
inline constexpr uint32_t kMaxTableCapacity = uint32_t{1} << kIndexBits;

constexpr uint32_t IdIndex(uint64_t id) {
  return static_cast<uint32_t>(id & kIndexMask);
}
constexpr uint64_t IdSerial(uint64_t id) {
  return id >> kIndexBits;
}

template <class T>
class IdTable {
 public:
  // capacity: the most entities alive at once, at most kMaxTableCapacity.
  explicit IdTable(uint32_t capacity)
      : capacity_(capacity),
        slots_(new std::atomic<T*>[capacity]()),
        reserved_(new std::atomic<uint64_t>[capacity]()) {
    LING_CHECK(capacity > 0 && capacity <= kMaxTableCapacity) << "bad table capacity " << capacity;
  }
  IdTable(const IdTable&) = delete;
  IdTable& operator=(const IdTable&) = delete;

  uint32_t capacity() const { return capacity_; }
  // Ids handed out and not yet released (a snapshot).
  uint32_t size() const { return live_.load(std::memory_order_relaxed); }

  // Reserves a slot and returns the id for it, or nullopt when the table is
  // full. The slot holds nothing until Publish().
  std::optional<uint64_t> Allocate() {
    // Counting first guarantees a free slot to whoever gets past here, so
    // the search below ends.
    if (live_.fetch_add(1, std::memory_order_relaxed) >= capacity_) {
      live_.fetch_sub(1, std::memory_order_relaxed);
      return std::nullopt;
    }
    for (;;) {
      uint64_t n = next_.fetch_add(1, std::memory_order_relaxed);
      uint32_t index = static_cast<uint32_t>(n % capacity_);
      uint64_t id = (n / capacity_ + 1) << kIndexBits | index;  // never 0
      uint64_t free = 0;
      // Acquire: the previous occupant's Release happened before.
      if (reserved_[index].compare_exchange_strong(free, id, std::memory_order_acquire,
                                                   std::memory_order_relaxed)) {
        return id;
      }
    }
  }

  // Makes `entity` visible to Lookup(id). Release ordering: whatever the
  // caller wrote into the entity before is visible to a thread that finds it.
  void Publish(uint64_t id, T* entity) {
    slots_[IdIndex(id)].store(entity, std::memory_order_release);
  }

  // Unpublishes the id and frees its slot. Lookups that already returned the
  // entity may still use it until thread progress.
  void Release(uint64_t id) {
    uint32_t index = IdIndex(id);
    slots_[index].store(nullptr, std::memory_order_release);
    reserved_[index].store(0, std::memory_order_release);
    live_.fetch_sub(1, std::memory_order_relaxed);
  }

  // The live entity with exactly this id, or nullptr (never existed, exited,
  // or a stale id whose slot now holds another entity).
  T* Lookup(uint64_t id) const {
    uint32_t index = IdIndex(id);
    if (index >= capacity_) return nullptr;
    T* entity = slots_[index].load(std::memory_order_acquire);
    if (entity == nullptr || entity->id() != id) return nullptr;
    return entity;
  }

  // Calls fn(T*) for every published entity (a racy snapshot: for shutdown
  // and diagnostics).
  template <class F>
  void ForEach(F&& fn) const {
    for (uint32_t i = 0; i < used(); ++i) {
      if (T* e = slots_[i].load(std::memory_order_acquire)) fn(e);
    }
  }

  // Debug checker for quiescent tables (no concurrent callers): every
  // published entity sits in its id's slot under the id that reserved it;
  // the live count matches the reserved slots, `reserved_unpublished` of
  // which hold no entity yet; no reserved id is ahead of the counter.
  void CheckInvariants(uint32_t reserved_unpublished = 0) const {
    uint32_t published = 0, reserved = 0;
    for (uint32_t i = 0; i < capacity_; ++i) {
      uint64_t id = reserved_[i].load();
      T* e = slots_[i].load();
      if (id == 0) {
        LING_CHECK(e == nullptr) << "free slot " << i << " is still published";
        continue;
      }
      ++reserved;
      LING_CHECK_EQ(IdIndex(id), i) << "slot " << i << " reserved for another slot's id";
      LING_CHECK_LT((IdSerial(id) - 1) * capacity_ + i, next_.load())
          << "slot " << i << " holds an id the counter never gave";
      if (e != nullptr) {
        LING_CHECK_EQ(e->id(), id) << "slot " << i << " publishes another id than it reserved";
        ++published;
      }
    }
    LING_CHECK_EQ(published + reserved_unpublished, reserved) << "unpublished count is off";
    LING_CHECK_EQ(reserved, live_.load()) << "live count is off";
  }

 private:
  // Slots the counter has reached (ForEach need not look further).
  uint32_t used() const {
    return static_cast<uint32_t>(
        std::min<uint64_t>(next_.load(std::memory_order_acquire), capacity_));
  }

  const uint32_t capacity_;
  std::unique_ptr<std::atomic<T*>[]> slots_;
  // The id each slot is reserved for; 0 when free.
  std::unique_ptr<std::atomic<uint64_t>[]> reserved_;
  std::atomic<uint64_t> next_{0};
  std::atomic<uint32_t> live_{0};
};

}  // namespace ling

#endif  // LING_RUNTIME_ENTITY_ID_TABLE_H_
