// ProcessMemory: an Erlang process's heap and stack, and the generational
// copying collector that keeps them (after BEAM's erl_gc.c, OTP 25).
//
// Layout. The young generation is one block, as BEAM lays it out: the heap
// grows up from the start, the stack grows down from the end, and the free
// words between them serve both, so making room for a term or a stack frame
// is one pointer comparison. The old generation is a second block, the old
// heap, holding the terms that survived two collections; it exists from the
// first promotion to the next major collection.
//
// Collections. The high-water mark is the young heap's top after the last
// collection: the young terms below it have survived one collection, those
// above it (and in overflow chunks) none. The roots are the live x
// registers, the stack and the process dictionary.
//   - A minor collection copies the live young terms below the mark to the
//     old heap (promotion) and those above it, and in overflow chunks, into
//     a new young block; the old heap is neither scanned nor moved.
//   - A major collection (fullsweep) copies every live term, young and old,
//     into a new young block and frees the old heap.
//   After either, the mark is the new young heap top. A collection is major
//   when asked for (CollectMajor: erlang:garbage_collect/0), when the old
//   heap has fewer free words than lie below the mark (what a minor might
//   promote), after `fullsweep_after` minor collections in a row (BEAM's
//   default: 65535; 0 makes every collection major), and when the binaries
//   that old ProcBins hold exceed a limit (BEAM's old virtual binary heap:
//   only a major collection finds dead old ProcBins). Otherwise it is minor.
//   (BEAM 25 does not turn a minor collection that left too little room into
//   a major one: it grows the young heap, as the sizing below does.)
//   Besides a full block, a collection is due (collection_due(), which the
//   interpreter asks after each BIF) when terms live in overflow chunks and
//   when the young refc binaries hold more bytes than a limit (BEAM's
//   virtual binary heap): a ProcBin is a few words on the heap, so without
//   that a large block that fills slowly would keep any amount of dead
//   binary data alive.
//
// The rule that makes minor collections sound: no term in the old heap
// points into the young generation (block or overflow). A term can only
// point to terms that existed when it was built, Erlang terms are never
// written after they are built, and promotion keeps age order (terms below
// the mark are older than those above it and than the overflow terms), so
// an old term points only to old terms and literals. BEAM's exceptions do
// not break it here: the process dictionary is a root, outside the heap;
// set_tuple_element writes into the tuple setelement/3 has just copied,
// with no allocation -- so no collection -- in between except the one that
// may settle setelement's own result, which leaves the tuple young; an
// append to a writable binary (writable_binary.h) writes bytes no term
// covers yet and, when the buffer moves, its ProcBin's data pointer -- raw
// words, never terms, as a match context's position words are (BEAM's
// writable binaries likewise). CheckInvariants asserts the rule.
//
// Sizing (every block holds what it must with kGrowth times headroom, so a
// collection's cost -- the live words it copies -- is paid for by at least
// (kGrowth - 1) times as many words allocated):
//   - The young block holds kGrowth to 2 * kGrowth times the process's data
//     (young heap, stack and old heap words after the collection) plus the
//     words asked for, and at least the minimum heap size (min_heap_words():
//     spawn_opt's and process_flag's min_heap_size, BEAM's 233 words by
//     default). The first block is that size when a minimum was asked for,
//     and else smaller (kFirstBlockWords): an idle process that never
//     collects keeps little, and the first collection grows the block to
//     the minimum, so a busy process collects as often as on BEAM. Below that it grows,
//     at least twofold, so a steadily growing process resizes only logarithmically often; above it
//     shrinks. Like BEAM's young heap, it follows all the data, not only the young survivors: minor
//     collections then come as seldom as the old single-generation collections did, and each costs
//     only the young survivors. A resize is one more young-to-young pass (its cost: the young
//     survivors).
//   - The old heap is made, at the first minor collection with something to
//     promote, with kGrowth times the words below the mark (at least the
//     minimum heap size); a major collection frees it.
//   - The binary limits, young and old: kGrowth times the binary bytes in
//     the young generation after the last collection (the last major one,
//     for the old limit), at least kMinBinaryBytes (BEAM's default virtual
//     binary heap, 32768 words). The young binaries are summed at doubling
//     counts of binaries made, so the sums cost O(1) a binary.
//
// Terms built outside the interpreter's own allocations -- by BIFs, through
// the TermAllocator interface -- go into the young block when it has room,
// and otherwise into overflow chunks (BEAM's heap fragments), since a
// builder may hold pointers across its allocations and nothing may move
// under it. Overflow terms are young: the next collection copies the live
// ones into the new young block and frees the chunks.
//
// Off-heap binaries. Each generation has its own list of ProcBins:
// off_heap() the young block's and the overflow chunks', and the old heap's.
// A collection drops the reference of every ProcBin on the lists of what it
// collected that it did not move (a minor collection: the young list; a
// major one: both); old ProcBins are found dead only by a major collection.
// Once per collection, the writable binaries among the young survivors and
// the ProcBins just promoted are settled (SettleWritableBinaries: those no
// one appends to any more give back their room); older old ones wait for
// a major collection.
// The destructor frees the blocks and chunks in bulk, and both lists drop
// their references.
//
// Concurrency: owned by the thread running the process; not thread-safe.
// The interpreter keeps `htop` and `stop` in locals while it runs and writes
// them back before anything here is called.
#ifndef LING_EMULATOR_VM_PROCESS_MEMORY_H_
#define LING_EMULATOR_VM_PROCESS_MEMORY_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "emulator/vm/code_words.h"
#include "emulator/vm/evacuator.h"
#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling::vm {

