// Bit-syntax matching: the match context and the primitives the emulator's
// bs_* matching instructions call (OTP 25 semantics, checked against erl).
//
// A match context is a boxed object of kMatchContextWords words:
//   header(kMatchContext, 3) | original | position | end
// where `original` is the heap or refc binary holding the bits being matched
// (a term word: collectors move it, boxed.h), and `position` and `end` are
// bit offsets into the original's bytes: the bits still to match are
// [position, end), which may reach past the ProcBin's size of a binary that
// is appended to in place (binary.h), never past the bits written. Matching
// a sub-binary starts at its offset, so positions are comparable only within
// one context. Contexts live in x and y registers only (the compiler never
// stores one in a term or passes it outside a module's own functions);
// Erlang code never sees one.
//
// Every primitive checks what it reads against the bits that remain and
// fails -- kNonValue, nullopt or false, with the position unchanged --
// rather than reading past them: bad input never crashes, it does not match.
// A primitive that succeeds moves the position past what it matched (except
// MatchTail, which only reads).
//
// Concurrency: a context and the terms made from it belong to the process
// whose heap holds them (heap.h); `heap` is used only by its owner.
#ifndef LING_RUNTIME_TERM_BIT_MATCH_H_
#define LING_RUNTIME_TERM_BIT_MATCH_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "ling/term.h"
#include "runtime/term/bit_codec.h"
#include "runtime/term/heap.h"

namespace ling {

inline constexpr size_t kMatchContextWords = 4;

inline bool IsMatchContext(Term t) {
  return IsBoxedOf(t, tag::Subtag::kMatchContext);
}

// bs_start_match3 and bs_start_match4: `subject` itself when it already is a
// context (matching goes on from its position: how a function receives a
// context from its caller); a new context (kMatchContextWords words on
// `heap`) at the start of `subject` when it is a bitstring; kNonValue for
// anything else.
Term StartMatch(TermAllocator& heap, Term subject);

// The bits a segment of `size` units of `unit` bits spans (the Size and Unit
// operands); nullopt -- no match -- unless `size` is a non-negative integer
// and the product fits 64 bits. (erl: <<X:S>> = B with S = a, -1 or 1 bsl 70
// is a badmatch, not an exception.)
std::optional<uint64_t> SegmentBits(Term size, uint32_t unit);

// Below, `ctx` must be a match context (IsMatchContext; unchecked).

// Bits left to match.
uint64_t MatchRemaining(Term ctx);

// bs_get_integer2: the next `bits` bits as an integer (flags: bitflag::*);
// a bignum when it does not fit a small.
Term MatchInteger(TermAllocator& heap, Term ctx, uint64_t bits, uint32_t flags);
// The widest integer segment whose value is always a small: 59 bits
// unsigned, 60 signed.
constexpr unsigned SmallSegmentLimit(uint32_t flags) {
  return (flags & bitflag::kSigned) != 0 ? 60 : 59;
}
// The next `bits` (at most 64) bits as one unsigned number, the first bit
// the most significant: integer segments of constant sizes matched at once
// (SegmentWordValue turns each one's share into its value; no heap needed
// for those within SmallSegmentLimit).
std::optional<uint64_t> MatchWord(Term ctx, unsigned bits);
// bs_get_float2: the next `bits` bits (16, 32 or 64; 0 matches 0.0, as in
// BEAM) as a float; fails for other sizes and for NaN and the infinities.
Term MatchFloat(TermAllocator& heap, Term ctx, uint64_t bits, uint32_t flags);
// bs_get_binary2 with a size: the next `bits` bits as a bitstring, made as
// MakeSubBitstring makes it (binary.h): whole bytes up to kHeapBinaryLimit
// copied into a heap binary, else a sub-binary of the original. At most
// kSubBitstringMaxWords words.
Term MatchBitstring(TermAllocator& heap, Term ctx, uint64_t bits);
// bs_get_binary2 with size `all`: the rest, when its length is a multiple of
// `unit` (1 for /bits, 8 for /binary).
Term MatchRest(TermAllocator& heap, Term ctx, uint32_t unit);
// bs_get_tail: the rest as a bitstring; the position does not move (the
// compiler uses it to hand the unmatched part on, or back to a caller).
Term MatchTail(TermAllocator& heap, Term ctx);

// bs_skip_bits2 with a size: skips `bits` bits.
bool SkipBits(Term ctx, uint64_t bits);
// bs_skip_bits2 with size `all`: skips the rest when its length is a
// multiple of `unit`.
bool SkipRest(Term ctx, uint32_t unit);
// bs_test_tail2: exactly `bits` bits remain. Does not move.
bool TestTail(Term ctx, uint64_t bits);
// bs_test_unit: the bits that remain are a multiple of `unit`. Does not move.
bool TestUnit(Term ctx, uint32_t unit);
// bs_match_string: the next `bits` bits equal the first `bits` bits of
// `bytes` (the string table's bytes; bits need not be whole bytes).
// Precondition: bits <= 8 * bytes.size().
bool MatchString(Term ctx, std::span<const uint8_t> bytes, uint64_t bits);

// bs_get_position: the position, a small integer.
Term GetMatchPosition(Term ctx);
// bs_set_position: back to a position GetMatchPosition returned for this
// context. false (nothing changes) unless `position` is a small no greater
// than the context's end: enough that no read can leave the original
// binary; any other position is the caller's bug.
bool SetMatchPosition(Term ctx, Term position);

// bs_get_utf8, bs_get_utf16, bs_get_utf32: the next code point (a small);
// kNonValue for too few bits or an invalid encoding (bit_codec.h).
Term MatchUtf8(Term ctx);
Term MatchUtf16(Term ctx, uint32_t flags);
Term MatchUtf32(Term ctx, uint32_t flags);
// bs_skip_utf8, bs_skip_utf16, bs_skip_utf32: the same, without the value.
bool SkipUtf8(Term ctx);
bool SkipUtf16(Term ctx, uint32_t flags);
bool SkipUtf32(Term ctx, uint32_t flags);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_BIT_MATCH_H_
