// Conversions between terms and text or bytes: atoms, integers and floats to
// and from lists and binaries, tuples and lists, binaries and lists,
// iolists, the external term format, and string:list_to_integer/1 and
// string:list_to_float/1 (which parse a prefix).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bits.h"
#include "runtime/term/build.h"
#include "runtime/term/external.h"
#include "runtime/term/format.h"
#include "runtime/term/fun.h"
#include "zlib.h"

namespace ling::vm {
namespace {

// ---- atoms --------------------------------------------------------------------------

// The characters of an atom's name (UTF-8 text).
std::u32string AtomChars(Term atom) {
  std::string_view name = AtomName(atom);
  if (auto chars = DecodeUtf8(Bytes(name))) return *chars;
  return std::u32string(name.begin(), name.end());  // not UTF-8: Latin-1
}

// An atom of `chars`, created if `create`: badarg if it does not exist (and
// may not be created), system_limit for more than 255 characters.
Term CharsToAtom(BifContext& ctx, std::u32string_view chars, bool create) {
  if (chars.size() > kMaxAtomLength) return ctx.Fail(atoms::kSystemLimit);
  std::string name;
  for (char32_t c : chars)
    AppendUtf8(name, c);
  if (!create) {
    std::optional<Term> atom = FindAtom(name);
    return atom ? *atom : ctx.Fail(atoms::kBadarg);
  }
  // The table takes 255 bytes: longer names of fewer characters do not fit.
  absl::StatusOr<Term> atom = TryInternAtom(name);
  return atom.ok() ? *atom : ctx.Fail(atoms::kSystemLimit);
}

Term BifAtomToList(BifContext& ctx, const Term* args) {
  if (!IsAtom(args[0])) return ctx.Fail(atoms::kBadarg);
  return MakeCharList(ctx.memory, AtomChars(args[0]));
}

Term AtomToBinary(BifContext& ctx, Term atom, Term encoding) {
  std::optional<bool> latin1 = IsLatin1Encoding(encoding);
  if (!IsAtom(atom) || !latin1) return ctx.Fail(atoms::kBadarg);
  if (!*latin1) return MakeBinary(ctx.memory, AtomName(atom));
  std::string bytes;
  for (char32_t c : AtomChars(atom)) {
    if (c > 0xff) return ctx.Fail(atoms::kBadarg);
    bytes += static_cast<char>(c);
  }
  return MakeBinary(ctx.memory, bytes);
}
Term BifAtomToBinary1(BifContext& ctx, const Term* args) {
  return AtomToBinary(ctx, args[0], atoms::kUtf8);
}
Term BifAtomToBinary2(BifContext& ctx, const Term* args) {
  return AtomToBinary(ctx, args[0], args[1]);
}

Term BinaryToAtom(BifContext& ctx, Term binary, Term encoding, bool create) {
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(binary, scratch);
  std::optional<bool> latin1 = IsLatin1Encoding(encoding);
  if (!bytes || !latin1) return ctx.Fail(atoms::kBadarg);
  if (*latin1) return CharsToAtom(ctx, std::u32string(bytes->begin(), bytes->end()), create);
  std::optional<std::u32string> chars = DecodeUtf8(*bytes);
  if (!chars) return ctx.Fail(atoms::kBadarg);
  return CharsToAtom(ctx, *chars, create);
}
Term BifBinaryToAtom1(BifContext& ctx, const Term* args) {
  return BinaryToAtom(ctx, args[0], atoms::kUtf8, true);
}
Term BifBinaryToAtom2(BifContext& ctx, const Term* args) {
  return BinaryToAtom(ctx, args[0], args[1], true);
}
Term BifBinaryToExistingAtom1(BifContext& ctx, const Term* args) {
  return BinaryToAtom(ctx, args[0], atoms::kUtf8, false);
}
Term BifBinaryToExistingAtom2(BifContext& ctx, const Term* args) {
  return BinaryToAtom(ctx, args[0], args[1], false);
}

Term ListToAtom(BifContext& ctx, Term list, bool create) {
  std::optional<std::u32string> chars = CharList(list, kMaxCodePoint);
  if (!chars) return ctx.Fail(atoms::kBadarg);
  for (char32_t c : *chars) {
    if (!IsCodePoint(c)) return ctx.Fail(atoms::kBadarg);
  }
  return CharsToAtom(ctx, *chars, create);
}
Term BifListToAtom(BifContext& ctx, const Term* args) {
  return ListToAtom(ctx, args[0], true);
}
Term BifListToExistingAtom(BifContext& ctx, const Term* args) {
  return ListToAtom(ctx, args[0], false);
}

// ---- integers -----------------------------------------------------------------------

// A base argument: 2..36.
std::optional<int> Base(Term base) {
  if (!IsSmall(base) || SmallValue(base) < 2 || SmallValue(base) > 36) return std::nullopt;
  return static_cast<int>(SmallValue(base));
}

// The integer's digits, or nullopt (badarg) for a non-integer or a bad base.
std::optional<std::string> IntegerText(Term integer, Term base) {
  std::optional<int> b = Base(base);
  if (!IsInteger(integer) || !b) return std::nullopt;
  absl::StatusOr<std::string> text = IntegerToText(integer, *b);
  if (!text.ok()) return std::nullopt;
  return *text;
}

// Text as a string or a binary; no text is badarg.
Term TextAs(BifContext& ctx, const std::optional<std::string>& text, bool binary) {
  if (!text) return ctx.Fail(atoms::kBadarg);
  return binary ? MakeBinary(ctx.memory, *text) : MakeString(ctx.memory, *text);
}

Term IntegerToList(BifContext& ctx, Term integer, Term base) {
  return TextAs(ctx, IntegerText(integer, base), false);
}
Term IntegerToBinary(BifContext& ctx, Term integer, Term base) {
  return TextAs(ctx, IntegerText(integer, base), true);
}
Term BifIntegerToList1(BifContext& ctx, const Term* args) {
  return IntegerToList(ctx, args[0], MakeSmall(10));
}
Term BifIntegerToList2(BifContext& ctx, const Term* args) {
  return IntegerToList(ctx, args[0], args[1]);
}
Term BifIntegerToBinary1(BifContext& ctx, const Term* args) {
  return IntegerToBinary(ctx, args[0], MakeSmall(10));
}
Term BifIntegerToBinary2(BifContext& ctx, const Term* args) {
  return IntegerToBinary(ctx, args[0], args[1]);
}

// The bytes of a list of characters 0..255, or nullopt.
std::optional<std::string> ByteList(Term list) {
  std::optional<std::u32string> chars = CharList(list, 0xff);
  if (!chars) return std::nullopt;
  return std::string(chars->begin(), chars->end());
}

Term TextToInteger(BifContext& ctx, const std::optional<std::string>& text, Term base) {
  std::optional<int> b = Base(base);
  if (!text || !b) return ctx.Fail(atoms::kBadarg);
  return ArgResult(ctx, IntegerFromText(ctx.memory, *text, *b));
}
std::optional<std::string> BinaryText(Term binary) {
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(binary, scratch);
  if (!bytes) return std::nullopt;
  return std::string(bytes->begin(), bytes->end());
}
Term BifListToInteger1(BifContext& ctx, const Term* args) {
  return TextToInteger(ctx, ByteList(args[0]), MakeSmall(10));
}
Term BifListToInteger2(BifContext& ctx, const Term* args) {
  return TextToInteger(ctx, ByteList(args[0]), args[1]);
}
Term BifBinaryToInteger1(BifContext& ctx, const Term* args) {
  return TextToInteger(ctx, BinaryText(args[0]), MakeSmall(10));
}
Term BifBinaryToInteger2(BifContext& ctx, const Term* args) {
  return TextToInteger(ctx, BinaryText(args[0]), args[1]);
}

// string:list_to_integer/1: the decimal integer a list starts with and the
// rest, {error, no_integer} or {error, not_a_list}.
Term BifStringListToInteger(BifContext& ctx, const Term* args) {
  const BifAtoms& a = Atoms();
  Term list = args[0];
  auto error = [&](Term reason) { return MakeTuple(ctx.memory, {atoms::kError, reason}); };
  if (IsNil(list)) return error(a.kNoInteger);
  if (!IsList(list)) return error(a.kNotAList);
  std::string text;
  if (Head(list) == MakeSmall('-') || Head(list) == MakeSmall('+')) {
    text += static_cast<char>(SmallValue(Head(list)));
    list = Tail(list);
    if (!IsList(list)) return error(a.kNoInteger);
  }
  for (; IsList(list); list = Tail(list)) {
    Term c = Head(list);
    if (!IsSmall(c) || SmallValue(c) < '0' || SmallValue(c) > '9') break;
    text += static_cast<char>(SmallValue(c));
  }
  if (text.empty() || text == "-" || text == "+") return error(a.kNoInteger);
  absl::StatusOr<Term> value = IntegerFromText(ctx.memory, text, 10);
  if (!value.ok()) return ArgResult(ctx, value);
  return MakeTuple(ctx.memory, {*value, list});
}

// ---- floats -------------------------------------------------------------------------

// BEAM's largest float text (its buffer's size, terminator included).
constexpr int kFloatBuffer = 256;

// {decimals, N} as BEAM writes it (sys_double_to_chars_fast): halves round
// away from zero, `compact` drops trailing zeros but keeps one decimal.
std::optional<std::string> FixedFloat(double f, int decimals, bool compact) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8, 1e9,
                                      1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
  constexpr int kMaxDecimals = sizeof kPow10 / sizeof kPow10[0];
  constexpr double kMaxFloat = 9007199254740992.0;  // 2^53
  if (decimals < 0) return std::nullopt;
  // BEAM's find_first_trailing_zero: keeps one zero after the point.
  auto drop_zeros = [&](std::string s) {
    while (s.size() > 1 && s.back() == '0')
      s.pop_back();
    if (s.back() == '.') s += '0';
    return s;
  };
  bool negative = std::signbit(f);
  double af = std::fabs(f);
  if (af > kMaxFloat || decimals >= kMaxDecimals) {
    char buf[kFloatBuffer];
    int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, f);
    if (n >= kFloatBuffer) return std::nullopt;
    // As BEAM, even without decimals: float_to_list(1.0e20, [{decimals, 0},
    // compact]) is "1".
    return compact ? drop_zeros(buf) : std::string(buf);
  }
  uint64_t int_part;
  std::string frac;
  if (decimals > 0) {
    double int_f = std::floor(af);
    double frac_f = std::round((af - int_f) * kPow10[decimals]);
    int_part = static_cast<uint64_t>(int_f);
    uint64_t frac_part = static_cast<uint64_t>(frac_f);
    if (frac_f >= kPow10[decimals]) {  // rounding carried into the integer part
      ++int_part;
      frac_part = 0;
    }
    frac = std::to_string(frac_part);
    frac.insert(0, static_cast<size_t>(decimals) - frac.size(), '0');
  } else {
    int_part = static_cast<uint64_t>(std::llround(af));
  }
  std::string s = (negative ? "-" : "") + std::to_string(int_part);
  if (decimals > 0) s += "." + frac;
  return compact && decimals > 0 ? drop_zeros(s) : s;
}

