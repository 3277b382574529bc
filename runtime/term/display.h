// DisplayString: a term as erlang:display/1 writes it in OTP 25, which uses
// the emulator's own printer (erts_printf's %T, erl_printf_term.c), not
// io_lib's ~w (format.h). The two differ in:
//   - floats: always printf's "%.6e" (1.500000e+00, -0.000000e+00);
//   - strings: a non-empty proper list of Latin-1 printable characters
//     (32..126, 160..255, \t, \n, \r) is written "..." with only \n and "
//     escaped, each character as its one raw byte (not UTF-8); any other list
//     is written element by element, elements as terms ([97,"b"]);
//   - atoms: quoted unless a Latin-1 lowercase letter followed by Latin-1
//     letters, digits and _ (so '@' quotes and reserved words like case do
//     not); the UTF-8 text written raw, with \\, \', the C escapes \b \t \n
//     \v \f \r and octal \ooo for other controls (U+0080..U+009F too);
//   - binaries: <<"text">> only when every byte is printable ASCII (32..126)
//     and the size is whole bytes, else <<1,2,3:4>>; in text only " is
//     escaped;
//   - maps: #{k=>v,...} without spaces, in key order (every integer key
//     before every float key: #{2=>b,1.000000e+00=>a}); a map of more than
//     32 keys as its hash trie (map.h), #<fffb>{<1201>{[16|16],...},...};
//   - funs: #Fun<module.index.uniq> (module name unquoted) and
//     fun m:f/1 (atoms quoted as above);
//   - pids <0.Number.Serial>, ports #Port<0.Id>, references
//     #Ref<0.W2.W1.W0> with the 32-bit words the external format gives them
//     (external_encode.cc), W3 first when non-zero.
// The line end is not included: erl writes "\r\n" after it under -noshell.
// No recursion: an explicit stack walks long lists and deep nesting.
//
// Concurrency: reads the term only; the caller must be allowed to read it
// (own its heap). Atom names are read lock-free.
#ifndef LING_RUNTIME_TERM_DISPLAY_H_
#define LING_RUNTIME_TERM_DISPLAY_H_

#include <string>

#include "ling/term.h"

namespace ling {

std::string DisplayString(Term t);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_DISPLAY_H_
