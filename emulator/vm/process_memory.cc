#include "emulator/vm/process_memory.h"

#include <algorithm>
#include <cstring>

#include "runtime/base/check.h"
#include "runtime/term/binary.h"
#include "runtime/term/boxed.h"

namespace ling::vm {
namespace {

// Where an object moved: a cons cell's head becomes kNonValue (never a term)
// and its tail the new cell; a boxed object's header becomes a boxed term
// (never a header) pointing at the new object.
class Evacuator {
 public:
  Evacuator(const uint64_t* from_start, const uint64_t* from_end, const Heap& overflow,
            uint64_t* to, OffHeapList& new_off_heap)
      : from_start_(from_start),
        from_end_(from_end),
        overflow_(overflow.SizeBytes() != 0 ? &overflow : nullptr),
        top_(to),
        off_heap_(new_off_heap) {}

  bool InFromSpace(const uint64_t* p) const {
    if (p >= from_start_ && p < from_end_) return true;
    return overflow_ != nullptr && overflow_->Contains(p);
  }

  Term Evacuate(Term t) {
    if (IsList(t)) {
      uint64_t* cell = ListPointer(t);
      if (!InFromSpace(cell)) return t;
      if (cell[0] == kNonValue.raw()) return Term::FromRaw(cell[1]);
      uint64_t* copy = Bump(2);
      copy[0] = cell[0];
      copy[1] = cell[1];
      Term moved = MakeList(copy);
      cell[0] = kNonValue.raw();
      cell[1] = moved.raw();
      return moved;
    }
    if (IsBoxed(t)) {
      uint64_t* obj = BoxedPointer(t);
      if (!InFromSpace(obj)) return t;
      if ((obj[0] & tag::kPrimaryMask) == tag::kBoxed) return Term::FromRaw(obj[0]);
      size_t words = BoxedWords(obj);
      uint64_t* copy = Bump(words);
      std::memcpy(copy, obj, words * sizeof(uint64_t));
      if (HeaderSubtag(obj[0]) == tag::Subtag::kRefcBinary) off_heap_.Add(copy);
      Term moved = MakeBoxed(copy);
      obj[0] = moved.raw();
      return moved;
    }
    return t;
  }

  // Cheney's scan: evacuates what the copied objects point to, until the
  // scan catches up with the copies.
  void ScanFrom(uint64_t* scan) {
    while (scan < top_) {
      uint64_t w = *scan;
      if ((w & tag::kPrimaryMask) == tag::kHeader) {  // a boxed object
        TermWords terms = BoxedTermWords(scan);
        for (size_t i = terms.first; i < terms.end; ++i)
          Update(scan[i]);
        scan += BoxedWords(scan);
      } else {  // a cons cell
        Update(scan[0]);
        Update(scan[1]);
        scan += 2;
      }
    }
  }

  void Update(uint64_t& word) { word = Evacuate(Term::FromRaw(word)).raw(); }
  uint64_t* top() const { return top_; }

 private:
  uint64_t* Bump(size_t words) {
    uint64_t* p = top_;
    top_ += words;
    return p;
  }

  const uint64_t* from_start_;
  const uint64_t* from_end_;
  const Heap* overflow_;  // nullptr: empty
  uint64_t* top_;
  OffHeapList& off_heap_;
};

bool IsForwarded(const uint64_t* procbin) {
  return (procbin[0] & tag::kPrimaryMask) == tag::kBoxed;
}

}  // namespace

ProcessMemory::ProcessMemory(size_t initial_words)
    : block_(new uint64_t[initial_words]),
      start_(block_.get()),
      end_(block_.get() + initial_words) {
  htop = start_;
  stop = end_;
}

ProcessMemory::~ProcessMemory() = default;  // off_heap_ releases its binaries

void ProcessMemory::EnsureFree(size_t need, Term* x, int live) {
  if (free_words() < need || overflowed()) Collect(need, x, live);
}

void ProcessMemory::Collect(size_t need, Term* x, int live) {
  ++collections_;
  // Everything in the heap might be live, so the first copy goes into a
  // block that holds all of it; then the block is resized to kGrowth times
  // what survived (plus `need`) when it is far off that -- a second copy
  // that costs only the live data -- so blocks follow the live data both
  // ways. A collection costs what survives, and comes after the free part
  // of the block is used: the larger the growth, the less often.
  CopyInto(std::max(kInitialWords, heap_words() + overflow_.UsedWords() + stack_words() + need), x,
           live);
  size_t target = std::max(kInitialWords, kGrowth * (heap_words() + stack_words()) + need);
  if (block_words() < target || block_words() > 2 * target) CopyInto(target, x, live);
  LING_CHECK(free_words() >= need) << "collection left too little room";
}

void ProcessMemory::CopyInto(size_t words, Term* x, int live) {
  std::unique_ptr<uint64_t[]> block(new uint64_t[words]);
  uint64_t* start = block.get();
  Word* end = start + words;
  // The stack moves to the new end unchanged, then has its terms updated.
  size_t stack = stack_words();
  Word* new_stop = end - stack;
  std::memcpy(new_stop, stop, stack * sizeof(Word));

  OffHeapList survivors;
  Evacuator ev(start_, htop, overflow_, start, survivors);
  for (int i = 0; i < live; ++i)
    x[i] = ev.Evacuate(x[i]);
  for (Term& t : dictionary_)
    t = ev.Evacuate(t);
  for (Word* s = new_stop; s < end; ++s) {
    if ((*s & tag::kPrimaryMask) != tag::kHeader) ev.Update(*s);  // not a continuation
  }
  ev.ScanFrom(start);
  // ProcBins left behind are garbage: their references go.
  off_heap_.ForEach([](const uint64_t* procbin) {
    if (!IsForwarded(procbin)) RefcData(MakeBoxed(procbin))->Release();
  });
  off_heap_.Forget();
  off_heap_.Splice(survivors);
  overflow_.Clear();

  block_ = std::move(block);
  start_ = start;
  end_ = end;
  htop = ev.top();
  stop = new_stop;
}

void ProcessMemory::CheckInvariants() const {
  auto check = [this](uint64_t w) {
    Term t = Term::FromRaw(w);
    const uint64_t* p = IsList(t) ? ListPointer(t) : IsBoxed(t) ? BoxedPointer(t) : nullptr;
    if (p == nullptr || p < start_ || p >= end_) return;
    LING_CHECK(p < htop) << "a term points into the free area";
    if (IsBoxed(t)) {
      LING_CHECK((p[0] & tag::kPrimaryMask) == tag::kHeader) << "a boxed term without a header";
    }
  };
  for (const uint64_t* q = start_; q < htop;) {
    if ((*q & tag::kPrimaryMask) == tag::kHeader) {
      TermWords terms = BoxedTermWords(q);
      for (size_t i = terms.first; i < terms.end; ++i)
        check(q[i]);
      q += BoxedWords(q);
    } else {
      check(q[0]);
      check(q[1]);
      q += 2;
    }
  }
  for (const Word* s = stop; s < end_; ++s) {
    if ((*s & tag::kPrimaryMask) != tag::kHeader) check(*s);
  }
  for (Term t : dictionary_)
    check(t.raw());
}

}  // namespace ling::vm
