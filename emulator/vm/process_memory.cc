#include "emulator/vm/process_memory.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "runtime/base/check.h"
#include "runtime/term/binary.h"
#include "runtime/term/writable_binary.h"

namespace ling::vm {
namespace {

std::atomic<uint64_t> total_collections{0};
std::atomic<uint64_t> total_words_reclaimed{0};

}  // namespace

ProcessMemory::CollectionTotals ProcessMemory::Totals() {
  return {total_collections.load(std::memory_order_relaxed),
          total_words_reclaimed.load(std::memory_order_relaxed)};
}

ProcessMemory::ProcessMemory() : ProcessMemory(kDefaultMinHeapWords, kFirstBlockWords) {}

ProcessMemory::ProcessMemory(size_t min_heap_words) : ProcessMemory(min_heap_words, std::nullopt) {}

ProcessMemory::ProcessMemory(size_t min_heap_words, std::optional<size_t> first_block_words) {
  set_min_heap_words(min_heap_words);
  size_t words = first_block_words.value_or(min_heap_words_);
  block_.reset(new uint64_t[words]);
  htop = high_water_ = block_.get();
  stop = end_ = block_.get() + words;
}

void ProcessMemory::set_min_heap_words(size_t words) {
  min_heap_words_ = static_cast<uint32_t>(std::clamp<size_t>(words, 1, kMaxMinHeapWords));
}

ProcessMemory::~ProcessMemory() = default;  // the off-heap lists release their binaries

void ProcessMemory::EnsureFree(size_t need, Term* x, int live) {
  if (free_words() < need || collection_due()) Collect(need, x, live, /*major=*/false);
}

void ProcessMemory::CollectMajor(Term* x, int live) {
  Collect(0, x, live, /*major=*/true);
}

OffHeapList& ProcessMemory::off_heap() {
  // Summing walks the young list, so it comes after as many binaries again
  // as the list held at the last sum: each binary costs O(1) sums.
  if (--binaries_until_sum_ == 0) {
    size_t listed = 0;
    size_t bytes = 0;
    off_heap_.ForEachProcBin([&](const uint64_t* procbin) {
      ++listed;
      bytes += RefcData(MakeBoxed(procbin))->size();
    });
    if (bytes > young_binary_limit_) collection_due_ = true;
    binaries_until_sum_ = std::max<size_t>(listed, 1);
  }
  return off_heap_;
}

void ProcessMemory::Collect(size_t need, Term* x, int live, bool major) {
  size_t words_before =
      young_heap_words() + old_heap_words() + overflow_.SizeBytes() / sizeof(uint64_t);
  size_t young_binary_bytes =
      !major && MinorAllowed() ? Minor(need, x, live) : Major(need, x, live);
  FitYoungBlock(need, x, live);
  // Once per collection, after every pass: the promoted ones were settled
  // by the one pass that moves them.
  SettleWritableBinaries(off_heap_);
  high_water_ = htop;
  young_binary_limit_ = std::max(kMinBinaryBytes, kGrowth * young_binary_bytes);
  binaries_until_sum_ = kBinariesBeforeFirstSum;
  collection_due_ = false;
  LING_CHECK(free_words() >= need) << "collection left too little room";
  size_t words_after = young_heap_words() + old_heap_words();
  total_collections.fetch_add(1, std::memory_order_relaxed);
  if (words_before > words_after) {
    total_words_reclaimed.fetch_add(words_before - words_after, std::memory_order_relaxed);
  }
}

bool ProcessMemory::MinorAllowed() const {
  if (minors_since_major_ >= fullsweep_after_ || old_binary_bytes_ > old_binary_limit_) {
    return false;
  }
  // What lies below the mark is what a minor collection may promote.
  size_t mature = static_cast<size_t>(high_water_ - start());
  return old_block_ == nullptr || mature <= static_cast<size_t>(old_end_ - old_top_);
}

size_t ProcessMemory::Minor(size_t need, Term* x, int live) {
  ++minor_collections_;
  ++minors_since_major_;
  size_t mature = static_cast<size_t>(high_water_ - start());
  if (old_block_ == nullptr && mature != 0) {
    size_t words = std::max(min_heap_words(), kGrowth * mature);
    old_block_.reset(new uint64_t[words]);
    old_top_ = old_block_.get();
    old_end_ = old_top_ + words;
  }
  // The young survivors are at most the words above the mark and in
  // overflow chunks, so the new block needs no more than the old one unless
  // chunks or `need` add to them.
  size_t bound = static_cast<size_t>(htop - high_water_) + overflow_.UsedWords() + stack_words();
  CopyPlan plan{.promote = {start(), high_water_},
                .young = {Area{high_water_, htop}, Area{}},
                .overflow = overflowed() ? &overflow_ : nullptr};
  return CopyInto(plan, std::max(block_words(), bound + need), x, live);
}

size_t ProcessMemory::Major(size_t need, Term* x, int live) {
  ++major_collections_;
  minors_since_major_ = 0;
  size_t bound = young_heap_words() + overflow_.UsedWords() + old_heap_words() + stack_words();
  CopyPlan plan{.promote = {},
                .young = {Area{start(), htop}, Area{old_start(), old_top_}},
                .overflow = overflowed() ? &overflow_ : nullptr};
  size_t live_binary_bytes = CopyInto(plan, std::max(min_heap_words(), bound + need), x, live);
  ReleaseUnmoved(old_off_heap_);
  old_block_.reset();
  old_top_ = old_end_ = nullptr;
  old_binary_bytes_ = 0;
  old_binary_limit_ = std::max(kMinBinaryBytes, kGrowth * live_binary_bytes);
  return live_binary_bytes;
}

void ProcessMemory::FitYoungBlock(size_t need, Term* x, int live) {
  size_t target = std::max(
      min_heap_words(), kGrowth * (young_heap_words() + stack_words() + old_heap_words()) + need);
  size_t words = block_words();
  if (words >= target && words <= 2 * target) return;
  CopyPlan plan{.promote = {}, .young = {Area{start(), htop}, Area{}}, .overflow = nullptr};
  CopyInto(plan, words < target ? std::max(target, 2 * words) : target, x, live);
}

size_t ProcessMemory::CopyInto(const CopyPlan& plan, size_t words, Term* x, int live) {
  std::unique_ptr<uint64_t[]> block(new uint64_t[words]);
  uint64_t* start = block.get();
  Word* end = start + words;
  // The stack moves to the new end unchanged, then has its terms updated.
  size_t stack = stack_words();
  Word* new_stop = end - stack;
  std::memcpy(new_stop, stop, stack * sizeof(Word));

  OffHeapList young_off_heap;
  OffHeapList promoted;
  Destination young{start, &young_off_heap};
  Destination old{old_top_, &promoted};
  Evacuator ev(plan, old, young);
  for (int i = 0; i < live; ++i)
    x[i] = ev.Evacuate(x[i]);
  for (Term& t : dictionary_)
    t = ev.Evacuate(t);
  for (Word* s = new_stop; s < end; ++s) {
    if ((*s & tag::kPrimaryMask) != tag::kHeader) ev.Update(*s);  // not a continuation
  }
  ev.Scan(start, old_top_);
  ReleaseUnmoved(off_heap_);
  off_heap_.Splice(young_off_heap);
  // Only the first pass of a minor collection promotes: each promoted
  // ProcBin is settled once.
  SettleWritableBinaries(promoted);
  old_off_heap_.Splice(promoted);
  overflow_.Clear();

  block_ = std::move(block);
  end_ = end;
  htop = young.top;
  stop = new_stop;
  old_top_ = old.top;
  old_binary_bytes_ += old.binary_bytes;
  return young.binary_bytes;
}

}  // namespace ling::vm
