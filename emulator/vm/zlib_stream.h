// ZlibStream: the state behind a handle of OTP's zlib module (zlib.erl,
// whose NIFs ling runs as BIFs, bif_zlib.cc): a z_stream of the system's
// zlib, the input queued for it, and what zlib_nif.c keeps beside it -- the
// end-of-stream policy, the deprecated running CRC, inflateChunk's buffer
// size, and the "stash", one term zlib.erl parks between calls.
//
// zlib.erl feeds a stream in bounded steps so that no call runs long (BEAM's
// NIFs cannot yield): Enqueue() queues the input, then each Deflate() or
// Inflate() consumes about one input chunk into one output chunk and says
// whether to call again. The steps are zlib_nif.c's, call for call, so
// compressed bytes equal erl's.
//
// Results are zlib's codes (Z_OK, Z_STREAM_END, Z_DATA_ERROR...); the caller
// checks state() first, as the NIFs do (not_initialized and kin).
//
// Concurrency: none; one thread at a time (ZlibHandle, zlib_handle.h, holds
// a lock around each use).
#ifndef LING_EMULATOR_VM_ZLIB_STREAM_H_
#define LING_EMULATOR_VM_ZLIB_STREAM_H_

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <vector>

#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling::vm {

class ZlibStream {
 public:
  enum class State { kNone, kDeflate, kInflate, kClosed };
  // What inflating more input after the end of a stream does
  // (inflateInit/3's EoSBehavior, numbered as zlib.erl passes it).
  enum class EndOfStream : int { kError = 0, kReset = 1, kCut = 2 };

  // One step of Deflate or Inflate.
  struct Step {
    enum Kind { kFailed, kContinue, kFinished, kNeedDictionary };
    Kind kind;
    int code = Z_OK;                // kFailed: zlib's error
    std::vector<uint8_t> output;    // what the step produced
    uint32_t dictionary_adler = 0;  // kNeedDictionary: the dictionary asked for
  };

  ZlibStream();
  ZlibStream(const ZlibStream&) = delete;
  ZlibStream& operator=(const ZlibStream&) = delete;
  ~ZlibStream() { Close(); }

  State state() const { return state_; }

  // Precondition: kNone.
  int DeflateInit(int level, int method, int window_bits, int mem_level, int strategy);
  // Preconditions for the rest of the deflate calls: kDeflate.
  // *adler: the dictionary's Adler-32 as zlib_nif.c reports it.
  int DeflateSetDictionary(std::span<const uint8_t> dictionary, uint32_t* adler);
  int DeflateReset();
  // Back to kNone; Z_DATA_ERROR when input was left queued.
  int DeflateEnd();
  // Precondition: nothing pending (zlib.erl flushes first); Z_STREAM_ERROR
  // if something was.
  int DeflateParams(int level, int strategy);
  Step Deflate(size_t input_chunk, size_t output_chunk, int flush);

  // Precondition: kNone.
  int InflateInit(int window_bits, EndOfStream end_of_stream);
  // Preconditions for the rest of the inflate calls: kInflate.
  int InflateSetDictionary(std::span<const uint8_t> dictionary);
  int InflateGetDictionary(std::vector<uint8_t>& out);
  int InflateReset();
  // Back to kNone; Z_DATA_ERROR when the stream did not end or input was
  // left queued.
  int InflateEnd();
  Step Inflate(size_t input_chunk, size_t output_chunk, int flush);

  // Ends any deflate or inflate state for good: kClosed.
  void Close();

  // Precondition: kDeflate or kInflate. Queues a copy of `bytes`.
  void Enqueue(std::span<const uint8_t> bytes);
  size_t queued() const { return queued_; }

  // Precondition: kDeflate or kInflate. The CRC-32 of the plain text so far,
  // kept for raw streams only (zlib:crc32/1; 0 for the others).
  uint32_t Crc32() const;

  int chunk_buffer_size() const { return chunk_buffer_size_; }
  void set_chunk_buffer_size(int size) { chunk_buffer_size_ = size; }

  // The stash: a copy of one term, dropped with the input (resets, ends,
  // close, a cut after the end of a stream).
  bool has_stash() const { return stash_ != kNonValue; }
  // Precondition: has_stash(). Valid until the stash changes.
  Term stash() const { return stash_; }
  void SetStash(Term t);
  void ClearStash();

 private:
  using Codec = int (*)(z_streamp, int);

  Step Run(Codec codec, size_t input_chunk, size_t output_chunk, int flush);
  // Feeds queued input to `codec` until `input_chunk` bytes or the output is
  // full, then flushes when all input went in; *consumed: the input bytes
  // taken from the queue.
  int Feed(Codec codec, size_t input_chunk, std::span<uint8_t> output, int flush, size_t* consumed);
  void Dequeue(size_t n);
  // Drops the queued input and the stash.
  void ResetInput();

  z_stream stream_{};
  State state_ = State::kNone;
  EndOfStream end_of_stream_ = EndOfStream::kCut;
  bool end_seen_ = false;  // Z_STREAM_END came
  bool raw_ = false;       // negative window bits: no header, no checksum of zlib's
  uLong input_crc_ = 0;    // deflating a raw stream
  uLong output_crc_ = 0;   // inflating a raw stream
  int chunk_buffer_size_ = 4000;
  // The queued input: blocks as Enqueue got them, the first one's first
  // `front_` bytes already consumed.
  std::deque<std::vector<uint8_t>> blocks_;
  size_t front_ = 0;
  size_t queued_ = 0;
  std::unique_ptr<HeapFragment> stash_fragment_;  // nullptr for an immediate
  Term stash_ = kNonValue;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_ZLIB_STREAM_H_
