// The BIFs of bif_math.cc against what erl 25 gives for the same calls
// (testdata/check_bif_tests.escript checks every expectation here with erl).
#include <gtest/gtest.h>

#include "emulator/vm/bif_test_util.h"

namespace ling::vm {
namespace {

using testing::Call;

TEST(MathBifs, Values) {
  EXPECT_EQ(Call("math:sqrt(2)"), "1.4142135623730951");
  EXPECT_EQ(Call("math:sqrt(2.25)"), "1.5");
  EXPECT_EQ(Call("math:pow(2, 0.5)"), "1.4142135623730951");
  EXPECT_EQ(Call("math:pow(2, 10)"), "1024.0");
  EXPECT_EQ(Call("math:log(1)"), "0.0");
  EXPECT_EQ(Call("math:log2(8)"), "3.0");
  EXPECT_EQ(Call("math:log10(1000)"), "3.0");
  EXPECT_EQ(Call("math:exp(1)"), "2.718281828459045");
  EXPECT_EQ(Call("math:floor(2.5)"), "2.0");
  EXPECT_EQ(Call("math:floor(3)"), "3.0");
  EXPECT_EQ(Call("math:ceil(-2.5)"), "-2.0");
  EXPECT_EQ(Call("math:atan2(1, 1)"), "0.7853981633974483");
  EXPECT_EQ(Call("math:fmod(7, 3)"), "1.0");
  EXPECT_EQ(Call("math:fmod(-7.5, 2)"), "-1.5");
  EXPECT_EQ(Call("math:sin(0)"), "0.0");
  EXPECT_EQ(Call("math:cos(0)"), "1.0");
  EXPECT_EQ(Call("math:tan(1)"), "1.5574077246549023");
  EXPECT_EQ(Call("math:asin(1)"), "1.5707963267948966");
  EXPECT_EQ(Call("math:acos(1)"), "0.0");
  EXPECT_EQ(Call("math:atan(1)"), "0.7853981633974483");
  EXPECT_EQ(Call("math:sinh(1)"), "1.1752011936438014");
  EXPECT_EQ(Call("math:cosh(1)"), "1.5430806348152437");
  EXPECT_EQ(Call("math:tanh(1)"), "0.7615941559557649");
  EXPECT_EQ(Call("math:asinh(1)"), "0.881373587019543");
  EXPECT_EQ(Call("math:acosh(2)"), "1.3169578969248166");
  EXPECT_EQ(Call("math:atanh(0.5)"), "0.5493061443340548");
  EXPECT_EQ(Call("math:erf(1)"), "0.8427007929497149");
  EXPECT_EQ(Call("math:erfc(1)"), "0.15729920705028513");
  EXPECT_EQ(Call("math:sqrt(100000000000000000000000000000000)"), "1.0e16");
}

TEST(MathBifs, Errors) {
  EXPECT_EQ(Call("math:sqrt(-1)"), "error:badarith");
  EXPECT_EQ(Call("math:sqrt(a)"), "error:badarg");
  EXPECT_EQ(Call("math:log(0)"), "error:badarith");
  EXPECT_EQ(Call("math:log(-1)"), "error:badarith");
  EXPECT_EQ(Call("math:pow(10, 400)"), "error:badarith");
  EXPECT_EQ(Call("math:pow(a, 1)"), "error:badarg");
  EXPECT_EQ(Call("math:pow(1, a)"), "error:badarg");
  EXPECT_EQ(Call("math:exp(1000)"), "error:badarith");
  EXPECT_EQ(Call("math:acos(2)"), "error:badarith");
  EXPECT_EQ(Call("math:fmod(1, 0)"), "error:badarith");
  EXPECT_EQ(Call("math:floor(a)"), "error:badarg");
  EXPECT_EQ(Call("math:atan2(a, 1)"), "error:badarg");
}

}  // namespace
}  // namespace ling::vm
