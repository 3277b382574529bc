// The generic instruction set: what erlc writes into a .beam Code chunk,
// before the loader specialises it for the interpreter.
#ifndef LING_EMULATOR_LOADER_GENERIC_OPCODES_H_
#define LING_EMULATOR_LOADER_GENERIC_OPCODES_H_

#include <cstdint>

namespace ling::loader {

enum class GenOp : uint8_t {
  kNone = 0,  // not an opcode: number 0 is unused
#define LING_GENOP(number, name, camel, arity) k##camel = number,
#include "emulator/loader/generic_opcodes.def"
#undef LING_GENOP
};

inline constexpr int kMaxGenOp = 180;  // OTP 25

struct GenOpInfo {
  const char* name;  // as in the compiler's genop.tab, e.g. "call_ext"
  int arity;         // operands that follow the opcode
};

// The opcode's name and arity; nullptr for a number that is not an opcode.
const GenOpInfo* FindGenOp(int number);

}  // namespace ling::loader

#endif  // LING_EMULATOR_LOADER_GENERIC_OPCODES_H_
