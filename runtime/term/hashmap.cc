#include "runtime/term/hashmap.h"

#include <algorithm>
#include <array>

#include "runtime/base/check.h"
#include "runtime/term/compare.h"
#include "runtime/term/flatmap.h"
#include "runtime/term/map_hash.h"

namespace ling {
namespace {

constexpr int kSlotBits = 4;
constexpr uint32_t kSlotMask = 0xf;
constexpr uint32_t kLevelsPerGeneration = 8;
// Keys still unparted after eight generations (256 bits of hash) would mean
// a hash that ignores part of a key, not bad luck: stop rather than loop.
constexpr uint32_t kMaxLevels = 8 * kLevelsPerGeneration;
// Word 1 of a node: the bitmap, and in a root the size above it.
constexpr size_t kInfoWord = 1;
constexpr int kSizeShift = 16;

// A key's slot on one level of the trie.
class KeyHash {
 public:
  KeyHash(Term key, uint32_t level)
      : key_(key),
        level_(level),
        bits_(MapKeyHash(key, level / kLevelsPerGeneration) >>
              (kSlotBits * (level % kLevelsPerGeneration))) {}

  uint32_t slot() const { return bits_ & kSlotMask; }
  uint32_t level() const { return level_; }
  // To the next level (BEAM's hashmap_shift_hash).
  void Down() {
    ++level_;
    LING_CHECK(level_ < kMaxLevels) << "map keys hash alike in every generation";
    bits_ = level_ % kLevelsPerGeneration != 0 ? bits_ >> kSlotBits
                                               : MapKeyHash(key_, level_ / kLevelsPerGeneration);
  }