// float_to_list/2's text: the options [{decimals, N}], [{scientific, N}],
// [short] and compact, the last format option winning; the default is
// {scientific, 20}.
std::optional<std::string> FloatText(Term f, Term options) {
  enum { kScientific, kFixed, kShort } format = kScientific;
  int64_t decimals = 20;
  bool compact = false;
  const BifAtoms& a = Atoms();
  if (!IsFloat(f)) return std::nullopt;
  for (; IsList(options); options = Tail(options)) {
    Term o = Head(options);
    if (o == a.kCompact) {
      compact = true;
    } else if (o == atoms::kShort) {
      format = kShort;
    } else if (IsTuple(o) && TupleArity(o) == 2 && IsSmall(TupleElement(o, 1)) &&
               (TupleElement(o, 0) == a.kDecimals || TupleElement(o, 0) == a.kScientific)) {
      format = TupleElement(o, 0) == a.kDecimals ? kFixed : kScientific;
      decimals = SmallValue(TupleElement(o, 1));
    } else {
      return std::nullopt;
    }
  }
  if (!IsNil(options)) return std::nullopt;
  double value = FloatValue(f);
  switch (format) {
    case kShort:
      return FormatFloat(value);
    case kFixed:
      if (decimals > kFloatBuffer) return std::nullopt;
      return FixedFloat(value, static_cast<int>(decimals), compact);
    case kScientific: {
      // BEAM passes the count to printf as an int: a negative one means
      // printf's default precision, 6.
      char buf[kFloatBuffer];
      int precision =
          decimals < 0 ? 6 : static_cast<int>(std::min<int64_t>(decimals, kFloatBuffer));
      int n = std::snprintf(buf, sizeof buf, "%.*e", precision, value);
      if (n >= kFloatBuffer) return std::nullopt;
      return std::string(buf, static_cast<size_t>(n));
    }
  }
  return std::nullopt;
}

