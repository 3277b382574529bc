// Funs: export funs (fun M:F/A) and local funs (closures).
//
// Layouts (words):
//   export fun: header(kExport, 3) | module | function | arity
//   local fun:  header(kFun, 9 + num_free) | entry | new_uniq[0..7] | new_uniq[8..15]
//               | module | index | uniq | arity | num_free | creator
//               | free_0 .. free_{num_free-1}
// Module and function are atoms; index, uniq, arity and num_free smalls;
// creator the pid of the process that made the fun (fun_info's pid, and the
// external format's; OTP 25 keeps it, and code such as lists_SUITE relies on
// later funs having greater pids).
// A local fun's raw words (entry and the MD5 new_uniq bytes) come first, so
// its term words are one run, from kLocalFunFirstTermWord to the end: what
// copying and the garbage collector scan (boxed.h).
//
// `entry` is the emulator's FunEntry*, opaque here: nullptr until the loader
// resolves the fun (a fun decoded from the external format starts so).
// module, index, uniq and new_uniq are what identifies the fun's code across
// nodes and module versions (the fields of NEW_FUN_EXT; erlang:fun_info/1
// names them the same).
//
// Concurrency: constructors allocate on a Heap, owner thread only (heap.h);
// SetLocalFunEntry writes to the fun, so only the owner of its heap may call
// it; the readers follow the term's owner rule.
//
// Preconditions (checked): the accessors are given funs of the right kind;
// module and function are atoms; free-variable indices are in range.
#ifndef LING_RUNTIME_TERM_FUN_H_
#define LING_RUNTIME_TERM_FUN_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling {

inline constexpr size_t kLocalFunFirstTermWord = 4;

inline bool IsExportFun(Term t) {
  return IsBoxedOf(t, tag::Subtag::kExport);
}
inline bool IsLocalFun(Term t) {
  return IsBoxedOf(t, tag::Subtag::kFun);
}
inline bool IsFun(Term t) {
  return IsExportFun(t) || IsLocalFun(t);
}

// Either kind: the number of arguments the fun takes.
uint32_t FunArity(Term fun);

// ---- export funs ----------------------------------------------------------------
Term MakeExportFun(TermAllocator& heap, Term module, Term function, uint8_t arity);
Term ExportFunModule(Term fun);
Term ExportFunFunction(Term fun);

// ---- local funs ---------------------------------------------------------------------
struct LocalFunId {
  Term module;                            // an atom
  uint32_t index = 0;                     // in the module's fun table
  uint32_t uniq = 0;                      // the old 32-bit uniq (NEW_FUN_EXT's OldUniq)
  std::array<uint8_t, 16> new_uniq = {};  // MD5 of the module's code
  uint8_t arity = 0;

  friend bool operator==(const LocalFunId&, const LocalFunId&) = default;
};

// `creator`: a pid; kNonValue for none known, which reads as <0.0.0>.
Term MakeLocalFun(TermAllocator& heap, const void* entry, const LocalFunId& id,
                  std::span<const Term> free_vars, Term creator = kNonValue);
// The words a local fun with `num_free` free variables takes, and writing
// one at `hp` (for an allocator of its own, such as the interpreter's).
inline constexpr size_t kLocalFunFixedWords = 10;
constexpr size_t LocalFunWords(size_t num_free) {
  return kLocalFunFixedWords + num_free;
}
Term WriteLocalFun(uint64_t* hp, const void* entry, const LocalFunId& id,
                   std::span<const Term> free_vars, Term creator = kNonValue);
LocalFunId LocalFunIdOf(Term fun);
const void* LocalFunEntry(Term fun);
void SetLocalFunEntry(Term fun, const void* entry);
uint32_t LocalFunNumFree(Term fun);
Term LocalFunCreator(Term fun);
Term LocalFunFreeVar(Term fun, uint32_t i);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_FUN_H_
