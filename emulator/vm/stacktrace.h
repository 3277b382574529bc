// Stack traces, captured raw when an exception is raised and built into
// Erlang's form only when someone looks (a catch, `catch C:R:St`, an
// uncaught error), as BEAM does.
//
// A raw trace is {Class, Frames}: Frames lists at most BacktraceDepth()
// frames (at least the first), innermost first, each one of
//   Address                   a small: a code address in the function
//   {Address, Args}           the same, called with Args (function_clause)
//   {Address, undefined | Args, ErrorInfo}  the same, {error_info, ErrorInfo}
//                             added to its location (a failed bs_create_bin,
//                             erlang:error/3's error_info option)
//   {M, F, Args, Location}    final already (undef, a failing BIF)
// where an Address is the failing instruction, or for the callers one word
// before their return address (inside the call, on its line).
//
// The built form is what erlang:raise/3 takes and `catch` shows:
// [{Module, Function, ArityOrArgs, Location}], Location being
// [{file, "m.erl"}, {line, N}], or [] for code without line information.
//
// Concurrency: the process's own thread, as its memory.
#ifndef LING_EMULATOR_VM_STACKTRACE_H_
#define LING_EMULATOR_VM_STACKTRACE_H_

#include <cstddef>
#include <span>

#include "emulator/vm/code_index.h"
#include "emulator/vm/code_words.h"
#include "emulator/vm/process_memory.h"
#include "ling/term.h"

namespace ling::vm {

// How many frames a trace keeps: erl's default, until
// system_flag(backtrace_depth, N) sets it for the whole node, up to BEAM's
// limit. Any thread (one atomic).
inline constexpr size_t kDefaultBacktraceDepth = 8;
inline constexpr size_t kMaxBacktraceDepth = 64;
size_t BacktraceDepth();
// Sets it, clamped to kMaxBacktraceDepth; the depth it had.
size_t SetBacktraceDepth(size_t depth);

// What the failing instruction puts first in the trace.
struct Fault {
  enum class Kind {
    kAt,    // an instruction of the current function failed
    kArgs,  // the current function, shown with its arguments: `args`, or
            // `arg_list` when set (function_clause; erlang:error/2)
    kCall,  // calling module:function(args) failed: undef, or a BIF's error
  };
  Kind kind = Kind::kAt;
  Term module = kNonValue;  // kCall
  Term function = kNonValue;
  std::span<const Term> args;
  bool bif_error_info = false;  // kCall: a BIF's error, with error_info
  // kCall: whether the instruction at `pc` gets a frame too. Not when the
  // call went out (call_ext, apply, a fun): then, as in BEAM, the callee
  // failed and its caller is the return address.
  bool frame_at_pc = true;
  Term arg_list = kNonValue;    // kArgs: the arguments as a list already
  Term error_info = kNonValue;  // kAt, kArgs: the error_info the location gets
};

// The raw trace of an exception of class `cls` raised at `pc` with the
// process's stack (and `cp`, the return address when the current function
// has no frame; nullptr otherwise). Collects if needed: `*reason` and the
// fault's args are kept (read them through the pointers again after).
Term CaptureTrace(ProcessMemory& memory, Term cls, Term* reason, const Fault& fault, const Word* pc,
                  const Word* cp);

// process_info(self(), current_stacktrace): the function at `pc` and its
// callers (`cp` as CaptureTrace takes it), in Erlang's form, built on `heap`
// without collecting (a BIF may call it).
Term CurrentStacktrace(TermAllocator& heap, const ProcessMemory& memory, const CodeIndex* index,
                       const Word* pc, const Word* cp);

// The frames of a raw trace built into Erlang's form ([] for a term that is
// not a raw trace, so erlang:raise/3's given stack traces pass through
// unchanged when they are already built).
Term BuildStacktrace(TermAllocator& heap, const CodeIndex* index, Term raw);

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_STACKTRACE_H_
