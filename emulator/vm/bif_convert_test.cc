// The BIFs of bif_convert.cc against what erl 25 gives for the same calls
// (testdata/check_bif_tests.escript checks every expectation here with erl).
#include <gtest/gtest.h>

#include <string>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/fun.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::Erl;

TEST(ConvertBifs, AtomToList) {
  EXPECT_EQ(Call("atom_to_list(abc)"), Erl(R"("abc")"));
  EXPECT_EQ(Call("atom_to_list('hello world')"), Erl(R"("hello world")"));
  EXPECT_EQ(Call("atom_to_list('')"), "[]");
  EXPECT_EQ(Call("atom_to_list('é€')"), "[233,8364]");
  EXPECT_EQ(Call("atom_to_list(\"abc\")"), "error:badarg");
}

TEST(ConvertBifs, AtomToBinary) {
  EXPECT_EQ(Call("atom_to_binary(abc)"), Erl(R"(<<"abc">>)"));
  EXPECT_EQ(Call("atom_to_binary('é€')"), "<<195,169,226,130,172>>");
  EXPECT_EQ(Call("atom_to_binary('é', latin1)"), "<<233>>");
  EXPECT_EQ(Call("atom_to_binary('é', utf8)"), "<<195,169>>");
  EXPECT_EQ(Call("atom_to_binary('é', unicode)"), "<<195,169>>");
  EXPECT_EQ(Call("atom_to_binary('€', latin1)"), "error:badarg");
  EXPECT_EQ(Call("atom_to_binary(abc, utf16)"), "error:badarg");
  EXPECT_EQ(Call("atom_to_binary(1, utf8)"), "error:badarg");
}

TEST(ConvertBifs, BinaryToAtom) {
  EXPECT_EQ(Call(R"(binary_to_atom(<<"abc">>))"), "abc");
  EXPECT_EQ(Call(R"(binary_to_atom(<<"abc">>, latin1))"), "abc");
  EXPECT_EQ(Call("binary_to_atom(<<233>>, latin1)"), Erl("'é'"));
  EXPECT_EQ(Call("binary_to_atom(<<195,169>>, utf8)"), Erl("'é'"));
  EXPECT_EQ(Call("binary_to_atom(<<195,169>>, latin1)"), Erl("'Ã©'"));
  EXPECT_EQ(Call("binary_to_atom(<<233>>, utf8)"), "error:badarg");
  EXPECT_EQ(Call("binary_to_atom(<<>>, utf8)"), "''");
  EXPECT_EQ(Call("binary_to_atom(abc, utf8)"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_to_atom(<<"abc">>, utf16))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_to_existing_atom(<<"true">>))"), "true");
  EXPECT_EQ(Call(R"(binary_to_existing_atom(<<"ok">>, latin1))"), "ok");
  EXPECT_EQ(Call(R"(binary_to_existing_atom(<<"no such atom, surely">>, utf8))"), "error:badarg");
}

TEST(ConvertBifs, AtomsOfMoreThan255CharactersAreASystemLimit) {
  std::string a255(255, 'a');
  EXPECT_EQ(Call("binary_to_atom(<<\"" + a255 + "\">>)"), a255);
  EXPECT_EQ(Call("binary_to_atom(<<\"" + a255 + "b\">>)"), "error:system_limit");
  EXPECT_EQ(Call("list_to_atom(\"" + a255 + "b\")"), "error:system_limit");
  EXPECT_EQ(Call("list_to_existing_atom(\"" + a255 + "b\")"), "error:system_limit");
}

