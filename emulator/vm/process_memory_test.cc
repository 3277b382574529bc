#include "emulator/vm/process_memory.h"

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "emulator/vm/bif_test_util.h"
#include "gtest/gtest.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/format.h"
#include "runtime/term/resource.h"
#include "runtime/term/writable_binary.h"

namespace ling::vm {
namespace {

// Fills the young block so that the next allocation of `words` does not
// fit, with dead empty tuples (one header word each: a heap walk sees whole
// objects).
void FillBlock(ProcessMemory& memory, size_t words) {
  while (memory.free_words() >= words)
    memory.Allocate(1)[0] = MakeHeader(tag::Subtag::kTuple, 0);
}

// A collection as the interpreter meets one: garbage has filled the block
// and one more word is wanted. Checks the memory afterwards.
void Collect(ProcessMemory& memory, Term* x, int live) {
  FillBlock(memory, 1);
  memory.EnsureFree(1, x, live);
  memory.CheckInvariants();
}

// Makes what x[0 .. live) hold old: a term is promoted at its second
// collection.
void Promote(ProcessMemory& memory, Term* x, int live) {
  Collect(memory, x, live);
  Collect(memory, x, live);
}

Term List(ProcessMemory& memory, std::initializer_list<int64_t> elements) {
  std::vector<Term> terms;
  for (int64_t e : elements)
    terms.push_back(MakeSmall(e));
  return MakeList(memory, terms);
}

Term Sequence(ProcessMemory& memory, int64_t n) {
  std::vector<Term> terms;
  for (int64_t i = 1; i <= n; ++i)
    terms.push_back(MakeSmall(i));
  return MakeList(memory, terms);
}

// A refc binary of `size` bytes whose data the caller watches (holds a
// reference to, released with Unwatch).
Term WatchedBinary(ProcessMemory& memory, size_t size, BinaryData** data) {
  Term t = MakeBinary(memory, std::vector<uint8_t>(size, 0x5a));
  *data = RefcData(t);
  (*data)->AddRef();
  return t;
}

TEST(ProcessMemory, BuildersWriteIntoTheBlockWhileItHasRoom) {
  ProcessMemory memory;
  Term t = MakeTuple(memory, {MakeSmall(1), MakeSmall(2)});
  EXPECT_FALSE(memory.overflowed());
  EXPECT_EQ(memory.young_heap_words(), 3u);
  EXPECT_EQ(ToString(t), "{1,2}");
}

TEST(ProcessMemory, AFullBlockOverflowsAndNothingMovesUnderTheBuilder) {
  ProcessMemory memory;
  FillBlock(memory, 4);
  uint64_t* before = memory.htop;
  Term inner = MakeTuple(memory, {MakeSmall(7), MakeSmall(8), MakeSmall(9)});
  Term outer = MakeList(memory, std::vector<Term>{inner, inner});
  EXPECT_TRUE(memory.overflowed());
  EXPECT_EQ(memory.htop, before);
  EXPECT_EQ(ToString(outer), "[{7,8,9},{7,8,9}]");
}

TEST(ProcessMemory, ACollectionMovesLiveOverflowTermsIntoTheBlock) {
  ProcessMemory memory;
  FillBlock(memory, 4);
  Term x[2];
  x[0] = MakeList(memory, std::vector<Term>{MakeSmall(1), MakeBinary(memory, "bytes")});
  x[1] = MakeTuple(memory, {x[0], x[0]});  // shares x[0]: copied once
  ASSERT_TRUE(memory.overflowed());
  memory.EnsureFree(0, x, 2);
  EXPECT_FALSE(memory.overflowed());
  EXPECT_EQ(ToString(x[1]), "{[1,<<98,121,116,101,115>>],[1,<<98,121,116,101,115>>]}");
  EXPECT_EQ(TupleElement(x[1], 0).raw(), x[0].raw());
  // Only the live terms came along: the list, its binary and the tuple.
  EXPECT_EQ(memory.young_heap_words(), 4u + BinaryWords(5) + 3u);
  memory.CheckInvariants();
}

TEST(ProcessMemory, RefcBinariesInOverflowKeepTheirReferenceOnlyWhileLive) {
  ProcessMemory memory;
  FillBlock(memory, 8);
  BinaryData* kept;
  BinaryData* freed;
  Term x[1] = {WatchedBinary(memory, kHeapBinaryLimit + 1, &kept)};
  WatchedBinary(memory, kHeapBinaryLimit + 1, &freed);
  memory.EnsureFree(0, x, 1);
  EXPECT_EQ(kept->refs(), 2);   // ours and the moved ProcBin's
  EXPECT_EQ(freed->refs(), 1);  // only ours: the dead ProcBin let go
  kept->Release();
  freed->Release();
  memory.CheckInvariants();
}

// Without a minimum asked for, the first block is small (an idle process
// keeps little) and the first collection makes it BEAM's minimum heap.
TEST(ProcessMemory, TheFirstBlockIsSmallAndACollectionGrowsItToTheMinimum) {
  ProcessMemory memory;
  EXPECT_EQ(memory.block_words(), ProcessMemory::kFirstBlockWords);
  EXPECT_EQ(memory.min_heap_words(), ProcessMemory::kDefaultMinHeapWords);
  Term x[1] = {Sequence(memory, 3)};
  Collect(memory, x, 1);
  EXPECT_EQ(memory.block_words(), ProcessMemory::kDefaultMinHeapWords);
  EXPECT_EQ(ToString(x[0]), "[1,2,3]");
}

TEST(ProcessMemory, TheBlockStartsAtTheMinimumHeapSizeAskedForAndNeverShrinksBelowIt) {
  ProcessMemory memory(1000);
  EXPECT_EQ(memory.block_words(), 1000u);
  EXPECT_EQ(memory.min_heap_words(), 1000u);
  Term x[1] = {Sequence(memory, 3)};
  memory.CollectMajor(x, 1);  // 6 live words: the block stays at the minimum
  EXPECT_EQ(memory.block_words(), 1000u);
  // A lower minimum lets the next collection shrink the block to what the
  // data needs; a higher one grows it.
  memory.set_min_heap_words(10);
  memory.CollectMajor(x, 1);
  EXPECT_LT(memory.block_words(), 1000u);
  EXPECT_GE(memory.block_words(), 10u);
  memory.set_min_heap_words(5000);
  memory.CollectMajor(x, 1);
  EXPECT_EQ(memory.block_words(), 5000u);
  EXPECT_EQ(ToString(x[0]), "[1,2,3]");
  memory.CheckInvariants();
}

TEST(ProcessMemory, AnAbsurdMinimumHeapSizeIsCapped) {
  ProcessMemory memory(0);
  EXPECT_EQ(memory.min_heap_words(), 1u);
  memory.set_min_heap_words(size_t{1} << 40);
  EXPECT_EQ(memory.min_heap_words(), ProcessMemory::kMaxMinHeapWords);
}

TEST(ProcessMemoryGenerations, ATermIsPromotedAtItsSecondCollection) {
  ProcessMemory memory;
  Term x[1] = {List(memory, {1, 2, 3})};
  Collect(memory, x, 1);  // survives once: young, below the mark
  EXPECT_EQ(memory.minor_collections(), 1u);
  EXPECT_EQ(memory.old_heap_words(), 0u);
  EXPECT_EQ(memory.young_heap_words(), 6u);
  EXPECT_EQ(memory.high_water(), memory.htop);
  Collect(memory, x, 1);  // twice: old
  EXPECT_EQ(memory.minor_collections(), 2u);
  EXPECT_EQ(memory.old_heap_words(), 6u);
  EXPECT_EQ(memory.young_heap_words(), 0u);
  EXPECT_EQ(ToString(x[0]), "[1,2,3]");
}

TEST(ProcessMemoryGenerations, OldDataStaysUntouchedThroughMinorCollections) {
  ProcessMemory memory;
  Term x[2] = {Sequence(memory, 20), kNil};
  Promote(memory, x, 1);
  ASSERT_EQ(memory.old_heap_words(), 40u);
  const uint64_t* cells = ListPointer(x[0]);
  std::vector<uint64_t> before(cells, cells + 40);
  for (int i = 0; i < 50; ++i) {
    // Young data that points at the old list, and garbage.
    x[1] = MakeTuple(memory, {x[0], List(memory, {i})});
    Collect(memory, x, 2);
    ASSERT_EQ(ListPointer(x[0]), cells);
    ASSERT_EQ(TupleElement(x[1], 0).raw(), x[0].raw());
  }
  EXPECT_EQ(std::vector<uint64_t>(cells, cells + 40), before);
  EXPECT_EQ(memory.major_collections(), 0u);
  // Each tuple died before its second collection: none was promoted.
  EXPECT_EQ(memory.old_heap_words(), 40u);
  EXPECT_EQ(ToString(TupleElement(x[1], 1)), "[49]");
}

TEST(ProcessMemoryGenerations, FullsweepAfterNMinorCollections) {
  ProcessMemory memory;
  EXPECT_EQ(ProcessMemory::kDefaultFullsweepAfter, 65535u);
  memory.set_fullsweep_after(3);
  Term x[1] = {Sequence(memory, 10)};
  for (int i = 0; i < 3; ++i)
    Collect(memory, x, 1);
  EXPECT_EQ(memory.minor_collections(), 3u);
  EXPECT_EQ(memory.old_heap_words(), 20u);
  Collect(memory, x, 1);  // the fourth is major: the list comes back young
  EXPECT_EQ(memory.major_collections(), 1u);
  EXPECT_EQ(memory.old_block_words(), 0u);
  EXPECT_EQ(memory.young_heap_words(), 20u);
  for (int i = 0; i < 3; ++i)  // and the count starts over
    Collect(memory, x, 1);
  EXPECT_EQ(memory.minor_collections(), 6u);
  EXPECT_EQ(memory.major_collections(), 1u);
  EXPECT_EQ(ToString(x[0]), "[1,2,3,4,5,6,7,8,9,10]");

  memory.set_fullsweep_after(0);  // every collection major
  Promote(memory, x, 1);
  EXPECT_EQ(memory.major_collections(), 3u);
}

TEST(ProcessMemoryGenerations, AnOldHeapTooSmallForWhatMayBePromotedMakesItMajor) {
  ProcessMemory memory;
  Term x[2] = {Sequence(memory, 10), kNil};
  Promote(memory, x, 1);
  ASSERT_EQ(memory.old_heap_words(), 20u);
  size_t old_free = memory.old_block_words() - memory.old_heap_words();
  x[1] = Sequence(memory, static_cast<int64_t>(old_free));  // twice old_free words
  Collect(memory, x, 2);                                    // young, below the mark
  EXPECT_EQ(memory.major_collections(), 0u);
  Collect(memory, x, 2);  // would promote more than the old heap holds
  EXPECT_EQ(memory.major_collections(), 1u);
  EXPECT_EQ(memory.old_heap_words(), 0u);
  EXPECT_EQ(memory.young_heap_words(), 20u + 2 * old_free);
  EXPECT_EQ(ListLength(x[1]), static_cast<int64_t>(old_free));
}

TEST(ProcessMemoryGenerations, CollectMajorLeavesOneYoungGeneration) {
  ProcessMemory memory;
  Term x[2] = {Sequence(memory, 5), kNil};
  Promote(memory, x, 1);
  x[1] = MakeTuple(memory, {x[0]});
  ASSERT_GT(memory.old_heap_words(), 0u);
  memory.CollectMajor(x, 2);
  memory.CheckInvariants();
  EXPECT_EQ(memory.major_collections(), 1u);
  EXPECT_EQ(memory.old_block_words(), 0u);
  EXPECT_EQ(memory.young_heap_words(), 10u + 2u);
  EXPECT_EQ(memory.high_water(), memory.htop);
  EXPECT_EQ(ToString(x[1]), "{[1,2,3,4,5]}");
}

TEST(ProcessMemoryGenerations, GarbageCollectBifIsAMajorCollection) {
  ProcessMemory memory;
  Term x[1] = {Sequence(memory, 5)};
  Promote(memory, x, 1);
  // Live data on the stack, as the compiler keeps it across a call.
  memory.EnsureFree(1, x, 1);
  *--memory.stop = x[0].raw();
  EXPECT_EQ(testing::Call(memory, "erlang", "garbage_collect", {}), "true");
  memory.CheckInvariants();
  EXPECT_EQ(memory.major_collections(), 1u);
  EXPECT_EQ(memory.old_heap_words(), 0u);
  EXPECT_EQ(ToString(Term::FromRaw(memory.stop[0])), "[1,2,3,4,5]");
}

TEST(ProcessMemoryGenerations, AProcBinLivesAsLongAsItsGenerationSaysItIsLive) {
  ProcessMemory memory;
  BinaryData* old_dead;
  BinaryData* old_live;
  BinaryData* young_dead;
  Term x[2] = {WatchedBinary(memory, 100, &old_dead), WatchedBinary(memory, 100, &old_live)};
  WatchedBinary(memory, 100, &young_dead);
  Collect(memory, x, 2);
  EXPECT_EQ(young_dead->refs(), 1);  // dead at its first collection: released there
  Collect(memory, x, 2);
  ASSERT_EQ(memory.old_heap_words(), 2 * kProcBinWords);
  x[0] = kNil;
  for (int i = 0; i < 5; ++i)
    Collect(memory, x, 2);
  // Only a major collection looks at old ProcBins.
  EXPECT_EQ(old_dead->refs(), 2);
  EXPECT_EQ(old_live->refs(), 2);
  memory.CollectMajor(x, 2);
  memory.CheckInvariants();
  EXPECT_EQ(old_dead->refs(), 1);
  EXPECT_EQ(old_live->refs(), 2);
  Promote(memory, x, 2);  // again after the major one
  EXPECT_EQ(old_live->refs(), 2);
  EXPECT_EQ(BinaryBytes(x[1]).size(), 100u);
  for (BinaryData* d : {old_dead, old_live, young_dead})
    d->Release();
}

// Counts its destructions (a file a dropped handle closes, say).
class CountedResource final : public Resource {
 public:
  explicit CountedResource(int* destroyed) : destroyed_(destroyed) {}
  ~CountedResource() override { ++*destroyed_; }

