// Erlang's term order and equality. No recursion: long lists and deep
// nesting are walked with an explicit stack on the C++ heap.
//
// Concurrency: reads the terms only; the caller must be allowed to read them
// (own their heap). Atom names are read lock-free.
//
// Order: number < atom < reference < fun < port < pid < tuple < map < nil <
// list < bitstring. Integers and floats compare by value; tuples by arity,
// then elementwise; atoms by their text; binaries bytewise, then by length.
#ifndef LING_RUNTIME_TERM_COMPARE_H_
#define LING_RUNTIME_TERM_COMPARE_H_

#include "ling/term.h"

namespace ling {

// <0, 0 or >0, as a < b, a == b, a > b (==: 1 == 1.0).
int Compare(Term a, Term b);
// =:= (1 =/= 1.0).
bool ExactEqual(Term a, Term b);
// == (1 == 1.0).
inline bool Equal(Term a, Term b) {
  return Compare(a, b) == 0;
}

}  // namespace ling

#endif  // LING_RUNTIME_TERM_COMPARE_H_
