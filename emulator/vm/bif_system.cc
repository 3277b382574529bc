// The BIFs that reach outside the process's terms: its own pid, printing
// to standard output, halting the system, the command line it started
// with (module ling: what ling's own init reads), a forced collection.
// (The clocks are bif_time.cc's.)
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "runtime/base/write_fully.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"
#include "runtime/term/display.h"

namespace ling::vm {
namespace {

Term BifSelf(BifContext& ctx, const Term*) {
  return ctx.self;
}

// erlang:display/1 writes straight to standard output, a line at a time,
// ending it as erl does under -noshell.
Term BifDisplay(BifContext&, const Term* args) {
  static std::mutex stdout_lock;
  std::string line = DisplayString(args[0]) + "\r\n";
  std::lock_guard<std::mutex> lock(stdout_lock);
  WriteFully(STDOUT_FILENO, line);
  return atoms::kTrue;
}

// halt(Status): a non-negative integer is the exit status; a string is a
// crash slogan (status 1); `abort` aborts. With `flush` (a status, not a
// slogan), the ports' queued output goes out first: the host halts from
// another thread once it has, and the caller waits (halt never returns).
Term Halt(BifContext& ctx, Term status, bool flush) {
  static const Term kAbort = InternAtom("abort");
  int code;
  if (IsSmall(status) && SmallValue(status) >= 0) {
    code = static_cast<int>(SmallValue(status) & 0xff);
  } else if (status == kAbort) {
    std::fflush(stdout);
    std::abort();
  } else if (IsList(status) || status == kNil) {
    code = 1;
    flush = false;
  } else {
    return ctx.Fail(atoms::kBadarg);
  }
  if (ctx.host == nullptr) return ctx.Fail(atoms::kNotsup);
  std::fflush(stdout);
  ctx.host->Halt(code, flush);
  if (flush && ctx.process != nullptr) {
    ctx.process->Wait(-1);  // called again if a message wakes it
    ctx.call_again = true;
    return kNonValue;
  }
  return atoms::kTrue;  // an embedding host that let the process go on
}

Term BifHalt0(BifContext& ctx, const Term*) {
  return Halt(ctx, MakeSmall(0), true);
}
Term BifHalt1(BifContext& ctx, const Term* args) {
  return Halt(ctx, args[0], true);
}
// halt(Status, Options): the options are a proper list of {flush, Bool},
// OTP 25's only one (the last one given counts).
Term BifHalt2(BifContext& ctx, const Term* args) {
  static const Term kFlush = InternAtom("flush");
  bool flush = true;
  Term options = args[1];
  for (; IsList(options); options = Tail(options)) {
    Term o = Head(options);
    if (!IsTuple(o) || TupleArity(o) != 2 || TupleElement(o, 0) != kFlush ||
        (TupleElement(o, 1) != atoms::kTrue && TupleElement(o, 1) != atoms::kFalse)) {
      return ctx.Fail(atoms::kBadarg);
    }
    flush = TupleElement(o, 1) == atoms::kTrue;
  }
  if (options != kNil) return ctx.Fail(atoms::kBadarg);
  return Halt(ctx, args[0], flush);
}

// ---- the command line (init:get_arguments/0, get_plain_arguments/0) ----

// ling:boot_flags/0: [{Flag, [Value]}] in command-line order.
Term BifBootFlags(BifContext& ctx, const Term*) {
  if (ctx.host == nullptr) return ctx.Fail(atoms::kNotsup);
  std::vector<Term> flags;
  for (const auto& [flag, values] : ctx.host->boot_arguments().flags)
    flags.push_back(MakeTuple(ctx.memory, {InternAtom(flag), MakeStringList(ctx.memory, values)}));
  return MakeList(ctx.memory, flags);
}

// ling:plain_arguments/0.
Term BifPlainArguments(BifContext& ctx, const Term*) {
  if (ctx.host == nullptr) return ctx.Fail(atoms::kNotsup);
  return MakeStringList(ctx.memory, ctx.host->boot_arguments().plain);
}

// erlang:garbage_collect/0: a major collection (BEAM's fullsweep). Called
// as a function of no arguments, it has no live x registers: the stack and
// the dictionary are the roots.
Term BifGarbageCollect(BifContext& ctx, const Term*) {
  ctx.memory.CollectMajor(nullptr, 0);
  return atoms::kTrue;
}

// erlang:bump_reductions/1: any small integer from 0.
Term BifBumpReductions(BifContext& ctx, const Term* args) {
  if (!IsSmall(args[0]) || SmallValue(args[0]) < 0) return ctx.Fail(atoms::kBadarg);
  int64_t bump = SmallValue(args[0]);  // all of them spent: 1 left, the next call yields
  ctx.reductions_left = bump < ctx.reductions_left ? ctx.reductions_left - bump : 1;
  return atoms::kTrue;
}

constexpr BifEntry kSystemBifs[] = {
    {"erlang", "bump_reductions", 1, BifBumpReductions},
    {"erlang", "self", 0, BifSelf},
    {"erlang", "display", 1, BifDisplay},
    {"erlang", "halt", 0, BifHalt0},
    {"erlang", "halt", 1, BifHalt1},
    {"erlang", "halt", 2, BifHalt2},
    {"erlang", "garbage_collect", 0, BifGarbageCollect},
    {"ling", "boot_flags", 0, BifBootFlags},
    {"ling", "plain_arguments", 0, BifPlainArguments},
};

}  // namespace

std::span<const BifEntry> SystemBifs() {
  return kSystemBifs;
}

}  // namespace ling::vm
