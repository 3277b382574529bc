#include "runtime/term/resource.h"

#include "runtime/term/reference.h"

namespace ling {
namespace {
constexpr size_t kResourceWord = 2;  // a ProcBin's data index (heap.h)
}  // namespace

Resource::Resource() : id_(NewMonitorRef()) {}

Term MakeResourceReference(TermAllocator& heap, Resource* resource) {
  uint64_t* p = heap.Allocate(kResourceReferenceWords);
  p[0] = MakeHeader(tag::Subtag::kReference, kResourceReferenceWords - 1);
  p[1] = 0;
  p[kResourceWord] = reinterpret_cast<uint64_t>(resource);
  resource->AddRef();
  heap.off_heap().Add(p);
  return MakeBoxed(p);
}

Resource* ResourceOf(Term t) {
  if (!IsReference(t) || !IsResourceReference(t)) return nullptr;
  return reinterpret_cast<Resource*>(BoxedPointer(t)[kResourceWord]);
}

}  // namespace ling
