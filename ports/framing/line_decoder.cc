#include "ports/framing/line_decoder.h"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"

namespace ling::framing {

std::ostream& operator<<(std::ostream& os, const LineRecord& record) {
  return os << "{" << (record.eol ? "eol" : "noeol") << ", \"" << absl::CEscape(record.data)
            << "\"}";
}

absl::StatusOr<LineDecoder> LineDecoder::Create(size_t max_line) {
  if (max_line == 0) return absl::InvalidArgumentError("line length limit must be at least 1");
  return LineDecoder(max_line);
}

void LineDecoder::Emit(bool eol, std::vector<LineRecord>* out) {
  out->push_back(LineRecord{eol, std::move(line_)});
  line_.clear();
}

void LineDecoder::Feed(absl::string_view bytes, std::vector<LineRecord>* out) {
  size_t i = 0;
  // Each pass either consumes bytes[i] or changes state without consuming
  // it; every state change without consuming leads to one that consumes.
  while (i < bytes.size()) {
    char c = bytes[i];
    if (c == '\n') {
      // Any held "\r" belonged to the line ending and is dropped.
      Emit(/*eol=*/true, out);
      state_ = State::kCollecting;
      ++i;
      continue;
    }
    switch (state_) {
      case State::kCollecting: {
        if (line_.size() == max_line_) {
          state_ = State::kFull;
        } else if (c == '\r') {
          state_ = State::kCrHeld;
          ++i;
        } else {
          // Bulk copy up to the next line-ending byte or the piece limit.
          size_t end = std::min(bytes.find_first_of("\r\n", i), bytes.size());
          size_t take = std::min(end - i, max_line_ - line_.size());
          line_.append(bytes.data() + i, take);
          i += take;
        }
        break;
      }
      case State::kFull:
        if (c == '\r') {
          state_ = State::kFullCrHeld;
          ++i;
        } else {
          Emit(/*eol=*/false, out);
          state_ = State::kCollecting;
        }
        break;
      case State::kCrHeld:
        // Not "\r\n": the "\r" is data. line_ was shorter than max_line_.
        line_.push_back('\r');
        state_ = State::kCollecting;
        break;
      case State::kFullCrHeld:
        // The full piece goes out; the held "\r" opens the next piece.
        Emit(/*eol=*/false, out);
        state_ = State::kCrHeld;
        break;
    }
  }
}

void LineDecoder::Finish(std::vector<LineRecord>* out) {
  switch (state_) {
    case State::kCrHeld:
      line_.push_back('\r');
      break;
    case State::kFullCrHeld:
      Emit(/*eol=*/false, out);
      line_ = "\r";
      break;
    case State::kCollecting:
    case State::kFull:
      break;
  }
  if (!line_.empty()) Emit(/*eol=*/false, out);
  state_ = State::kCollecting;
}

}  // namespace ling::framing
