// Checksums of iodata: erlang:crc32/1,2, crc32_combine/3, adler32/1,2,
// adler32_combine/3 (zlib's, as BEAM's), md5/1 and the incremental
// md5_init/0, md5_update/2, md5_final/1, whose context is BEAM's 88-byte
// binary (runtime/base/md5.h), so a context made by erl works here.
//
// Errors are erl 25's: badarg for data that is not iodata (a bitstring
// that is not whole bytes included), a checksum outside 0..2^32-1, a
// combine length outside 0..2^32-1, a context of another size.
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "absl/functional/function_ref.h"
#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "runtime/base/md5.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bits.h"

namespace ling::vm {
namespace {

// Hands the bytes of iodata to `sink` in order: each binary (an empty one
// too), in place when its bits start a byte, and the bytes of lists between
// binaries batched. False if `data` is not iodata.
bool ForEachIodataPiece(Term data, absl::FunctionRef<void(std::span<const uint8_t>)> sink) {
  std::vector<uint8_t> pending, scratch;
  auto flush = [&] {
    if (!pending.empty()) sink(pending);
    pending.clear();
  };
  bool iodata = WalkIolist(
      data, [&](uint8_t b) { pending.push_back(b); },
      [&](Term bits) {
        std::optional<std::span<const uint8_t>> bytes = BinaryView(bits, scratch);
        if (!bytes) return false;
        flush();
        sink(*bytes);
        return true;
      });
  if (!iodata) return false;
  flush();
  return true;
}

// A 32-bit checksum argument: an integer 0..2^32-1.
std::optional<uint32_t> Checksum32(Term t) {
  std::optional<int64_t> v = IntegerToInt64(t);
  if (!v || *v < 0 || *v > UINT32_MAX) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

using Update = uLong (*)(uLong, const Bytef*, uInt);
using Combine = uLong (*)(uLong, uLong, z_off_t);

// zlib's crc32 or adler32 over iodata, from `initial`.
Term Checksum(BifContext& ctx, Update update, uLong initial, Term data) {
  uLong sum = initial;
  bool ok = ForEachIodataPiece(data, [&](std::span<const uint8_t> bytes) {
    // Every binary is a call, an empty one too, as on BEAM: zlib's adler32
    // brings an out-of-range sum into range even over no bytes (and both
    // read a null buffer as a request for their initial value).
    static constexpr Bytef kNoBytes[1] = {};
    do {
      // zlib takes lengths of 32 bits.
      uInt n = static_cast<uInt>(std::min<size_t>(bytes.size(), UINT32_MAX));
      sum = update(sum, bytes.empty() ? kNoBytes : bytes.data(), n);
      bytes = bytes.subspan(n);
    } while (!bytes.empty());
  });
  if (!ok) return ctx.Fail(atoms::kBadarg);
  return MakeSmall(static_cast<int64_t>(sum));
}

Term Continued(BifContext& ctx, Update update, const Term* args) {
  std::optional<uint32_t> initial = Checksum32(args[0]);
  if (!initial) return ctx.Fail(atoms::kBadarg);
  return Checksum(ctx, update, *initial, args[1]);
}

Term Combined(BifContext& ctx, Combine combine, const Term* args) {
  std::optional<uint32_t> first = Checksum32(args[0]), second = Checksum32(args[1]),
                          second_length = Checksum32(args[2]);
  if (!first || !second || !second_length) return ctx.Fail(atoms::kBadarg);
  return MakeSmall(
      static_cast<int64_t>(combine(*first, *second, static_cast<z_off_t>(*second_length))));
}

Term BifCrc32_1(BifContext& ctx, const Term* args) {
  return Checksum(ctx, crc32, crc32(0, nullptr, 0), args[0]);
}
Term BifCrc32_2(BifContext& ctx, const Term* args) {
  return Continued(ctx, crc32, args);
}
Term BifCrc32Combine(BifContext& ctx, const Term* args) {
  return Combined(ctx, crc32_combine, args);
}
Term BifAdler32_1(BifContext& ctx, const Term* args) {
  return Checksum(ctx, adler32, adler32(0, nullptr, 0), args[0]);
}
Term BifAdler32_2(BifContext& ctx, const Term* args) {
  return Continued(ctx, adler32, args);
}
Term BifAdler32Combine(BifContext& ctx, const Term* args) {
  return Combined(ctx, adler32_combine, args);
}

// ---- MD5 ---------------------------------------------------------------------------------

// Feeds iodata to `md5`; false if it is not iodata.
bool Md5Update(Md5& md5, Term data) {
  return ForEachIodataPiece(data, [&](std::span<const uint8_t> bytes) { md5.Update(bytes); });
}

// A context argument: a binary of BEAM's context size.
std::optional<Md5> Context(Term t) {
  std::vector<uint8_t> scratch;
  std::optional<std::span<const uint8_t>> bytes = BinaryView(t, scratch);
  if (!bytes) return std::nullopt;
  return Md5::Restore(*bytes);
}

Term BifMd5(BifContext& ctx, const Term* args) {
  Md5 md5;
  if (!Md5Update(md5, args[0])) return ctx.Fail(atoms::kBadarg);
  return MakeBinary(ctx.memory, md5.Final());
}

Term BifMd5Init(BifContext& ctx, const Term*) {
  return MakeBinary(ctx.memory, Md5().Save());
}

Term BifMd5Update(BifContext& ctx, const Term* args) {
  std::optional<Md5> md5 = Context(args[0]);
  if (!md5 || !Md5Update(*md5, args[1])) return ctx.Fail(atoms::kBadarg);
  return MakeBinary(ctx.memory, md5->Save());
}

Term BifMd5Final(BifContext& ctx, const Term* args) {
  std::optional<Md5> md5 = Context(args[0]);
  if (!md5) return ctx.Fail(atoms::kBadarg);
  return MakeBinary(ctx.memory, md5->Final());
}

constexpr BifEntry kChecksumBifs[] = {
    {"erlang", "crc32", 1, BifCrc32_1},
    {"erlang", "crc32", 2, BifCrc32_2},
    {"erlang", "crc32_combine", 3, BifCrc32Combine},
    {"erlang", "adler32", 1, BifAdler32_1},
    {"erlang", "adler32", 2, BifAdler32_2},
    {"erlang", "adler32_combine", 3, BifAdler32Combine},
    {"erlang", "md5", 1, BifMd5},
    {"erlang", "md5_init", 0, BifMd5Init},
    {"erlang", "md5_update", 2, BifMd5Update},
    {"erlang", "md5_final", 1, BifMd5Final},
};

}  // namespace

std::span<const BifEntry> ChecksumBifs() {
  return kChecksumBifs;
}

}  // namespace ling::vm
