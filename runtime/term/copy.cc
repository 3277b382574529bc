#include "runtime/term/copy.h"

#include <cstring>

#include "absl/container/inlined_vector.h"
#include "runtime/term/binary.h"
#include "runtime/term/boxed.h"
#include "runtime/term/resource.h"

namespace ling {

size_t FlatSize(Term t) {
  size_t words = 0;
  // Only terms that occupy words are queued, so a list of immediates keeps
  // the work stack empty.
  absl::InlinedVector<Term, 32> todo = {t};
  while (!todo.empty()) {
    Term x = todo.back();
    todo.pop_back();
    // Walk a list's spine here; queue its elements.
    while (IsList(x)) {
      words += 2;
      if (!IsImmediate(Head(x))) todo.push_back(Head(x));
      x = Tail(x);
    }
    if (!IsBoxed(x)) continue;
    const uint64_t* p = BoxedPointer(x);
    words += BoxedWords(p);
    TermWords inner = BoxedTermWords(p);
    for (size_t i = inner.first; i < inner.end; ++i) {
      Term e = Term::FromRaw(p[i]);
      if (!IsImmediate(e)) todo.push_back(e);
    }
  }
  return words;
}

Term CopyTermTo(Term t, uint64_t* hp, OffHeapList& off_heap) {
  // Each work item: a source term and the word that must receive its copy.
  struct Item {
    Term source;
    uint64_t* slot;
  };
  uint64_t root = t.raw();
  absl::InlinedVector<Item, 32> todo = {{t, &root}};
  while (!todo.empty()) {
    Item item = todo.back();
    todo.pop_back();
    Term x = item.source;
    uint64_t* slot = item.slot;
    while (IsList(x)) {
      uint64_t* cons = hp;
      hp += 2;
      *slot = MakeList(cons).raw();
      cons[0] = Head(x).raw();
      if (!IsImmediate(Head(x))) todo.push_back({Head(x), &cons[0]});
      slot = &cons[1];
      x = Tail(x);
    }
    if (!IsBoxed(x)) {
      *slot = x.raw();
      continue;
    }
    const uint64_t* p = BoxedPointer(x);
    size_t words = BoxedWords(p);
    uint64_t* copy = hp;
    hp += words;
    std::memcpy(copy, p, words * sizeof(uint64_t));
    *slot = MakeBoxed(copy).raw();
    TermWords inner = BoxedTermWords(p);
    for (size_t i = inner.first; i < inner.end; ++i) {
      if (!IsImmediate(Term::FromRaw(copy[i]))) todo.push_back({Term::FromRaw(copy[i]), &copy[i]});
    }
    if (HeaderSubtag(p[0]) == tag::Subtag::kRefcBinary) {
      RefcData(MakeBoxed(copy))->AddRef();
      off_heap.Add(copy);
    } else if (Resource* r = ResourceOf(MakeBoxed(copy))) {
      r->AddRef();
      off_heap.Add(copy);
    }
  }
  return Term::FromRaw(root);
}

Term CopyTerm(Term t, TermAllocator& heap) {
  size_t words = IsImmediate(t) ? 0 : FlatSize(t);
  if (words == 0) return t;
  return CopyTermTo(t, heap.Allocate(words), heap.off_heap());
}

std::unique_ptr<HeapFragment> CopyToFragment(Term t, Term* out) {
  size_t words = IsImmediate(t) ? 0 : FlatSize(t);
  if (words == 0) {  // immediates, and kNonValue for signals without a term
    *out = t;
    return nullptr;
  }
  std::unique_ptr<HeapFragment> fragment = HeapFragment::Create(words);
  *out = CopyTermTo(t, fragment->Allocate(words), fragment->off_heap());
  return fragment;
}

}  // namespace ling
