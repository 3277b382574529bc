// The opcode table agrees, line for line, with the installed compiler's.
#include "emulator/loader/generic_opcodes.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "emulator/loader/test_files.h"

namespace ling::loader {
namespace {

TEST(GenericOpcodes, MatchTheInstalledCompiler) {
  std::ifstream in(testing::Runfile("emulator/loader/installed_opcodes.txt"));
  ASSERT_TRUE(in) << "the genrule's output is missing";
  int number = 0, arity = 0, lines = 0;
  std::string name;
  while (in >> number >> name >> arity) {
    ++lines;
    const GenOpInfo* info = FindGenOp(number);
    ASSERT_NE(info, nullptr) << "opcode " << number << " (" << name << ") is missing";
    EXPECT_EQ(info->name, name) << "opcode " << number;
    EXPECT_EQ(info->arity, arity) << name;
  }
  EXPECT_EQ(lines, kMaxGenOp) << "the installed compiler has another highest opcode";
  EXPECT_EQ(FindGenOp(0), nullptr);
  EXPECT_EQ(FindGenOp(kMaxGenOp + 1), nullptr);
}

}  // namespace
}  // namespace ling::loader
