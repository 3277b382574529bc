#include "runtime/core/signal.h"

#include "runtime/term/copy.h"

namespace ling {

std::unique_ptr<Signal> MakeSignal(SignalKind kind, Term from, Term term) {
  auto s = std::make_unique<Signal>();
  s->kind = kind;
  s->from = from;
  s->fragment = CopyToFragment(term, &s->term);
  return s;
}

}  // namespace ling
