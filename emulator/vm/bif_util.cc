#include "emulator/vm/bif_util.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/utf8.h"

namespace ling::vm {

const BifAtoms& Atoms() {
  static const BifAtoms atoms = [] {
    BifAtoms a;
#define LING_BIF_ATOM_INTERN(name, text) a.name = InternAtom(text);
    LING_BIF_ATOMS(LING_BIF_ATOM_INTERN)
#undef LING_BIF_ATOM_INTERN
    return a;
  }();
  return atoms;
}

absl::StatusOr<double> AsDouble(Term number) {
  return IsFloat(number) ? absl::StatusOr<double>(FloatValue(number)) : IntegerToDouble(number);
}

Term FloatResult(BifContext& ctx, double v) {
  if (!std::isfinite(v)) return ctx.Fail(atoms::kBadarith);
  return ctx.Result(MakeFloat(ctx.memory, v));
}

Term ArgResult(BifContext& ctx, const absl::StatusOr<Term>& built) {
  if (built.ok()) return *built;
  return ctx.Fail(built.status().code() == absl::StatusCode::kResourceExhausted
                      ? atoms::kSystemLimit
                      : atoms::kBadarg);
}

std::optional<bool> IsLatin1Encoding(Term encoding) {
  if (encoding == Atoms().kLatin1) return true;
  if (encoding == Atoms().kUnicode || encoding == atoms::kUtf8) return false;
  return std::nullopt;
}

std::optional<std::span<const uint8_t>> BinaryView(Term t, std::vector<uint8_t>& scratch) {
  if (!IsBinary(t)) return std::nullopt;
  return BitstringBytes(t, scratch);
}

bool AppendIolist(Term t, std::string& out) {
  std::vector<uint8_t> scratch;
  return WalkIolist(
      t, [&](uint8_t b) { out += static_cast<char>(b); },
      [&](Term binary) {
        auto bytes = BinaryView(binary, scratch);
        if (bytes) out.append(reinterpret_cast<const char*>(bytes->data()), bytes->size());
        return bytes.has_value();
      });
}

std::optional<std::u32string> CharList(Term list, char32_t max) {
  std::u32string out;
  for (; IsList(list); list = Tail(list)) {
    Term c = Head(list);
    if (!IsSmall(c) || SmallValue(c) < 0 || SmallValue(c) > max) return std::nullopt;
    out += static_cast<char32_t>(SmallValue(c));
  }
  if (!IsNil(list)) return std::nullopt;
  return out;
}

std::optional<std::string> CharListUtf8(Term list) {
  std::optional<std::u32string> chars = CharList(list, 0x10FFFF);
  if (!chars.has_value()) return std::nullopt;
  std::string out;
  for (char32_t c : *chars)
    AppendUtf8(out, c);
  return out;
}

Term MakeCharList(TermAllocator& heap, std::u32string_view chars, Term tail) {
  if (chars.empty()) return tail;
  uint64_t* cells = heap.Allocate(2 * chars.size());
  for (size_t i = 0; i < chars.size(); ++i) {
    cells[2 * i] = MakeSmall(chars[i]).raw();
    cells[2 * i + 1] = i + 1 < chars.size() ? MakeList(cells + 2 * i + 2).raw() : tail.raw();
  }
  return MakeList(cells);
}

Term MakeStringList(TermAllocator& heap, std::span<const std::string> strings) {
  std::vector<Term> list;
  list.reserve(strings.size());
  for (const std::string& s : strings)
    list.push_back(MakeString(heap, s));
  return MakeList(heap, list);
}

Utf8Char DecodeUtf8Char(std::span<const uint8_t> bytes) {
  uint8_t b = bytes[0];
  if (b < 0x80) return {Utf8Char::kOk, b, 1};
  // 0x80..0xc1 (continuations, overlong 2-byte leads) and 0xf5.. lead nothing.
  size_t length = b < 0xc2 ? 0 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : b < 0xf5 ? 4 : 0;
  if (length == 0) return {Utf8Char::kInvalid};
  char32_t c = b & (0x7f >> length);
  for (size_t k = 1; k < length; ++k) {
    if (k == bytes.size()) return {Utf8Char::kIncomplete};
    if ((bytes[k] & 0xc0) != 0x80) return {Utf8Char::kInvalid};
    c = (c << 6) | (bytes[k] & 0x3f);
    // After the second byte the range is known: reject overlong 3- and
    // 4-byte forms, surrogates and values past U+10FFFF as soon as they show.
    if (k == 1) {
      char32_t top = c << (6 * (length - 2));
      if ((length == 3 && (top < 0x800 || (top >= 0xd800 && top <= 0xdfff))) ||
          (length == 4 && (top < 0x10000 || top > kMaxCodePoint))) {
        return {Utf8Char::kInvalid};
      }
    }
  }
  return {Utf8Char::kOk, c, length};
}

std::optional<std::u32string> DecodeUtf8(std::span<const uint8_t> bytes) {
  std::u32string out;
  while (!bytes.empty()) {
    Utf8Char ch = DecodeUtf8Char(bytes);
    if (ch.kind != Utf8Char::kOk) return std::nullopt;
    out += ch.c;
    bytes = bytes.subspan(ch.length);
  }
  return out;
}

bool Is7Bit(std::span<const uint8_t> bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b < 0x80; });
}

Term ErrnoAtom(int error) {
  // glibc knows every name; Linux gives ENOTSUP and EOPNOTSUPP one value,
  // which erl calls enotsup.
  if (error == ENOTSUP) return InternAtom("enotsup");
  const char* name = strerrorname_np(error);
  if (name == nullptr) return InternAtom("unknown");
  std::string lower(name);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return InternAtom(lower);
}

}  // namespace ling::vm
