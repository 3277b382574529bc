#include "emulator/loader/generic_opcodes.h"

#include <array>

namespace ling::loader {
namespace {

constexpr std::array<GenOpInfo, kMaxGenOp + 1> MakeTable() {
  std::array<GenOpInfo, kMaxGenOp + 1> table{};
#define LING_GENOP(number, name, camel, arity) table[number] = {#name, arity};
#include "emulator/loader/generic_opcodes.def"
#undef LING_GENOP
  return table;
}

constexpr std::array<GenOpInfo, kMaxGenOp + 1> kTable = MakeTable();

}  // namespace

const GenOpInfo* FindGenOp(int number) {
  if (number <= 0 || number > kMaxGenOp || kTable[number].name == nullptr) return nullptr;
  return &kTable[number];
}

}  // namespace ling::loader
