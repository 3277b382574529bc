// MD5 against RFC 1321's test suite (appendix A.5), fed whole and in
// pieces, and the saved state against the bytes erl 25's md5_init/0 and
// md5_update/2 hand out.
#include "runtime/base/md5.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace ling {
namespace {

std::span<const uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::string Hex(std::span<const uint8_t> bytes) {
  std::string out;
  char buf[3];
  for (uint8_t b : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

struct Vector {
  std::string_view message;
  std::string_view digest;
};
constexpr Vector kRfc1321[] = {
    {"", "d41d8cd98f00b204e9800998ecf8427e"},
    {"a", "0cc175b9c0f1b6a831c399e269772661"},
    {"abc", "900150983cd24fb0d6963f7d28e17f72"},
    {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
    {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
    {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
     "d174ab98d277d9f5a5611c2c9f419d9f"},
    {"1234567890123456789012345678901234567890123456789012345678901234567890123456789"
     "0",
     "57edf4a22be3c955ac49da2e2107b67a"},
};

TEST(Md5, Rfc1321TestSuite) {
  for (const Vector& v : kRfc1321)
    EXPECT_EQ(Hex(Md5::Of(Bytes(v.message))), v.digest) << v.message;
}

TEST(Md5, PiecesOfEverySizeGiveTheSameDigest) {
  std::string message;
  for (int i = 0; i < 300; ++i)
    message += static_cast<char>(i * 7);
  Md5::Digest whole = Md5::Of(Bytes(message));
  for (size_t piece = 1; piece <= 130; ++piece) {
    Md5 m;
    for (size_t at = 0; at < message.size(); at += piece)
      m.Update(Bytes(std::string_view(message).substr(at, piece)));
    EXPECT_EQ(m.Final(), whole) << piece;
  }
}

TEST(Md5, FinalLeavesTheStateGoingOn) {
  Md5 m;
  m.Update(Bytes("ab"));
  EXPECT_EQ(Hex(m.Final()), Hex(Md5::Of(Bytes("ab"))));
  m.Update(Bytes("c"));
  EXPECT_EQ(Hex(m.Final()), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(Md5, SavedStateIsBeamsContext) {
  // erl: binary:part(erlang:md5_init(), 0, 24) (the block is uninitialised).
  Md5::State init = Md5().Save();
  EXPECT_EQ(Hex(std::span(init).first(24)),
            "0123456789abcdeffedcba9876543210"
            "0000000000000000");
  // erl: erlang:md5_update(erlang:md5_init(), lists:duplicate(70, $a)), all
  // 88 bytes: one block went through, and the block keeps its old bytes
  // beyond the 6 pending ones.
  Md5 m;
  m.Update(Bytes(std::string(70, 'a')));
  std::string sixty_four_as;
  for (int i = 0; i < 64; ++i)
    sixty_four_as += "61";
  EXPECT_EQ(Hex(m.Save()),
            "56ffd48962d95c1233deca6925e33300"
            "3002000000000000" +
                sixty_four_as);
}

TEST(Md5, RestoreTakesExactlyTheContextSize) {
  Md5 m;
  m.Update(Bytes("hello "));
  std::optional<Md5> back = Md5::Restore(m.Save());
  ASSERT_TRUE(back.has_value());
  back->Update(Bytes("world"));
  EXPECT_EQ(back->Final(), Md5::Of(Bytes("hello world")));
  Md5::State saved = m.Save();
  EXPECT_FALSE(Md5::Restore(std::span(saved).first(87)).has_value());
}

}  // namespace
}  // namespace ling
