// The compact term encoding: how erlc writes each operand of a generic
// instruction in a Code chunk (also used inside the Line chunk). A first byte
// holds a 3-bit tag and either a small value or the length of a big-endian
// value that follows; tag 7 ("z") introduces extended operands: lists (for
// select_val and friends), float registers, allocation lists, literals and
// (OTP 25) typed registers.
//
// Concurrency: pure functions; the pools belong to one decoding.
#ifndef LING_EMULATOR_LOADER_COMPACT_TERM_H_
#define LING_EMULATOR_LOADER_COMPACT_TERM_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "emulator/loader/byte_reader.h"

namespace ling::loader {

enum class OperandKind : uint8_t {
  kUnsigned,       // u: a count, arity, flag word...
  kInteger,        // i: an integer that fits int64
  kBigInteger,     // i: a wider integer; value indexes OperandPools::big_integers
  kAtom,           // a: value = index in the atom chunk, 1-based
  kNil,            // a 0: []
  kX,              // x register; `extra` = 1 + type index when typed (z5)
  kY,              // y register (stack slot); `extra` as for kX
  kLabel,          // f: value = label number, 0 meaning "none"
  kChar,           // h: a character (old compilers)
  kList,           // z1: value = first element in OperandPools::lists, extra = length
  kFloatRegister,  // z2
  kAllocList,      // z3: value = first pair in OperandPools::lists (kind, amount), extra = pairs
  kLiteral,        // z4: value = index in the literal table
};

struct Operand {
  OperandKind kind = OperandKind::kUnsigned;
  uint32_t extra = 0;
  int64_t value = 0;

  bool IsRegister() const { return kind == OperandKind::kX || kind == OperandKind::kY; }
  friend bool operator==(const Operand&, const Operand&) = default;
};

// Where the variable-size parts of operands go: the elements of lists and
// allocation lists, and integers wider than 64 bits (two's complement,
// big-endian, as in the file).
struct OperandPools {
  std::vector<Operand> lists;
  std::vector<std::vector<uint8_t>> big_integers;
};

// Reads one operand. InvalidArgument for a truncated or malformed encoding
// (an unknown or obsolete extended tag, a negative count, a nested list, an
// untyped register in a typed-register slot, a value too wide for its tag).
absl::Status ReadOperand(ByteReader& in, OperandPools& pools, Operand& out);

}  // namespace ling::loader

#endif  // LING_EMULATOR_LOADER_COMPACT_TERM_H_