 private:
  int* destroyed_;
};

TEST(ProcessMemoryGenerations, AResourceLivesUntilTheCollectionThatFindsItsLastTermDead) {
  ProcessMemory memory;
  int young_dead = 0, old_dead = 0, live = 0;
  auto make = [&](int* counter) {
    auto* r = new CountedResource(counter);
    Term t = MakeResourceReference(memory, r);
    r->Release();  // the term's count is the only one
    return t;
  };
  Term x[2] = {make(&old_dead), make(&live)};
  make(&young_dead);
  Collect(memory, x, 2);
  EXPECT_EQ(young_dead, 1);  // dead at its first collection
  Collect(memory, x, 2);     // the other two are old now
  x[0] = kNil;
  Collect(memory, x, 2);
  EXPECT_EQ(old_dead, 0);  // a minor collection does not look at the old ones
  memory.CollectMajor(x, 2);
  memory.CheckInvariants();
  EXPECT_EQ(old_dead, 1);
  EXPECT_EQ(live, 0);
  EXPECT_TRUE(IsReference(x[1]));
  EXPECT_NE(ResourceAs<CountedResource>(x[1]), nullptr);
}

TEST(ProcessMemoryGenerations, TheEndOfTheMemoryReleasesItsResources) {
  int destroyed = 0;
  {
    ProcessMemory memory;
    auto* r = new CountedResource(&destroyed);
    Term x[1] = {MakeResourceReference(memory, r)};
    r->Release();
    Promote(memory, x, 1);
    MakeResourceReference(memory, ResourceOf(x[0]));  // a young second term
    memory.CheckInvariants();
  }
  EXPECT_EQ(destroyed, 1);
}

TEST(ProcessMemoryGenerations, DeadOldBinariesOverTheLimitMakeTheNextCollectionMajor) {
  ProcessMemory memory;
  constexpr size_t kBig = ProcessMemory::kMinBinaryBytes / 2 + 1;
  BinaryData* data[2];
  Term x[2] = {WatchedBinary(memory, kBig, &data[0]), WatchedBinary(memory, kBig, &data[1])};
  Promote(memory, x, 2);  // over the limit
  ASSERT_EQ(memory.major_collections(), 0u);
  x[0] = x[1] = kNil;
  Collect(memory, x, 2);
  EXPECT_EQ(memory.major_collections(), 1u);
  EXPECT_EQ(data[0]->refs(), 1);
  EXPECT_EQ(data[1]->refs(), 1);
  for (BinaryData* d : data)
    d->Release();
}

TEST(ProcessMemoryGenerations, AWritableBinaryNoOneAppendsToIsTrimmedWhenPromoted) {
  ProcessMemory memory;
  Term x[1] = {MakeBinary(memory, std::vector<uint8_t>(100, 1))};
  NewAppend append = AllocateAppend(memory, x[0], 8);  // 101 bytes, with room
  append.bytes[append.at / 8] = 2;
  x[0] = append.term;
  ASSERT_TRUE(RefcData(BitstringOriginal(x[0]))->writable());
  ASSERT_GT(RefcData(BitstringOriginal(x[0]))->size(), 101u);
  Collect(memory, x, 1);  // appended to since it was made: left alone
  EXPECT_GT(RefcData(BitstringOriginal(x[0]))->size(), 101u);
  Collect(memory, x, 1);  // promoted, no append since: trimmed
  EXPECT_EQ(memory.young_heap_words(), 0u);
  EXPECT_EQ(RefcData(BitstringOriginal(x[0]))->size(), 101u);
  EXPECT_EQ(BinaryBytes(x[0]).back(), 2);
}

TEST(ProcessMemoryGenerations, OverflowTermsAreFoldedIntoTheYoungBlock) {
  ProcessMemory memory;
  Term x[2] = {Sequence(memory, 4), kNil};
  Promote(memory, x, 1);
  const uint64_t* old_list = ListPointer(x[0]);
  FillBlock(memory, 1);
  BinaryData* data;
  x[1] = MakeTuple(memory, {x[0], WatchedBinary(memory, 100, &data)});
  ASSERT_TRUE(memory.overflowed());
  memory.CheckInvariants();
  memory.EnsureFree(0, x, 2);
  memory.CheckInvariants();
  EXPECT_FALSE(memory.overflowed());
  EXPECT_EQ(memory.young_heap_words(), 3u + kProcBinWords);
  EXPECT_EQ(ListPointer(TupleElement(x[1], 0)), old_list);
  EXPECT_EQ(data->refs(), 2);
  data->Release();
}

TEST(ProcessMemoryGenerations, TheDestructorFreesEveryGenerationAndItsBinaries) {
  BinaryData* data[3];
  {
    ProcessMemory memory;
    Term x[3] = {WatchedBinary(memory, 100, &data[0]), kNil, kNil};
    Promote(memory, x, 1);
    x[1] = WatchedBinary(memory, 100, &data[1]);  // young
    FillBlock(memory, kProcBinWords);
    x[2] = WatchedBinary(memory, 100, &data[2]);  // in an overflow chunk
    ASSERT_TRUE(memory.overflowed());
    memory.CheckInvariants();
    for (BinaryData* d : data)
      EXPECT_EQ(d->refs(), 2);
  }
  for (BinaryData* d : data) {
    EXPECT_EQ(d->refs(), 1);
    d->Release();
  }
}

// ---- randomized: terms built and dropped against a model ------------------------

// The roots: x registers, stack slots and dictionary values, each with the
// text ~w gives of its term and the refc binaries the term holds.
class RandomWorkload {
 public:
  static constexpr int kX = 12;
  static constexpr int kStack = 6;
  static constexpr int kDictionary = 3;
  static constexpr int kSlots = kX + kStack + kDictionary;

