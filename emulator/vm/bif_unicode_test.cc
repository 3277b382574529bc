// The BIFs of bif_unicode.cc against what erl 25 gives for the same calls
// (testdata/check_bif_tests.escript checks every expectation here with erl).
#include <gtest/gtest.h>

#include <string>

#include "emulator/vm/bif_test_util.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::Erl;

TEST(UnicodeBifs, CharactersToBinary) {
  EXPECT_EQ(Call(R"(unicode:characters_to_binary("abc"))"), Erl(R"(<<"abc">>)"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary("é€"))"), Erl(R"(<<"é€"/utf8>>)"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([$a, [<<"b">>, [$c]], <<"dé"/utf8>>]))"),
            Erl(R"(<<"abcdé"/utf8>>)"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([$a | <<"b">>]))"), Erl(R"(<<"ab">>)"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<"é"/utf8>>))"), Erl(R"(<<"é"/utf8>>)"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([]))"), "<<>>");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<>>))"), "<<>>");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([16#10FFFF]))"), "<<244,143,191,191>>");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary("abc", utf8))"), Erl(R"(<<"abc">>)"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary("abc", unicode))"), Erl(R"(<<"abc">>)"));
}

TEST(UnicodeBifs, CharactersToBinaryFromLatin1) {
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<233>>, latin1))"), "<<195,169>>");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([233, <<233>>], latin1))"), "<<195,169,195,169>>");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<"abc">>, latin1))"), Erl(R"(<<"abc">>)"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([$a, 256, $b], latin1))"),
            Erl(R"({error, <<"a">>, [256, $b]})"));
}

TEST(UnicodeBifs, CharactersToBinaryErrors) {
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([$a, -1, $b]))"),
            Erl(R"({error, <<"a">>, [-1, $b]})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([$a, 16#D800]))"),
            Erl(R"({error, <<"a">>, [16#D800]})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([$a, 16#110000]))"),
            Erl(R"({error, <<"a">>, [16#110000]})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([$a, 100000000000000000000, foo]))"),
            Erl(R"({error, <<"a">>, [100000000000000000000, foo]})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([$a, [$b, -1, $c], $d]))"),
            Erl(R"({error, <<"ab">>, [[-1, $c], $d]})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([[[$a, -1]]]))"),
            Erl(R"({error, <<"a">>, [[[-1]]]})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<"a", 16#FF, "b">>))"),
            Erl(R"({error, <<"a">>, <<16#FF, "b">>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([<<"a", 16#FF, "b">>]))"),
            Erl(R"({error, <<"a">>, <<16#FF, "b">>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([<<"a", 16#FF>>, $b]))"),
            Erl(R"({error, <<"a">>, [<<16#FF>>, $b]})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([$x | <<16#FF>>]))"),
            Erl(R"({error, <<"x">>, <<16#FF>>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<16#C0, 16#80>>))"),
            Erl(R"({error, <<>>, <<16#C0, 16#80>>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<16#ED, 16#A0, 16#80>>))"),
            Erl(R"({error, <<>>, <<16#ED, 16#A0, 16#80>>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<16#F4, 16#90, 16#80, 16#80>>))"),
            Erl(R"({error, <<>>, <<16#F4, 16#90, 16#80, 16#80>>})"));
}

TEST(UnicodeBifs, CharactersToBinaryIncomplete) {
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<"a", 16#C3>>))"),
            Erl(R"({incomplete, <<"a">>, <<16#C3>>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<16#E2, 16#82>>))"),
            Erl(R"({incomplete, <<>>, <<16#E2, 16#82>>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<16#E2, 16#41>>))"),
            Erl(R"({error, <<>>, <<16#E2, 16#41>>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<16#C0>>))"),
            Erl(R"({incomplete, <<>>, <<16#C0>>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<16#F5>>))"),
            Erl(R"({incomplete, <<>>, <<16#F5>>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<16#F0, 16#9F, 16#98>>))"),
            Erl(R"({incomplete, <<>>, <<16#F0, 16#9F, 16#98>>})"));
}

