#include "runtime/timer/timer_wheel.h"

#include <algorithm>
#include <bit>
#include <limits>

namespace ling {
namespace {

constexpr uint64_t kEmptyMin = std::numeric_limits<uint64_t>::max();

}  // namespace

TimerWheel::TimerWheel(uint64_t now_tick) : now_(now_tick) {
  std::fill(&min_expiry_[0][0], &min_expiry_[0][0] + (kLevels - 1) * kSlots, kEmptyMin);
}

TimerWheel::Position TimerWheel::PositionOf(uint64_t expiry) const {
  // A due entry is filed under the current tick: it fires next, after the
  // entries already filed there, which keeps insertion order among due ones.
  const uint64_t tick = std::max(expiry, now_);
  // The highest differing digit; "| 1" files tick == now_ at level 0.
  const int level = (std::bit_width((tick ^ now_) | 1) - 1) / kBitsPerLevel;
  const int slot = static_cast<int>((tick >> (level * kBitsPerLevel)) & (kSlots - 1));
  return {level, slot};
}

uint64_t TimerWheel::SlotStart(int level, int slot) const {
  const int shift = level * kBitsPerLevel;
  const int block_bits = shift + kBitsPerLevel;
  // The top level's block is the whole tick space (and a shift by >= 64 bits
  // would be undefined).
  const uint64_t block = block_bits >= 64 ? 0 : now_ & ~((uint64_t{1} << block_bits) - 1);
  return block | (static_cast<uint64_t>(slot) << shift);
}

void TimerWheel::Insert(TimerEntry* entry, uint64_t expiry_tick) {
  LING_CHECK(!IsInserted(entry)) << "timer entry inserted twice";
  entry->expiry_ = expiry_tick;
  Link(entry);
  ++size_;
}

void TimerWheel::Remove(TimerEntry* entry) {
  LING_CHECK(IsInserted(entry)) << "removing a timer entry that is not inserted";
  Unlink(entry);
  --size_;
}

void TimerWheel::Link(TimerEntry* entry) {
  const Position pos = PositionOf(entry->expiry_);
  TimerEntry*& head = heads_[pos.level][pos.slot];
  if (head == nullptr) {
    head = entry->prev_ = entry->next_ = entry;
    occupied_[pos.level] |= uint64_t{1} << pos.slot;
    occupied_levels_ |= uint32_t{1} << pos.level;
  } else {
    TimerEntry* tail = head->prev_;
    entry->prev_ = tail;
    entry->next_ = head;
    tail->next_ = entry;
    head->prev_ = entry;
  }
  if (pos.level > 0) {
    uint64_t& min = min_expiry_[pos.level - 1][pos.slot];
    min = std::min(min, entry->expiry_);
  }
  entry->level_ = static_cast<uint8_t>(pos.level);
  entry->slot_ = static_cast<uint8_t>(pos.slot);
}

void TimerWheel::Unlink(TimerEntry* entry) {
  const int level = entry->level_;
  const int slot = entry->slot_;
  TimerEntry*& head = heads_[level][slot];
  if (entry->next_ == entry) {
    head = nullptr;
    occupied_[level] &= ~(uint64_t{1} << slot);
    if (occupied_[level] == 0) occupied_levels_ &= ~(uint32_t{1} << level);
    if (level > 0) min_expiry_[level - 1][slot] = kEmptyMin;
  } else {
    entry->prev_->next_ = entry->next_;
    entry->next_->prev_ = entry->prev_;
    if (head == entry) head = entry->next_;
  }
  entry->prev_ = entry->next_ = nullptr;
}

void TimerWheel::Cascade(int level, int slot) {
  TimerEntry* entry = heads_[level][slot];
  // Detach the whole list first: Link() files entries at lower levels only,
  // so the slot stays empty while its entries move.
  heads_[level][slot] = nullptr;
  occupied_[level] &= ~(uint64_t{1} << slot);
  if (occupied_[level] == 0) occupied_levels_ &= ~(uint32_t{1} << level);
  min_expiry_[level - 1][slot] = kEmptyMin;
  entry->prev_->next_ = nullptr;  // break the ring at the tail
  // Walking in list order keeps entries with equal expiries in insertion
  // order: they all sit in this one slot, and Link() appends.
  while (entry != nullptr) {
    TimerEntry* next = entry->next_;
    Link(entry);
    entry = next;
  }
}

TimerEntry* TimerWheel::PopDue(uint64_t limit) {
  // The lowest occupied level holds the earliest slot: every slot of level L
  // lies before the first slot of level L + 1 that is still ahead.
  while (occupied_levels_ != 0) {
    const int level = std::countr_zero(occupied_levels_);
    const int slot = std::countr_zero(occupied_[level]);
    const uint64_t start = SlotStart(level, slot);
    if (start > limit) return nullptr;
    // Jumping straight to the next occupied slot keeps every other entry where
    // it belongs: only digits up to `level` change, and no entry sits below.
    now_ = start;
    if (level == 0) {
      TimerEntry* entry = heads_[0][slot];
      Unlink(entry);
      --size_;
      return entry;
    }
    Cascade(level, slot);
  }
  return nullptr;
}

std::optional<uint64_t> TimerWheel::NextExpiry() const {
  if (occupied_levels_ == 0) return std::nullopt;
  const int level = std::countr_zero(occupied_levels_);
  const int slot = std::countr_zero(occupied_[level]);
  if (level == 0) return SlotStart(0, slot);
  return min_expiry_[level - 1][slot];
}

void TimerWheel::CheckInvariants() const {
  size_t count = 0;
  uint32_t levels = 0;
  for (int level = 0; level < kLevels; ++level) {
    uint64_t bits = 0;
    for (int slot = 0; slot < kSlots; ++slot) {
      const TimerEntry* head = heads_[level][slot];
      if (level > 0 && head == nullptr) {
        LING_CHECK_EQ(min_expiry_[level - 1][slot], kEmptyMin)
            << "empty slot " << level << "/" << slot << " has a minimum";
      }
      if (head == nullptr) continue;
      bits |= uint64_t{1} << slot;
      const TimerEntry* entry = head;
      do {
        ++count;
        LING_CHECK(entry->next_ != nullptr && entry->prev_ != nullptr)
            << "entry in slot " << level << "/" << slot << " has null links";
        LING_CHECK(entry->next_->prev_ == entry && entry->prev_->next_ == entry)
            << "broken links in slot " << level << "/" << slot;
        LING_CHECK(entry->level_ == level && entry->slot_ == slot)
            << "entry in slot " << level << "/" << slot << " records slot " << int{entry->level_}
            << "/" << int{entry->slot_};
        const Position pos = PositionOf(entry->expiry_);
        LING_CHECK(pos.level == level && pos.slot == slot)
            << "entry expiring at " << entry->expiry_ << " (now " << now_ << ") sits in slot "
            << level << "/" << slot << ", belongs in " << pos.level << "/" << pos.slot;
        if (level > 0) {
          LING_CHECK(min_expiry_[level - 1][slot] <= entry->expiry_)
              << "slot " << level << "/" << slot << " minimum above an entry";
        }
        LING_CHECK(count <= size_) << "more entries than size() " << size_ << ", or a cycle";
        entry = entry->next_;
      } while (entry != head);
      if (level > 0) {
        // Strictly ahead: NextExpiry() relies on it to never return now().
        LING_CHECK(min_expiry_[level - 1][slot] >= SlotStart(level, slot))
            << "slot " << level << "/" << slot << " minimum before the slot";
      }
    }
    LING_CHECK_EQ(occupied_[level], bits) << "occupancy bitmap of level " << level;
    if (bits != 0) levels |= uint32_t{1} << level;
  }
  LING_CHECK_EQ(occupied_levels_, levels) << "level bitmap";
  LING_CHECK_EQ(count, size_) << "size";
}

}  // namespace ling