Term FloatToList(BifContext& ctx, Term f, Term options) {
  return TextAs(ctx, FloatText(f, options), false);
}
Term FloatToBinary(BifContext& ctx, Term f, Term options) {
  return TextAs(ctx, FloatText(f, options), true);
}
Term BifFloatToList1(BifContext& ctx, const Term* args) {
  return FloatToList(ctx, args[0], kNil);
}
Term BifFloatToList2(BifContext& ctx, const Term* args) {
  return FloatToList(ctx, args[0], args[1]);
}
Term BifFloatToBinary1(BifContext& ctx, const Term* args) {
  return FloatToBinary(ctx, args[0], kNil);
}
Term BifFloatToBinary2(BifContext& ctx, const Term* args) {
  return FloatToBinary(ctx, args[0], args[1]);
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// The length of the longest prefix of `text` in list_to_float/1's syntax
// (BEAM's sys_chars_to_double): an optional sign, digits, '.' or ',',
// digits, and an optional exponent (an 'e' without one is not part of it);
// 0 when there is none.
size_t FloatPrefix(std::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && IsDigit(text[i]))
      ++i;
    return i > start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  if (!digits() || i == text.size() || (text[i] != '.' && text[i] != ',')) return 0;
  ++i;
  if (!digits()) return 0;
  size_t end = i;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits()) end = i;
  }
  return end;
}