 private:
  Term key_;
  uint32_t level_;
  uint32_t bits_;
};

// =:=, without the general comparison for immediates (an immediate is =:=
// only to itself).
bool SameKey(Term a, Term b) {
  return a == b || (!IsImmediate(a) && !IsImmediate(b) && ExactEqual(a, b));
}

uint16_t BitmapOf(const uint64_t* node) {
  return static_cast<uint16_t>(node[kInfoWord]);
}
uint32_t CountOf(const uint64_t* node) {
  return static_cast<uint32_t>(HeaderArity(node[0]) - 1);
}
bool IsRoot(const uint64_t* node) {
  return HeaderSubtag(node[0]) == tag::Subtag::kHashmap;
}
Term ChildAt(const uint64_t* node, uint32_t index) {
  return Term::FromRaw(node[kHashmapFirstChildWord + index]);
}
// The bits set in a bitmap, counted inline: without -mpopcnt, std::popcount
// is a call into libgcc, on every level of every find.
uint32_t CountBits(uint32_t x) {
  x = x - ((x >> 1) & 0x5555);
  x = (x & 0x3333) + ((x >> 2) & 0x3333);
  x = (x + (x >> 4)) & 0x0f0f;
  return (x + (x >> 8)) & 0x1f;
}
// Which child holds `bit`'s slot.
uint32_t IndexOf(uint16_t bitmap, uint16_t bit) {
  return CountBits(bitmap & (bit - 1u));
}

// A node of `count` children (a root when `root`, holding `size`); the caller
// fills the children.
uint64_t* AllocateNode(TermAllocator& heap, bool root, uint64_t size, uint16_t bitmap,
                       uint32_t count) {
  uint64_t* p = heap.Allocate(kHashmapFirstChildWord + count);
  p[0] = MakeHeader(root ? tag::Subtag::kHashmap : tag::Subtag::kHashmapNode, 1 + count);
  p[kInfoWord] = (root ? size << kSizeShift : 0) | bitmap;
  return p;
}

Term NewLeaf(TermAllocator& heap, Term key, Term value) {
  uint64_t* cell = heap.Allocate(2);
  cell[0] = key.raw();
  cell[1] = value.raw();
  return MakeList(cell);
}

// One node on the way from the root to a key: the child taken there.
struct Step {
  const uint64_t* node;
  uint32_t index;  // of the child
  uint16_t bit;    // of its slot
};
using Path = absl::InlinedVector<Step, 8>;

enum class Edit { kReplace, kInsert, kRemove };

// A copy of `step`'s node with its child replaced by `child`, `child`
// inserted at it, or the child removed; a root's size changes by `grown`.
Term Rewrite(TermAllocator& heap, const Step& step, Edit edit, Term child, int grown) {
  const uint64_t* old = step.node;
  uint32_t n = CountOf(old);
  uint16_t bitmap = BitmapOf(old);
  uint32_t count = n;
  if (edit == Edit::kInsert) {
    bitmap |= step.bit;
    ++count;
  } else if (edit == Edit::kRemove) {
    bitmap &= ~step.bit;
    --count;
  }
  bool root = IsRoot(old);
  uint64_t* p =
      AllocateNode(heap, root, root ? HashmapSize(MakeBoxed(old)) + grown : 0, bitmap, count);
  const uint64_t* from = old + kHashmapFirstChildWord;
  uint64_t* to = p + kHashmapFirstChildWord;
  std::copy(from, from + step.index, to);
  if (edit != Edit::kRemove) to[step.index] = child.raw();
  uint32_t rest = step.index + (edit == Edit::kInsert ? 0 : 1);
  std::copy(from + rest, from + n, to + step.index + (edit == Edit::kRemove ? 0 : 1));
  return MakeBoxed(p);
}

// The smallest subtree of leaves `a` and `b`, whose keys share their slots
// above the level of `ha` and `hb` (their hashes there): a node of one child
// for each further level they share, down to a node of both.
Term Pair(TermAllocator& heap, Term a, KeyHash ha, Term b, KeyHash hb) {
  absl::InlinedVector<uint32_t, 8> shared;
  while (ha.slot() == hb.slot()) {
    shared.push_back(ha.slot());
    ha.Down();
    hb.Down();
  }
  bool a_first = ha.slot() < hb.slot();
  uint64_t* p = AllocateNode(heap, false, 0, (1 << ha.slot()) | (1 << hb.slot()), 2);
  p[kHashmapFirstChildWord] = (a_first ? a : b).raw();
  p[kHashmapFirstChildWord + 1] = (a_first ? b : a).raw();
  Term node = MakeBoxed(p);
  for (size_t i = shared.size(); i-- > 0;) {
    uint64_t* q = AllocateNode(heap, false, 0, 1 << shared[i], 1);
    q[kHashmapFirstChildWord] = node.raw();
    node = MakeBoxed(q);
  }
  return node;
}

// Put (update: only under a key present): the new root, `map` itself when
// it holds that very value under `key`, kNonValue when updating an absent
// key. The path to the change is copied, the rest shared.
Term Insert(TermAllocator& heap, Term map, Term key, Term value, bool update) {
  Path path;
  KeyHash h(key, 0);
  const uint64_t* node = BoxedPointer(map);
  Term replacement;
  Edit edit = Edit::kReplace;
  int grown = 1;
  for (;;) {
    uint16_t bitmap = BitmapOf(node), bit = static_cast<uint16_t>(1 << h.slot());
    path.push_back({node, IndexOf(bitmap, bit), bit});
    if ((bitmap & bit) == 0) {
      if (update) return kNonValue;
      replacement = NewLeaf(heap, key, value);
      edit = Edit::kInsert;
      break;
    }
    Term child = ChildAt(node, path.back().index);
    if (IsList(child)) {
      Term other = Head(child);
      if (SameKey(other, key)) {
        if (Tail(child) == value) return map;
        replacement = NewLeaf(heap, key, value);
        grown = 0;
        break;
      }
      if (update) return kNonValue;
      h.Down();
      replacement = Pair(heap, child, KeyHash(other, h.level()), NewLeaf(heap, key, value), h);
      break;
    }
    node = BoxedPointer(child);
    h.Down();
  }
  replacement = Rewrite(heap, path.back(), edit, replacement, grown);
  for (size_t i = path.size() - 1; i-- > 0;)
    replacement = Rewrite(heap, path[i], Edit::kReplace, replacement, grown);
  return replacement;
}

// ---- building from pairs ------------------------------------------------------

struct Entry {
  Term key;
  Term value;
  uint32_t hash;          // MapKeyHash of the generation being built
  uint32_t order;         // SlotOrder(hash)
  size_t input;           // the pair's position: the last of equal keys wins
  Term leaf = kNonValue;  // [key | value], once the keys are known unique
};

// The hash's slots, the first level's in the top bits, so that sorting by it
// groups entries by their slots level after level (BEAM's swizzle32).
uint32_t SlotOrder(uint32_t hash) {
  uint32_t swapped = ((hash & 0x0f0f0f0f) << 4) | ((hash >> 4) & 0x0f0f0f0f);
  return __builtin_bswap32(swapped);
}

void Rehash(Entry& e, uint32_t generation) {
  e.hash = MapKeyHash(e.key, generation);
  e.order = SlotOrder(e.hash);
}

// The node over `e`: two or more entries that share their slots above
// `level`, sorted by their slots from there; a root when `root_size` is not 0.
Term Build(TermAllocator& heap, std::span<Entry> e, uint32_t level, uint64_t root_size) {
  if (level % kLevelsPerGeneration == 0 && level > 0) {
    // Their 32-bit hashes collide: the next generation parts them.
    LING_CHECK(level < kMaxLevels) << "map keys hash alike in every generation";
    for (Entry& x : e)
      Rehash(x, level / kLevelsPerGeneration);
    std::sort(e.begin(), e.end(), [](const Entry& a, const Entry& b) { return a.order < b.order; });
  }
  int shift = kSlotBits * static_cast<int>(level % kLevelsPerGeneration);
  auto slot = [&](const Entry& x) { return (x.hash >> shift) & kSlotMask; };
  std::array<uint64_t, 16> children;
  uint16_t bitmap = 0;
  uint32_t count = 0;
  for (size_t i = 0; i < e.size();) {
    uint32_t here = slot(e[i]);  // before Build below rehashes the entries
    size_t j = i + 1;
    while (j < e.size() && slot(e[j]) == here)
      ++j;
    bitmap |= static_cast<uint16_t>(1 << here);
    children[count++] =
        j - i == 1 ? e[i].leaf.raw() : Build(heap, e.subspan(i, j - i), level + 1, 0).raw();
    i = j;
  }
  uint64_t* p = AllocateNode(heap, root_size != 0, root_size, bitmap, count);
  std::copy(children.begin(), children.begin() + count, p + kHashmapFirstChildWord);
  return MakeBoxed(p);
}

}  // namespace

uint64_t HashmapSize(Term map) {
  return BoxedPointer(map)[kInfoWord] >> kSizeShift;
}

Term HashmapFromPairs(TermAllocator& heap, std::span<const std::pair<Term, Term>> pairs) {
  std::vector<Entry> entries;
  entries.reserve(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    entries.push_back({pairs[i].first, pairs[i].second, 0, 0, i});
    Rehash(entries.back(), 0);
  }
  // Equal keys end up next to each other, in input order.
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.order != b.order) return a.order < b.order;
    if (int c = CompareExact(a.key, b.key)) return c < 0;
    return a.input < b.input;
  });
  size_t kept = 0;
  for (const Entry& e : entries) {
    if (kept > 0 && entries[kept - 1].hash == e.hash && SameKey(entries[kept - 1].key, e.key)) {
      entries[kept - 1] = e;
    } else {
      entries[kept++] = e;
    }
  }
  if (kept <= kMaxFlatmapSize) return kNonValue;
  entries.resize(kept);
  uint64_t* cells = heap.Allocate(2 * kept);
  for (size_t i = 0; i < kept; ++i) {
    cells[2 * i] = entries[i].key.raw();
    cells[2 * i + 1] = entries[i].value.raw();
    entries[i].leaf = MakeList(cells + 2 * i);
  }
  return Build(heap, entries, 0, kept);
}

