#include "emulator/vm/zlib_stream.h"

#include <algorithm>

#include "runtime/base/check.h"
#include "runtime/term/copy.h"

namespace ling::vm {
namespace {
// The most inflateGetDictionary can give: zlib's largest window.
constexpr size_t kMaxDictionary = 32768;
}  // namespace

ZlibStream::ZlibStream() {
  stream_.data_type = Z_BINARY;
}

int ZlibStream::DeflateInit(int level, int method, int window_bits, int mem_level, int strategy) {
  LING_CHECK(state_ == State::kNone);
  int res = deflateInit2(&stream_, level, method, window_bits, mem_level, strategy);
  if (res == Z_OK) {
    state_ = State::kDeflate;
    end_seen_ = false;
    raw_ = window_bits < 0;
    input_crc_ = output_crc_ = crc32(0, Z_NULL, 0);
  }
  return res;
}

int ZlibStream::DeflateSetDictionary(std::span<const uint8_t> dictionary, uint32_t* adler) {
  LING_CHECK(state_ == State::kDeflate);
  int res = deflateSetDictionary(&stream_, dictionary.data(), static_cast<uInt>(dictionary.size()));
  // A raw stream has no checksum of zlib's; zlib_nif.c computes one itself,
  // from 0 rather than adler32's initial 1, and erl reports that value.
  if (res == Z_OK) {
    *adler = static_cast<uint32_t>(
        raw_ ? adler32(0, dictionary.data(), static_cast<uInt>(dictionary.size())) : stream_.adler);
  }
  return res;
}

int ZlibStream::DeflateReset() {
  LING_CHECK(state_ == State::kDeflate);
  int res = deflateReset(&stream_);
  input_crc_ = crc32(0, Z_NULL, 0);
  end_seen_ = false;
  ResetInput();
  return res;
}

int ZlibStream::DeflateEnd() {
  LING_CHECK(state_ == State::kDeflate);
  int res = deflateEnd(&stream_);
  if (res == Z_OK && queued_ > 0) res = Z_DATA_ERROR;
  ResetInput();
  state_ = State::kNone;
  return res;
}

int ZlibStream::DeflateParams(int level, int strategy) {
  LING_CHECK(state_ == State::kDeflate);
  // deflateParams may flush a block that does not end on a byte, so it
  // cannot be split in steps: zlib.erl flushes everything before, and a
  // one-byte buffer tells whether that held (and calms zlib 1.2.11, which
  // answers Z_BUF_ERROR to an empty one).
  Bytef dummy;
  stream_.next_out = &dummy;
  stream_.avail_out = 1;
  int res = deflateParams(&stream_, level, strategy);
  return stream_.avail_out == 0 ? Z_STREAM_ERROR : res;
}

ZlibStream::Step ZlibStream::Deflate(size_t input_chunk, size_t output_chunk, int flush) {
  LING_CHECK(state_ == State::kDeflate);
  return Run(&deflate, input_chunk, output_chunk, flush);
}

int ZlibStream::InflateInit(int window_bits, EndOfStream end_of_stream) {
  LING_CHECK(state_ == State::kNone);
  int res = inflateInit2(&stream_, window_bits);
  if (res == Z_OK) {
    state_ = State::kInflate;
    end_of_stream_ = end_of_stream;
    end_seen_ = false;
    raw_ = window_bits < 0;
    input_crc_ = output_crc_ = crc32(0, Z_NULL, 0);
  }
  return res;
}

int ZlibStream::InflateSetDictionary(std::span<const uint8_t> dictionary) {
  LING_CHECK(state_ == State::kInflate);
  return inflateSetDictionary(&stream_, dictionary.data(), static_cast<uInt>(dictionary.size()));
}

int ZlibStream::InflateGetDictionary(std::vector<uint8_t>& out) {
  LING_CHECK(state_ == State::kInflate);
  out.resize(kMaxDictionary);
  uInt length = 0;
  int res = inflateGetDictionary(&stream_, out.data(), &length);
  out.resize(res < 0 ? 0 : length);
  return res;
}

int ZlibStream::InflateReset() {
  LING_CHECK(state_ == State::kInflate);
  int res = inflateReset(&stream_);
  output_crc_ = crc32(0, Z_NULL, 0);
  end_seen_ = false;
  ResetInput();
  return res;
}

int ZlibStream::InflateEnd() {
  LING_CHECK(state_ == State::kInflate);
  int res = inflateEnd(&stream_);
  if (res == Z_OK && (!end_seen_ || queued_ > 0)) res = Z_DATA_ERROR;
  ResetInput();
  state_ = State::kNone;
  return res;
}

ZlibStream::Step ZlibStream::Inflate(size_t input_chunk, size_t output_chunk, int flush) {
  LING_CHECK(state_ == State::kInflate);
  if (end_seen_ && queued_ > 0) {
    switch (end_of_stream_) {
      case EndOfStream::kError:
        return {.kind = Step::kFailed, .code = Z_DATA_ERROR};
      case EndOfStream::kReset:  // concatenated streams, as gunzip/1 reads them
        if (int res = inflateReset(&stream_); res != Z_OK)
          return {.kind = Step::kFailed, .code = res};
        end_seen_ = false;
        break;
      case EndOfStream::kCut:
        ResetInput();
        break;
    }
  }
  return Run(&inflate, input_chunk, output_chunk, flush);
}

void ZlibStream::Close() {
  if (state_ == State::kDeflate) deflateEnd(&stream_);
  if (state_ == State::kInflate) inflateEnd(&stream_);
  ResetInput();
  state_ = State::kClosed;
}

void ZlibStream::Enqueue(std::span<const uint8_t> bytes) {
  LING_CHECK(state_ == State::kDeflate || state_ == State::kInflate);
  // An empty block would stop a step early (zlib answers Z_BUF_ERROR to no
  // input), and it carries nothing.
  if (bytes.empty()) return;
  blocks_.emplace_back(bytes.begin(), bytes.end());
  queued_ += bytes.size();
}

uint32_t ZlibStream::Crc32() const {
  LING_CHECK(state_ == State::kDeflate || state_ == State::kInflate);
  return static_cast<uint32_t>(state_ == State::kDeflate ? input_crc_ : output_crc_);
}

void ZlibStream::SetStash(Term t) {
  stash_fragment_ = CopyToFragment(t, &stash_);
}

void ZlibStream::ClearStash() {
  stash_fragment_.reset();
  stash_ = kNonValue;
}

ZlibStream::Step ZlibStream::Run(Codec codec, size_t input_chunk, size_t output_chunk, int flush) {
  Step step{.kind = Step::kContinue};
  step.output.resize(output_chunk);
  size_t consumed = 0;
  int res = Feed(codec, input_chunk, step.output, flush, &consumed);
  size_t produced = output_chunk - stream_.avail_out;
  step.output.resize(produced);
  if (res < 0 && res != Z_BUF_ERROR) return {.kind = Step::kFailed, .code = res};
  if (res == Z_STREAM_END) end_seen_ = true;
  if (raw_ && state_ == State::kInflate)
    output_crc_ = crc32(output_crc_, step.output.data(), static_cast<uInt>(produced));
  // No progress at all with input left: the input is not what the codec
  // reads (well-formed input always moves).
  if (consumed == 0 && produced == 0 && queued_ != 0)
    return {.kind = Step::kFailed, .code = Z_DATA_ERROR};
  if (queued_ == 0 && produced < output_chunk) {
    step.kind = Step::kFinished;
  } else if (res == Z_NEED_DICT) {
    step.kind = Step::kNeedDictionary;
    step.dictionary_adler = static_cast<uint32_t>(stream_.adler);
  }
  return step;
}

int ZlibStream::Feed(Codec codec, size_t input_chunk, std::span<uint8_t> output, int flush,
                     size_t* consumed) {
  stream_.next_out = output.data();
  stream_.avail_out = static_cast<uInt>(output.size());
  int res = Z_OK;
  *consumed = 0;
  // Each block is cut to the chunk size on its own, as zlib_nif.c does: a
  // step may take a little more than one chunk over several blocks. The
  // flush waits for the end of the input.
  for (size_t i = 0; res == Z_OK && i < blocks_.size() && *consumed < input_chunk; ++i) {
    std::span<const uint8_t> block(blocks_[i]);
    if (i == 0) block = block.subspan(front_);
    size_t size = std::min(block.size(), input_chunk);
    stream_.next_in = const_cast<Bytef*>(block.data());
    stream_.avail_in = static_cast<uInt>(size);
    res = codec(&stream_, Z_NO_FLUSH);
    size_t used = size - stream_.avail_in;
    *consumed += used;
    if (raw_ && state_ == State::kDeflate)
      input_crc_ = crc32(input_crc_, block.data(), static_cast<uInt>(used));
  }
  Dequeue(*consumed);
  // Also without input and with Z_NO_FLUSH: the last step may have filled
  // the output with more still to come; a codec with nothing to do does
  // nothing.
  if (res == Z_OK && queued_ == 0 && stream_.avail_out > 0) {
    stream_.next_in = Z_NULL;
    stream_.avail_in = 0;
    res = codec(&stream_, flush);
  }
  return res;
}

void ZlibStream::Dequeue(size_t n) {
  queued_ -= n;
  n += front_;
  while (!blocks_.empty() && n >= blocks_.front().size()) {
    n -= blocks_.front().size();
    blocks_.pop_front();
  }
  front_ = n;
}

void ZlibStream::ResetInput() {
  blocks_.clear();
  front_ = 0;
  queued_ = 0;
  ClearStash();
}

}  // namespace ling::vm