// list_to_float/1: the whole text (up to the first NUL) in that syntax, as
// a double; nullopt for anything else and for values past the doubles.
std::optional<double> ParseFloat(std::string text) {
  text = text.substr(0, text.find('\0'));
  if (text.empty() || FloatPrefix(text) != text.size()) return std::nullopt;
  text[text.find_first_of(".,")] = '.';
  double d = std::strtod(text.c_str(), nullptr);  // underflow gives 0.0, as BEAM
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}

Term TextToFloat(BifContext& ctx, const std::optional<std::string>& text) {
  std::optional<double> d = text ? ParseFloat(*text) : std::nullopt;
  return d ? ctx.Result(MakeFloat(ctx.memory, *d)) : ctx.Fail(atoms::kBadarg);
}
Term BifListToFloat(BifContext& ctx, const Term* args) {
  return TextToFloat(ctx, ByteList(args[0]));
}
Term BifBinaryToFloat(BifContext& ctx, const Term* args) {
  return TextToFloat(ctx, BinaryText(args[0]));
}

// string:list_to_float/1: the float a list starts with and the rest, or
// {error, no_float} / {error, not_a_list}. The longest prefix of the form
// [+-]Digits(.|,)Digits[(e|E)[+-]Digits] (an 'e' not followed by an
// exponent is left in the rest).
Term BifStringListToFloat(BifContext& ctx, const Term* args) {
  const BifAtoms& a = Atoms();
  auto error = [&](Term reason) { return MakeTuple(ctx.memory, {atoms::kError, reason}); };
  Term list = args[0];
  if (IsNil(list)) return error(atoms::kNoFloat);
  if (!IsList(list)) return error(a.kNotAList);
  // The characters up to the first that is not a small, and the tail after
  // each of them.
  std::string text;
  std::vector<Term> after;
  for (Term l = list;
       IsList(l) && IsSmall(Head(l)) && SmallValue(Head(l)) >= 0 && SmallValue(Head(l)) < 0x80;
       l = Tail(l)) {
    text += static_cast<char>(SmallValue(Head(l)));
    after.push_back(Tail(l));
  }
  size_t end = FloatPrefix(text);
  if (end == 0) return error(atoms::kNoFloat);
  std::optional<double> d = ParseFloat(text.substr(0, end));
  if (!d) return error(atoms::kNoFloat);
  absl::StatusOr<Term> f = MakeFloat(ctx.memory, *d);
  if (!f.ok()) return error(atoms::kNoFloat);
  return MakeTuple(ctx.memory, {*f, after[end - 1]});
}

