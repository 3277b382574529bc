#include "runtime/term/display.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"
#include "runtime/term/reference.h"
#include "runtime/term/utf8.h"

namespace ling {
namespace {

// Every expected string below is what erl (OTP 25.2.3) printed for the same
// term with erlang:display/1, its "\r\n" removed, unless a comment says
// otherwise. Strings and binaries hold raw Latin-1 bytes ("\xE9"); atoms hold
// their UTF-8 text.

using Pairs = std::vector<std::pair<Term, Term>>;

class DisplayTest : public ::testing::Test {
 protected:
  Term Atom(std::string_view name) { return InternAtom(name); }
  // An atom of the given code points, as list_to_atom/1 makes it.
  Term AtomOf(std::initializer_list<char32_t> chars) {
    std::string utf8;
    for (char32_t c : chars)
      AppendUtf8(utf8, c);
    return InternAtom(utf8);
  }
  Term Str(std::string_view latin1) { return MakeString(heap_, latin1); }
  Term Ints(std::initializer_list<int64_t> values) {
    std::vector<Term> terms;
    for (int64_t v : values)
      terms.push_back(MakeSmall(v));
    return MakeList(heap_, terms);
  }
  Term List(std::initializer_list<Term> elements) {
    return MakeList(heap_, std::vector<Term>(elements));
  }
  Term Tuple(std::initializer_list<Term> elements) { return MakeTuple(heap_, elements); }
  Term Float(double value) { return *MakeFloat(heap_, value); }
  Term Big(std::string_view decimal) { return *IntegerFromText(heap_, decimal, 10); }
  Term Bin(std::string_view bytes) { return MakeBinary(heap_, bytes); }
  // The first `bits` bits of `bytes`, as a bitstring.
  Term Bits(std::string_view bytes, uint64_t bits) {
    return MakeSubBitstring(heap_, Bin(bytes), 0, bits);
  }
  Term Map(const Pairs& pairs) { return MakeMap(heap_, pairs); }
  std::string Show(Term t) { return DisplayString(t); }

