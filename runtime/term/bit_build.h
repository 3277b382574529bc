// Bit-syntax construction: OTP 25's bs_create_bin, with its operands as the
// compiler writes them, and the errors erl raises (checked against erl 25).
//
// erlc -S shows the instruction as
//   {bs_create_bin, Fail, Alloc, Live, Unit, Dst, {list, Segments}}
// where Segments is a flat list of six operands per segment:
//   {atom,Type}  integer | float | binary | utf8 | utf16 | utf32 | string |
//                append | private_append
//   Seg          the segment's number in the source (1, 2, ...; 0 for
//                segments the compiler made), for the error's cause
//   Unit         the unit (bits per size unit; 0 for utf*)
//   Flags        [] (nil) or a literal list of atoms: little, big, native,
//                signed, unsigned (only little and native matter)
//   Src          the value: a register or a literal; for string, an offset
//                into the module's string table
//   Size         {integer,N}, a register, {atom,all} (binary/append: the
//                whole value) or {atom,undefined} (utf*); for string, the
//                string's length in bytes
// so <<X:13/signed-little, "abc", Y/binary>> is
//   {atom,integer},1,1,{literal,[little]},{x,0},{integer,13},
//   {atom,string},0,8,nil,{string,<<"abc">>},{integer,3},
//   {atom,binary},3,8,nil,{x,1},{atom,all}
// A BinSegment holds one segment's six operands decoded: the interpreter
// resolves the type atom (SegmentTypeFromAtom) and the flags list
// (SegmentFlagsFromList) once, at load time, and the registers at run time.
//
// The result is a new bitstring (heap binary up to kHeapBinaryLimit bytes,
// refc above, inside a sub-binary when not whole bytes); with a leading
// append or private_append segment, the bits of that segment's value followed
// by the other segments', written in place after the value when it is the
// newest result of appends to a writable binary (writable_binary.h), so that
// a loop of appends is linear as on BEAM. private_append is served as
// append: the mark that decides what may be extended needs no promise from
// the compiler. bs_init_writable, which precedes private_append in
// comprehensions, is just MakeBinary(heap, {}) -- <<>>: the first append
// past kHeapBinaryLimit bytes makes the writable binary.
//
// Errors come in erl's order: first the size of every segment, in order
// (sizes, a /binary of size all that is no bitstring, an invalid utf32
// value); then the append segment's value; then each segment's value as it is
// written. The result is kNonValue and *error says what erl's error_info
// cause says: {Seg, Type, Info, Value} with reason badarg or system_limit.
//
// Concurrency: allocates on `heap` (its owner only, heap.h); reads the
// segment values (terms of the same process) and writes in place only into
// that process's writable binaries (writable_binary.h).
#ifndef LING_RUNTIME_TERM_BIT_BUILD_H_
#define LING_RUNTIME_TERM_BIT_BUILD_H_

#include <cstdint>
#include <optional>
#include <span>

#include "ling/term.h"
#include "runtime/term/bit_codec.h"
#include "runtime/term/heap.h"
#include "runtime/term/writable_binary.h"

namespace ling {

enum class SegmentType : uint8_t {
  kInteger,
  kFloat,
  kBinary,
  kUtf8,
  kUtf16,
  kUtf32,
  kString,
  kAppend,
  kPrivateAppend,
};

// The segment type an operand atom names; nullopt for any other atom.
std::optional<SegmentType> SegmentTypeFromAtom(Term atom);
// The Flags operand ([] or a list of atoms) as bitflag bits (bit_codec.h);
// atoms other than little and native add nothing (signedness does not matter
// when writing).
uint32_t SegmentFlagsFromList(Term flags);

struct BinSegment {
  SegmentType type;
  uint32_t number;  // Seg
  uint32_t unit;    // Unit
  uint32_t flags;   // bitflag::*
  Term value;       // Src (unused for kString)
  Term size;        // Size: an integer, atoms::kAll or atoms::kUndefined (unused for kString)
  std::span<const uint8_t> string;  // kString: the string table's bytes
};

// What went wrong, as erl's error_info cause {Seg, Type, Info, Value} tells.
struct BuildError {
  Term reason;  // atoms::kBadarg or atoms::kSystemLimit
  uint32_t segment;
  Term type;   // integer, float, binary (also for append), utf8, utf16, utf32
  Term info;   // type, size, short, unit, invalid or no_float
  Term value;  // the offending value (for a bad size, the size)
};

// bs_create_bin: the bitstring the segments describe, or kNonValue and
// *error. A result whose total size would not fit a small integer fails with
// system_limit (BEAM instead tries the allocation and aborts the node); a
// size that does fit but exceeds memory throws std::bad_alloc, as any
// allocation does. At most BitstringWords(total) words (binary.h), none on
// failure before writing starts. An append may move its value's writable
// buffer (AllocateAppend): views of bitstrings taken before are stale.
Term BuildBitstring(TermAllocator& heap, std::span<const BinSegment> segments, BuildError* error);

// bs_create_bin in the shape the loader proves for most of them: an optional
// leading append of `base` (kNonValue: none) in units of `base_unit`, then
// integer segments of constant widths adding up to `total_bits`, each value
// a small (the caller checks). The result to write those segments into
// (WriteSegmentWord, bit_codec.h, moving `at` past each); nullopt when
// BuildBitstring must build it after all, errors included: `base` not a
// bitstring of whole units, or the result too large.
std::optional<NewAppend> StartIntegerBuild(TermAllocator& heap, Term base, uint32_t base_unit,
                                           uint64_t total_bits);

// The error_info a failed bs_create_bin puts in its stack frame:
// #{cause => {Seg, Type, Info, Value}, function => format_bs_fail,
//   module => erl_erts_errors}.
Term MakeBuildErrorInfo(TermAllocator& heap, const BuildError& error);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_BIT_BUILD_H_
