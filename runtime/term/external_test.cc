#include "runtime/term/external.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"
#include "runtime/term/copy.h"
#include "runtime/term/format.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

using Bytes = std::vector<uint8_t>;
using Pairs = std::vector<std::pair<Term, Term>>;

// The text of the term that `bytes` decode to, checking that all of them
// were used; or the error.
std::string DecodedText(const Bytes& bytes) {
  Heap h;
  absl::StatusOr<Decoded> d = DecodeExternal(h, bytes);
  if (!d.ok()) return d.status().ToString();
  EXPECT_EQ(d->used, bytes.size());
  return ToString(d->term);
}

Term DecodeAll(Heap& h, const Bytes& bytes) {
  absl::StatusOr<Decoded> d = DecodeExternal(h, bytes);
  EXPECT_TRUE(d.ok()) << d.status();
  if (!d.ok()) return kNonValue;
  EXPECT_EQ(d->used, bytes.size());
  return d->term;
}

absl::StatusCode DecodeError(const Bytes& bytes, bool safe = false) {
  Heap h;
  return DecodeExternal(h, bytes, {.safe = safe}).status().code();
}

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

// ---- byte strings written by erl (OTP 25) ----------------------------------------
// erl -noshell -eval 'io:format("~w~n", [term_to_binary(T)])' (minor version
// 1, OTP 25's default: Latin-1 atoms as ATOM_EXT); the "minor 2" ones with
// [{minor_version, 2}], which writes every atom as UTF-8 like OTP 26.

const Bytes kErlAtoms = {
    131, 104, 4, 100, 0,   2,   111, 107, 100, 0,   3, 233, 116,
    233, 119, 6, 230, 151, 165, 230, 156, 172, 100, 0, 0};  // {ok,'été','日本',''}
const Bytes kErlAtomsMinor2 = {131, 104, 4,   119, 2,   111, 107, 119, 5,   195, 169, 116,
                               195, 169, 119, 6,   230, 151, 165, 230, 156, 172, 119, 0};
// {[], "abc", [1,2|3], [a, "b", 1.5]}
const Bytes kErlLists = {131, 104, 4,  106, 107, 0,  3,   97, 98, 99, 108, 0,   0, 0,  2,
                         97,  1,   97, 2,   97,  3,  108, 0,  0,  0,  3,   100, 0, 1,  97,
                         107, 0,   1,  98,  70,  63, 248, 0,  0,  0,  0,   0,   0, 106};
const Bytes kErlListsMinor2 = {131, 104, 4,  106, 107, 0,   3,   97, 98, 99, 108, 0,   0,  0,  2,
                               97,  1,   97, 2,   97,  3,   108, 0,  0,  0,  3,   119, 1,  97, 107,
                               0,   1,   98, 70,  63,  248, 0,   0,  0,  0,  0,   0,   106};
const Bytes kErlBinaries = {131, 104, 2, 109, 0, 0, 0, 3, 1, 2, 3, 109, 0, 0, 0, 0};
// #{1 => a, 1.0 => b, a => 1}
const Bytes kErlMap = {131, 116, 0, 0, 0, 3,   97, 1, 100, 0,   1, 97, 70, 63, 240, 0,
                       0,   0,   0, 0, 0, 100, 0,  1, 98,  100, 0, 1,  97, 97, 1};
const Bytes kErlMapMinor2 = {131, 116, 0, 0, 0, 3, 97,  1, 119, 1,   97, 70, 63, 240,
                             0,   0,   0, 0, 0, 0, 119, 1, 98,  119, 1,  97, 97, 1};
// {ok, [#{k => <<"v">>, #{} => []}], {1.0, -5, 'EXIT'}}
const Bytes kErlNested = {131, 104, 3,   100, 0,   2,   111, 107, 108, 0,   0,  0,  1,   116, 0,
                          0,   0,   2,   100, 0,   1,   107, 109, 0,   0,   0,  1,  118, 116, 0,
                          0,   0,   0,   106, 106, 104, 3,   70,  63,  240, 0,  0,  0,   0,   0,
                          0,   98,  255, 255, 255, 251, 100, 0,   4,   69,  88, 73, 84};
const Bytes kErlNestedMinor2 = {131, 104, 3,  119, 2,   111, 107, 108, 0,  0,   0,  1,   116, 0,
                                0,   0,   2,  119, 1,   107, 109, 0,   0,  0,   1,  118, 116, 0,
                                0,   0,   0,  106, 106, 104, 3,   70,  63, 240, 0,  0,   0,   0,
                                0,   0,   98, 255, 255, 255, 251, 119, 4,  69,  88, 73,  84};
// fun lists:map/2
const Bytes kErlExport = {131, 113, 100, 0, 5,   108, 105, 115, 116,
                          115, 100, 0,   3, 109, 97,  112, 97,  2};
const Bytes kErlExportMinor2 = {131, 113, 119, 5,   108, 105, 115, 116,
                                115, 119, 3,   109, 97,  112, 97,  2};
// self() = <0.9.0>, hd(erlang:ports()) = #Port<0.0>, a make_ref() printed
// as #Ref<0.2084082276.1958739970.38042>.
const Bytes kErlPid = {131, 88,  100, 0, 13, 110, 111, 110, 111, 100, 101, 64, 110, 111, 104,
                       111, 115, 116, 0, 0,  0,   9,   0,   0,   0,   0,   0,  0,   0,   0};
const Bytes kErlPort = {131, 89,  100, 0,   13,  110, 111, 110, 111, 100, 101, 64, 110,
                        111, 104, 111, 115, 116, 0,   0,   0,   0,   0,   0,   0,  0};
const Bytes kErlRef = {131, 90, 0,   3,   100, 0,   13,  110, 111, 110, 111, 100,
                       101, 64, 110, 111, 104, 111, 115, 116, 0,   0,   0,   0,
                       0,   0,  148, 154, 116, 192, 0,   2,   124, 56,  146, 100};
// The same kinds in minor 2: <0.9.0>, #Port<0.0>, #Ref<0.918003433.350748674.51655>.
const Bytes kErlPidMinor2 = {131, 88,  119, 13,  110, 111, 110, 111, 100, 101,
                             64,  110, 111, 104, 111, 115, 116, 0,   0,   0,
                             9,   0,   0,   0,   0,   0,   0,   0,   0};
const Bytes kErlPortMinor2 = {131, 89,  119, 13,  110, 111, 110, 111, 100, 101, 64, 110, 111,
                              104, 111, 115, 116, 0,   0,   0,   0,   0,   0,   0,  0};