// ---- tuples, lists and binaries -------------------------------------------------------

Term BifTupleToList(BifContext& ctx, const Term* args) {
  Term t = args[0];
  if (!IsTuple(t)) return ctx.Fail(atoms::kBadarg);
  std::vector<Term> elements(TupleArity(t));
  for (size_t i = 0; i < elements.size(); ++i)
    elements[i] = TupleElement(t, i);
  return MakeList(ctx.memory, elements);
}

Term BifListToTuple(BifContext& ctx, const Term* args) {
  std::vector<Term> elements;
  Term l = args[0];
  for (; IsList(l); l = Tail(l)) {
    if (static_cast<int64_t>(elements.size()) == kMaxTupleSize) return ctx.Fail(atoms::kBadarg);
    elements.push_back(Head(l));
  }
  if (!IsNil(l)) return ctx.Fail(atoms::kBadarg);
  return MakeTuple(ctx.memory, elements);
}

Term BifBinaryToList1(BifContext& ctx, const Term* args) {
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(args[0], scratch);
  return bytes ? MakeString(ctx.memory, Chars(*bytes)) : ctx.Fail(atoms::kBadarg);
}

// bitstring_to_list/1: the whole bytes, then a bitstring of the bits left
// over as the last element, if any.
Term BifBitstringToList(BifContext& ctx, const Term* args) {
  Term t = args[0];
  if (!IsBitstring(t)) return ctx.Fail(atoms::kBadarg);
  std::vector<uint8_t> scratch;
  std::span<const uint8_t> bytes = BitstringBytes(t, scratch);
  uint64_t bits = BitSize(t), whole = bits / 8;
  Term tail = kNil;
  if (bits % 8 != 0) {
    tail = MakeCons(ctx.memory, MakeSubBitstring(ctx.memory, t, whole * 8, bits % 8), kNil);
  }
  return MakeCharList(ctx.memory, std::u32string(bytes.begin(), bytes.begin() + whole), tail);
}

// binary_to_list(Bitstring, Start, Stop): whole bytes Start..Stop, counted
// from 1.
Term BifBinaryToList3(BifContext& ctx, const Term* args) {
  Term t = args[0], start = args[1], stop = args[2];
  if (!IsBitstring(t) || !IsSmall(start) || !IsSmall(stop)) return ctx.Fail(atoms::kBadarg);
  int64_t first = SmallValue(start), last = SmallValue(stop);
  if (first < 1 || first > last || static_cast<uint64_t>(last) > BitSize(t) / 8) {
    return ctx.Fail(atoms::kBadarg);
  }
  std::vector<uint8_t> scratch;
  return MakeString(ctx.memory,
                    Chars(BitstringBytes(t, scratch).subspan(first - 1, last - first + 1)));
}

Term BifListToBinary(BifContext& ctx, const Term* args) {
  std::string bytes;
  if (!IsList(args[0]) && !IsNil(args[0])) return ctx.Fail(atoms::kBadarg);
  if (!AppendIolist(args[0], bytes)) return ctx.Fail(atoms::kBadarg);
  return MakeBinary(ctx.memory, bytes);
}