TEST(UnicodeBifs, SequencesJoinAcrossBinaries) {
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([<<16#C3>>, <<16#A9>>]))"), "<<195,169>>");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([<<16#E2>>, <<16#82>>, <<16#AC, "x">>]))"),
            "<<226,130,172,120>>");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([<<16#E2>>, <<16#82>>]))"),
            Erl(R"({incomplete, <<>>, <<16#E2, 16#82>>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([<<16#C3>>, $a]))"),
            Erl(R"({error, <<>>, [<<16#C3>>, [$a]]})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([<<"x", 16#E2, 16#41>>, <<16#82>>]))"),
            Erl(R"({error, <<"x">>, [<<16#E2, 16#41>>, [<<16#82>>]]})"));
}

TEST(UnicodeBifs, CharactersToBinaryBadarg) {
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(a))"), "error:badarg");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(1))"), "error:badarg");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([$a, foo]))"), "error:badarg");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([$a, -1, foo]))"), "error:badarg");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([$a | foo]))"), "error:badarg");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary(<<1:9>>))"), "error:badarg");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([<<1:9>>]))"), "error:badarg");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary("a", foo))"), "error:badarg");
  EXPECT_EQ(Call(R"(unicode:characters_to_binary([1.0]))"), "error:badarg");
}

TEST(UnicodeBifs, CharactersToList) {
  EXPECT_EQ(Call(R"(unicode:characters_to_list(<<"abc">>))"), Erl(R"("abc")"));
  EXPECT_EQ(Call(R"(unicode:characters_to_list(<<"é€"/utf8>>))"), "[233,8364]");
  EXPECT_EQ(Call(R"(unicode:characters_to_list([<<"é"/utf8>>, $x, [8364]]))"), "[233,120,8364]");
  EXPECT_EQ(Call(R"(unicode:characters_to_list(<<233, 255>>, latin1))"), "[233,255]");
  EXPECT_EQ(Call(R"(unicode:characters_to_list([<<233>>, 255], latin1))"), "[233,255]");
  EXPECT_EQ(Call(R"(unicode:characters_to_list("abc", unicode))"), Erl(R"("abc")"));
  EXPECT_EQ(Call(R"(unicode:characters_to_list([]))"), "[]");
  EXPECT_EQ(Call(R"(unicode:characters_to_list(<<>>))"), "[]");
  EXPECT_EQ(Call(R"(unicode:characters_to_list(<<"a", 16#FF, "b">>))"),
            Erl(R"({error, "a", <<16#FF, "b">>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_list(<<"a", 16#C3>>))"),
            Erl(R"({incomplete, "a", <<16#C3>>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_list(<<"a", 16#E2, 16#41>>))"),
            Erl(R"({error, "a", <<16#E2, 16#41>>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_list([$a, -1]))"), Erl(R"({error, "a", [-1]})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_list([<<"a">>, <<16#C3>>]))"),
            Erl(R"({incomplete, "a", <<16#C3>>})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_list([<<"a", 16#FF>>]))"),
            Erl(R"({error, "a", [<<16#FF>>]})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_list([$a, 256], latin1))"),
            Erl(R"({error, "a", [256]})"));
  EXPECT_EQ(Call(R"(unicode:characters_to_list(a))"), "error:badarg");
  EXPECT_EQ(Call(R"(unicode:characters_to_list(<<1:9>>))"), "error:badarg");
  EXPECT_EQ(Call(R"(unicode:characters_to_list("a", latin2))"), "error:badarg");
}

// As in BEAM, the BIFs hand these to unicode.erl (a trap: the interpreter
// calls the Erlang function in the BIF's place; t_string_unicode runs it on
// ling). Not for the erl check, then.
TEST(UnicodeBifs, Utf16AndUtf32GoOnInErlang) {
  std::string utf16 = R"(unicode:characters_to_binary(<<0, 97>>, utf16))";
  std::string utf32 = R"(unicode:characters_to_list(<<97, 0, 0, 0>>, {utf32, little}))";
  EXPECT_EQ(Call(utf16), "trap:unicode:characters_to_binary_int[<<0,97>>,utf16]");
  EXPECT_EQ(Call(utf32), "trap:unicode:characters_to_list_int[<<97,0,0,0>>,{utf32,little}]");
}

TEST(UnicodeBifs, BinIs7bit) {
  EXPECT_EQ(Call(R"(unicode:bin_is_7bit(<<"abc">>))"), "true");
  EXPECT_EQ(Call(R"(unicode:bin_is_7bit(<<>>))"), "true");
  EXPECT_EQ(Call(R"(unicode:bin_is_7bit(<<"abé">>))"), "false");
  EXPECT_EQ(Call(R"(unicode:bin_is_7bit("abc"))"), "false");
  EXPECT_EQ(Call(R"(unicode:bin_is_7bit(<<1:9>>))"), "false");
}

TEST(UnicodeBifs, PrintableRange) {
  EXPECT_EQ(Call("io:printable_range()"), "latin1");
}

}  // namespace
}  // namespace ling::vm
