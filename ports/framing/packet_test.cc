#include "ports/framing/packet.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace ling::framing {
namespace {

using std::string_literals::operator""s;

TEST(EncodePacketTest, PrefixesBigEndianLength) {
  EXPECT_EQ(*EncodePacket(1, "abc"),
            "\x03"
            "abc"s);
  EXPECT_EQ(*EncodePacket(2, "abc"),
            "\x00\x03"
            "abc"s);
  EXPECT_EQ(*EncodePacket(4, "abc"),
            "\x00\x00\x00\x03"
            "abc"s);
  EXPECT_EQ(*EncodePacket(4, ""), "\x00\x00\x00\x00"s);
  std::string big(0x1234, 'z');
  EXPECT_EQ(EncodePacket(2, big)->substr(0, 2), "\x12\x34"s);
}

TEST(EncodePacketTest, AppendsToExistingBuffer) {
  std::string out = "head";
  ASSERT_TRUE(AppendPacket(1, "x", &out).ok());
  ASSERT_TRUE(AppendPacket(1, "yz", &out).ok());
  EXPECT_EQ(out, "head\x01x\x02yz"s);
}

TEST(EncodePacketTest, RejectsPayloadTooLongForHeader) {
  EXPECT_TRUE(EncodePacket(1, std::string(255, 'a')).ok());
  absl::StatusOr<std::string> too_long = EncodePacket(1, std::string(256, 'a'));
  EXPECT_EQ(too_long.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(too_long.status().message().find("256"), std::string::npos);
  EXPECT_TRUE(EncodePacket(2, std::string(65535, 'a')).ok());
  EXPECT_EQ(EncodePacket(2, std::string(65536, 'a')).status().code(),
            absl::StatusCode::kInvalidArgument);

  std::string out = "keep";
  EXPECT_FALSE(AppendPacket(1, std::string(300, 'a'), &out).ok());
  EXPECT_EQ(out, "keep");
}

TEST(EncodePacketTest, RejectsHeaderSizesBeamRejects) {
  for (int n : {0, 3, 5, 8, -1}) {
    EXPECT_EQ(EncodePacket(n, "a").status().code(), absl::StatusCode::kInvalidArgument) << n;
    EXPECT_EQ(PacketDecoder::Create(n).status().code(), absl::StatusCode::kInvalidArgument) << n;
  }
  EXPECT_EQ(PacketDecoder::Create(4, 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MaxPayloadForHeader(4), 0xffffffffu);
}

// Feeds `stream` cut at the given chunk sizes (the last chunk takes the rest).
std::vector<std::string> DecodeInChunks(int n, const std::string& stream,
                                        const std::vector<size_t>& cuts) {
  PacketDecoder decoder = *PacketDecoder::Create(n);
  std::vector<std::string> packets;
  size_t at = 0;
  for (size_t cut : cuts) {
    EXPECT_TRUE(decoder.Feed(absl::string_view(stream).substr(at, cut), &packets).ok());
    at = std::min(at + cut, stream.size());
  }
  EXPECT_TRUE(decoder.Feed(absl::string_view(stream).substr(at), &packets).ok());
  EXPECT_TRUE(decoder.Finish().ok());
  return packets;
}

TEST(PacketDecoderTest, SameOutputWhereverChunksAreCut) {
  const std::vector<std::string> payloads = {"hello", "", "x", std::string(300, 'q'), "", "end"};
  for (int n : {1, 2, 4}) {
    std::vector<std::string> expected;
    std::string stream;
    for (const std::string& payload : payloads) {
      if (payload.size() > MaxPayloadForHeader(n)) continue;
      expected.push_back(payload);
      ASSERT_TRUE(AppendPacket(n, payload, &stream).ok());
    }
    EXPECT_EQ(DecodeInChunks(n, stream, {}), expected) << "N=" << n << " whole";
    // One cut at every position, then two cuts at every pair of positions.
    for (size_t a = 0; a <= stream.size(); ++a) {
      EXPECT_EQ(DecodeInChunks(n, stream, {a}), expected) << "N=" << n << " cut " << a;
    }
    for (size_t a = 0; a <= stream.size(); a += 7) {
      for (size_t b = 0; a + b <= stream.size(); ++b) {
        ASSERT_EQ(DecodeInChunks(n, stream, {a, b}), expected)
            << "N=" << n << " cuts " << a << "," << b;
      }
    }
    EXPECT_EQ(DecodeInChunks(n, stream, std::vector<size_t>(stream.size(), 1)), expected)
        << "N=" << n << " byte by byte";
    std::mt19937 random(n);
    for (int trial = 0; trial < 200; ++trial) {
      std::vector<size_t> cuts;
      for (size_t total = 0; total < stream.size();) {
        cuts.push_back(random() % 40);
        total += cuts.back();
      }
      ASSERT_EQ(DecodeInChunks(n, stream, cuts), expected) << "N=" << n << " trial " << trial;
    }
  }
}

// BEAM, {packet, 4} on a spawned program's stdout: "\0\0\0\3ab" then
// "c\0\0\0\0\0\0" gives <<"abc">>, <<>>, and the two trailing bytes of an
// unfinished header vanish at exit.
TEST(PacketDecoderTest, MatchesBeamTranscript) {
  PacketDecoder decoder = *PacketDecoder::Create(4);
  std::vector<std::string> packets;
  ASSERT_TRUE(decoder.Feed("\0\0\0\3ab"s, &packets).ok());
  EXPECT_TRUE(packets.empty());
  EXPECT_EQ(decoder.pending_bytes(), 6u);
  ASSERT_TRUE(decoder.Feed("c\0\0\0\0\0\0"s, &packets).ok());
  EXPECT_EQ(packets, (std::vector<std::string>{"abc", ""}));
  EXPECT_EQ(decoder.pending_bytes(), 2u);
  absl::Status finish = decoder.Finish();
  EXPECT_EQ(finish.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(finish.message().find("2 bytes"), std::string::npos) << finish;
  // Finish reset the decoder: a new stream decodes from scratch.
  EXPECT_EQ(decoder.pending_bytes(), 0u);
  EXPECT_TRUE(decoder.Finish().ok());
  ASSERT_TRUE(decoder.Feed("\0\0\0\1z"s, &packets).ok());
  EXPECT_EQ(packets.back(), "z");
}

TEST(PacketDecoderTest, HostileLengthFailsBeforeAllocating) {
  PacketDecoder decoder = *PacketDecoder::Create(4);  // default limit: 64 MiB
  std::vector<std::string> packets;
  absl::Status status = decoder.Feed(
      "\0\0\0\2ok\xff\xff\xff\xff"
      "trailing"s,
      &packets);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("4294967295"), std::string::npos) << status;
  EXPECT_EQ(packets, std::vector<std::string>{"ok"});  // packets before it still arrive
  // Sticky: the stream cannot be resynchronised.
  EXPECT_EQ(decoder.Feed("\0\0\0\0"s, &packets), status);
  EXPECT_EQ(decoder.Finish(), status);
  EXPECT_EQ(packets.size(), 1u);
}

TEST(PacketDecoderTest, LimitIsInclusive) {
  PacketDecoder decoder = *PacketDecoder::Create(2, 3);
  std::vector<std::string> packets;
  EXPECT_TRUE(decoder.Feed("\0\3abc"s, &packets).ok());
  EXPECT_EQ(packets, std::vector<std::string>{"abc"});
  EXPECT_EQ(decoder.Feed("\0\4"s, &packets).code(), absl::StatusCode::kInvalidArgument);
}

TEST(PacketDecoderTest, LargeBodyAcrossManyChunks) {
  std::string payload(100000, '\0');
  for (size_t i = 0; i < payload.size(); ++i)
    payload[i] = static_cast<char>(i * 31);
  std::string stream = *EncodePacket(4, payload);
  PacketDecoder decoder = *PacketDecoder::Create(4);
  std::vector<std::string> packets;
  for (size_t at = 0; at < stream.size(); at += 4093) {
    ASSERT_TRUE(decoder.Feed(absl::string_view(stream).substr(at, 4093), &packets).ok());
  }
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0], payload);
  EXPECT_TRUE(decoder.Finish().ok());
}

}  // namespace
}  // namespace ling::framing