class ProcessMemory final : public TermAllocator {
 public:
  static constexpr size_t kDefaultMinHeapWords = 233;  // BEAM's
  // The first block when no minimum was asked for: with it an idle Erlang
  // process costs half of BEAM's (issue 6).
  static constexpr size_t kFirstBlockWords = 40;
  // Larger minimum sizes are taken as this (1 GiB).
  static constexpr size_t kMaxMinHeapWords = size_t{1} << 27;
  static constexpr size_t kGrowth = 4;  // block words per word it must hold
  static constexpr uint32_t kDefaultFullsweepAfter = 65535;
  static constexpr size_t kMinBinaryBytes = 32768 * 8;  // BEAM: VH_DEFAULT_SIZE words

  // The default minimum heap size and a first block of kFirstBlockWords.
  ProcessMemory();
  // A minimum heap size asked for (min_heap_size), the first block's too.
  explicit ProcessMemory(size_t min_heap_words);
  ~ProcessMemory();
  ProcessMemory(const ProcessMemory&) = delete;
  ProcessMemory& operator=(const ProcessMemory&) = delete;

  // The heap top and the stack top (the current frame); the free words are
  // [htop, stop).
  uint64_t* htop = nullptr;
  Word* stop = nullptr;

  size_t free_words() const { return static_cast<size_t>(stop - htop); }
  // Makes `need` words free, collecting if needed (or if collection_due()).
  // The roots are x[0 .. live), the stack and the dictionary; terms in them
  // are updated. Invalidates every other pointer into process memory.
  void EnsureFree(size_t need, Term* x, int live);
  // A major collection now, with EnsureFree's roots. A BIF may call it only
  // when it is called as a function: its arguments are then the only live
  // x registers.
  void CollectMajor(Term* x, int live);
  // statistics(garbage_collection): the collections of every process since
  // the start, and the heap words they freed. Any thread (relaxed sums).
  struct CollectionTotals {
    uint64_t collections;
    uint64_t words_reclaimed;
  };
  static CollectionTotals Totals();
  // Minor collections in a row before a major one (spawn_opt's
  // fullsweep_after).
  void set_fullsweep_after(uint32_t minors) { fullsweep_after_ = minors; }
  uint32_t fullsweep_after() const { return fullsweep_after_; }
  // The size below which no collection shrinks the young block
  // (min_heap_size), taken from the next collection on.
  size_t min_heap_words() const { return min_heap_words_; }
  void set_min_heap_words(size_t words);
  // Minor collections since the last major one (process_info's minor_gcs).
  uint32_t minors_since_major() const { return minors_since_major_; }

  // TermAllocator: never collects (see above). Precondition: `htop` is
  // current (the interpreter has written it back).
  uint64_t* Allocate(size_t words) override {
    if (free_words() < words) {
      collection_due_ = true;
      return overflow_.Allocate(words);
    }
    uint64_t* p = htop;
    htop += words;
    return p;
  }
  // Counts the refc binaries made here (each passes by to be linked), to
  // sum their bytes now and then.
  OffHeapList& off_heap() override;
  // Takes in a received message's fragment: its terms stay where they are
  // and count as overflow, so the next collection copies the live ones
  // into the block; its binaries join the young off-heap list. Messages
  // received beyond the block's size make a collection due, so a process
  // that receives without allocating does not pile fragments up.
  void AdoptMessage(std::unique_ptr<HeapFragment> fragment) {
    if (fragment == nullptr) return;
    off_heap_.Splice(fragment->off_heap());
    overflow_.Adopt(std::move(fragment));
    if (overflow_.SizeBytes() / sizeof(uint64_t) > block_words()) collection_due_ = true;
  }
  // The process dictionary (get/put): key, value, key, value... Its terms
  // are roots of every collection, like the registers and the stack.
  std::vector<Term>& dictionary() { return dictionary_; }
  // Calls f(ProcBin words) for each refc binary the process holds, young
  // and old (process_info's binary).
  template <class F>
  void ForEachProcBin(F f) const {
    off_heap_.ForEachProcBin(f);
    old_off_heap_.ForEachProcBin(f);
  }
  // Whether terms live in overflow chunks: a collection would free them.
  bool overflowed() const { return overflow_.SizeBytes() != 0; }
  // Whether a collection should come now, the block full or not: terms in
  // overflow chunks, or young binaries over their limit. The interpreter
  // asks after each BIF that may have built.
  bool collection_due() const { return collection_due_; }

