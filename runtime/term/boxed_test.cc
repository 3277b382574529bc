#include "runtime/term/boxed.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "runtime/term/binary.h"
#include "runtime/term/bit_match.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/copy.h"
#include "runtime/term/format.h"
#include "runtime/term/map.h"

// The collector of emulator/vm/process_memory.cc walks and moves objects
// through BoxedWords and BoxedTermWords alone. These tests do the same with
// a small copying collector of their own, so that every kind of object --
// sub-binaries and match contexts included -- is known to survive being
// moved: its size chains to the next object, and its term words are the
// ones a collector must update.

namespace ling {
namespace {

// One contiguous block, as a process heap is.
class Block final : public TermAllocator {
 public:
  explicit Block(size_t words) : words_(words, 0) {}
  uint64_t* Allocate(size_t words) override {
    EXPECT_LE(used_ + words, words_.size());
    uint64_t* p = words_.data() + used_;
    used_ += words;
    return p;
  }
  OffHeapList& off_heap() override { return off_heap_; }
  uint64_t* begin() { return words_.data(); }
  uint64_t* end() { return words_.data() + used_; }
  bool Contains(const uint64_t* p) const {
    return p >= words_.data() && p < words_.data() + words_.size();
  }
  void Scribble() { std::memset(words_.data(), 0xa5, words_.size() * sizeof(uint64_t)); }

 private:
  std::vector<uint64_t> words_;
  size_t used_ = 0;
  OffHeapList off_heap_;
};

// Cheney's algorithm, as the Evacuator does it: a moved object's header
// becomes a boxed term pointing to the copy, a moved cons cell's head
// kNonValue and its tail the new cell.
class Collector {
 public:
  Collector(Block& from, Block& to) : from_(from), to_(to) {}

  Term Evacuate(Term t) {
    if (IsList(t) && from_.Contains(ListPointer(t))) {
      uint64_t* cell = ListPointer(t);
      if (cell[0] == kNonValue.raw()) return Term::FromRaw(cell[1]);
      uint64_t* copy = to_.Allocate(2);
      copy[0] = cell[0];
      copy[1] = cell[1];
      cell[0] = kNonValue.raw();
      cell[1] = MakeList(copy).raw();
      return MakeList(copy);
    }
    if (IsBoxed(t) && from_.Contains(BoxedPointer(t))) {
      uint64_t* obj = BoxedPointer(t);
      if ((obj[0] & tag::kPrimaryMask) == tag::kBoxed) return Term::FromRaw(obj[0]);
      size_t words = BoxedWords(obj);
      uint64_t* copy = to_.Allocate(words);
      std::memcpy(copy, obj, words * sizeof(uint64_t));
      if (HeaderSubtag(obj[0]) == tag::Subtag::kRefcBinary) to_.off_heap().Add(copy);
      obj[0] = MakeBoxed(copy).raw();
      return MakeBoxed(copy);
    }
    return t;
  }

  void Scan() {
    for (uint64_t* scan = to_.begin(); scan < to_.end();) {
      if ((*scan & tag::kPrimaryMask) == tag::kHeader) {
        TermWords terms = BoxedTermWords(scan);
        for (size_t i = terms.first; i < terms.end; ++i)
          scan[i] = Evacuate(Term::FromRaw(scan[i])).raw();
        scan += BoxedWords(scan);
      } else {
        scan[0] = Evacuate(Term::FromRaw(scan[0])).raw();
        scan[1] = Evacuate(Term::FromRaw(scan[1])).raw();
        scan += 2;
      }
    }
  }