  Heap heap_;
};

TEST_F(DisplayTest, SmallIntegersInDecimal) {
  EXPECT_EQ(Show(MakeSmall(0)), "0");
  EXPECT_EQ(Show(MakeSmall(-1)), "-1");
  EXPECT_EQ(Show(MakeSmall(123456789)), "123456789");
  EXPECT_EQ(Show(MakeSmall(kSmallMax)), "576460752303423487");
  EXPECT_EQ(Show(MakeSmall(kSmallMin)), "-576460752303423488");
}

TEST_F(DisplayTest, BignumsInDecimal) {
  EXPECT_EQ(Show(MakeInteger(heap_, kSmallMax + 1)), "576460752303423488");
  EXPECT_EQ(Show(Big("18446744073709551616")), "18446744073709551616");
  EXPECT_EQ(Show(Big("-1267650600228229401496703205376")), "-1267650600228229401496703205376");
  EXPECT_EQ(Show(Big("1606938044258990275541962092341162602522202993782792835301376")),
            "1606938044258990275541962092341162602522202993782792835301376");
}

TEST_F(DisplayTest, FloatsAsPrintfE6) {
  struct Case {
    double value;
    const char* text;
  } cases[] = {
      {1.0, "1.000000e+00"},
      {-1.5, "-1.500000e+00"},
      {0.1, "1.000000e-01"},
      {1.0e-10, "1.000000e-10"},
      {1.0e300, "1.000000e+300"},
      {123456.789, "1.234568e+05"},
      {-0.0, "-0.000000e+00"},
      {5.0e-324, "4.940656e-324"},
      {1.0e-320, "9.999889e-321"},
      {2.2250738585072014e-308, "2.225074e-308"},
      {1.7976931348623157e308, "1.797693e+308"},
      {9.9999995, "9.999999e+00"},
      {999999.5, "9.999995e+05"},
      {1.0e16, "1.000000e+16"},
      {123456789012345678.0, "1.234568e+17"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(Show(Float(c.value)), c.text) << c.value;
}

// Unquoted: a Latin-1 lowercase letter, then Latin-1 letters, digits and _.
// Reserved words are not quoted.
TEST_F(DisplayTest, AtomsWithoutQuotes) {
  EXPECT_EQ(Show(Atom("a")), "a");
  EXPECT_EQ(Show(Atom("x_Y1")), "x_Y1");
  EXPECT_EQ(Show(Atom("true")), "true");
  EXPECT_EQ(Show(Atom("case")), "case");
  EXPECT_EQ(Show(Atom("and")), "and");
  EXPECT_EQ(Show(AtomOf({0xe9})), "\xC3\xA9");        // é
  EXPECT_EQ(Show(AtomOf({'a', 0xe9})), "a\xC3\xA9");  // aé
  EXPECT_EQ(Show(AtomOf({0xdf})), "\xC3\x9F");        // ß
  EXPECT_EQ(Show(AtomOf({'a', 0xc0})), "a\xC3\x80");  // aÀ
}

TEST_F(DisplayTest, AtomsWithQuotes) {
  EXPECT_EQ(Show(Atom("A")), "'A'");
  EXPECT_EQ(Show(Atom("_a")), "'_a'");
  EXPECT_EQ(Show(Atom("")), "''");
  EXPECT_EQ(Show(Atom("a b")), "'a b'");
  EXPECT_EQ(Show(Atom("a@b")), "'a@b'");
  EXPECT_EQ(Show(Atom("hello@host")), "'hello@host'");
  EXPECT_EQ(Show(Atom("a.b")), "'a.b'");
  EXPECT_EQ(Show(Atom("a-b")), "'a-b'");
  EXPECT_EQ(Show(Atom("a\"b")), "'a\"b'");
  EXPECT_EQ(Show(AtomOf({0xc9, 'a'})),
            "'\xC3\x89"
            "a'");                                      // Éa
  EXPECT_EQ(Show(AtomOf({'a', 0xf7})), "'a\xC3\xB7'");  // a÷
  EXPECT_EQ(Show(AtomOf({'a', 0xd7})), "'a\xC3\x97'");  // a×
}

// Past Latin-1 an atom is always quoted, its text written as UTF-8.
TEST_F(DisplayTest, AtomsPastLatin1Quoted) {
  EXPECT_EQ(Show(AtomOf({0x100})), "'\xC4\x80'");
  EXPECT_EQ(Show(AtomOf({955})), "'\xCE\xBB'");
  EXPECT_EQ(Show(AtomOf({'a', 955})), "'a\xCE\xBB'");
  EXPECT_EQ(Show(AtomOf({'a', 0x7ff})), "'a\xDF\xBF'");
  EXPECT_EQ(Show(AtomOf({0x20ac})), "'\xE2\x82\xAC'");
  EXPECT_EQ(Show(AtomOf({'a', 0x20ac})), "'a\xE2\x82\xAC'");
  EXPECT_EQ(Show(AtomOf({0x1f600})), "'\xF0\x9F\x98\x80'");
}

// \' \\ and C escapes; octal for other controls and U+0080..U+009F; DEL raw.
TEST_F(DisplayTest, AtomEscapes) {
  EXPECT_EQ(Show(Atom("b'c")), "'b\\'c'");
  EXPECT_EQ(Show(Atom("\\")), "'\\\\'");
  EXPECT_EQ(Show(Atom("It's")), "'It\\'s'");
  EXPECT_EQ(Show(Atom("tab\there")), "'tab\\there'");
  EXPECT_EQ(Show(AtomOf({1})), "'\\001'");
  EXPECT_EQ(Show(AtomOf({'a', 0})), "'a\\000'");
  EXPECT_EQ(Show(AtomOf({'a', 31})), "'a\\037'");
  EXPECT_EQ(Show(AtomOf({7, 8, 9, 10, 11, 12, 13, 27, 127})), "'\\007\\b\\t\\n\\v\\f\\r\\033\x7F'");
  EXPECT_EQ(Show(AtomOf({128})), "'\\200'");
  EXPECT_EQ(Show(AtomOf({159, 160})), "'\\237\xC2\xA0'");
}

TEST_F(DisplayTest, EmptyListAndEmptyStrings) {
  EXPECT_EQ(Show(kNil), "[]");
  EXPECT_EQ(Show(Str("")), "[]");
  EXPECT_EQ(Show(List({kNil})), "[[]]");
  EXPECT_EQ(Show(List({Str(""), Atom("a")})), "[[],a]");
  EXPECT_EQ(Show(List({MakeSmall(1), Str(""), MakeSmall(2)})), "[1,[],2]");
  EXPECT_EQ(Show(Tuple({Str(""), List({Str("")}), List({kNil, kNil}), List({Atom("a"), kNil})})),
            "{[],[[]],[[],[]],[a,[]]}");
}

// Only \n and " are escaped; tab, CR and backslash are written raw.
TEST_F(DisplayTest, PrintableListsAsStrings) {
  EXPECT_EQ(Show(Str("abc")), "\"abc\"");
  EXPECT_EQ(Show(Str("a\nb")), "\"a\\nb\"");
  EXPECT_EQ(Show(Str("h\ti\rj")), "\"h\ti\rj\"");
  EXPECT_EQ(Show(Str("quote\"back\\")), "\"quote\\\"back\\\"");
  EXPECT_EQ(Show(Str("\"")), "\"\\\"\"");
  EXPECT_EQ(Show(Str("\n")), "\"\\n\"");
  EXPECT_EQ(Show(Str(" ")), "\" \"");
  EXPECT_EQ(Show(Str("~")), "\"~\"");
}

// Latin-1 characters 160..255 are printable: written as one raw byte each.
TEST_F(DisplayTest, Latin1StringsAsRawBytes) {
  EXPECT_EQ(Show(Ints({0xe9, 'a'})),
            "\"\xE9"
            "a\"");
  EXPECT_EQ(Show(Ints({160})), "\"\xA0\"");
  EXPECT_EQ(Show(Ints({255, 254})), "\"\xFF\xFE\"");
}

// A control character (other than \t \n \r), DEL, 128..159, a negative
// number or a code point past 255 makes the whole list print as integers.
TEST_F(DisplayTest, OtherListsAsIntegers) {
  EXPECT_EQ(Show(Ints({0})), "[0]");
  EXPECT_EQ(Show(Ints({7})), "[7]");
  EXPECT_EQ(Show(Ints({8})), "[8]");
  EXPECT_EQ(Show(Ints({11})), "[11]");
  EXPECT_EQ(Show(Ints({12})), "[12]");
  EXPECT_EQ(Show(Ints({27})), "[27]");
  EXPECT_EQ(Show(Ints({127})), "[127]");
  EXPECT_EQ(Show(Ints({159})), "[159]");
  EXPECT_EQ(Show(Ints({31, 32})), "[31,32]");
  EXPECT_EQ(Show(Ints({104, 105, 1})), "[104,105,1]");
  EXPECT_EQ(Show(Ints({104, 105, -1})), "[104,105,-1]");
  EXPECT_EQ(Show(Ints({-5, 3})), "[-5,3]");
  EXPECT_EQ(Show(Ints({256})), "[256]");
  EXPECT_EQ(Show(Ints({955})), "[955]");
  EXPECT_EQ(Show(Ints({104, 256})), "[104,256]");
  EXPECT_EQ(Show(Ints({1000})), "[1000]");
  EXPECT_EQ(Show(Ints({1, 2, 3})), "[1,2,3]");
  EXPECT_EQ(Show(List({Float(1.5), MakeSmall(-2), Atom("a")})), "[1.500000e+00,-2,a]");
}

// Each element is a term of its own: a sublist may be a string, but the rest
// of a list that is not one never is.
TEST_F(DisplayTest, StringsInsideLists) {
  EXPECT_EQ(Show(List({MakeSmall('a'), Str("b")})), "[97,\"b\"]");
  EXPECT_EQ(Show(MakeCons(heap_, Atom("a"), Str("bc"))), "[a,98,99]");
}

TEST_F(DisplayTest, ImproperLists) {
  EXPECT_EQ(Show(MakeCons(heap_, MakeSmall(65), MakeSmall(66))), "[65|66]");
  EXPECT_EQ(Show(MakeCons(heap_, MakeSmall('a'), Atom("b"))), "[97|b]");
  EXPECT_EQ(Show(MakeCons(heap_, MakeSmall(1), MakeSmall(2))), "[1|2]");
}

TEST_F(DisplayTest, Tuples) {
  EXPECT_EQ(Show(Tuple({})), "{}");
  EXPECT_EQ(Show(Tuple({Tuple({})})), "{{}}");
  EXPECT_EQ(Show(Tuple({Atom("a"), Str("b"), Bin("c"), List({Atom("d")})})),
            "{a,\"b\",<<\"c\">>,[d]}");
  EXPECT_EQ(Show(Tuple({MakeSmall(1), MakeSmall(-2), Float(3.0)})), "{1,-2,3.000000e+00}");
  EXPECT_EQ(Show(Tuple({Str("a"), Bin("a"), Atom("a")})), "{\"a\",<<\"a\">>,a}");
  EXPECT_EQ(Show(List({Tuple({})})), "[{}]");
  EXPECT_EQ(Show(Tuple({kNil})), "{[]}");
}

// Text only when every byte is printable ASCII; in text only " is escaped.
TEST_F(DisplayTest, BinariesAsText) {
  EXPECT_EQ(Show(Bin("printable ascii")), "<<\"printable ascii\">>");
  EXPECT_EQ(Show(Bin("~")), "<<\"~\">>");
  EXPECT_EQ(Show(Bin(" ")), "<<\" \">>");
  EXPECT_EQ(Show(Bin("a\"b")), "<<\"a\\\"b\">>");
  EXPECT_EQ(Show(Bin("a\\b")), "<<\"a\\b\">>");
  std::string xy;
  for (int i = 0; i < 40; ++i)
    xy += "xy";  // 80 bytes: a refc binary
  EXPECT_EQ(Show(Bin(xy)), "<<\"" + xy + "\">>");
}

TEST_F(DisplayTest, BinariesAsBytes) {
  EXPECT_EQ(Show(Bin("")), "<<>>");
  EXPECT_EQ(Show(Bin("with\nnewline")), "<<119,105,116,104,10,110,101,119,108,105,110,101>>");
  EXPECT_EQ(Show(Bin(std::string_view("\0", 1))), "<<0>>");
  EXPECT_EQ(Show(Bin("\x7F")), "<<127>>");
  EXPECT_EQ(Show(Bin("\x1F")), "<<31>>");
  EXPECT_EQ(Show(Bin("\xC8")), "<<200>>");
  EXPECT_EQ(Show(Bin("abc\xC8")), "<<97,98,99,200>>");
  EXPECT_EQ(Show(Bin("\x01\x02\x03")), "<<1,2,3>>");
  std::string ones(70, '\x01');  // a refc binary
  std::string expected = "<<1";
  for (int i = 1; i < 70; ++i)
    expected += ",1";
  EXPECT_EQ(Show(Bin(ones)), expected + ">>");
}

// Whole bytes, then the partial last byte's value and bit count; never text.
TEST_F(DisplayTest, Bitstrings) {
  EXPECT_EQ(Show(Bits("\x80", 1)), "<<1:1>>");
  EXPECT_EQ(Show(Bits(std::string(1, 0), 3)), "<<0:3>>");
  EXPECT_EQ(Show(Bits("\x02", 7)), "<<1:7>>");
  EXPECT_EQ(Show(Bits("\xFF\x40", 10)), "<<255,1:2>>");
  EXPECT_EQ(Show(Bits("abc\x10", 28)), "<<97,98,99,1:4>>");
  EXPECT_EQ(Show(Bits("ab\xC0", 18)), "<<97,98,3:2>>");
  EXPECT_EQ(Show(Tuple({Bin(""), Bits(std::string(1, 0), 1), Bin("")})), "{<<>>,<<0:1>>,<<>>}");
}

// Sub-binaries at a bit offset read as their own bits (erl: matching
// <<_:3, X:13/bitstring, _/bitstring>> and the like).
TEST_F(DisplayTest, UnalignedSubBinaries) {
  EXPECT_EQ(Show(MakeSubBitstring(heap_, Bin("abcdef"), 3, 13)), "<<11,2:5>>");
  EXPECT_EQ(Show(MakeSubBitstring(heap_, Bin("\x36\x16\x26\x30"), 4, 24)), "<<\"abc\">>");
  EXPECT_EQ(Show(MakeSubBitstring(heap_, Bin("\xFF\xFF"), 1, 15)), "<<255,127:7>>");
}

// #{k=>v,...}, no spaces, in key order.
TEST_F(DisplayTest, Maps) {
  EXPECT_EQ(Show(Map({})), "#{}");
  EXPECT_EQ(Show(Map({{Atom("a"), MakeSmall(1)}})), "#{a=>1}");
  Term inner = Map({{Atom("c"), List({Atom("d")})}});
  EXPECT_EQ(Show(Map({{Atom("b"), inner}, {Str("k"), Bin("v")}, {MakeSmall(1), Float(1.0)}})),
            "#{1=>1.000000e+00,b=>#{c=>[d]},\"k\"=><<\"v\">>}");
  EXPECT_EQ(Show(Map({{kNil, MakeSmall(1)},
                      {Tuple({}), MakeSmall(2)},
                      {Bin(""), MakeSmall(3)},
                      {Atom("a"), MakeSmall(4)},
                      {MakeSmall(1), MakeSmall(5)},
                      {Str("s"), MakeSmall(6)},
                      {Map({}), MakeSmall(7)}})),
            "#{1=>5,a=>4,{}=>2,#{}=>7,[]=>1,\"s\"=>6,<<>>=>3}");
  EXPECT_EQ(Show(Map({{Atom("a"), Map({})}})), "#{a=>#{}}");
  EXPECT_EQ(Show(Tuple({Map({})})), "{#{}}");
  EXPECT_EQ(Show(Map({{Big("1180591620717411303424"), Atom("c")},
                      {MakeSmall(3), Atom("b")},
                      {Big("-1180591620717411303424"), Atom("d")}})),
            "#{-1180591620717411303424=>d,3=>b,1180591620717411303424=>c}");
}

TEST_F(DisplayTest, MapOf32Keys) {
  Pairs pairs;
  std::string expected = "#{";
  for (int i = 1; i <= 32; ++i) {
    pairs.emplace_back(MakeSmall(i), MakeSmall(i));
    expected += (i > 1 ? "," : "") + std::to_string(i) + "=>" + std::to_string(i);
  }
  EXPECT_EQ(Show(Map(pairs)), expected + "}");
}

// erts prints a map of more than 32 keys as its hash trie: bitmaps in hex,
// leaves as the [Key|Value] cells they are. Expected: erl 25.2.3,
// erlang:display(maps:from_list([{I,I} || I <- lists:seq(1,33)])).
TEST_F(DisplayTest, LargeMapAsItsTrie) {
  Pairs pairs;
  for (int i = 1; i <= 33; ++i)
    pairs.emplace_back(MakeSmall(i), MakeSmall(i));
  EXPECT_EQ(Show(Map(pairs)),
            "#<fffb>{<1201>{[16|16],[18|18],[5|5]},<4400>{[19|19],[27|27]},<80>{<4080>{[10|10],"
            "[24|24]}},<14>{[4|4],[21|21]},<240>{[22|22],[17|17]},<2a>{[3|3],[8|8],[1|1]},<8512>{"
            "[7|7],[2|2],[14|14],[15|15],[20|20]},[13|13],[6|6],<1400>{[28|28],[25|25]},<212>{["
            "32|32],[9|9],[11|11]},[31|31],[26|26],<2040>{[30|30],<8020>{[29|29],[23|23]}},<8200>"
            "{[12|12],[33|33]}}");
}

// A leaf is printed as the cons cell it is, so [104|"i"] shows as "hi"; and
// keys whose 32-bit hashes collide hang under chains of one-child nodes.
// Expected: erl 25.2.3, erlang:display/1 of maps:from_list/1 of
// [{I,I} || I <- lists:seq(1,32)] ++ [{104,"i"}], and of
// [{I,I} || I <- lists:seq(1,31)] ++ [{40660,32},{59671,33},{22575,34},{119693,35}].
TEST_F(DisplayTest, LargeMapLeavesAndCollisionChains) {
  Pairs pairs;
  for (int i = 1; i <= 32; ++i)
    pairs.emplace_back(MakeSmall(i), MakeSmall(i));
  pairs.emplace_back(MakeSmall(104), Str("i"));
  EXPECT_EQ(
      Show(Map(pairs)),
      "#<fffb>{<1201>{[16|16],[18|18],[5|5]},<4400>{[19|19],[27|27]},<80>{<4080>{[10|10],"
      "[24|24]}},<14>{[4|4],[21|21]},<240>{[22|22],[17|17]},<3a>{[3|3],[8|8],\"hi\",[1|1]},<"
      "8512>{[7|7],[2|2],[14|14],[15|15],[20|20]},[13|13],[6|6],<1400>{[28|28],[25|25]},<212>"
      "{[32|32],[9|9],[11|11]},[31|31],[26|26],<2040>{[30|30],<8020>{[29|29],[23|23]}},[12|12]"
      "}");
  pairs.resize(31);
  int value = 32;
  for (int key : {40660, 59671, 22575, 119693})
    pairs.emplace_back(MakeSmall(key), MakeSmall(value++));
  EXPECT_EQ(
      Show(Map(pairs)),
      "#<fffb>{<1201>{[16|16],[18|18],[5|5]},<4400>{[19|19],[27|27]},<80>{<4080>{[10|10],"
      "[24|24]}},<14>{[4|4],[21|21]},<240>{[22|22],[17|17]},<2a>{[3|3],[8|8],[1|1]},<8512>{["
      "7|7],[2|2],[14|14],[15|15],[20|20]},[13|13],<880>{[6|6],<80>{<80>{<2>{<2000>{<8>{<2000>"
      "{<4400>{[22575|34],[119693|35]}}}}}}}},<1400>{[28|28],[25|25]},<210>{[9|9],[11|11]},<a>"
      "{[31|31],<100>{<1>{<20>{<4000>{<80>{<800>{<6>{[59671|33],[40660|32]}}}}}}}},[26|26],<"
      "2040>{[30|30],<8020>{[29|29],[23|23]}},[12|12]}");
}

// erl orders map keys with all integers before all floats, also inside
// compound keys (CompareExact, compare.h).
TEST_F(DisplayTest, MapKeysIntegersBeforeFloats) {
  EXPECT_EQ(
      Show(Map({{Float(1.0), Atom("a")}, {MakeSmall(2), Atom("b")}, {MakeSmall(1), Atom("c")}})),
      "#{1=>c,2=>b,1.000000e+00=>a}");
  EXPECT_EQ(Show(Map({{Tuple({Float(1.0)}), Atom("a")}, {Tuple({MakeSmall(2)}), Atom("b")}})),
            "#{{2}=>b,{1.000000e+00}=>a}");
}

TEST_F(DisplayTest, ExportFuns) {
  auto fun = [&](std::string_view m, std::string_view f, uint8_t arity) {
    return Show(MakeExportFun(heap_, Atom(m), Atom(f), arity));
  };
  EXPECT_EQ(fun("lists", "map", 2), "fun lists:map/2");
  EXPECT_EQ(fun("erlang", "+", 2), "fun erlang:'+'/2");
  EXPECT_EQ(fun("erlang", "and", 2), "fun erlang:and/2");
  EXPECT_EQ(fun("a@b", "case", 1), "fun 'a@b':case/1");
  EXPECT_EQ(fun("A", "f", 0), "fun 'A':f/0");
  EXPECT_EQ(fun("quoted mod", "quoted fun", 0), "fun 'quoted mod':'quoted fun'/0");
}

// The module name is written raw, never quoted.
TEST_F(DisplayTest, LocalFuns) {
  auto fun = [&](std::string_view module, uint32_t index, uint32_t uniq) {
    LocalFunId id;
    id.module = Atom(module);
    id.index = index;
    id.uniq = uniq;
    return Show(MakeLocalFun(heap_, nullptr, id, {}));
  };
  EXPECT_EQ(fun("d", 0, 68428061), "#Fun<d.0.68428061>");
  EXPECT_EQ(fun("d", 1, 68428061), "#Fun<d.1.68428061>");
  EXPECT_EQ(fun("Q m", 0, 61717604), "#Fun<Q m.0.61717604>");
}

// Pids as <0.Number.Serial> from our id (serial << 28 | number); ports with
// their whole id; references from the words the external format gives them
// (erl: binary_to_term of a NEWER_REFERENCE_EXT with words 46172,
// 101449729, 1661949217).
TEST_F(DisplayTest, PidsPortsReferences) {
  EXPECT_EQ(Show(MakePid(9)), "<0.9.0>");
  EXPECT_EQ(Show(MakePid(uint64_t{3} << 28 | 80)), "<0.80.3>");
  EXPECT_EQ(Show(MakePort(0)), "#Port<0.0>");
  EXPECT_EQ(Show(MakePort(123456)), "#Port<0.123456>");
  EXPECT_EQ(Show(MakeReference(heap_, MonitorRef{uint64_t{1661949217} << 32 | 101449729, 46172})),
            "#Ref<0.1661949217.101449729.46172>");
  EXPECT_EQ(Show(MakeReference(heap_, MonitorRef{uint64_t{1} << 32 | 2, 3})), "#Ref<0.1.2.3>");
}

TEST_F(DisplayTest, NestedTerms) {
  Term list = kNil, tuple = Tuple({});
  for (int i = 0; i < 5; ++i) {
    list = List({list});
    tuple = Tuple({tuple});
  }
  EXPECT_EQ(Show(list), "[[[[[[]]]]]]");
  EXPECT_EQ(Show(tuple), "{{{{{{}}}}}}");
  EXPECT_EQ(Show(Tuple({Atom("a"), Tuple({Atom("b"), Tuple({Atom("c")})})})), "{a,{b,{c}}}");
}

// Not from erl (too long to paste): the patterns of the short cases above,
// at depths and lengths that would overflow a recursive printer's stack.
TEST_F(DisplayTest, DeepAndLongTermsWithoutRecursion) {
  constexpr int kDepth = 1'000'000;
  Term deep = kNil;
  for (int i = 0; i < kDepth; ++i)
    deep = i % 2 == 0 ? MakeCons(heap_, deep, kNil) : Tuple({deep});
  std::string expected;
  for (int i = kDepth - 1; i >= 0; --i)
    expected += i % 2 == 0 ? '[' : '{';
  expected += "[]";
  for (int i = 0; i < kDepth; ++i)
    expected += i % 2 == 0 ? ']' : '}';
  EXPECT_EQ(Show(deep), expected);

  Term longlist = kNil;
  for (int i = 0; i < kDepth; ++i)
    longlist = MakeCons(heap_, MakeSmall(1), longlist);
  std::string ones = "[1";
  for (int i = 1; i < kDepth; ++i)
    ones += ",1";
  EXPECT_EQ(Show(longlist), ones + "]");
}

}  // namespace
}  // namespace ling