std::optional<Term> HashmapFind(Term map, Term key) {
  KeyHash h(key, 0);
  const uint64_t* node = BoxedPointer(map);
  for (;;) {
    uint16_t bitmap = BitmapOf(node), bit = static_cast<uint16_t>(1 << h.slot());
    if ((bitmap & bit) == 0) return std::nullopt;
    Term child = ChildAt(node, IndexOf(bitmap, bit));
    if (IsList(child)) {
      if (!SameKey(Head(child), key)) return std::nullopt;
      return Tail(child);
    }
    node = BoxedPointer(child);
    h.Down();
  }
}

Term HashmapPut(TermAllocator& heap, Term map, Term key, Term value) {
  return Insert(heap, map, key, value, /*update=*/false);
}

std::optional<Term> HashmapUpdate(TermAllocator& heap, Term map, Term key, Term value) {
  Term updated = Insert(heap, map, key, value, /*update=*/true);
  if (updated == kNonValue) return std::nullopt;
  return updated;
}

Term HashmapRemove(TermAllocator& heap, Term map, Term key) {
  LING_CHECK(HashmapSize(map) > kMaxFlatmapSize + 1) << "removing from a hashmap that gets flat";
  Path path;
  KeyHash h(key, 0);
  const uint64_t* node = BoxedPointer(map);
  for (;;) {
    uint16_t bitmap = BitmapOf(node), bit = static_cast<uint16_t>(1 << h.slot());
    if ((bitmap & bit) == 0) return map;
    path.push_back({node, IndexOf(bitmap, bit), bit});
    Term child = ChildAt(node, path.back().index);
    if (IsList(child)) {
      if (!SameKey(Head(child), key)) return map;
      break;
    }
    node = BoxedPointer(child);
    h.Down();
  }
  if (path.size() == 1) return Rewrite(heap, path[0], Edit::kRemove, kNonValue, -1);
  // Up from the leaf's inner node (which has two children or more: a lone
  // leaf would sit in its parent): what takes its place in each parent. A
  // leaf left alone in a node moves up into the parent, as BEAM collapses it.
  const Step& bottom = path.back();
  Term other = CountOf(bottom.node) == 2 ? ChildAt(bottom.node, 1 - bottom.index) : kNonValue;
  Term replacement = IsList(other) ? other : Rewrite(heap, bottom, Edit::kRemove, kNonValue, 0);
  for (size_t i = path.size() - 1; --i > 0;) {
    if (IsList(replacement) && CountOf(path[i].node) == 1) continue;
    replacement = Rewrite(heap, path[i], Edit::kReplace, replacement, 0);
  }
  return Rewrite(heap, path[0], Edit::kReplace, replacement, -1);
}

