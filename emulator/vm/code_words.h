// Loaded code is direct-threaded: each instruction is the address of its
// handler in the interpreter followed by its operands, already resolved, as
// 64-bit words. This header says how operands are written.
//
// A source operand (a register or a constant) is one word. A term never has
// the primary tag 00 (that marks header words, which live only inside boxed
// objects), so the tag 00 is free to mean "a register": bit 2 tells x from
// y and the index sits above bit 3. Anything else is the constant term
// itself (an immediate, or a pointer into the module's literal area).
// Destinations are always registers, written the same way.
//
// Labels are code pointers (nullptr: no fail label: raise instead), export
// operands point at Export entries, numbers are raw.
#ifndef LING_EMULATOR_VM_CODE_WORDS_H_
#define LING_EMULATOR_VM_CODE_WORDS_H_

#include <cstdint>

#include "ling/term.h"

namespace ling::vm {

using Word = uint64_t;

inline constexpr Word kYRegisterBit = 0x4;

constexpr Word XRegisterWord(uint64_t index) {
  return index << 3;
}
constexpr Word YRegisterWord(uint64_t index) {
  return (index << 3) | kYRegisterBit;
}
constexpr bool IsRegisterWord(Word w) {
  return (w & 0x3) == 0;
}
constexpr bool IsYRegisterWord(Word w) {
  return (w & kYRegisterBit) != 0;
}
constexpr uint64_t RegisterIndex(Word w) {
  return w >> 3;
}
// A register word is also the byte offset of its register, so handlers
// reach it without shifting the index out: x(i) is at x + w, and y(i) at
// E + w + 4, the y bit taking up half of the frame header's offset.
inline Term& XRegisterAt(Term* x, Word w) {
  return *reinterpret_cast<Term*>(reinterpret_cast<char*>(x) + w);
}
inline Word& YRegisterAt(Word* E, Word w);

constexpr Word ConstantWord(Term t) {
  return t.raw();
}

// The stack: E points at the current frame; E[0] is the continuation
// (the return address, a code pointer, so its primary tag is 00 and the
// collector skips it), y(i) is E[1 + i].
inline constexpr int kFrameHeader = 1;

inline Word& YRegisterAt(Word* E, Word w) {
  static_assert(kFrameHeader * sizeof(Word) == kYRegisterBit + 4);
  return *reinterpret_cast<Word*>(reinterpret_cast<char*>(E) + w + 4);
}

// The register a register word names, x or y, without a branch: the y
// bit chooses the base (a conditional move), the word is the offset.
inline Word& RegisterAt(Word w, Word* E, Term* x) {
  char* base = IsYRegisterWord(w) ? reinterpret_cast<char*>(E) + 4 : reinterpret_cast<char*>(x);
  return *reinterpret_cast<Word*>(base + w);
}

// A call mode operand (apply, erlang:apply/2,3): a body call returns to the
// next instruction; any other value is a tail call that first drops that
// many words of the current frame (0: there is none).
inline constexpr Word kBodyCall = ~Word{0};

// A BsGetFields field word: the field's bits (0..64) in the low byte, its
// bit syntax flags (bitflag::*) above, and kSkipField for a skipped field.
inline constexpr Word kFieldBitsMask = 0xff;
inline constexpr int kFieldFlagsShift = 8;
inline constexpr Word kSkipField = Word{1} << 31;

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_CODE_WORDS_H_
