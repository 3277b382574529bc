// zlib's NIFs as BIFs: OTP's zlib.erl (loaded from erts's ebin) runs
// unchanged over them, its *_nif stubs replaced by these (specialise.cc).
// A handle is a resource reference to a ZlibHandle (zlib_handle.h); the
// stream work is ZlibStream's (zlib_stream.h). Arguments, results and
// errors are zlib_nif.c's: badarg for a malformed argument, then
// not_on_controlling_process for another process's handle, then
// not_initialized / already_initialized for the wrong state; zlib's
// Z_STREAM_ERROR and Z_DATA_ERROR raise stream_error and data_error, its
// other codes are returned as atoms.
#include <zlib.h>

#include <cerrno>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "emulator/vm/zlib_handle.h"
#include "emulator/vm/zlib_stream.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/copy.h"
#include "runtime/term/resource.h"

namespace ling::vm {
namespace {

using State = ZlibStream::State;

struct ZlibAtoms {
  Term already_initialized = InternAtom("already_initialized");
  Term buf_error = InternAtom("buf_error");
  Term continue_ = InternAtom("continue");
  Term data_error = InternAtom("data_error");
  Term empty = InternAtom("empty");
  Term finished = InternAtom("finished");
  Term mem_error = InternAtom("mem_error");
  Term need_dictionary = InternAtom("need_dictionary");
  Term not_initialized = InternAtom("not_initialized");
  Term not_on_controlling_process = InternAtom("not_on_controlling_process");
  Term stream_end = InternAtom("stream_end");
  Term stream_error = InternAtom("stream_error");
  Term unknown_error = InternAtom("unknown_error");
  Term version_error = InternAtom("version_error");
};
const ZlibAtoms& A() {
  static const ZlibAtoms atoms;
  return atoms;
}

// enif_get_int: an integer that fits 32 bits.
std::optional<int> IntArg(Term t) {
  if (!IsSmall(t) || SmallValue(t) < INT32_MIN || SmallValue(t) > INT32_MAX) return std::nullopt;
  return static_cast<int>(SmallValue(t));
}

// enif_make_int of a 32-bit checksum: erl shows one past 2^31 negative.
Term Int32Result(uint32_t v) {
  return MakeSmall(static_cast<int32_t>(v));
}

// zlib_nif.c's zlib_return: a zlib code as a result or an exception.
Term ZlibResult(BifContext& ctx, int code) {
  switch (code) {
    case Z_OK:
      return atoms::kOk;
    case Z_STREAM_END:
      return A().stream_end;
    case Z_ERRNO:
      return MakeSmall(errno);
    case Z_STREAM_ERROR:
      return ctx.Fail(A().stream_error);
    case Z_DATA_ERROR:
      return ctx.Fail(A().data_error);
    case Z_MEM_ERROR:
      return A().mem_error;
    case Z_BUF_ERROR:
      return A().buf_error;
    case Z_VERSION_ERROR:
      return A().version_error;
    default:
      return A().unknown_error;
  }
}

// The state an operation needs.
enum class Needs { kAnyState, kNoCodec, kDeflate, kInflate, kCodec, kOpen };

bool Satisfies(State state, Needs needs) {
  switch (needs) {
    case Needs::kAnyState:
      return true;
    case Needs::kNoCodec:
      return state == State::kNone;
    case Needs::kDeflate:
      return state == State::kDeflate;
    case Needs::kInflate:
      return state == State::kInflate;
    case Needs::kCodec:
      return state == State::kDeflate || state == State::kInflate;
    case Needs::kOpen:
      return state != State::kClosed;
  }
  return false;
}

// Runs op(stream) for the handle `handle`, with the NIFs' checks: badarg
// for no handle, not_on_controlling_process, then the state.
template <class Op>
Term WithStream(BifContext& ctx, Term handle, Needs needs, Op op) {
  ZlibHandle* h = ResourceAs<ZlibHandle>(handle);
  if (h == nullptr) return ctx.Fail(atoms::kBadarg);
  Term result = kNonValue;
  bool controller = h->Use(ctx.self, [&](ZlibStream& z) {
    if (!Satisfies(z.state(), needs)) {
      result = ctx.Fail(needs == Needs::kNoCodec ? A().already_initialized : A().not_initialized);
    } else {
      result = op(z);
    }
  });
  if (!controller) return ctx.Fail(A().not_on_controlling_process);
  return result;
}

// {continue | finished, Output} or {need_dictionary, Adler, Output}, Output
// a list of at most one binary.
Term StepResult(BifContext& ctx, const ZlibStream::Step& step) {
  if (step.kind == ZlibStream::Step::kFailed) return ZlibResult(ctx, step.code);
  Term output =
      step.output.empty() ? kNil : MakeCons(ctx.memory, MakeBinary(ctx.memory, step.output), kNil);
  switch (step.kind) {
    case ZlibStream::Step::kFinished:
      return MakeTuple(ctx.memory, {A().finished, output});
    case ZlibStream::Step::kNeedDictionary:
      return MakeTuple(ctx.memory,
                       {A().need_dictionary, Int32Result(step.dictionary_adler), output});
    default:
      return MakeTuple(ctx.memory, {A().continue_, output});
  }
}

Term BifOpen(BifContext& ctx, const Term*) {
  return AdoptResource(ctx.memory, ZlibHandle::Create(ctx.self));
}

Term BifClose(BifContext& ctx, const Term* args) {
  return WithStream(ctx, args[0], Needs::kOpen, [&](ZlibStream& z) {
    z.Close();
    return atoms::kOk;
  });
}

Term BifSetController(BifContext& ctx, const Term* args) {
  ZlibHandle* h = ResourceAs<ZlibHandle>(args[0]);
  if (h == nullptr || !IsPid(args[1])) return ctx.Fail(atoms::kBadarg);
  if (!h->HandOver(ctx.self, args[1])) return ctx.Fail(A().not_on_controlling_process);
  return atoms::kOk;
}

// ---- deflate ---------------------------------------------------------------------

Term BifDeflateInit(BifContext& ctx, const Term* args) {
  std::optional<int> level = IntArg(args[1]), method = IntArg(args[2]),
                     window_bits = IntArg(args[3]), mem_level = IntArg(args[4]),
                     strategy = IntArg(args[5]);
  if (!level || !method || !window_bits || !mem_level || !strategy) return ctx.Fail(atoms::kBadarg);
  return WithStream(ctx, args[0], Needs::kNoCodec, [&](ZlibStream& z) {
    return ZlibResult(ctx, z.DeflateInit(*level, *method, *window_bits, *mem_level, *strategy));
  });
}

Term BifDeflateSetDictionary(BifContext& ctx, const Term* args) {
  std::string dictionary;
  if (!AppendIolist(args[1], dictionary)) return ctx.Fail(atoms::kBadarg);
  return WithStream(ctx, args[0], Needs::kDeflate, [&](ZlibStream& z) {
    uint32_t adler = 0;
    int res = z.DeflateSetDictionary(Bytes(dictionary), &adler);
    return res == Z_OK ? Int32Result(adler) : ZlibResult(ctx, res);
  });
}

Term BifDeflateReset(BifContext& ctx, const Term* args) {
  return WithStream(ctx, args[0], Needs::kDeflate,
                    [&](ZlibStream& z) { return ZlibResult(ctx, z.DeflateReset()); });
}

Term BifDeflateEnd(BifContext& ctx, const Term* args) {
  return WithStream(ctx, args[0], Needs::kDeflate,
                    [&](ZlibStream& z) { return ZlibResult(ctx, z.DeflateEnd()); });
}

Term BifDeflateParams(BifContext& ctx, const Term* args) {
  std::optional<int> level = IntArg(args[1]), strategy = IntArg(args[2]);
  if (!level || !strategy) return ctx.Fail(atoms::kBadarg);
  return WithStream(ctx, args[0], Needs::kDeflate, [&](ZlibStream& z) {
    return ZlibResult(ctx, z.DeflateParams(*level, *strategy));
  });
}

// deflate_nif and inflate_nif: Z, InputChunkSize, OutputChunkSize, Flush.
template <ZlibStream::Step (ZlibStream::*kCodec)(size_t, size_t, int)>
Term BifCodec(BifContext& ctx, const Term* args) {
  std::optional<int> input = IntArg(args[1]), output = IntArg(args[2]), flush = IntArg(args[3]);
  // zlib.erl passes its fixed sizes, or inflateChunk's buffer size (17..2^24).
  if (!input || !output || !flush || *input <= 0 || *output <= 0) return ctx.Fail(atoms::kBadarg);
  Needs needs = kCodec == &ZlibStream::Deflate ? Needs::kDeflate : Needs::kInflate;
  return WithStream(ctx, args[0], needs, [&](ZlibStream& z) {
    return StepResult(ctx, (z.*kCodec)(*input, *output, *flush));
  });
}

// ---- inflate ---------------------------------------------------------------------

Term BifInflateInit(BifContext& ctx, const Term* args) {
  std::optional<int> window_bits = IntArg(args[1]), end_of_stream = IntArg(args[2]);
  if (!window_bits || !end_of_stream) return ctx.Fail(atoms::kBadarg);
  return WithStream(ctx, args[0], Needs::kNoCodec, [&](ZlibStream& z) {
    return ZlibResult(
        ctx, z.InflateInit(*window_bits, static_cast<ZlibStream::EndOfStream>(*end_of_stream)));
  });
}

Term BifInflateSetDictionary(BifContext& ctx, const Term* args) {
  std::string dictionary;
  if (!AppendIolist(args[1], dictionary)) return ctx.Fail(atoms::kBadarg);
  return WithStream(ctx, args[0], Needs::kInflate, [&](ZlibStream& z) {
    return ZlibResult(ctx, z.InflateSetDictionary(Bytes(dictionary)));
  });
}

Term BifInflateGetDictionary(BifContext& ctx, const Term* args) {
  return WithStream(ctx, args[0], Needs::kInflate, [&](ZlibStream& z) {
    std::vector<uint8_t> dictionary;
    int res = z.InflateGetDictionary(dictionary);
    return res < 0 ? ZlibResult(ctx, res) : MakeBinary(ctx.memory, dictionary);
  });
}

Term BifInflateReset(BifContext& ctx, const Term* args) {
  return WithStream(ctx, args[0], Needs::kInflate,
                    [&](ZlibStream& z) { return ZlibResult(ctx, z.InflateReset()); });
}

Term BifInflateEnd(BifContext& ctx, const Term* args) {
  return WithStream(ctx, args[0], Needs::kInflate,
                    [&](ZlibStream& z) { return ZlibResult(ctx, z.InflateEnd()); });
}

// ---- input, the running CRC, the stash, inflateChunk's buffer ---------------------

// An iovec: a proper list of binaries (erlang:iolist_to_iovec/1's result),
// checked whole before any of it is queued, as enif_inspect_iovec does. All
// of it is queued at once, so never {continue, Tail}.
Term BifEnqueue(BifContext& ctx, const Term* args) {
  return WithStream(ctx, args[0], Needs::kCodec, [&](ZlibStream& z) {
    Term list = args[1];
    for (; IsList(list); list = Tail(list)) {
      if (!IsBinary(Head(list))) return ctx.Fail(atoms::kBadarg);
    }
    if (!IsNil(list)) return ctx.Fail(atoms::kBadarg);
    std::vector<uint8_t> scratch;
    for (list = args[1]; IsList(list); list = Tail(list))
      z.Enqueue(*BinaryView(Head(list), scratch));
    return atoms::kOk;
  });
}

Term BifCrc32(BifContext& ctx, const Term* args) {
  return WithStream(ctx, args[0], Needs::kCodec,
                    [&](ZlibStream& z) { return MakeUnsignedInteger(ctx.memory, z.Crc32()); });
}

Term BifGetStash(BifContext& ctx, const Term* args) {
  return WithStream(ctx, args[0], Needs::kAnyState, [&](ZlibStream& z) {
    if (!z.has_stash()) return A().empty;
    return MakeTuple(ctx.memory, {atoms::kOk, CopyTerm(z.stash(), ctx.memory)});
  });
}

Term BifClearStash(BifContext& ctx, const Term* args) {
  return WithStream(ctx, args[0], Needs::kAnyState, [&](ZlibStream& z) {
    if (!z.has_stash()) return ctx.Fail(atoms::kError);
    z.ClearStash();
    return atoms::kOk;
  });
}

Term BifSetStash(BifContext& ctx, const Term* args) {
  return WithStream(ctx, args[0], Needs::kAnyState, [&](ZlibStream& z) {
    if (z.has_stash()) return ctx.Fail(atoms::kError);
    z.SetStash(args[1]);
    return atoms::kOk;
  });
}

Term BifGetBufSize(BifContext& ctx, const Term* args) {
  return WithStream(ctx, args[0], Needs::kAnyState,
                    [&](ZlibStream& z) { return MakeSmall(z.chunk_buffer_size()); });
}

Term BifSetBufSize(BifContext& ctx, const Term* args) {
  std::optional<int> size = IntArg(args[1]);
  if (!size) return ctx.Fail(atoms::kBadarg);
  return WithStream(ctx, args[0], Needs::kAnyState, [&](ZlibStream& z) {
    z.set_chunk_buffer_size(*size);
    return atoms::kOk;
  });
}

constexpr BifEntry kZlibBifs[] = {
    {"zlib", "open_nif", 0, BifOpen},
    {"zlib", "close_nif", 1, BifClose},
    {"zlib", "set_controller_nif", 2, BifSetController},
    {"zlib", "deflateInit_nif", 6, BifDeflateInit},
    {"zlib", "deflateSetDictionary_nif", 2, BifDeflateSetDictionary},
    {"zlib", "deflateReset_nif", 1, BifDeflateReset},
    {"zlib", "deflateEnd_nif", 1, BifDeflateEnd},
    {"zlib", "deflateParams_nif", 3, BifDeflateParams},
    {"zlib", "deflate_nif", 4, BifCodec<&ZlibStream::Deflate>},
    {"zlib", "inflateInit_nif", 3, BifInflateInit},
    {"zlib", "inflateSetDictionary_nif", 2, BifInflateSetDictionary},
    {"zlib", "inflateGetDictionary_nif", 1, BifInflateGetDictionary},
    {"zlib", "inflateReset_nif", 1, BifInflateReset},
    {"zlib", "inflateEnd_nif", 1, BifInflateEnd},
    {"zlib", "inflate_nif", 4, BifCodec<&ZlibStream::Inflate>},
    {"zlib", "crc32_nif", 1, BifCrc32},
    {"zlib", "getStash_nif", 1, BifGetStash},
    {"zlib", "clearStash_nif", 1, BifClearStash},
    {"zlib", "setStash_nif", 2, BifSetStash},
    {"zlib", "getBufSize_nif", 1, BifGetBufSize},
    {"zlib", "setBufSize_nif", 2, BifSetBufSize},
    {"zlib", "enqueue_nif", 2, BifEnqueue},
};

}  // namespace

std::span<const BifEntry> ZlibBifs() {
  return kZlibBifs;
}

}  // namespace ling::vm