const Bytes kErlRefMinor2 = {131, 90,  0,   3,   119, 13,  110, 111, 110, 111, 100, 101,
                             64,  110, 111, 104, 111, 115, 116, 0,   0,   0,   0,   0,
                             0,   201, 199, 20,  232, 0,   2,   54,  183, 158, 233};
// fun(Y) -> Y end in module t2 (fun_info: index 0, uniq 94035396, this
// new_uniq), created by <0.9.0>.
const Bytes kErlFun = {131, 112, 0,   0,   0,   70,  1,   179, 91, 184, 142, 14,  11,  153, 99,
                       193, 18,  109, 56,  176, 80,  208, 52,  0,  0,   0,   0,   0,   0,   0,
                       0,   100, 0,   2,   116, 50,  97,  0,   98, 5,   154, 221, 196, 88,  100,
                       0,   13,  110, 111, 110, 111, 100, 101, 64, 110, 111, 104, 111, 115, 116,
                       0,   0,   0,   9,   0,   0,   0,   0,   0,  0,   0,   0};
// t3:mk(7) = fun(Y, Z) -> {X, Y, Z} end with X = 7: arity 2, one free variable.
const Bytes kErlClosure = {
    131, 112, 0,   0,   0,   72, 2,   74, 138, 253, 161, 198, 253, 250, 110, 225, 76,  45,  13,
    98,  138, 26,  211, 0,   0,  0,   0,  0,   0,   0,   1,   100, 0,   2,   116, 51,  97,  0,
    98,  2,   84,  87,  237, 88, 100, 0,  13,  110, 111, 110, 111, 100, 101, 64,  110, 111, 104,
    111, 115, 116, 0,   0,   0,  9,   0,  0,   0,   0,   0,   0,   0,   0,   97,  7};
// maps:from_list([{I, I} || I <- lists:seq(1, 40)]): a hash map, written in
// hash order.
const Bytes kErlMap40 = {
    131, 116, 0,  0,  0,  40, 97, 33, 97, 33, 97, 12, 97, 12, 97, 23, 97, 23, 97, 29, 97,
    29,  97,  30, 97, 30, 97, 39, 97, 39, 97, 26, 97, 26, 97, 31, 97, 31, 97, 11, 97, 11,
    97,  37,  97, 37, 97, 9,  97, 9,  97, 32, 97, 32, 97, 34, 97, 34, 97, 25, 97, 25, 97,
    28,  97,  28, 97, 6,  97, 6,  97, 38, 97, 38, 97, 13, 97, 13, 97, 40, 97, 40, 97, 20,
    97,  20,  97, 15, 97, 15, 97, 14, 97, 14, 97, 2,  97, 2,  97, 7,  97, 7,  97, 1,  97,
    1,   97,  8,  97, 8,  97, 3,  97, 3,  97, 17, 97, 17, 97, 22, 97, 22, 97, 21, 97, 21,
    97,  4,   97, 4,  97, 36, 97, 36, 97, 24, 97, 24, 97, 10, 97, 10, 97, 35, 97, 35, 97,
    27,  97,  27, 97, 19, 97, 19, 97, 5,  97, 5,  97, 18, 97, 18, 97, 16, 97, 16};
// term_to_binary(lists:duplicate(100, hello), [compressed])
const Bytes kErlCompressed = {131, 80, 0,  0,   3,   38, 120, 156, 203, 97,  96,  96,
                              72,  73, 97, 96,  205, 72, 205, 201, 201, 31,  165, 71,
                              233, 81, 26, 147, 206, 2,  0,   52,  16,  250, 15};
// term_to_binary(-2.5e-10, [{minor_version, 0}]): the old FLOAT_EXT.
const Bytes kErlOldFloat = {131, 99, 45, 50, 46, 53, 48, 48, 48,  48, 48, 48, 48, 48, 48, 48, 48,
                            48,  48, 48, 49, 53, 53, 55, 48, 101, 45, 49, 48, 0,  0,  0,  0};

