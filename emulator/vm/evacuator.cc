#include "emulator/vm/evacuator.h"

#include <cstring>

#include "runtime/term/binary.h"
#include "runtime/term/resource.h"

namespace ling::vm {
namespace {

bool IsForwarded(const uint64_t* boxed) {
  return (boxed[0] & tag::kPrimaryMask) == tag::kBoxed;
}

uint64_t* Bump(Destination& to, size_t words) {
  uint64_t* p = to.top;
  to.top += words;
  return p;
}

}  // namespace

Term Evacuator::Evacuate(Term t) {
  if (IsList(t)) {
    uint64_t* cell = ListPointer(t);
    Destination* to = Where(cell);
    if (to == nullptr) return t;
    if (cell[0] == kNonValue.raw()) return Term::FromRaw(cell[1]);
    uint64_t* copy = Bump(*to, 2);
    copy[0] = cell[0];
    copy[1] = cell[1];
    Term moved = MakeList(copy);
    cell[0] = kNonValue.raw();
    cell[1] = moved.raw();
    return moved;
  }
  if (IsBoxed(t)) {
    uint64_t* obj = BoxedPointer(t);
    Destination* to = Where(obj);
    if (to == nullptr) return t;
    if (IsForwarded(obj)) return Term::FromRaw(obj[0]);
    size_t words = BoxedWords(obj);
    uint64_t* copy = Bump(*to, words);
    std::memcpy(copy, obj, words * sizeof(uint64_t));
    Term moved = MakeBoxed(copy);
    if (HeaderSubtag(obj[0]) == tag::Subtag::kRefcBinary) {
      to->off_heap->Add(copy);
      to->binary_bytes += RefcData(moved)->size();
    } else if (IsReference(moved) && IsResourceReference(moved)) {
      to->off_heap->Add(copy);
    }
    obj[0] = moved.raw();
    return moved;
  }
  return t;
}

void Evacuator::Scan(uint64_t* young_scan, uint64_t* old_scan) {
  for (;;) {
    bool young = young_scan < young_.top;
    if (!young && old_scan >= old_.top) return;
    uint64_t*& p = young ? young_scan : old_scan;
    p = VisitObject(p, [this](uint64_t& word) { Update(word); });
  }
}

void ReleaseUnmoved(OffHeapList& from) {
  from.ForEach([](const uint64_t* entry) {
    if (!IsForwarded(entry)) OffHeapList::ReleaseEntry(entry);
  });
  from.Forget();
}

}  // namespace ling::vm
