// crc32, adler32 and md5 give erl 25's values and errors
// (testdata/check_bif_tests.escript checks the expectations against erl).
#include <gtest/gtest.h>

#include <initializer_list>
#include <iterator>
#include <string_view>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/binary.h"
#include "runtime/term/format.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::Erl;

TEST(ChecksumBifs, Crc32) {
  EXPECT_EQ(Call(R"(crc32(<<"The quick brown fox jumps over the lazy dog">>))"), "1095738169");
  EXPECT_EQ(Call(R"(crc32([]))"), "0");
  EXPECT_EQ(Call(R"(crc32(["ab", <<"c">>, 100]))"), "3984772369");
  EXPECT_EQ(Call(R"(crc32([1|<<"ab">>]))"), "567929271");
  EXPECT_EQ(Call(R"(crc32(123, <<"cd">>))"), "2300391399");
  EXPECT_EQ(Call(R"(crc32(4294967295, <<"cd">>))"), "4226835162");
  EXPECT_EQ(Call(R"(crc32(4294967295, <<>>))"), "4294967295");
  EXPECT_EQ(Call(R"(crc32(4294967295, []))"), "4294967295");
}

TEST(ChecksumBifs, Crc32Errors) {
  EXPECT_EQ(Call(R"(crc32(x))"), "error:badarg");
  EXPECT_EQ(Call(R"(crc32(<<1:3>>))"), "error:badarg");
  EXPECT_EQ(Call(R"(crc32([<<1:3>>]))"), "error:badarg");
  EXPECT_EQ(Call(R"(crc32([256]))"), "error:badarg");
  EXPECT_EQ(Call(R"(crc32(-1, <<"cd">>))"), "error:badarg");
  EXPECT_EQ(Call(R"(crc32(4294967296, <<"cd">>))"), "error:badarg");
  EXPECT_EQ(Call(R"(crc32(a, <<"cd">>))"), "error:badarg");
  EXPECT_EQ(Call(R"(crc32(0, x))"), "error:badarg");
}

TEST(ChecksumBifs, Crc32Combine) {
  EXPECT_EQ(Call(R"(crc32_combine(1, 2, 3))"), "29518389");
  EXPECT_EQ(Call(R"(crc32_combine(1, 2, 0))"), "3");
  EXPECT_EQ(Call(R"(crc32_combine(123456, 2, 7))"), "585623106");
  EXPECT_EQ(Call(R"(crc32_combine(1, 2, 2147483647))"), "18");
  EXPECT_EQ(Call(R"(crc32_combine(1, 2, 2147483648))"), "498536550");
  EXPECT_EQ(Call(R"(crc32_combine(1, 2, 4294967295))"), "3");
  // crc32(<<"ab">>), crc32(<<"cd">>): crc32(<<"abcd">>).
  EXPECT_EQ(Call(R"(crc32_combine(2659403885, 1171689434, 2))"), "3984772369");
  EXPECT_EQ(Call(R"(crc32_combine(1, 2, -1))"), "error:badarg");
  EXPECT_EQ(Call(R"(crc32_combine(1, 2, 4294967296))"), "error:badarg");
  EXPECT_EQ(Call(R"(crc32_combine(4294967296, 2, 3))"), "error:badarg");
  EXPECT_EQ(Call(R"(crc32_combine(1, -2, 3))"), "error:badarg");
  EXPECT_EQ(Call(R"(crc32_combine(1, 2, a))"), "error:badarg");
}

TEST(ChecksumBifs, Adler32) {
  EXPECT_EQ(Call(R"(adler32(<<"Wikipedia">>))"), "300286872");
  EXPECT_EQ(Call(R"(adler32(["io", <<"list">>]))"), "149684885");
  EXPECT_EQ(Call(R"(adler32([]))"), "1");
  EXPECT_EQ(Call(R"(adler32(5, <<"ab">>))"), "19792072");
  EXPECT_EQ(Call(R"(adler32(4294967295, <<"ab">>))"), "21889233");
  // An out-of-range sum is brought into range by any binary, an empty one
  // too, but not by an empty list.
  EXPECT_EQ(Call(R"(adler32(4294967295, <<>>))"), "917518");
  EXPECT_EQ(Call(R"(adler32(4294967295, [[], <<>>]))"), "917518");
  EXPECT_EQ(Call(R"(adler32(4294967295, []))"), "4294967295");
  EXPECT_EQ(Call(R"(adler32(65521, [<<>>, "a"]))"), "6357089");
  EXPECT_EQ(Call(R"(adler32(x))"), "error:badarg");
  EXPECT_EQ(Call(R"(adler32(4294967296, <<"ab">>))"), "error:badarg");
  EXPECT_EQ(Call(R"(adler32(-1, <<"ab">>))"), "error:badarg");
}

