#include "runtime/term/bit_build.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bits.h"
#include "runtime/term/build.h"
#include "runtime/term/format.h"

// Expected results and error causes come from erl 25: each expression was
// run as io:format("~w", [<<...>>]) or under try ... catch error:R:St,
// reading the cause from St's error_info; values came through an id/1 call
// so that the compiler could not fold them. The segment lists mirror what
// erlc -S shows for the same expressions.

namespace ling {
namespace {

using Segments = std::vector<BinSegment>;
constexpr uint32_t kLittle = bitflag::kLittle;

BinSegment Seg(SegmentType type, uint32_t number, uint32_t unit, Term value, Term size,
               uint32_t flags = 0) {
  return {
      .type = type, .number = number, .unit = unit, .flags = flags, .value = value, .size = size};
}
BinSegment Int(uint32_t number, Term value, Term size, uint32_t unit = 1, uint32_t flags = 0) {
  return Seg(SegmentType::kInteger, number, unit, value, size, flags);
}
BinSegment Float(uint32_t number, Term value, Term size, uint32_t flags = 0) {
  return Seg(SegmentType::kFloat, number, 1, value, size, flags);
}
// Src/binary (unit 8) or Src/bits (unit 1) with size `all`, or a sized one.
BinSegment Binary(uint32_t number, Term value, Term size = atoms::kAll, uint32_t unit = 8) {
  return Seg(SegmentType::kBinary, number, unit, value, size);
}
BinSegment Utf(SegmentType type, uint32_t number, Term value, uint32_t flags = 0) {
  return Seg(type, number, 0, value, atoms::kUndefined, flags);
}
BinSegment String(uint32_t number, std::string_view text) {
  BinSegment s = Seg(SegmentType::kString, number, 8, kNil, kNil);
  s.string = {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
  return s;
}
BinSegment Append(Term value, uint32_t unit) {
  return Seg(SegmentType::kAppend, 1, unit, value, atoms::kAll);
}

Term Small(int64_t v) {
  return MakeSmall(v);
}

// The result as ~w writes it, or the error as "Reason {Seg,Type,Info,Value}".
std::string Built(Heap& h, const Segments& segments) {
  BuildError e{};
  Term t = BuildBitstring(h, segments, &e);
  if (!IsNonValue(t)) return ToString(t);
  return FormatAtom(e.reason) + " " +
         ToString(MakeTuple(h, {MakeSmall(e.segment), e.type, e.info, e.value}));
}

Term Bits(Heap& h, std::vector<uint8_t> bytes, uint64_t bits) {
  NewBitstring b = AllocateBitstring(h, bits);
  CopyBits(bytes.data(), 0, b.bytes, 0, bits);
  return b.term;
}
Term Bin(Heap& h, std::string_view bytes) {
  return MakeBinary(h, bytes);
}

TEST(BitBuild, OperandAtomsAndFlags) {
  EXPECT_EQ(SegmentTypeFromAtom(atoms::kInteger), SegmentType::kInteger);
  EXPECT_EQ(SegmentTypeFromAtom(InternAtom("private_append")), SegmentType::kPrivateAppend);
  EXPECT_EQ(SegmentTypeFromAtom(InternAtom("utf16")), SegmentType::kUtf16);
  EXPECT_EQ(SegmentTypeFromAtom(atoms::kOk), std::nullopt);
  Heap h;
  EXPECT_EQ(SegmentFlagsFromList(kNil), 0u);
  EXPECT_EQ(SegmentFlagsFromList(MakeList(h, std::vector<Term>{atoms::kLittle})), kLittle);
  EXPECT_EQ(SegmentFlagsFromList(MakeList(h, std::vector<Term>{atoms::kNative})), bitflag::kNative);
  EXPECT_EQ(SegmentFlagsFromList(MakeList(h, std::vector<Term>{atoms::kSigned, atoms::kBig})),
            bitflag::kSigned);
}

// t:a(X, Y, Z) -> <<X:13/signed-little, Y/binary, Z:32/float, "abc", X/utf8,
//                   Y:4/binary-unit:16, X:Z/unit:3, 1:1>>.
TEST(BitBuild, TheCompilersSegmentList) {
  Heap h;
  auto a = [&h](Term x, Term y, Term z) {
    return Built(h, {Int(1, x, Small(13), 1, kLittle), Binary(2, y), Float(3, z, Small(32)),
                     String(0, "abc"), Utf(SegmentType::kUtf8, 5, x), Binary(6, y, Small(4), 16),
                     Int(7, x, z, 3), Int(0, Small(1), Small(1))});
  };
  Term eight = MakeBinary(h, std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(a(Small(5), eight, Small(2)),
            "<<5,0,8,16,24,32,40,48,56,66,0,0,0,3,11,19,24,40,8,16,24,32,40,48,56,64,11:4>>");
  EXPECT_EQ(a(Small(300), Bin(h, "hello, world"), Small(9)),
            "<<44,11,67,43,99,99,121,97,3,187,123,147,99,34,8,128,0,3,11,19,30,37,99,67,43,99,99,"
            "121,97,3,184,0,1,44,1:1>>");
  EXPECT_EQ(a(Small(-300), Bin(h, "hello, world"), Small(9)), "badarg {5,utf8,type,-300}");
  EXPECT_EQ(a(Small(5), Bin(h, "hello, world"), *MakeFloat(h, 2.0)), "badarg {7,integer,size,2.0}");
}

TEST(BitBuild, IntegersFloatsAndCodePoints) {
  Heap h;
  Term big100 = *IntegerBsl(h, Small(1), Small(100));
  EXPECT_EQ(Built(h, {Int(1, Small(-1), Small(70))}), "<<255,255,255,255,255,255,255,255,63:6>>");
  EXPECT_EQ(Built(h, {Int(1, Small(-1), Small(3)), Int(2, Small(0xffff), Small(3), 1, kLittle),
                      Int(3, *IntegerNegate(h, big100), Small(101), 1, kLittle)}),
            "<<252,0,0,0,0,0,0,0,0,0,0,0,2,0:3>>");
  EXPECT_EQ(Built(h, {Int(1, *IntegerAdd(h, big100, Small(5)), Small(7)),
                      Int(2, *IntegerSub(h, *IntegerNegate(h, big100), Small(5)), Small(7))}),
            "<<11,59:6>>");
  EXPECT_EQ(Built(h, {Int(1, Small(1), Small(3), 3)}), "<<0,1:1>>");
  EXPECT_EQ(Built(h, {Int(1, Small(1), Small(0))}), "<<>>");
  EXPECT_EQ(Built(h, {Float(1, *MakeFloat(h, 1e300), Small(32))}), "<<127,128,0,0>>");
  EXPECT_EQ(Built(h, {Float(1, *MakeFloat(h, 1.5), Small(32), kLittle)}), "<<0,0,192,63>>");
  EXPECT_EQ(Built(h, {Seg(SegmentType::kFloat, 1, 8, *MakeFloat(h, 2.5), Small(2))}), "<<65,0>>");
  EXPECT_EQ(Built(h, {Utf(SegmentType::kUtf16, 1, Small(0x10ffff))}), "<<219,255,223,255>>");
  EXPECT_EQ(
      Built(h,
            {Utf(SegmentType::kUtf16, 1, Small(0x10000)), Utf(SegmentType::kUtf8, 2, Small(0x7f)),
             Utf(SegmentType::kUtf8, 3, Small(0x80)), Utf(SegmentType::kUtf8, 4, Small(0x800)),
             Utf(SegmentType::kUtf8, 5, Small(0x10000)),
             Utf(SegmentType::kUtf32, 6, Small(0x41), kLittle)}),
      "<<216,0,220,0,127,194,128,224,160,128,240,144,128,128,65,0,0,0>>");
  EXPECT_EQ(
      Built(h,
            {Int(1, Small(0), Small(3)), Utf(SegmentType::kUtf16, 2, Small(0x10000), kLittle),
             Utf(SegmentType::kUtf8, 3, Small(0x7ff)), Utf(SegmentType::kUtf32, 4, Small(0x41))}),
      "<<0,27,0,27,155,247,224,0,0,8,1:3>>");
}

TEST(BitBuild, BinariesAndAppends) {
  Heap h;
  Term bits3 = Bits(h, {0x20}, 3);  // <<1:3>>
  Term b123 = Bin(h, "\x01\x02\x03");
  EXPECT_EQ(Built(h, {Binary(1, bits3, atoms::kAll, 1)}), "<<1:3>>");
  EXPECT_EQ(Built(h, {Binary(1, b123, Small(2))}), "<<1,2>>");
  EXPECT_EQ(Built(h, {Binary(1, b123, Small(10), 1)}), "<<1,0:2>>");
  EXPECT_EQ(Built(h, {Binary(1, Bin(h, "\x01\x02\x03\x04"), Small(1), 16)}), "<<1,2>>");
  EXPECT_EQ(Built(h, {Binary(1, Bin(h, "\x01\x02"), Small(2), 1)}), "<<0:2>>");
  EXPECT_EQ(
      Built(h, {Binary(1, Bits(h, {0x80}, 1), atoms::kAll, 1), Binary(2, Bin(h, "\x02\x03"))}),
      "<<129,1,1:1>>");
  EXPECT_EQ(Built(h, {Utf(SegmentType::kUtf8, 1, Small(1)), Binary(2, bits3, atoms::kAll, 3)}),
            "<<1,1:3>>");
  // <<A/binary, X:8>>, <<A/bits, X:8>>, <<A/binary-unit:16, S:4>>: appends.
  EXPECT_EQ(Built(h, {Append(bits3, 1), Int(2, Small(1), Small(8))}), "<<32,1:3>>");
  EXPECT_EQ(Built(h, {Append(Bin(h, "\x01\x02"), 16), Int(2, Small(1), Small(4))}), "<<1,2,1:4>>");
  EXPECT_EQ(Built(h, {Seg(SegmentType::kPrivateAppend, 1, 1, Bin(h, "ab"), atoms::kAll),
                      Int(2, Small(99), Small(8))}),
            "<<97,98,99>>");
  // Nothing added: the value itself, as erl returns it.
  Term big = MakeBinary(h, std::vector<uint8_t>(100, 1));
  BuildError e;
  EXPECT_EQ(BuildBitstring(h, Segments{Append(big, 8), Int(2, Small(1), Small(0))}, &e), big);
}

// StartIntegerBuild plus SegmentWordWriter builds what BuildBitstring builds,
// and leaves to it what it cannot.
TEST(BitBuild, IntegerBuildsAsTheGeneralOne) {
  Heap h;
  auto fast = [&h](Term base, uint32_t unit, std::vector<std::pair<int64_t, unsigned>> ints,
                   uint32_t flags = 0) -> std::string {
    uint64_t total = 0;
    for (auto [value, bits] : ints)
      total += bits;
    std::optional<NewAppend> out = StartIntegerBuild(h, base, unit, total);
    if (!out.has_value()) return "general";
    SegmentWordWriter writer(out->bytes, out->at);
    for (auto [value, bits] : ints)
      writer.Add(static_cast<uint64_t>(value), bits, flags);
    writer.Finish();
    return ToString(out->term);
  };
  EXPECT_EQ(fast(kNonValue, 1, {{-1, 8}, {2, 16}, {1, 1}, {3, 7}}), "<<255,0,2,131>>");
  EXPECT_EQ(fast(kNonValue, 1, {{0x1234, 16}, {-3, 5}}, kLittle), "<<52,18,29:5>>");
  EXPECT_EQ(Built(h, {Int(1, Small(0x1234), Small(16), 1, kLittle),
                      Int(2, Small(-3), Small(5), 1, kLittle)}),
            "<<52,18,29:5>>");
  EXPECT_EQ(fast(kNonValue, 1, {{-1, 64}}), "<<255,255,255,255,255,255,255,255>>");
  Term bits3 = Bits(h, {0x20}, 3);
  EXPECT_EQ(fast(bits3, 1, {{1, 8}}), Built(h, {Append(bits3, 1), Int(2, Small(1), Small(8))}));
  EXPECT_EQ(fast(Bin(h, "ab"), 8, {{99, 8}}), "<<97,98,99>>");
  // Nothing added: the base itself.
  Term ab = Bin(h, "ab");
  std::optional<NewAppend> same = StartIntegerBuild(h, ab, 8, 0);
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->term, ab);
  // Not a bitstring, not whole units, too large: the general builder's
  // errors.
  EXPECT_EQ(fast(atoms::kOk, 8, {{1, 8}}), "general");
  EXPECT_EQ(fast(bits3, 8, {{1, 8}}), "general");
  EXPECT_FALSE(StartIntegerBuild(h, kNonValue, 1, uint64_t{1} << 60).has_value());
}

TEST(BitBuild, ResultsAreHeapRefcOrSubBinaries) {
  Heap h;
  BuildError e;
  std::vector<uint8_t> bytes(100, 7);
  Term b100 = MakeBinary(h, bytes);
  auto build = [&](uint64_t bits) {
    return BuildBitstring(h, Segments{Binary(1, b100, Small(static_cast<int64_t>(bits)), 1)}, &e);
  };
  EXPECT_TRUE(IsBoxedOf(build(64 * 8), tag::Subtag::kHeapBinary));
  EXPECT_TRUE(IsBoxedOf(build(65 * 8), tag::Subtag::kRefcBinary));
  Term odd = build(13);
  ASSERT_TRUE(IsBoxedOf(odd, tag::Subtag::kSubBinary));
  EXPECT_TRUE(IsBoxedOf(BitstringOriginal(odd), tag::Subtag::kHeapBinary));
  EXPECT_EQ(ByteSize(odd), 2u);
  Term odd_refc = build(65 * 8 + 1);
  ASSERT_TRUE(IsBoxedOf(odd_refc, tag::Subtag::kSubBinary));
  EXPECT_TRUE(IsBoxedOf(BitstringOriginal(odd_refc), tag::Subtag::kRefcBinary));
  EXPECT_EQ(BitstringWords(13), BinaryWords(2) + kSubBinaryWords);
  h.CheckInvariants();
}

// Errors as erl reports them, in its order: every size first, then the
// append value, then the values as they are written.
TEST(BitBuild, ErrorsAsErlReportsThem) {
  Heap h;
  Term a = atoms::kOk;  // erl's tests used the atom a; any atom does
  Term bits3 = Bits(h, {0x20}, 3);
  Term b12 = Bin(h, "\x01\x02");
  Term b123 = Bin(h, "\x01\x02\x03");
  Term huge = *IntegerBsl(h, Small(1), Small(2000));
  Term two62 = *IntegerBsl(h, Small(1), Small(62));
  struct Case {
    Segments segments;
    std::string error;
  } cases[] = {
      {{Int(1, a, Small(8))}, "badarg {1,integer,type,ok}"},
      {{Int(1, Small(1), Small(-1))}, "badarg {1,integer,size,-1}"},
      {{Int(1, a, Small(-1))}, "badarg {1,integer,size,-1}"},  // the size first
      {{Int(1, Small(1), a)}, "badarg {1,integer,size,ok}"},
      {{Int(1, Small(1), *MakeFloat(h, 1.0))}, "badarg {1,integer,size,1.0}"},
      {{Int(1, a, Small(0))}, "badarg {1,integer,type,ok}"},
      {{Int(1, Small(1), *IntegerBsl(h, Small(1), Small(60)))},
       "system_limit {1,integer,size,1152921504606846976}"},
      {{Int(1, Small(1), two62, 8)}, "system_limit {1,integer,size,4611686018427387904}"},
      {{Int(1, Small(1), *IntegerNegate(h, two62), 8)},
       "badarg {1,integer,size,-4611686018427387904}"},
      {{Float(1, huge, Small(64))}, "badarg {1,float,no_float," + ToString(huge) + "}"},
      {{Float(1, *MakeFloat(h, 1.5), Small(24))}, "badarg {1,float,invalid,24}"},
      {{Float(1, *MakeFloat(h, 1.0), Small(0))}, "badarg {1,float,invalid,0}"},
      {{Float(1, a, Small(16))}, "badarg {1,float,type,ok}"},
      {{Float(1, *MakeFloat(h, 1.0), a)}, "badarg {1,float,size,ok}"},
      {{Float(1, a, *IntegerBsl(h, Small(1), Small(59)))},
       "system_limit {1,float,size,576460752303423488}"},
      {{Utf(SegmentType::kUtf8, 1, Small(0x110000))}, "badarg {1,utf8,type,1114112}"},
      {{Utf(SegmentType::kUtf8, 1, Small(0xd800))}, "badarg {1,utf8,type,55296}"},
      {{Utf(SegmentType::kUtf8, 1, Small(-1))}, "badarg {1,utf8,type,-1}"},
      {{Int(1, Small(1), Small(8)), Utf(SegmentType::kUtf16, 2, a)}, "badarg {2,utf16,type,ok}"},
      {{Int(1, Small(1), Small(8)), Utf(SegmentType::kUtf16, 2, Small(0xd800))},
       "badarg {2,utf16,type,55296}"},
      {{Int(1, Small(1), Small(8)), Utf(SegmentType::kUtf32, 2, Small(0x110000), kLittle)},
       "badarg {2,utf32,type,1114112}"},
      {{Binary(1, bits3)}, "badarg {1,binary,unit,<<1:3>>}"},
      {{Binary(1, b123, atoms::kAll, 16)}, "badarg {1,binary,unit,<<1,2,3>>}"},
      {{Binary(1, b123, Small(4))}, "badarg {1,binary,short,<<1,2,3>>}"},
      {{Binary(1, b12, Small(17), 1)}, "badarg {1,binary,short,<<1,2>>}"},
      {{Binary(1, bits3, Small(3))}, "badarg {1,binary,short,<<1:3>>}"},
      {{Binary(1, b12, a, 1)}, "badarg {1,binary,size,ok}"},
      {{Int(1, Small(65), Small(8)), Binary(2, MakeString(h, "abc"))},
       "badarg {2,binary,type,[97,98,99]}"},
      {{Float(1, Small(1), Small(64)), Binary(2, a)}, "badarg {2,binary,type,ok}"},
      {{String(1, "abc"), Binary(2, bits3)}, "badarg {2,binary,unit,<<1:3>>}"},
      // Sizes are all checked before any value is written.
      {{Int(1, a, Small(8)), Binary(2, Bin(h, "\x01"), Small(-1))}, "badarg {2,binary,size,-1}"},
      {{Int(1, a, Small(8)), Binary(2, InternAtom("b"))}, "badarg {2,binary,type,b}"},
      {{Binary(1, a), Utf(SegmentType::kUtf32, 2, Small(-1))}, "badarg {1,binary,type,ok}"},
      {{Int(1, a, Small(8)), Utf(SegmentType::kUtf32, 2, Small(-1))}, "badarg {2,utf32,type,-1}"},
      {{Int(1, Small(5), Small(0)), Int(2, a, Small(0))}, "badarg {2,integer,type,ok}"},
      // Appends: the value after every size, before what is written.
      {{Append(bits3, 8), Int(2, Small(1), Small(8))}, "badarg {1,binary,unit,<<1:3>>}"},
      {{Append(a, 8), Int(2, Small(1), Small(8))}, "badarg {1,binary,type,ok}"},
      {{Append(b12, 8), Int(2, a, Small(8))}, "badarg {2,integer,type,ok}"},
      {{Append(a, 8), Int(2, Small(1), Small(-1))}, "badarg {2,integer,size,-1}"},
      {{Append(b123, 16), Int(2, Small(1), Small(4))}, "badarg {1,binary,unit,<<1,2,3>>}"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(Built(h, c.segments), c.error);
}

// erl tries to allocate such a binary and aborts the node; libling refuses
// a total that bit_size/1 could not return as a small.
TEST(BitBuild, TotalsPastASmallAreSystemLimit) {
  Heap h;
  Term half = Small(int64_t{1} << 58);
  EXPECT_EQ(Built(h, {Int(1, Small(1), half), Int(2, Small(1), half)}),
            "system_limit {2,integer,size,288230376151711744}");
}

TEST(BitBuild, ErrorInfoForTheStackFrame) {
  Heap h;
  BuildError e{atoms::kBadarg, 2, atoms::kUtf8, atoms::kType, Small(-1)};
  EXPECT_EQ(ToString(MakeBuildErrorInfo(h, e)),
            "#{cause => {2,utf8,type,-1},function => format_bs_fail,module => erl_erts_errors}");
}

}  // namespace
}  // namespace ling
