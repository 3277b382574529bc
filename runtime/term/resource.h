// Resources: native objects that Erlang terms refer to, as BEAM's NIF
// resources and "magic references" do -- an open file, a read buffer. A
// resource reference is a reference term: is_reference/1 is true of it, and
// it compares, hashes, prints and encodes as the plain reference of its
// resource's id. It also holds one count of its resource and sits in its
// heap's off-heap list as a ProcBin does (heap.h), so the resource lives
// while some term refers to it: the collection that drops the last such term,
// or the end of the process holding it, releases it. Copying the term (a
// message) takes a count.
//
// Layout (words): header(kReference, 3) | 0 | Resource* | next off-heap
// entry. A plain reference has arity 2; the shared object and the link sit
// at a ProcBin's indexes, so one off-heap list links both kinds.
//
// Concurrency: the count is atomic; a resource may be released on any
// thread (whichever drops the last count runs its destructor there).
// Subclasses guard their own state: terms that refer to a resource may sit
// in several processes at once.
#ifndef LING_RUNTIME_TERM_RESOURCE_H_
#define LING_RUNTIME_TERM_RESOURCE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "ling/term.h"
#include "ling/types.h"
#include "runtime/term/heap.h"

namespace ling {

inline constexpr size_t kResourceReferenceWords = 4;

class Resource {
 public:
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;

  // The reference value terms show for it.
  MonitorRef id() const { return id_; }
  // The caller already holds a count: no ordering needed.
  void AddRef() { refs_.fetch_add(1, std::memory_order_relaxed); }
  // Drops a count; the last one destroys the resource (acq_rel: every
  // holder's use happens before the destructor).
  void Release() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
  int64_t refs() const { return refs_.load(std::memory_order_acquire); }

 protected:
  // One count, owned by the creator.
  Resource();
  virtual ~Resource() = default;

 private:
  std::atomic<int64_t> refs_{1};
  const MonitorRef id_;
};

// A reference to `resource` on `heap`, holding a new count of it.
Term MakeResourceReference(TermAllocator& heap, Resource* resource);
// A reference to a resource just created: it takes over the creator's
// count, so the term is the only holder.
inline Term AdoptResource(TermAllocator& heap, Resource* created) {
  Term t = MakeResourceReference(heap, created);
  created->Release();
  return t;
}
// Precondition: IsReference(t). Whether it refers to a resource.
inline bool IsResourceReference(Term t) {
  return HeaderArity(*BoxedPointer(t)) == kResourceReferenceWords - 1;
}
// The resource `t` refers to, or nullptr when `t` is not a resource
// reference.
Resource* ResourceOf(Term t);
// The same, when it is a T.
template <class T>
T* ResourceAs(Term t) {
  return dynamic_cast<T*>(ResourceOf(t));
}

}  // namespace ling

#endif  // LING_RUNTIME_TERM_RESOURCE_H_
