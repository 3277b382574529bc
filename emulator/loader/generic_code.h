// The Code chunk decoded into generic instructions, fully validated: every
// opcode known to OTP 25, every operand well formed, every atom, literal and
// label reference in range, every label defined exactly once and every
// referenced label defined. What is left for the specialising stage are
// semantic checks (imports, BIFs, register use).
//
// Concurrency: DecodeCode is a pure function; GenericCode is a plain value.
#ifndef LING_EMULATOR_LOADER_GENERIC_CODE_H_
#define LING_EMULATOR_LOADER_GENERIC_CODE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "emulator/loader/byte_reader.h"
#include "emulator/loader/compact_term.h"
#include "emulator/loader/generic_opcodes.h"

namespace ling::loader {

// BEAM's limit on x registers.
inline constexpr int64_t kMaxXRegisters = 1024;
inline constexpr int64_t kMaxFloatRegisters = 1024;

struct GenericInstr {
  GenOp op = GenOp::kNone;
  uint8_t arity = 0;
  uint32_t first = 0;  // its first operand in GenericCode::operands
};

struct GenericCode {
  uint32_t label_count = 0;  // labels are numbered 1 .. label_count - 1
  uint32_t function_count = 0;
  std::vector<GenericInstr> instructions;
  std::vector<Operand> operands;
  OperandPools pools;

  std::span<const Operand> OperandsOf(const GenericInstr& i) const {
    return std::span<const Operand>(operands).subspan(i.first, i.arity);
  }
  // The elements of a kList operand (pairs for a kAllocList).
  std::span<const Operand> ListOf(const Operand& list) const {
    size_t n = list.kind == OperandKind::kAllocList ? 2 * size_t{list.extra} : list.extra;
    return std::span<const Operand>(pools.lists).subspan(static_cast<size_t>(list.value), n);
  }
};

// What the operands may refer to: the sizes of the module's other tables.
struct CodeReferenceLimits {
  uint32_t atom_count = 0;     // atom operands are 1 .. atom_count
  uint32_t literal_count = 0;  // literal operands are 0 .. literal_count - 1
};

// InvalidArgument naming the first problem and the instruction where it is.
absl::StatusOr<GenericCode> DecodeCode(Bytes code_chunk, const CodeReferenceLimits& limits);

}  // namespace ling::loader

#endif  // LING_EMULATOR_LOADER_GENERIC_CODE_H_
