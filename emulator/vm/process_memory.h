// ProcessMemory: an Erlang process's heap and stack in one block, as BEAM
// lays them out: the heap grows up from the start, the stack grows down from
// the end, and the free words between them serve both, so making room for a
// term or a stack frame is one pointer comparison. When they would meet, a
// copying collection (Cheney's) moves the live terms -- those reachable from
// the live x registers and the stack -- into a new block, and the stack to
// the new block's end; the block follows the live data (kGrowth to twice that
// times its size), growing and shrinking.
//
// Terms built outside the interpreter's own allocations -- by BIFs, through
// the TermAllocator interface -- go into the block when it has room, and
// otherwise into overflow chunks (BEAM's heap fragments), since a builder
// may hold pointers across its allocations and nothing may move under it.
// The next collection copies the live overflow terms into the new block and
// frees the chunks.
//
// What lies outside the block and the overflow (the module literals, the
// atoms) is never copied. Refc binaries' ProcBins are moved like other objects; the ones
// left behind are dead and drop their reference.
//
// Concurrency: owned by the thread running the process; not thread-safe.
// The interpreter keeps `htop` and `stop` in locals while it runs and writes
// them back before anything here is called.
#ifndef LING_EMULATOR_VM_PROCESS_MEMORY_H_
#define LING_EMULATOR_VM_PROCESS_MEMORY_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "emulator/vm/code_words.h"
#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling::vm {

class ProcessMemory final : public TermAllocator {
 public:
  static constexpr size_t kInitialWords = 233;  // BEAM's default heap size
  static constexpr size_t kGrowth = 4;          // block words per live word after a collection

  explicit ProcessMemory(size_t initial_words = kInitialWords);
  ~ProcessMemory();
  ProcessMemory(const ProcessMemory&) = delete;
  ProcessMemory& operator=(const ProcessMemory&) = delete;

  // The heap top and the stack top (the current frame); the free words are
  // [htop, stop).
  uint64_t* htop = nullptr;
  Word* stop = nullptr;

  size_t free_words() const { return static_cast<size_t>(stop - htop); }
  // Makes `need` words free, collecting if needed (or if `overflowed()`). The roots are x[0 ..
  // live) and the stack; terms in them are updated. Invalidates every other
  // pointer into the heap.
  void EnsureFree(size_t need, Term* x, int live);

  // TermAllocator: never collects (see above). Precondition: `htop` is
  // current (the interpreter has written it back).
  uint64_t* Allocate(size_t words) override {
    if (free_words() < words) return overflow_.Allocate(words);
    uint64_t* p = htop;
    htop += words;
    return p;
  }
  OffHeapList& off_heap() override { return off_heap_; }
  // The process dictionary (get/put): key, value, key, value... Its terms
  // are roots of every collection, like the registers and the stack.
  std::vector<Term>& dictionary() { return dictionary_; }
  // Whether terms live in overflow chunks: a collection would free them.
  bool overflowed() const { return overflow_.SizeBytes() != 0; }

  size_t block_words() const { return static_cast<size_t>(end_ - start_); }
  size_t heap_words() const { return static_cast<size_t>(htop - start_); }
  size_t stack_words() const { return static_cast<size_t>(end_ - stop); }
  const Word* stack_end() const { return end_; }
  uint64_t collections() const { return collections_; }

  // Debug checker (aborts on failure): every term on the heap and stack
  // points at a well-formed object inside the heap, or outside the block.
  void CheckInvariants() const;

 private:
  void Collect(size_t need, Term* x, int live);
  // One copying pass into a new block of `words`.
  void CopyInto(size_t words, Term* x, int live);

  std::unique_ptr<uint64_t[]> block_;
  uint64_t* start_ = nullptr;
  Word* end_ = nullptr;
  std::vector<Term> dictionary_;
  Heap overflow_;  // its own off-heap list stays empty: ProcBins go on off_heap_
  OffHeapList off_heap_;
  uint64_t collections_ = 0;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_PROCESS_MEMORY_H_
