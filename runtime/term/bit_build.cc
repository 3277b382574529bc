#include "runtime/term/bit_build.h"

#include <utility>

#include "absl/container/inlined_vector.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bits.h"
#include "runtime/term/build.h"
#include "runtime/term/map.h"
#include "runtime/term/writable_binary.h"

namespace ling {
namespace {

// The largest result, in bits: bit_size/1 of it must be a small.
constexpr uint64_t kMaxBits = kSmallMax;

bool IsAppend(SegmentType type) {
  return type == SegmentType::kAppend || type == SegmentType::kPrivateAppend;
}

// The whole value, of any length: /binary with size `all`, or an append
// segment that does not come first (the compiler never makes one, but it
// means the same).
bool TakesWholeValue(const BinSegment& s) {
  return (s.type == SegmentType::kBinary && s.size == atoms::kAll) || IsAppend(s.type);
}

// The type erl names in an error's cause (JIT: appends and strings count as
// binary).
Term TypeAtom(SegmentType type) {
  switch (type) {
    case SegmentType::kInteger:
      return atoms::kInteger;
    case SegmentType::kFloat:
      return atoms::kFloat;
    case SegmentType::kUtf8:
      return atoms::kUtf8;
    case SegmentType::kUtf16:
      return atoms::kUtf16;
    case SegmentType::kUtf32:
      return atoms::kUtf32;
    case SegmentType::kBinary:
    case SegmentType::kString:
    case SegmentType::kAppend:
    case SegmentType::kPrivateAppend:
      break;
  }
  return atoms::kBinary;
}

bool Fail(BuildError* error, Term reason, const BinSegment& s, Term info, Term value) {
  *error = {reason, s.number, TypeAtom(s.type), info, value};
  return false;
}

bool HasUnit(uint64_t bits, uint32_t unit) {
  return unit <= 1 || bits % unit == 0;
}

// Size * Unit for integer, float and sized binary segments: a negative or
// non-integer size is badarg, one too large system_limit.
bool SizedBits(const BinSegment& s, uint64_t& bits, BuildError* error) {
  if (IsSmall(s.size)) {
    int64_t n = SmallValue(s.size);
    if (n < 0) return Fail(error, atoms::kBadarg, s, atoms::kSize, s.size);
    if (__builtin_mul_overflow(static_cast<uint64_t>(n), uint64_t{s.unit}, &bits) ||
        bits > kMaxBits) {
      return Fail(error, atoms::kSystemLimit, s, atoms::kSize, s.size);
    }
    return true;
  }
  bool huge = IsBignum(s.size) && !IntegerView(s.size).negative();
  return Fail(error, huge ? atoms::kSystemLimit : atoms::kBadarg, s, atoms::kSize, s.size);
}

// The first pass: the bits a (non-leading-append) segment adds, checking
// what erl checks before building anything.
bool SegmentSize(const BinSegment& s, uint64_t& bits, BuildError* error) {
  if (TakesWholeValue(s)) {
    if (!IsBitstring(s.value)) return Fail(error, atoms::kBadarg, s, atoms::kType, s.value);
    bits = BitSize(s.value);
    return true;
  }
  switch (s.type) {
    case SegmentType::kString:
      bits = 8 * uint64_t{s.string.size()};
      return true;
    case SegmentType::kUtf8: {
      // An invalid value is reported when written, after every size.
      std::optional<UtfBytes> e = EncodeUtf8(s.value);
      bits = e ? 8 * e->size : 0;
      return true;
    }
    case SegmentType::kUtf16: {
      std::optional<UtfBytes> e = EncodeUtf16(s.value, s.flags);
      bits = e ? 8 * e->size : 0;
      return true;
    }
    case SegmentType::kUtf32:
      if (!EncodeUtf32(s.value, s.flags)) {
        return Fail(error, atoms::kBadarg, s, atoms::kType, s.value);
      }
      bits = 32;
      return true;
    default:
      return SizedBits(s, bits, error);
  }
}

bool CopyUtf(const BinSegment& s, std::optional<UtfBytes> e, uint8_t* dst, uint64_t at,
             BuildError* error) {
  if (!e) return Fail(error, atoms::kBadarg, s, atoms::kType, s.value);
  CopyBits(e->bytes, 0, dst, at, 8 * uint64_t{e->size});
  return true;
}

void CopyBitstring(Term value, uint64_t bits, uint8_t* dst, uint64_t at) {
  BitsView v = BitstringBits(value);
  CopyBits(v.bytes, v.offset, dst, at, bits);
}

// The second pass: writes segment `s`, `bits` long, at bit `at` of `dst`.
bool WriteSegment(const BinSegment& s, uint64_t bits, uint8_t* dst, uint64_t at,
                  BuildError* error) {
  if (TakesWholeValue(s)) {
    if (!HasUnit(bits, s.unit)) return Fail(error, atoms::kBadarg, s, atoms::kUnit, s.value);
    CopyBitstring(s.value, bits, dst, at);
    return true;
  }
  switch (s.type) {
    case SegmentType::kInteger:
      if (!WriteInteger(s.value, bits, s.flags, dst, at)) {
        return Fail(error, atoms::kBadarg, s, atoms::kType, s.value);
      }
      return true;
    case SegmentType::kFloat:
      switch (WriteFloat(s.value, bits, s.flags, dst, at)) {
        case FloatWriteError::kNone:
          return true;
        case FloatWriteError::kInvalidSize:
          return Fail(error, atoms::kBadarg, s, atoms::kInvalid,
                      MakeSmall(static_cast<int64_t>(bits)));
        case FloatWriteError::kType:
          return Fail(error, atoms::kBadarg, s, atoms::kType, s.value);
        case FloatWriteError::kNoFloat:
          return Fail(error, atoms::kBadarg, s, atoms::kNoFloat, s.value);
      }
      return true;
    case SegmentType::kBinary:
      if (!IsBitstring(s.value)) return Fail(error, atoms::kBadarg, s, atoms::kType, s.value);
      if (BitSize(s.value) < bits) return Fail(error, atoms::kBadarg, s, atoms::kShort, s.value);
      CopyBitstring(s.value, bits, dst, at);
      return true;
    case SegmentType::kString:
      CopyBits(s.string.data(), 0, dst, at, bits);
      return true;
    case SegmentType::kUtf8:
      return CopyUtf(s, EncodeUtf8(s.value), dst, at, error);
    case SegmentType::kUtf16:
      return CopyUtf(s, EncodeUtf16(s.value, s.flags), dst, at, error);
    case SegmentType::kUtf32:
      return CopyUtf(s, EncodeUtf32(s.value, s.flags), dst, at, error);
    case SegmentType::kAppend:
    case SegmentType::kPrivateAppend:
      break;  // TakesWholeValue
  }
  return true;
}

}  // namespace

std::optional<SegmentType> SegmentTypeFromAtom(Term atom) {
  static constexpr std::pair<Term, SegmentType> kTypes[] = {
      {atoms::kInteger, SegmentType::kInteger},
      {atoms::kFloat, SegmentType::kFloat},
      {atoms::kBinary, SegmentType::kBinary},
      {atoms::kUtf8, SegmentType::kUtf8},
      {atoms::kUtf16, SegmentType::kUtf16},
      {atoms::kUtf32, SegmentType::kUtf32},
      {atoms::kString, SegmentType::kString},
      {atoms::kAppend, SegmentType::kAppend},
      {atoms::kPrivateAppend, SegmentType::kPrivateAppend},
  };
  for (auto [name, type] : kTypes) {
    if (atom == name) return type;
  }
  return std::nullopt;
}

uint32_t SegmentFlagsFromList(Term flags) {
  uint32_t bits = 0;
  for (; IsList(flags); flags = Tail(flags)) {
    Term flag = Head(flags);
    if (flag == atoms::kLittle) bits |= bitflag::kLittle;
    if (flag == atoms::kNative) bits |= bitflag::kNative;
    if (flag == atoms::kSigned) bits |= bitflag::kSigned;
  }
  return bits;
}

Term BuildBitstring(TermAllocator& heap, std::span<const BinSegment> segments, BuildError* error) {
  bool append = !segments.empty() && IsAppend(segments[0].type);
  std::span<const BinSegment> rest = append ? segments.subspan(1) : segments;

  absl::InlinedVector<uint64_t, 16> sizes(rest.size());
  uint64_t total = 0;
  for (size_t i = 0; i < rest.size(); ++i) {
    const BinSegment& s = rest[i];
    if (!SegmentSize(s, sizes[i], error)) return kNonValue;
    if (sizes[i] > kMaxBits - total) {
      Fail(error, atoms::kSystemLimit, s, atoms::kSize, IsSmall(s.size) ? s.size : s.value);
      return kNonValue;
    }
    total += sizes[i];
  }

  if (append) {
    const BinSegment& s = segments[0];
    if (!IsBitstring(s.value)) {
      Fail(error, atoms::kBadarg, s, atoms::kType, s.value);
      return kNonValue;
    }
    uint64_t bits = BitSize(s.value);
    if (!HasUnit(bits, s.unit)) {
      Fail(error, atoms::kBadarg, s, atoms::kUnit, s.value);
      return kNonValue;
    }
    if (total == 0) return s.value;  // nothing to add: erl returns the value itself
    if (bits > kMaxBits - total) {
      Fail(error, atoms::kSystemLimit, s, atoms::kSize, s.value);
      return kNonValue;
    }
  }

  NewAppend out;  // the result, and where the next segment goes
  if (append) {
    out = AllocateAppend(heap, segments[0].value, total);
  } else {
    NewBitstring bits = AllocateBitstring(heap, total);
    out = {bits.term, bits.bytes, 0};
  }
  for (size_t i = 0; i < rest.size(); ++i) {
    if (!WriteSegment(rest[i], sizes[i], out.bytes, out.at, error)) return kNonValue;
    out.at += sizes[i];
  }
  return out.term;
}

std::optional<NewAppend> StartIntegerBuild(TermAllocator& heap, Term base, uint32_t base_unit,
                                           uint64_t total_bits) {
  if (total_bits > kMaxBits) return std::nullopt;
  if (base == kNonValue) {
    NewBitstring bits = AllocateBitstring(heap, total_bits);
    return NewAppend{bits.term, bits.bytes, 0};
  }
  if (!IsBitstring(base)) return std::nullopt;
  uint64_t bits = BitSize(base);
  if (!HasUnit(bits, base_unit) || bits > kMaxBits - total_bits) return std::nullopt;
  if (total_bits == 0) return NewAppend{base, nullptr, 0};  // erl returns the value itself
  return AllocateAppend(heap, base, total_bits);
}

Term MakeBuildErrorInfo(TermAllocator& heap, const BuildError& error) {
  Term cause = MakeTuple(heap, {MakeSmall(error.segment), error.type, error.info, error.value});
  std::pair<Term, Term> entries[] = {
      {atoms::kCause, cause},
      {atoms::kFunction, atoms::kFormatBsFail},
      {atoms::kModule, atoms::kErlErtsErrors},
  };
  return MakeMap(heap, entries);
}

}  // namespace ling
