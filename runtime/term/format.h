// ToString: a term as Erlang's io:format("~w") writes it. Lists are walked
// iteratively; nesting recurses.
#ifndef LING_RUNTIME_TERM_FORMAT_H_
#define LING_RUNTIME_TERM_FORMAT_H_

#include <string>

#include "ling/term.h"

namespace ling {

std::string ToString(Term t);
// An atom's text, quoted where Erlang would quote it.
std::string FormatAtom(Term atom);
// A float as ~w writes it: the shortest digits that read back exactly, in
// plain or scientific notation, whichever is shorter (plain on a tie), and
// scientific from 1.0e16 on.
std::string FormatFloat(double value);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_FORMAT_H_
