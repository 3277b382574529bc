// {line, L} framing of port input, byte for byte as BEAM (OTP 25) delivers
// it. Facts checked against `erl` with spawned printf programs (the tests
// encode them):
//  - "\n" ends a line: {eol, Line}. A "\r" directly before the "\n" is
//    dropped ("abc\r\n" -> {eol, "abc"}); a "\r" elsewhere is data.
//  - A line longer than L comes in L-byte {noeol, Part} pieces, then
//    {eol, Rest}. A line of exactly L bytes is one {eol, Line}, also when
//    its "\r\n" arrives later ("abcd" then "\r\n" with L = 4 -> {eol, "abcd"}).
//  - A "\r" after a full piece that is not followed by "\n" starts the next
//    piece: "abcd\rx\n" with L = 4 -> {noeol, "abcd"}, {eol, "\rx"}.
//  - At end of stream a partial line is flushed as {noeol, Data}; a held
//    "\r" is flushed as data ("abc\r" -> {noeol, "abc\r"}; "abcd\r" with
//    L = 4 -> {noeol, "abcd"}, {noeol, "\r"}); nothing pending, nothing sent.
//  - How the input is cut into chunks never changes the records.
//  - L must be at least 1 (BEAM: badarg for {line, 0}).
//
// Concurrency: a LineDecoder is a plain value with no internal locking: one
// thread at a time (the port's executor).
#ifndef LING_PORTS_FRAMING_LINE_DECODER_H_
#define LING_PORTS_FRAMING_LINE_DECODER_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ling::framing {

// One {eol, Data} (eol = true) or {noeol, Data} (eol = false) message.
struct LineRecord {
  bool eol;
  std::string data;

  friend bool operator==(const LineRecord&, const LineRecord&) = default;
  friend std::ostream& operator<<(std::ostream& os, const LineRecord& record);
};

class LineDecoder {
 public:
  // InvalidArgument if max_line is 0.
  static absl::StatusOr<LineDecoder> Create(size_t max_line);

  // Appends the records completed by `bytes` to *out.
  void Feed(absl::string_view bytes, std::vector<LineRecord>* out);
  // End of stream: flushes what is pending as noeol records, and resets.
  void Finish(std::vector<LineRecord>* out);

 private:
  enum class State {
    kCollecting,  // filling line_ (shorter than max_line_)
    kFull,        // line_ holds max_line_ bytes; next byte decides eol or noeol
    kCrHeld,      // a "\r" was read and held back: it is data unless "\n" follows
    kFullCrHeld,  // kFull, then a "\r" held back
  };

  explicit LineDecoder(size_t max_line) : max_line_(max_line) {}
  void Emit(bool eol, std::vector<LineRecord>* out);

  size_t max_line_;
  State state_ = State::kCollecting;
  std::string line_;
};

}  // namespace ling::framing

#endif  // LING_PORTS_FRAMING_LINE_DECODER_H_
