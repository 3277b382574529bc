// Erlang's term order and equality. Lists are compared along their tails
// iteratively; nesting recurses (bounded by the terms' nesting depth).
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
