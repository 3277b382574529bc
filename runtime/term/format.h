// ToString: a term as Erlang's io:format("~w") writes it (OTP 25), as UTF-8:
// bignums in decimal, maps as #{K => V,...} in iteration order (map.h: key
// order, a large map's hash order as io_lib's), local funs as
// #Fun<Module.Index.Uniq>, export funs as fun M:F/A, bitstrings as
// <<1,2,3:4>> (a partial last byte as Value:Bits).
// No recursion: an explicit stack walks long lists and deep nesting.
//
// Concurrency: reads the term only; the caller must be allowed to read it
// (own its heap). Atom names are read lock-free.
#ifndef LING_RUNTIME_TERM_FORMAT_H_
#define LING_RUNTIME_TERM_FORMAT_H_

#include <string>

#include "ling/term.h"

namespace ling {

std::string ToString(Term t);
// An atom's text, quoted and escaped where Erlang would. Atom text is read as
// UTF-8 (a stray byte stands for its Latin-1 character); letters include
// Latin-1's, and characters past U+00FF are written \x{HEX} as ~w does.
std::string FormatAtom(Term atom);
// A float as ~w writes it: the shortest digits that read back exactly, in
// plain or scientific notation, whichever is shorter (plain on a tie), and
// always scientific from 2^53 on. Precondition: finite (Erlang floats are).
std::string FormatFloat(double value);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_FORMAT_H_