TEST(ConvertBifs, ListToAtom) {
  EXPECT_EQ(Call(R"(list_to_atom("abc"))"), "abc");
  EXPECT_EQ(Call(R"(list_to_atom("a b"))"), "'a b'");
  EXPECT_EQ(Call("list_to_atom([])"), "''");
  EXPECT_EQ(Call("list_to_atom([233,8364])"), Erl("'é€'"));
  EXPECT_EQ(Call("list_to_atom([97|b])"), "error:badarg");
  EXPECT_EQ(Call("list_to_atom([-1])"), "error:badarg");
  EXPECT_EQ(Call("list_to_atom([16#110000])"), "error:badarg");
  EXPECT_EQ(Call("list_to_atom([16#D800])"), "error:badarg");
  EXPECT_EQ(Call("list_to_atom(abc)"), "error:badarg");
  EXPECT_EQ(Call("list_to_atom([<<\"a\">>])"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_existing_atom("false"))"), "false");
  EXPECT_EQ(Call(R"(list_to_existing_atom("no such atom, surely"))"), "error:badarg");
}

TEST(ConvertBifs, IntegerToText) {
  EXPECT_EQ(Call("integer_to_list(123)"), Erl(R"("123")"));
  EXPECT_EQ(Call("integer_to_list(-123)"), Erl(R"("-123")"));
  EXPECT_EQ(Call("integer_to_list(0)"), Erl(R"("0")"));
  EXPECT_EQ(Call("integer_to_list(123456789012345678901234567890)"),
            Erl(R"("123456789012345678901234567890")"));
  EXPECT_EQ(Call("integer_to_list(-255, 16)"), Erl(R"("-FF")"));
  EXPECT_EQ(Call("integer_to_list(5, 2)"), Erl(R"("101")"));
  EXPECT_EQ(Call("integer_to_list(35, 36)"), Erl(R"("Z")"));
  EXPECT_EQ(Call("integer_to_list(1295, 36)"), Erl(R"("ZZ")"));
  EXPECT_EQ(Call("integer_to_list(-18446744073709551616, 16)"), Erl(R"("-10000000000000000")"));
  EXPECT_EQ(Call("integer_to_list(1, 1)"), "error:badarg");
  EXPECT_EQ(Call("integer_to_list(1, 37)"), "error:badarg");
  EXPECT_EQ(Call("integer_to_list(1, a)"), "error:badarg");
  EXPECT_EQ(Call("integer_to_list(1.0)"), "error:badarg");
  EXPECT_EQ(Call("integer_to_binary(-255)"), Erl(R"(<<"-255">>)"));
  EXPECT_EQ(Call("integer_to_binary(255, 16)"), Erl(R"(<<"FF">>)"));
  EXPECT_EQ(Call("integer_to_binary(-255, 2)"), Erl(R"(<<"-11111111">>)"));
  EXPECT_EQ(Call("integer_to_binary(a)"), "error:badarg");
  EXPECT_EQ(Call("integer_to_binary(10, 0)"), "error:badarg");
}

TEST(ConvertBifs, TextToInteger) {
  EXPECT_EQ(Call(R"(list_to_integer("123"))"), "123");
  EXPECT_EQ(Call(R"(list_to_integer("-123"))"), "-123");
  EXPECT_EQ(Call(R"(list_to_integer("+123"))"), "123");
  EXPECT_EQ(Call(R"(list_to_integer("007"))"), "7");
  EXPECT_EQ(Call(R"(list_to_integer("-0"))"), "0");
  EXPECT_EQ(Call(R"(list_to_integer("123456789012345678901234567890"))"),
            "123456789012345678901234567890");
  EXPECT_EQ(Call(R"(list_to_integer(""))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_integer("-"))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_integer(" 12"))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_integer("12 "))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_integer("1_000"))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_integer("1.0"))"), "error:badarg");
  EXPECT_EQ(Call("list_to_integer([$1|$2])"), "error:badarg");
  EXPECT_EQ(Call("list_to_integer(<<\"1\">>)"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_integer("ff", 16))"), "255");
  EXPECT_EQ(Call(R"(list_to_integer("-FF", 16))"), "-255");
  EXPECT_EQ(Call(R"(list_to_integer("zz", 36))"), "1295");
  EXPECT_EQ(Call(R"(list_to_integer("102", 2))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_integer("10", 1))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_integer("10", 37))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_integer("FFFFFFFFFFFFFFFFFFFF", 16))"), "1208925819614629174706175");
  EXPECT_EQ(Call(R"(binary_to_integer(<<"-42">>))"), "-42");
  EXPECT_EQ(Call(R"(binary_to_integer(<<"+42">>))"), "42");
  EXPECT_EQ(Call(R"(binary_to_integer(<<"42x">>))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_to_integer(<<>>))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_to_integer("42"))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_to_integer(<<"7fffffffffffffffffff">>, 16))"),
            "604462909807314587353087");
  EXPECT_EQ(Call(R"(binary_to_integer(<<"12">>, 3))"), "5");
  EXPECT_EQ(Call(R"(binary_to_integer(<<"12">>, 40))"), "error:badarg");
}

TEST(ConvertBifs, StringListToInteger) {
  EXPECT_EQ(Call(R"(string:list_to_integer("12abc"))"), Erl(R"({12,"abc"})"));
  EXPECT_EQ(Call(R"(string:list_to_integer("-12"))"), "{-12,[]}");
  EXPECT_EQ(Call(R"(string:list_to_integer("+12"))"), "{12,[]}");
  EXPECT_EQ(Call(R"(string:list_to_integer("123456789012345678901234567890 x"))"),
            Erl(R"({123456789012345678901234567890," x"})"));
  EXPECT_EQ(Call("string:list_to_integer([$1|x])"), "{1,x}");
  EXPECT_EQ(Call(R"(string:list_to_integer("-"))"), "{error,no_integer}");
  EXPECT_EQ(Call(R"(string:list_to_integer("-x"))"), "{error,no_integer}");
  EXPECT_EQ(Call(R"(string:list_to_integer("abc"))"), "{error,no_integer}");
  EXPECT_EQ(Call("string:list_to_integer([])"), "{error,no_integer}");
  EXPECT_EQ(Call("string:list_to_integer(a)"), "{error,not_a_list}");
}

TEST(ConvertBifs, FloatToTextDefault) {
  EXPECT_EQ(Call("float_to_list(1.0)"), Erl(R"("1.00000000000000000000e+00")"));
  EXPECT_EQ(Call("float_to_list(-0.1)"), Erl(R"("-1.00000000000000005551e-01")"));
  EXPECT_EQ(Call("float_to_list(1.0e300)"), Erl(R"("1.00000000000000005250e+300")"));
  EXPECT_EQ(Call("float_to_list(-0.0)"), Erl(R"("-0.00000000000000000000e+00")"));
  EXPECT_EQ(Call("float_to_binary(2.5)"), Erl(R"(<<"2.50000000000000000000e+00">>)"));
  EXPECT_EQ(Call("float_to_list(1)"), "error:badarg");
  EXPECT_EQ(Call("float_to_binary(a)"), "error:badarg");
}

TEST(ConvertBifs, FloatToTextDecimals) {
  EXPECT_EQ(Call("float_to_list(3.14159, [{decimals, 2}])"), Erl(R"("3.14")"));
  EXPECT_EQ(Call("float_to_list(3.14159, [{decimals, 0}])"), Erl(R"("3")"));
  EXPECT_EQ(Call("float_to_list(0.5, [{decimals, 0}])"), Erl(R"("1")"));
  EXPECT_EQ(Call("float_to_list(2.5, [{decimals, 0}])"), Erl(R"("3")"));
  EXPECT_EQ(Call("float_to_list(-2.5, [{decimals, 0}])"), Erl(R"("-3")"));
  EXPECT_EQ(Call("float_to_list(0.125, [{decimals, 2}])"), Erl(R"("0.13")"));
  EXPECT_EQ(Call("float_to_list(0.999, [{decimals, 2}])"), Erl(R"("1.00")"));
  EXPECT_EQ(Call("float_to_list(-0.0, [{decimals, 2}])"), Erl(R"("-0.00")"));
  EXPECT_EQ(Call("float_to_list(1.0, [{decimals, 4}, compact])"), Erl(R"("1.0")"));
  EXPECT_EQ(Call("float_to_list(1.25, [{decimals, 4}, compact])"), Erl(R"("1.25")"));
  EXPECT_EQ(Call("float_to_list(1.0, [compact, {decimals, 4}])"), Erl(R"("1.0")"));
  EXPECT_EQ(Call("float_to_list(100.0, [{decimals, 0}, compact])"), Erl(R"("100")"));
  EXPECT_EQ(Call("float_to_list(1.0e20, [{decimals, 2}])"), Erl(R"("100000000000000000000.00")"));
  EXPECT_EQ(Call("float_to_list(1.0e20, [{decimals, 2}, compact])"),
            Erl(R"("100000000000000000000.0")"));
  EXPECT_EQ(Call("float_to_list(1.0e20, [{decimals, 0}, compact])"), Erl(R"("1")"));
  EXPECT_EQ(Call("float_to_list(0.1, [{decimals, 20}])"), Erl(R"("0.10000000000000000555")"));
  EXPECT_EQ(Call("float_to_list(123.456, [{decimals, 18}])"), Erl(R"("123.456000000000003072")"));
  EXPECT_EQ(Call("float_to_list(1.0e300, [{decimals, 0}])"), "error:badarg");
  EXPECT_EQ(Call("float_to_list(1.0, [{decimals, -1}])"), "error:badarg");
  EXPECT_EQ(Call("float_to_list(1.0, [{decimals, 254}])"), "error:badarg");
  EXPECT_EQ(Call("float_to_binary(1.5, [{decimals, 3}])"), Erl(R"(<<"1.500">>)"));
}

TEST(ConvertBifs, FloatToTextScientificAndShort) {
  EXPECT_EQ(Call("float_to_list(1.0, [{scientific, 3}])"), Erl(R"("1.000e+00")"));
  EXPECT_EQ(Call("float_to_list(12345.678, [{scientific, 2}])"), Erl(R"("1.23e+04")"));
  EXPECT_EQ(Call("float_to_list(1.0, [{scientific, 0}])"), Erl(R"("1e+00")"));
  EXPECT_EQ(Call("float_to_list(1.0, [{scientific, -1}])"), Erl(R"("1.000000e+00")"));
  EXPECT_EQ(Call("float_to_list(1.0, [{scientific, 250}])"), "error:badarg");
  EXPECT_EQ(Call("float_to_list(1.0, [{decimals, 2}, {scientific, 3}])"), Erl(R"("1.000e+00")"));
  EXPECT_EQ(Call("float_to_list(1.0, [{scientific, 3}, {decimals, 2}])"), Erl(R"("1.00")"));
  EXPECT_EQ(Call("float_to_list(1.0, [short])"), Erl(R"("1.0")"));
  EXPECT_EQ(Call("float_to_list(0.1, [short])"), Erl(R"("0.1")"));
  EXPECT_EQ(Call("float_to_list(1.0e20, [short])"), Erl(R"("1.0e20")"));
  EXPECT_EQ(Call("float_to_list(1.0e15, [short])"), Erl(R"("1.0e15")"));
  EXPECT_EQ(Call("float_to_list(123456.0, [short])"), Erl(R"("123456.0")"));
  EXPECT_EQ(Call("float_to_list(0.0001, [short])"), Erl(R"("0.0001")"));
  EXPECT_EQ(Call("float_to_list(0.00001, [short])"), Erl(R"("1.0e-5")"));
  EXPECT_EQ(Call("float_to_list(-0.0, [short])"), Erl(R"("-0.0")"));
  EXPECT_EQ(Call("float_to_list(123456789012345678.0, [short])"),
            Erl(R"("1.2345678901234568e17")"));
  EXPECT_EQ(Call("float_to_list(5.0e-324, [short])"), Erl(R"("5.0e-324")"));
  EXPECT_EQ(Call("float_to_list(1.7976931348623157e308, [short])"),
            Erl(R"("1.7976931348623157e308")"));
  EXPECT_EQ(Call("float_to_list(1.0, [compact])"), Erl(R"("1.00000000000000000000e+00")"));
  EXPECT_EQ(Call("float_to_list(1.0, [{decimals, 2}|x])"), "error:badarg");
  EXPECT_EQ(Call("float_to_list(1.0, [bad])"), "error:badarg");
  EXPECT_EQ(Call("float_to_list(1.0, [{decimals, a}])"), "error:badarg");
  EXPECT_EQ(Call("float_to_binary(1.0, [short])"), Erl(R"(<<"1.0">>)"));
}

TEST(ConvertBifs, TextToFloat) {
  EXPECT_EQ(Call(R"(list_to_float("1.5"))"), "1.5");
  EXPECT_EQ(Call(R"(list_to_float("-1.5"))"), "-1.5");
  EXPECT_EQ(Call(R"(list_to_float("+1.5"))"), "1.5");
  EXPECT_EQ(Call(R"(list_to_float("1,5"))"), "1.5");
  EXPECT_EQ(Call(R"(list_to_float("1.0e10"))"), "1.0e10");
  EXPECT_EQ(Call(R"(list_to_float("1.5E+3"))"), "1.5e3");
  EXPECT_EQ(Call(R"(list_to_float("01.50"))"), "1.5");
  EXPECT_EQ(Call(R"(list_to_float("1.0e-400"))"), "0.0");
  EXPECT_EQ(Call(R"(list_to_float("1.0e400"))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_float("1e10"))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_float(".5"))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_float("1."))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_float("1.5 "))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_float("1"))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_float(""))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_float("1.0e"))"), "error:badarg");
  EXPECT_EQ(Call("list_to_float(1.5)"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_to_float(<<"1.0e-3">>))"), "0.001");
  EXPECT_EQ(Call(R"(binary_to_float(<<"-2.25">>))"), "-2.25");
  EXPECT_EQ(Call(R"(binary_to_float(<<"2">>))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_to_float(<<>>))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_to_float("1.0"))"), "error:badarg");
}

TEST(ConvertBifs, StringListToFloat) {
  EXPECT_EQ(Call(R"(string:list_to_float("1.5abc"))"), Erl(R"({1.5,"abc"})"));
  EXPECT_EQ(Call(R"(string:list_to_float("-1.5e3x"))"), Erl(R"({-1.5e3,"x"})"));
  EXPECT_EQ(Call(R"(string:list_to_float("+1.5"))"), "{1.5,[]}");
  EXPECT_EQ(Call(R"(string:list_to_float("1.5e"))"), Erl(R"({1.5,"e"})"));
  EXPECT_EQ(Call(R"(string:list_to_float("1.5e-"))"), Erl(R"({1.5,"e-"})"));
  EXPECT_EQ(Call(R"(string:list_to_float("1.5ex"))"), Erl(R"({1.5,"ex"})"));
  EXPECT_EQ(Call(R"(string:list_to_float("1.5e5.3"))"), Erl(R"({1.5e5,".3"})"));
  EXPECT_EQ(Call(R"(string:list_to_float("1.5-"))"), Erl(R"({1.5,"-"})"));
  EXPECT_EQ(Call(R"(string:list_to_float("2,5"))"), "{2.5,[]}");
  EXPECT_EQ(Call("string:list_to_float([$1,$.,$5|x])"), "{1.5,x}");
  EXPECT_EQ(Call(R"(string:list_to_float("1e5"))"), "{error,no_float}");
  EXPECT_EQ(Call(R"(string:list_to_float("1."))"), "{error,no_float}");
  EXPECT_EQ(Call(R"(string:list_to_float("1-"))"), "{error,no_float}");
  EXPECT_EQ(Call(R"(string:list_to_float("abc"))"), "{error,no_float}");
  EXPECT_EQ(Call(R"(string:list_to_float("1.0e999"))"), "{error,no_float}");
  EXPECT_EQ(Call("string:list_to_float([])"), "{error,no_float}");
  EXPECT_EQ(Call("string:list_to_float(a)"), "{error,not_a_list}");
}

TEST(ConvertBifs, TuplesAndLists) {
  EXPECT_EQ(Call("tuple_to_list({a,b,c})"), "[a,b,c]");
  EXPECT_EQ(Call("tuple_to_list({})"), "[]");
  EXPECT_EQ(Call("tuple_to_list([a])"), "error:badarg");
  EXPECT_EQ(Call("list_to_tuple([a,b,c])"), "{a,b,c}");
  EXPECT_EQ(Call("list_to_tuple([])"), "{}");
  EXPECT_EQ(Call("list_to_tuple([a|b])"), "error:badarg");
  EXPECT_EQ(Call("list_to_tuple({a})"), "error:badarg");
}

TEST(ConvertBifs, BinariesAndLists) {
  EXPECT_EQ(Call(R"(binary_to_list(<<"abc">>))"), Erl(R"("abc")"));
  EXPECT_EQ(Call("binary_to_list(<<>>)"), "[]");
  EXPECT_EQ(Call("binary_to_list(abc)"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_to_list(<<"abcde">>, 2, 4))"), Erl(R"("bcd")"));
  EXPECT_EQ(Call(R"(binary_to_list(<<"abcde">>, 1, 5))"), Erl(R"("abcde")"));
  EXPECT_EQ(Call(R"(binary_to_list(<<"abcde">>, 3, 3))"), Erl(R"("c")"));
  EXPECT_EQ(Call(R"(binary_to_list(<<"abcde">>, 4, 3))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_to_list(<<"abcde">>, 0, 3))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_to_list(<<"abcde">>, 2, 6))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_to_list(<<"abcde">>, a, 6))"), "error:badarg");
  EXPECT_EQ(Call("bitstring_to_list(<<1,2>>)"), "[1,2]");
  EXPECT_EQ(Call(R"(list_to_binary("abc"))"), Erl(R"(<<"abc">>)"));
  EXPECT_EQ(Call("list_to_binary([])"), "<<>>");
  EXPECT_EQ(Call(R"(list_to_binary([1, [2, <<3,4>>], [], <<>> | <<5>>]))"), "<<1,2,3,4,5>>");
  EXPECT_EQ(Call(R"(list_to_binary(<<"abc">>))"), "error:badarg");
  EXPECT_EQ(Call("list_to_binary([256])"), "error:badarg");
  EXPECT_EQ(Call("list_to_binary([-1])"), "error:badarg");
  EXPECT_EQ(Call("list_to_binary([a])"), "error:badarg");
  EXPECT_EQ(Call("list_to_binary([1|2])"), "error:badarg");
  EXPECT_EQ(Call("list_to_bitstring([1,<<2>>])"), "<<1,2>>");
  EXPECT_EQ(Call(R"(iolist_to_binary(<<"abc">>))"), Erl(R"(<<"abc">>)"));
  EXPECT_EQ(Call(R"(iolist_to_binary([$a, [<<"b">>, [[$c]]]]))"), Erl(R"(<<"abc">>)"));
  EXPECT_EQ(Call("iolist_to_binary(a)"), "error:badarg");
  EXPECT_EQ(Call("iolist_to_binary(1)"), "error:badarg");
  EXPECT_EQ(Call("iolist_size([1, [2, <<3,4>>] | <<5>>])"), "5");
  EXPECT_EQ(Call("iolist_size(<<1,2,3>>)"), "3");
  EXPECT_EQ(Call("iolist_size([])"), "0");
  EXPECT_EQ(Call("iolist_size([300])"), "error:badarg");
  EXPECT_EQ(Call("iolist_size(a)"), "error:badarg");
}

TEST(ConvertBifs, Bitstrings) {
  EXPECT_EQ(Call("bitstring_to_list(<<1:9>>)"), "[0,<<1:1>>]");
  EXPECT_EQ(Call("bitstring_to_list(<<5:3>>)"), "[<<5:3>>]");
  EXPECT_EQ(Call("bitstring_to_list(<<>>)"), "[]");
  EXPECT_EQ(Call("bitstring_to_list(a)"), "error:badarg");
  EXPECT_EQ(Call("binary_to_list(<<1:9>>)"), "error:badarg");
  EXPECT_EQ(Call("binary_to_list(<<1,2,3:7>>, 1, 2)"), "[1,2]");
  EXPECT_EQ(Call("binary_to_list(<<1,2,3:7>>, 1, 3)"), "error:badarg");
  EXPECT_EQ(Call("list_to_bitstring([1, <<1:1>>, [<<3:3>>]])"), "<<1,11:4>>");
  EXPECT_EQ(Call("list_to_bitstring([<<1:1>> | <<1:7>>])"), "<<129>>");
  EXPECT_EQ(Call("list_to_bitstring([])"), "<<>>");
  EXPECT_EQ(Call("list_to_bitstring(<<1:1>>)"), "error:badarg");
  EXPECT_EQ(Call("list_to_bitstring([a])"), "error:badarg");
  EXPECT_EQ(Call("list_to_binary([<<1:1>>])"), "error:badarg");
  EXPECT_EQ(Call("iolist_size([<<1:9>>])"), "error:badarg");
  EXPECT_EQ(Call("iolist_to_binary(<<1:9>>)"), "error:badarg");
  EXPECT_EQ(Call("term_to_binary(<<1:9>>)"), "<<131,77,0,0,0,2,1,0,128>>");
  EXPECT_EQ(Call("binary_to_term(<<131,77,0,0,0,2,1,0,128>>)"), "<<0,1:1>>");
  EXPECT_EQ(Call("binary_to_atom(<<1:9>>, latin1)"), "error:badarg");
  EXPECT_EQ(Call("binary_to_integer(<<1:9>>)"), "error:badarg");
}

// A sub-binary whose bits do not start a byte is read through a copy.
TEST(ConvertBifs, UnalignedBinaries) {
  ProcessMemory memory;
  Term whole = *testing::ParseTerm(memory, R"(<<16#F3:8, "123", 16#40:8>>)");
  Term head = MakeSubBitstring(memory, whole, 4, 32);  // 0x33 0x13 0x23 0x34
  EXPECT_EQ(testing::Call(memory, "erlang", "binary_to_list", {&head, 1}), "[51,19,35,52]");
  Term tail = MakeSubBitstring(memory, whole, 12, 24);  // 0x13 0x23 0x34
  EXPECT_EQ(testing::Call(memory, "erlang", "binary_to_list", {&tail, 1}), "[19,35,52]");
  Term list = MakeCons(memory, tail, kNil);
  EXPECT_EQ(testing::Call(memory, "erlang", "list_to_binary", {&list, 1}), "<<19,35,52>>");
  EXPECT_EQ(testing::Call(memory, "erlang", "iolist_size", {&list, 1}), "3");
  Term text = MakeSubBitstring(memory, *testing::ParseTerm(memory, R"(<<1:4, "42", 0:4>>)"), 4, 16);
  EXPECT_EQ(testing::Call(memory, "erlang", "binary_to_integer", {&text, 1}), "42");
}

TEST(ConvertBifs, DeeplyNestedIolistsNeedNoRecursion) {
  ProcessMemory memory;
  Term t = MakeCons(memory, MakeSmall(7), kNil);
  for (int i = 0; i < 1000000; ++i)
    t = MakeCons(memory, t, kNil);
  EXPECT_EQ(testing::Call(memory, "erlang", "iolist_size", {&t, 1}), "1");
  EXPECT_EQ(testing::Call(memory, "erlang", "iolist_to_binary", {&t, 1}), "<<7>>");
}

TEST(ConvertBifs, FunToList) {
  EXPECT_EQ(Call("fun_to_list(fun lists:map/2)"), Erl(R"("fun lists:map/2")"));
  EXPECT_EQ(Call("fun_to_list(fun 'a b':c/0)"), Erl(R"("fun 'a b':c/0")"));
  EXPECT_EQ(Call("fun_to_list(a)"), "error:badarg");
  EXPECT_EQ(Call("pid_to_list(a)"), "error:badarg");
  EXPECT_EQ(Call("port_to_list(a)"), "error:badarg");
  EXPECT_EQ(Call("ref_to_list(a)"), "error:badarg");
}

TEST(ConvertBifs, PidToList) {
  ProcessMemory memory;
  Term pid = MakePid(85);
  EXPECT_EQ(testing::Call(memory, "erlang", "pid_to_list", {&pid, 1}), Erl(R"("<0.85.0>")"));
}

// The inverses, checked with erl (non-distributed): each gives back a term
// that prints as its text.
TEST(ConvertBifs, TextToPidPortRef) {
  EXPECT_EQ(Call(R"(list_to_pid("<0.5.3>"))"), "<0.5.3>");
  EXPECT_EQ(Call(R"(list_to_port("#Port<0.77>"))"), "#Port<0.77>");
  EXPECT_EQ(Call(R"(list_to_ref("#Ref<0.1.2.3>"))"), "#Ref<0.1.2.3>");
  EXPECT_EQ(Call(R"(list_to_pid("<0.5.3> "))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_pid("<1.5.3>"))"), "error:badarg");  // no other nodes
  EXPECT_EQ(Call(R"(list_to_pid("<0.-5.3>"))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_pid("<0.268435456.3>"))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_pid(<<"<0.5.3>">>))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_port("#Port<1.77>"))"), "error:badarg");
  EXPECT_EQ(Call(R"(list_to_ref("#Ref<0.1.2>"))"), "error:badarg");
}

TEST(ConvertBifs, NodesOfANodeThatIsNotDistributed) {
  EXPECT_EQ(Call("nodes()"), "[]");
  EXPECT_EQ(Call("nodes(connected)"), "[]");
  EXPECT_EQ(Call("nodes(this)"), "[nonode@nohost]");
  EXPECT_EQ(Call("nodes([this, connected])"), "[nonode@nohost]");
  EXPECT_EQ(Call("nodes(bad)"), "error:badarg");
  EXPECT_EQ(Call("nodes([visible|x])"), "error:badarg");
  EXPECT_EQ(Call("is_alive()"), "false");
}

TEST(ConvertBifs, TermToBinary) {
  EXPECT_EQ(Call("term_to_binary(1)"), "<<131,97,1>>");
  EXPECT_EQ(Call("term_to_iovec(1)"), "[<<131,97,1>>]");
  EXPECT_EQ(Call("term_to_iovec({1,[2]})"), "[<<131,104,2,97,1,107,0,1,2>>]");
  EXPECT_EQ(Call("term_to_iovec(a, [{minor_version, 2}])"), "[<<131,119,1,97>>]");
  EXPECT_EQ(Call("term_to_iovec(a, [bad])"), "error:badarg");
  EXPECT_EQ(Call("term_to_binary({1,[2]})"), "<<131,104,2,97,1,107,0,1,2>>");
  EXPECT_EQ(Call("term_to_binary(a, [{minor_version, 2}])"), "<<131,119,1,97>>");
  EXPECT_EQ(Call("term_to_binary(1.5, [{minor_version, 1}])"), "<<131,70,63,248,0,0,0,0,0,0>>");
  EXPECT_EQ(Call("term_to_binary(\"abc\", [compressed])"), Erl("<<131,107,0,3,97,98,99>>"));
  EXPECT_EQ(Call("term_to_binary(1, [deterministic])"), "<<131,97,1>>");
  EXPECT_EQ(Call("term_to_binary(1, [{minor_version, 3}])"), "error:badarg");
  EXPECT_EQ(Call("term_to_binary(1, [{compressed, 10}])"), "error:badarg");
  EXPECT_EQ(Call("term_to_binary(1, [bad])"), "error:badarg");
  EXPECT_EQ(Call("term_to_binary(1, bad)"), "error:badarg");
  EXPECT_EQ(Call("external_size({1,[2]})"), "9");
  EXPECT_EQ(Call("external_size(1, [bad])"), "error:badarg");
}

// The minor version decides atoms (below 2: Latin-1 ones as ATOM_EXT) and
// floats (0: FLOAT_EXT text); the last one given wins. external_size/2 takes
// only {minor_version, 0 | 1}.
TEST(ConvertBifs, TermToBinaryMinorVersions) {
  EXPECT_EQ(Call("term_to_binary(a)"), "<<131,100,0,1,97>>");
  EXPECT_EQ(Call("term_to_binary(a, [{minor_version, 0}])"), "<<131,100,0,1,97>>");
  EXPECT_EQ(Call("term_to_binary('é')"), "<<131,100,0,1,233>>");
  EXPECT_EQ(Call("term_to_binary('é', [{minor_version, 2}])"), "<<131,119,2,195,169>>");
  EXPECT_EQ(Call("term_to_binary('€')"), "<<131,119,3,226,130,172>>");
  EXPECT_EQ(Call("term_to_binary(1.5, [{minor_version, 0}])"),
            "<<131,99,49,46,53,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,101,43,48,"
            "48,0,0,0,0,0>>");
  EXPECT_EQ(Call("term_to_binary(a, [{minor_version, 1}, {minor_version, 2}])"),
            "<<131,119,1,97>>");
  EXPECT_EQ(Call("term_to_binary(a, [{minor_version, 2}, {minor_version, 0}])"),
            "<<131,100,0,1,97>>");
  EXPECT_EQ(Call("term_to_binary(a, [{minor_version, -1}])"), "error:badarg");
  EXPECT_EQ(Call("term_to_binary(a, [{minor_version, x}])"), "error:badarg");
  EXPECT_EQ(Call("term_to_binary(a, [minor_version])"), "error:badarg");
  EXPECT_EQ(Call("external_size(a)"), "5");
  EXPECT_EQ(Call("external_size(1.5, [{minor_version, 0}])"), "33");
  EXPECT_EQ(Call("external_size(1.5, [{minor_version, 0}, {minor_version, 1}])"), "33");
  EXPECT_EQ(Call("external_size(1.5, [{minor_version, 1}])"), "10");
  EXPECT_EQ(Call("external_size(a, [{minor_version, 2}])"), "error:badarg");
  EXPECT_EQ(Call("external_size(a, [compressed])"), "error:badarg");
  EXPECT_EQ(Call("external_size(a, [deterministic])"), "error:badarg");
}

TEST(ConvertBifs, TermToBinaryCompressesWhenThatIsSmaller) {
  EXPECT_EQ(Call("term_to_binary([0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
                 "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0], [compressed])"),
            Erl("<<131,80,0,0,0,53,120,156,203,102,48,98,32,25,0,0,32,82,0,158>>"));
  EXPECT_EQ(Call("term_to_binary([0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
                 "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0], [{compressed, 9}])"),
            Erl("<<131,80,0,0,0,53,120,218,203,102,48,98,32,25,0,0,32,82,0,158>>"));
}

TEST(ConvertBifs, BinaryToTerm) {
  EXPECT_EQ(Call("binary_to_term(<<131,104,2,97,1,107,0,1,2>>)"), "{1,[2]}");
  EXPECT_EQ(Call("binary_to_term(<<131,100,0,1,97>>)"), "a");
  EXPECT_EQ(Call("binary_to_term(<<131,97,1,0,0>>, [used])"), "{1,3}");
  EXPECT_EQ(Call("binary_to_term(<<131,80,0,0,0,53,120,156,203,102,48,98,32,25,0,0,32,82,0,158>>)"),
            Erl("[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,"
                "0,0,0,0,0,0,0,0,0,0,0]"));
  EXPECT_EQ(Call("binary_to_term(<<131,100,0,4,116,114,117,101>>, [safe])"), "true");
  EXPECT_EQ(Call("binary_to_term(<<131,119,9,110,111,32,115,117,99,104,32,97,116,111>>, [safe])"),
            "error:badarg");
  EXPECT_EQ(Call("binary_to_term(<<131,97>>)"), "error:badarg");
  EXPECT_EQ(Call("binary_to_term(<<130,97,1>>)"), "error:badarg");
  EXPECT_EQ(Call("binary_to_term(<<>>)"), "error:badarg");
  EXPECT_EQ(Call("binary_to_term(abc)"), "error:badarg");
  EXPECT_EQ(Call("binary_to_term(<<131,97,1>>, [bad])"), "error:badarg");
  EXPECT_EQ(Call("binary_to_term(<<131,97,1>>, [safe|x])"), "error:badarg");
}

}  // namespace
}  // namespace ling::vm
