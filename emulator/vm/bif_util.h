// What several BIF files share: number results, the atoms they use beyond
// the predefined ones, encoding arguments, reading binaries, iolists and
// character lists, and UTF-8.
//
// Concurrency: as the BIFs (bif.h): the readers read terms of the calling
// process only; Atoms() is thread-safe (interned once).
#ifndef LING_EMULATOR_VM_BIF_UTIL_H_
#define LING_EMULATOR_VM_BIF_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "emulator/vm/bif.h"
#include "ling/term.h"
#include "runtime/term/atoms.h"
#include "runtime/term/heap.h"
#include "runtime/term/utf8.h"

namespace ling::vm {

inline Term Bool(bool b) {
  return b ? atoms::kTrue : atoms::kFalse;
}

// A number as a double: OutOfRange for an integer past the doubles.
absl::StatusOr<double> AsDouble(Term number);
// A float result as Erlang arithmetic gives it: badarith if not finite.
Term FloatResult(BifContext& ctx, double v);
// A builder's result, or its failure raised as a conversion BIF raises it:
// system_limit for a number too large to represent, badarg for the rest.
Term ArgResult(BifContext& ctx, const absl::StatusOr<Term>& built);

// The atoms BIFs use that atoms.h does not predefine, interned on first use.
struct BifAtoms {
#define LING_BIF_ATOMS(X)            \
  X(kAc, "ac")                       \
  X(kBm, "bm")                       \
  X(kCompact, "compact")             \
  X(kCompressed, "compressed")       \
  X(kDecimals, "decimals")           \
  X(kDeterministic, "deterministic") \
  X(kGlobal, "global")               \
  X(kIncomplete, "incomplete")       \
  X(kIterator, "iterator")           \
  X(kLatin1, "latin1")               \
  X(kMinorVersion, "minor_version")  \
  X(kNoInteger, "no_integer")        \
  X(kNomatch, "nomatch")             \
  X(kNone, "none")                   \
  X(kNotAList, "not_a_list")         \
  X(kSafe, "safe")                   \
  X(kScientific, "scientific")       \
  X(kScope, "scope")                 \
  X(kTrim, "trim")                   \
  X(kTrimAll, "trim_all")            \
  X(kUnicode, "unicode")             \
  X(kUsed, "used")                   \
  X(kValue, "value")
#define LING_BIF_ATOM_FIELD(name, text) Term name;
  LING_BIF_ATOMS(LING_BIF_ATOM_FIELD)
#undef LING_BIF_ATOM_FIELD
};
const BifAtoms& Atoms();

// An encoding argument of the atom and unicode BIFs: latin1 (true), unicode
// or utf8 (false); nullopt for anything else.
std::optional<bool> IsLatin1Encoding(Term encoding);

// The bytes of a binary (a bitstring of whole bytes, of any kind); nullopt
// for anything else. Viewed in place when its bits start a byte, else copied
// into `scratch`.
std::optional<std::span<const uint8_t>> BinaryView(Term t, std::vector<uint8_t>& scratch);

// Walks an iolist: a possibly improper list of bytes 0..255, bitstrings and
// iolists, whose tail may be a bitstring, or (at the top) a bitstring.
// Calls on_byte for each byte and on_bitstring for each bitstring, in order;
// false if `t` is not of that form or on_bitstring returned false.
template <class OnByte, class OnBitstring>
bool WalkIolist(Term t, OnByte&& on_byte, OnBitstring&& on_bitstring) {
  // Tails still to walk, innermost last: no recursion for deep nesting.
  absl::InlinedVector<Term, 16> pending{t};
  while (!pending.empty()) {
    Term rest = pending.back();
    pending.pop_back();
    while (IsList(rest)) {
      Term head = Head(rest);
      rest = Tail(rest);
      if (IsSmall(head)) {
        if (SmallValue(head) < 0 || SmallValue(head) > 255) return false;
        on_byte(static_cast<uint8_t>(SmallValue(head)));
      } else if (IsList(head)) {
        pending.push_back(rest);
        rest = head;
      } else if (IsBitstring(head)) {
        if (!on_bitstring(head)) return false;
      } else if (!IsNil(head)) {
        return false;
      }
    }
    if (IsBitstring(rest)) {
      if (!on_bitstring(rest)) return false;
    } else if (!IsNil(rest)) {
      return false;
    }
  }
  return true;
}
// Appends the bytes of an iolist whose bitstrings are all binaries to `out`;
// false if `t` is not one.
bool AppendIolist(Term t, std::string& out);

// BEAM's largest tuple (erts's MAX_ARITY): a BIF asked for more fails.
inline constexpr int64_t kMaxTupleSize = (int64_t{1} << 24) - 1;

// The characters of a proper list of integers 0..max; nullopt for anything
// else.
std::optional<std::u32string> CharList(Term list, char32_t max);
// A list of Unicode characters as UTF-8 (names and values given to the OS);
// nullopt for anything else.
std::optional<std::string> CharListUtf8(Term list);
// The list of `chars` in front of `tail`.
Term MakeCharList(TermAllocator& heap, std::u32string_view chars, Term tail = kNil);
// A list of strings, each a list of its bytes as characters (file names,
// command-line arguments).
Term MakeStringList(TermAllocator& heap, std::span<const std::string> strings);

// The atom erl names an errno value with (enoent, eacces...), as file and
// port errors report it; unknown for a value it does not know.
Term ErrnoAtom(int error);

// ---- UTF-8 ------------------------------------------------------------------------
inline constexpr char32_t kMaxCodePoint = 0x10ffff;
inline bool IsCodePoint(int64_t c) {
  return c >= 0 && c <= kMaxCodePoint && !(c >= 0xd800 && c <= 0xdfff);
}

// One character decoded from the front of `bytes`.
struct Utf8Char {
  enum Kind : uint8_t {
    kOk,          // `c`, `length` bytes
    kInvalid,     // the bytes start no valid sequence
    kIncomplete,  // a valid sequence cut short by the end of `bytes`
  };
  Kind kind;
  char32_t c = 0;
  size_t length = 0;
};
// Precondition: `bytes` is not empty.
Utf8Char DecodeUtf8Char(std::span<const uint8_t> bytes);
// The characters of strict UTF-8 text (no overlong forms, surrogates or
// values past U+10FFFF); nullopt if it is not.
std::optional<std::u32string> DecodeUtf8(std::span<const uint8_t> bytes);
inline std::span<const uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view Chars(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
// Whether every byte is ASCII.
bool Is7Bit(std::span<const uint8_t> bytes);

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_BIF_UTIL_H_
