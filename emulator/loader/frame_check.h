// What a module's code does to the stack, checked before it can run, as
// BEAM's beam_validator checks it at compile time: the interpreter trusts
// the frame, so a file that breaks these rules (hostile, or corrupted in a
// way that still decodes) is refused instead of corrupting memory.
//
// From each function's entry, with no frame, along every jump:
//  - a y register is read or written only inside the current frame;
//  - allocate comes with no frame; deallocate, call_last, call_ext_last and
//    apply_last drop exactly the frame there is; trim drops part of it;
//  - return and the tail calls (call_only, call_ext_only) come with no
//    frame; a body call (call, call_ext, apply, call_fun) comes with one;
//    a call of a BIF that never returns (erlang:error/1...) takes any frame
//    (erlc's frame count on a call_ext_last of it may be stale, which is
//    why the specialiser makes that a body call, dropping nothing);
//  - every jump reaches its label with the frame that label has everywhere
//    else, but for a label whose code only raises (function_clause, a
//    badmatch or case_end of no y register, a BIF that never returns),
//    which takes any;
//  - local calls, exports, local functions and lambdas name function
//    entries (the label right after a func_info).
// Code no label leads to is never run, and not checked.
//
// Concurrency: a pure function.
#ifndef LING_EMULATOR_LOADER_FRAME_CHECK_H_
#define LING_EMULATOR_LOADER_FRAME_CHECK_H_

#include "absl/status/status.h"
#include "emulator/loader/beam_module.h"

namespace ling::loader {

// InvalidArgument ("malformed Code chunk: ...") naming the rule broken and
// where.
absl::Status CheckFrames(const BeamModule& m);

// Whether Module:Function/Arity is a BIF that never returns
// (erlang:error/1,2,3, exit/1, throw/1, raise/3, nif_error/1,2).
bool NeverReturns(Term module, Term function, uint32_t arity);

}  // namespace ling::loader

#endif  // LING_EMULATOR_LOADER_FRAME_CHECK_H_
