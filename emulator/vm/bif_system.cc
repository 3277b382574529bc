// The BIFs that reach outside the process's terms: its own pid, printing
// to standard output, halting the system.
#include <cstdio>
#include <mutex>
#include <string>

#include "emulator/vm/bif.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/format.h"

namespace ling::vm {
namespace {

Term BifSelf(BifContext& ctx, const Term*) {
  return ctx.self;
}

// erlang:display/1 writes straight to standard output, a line at a time,
// ending it as erl does under -noshell.
Term BifDisplay(BifContext&, const Term* args) {
  static std::mutex stdout_lock;
  std::string line = ToString(args[0]) + "\r\n";
  std::lock_guard<std::mutex> lock(stdout_lock);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
  return atoms::kTrue;
}

// halt(Status): a non-negative integer is the exit status; a string is a
// crash slogan (status 1); `abort` aborts.
Term Halt(BifContext& ctx, Term status) {
  static const Term kAbort = InternAtom("abort");
  int code;
  if (IsSmall(status) && SmallValue(status) >= 0) {
    code = static_cast<int>(SmallValue(status) & 0xff);
  } else if (status == kAbort) {
    std::fflush(stdout);
    std::abort();
  } else if (IsList(status) || status == kNil) {
    code = 1;
  } else {
    return ctx.Fail(atoms::kBadarg);
  }
  if (ctx.host == nullptr) return ctx.Fail(atoms::kNotsup);
  std::fflush(stdout);
  ctx.host->Halt(code);
  return atoms::kTrue;  // an embedding host that let the process go on
}

Term BifHalt0(BifContext& ctx, const Term*) {
  return Halt(ctx, MakeSmall(0));
}
Term BifHalt1(BifContext& ctx, const Term* args) {
  return Halt(ctx, args[0]);
}

constexpr BifEntry kSystemBifs[] = {
    {"erlang", "self", 0, BifSelf},
    {"erlang", "display", 1, BifDisplay},
    {"erlang", "halt", 0, BifHalt0},
    {"erlang", "halt", 1, BifHalt1},
};

}  // namespace

std::span<const BifEntry> SystemBifs() {
  return kSystemBifs;
}

}  // namespace ling::vm
