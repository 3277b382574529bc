// unicode:characters_to_binary/1,2, unicode:characters_to_list/1,2 and
// unicode:bin_is_7bit/1, as BEAM's erl_unicode.c computes them (OTP 25),
// error and incomplete results included; and what io asks about encodings
// (io:printable_range/0, net_kernel:dflag_unicode_io/1).
//
// The data is chardata: a character (code point), a binary of text in the
// input encoding, or a possibly improper list of those and of chardata
// (a binary tail too). Input encodings latin1, unicode and utf8 are native;
// utf16 and utf32 input goes on in Erlang code, unicode.erl's
// characters_to_list_int/2 and characters_to_binary_int/2, as in BEAM.
//
// Results:
//   Binary (or List)                       all of it converted;
//   {error, Converted, Rest}               a character that is not one, or
//                                          bytes that are not UTF-8: what
//                                          came before, and the data from
//                                          there on, in the input's shape;
//   {incomplete, Converted, RestBinary}    the data ends inside a UTF-8
//                                          sequence.
// A structure that is not chardata at all (an atom in the list, a bitstring
// that is not whole bytes) is badarg.
//
// UTF-8 split across binaries joins up: [<<16#C3>>, <<16#A9>>] is "é".
#include <algorithm>
#include <string>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"

namespace ling::vm {
namespace {

// A UTF-8 sequence's length from its first byte (BEAM's utf8_len); 0 for a
// byte that starts none.
size_t SequenceLength(uint8_t b) {
  if ((b & 0x80) == 0) return 1;
  if ((b & 0xe0) == 0xc0) return 2;
  if ((b & 0xf0) == 0xe0) return 3;
  if ((b & 0xf8) == 0xf0) return 4;
  return 0;
}

bool IsContinuation(uint8_t b) {
  return (b & 0xc0) == 0x80;
}

// Whether the bytes a text ends with (a cut-short sequence) could still
// become a character (BEAM's check_leftovers): incomplete rather than error.
bool CouldComplete(std::span<const uint8_t> s) {
  size_t n = SequenceLength(s[0]), size = s.size();
  if (n == 2) return true;
  if (n == 3) return size < 2 || (size < 3 && IsContinuation(s[1]));
  if (n == 4) {
    return size < 2 || (size < 3 && IsContinuation(s[1])) ||
           (size < 4 && IsContinuation(s[1]) && IsContinuation(s[2]));
  }
  return false;
}

// Whether `t` has the shape of chardata (BEAM's utf8_need): lists of
// integers, binaries and such lists, with a binary or [] as tail. The check
// stops at the first bignum, which the conversion reports as an error.
bool IsChardata(Term t) {
  std::vector<Term> pending{t};  // tails after the lists being walked
  while (!pending.empty()) {
    Term l = pending.back();
    pending.pop_back();
    while (IsList(l)) {
      Term h = Head(l);
      if (IsBignum(h)) return true;
      if (IsList(h)) {
        pending.push_back(Tail(l));
        l = h;
        continue;
      }
      if (!IsSmall(h) && !IsNil(h) && !IsBinary(h)) return false;
      l = Tail(l);
    }
    if (!IsNil(l) && !IsBinary(l)) return false;
  }
  return true;
}

// Converts chardata to UTF-8 in `out` (BEAM's do_build_utf8). Build returns
// [] when all went, else (error()) the rest of the data from the failing
// point on.
class Utf8Builder {
 public:
  Utf8Builder(BifContext& ctx, bool latin1) : ctx_(ctx), latin1_(latin1) {}

  Term Build(Term data) {
    if (IsNil(data)) return data;
    if (IsBinary(data)) return Binary(data);
    std::vector<Term> pending{data};
    Term rest = kNil;
    while (!pending.empty() && !error_) {
      rest = pending.back();
      pending.pop_back();
      while (IsList(rest) && !error_) {
        Term h = Head(rest);
        if (IsSmall(h)) {
          if (leftover_.size() > 0 || !Char(SmallValue(h))) {
            error_ = true;
            break;  // the rest starts at this character
          }
          rest = Tail(rest);
        } else if (IsNil(h)) {
          rest = Tail(rest);
        } else if (IsList(h)) {
          pending.push_back(Tail(rest));
          rest = h;
        } else if (IsBinary(h)) {
          Term bad = Binary(h);
          if (error_) {
            rest = MakeCons(ctx_.memory, bad, Tail(rest));
            break;
          }
          rest = Tail(rest);
        } else {
          error_ = true;  // a bignum
        }
      }
      if (error_ || IsNil(rest)) continue;
      if (IsBinary(rest)) {  // an improper binary tail
        rest = Binary(rest);
      } else if (!IsList(rest)) {
        error_ = true;
      }
    }
    // The tails still pending follow the rest, each level's after its own.
    while (!pending.empty()) {
      rest = MakeCons(ctx_.memory, rest, pending.back());
      pending.pop_back();
    }
    return error_ ? rest : Term(kNil);
  }