HashmapNode HashmapNodeOf(Term node) {
  const uint64_t* p = BoxedPointer(node);
  return {BitmapOf(p), p + kHashmapFirstChildWord, CountOf(p)};
}

// ---- walking ------------------------------------------------------------------------

HashmapWalk::HashmapWalk(Term map, Direction direction) : root_(map), direction_(direction) {
  Descend(map);
}

void HashmapWalk::Descend(Term node) {
  while (!IsList(node)) {
    const uint64_t* p = BoxedPointer(node);
    uint8_t count = static_cast<uint8_t>(CountOf(p));
    uint8_t index = direction_ == Direction::kForward ? 0 : count - 1;
    frames_.push_back({p + kHashmapFirstChildWord, count, index});
    node = ChildAt(p, index);
  }
  leaf_ = ListPointer(node);
}

void HashmapWalk::Next() {
  while (!frames_.empty()) {
    Frame& f = frames_.back();
    if (direction_ == Direction::kForward ? f.index + 1 < f.count : f.index > 0) {
      f.index = direction_ == Direction::kForward ? f.index + 1 : f.index - 1;
      Descend(Term::FromRaw(f.children[f.index]));
      return;
    }
    frames_.pop_back();
  }
  leaf_ = nullptr;
}

bool HashmapWalk::Seek(std::span<const uint8_t> path) {
  frames_.clear();
  leaf_ = nullptr;
  Term node = root_;
  for (size_t level = 0; !IsList(node); ++level) {
    const uint64_t* p = BoxedPointer(node);
    uint8_t count = static_cast<uint8_t>(CountOf(p));
    uint8_t index = level < path.size() ? path[level] : 0;
    if (index >= count) {
      frames_.clear();
      return false;
    }
    frames_.push_back({p + kHashmapFirstChildWord, count, index});
    node = ChildAt(p, index);
  }
  leaf_ = ListPointer(node);
  return true;
}

std::vector<uint8_t> HashmapWalk::Path() const {
  std::vector<uint8_t> path;
  path.reserve(frames_.size());
  for (const Frame& f : frames_)
    path.push_back(f.index);
  return path;
}

// ---- the checker ----------------------------------------------------------------------

void CheckHashmap(Term map) {
  LING_CHECK(IsHashmap(map)) << "not a hashmap: " << map.raw();
  uint64_t size = HashmapSize(map);
  LING_CHECK(size > kMaxFlatmapSize) << "a hashmap of " << size << " keys";
  // Nodes still to check, with the slots that lead to each.
  struct Visit {
    Term node;
    absl::InlinedVector<uint8_t, 8> slots;
  };
  std::vector<Visit> todo = {{map, {}}};
  uint64_t leaves = 0;
  while (!todo.empty()) {
    Visit v = std::move(todo.back());
    todo.pop_back();
    const uint64_t* p = BoxedPointer(v.node);
    bool root = v.slots.empty();
    LING_CHECK(HeaderSubtag(p[0]) == (root ? tag::Subtag::kHashmap : tag::Subtag::kHashmapNode))
        << "a trie node of subtag " << static_cast<int>(HeaderSubtag(p[0]));
    uint16_t bitmap = BitmapOf(p);
    uint32_t count = CountOf(p);
    LING_CHECK(count > 0 && CountBits(bitmap) == count)
        << "bitmap " << bitmap << " for " << count << " children";
    LING_CHECK(root || p[kInfoWord] == bitmap) << "an inner node with a size";
    uint32_t slot = 0;
    for (uint32_t i = 0; i < count; ++i, ++slot) {
      while ((bitmap >> slot & 1) == 0)
        ++slot;
      Term child = ChildAt(p, i);
      absl::InlinedVector<uint8_t, 8> slots = v.slots;
      slots.push_back(static_cast<uint8_t>(slot));
      if (!IsList(child)) {
        LING_CHECK(IsBoxedOf(child, tag::Subtag::kHashmapNode)) << "a trie child of no node kind";
        todo.push_back({child, std::move(slots)});
        continue;
      }
      LING_CHECK(root || count > 1) << "an inner node holds a lone leaf";
      ++leaves;
      KeyHash h(Head(child), 0);
      for (size_t level = 0; level < slots.size(); ++level) {
        if (level > 0) h.Down();
        LING_CHECK(h.slot() == slots[level])
            << "a key in slot " << int{slots[level]} << " on level " << level << ", its hash says "
            << h.slot();
      }
    }
  }
  LING_CHECK(leaves == size) << "a hashmap of size " << size << " holds " << leaves << " keys";
}

}  // namespace ling
