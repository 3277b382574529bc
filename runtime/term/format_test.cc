#include "runtime/term/format.h"

#include <gtest/gtest.h>

#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"

namespace ling {
namespace {

// Expected strings are what erl prints with io:format("~w", [...]) (OTP 25).
TEST(Format, FloatsAsErlangWritesThem) {
  struct Case {
    double value;
    const char* text;
  } cases[] = {
      {1.0e10, "1.0e10"},
      {1.0e20, "1.0e20"},
      {123.456, "123.456"},
      {0.1, "0.1"},
      {1.0e-4, "0.0001"},
      {1.0e-5, "1.0e-5"},
      {0.001, "0.001"},
      {1.5e300, "1.5e300"},
      {-0.0, "-0.0"},
      {100.0, "100.0"},
      {1.0e15, "1.0e15"},
      {1.2345678901234568e17, "1.2345678901234568e17"},
      {5.0e-324, "5.0e-324"},
      {0.0001234, "1.234e-4"},
      {12345.0e3, "1.2345e7"},
      {1.0e3, "1.0e3"},
      {12345.0, "12345.0"},
      {1234567890123456.8, "1234567890123456.8"},
      {123456789012300.0, "123456789012300.0"},
      {1.2345678901234567e16, "1.2345678901234568e16"},
      {0.0015, "0.0015"},
      {1.5e-4, "1.5e-4"},
      {0.12345, "0.12345"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(FormatFloat(c.value), c.text) << c.text;
}

TEST(Format, AtomsQuotedWhereErlangQuotes) {
  EXPECT_EQ(ToString(atoms::kEXIT), "'EXIT'");
  EXPECT_EQ(ToString(InternAtom("hello world")), "'hello world'");
  EXPECT_EQ(ToString(InternAtom("Abc")), "'Abc'");
  EXPECT_EQ(ToString(InternAtom("aB")), "aB");
  EXPECT_EQ(ToString(InternAtom("a_1")), "a_1");
  EXPECT_EQ(ToString(InternAtom("a@b")), "a@b");
  EXPECT_EQ(ToString(InternAtom("")), "''");
  EXPECT_EQ(ToString(InternAtom("receive")), "'receive'");
  EXPECT_EQ(ToString(InternAtom("else")), "else");
  EXPECT_EQ(ToString(InternAtom("it's")), "'it\\'s'");
}

TEST(Format, CompoundTerms) {
  Heap h;
  EXPECT_EQ(ToString(MakeCons(h, atoms::kOk, InternAtom("b"))), "[ok|b]");
  EXPECT_EQ(ToString(MakeTuple(h, {atoms::kOk, MakeString(h, "ab"), kNil})), "{ok,[97,98],[]}");
  EXPECT_EQ(ToString(MakeBinary(h, std::string_view("\x01\x02\x03"))), "<<1,2,3>>");
  EXPECT_EQ(ToString(MakeSmall(-42)), "-42");
  EXPECT_EQ(ToString(MakePid((uint64_t{3} << 28) | 77)), "<0.77.3>");
  EXPECT_EQ(ToString(MakePort(5)), "#Port<0.5>");
  EXPECT_EQ(ToString(MakeTuple(h, {})), "{}");
}

}  // namespace
}  // namespace ling
