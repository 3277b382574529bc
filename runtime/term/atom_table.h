// The global atom table: atom text <-> index, shared by every runtime in the
// program (atoms are global in Erlang, and never freed).
//
// Concurrency contract:
//   - InternAtom/TryInternAtom/FindAtom may be called from any thread; they
//     take a reader lock, and a writer lock only to add a new atom.
//   - AtomName() takes no lock: names live at stable addresses published with
//     release stores, and atoms are never removed.
#ifndef LING_RUNTIME_TERM_ATOM_TABLE_H_
#define LING_RUNTIME_TERM_ATOM_TABLE_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "ling/term.h"

namespace ling {

// Erlang's limits: 255 characters per atom; 1,048,576 atoms (BEAM's default).
inline constexpr size_t kMaxAtomLength = 255;
inline constexpr size_t kMaxAtoms = size_t{1} << 20;

// InvalidArgument for a name over kMaxAtomLength bytes; ResourceExhausted
// (system_limit) when the table is full.
absl::StatusOr<Term> TryInternAtom(std::string_view name);
// For names known to be valid (literals in the runtime): aborts on bad input.
Term InternAtom(std::string_view name);
// The atom only if it exists already (binary_to_existing_atom).
std::optional<Term> FindAtom(std::string_view name);
// Precondition: IsAtom(atom).
std::string_view AtomName(Term atom);
size_t AtomCount();

}  // namespace ling

#endif  // LING_RUNTIME_TERM_ATOM_TABLE_H_
