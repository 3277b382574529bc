// Erlang's term order and equality. No recursion: long lists and deep
// nesting are walked with an explicit stack on the C++ heap.
//
// Concurrency: reads the terms only; the caller must be allowed to read them
// (own their heap). Atom names are read lock-free.
//
// Order: number < atom < reference < fun < port < pid < tuple < map < nil <
// list < bitstring. Within a type:
//   numbers   by exact value, integers (small or bignum) against floats too:
//             1 bsl 64 > 1.8446744073709552e19 is false, (1 bsl 64) + 1 > it
//             is true;
//   atoms     by their text;
//   tuples    by arity, then elementwise;
//   maps      by size, then by their keys pairwise in map key order
//             (CompareExact below, even inside ==: #{1 => a} == #{1.0 => a}
//             is false, #{2 => a} < #{1.0 => a}), then by the values in key
//             order, compared as the whole comparison compares
//             (#{a => 1} == #{a => 1.0});
//   funs      local funs before export funs (as BEAM orders them); local funs
//             by module name, index, uniq, new_uniq (bytewise), number of free
//             variables, then the free variables; export funs by module name,
//             function name, arity;
//   lists     elementwise, a shorter prefix first; improper tails compare as
//             terms;
//   binaries  and bitstrings of any length: bit by bit over the shorter
//             length (bytewise, for whole bytes), then the shorter first,
//             <<1:1>> > <<0,1>>; a sub-binary by its bits alone.
#ifndef LING_RUNTIME_TERM_COMPARE_H_
#define LING_RUNTIME_TERM_COMPARE_H_

#include "ling/term.h"

namespace ling {

// <0, 0 or >0, as a < b, a == b, a > b (==: 1 == 1.0).
int Compare(Term a, Term b);
// The exact order, Erlang's map key order (BEAM's exact comparison): as
// Compare, except that every integer sorts before every float whatever their
// values, at any depth: 2 < 1.0, {2} < {1.0}, [1 | 3] < [1 | 2.0], and an
// integer never equals a float. A total order whose equality is =:=; maps
// keep their keys in it (map.h).
int CompareExact(Term a, Term b);
// =:= (1 =/= 1.0): CompareExact(a, b) == 0, walking lists and tuples
// without ordering them.
bool ExactEqual(Term a, Term b);
// == (1 == 1.0).
inline bool Equal(Term a, Term b) {
  return Compare(a, b) == 0;
}

}  // namespace ling

#endif  // LING_RUNTIME_TERM_COMPARE_H_