  RandomWorkload(uint32_t seed, uint32_t fullsweep_after) : random_(seed) {
    memory_.set_fullsweep_after(fullsweep_after);
    for (Term& t : x_)
      t = kNil;
    for (int i = 0; i < kDictionary; ++i) {
      memory_.dictionary().push_back(MakeSmall(i));
      memory_.dictionary().push_back(kNil);
    }
    memory_.EnsureFree(kStack, x_, kX);
    for (int i = 0; i < kStack; ++i)
      *--memory_.stop = kNil.raw();
    for (Model& m : model_)
      m = {"[]", {}};
  }

  ~RandomWorkload() {
    for (BinaryData* d : watched_)
      d->Release();
  }

  void Step() {
    uint64_t collections = memory_.collections();
    int op = Pick(1000);
    int to = Pick(kSlots);
    if (op < 400) {
      BuildListInPlace(to);
    } else if (op < 650) {
      Settle(to, BuildTuple());
    } else if (op < 800) {
      Settle(to, BuildBinary());
    } else if (op < 900) {
      Set(to, MakeSmall(op), {std::to_string(op), {}});
    } else if (op < 902) {
      CollectMajor();
    } else {
      int from = Pick(kSlots);
      Set(to, Get(from), model_[from]);
    }
    if (Pick(2) == 0) MakeGarbage();
    memory_.CheckInvariants();
    if (memory_.collections() != collections) CheckAgainstModel(/*just_collected_major=*/false);
  }

