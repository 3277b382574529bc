#include "ports/framing/line_decoder.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace ling::framing {
namespace {

LineRecord Eol(std::string data) {
  return {true, std::move(data)};
}
LineRecord Noeol(std::string data) {
  return {false, std::move(data)};
}

// What BEAM delivered for a spawned program's stdout (`erl`, OTP 25, binary
// mode): the program wrote `input` and exited, so the stream ended there.
// Cases whose input was written in two parts with a pause between them are
// marked; chunking does not matter, as the tests below show.
struct BeamCase {
  size_t max_line;
  std::string input;
  std::vector<LineRecord> expected;
};

const std::vector<BeamCase>& BeamCases() {
  static const auto* cases = new std::vector<BeamCase>{
      {4,
       "ab\ncdefgh\nijklmnop\nq",
       {Eol("ab"), Noeol("cdef"), Eol("gh"), Noeol("ijkl"), Eol("mnop"), Noeol("q")}},
      {4, "abcd\n", {Eol("abcd")}},
      {4, "abcde\n", {Noeol("abcd"), Eol("e")}},
      {4, "abcdefgh\n", {Noeol("abcd"), Eol("efgh")}},
      {4, "abcdefgh", {Noeol("abcd"), Noeol("efgh")}},
      {4, "abcdefghi", {Noeol("abcd"), Noeol("efgh"), Noeol("i")}},
      {4, "abcd", {Noeol("abcd")}},
      {4, "abc", {Noeol("abc")}},
      {4, "", {}},
      {4, "\n\n", {Eol(""), Eol("")}},
      // "\r\n" ends a line and the "\r" is dropped; a lone "\r" is data.
      {4, "abc\r\nx\r\n", {Eol("abc"), Eol("x")}},
      {4, "a\r\n", {Eol("a")}},
      {4, "abcd\r\n", {Eol("abcd")}},
      {3, "abc\r\n", {Eol("abc")}},
      {4, "abcde\r\n", {Noeol("abcd"), Eol("e")}},
      {4, "abc\rd\n", {Noeol("abc\r"), Eol("d")}},
      {4, "ab\r\r\n", {Eol("ab\r")}},
      {4, "abc\r\r\n", {Eol("abc\r")}},
      {4, "abcd\r\r\n", {Noeol("abcd"), Eol("\r")}},
      // A held "\r" at end of stream is flushed as data.
      {4, "abc\r", {Noeol("abc\r")}},
      {4, "abcd\r", {Noeol("abcd"), Noeol("\r")}},
      {1, "\r", {Noeol("\r")}},
      {1, "a\n", {Eol("a")}},
      {1, "ab\n", {Noeol("a"), Eol("b")}},
      {1, "\r\n", {Eol("")}},
      {1, "\r\r\n", {Eol("\r")}},
      {1, "a\r\n", {Eol("a")}},
      // Written in two parts, 0.3 s apart.
      {4,
       "ab"
       "cd\n",
       {Eol("abcd")}},
      {4,
       "abc"
       "defg\n",
       {Noeol("abcd"), Eol("efg")}},
      {4,
       "abcd"
       "\n",
       {Eol("abcd")}},
      {4,
       "abcd"
       "e\n",
       {Noeol("abcd"), Eol("e")}},
      {4,
       "abc\r"
       "\nz\n",
       {Eol("abc"), Eol("z")}},
      {4,
       "abcd\r"
       "\nz\n",
       {Eol("abcd"), Eol("z")}},
      {4,
       "abcd\r"
       "x\n",
       {Noeol("abcd"), Eol("\rx")}},
  };
  return *cases;
}

// Feeds `input` cut at the given chunk sizes (the last chunk takes the
// rest), then ends the stream.
std::vector<LineRecord> Decode(size_t max_line, const std::string& input,
                               const std::vector<size_t>& cuts) {
  LineDecoder decoder = *LineDecoder::Create(max_line);
  std::vector<LineRecord> out;
  size_t at = 0;
  for (size_t cut : cuts) {
    decoder.Feed(absl::string_view(input).substr(at, cut), &out);
    at = std::min(at + cut, input.size());
  }
  decoder.Feed(absl::string_view(input).substr(at), &out);
  decoder.Finish(&out);
  return out;
}

TEST(LineDecoderTest, MatchesBeamInOneChunk) {
  for (const BeamCase& c : BeamCases()) {
    EXPECT_EQ(Decode(c.max_line, c.input, {}), c.expected)
        << "L=" << c.max_line << " input \"" << absl::CEscape(c.input) << "\"";
  }
}

TEST(LineDecoderTest, ChunkBoundariesDoNotMatter) {
  for (const BeamCase& c : BeamCases()) {
    const std::string where =
        "L=" + std::to_string(c.max_line) + " input \"" + absl::CEscape(c.input) + "\"";
    EXPECT_EQ(Decode(c.max_line, c.input, std::vector<size_t>(c.input.size(), 1)), c.expected)
        << where << " byte by byte";
    for (size_t a = 0; a <= c.input.size(); ++a) {
      for (size_t b = 0; a + b <= c.input.size(); ++b) {
        ASSERT_EQ(Decode(c.max_line, c.input, {a, b}), c.expected)
            << where << " cuts " << a << "," << b;
      }
    }
  }
}

TEST(LineDecoderTest, RandomStreamsRandomChunks) {
  // Random text over an alphabet rich in line-ending bytes, decoded whole
  // and in random chunks; also a check of the record shapes.
  std::mt19937 random(42);
  const std::string alphabet = "ab\r\n\n\r\rx";
  for (int trial = 0; trial < 300; ++trial) {
    size_t max_line = 1 + random() % 6;
    std::string input;
    for (size_t i = random() % 80; i > 0; --i)
      input.push_back(alphabet[random() % alphabet.size()]);
    std::vector<LineRecord> whole = Decode(max_line, input, {});
    std::vector<size_t> cuts;
    for (size_t total = 0; total < input.size();) {
      cuts.push_back(random() % 5);
      total += cuts.back();
    }
    ASSERT_EQ(Decode(max_line, input, cuts), whole) << absl::CEscape(input);
    size_t data_bytes = 0;
    for (const LineRecord& record : whole) {
      EXPECT_LE(record.data.size(), max_line);
      EXPECT_TRUE(record.eol || !record.data.empty()) << record;
      data_bytes += record.data.size();
    }
    // Every byte is delivered except "\n" and the "\r" of each "\r\n".
    size_t dropped = 0;
    for (size_t i = 0; i < input.size(); ++i) {
      if (input[i] == '\n') dropped += (i > 0 && input[i - 1] == '\r') ? 2 : 1;
    }
    EXPECT_EQ(data_bytes + dropped, input.size()) << absl::CEscape(input);
  }
}

TEST(LineDecoderTest, LongLinesWithLargeLimit) {
  std::string line(10000, 'y');
  EXPECT_EQ(Decode(65536, line + "\n" + line, {4096}),
            (std::vector<LineRecord>{Eol(line), Noeol(line)}));
  EXPECT_EQ(Decode(4096, line + "\n", {1000}),
            (std::vector<LineRecord>{Noeol(line.substr(0, 4096)), Noeol(line.substr(0, 4096)),
                                     Eol(line.substr(0, 10000 - 8192))}));
}

TEST(LineDecoderTest, FinishResetsForANewStream) {
  LineDecoder decoder = *LineDecoder::Create(4);
  std::vector<LineRecord> out;
  decoder.Feed("abcd\r", &out);
  EXPECT_EQ(out, std::vector<LineRecord>{});
  decoder.Finish(&out);
  EXPECT_EQ(out, (std::vector<LineRecord>{Noeol("abcd"), Noeol("\r")}));
  out.clear();
  decoder.Finish(&out);
  EXPECT_TRUE(out.empty());
  decoder.Feed("\nz\n", &out);
  EXPECT_EQ(out, (std::vector<LineRecord>{Eol(""), Eol("z")}));
}

TEST(LineDecoderTest, ZeroLimitIsRejected) {
  // BEAM: open_port(..., [{line, 0}]) is badarg.
  EXPECT_EQ(LineDecoder::Create(0).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ling::framing
