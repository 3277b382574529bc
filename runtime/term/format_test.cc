#include "runtime/term/format.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"
#include "runtime/term/reference.h"

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
      {1.0, "1.0"},
      {0.002, "0.002"},
      {0.012, "0.012"},
      {1.0e16, "1.0e16"},
      {1.23e22, "1.23e22"},
      // From 2^53 on always scientific, even where plain would be shorter.
      {9007199254740992.0, "9.007199254740992e15"},
      {9007199254740990.0, "9007199254740990.0"},
      {1.7976931348623157e308, "1.7976931348623157e308"},
      {2.2250738585072014e-308, "2.2250738585072014e-308"},
      {-2.5, "-2.5"},
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

// Expected: erl -eval 'io:format("~w", [list_to_atom(...)])', with the
// characters 160..255 it writes encoded as UTF-8 here.
TEST(Format, AtomsEscapedAsErlangEscapes) {
  EXPECT_EQ(ToString(InternAtom(std::string(1, '\x01'))), "'\\001'");
  EXPECT_EQ(ToString(InternAtom("\x7f")), "'\\d'");
  EXPECT_EQ(ToString(InternAtom("a\nb")), "'a\\nb'");
  EXPECT_EQ(ToString(InternAtom("\x07\b\t\v\f\x1b ")), "'\\007\\b\\t\\v\\f\\e '");
  EXPECT_EQ(ToString(InternAtom("a\\b")), "'a\\\\b'");
  EXPECT_EQ(ToString(InternAtom("a\"b")), "'a\"b'");
  EXPECT_EQ(ToString(InternAtom("\xc2\x80")), "'\\200'");       // U+0080
  EXPECT_EQ(ToString(InternAtom("\xc3\xa9")), "\xc3\xa9");      // e-acute: a lowercase letter
  EXPECT_EQ(ToString(InternAtom("a\xc3\x80")), "a\xc3\x80");    // A-grave: a name character
  EXPECT_EQ(ToString(InternAtom("a\xc3\x97")), "'a\xc3\x97'");  // multiplication sign
  EXPECT_EQ(ToString(InternAtom("\xc2\xaa")), "'\xc2\xaa'");    // feminine ordinal
  EXPECT_EQ(ToString(InternAtom("\xc4\x80")), "'\\x{100}'");
  EXPECT_EQ(ToString(InternAtom("\xf0\x9f\x98\x80")), "'\\x{1F600}'");
  EXPECT_EQ(ToString(InternAtom("a\xe9")), "a\xc3\xa9");  // stray byte: Latin-1
  EXPECT_EQ(ToString(InternAtom("maybe")), "maybe");
  EXPECT_EQ(ToString(InternAtom("cond")), "'cond'");
  EXPECT_EQ(ToString(InternAtom("_a")), "'_a'");
  EXPECT_EQ(ToString(InternAtom("a.b")), "'a.b'");
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
  EXPECT_EQ(ToString(MakeBinary(h, std::string_view(""))), "<<>>");
  EXPECT_EQ(ToString(MakeBinary(h, std::string(100, 'A'))).substr(0, 12), "<<65,65,65,6");
  EXPECT_EQ(ToString(*MakeFloat(h, 0.1)), "0.1");
  Term improper = MakeCons(h, MakeSmall(1), MakeCons(h, MakeSmall(2), MakeSmall(3)));
  EXPECT_EQ(ToString(improper), "[1,2|3]");
  EXPECT_EQ(ToString(MakeCons(h, MakeTuple(h, {}), MakeTuple(h, {kNil}))), "[{}|{[]}]");
  EXPECT_EQ(ToString(MakeTuple(h, {MakeTuple(h, {atoms::kEXIT, MakePid(9)}), kNil})),
            "{{'EXIT',<0.9.0>},[]}");
  EXPECT_EQ(ToString(MakeReference(h, MonitorRef{(uint64_t{7} << 32) | 8, 9})), "#Ref<0.7.8.9>");
}