  void CollectMajor() {
    memory_.CollectMajor(x_, kX);
    memory_.CheckInvariants();
    CheckAgainstModel(/*just_collected_major=*/true);
  }

  // Every root holds what the model says; every binary a root holds has a
  // reference besides ours. Right after a major collection, every other
  // binary has none.
  void CheckAgainstModel(bool just_collected_major) {
    std::set<BinaryData*> reachable;
    for (int i = 0; i < kSlots; ++i) {
      ASSERT_EQ(ToString(Get(i)), model_[i].text) << "slot " << i;
      reachable.insert(model_[i].binaries.begin(), model_[i].binaries.end());
    }
    for (BinaryData* d : watched_) {
      if (reachable.contains(d)) {
        ASSERT_GE(d->refs(), 2) << "a live binary was released";
      } else if (just_collected_major) {
        ASSERT_EQ(d->refs(), 1) << "a dead binary outlived a major collection";
      }
    }
  }

  const ProcessMemory& memory() const { return memory_; }

 private:
  struct Model {
    std::string text;
    std::set<BinaryData*> binaries;
  };

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  Term Get(int slot) {
    if (slot < kX) return x_[slot];
    if (slot < kX + kStack) return Term::FromRaw(memory_.stop[slot - kX]);
    return memory_.dictionary()[2 * (slot - kX - kStack) + 1];
  }
  void Set(int slot, Term t, Model model) {
    if (slot < kX) {
      x_[slot] = t;
    } else if (slot < kX + kStack) {
      memory_.stop[slot - kX] = t.raw();
    } else {
      memory_.dictionary()[2 * (slot - kX - kStack) + 1] = t;
    }
    model_[slot] = std::move(model);
  }