TEST(ChecksumBifs, Adler32Combine) {
  EXPECT_EQ(Call(R"(adler32_combine(1, 2, 3))"), "2");
  EXPECT_EQ(Call(R"(adler32_combine(123456, 2, 7))"), "806675009");
  // adler32(<<"ab">>), adler32(<<"cd">>): adler32(<<"abcd">>).
  EXPECT_EQ(Call(R"(adler32_combine(19267780, 19661000, 2))"), "64487819");
  EXPECT_EQ(Call(R"(adler32_combine(1, 2, -1))"), "error:badarg");
  EXPECT_EQ(Call(R"(adler32_combine(1, 2, 4294967296))"), "error:badarg");
}

TEST(ChecksumBifs, Md5) {
  EXPECT_EQ(Call(R"(md5(<<>>))"),
            Erl(R"(<<212,29,140,217,143,0,178,4,233,128,9,152,236,248,66,126>>)"));
  EXPECT_EQ(Call(R"(md5("abc"))"),
            Erl(R"(<<144,1,80,152,60,210,79,176,214,150,63,125,40,225,127,114>>)"));
  EXPECT_EQ(Call(R"(md5(["a", <<"b">> | <<"c">>]))"),
            Erl(R"(<<144,1,80,152,60,210,79,176,214,150,63,125,40,225,127,114>>)"));
  EXPECT_EQ(Call(R"(md5(x))"), "error:badarg");
  EXPECT_EQ(Call(R"(md5([1 | x]))"), "error:badarg");
  EXPECT_EQ(Call(R"(md5(<<1:3>>))"), "error:badarg");
  EXPECT_EQ(Call(R"(md5([256]))"), "error:badarg");
}

// A context is BEAM's 88 bytes; any 88 bytes are one.
TEST(ChecksumBifs, Md5Contexts) {
  EXPECT_EQ(
      Call(
          R"(md5_update(<<0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0>>, "abc"))"),
      Erl(R"(<<0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,24,0,0,0,0,0,0,0,97,98,99,0,0,0,0,0,)"
          R"(0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,)"
          R"(0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0>>)"));
  EXPECT_EQ(
      Call(
          R"(md5_final(<<0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0>>))"),
      Erl(R"(<<176,230,65,201,152,204,62,174,111,162,248,114,109,152,205,221>>)"));
  EXPECT_EQ(Call(R"(md5_update(<<1,2>>, <<>>))"), "error:badarg");
  EXPECT_EQ(
      Call(
          R"(md5_update(<<0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0>>, x))"),
      "error:badarg");
  EXPECT_EQ(
      Call(
          R"(md5_update(<<0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0>>, [<<1:3>>]))"),
      "error:badarg");
  EXPECT_EQ(Call(R"(md5_final(<<1>>))"), "error:badarg");
  EXPECT_EQ(Call(R"(md5_final(x))"), "error:badarg");
}

// A BIF's result, as the interpreter would pass it on.
Term Invoke(ProcessMemory& memory, std::string_view name, std::initializer_list<Term> args) {
  const BifEntry* bif = FindBif(atoms::kErlang, InternAtom(name), static_cast<int>(args.size()));
  BifContext ctx{memory};
  return bif->function(ctx, std::data(args));
}

TEST(ChecksumBifs, Md5InitUpdateFinalIsMd5) {
  ProcessMemory memory;
  Term context = Invoke(memory, "md5_init", {});
  ASSERT_TRUE(IsBinary(context));
  // erl: binary:part(erlang:md5_init(), 0, 24) (the rest is uninitialised).
  EXPECT_EQ(ToString(MakeSubBitstring(memory, context, 0, 24 * 8)),
            Erl("<<1,35,69,103,137,171,205,239,254,220,186,152,118,84,50,16,0,0,0,0,0,0,0,0>>"));
  for (std::string_view piece : {"The quick ", "", "brown fox jumps over the lazy dog, ",
                                 "and more than one block of text after it, to be sure."}) {
    context = Invoke(memory, "md5_update", {context, MakeBinary(memory, piece)});
  }
  Term whole = MakeBinary(memory,
                          "The quick brown fox jumps over the lazy dog, and more than one block of "
                          "text after it, to be sure.");
  EXPECT_EQ(ToString(Invoke(memory, "md5_final", {context})),
            ToString(Invoke(memory, "md5", {whole})));
}

}  // namespace
}  // namespace ling::vm