TEST(External, DecodesIntegersAsErlWritesThem) {
  struct Case {
    Bytes bytes;
    const char* text;
  } cases[] = {
      {{131, 97, 0}, "0"},
      {{131, 97, 255}, "255"},
      {{131, 98, 0, 0, 1, 0}, "256"},
      {{131, 98, 255, 255, 255, 255}, "-1"},
      {{131, 98, 127, 255, 255, 255}, "2147483647"},
      {{131, 98, 128, 0, 0, 0}, "-2147483648"},
      {{131, 110, 4, 0, 0, 0, 0, 128}, "2147483648"},
      {{131, 110, 8, 0, 255, 255, 255, 255, 255, 255, 255, 7}, "576460752303423487"},
      {{131, 110, 8, 1, 0, 0, 0, 0, 0, 0, 0, 8}, "-576460752303423488"},
      {{131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, "18446744073709551616"},
      {{131, 110, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1}, "-18446744073709551616"},
      // erl accepts a big with leading zero digits, any non-zero sign, no digits.
      {{131, 110, 2, 0, 1, 0}, "1"},
      {{131, 110, 2, 2, 1, 0}, "-1"},
      {{131, 110, 0, 0}, "0"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DecodedText(c.bytes), c.text) << c.text;
    Heap h;
    Term t = DecodeAll(h, c.bytes);
    // Canonical: what fits a small is a small.
    EXPECT_EQ(IsSmall(t), FitsSmall(IntegerToInt64(t).value_or(kSmallMax + 1)));
  }
  // 1 bsl 2048: LARGE_BIG of 257 digits.
  Bytes big = {131, 111, 0, 0, 1, 1, 0};
  big.resize(big.size() + 256, 0);
  big.push_back(1);
  Heap h;
  EXPECT_EQ(IntegerCompare(DecodeAll(h, big), *IntegerBsl(h, MakeSmall(1), MakeSmall(2048))), 0);
  EXPECT_EQ(EncodeExternal(*IntegerBsl(h, MakeSmall(1), MakeSmall(2048))), big);
}

TEST(External, DecodesOtherKindsAsErlWritesThem) {
  EXPECT_EQ(DecodedText({131, 70, 63, 248, 0, 0, 0, 0, 0, 0}), "1.5");
  EXPECT_EQ(DecodedText({131, 70, 128, 0, 0, 0, 0, 0, 0, 0}), "-0.0");
  EXPECT_EQ(DecodedText(kErlOldFloat), "-2.5e-10");
  EXPECT_EQ(DecodedText(kErlLists), "{[],[97,98,99],[1,2|3],[a,[98],1.5]}");
  EXPECT_EQ(DecodedText(kErlListsMinor2), "{[],[97,98,99],[1,2|3],[a,[98],1.5]}");
  EXPECT_EQ(DecodedText(kErlBinaries), "{<<1,2,3>>,<<>>}");
  EXPECT_EQ(DecodedText(kErlMap), "#{1 => a,1.0 => b,a => 1}");
  EXPECT_EQ(DecodedText(kErlMapMinor2), "#{1 => a,1.0 => b,a => 1}");
  EXPECT_EQ(DecodedText(kErlNestedMinor2), "{ok,[#{k => <<118>>,#{} => []}],{1.0,-5,'EXIT'}}");
  EXPECT_EQ(DecodedText(kErlExportMinor2), "fun lists:map/2");
  EXPECT_EQ(DecodedText(kErlPid), "<0.9.0>");
  EXPECT_EQ(DecodedText(kErlPort), "#Port<0.0>");
  EXPECT_EQ(DecodedText(kErlRef), "#Ref<0.2084082276.1958739970.38042>");
  EXPECT_EQ(DecodedText(kErlPidMinor2), "<0.9.0>");
  EXPECT_EQ(DecodedText(kErlPortMinor2), "#Port<0.0>");
  EXPECT_EQ(DecodedText(kErlRefMinor2), "#Ref<0.918003433.350748674.51655>");
  // LIST_EXT of no elements is its tail; BIT_BINARY of whole bytes a binary.
  EXPECT_EQ(DecodedText({131, 108, 0, 0, 0, 0, 97, 5}), "5");
  EXPECT_EQ(DecodedText({131, 77, 0, 0, 0, 1, 8, 5}), "<<5>>");
  EXPECT_EQ(DecodedText({131, 77, 0, 0, 0, 0, 0}), "<<>>");
}

TEST(External, DecodesLatin1AndUtf8Atoms) {
  for (const Bytes& bytes : {kErlAtoms, kErlAtomsMinor2}) {
    Heap h;
    Term t = DecodeAll(h, bytes);
    ASSERT_TRUE(IsTuple(t));
    EXPECT_EQ(TupleElement(t, 0), atoms::kOk);
    EXPECT_EQ(TupleElement(t, 1), InternAtom("\xc3\xa9t\xc3\xa9"));  // 'été' as UTF-8
    EXPECT_EQ(TupleElement(t, 2), InternAtom("\xe6\x97\xa5\xe6\x9c\xac"));
    EXPECT_EQ(TupleElement(t, 3), InternAtom(""));
  }
  Heap h;
  EXPECT_EQ(EncodeExternal(DecodeAll(h, kErlAtomsMinor2)), kErlAtoms);
  EXPECT_EQ(EncodeExternal(DecodeAll(h, kErlAtoms), 2), kErlAtomsMinor2);
}

TEST(External, DecodesFunsForTheLoaderToResolve) {
  Heap h;
  Term f = DecodeAll(h, kErlFun);
  ASSERT_TRUE(IsLocalFun(f));
  EXPECT_EQ(LocalFunEntry(f), nullptr);
  LocalFunId id = LocalFunIdOf(f);
  EXPECT_EQ(id.module, InternAtom("t2"));
  EXPECT_EQ(id.index, 0u);
  EXPECT_EQ(id.uniq, 94035396u);
  EXPECT_EQ(id.arity, 1);
  EXPECT_EQ(id.new_uniq, (std::array<uint8_t, 16>{179, 91, 184, 142, 14, 11, 153, 99, 193, 18, 109,
                                                  56, 176, 80, 208, 52}));
  EXPECT_EQ(LocalFunNumFree(f), 0u);
  EXPECT_EQ(LocalFunCreator(f), MakePid(9));
  EXPECT_EQ(ToString(f), "#Fun<t2.0.94035396>");
  Term closure = DecodeAll(h, kErlClosure);
  EXPECT_EQ(ToString(closure), "#Fun<t3.0.39081965>");
  EXPECT_EQ(FunArity(closure), 2u);
  ASSERT_EQ(LocalFunNumFree(closure), 1u);
  EXPECT_EQ(LocalFunFreeVar(closure, 0), MakeSmall(7));
}

// erl writes a map of more than 32 keys in its hash trie's order; decoding
// builds the same trie, so encoding it again gives erl's bytes back, and
// with the deterministic option the pairs come in key order.
TEST(External, LargeMapsRoundTripInErlsOrder) {
  Heap h;
  Term m = DecodeAll(h, kErlMap40);
  ASSERT_TRUE(IsMap(m));
  CheckMapInvariants(m);
  EXPECT_EQ(MapSize(m), 40u);
  for (int64_t i = 1; i <= 40; ++i)
    EXPECT_EQ(MapFind(m, MakeSmall(i)), MakeSmall(i));
  EXPECT_EQ(EncodeExternal(m), kErlMap40);
  Bytes sorted = {131, 116, 0, 0, 0, 40};
  for (uint8_t i = 1; i <= 40; ++i)
    sorted.insert(sorted.end(), {97, i, 97, i});
  EXPECT_EQ(EncodeExternal(m, kDefaultMinorVersion, /*deterministic=*/true), sorted);
  // 34 pairs of 33 keys: a duplicate key, which erl refuses too.
  Bytes dups = {131, 116, 0, 0, 0, 34};
  for (int i = 1; i <= 34; ++i)
    dups.insert(dups.end(), {97, static_cast<uint8_t>(i % 33), 97, 0});
  EXPECT_EQ(DecodeError(dups), absl::StatusCode::kInvalidArgument);
}

TEST(External, DecodesCompressedTerms) {
  Heap h;
  absl::StatusOr<Decoded> d = DecodeExternal(h, kErlCompressed);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->used, kErlCompressed.size());
  EXPECT_EQ(ListLength(d->term), 100);
  EXPECT_EQ(Head(d->term), InternAtom("hello"));
  // Trailing bytes are not part of the term.
  Bytes trailing = Concat({kErlCompressed, {1, 2, 3}});
  d = DecodeExternal(h, trailing);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->used, kErlCompressed.size());
  // A declared size one off either way, a cut stream, an impossible size.
  Bytes bigger = kErlCompressed, smaller = kErlCompressed;
  ++bigger[5];
  --smaller[5];
  EXPECT_EQ(DecodeError(bigger), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeError(smaller), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeError(Bytes(kErlCompressed.begin(), kErlCompressed.end() - 1)),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeError({131, 80, 255, 255, 255, 255, 120, 156, 3, 0}),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeError({131, 80, 0, 0, 0, 0}), absl::StatusCode::kInvalidArgument);
}