  // Elements for a new term: roots, or small integers in place of roots
  // whose text has grown long (sharing makes texts grow fast).
  std::vector<int> PickElements() {
    std::vector<int> slots(static_cast<size_t>(Pick(10)));
    for (int& s : slots) {
      s = Pick(kSlots);
      if (model_[s].text.size() > 300) s = -1;
    }
    return slots;
  }
  Term Element(int slot) { return slot < 0 ? MakeSmall(7) : Get(slot); }
  Model Compound(const std::vector<int>& slots, const char* open, const char* close) {
    Model m{open, {}};
    for (size_t i = 0; i < slots.size(); ++i) {
      if (i != 0) m.text += ",";
      if (slots[i] < 0) {
        m.text += "7";
        continue;
      }
      m.text += model_[slots[i]].text;
      m.binaries.insert(model_[slots[i]].binaries.begin(), model_[slots[i]].binaries.end());
    }
    m.text += close;
    return m;
  }

  // As the interpreter builds: room first (a collection may move the
  // roots), then the cells written at htop.
  void BuildListInPlace(int to) {
    std::vector<int> slots = PickElements();
    memory_.EnsureFree(2 * slots.size(), x_, kX);
    Term list = kNil;
    for (size_t i = slots.size(); i-- > 0;) {
      uint64_t* cell = memory_.htop;
      memory_.htop += 2;
      cell[0] = Element(slots[i]).raw();
      cell[1] = list.raw();
      list = MakeList(cell);
    }
    Set(to, list, Compound(slots, "[", "]"));
  }

