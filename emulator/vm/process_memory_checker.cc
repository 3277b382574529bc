// ProcessMemory::CheckInvariants: the debug checker the tests call after
// every step (process_memory.h states what it checks).
#include <algorithm>
#include <vector>

#include "emulator/vm/process_memory.h"
#include "runtime/base/check.h"
#include "runtime/term/binary.h"
#include "runtime/term/resource.h"

namespace ling::vm {
namespace {

bool IsHeader(uint64_t word) {
  return (word & tag::kPrimaryMask) == tag::kHeader;
}

// Whether the object at p belongs on an off-heap list: a ProcBin or a
// resource reference.
bool IsOffHeapEntry(const uint64_t* p) {
  if (!IsHeader(p[0])) return false;
  tag::Subtag s = HeaderSubtag(p[0]);
  return s == tag::Subtag::kRefcBinary ||
         (s == tag::Subtag::kReference && IsResourceReference(MakeBoxed(p)));
}

// Calls check(word) for each term word of the objects in `heap`, and
// collects the off-heap entries among them, in address order.
template <class Check>
std::vector<const uint64_t*> WalkObjects(Area heap, Check check) {
  std::vector<const uint64_t*> entries;
  for (const uint64_t* p = heap.begin; p < heap.end; p = VisitObject(p, check)) {
    if (IsOffHeapEntry(p)) entries.push_back(p);
  }
  return entries;
}

// The entries of `list` that lie in `heap` are exactly `walked` (the
// entries a walk of `heap` found); the others satisfy `elsewhere`. Every
// entry is a ProcBin holding a reference (the only one, when writable), or
// a resource reference holding a count.
template <class Elsewhere>
void CheckOffHeap(const OffHeapList& list, Area heap, const std::vector<const uint64_t*>& walked,
                  Elsewhere elsewhere, const char* which) {
  std::vector<const uint64_t*> listed;
  list.ForEach([&](const uint64_t* procbin) {
    LING_CHECK(IsOffHeapEntry(procbin))
        << which << " off-heap list holds something else than a ProcBin or resource reference";
    if (OffHeapList::IsProcBin(procbin)) {
      const BinaryData* data = RefcData(MakeBoxed(procbin));
      LING_CHECK(data->refs() >= 1) << "a listed ProcBin holds no reference";
      LING_CHECK(!data->writable() || data->refs() == 1) << "a writable binary is shared";
    } else {
      LING_CHECK(ResourceOf(MakeBoxed(procbin))->refs() >= 1)
          << "a listed resource reference holds no count";
    }
    if (heap.Contains(procbin)) {
      listed.push_back(procbin);
    } else {
      LING_CHECK(elsewhere(procbin)) << which << " off-heap list holds a ProcBin from elsewhere";
    }
  });
  std::sort(listed.begin(), listed.end());
  LING_CHECK(listed == walked) << which << " off-heap list and " << which
                               << " heap disagree on the off-heap entries (" << listed.size()
                               << " vs " << walked.size() << ")";
}

}  // namespace

void ProcessMemory::CheckInvariants() const {
  LING_CHECK(start() <= high_water_ && high_water_ <= htop) << "the mark is off the young heap";
  LING_CHECK(htop <= stop && stop <= end_) << "heap and stack overlap";
  LING_CHECK(old_start() <= old_top_ && old_top_ <= old_end_)
      << "the old heap top is off its block";
  LING_CHECK(!overflowed() || collection_due_) << "overflow chunks with no collection due";
  Area young{start(), htop};
  Area old{old_start(), old_top_};
  // Where a term may point: young generation terms anywhere in process
  // memory's used words; old ones only into the old heap. Literals and
  // atoms' words lie outside every block.
  auto check = [&](uint64_t word, bool in_old) {
    Term t = Term::FromRaw(word);
    const uint64_t* p = IsList(t) ? ListPointer(t) : IsBoxed(t) ? BoxedPointer(t) : nullptr;
    if (p == nullptr) return;
    if (p >= start() && p < end_) {
      LING_CHECK(!in_old) << "an old term points into the young heap";
      LING_CHECK(young.Contains(p)) << "a term points into the free area or the stack";
    } else if (p >= old_start() && p < old_end_) {
      LING_CHECK(old.Contains(p)) << "a term points into the old heap's free area";
    } else if (overflow_.Contains(p)) {
      LING_CHECK(!in_old) << "an old term points into an overflow chunk";
    } else {
      return;  // a literal
    }
    if (IsBoxed(t)) {
      LING_CHECK(IsHeader(p[0])) << "a boxed term without a header";
    } else {
      LING_CHECK(!IsHeader(p[0])) << "a list term pointing at a header";
    }
  };
  auto young_term = [&](uint64_t word) { check(word, false); };
  auto old_term = [&](uint64_t word) { check(word, true); };
  std::vector<const uint64_t*> young_bins = WalkObjects(young, young_term);
  std::vector<const uint64_t*> old_bins = WalkObjects(old, old_term);
  for (const Word* s = stop; s < end_; ++s) {
    if (!IsHeader(*s)) young_term(*s);  // not a continuation
  }
  for (Term t : dictionary_)
    young_term(t.raw());

  CheckOffHeap(
      off_heap_, young, young_bins, [this](const uint64_t* p) { return overflow_.Contains(p); },
      "the young");
  CheckOffHeap(
      old_off_heap_, old, old_bins, [](const uint64_t*) { return false; }, "the old");
}

}  // namespace ling::vm
