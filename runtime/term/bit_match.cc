#include "runtime/term/bit_match.h"

#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bits.h"
#include "runtime/term/build.h"

namespace ling {
namespace {

// Context words (see bit_match.h).
constexpr size_t kOriginal = 1;
constexpr size_t kPosition = 2;
constexpr size_t kEnd = 3;

// A context's words, read and moved in place.
class Cursor {
 public:
  explicit Cursor(Term ctx) : p_(BoxedPointer(ctx)) {}

  Term original() const { return Term::FromRaw(p_[kOriginal]); }
  const uint8_t* bytes() const { return OriginalBytes(BoxedPointer(original())); }
  uint64_t position() const { return p_[kPosition]; }
  uint64_t end() const { return p_[kEnd]; }
  uint64_t remaining() const { return p_[kEnd] - p_[kPosition]; }
  void Advance(uint64_t bits) { p_[kPosition] += bits; }
  void MoveTo(uint64_t position) { p_[kPosition] = position; }

 private:
  uint64_t* p_;
};

bool RestHasUnit(const Cursor& c, uint32_t unit) {
  return unit <= 1 || c.remaining() % unit == 0;
}

// The code point a read found, past it; kNonValue when there is none.
Term TakeCodePoint(Cursor& c, std::optional<CodePoint> found) {
  if (!found) return kNonValue;
  c.Advance(found->bits);
  return MakeSmall(found->value);
}

}  // namespace

Term StartMatch(TermAllocator& heap, Term subject) {
  if (IsMatchContext(subject)) return subject;
  if (!IsBitstring(subject)) return kNonValue;
  BitsView bits = BitstringBits(subject);
  uint64_t* p = heap.Allocate(kMatchContextWords);
  p[0] = MakeHeader(tag::Subtag::kMatchContext, kMatchContextWords - 1);
  p[kOriginal] = BitstringOriginal(subject).raw();
  p[kPosition] = bits.offset;
  p[kEnd] = bits.offset + bits.size;
  return MakeBoxed(p);
}

std::optional<uint64_t> SegmentBits(Term size, uint32_t unit) {
  if (!IsSmall(size) || SmallValue(size) < 0) return std::nullopt;  // bignums: more than any binary
  uint64_t bits;
  if (__builtin_mul_overflow(static_cast<uint64_t>(SmallValue(size)), uint64_t{unit}, &bits)) {
    return std::nullopt;
  }
  return bits;
}

uint64_t MatchRemaining(Term ctx) {
  return Cursor(ctx).remaining();
}

Term MatchInteger(TermAllocator& heap, Term ctx, uint64_t bits, uint32_t flags) {
  Cursor c(ctx);
  if (bits > c.remaining()) return kNonValue;
  Term value = ReadInteger(heap, c.bytes(), c.position(), bits, flags);
  if (!IsNonValue(value)) c.Advance(bits);
  return value;
}

// Flattened: the commonest match of all, its read inlined whole.
[[gnu::flatten]] std::optional<uint64_t> MatchWord(Term ctx, unsigned bits) {
  Cursor c(ctx);
  if (bits > c.remaining()) return std::nullopt;
  uint64_t word = ReadBits(c.bytes(), c.position(), bits);
  c.Advance(bits);
  return word;
}

Term MatchFloat(TermAllocator& heap, Term ctx, uint64_t bits, uint32_t flags) {
  Cursor c(ctx);
  if (bits > c.remaining()) return kNonValue;
  std::optional<double> value = ReadFloat(c.bytes(), c.position(), bits, flags);
  if (!value) return kNonValue;
  c.Advance(bits);
  return *MakeFloat(heap, *value);  // finite: ReadFloat refuses the rest
}

Term MatchBitstring(TermAllocator& heap, Term ctx, uint64_t bits) {
  Cursor c(ctx);
  if (bits > c.remaining()) return kNonValue;
  Term slice = SliceOriginal(heap, c.original(), c.position(), bits);
  c.Advance(bits);
  return slice;
}

Term MatchRest(TermAllocator& heap, Term ctx, uint32_t unit) {
  Cursor c(ctx);
  if (!RestHasUnit(c, unit)) return kNonValue;
  return MatchBitstring(heap, ctx, c.remaining());
}

Term MatchTail(TermAllocator& heap, Term ctx) {
  Cursor c(ctx);
  return SliceOriginal(heap, c.original(), c.position(), c.remaining());
}

bool SkipBits(Term ctx, uint64_t bits) {
  Cursor c(ctx);
  if (bits > c.remaining()) return false;
  c.Advance(bits);
  return true;
}

bool SkipRest(Term ctx, uint32_t unit) {
  Cursor c(ctx);
  if (!RestHasUnit(c, unit)) return false;
  c.MoveTo(c.end());
  return true;
}

bool TestTail(Term ctx, uint64_t bits) {
  return Cursor(ctx).remaining() == bits;
}

bool TestUnit(Term ctx, uint32_t unit) {
  return RestHasUnit(Cursor(ctx), unit);
}

bool MatchString(Term ctx, std::span<const uint8_t> bytes, uint64_t bits) {
  Cursor c(ctx);
  if (bits > c.remaining()) return false;
  if (CompareBits(c.bytes(), c.position(), bytes.data(), 0, bits) != 0) return false;
  c.Advance(bits);
  return true;
}

Term GetMatchPosition(Term ctx) {
  return MakeSmall(static_cast<int64_t>(Cursor(ctx).position()));
}

bool SetMatchPosition(Term ctx, Term position) {
  Cursor c(ctx);
  if (!IsSmall(position) || SmallValue(position) < 0 ||
      static_cast<uint64_t>(SmallValue(position)) > c.end()) {
    return false;
  }
  c.MoveTo(static_cast<uint64_t>(SmallValue(position)));
  return true;
}

Term MatchUtf8(Term ctx) {
  Cursor c(ctx);
  return TakeCodePoint(c, ReadUtf8(c.bytes(), c.position(), c.remaining()));
}

Term MatchUtf16(Term ctx, uint32_t flags) {
  Cursor c(ctx);
  return TakeCodePoint(c, ReadUtf16(c.bytes(), c.position(), c.remaining(), flags));
}

Term MatchUtf32(Term ctx, uint32_t flags) {
  Cursor c(ctx);
  return TakeCodePoint(c, ReadUtf32(c.bytes(), c.position(), c.remaining(), flags));
}

bool SkipUtf8(Term ctx) {
  return !IsNonValue(MatchUtf8(ctx));
}

bool SkipUtf16(Term ctx, uint32_t flags) {
  return !IsNonValue(MatchUtf16(ctx, flags));
}

bool SkipUtf32(Term ctx, uint32_t flags) {
  return !IsNonValue(MatchUtf32(ctx, flags));
}

}  // namespace ling