  // A list no root keeps.
  void MakeGarbage() {
    size_t cells = static_cast<size_t>(Pick(40));
    memory_.EnsureFree(2 * cells, x_, kX);
    for (size_t i = 0; i < cells; ++i, memory_.htop += 2) {
      memory_.htop[0] = MakeSmall(static_cast<int64_t>(i)).raw();
      memory_.htop[1] = i == 0 ? kNil.raw() : MakeList(memory_.htop - 2).raw();
    }
  }

  // As a BIF builds: through the allocator, into overflow when full.
  std::pair<Term, Model> BuildTuple() {
    std::vector<int> slots = PickElements();
    std::vector<Term> elements;
    for (int s : slots)
      elements.push_back(Element(s));
    return {MakeTuple(memory_, elements), Compound(slots, "{", "}")};
  }
  std::pair<Term, Model> BuildBinary() {
    std::vector<uint8_t> bytes(static_cast<size_t>(Pick(2 * kHeapBinaryLimit)));
    for (uint8_t& b : bytes)
      b = static_cast<uint8_t>(Pick(256));
    Term t = MakeBinary(memory_, bytes);
    Model m{ToString(t), {}};
    if (BinaryData* d = RefcData(t); d != nullptr) {
      d->AddRef();
      watched_.push_back(d);
      m.binaries.insert(d);
    }
    return {t, m};
  }
  // The result stored, then collected in if it went to overflow, as the
  // interpreter settles a BIF's result.
  void Settle(int to, std::pair<Term, Model> built) {
    Set(to, built.first, std::move(built.second));
    if (memory_.overflowed()) memory_.EnsureFree(0, x_, kX);
  }

  ProcessMemory memory_;
  std::mt19937 random_;
  Term x_[kX];
  Model model_[kSlots];
  std::vector<BinaryData*> watched_;
};

TEST(ProcessMemoryRandomized, TermsSurviveManyCollectionsAsTheModelSays) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    for (uint32_t fullsweep_after : {ProcessMemory::kDefaultFullsweepAfter, 5u, 0u}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + ", fullsweep_after " +
                   std::to_string(fullsweep_after));
      RandomWorkload workload(seed, fullsweep_after);
      size_t most_old_words = 0;
      for (int step = 0; step < 6000 && !::testing::Test::HasFatalFailure(); ++step) {
        workload.Step();
        most_old_words = std::max(most_old_words, workload.memory().old_heap_words());
      }
      workload.CollectMajor();
      EXPECT_GT(workload.memory().collections(), 20u);
      if (fullsweep_after != 0) {
        EXPECT_GT(workload.memory().minor_collections(), 10u);
        EXPECT_GT(most_old_words, 0u);
      }
    }
  }
}

}  // namespace
}  // namespace ling::vm