// list_to_bitstring/1: the bits of the bytes and bitstrings, in order.
Term BifListToBitstring(BifContext& ctx, const Term* args) {
  if (!IsList(args[0]) && !IsNil(args[0])) return ctx.Fail(atoms::kBadarg);
  std::vector<uint8_t> bits;  // room for the bits so far, bit_count of them
  uint64_t bit_count = 0;
  auto append = [&](const uint8_t* src, uint64_t offset, uint64_t n) {
    bits.resize((bit_count + n + 7) / 8);
    CopyBits(src, offset, bits.data(), bit_count, n);
    bit_count += n;
  };
  bool ok = WalkIolist(
      args[0], [&](uint8_t b) { append(&b, 0, 8); },
      [&](Term t) {
        BitsView v = BitstringBits(t);
        append(v.bytes, v.offset, v.size);
        return true;
      });
  if (!ok) return ctx.Fail(atoms::kBadarg);
  NewBitstring out = AllocateBitstring(ctx.memory, bit_count);
  if (!bits.empty()) CopyBits(bits.data(), 0, out.bytes, 0, bit_count);
  return out.term;
}

Term BifIolistToBinary(BifContext& ctx, const Term* args) {
  if (IsBinary(args[0])) return args[0];
  return BifListToBinary(ctx, args);
}

Term BifIolistSize(BifContext& ctx, const Term* args) {
  uint64_t size = 0;
  bool ok = WalkIolist(
      args[0], [&](uint8_t) { ++size; },
      [&](Term t) {
        size += ByteSize(t);
        return IsBinary(t);
      });
  if (!ok) return ctx.Fail(atoms::kBadarg);
  return MakeInteger(ctx.memory, static_cast<int64_t>(size));
}

// pid_to_list/1 and the like: the text ~w writes.
template <bool (*kIs)(Term)>
Term ToListBif(BifContext& ctx, const Term* args) {
  if (!kIs(args[0])) return ctx.Fail(atoms::kBadarg);
  std::string text = ToString(args[0]);
  std::optional<std::u32string> chars = DecodeUtf8(Bytes(text));
  return chars ? MakeCharList(ctx.memory, *chars) : MakeString(ctx.memory, text);
}

// ---- the external term format -----------------------------------------------------

// term_to_binary/2's options: compressed, {compressed, 0..9},
// {minor_version, 0..2} (the last one given wins), deterministic.
// external_size/2 takes only {minor_version, 0 | 1}, and there a 0 stays
// even if a 1 follows (erl 25.2.3 does both).
struct EncodeOptions {
  int level = 0;  // zlib's; 0: not compressed
  int minor_version = kDefaultMinorVersion;
  bool deterministic = false;
};
enum class EncodeBif { kTermToBinary, kExternalSize };
std::optional<EncodeOptions> ParseEncodeOptions(Term options, EncodeBif bif) {
  const BifAtoms& a = Atoms();
  const bool all = bif == EncodeBif::kTermToBinary;
  EncodeOptions result;
  for (; IsList(options); options = Tail(options)) {
    Term o = Head(options);
    if (all && o == a.kCompressed) {
      result.level = Z_DEFAULT_COMPRESSION;
    } else if (all && o == a.kDeterministic) {
      result.deterministic = true;
    } else if (IsTuple(o) && TupleArity(o) == 2 && IsSmall(TupleElement(o, 1))) {
      int64_t v = SmallValue(TupleElement(o, 1));
      if (TupleElement(o, 0) == a.kMinorVersion) {
        if (v < 0 || v > (all ? kMaxMinorVersion : 1)) return std::nullopt;
        if (all || v == 0) result.minor_version = static_cast<int>(v);
        continue;
      }
      if (!all || TupleElement(o, 0) != a.kCompressed || v < 0 || v > 9) return std::nullopt;
      result.level = static_cast<int>(v);
    } else {
      return std::nullopt;
    }
  }
  if (!IsNil(options)) return std::nullopt;
  return result;
}

