// The atoms the runtime itself needs, as compile-time constant Terms. The
// atom table interns them first, in this order, so their indices (and thus
// these Terms) are fixed at compile time: code can switch on them and compare
// them without touching the table.
//
// Concurrency: plain constants; usable from any thread, before or after the
// table exists.
//
// The list, in its one place: first Erlang's core vocabulary (exit reasons,
// link and monitor messages, error reasons), then the exception classes and
// error reasons the emulator raises, then what native processes and ports use,
// then the bit syntax's segment types, flags and error causes (bit_build.h).
#ifndef LING_RUNTIME_TERM_ATOMS_H_
#define LING_RUNTIME_TERM_ATOMS_H_

#include "ling/term.h"

// X(constant name, atom text)
#define LING_PREDEFINED_ATOMS(X)          \
  X(kTrue, "true")                        \
  X(kFalse, "false")                      \
  X(kOk, "ok")                            \
  X(kError, "error")                      \
  X(kUndefined, "undefined")              \
  X(kNormal, "normal")                    \
  X(kKill, "kill")                        \
  X(kKilled, "killed")                    \
  X(kNoproc, "noproc")                    \
  X(kEXIT, "EXIT")                        \
  X(kDOWN, "DOWN")                        \
  X(kProcess, "process")                  \
  X(kPort, "port")                        \
  X(kTimeout, "timeout")                  \
  X(kInfinity, "infinity")                \
  X(kBadarg, "badarg")                    \
  X(kNocatch, "nocatch")                  \
  X(kUndef, "undef")                      \
  X(kBadarith, "badarith")                \
  X(kSystemLimit, "system_limit")         \
  X(kShutdown, "shutdown")                \
  X(kExit, "exit")                        \
  X(kThrow, "throw")                      \
  X(kBadmatch, "badmatch")                \
  X(kFunctionClause, "function_clause")   \
  X(kCaseClause, "case_clause")           \
  X(kIfClause, "if_clause")               \
  X(kTryClause, "try_clause")             \
  X(kBadrecord, "badrecord")              \
  X(kBadmap, "badmap")                    \
  X(kBadkey, "badkey")                    \
  X(kBadfun, "badfun")                    \
  X(kBadarity, "badarity")                \
  X(kErlang, "erlang")                    \
  X(kApply, "apply")                      \
  X(kTimeoutValue, "timeout_value")       \
  X(kNonodeNohost, "nonode@nohost")       \
  X(kNativeException, "native_exception") \
  X(kNoconnection, "noconnection")        \
  X(kClosed, "closed")                    \
  X(kData, "data")                        \
  X(kCommand, "command")                  \
  X(kConnected, "connected")              \
  X(kExitStatus, "exit_status")           \
  X(kEof, "eof")                          \
  X(kBusy, "busy")                        \
  X(kNotsup, "notsup")                    \
  X(kInteger, "integer")                  \
  X(kFloat, "float")                      \
  X(kBinary, "binary")                    \
  X(kUtf8, "utf8")                        \
  X(kUtf16, "utf16")                      \
  X(kUtf32, "utf32")                      \
  X(kString, "string")                    \
  X(kAppend, "append")                    \
  X(kPrivateAppend, "private_append")     \
  X(kAll, "all")                          \
  X(kLittle, "little")                    \
  X(kBig, "big")                          \
  X(kNative, "native")                    \
  X(kSigned, "signed")                    \
  X(kUnsigned, "unsigned")                \
  X(kType, "type")                        \
  X(kSize, "size")                        \
  X(kShort, "short")                      \
  X(kUnit, "unit")                        \
  X(kInvalid, "invalid")                  \
  X(kNoFloat, "no_float")                 \
  X(kCause, "cause")                      \
  X(kFunction, "function")                \
  X(kModule, "module")                    \
  X(kFormatBsFail, "format_bs_fail")      \
  X(kErlErtsErrors, "erl_erts_errors")    \
  X(kSend, "send")                        \
  X(kTrapExit, "trap_exit")               \
  X(kLink, "link")                        \
  X(kMonitor, "monitor")                  \
  X(kPriority, "priority")                \
  X(kLow, "low")                          \
  X(kHigh, "high")                        \
  X(kMax, "max")

namespace ling {

enum class PredefinedAtom : uint32_t {
#define LING_ATOM_INDEX(name, text) name,
  LING_PREDEFINED_ATOMS(LING_ATOM_INDEX)
#undef LING_ATOM_INDEX
      kCount
};

namespace atoms {
#define LING_ATOM_CONSTANT(name, text) \
  inline constexpr Term name = MakeAtomFromIndex(static_cast<uint32_t>(PredefinedAtom::name));
LING_PREDEFINED_ATOMS(LING_ATOM_CONSTANT)
#undef LING_ATOM_CONSTANT
}  // namespace atoms

}  // namespace ling

#endif  // LING_RUNTIME_TERM_ATOMS_H_