 private:
  Block& from_;
  Block& to_;
};

// Walks a block object by object: the sizes must add up to what was used.
size_t CountObjects(Block& b) {
  size_t n = 0;
  uint64_t* p = b.begin();
  while (p < b.end()) {
    p += (*p & tag::kPrimaryMask) == tag::kHeader ? BoxedWords(p) : 2;
    ++n;
  }
  EXPECT_EQ(p, b.end());
  return n;
}

TEST(Boxed, SubBinariesAndMatchContextsSurviveACopyingCollection) {
  Block from(4096), to(4096);
  std::vector<uint8_t> bytes(200);
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<uint8_t>(i * 13);
  Term refc = MakeBinary(from, bytes);
  Term small = MakeBinary(from, std::string_view("a small heap binary"));
  Term roots[] = {
      MakeTuple(from, {MakeSubBitstring(from, refc, 3, 1001), MakeSubBitstring(from, small, 9, 30),
                       MakeSubBitstring(from, small, 8, 80)}),
      StartMatch(from, MakeSubBitstring(from, small, 4, 100)),
      MakeSubBitstring(from, refc, 16, 8 * 150),
  };
  // Move the context a little: a moved context must go on from there.
  ASSERT_EQ(SmallValue(MatchInteger(from, roots[1], 4, 0)), 1);  // 'a' = 0110 0001
  EXPECT_GT(CountObjects(from), 8u);

  std::string before = ToString(roots[0]) + ToString(roots[2]);
  Term tail_before = MatchTail(from, roots[1]);
  std::string tail_text = ToString(tail_before);
  Collector gc(from, to);
  for (Term& root : roots)
    root = gc.Evacuate(root);
  gc.Scan();
  from.off_heap().Forget();  // every ProcBin moved, to's list owns them now
  from.Scribble();           // nothing may still point into the old block

  // The live objects only: the tuple, its two sub-binaries and heap binary,
  // the context, the sub-binary of roots[2], the small binary and the ProcBin.
  EXPECT_EQ(CountObjects(to), 8u);
  EXPECT_EQ(ToString(roots[0]) + ToString(roots[2]), before);
  ASSERT_TRUE(IsMatchContext(roots[1]));
  EXPECT_TRUE(to.Contains(BoxedPointer(roots[1])));
  EXPECT_EQ(ToString(MatchTail(to, roots[1])), tail_text);
  EXPECT_EQ(MatchRemaining(roots[1]), 96u);
  // The refc data is shared, not copied, and its ProcBin is on the new list.
  EXPECT_EQ(to.off_heap().size(), 1u);
  EXPECT_EQ(RefcData(BitstringOriginal(roots[2]))->refs(), 1);
  // Both sub-binaries of the refc binary point to the same moved ProcBin.
  EXPECT_EQ(BitstringOriginal(TupleElement(roots[0], 0)), BitstringOriginal(roots[2]));
}

// A hashmap's nodes hold a raw bitmap word before their children; two
// versions of a map share all but one path, and stay sharing when moved.
TEST(Boxed, HashmapsSurviveACopyingCollection) {
  Block from(1 << 14), to(1 << 14);
  std::vector<std::pair<Term, Term>> pairs;
  for (int i = 0; i < 200; ++i)
    pairs.emplace_back(MakeSmall(i), MakeTuple(from, {MakeSmall(-i)}));
  Term roots[] = {MakeMap(from, pairs), kNonValue};
  roots[1] = MapPut(from, roots[0], MakeSmall(1000), kNil);
  std::string before = ToString(roots[0]) + ToString(roots[1]);
  size_t apart = FlatSize(roots[0]) + FlatSize(roots[1]);
  Collector gc(from, to);
  for (Term& root : roots)
    root = gc.Evacuate(root);
  gc.Scan();
  from.Scribble();
  CountObjects(to);
  for (Term root : roots)
    CheckMapInvariants(root);
  EXPECT_EQ(ToString(roots[0]) + ToString(roots[1]), before);
  EXPECT_LT(static_cast<size_t>(to.end() - to.begin()), apart * 2 / 3) << "shared nodes moved once";
}

TEST(Boxed, SubBinaryAndMatchContextShapes) {
  Block b(256);
  Term bin = MakeBinary(b, std::string_view("xyz"));
  Term sub = MakeSubBitstring(b, bin, 1, 9);
  Term ctx = StartMatch(b, sub);
  for (Term t : {sub, ctx}) {
    const uint64_t* p = BoxedPointer(t);
    EXPECT_EQ(BoxedWords(p), 4u);
    TermWords words = BoxedTermWords(p);
    ASSERT_EQ(words.end - words.first, 1u);
    EXPECT_EQ(Term::FromRaw(p[words.first]), bin);  // the original, never the sub-binary
  }
}

}  // namespace
}  // namespace ling
