// IdTable: the lock-free table that maps 60-bit entity ids (processes, later
// ports and pores) to live objects, as erts's ptab does.
//
// An id is `serial << kIndexBits | index`. The index names a slot; the serial
// counts how often that slot was handed out, so an id that outlived its entity
// (a "stale" id) never finds the slot's next occupant.
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
        free_next_(new std::atomic<uint32_t>[capacity]()),
        serials_(new uint32_t[capacity]()) {
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
    uint32_t index;
    if (!PopFree(&index)) {
      uint32_t fresh = never_used_.fetch_add(1, std::memory_order_relaxed);
      if (fresh >= capacity_) {
        never_used_.fetch_sub(1, std::memory_order_relaxed);
        // A concurrent Release() may have refilled the free list meanwhile.
        if (!PopFree(&index)) return std::nullopt;
      } else {
        index = fresh;
      }
    }
    live_.fetch_add(1, std::memory_order_relaxed);
    // The slot is ours alone until Release(): a plain serial is enough. The
    // serial is kept nonzero so that no id is ever 0.
    uint32_t serial = ++serials_[index];
    if (serial == 0) serial = serials_[index] = 1;
    return (uint64_t{serial} << kIndexBits) | index;
  }

  // Makes `entity` visible to Lookup(id). Release ordering: whatever the
  // caller wrote into the entity before is visible to a thread that finds it.
  void Publish(uint64_t id, T* entity) {
    slots_[IdIndex(id)].store(entity, std::memory_order_release);
  }

  // Unpublishes the id and returns its slot to the free list. Lookups that
  // already returned the entity may still use it until thread progress.
  void Release(uint64_t id) {
    uint32_t index = IdIndex(id);
    slots_[index].store(nullptr, std::memory_order_release);
    live_.fetch_sub(1, std::memory_order_relaxed);
    PushFree(index);
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
    uint32_t used = std::min(never_used_.load(std::memory_order_acquire), capacity_);
    for (uint32_t i = 0; i < used; ++i) {
      if (T* e = slots_[i].load(std::memory_order_acquire)) fn(e);
    }
  }

  // Debug checker for quiescent tables (no concurrent callers): every slot is
  // either published, on the free list, or reserved; nothing is on the free
  // list twice; the live count matches.
  void CheckInvariants(uint32_t reserved_unpublished = 0) const {
    uint32_t used = std::min(never_used_.load(), capacity_);
    std::unique_ptr<bool[]> on_free(new bool[capacity_]());
    uint32_t free_count = 0;
    for (uint32_t i = HeadIndex(free_head_.load()); i != kNone; i = free_next_[i].load()) {
      LING_CHECK_LT(i, used) << "free list holds a never-used slot";
      LING_CHECK(!on_free[i]) << "slot " << i << " is on the free list twice";
      LING_CHECK(slots_[i].load() == nullptr) << "free slot " << i << " is still published";
      on_free[i] = true;
      ++free_count;
    }
    uint32_t published = 0;
    for (uint32_t i = 0; i < used; ++i) {
      if (T* e = slots_[i].load()) {
        LING_CHECK_EQ(IdIndex(e->id()), i) << "entity published in the wrong slot";
        ++published;
      }
    }
    LING_CHECK_EQ(published + reserved_unpublished, live_.load()) << "live count is off";
    LING_CHECK_EQ(published + reserved_unpublished + free_count, used) << "a slot was lost";
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  // The free list head packs a 32-bit ABA tag above the slot index, so a pop
  // racing with pop+push of the same slot fails its compare-exchange.
  static constexpr uint32_t HeadIndex(uint64_t head) { return static_cast<uint32_t>(head); }
  static constexpr uint64_t MakeHead(uint64_t tag, uint32_t index) { return tag << 32 | index; }

  bool PopFree(uint32_t* index) {
    uint64_t head = free_head_.load(std::memory_order_acquire);
    for (;;) {
      uint32_t top = HeadIndex(head);
      if (top == kNone) return false;
      uint32_t next = free_next_[top].load(std::memory_order_relaxed);
      if (free_head_.compare_exchange_weak(head, MakeHead((head >> 32) + 1, next),
                                           std::memory_order_acquire, std::memory_order_acquire)) {
        *index = top;
        return true;
      }
    }
  }

  void PushFree(uint32_t index) {
    uint64_t head = free_head_.load(std::memory_order_relaxed);
    for (;;) {
      free_next_[index].store(HeadIndex(head), std::memory_order_relaxed);
      if (free_head_.compare_exchange_weak(head, MakeHead((head >> 32) + 1, index),
                                           std::memory_order_release, std::memory_order_relaxed)) {
        return;
      }
    }
  }

  const uint32_t capacity_;
  std::unique_ptr<std::atomic<T*>[]> slots_;
  std::unique_ptr<std::atomic<uint32_t>[]> free_next_;
  std::unique_ptr<uint32_t[]> serials_;
  std::atomic<uint64_t> free_head_{MakeHead(0, kNone)};
  std::atomic<uint32_t> never_used_{0};
  std::atomic<uint32_t> live_{0};
};

}  // namespace ling

#endif  // LING_RUNTIME_ENTITY_ID_TABLE_H_