// The encoding, compressed as BEAM does when that makes it smaller:
// 131, 80, the uncompressed size (32 bits, big-endian, without the version
// byte), then the zlib stream of what followed the version byte.
std::vector<uint8_t> Encode(Term t, const EncodeOptions& options) {
  std::vector<uint8_t> plain = EncodeExternal(t, options.minor_version, options.deterministic);
  if (options.level == 0 || plain.size() < 6) return plain;
  std::vector<uint8_t> packed(plain.size());
  uLongf packed_size = plain.size() - 6;
  if (compress2(packed.data() + 6, &packed_size, plain.data() + 1, plain.size() - 1,
                options.level) != Z_OK) {
    return plain;  // no smaller
  }
  uint32_t size = static_cast<uint32_t>(plain.size() - 1);
  packed[0] = ext::kVersion;
  packed[1] = ext::kCompressed;
  for (int i = 0; i < 4; ++i)
    packed[2 + i] = static_cast<uint8_t>(size >> (24 - 8 * i));
  packed.resize(6 + packed_size);
  return packed;
}

Term TermToBinary(BifContext& ctx, Term t, Term options) {
  std::optional<EncodeOptions> o = ParseEncodeOptions(options, EncodeBif::kTermToBinary);
  if (!o) return ctx.Fail(atoms::kBadarg);
  return MakeBinary(ctx.memory, Encode(t, *o));
}
Term BifTermToBinary1(BifContext& ctx, const Term* args) {
  return TermToBinary(ctx, args[0], kNil);
}
Term BifTermToBinary2(BifContext& ctx, const Term* args) {
  return TermToBinary(ctx, args[0], args[1]);
}

// term_to_iovec/1,2: term_to_binary's bytes as an iovec (a list of
// binaries), here one binary: BEAM refers to large binaries apart to save
// copying them, which changes no byte.
Term TermToIovec(BifContext& ctx, Term t, Term options) {
  Term bytes = TermToBinary(ctx, t, options);
  return bytes == kNonValue ? bytes : MakeCons(ctx.memory, bytes, kNil);
}
Term BifTermToIovec1(BifContext& ctx, const Term* args) {
  return TermToIovec(ctx, args[0], kNil);
}
Term BifTermToIovec2(BifContext& ctx, const Term* args) {
  return TermToIovec(ctx, args[0], args[1]);
}

Term ExternalSize(BifContext& ctx, Term t, Term options) {
  std::optional<EncodeOptions> o = ParseEncodeOptions(options, EncodeBif::kExternalSize);
  if (!o) return ctx.Fail(atoms::kBadarg);
  return MakeInteger(ctx.memory, static_cast<int64_t>(Encode(t, *o).size()));
}
Term BifExternalSize1(BifContext& ctx, const Term* args) {
  return ExternalSize(ctx, args[0], kNil);
}
Term BifExternalSize2(BifContext& ctx, const Term* args) {
  return ExternalSize(ctx, args[0], args[1]);
}

// binary_to_term/2's options: safe, and used ({Term, BytesUsed}).
Term BinaryToTerm(BifContext& ctx, Term binary, Term options) {
  const BifAtoms& a = Atoms();
  DecodeOptions decode;
  bool used = false;
  for (; IsList(options); options = Tail(options)) {
    if (Head(options) == a.kSafe) {
      decode.safe = true;
    } else if (Head(options) == a.kUsed) {
      used = true;
    } else {
      return ctx.Fail(atoms::kBadarg);
    }
  }
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(binary, scratch);
  if (!IsNil(options) || !bytes) return ctx.Fail(atoms::kBadarg);
  absl::StatusOr<Decoded> decoded = DecodeExternal(ctx.memory, *bytes, decode);
  if (!decoded.ok()) {
    return ctx.Fail(decoded.status().code() == absl::StatusCode::kResourceExhausted
                        ? atoms::kSystemLimit
                        : atoms::kBadarg);
  }
  if (!used) return decoded->term;
  return MakeTuple(ctx.memory,
                   {decoded->term, MakeInteger(ctx.memory, static_cast<int64_t>(decoded->used))});
}
Term BifBinaryToTerm1(BifContext& ctx, const Term* args) {
  return BinaryToTerm(ctx, args[0], kNil);
}
Term BifBinaryToTerm2(BifContext& ctx, const Term* args) {
  return BinaryToTerm(ctx, args[0], args[1]);
}