  bool error() const { return error_; }
  const std::string& out() const { return out_; }
  // The bytes of a sequence cut short by the end of a binary, waiting for
  // the next one.
  const std::string& leftover() const { return leftover_; }

 private:
  bool Char(int64_t c) {
    if (c < 0 || (latin1_ && c > 0xff) || !IsCodePoint(c)) return false;
    AppendUtf8(out_, static_cast<char32_t>(c));
    return true;
  }

  // A binary's bytes: [] when all went, else the binary from the bad
  // sequence on.
  Term Binary(Term bin) {
    std::vector<uint8_t> scratch;
    std::span<const uint8_t> bytes = *BinaryView(bin, scratch);
    if (latin1_) {
      for (uint8_t b : bytes)
        AppendUtf8(out_, b);
      return kNil;
    }
    size_t i = 0;
    if (!leftover_.empty()) {  // complete the sequence the last binary began
      size_t missing = SequenceLength(leftover_[0]) - leftover_.size();
      if (bytes.size() < missing) {
        leftover_.append(bytes.begin(), bytes.end());
        return kNil;
      }
      std::string whole = leftover_ + std::string(bytes.begin(), bytes.begin() + missing);
      if (DecodeUtf8Char(Bytes(whole)).kind != Utf8Char::kOk) return Bad(bin, 0);
      out_ += whole;
      leftover_.clear();
      i = missing;
    }
    while (i < bytes.size()) {
      size_t n = SequenceLength(bytes[i]);
      if (n == 0) return Bad(bin, i);
      if (bytes.size() - i < n) {
        leftover_.assign(bytes.begin() + i, bytes.end());
        break;
      }
      if (DecodeUtf8Char(bytes.subspan(i, n)).kind != Utf8Char::kOk) return Bad(bin, i);
      out_.append(bytes.begin() + i, bytes.begin() + i + n);
      i += n;
    }
    return kNil;
  }

  Term Bad(Term bin, size_t at) {
    error_ = true;
    return MakeSubBitstring(ctx_.memory, bin, at * 8, BitSize(bin) - at * 8);
  }