  // The young block, its heap and stack words.
  size_t block_words() const { return static_cast<size_t>(end_ - start()); }
  size_t young_heap_words() const { return static_cast<size_t>(htop - start()); }
  size_t stack_words() const { return static_cast<size_t>(end_ - stop); }
  const Word* stack_end() const { return end_; }
  const uint64_t* high_water() const { return high_water_; }
  // The old heap: its block and its used words (0 when there is none).
  size_t old_block_words() const { return static_cast<size_t>(old_end_ - old_start()); }
  size_t old_heap_words() const { return static_cast<size_t>(old_top_ - old_start()); }
  uint64_t minor_collections() const { return minor_collections_; }
  uint64_t major_collections() const { return major_collections_; }
  uint64_t collections() const { return minor_collections_ + major_collections_; }

  // Debug checker (aborts on failure). Every term on the young heap, the
  // stack and in the dictionary points at a well-formed object in the young
  // heap, the old heap or an overflow chunk, or outside process memory (a
  // literal); every term on the old heap points into the old heap or
  // outside process memory -- never into the young generation; the mark
  // lies within the young heap; the old off-heap list holds exactly the
  // old heap's ProcBins, and the young list exactly the young heap's plus
  // ProcBins in overflow chunks (chunks cannot be walked, so that every
  // ProcBin in a chunk is listed is not checked), each holding a reference
  // (the only one, when the binary is writable).
  void CheckInvariants() const;

 private:
  // nullopt: the first block is the minimum heap size.
  ProcessMemory(size_t min_heap_words, std::optional<size_t> first_block_words);
  uint64_t* start() const { return block_.get(); }
  uint64_t* old_start() const { return old_block_.get(); }
  void Collect(size_t need, Term* x, int live, bool major);
  bool MinorAllowed() const;
  // Minor and Major return the binary bytes of the young ProcBins after them.
  size_t Minor(size_t need, Term* x, int live);
  size_t Major(size_t need, Term* x, int live);
  // Resizes the young block (sizing policy above) with a young-to-young pass.
  void FitYoungBlock(size_t need, Term* x, int live);
  // One pass (evacuator.h) into a new young block of `words`, the stack
  // moved to its end; the young off-heap list swept. Returns the binary
  // bytes of the ProcBins in the new block.
  size_t CopyInto(const CopyPlan& plan, size_t words, Term* x, int live);

  // Binaries made after a collection before their bytes are first summed.
  static constexpr size_t kBinariesBeforeFirstSum = 16;

  // Declared before the off-heap lists, which read the ProcBins in them
  // when destroyed: members are destroyed in reverse order.
  std::unique_ptr<uint64_t[]> block_;
  Word* end_ = nullptr;
  uint64_t* high_water_ = nullptr;
  std::unique_ptr<uint64_t[]> old_block_;
  uint64_t* old_top_ = nullptr;
  uint64_t* old_end_ = nullptr;
  Heap overflow_;  // its own off-heap list stays empty: ProcBins go on off_heap_
  OffHeapList off_heap_;
  OffHeapList old_off_heap_;
  size_t young_binary_limit_ = kMinBinaryBytes;
  size_t binaries_until_sum_ = kBinariesBeforeFirstSum;  // counted by off_heap()
  // One flag for both reasons: the interpreter asks after every BIF.
  bool collection_due_ = false;
  uint32_t min_heap_words_;
  size_t old_binary_bytes_ = 0;  // of the ProcBins on old_off_heap_
  size_t old_binary_limit_ = kMinBinaryBytes;
  std::vector<Term> dictionary_;
  uint32_t fullsweep_after_ = kDefaultFullsweepAfter;
  uint32_t minors_since_major_ = 0;
  uint64_t minor_collections_ = 0;
  uint64_t major_collections_ = 0;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_PROCESS_MEMORY_H_
