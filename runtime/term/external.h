// The external term format (version 131): term_to_binary/1 and
// binary_to_term/1,2.
//
// Encoding writes, uncompressed, the bytes OTP 25 writes with
// term_to_binary(T, [{minor_version, N}]) (NEW_PID_EXT, NEWER_REFERENCE_EXT,
// ...; N decides atoms and floats, see EncodeExternal). A map of more than
// 32 keys is written in OTP's order, that of its hash trie (map.h), or in key
// order with term_to_binary's deterministic option (decoders accept any
// order); decoding more than 32 pairs builds such a trie.
//
// Decoding reads every tag of the format that the term model can hold (see
// DecodeExternal), including the zlib-compressed form, and validates all of
// it: lengths are checked against the input before anything is allocated
// for them, nothing is read out of bounds, and nesting of any depth is walked
// with an explicit stack. The heap use is linear in the input size.
//
// The local node is nonode@nohost with creation 0 (the runtime is not
// distributed yet): pids, ports and references are written with it, and
// read back only when they name it.
//
// Concurrency: EncodeExternal reads the term (its heap's owner only);
// DecodeExternal allocates on `heap` (its owner only, see heap.h) and may
// intern atoms (thread-safe, atom_table.h).
#ifndef LING_RUNTIME_TERM_EXTERNAL_H_
#define LING_RUNTIME_TERM_EXTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling {

// Tags of the format (erts/doc: "External Term Format").
namespace ext {
inline constexpr uint8_t kVersion = 131;
inline constexpr uint8_t kCompressed = 80;
inline constexpr uint8_t kDistHeader = 68;
inline constexpr uint8_t kDistFragmentHeader = 69;
inline constexpr uint8_t kAtomCacheRef = 82;
inline constexpr uint8_t kNewFloat = 70;
inline constexpr uint8_t kBitBinary = 77;
inline constexpr uint8_t kNewPid = 88;
inline constexpr uint8_t kNewPort = 89;
inline constexpr uint8_t kNewerReference = 90;
inline constexpr uint8_t kSmallInteger = 97;
inline constexpr uint8_t kInteger = 98;
inline constexpr uint8_t kFloat = 99;
inline constexpr uint8_t kAtom = 100;
inline constexpr uint8_t kReference = 101;
inline constexpr uint8_t kPort = 102;
inline constexpr uint8_t kPid = 103;
inline constexpr uint8_t kSmallTuple = 104;
inline constexpr uint8_t kLargeTuple = 105;
inline constexpr uint8_t kNil = 106;
inline constexpr uint8_t kString = 107;
inline constexpr uint8_t kList = 108;
inline constexpr uint8_t kBinary = 109;
inline constexpr uint8_t kSmallBig = 110;
inline constexpr uint8_t kLargeBig = 111;
inline constexpr uint8_t kNewFun = 112;
inline constexpr uint8_t kExport = 113;
inline constexpr uint8_t kNewReference = 114;
inline constexpr uint8_t kSmallAtom = 115;
inline constexpr uint8_t kMap = 116;
inline constexpr uint8_t kFun = 117;
inline constexpr uint8_t kAtomUtf8 = 118;
inline constexpr uint8_t kSmallAtomUtf8 = 119;
inline constexpr uint8_t kV4Port = 120;
inline constexpr uint8_t kLocal = 121;
}  // namespace ext

// term_to_binary's {minor_version, N}, as OTP 25 reads it (checked on erl
// 25.2.3):
//   0  floats as FLOAT_EXT (text); atoms as for 1;
//   1  the default: floats as NEW_FLOAT_EXT; an atom whose characters are
//      all Latin-1 as ATOM_EXT (its Latin-1 bytes, whatever its length),
//      any other atom as SMALL_ATOM_UTF8_EXT (ATOM_UTF8_EXT past 255 bytes);
//   2  OTP 26's default: as 1, but every atom as UTF-8.
inline constexpr int kDefaultMinorVersion = 1;
inline constexpr int kMaxMinorVersion = 2;

// term_to_binary/1,2. Every term the model holds can be encoded (a match
// context, which is no Erlang value, aborts); a bitstring that is not whole
// bytes is written as BIT_BINARY_EXT. A local fun is written with the pid
// <0.0.0> as its creator (funs do not record one). A reference is written
// with three 32-bit words, or four when its low word needs more than 32
// bits; OTP 25 reads back only three-word local references whose first word
// is below 2^18. `deterministic`: term_to_binary's option of that name, maps
// in key order. Precondition (checked): 0 <= minor_version <=
// kMaxMinorVersion.
std::vector<uint8_t> EncodeExternal(Term t, int minor_version = kDefaultMinorVersion,
                                    bool deterministic = false);

struct DecodeOptions {
  // binary_to_term(B, [safe]): fail rather than create an atom (atoms are
  // never freed). Node names of pids, ports and references are compared,
  // never interned.
  bool safe = false;
};

struct Decoded {
  Term term;
  // Bytes of the input the term took, version byte included
  // (binary_to_term(B, [used])); any bytes after it are ignored, as OTP does.
  size_t used;
};

// binary_to_term/2. Reads SMALL_INTEGER, INTEGER, FLOAT, NEW_FLOAT, ATOM,
// SMALL_ATOM, ATOM_UTF8, SMALL_ATOM_UTF8, SMALL_TUPLE, LARGE_TUPLE, NIL,
// STRING, LIST (improper too), BINARY, BIT_BINARY, SMALL_BIG,
// LARGE_BIG, MAP, EXPORT, NEW_FUN (a local fun with a null entry, for the
// loader to resolve), PID, NEW_PID, PORT, NEW_PORT, V4_PORT, NEW_REFERENCE,
// NEWER_REFERENCE, and the compressed form of any of them.
//
// Errors:
//   InvalidArgument    truncated or malformed input (bad version, unknown
//                      tag, lengths past the end, duplicate map keys, invalid
//                      UTF-8, a non-finite float, a fun whose size field is
//                      wrong, a bad zlib stream, ...), an atom that `safe`
//                      forbids creating, an atom longer than the atom table
//                      takes, a bignum past kMaxBignumLimbs;
//   Unimplemented      valid input the term model cannot hold yet: a pid,
//                      port or reference of another node, a reference of
//                      more than four 32-bit words, the distribution header
//                      and atom cache references, and the obsolete
//                      REFERENCE, FUN and LOCAL forms;
//   ResourceExhausted  the atom table is full (system_limit).
// A failed decode may leave unreachable words on `heap` (freed with it) and
// may have interned atoms decoded before the error.
absl::StatusOr<Decoded> DecodeExternal(TermAllocator& heap, std::span<const uint8_t> bytes,
                                       const DecodeOptions& options = {});

}  // namespace ling

#endif  // LING_RUNTIME_TERM_EXTERNAL_H_