// Expected: erl -eval 'io:format("~w", [...])' (OTP 25).
TEST(Format, BignumsMapsAndFuns) {
  Heap h;
  EXPECT_EQ(ToString(*IntegerBsl(h, MakeSmall(-1), MakeSmall(100))),
            "-1267650600228229401496703205376");
  using Pairs = std::vector<std::pair<Term, Term>>;
  EXPECT_EQ(ToString(MakeMap(h, Pairs{})), "#{}");
  Term inner = MakeMap(h, Pairs{});
  Term m = MakeMap(
      h, Pairs{{MakeList(h, std::vector<Term>{MakeSmall(1)}), MakeTuple(h, {InternAtom("x")})},
               {InternAtom("a"), inner}});
  EXPECT_EQ(ToString(m), "#{a => #{},[1] => {x}}");
  Term mixed = MakeMap(h, Pairs{{InternAtom("a"), MakeSmall(1)},
                                {*MakeFloat(h, 1.0), InternAtom("b")},
                                {MakeSmall(1), InternAtom("a")}});
  EXPECT_EQ(ToString(mixed), "#{1 => a,1.0 => b,a => 1}");
  EXPECT_EQ(ToString(MakeList(h, std::vector<Term>{mixed, inner})),
            "[#{1 => a,1.0 => b,a => 1},#{}]");
  EXPECT_EQ(ToString(MakeExportFun(h, InternAtom("Elixir.Foo"), InternAtom("B"), 1)),
            "fun 'Elixir.Foo':'B'/1");
  LocalFunId id{.module = InternAtom("t2"), .index = 0, .uniq = 94035396, .arity = 1};
  EXPECT_EQ(ToString(MakeLocalFun(h, nullptr, id, {})), "#Fun<t2.0.94035396>");
}

// A map of more than 32 keys in its hash trie's order, as io_lib's ~w walks
// it. Expected: erl 25.2.3,
// io:format("~w", [maps:from_list([{{I, -I}, I} || I <- lists:seq(1, 33)])]).
TEST(Format, LargeMapsInHashOrder) {
  Heap h;
  std::vector<std::pair<Term, Term>> pairs;
  for (int i = 1; i <= 33; ++i)
    pairs.emplace_back(MakeTuple(h, {MakeSmall(i), MakeSmall(-i)}), MakeSmall(i));
  EXPECT_EQ(ToString(MakeMap(h, pairs)),
            "#{{33,-33} => 33,{1,-1} => 1,{15,-15} => 15,{5,-5} => 5,{27,-27} => 27,{22,-22} => "
            "22,{6,-6} => 6,{16,-16} => 16,{24,-24} => 24,{13,-13} => 13,{29,-29} => 29,{23,-23} "
            "=> 23,{8,-8} => 8,{31,-31} => 31,{10,-10} => 10,{17,-17} => 17,{3,-3} => 3,{11,-11} "
            "=> 11,{9,-9} => 9,{19,-19} => 19,{18,-18} => 18,{4,-4} => 4,{21,-21} => 21,{32,-32} "
            "=> 32,{14,-14} => 14,{26,-26} => 26,{12,-12} => 12,{28,-28} => 28,{2,-2} => 2,{7,-7} "
            "=> 7,{20,-20} => 20,{30,-30} => 30,{25,-25} => 25}");
}

TEST(Format, BitstringsShowTheirLastBitsAsValueAndSize) {
  Heap h;
  // <<1,2,3:4>>, <<1:1>>, <<>>, <<0:7>>, <<"abc",1:3>>, sliced from a larger
  // binary at a bit offset: ~w shows only the slice's bits.
  std::vector<uint8_t> bytes = {254, 2, 4, 127, 255};  // 1, 2, 3:4 at bit 7
  EXPECT_EQ(ToString(MakeSubBitstring(h, MakeBinary(h, bytes), 7, 20)), "<<1,2,3:4>>");
  Term ones = MakeBinary(h, std::vector<uint8_t>(8, 0xff));
  EXPECT_EQ(ToString(MakeSubBitstring(h, ones, 9, 1)), "<<1:1>>");
  EXPECT_EQ(ToString(MakeSubBitstring(h, ones, 9, 0)), "<<>>");
  EXPECT_EQ(ToString(MakeSubBitstring(h, MakeBinary(h, std::vector<uint8_t>(2)), 3, 7)), "<<0:7>>");
  EXPECT_EQ(ToString(MakeSubBitstring(h, MakeBinary(h, std::string_view("abc ")), 0, 27)),
            "<<97,98,99,1:3>>");
  EXPECT_EQ(ToString(MakeTuple(h, {MakeSubBitstring(h, ones, 0, 9), kNil})), "{<<255,1:1>>,[]}");
}

TEST(Format, LongListsAndDeepNestingUseNoCallStack) {
  Heap h;
  std::vector<Term> ones(1000000, MakeSmall(1));
  std::string text = ToString(MakeList(h, ones));
  EXPECT_EQ(text.size(), 2 + 2 * 1000000 - 1);
  Term nested = kNil;
  for (int i = 0; i < 200000; ++i)
    nested = MakeTuple(h, {nested});
  EXPECT_EQ(ToString(nested), std::string(200000, '{') + "[]" + std::string(200000, '}'));
}

}  // namespace
}  // namespace ling
