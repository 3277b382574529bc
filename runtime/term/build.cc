#include "runtime/term/build.h"

#include <cmath>
#include <cstring>

namespace ling {

Term MakeTuple(TermAllocator& heap, std::span<const Term> elements) {
  uint64_t* p = heap.Allocate(1 + elements.size());
  p[0] = MakeHeader(tag::Subtag::kTuple, elements.size());
  for (size_t i = 0; i < elements.size(); ++i)
    p[1 + i] = elements[i].raw();
  return MakeBoxed(p);
}

Term MakeTuple(TermAllocator& heap, std::initializer_list<Term> elements) {
  return MakeTuple(heap, std::span<const Term>(elements.begin(), elements.size()));
}

Term MakeCons(TermAllocator& heap, Term head, Term tail) {
  uint64_t* p = heap.Allocate(2);
  p[0] = head.raw();
  p[1] = tail.raw();
  return MakeList(p);
}

Term MakeList(TermAllocator& heap, std::span<const Term> elements) {
  if (elements.empty()) return kNil;
  uint64_t* p = heap.Allocate(2 * elements.size());
  for (size_t i = 0; i < elements.size(); ++i) {
    p[2 * i] = elements[i].raw();
    p[2 * i + 1] = i + 1 < elements.size() ? MakeList(p + 2 * (i + 1)).raw() : kNil.raw();
  }
  return MakeList(p);
}

Term MakeString(TermAllocator& heap, std::string_view text) {
  if (text.empty()) return kNil;
  uint64_t* p = heap.Allocate(2 * text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    p[2 * i] = MakeSmall(static_cast<uint8_t>(text[i])).raw();
    p[2 * i + 1] = i + 1 < text.size() ? MakeList(p + 2 * (i + 1)).raw() : kNil.raw();
  }
  return MakeList(p);
}

absl::StatusOr<Term> MakeFloat(TermAllocator& heap, double value) {
  if (!std::isfinite(value)) return absl::InvalidArgumentError("float is not finite");
  uint64_t* p = heap.Allocate(2);
  p[0] = MakeHeader(tag::Subtag::kFloat, 1);
  std::memcpy(p + 1, &value, sizeof value);
  return MakeBoxed(p);
}

absl::StatusOr<Term> MakeInteger(int64_t value) {
  if (!FitsSmall(value)) return absl::OutOfRangeError("integer needs a bignum");
  return MakeSmall(value);
}

int64_t ListLength(Term list) {
  int64_t n = 0;
  while (IsList(list)) {
    ++n;
    list = Tail(list);
  }
  return IsNil(list) ? n : -1;
}

}  // namespace ling
