// The BIFs of bif_binary.cc against what erl 25 gives for the same calls
// (testdata/check_bif_tests.escript checks every expectation here with erl).
#include <gtest/gtest.h>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/binary.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::Erl;

TEST(BinaryBifs, Part) {
  EXPECT_EQ(Call(R"(binary:part(<<"abcde">>, 1, 3))"), Erl(R"(<<"bcd">>)"));
  EXPECT_EQ(Call(R"(binary:part(<<"abcde">>, {1, 3}))"), Erl(R"(<<"bcd">>)"));
  EXPECT_EQ(Call(R"(binary:part(<<"abcde">>, 5, 0))"), "<<>>");
  EXPECT_EQ(Call(R"(binary:part(<<"abcde">>, 5, -2))"), Erl(R"(<<"de">>)"));
  EXPECT_EQ(Call(R"(binary:part(<<"abcde">>, {3, -3}))"), Erl(R"(<<"abc">>)"));
  EXPECT_EQ(Call(R"(binary:part(<<"abcde">>, 2, -3))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:part(<<"abcde">>, 3, 3))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:part(<<"abcde">>, 6, 0))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:part(<<"abcde">>, -1, 1))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:part(<<"abcde">>, a, 1))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:part(<<"abcde">>, {1, 2, 3}))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:part("abcde", 1, 1))"), "error:badarg");
  EXPECT_EQ(Call("binary:part(<<1,2,3:4>>, 1, 1)"), "<<2>>");
  EXPECT_EQ(Call("binary:part(<<1,2,3:4>>, 1, 2)"), "error:badarg");
  EXPECT_EQ(Call(R"(binary_part(<<"abcde">>, 0, 2))"), Erl(R"(<<"ab">>)"));
  EXPECT_EQ(Call(R"(binary_part(<<"abcde">>, {4, 1}))"), Erl(R"(<<"e">>)"));
  EXPECT_EQ(Call(R"(binary_part(<<"abcde">>, {4, 2}))"), "error:badarg");
}

TEST(BinaryBifs, PartOfALargeBinaryIsASliceOfIt) {
  std::string big(100, 'x');
  EXPECT_EQ(Call("binary:part(<<\"" + big + "\">>, 10, 80)"),
            Erl("<<\"" + big.substr(0, 80) + "\">>"));
}

TEST(BinaryBifs, SplitBinary) {
  EXPECT_EQ(Call(R"(split_binary(<<"abc">>, 1))"), Erl(R"({<<"a">>, <<"bc">>})"));
  EXPECT_EQ(Call(R"(split_binary(<<"abc">>, 0))"), Erl(R"({<<>>, <<"abc">>})"));
  EXPECT_EQ(Call(R"(split_binary(<<"abc">>, 3))"), Erl(R"({<<"abc">>, <<>>})"));
  EXPECT_EQ(Call(R"(split_binary(<<"abc">>, 4))"), "error:badarg");
  EXPECT_EQ(Call(R"(split_binary(<<"abc">>, -1))"), "error:badarg");
  EXPECT_EQ(Call("split_binary(<<1,2,3:4>>, 1)"), "{<<1>>,<<2,3:4>>}");
  EXPECT_EQ(Call("split_binary(abc, 1)"), "error:badarg");
}

TEST(BinaryBifs, BinToList) {
  EXPECT_EQ(Call(R"(binary:bin_to_list(<<"abc">>))"), Erl(R"("abc")"));
  EXPECT_EQ(Call(R"(binary:bin_to_list(<<"abcde">>, {1, 2}))"), Erl(R"("bc")"));
  EXPECT_EQ(Call(R"(binary:bin_to_list(<<"abcde">>, 3, -2))"), Erl(R"("bc")"));
  EXPECT_EQ(Call(R"(binary:bin_to_list(<<"abcde">>, 5, 0))"), "[]");
  EXPECT_EQ(Call(R"(binary:bin_to_list(<<"abcde">>, 4, 2))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:bin_to_list(<<"abcde">>, x))"), "error:badarg");
  EXPECT_EQ(Call("binary:bin_to_list(<<1:9>>)"), "error:badarg");
  EXPECT_EQ(Call("binary:bin_to_list(<<1,2:4>>, 0, 1)"), "error:badarg");
}

