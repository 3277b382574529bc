#include "emulator/loader/generic_code.h"

#include "absl/strings/str_cat.h"
#include "emulator/loader/malformed.h"

namespace ling::loader {
namespace {

constexpr uint32_t kInstructionSetVersion = 0;

absl::Status Bad(std::string_view what) {
  return Malformed("Code chunk", what);
}

// Checks that an operand's reference is in range; labels are collected for
// the final check that each one is defined.
class OperandChecker {
 public:
  OperandChecker(const GenericCode& code, const CodeReferenceLimits& limits)
      : code_(code), limits_(limits), used_labels_(code.label_count, false) {}

  absl::Status Check(const Operand& op) {
    switch (op.kind) {
      case OperandKind::kAtom:
        if (op.value > limits_.atom_count) return Error("atom", op.value);
        break;
      case OperandKind::kLiteral:
        if (op.value >= limits_.literal_count) return Error("literal", op.value);
        break;
      case OperandKind::kLabel:
        if (op.value >= code_.label_count) return Error("label", op.value);
        used_labels_[static_cast<size_t>(op.value)] = true;
        break;
      case OperandKind::kX:
        if (op.value >= kMaxXRegisters) return Error("x register", op.value);
        break;
      case OperandKind::kFloatRegister:
        if (op.value >= kMaxFloatRegisters) return Error("float register", op.value);
        break;
      case OperandKind::kList:
        for (const Operand& element : code_.ListOf(op)) {
          if (absl::Status s = Check(element); !s.ok()) return s;
        }
        break;
      default:
        break;
    }
    return absl::OkStatus();
  }

  const std::vector<bool>& used_labels() const { return used_labels_; }

 private:
  static absl::Status Error(const char* what, int64_t value) {
    return absl::InvalidArgumentError(absl::StrCat(what, " ", value, " out of range"));
  }

  const GenericCode& code_;
  const CodeReferenceLimits& limits_;
  std::vector<bool> used_labels_;
};

const char* NameOf(GenOp op) {
  return FindGenOp(static_cast<int>(op))->name;
}

}  // namespace

absl::StatusOr<GenericCode> DecodeCode(Bytes code_chunk, const CodeReferenceLimits& limits) {
  ByteReader in(code_chunk);
  uint32_t header_size = in.U32();
  size_t code_start = in.position() + header_size;
  uint32_t version = in.U32();
  uint32_t max_opcode = in.U32();
  GenericCode code;
  code.label_count = in.U32();
  code.function_count = in.U32();
  if (!in.ok() || header_size < 16) return Bad("truncated header");
  if (version != kInstructionSetVersion) {
    return Bad(absl::StrCat("instruction set version ", version, ", expected 0"));
  }
  if (max_opcode > kMaxGenOp) {
    return Bad(
        absl::StrCat("opcodes up to ", max_opcode, ": compiled by a newer Erlang/OTP than 25"));
  }
  in.Seek(code_start);
  if (!in.ok()) return Bad("header larger than the chunk");
  // A label's definition takes two bytes at least: a forged count cannot
  // make us allocate or scan more than the code could hold.
  if (code.label_count == 0 || code.label_count - 1 > in.remaining() / 2 ||
      code.function_count > in.remaining()) {
    return Bad("label or function count larger than the code");
  }
  std::vector<bool> defined(code.label_count, false);
  uint32_t functions = 0;
  bool ended = false;
  while (!in.at_end()) {
    if (ended) return Bad("code after int_code_end");
    size_t index = code.instructions.size();
    int number = in.U8();
    const GenOpInfo* info = FindGenOp(number);
    if (info == nullptr || number > static_cast<int>(max_opcode)) {
      return Bad(absl::StrCat("unknown opcode ", number, " at instruction ", index));
    }
    GenericInstr instr{static_cast<GenOp>(number), static_cast<uint8_t>(info->arity),
                       static_cast<uint32_t>(code.operands.size())};
    for (int a = 0; a < info->arity; ++a) {
      Operand op;
      if (absl::Status s = ReadOperand(in, code.pools, op); !s.ok()) {
        return Bad(absl::StrCat(s.message(), " (", info->name, " at instruction ", index, ")"));
      }
      code.operands.push_back(op);
    }
    if (instr.op == GenOp::kLabel) {
      const Operand& l = code.operands[instr.first];
      if (l.kind != OperandKind::kUnsigned || l.value == 0 || l.value >= code.label_count ||
          defined[static_cast<size_t>(l.value)]) {
        return Bad(absl::StrCat("bad or repeated label ", l.value));
      }
      defined[static_cast<size_t>(l.value)] = true;
    }
    if (instr.op == GenOp::kFuncInfo) ++functions;
    if (instr.op == GenOp::kIntCodeEnd) ended = true;
    code.instructions.push_back(instr);
  }
  if (!ended) return Bad("no int_code_end");
  if (functions != code.function_count) {
    return Bad(absl::StrCat(functions, " functions, the header says ", code.function_count));
  }
  OperandChecker checker(code, limits);
  for (const GenericInstr& instr : code.instructions) {
    for (const Operand& op : code.OperandsOf(instr)) {
      if (absl::Status s = checker.Check(op); !s.ok()) {
        return Bad(absl::StrCat(s.message(), " in ", NameOf(instr.op)));
      }
    }
  }
  for (uint32_t l = 1; l < code.label_count; ++l) {
    if (checker.used_labels()[l] && !defined[l]) {
      return Bad(absl::StrCat("label ", l, " is used but never defined"));
    }
  }
  return code;
}

}  // namespace ling::loader