constexpr BifEntry kConvertBifs[] = {
    {"erlang", "atom_to_list", 1, BifAtomToList},
    {"erlang", "atom_to_binary", 1, BifAtomToBinary1},
    {"erlang", "atom_to_binary", 2, BifAtomToBinary2},
    {"erlang", "binary_to_atom", 1, BifBinaryToAtom1},
    {"erlang", "binary_to_atom", 2, BifBinaryToAtom2},
    {"erlang", "binary_to_existing_atom", 1, BifBinaryToExistingAtom1},
    {"erlang", "binary_to_existing_atom", 2, BifBinaryToExistingAtom2},
    {"erlang", "list_to_atom", 1, BifListToAtom},
    {"erlang", "list_to_existing_atom", 1, BifListToExistingAtom},
    {"erlang", "integer_to_list", 1, BifIntegerToList1},
    {"erlang", "integer_to_list", 2, BifIntegerToList2},
    {"erlang", "integer_to_binary", 1, BifIntegerToBinary1},
    {"erlang", "integer_to_binary", 2, BifIntegerToBinary2},
    {"erlang", "list_to_integer", 1, BifListToInteger1},
    {"erlang", "list_to_integer", 2, BifListToInteger2},
    {"erlang", "binary_to_integer", 1, BifBinaryToInteger1},
    {"erlang", "binary_to_integer", 2, BifBinaryToInteger2},
    {"string", "list_to_integer", 1, BifStringListToInteger},
    {"erlang", "float_to_list", 1, BifFloatToList1},
    {"erlang", "float_to_list", 2, BifFloatToList2},
    {"erlang", "float_to_binary", 1, BifFloatToBinary1},
    {"erlang", "float_to_binary", 2, BifFloatToBinary2},
    {"erlang", "list_to_float", 1, BifListToFloat},
    {"erlang", "binary_to_float", 1, BifBinaryToFloat},
    {"string", "list_to_float", 1, BifStringListToFloat},
    {"erlang", "tuple_to_list", 1, BifTupleToList},
    {"erlang", "list_to_tuple", 1, BifListToTuple},
    {"erlang", "binary_to_list", 1, BifBinaryToList1},
    {"erlang", "binary_to_list", 3, BifBinaryToList3},
    {"erlang", "bitstring_to_list", 1, BifBitstringToList},
    {"erlang", "list_to_binary", 1, BifListToBinary},
    {"erlang", "list_to_bitstring", 1, BifListToBitstring},
    {"erlang", "iolist_to_binary", 1, BifIolistToBinary},
    {"erlang", "iolist_size", 1, BifIolistSize},
    {"erlang", "pid_to_list", 1, ToListBif<IsPid>},
    {"erlang", "port_to_list", 1, ToListBif<IsPort>},
    {"erlang", "ref_to_list", 1, ToListBif<IsReference>},
    {"erlang", "fun_to_list", 1, ToListBif<IsFun>},
    {"erlang", "term_to_binary", 1, BifTermToBinary1},
    {"erlang", "term_to_binary", 2, BifTermToBinary2},
    {"erlang", "term_to_iovec", 1, BifTermToIovec1},
    {"erlang", "term_to_iovec", 2, BifTermToIovec2},
    {"erlang", "external_size", 1, BifExternalSize1},
    {"erlang", "external_size", 2, BifExternalSize2},
    {"erlang", "binary_to_term", 1, BifBinaryToTerm1},
    {"erlang", "binary_to_term", 2, BifBinaryToTerm2},
};

}  // namespace

std::span<const BifEntry> ConvertBifs() {
  return kConvertBifs;
}

}  // namespace ling::vm
