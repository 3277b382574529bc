#include "runtime/core/signal.h"

#include "runtime/term/build.h"
#include "runtime/term/copy.h"

namespace ling {

std::unique_ptr<Signal> MakeSignal(SignalKind kind, Term from, Term term) {
  auto s = std::make_unique<Signal>();
  s->kind = kind;
  s->from = from;
  s->fragment = CopyToFragment(term, &s->term);
  return s;
}

std::unique_ptr<Signal> MakeRequestSignal(Term from, Term request, Term reply_if_gone) {
  Heap scratch;
  return MakeSignal(SignalKind::kRequest, from, MakeTuple(scratch, {request, reply_if_gone}));
}

}  // namespace ling
