// The atoms the runtime itself needs, as compile-time constant Terms. They are
// interned first, in this order, so their indices are fixed.
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
  X(kBadarith, "badarith")                \
  X(kNocatch, "nocatch")                  \
  X(kUndef, "undef")                      \
  X(kSystemLimit, "system_limit")         \
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
  X(kTimeoutValue, "timeout_value")

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