// term_to_binary(T) in OTP 25 wrote these bytes.
TEST(External, EncodesAsErlDoes) {
  Heap h;
  auto big = [&h](const char* text) { return *IntegerFromText(h, text, 10); };
  struct Case {
    Term term;
    Bytes bytes;
  } cases[] = {
      {MakeSmall(0), {131, 97, 0}},
      {MakeSmall(255), {131, 97, 255}},
      {MakeSmall(256), {131, 98, 0, 0, 1, 0}},
      {MakeSmall(-1), {131, 98, 255, 255, 255, 255}},
      {MakeSmall(-2147483648), {131, 98, 128, 0, 0, 0}},
      {MakeSmall(2147483648), {131, 110, 4, 0, 0, 0, 0, 128}},
      {MakeSmall(kSmallMax), {131, 110, 8, 0, 255, 255, 255, 255, 255, 255, 255, 7}},
      {MakeSmall(kSmallMin), {131, 110, 8, 1, 0, 0, 0, 0, 0, 0, 0, 8}},
      {big("18446744073709551616"), {131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
      {big("-18446744073709551616"), {131, 110, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
      {*MakeFloat(h, 1.5), {131, 70, 63, 248, 0, 0, 0, 0, 0, 0}},
      {*MakeFloat(h, -0.0), {131, 70, 128, 0, 0, 0, 0, 0, 0, 0}},
      {InternAtom("atom"), {131, 100, 0, 4, 97, 116, 111, 109}},
      {InternAtom(""), {131, 100, 0, 0}},
      {MakeTuple(h, {atoms::kOk, InternAtom("\xc3\xa9t\xc3\xa9"),
                     InternAtom("\xe6\x97\xa5\xe6\x9c\xac"), InternAtom("")}),
       kErlAtoms},
      {MakeTuple(h, {kNil, MakeString(h, "abc"),
                     MakeCons(h, MakeSmall(1), MakeCons(h, MakeSmall(2), MakeSmall(3))),
                     MakeList(h, std::vector<Term>{InternAtom("a"), MakeString(h, "b"),
                                                   *MakeFloat(h, 1.5)})}),
       kErlLists},
      {MakeTuple(h, {MakeBinary(h, std::string_view("\x01\x02\x03")),
                     MakeBinary(h, std::string_view(""))}),
       kErlBinaries},
      {MakeMap(h, Pairs{{InternAtom("a"), MakeSmall(1)},
                        {*MakeFloat(h, 1.0), InternAtom("b")},
                        {MakeSmall(1), InternAtom("a")}}),
       kErlMap},
      {MakeExportFun(h, InternAtom("lists"), InternAtom("map"), 2), kErlExport},
      {MakePid(9), kErlPid},
      {MakePort(0), kErlPort},
      {MakeReference(h, MonitorRef{(uint64_t{2084082276} << 32) | 1958739970, 38042}), kErlRef},
      {MakeList(h, std::vector<Term>{MakeSmall(256)}), {131, 108, 0, 0, 0, 1, 98, 0, 0, 1, 0, 106}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(EncodeExternal(c.term), c.bytes) << ToString(c.term);
    EXPECT_EQ(EncodeExternal(c.term, 1), c.bytes) << ToString(c.term);
    EXPECT_TRUE(ExactEqual(DecodeAll(h, c.bytes), c.term)) << ToString(c.term);
  }
  Term nested = MakeTuple(
      h, {atoms::kOk,
          MakeList(h, std::vector<Term>{MakeMap(
                          h, Pairs{{MakeMap(h, Pairs{}), kNil},
                                   {InternAtom("k"), MakeBinary(h, std::string_view("v"))}})}),
          MakeTuple(h, {*MakeFloat(h, 1.0), MakeSmall(-5), atoms::kEXIT})});
  EXPECT_EQ(EncodeExternal(nested), kErlNested);
  EXPECT_EQ(EncodeExternal(nested, 2), kErlNestedMinor2);
}

// term_to_binary(T, [{minor_version, 2}]) in OTP 25: every atom as UTF-8,
// node names too.
TEST(External, EncodesMinorVersion2AsErlDoes) {
  Heap h;
  struct Case {
    Term term;
    Bytes bytes;
  } cases[] = {
      {InternAtom("atom"), {131, 119, 4, 97, 116, 111, 109}},
      {InternAtom(""), {131, 119, 0}},
      {InternAtom("\xc3\xa9"), {131, 119, 2, 195, 169}},  // [233]
      {MakeTuple(h, {atoms::kOk, InternAtom("\xc3\xa9t\xc3\xa9"),
                     InternAtom("\xe6\x97\xa5\xe6\x9c\xac"), InternAtom("")}),
       kErlAtomsMinor2},
      {MakeTuple(h, {kNil, MakeString(h, "abc"),
                     MakeCons(h, MakeSmall(1), MakeCons(h, MakeSmall(2), MakeSmall(3))),
                     MakeList(h, std::vector<Term>{InternAtom("a"), MakeString(h, "b"),
                                                   *MakeFloat(h, 1.5)})}),
       kErlListsMinor2},
      {MakeMap(h, Pairs{{InternAtom("a"), MakeSmall(1)},
                        {*MakeFloat(h, 1.0), InternAtom("b")},
                        {MakeSmall(1), InternAtom("a")}}),
       kErlMapMinor2},
      {MakeExportFun(h, InternAtom("lists"), InternAtom("map"), 2), kErlExportMinor2},
      {MakePid(9), kErlPidMinor2},
      {MakePort(0), kErlPortMinor2},
      {MakeReference(h, MonitorRef{(uint64_t{918003433} << 32) | 350748674, 51655}), kErlRefMinor2},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(EncodeExternal(c.term, 2), c.bytes) << ToString(c.term);
    EXPECT_TRUE(ExactEqual(DecodeAll(h, c.bytes), c.term)) << ToString(c.term);
  }
}

// Atoms at the length limits, per minor version (erl 25.2.3): an atom of
// Latin-1 characters is ATOM_EXT of its Latin-1 bytes below minor version 2,
// whatever its length; any other atom is UTF-8 in every version. (Our atom
// table holds names of up to 255 bytes, so ATOM_UTF8_EXT, for longer UTF-8,
// cannot be reached here; erl writes it for 86 x [8364], 258 bytes.)
TEST(External, EncodesAtomsByCharactersAndLength) {
  auto repeat = [](std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
      out += s;
    return InternAtom(out);
  };
  // The first four bytes and the size of term_to_binary(Atom, [{minor_version, V}]).
  auto head = [](Term atom, int minor_version) {
    Bytes b = EncodeExternal(atom, minor_version);
    std::string text;
    for (size_t i = 0; i < std::min<size_t>(b.size(), 4); ++i)
      text += std::to_string(b[i]) + ",";
    return text + " " + std::to_string(b.size());
  };
  Term a255 = repeat("a", 255);
  Term e127 = repeat("\xc3\xa9", 127);       // 127 x [233]: 254 bytes of UTF-8
  Term zhe127 = repeat("\xd0\x96", 127);     // 127 x [1046]: 254 bytes
  Term euro85 = repeat("\xe2\x82\xac", 85);  // 85 x [8364]: 255 bytes
  for (int v : {0, 1}) {
    EXPECT_EQ(head(a255, v), "131,100,0,255, 259");
    EXPECT_EQ(head(e127, v), "131,100,0,127, 131");
  }
  EXPECT_EQ(head(a255, 2), "131,119,255,97, 258");
  EXPECT_EQ(head(e127, 2), "131,119,254,195, 257");
  for (int v : {0, 1, 2}) {
    EXPECT_EQ(head(zhe127, v), "131,119,254,208, 257");
    EXPECT_EQ(head(euro85, v), "131,119,255,226, 258");
  }
  Bytes latin1 = EncodeExternal(e127);
  EXPECT_TRUE(std::all_of(latin1.begin() + 4, latin1.end(), [](uint8_t b) { return b == 233; }));
  Heap h;
  EXPECT_EQ(DecodeAll(h, latin1), e127);
}

// term_to_binary(F, [{minor_version, 0}]) in OTP 25: FLOAT_EXT, "%.20e".
TEST(External, EncodesFloatsAsTextInMinorVersion0) {
  auto text = [](const char* digits) {
    Bytes b = {131, 99};
    b.insert(b.end(), digits, digits + std::strlen(digits));
    b.resize(2 + 31, 0);
    return b;
  };
  Heap h;
  struct Case {
    double value;
    Bytes bytes;
  } cases[] = {
      {1.5, text("1.50000000000000000000e+00")},
      {-0.0, text("-0.00000000000000000000e+00")},
      {-2.5e-10, kErlOldFloat},
      {1.0e300, text("1.00000000000000005250e+300")},
      {5.0e-324, text("4.94065645841246544177e-324")},
      {0.1, text("1.00000000000000005551e-01")},
      {-1.7976931348623157e308, text("-1.79769313486231570815e+308")},
  };
  for (const Case& c : cases) {
    Term f = *MakeFloat(h, c.value);
    EXPECT_EQ(EncodeExternal(f, 0), c.bytes) << c.value;
    EXPECT_TRUE(ExactEqual(DecodeAll(h, c.bytes), f)) << c.value;
  }
  // Atoms as in minor version 1.
  Bytes one = text("1.00000000000000000000e+00");
  EXPECT_EQ(EncodeExternal(MakeTuple(h, {InternAtom("a"), *MakeFloat(h, 1.0)}), 0),
            Concat({{131, 104, 2, 100, 0, 1, 97}, Bytes(one.begin() + 1, one.end())}));
}

// Map keys go in map key order: #{1.0 => a, 2 => b, {1.0} => c, {2} => d}
// is written 2, 1.0, {2}, {1.0} (erl 25).
TEST(External, EncodesMapsInMapKeyOrder) {
  Heap h;
  Term one = *MakeFloat(h, 1.0), two = MakeSmall(2);
  Term m = MakeMap(h, Pairs{{one, InternAtom("a")},
                            {two, InternAtom("b")},
                            {MakeTuple(h, {one}), InternAtom("c")},
                            {MakeTuple(h, {two}), InternAtom("d")}});
  EXPECT_EQ(EncodeExternal(m),
            (Bytes{131, 116, 0, 0,  0,  4,   97, 2, 100, 0,   1, 98, 70,  63,  240, 0,
                   0,   0,   0, 0,  0,  100, 0,  1, 97,  104, 1, 97, 2,   100, 0,   1,
                   100, 104, 1, 70, 63, 240, 0,  0, 0,   0,   0, 0,  100, 0,   1,   99}));
}

// term_to_binary and binary_to_term of bitstrings in erl 25. Sub-binaries
// are written as the bits they hold, wherever these lie in their original.
TEST(External, BitstringsAsErlWritesThem) {
  Heap h;
  auto slice = [&h](const Bytes& bytes, uint64_t offset, uint64_t bits) {
    return MakeSubBitstring(h, MakeBinary(h, bytes), offset, bits);
  };
  // <<1,2,3:4>> sits 7 bits into these bytes; <<1:1>> anywhere in 0xff.
  EXPECT_EQ(EncodeExternal(slice({254, 2, 4, 127, 255}, 7, 20)),
            (Bytes{131, 77, 0, 0, 0, 3, 4, 1, 2, 48}));
  EXPECT_EQ(EncodeExternal(slice({255, 255}, 5, 1)), (Bytes{131, 77, 0, 0, 0, 1, 1, 128}));
  // element(2, split_binary(<<1,2,3,4,5>>, 1)): a sub-binary of whole bytes.
  EXPECT_EQ(EncodeExternal(slice(Bytes(100, 9), 8 * 90, 8 * 4)),
            (Bytes{131, 109, 0, 0, 0, 4, 9, 9, 9, 9}));
  // <<_:3, Rest/bits>> = list_to_binary(lists:seq(1, 70)).
  Bytes seq(70);
  for (size_t i = 0; i < seq.size(); ++i)
    seq[i] = static_cast<uint8_t>(i + 1);
  Bytes rest = {131, 77, 0, 0, 0, 70, 5};
  for (uint8_t b :
       {8,   16,  24,  32,  40,  48,  56,  64,  72,  80,  88,  96,  104, 112, 120, 128, 136, 144,
        152, 160, 168, 176, 184, 192, 200, 208, 216, 224, 232, 240, 249, 1,   9,   17,  25,  33,
        41,  49,  57,  65,  73,  81,  89,  97,  105, 113, 121, 129, 137, 145, 153, 161, 169, 177,
        185, 193, 201, 209, 217, 225, 233, 241, 250, 2,   10,  18,  26,  34,  42,  48})
    rest.push_back(b);
  Term rest_term = slice(seq, 3, 8 * 70 - 3);
  EXPECT_EQ(EncodeExternal(rest_term), rest);
  EXPECT_TRUE(ExactEqual(DecodeAll(h, rest), rest_term));
  // Decoding: Bits says how many bits of the last byte count; the others
  // are dropped, so the bitstring writes back with them zero.
  EXPECT_EQ(DecodedText({131, 77, 0, 0, 0, 1, 3, 160}), "<<5:3>>");
  EXPECT_EQ(DecodedText({131, 77, 0, 0, 0, 3, 3, 1, 2, 160}), "<<1,2,5:3>>");
  EXPECT_EQ(DecodedText({131, 77, 0, 0, 0, 1, 3, 255}), "<<7:3>>");
  EXPECT_EQ(EncodeExternal(DecodeAll(h, {131, 77, 0, 0, 0, 1, 3, 255})),
            (Bytes{131, 77, 0, 0, 0, 1, 3, 224}));
  EXPECT_EQ(DecodedText({131, 77, 0, 0, 0, 2, 8, 1, 2}), "<<1,2>>");
  // A large one lands in a refc binary.
  Bytes large = {131, 77, 0, 0, 1, 0, 1};
  large.resize(large.size() + 256, 0xff);
  Term t = DecodeAll(h, large);
  EXPECT_EQ(BitSize(t), 255u * 8 + 1);
  EXPECT_TRUE(IsBoxedOf(BitstringOriginal(t), tag::Subtag::kRefcBinary));
  EXPECT_EQ(EncodeExternal(t).back(), 128);
}

// Checked against erl: binary_to_term of these bytes gives a fun =:= the
// original, its creator pid included.
TEST(External, EncodesLocalFunsWithTheirCreator) {
  Heap h;
  LocalFunId id{.module = InternAtom("t2"), .index = 0, .uniq = 94035396, .arity = 1};
  id.new_uniq = {179, 91, 184, 142, 14, 11, 153, 99, 193, 18, 109, 56, 176, 80, 208, 52};
  // kErlFun was written by <0.9.0>.
  EXPECT_EQ(EncodeExternal(MakeLocalFun(h, nullptr, id, {}, MakePid(9))), kErlFun);
  // A fun that names no creator says <0.0.0>.
  Bytes expected = kErlFun;
  ASSERT_EQ(expected[expected.size() - 9], 9);
  expected[expected.size() - 9] = 0;
  EXPECT_EQ(EncodeExternal(MakeLocalFun(h, nullptr, id, {})), expected);
  // In minor version 2, the module and node names as UTF-8.
  Bytes minor2 = {131, 112, 0,  0,   0,   68,  1,   179, 91,  184, 142, 14,  11,  153,
                  99,  193, 18, 109, 56,  176, 80,  208, 52,  0,   0,   0,   0,   0,
                  0,   0,   0,  119, 2,   116, 50,  97,  0,   98,  5,   154, 221, 196,
                  88,  119, 13, 110, 111, 110, 111, 100, 101, 64,  110, 111, 104, 111,
                  115, 116, 0,  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0};
  EXPECT_EQ(EncodeExternal(MakeLocalFun(h, nullptr, id, {}), 2), minor2);
}

TEST(External, LongAndLargeForms) {
  Heap h;
  // erl: a tuple of 0..255 is LARGE_TUPLE; 70000 sevens a LIST_EXT; 65535
  // sevens still a STRING_EXT.
  std::vector<Term> elements;
  Bytes tuple = {131, 105, 0, 0, 1, 0};
  for (int i = 0; i < 256; ++i) {
    elements.push_back(MakeSmall(i));
    tuple.insert(tuple.end(), {97, static_cast<uint8_t>(i)});
  }
  EXPECT_EQ(EncodeExternal(MakeTuple(h, elements)), tuple);
  EXPECT_TRUE(ExactEqual(DecodeAll(h, tuple), MakeTuple(h, elements)));
  Bytes list = {131, 108, 0, 1, 17, 112};
  for (int i = 0; i < 70000; ++i)
    list.insert(list.end(), {97, 7});
  list.push_back(106);
  Term sevens = MakeList(h, std::vector<Term>(70000, MakeSmall(7)));
  EXPECT_EQ(EncodeExternal(sevens), list);
  EXPECT_TRUE(ExactEqual(DecodeAll(h, list), sevens));
  Bytes string = {131, 107, 255, 255};
  string.resize(string.size() + 65535, 7);
  Term string_sevens = MakeList(h, std::vector<Term>(65535, MakeSmall(7)));
  EXPECT_EQ(EncodeExternal(string_sevens), string);
  EXPECT_TRUE(ExactEqual(DecodeAll(h, string), string_sevens));
}

// Every kind the term model holds survives an encode/decode round trip, and
// encoding what was decoded gives the same bytes.
TEST(External, RoundTripsEveryKind) {
  Heap h;
  Term big_binary = MakeBinary(h, std::string(1000, 'z'));
  Term map = MakeMap(h, Pairs{{MakeSmall(1), InternAtom("int")},
                              {*MakeFloat(h, 1.0), InternAtom("float")},
                              {MakeString(h, "key"), big_binary},
                              {*IntegerBsl(h, MakeSmall(-3), MakeSmall(200)), kNil}});
  Pairs many;
  for (int i = 0; i < 100; ++i)
    many.emplace_back(MakeTuple(h, {MakeSmall(i)}), MakeSmall(-i));
  LocalFunId id{.module = InternAtom("mod"), .index = 7, .uniq = 0xfffffff0, .arity = 3};
  id.new_uniq.fill(0xa5);
  Term free[] = {map, MakeSmall(1), MakeExportFun(h, InternAtom("m"), InternAtom("f"), 0)};
  std::vector<Term> terms = {
      MakeSmall(0),
      MakeSmall(kSmallMax),
      MakeSmall(kSmallMin),
      *IntegerBsl(h, MakeSmall(1), MakeSmall(64)),
      *IntegerBsl(h, MakeSmall(-1), MakeSmall(5000)),  // LARGE_BIG
      *MakeFloat(h, -1.0e-300),
      *MakeFloat(h, 1.7976931348623157e308),
      InternAtom("\xe6\x97\xa5\xe6\x9c\xac"),
      InternAtom(std::string(255, 'x')),
      kNil,
      MakeTuple(h, {}),
      MakeString(h, "hello"),
      MakeCons(h, atoms::kOk, MakeBinary(h, std::string_view("tail"))),
      MakeBinary(h, std::string_view("")),
      big_binary,
      map,
      MakeMap(h, many),
      MakeMap(h, Pairs{}),
      MakeExportFun(h, InternAtom("lists"), InternAtom("seq"), 255),
      MakeLocalFun(h, nullptr, id, free),
      MakePid(0),
      MakePid((uint64_t{0xffffffff} << 28) | 0xfffffff),
      MakePort(5),
      MakePort(kIdMask),
      MakeReference(h),
      MakeReference(h, MonitorRef{~uint64_t{0}, ~uint64_t{0}}),
      MakeReference(h, MonitorRef{0, 0}),
      MakeList(h, std::vector<Term>{MakeSmall(-1), MakeSmall(256), MakeSmall(255)}),
  };
  terms.push_back(MakeList(h, terms));
  for (Term t : terms) {
    Bytes bytes = EncodeExternal(t);
    Heap other;
    absl::StatusOr<Decoded> d = DecodeExternal(other, bytes);
    ASSERT_TRUE(d.ok()) << ToString(t) << ": " << d.status();
    EXPECT_EQ(d->used, bytes.size());
    EXPECT_TRUE(ExactEqual(d->term, t)) << ToString(t) << " vs " << ToString(d->term);
    EXPECT_EQ(ToString(d->term), ToString(t));
    EXPECT_EQ(EncodeExternal(d->term), bytes) << ToString(t);
  }
}

TEST(External, DeepNestingUsesNoCallStack) {
  constexpr int kDepth = 200000;
  // [[[...[]...]]] and {{{...{}...}}}, written out by hand.
  Bytes lists = {131};
  Bytes tuples = {131};
  for (int i = 0; i < kDepth; ++i) {
    lists.insert(lists.end(), {108, 0, 0, 0, 1});
    tuples.insert(tuples.end(), {104, 1});
  }
  lists.push_back(106);
  lists.insert(lists.end(), kDepth, 106);
  tuples.insert(tuples.end(), {104, 0});
  Heap h;
  Term l = DecodeAll(h, lists);
  Term t = DecodeAll(h, tuples);
  EXPECT_EQ(EncodeExternal(l), lists);
  EXPECT_EQ(EncodeExternal(t), tuples);
  int depth = 0;
  for (; IsTuple(t) && TupleArity(t) == 1; t = TupleElement(t, 0))
    ++depth;
  EXPECT_EQ(depth, kDepth);
}

TEST(External, UsedReportsTheTermsBytes) {
  Heap h;
  absl::StatusOr<Decoded> d = DecodeExternal(h, Bytes{131, 97, 1, 0});  // erl: {1,3}
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->term, MakeSmall(1));
  EXPECT_EQ(d->used, 3u);
}

TEST(External, SafeRefusesToCreateAtoms) {
  const std::string name = "never_seen_before_by_the_safe_test";
  Bytes bytes = {131, 119, static_cast<uint8_t>(name.size())};
  bytes.insert(bytes.end(), name.begin(), name.end());
  EXPECT_EQ(DecodeError(bytes, /*safe=*/true), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FindAtom(name), std::nullopt);
  // In a compound too, and in an export's module.
  Bytes in_tuple = Concat({{131, 104, 2, 97, 1}, Bytes(bytes.begin() + 1, bytes.end())});
  EXPECT_EQ(DecodeError(in_tuple, true), absl::StatusCode::kInvalidArgument);
  Bytes export_fun =
      Concat({{131, 113}, Bytes(bytes.begin() + 1, bytes.end()), {119, 1, 'f', 97, 0}});
  EXPECT_EQ(DecodeError(export_fun, true), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FindAtom(name), std::nullopt);
  // Existing atoms, pids and references are fine.
  Heap h;
  EXPECT_TRUE(DecodeExternal(h, kErlNestedMinor2, {.safe = true}).ok());
  EXPECT_TRUE(DecodeExternal(h, kErlPid, {.safe = true}).ok());
  EXPECT_TRUE(DecodeExternal(h, kErlRef, {.safe = true}).ok());
  // Without it the atom is made.
  EXPECT_EQ(DecodedText(bytes), name);
  EXPECT_TRUE(FindAtom(name).has_value());
}

// kErlFun with `n` free variables, all 0.
Bytes FunWithFree(uint32_t n) {
  Bytes fun = kErlFun;
  uint32_t size =
      (uint32_t{fun[2]} << 24 | uint32_t{fun[3]} << 16 | uint32_t{fun[4]} << 8 | fun[5]) + 2 * n;
  for (int i = 0; i < 4; ++i) {
    fun[2 + i] = static_cast<uint8_t>(size >> (24 - 8 * i));
    fun[27 + i] = static_cast<uint8_t>(n >> (24 - 8 * i));  // NumFree
  }
  for (uint32_t i = 0; i < n; ++i)
    fun.insert(fun.end(), {97, 0});
  return fun;
}

// A fun closes over at most 255 terms, in erl's external format too.
TEST(External, FunsCarryAtMost255FreeVariables) {
  Heap h;
  EXPECT_EQ(LocalFunNumFree(DecodeAll(h, FunWithFree(255))), 255u);
  EXPECT_TRUE(absl::IsInvalidArgument(DecodeExternal(h, FunWithFree(256)).status()));
}

TEST(External, MalformedInputIsInvalidArgument) {
  Bytes long_latin1 = {131, 100, 1, 0};  // ATOM_EXT of 256 characters
  long_latin1.resize(long_latin1.size() + 256, 'a');
  Bytes bad_fun_size = kErlFun;
  bad_fun_size[5] = 71;
  Bytes short_fun_size = kErlFun;
  short_fun_size[5] = 69;
  const Bytes cases[] = {
      {},
      {131},
      {130, 97, 1},  // not version 131
      {131, 200},    // unknown tag
      {131, 97},
      {131, 98, 0, 0, 1},
      {131, 104, 2, 97, 1},
      {131, 105, 255, 255, 255, 255, 106, 106, 106},  // 2^32-1 elements in 3 bytes
      {131, 108, 255, 255, 255, 255, 106, 106},
      {131, 116, 255, 255, 255, 255, 106, 106},
      {131, 109, 255, 255, 255, 255, 1, 2},
      {131, 111, 255, 255, 255, 255, 0, 1},
      {131, 107, 255, 255, 1, 2, 3},
      {131, 119, 10, 'a', 'b'},
      {131, 118, 0, 2, 0xc3, 0x28},             // not UTF-8
      {131, 119, 3, 0xed, 0xa0, 0x80},          // a surrogate
      {131, 119, 2, 0xc0, 0x80},                // overlong
      {131, 70, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0},  // NaN
      {131, 70, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0},  // infinity
      {131, 99, 'n', 'a', 'n', 0},
      Concat({{131, 99}, Bytes(31, 'x')}),
      long_latin1,
      // #{1 => 2, 1 => 3}: erl says badarg for duplicate keys.
      {131, 116, 0, 0, 0, 2, 97, 1, 97, 2, 97, 1, 97, 3},
      {131, 77, 0, 0, 0, 0, 8},  // no bytes, yet bits in the last
      {131, 77, 0, 0, 0, 1, 9, 5},
      {131, 77, 0, 0, 0, 1, 0, 5},
      {131, 113, 119, 1, 'm', 119, 1, 'f', 98, 0, 0, 0, 1},  // arity not SMALL_INTEGER
      {131, 113, 97, 1, 119, 1, 'f', 97, 1},                 // module not an atom
      bad_fun_size,
      short_fun_size,
      {131, 90,  0,   0,   119, 13,  'n', 'o', 'n', 'o', 'd', 'e',
       '@', 'n', 'o', 'h', 'o', 's', 't', 0,   0,   0,   0},  // a reference of no words
      {131, 90, 0, 6, 119, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's', 't'},
      {131, 88, 97, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},  // node not an atom
      {131, 80, 0, 0, 0, 3, 120},                            // compressed, cut
      {131, 80, 0, 0, 0, 3, 131, 97, 1},                     // compressed, not zlib
  };
  for (const Bytes& bytes : cases) {
    Heap h;
    EXPECT_EQ(DecodeExternal(h, bytes).status().code(), absl::StatusCode::kInvalidArgument)
        << ::testing::PrintToString(bytes);
    // Nothing was allocated for what the lengths promised.
    EXPECT_LT(h.SizeBytes(), 64u * 1024) << ::testing::PrintToString(bytes);
  }
}

TEST(External, WhatTheModelCannotHoldIsUnimplemented) {
  const Bytes node_other = {119, 10, 'o', 't', 'h', 'e', 'r', '@', 'h', 'o', 's', 't'};
  const Bytes node_local = {119, 13,  'n', 'o', 'n', 'o', 'd', 'e',
                            '@', 'n', 'o', 'h', 'o', 's', 't'};
  const Bytes cases[] = {
      {131, 68, 0},                            // distribution header
      {131, 82, 0},                            // atom cache reference
      {131, 101, 119, 1, 'a', 0, 0, 0, 1, 0},  // the old REFERENCE_EXT
      Concat({{131, 88}, node_other, {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}}),
      Concat({{131, 88}, node_local, {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}}),   // creation 1
      Concat({{131, 88}, node_local, {16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}),  // number 2^28
      Concat({{131, 103}, node_other, {0, 0, 0, 1, 0, 0, 0, 0, 0}}),
      Concat({{131, 89}, node_other, {0, 0, 0, 1, 0, 0, 0, 0}}),
      Concat({{131, 102}, node_other, {0, 0, 0, 1, 0}}),
      Concat({{131, 120}, node_local, {255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}),  // id past 60 bits
      Concat({{131, 114, 0, 1}, node_other, {0, 0, 0, 0, 1}}),
      Concat({{131, 90, 0, 5}, node_local, {0, 0, 0, 0}, Bytes(16, 0), {0, 0, 0, 1}}),
  };
  for (const Bytes& bytes : cases) {
    EXPECT_EQ(DecodeError(bytes), absl::StatusCode::kUnimplemented)
        << ::testing::PrintToString(bytes);
  }
  // The old forms of the local node's pids, ports and references decode.
  EXPECT_EQ(DecodedText(Concat({{131, 103}, node_local, {0, 0, 0, 5, 0, 0, 0, 2, 0}})), "<0.5.2>");
  EXPECT_EQ(DecodedText(Concat({{131, 102}, node_local, {0, 0, 0, 5, 0}})), "#Port<0.5>");
  EXPECT_EQ(DecodedText(Concat({{131, 114, 0, 1}, node_local, {0, 0, 0, 0, 9}})), "#Ref<0.0.0.9>");
  EXPECT_EQ(
      DecodedText(Concat({{131, 90, 0, 5}, node_local, {0, 0, 0, 0}, {0, 0, 0, 7}, Bytes(16, 0)})),
      "#Ref<0.0.0.7>");
}

// All valid encodings used above, and the round-trip ones.
std::vector<Bytes> ValidEncodings() {
  std::vector<Bytes> all = {kErlAtoms,        kErlAtomsMinor2, kErlLists,        kErlListsMinor2,
                            kErlBinaries,     kErlMap,         kErlMapMinor2,    kErlNested,
                            kErlNestedMinor2, kErlExport,      kErlExportMinor2, kErlPid,
                            kErlPort,         kErlRef,         kErlFun,          kErlClosure,
                            kErlMap40,        kErlCompressed,  kErlOldFloat};
  Heap h;
  LocalFunId id{.module = InternAtom("m"), .index = 1, .uniq = 2, .arity = 1};
  Term free[] = {*IntegerBsl(h, MakeSmall(-7), MakeSmall(300)), MakePort(kIdMask)};
  Term t = MakeTuple(h, {MakeLocalFun(h, nullptr, id, free),
                         MakeReference(h, MonitorRef{~uint64_t{0}, 1ull << 40}),
                         MakeSubBitstring(h, MakeBinary(h, Bytes(80, 0x5a)), 3, 8 * 70 + 5),
                         MakeMap(h, Pairs{{MakeSmall(1), MakeBinary(h, std::string(100, 'b'))},
                                          {*MakeFloat(h, 2.5), MakeCons(h, kNil, MakeSmall(3))}})});
  all.push_back(EncodeExternal(t));
  return all;
}

// What a decoder must survive: every cut of a valid encoding, and bytes
// changed anywhere. Any outcome but a crash (or a sanitizer report) is fine;
// a cut never decodes, as the format is self-delimiting.
TEST(External, FuzzedInputNeverCrashes) {
  for (const Bytes& valid : ValidEncodings()) {
    for (size_t n = 0; n < valid.size(); ++n) {
      Heap h;
      EXPECT_FALSE(DecodeExternal(h, Bytes(valid.begin(), valid.begin() + n)).ok())
          << ::testing::PrintToString(valid) << " cut at " << n;
    }
    for (size_t i = 0; i < valid.size(); ++i) {
      for (uint8_t flip : {0x01, 0x04, 0x10, 0x80, 0xff}) {
        Bytes changed = valid;
        changed[i] ^= flip;
        Heap h;
        absl::StatusOr<Decoded> d = DecodeExternal(h, changed, {.safe = true});
        if (!d.ok()) continue;
        ASSERT_LE(d->used, changed.size());
        // Whatever decoded is a well-formed term.
        Heap copy;
        EXPECT_TRUE(ExactEqual(CopyTerm(d->term, copy), d->term));
        ToString(d->term);
        EncodeExternal(d->term);
      }
    }
  }
  std::mt19937 random(1234);
  for (int i = 0; i < 20000; ++i) {
    Bytes noise(1 + random() % 48);
    for (uint8_t& b : noise)
      b = static_cast<uint8_t>(random());
    noise[0] = 131;
    Heap h;
    absl::StatusOr<Decoded> d = DecodeExternal(h, noise, {.safe = true});
    if (d.ok()) EncodeExternal(d->term);
  }
}

}  // namespace
}  // namespace ling
