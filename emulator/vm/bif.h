// Built-in functions: C++ functions the interpreter calls with their
// arguments. A BIF returns its result, or kNonValue after setting `error`
// (the exception reason) and `error_class` (error, exit or throw) in its
// context.
//
// Allocation: a BIF that builds terms calls Allocate(); called as a gc_bif or
// an external function, its arguments live in x registers the collector
// knows about (BifContext::live covers them), so they stay valid across a
// collection -- read them again through `args` after allocating. The BIFs
// the compiler calls through `bif` (element/2, hd/1, comparisons...) never
// allocate.
//
// Concurrency: a BIF runs on the thread running its process and touches only
// that process's memory.
#ifndef LING_EMULATOR_VM_BIF_H_
#define LING_EMULATOR_VM_BIF_H_

#include <cstddef>
#include <cstdint>

#include "emulator/vm/process_memory.h"
#include "ling/term.h"
#include "runtime/term/atoms.h"

namespace ling::vm {

struct BifContext {
  ProcessMemory& memory;
  Term* x;   // the x registers; the arguments are x[live - arity .. live)
  int live;  // registers the collector must keep
  Term error = kNonValue;
  Term error_class = atoms::kError;
  // A raw stacktrace to raise with (erlang:raise/2,3); kNonValue: a new one.
  Term error_trace = kNonValue;

  // `words` on the process heap (may collect first).
  uint64_t* Allocate(size_t words) {
    memory.EnsureFree(words, x, live);
    uint64_t* p = memory.htop;
    memory.htop += words;
    return p;
  }
  Term Fail(Term reason) { return Raise(atoms::kError, reason); }
  Term Raise(Term cls, Term reason) {
    error_class = cls;
    error = reason;
    return kNonValue;
  }
};

using BifFunction = Term (*)(BifContext& ctx, const Term* args);

struct BifEntry {
  const char* module;
  const char* name;
  int arity;
  BifFunction function;
};

// The BIF implementing module:name/arity, or nullptr.
const BifEntry* FindBif(Term module, Term name, int arity);

// The arithmetic and comparison BIFs the interpreter also inlines for small
// integers: called on its slow path.
Term BifPlus(BifContext& ctx, const Term* args);
Term BifMinus(BifContext& ctx, const Term* args);

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_BIF_H_