TEST(BinaryBifs, BytesAndCopies) {
  EXPECT_EQ(Call(R"(binary:at(<<"abc">>, 0))"), "97");
  EXPECT_EQ(Call(R"(binary:at(<<"abc">>, 2))"), "99");
  EXPECT_EQ(Call(R"(binary:at(<<"abc">>, 3))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:at(<<"abc">>, -1))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:first(<<"abc">>))"), "97");
  EXPECT_EQ(Call(R"(binary:last(<<"abc">>))"), "99");
  EXPECT_EQ(Call("binary:first(<<>>)"), "error:badarg");
  EXPECT_EQ(Call("binary:last(<<>>)"), "error:badarg");
  EXPECT_EQ(Call("binary:first(<<1:9>>)"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:copy(<<"ab">>))"), Erl(R"(<<"ab">>)"));
  EXPECT_EQ(Call(R"(binary:copy(<<"ab">>, 3))"), Erl(R"(<<"ababab">>)"));
  EXPECT_EQ(Call(R"(binary:copy(<<"ab">>, 0))"), "<<>>");
  EXPECT_EQ(Call("binary:copy(<<>>, 4611686018427387904)"), "<<>>");
  EXPECT_EQ(Call(R"(binary:copy(<<"ab">>, -1))"), "error:badarg");
  EXPECT_EQ(Call("binary:copy(ab, 1)"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:list_to_bin([$a, [<<"b">>], "c"]))"), Erl(R"(<<"abc">>)"));
  EXPECT_EQ(Call("binary:list_to_bin(<<1>>)"), "error:badarg");
  EXPECT_EQ(Call("binary:list_to_bin([256])"), "error:badarg");
}

// erl refuses nothing: binary:copy(<<"ab">>, 1 bsl 59) makes its emulator
// die trying to allocate 2^60 bytes. (Not for the erl check, then.)
TEST(BinaryBifs, HugeCopiesAreASystemLimit) {
  std::string small_n = R"(binary:copy(<<"ab">>, 576460752303423487))";
  std::string big_n = R"(binary:copy(<<"ab">>, 1152921504606846976))";
  EXPECT_EQ(Call(small_n), "error:system_limit");
  EXPECT_EQ(Call(big_n), "error:system_limit");
}

// erl's count is of the bytes allocated, which for a binary built step by
// step (as erl_eval builds <<"abc">>) is more than its size: 256 there.
TEST(BinaryBifs, ReferencedByteSize) {
  std::string big(100, 'x');
  EXPECT_EQ(Call("binary:referenced_byte_size(<<\"" + big + "\">>)"), "100");
  EXPECT_EQ(Call("binary:referenced_byte_size(abc)"), "error:badarg");
  ProcessMemory memory;
  Term slice =
      MakeSubBitstring(memory, *testing::ParseTerm(memory, "<<\"" + big + "\">>"), 8, 80 * 8);
  EXPECT_EQ(testing::Call(memory, "binary", "referenced_byte_size", {&slice, 1}), "100");
}

TEST(BinaryBifs, LongestCommon) {
  EXPECT_EQ(Call(R"(binary:longest_common_prefix([<<"erlang">>, <<"ergonomy">>]))"), "2");
  EXPECT_EQ(Call(R"(binary:longest_common_prefix([<<"erlang">>]))"), "6");
  EXPECT_EQ(Call(R"(binary:longest_common_prefix([<<"erlang">>, <<>>]))"), "0");
  EXPECT_EQ(Call(R"(binary:longest_common_prefix([<<"abc">>, <<"abcd">>, <<"abce">>]))"), "3");
  EXPECT_EQ(Call(R"(binary:longest_common_suffix([<<"erlang">>, <<"fang">>]))"), "3");
  EXPECT_EQ(Call(R"(binary:longest_common_suffix([<<"abc">>, <<"x">>]))"), "0");
  EXPECT_EQ(Call("binary:longest_common_prefix([])"), "error:badarg");
  EXPECT_EQ(Call("binary:longest_common_prefix([a])"), "error:badarg");
  EXPECT_EQ(Call("binary:longest_common_prefix(<<>>)"), "error:badarg");
  EXPECT_EQ(Call("binary:longest_common_suffix([<<1:9>>])"), "error:badarg");
}

TEST(BinaryBifs, Unsigned) {
  EXPECT_EQ(Call("binary:encode_unsigned(0)"), "<<0>>");
  EXPECT_EQ(Call("binary:encode_unsigned(256)"), "<<1,0>>");
  EXPECT_EQ(Call("binary:encode_unsigned(256, little)"), "<<0,1>>");
  EXPECT_EQ(Call("binary:encode_unsigned(18446744073709551616)"), "<<1,0,0,0,0,0,0,0,0>>");
  EXPECT_EQ(Call("binary:encode_unsigned(11111111111111111111111, little)"),
            "<<199,113,156,169,93,110,164,85,90,2>>");
  EXPECT_EQ(Call("binary:encode_unsigned(-1)"), "error:badarg");
  EXPECT_EQ(Call("binary:encode_unsigned(1, middle)"), "error:badarg");
  EXPECT_EQ(Call("binary:encode_unsigned(1.0)"), "error:badarg");
  EXPECT_EQ(Call("binary:decode_unsigned(<<1,0>>)"), "256");
  EXPECT_EQ(Call("binary:decode_unsigned(<<1,0>>, little)"), "1");
  EXPECT_EQ(Call("binary:decode_unsigned(<<>>)"), "0");
  EXPECT_EQ(Call("binary:decode_unsigned(<<0,0,1>>)"), "1");
  EXPECT_EQ(Call("binary:decode_unsigned(<<199,113,156,169,93,110,164,85,90,2>>, little)"),
            "11111111111111111111111");
  EXPECT_EQ(Call("binary:decode_unsigned(<<1,0>>, middle)"), "error:badarg");
  EXPECT_EQ(Call("binary:decode_unsigned(<<1:9>>)"), "error:badarg");
}

TEST(BinaryBifs, Match) {
  EXPECT_EQ(Call(R"(binary:match(<<"abcabc">>, <<"bc">>))"), "{1,2}");
  EXPECT_EQ(Call(R"(binary:match(<<"abcabc">>, <<"x">>))"), "nomatch");
  EXPECT_EQ(Call(R"(binary:match(<<"abcde">>, [<<"bcd">>, <<"bc">>, <<"cde">>]))"), "{1,3}");
  EXPECT_EQ(Call(R"(binary:match(<<"abcde">>, [<<"cde">>, <<"b">>]))"), "{1,1}");
  EXPECT_EQ(Call(R"(binary:match(<<"abcabc">>, <<"bc">>, [{scope, {2, 4}}]))"), "{4,2}");
  EXPECT_EQ(Call(R"(binary:match(<<"abcabc">>, <<"bc">>, [{scope, {6, -3}}]))"), "{4,2}");
  EXPECT_EQ(Call(R"(binary:match(<<"abcabc">>, <<"bc">>, [{scope, {2, 3}}]))"), "nomatch");
  EXPECT_EQ(Call(R"(binary:match(<<"abcabc">>, <<"bc">>, [{scope, {2, 5}}]))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:match(<<"abcabc">>, <<"bc">>, [{scope, {1, 1}} | x]))"), "nomatch");
  EXPECT_EQ(Call(R"(binary:match(<<"abcabc">>, <<"bc">>, x))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:match(<<"abcabc">>, <<"bc">>, [global]))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:match(<<"abc">>, <<>>))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:match(<<"abc">>, []))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:match(<<"abc">>, [<<"a">>, <<>>]))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:match(<<"abc">>, "a"))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:match(<<>>, <<>>))"), "nomatch");
  EXPECT_EQ(Call(R"(binary:match(<<"abc">>, x, [{scope, {0, 0}}]))"), "nomatch");
  EXPECT_EQ(Call(R"(binary:match("abc", <<"a">>))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:match(<<1:9>>, <<"a">>))"), "error:badarg");
}

TEST(BinaryBifs, Matches) {
  EXPECT_EQ(Call(R"(binary:matches(<<"abcabc">>, <<"bc">>))"), "[{1,2},{4,2}]");
  EXPECT_EQ(Call(R"(binary:matches(<<"aaaa">>, <<"aa">>))"), "[{0,2},{2,2}]");
  EXPECT_EQ(Call(R"(binary:matches(<<"abcde">>, [<<"ab">>, <<"bcd">>]))"), "[{0,2}]");
  EXPECT_EQ(Call(R"(binary:matches(<<"abcde">>, [<<"bc">>, <<"abcd">>, <<"cd">>]))"), "[{0,4}]");
  EXPECT_EQ(Call(R"(binary:matches(<<"abcabd">>, [<<"bc">>, <<"b">>, <<"d">>]))"),
            "[{1,2},{4,1},{5,1}]");
  EXPECT_EQ(Call(R"(binary:matches(<<"abcabc">>, <<"x">>))"), "[]");
  EXPECT_EQ(Call(R"(binary:matches(<<"abcabc">>, <<"bc">>, [{scope, {0, 5}}]))"), "[{1,2}]");
  EXPECT_EQ(Call(R"(binary:matches(<<>>, <<>>))"), "[]");
}

TEST(BinaryBifs, Split) {
  EXPECT_EQ(Call(R"(binary:split(<<"a,b,c">>, <<",">>))"), Erl(R"([<<"a">>, <<"b,c">>])"));
  EXPECT_EQ(Call(R"(binary:split(<<"a,b,c">>, <<",">>, [global]))"),
            Erl(R"([<<"a">>, <<"b">>, <<"c">>])"));
  EXPECT_EQ(Call(R"(binary:split(<<"abc">>, <<",">>))"), Erl(R"([<<"abc">>])"));
  EXPECT_EQ(Call(R"(binary:split(<<",a,,b,,">>, <<",">>, [global]))"),
            Erl(R"([<<>>, <<"a">>, <<>>, <<"b">>, <<>>, <<>>])"));
  EXPECT_EQ(Call(R"(binary:split(<<",a,,b,,">>, <<",">>, [global, trim]))"),
            Erl(R"([<<>>, <<"a">>, <<>>, <<"b">>])"));
  EXPECT_EQ(Call(R"(binary:split(<<",a,,b,,">>, <<",">>, [global, trim_all]))"),
            Erl(R"([<<"a">>, <<"b">>])"));
  EXPECT_EQ(Call(R"(binary:split(<<",,">>, <<",">>, [global, trim]))"), "[]");
  EXPECT_EQ(Call(R"(binary:split(<<",a">>, <<",">>, [trim_all]))"), Erl(R"([<<"a">>])"));
  EXPECT_EQ(Call(R"(binary:split(<<",a">>, <<",">>, [trim]))"), Erl(R"([<<>>, <<"a">>])"));
  EXPECT_EQ(Call(R"(binary:split(<<"a,">>, <<",">>, [trim]))"), Erl(R"([<<"a">>])"));
  EXPECT_EQ(Call(R"(binary:split(<<",">>, <<",">>, [trim]))"), "[]");
  EXPECT_EQ(Call(R"(binary:split(<<>>, <<",">>))"), "[<<>>]");
  EXPECT_EQ(Call(R"(binary:split(<<>>, <<",">>, [trim]))"), "[]");
  EXPECT_EQ(Call(R"(binary:split(<<>>, <<>>))"), "[<<>>]");
  EXPECT_EQ(Call(R"(binary:split(<<"a-b_c">>, [<<"-">>, <<"_">>], [global]))"),
            Erl(R"([<<"a">>, <<"b">>, <<"c">>])"));
  EXPECT_EQ(Call(R"(binary:split(<<"a,b,c,d">>, <<",">>, [global, {scope, {2, 3}}]))"),
            Erl(R"([<<"a,b">>, <<"c,d">>])"));
  EXPECT_EQ(Call(R"(binary:split(<<"a,b">>, <<",">>, [bad]))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:split(<<"a,b">>, <<>>))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:split("a,b", <<",">>))"), "error:badarg");
}

TEST(BinaryBifs, CompiledPatterns) {
  EXPECT_EQ(Call(R"(binary:compile_pattern(<<>>))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:compile_pattern([]))"), "error:badarg");
  EXPECT_EQ(Call(R"(binary:compile_pattern(a))"), "error:badarg");
  ProcessMemory memory;
  Term compiled[] = {*testing::ParseTerm(memory, R"(<<"a,b;c">>)"),
                     *testing::ParseTerm(memory, R"([<<",">>, <<";">>])")};
  BifContext ctx{memory};
  compiled[1] =
      FindBif(InternAtom("binary"), InternAtom("compile_pattern"), 1)->function(ctx, &compiled[1]);
  Term options = *testing::ParseTerm(memory, "[global]");
  Term args[] = {compiled[0], compiled[1], options};
  EXPECT_EQ(testing::Call(memory, "binary", "split", args), Erl(R"([<<"a">>, <<"b">>, <<"c">>])"));
  EXPECT_EQ(testing::Call(memory, "binary", "matches", {args, 2}), "[{1,1},{3,1}]");
}

}  // namespace
}  // namespace ling::vm