  BifContext& ctx_;
  bool latin1_;
  bool error_ = false;
  std::string out_;
  std::string leftover_;
};

bool IsOtherEncoding(Term e) {
  if (e == atoms::kUtf16 || e == atoms::kUtf32) return true;
  return IsTuple(e) && TupleArity(e) == 2 &&
         (TupleElement(e, 0) == atoms::kUtf16 || TupleElement(e, 0) == atoms::kUtf32) &&
         (TupleElement(e, 1) == atoms::kBig || TupleElement(e, 1) == atoms::kLittle);
}

// The encoding argument: whether it is latin1; nullopt after failing
// (badarg) or trapping to `erlang_fallback` (the encodings BEAM converts in
// Erlang).
std::optional<bool> Encoding(BifContext& ctx, Term data, Term encoding, Term erlang_fallback) {
  std::optional<bool> latin1 = IsLatin1Encoding(encoding);
  if (latin1) return latin1;
  if (IsOtherEncoding(encoding)) {
    ctx.TrapTo(Atoms().kUnicode, erlang_fallback, {data, encoding});
  } else {
    ctx.Fail(atoms::kBadarg);
  }
  return std::nullopt;
}

// The result of a conversion, `converted` being the output so far as a
// binary or a list: that, or the error or incomplete tuple.
Term Outcome(BifContext& ctx, const Utf8Builder& b, Term rest, Term converted) {
  const std::string& leftover = b.leftover();
  if (b.error()) {
    if (!leftover.empty()) {
      Term pair[] = {MakeBinary(ctx.memory, leftover), rest};
      rest = MakeList(ctx.memory, pair);
    }
    return MakeTuple(ctx.memory, {atoms::kError, converted, rest});
  }
  if (!leftover.empty()) {
    Term tag = CouldComplete(Bytes(leftover)) ? Atoms().kIncomplete : atoms::kError;
    return MakeTuple(ctx.memory, {tag, converted, MakeBinary(ctx.memory, leftover)});
  }
  return converted;
}

Term Utf8ToList(BifContext& ctx, std::string_view utf8) {
  return MakeCharList(ctx.memory, *DecodeUtf8(Bytes(utf8)));
}

Term CharactersToBinary(BifContext& ctx, Term data, Term encoding) {
  static const Term kFallback = InternAtom("characters_to_binary_int");
  std::optional<bool> latin1 = Encoding(ctx, data, encoding, kFallback);
  if (!latin1) return kNonValue;
  // [Binary] is taken as Binary (which changes the shape of a rest).
  if (IsList(data) && IsBinary(Head(data)) && IsNil(Tail(data))) data = Head(data);
  if (!IsChardata(data)) return ctx.Fail(atoms::kBadarg);
  if (IsBinary(data)) {  // already what it would become: itself
    std::vector<uint8_t> scratch;
    std::span<const uint8_t> bytes = *BinaryView(data, scratch);
    bool same = *latin1 ? Is7Bit(bytes) : DecodeUtf8(bytes).has_value();
    if (same) return data;
  }
  Utf8Builder b(ctx, *latin1);
  Term rest = b.Build(data);
  return Outcome(ctx, b, rest, MakeBinary(ctx.memory, b.out()));
}

// characters_to_list of a UTF-8 binary: BEAM reads it in place, and tells
// an incomplete end before checking the bytes it has.
Term Utf8BinaryToList(BifContext& ctx, Term bin) {
  std::vector<uint8_t> scratch;
  std::span<const uint8_t> bytes = *BinaryView(bin, scratch);
  std::u32string chars;
  size_t i = 0;
  Term tag = kNonValue;
  while (i < bytes.size()) {
    size_t n = SequenceLength(bytes[i]);
    if (n != 0 && bytes.size() - i < n) {
      tag = CouldComplete(bytes.subspan(i)) ? Atoms().kIncomplete : atoms::kError;
      break;
    }
    Utf8Char c = n == 0 ? Utf8Char{Utf8Char::kInvalid} : DecodeUtf8Char(bytes.subspan(i, n));
    if (c.kind != Utf8Char::kOk) {
      tag = atoms::kError;
      break;
    }
    chars += c.c;
    i += n;
  }
  Term list = MakeCharList(ctx.memory, chars);
  if (tag == kNonValue) return list;
  Term rest = MakeSubBitstring(ctx.memory, bin, i * 8, BitSize(bin) - i * 8);
  return MakeTuple(ctx.memory, {tag, list, rest});
}

Term CharactersToList(BifContext& ctx, Term data, Term encoding) {
  static const Term kFallback = InternAtom("characters_to_list_int");
  std::optional<bool> latin1 = Encoding(ctx, data, encoding, kFallback);
  if (!latin1) return kNonValue;
  if (IsBinary(data) && !*latin1) return Utf8BinaryToList(ctx, data);
  if (!IsChardata(data)) return ctx.Fail(atoms::kBadarg);
  Utf8Builder b(ctx, *latin1);
  Term rest = b.Build(data);
  return Outcome(ctx, b, rest, Utf8ToList(ctx, b.out()));
}

Term BifCharactersToBinary1(BifContext& ctx, const Term* args) {
  return CharactersToBinary(ctx, args[0], Atoms().kUnicode);
}
Term BifCharactersToBinary2(BifContext& ctx, const Term* args) {
  return CharactersToBinary(ctx, args[0], args[1]);
}
Term BifCharactersToList1(BifContext& ctx, const Term* args) {
  return CharactersToList(ctx, args[0], Atoms().kUnicode);
}
Term BifCharactersToList2(BifContext& ctx, const Term* args) {
  return CharactersToList(ctx, args[0], args[1]);
}

// bin_is_7bit(Term): a binary of bytes below 128; false for anything else.
Term BifBinIs7bit(BifContext&, const Term* args) {
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(args[0], scratch);
  return Bool(bytes && Is7Bit(*bytes));
}

// io:printable_range/0: what io_lib takes as printable, latin1 unless erl
// was started with +pc unicode.
Term BifPrintableRange(BifContext&, const Term*) {
  return Atoms().kLatin1;
}

// net_kernel:dflag_unicode_io(Pid): whether the node of an io server takes
// unicode: this one does (there are no others yet).
Term BifDflagUnicodeIo(BifContext& ctx, const Term* args) {
  return IsPid(args[0]) ? atoms::kTrue : ctx.Fail(atoms::kBadarg);
}

constexpr BifEntry kUnicodeBifs[] = {
    {"unicode", "characters_to_binary", 1, BifCharactersToBinary1},
    {"unicode", "characters_to_binary", 2, BifCharactersToBinary2},
    {"unicode", "characters_to_list", 1, BifCharactersToList1},
    {"unicode", "characters_to_list", 2, BifCharactersToList2},
    {"unicode", "bin_is_7bit", 1, BifBinIs7bit},
    {"io", "printable_range", 0, BifPrintableRange},
    {"net_kernel", "dflag_unicode_io", 1, BifDflagUnicodeIo},
};

}  // namespace

std::span<const BifEntry> UnicodeBifs() {
  return kUnicodeBifs;
}

}  // namespace ling::vm
